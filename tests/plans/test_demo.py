"""The demo loader: it reproduces the seed documents' facts, keeps the seat counters true and is idempotent.

The demo is loaded once for the test session (`demo_output` in tests/conftest.py, inside a transaction rolled
back at the end), because every allotment and nomination goes through the services; each test then runs in its
own savepoint.
"""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q, Sum
from django.test import RequestFactory
from django.utils import timezone, translation

from courses import services as course_services
from courses.models import (
    SEAT_HOLDING_STATUSES,
    ClassStatus,
    Nomination,
    NominationStatus,
    PostgraduatePlace,
    SeatAllotment,
    TrainingClass,
)
from partners import services as document_services
from partners.models import (
    Agreement,
    CooperationActivity,
    CooperationForm,
    Correspondence,
    CorrespondenceStatus,
    DatePrecision,
    Direction,
    DocumentKind,
)
from plans import demo
from plans.agency_reports.models import AgencyTrainingReport, ReportStatus
from plans.models import Agency, CategoryKind, PlanStatus, PlanTarget, TrainingPlan
from tests.utils import rolled_back


@pytest.fixture
def plan_2025(demo_output):
    return TrainingPlan.objects.get(issuing_agency__code=demo.ROOT, year=2025)


def target_totals(plan, **filters):
    totals = PlanTarget.objects.filter(plan=plan, **filters).aggregate(
        classes=Sum("planned_classes"), seats=Sum("planned_seats")
    )
    return totals["classes"], totals["seats"]


def class_totals(plan, **filters):
    totals = TrainingClass.objects.filter(target__plan=plan, **filters).aggregate(
        classes=Count("id"), seats=Sum("planned_seats")
    )
    return totals["classes"], totals["seats"]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def seat_counters():
    return (
        list(TrainingClass.objects.order_by("code").values_list("code", "allotted_seats", "status")),
        list(SeatAllotment.objects.order_by("pk").values_list("pk", "seats", "taken_seats")),
    )


# --- the command's guard -----------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError, match="--force"), translation.override("en"):
        call_command("load_demo", stdout=StringIO())
    assert row_counts() == before


# --- the 2025 plan: the seed's numbers ---------------------------------------------------------


@pytest.mark.django_db
def test_2025_plan_targets_reproduce_the_seed_totals(plan_2025):
    assert plan_2025.status == PlanStatus.APPROVED
    assert target_totals(plan_2025, category__kind=CategoryKind.DEGREE) == (0, 55)
    assert target_totals(plan_2025, category__kind=CategoryKind.REFRESHER) == (75, 10_635)
    assert target_totals(plan_2025, category__kind=CategoryKind.REFRESHER, category__is_overseas=False) == (74, 10_625)
    assert target_totals(plan_2025, category__kind=CategoryKind.REFRESHER, category__is_overseas=True) == (1, 10)


@pytest.mark.django_db
def test_2025_refresher_classes_add_up_to_their_targets_in_every_category(plan_2025):
    refresher = PlanTarget.objects.filter(plan=plan_2025, category__kind=CategoryKind.REFRESHER)
    assert refresher.count() == 5  # domestic (a)–(d) and overseas
    for target in refresher:
        assert class_totals(plan_2025, target=target) == (target.planned_classes, target.planned_seats), target
    assert class_totals(plan_2025, target__category__kind=CategoryKind.REFRESHER) == (75, 10_635)
    assert class_totals(
        plan_2025, target__category__kind=CategoryKind.REFRESHER, target__category__is_overseas=False
    ) == (
        74,
        10_625,
    )


@pytest.mark.django_db
def test_2025_postgraduate_target_is_met_by_55_places_for_55_people_not_by_a_class(plan_2025):
    # Issue 15: the 55 are places for people, each under 45 on the first day of study.
    assert not TrainingClass.objects.filter(target__plan=plan_2025, target__category__kind=CategoryKind.DEGREE).exists()
    places = PostgraduatePlace.objects.filter(target__plan=plan_2025).select_related("trainee")
    assert places.count() == 55 == len({place.trainee_id for place in places})
    for place in places:
        born, start = place.trainee.date_of_birth, place.start_date
        age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
        assert age < 45, place


