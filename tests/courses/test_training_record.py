"""Each person's record: the page (portal and console), what it counts (courses/records.py), its Excel and PDF, training
outside the plan with its evidence, staff's check, and the position history."""

import datetime
import io
import unicodedata
from decimal import Decimal

import pdfplumber
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from courses import record_documents, record_services
from courses.models import (
    CertificateKind,
    EligibilityOverride,
    Grade,
    LeadershipLevel,
    Nomination,
    NominationStatus,
    OutsideTraining,
    OutsideTrainingStatus,
    PositionChange,
    PositionChangeKind,
    RequirementDeadline,
    Result,
    TrainingRequirement,
)
from courses.records import periods_by_year
from courses.training_record import training_record
from tests.factories import AgencyFactory, RankFactory, TraineeFactory, TrainingClassFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
D = datetime.date


def scan(name="scan.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


JUNE_2025, NOVEMBER_2025 = D(2025, 6, 6), D(2025, 11, 20)


def sat(trainee, status, *, periods=24, end=JUNE_2025, code=None):
    training_class = TrainingClassFactory(
        periods=periods, start_date=end - datetime.timedelta(days=4), end_date=end, **({"code": code} if code else {})
    )
    reason = "Bận công tác." if status == NominationStatus.WITHDRAWN else ""
    return Nomination.objects.create(
        trainee=trainee, training_class=training_class, agency=trainee.agency, status=status, reason=reason
    )


def outside(trainee, *, periods=12, end=NOVEMBER_2025, title="Bồi dưỡng kiến thức quốc phòng", by=None):
    return record_services.outside_training_record(
        trainee=trainee,
        evidence=scan(),
        by=by,
        kind="ministry",
        title=title,
        organiser="Bộ Quốc phòng",
        start_date=end - datetime.timedelta(days=2),
        end_date=end,
        periods=periods,
    )


@pytest.fixture
def person(agency, media):
    return TraineeFactory(agency=agency, full_name="Hoàng Thị Mai")


@pytest.fixture
def long_record(person, staff_user):
    """Two years of classes (completed, failed, attended), a result and a certificate, outside training in each
    status, and two position changes."""
    completed = sat(person, NominationStatus.COMPLETED, periods=24, end=D(2025, 6, 6), code="BD-2025-01")
    Result.objects.create(
        nomination=completed,
        score=Decimal("8.50"),
        grade=Grade.VERY_GOOD,
        certificate_kind=CertificateKind.CERTIFICATE,
        certificate_number="CC-0042",
        certificate_date=D(2025, 6, 10),
        issued_by="Trường Chính trị Hoàng Văn Thụ",
    )
    sat(person, NominationStatus.FAILED, periods=40, end=D(2025, 9, 5), code="BD-2025-02")
    sat(person, NominationStatus.COMPLETED, periods=16, end=D(2024, 4, 5), code="BD-2024-01")
    sat(person, NominationStatus.ATTENDED, periods=8, end=D(2024, 10, 5), code="BD-2024-02")
    sat(person, NominationStatus.WITHDRAWN, periods=8, end=D(2024, 11, 5), code="BD-2024-03")
    verified = outside(person, periods=12, end=D(2025, 11, 20), title="Khóa của Bộ")
    record_services.outside_training_verify(record=verified, by=staff_user)
    refused = outside(person, periods=30, end=D(2025, 3, 1), title="Khóa tự khai")
    record_services.outside_training_refuse(record=refused, by=staff_user, reason="Không có giấy chứng nhận.")
    outside(person, periods=6, end=D(2024, 12, 1), title="Khóa chờ xác minh")
    record_services.position_change_record(
        trainee=person, kind=PositionChangeKind.RANK, date=D(2020, 1, 1), rank=RankFactory(code="01.003")
    )
    record_services.position_change_record(
        trainee=person,
        kind=PositionChangeKind.APPOINTMENT,
        date=D(2025, 2, 1),
        leadership_level=LeadershipLevel.DIVISION,
        position="Phó Trưởng phòng",
    )
    return person


# --- what the record shows and counts -------------------------------------------------------------------------


def test_the_record_counts_what_records_py_counts_and_shows_the_rest_as_not_counted(long_record):
    record = training_record(long_record)
    assert [year.year for year in record.years] == [2025, 2024]
    assert record.totals() == {
        year: periods for (pk, year), periods in periods_by_year([long_record.pk]).items() if pk == long_record.pk
    }
    assert record.totals() == {2025: 24 + 12, 2024: 16}
    by_title = {line.title: line for line in record.lines}
    assert by_title["Khóa của Bộ"].counted_periods == 12
    assert not by_title["Khóa tự khai"].counts and by_title["Khóa tự khai"].note == "Không có giấy chứng nhận."
    assert not by_title["Khóa chờ xác minh"].counts
    codes = {line.code: line for line in record.lines if not line.is_outside}
    assert set(codes) == {"BD-2025-01", "BD-2025-02", "BD-2024-01", "BD-2024-02"}  # the withdrawn one is not training
    assert not codes["BD-2025-02"].counts and not codes["BD-2024-02"].counts
    assert codes["BD-2025-01"].result == "8,5 – Very good"
    assert codes["BD-2025-01"].certificate == "Certificate of a programme no. CC-0042"
    assert [year.not_counted.__len__() for year in record.years] == [2, 2]
    assert [change.kind for change in record.positions] == [PositionChangeKind.APPOINTMENT, PositionChangeKind.RANK]


def test_the_record_page_reads_the_same_in_a_fixed_number_of_queries_however_long(
    client, focal_point, long_record, django_assert_max_num_queries
):
    client.force_login(focal_point)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("portal:person_record", args=[long_record.pk])
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("BD-2025-01", "Khóa của Bộ", "36 periods counted", "16 periods counted", "not counted", "CC-0042"):
        assert text in page
    for n in range(30):  # thirty more years of classes: the page asks no more of the database
        sat(long_record, NominationStatus.COMPLETED, end=D(1990 + n, 5, 5), code=f"OLD-{n}")
        outside(long_record, end=D(1990 + n, 6, 6), title=f"Khóa cũ {n}")
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_staff_read_the_record_from_the_console_in_a_fixed_number_of_queries(
    client, staff_user, long_record, django_assert_max_num_queries
):
    client.force_login(staff_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("portal:staff_record", args=[long_record.pk]))
    assert response.status_code == 200
    assert reverse("portal:staff_evidence", args=[long_record.outside_training.first().pk]) in response.content.decode()
    change = client.get(reverse("admin:courses_trainee_change", args=[long_record.pk])).content.decode()
    assert reverse("portal:staff_record", args=[long_record.pk]) in change
    listing = client.get(reverse("admin:courses_trainee_changelist")).content.decode()
    assert reverse("portal:staff_record", args=[long_record.pk]) in listing


# --- who may see it ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["portal:person_record", "portal:person_record_xlsx", "portal:person_record_pdf", "portal:outside_training_add"],
)
def test_only_the_focal_point_of_the_persons_agency_opens_the_record(
    client, name, person, focal_point, other_focal_point, leader, staff_user
):
    url = reverse(name, args=[person.pk])
    assert client.get(url).status_code == 302  # anonymous: the login page
    client.force_login(other_focal_point)
    assert client.get(url).status_code == 404  # another agency's person is as good as nobody
    client.force_login(leader)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    assert client.get(url).status_code == 403  # staff use the console's page
    client.force_login(focal_point)
    assert client.get(url).status_code == 200


