"""The rules of postgraduate places, service commitments and reimbursement: writes (services) and reads (selectors).

The legal rules, Nghị định 171/2025/NĐ-CP ngày 30/6/2025 về đào tạo, bồi dưỡng công chức (in force 01/7/2025),
as far as they could be verified (with the search tool, from the decree's text on thuviennhadat.vn and press
summaries of Chương II on baomoi, vnexpress/kynguyenmoi and laodong, which cite its articles):

- Điều 5 khoản 3: after the course the civil servant serves the agency that sent them at least **3 times** the
  study time (it was 2 times under Nghị định 101/2017/NĐ-CP, Điều 5–6). `COMMITMENT_MULTIPLE`.
- Điều 6: reimbursement is owed by one sent to postgraduate study funded by the state budget or by the agency when
  they leave the course or the job during the study, are dismissed by discipline, are not awarded the degree, or
  graduate but leave (or are dismissed) before serving the committed time. `ReimbursementReason`.
- Điều 8 khoản 1: no reimbursement when the degree is missed for a serious illness, a disaster or an epidemic
  recognised by the competent body, or when the person is moved by decision to another body of the political system
  (Party, State, Fatherland Front, socio-political organisations): such a departure is not recorded as a case.
- The cost F is the tuition and every other cost of the course, salary and allowances excluded; the first three
  cases owe 100 % of F; the last owes S = F / T1 × (T1 − T2), T1 the months required, T2 the months served, both in
  rounded months. NOT VERIFIED in Nghị định 171's own text: the article number of this formula (probably Điều 7)
  and that it is unchanged; the formula as written here is that of Nghị định 101/2017/NĐ-CP, Điều 8 (verified), which
  the press summaries of Nghị định 171 repeat for its cost and its 100 % cases.

Refusals are codes (`courses.refusals`). Every write locks the row it changes through `training_portal.locking`.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from courses import eligibility
from courses.models import ProposalKind, Trainee
from courses.place_models import (
    OPEN_COMMITMENT_STATUSES,
    OPEN_PLACE_STATUSES,
    STUDYING_STATUSES,
    CaseStatus,
    CommitmentStatus,
    PlaceStatus,
    PostgraduatePlace,
    ReimbursementCase,
    ReimbursementPayment,
    ReimbursementReason,
    ServiceCommitment,
)
from courses.refusals import Problem, Refusal, Refused
from plans.models import CategoryKind, PlanTarget
from training_portal.locking import lock_one

COMMITMENT_MULTIPLE = 3
COMMITMENT_RULE = "Nghị định 171/2025/NĐ-CP, Điều 5 khoản 3 (ít nhất gấp 03 lần thời gian đào tạo)"
FULL_COST_RULE = "Nghị định 171/2025/NĐ-CP, Điều 6: đền bù 100% chi phí đào tạo"
FORMULA_RULE = "S = F / T1 × (T1 − T2) (Nghị định 101/2017/NĐ-CP, Điều 8; Nghị định 171/2025/NĐ-CP, Điều 6)"
# The reasons that owe the whole cost; the others owe the part of the committed time not served.
FULL_COST_REASONS = (
    ReimbursementReason.LEFT_DURING_STUDY,
    ReimbursementReason.DISMISSED,
    ReimbursementReason.NO_DEGREE,
)
PLACE_TRANSITIONS = {
    PlaceStatus.PROPOSED: {PlaceStatus.ENROLLED, PlaceStatus.DROPPED_OUT},
    PlaceStatus.ENROLLED: {PlaceStatus.EXTENDED, PlaceStatus.GRADUATED, PlaceStatus.DROPPED_OUT},
    PlaceStatus.EXTENDED: {PlaceStatus.EXTENDED, PlaceStatus.GRADUATED, PlaceStatus.DROPPED_OUT},
    PlaceStatus.GRADUATED: set(),
    PlaceStatus.DROPPED_OUT: set(),
}
ENDING_SOON_DAYS = 90  # a commitment ending within this many days is on the alerts
ONE = Decimal(1)


# --- the arithmetic of the decree ----------------------------------------------------------------


def rounded_months(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end`, a remainder of 15 days or more counting as one more month ("số tháng
    làm tròn"). 0 when `end` is not after `start`."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    anchor = add_months(start, months)
    return months + (1 if (end - anchor).days >= 15 else 0)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` calendar months, kept within the month (31/01 + 1 month = 28 or 29/02)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def required_service_months(study_months: int) -> int:
    """The service the decree requires after `study_months` of state-funded study (Điều 5 khoản 3)."""
    return COMMITMENT_MULTIPLE * study_months


def reimbursement_due(*, reason: str, cost: Decimal, required_months: int, served_months: int) -> tuple[Decimal, str]:
    """What is owed, to the đồng, and how it was computed (for the case and the decision)."""
    cost = Decimal(cost)
    if reason in FULL_COST_REASONS:
        return cost, FULL_COST_RULE
    if required_months <= 0:
        return Decimal(0), FORMULA_RULE
    left = max(required_months - served_months, 0)
    amount = (cost / required_months * left).quantize(ONE, rounding=ROUND_HALF_UP)
    return min(amount, cost), FORMULA_RULE


# --- places --------------------------------------------------------------------------------------


def place_eligibility_problems(
    *,
    trainee: Trainee,
    level: str,
    start_date: datetime.date,
    field_of_study: str,
    expected_end: datetime.date | None = None,
    exclude=None,
) -> list[Problem]:
    """The rules of eligibility in force for postgraduate training (`courses.eligibility`, rules as data: age at the
    start, years of service, service left before retirement age, yearly ratings, field matching the job…), but those
    staff lifted for this person and postgraduate training (`EligibilityOverride` with no class). The age limit is
    for the first postgraduate study: one already sent (a place of theirs that went past proposed and started
    before this one) is not held to it. Every proposal of a place (console, demo, imports) passes here."""
    if start_date is None:
        return []  # the form says the start is missing
    earlier = PostgraduatePlace.objects.filter(trainee=trainee, start_date__lt=start_date).exclude(
        status=PlaceStatus.PROPOSED
    )
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude)
    return eligibility.check(
        trainee,
        kind=ProposalKind.POSTGRADUATE,
        start_date=start_date,
        end_date=expected_end,
        field_of_study=field_of_study or "",
        first_postgraduate=not earlier.exists(),
    )


def place_problems(
    *, trainee: Trainee, target: PlanTarget, level: str, start_date, expected_end, funded_amount, exclude=None
) -> list[Problem]:
    """What stops a place from being proposed, as the database constraints would say it, and the eligibility."""
    problems = []
    if target.category.kind != CategoryKind.DEGREE:
        problems.append(Problem(Refusal.PLACE_NOT_DEGREE_TARGET, field="target"))
    if start_date and expected_end and expected_end <= start_date:
        problems.append(Problem(Refusal.PLACE_END_BEFORE_START, field="expected_end"))
    if funded_amount is not None and funded_amount < 0:
        problems.append(Problem(Refusal.AMOUNT_NEGATIVE, field="funded_amount"))
    open_places = PostgraduatePlace.objects.filter(trainee=trainee, level=level, status__in=OPEN_PLACE_STATUSES)
    if exclude is not None:
        open_places = open_places.exclude(pk=exclude)
    if open_places.exists():
        problems.append(Problem(Refusal.PLACE_ALREADY_OPEN_AT_LEVEL, field="level"))
    return problems


@transaction.atomic
def place_propose(
    *,
    trainee: Trainee,
    target: PlanTarget,
    level: str,
    mode: str,
    institution: str,
    field_of_study: str,
    start_date: datetime.date,
    expected_end: datetime.date,
    funding_source=None,
    funded_amount: Decimal | int = 0,
    country: str = "Việt Nam",
) -> PostgraduatePlace:
    """Propose a person for a place: the place's rules, then the eligibility rules (`place_eligibility_problems`)."""
    problems = place_problems(
        trainee=trainee,
        target=target,
        level=level,
        start_date=start_date,
        expected_end=expected_end,
        funded_amount=funded_amount,
    )
    problems += place_eligibility_problems(
        trainee=trainee, level=level, start_date=start_date, field_of_study=field_of_study, expected_end=expected_end
    )
    if problems:
        raise problems[0].error()
    place = PostgraduatePlace(
        trainee=trainee,
        agency_id=trainee.agency_id,
        target=target,
        level=level,
        mode=mode,
        institution=institution,
        field_of_study=field_of_study,
        country=country,
        start_date=start_date,
        expected_end=expected_end,
        funding_source=funding_source,
        funded_amount=funded_amount,
    )
    place.full_clean()
    place.save()
    return place


