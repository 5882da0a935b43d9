"""Excel imports (all or nothing, natural keys, preview, history) and streaming exports."""

import datetime
import io
import unicodedata
from dataclasses import replace

import pytest
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from courses.models import Nomination, SeatAllotment, Trainee, TrainingClass
from courses.resources import NominationExporter, TraineeExporter
from plans.models import Agency, ImportRecord, ImportStatus
from tests.factories import AgencyFactory, RankFactory, TargetFactory, TraineeFactory, TrainingClassFactory
from tests.spreadsheets import TRAINEE_HEADERS, check, in_sheets, upload, xlsx
from training_portal.importing import ImportAborted, import_apply, import_check, importer_for
from training_portal.spreadsheets import SpreadsheetError


def run(kind, headers, rows, by=None):
    record, plan = check(kind, headers, rows, by)
    assert not plan.errors, plan.errors
    return import_apply(record=record, by=by), plan


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


def test_cancelling_a_check_that_another_tab_has_applied_leaves_it_applied(media, lang_son, staff_user):
    from training_portal.importing import import_abandon

    stale_view = check("trainees", TRAINEE_HEADERS, [["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "STC"]])[0]
    import_apply(record=stale_view, by=staff_user)  # "Apply" in one tab, then "Cancel" in the other
    assert import_abandon(record=stale_view) is False
    stale_view.refresh_from_db()
    assert stale_view.status == ImportStatus.APPLIED
    assert Trainee.objects.filter(personal_id="020190001234").exists()


def test_a_name_typed_with_combining_accents_matches_the_stored_one(media, lang_son, staff_user):
    person = TraineeFactory(
        personal_id="020190001234", full_name="Hoàng Thị Lan", date_of_birth=datetime.date(1988, 3, 14), gender="F"
    )
    person.agency = lang_son
    person.save()
    decomposed = unicodedata.normalize("NFD", "  Hoàng Thị Lan ")
    agency_name = unicodedata.normalize("NFD", "SỞ TÀI CHÍNH")
    assert decomposed.strip() != person.full_name
    record, plan = check("trainees", TRAINEE_HEADERS, [["020190001234", decomposed, "14/03/1988", "NỮ", agency_name]])
    assert not plan.errors
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 1)


def test_a_file_with_bad_rows_saves_nothing_and_lists_every_bad_row(media, lang_son, staff_user):
    rows = [
        ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"],  # good
        ["020190001235", "Nông Văn Tú", "31/02/1990", "Nam", "LS-STC"],  # impossible date
        ["020190001236", "Lý Văn Bình", "01/01/1990", "Nam", "LS-XXX"],  # unknown agency
        ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"],  # the same person twice
        ["020190001237", "Hà Thị Mai", "01/01/1990", "Khác", "LS-STC"],  # outside the list
    ]
    record, plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "Date of birth"),
        (4, "Agency code"),
        (5, "Personal identification number"),
        (6, "Gender"),
    ]
    assert plan.errors[0].value == "31/02/1990"
    assert "row 2" in plan.errors[2].reason
    assert record.status == ImportStatus.REJECTED
    assert not Trainee.objects.exists()
    with pytest.raises(ImportAborted):
        import_apply(record=record, by=staff_user)
    assert not Trainee.objects.exists()


