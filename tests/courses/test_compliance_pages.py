"""Who is behind, as pages: the province for staff and leaders (read only), one agency for its focal point only,
each list as Excel; query counts that do not grow with the rows."""

import datetime
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.compliance import Filters, ListKind, Reason, add_months, behind_page
from courses.models import LeadershipLevel, PositionChange, PositionChangeKind, RequirementDeadline, TrainingRequirement
from tests.factories import AgencyFactory, CourseFactory, PlanFactory, TargetFactory, TraineeFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def requirements(db):
    course = CourseFactory(title="Bồi dưỡng lãnh đạo cấp phòng")
    return (
        TrainingRequirement.objects.create(
            code="toi-thieu", name="Tối thiểu 40 tiết/năm", periods=40, article="Điều X (chưa xác minh)"
        ),
        TrainingRequirement.objects.create(
            code="lanh-dao",
            name="Lãnh đạo cấp phòng",
            course=course,
            leadership_level=LeadershipLevel.DIVISION,
            deadline=RequirementDeadline.AFTER_APPOINTMENT,
            months=12,
        ),
    )


@pytest.fixture
def people(requirements, agency, other_agency):
    ours = TraineeFactory(full_name="Người của sở", agency=agency, position="Chuyên viên")
    theirs = TraineeFactory(full_name="Người của thành phố", agency=other_agency)
    leader = TraineeFactory(full_name="Trưởng phòng quá hạn", agency=agency, leadership_level=LeadershipLevel.DIVISION)
    appointed = TODAY - datetime.timedelta(days=500)
    PositionChange.objects.create(
        trainee=leader, kind=PositionChangeKind.APPOINTMENT, date=appointed, leadership_level=LeadershipLevel.DIVISION
    )
    return ours, theirs, leader


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_focal_point_sees_only_its_own_agencys_people_with_the_reason(client, people, focal_point):
    client.force_login(focal_point)
    html = english(client).get(reverse("portal:compliance"), {"year": YEAR}).content.decode()
    assert "Người của sở" in html and "Trưởng phòng quá hạn" in html
    assert "Người của thành phố" not in html
    assert "0 of 40 periods counted" in html and "was due by" in html
    # naming another agency in the query string changes nothing: the portal acts for the focal point's own agency
    other = client.get(reverse("portal:compliance"), {"agency": people[1].agency_id}).content.decode()
    assert "Người của thành phố" not in other


def test_the_other_focal_point_sees_its_own_and_no_one_elses(client, people, other_focal_point):
    client.force_login(other_focal_point)
    html = client.get(reverse("portal:compliance")).content.decode()
    assert "Người của thành phố" in html and "Người của sở" not in html


@pytest.mark.parametrize("url", ["portal:compliance", "portal:compliance_xlsx"])
def test_staff_and_leaders_are_refused_the_portal_and_anonymous_sent_to_log_in(client, people, staff_user, leader,
                                                                                 url):  # fmt: skip
    assert client.get(reverse(url)).status_code == 302
    for user in (staff_user, leader):
        client.force_login(user)
        assert client.get(reverse(url)).status_code == 403


def test_leaders_read_the_province_and_drill_down_to_an_agencys_people(client, people, leader, agency):
    client.force_login(leader)
    english(client)
    province = client.get(reverse("dashboard:compliance"), {"year": YEAR}).content.decode()
    assert "Sở Tài chính" in province and "UBND thành phố Lạng Sơn" in province
    assert client.post(reverse("dashboard:compliance")).status_code == 405  # read only
    listed = client.get(reverse("dashboard:compliance_people"), {"year": YEAR, "agency": agency.pk}).content.decode()
    assert "Người của sở" in listed and "Người của thành phố" not in listed
    leaders = client.get(reverse("dashboard:compliance_people"), {"year": YEAR, "kind": "leaders"}).content.decode()
    assert "Trưởng phòng quá hạn" in leaders and "Người của sở" not in leaders