def _move(place: PostgraduatePlace, to: str) -> PostgraduatePlace:
    place = lock_one(place)
    if to not in PLACE_TRANSITIONS[place.status]:
        raise Refused(
            Refusal.PLACE_ILLEGAL_TRANSITION,
            **{"from": place.get_status_display(), "to": PlaceStatus(to).label},
        )
    place.status = to
    return place


def carries_commitment(place: PostgraduatePlace) -> bool:
    """Paid by the state budget or the sending agency (Điều 6): the place's funded amount is above zero."""
    return place.funded_amount > 0


@transaction.atomic
def place_enrol(*, place: PostgraduatePlace) -> PostgraduatePlace:
    """The study starts: the place is enrolled and, when it is state-funded, its service commitment is recorded."""
    place = _move(place, PlaceStatus.ENROLLED)
    place.full_clean()
    place.save()
    if carries_commitment(place):
        commitment_start(place=place)
    return place


@transaction.atomic
def place_extend(*, place: PostgraduatePlace, to: datetime.date, reason: str = "") -> PostgraduatePlace:
    place = _move(place, PlaceStatus.EXTENDED)
    if to <= place.end_date:
        raise Refused(Refusal.PLACE_EXTENSION_NOT_LATER)
    place.extended_to = to
    place.reason = reason or place.reason
    place.full_clean()
    place.save()
    return place