def test_the_error_file_is_the_upload_with_the_reasons_in_an_extra_column(media, lang_son, staff_user, client):
    rows = [
        ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"],
        [None, None, None, None, None],
        ["020190001235", "Nông Văn Tú", "31/02/1990", "Nam", "LS-STC"],
    ]
    record, _plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)
    client.force_login(staff_user)
    response = client.get(f"/admin/courses/trainee/import/{record.pk}/errors.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-1] == in_sheets("Errors")
    assert values[1][-1] is None  # a good row stays unmarked, on its own row number
    assert values[3][0] == "020190001235"
    assert "Date of birth" in values[3][-1]
    assert sheet.cell(row=4, column=3).fill.fgColor.rgb.endswith("F8D7DA")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"Ho ten,CCCD\nA,1\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
        (b"PK\x03\x04" + b"\0" * 100, "not an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_readable_workbook_is_refused_and_nothing_recorded(media, staff_user, data, words):
    with pytest.raises(SpreadsheetError, match=words):
        import_check(kind="trainees", uploaded=upload(data), by=staff_user)
    assert not ImportRecord.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused_as_damaged(media, staff_user):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(SpreadsheetError, match="damaged"):
        import_check(kind="trainees", uploaded=upload(buffer.getvalue()), by=staff_user)


def test_limits_of_size_and_rows_are_enforced(media, staff_user, settings, lang_son):
    rows = [[f"0201900012{i:02d}", "A", "01/01/1990", "Nam", "LS-STC"] for i in range(5)]
    settings.IMPORT_MAX_ROWS = 4
    with pytest.raises(SpreadsheetError, match="more than 4 rows"):
        check("trainees", TRAINEE_HEADERS, rows, staff_user)
    settings.IMPORT_MAX_ROWS = 100
    settings.IMPORT_MAX_FILE_BYTES = 1000
    with pytest.raises(SpreadsheetError, match="limit"):
        check("trainees", TRAINEE_HEADERS, rows, staff_user)


def test_a_missing_required_column_is_refused(media, staff_user):
    with pytest.raises(SpreadsheetError, match="Missing column"):
        check("trainees", ["Full name", "Gender"], [["A", "Nam"]], staff_user)


def test_confirming_after_someone_changed_a_row_saves_nothing(media, lang_son, staff_user):
    person = TraineeFactory(personal_id="020190001234", agency=lang_son, position="Chuyên viên")
    headers = [*TRAINEE_HEADERS, "Position"]
    rows = [
        ["020190001234", person.full_name, "14/03/1988", "Nam", "LS-STC", "Trưởng phòng"],
        ["020190001299", "Lý Thị Hoa", "14/03/1990", "Nữ", "LS-STC", "Chuyên viên"],
    ]
    record, _plan = check("trainees", headers, rows, staff_user)
    assert (record.created_count, record.updated_count) == (1, 1)
    Trainee.objects.filter(pk=person.pk).update(position="Phó phòng")
    with pytest.raises(ImportAborted, match="changed by someone else"):
        import_apply(record=record, by=staff_user)
    assert not Trainee.objects.filter(personal_id="020190001299").exists()
    assert Trainee.objects.get(pk=person.pk).position == "Phó phòng"


def test_an_update_is_applied_and_named_in_the_rows_history(media, lang_son, staff_user):
    person = TraineeFactory(personal_id="020190001234", agency=lang_son)
    rows = [["020190001234", "Tên Mới", "14/03/1988", "Nam", "LS-STC"]]
    record, plan = run("trainees", TRAINEE_HEADERS, rows, staff_user)
    assert record.updated_count == 1
    assert plan.updates[0].changed == ("Full name",)
    latest = person.history.order_by("-history_id").first()
    assert (latest.full_name, latest.history_change_reason, latest.history_user) == (
        "Tên Mới",
        record.change_reason,
        staff_user,
    )


# --- round trips: an export imports back with no change ---------------------------------------


@pytest.fixture
def province(db, lang_son):
    """A small province: agencies, a class with allotments, staff and nominations in several statuses."""
    from courses import services

    other = AgencyFactory(code="LS-TPLS", name="UBND thành phố Lạng Sơn", abbreviation="UBND", parent=lang_son)
    RankFactory()
    training_class = TrainingClassFactory(code="2025-QLNN-01", planned_seats=10, registration_closes=None)
    services.allotment_set(training_class=training_class, agency=lang_son, seats=4)
    services.allotment_set(training_class=training_class, agency=other, seats=3)
    people = [TraineeFactory(agency=lang_son, email="a@example.gov.vn") for _ in range(3)]
    people.append(TraineeFactory(agency=other, full_name="Đặng Thị Ánh"))
    nominations = [services.nomination_submit(trainee=p, training_class=training_class) for p in people]
    services.nomination_withdraw(nomination=nominations[1], reason="Bận công tác")
    return training_class


def export_then_import(exporter, queryset, kind, staff_user):
    from django.http import HttpResponse

    response = exporter.response(queryset)
    assert isinstance(response, HttpResponse)
    return import_check(kind=kind, uploaded=upload(response.content, "export.xlsx"), by=staff_user)


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        ("agencies", Agency),
        ("trainees", Trainee),
        ("classes", TrainingClass),
        ("allotments", SeatAllotment),
        ("nominations", Nomination),
    ],
)
def test_an_export_imports_back_with_no_change(media, province, staff_user, kind, model):
    from courses.resources import EXPORTERS
    from plans.resources import EXPORTERS as PLAN_EXPORTERS

    exporter = {**EXPORTERS, **PLAN_EXPORTERS}[model]()
    record, plan = export_then_import(exporter, model.objects.all(), kind, staff_user)
    assert not plan.errors, plan.errors
    assert (record.created_count, record.updated_count) == (0, 0)
    assert record.unchanged_count == model.objects.count() > 0