def test_a_person_who_moves_agency_keeps_the_record_and_the_old_agency_loses_it(
    client, long_record, focal_point, other_focal_point, other_agency
):
    long_record.agency = other_agency
    long_record.save()
    url = reverse("portal:person_record", args=[long_record.pk])
    client.force_login(focal_point)
    assert client.get(url).status_code == 404
    client.force_login(other_focal_point)
    response = client.get(url)
    assert response.status_code == 200
    assert "BD-2025-01" in response.content.decode() and "Phó Trưởng phòng" in response.content.decode()


def test_the_evidence_is_served_only_through_the_checking_views(
    client, person, focal_point, other_focal_point, leader, staff_user
):
    record = outside(person)
    assert record.evidence.name.startswith("evidence/") and record.evidence.name.endswith(".pdf")
    assert "scan" not in record.evidence.name  # the system names the file
    own = reverse("portal:evidence", args=[record.pk])
    console = reverse("portal:staff_evidence", args=[record.pk])
    assert client.get(own).status_code == 302
    assert client.get(f"/{settings.MEDIA_URL}{record.evidence.name}").status_code == 404  # no public address
    client.force_login(other_focal_point)
    assert client.get(own).status_code == 404
    client.force_login(leader)
    assert client.get(own).status_code == 403 and client.get(console).status_code == 403
    client.force_login(focal_point)
    response = client.get(own)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert client.get(console).status_code == 403
    client.force_login(staff_user)
    assert client.get(console).content == PDF