@transaction.atomic
def place_graduate(*, place: PostgraduatePlace, on: datetime.date, degree: str = "") -> PostgraduatePlace:
    """The degree is awarded: the commitment's service runs from the day after, for the months it requires."""
    place = _move(place, PlaceStatus.GRADUATED)
    place.ended_on = on
    place.degree = degree
    place.full_clean()
    place.save()
    commitment = ServiceCommitment.objects.filter(place=place).first()
    if commitment is not None:
        commitment = lock_one(commitment)
        commitment.serve_from = on + datetime.timedelta(days=1)
        commitment.serve_until = add_months(commitment.serve_from, commitment.required_months)
        commitment.status = CommitmentStatus.SERVING
        commitment.full_clean()
        commitment.save()
    return place


@transaction.atomic
def place_drop_out(
    *, place: PostgraduatePlace, on: datetime.date, reason: str = "", by=None, instalments: int = 1, due_by=None
):
    """The person leaves the course (or the job) during the study: a state-funded place opens a case for the whole
    cost. Answers the place and the case (None when nothing is owed)."""
    place = _move(place, PlaceStatus.DROPPED_OUT)
    place.ended_on = on
    place.reason = reason or place.reason
    place.full_clean()
    place.save()
    commitment = ServiceCommitment.objects.filter(place=place).first()
    if commitment is None or not commitment.is_open:
        return place, None
    case = commitment_break(
        commitment=commitment,
        reason=ReimbursementReason.LEFT_DURING_STUDY,
        on=on,
        by=by,
        instalments=instalments,
        due_by=due_by,
    )
    return place, case


# --- commitments ---------------------------------------------------------------------------------


@transaction.atomic
def commitment_start(*, place: PostgraduatePlace) -> ServiceCommitment:
    """Record the service commitment of a state-funded place: the study time in rounded months, the service the
    decree requires for it, the funded cost."""
    if not carries_commitment(place):
        raise Refused(Refusal.PLACE_NOT_STATE_FUNDED)
    if ServiceCommitment.objects.filter(place=place).exists():
        raise Refused(Refusal.COMMITMENT_EXISTS)
    study = max(rounded_months(place.start_date, place.expected_end), 1)
    commitment = ServiceCommitment(
        place=place,
        study_months=study,
        required_months=required_service_months(study),
        rule=COMMITMENT_RULE,
        funded_cost=place.funded_amount,
        status=CommitmentStatus.STUDYING,
    )
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def commitment_report_leaving(*, commitment: ServiceCommitment, on: datetime.date) -> ServiceCommitment:
    """The agency reports that the person will leave on `on`: the commitment shows on the alerts until a case is
    opened (`commitment_break`) or the report is withdrawn."""
    commitment = lock_one(commitment)
    if not commitment.is_open:
        raise Refused(Refusal.COMMITMENT_NOT_OPEN)
    commitment.leaving_on = on
    commitment.full_clean()
    commitment.save()
    return commitment


@dataclass(frozen=True)
class Owed:
    """What a break of the commitment on a day would owe: F, T1, T2, S and the rule applied."""

    cost: Decimal
    required_months: int
    served_months: int
    amount: Decimal
    formula: str


def owed_on(commitment: ServiceCommitment, *, reason: str, on: datetime.date) -> Owed:
    """What leaving on `on` for `reason` owes (read only: the console shows it before the case is opened)."""
    served = rounded_months(commitment.serve_from, on) if commitment.serve_from else 0
    if reason == ReimbursementReason.LEFT_BEFORE_SERVING and commitment.serve_until and on >= commitment.serve_until:
        raise Refused(Refusal.COMMITMENT_SERVED, day=commitment.serve_until.strftime("%d/%m/%Y"))
    served = min(served, commitment.required_months)
    amount, formula = reimbursement_due(
        reason=reason, cost=commitment.funded_cost, required_months=commitment.required_months, served_months=served
    )
    return Owed(commitment.funded_cost, commitment.required_months, served, amount, formula)