def test_export_writes_names_and_real_date_cells_not_ids(media, province):
    response = NominationExporter().response(Nomination.objects.all())
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    row = dict(zip(header, rows[0], strict=True))
    assert row[in_sheets("Class code")] == "2025-QLNN-01"
    start = sheet.cell(row=2, column=header.index(in_sheets("Start date")) + 1)
    assert (start.is_date, start.value.date(), start.number_format) == (True, datetime.date(2025, 6, 2), "DD/MM/YYYY")
    assert row[in_sheets("Status")] in {in_sheets("Nominated"), in_sheets("Withdrawn")}
    assert row[in_sheets("Agency")] in {"Sở Tài chính", "UBND thành phố Lạng Sơn"}


# --- nominations: the seat rules of the portal, for the whole file --------------------------------

NOMINATION_HEADERS = ["Class code", "Personal identification number", "Status", "Reason"]


def test_nominations_take_seats_and_keep_the_counters(media, province, lang_son, staff_user):
    newcomer = TraineeFactory(agency=lang_son)
    record, _plan = run("nominations", NOMINATION_HEADERS, [["2025-qlnn-01", newcomer.personal_id, "", ""]], staff_user)
    assert record.created_count == 1
    nomination = Nomination.objects.get(trainee=newcomer)
    assert (nomination.status, nomination.agency, nomination.nominated_by) == ("nominated", lang_son, staff_user)
    assert nomination.events.count() == 1
    assert nomination.history.first().history_change_reason == record.change_reason
    province.refresh_from_db()
    allotment = SeatAllotment.objects.get(training_class=province, agency=lang_son)
    assert (province.taken_seats, allotment.taken_seats) == (4, 3)
    assert province.taken_seats == Nomination.objects.holding_seats().filter(training_class=province).count()


def test_nominations_beyond_the_agencys_seats_save_nothing(media, province, lang_son, staff_user):
    newcomers = [TraineeFactory(agency=lang_son) for _ in range(3)]  # the agency has 2 seats left
    rows = [["2025-QLNN-01", p.personal_id] for p in newcomers]
    _record, plan = check("nominations", NOMINATION_HEADERS[:2], rows, staff_user)
    assert [e.row for e in plan.errors] == [4]
    assert "no seat left" in plan.errors[0].reason
    assert not Nomination.objects.filter(trainee__in=newcomers).exists()