# --- training outside the plan: the evidence and the check ---------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (scan(content=b""), "evidence_missing"),
        (scan("virus.pdf", b"MZ\x90\x00 an executable"), "evidence_wrong_type"),  # a fake extension
        (scan("photo.jpg", PDF, "image/jpeg"), "evidence_name_mismatch"),  # the name lies about a real scan
        (scan("scan.docx", PDF), "evidence_wrong_type"),
        (scan("scan.png", b"<svg onload=alert(1)>", "image/png"), "evidence_wrong_type"),
    ],
)
def test_evidence_that_is_not_a_scan_is_refused_by_its_content(person, upload, code):
    with pytest.raises(ValidationError) as refused:
        record_services.outside_training_record(
            trainee=person,
            evidence=upload,
            kind="agency",
            title="Tập huấn nghiệp vụ",
            organiser="Sở Tài chính",
            start_date=D(2025, 5, 5),
            end_date=D(2025, 5, 6),
            periods=8,
        )
    assert refused.value.code == code
    assert not OutsideTraining.objects.exists()


def test_evidence_over_the_size_limit_is_refused_in_plain_words(person, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="at most 1 KB"):
        record_services.evidence_kind(scan(content=PDF + b"\x00" * 2000))
    assert record_services.evidence_kind(scan("a.PNG", PNG, "image/png")) == "png"
    assert record_services.evidence_kind(scan("b.jpeg", JPG, "image/jpeg")) == "jpg"


def test_the_focal_point_records_training_with_its_evidence_and_it_awaits_verification(client, person, focal_point):
    client.force_login(focal_point)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("portal:outside_training_add", args=[person.pk])
    data = {
        "kind": "abroad",
        "title": "Quản trị địa phương",
        "organiser": "LOGODI",
        "country": "Hàn Quốc",
        "start_date": "2025-05-05",
        "end_date": "2025-05-16",
        "periods": "80",
    }
    bad = client.post(url, data | {"evidence": scan("x.pdf", b"GIF89a")})
    assert bad.status_code == 400 and "not a PDF, JPG or PNG" in bad.content.decode()
    response = client.post(url, data | {"evidence": scan("chung-chi.jpg", JPG, "image/jpeg")})
    assert response.status_code == 302
    record = OutsideTraining.objects.get()
    assert record.status == OutsideTrainingStatus.SUBMITTED and record.recorded_by == focal_point
    assert record.agency == person.agency and record.evidence.name.endswith(".jpg")
    assert periods_by_year([person.pk]) == {}  # nothing counts before staff verify it


def test_staff_verify_or_refuse_with_a_reason_once_and_only_verified_training_counts(person, staff_user):
    first, second = outside(person, periods=10), outside(person, periods=20, title="Khóa khác")
    with pytest.raises(ValidationError) as no_reason:
        record_services.outside_training_refuse(record=second, reason="  ", by=staff_user)
    assert no_reason.value.code == "reason_to_refuse_record"
    record_services.outside_training_verify(record=first, by=staff_user)
    record_services.outside_training_refuse(record=second, reason="Sai đối tượng.", by=staff_user)
    with pytest.raises(ValidationError) as again:
        record_services.outside_training_verify(record=second, by=staff_user)
    assert again.value.code == "outside_already_checked"
    second.refresh_from_db()
    assert second.status == OutsideTrainingStatus.REJECTED and second.checked_by == staff_user
    assert periods_by_year([person.pk]) == {(person.pk, 2025): 10}
    assert first.history.first().status == OutsideTrainingStatus.VERIFIED  # the audit trail has the decision


