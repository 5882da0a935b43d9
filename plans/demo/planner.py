"""The planner: classes with their seat allotments and nominations, drawn from `random.Random(SEED)`.

Pure Python, no database: the loader writes what it plans. The order of the draws is the data, so the
same seed always gives the same trainees, classes, allotments and nominations.
"""

import datetime
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from courses import eligibility
from courses.models import ClassMode, ClassStatus, NominationStatus, ProposalKind, status_by_dates
from plans.models import AgencyKind

from .agencies import AGENCIES, AGENCY_BY_CODE, ROOT, SNV, TCT, AgencyData, successor_on
from .catalogue import COURSE_BY_CODE
from .people import TraineeData, build_trainees
from .plans import PLAN_2025
from .reference import CAT_D, CAT_OVERSEAS, CAT_POSTGRAD, CLASS_LETTERS
from .schedule import (
    AGENCIES_PER_CLASS,
    CTMTQG_DISTRICTS,
    CURRENT_CLASSES,
    FOCAL_POINT_AGENCIES,
    FOCAL_POINT_AGENCY,
    LAST_YEAR_CLASSES,
    NOMINATIONS_PER_CLASS,
    NOMINATIONS_PER_CLASS_RECENT,
    SERIES_2025,
)

D = datetime.date
SEED = 20250101


# How a nomination ends: the status it reaches, and the reason when it is refused.
REJECT_REASONS = (
    "Không đúng đối tượng của lớp bồi dưỡng.",
    "Đã hoàn thành chương trình bồi dưỡng này trong 03 năm gần đây.",
    "Chưa đáp ứng tiêu chuẩn, điều kiện cử đi bồi dưỡng theo quy định.",
)
WITHDRAW_REASONS = (
    "Cơ quan cử đi công tác đột xuất, không bố trí được thời gian tham gia lớp học.",
    "Nghỉ chế độ thai sản.",
    "Lý do sức khỏe.",
    "Được điều động, luân chuyển sang cơ quan khác.",
)


@dataclass(frozen=True)
class NominationData:
    personal_id: str
    status: str
    reason: str = ""
    nominated_at: datetime.datetime | None = None
    decided_at: datetime.datetime | None = None


@dataclass
class ClassData:
    code: str
    title: str
    course: str
    plan_year: int
    category: str
    organiser: str | None
    provider: str | None
    mode: str
    location: str
    country: str
    start_date: datetime.date
    end_date: datetime.date
    registration_opens: datetime.date
    registration_closes: datetime.date
    seats: int
    funding_source: str
    budget_estimate: Decimal
    target_groups: tuple[str, ...]
    content_areas: tuple[str, ...]
    status: str
    allotments: list[tuple[str, int]] = field(default_factory=list)
    nominations: list[NominationData] = field(default_factory=list)
    # The agency that planned the class, when a merger handed it to `organiser` before it ran, and the day of that.
    planned_organiser: str | None = None
    organiser_since: datetime.date | None = None


def split_total(total: int, count: int, rng: random.Random, *, minimum: int, step: int = 5) -> list[int]:
    """`count` plausible class sizes that add up to exactly `total`, none below `minimum`."""
    if count * minimum > total:
        raise ValueError(f"{count} classes of at least {minimum} seats do not fit in {total} seats.")
    average = total / count
    sizes = [max(minimum, round(average * rng.uniform(0.65, 1.35) / step) * step) for _ in range(count)]
    difference = total - sum(sizes)
    while difference:
        index = rng.randrange(count)
        delta = min(step, abs(difference)) * (1 if difference > 0 else -1)
        if sizes[index] + delta >= minimum:
            sizes[index] += delta
            difference -= delta
    return sizes


def split_by_weights(total: int, weights: list[float]) -> list[int]:
    """Split `total` seats in proportion to `weights` (largest remainder), each share at least 1."""
    shares = [1] * len(weights)
    rest = total - len(weights)
    raw = [rest * weight / sum(weights) for weight in weights]
    for index, value in enumerate(raw):
        shares[index] += int(value)
    leftover = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for index in by_remainder[:leftover]:
        shares[index] += 1
    return shares