def test_nominations_refuse_unknown_people_and_classes_and_changes_of_status(media, province, staff_user):
    existing = Nomination.objects.filter(status="nominated").first()
    rows = [
        ["2025-XXX", existing.trainee.personal_id, "", ""],
        ["2025-QLNN-01", "020100000000", "", ""],
        ["2025-QLNN-01", existing.trainee.personal_id, "Đã duyệt", ""],
    ]
    _record, plan = check("nominations", NOMINATION_HEADERS, rows, staff_user)
    assert [(e.row, e.column) for e in plan.errors] == [
        (2, "Class code"),
        (3, "Personal identification number"),
        (4, "Status"),
    ]


def test_nominations_confirmed_after_the_seats_were_taken_save_nothing(media, province, lang_son, staff_user):
    from courses import services

    newcomers = [TraineeFactory(agency=lang_son) for _ in range(2)]
    record, plan = check("nominations", NOMINATION_HEADERS[:2], [["2025-QLNN-01", p.personal_id] for p in newcomers])
    assert not plan.errors
    services.nomination_submit(trainee=TraineeFactory(agency=lang_son), training_class=province)
    with pytest.raises(ImportAborted) as refused:
        import_apply(record=record, by=staff_user)
    assert refused.value.rows == [
        f"Row 3 – class 2025-QLNN-01, {newcomers[1].full_name} ({newcomers[1].personal_id}): "
        "The person's agency has no seat left in this class."
    ]
    assert not Nomination.objects.filter(trainee__in=newcomers).exists()
    assert SeatAllotment.objects.get(training_class=province, agency=lang_son).taken_seats == 3


def test_allotments_cannot_exceed_the_class_or_fall_below_the_nominations(media, province, lang_son, staff_user):
    headers = ["Class code", "Agency code", "Seats"]
    _record, plan = check("allotments", headers, [["2025-QLNN-01", "LS-STC", 1], ["2025-QLNN-01", "LS-TPLS", 10]])
    assert [e.row for e in plan.errors] == [2, 3]
    _record, plan = run("allotments", headers, [["2025-QLNN-01", "LS-STC", 7]], staff_user)
    province.refresh_from_db()
    assert province.allotted_seats == 10


def test_agencies_can_name_a_parent_further_down_the_file(media, staff_user):
    headers = ["Agency code", "Agency name", "Abbreviation", "Parent agency code", "Kind of agency"]
    rows = [
        ["LS-PNV", "Phòng Nội vụ", "PNV", "ls-ubnd", ""],
        ["LS-UBND", "UBND huyện", "UBND", "", "People's committee"],
    ]
    run("agencies", headers, rows, staff_user)
    child = Agency.objects.get(code="LS-PNV")
    assert (child.parent.code, child.parent.kind) == ("LS-UBND", "committee")


def test_classes_are_matched_to_the_plan_target_by_year_and_category(media, staff_user, lang_son):
    from tests.factories import CourseFactory

    target = TargetFactory()
    course = CourseFactory(code="QLNN")
    headers = ["Class code", "Class name", "Course code", "Plan year", "Category code", "Start date", "End date"]
    headers += ["Seats", "Organiser agency code"]
    row = ["2025-A", "Lớp A", "qlnn", 2025, target.category.code, "02/06/2025", "06/06/2025", 30, "LS-STC"]
    no_target = ["2025-B", "Lớp B", "QLNN", 2024, target.category.code, "02/06/2025", "06/06/2025", 9, "LS-STC"]
    backwards = ["2025-C", "Lớp C", "QLNN", 2025, target.category.code, "06/06/2025", "02/06/2025", 9, "LS-STC"]
    _record, plan = check("classes", headers, [row, no_target, backwards], staff_user)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "Category code"), (4, "End date")]
    run("classes", headers, [row], staff_user)
    made = TrainingClass.objects.get(code="2025-A")
    assert (made.target, made.course, made.organiser, made.status) == (target, course, lang_son, "planned")


