"""Agencies report their own training to the department by a deadline; staff accept or return each report."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from plans.agency_reports import selectors, services
from plans.agency_reports.models import AgencyReportEvent, AgencyTrainingReport, ReportStatus
from plans.agency_reports.services import LineFigures
from plans.models import FocalPoint
from tests.factories import AgencyFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 1, 15)


def moment(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def reporting_round(db):
    return services.round_open(year=2025, deadline=DEADLINE)


@pytest.fixture
def category(db):
    return CategoryFactory(code="qlnn", name="Bồi dưỡng quản lý nhà nước")


def figures(category, classes=2, participants=80, periods=64):
    return [LineFigures(category=category, classes=classes, participants=participants, periods=periods)]


def send(agency, reporting_round, category, by=None, day=DEADLINE, **numbers):
    return services.report_submit(
        agency=agency, reporting_round=reporting_round, lines=figures(category, **numbers), by=by, now=moment(day)
    )


def test_a_report_sent_by_the_deadline_is_in_time_and_awaits_review(agency, reporting_round, category, focal_point):
    report = send(agency, reporting_round, category, by=focal_point)
    assert report.status == ReportStatus.SUBMITTED and not report.late
    assert [(line.classes, line.participants, line.periods) for line in report.lines.all()] == [(2, 80, 64)]
    assert report.events.get().by == focal_point


def test_a_report_sent_after_the_deadline_is_taken_and_marked_late(agency, reporting_round, category):
    report = send(agency, reporting_round, category, day=DEADLINE + datetime.timedelta(days=1))
    assert report.status == ReportStatus.SUBMITTED and report.late


def test_an_agency_reports_once_a_year(agency, reporting_round, category):
    send(agency, reporting_round, category)
    with pytest.raises(ValidationError, match="already sent"):
        send(agency, reporting_round, category)
    report = AgencyTrainingReport.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyTrainingReport.objects.create(
            round=reporting_round,
            agency=agency,
            submitted_at=report.submitted_at,
            first_submitted_at=report.submitted_at,
        )


def test_a_returned_report_is_corrected_and_sent_again(agency, reporting_round, category, staff_user):
    report = send(agency, reporting_round, category)
    services.report_return(report=report, by=staff_user, reason="Thiếu số tiết của lớp thứ hai", now=moment(DEADLINE))
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.decided_by == staff_user
    again = send(agency, reporting_round, category, classes=3, participants=90, day=DEADLINE + datetime.timedelta(5))
    assert again.pk == report.pk and again.status == ReportStatus.SUBMITTED
    assert not again.late, "late is whether it was first sent after the deadline"
    assert again.lines.get().classes == 3
    kinds = list(AgencyReportEvent.objects.filter(report=report).values_list("kind", "late", "reason"))
    assert kinds == [
        ("submitted", False, ""),
        ("returned", False, "Thiếu số tiết của lớp thứ hai"),
        ("submitted", True, ""),
    ]


def test_a_return_needs_a_reason_and_an_accepted_report_is_final(agency, reporting_round, category, staff_user):
    report = send(agency, reporting_round, category)
    with pytest.raises(ValidationError, match="why"):
        services.report_return(report=report, by=staff_user, reason="  ")
    services.report_accept(report=report, by=staff_user)
    with pytest.raises(ValidationError, match="awaiting review"):
        services.report_return(report=report, by=staff_user, reason="x")
    with pytest.raises(ValidationError, match="accepted"):
        send(agency, reporting_round, category)


def test_the_database_refuses_a_returned_report_without_reason(agency, reporting_round, category):
    report = send(agency, reporting_round, category)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyTrainingReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.RETURNED, decided_at=timezone.now()
        )


def test_participants_need_a_class_and_an_empty_report_is_refused(agency, reporting_round, category):
    with pytest.raises(ValidationError, match="at least one class"):
        send(agency, reporting_round, category, classes=0, participants=5)
    with pytest.raises(ValidationError, match="at least one category"):
        send(agency, reporting_round, category, classes=0, participants=0, periods=0)


def test_the_round_lists_who_is_late_first(
    agency, other_agency, reporting_round, category, focal_point, other_focal_point
):
    third = AgencyFactory(name="Sở Xây dựng")
    send(agency, reporting_round, category, day=DEADLINE + datetime.timedelta(days=2))
    send(other_agency, reporting_round, category)
    before = selectors.round_overview(reporting_round, DEADLINE)
    assert [(row.agency, row.late) for row in before] == [(agency, True), (other_agency, False)]
    assert third not in [row.agency for row in before], "an agency without a focal point is not asked"
    after = selectors.round_overview(reporting_round, DEADLINE + datetime.timedelta(days=3))
    assert [row.late for row in after] == [True, False]


def test_an_agency_not_sent_after_the_deadline_is_late(agency, reporting_round, focal_point):
    (row,) = selectors.round_overview(reporting_round, DEADLINE + datetime.timedelta(days=1))
    assert row.report is None and row.late
    (row,) = selectors.round_overview(reporting_round, DEADLINE)
    assert not row.late


def test_only_accepted_reports_count_in_the_reported_training(
    agency, other_agency, reporting_round, category, staff_user
):
    accepted = send(agency, reporting_round, category, classes=2, participants=80, periods=64)
    services.report_accept(report=accepted, by=staff_user)
    send(other_agency, reporting_round, category, classes=5, participants=200, periods=100)
    reported = selectors.reported_training(2025)
    assert (reported.classes, reported.participants, reported.periods) == (2, 80, 64)
    assert (reported.accepted, reported.pending) == (1, 1)


# --- the pages -------------------------------------------------------------------------------------------------


def test_a_focal_point_sends_the_report_in_the_portal(client, agency, focal_point, reporting_round, category):
    client.force_login(focal_point)
    url = reverse("portal:report", kwargs={"year": 2025})
    assert client.get(url).status_code == 200
    data = {f"classes_{category.pk}": "2", f"participants_{category.pk}": "40", f"periods_{category.pk}": "32"}
    response = client.post(url, data | {"note": "Hai lớp tại chỗ"})
    assert response.status_code == 302
    report = AgencyTrainingReport.objects.get(agency=agency)
    assert report.submitted_by == focal_point and report.lines.get().participants == 40
    assert client.post(url, data).status_code == 400, "sent once, not again until returned"


def test_a_focal_point_sees_only_the_own_agencys_report(
    client, agency, other_agency, focal_point, reporting_round, category
):
    theirs = send(other_agency, reporting_round, category, participants=77)
    client.force_login(focal_point)
    assert client.get(reverse("portal:report_detail", kwargs={"pk": theirs.pk})).status_code == 404
    page = client.get(reverse("portal:report", kwargs={"year": 2025})).content.decode()
    assert "77" not in page
    assert client.get(reverse("portal:report", kwargs={"year": 1999})).status_code == 404


def test_staff_accept_and_return_on_the_round_page(client, agency, staff_user, reporting_round, category, focal_point):
    report = send(agency, reporting_round, category)
    client.force_login(staff_user)
    page = client.get(reverse("agency_reports:round", kwargs={"year": 2025}))
    assert page.status_code == 200 and agency.name in page.content.decode()
    decide = reverse("agency_reports:decide", kwargs={"pk": report.pk})
    client.post(decide, {"decision": "return", "reason": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED, "no reason, not returned"
    client.post(decide, {"decision": "return", "reason": "Số liệu chưa khớp"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.return_reason == "Số liệu chưa khớp"


def test_staff_open_a_round_with_its_deadline(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("agency_reports:rounds"), {"year": "2026", "deadline": "2027-01-20"})
    assert response.status_code == 302
    assert client.get(reverse("agency_reports:round", kwargs={"year": 2026})).status_code == 200


def test_a_focal_point_sends_the_report_from_the_excel_template(client, agency, focal_point, reporting_round, category):
    client.force_login(focal_point)
    response = client.get(reverse("portal:report_template", kwargs={"year": 2025}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[1]
    assert sheet.cell(row=2, column=1).value.startswith("qlnn")
    sheet.cell(row=2, column=2, value=3)
    sheet.cell(row=2, column=3, value="1.205")  # grouped the Vietnamese way
    sheet.cell(row=2, column=4, value=96)
    url = reverse("portal:report", kwargs={"year": 2025})
    assert client.post(url, {"file": as_upload(workbook)}).status_code == 302
    line = AgencyTrainingReport.objects.get(agency=agency).lines.get()
    assert (line.category, line.classes, line.participants, line.periods) == (category, 3, 1205, 96)


def test_a_bad_excel_row_sends_nothing_and_is_listed(client, agency, focal_point, reporting_round, category):
    client.force_login(focal_point)
    response = client.get(reverse("portal:report_template", kwargs={"year": 2025}))
    workbook = load_workbook(io.BytesIO(response.content))
    workbook.worksheets[1].cell(row=2, column=2, value="hai")
    response = client.post(reverse("portal:report", kwargs={"year": 2025}), {"file": as_upload(workbook)})
    assert response.status_code == 400 and "hai" in response.content.decode()
    assert not AgencyTrainingReport.objects.exists()


def as_upload(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue())


def test_the_round_page_asks_the_same_queries_whatever_the_number_of_agencies(
    client, staff_user, reporting_round, category, django_assert_max_num_queries
):
    client.force_login(staff_user)
    url = reverse("agency_reports:round", kwargs={"year": 2025})
    for number in range(6):
        agency = AgencyFactory()
        FocalPoint.objects.create(user=UserFactory(), agency=agency)
        if number % 2:
            send(agency, reporting_round, category)
    client.get(url)  # the session and the permissions, cached
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
