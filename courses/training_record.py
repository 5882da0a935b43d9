"""A person's training record (quá trình đào tạo, bồi dưỡng) as the record page, its Excel and its PDF read it.

Every class the person sat (attended, completed, did not complete) and every training outside the plan (whatever
its status), by the year it ended, each with what it counts for. What counts, and for how many periods, is never
decided here: it is read from `courses.records` (`counted_nominations`, `counted_outside_training`), the one
definition the "who is behind" lists use too; a line those querysets leave out is shown as not counted.

Three queries whatever the length of the record (`training_record`), on top of the person's; a fourth for the
exceptions to the rules of eligibility staff decided for the person, only when they have any (the person's query
asks whether they do: `record_trainees`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from courses.models import (
    EligibilityOverride,
    Nomination,
    NominationStatus,
    OutsideTraining,
    PositionChange,
    Trainee,
)
from courses.records import counted_nominations, counted_outside_training

# The classes that appear on a record: those the person sat. Nominated, approved, waiting, rejected or withdrawn
# nominations are not training done.
SAT_STATUSES = (NominationStatus.ATTENDED, NominationStatus.COMPLETED, NominationStatus.FAILED)

CLASS_LINE, OUTSIDE_LINE = "class", "outside"


@dataclass
class RecordLine:
    """One class or training outside the plan on a person's record."""

    kind: str  # CLASS_LINE or OUTSIDE_LINE
    year: int
    title: str
    code: str
    organiser: str
    start_date: datetime.date
    end_date: datetime.date
    periods: int | None  # its length
    status: str  # the nomination's or the record's status, as words
    result: str
    certificate: str
    counted_periods: int | None  # None: does not count
    note: str = ""  # e.g. why staff did not accept it
    source: object = None  # the Nomination or OutsideTraining

    @property
    def counts(self) -> bool:
        return self.counted_periods is not None

    @property
    def is_outside(self) -> bool:
        return self.kind == OUTSIDE_LINE


@dataclass
class RecordYear:
    year: int
    lines: list[RecordLine] = field(default_factory=list)

    @property
    def counted_periods(self) -> int:
        return sum(line.counted_periods or 0 for line in self.lines)

    @property
    def not_counted(self) -> list[RecordLine]:
        return [line for line in self.lines if not line.counts]


@dataclass
class TrainingRecord:
    trainee: Trainee
    years: list[RecordYear]  # latest first
    positions: list[PositionChange]  # latest first
    exceptions: list[EligibilityOverride] = field(default_factory=list)  # staff's exceptions, latest first

    @property
    def lines(self) -> list[RecordLine]:
        return [line for year in self.years for line in year.lines]

    @property
    def counted_periods(self) -> int:
        return sum(year.counted_periods for year in self.years)

    def totals(self) -> dict[int, int]:
        """{year: periods counted}, the figures of `courses.records.periods_by_year` for this person."""
        return {year.year: year.counted_periods for year in self.years if year.counted_periods}


def _result_text(nomination: Nomination) -> tuple[str, str]:
    result = getattr(nomination, "result", None)
    if result is None:
        return "", ""
    parts = []
    if result.score is not None:
        parts.append(f"{result.score:.2f}".rstrip("0").rstrip(".").replace(".", ","))
    if result.grade:
        parts.append(str(result.get_grade_display()))
    certificate = ""
    if result.certificate_number:
        certificate = _("%(kind)s no. %(number)s") % {
            "kind": result.get_certificate_kind_display(),
            "number": result.certificate_number,
        }
    elif result.certificate_kind:
        certificate = str(result.get_certificate_kind_display())
    return " – ".join(parts), certificate


def _organiser(training_class) -> str:
    names = []
    if training_class.organiser is not None:
        names.append(training_class.organiser.name)
    if training_class.provider is not None:
        names.append(str(training_class.provider))
    return "; ".join(names)


def record_trainees():
    """The people whose record is read, with what the record's heading shows, and whether staff ever lifted a rule
    of eligibility for them (so that a record without exceptions reads none)."""
    return Trainee.objects.select_related("agency", "agency__parent", "rank").annotate(
        has_exceptions=Exists(EligibilityOverride.objects.filter(trainee=OuterRef("pk")))
    )


def record_exceptions(trainee: Trainee) -> list[EligibilityOverride]:
    """The exceptions to the rules of eligibility staff decided for the person (what, for which class or kind of
    training, why, who and when), latest first. No query when the person's row says there are none."""
    if not getattr(trainee, "has_exceptions", True):
        return []
    return list(
        EligibilityOverride.objects.filter(trainee=trainee)
        .select_related("training_class", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def training_record(trainee: Trainee) -> TrainingRecord:
    """The person's record: three queries (classes, outside training, positions), whatever the number of lines."""
    # Each line carries what records.py counts it for (NULL: it does not count), read in the same query.
    counted_class = counted_nominations([trainee.pk]).filter(pk=OuterRef("pk")).values("counted_periods")[:1]
    counted_training = counted_outside_training([trainee.pk]).filter(pk=OuterRef("pk")).values("periods")[:1]
    nominations = list(
        Nomination.objects.filter(trainee=trainee, status__in=SAT_STATUSES)
        .select_related("training_class__course", "training_class__organiser", "training_class__provider", "result")
        .annotate(counted=Subquery(counted_class, output_field=IntegerField()))
        .order_by("-training_class__end_date", "-training_class__start_date", "pk")
    )
    outside = list(
        OutsideTraining.objects.filter(trainee=trainee)
        .annotate(counted=Subquery(counted_training, output_field=IntegerField()))
        .order_by("-end_date", "-start_date", "pk")
    )
    positions = list(
        PositionChange.objects.filter(trainee=trainee).select_related("rank", "agency").order_by("-date", "-pk")
    )

    lines = []
    for nomination in nominations:
        training_class = nomination.training_class
        result, certificate = _result_text(nomination)
        lines.append(
            RecordLine(
                kind=CLASS_LINE,
                year=training_class.end_date.year,
                title=training_class.title,
                code=training_class.code,
                organiser=_organiser(training_class),
                start_date=training_class.start_date,
                end_date=training_class.end_date,
                periods=training_class.length_in_periods,
                status=str(nomination.get_status_display()),
                result=result,
                certificate=certificate,
                counted_periods=nomination.counted,
                source=nomination,
            )
        )
    for record in outside:
        lines.append(
            RecordLine(
                kind=OUTSIDE_LINE,
                year=record.end_date.year,
                title=record.title,
                code="",
                organiser=record.organiser,
                start_date=record.start_date,
                end_date=record.end_date,
                periods=record.periods,
                status=str(record.get_status_display()),
                result=record.result,
                certificate=record.certificate,
                counted_periods=record.counted,
                note=record.staff_note,
                source=record,
            )
        )
    by_year: dict[int, RecordYear] = {}
    for line in sorted(lines, key=lambda line: (line.end_date, line.start_date), reverse=True):
        by_year.setdefault(line.year, RecordYear(line.year)).lines.append(line)
    years = [by_year[year] for year in sorted(by_year, reverse=True)]
    return TrainingRecord(trainee=trainee, years=years, positions=positions, exceptions=record_exceptions(trainee))