def test_a_file_with_only_some_columns_is_checked_against_the_rest_of_the_stored_row(media, staff_user, lang_son):
    """An end date before the stored start, a closing date before the stored opening: named at the check, on the
    row, not refused at confirm as if someone else had changed the data."""
    from tests.factories import TrainingClassFactory

    TrainingClassFactory(code="2025-A", start_date=datetime.date(2025, 6, 2), end_date=datetime.date(2025, 6, 6))
    target = TrainingClass.objects.get(code="2025-A").target
    headers = ["Class code", "Plan year", "Category code", "End date"]
    _record, plan = check("classes", headers, [["2025-A", target.plan.year, target.category.code, "01/06/2025"]])
    assert [(e.row, e.column, e.value) for e in plan.errors] == [(2, "End date", "01/06/2025")]
    assert "cannot end before it starts" in plan.errors[0].reason

    Agency.objects.filter(pk=lang_son.pk).update(valid_from=datetime.date(2025, 7, 1))
    _record, plan = check(
        "agencies", ["Agency code", "Agency name", "Valid to"], [[lang_son.code, lang_son.name, "30/06/2025"]]
    )
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Valid to")]


def test_a_class_carries_its_funding_source_and_budget_and_needs_an_organiser(media, staff_user, lang_son):
    from plans.models import FundingSource
    from tests.factories import CourseFactory

    target = TargetFactory()
    CourseFactory(code="QLNN")
    province = FundingSource.objects.create(code="nsnn-tinh", name="Ngân sách nhà nước cấp tỉnh")
    headers = ["Class code", "Class name", "Course code", "Plan year", "Category code", "Start date", "End date"]
    headers += ["Seats", "Organiser agency code", "Funding source code", "Budget estimate (VND)"]
    base = ["QLNN", 2025, target.category.code, "02/06/2025", "06/06/2025"]
    good = ["2025-A", "Lớp A", *base, "1.200", "LS-STC", "Ngân sách nhà nước cấp tỉnh", "405.000.000"]
    decimal_seats = ["2025-B", "Lớp B", *base, 12.5, "LS-STC", "nsnn-tinh", "1 000 000"]
    decimal_comma = ["2025-C", "Lớp C", *base, "30", "LS-STC", "nsnn-tinh", "12,5"]
    unknown = ["2025-D", "Lớp D", *base, "30", "LS-STC", "vien-tro", ""]
    nobody = ["2025-E", "Lớp E", *base, "30", "", "", ""]
    _record, plan = check("classes", headers, [good, decimal_seats, decimal_comma, unknown, nobody], staff_user)
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "Seats"),
        (4, "Budget estimate (VND)"),
        (5, "Funding source code"),
        (6, "Organiser agency code"),
    ]
    run("classes", headers, [good], staff_user)
    made = TrainingClass.objects.get(code="2025-A")
    assert (made.planned_seats, made.funding_source, made.budget_estimate) == (1200, province, 405_000_000)


# --- the staff console ----------------------------------------------------------------------------


def test_staff_upload_preview_and_confirm_in_the_console(media, client, staff_user, lang_son):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    url = "/admin/courses/trainee/import/"
    assert client.get(url).status_code == 200
    template = client.get(url + "template.xlsx")
    workbook = load_workbook(io.BytesIO(template.content))
    assert len(workbook.sheetnames) == 3
    assert workbook.worksheets[1].data_validations.dataValidation
    data = xlsx(TRAINEE_HEADERS, [["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"]])
    response = client.post(url, {"file": upload(data)})
    assert response.status_code == 200
    record = response.context["record"]
    assert "Apply the file" in response.content.decode()
    assert not Trainee.objects.exists()
    response = client.post(url, {"record": record.pk, "confirm": "1"})
    assert response.status_code == 302
    assert Trainee.objects.count() == 1
    response = client.post(url, {"file": upload(data)})
    assert "Nothing would change" in response.content.decode()