def test_each_name_on_a_list_opens_the_persons_record_for_who_may_read_it(client, people, focal_point, leader,
                                                                            staff_user):  # fmt: skip
    ours = people[0]
    client.force_login(focal_point)
    portal = client.get(reverse("portal:compliance"), {"year": YEAR}).content.decode()
    assert reverse("portal:person_record", args=[ours.pk]) in portal
    client.force_login(staff_user)
    staff = client.get(reverse("dashboard:compliance_people"), {"year": YEAR}).content.decode()
    assert reverse("portal:staff_record", args=[ours.pk]) in staff
    client.force_login(leader)  # a leader reads the lists, not the records: names without links
    read_only = client.get(reverse("dashboard:compliance_people"), {"year": YEAR}).content.decode()
    assert "Người của sở" in read_only and reverse("portal:staff_record", args=[ours.pk]) not in read_only


def test_focal_points_are_refused_the_provinces_lists(client, people, focal_point):
    client.force_login(focal_point)
    for name in ("dashboard:compliance", "dashboard:compliance_people", "dashboard:compliance_xlsx"):
        assert client.get(reverse(name)).status_code == 403


def _more_behind(agency, n):
    for i in range(n):
        TraineeFactory(full_name=f"Thêm {i}", agency=agency)


@pytest.mark.parametrize("name", ["portal:compliance", "dashboard:compliance_people", "dashboard:compliance"])
def test_list_pages_run_as_many_queries_for_many_rows_as_for_few(client, people, focal_point, leader, agency, name,
                                                                   django_assert_max_num_queries):  # fmt: skip
    client.force_login(focal_point if name.startswith("portal") else leader)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name), {"year": YEAR}).status_code == 200
    _more_behind(agency, 30)
    with django_assert_max_num_queries(12) as many:
        assert client.get(reverse(name), {"year": YEAR}).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_excel_export_lists_each_row_with_what_is_missing_and_why(client, people, leader, agency):
    client.force_login(leader)
    response = client.get(reverse("dashboard:compliance_xlsx"), {"year": YEAR, "agency": agency.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 9  # name, unit, position, requirement, article, done, missing, deadline, reason
    by_name = {(r[0], r[3]): r for r in rows[1:]}
    assert set(by_name) == {
        ("Người của sở", "Tối thiểu 40 tiết/năm"),
        ("Trưởng phòng quá hạn", "Tối thiểu 40 tiết/năm"),
        ("Trưởng phòng quá hạn", "Lãnh đạo cấp phòng"),
    }
    row = by_name[("Người của sở", "Tối thiểu 40 tiết/năm")]
    assert row[1:3] == ("Sở Tài chính", "Chuyên viên") and row[4] == "Điều X (chưa xác minh)"
    assert (row[5], row[6], row[7].date()) == (0, 40, datetime.date(YEAR, 12, 31))
    late = by_name[("Trưởng phòng quá hạn", "Lãnh đạo cấp phòng")]
    assert (late[6], late[7].date()) == (None, add_months(TODAY - datetime.timedelta(days=500), 12))
    assert "was due by" in late[8] or "hạn" in late[8]


def test_the_dashboard_shows_the_share_compliant_and_the_leaders_alert_for_a_province(
    client, people, leader, agency, other_agency
):
    root = AgencyFactory(name="UBND tỉnh")
    agency.parent = other_agency.parent = root
    agency.save()
    other_agency.save()
    TargetFactory(plan=PlanFactory(year=YEAR, issuing_agency=root))
    client.force_login(leader)
    html = english(client).get(reverse("dashboard:index"), {"year": YEAR}).content.decode()
    block = html[html.index('id="compliance"') :]
    assert "Leaders past their deadline" in block
    assert "Sở Tài chính" in block and reverse("dashboard:compliance_people") in block


def test_every_list_has_rows_on_the_demo(demo_output):
    for kind in ListKind:
        assert behind_page(Filters(year=YEAR, today=TODAY, kind=kind)).count > 0, kind
    leaders = {row.reason for row in behind_page(Filters(year=YEAR, today=TODAY, kind=ListKind.LEADERS))}
    assert leaders == {Reason.PAST_DEADLINE, Reason.NEAR_DEADLINE}