def _monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(7, 16), rng.choice((0, 15, 30, 45))))
    return timezone.make_aware(moment)


class Planner:
    """Turns the data above into classes with allotments and nominations; pure Python, no database."""

    def __init__(self, seed: int = SEED, today: datetime.date | None = None, rules: dict | None = None):
        """`today`: the day the demo is loaded for (default the local date); the recent plans are built around
        it (see `schedule`), and it must be in 2026 or later (the seed's plan is 2025's). `rules`: the rules of
        eligibility in force (`courses.eligibility.active_rules()`), which every nominee must meet; nobody holds
        seats in two classes whose dates overlap."""
        self.today = today or timezone.localdate()
        if self.today.year <= PLAN_2025.year:
            raise ValueError(f"The demo's current plan must come after the seed's 2025 plan, not on {self.today}.")
        self.rng = random.Random(seed)
        self.trainees = build_trainees(self.rng, last_rated_year=self.today.year - 1)
        self.rules = rules or {}
        self.busy: dict[str, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)  # personal_id -> dates
        self.trainees_by_agency: dict[str, list[TraineeData]] = defaultdict(list)
        for trainee in self.trainees:
            self.trainees_by_agency[trainee.agency].append(trainee)
        self.courses_taken: set[tuple[str, str]] = set()  # (personal_id, course)
        self.course_numbers: Counter = Counter()  # (year, course) -> classes so far, for "lớp 02 năm 2025"

    # -- who gets seats ------------------------------------------------------------------------

    def pool(self, kind: str, day: datetime.date, organiser: str | None) -> list[AgencyData]:
        valid = [agency for agency in AGENCIES if agency.is_valid_on(day) and agency.code != ROOT]
        if kind == "district":
            return [a for a in valid if a.code == organiser or a.parent == organiser]
        if kind == "leaders":
            kinds = {AgencyKind.PARTY, AgencyKind.DEPARTMENT, AgencyKind.PEOPLES_COMMITTEE}
        elif kind == "all":
            kinds = set(AgencyKind.values) - {AgencyKind.OTHER}
        else:
            kinds = set(AgencyKind.values) - {AgencyKind.OTHER, AgencyKind.COMMUNE}
        return [agency for agency in valid if agency.kind in kinds]

    def allot(
        self, klass: ClassData, pool_kind: str, *, always: tuple[str, ...] = (), forced: tuple[str, ...] = (),
        count: int = 0,
    ) -> None:  # fmt: skip
        """Seats for a few agencies of the pool; `always` among them when they exist on the start day,
        `forced` in any case (the demo's focal points in the classes open now)."""
        rng = self.rng
        pool = self.pool(pool_kind, klass.start_date, klass.organiser)
        if pool_kind == "district":
            chosen = pool
        else:
            count = min(len(pool), klass.seats, count or rng.randint(*AGENCIES_PER_CLASS))
            chosen = rng.sample(pool, count)
            for code in always:
                if code not in {a.code for a in chosen} and AGENCY_BY_CODE[code].is_valid_on(klass.start_date):
                    chosen[-1] = AGENCY_BY_CODE[code]
            for code in forced:
                if code not in {a.code for a in chosen}:
                    chosen.append(AGENCY_BY_CODE[code])
        chosen.sort(key=lambda a: a.code)
        total = klass.seats if rng.random() < 0.82 else round(klass.seats * rng.uniform(0.8, 0.95))
        weights = [math.sqrt(max(agency.headcount, 1)) * rng.uniform(0.6, 1.4) for agency in chosen]
        if pool_kind == "district":  # the communes get a few seats each, the district the rest
            weights = [
                w * (6 if agency.kind == AgencyKind.PEOPLES_COMMITTEE else 1)
                for w, agency in zip(weights, chosen, strict=True)
            ]
        klass.allotments = list(zip((a.code for a in chosen), split_by_weights(total, weights), strict=True))

    # -- who is sent ---------------------------------------------------------------------------

    def nominate(self, klass: ClassData, statuses, *, per_class: tuple[int, int] | None = None) -> None:
        rng = self.rng
        course = COURSE_BY_CODE[klass.course]
        wanted = rng.randint(*(per_class or NOMINATIONS_PER_CLASS[klass.category]))
        candidates = [
            trainee
            for agency, _seats in klass.allotments
            for trainee in self.trainees_by_agency[agency]
            if trainee.profile in course.eligible and (trainee.personal_id, course.code) not in self.courses_taken
        ]
        rng.shuffle(candidates)
        if klass.category == CAT_OVERSEAS:  # the province's overseas scheme: leaders first (a stable sort)
            candidates.sort(key=lambda t: t.leadership_level == "none")
        room = dict(klass.allotments)
        chosen = []
        for trainee in candidates:
            if len(chosen) == wanted:
                break
            if room[trainee.agency] > 0 and self.may_send(trainee, klass):
                room[trainee.agency] -= 1
                chosen.append(trainee)
        last_day = min(klass.registration_closes, self.today - datetime.timedelta(days=1))
        decision_day = min(klass.start_date, self.today) - datetime.timedelta(days=1)
        for trainee in sorted(chosen, key=lambda t: t.personal_id):
            self.courses_taken.add((trainee.personal_id, course.code))
            self.busy[trainee.personal_id].append((klass.start_date, klass.end_date))
            status = statuses(rng.random())
            reason = ""
            if status == NominationStatus.REJECTED:
                reason = rng.choice(REJECT_REASONS)
            elif status == NominationStatus.WITHDRAWN:
                reason = rng.choice(WITHDRAW_REASONS)
            span = max((last_day - klass.registration_opens).days, 0)
            nominated_on = klass.registration_opens + datetime.timedelta(days=rng.randint(0, span))
            decided_on = max(min(nominated_on + datetime.timedelta(days=rng.randint(2, 6)), decision_day), nominated_on)
            klass.nominations.append(
                NominationData(trainee.personal_id, status, reason, _at(nominated_on, rng), _at(decided_on, rng))
            )

    def add_waiting_list(self, klass: ClassData, *, extra: int = 2) -> None:
        """An open class in which one agency used all its seats and queued more people.

        The busiest agency's allotment is cut to the seats it uses and up to `extra` more of
        its staff wait. A separate random stream keeps the rest of the demo as it was.
        """
        rng = random.Random(f"{SEED}-waiting-{klass.code}")
        agency_of = {t.personal_id: agency for agency, people in self.trainees_by_agency.items() for t in people}
        holding = Counter(
            agency_of[n.personal_id]
            for n in klass.nominations
            if n.status in (NominationStatus.NOMINATED, NominationStatus.APPROVED)
        )
        if not holding:
            return
        agency, used = max(sorted(holding.items()), key=lambda item: item[1])
        klass.allotments = [(code, used if code == agency else seats) for code, seats in klass.allotments]
        course = COURSE_BY_CODE[klass.course]
        taken = {n.personal_id for n in klass.nominations}
        waiting = [
            t
            for t in sorted(self.trainees_by_agency[agency], key=lambda t: t.personal_id)
            if t.personal_id not in taken
            and t.profile in course.eligible
            and (t.personal_id, course.code) not in self.courses_taken
            and self.may_send(t, klass)
        ][:extra]
        last_day = min(klass.registration_closes, self.today - datetime.timedelta(days=1))
        for trainee in waiting:
            self.courses_taken.add((trainee.personal_id, course.code))
            self.busy[trainee.personal_id].append((klass.start_date, klass.end_date))
            day = last_day - datetime.timedelta(days=rng.randint(0, 3))
            klass.nominations.append(
                NominationData(trainee.personal_id, NominationStatus.WAITLISTED, "", _at(day, rng), _at(day, rng))
            )

    def may_send(self, trainee: TraineeData, klass: ClassData) -> bool:
        """Whether the person meets the rules of eligibility for the class and is free on its dates."""
        if any(start <= klass.end_date and end >= klass.start_date for start, end in self.busy[trainee.personal_id]):
            return False
        kind = {CAT_POSTGRAD: ProposalKind.POSTGRADUATE, CAT_OVERSEAS: ProposalKind.OVERSEAS}.get(
            klass.category, ProposalKind.DOMESTIC
        )
        proposal = eligibility.Proposal(
            kind=kind,
            start=klass.start_date,
            end=klass.end_date,
            language_level=COURSE_BY_CODE[klass.course].language_level,
        )
        facts = eligibility.Facts(
            trainee.date_of_birth,
            trainee.gender,
            trainee.service_start_date,
            trainee.language_level,
            trainee.leadership_level,
        )
        return not eligibility.rule_problems(facts, proposal, self.rules.get(kind, ()), dict(trainee.ratings))

    # -- the classes ---------------------------------------------------------------------------

    def classes_2025(self) -> list[ClassData]:
        rng = self.rng
        classes = []
        for category, series_list in SERIES_2025.items():
            planned_classes, planned_seats = PLAN_2025.targets[category]
            sizes = split_total(planned_seats, planned_classes, rng, minimum=20 if planned_seats >= 20 else 1)
            drafts = []
            for series in series_list:
                for index, month in enumerate(series.months):
                    planned_by = series.organisers[index % len(series.organisers)]
                    day_cap = 15 if category == CAT_D else 22
                    start = _monday_on_or_after(D(2025, month, rng.randint(2, day_cap)))
                    # A class planned in 2024 by a department merged on 1 March 2025 is run by its successor.
                    drafts.append((start, series, successor_on(planned_by, start), planned_by))
            if len(drafts) != planned_classes:
                raise ValueError(f"{category}: {len(drafts)} classes in the series, {planned_classes} planned.")
            drafts.sort(key=lambda draft: (draft[0], draft[1].course, draft[2]))
            for number, ((start, series, organiser, planned_by), seats) in enumerate(
                zip(drafts, sizes, strict=True), start=1
            ):
                funding = series.funding
                if category == CAT_D and organiser in CTMTQG_DISTRICTS:
                    funding = "ctmtqg"
                klass = self._class(
                    code=f"2025-{CLASS_LETTERS[category]}-{number:02d}",
                    course=series.course,
                    plan_year=2025,
                    organiser=organiser,
                    provider=series.provider,
                    mode=series.mode,
                    start=start,
                    seats=seats,
                    funding=funding,
                    status=ClassStatus.FINISHED,
                    planned_by=planned_by,
                )
                self.allot(klass, series.pool)
                self.nominate(klass, _finished_outcome)
                classes.append(klass)
        # The postgraduate target is met by places for people, not by a class: `plans.demo.places`.
        return classes

    def classes_recent(self) -> list[ClassData]:
        """Last year's plan's classes (when last year is after 2025), then the current year's, around today."""
        year = self.today.year
        placed = []
        if year - 1 > PLAN_2025.year:
            for data in LAST_YEAR_CLASSES:
                dates = [D(year - 1, *month_day) for month_day in (data.opens, data.closes, data.start, data.end)]
                placed.append((year - 1, data, *dates, False, False))
        for data in CURRENT_CLASSES:
            dates = [
                self.today + datetime.timedelta(days=days) for days in (data.opens, data.closes, data.start, data.end)
            ]
            placed.append((year, data, *dates, data.both_focal_points, data.waiting_list))
        classes = []
        for plan_year, data, opens, closes, start, end, both, waiting in placed:
            status = status_by_dates(opens=opens, closes=closes, start=start, end=end, today=self.today)
            klass = self._class(
                code=f"{plan_year}-{data.number}",
                course=data.course,
                plan_year=plan_year,
                organiser=data.organiser,
                provider=data.provider,
                mode=data.mode,
                start=start,
                end=end,
                opens=opens,
                closes=closes,
                seats=data.seats,
                funding="nsnn-tinh",
                status=status,
            )
            self.allot(klass, data.pool, always=(FOCAL_POINT_AGENCY,), forced=FOCAL_POINT_AGENCIES if both else ())
            outcome = {
                ClassStatus.FINISHED: _finished_outcome,
                ClassStatus.IN_PROGRESS: _in_progress_outcome,
                ClassStatus.CLOSED: _open_outcome,
                ClassStatus.OPEN: _open_outcome,
            }.get(status)
            if outcome is not None:
                self.nominate(klass, outcome, per_class=NOMINATIONS_PER_CLASS_RECENT)
            if waiting:
                self.add_waiting_list(klass)
            classes.append(klass)
        return classes

    def _class(self, *, code, course, plan_year, organiser, provider, mode, start, seats, funding, status,
               end=None, opens=None, closes=None, budget=None, planned_by=None) -> ClassData:  # fmt: skip
        """One class; `planned_by` the agency that planned it when `organiser` took it over on a merger (its place
        stays the one planned)."""
        data = COURSE_BY_CODE[course]
        handed_over = planned_by is not None and planned_by != organiser
        end = end or start + datetime.timedelta(days=max(data.duration_days, 1) - 1)
        opens = opens or start - datetime.timedelta(days=42)
        closes = closes or start - datetime.timedelta(days=10)
        organiser_data = AGENCY_BY_CODE[planned_by if handed_over else organiser]
        country = "Việt Nam"
        if data.category == CAT_OVERSEAS:
            location, country = "Viện Phát triển cán bộ chính quyền địa phương (LOGODI), tỉnh Jeonbuk", "Hàn Quốc"
        elif data.category == CAT_POSTGRAD:
            location = "Các cơ sở đào tạo sau đại học trong nước"
        elif mode == ClassMode.ONLINE:
            location = "Trực tuyến (điểm cầu tại các cơ quan, đơn vị)"
        elif organiser in (SNV, TCT):
            location = "Trường Chính trị Hoàng Văn Thụ, thành phố Lạng Sơn"
            if mode == ClassMode.BLENDED:
                location += " và trực tuyến"
        elif organiser_data.kind == AgencyKind.PEOPLES_COMMITTEE:
            location = f"Hội trường {organiser_data.name}"
        else:
            location = f"Hội trường {organiser_data.name}, thành phố Lạng Sơn"
        self.course_numbers[plan_year, course] += 1
        number = self.course_numbers[plan_year, course]
        title = f"{data.title} (lớp {number:02d} năm {plan_year})"
        if data.category == CAT_D:
            title = f"{data.title} – {organiser_data.name} (lớp {number:02d} năm {plan_year})"
        if budget is None:
            budget = Decimal(round(seats * min(max(data.duration_days, 1), 30) * data.per_seat_day, -6))
        return ClassData(
            code=code,
            title=title,
            course=course,
            plan_year=plan_year,
            category=data.category,
            organiser=organiser,
            provider=provider,
            mode=mode,
            location=location,
            country=country,
            start_date=start,
            end_date=end,
            registration_opens=opens,
            registration_closes=closes,
            seats=seats,
            funding_source=funding,
            budget_estimate=budget,
            target_groups=data.target_groups,
            content_areas=data.content_areas,
            status=status,
            planned_organiser=planned_by if handed_over else None,
            # handed over the day after the planning department ended (1 March 2025)
            organiser_since=AGENCY_BY_CODE[planned_by].valid_to + datetime.timedelta(days=1) if handed_over else None,
        )


def _finished_outcome(draw: float) -> str:
    if draw < 0.05:
        return NominationStatus.REJECTED
    if draw < 0.11:
        return NominationStatus.WITHDRAWN
    if draw < 0.17:
        return NominationStatus.FAILED
    return NominationStatus.COMPLETED


def _in_progress_outcome(draw: float) -> str:
    return NominationStatus.WITHDRAWN if draw < 0.1 else NominationStatus.ATTENDED


def _open_outcome(draw: float) -> str:
    if draw < 0.45:
        return NominationStatus.NOMINATED
    if draw < 0.85:
        return NominationStatus.APPROVED
    if draw < 0.93:
        return NominationStatus.REJECTED
    return NominationStatus.WITHDRAWN