def test_after_a_confirm_the_console_lists_the_rows_just_imported_with_links(media, client, staff_user, lang_son):
    known = TraineeFactory(agency=lang_son, personal_id="020190001234", full_name="Hoàng Lan")
    untouched = TraineeFactory(agency=lang_son)
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    url = "/admin/courses/trainee/import/"
    rows = [
        ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"],
        ["020190001235", "Nông Văn Tú", "02/01/1990", "Nam", "LS-STC"],
    ]
    record = client.post(url, {"file": upload(xlsx(TRAINEE_HEADERS, rows))}).context["record"]
    response = client.post(url, {"record": record.pk, "confirm": "1"})
    assert response.url == f"{url}{record.pk}/"
    page = client.get(response.url)
    assert page.status_code == 200
    created = Trainee.objects.get(personal_id="020190001235")
    listed = {(link, kind) for link, _text, kind in page.context["rows"]}
    assert listed == {
        (f"/admin/courses/trainee/{known.pk}/change/", False),
        (f"/admin/courses/trainee/{created.pk}/change/", True),
    }
    assert untouched.full_name not in page.content.decode()
    assert "Hoàng Thị Lan" in page.content.decode()


def test_staff_upload_with_errors_answers_400_and_lists_them(media, client, staff_user, lang_son):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    data = xlsx(TRAINEE_HEADERS, [["020190001234", "Hoàng Thị Lan", "31/02/1988", "Nữ", "LS-STC"]])
    response = client.post("/admin/courses/trainee/import/", {"file": upload(data)})
    assert response.status_code == 400
    assert "31/02/1988" in response.content.decode()
    response = client.post("/admin/courses/trainee/import/", {"file": upload(b"not excel")})
    assert response.status_code == 400


def test_every_admin_list_exports_its_filtered_rows(media, client, staff_user, province, django_assert_max_num_queries):
    client.force_login(staff_user)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/courses/trainee/export.xlsx?q=%C4%90%E1%BA%B7ng")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert isinstance(rows[1][rows[0].index(in_sheets("Date of birth"))], datetime.datetime)  # a date cell, not text
    from django.contrib import admin

    from training_portal.admin_utils import ExcelAdminMixin

    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if meta.app_label not in ("plans", "courses", "partners", "budget"):
            continue
        assert isinstance(model_admin, ExcelAdminMixin), meta.label
        response = client.get(f"/admin/{meta.app_label}/{meta.model_name}/export.xlsx")
        assert response.status_code in (200, 403), meta.label
        if response.status_code == 200:
            assert load_workbook(io.BytesIO(response.content)).active.max_row >= 1


def test_a_list_without_an_exporter_writes_its_dates_and_times_as_date_cells(media, client, staff_user, lang_son):
    check("trainees", TRAINEE_HEADERS, [["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"]])
    client.force_login(staff_user)
    sheet = load_workbook(io.BytesIO(client.get("/admin/plans/importrecord/export.xlsx").content)).active
    uploaded = sheet.cell(row=2, column=1)  # "uploaded at", the list's first column
    assert (uploaded.is_date, uploaded.number_format) == (True, "DD/MM/YYYY HH:MM")
    assert uploaded.value.date() == timezone.localdate()


def test_an_export_with_a_broken_filter_goes_back_to_the_list(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/courses/trainee/export.xlsx?agency__id__exact=abc")
    assert response.status_code == 302


def test_import_pages_are_refused_to_staff_without_the_rights(client, db, media):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="viewer", is_staff=True))
    assert client.get("/admin/courses/trainee/import/").status_code == 403
    assert client.get("/admin/courses/trainee/export.xlsx").status_code == 403


