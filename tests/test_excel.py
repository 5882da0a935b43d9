"""Excel imports (all or nothing, natural keys, preview, history) and streaming exports."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from courses.models import Trainee
from plans.models import ImportStatus
from tests.factories import AgencyFactory
from training_portal.importing import import_apply, import_check

TRAINEE_HEADERS = ["Personal identification number", "Full name", "Date of birth", "Gender", "Agency code"]


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="ds.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def check(kind, headers, rows, by=None):
    return import_check(kind=kind, uploaded=upload(xlsx(headers, rows)), by=by)


def run(kind, headers, rows, by=None):
    record, plan = check(kind, headers, rows, by)
    assert not plan.errors, plan.errors
    return import_apply(record=record, by=by), plan


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def lang_son(db):
    return AgencyFactory(code="LS-STC", name="Sở Tài chính", abbreviation="STC")


def test_trainees_are_created_then_a_second_import_of_the_same_file_changes_nothing(media, lang_son, staff_user):
    rows = [
        ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"],
        ["020190001235", "Nông Văn Tú", datetime.datetime(1990, 1, 2), "nam", "  stc "],
    ]
    record, plan = run("trainees", TRAINEE_HEADERS, rows, staff_user)
    assert (record.created_count, record.status) == (2, ImportStatus.APPLIED)
    lan = Trainee.objects.get(personal_id="020190001234")
    assert (lan.full_name, lan.gender, lan.agency, lan.date_of_birth) == (
        "Hoàng Thị Lan",
        "F",
        lang_son,
        datetime.date(1988, 3, 14),
    )
    assert lan.history.first().history_change_reason == record.change_reason
    record, plan = run("trainees", TRAINEE_HEADERS, rows, staff_user)
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 2)
    assert plan.changes_nothing