@pytest.mark.django_db
def test_2025_classes_are_finished_domestic_ones_seat_at_least_20_and_overseas_one_is_in_korea(plan_2025):
    classes = TrainingClass.objects.filter(target__plan=plan_2025)
    assert set(classes.values_list("status", flat=True)) == {ClassStatus.FINISHED}
    domestic = classes.filter(target__category__kind=CategoryKind.REFRESHER, target__category__is_overseas=False)
    assert not domestic.filter(planned_seats__lt=20).exists()
    assert {(c.start_date.month - 1) // 3 + 1 for c in classes} == {1, 2, 3, 4}
    overseas = classes.get(target__category__is_overseas=True)
    assert (overseas.planned_seats, overseas.country, overseas.provider.abbreviation) == (10, "Hàn Quốc", "LOGODI")
    assert not classes.filter(registration_closes__gt=F("start_date")).exists()


@pytest.mark.django_db
def test_2025_plan_is_recorded_as_issued_on_paper_with_its_symbol_and_date(plan_2025):
    # The seed prints "Số: …/KH-UBND" and "ngày … tháng 9 năm 2024", the number and the day blank: issued before
    # the portal kept the register, its day unknown (kept as the first of the month, never printed).
    issued = plan_2025.issued_document
    assert (issued.issued_on_paper, issued.number, issued.symbol, issued.issued_on, issued.issued_on_precision) == (
        True,
        None,
        "KH-UBND",
        datetime.date(2024, 9, 1),
        "month",
    )
    assert not issued.file and plan_2025.document_reference == "…/KH-UBND"


@pytest.mark.django_db
def test_2025_plan_cites_its_legal_bases_in_order_and_names_its_signer(plan_2025):
    links = list(plan_2025.basis_links.order_by("order").values_list("document__number", "role"))
    assert links == [
        ("101/2017/NĐ-CP", "basis"),
        ("89/2021/NĐ-CP", "basis"),
        ("33/2023/NĐ-CP", "basis"),
        ("163/QĐ-TTg", "basis"),
        ("63/2018/QĐ-UBND", "reference"),
        ("135/QĐ-UBND", "reference"),
        ("26/2018/QĐ-UBND", "reference"),
    ]
    assert plan_2025.signer_authority_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert (plan_2025.signer_title, plan_2025.signer_name) == ("PHÓ CHỦ TỊCH", "Dương Xuân Huyền")
    assert plan_2025.target_groups.count() == 4
    headings = [str(r) for r in plan_2025.responsibilities.order_by("order")]
    assert headings == [
        "Sở Nội vụ",
        "Sở Tài chính",
        "Sở Ngoại vụ",
        "Các sở, ban, ngành, UBND các huyện, thành phố Lạng Sơn",
        "Trường Chính trị Hoàng Văn Thụ",
    ]


# --- seats and nominations ---------------------------------------------------------------------


@pytest.mark.django_db
def test_nominations_reach_every_status_with_reasons_for_refusals(demo_output):
    statuses = set(Nomination.objects.values_list("status", flat=True))
    assert statuses == set(NominationStatus.values)
    refused = Nomination.objects.filter(status__in=[NominationStatus.REJECTED, NominationStatus.WITHDRAWN])
    assert refused.exists()
    assert not refused.filter(reason="").exists()


@pytest.mark.django_db
def test_finished_classes_are_mostly_completed(demo_output):
    finished = Nomination.objects.filter(training_class__status=ClassStatus.FINISHED)
    completed = finished.filter(status=NominationStatus.COMPLETED).count()
    assert completed > 0.7 * finished.count()
    assert not finished.filter(status__in=[NominationStatus.NOMINATED, NominationStatus.APPROVED]).exists()


@pytest.mark.django_db
def test_seat_counters_equal_the_allotments_and_nominations_behind_them(demo_output):
    classes = TrainingClass.objects.annotate(real=Sum("allotments__seats"))
    assert [(c.code, c.allotted_seats) for c in classes] == [(c.code, c.real or 0) for c in classes]
    assert not TrainingClass.objects.filter(allotted_seats__gt=F("planned_seats")).exists()
    for allotment in SeatAllotment.objects.all():
        holding = Nomination.objects.filter(
            training_class_id=allotment.training_class_id,
            agency_id=allotment.agency_id,
            status__in=SEAT_HOLDING_STATUSES,
        ).count()
        assert allotment.taken_seats == holding, allotment
    assert TrainingClass.objects.filter(allotted_seats=F("planned_seats")).count() > 0.7 * TrainingClass.objects.count()


@pytest.mark.django_db
def test_every_nominee_is_sent_by_their_own_agency_which_has_seats_in_the_class(demo_output):
    assert Nomination.objects.exists()
    assert not Nomination.objects.exclude(agency=F("trainee__agency")).exists()
    without_seats = Nomination.objects.exclude(
        Q(agency__allotments__training_class=F("training_class")) & Q(agency__allotments__seats__gt=0)
    )
    assert not without_seats.exists()


def assert_current_classes_fit_their_dates(today: datetime.date) -> None:
    """The current plan's classes, placed around the load day: every status the one their dates give, each
    state that matters there (finished, in progress, closed, open, planned), nominations awaiting a decision in
    the open ones, and targets that add up to the classes."""
    classes = TrainingClass.objects.filter(target__plan__year=today.year)
    assert classes.count() == 10
    for training_class in classes:
        if training_class.status == ClassStatus.FINISHED:
            assert training_class.end_date < today
        elif training_class.status == ClassStatus.IN_PROGRESS:
            assert training_class.start_date <= today <= training_class.end_date
        elif training_class.status == ClassStatus.CLOSED:
            assert training_class.registration_closes < today < training_class.start_date
        elif training_class.status == ClassStatus.OPEN:
            assert training_class.registration_opens <= today <= training_class.registration_closes
            assert training_class.start_date > today
        else:
            assert training_class.status == ClassStatus.PLANNED
            assert today < training_class.registration_opens
    assert set(classes.values_list("status", flat=True)) == set(ClassStatus.values) - {ClassStatus.CANCELLED}
    open_classes = classes.filter(status=ClassStatus.OPEN)
    assert open_classes.filter(registration_closes__lte=today + datetime.timedelta(days=7)).exists()  # closing soon
    open_nominations = set(Nomination.objects.filter(training_class__in=open_classes).values_list("status", flat=True))
    assert {NominationStatus.NOMINATED, NominationStatus.APPROVED, NominationStatus.WAITLISTED} <= open_nominations
    targets = PlanTarget.objects.filter(plan__year=today.year, planned_classes__gt=0)
    for target in targets:
        assert class_totals(target.plan, target=target) == (target.planned_classes, target.planned_seats)


@pytest.mark.django_db
def test_current_class_statuses_fit_their_dates_around_the_load_day(demo_output):
    assert_current_classes_fit_their_dates(timezone.localdate())


@pytest.mark.django_db
def test_the_decision_and_notice_of_every_open_demo_class_are_ready_to_issue_with_the_organisers_signer(demo_output):
    open_classes = TrainingClass.objects.filter(status=ClassStatus.OPEN).select_related("organiser")
    assert open_classes
    for training_class in open_classes:
        for kind in (DocumentKind.CLASS_DECISION, DocumentKind.RECRUITMENT_NOTICE):
            with rolled_back():
                draft = document_services.document_prepare(kind=kind, source=training_class)
                assert document_services.document_missing(draft) == [], (training_class.code, kind)
                assert draft.signer_name == draft.issuing_agency.signer_name != ""


@pytest.mark.django_db
def test_the_demo_staff_member_may_lift_a_lockout_and_remove_a_lost_two_factor_device_but_not_add_one(demo_output):
    staff = get_user_model().objects.get(username="chuyenvien")
    for perm in ("axes.view_accessattempt", "axes.delete_accessattempt", "otp_totp.delete_totpdevice"):
        assert staff.has_perm(perm), perm
    assert not staff.has_perm("otp_totp.add_totpdevice")
    assert not staff.has_perm("otp_totp.change_totpdevice")


# --- idempotency -------------------------------------------------------------------------------


def assert_loading_again_changes_nothing():
    rows, counters = row_counts(), seat_counters()
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", force=True, stdout=out)
    assert row_counts() == rows  # historical tables included: nothing was saved again
    assert seat_counters() == counters
    assert "nothing to create" in out.getvalue()


@pytest.mark.django_db
def test_running_load_demo_twice_changes_no_row_count_and_no_counter(demo_output):
    assert_loading_again_changes_nothing()


def test_planner_builds_the_same_classes_and_nominations_every_time():
    first, second = demo.Planner(), demo.Planner()
    assert first.trainees == second.trainees
    assert first.classes_2025() + first.classes_recent() == second.classes_2025() + second.classes_recent()


def test_split_total_adds_up_exactly_and_keeps_the_minimum():
    import random

    rng = random.Random(1)
    for total, count, minimum in ((5_455, 38, 20), (1_150, 12, 20), (10, 1, 1), (420, 6, 20), (400, 20, 20)):
        sizes = demo.split_total(total, count, rng, minimum=minimum)
        assert (len(sizes), sum(sizes)) == (count, total)
        assert min(sizes) >= minimum


# --- agencies, partners, letters, accounts ------------------------------------------------------


@pytest.mark.django_db
def test_agencies_record_the_2025_reform_as_data(demo_output):
    planning = Agency.objects.get(code="LS-SKHDT")
    assert (planning.valid_to, planning.successor.code) == (datetime.date(2025, 2, 28), "LS-STC")
    merged = Agency.objects.get(code="LS-SNNMT")
    assert merged.valid_from == datetime.date(2025, 3, 1)
    assert set(merged.predecessors.values_list("code", flat=True)) == {"LS-STNMT", "LS-SNNPTNT"}
    districts = Agency.objects.filter(parent__code=demo.ROOT, kind="committee")
    assert districts.count() == 11
    assert set(districts.values_list("valid_to", flat=True)) == {datetime.date(2025, 6, 30)}
    assert Agency.objects.get(code="LS-TPLS-MAIPHA").parent.code == "LS-TPLS"
    assert Agency.objects.valid_on(datetime.date(2026, 1, 1)).filter(code__in=["LS-SKHDT", "LS-TPLS"]).count() == 0


@pytest.mark.django_db
def test_logodi_letter_is_an_overdue_incoming_request_from_foreign_affairs_to_home_affairs(demo_output):
    letter = Correspondence.objects.get(symbol="SNgV-LSHTQT")
    assert letter.direction == Direction.INCOMING
    assert (letter.sender_agency.code, letter.recipient_agency.code) == ("LS-SNGV", "LS-SNV")
    assert letter.number is None
    # The seed leaves the day blank ("ngày … tháng 5 năm 2023"): only the month is known, and stays so.
    assert (letter.dated, letter.dated_precision, letter.reply_due) == (
        datetime.date(2023, 5, 1),
        DatePrecision.MONTH,
        datetime.date(2023, 5, 16),
    )
    assert not letter.date_known and letter.received_on is None
    assert letter.status == CorrespondenceStatus.RECEIVED
    assert letter in Correspondence.objects.overdue(timezone.localdate())
    assert letter.partner.abbreviation == "LOGODI"
    assert not letter.subject.startswith("V/v")
    assert letter.copies_to.splitlines() == [
        "Như trên;",
        "UBND tỉnh (b/c);",
        "Lãnh đạo Sở;",
        "Phòng LSHTQT;",
        "Lưu: VT.",
    ]
    assert (letter.signer_authority, letter.signer_title, letter.signer_name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Vân Thùy",
    )


@pytest.mark.django_db
def test_logodi_history_has_the_koica_funded_courses_in_korea_and_the_2019_course_in_the_city(demo_output):
    korea = CooperationActivity.objects.get(title=demo.ACTIVITY_2014)
    assert (korea.year_from, korea.year_to, korea.form) == (2014, 2016, CooperationForm.ABROAD)
    assert (korea.courses_count, korea.participants_count, korea.funder.abbreviation) == (3, 70, "KOICA")
    assert korea.partner.parent.abbreviation == "MOIS"
    city = CooperationActivity.objects.get(title=demo.ACTIVITY_2019)
    assert (city.year_from, city.form, city.courses_count, city.participants_count) == (
        2019,
        CooperationForm.IN_PROVINCE,
        1,
        80,
    )
    years = {2025, *TrainingPlan.objects.filter(year__gt=2025).values_list("year", flat=True)}
    # The seed's three, and one a year for the LOGODI classes of the plans (2025 and the recent ones).
    assert CooperationActivity.objects.filter(partner__code="logodi").count() == 3 + len(years)
    agreement = korea.partner.agreements.get()
    assert agreement.forms == [str(f.label) for f in CooperationForm]
    assert agreement.counterpart_agency.code == demo.ROOT


@pytest.mark.django_db
def test_napa_and_the_singapore_college_agree_on_four_lines_abroad_and_online(demo_output):
    agreement = Agreement.objects.get(title=demo.NAPA_CSC_TITLE)
    assert (agreement.partner.name_vi, agreement.counterpart_partner.abbreviation) == (
        "Trường Công vụ Xinh-ga-po",
        "NAPA",
    )
    assert not agreement.counterpart_partner.is_foreign
    assert (agreement.form_abroad, agreement.form_in_province, agreement.form_online) == (True, False, True)
    areas = list(agreement.areas.order_by("order").values_list("description", flat=True))
    assert len(areas) == 4
    assert areas[0].startswith("Phối hợp triển khai các hoạt động hợp tác trong khuôn khổ")
    assert "Mạng lưới các cơ sở đào tạo công vụ ASEAN" in areas[0]


@pytest.mark.django_db
def test_demo_accounts_are_printed_with_passwords_that_work_and_the_roles_they_claim(demo_output):
    user_model = get_user_model()
    for account in demo.ACCOUNTS:
        assert account.username in demo_output and account.password in demo_output and account.email in demo_output
        login = RequestFactory().post("/accounts/login/")  # the failed-login counter needs the request
        assert authenticate(login, username=account.username, password=account.password) is not None
    officer = user_model.objects.get(username="chuyenvien")
    assert officer.is_staff and not officer.is_superuser
    assert officer.has_perm("courses.change_trainingclass") and officer.has_perm("partners.add_correspondence")
    leader = user_model.objects.get(username="lanhdao")
    assert not leader.is_staff and leader.has_perm("plans.view_dashboard")
    assert user_model.objects.get(username="admin").is_superuser
    focal_points = {
        user.username: list(user.focal_points.values_list("agency__code", flat=True))
        for user in user_model.objects.filter(username__startswith="daumoi.")
    }
    assert focal_points == {"daumoi.sotaichinh": ["LS-STC"], "daumoi.tpls": ["LS-TPLS"]}
    assert not user_model.objects.filter(username__startswith="daumoi.", is_staff=True).exists()


@pytest.mark.django_db
def test_demo_focal_points_get_the_approval_mail_at_their_demo_address(
    demo_output, django_capture_on_commit_callbacks, mailoutbox
):
    nomination = Nomination.objects.filter(agency__code="LS-STC", status=NominationStatus.NOMINATED).first()
    with django_capture_on_commit_callbacks(execute=True):
        course_services.nomination_approve(nomination=nomination)
    assert [message.to for message in mailoutbox] == [["tuanhv@stc.langson.example"]]


@pytest.mark.django_db
def test_rows_made_through_the_services_get_one_history_record_each_with_their_m2m(demo_output):
    training_class = TrainingClass.objects.get(code="2025-A-01")
    records = list(training_class.history.all())
    assert len(records) == 1
    assert records[0].status == ClassStatus.FINISHED
    assert records[0].allotted_seats == training_class.allotted_seats
    assert records[0].target_groups.count() == training_class.target_groups.count() > 0
    nomination = Nomination.objects.filter(status=NominationStatus.COMPLETED).first()
    assert [record.status for record in nomination.history.all()] == [NominationStatus.COMPLETED]


def test_the_2025_agencies_reports_have_one_late_and_one_returned(demo_output):
    reports = {r.agency.code: r for r in AgencyTrainingReport.objects.filter(round__year=2025).select_related("agency")}
    assert reports["LS-TPLS"].late and reports["LS-TPLS"].status == ReportStatus.ACCEPTED
    assert not reports["LS-STC"].late and reports["LS-STC"].status == ReportStatus.RETURNED
    assert reports["LS-STC"].return_reason