def test_focal_point_exports_only_their_own_agencys_staff(client, focal_point, agency, other_agency):
    TraineeFactory(agency=agency, full_name="Người của tôi")
    TraineeFactory(agency=other_agency, full_name="Người khác")
    client.force_login(focal_point)
    response = client.get("/portal/staff.xlsx")
    names = [r[1] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert "Người của tôi" in names
    assert "Người khác" not in names


# --- fuzzing: whatever is in the cells, no crash and no partial write ----------------------------

_cells = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
    st.booleans(),
    st.sampled_from(
        [
            *("31/02/1990", "29/02/2001", "Nữ", "NAM", "LS-STC", "stc", "020190001234", "20190001234", "  "),
            *("=1+1", unicodedata.normalize("NFD", "Sở Tài chính"), "1e309", "00/00/0000", "01/13/1990", "∞"),
        ]
    ),
)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.lists(_cells, min_size=5, max_size=5), min_size=1, max_size=5))
def test_malformed_cells_never_crash_nor_write_part_of_a_file(media, lang_son, staff_user, rows):
    before = Trainee.objects.count()
    try:
        record, plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)
    except SpreadsheetError:
        assert Trainee.objects.count() == before
        return
    if plan.errors:
        assert all(e.reason and e.row >= 2 for e in plan.errors)
        with pytest.raises(ImportAborted):
            import_apply(record=record, by=staff_user)
        assert Trainee.objects.count() == before
    else:
        import_apply(record=record, by=staff_user)
        assert Trainee.objects.count() == before + len(plan.creates)


def test_a_failure_while_applying_rolls_back_every_row_already_written(media, lang_son, staff_user, monkeypatch):
    from django.db import IntegrityError

    from courses.resources import TraineeImporter

    person = TraineeFactory(personal_id="020190001234", agency=lang_son)
    rows = [
        ["020190001234", "Tên Mới", "14/03/1988", "Nam", "LS-STC"],
        ["020190001299", "Lý Thị Hoa", "14/03/1990", "Nữ", "LS-STC"],
    ]
    record, _plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)

    def fail(*args, **kwargs):
        raise IntegrityError("the database refused a row")

    monkeypatch.setattr(TraineeImporter, "update", fail)  # after the new rows were inserted
    with pytest.raises(ImportAborted, match="nothing was saved"):
        import_apply(record=record, by=staff_user)
    assert not Trainee.objects.filter(personal_id="020190001299").exists()
    assert Trainee.objects.get(pk=person.pk).full_name == person.full_name
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED


@pytest.mark.parametrize("kind", ["agencies", "trainees", "classes", "allotments", "nominations"])
def test_every_template_has_instructions_an_example_and_drop_downs(db, province, kind):
    _filename, data = importer_for(kind).template()
    workbook = load_workbook(io.BytesIO(data))
    instructions, sheet, lists = workbook.worksheets
    header = [c.value for c in sheet[1]]
    # Nothing to import by mistake: the example row is on the instructions sheet.
    assert all(c.value is None for c in sheet[2])
    assert in_sheets("Example") in [c.value for row in instructions.iter_rows() for c in row]
    examples = [row[2].value for row in instructions.iter_rows(min_row=2) if len(row) > 2 and row[2].value]
    assert len(examples) >= 3
    assert sheet.data_validations.dataValidation
    assert lists.max_row > 1
    assert all(isinstance(h, str) and h for h in header)


