"""Candidates for an overseas class, per agency, ranked as the province's overseas scheme selects them.

The scheme (the province's Đề án, on the model of Hanoi's 19-ĐA/TU in the seeds) sends leaders and managers first,
then young, capable staff, and asks for foreign-language readiness. So, within one agency's staff: people the rules
of eligibility let go come first; then by leadership level, foreign-language level and youth. Each person carries
the reasons that keep them out, in the words of `courses.refusals`, as the portal's list of candidates does.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Value, When

from courses import eligibility
from courses.models import ACTIVE_NOMINATION_STATUSES, Nomination, Trainee, TrainingClass
from courses.refusals import Problem
from plans.models import Agency


@dataclass
class RankedCandidate:
    """A member of an agency's staff, their place in the ranking and what keeps them out of the class."""

    rank: int
    trainee: Trainee
    age: int
    problems: list[Problem]
    nomination: Nomination | None
    excepted: list[str] = field(default_factory=list)  # the rules staff lifted for this person, that they needed

    @property
    def reasons(self) -> list[str]:
        return [problem.message for problem in self.problems]

    @property
    def nominated(self) -> bool:
        return self.nomination is not None and self.nomination.status in ACTIVE_NOMINATION_STATUSES

    @property
    def can_select(self) -> bool:
        return not self.problems and not self.nominated


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


LEADERSHIP_RANK = Case(
    *(When(leadership_level=level, then=Value(order)) for level, order in eligibility.LEADERSHIP_ORDER.items()),
    default=Value(0),
    output_field=IntegerField(),
)


def ranked_candidates(training_class: TrainingClass, agency: Agency, *, limit: int = 100) -> list[RankedCandidate]:
    """The agency's staff ranked for the class (at most `limit`): nine queries whatever their number."""
    trainees = list(
        Trainee.objects.filter(agency=agency)
        .select_related("rank", "target_group", "agency__target_group")
        .annotate(leadership_rank=LEADERSHIP_RANK)
        .order_by(
            F("leadership_rank").desc(),
            F("language_level").desc(nulls_last=True),
            F("date_of_birth").desc(),
            "full_name",
        )[:limit]
    )
    ids = [t.pk for t in trainees]
    nominations = {n.trainee_id: n for n in Nomination.objects.filter(training_class=training_class, trainee__in=ids)}
    groups = set(training_class.target_groups.values_list("pk", flat=True))
    ranks = set(training_class.eligible_ranks.values_list("pk", flat=True))
    proposal = eligibility.class_proposals([training_class.pk])[training_class.pk]
    context = eligibility.load(ids, kinds={proposal.kind})
    found = []
    for trainee in trainees:
        group = trainee.target_group_id or trainee.agency.target_group_id
        excepted: list[str] = []
        problems = eligibility.problems(
            trainee_id=trainee.pk,
            facts=eligibility.Facts.of(trainee),
            proposal=proposal,
            context=context,
            group_id=group,
            rank_id=trainee.rank_id,
            class_groups=groups,
            class_ranks=ranks,
            excepted=excepted,
        )
        found.append((trainee, problems, excepted))
    # Those who may go first; the database's order (leaders, language, youth) within each part.
    found.sort(key=lambda row: bool(row[1]))
    return [
        RankedCandidate(
            rank=index,
            trainee=trainee,
            age=age_on(trainee.date_of_birth, proposal.start),
            problems=problems,
            nomination=nominations.get(trainee.pk),
            excepted=excepted,
        )
        for index, (trainee, problems, excepted) in enumerate(found, start=1)
    ]