def test_the_console_lists_training_awaiting_verification_and_its_actions_decide(client, person, staff_user):
    waiting, decided = outside(person), outside(person, title="Đã xác minh")
    record_services.outside_training_verify(record=decided, by=staff_user)
    client.force_login(staff_user)
    changelist = reverse("admin:courses_outsidetraining_changelist")
    listing = client.get(changelist, {"check": "awaiting"}).content.decode()
    assert reverse("admin:courses_outsidetraining_change", args=[waiting.pk]) in listing
    assert reverse("admin:courses_outsidetraining_change", args=[decided.pk]) not in listing
    assert (
        "/media/" not in client.get(reverse("admin:courses_outsidetraining_change", args=[waiting.pk])).content.decode()
    )
    client.post(changelist, {"action": "refuse", "_selected_action": [waiting.pk], "apply": "1", "reason": "Mờ."})
    waiting.refresh_from_db()
    assert waiting.status == OutsideTrainingStatus.REJECTED and waiting.staff_note == "Mờ."
    again = outside(person, title="Lần nữa")
    client.post(changelist, {"action": "verify", "_selected_action": [again.pk]})
    again.refresh_from_db()
    assert again.status == OutsideTrainingStatus.VERIFIED


# --- position history ------------------------------------------------------------------------------------------