def test_the_downloaded_template_filled_in_is_accepted(media, lang_son, staff_user):
    """The instructions sheet comes first in a template: the rows are read from the sheet with the columns."""
    _filename, data = importer_for("trainees").template()
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[1]
    header = [c.value for c in sheet[1]]
    values = {
        in_sheets("Personal identification number"): "020190009999",
        in_sheets("Full name"): "Lường Thị Mai",
        in_sheets("Date of birth"): "05/06/1991",
        in_sheets("Gender"): "Nữ",
        in_sheets("Agency code"): "LS-STC",
    }
    for index, name in enumerate(header, start=1):
        if name in values:
            sheet.cell(row=2, column=index, value=values[name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    record, plan = import_check(kind="trainees", uploaded=upload(buffer.getvalue()), by=staff_user)
    assert not plan.errors, plan.errors
    import_apply(record=record, by=staff_user)
    assert Trainee.objects.get(personal_id="020190009999").full_name == "Lường Thị Mai"


def test_a_missing_column_is_named_in_the_users_language(media, lang_son):
    with pytest.raises(SpreadsheetError) as refused, translation.override("vi"):
        check("trainees", ["Full name"], [["Hoàng Thị Lan"]])
    assert "Số định danh cá nhân" in str(refused.value)


def test_exported_text_that_looks_like_a_formula_stays_text(media, lang_son):
    TraineeFactory(agency=lang_son, full_name='=HYPERLINK("http://x","y")')
    response = TraineeExporter().response(Trainee.objects.all())
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_checks_never_confirmed_expire_and_their_stored_data_goes(media, lang_son, staff_user):
    from django.core.management import call_command

    waiting, _plan = check(
        "trainees", TRAINEE_HEADERS, [["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"]]
    )
    rejected, _plan = check("trainees", TRAINEE_HEADERS, [["", "Lan", "31/02/1990", "Nữ", "LS-STC"]])
    fresh, _plan = check("trainees", TRAINEE_HEADERS, [["020190001235", "Nông Văn Tú", "02/01/1990", "Nam", "LS-STC"]])
    day_ago = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(hours=30)
    ImportRecord.objects.filter(pk__in=[waiting.pk, rejected.pk]).update(uploaded_at=day_ago)

    call_command("expire_imports", hours=24, stdout=io.StringIO())

    waiting.refresh_from_db()
    fresh.refresh_from_db()
    rejected.refresh_from_db()
    assert (waiting.status, fresh.status) == (ImportStatus.ABANDONED, ImportStatus.PREVIEWED)
    assert (waiting.plan, rejected.error_file) == (None, None)
    assert fresh.plan
    with pytest.raises(ImportAborted):
        import_apply(record=waiting, by=staff_user)
    assert import_apply(record=fresh, by=staff_user).status == ImportStatus.APPLIED


def test_a_check_is_confirmed_from_the_database_whatever_the_servers_files(media, lang_son, staff_user, settings):
    """Another app server, with its own MEDIA_ROOT, confirms a check this one made."""
    record, _plan = check(
        "trainees", TRAINEE_HEADERS, [["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"]]
    )
    settings.MEDIA_ROOT = media / "another-server"
    on_the_other_server = ImportRecord.objects.get(pk=record.pk)
    assert import_apply(record=on_the_other_server, by=staff_user).status == ImportStatus.APPLIED
    assert Trainee.objects.get(personal_id="020190001234").date_of_birth == datetime.date(1988, 3, 14)
    assert not any(media.rglob("*"))  # nothing was written beside the database


def test_the_stored_plan_is_plain_json_data_with_its_dates_and_keys_intact(media, lang_son, staff_user):
    import json

    TraineeFactory(agency=lang_son, personal_id="020190001234", full_name="Hoàng Lan")
    rows = [
        ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"],
        ["020190001235", "Nông Văn Tú", "02/01/1990", "Nam", "LS-STC"],
    ]
    record, plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)
    stored = ImportRecord.objects.filter(pk=record.pk).values_list("plan", flat=True).get()
    assert json.loads(json.dumps(stored)) == stored  # data only: nothing a reader would have to run
    from training_portal.importing import ImportPlan

    assert ImportPlan.from_data(stored) == replace(plan, errors=[])
    assert ImportPlan.from_data(stored).creates[0].values["date_of_birth"] == datetime.date(1990, 1, 2)


def test_a_refusal_by_the_database_is_told_in_the_rules_words_not_the_databases(db):
    from django.db import IntegrityError

    from training_portal.importing import broken_rule

    duplicate = IntegrityError('duplicate key value violates unique constraint "courses_nomination_once_per_class"')
    with translation.override("en"):
        assert broken_rule(duplicate) == "This person is already nominated to this class."
        assert "constraint" not in broken_rule(IntegrityError("some other failure"))