@transaction.atomic
def commitment_break(
    *,
    commitment: ServiceCommitment,
    reason: str,
    on: datetime.date,
    by=None,
    instalments: int = 1,
    due_by: datetime.date | None = None,
) -> ReimbursementCase:
    """The person leaves, is dismissed or misses the degree: compute what is owed and open the case (its decision is
    drafted from the case, `DocumentKind.REIMBURSEMENT_DECISION`)."""
    commitment = lock_one(commitment)
    if not commitment.is_open and commitment.status != CommitmentStatus.BROKEN:
        raise Refused(Refusal.COMMITMENT_NOT_OPEN)
    if commitment.cases.filter(status=CaseStatus.OWING).exists():
        raise Refused(Refusal.CASE_ALREADY_OPEN)
    if instalments < 1:
        raise Refused(Refusal.INSTALMENTS_AT_LEAST_ONE)
    owed = owed_on(commitment, reason=reason, on=on)
    case = ReimbursementCase(
        commitment=commitment,
        reason=reason,
        event_on=on,
        cost=owed.cost,
        required_months=owed.required_months,
        served_months=owed.served_months,
        amount=owed.amount,
        formula=owed.formula,
        instalments=instalments,
        due_by=due_by,
        created_by=by,
    )
    if owed.amount == 0:
        case.status, case.settled_on = CaseStatus.SETTLED, on
    case.full_clean()
    case.save()
    commitment.status = CommitmentStatus.BROKEN
    commitment.leaving_on = commitment.leaving_on or on
    commitment.full_clean()
    commitment.save()
    return case


@transaction.atomic
def commitments_follow_dates(*, today: datetime.date) -> int:
    """A commitment served to its last day is fulfilled (the daily command's part for commitments)."""
    return ServiceCommitment.objects.filter(status=CommitmentStatus.SERVING, serve_until__lt=today).update(
        status=CommitmentStatus.FULFILLED
    )


# --- reimbursement -------------------------------------------------------------------------------


def case_paid(case: ReimbursementCase) -> Decimal:
    return case.payments.aggregate(paid=Coalesce(Sum("amount"), Decimal(0)))["paid"]


@transaction.atomic
def payment_record(
    *, case: ReimbursementCase, paid_on: datetime.date, amount: Decimal, receipt: str = "", by=None
) -> ReimbursementPayment:
    """Record a payment; the one that pays the balance settles the case on its day."""
    case = lock_one(case)
    if case.status == CaseStatus.SETTLED:
        raise Refused(Refusal.CASE_SETTLED)
    amount = Decimal(amount)
    if amount <= 0:
        raise Refused(Refusal.PAYMENT_NOT_POSITIVE)
    balance = case.amount - case_paid(case)
    if amount > balance:
        raise Refused(Refusal.PAYMENT_ABOVE_BALANCE, balance=f"{balance:,.0f}".replace(",", "."))
    payment = ReimbursementPayment(case=case, paid_on=paid_on, amount=amount, receipt=receipt, recorded_by=by)
    payment.full_clean()
    payment.save()
    if amount == balance:
        case.status, case.settled_on = CaseStatus.SETTLED, paid_on
        case.full_clean()
        case.save()
    return payment


# --- reads: the alerts ---------------------------------------------------------------------------


@dataclass
class CommitmentAlerts:
    """Commitments ending within ENDING_SOON_DAYS, people leaving with an open commitment, studies past their end."""

    ending_soon: list[ServiceCommitment]
    leaving: list[ServiceCommitment]
    overdue_studies: list[PostgraduatePlace]

    @property
    def count(self) -> int:
        return len(self.ending_soon) + len(self.leaving) + len(self.overdue_studies)


def commitment_alerts(*, today: datetime.date, agencies=None, limit: int | None = 30) -> CommitmentAlerts:
    """The three alerts, each its first `limit` rows; `agencies` (ids) narrows them to the places of those agencies.
    Three queries."""
    places = PostgraduatePlace.objects.all()
    commitments = ServiceCommitment.objects.select_related("place__trainee", "place__agency")
    if agencies is not None:
        places = places.filter(agency_id__in=agencies)
        commitments = commitments.filter(place__agency_id__in=agencies)
    soon = commitments.filter(
        status=CommitmentStatus.SERVING,
        serve_until__gte=today,
        serve_until__lte=today + datetime.timedelta(days=ENDING_SOON_DAYS),
    ).order_by("serve_until", "pk")
    leaving = (
        commitments.filter(status__in=OPEN_COMMITMENT_STATUSES, leaving_on__isnull=False)
        .exclude(cases__status=CaseStatus.OWING)
        .order_by("leaving_on", "pk")
    )
    overdue = (
        places.filter(status__in=STUDYING_STATUSES)
        .filter(Q(extended_to__isnull=True, expected_end__lt=today) | Q(extended_to__lt=today))
        .select_related("trainee", "agency")
        .order_by("expected_end", "pk")
    )
    return CommitmentAlerts(list(soon[:limit]), list(leaving[:limit]), list(overdue[:limit]))


def places_visible_to(agency_ids):
    """The places of the agencies a focal point acts for (the portal's door passes the ids)."""
    return PostgraduatePlace.objects.filter(agency_id__in=agency_ids)
