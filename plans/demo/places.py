"""The 2025 plan's postgraduate target as 55 places for 55 people (pure Python, no database; the loader writes them
through `courses.places`).

The places start in 2025 on fixed days, so their progress follows the load day: a place whose study ended before it
is graduated (or was extended, when its extension runs past it), the rest are studying. Two people dropped out in
2025 and owe the whole cost (one has paid it, one pays in instalments); one reports leaving soon with an open
commitment; one master's degree whose end passed without a result recorded stays on the alerts. Everyone is under
45 on their first day (Nghị định 171/2025/NĐ-CP: sent to postgraduate study for the first time at 45 at most).
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from courses import eligibility
from courses.models import ProposalKind
from courses.place_models import PlaceLevel, PlaceStatus, StudyMode

from .people import DEFAULT_FIELD, FIELDS, TraineeData, job_field  # noqa: F401 (the fields, where they were)

D = datetime.date
SEED = 20250115
PLACES_2025 = 55
MAX_AGE_AT_START = 45

# Cohorts: (start, months of a master's degree); a doctorate runs 36 months from the same start.
COHORTS = ((D(2025, 3, 3), 18), (D(2025, 9, 8), 24), (D(2025, 10, 6), 24))
MASTERS_COST = (Decimal(62_000_000), Decimal(68_000_000), Decimal(75_000_000))
DOCTORATE_COST = Decimal(180_000_000)


@dataclass(frozen=True)
class CaseData:
    reason: str
    on: datetime.date
    instalments: int
    payments: tuple[tuple[datetime.date, Decimal], ...]


@dataclass
class PlaceData:
    personal_id: str
    level: str
    mode: str
    institution: str
    field_of_study: str
    start: datetime.date
    expected_end: datetime.date
    funded_amount: Decimal
    extended_to: datetime.date | None = None
    dropped_on: datetime.date | None = None
    unrecorded_result: bool = False  # the study ended but its result was not reported yet
    leaving_in_days: int | None = None  # reports leaving this many days after the load day
    case: CaseData | None = None

    def status_on(self, today: datetime.date) -> str:
        """What the dates say on `today`: dropped out, graduated, extended or still enrolled."""
        if self.dropped_on is not None:
            return PlaceStatus.DROPPED_OUT
        if self.expected_end >= today or self.unrecorded_result:
            return PlaceStatus.ENROLLED
        if self.extended_to is not None and self.extended_to >= today:
            return PlaceStatus.EXTENDED
        return PlaceStatus.GRADUATED

    @property
    def graduated_on(self) -> datetime.date:
        return self.extended_to or self.expected_end

    @property
    def degree(self) -> str:
        prefix = "Tiến sĩ" if self.level == PlaceLevel.DOCTORATE else "Thạc sĩ"
        return f"{prefix} {self.field_of_study}"


def _field(trainee: TraineeData, agency_name: str) -> tuple[str, str]:
    return job_field(agency_name, trainee.position)


def _eligible(trainee: TraineeData, agency_name: str, rules: dict) -> bool:
    """Whether the person meets the postgraduate rules in force (`courses.eligibility`) at every cohort's start, for
    the field matching their job: the demo proposes nobody the rules refuse."""
    facts = eligibility.Facts(
        trainee.date_of_birth,
        trainee.gender,
        trainee.service_start_date,
        trainee.language_level,
        trainee.leadership_level,
        trainee.study_fields,
    )
    field = _field(trainee, agency_name)[1]
    return not any(
        eligibility.rule_problems(
            facts,
            eligibility.Proposal(kind=ProposalKind.POSTGRADUATE, start=start, field_of_study=field),
            rules.get(ProposalKind.POSTGRADUATE, ()),
            dict(trainee.ratings),
        )
        for start, _months in COHORTS
    )


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def plan_places(
    trainees: list[TraineeData], agency_names: dict[str, str], rules: dict | None = None
) -> list[PlaceData]:
    """The 55 places of the 2025 plan, drawn from the trainees of departments and districts (not communes) who meet
    the rules of eligibility in force (`rules`: `courses.eligibility.active_rules()`)."""
    rng = random.Random(SEED)
    latest_start = max(start for start, _months in COHORTS)
    pool = [
        t
        for t in trainees
        if t.profile in ("civil", "leader")
        and _age_on(t.date_of_birth, latest_start) < MAX_AGE_AT_START
        and _age_on(t.date_of_birth, D(2025, 1, 1)) >= 25
        and _eligible(t, agency_names[t.agency], rules or {})
    ]
    chosen = rng.sample(pool, PLACES_2025)
    places = []
    for index, trainee in enumerate(sorted(chosen, key=lambda t: t.personal_id)):
        start, months = COHORTS[index % len(COHORTS)]
        institution, field = _field(trainee, agency_names[trainee.agency])
        level, mode = PlaceLevel.MASTER, StudyMode.PART_TIME
        cost = MASTERS_COST[index % len(MASTERS_COST)]
        if index % 11 == 5:  # five doctorates, full-time
            level, mode, months, cost = PlaceLevel.DOCTORATE, StudyMode.FULL_TIME, 36, DOCTORATE_COST
        end = _add_months(start, months) - datetime.timedelta(days=1)
        places.append(PlaceData(trainee.personal_id, level, mode, institution, field, start, end, cost))
    # The first cohort's people: two extended by six months, one whose result is not recorded yet.
    first = [p for p in places if p.start == COHORTS[0][0] and p.level == PlaceLevel.MASTER]
    for place in first[:2]:
        place.extended_to = _add_months(place.expected_end, 6)
    first[2].unrecorded_result = True
    # Two dropped out in 2025: one has paid the whole cost, the other pays in four instalments.
    later = [p for p in places if p.start == COHORTS[1][0] and p.level == PlaceLevel.MASTER]
    settled, owing = later[0], later[1]
    settled.dropped_on = D(2025, 11, 14)
    settled.case = CaseData("left_during_study", settled.dropped_on, 1, ((D(2025, 12, 19), settled.funded_amount),))
    owing.dropped_on = D(2025, 12, 1)
    owing.case = CaseData("left_during_study", owing.dropped_on, 4, ((D(2025, 12, 26), owing.funded_amount / 4),))
    later[2].leaving_in_days = 20  # the agency reports they move to a company: an open commitment
    return places


def _add_months(day: datetime.date, months: int) -> datetime.date:
    total = day.month - 1 + months
    return day.replace(year=day.year + total // 12, month=total % 12 + 1)