def test_the_latest_change_sets_the_persons_level_and_rank_and_an_older_one_does_not(person):
    senior, junior = RankFactory(code="01.002"), RankFactory(code="01.004")
    record_services.position_change_record(trainee=person, kind="rank", date=D(2023, 1, 1), rank=senior)
    record_services.position_change_record(trainee=person, kind="rank", date=D(2015, 1, 1), rank=junior)
    record_services.position_change_record(
        trainee=person, kind="appointment", date=D(2024, 7, 1), leadership_level=LeadershipLevel.DEPARTMENT
    )
    person.refresh_from_db()
    assert person.rank == senior and person.leadership_level == LeadershipLevel.DEPARTMENT
    assert PositionChange.objects.filter(trainee=person).count() == 3
    for kwargs, code in (
        ({"kind": "appointment", "date": D(2024, 1, 1)}, "position_needs_level"),
        ({"kind": "rank", "date": D(2024, 1, 1)}, "position_needs_rank"),
        ({"kind": "rank", "date": D(2023, 1, 1), "rank": junior}, "position_same_day"),
        (
            {"kind": "rank", "date": datetime.date.today() + datetime.timedelta(days=2), "rank": junior},
            "position_in_future",
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            record_services.position_change_record(trainee=person, **kwargs)
        assert refused.value.code == code


def test_staff_record_a_position_change_in_the_console_through_the_service(client, person, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:courses_positionchange_add"),
        {
            "trainee": person.pk,
            "kind": "appointment",
            "date": "2025-03-01",
            "leadership_level": "division",
            "position": "Trưởng phòng",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.leadership_level == LeadershipLevel.DIVISION and person.position == "Trưởng phòng"


# --- the downloads ----------------------------------------------------------------------------------------------


def test_the_excel_holds_every_line_the_totals_and_the_positions(client, focal_point, long_record):
    client.force_login(focal_point)
    response = client.get(reverse("portal:person_record_xlsx", args=[long_record.pk]))
    assert response.status_code == 200 and "qua-trinh-dao-tao-hoang-thi-mai" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    lines, totals, positions, exceptions = book.worksheets
    rows = list(lines.iter_rows(values_only=True))
    assert rows[0][0] == "Năm" and len(rows) == 1 + 7
    by_code = {row[2]: row for row in rows[1:] if row[2]}
    assert by_code["BD-2025-01"][11] == 24 and by_code["BD-2025-02"][11] == 0
    assert list(totals.iter_rows(values_only=True))[1:] == [(2025, 36, 2), (2024, 16, 2)]
    assert len(list(positions.iter_rows(values_only=True))) == 3
    assert len(list(exceptions.iter_rows(values_only=True))) == 1  # its headings: no exception for this person


def test_the_pdf_is_one_page_in_the_state_format_with_every_row(long_record):
    rendered = record_documents.render_pdf(training_record(long_record), today=D(2026, 3, 5))
    with pdfplumber.open(io.BytesIO(rendered.content)) as pdf:
        assert len(pdf.pages) == 1
        text = " ".join(unicodedata.normalize("NFC", pdf.pages[0].extract_text()).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG",
        "Hoàng Thị Mai",
        "ngày 05 tháng 3 năm 2026",
        "Năm 2025",
        "Năm 2024",
        "Khóa của Bộ",
        "Khóa tự khai",
        "CC-0042",
        "Không tính",
        "Phó Trưởng phòng",
    ):
        assert expected in text, expected


def test_a_focal_point_without_the_view_permission_is_still_refused_the_console_page(client, person):
    user = UserFactory(username="clerk", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_nomination"))
    client.force_login(user)
    assert client.get(reverse("portal:staff_record", args=[person.pk])).status_code == 403
    other = AgencyFactory()
    assert other.pk != person.agency_id


# --- generated data: records over several years ---------------------------------------------------------------


def test_generate_data_gives_people_records_over_several_years(django_assert_max_num_queries):
    from plans.synthetic import generate

    today = D(2026, 6, 15)
    report = generate(scale=0.001, seed=3, year=2026, years=3, today=today)
    assert report.rows["plans"] == 2 * 3 and report.rows["outside training"] > 0
    years_counted = {year for _pk, year in periods_by_year(TraineeFactory._meta.model.objects.all())}
    assert {2024, 2025} <= years_counted  # finished classes and verified training of past years count
    statuses = set(OutsideTraining.objects.values_list("status", flat=True))
    assert statuses == {OutsideTrainingStatus.VERIFIED, OutsideTrainingStatus.SUBMITTED, OutsideTrainingStatus.REJECTED}
    leader = TraineeFactory._meta.model.objects.exclude(leadership_level=LeadershipLevel.NONE).first()
    appointment = PositionChange.objects.get(trainee=leader, kind=PositionChangeKind.APPOINTMENT)
    assert appointment.leadership_level == leader.leadership_level and appointment.date <= today
    assert PositionChange.objects.filter(kind=PositionChangeKind.RANK).count() == report.rows["trainees"]
    with django_assert_max_num_queries(4):
        record = training_record(leader)
    assert record.positions and record.years


def test_the_demo_has_training_in_every_status_and_leaders_appointed_within_and_past_twelve_months(demo_output):
    statuses = set(OutsideTraining.objects.values_list("status", flat=True))
    assert statuses == {OutsideTrainingStatus.VERIFIED, OutsideTrainingStatus.SUBMITTED, OutsideTrainingStatus.REJECTED}
    for record in OutsideTraining.objects.all():
        with record.evidence.open("rb") as handle:  # every demo record has its scan
            assert handle.read(5) == b"%PDF-"
    today = datetime.date.today()
    ages = [
        (today - day).days for day in PositionChange.objects.filter(kind="appointment").values_list("date", flat=True)
    ]
    assert any(age < 365 for age in ages) and any(age > 366 for age in ages)
    leaders = TraineeFactory._meta.model.objects.exclude(leadership_level=LeadershipLevel.NONE)
    assert PositionChange.objects.filter(kind="appointment").count() == leaders.count()


def test_the_record_says_which_requirements_the_person_meets_this_year_in_the_same_query_budget(
    client, focal_point, staff_user, long_record, django_assert_max_num_queries
):
    TrainingRequirement.objects.create(
        code="toi-thieu", name="Tối thiểu 40 tiết/năm", periods=40, article="Điều 18 (chưa đối chiếu được)"
    )
    TrainingRequirement.objects.create(
        code="lanh-dao", name="Lãnh đạo cấp phòng", course=TrainingClassFactory().course,
        leadership_level=LeadershipLevel.DIVISION, deadline=RequirementDeadline.AFTER_APPOINTMENT, months=12,
    )  # fmt: skip
    TrainingRequirement.objects.create(
        code="nguoi-khac", name="Chỉ cho cấp sở", periods=80, leadership_level=LeadershipLevel.DEPARTMENT
    )
    client.force_login(focal_point)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("portal:person_record", args=[long_record.pk])
    moment = time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC))
    with moment, django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    section = page[page.index("Training requirements in 2025") : page.index("Year 2025")]
    # 24 + 12 periods counted in 2025 (the failed class and the refused training count for nothing)
    assert "Behind" in section and "36 of 40 periods counted in 2025: 4 still missing." in section
    assert "Điều 18 (chưa đối chiếu được)" in section
    # appointed on 1/2/2025, the leaders' course is due by 1/2/2026: more than COMPLIANCE_SOON_DAYS away
    assert "Not yet due" in section and "01/02/2026" in section
    assert "Chỉ cho cấp sở" not in section  # a requirement for another leadership level does not apply
    assert not staff_user.is_superuser  # the console's record, for staff whose permissions are read: as few queries
    client.force_login(staff_user)
    with moment, django_assert_max_num_queries(10):
        console = client.get(reverse("portal:staff_record", args=[long_record.pk])).content.decode()
    assert "36 of 40 periods counted in 2025: 4 still missing." in console


def test_a_record_without_requirements_in_force_says_so(client, staff_user, long_record):
    client.force_login(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("portal:staff_record", args=[long_record.pk])).content.decode()
    assert "No training requirement in force applies to this person." in page


# --- exceptions to the rules of eligibility on the record -------------------------------------------------------


@pytest.fixture
def exceptions(long_record, staff_user):
    staff_user.last_name, staff_user.first_name = "Nguyễn Văn", "Bình"
    staff_user.save()
    overseas = TrainingClassFactory(code="NN-2026-01", title="Bồi dưỡng tại Hàn Quốc")
    EligibilityOverride.objects.create(
        trainee=long_record, rule="language", training_class=overseas,
        reason="Đoàn có phiên dịch đi kèm.", decided_by=staff_user,
    )  # fmt: skip
    EligibilityOverride.objects.create(
        trainee=long_record, rule="max_age", applies_to="postgraduate",
        reason="Chuyên ngành tỉnh đang thiếu, Giám đốc Sở đồng ý.", decided_by=staff_user,
    )  # fmt: skip
    return long_record


def test_the_record_shows_the_exceptions_staff_decided_with_reason_who_and_what_for(
    client, focal_point, staff_user, exceptions, django_assert_max_num_queries
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for user, url in (
        (focal_point, reverse("portal:person_record", args=[exceptions.pk])),
        (staff_user, reverse("portal:staff_record", args=[exceptions.pk])),
    ):
        client.force_login(user)
        with django_assert_max_num_queries(10):
            page = client.get(url).content.decode()
        section = page[page.index("Exceptions to the rules of eligibility") : page.index("Year 2025")]
        assert "Foreign language level" in section and "NN-2026-01" in section
        assert "Đoàn có phiên dịch đi kèm." in section and "Nguyễn Văn Bình" in section
        assert "Age at the start" in section and "Postgraduate training" in section
        assert "every proposal of this kind" in section


def test_a_record_without_exceptions_reads_none_and_says_nothing_of_them(client, focal_point, long_record):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(focal_point)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portal:person_record", args=[long_record.pk])).content.decode()
    assert "Exceptions to the rules of eligibility" not in page
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "courses_eligibilityoverride"')]
    assert not reads  # the person's own query asked whether there are any (EXISTS), and there are none


def test_the_records_excel_and_pdf_carry_the_exceptions(exceptions):
    record = training_record(exceptions)
    book = load_workbook(io.BytesIO(record_documents.render_xlsx(record).content))
    rows = list(book.worksheets[3].iter_rows(values_only=True))
    assert rows[0][0] == "Điều kiện được miễn" and len(rows) == 3
    by_rule = {row[0]: row for row in rows[1:]}
    assert by_rule["Trình độ ngoại ngữ"][1:3] == ("NN-2026-01", "Bồi dưỡng tại Hàn Quốc")
    assert by_rule["Trình độ ngoại ngữ"][5] == "Nguyễn Văn Bình"
    rendered = record_documents.render_pdf(record, today=D(2026, 3, 5))
    with pdfplumber.open(io.BytesIO(rendered.content)) as pdf:
        text = " ".join(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in pdf.pages)).split())
    assert "3. Ngoại lệ về điều kiện cử đi đào tạo, bồi dưỡng" in text
    assert "Đoàn có phiên dịch đi kèm." in text and "Nguyễn Văn Bình" in text
