"""Postgraduate places, service commitments and reimbursement (Nghị định 171/2025/NĐ-CP): the decree's arithmetic on
worked examples, the places' rules at their edges, the cases and payments, the alerts, the decisions as PDFs."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses import places
from courses.models import (
    CaseStatus,
    CommitmentStatus,
    EligibilityOverride,
    EligibilityRule,
    OverridableRule,
    PlaceLevel,
    PlaceStatus,
    PostgraduatePlace,
    ProposalKind,
    Rating,
    ReimbursementReason,
    RuleKind,
    ServiceCommitment,
    StudyMode,
    YearlyRating,
)
from courses.refusals import Refusal
from partners import services as document_services
from partners.documents import build_page, render_pdf
from partners.models import DocumentKind
from plans.models import CategoryKind
from tests.factories import AgencyFactory, CategoryFactory, TargetFactory, TraineeFactory, TrainingClassFactory

D = datetime.date
pytestmark = pytest.mark.django_db


# --- the decree's arithmetic ---------------------------------------------------------------------


def test_reimbursement_after_graduation_is_the_unserved_share_of_the_cost():
    # S = F / T1 × (T1 − T2): 180 million for 24 months of study commits 72 months; 30 served leave 42 owed.
    amount, formula = places.reimbursement_due(
        reason=ReimbursementReason.LEFT_BEFORE_SERVING, cost=Decimal(180_000_000), required_months=72, served_months=30
    )
    assert amount == Decimal(105_000_000)
    assert "S = F / T1 × (T1 − T2)" in formula


def test_reimbursement_rounds_to_the_dong():
    # 100 million over 54 months, 1 served: 100 000 000 / 54 × 53 = 98 148 148,15 → 98 148 148 đồng.
    amount, _formula = places.reimbursement_due(
        reason=ReimbursementReason.LEFT_BEFORE_SERVING, cost=Decimal(100_000_000), required_months=54, served_months=1
    )
    assert amount == Decimal(98_148_148)


@pytest.mark.parametrize(
    "reason", [ReimbursementReason.LEFT_DURING_STUDY, ReimbursementReason.DISMISSED, ReimbursementReason.NO_DEGREE]
)
def test_leaving_during_the_study_dismissal_or_no_degree_owe_the_whole_cost(reason):
    amount, formula = places.reimbursement_due(
        reason=reason, cost=Decimal(75_000_000), required_months=72, served_months=40
    )
    assert amount == Decimal(75_000_000)
    assert "100%" in formula


def test_service_served_in_full_owes_nothing_by_the_formula():
    amount, _formula = places.reimbursement_due(
        reason=ReimbursementReason.LEFT_BEFORE_SERVING, cost=Decimal(75_000_000), required_months=72, served_months=72
    )
    assert amount == 0


def test_commitment_is_three_times_the_study_time():
    assert places.required_service_months(24) == 72
    assert places.required_service_months(1) == 3


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2025, 1, 1), D(2025, 1, 1), 0),
        (D(2025, 1, 1), D(2025, 1, 15), 0),  # 14 days: rounded down
        (D(2025, 1, 1), D(2025, 1, 16), 1),  # 15 days: rounded up
        (D(2025, 1, 31), D(2025, 2, 28), 1),  # the end of a shorter month
        (D(2025, 3, 3), D(2027, 3, 2), 24),  # two years of study, last day included
        (D(2025, 3, 3), D(2026, 9, 17), 18),  # 14 days past 18 months
        (D(2025, 3, 3), D(2026, 9, 18), 19),
    ],
)
def test_months_are_rounded_at_half_a_month(start, end, months):
    assert places.rounded_months(start, end) == months


# --- places --------------------------------------------------------------------------------------


@pytest.fixture
def target(seeded_eligibility_rules):
    return TargetFactory(category=CategoryFactory(kind=CategoryKind.DEGREE), planned_classes=0, planned_seats=5)


def eligible_person(**changes):
    """One who meets the postgraduate rules the migration seeds for any start from 2020 to 2030: under 45, in service
    since 2010, rated well every year, the field of study proposed below matching the job."""
    values = {
        "date_of_birth": D(1988, 3, 14),
        "service_start_date": D(2010, 3, 1),
        "study_fields": "Quản lý công; Quản lý kinh tế",
    }
    person = TraineeFactory(**{**values, **changes})
    YearlyRating.objects.bulk_create(
        YearlyRating(trainee=person, year=year, rating=Rating.GOOD) for year in range(2015, 2031)
    )
    return person


def propose(target, trainee=None, **changes):
    values = {
        "trainee": trainee or eligible_person(),
        "target": target,
        "level": PlaceLevel.MASTER,
        "mode": StudyMode.PART_TIME,
        "institution": "Học viện Hành chính Quốc gia",
        "field_of_study": "Quản lý công",
        "start_date": D(2025, 9, 8),
        "expected_end": D(2027, 9, 7),
        "funded_amount": Decimal(68_000_000),
        **changes,
    }
    return places.place_propose(**values)


def refusal_of(exc_info) -> str:
    return exc_info.value.code


def test_enrolling_a_state_funded_place_records_its_commitment(target):
    place = places.place_enrol(place=propose(target))
    commitment = ServiceCommitment.objects.get(place=place)
    assert (commitment.study_months, commitment.required_months, commitment.funded_cost) == (24, 72, 68_000_000)
    assert commitment.status == CommitmentStatus.STUDYING
    assert "171/2025/NĐ-CP, Điều 5 khoản 3" in commitment.rule
    assert place.agency_id == place.trainee.agency_id


def test_a_place_paid_by_nobody_carries_no_commitment(target):
    place = places.place_enrol(place=propose(target, funded_amount=0))
    assert not ServiceCommitment.objects.filter(place=place).exists()


def test_one_open_place_per_person_and_level(target):
    first = propose(target)
    with pytest.raises(ValidationError) as refused:
        propose(target, trainee=first.trainee)
    assert refusal_of(refused) == Refusal.PLACE_ALREADY_OPEN_AT_LEVEL
    propose(target, trainee=first.trainee, level=PlaceLevel.DOCTORATE)  # another level is another place
    places.place_enrol(place=first)
    places.place_graduate(place=first, on=D(2027, 9, 1), degree="Thạc sĩ Quản lý công")
    propose(target, trainee=first.trainee, start_date=D(2028, 1, 1), expected_end=D(2029, 12, 31))  # closed now


def test_the_database_keeps_one_open_place_per_person_and_level(target):
    first = propose(target)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostgraduatePlace.objects.create(
            trainee=first.trainee,
            agency=first.agency,
            target=target,
            level=PlaceLevel.MASTER,
            mode=StudyMode.FULL_TIME,
            institution="Đại học Kinh tế Quốc dân",
            field_of_study="Quản lý kinh tế",
            start_date=D(2025, 1, 1),
            expected_end=D(2026, 1, 1),
        )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"expected_end": D(2025, 9, 8)}, Refusal.PLACE_END_BEFORE_START),  # ends the day it starts
        ({"funded_amount": Decimal(-1)}, Refusal.AMOUNT_NEGATIVE),
    ],
)
def test_a_place_ends_after_it_starts_and_costs_nothing_negative(target, changes, code):
    with pytest.raises(ValidationError) as refused:
        propose(target, **changes)
    assert refusal_of(refused) == code


def test_a_place_counts_toward_a_degree_target_only():
    with pytest.raises(ValidationError) as refused:
        propose(TargetFactory())
    assert refusal_of(refused) == Refusal.PLACE_NOT_DEGREE_TARGET


def test_the_database_refuses_an_end_before_the_start(target):
    place = propose(target)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostgraduatePlace.objects.filter(pk=place.pk).update(expected_end=D(2025, 9, 1))


def test_an_extension_moves_the_end_later_only(target):
    place = places.place_enrol(place=propose(target))
    with pytest.raises(ValidationError) as refused:
        places.place_extend(place=place, to=D(2027, 9, 7))
    assert refusal_of(refused) == Refusal.PLACE_EXTENSION_NOT_LATER
    place = places.place_extend(place=place, to=D(2028, 3, 7), reason="Gia hạn bảo vệ luận văn")
    assert (place.status, place.end_date) == (PlaceStatus.EXTENDED, D(2028, 3, 7))


def test_a_graduated_place_cannot_be_reopened(target):
    place = places.place_enrol(place=propose(target))
    places.place_graduate(place=place, on=D(2027, 9, 1))
    with pytest.raises(ValidationError) as refused:
        places.place_drop_out(place=place, on=D(2027, 10, 1))
    assert refusal_of(refused) == Refusal.PLACE_ILLEGAL_TRANSITION


def test_graduation_starts_the_service_for_the_months_committed(target):
    place = places.place_enrol(place=propose(target))
    places.place_graduate(place=place, on=D(2027, 9, 7), degree="Thạc sĩ Quản lý công")
    commitment = ServiceCommitment.objects.get(place=place)
    assert (commitment.status, commitment.serve_from, commitment.serve_until) == (
        CommitmentStatus.SERVING,
        D(2027, 9, 8),
        D(2033, 9, 8),  # 72 months
    )


# --- cases and payments --------------------------------------------------------------------------


def test_dropping_out_opens_a_case_for_the_whole_cost(target):
    place = places.place_enrol(place=propose(target))
    _place, case = places.place_drop_out(place=place, on=D(2026, 2, 1), reason="Xin thôi học")
    assert (case.amount, case.status) == (68_000_000, CaseStatus.OWING)
    assert case.reason == ReimbursementReason.LEFT_DURING_STUDY
    assert ServiceCommitment.objects.get(place=place).status == CommitmentStatus.BROKEN


def test_leaving_after_graduation_owes_the_unserved_share(target):
    place = places.place_enrol(place=propose(target))
    places.place_graduate(place=place, on=D(2027, 9, 7))
    commitment = ServiceCommitment.objects.get(place=place)
    # 30 months served of 72: 68 000 000 / 72 × 42 = 39 666 666,67 → 39 666 667 đồng.
    case = places.commitment_break(
        commitment=commitment, reason=ReimbursementReason.LEFT_BEFORE_SERVING, on=D(2030, 3, 8), instalments=3
    )
    assert (case.required_months, case.served_months, case.amount) == (72, 30, Decimal(39_666_667))


def test_leaving_on_the_last_day_of_service_owes_nothing_and_says_why(target):
    place = places.place_enrol(place=propose(target))
    places.place_graduate(place=place, on=D(2027, 9, 7))
    commitment = ServiceCommitment.objects.get(place=place)
    with pytest.raises(ValidationError) as refused:
        places.commitment_break(
            commitment=commitment, reason=ReimbursementReason.LEFT_BEFORE_SERVING, on=commitment.serve_until
        )
    assert refusal_of(refused) == Refusal.COMMITMENT_SERVED
    day_before = commitment.serve_until - datetime.timedelta(days=1)
    case = places.commitment_break(commitment=commitment, reason=ReimbursementReason.LEFT_BEFORE_SERVING, on=day_before)
    assert case.amount == 0 and case.status == CaseStatus.SETTLED  # 72 rounded months served


def test_a_case_is_settled_by_the_payment_of_its_balance_and_not_overpaid(target):
    place = places.place_enrol(place=propose(target))
    _place, case = places.place_drop_out(place=place, on=D(2026, 2, 1), instalments=2)
    places.payment_record(case=case, paid_on=D(2026, 3, 1), amount=Decimal(34_000_000))
    with pytest.raises(ValidationError) as refused:
        places.payment_record(case=case, paid_on=D(2026, 4, 1), amount=Decimal(34_000_001))
    assert refusal_of(refused) == Refusal.PAYMENT_ABOVE_BALANCE
    places.payment_record(case=case, paid_on=D(2026, 4, 1), amount=Decimal(34_000_000))
    case.refresh_from_db()
    assert (case.status, case.settled_on) == (CaseStatus.SETTLED, D(2026, 4, 1))
    with pytest.raises(ValidationError) as refused:
        places.payment_record(case=case, paid_on=D(2026, 5, 1), amount=Decimal(1))
    assert refusal_of(refused) == Refusal.CASE_SETTLED


def test_a_second_case_waits_for_the_first_to_be_settled(target):
    place = places.place_enrol(place=propose(target))
    _place, _case = places.place_drop_out(place=place, on=D(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        places.commitment_break(
            commitment=ServiceCommitment.objects.get(place=place),
            reason=ReimbursementReason.DISMISSED,
            on=D(2026, 2, 2),
        )
    assert refusal_of(refused) == Refusal.CASE_ALREADY_OPEN


# --- alerts --------------------------------------------------------------------------------------


def test_alerts_list_leaving_people_overdue_studies_and_commitments_ending(target):
    today = D(2027, 12, 1)
    overdue = places.place_enrol(place=propose(target))  # ended 07/09/2027, no result recorded
    leaving = places.place_enrol(place=propose(target, expected_end=D(2028, 9, 7)))
    places.commitment_report_leaving(commitment=ServiceCommitment.objects.get(place=leaving), on=D(2027, 12, 20))
    ending = places.place_enrol(place=propose(target, start_date=D(2022, 1, 1), expected_end=D(2022, 12, 31)))
    places.place_graduate(place=ending, on=D(2022, 12, 31))
    ServiceCommitment.objects.filter(place=ending).update(serve_until=D(2028, 1, 15))
    other = AgencyFactory()
    alerts = places.commitment_alerts(today=today)
    assert [p.pk for p in alerts.overdue_studies] == [overdue.pk]
    assert [c.place_id for c in alerts.leaving] == [leaving.pk]
    assert [c.place_id for c in alerts.ending_soon] == [ending.pk]
    assert places.commitment_alerts(today=today, agencies=[other.pk]).count == 0


# --- the decisions -------------------------------------------------------------------------------


def test_the_sending_decision_and_the_reimbursement_decision_are_drafted_in_the_state_format(target):
    place = places.place_enrol(place=propose(target))
    draft = document_services.document_prepare(kind=DocumentKind.PLACE_DECISION, source=place)
    html = build_page(draft, draft=True)
    assert html.extra["person"]["name"] == place.trainee.full_name
    assert draft.subject == "Về việc cử công chức đi đào tạo trình độ thạc sĩ"
    pdf = render_pdf(html)
    assert pdf.content.startswith(b"%PDF")
    _place, case = places.place_drop_out(place=place, on=D(2026, 2, 1))
    decision = document_services.document_prepare(kind=DocumentKind.REIMBURSEMENT_DECISION, source=case)
    page = build_page(decision, draft=True)
    assert page.extra["amount"]["grouped"] == "68.000.000"
    assert render_pdf(page).content.startswith(b"%PDF")


# --- eligibility (courses.eligibility: the rules as data, for a place without a class) ------------------------------


def test_a_place_is_refused_to_one_over_45_at_the_start_naming_the_rule_and_its_basis(target):
    person = eligible_person(date_of_birth=D(1980, 9, 7))  # 45 on 07/09/2025, a day older on the 8th
    propose(target, trainee=person, start_date=D(2025, 9, 7), expected_end=D(2027, 9, 6))
    with pytest.raises(ValidationError) as exc_info:
        propose(target, trainee=eligible_person(date_of_birth=D(1980, 9, 7)))
    assert refusal_of(exc_info) == Refusal.AGE_ABOVE_LIMIT
    assert "Nghị định 171/2025/NĐ-CP" in exc_info.value.messages[0]


def test_the_age_limit_holds_for_the_first_postgraduate_study_only(target, staff_user):
    person = eligible_person(date_of_birth=D(1975, 1, 1))
    EligibilityOverride.objects.create(
        trainee=person,
        rule=OverridableRule.MAX_AGE,
        applies_to=ProposalKind.POSTGRADUATE,
        reason="Thạc sĩ trước 2020.",
        decided_by=staff_user,
    )
    master = places.place_enrol(
        place=propose(target, trainee=person, start_date=D(2018, 9, 3), expected_end=D(2020, 9, 2))
    )
    EligibilityOverride.objects.all().delete()
    places.place_graduate(place=master, on=D(2020, 9, 2))
    doctorate = propose(target, trainee=person, level=PlaceLevel.DOCTORATE)  # 50, but not the first study
    assert doctorate.status == PlaceStatus.PROPOSED


def test_a_place_needs_the_years_of_service_the_ratings_and_a_field_matching_the_job(target):
    with pytest.raises(ValidationError) as exc_info:
        propose(target, trainee=eligible_person(service_start_date=D(2023, 1, 1)))
    assert refusal_of(exc_info) == Refusal.SERVICE_TOO_SHORT
    unrated = eligible_person()
    YearlyRating.objects.filter(trainee=unrated, year=2024).update(rating=Rating.FULFILLED)
    with pytest.raises(ValidationError) as exc_info:
        propose(target, trainee=unrated)
    assert refusal_of(exc_info) == Refusal.RATING_TOO_LOW
    with pytest.raises(ValidationError) as exc_info:
        propose(target, field_of_study="Kỹ thuật phần mềm")
    assert refusal_of(exc_info) == Refusal.FIELD_NOT_MATCHING
    assert PostgraduatePlace.objects.count() == 0


def test_a_rule_of_service_left_before_retirement_added_by_staff_is_checked_for_a_place(target, staff_user):
    EligibilityRule.objects.create(
        rule=RuleKind.SERVICE_LEFT,
        applies_to=ProposalKind.POSTGRADUATE,
        number=60,
        legal_basis="Quy định của tỉnh (thử)",
    )
    # A man born 01/01/1966 retires at 61 years 9 months (Nghị định 135/2020/NĐ-CP): 01/10/2027, under 60 months on.
    old = eligible_person(date_of_birth=D(1966, 1, 1))
    EligibilityOverride.objects.create(
        trainee=old,
        rule=OverridableRule.MAX_AGE,
        applies_to=ProposalKind.POSTGRADUATE,
        reason="Thử quy tắc khác.",
        decided_by=staff_user,
    )
    with pytest.raises(ValidationError) as exc_info:
        propose(target, trainee=old)
    assert refusal_of(exc_info) == Refusal.SERVICE_LEFT_TOO_SHORT


def test_an_exception_for_postgraduate_training_with_its_reason_lets_the_place_be_proposed(target, staff_user):
    person = eligible_person(date_of_birth=D(1978, 1, 1))
    with pytest.raises(ValidationError):
        propose(target, trainee=person)
    EligibilityOverride.objects.create(
        trainee=person,
        rule=OverridableRule.MAX_AGE,
        applies_to=ProposalKind.POSTGRADUATE,
        reason="Chuyên gia đầu ngành, được Ban Thường vụ Tỉnh ủy đồng ý.",
        decided_by=staff_user,
    )
    assert propose(target, trainee=person).status == PlaceStatus.PROPOSED


def test_an_exception_for_one_class_does_not_lift_the_rule_for_a_place(target, staff_user):
    person = eligible_person(date_of_birth=D(1978, 1, 1))
    EligibilityOverride.objects.create(
        trainee=person,
        rule=OverridableRule.MAX_AGE,
        training_class=TrainingClassFactory(),
        reason="Cho một lớp khác.",
        decided_by=staff_user,
    )
    with pytest.raises(ValidationError) as exc_info:
        propose(target, trainee=person)
    assert refusal_of(exc_info) == Refusal.AGE_ABOVE_LIMIT


def test_the_console_shows_the_rule_a_proposal_breaks_as_a_form_error(client, staff_user, target):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:courses_postgraduateplace_add"),
        {
            "trainee": eligible_person(service_start_date=D(2024, 1, 1)).pk,
            "target": target.pk,
            "level": PlaceLevel.MASTER,
            "mode": StudyMode.FULL_TIME,
            "institution": "Đại học Kinh tế Quốc dân",
            "field_of_study": "Quản lý kinh tế",
            "country": "Việt Nam",
            "start_date": "08/09/2025",
            "expected_end": "07/09/2027",
            "funded_amount": "0",
        },
    )
    assert response.status_code == 200
    assert PostgraduatePlace.objects.count() == 0
    assert "08/09/2025" in str(response.context["adminform"].form.errors)


# --- the console ---------------------------------------------------------------------------------


def test_staff_propose_a_place_in_the_console_through_the_rules(client, staff_user, target):
    trainee = eligible_person()
    client.force_login(staff_user)
    values = {
        "trainee": trainee.pk,
        "target": target.pk,
        "level": PlaceLevel.MASTER,
        "mode": StudyMode.FULL_TIME,
        "institution": "Đại học Kinh tế Quốc dân",
        "field_of_study": "Quản lý kinh tế",
        "country": "Việt Nam",
        "start_date": "08/09/2025",
        "expected_end": "07/09/2027",
        "funded_amount": "70000000",
    }
    response = client.post(reverse("admin:courses_postgraduateplace_add"), values)
    assert response.status_code == 302
    place = PostgraduatePlace.objects.get(trainee=trainee)
    assert (place.agency_id, place.status) == (trainee.agency_id, PlaceStatus.PROPOSED)
    again = client.post(reverse("admin:courses_postgraduateplace_add"), values)
    assert again.status_code == 200  # the form says why, nothing saved
    assert PostgraduatePlace.objects.filter(trainee=trainee).count() == 1
