"""Exceptions to the rules of eligibility in the reports: the dashboard's list and its Excel (courses/exceptions.py),
their count by rule, and what a leader may open from them."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from courses.exceptions import ExceptionFilters, exceptions_by_rule, exceptions_in
from courses.models import EligibilityOverride, Nomination, NominationStatus
from tests.factories import TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def decided(on: datetime.date, **fields) -> EligibilityOverride:
    with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 9, tzinfo=datetime.UTC)):
        return EligibilityOverride.objects.create(**fields)


@pytest.fixture
def exceptions(agency, staff_user):
    staff_user.last_name, staff_user.first_name = "Nguyễn Văn", "Bình"
    staff_user.save()
    lan = TraineeFactory(agency=agency, full_name="Lê Thị Lan")
    hung = TraineeFactory(agency=agency, full_name="Trần Văn Hùng")
    korea = TrainingClassFactory(code="NN-2026-01", title="Bồi dưỡng tại Hàn Quốc")
    Nomination.objects.create(trainee=lan, training_class=korea, agency=agency, status=NominationStatus.APPROVED)
    return {
        "language": decided(
            datetime.date(2026, 3, 2), trainee=lan, rule="language", training_class=korea,
            reason="Đoàn có phiên dịch đi kèm.", decided_by=staff_user,
        ),
        "age": decided(
            datetime.date(2026, 5, 4), trainee=hung, rule="max_age", applies_to="postgraduate",
            reason="Chuyên ngành tỉnh đang thiếu.", decided_by=staff_user,
        ),
        "unused": decided(
            datetime.date(2026, 6, 1), trainee=hung, rule="overlap", training_class=korea,
            reason="Lớp trùng một ngày.", decided_by=staff_user,
        ),
        "older": decided(
            datetime.date(2025, 9, 9), trainee=lan, rule="rating", applies_to="domestic",
            reason="Chưa có kết quả xếp loại năm trước.", decided_by=staff_user,
        ),
    }  # fmt: skip


def test_the_list_shows_a_years_exceptions_with_their_reason_who_decided_and_whether_they_were_used(
    client, staff_user, exceptions, django_assert_max_num_queries
):
    client.force_login(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_assert_max_num_queries(10):
        page = client.get(reverse("dashboard:exceptions"), {"year": 2026}).content.decode()
    assert "3 exceptions" in page and "Chưa có kết quả xếp loại" not in page  # 2025's is another year
    assert "Lê Thị Lan" in page and "Foreign language level" in page and "Đoàn có phiên dịch đi kèm." in page
    assert "Nguyễn Văn Bình" in page and "02/03/2026" in page
    assert "Approved" in page  # Lan holds her seat: the exception was used
    assert "not nominated" in page  # Hùng's overlap exception for the class: no seat
    assert "every proposal of this kind" in page  # the age limit lifted for postgraduate training
    assert reverse("portal:staff_record", args=[exceptions["language"].trainee_id]) in page


def test_the_list_filters_by_rule_and_reads_every_year_when_asked(client, staff_user, exceptions):
    client.force_login(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("dashboard:exceptions"), {"year": 2026, "rule": "max_age"}).content.decode()
    assert "1 exception" in page and "Trần Văn Hùng" in page and "Lê Thị Lan" not in page
    every = client.get(reverse("dashboard:exceptions"), {"year": "", "rule": ""}).content.decode()
    assert "4 exceptions" in every


def test_junk_filters_fall_back_to_this_year_and_every_rule(client, staff_user, exceptions):
    client.force_login(staff_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(datetime.datetime(2026, 12, 5, 9, tzinfo=datetime.UTC)):
        response = client.get(reverse("dashboard:exceptions"), {"year": "abc", "rule": "<script>"})
    assert response.status_code == 200 and b"3 exceptions" in response.content


def test_a_leader_reads_the_list_without_links_to_the_records(client, leader, exceptions):
    client.force_login(leader)
    page = client.get(reverse("dashboard:exceptions"), {"year": 2026}).content.decode()
    assert "Lê Thị Lan" in page and "/portal/records/" not in page


def test_the_excel_has_the_lists_rows_and_the_nomination_in_the_class(client, staff_user, exceptions):
    client.force_login(staff_user)
    response = client.get(reverse("dashboard:exceptions_xlsx"), {"year": 2026})
    assert response.status_code == 200 and "danh-sach-ngoai-le-dieu-kien" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Họ và tên", "Ngày sinh", "Cơ quan, đơn vị", "Điều kiện được miễn")
    assert len(rows) == 1 + 3
    lan = next(row for row in rows[1:] if row[0] == "Lê Thị Lan")
    assert lan[3] == "Trình độ ngoại ngữ" and lan[4] == "NN-2026-01" and lan[8] == "Nguyễn Văn Bình"
    assert lan[10] == "Được duyệt"


def test_the_count_by_rule_is_the_lists_count(exceptions):
    counts = {c.rule: c.count for c in exceptions_by_rule(2026)}
    assert counts == {"language": 1, "max_age": 1, "overlap": 1}
    assert sum(counts.values()) == exceptions_in(ExceptionFilters(year=2026)).count()
    assert [c.rule for c in exceptions_by_rule(2025)] == ["rating"]
