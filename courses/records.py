"""What counts on a person's training record: the one definition that the record page, its exports and the
"who is behind" lists all use, so that a person's yearly total reads the same everywhere.

- A class counts once its nomination is **completed**, for the class's periods (its own, else its course's, else the
  course's days at PERIODS_PER_DAY), in the year the class **ended**.
- Training outside the plan counts once staff have **verified** it, for its periods, in the year it ended.
Attended, failed, withdrawn or unverified training is shown on the record but counts for nothing.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import F, IntegerField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from courses.models import Nomination, NominationStatus, OutsideTraining, OutsideTrainingStatus, Trainee


def class_periods_expression():
    """The periods a completed nomination counts for, as one SQL expression (see `TrainingClass.length_in_periods`:
    the class's own periods, else its course's, else the course's days converted; 0 when nothing is known)."""
    return Coalesce(
        "training_class__periods",
        "training_class__course__periods",
        F("training_class__course__duration_days") * Value(settings.PERIODS_PER_DAY),
        Value(0),
        output_field=IntegerField(),
    )


def counted_nominations(trainees: QuerySet[Trainee] | Iterable[int]) -> QuerySet[Nomination]:
    """The completed nominations of these people, each annotated with `counted_periods` and `year`."""
    return Nomination.objects.filter(trainee__in=trainees, status=NominationStatus.COMPLETED).annotate(
        counted_periods=class_periods_expression(), year=ExtractYear("training_class__end_date")
    )


def counted_outside_training(trainees: QuerySet[Trainee] | Iterable[int]) -> QuerySet[OutsideTraining]:
    """The verified training outside the plan of these people, each annotated with `year`."""
    return OutsideTraining.objects.filter(trainee__in=trainees, status=OutsideTrainingStatus.VERIFIED).annotate(
        year=ExtractYear("end_date")
    )


def periods_by_year(
    trainees: QuerySet[Trainee] | Iterable[int], years: Iterable[int] | None = None
) -> dict[tuple[int, int], int]:
    """{(trainee id, year): periods counted} for these people, in two aggregate queries whatever their number;
    only the given years when `years` is given. A person and year with nothing counted is absent (read it as 0)."""
    totals: dict[tuple[int, int], int] = defaultdict(int)
    year_list = None if years is None else list(years)
    for queryset, periods in (
        (counted_nominations(trainees), "counted_periods"),
        (counted_outside_training(trainees), "periods"),
    ):
        if year_list is not None:
            queryset = queryset.filter(year__in=year_list)
        rows = queryset.order_by().values("trainee_id", "year").annotate(total=Sum(periods))
        for row in rows:
            totals[(row["trainee_id"], row["year"])] += row["total"] or 0
    return dict(totals)
