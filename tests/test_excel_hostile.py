"""Hostile and broken files: a zip bomb, impossible dates of birth, codes in two cases, misspelt headers and
formulas written back. Each is refused (or defused) whole, naming the row or column, with nothing saved."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from courses.models import Nomination, Trainee, TrainingClass, birth_problem
from courses.refusals import Refusal, message
from plans.models import Agency, ImportRecord, ImportStatus
from tests.factories import (
    AgencyFactory,
    CourseFactory,
    RankFactory,
    TargetFactory,
    TraineeFactory,
    TrainingClassFactory,
    open_class_for,
)
from tests.spreadsheets import TRAINEE_HEADERS, in_sheets, upload
from tests.spreadsheets import check as shared_check
from tests.spreadsheets import xlsx as shared_xlsx
from training_portal import spreadsheets
from training_portal.importing import ImportAborted, import_apply, import_check, importer_for
from training_portal.opendocument import ODS_MIMETYPE
from training_portal.spreadsheets import SpreadsheetError

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def xlsx(headers, rows) -> bytes:
    """Text starting with "=" typed as text, as the hostile files carry it."""
    return shared_xlsx(headers, rows, formulas_as_text=True)


def check(kind, headers, rows, by=None):
    return shared_check(kind, headers, rows, by, formulas_as_text=True)


def years_before(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


@pytest.fixture
def open_class(agency):
    return open_class_for(agency, seats=5)


def portal_upload(client, training_class, data):
    client.cookies["django_language"] = "en"
    return client.post(reverse("portal:upload", args=[training_class.pk]), {"file": upload(data)})


# --- a zip bomb is refused from the archive's directory, before openpyxl reads it --------------------------


def bomb(shared_bytes: int) -> bytes:
    """A workbook whose shared strings unpack into `shared_bytes` of text but pack into a few KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w") as part:
            chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
            for _ in range(shared_bytes // len(chunk)):
                part.write(chunk)
    return buffer.getvalue()


@pytest.fixture
def readers_must_not_run(monkeypatch):
    """Neither reader (openpyxl for .xlsx, ours for .ods) may be asked to read: the archive's directory refuses."""

    def refuse(*args, **kwargs):
        raise AssertionError("a file the archive's directory should have refused was read")

    monkeypatch.setattr(spreadsheets, "_XlsxReader", refuse)
    monkeypatch.setattr(spreadsheets, "OdsWorkbook", refuse)


def test_a_file_unpacking_beyond_the_limit_is_refused_unread(media, staff_user, settings, readers_must_not_run):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1_048_576
    data = bomb(2 * 1_048_576)
    assert len(data) < 20_000
    with pytest.raises(SpreadsheetError, match=r"unpacks into 2\.0 MB of data; the limit is 1\.0 MB"):
        import_check(kind="trainees", uploaded=upload(data), by=staff_user)
    assert not ImportRecord.objects.exists()


def test_a_part_packed_far_tighter_than_a_workbook_is_refused_unread(media, staff_user, readers_must_not_run):
    with pytest.raises(SpreadsheetError, match=r"packed \d+ times tighter"):
        import_check(kind="trainees", uploaded=upload(bomb(3 * 1_048_576)), by=staff_user)


def test_an_archive_of_too_many_parts_is_refused_unread(media, staff_user, settings, readers_must_not_run):
    settings.IMPORT_MAX_ARCHIVE_ENTRIES = 5
    with pytest.raises(SpreadsheetError, match="holds 9 parts; a workbook holds at most 5"):
        check("trainees", TRAINEE_HEADERS, [["020190001234", "Lan", "14/03/1988", "Nữ", "LS-STC"]], staff_user)


def test_the_portal_upload_refuses_a_zip_bomb_with_a_message(client, focal_point, open_class, readers_must_not_run):
    client.force_login(focal_point)
    response = portal_upload(client, open_class, bomb(3 * 1_048_576))
    assert response.status_code == 400
    assert "refused unread" in response.context["form"].errors["file"][0]
    assert not Nomination.objects.exists()


# --- dates of birth -----------------------------------------------------------------------------------------


def test_the_age_rule_counts_whole_years_on_the_given_day():
    on = datetime.date(2025, 6, 2)
    assert birth_problem(datetime.date(2007, 6, 2), on=on, today=on) is None  # 18 that day
    assert birth_problem(datetime.date(2007, 6, 3), on=on, today=on).code == Refusal.TOO_YOUNG
    assert birth_problem(datetime.date(1959, 6, 3), on=on, today=on) is None  # 65, a day short of 66
    assert birth_problem(datetime.date(1959, 6, 2), on=on, today=on).code == Refusal.TOO_OLD
    assert birth_problem(datetime.date(2025, 6, 3), on=datetime.date(2060, 1, 1), today=on).code == (
        Refusal.BORN_IN_FUTURE
    )


def test_a_staff_list_with_impossible_dates_of_birth_names_the_rows_and_saves_nothing(media, lang_son, staff_user):
    future = TODAY + datetime.timedelta(days=40)
    rows = [
        ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"],
        ["020190001235", "Nông Văn Tú", future.strftime("%d/%m/%Y"), "Nam", "LS-STC"],
        ["020190001236", "Lý Văn Bình", years_before(TODAY, 10).strftime("%d/%m/%Y"), "Nam", "LS-STC"],
        ["020190001237", "Hà Thị Mai", years_before(TODAY, 80).strftime("%d/%m/%Y"), "Nữ", "LS-STC"],
    ]
    record, plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)
    assert [(e.row, e.column) for e in plan.errors] == [
        (3, "Date of birth"),
        (4, "Date of birth"),
        (5, "Date of birth"),
    ]
    assert "in the future" in plan.errors[0].reason
    assert "under 18 years old" in plan.errors[1].reason
    assert "over 65 years old" in plan.errors[2].reason
    assert record.status == ImportStatus.REJECTED
    with pytest.raises(ImportAborted):
        import_apply(record=record, by=staff_user)
    assert not Trainee.objects.exists()


def test_a_stored_date_of_birth_repeated_by_a_file_is_not_judged_again(media, lang_son, staff_user):
    born = years_before(TODAY, 70)
    TraineeFactory(personal_id="020190001234", agency=lang_son, full_name="Lan", gender="F", date_of_birth=born)
    row = ["020190001234", "Lan", born.strftime("%d/%m/%Y"), "Nữ", "LS-STC"]
    _record, plan = check("trainees", TRAINEE_HEADERS, [row], staff_user)
    assert not plan.errors
    assert plan.unchanged == 1


def test_a_new_person_too_young_at_the_class_is_refused_in_the_portal_upload(client, focal_point, open_class):
    client.force_login(focal_point)
    just_too_young = open_class.start_date.replace(year=open_class.start_date.year - 18) + datetime.timedelta(days=1)
    data = xlsx(
        ["Personal identification number", "Full name", "Date of birth", "Gender"],
        [
            ["020199000777", "Nông Văn Tú", "12/04/1992", "Nam"],
            ["020199000778", "Lý Văn Bình", just_too_young.strftime("%d/%m/%Y"), "Nam"],
        ],
    )
    response = portal_upload(client, open_class, data)
    assert response.status_code == 400
    errors = response.context["outcome"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "Date of birth")]
    assert "under 18 years old" in errors[0].reason
    assert not Trainee.objects.exists()
    assert not Nomination.objects.exists()


def test_a_new_person_born_in_the_future_is_refused_in_the_portal_form(client, focal_point, open_class):
    client.force_login(focal_point)
    client.cookies["django_language"] = "en"
    future = TODAY + datetime.timedelta(days=3)
    response = client.post(
        reverse("portal:nominate_new", args=[open_class.pk]),
        {"full_name": "Lý Văn Bình", "personal_id": "020199001122", "date_of_birth": future.strftime("%d/%m/%Y")}
        | {"gender": "M"},
    )
    assert response.status_code == 400
    assert "is in the future" in response.context["new_form"].errors["date_of_birth"][0]
    assert not Trainee.objects.exists()


def test_a_new_person_over_65_at_the_class_is_refused_in_the_portal_form(client, focal_point, open_class):
    client.force_login(focal_point)
    client.cookies["django_language"] = "en"
    born = years_before(open_class.start_date, 66)
    response = client.post(
        reverse("portal:nominate_new", args=[open_class.pk]),
        {"full_name": "Lý Văn Bình", "personal_id": "020199001122", "date_of_birth": born.strftime("%d/%m/%Y")}
        | {"gender": "M"},
    )
    assert response.status_code == 400
    assert "over 65 years old" in response.context["new_form"].errors["date_of_birth"][0]


# --- codes that differ only in case are one code ------------------------------------------------------------


def test_two_new_agency_codes_differing_only_in_case_are_one_agency_given_twice(media, staff_user):
    headers = ["Agency code", "Agency name", "Abbreviation"]
    rows = [["BAR-DUP-1", "Sở Một", "S1"], ["bar-dup-1", "Sở Hai", "S2"]]
    record, plan = check("agencies", headers, rows, staff_user)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "Agency code")]
    assert "row 2" in plan.errors[0].reason
    assert record.status == ImportStatus.REJECTED
    assert not Agency.objects.exists()


def test_two_new_class_codes_differing_only_in_case_are_one_class_given_twice(media, staff_user, lang_son):
    target = TargetFactory()
    CourseFactory(code="QLNN")
    headers = ["Class code", "Class name", "Course code", "Plan year", "Category code", "Start date", "End date"]
    headers += ["Seats", "Organiser agency code"]
    base = ["QLNN", target.plan.year, target.category.code, "02/06/2025", "06/06/2025", 30, "LS-STC"]
    _record, plan = check("classes", headers, [["2025-DUP", "Lớp A", *base], ["2025-dup", "Lớp B", *base]])
    assert [(e.row, e.column) for e in plan.errors] == [(3, "Class code")]
    assert "row 2" in plan.errors[0].reason
    assert not TrainingClass.objects.exists()


def test_a_class_code_in_another_case_updates_the_stored_class(media, staff_user, lang_son):
    stored = TrainingClassFactory(code="2025-QLNN-01", title="Lớp cũ")
    headers = ["Class code", "Class name", "Plan year", "Category code"]
    row = ["2025-qlnn-01", "Lớp mới", stored.target.plan.year, stored.target.category.code]
    record, plan = check("classes", headers, [row], staff_user)
    assert not plan.errors, plan.errors
    assert (record.created_count, record.updated_count) == (0, 1)


# --- headers the importer does not read ---------------------------------------------------------------------


def test_a_misspelt_header_is_named_with_the_column_it_may_be_and_nothing_is_saved(media, lang_son, staff_user):
    person = TraineeFactory(personal_id="020190001234", agency=lang_son, position="Chuyên viên")
    # "Chức vị" for "Chức vụ" (a header typed without its marks, "Chuc vu", is the column itself).
    headers = [*(in_sheets(h) for h in TRAINEE_HEADERS), "Chức vị", "Ghi chú riêng"]
    rows = [["020190001234", person.full_name, "14/03/1988", "Nam", "LS-STC", "Trưởng phòng", "x"]]
    record, plan = check("trainees", headers, rows, staff_user)
    assert [(e.row, e.column) for e in plan.errors] == [(1, "Chức vị"), (1, "Ghi chú riêng")]
    assert "Did you mean “Chức vụ”?" in plan.errors[0].reason
    assert "name it as in the template, or delete it" in plan.errors[1].reason
    assert record.status == ImportStatus.REJECTED
    with pytest.raises(ImportAborted):
        import_apply(record=record, by=staff_user)
    assert Trainee.objects.get(pk=person.pk).position == "Chuyên viên"


def test_a_column_given_twice_is_named(media, lang_son, staff_user):
    headers = [*TRAINEE_HEADERS, "Position", "Position"]
    _record, plan = check("trainees", headers, [["020190001234", "Lan", "14/03/1988", "Nữ", "LS-STC", "A", "B"]])
    assert [(e.row, e.column) for e in plan.errors] == [(1, "Position")]
    assert "there twice" in plan.errors[0].reason


def test_the_portal_upload_names_a_misspelt_header(client, focal_point, open_class):
    client.force_login(focal_point)
    headers = ["Số định danh cá nhân", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vị"]
    response = portal_upload(client, open_class, xlsx(headers, [["020199000777", "Tú", "12/04/1992", "Nam", "CV"]]))
    assert response.status_code == 400
    errors = response.context["outcome"].errors
    assert [(e.row, e.column) for e in errors] == [(1, "Chức vị")]
    assert "Did you mean “Chức vụ”?" in errors[0].reason
    assert not Trainee.objects.exists()


def test_a_column_with_no_value_on_any_row_clears_nothing(media, lang_son, staff_user):
    person = TraineeFactory(personal_id="020190001234", agency=lang_son, position="Chuyên viên", email="a@b.vn")
    headers = [*TRAINEE_HEADERS, "Position", "E-mail"]
    row = ["020190001234", person.full_name, "14/03/1988", "Nam", "LS-STC", None, "  "]
    record, plan = check("trainees", headers, [row], staff_user)
    assert not plan.errors, plan.errors
    assert (record.updated_count, record.unchanged_count) == (0, 1)


def test_a_blank_cell_in_a_column_the_file_fills_clears_the_stored_value(media, lang_son, staff_user):
    """The documented meaning of a blank cell on an update, kept."""
    first = TraineeFactory(personal_id="020190001234", agency=lang_son, position="Chuyên viên")
    second = TraineeFactory(personal_id="020190001235", agency=lang_son, position="Chuyên viên")
    headers = [*TRAINEE_HEADERS, "Position"]
    rows = [
        [first.personal_id, first.full_name, "14/03/1988", "Nam", "LS-STC", ""],
        [second.personal_id, second.full_name, "14/03/1988", "Nam", "LS-STC", "Trưởng phòng"],
    ]
    record, _plan = check("trainees", headers, rows, staff_user)
    import_apply(record=record, by=staff_user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == ("", "Trưởng phòng")


# --- the file sent back with the errors marked writes text as text -------------------------------------------


def test_the_error_file_writes_uploaded_formulas_back_as_text(media, lang_son, staff_user, client):
    rows = [
        ["020190001234", '=HYPERLINK("http://x","y")', "31/02/1990", "Nữ", "LS-STC"],
        ["020190001235", "=1+1", "14/03/1988", "=2+2", "LS-STC"],
        ["020190001236", "+1+1", "14/03/1988", "@SUM(A1)", "-1+1"],
    ]
    record, plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)
    assert plan.errors
    client.force_login(staff_user)
    response = client.get(f"/admin/courses/trainee/import/{record.pk}/errors.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {
        (row, column): sheet.cell(row=row, column=column) for row in (2, 3, 4) for column in (2, 4, 5)
    }  # names, genders (marked as wrong on row 3), agencies
    assert (cells[2, 2].value, cells[2, 2].data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert (cells[3, 2].value, cells[3, 2].data_type) == ("=1+1", "s")
    assert (cells[3, 4].value, cells[3, 4].data_type) == ("=2+2", "s")
    assert cells[3, 4].fill.fgColor.rgb.endswith("F8D7DA")
    assert all(cells[4, c].data_type == "s" for c in (2, 4, 5))
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_a_header_that_looks_like_a_formula_is_written_back_as_text(media, lang_son, staff_user):
    record, plan = check("trainees", [*TRAINEE_HEADERS, "=1+1"], [["020190001234", "Lan", "1/1/1990", "Nữ", "X"]])
    assert (1, "=1+1") in [(e.row, e.column) for e in plan.errors]
    sheet = load_workbook(io.BytesIO(ImportRecord.objects.get(pk=record.pk).error_file)).active
    header = sheet.cell(row=1, column=6)
    assert (header.value, header.data_type) == ("=1+1", "s")
    assert header.fill.fgColor.rgb.endswith("F8D7DA")


# --- identification numbers are never padded; drop-downs offer "code – name" of the agencies in force -------------


def test_an_identification_number_of_the_wrong_length_is_flagged_on_its_row_not_padded(media, lang_son, staff_user):
    rows = [
        [20190001234, "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC"],  # a number cell: its leading zero is gone
        ["0201900012345", "Nông Văn Tú", "02/01/1990", "Nam", "LS-STC"],
        ["020190001236", "Lý Văn Bình", "02/01/1990", "Nam", "LS-STC"],
    ]
    _record, plan = check("trainees", TRAINEE_HEADERS, rows, staff_user)
    header = "Personal identification number"  # as the file names it
    assert [(e.row, e.column, e.value) for e in plan.errors] == [
        (2, header, "20190001234"),
        (3, header, "0201900012345"),
    ]
    assert plan.errors[0].reason == message(Refusal.PERSONAL_ID_LOST_ZERO)
    assert plan.errors[1].reason == message(Refusal.PERSONAL_ID_LENGTH)
    assert not plan.creates


def test_the_portal_upload_flags_an_identification_number_that_lost_its_zero(client, focal_point, open_class):
    client.force_login(focal_point)
    data = xlsx(
        ["Personal identification number", "Full name", "Date of birth", "Gender"],
        [[20199000777, "Nông Văn Tú", "12/04/1992", "Nam"]],
    )
    response = portal_upload(client, open_class, data)
    assert response.status_code == 400
    errors = response.context["outcome"].errors
    assert [(e.row, e.value) for e in errors] == [(2, "20199000777")]
    assert not Trainee.objects.filter(personal_id="020199000777").exists()


def test_template_drop_downs_offer_code_and_name_of_the_agencies_in_force_only(db, lang_son):
    AgencyFactory(code="LS-SKHDT", name="Sở Kế hoạch và Đầu tư", valid_to=TODAY - datetime.timedelta(days=1))
    AgencyFactory(code="LS-STC-MOI", name="Sở Tài chính mới", valid_from=TODAY + datetime.timedelta(days=30))
    _filename, data = importer_for("trainees").template()
    workbook = load_workbook(io.BytesIO(data))
    lists = workbook.worksheets[2]
    header_row = [c.value for c in lists[1]]
    index = header_row.index(in_sheets("Agency code"))
    agencies = [row[index] for row in lists.iter_rows(min_row=2, values_only=True) if row[index]]
    assert agencies == ["LS-STC – Sở Tài chính"]


def test_a_value_picked_from_a_drop_down_or_the_bare_code_is_accepted(media, lang_son, staff_user):
    RankFactory()
    headers = [*TRAINEE_HEADERS, "Rank code"]
    rows = [
        ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", "LS-STC – Sở Tài chính", "01.003 – Chuyên viên"],
        ["020190001235", "Nông Văn Tú", "02/01/1990", "Nam", "ls-stc", "01.003"],
    ]
    record, plan = check("trainees", headers, rows, staff_user)
    assert not plan.errors, plan.errors
    import_apply(record=record, by=staff_user)
    assert set(Trainee.objects.values_list("agency__code", "rank__code")) == {("LS-STC", "01.003")}


# --- OpenDocument (.ods): the same guards; what the reader would have to expand is bounded ------------------------

CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    "<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
)


def ods(tables: str, *, doctype="", mimetype=ODS_MIMETYPE, manifest="<manifest/>", padding=0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", CONTENT.format(doctype=doctype, tables=tables))
        for number in range(padding):
            archive.writestr(f"Pictures/{number}.png", "x")
    return buffer.getvalue()


def text_cells(*values, repeat="") -> str:
    return "".join(f"<table:table-cell{repeat}><text:p>{v}</text:p></table:table-cell>" for v in values)


def table(*rows: str) -> str:
    return (
        '<table:table table:name="Sheet1">'
        + "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
        + ("</table:table>")
    )


HEADER = text_cells(*TRAINEE_HEADERS)


def test_an_ods_of_too_many_parts_is_refused_unread(media, staff_user, settings, readers_must_not_run):
    settings.IMPORT_MAX_ARCHIVE_ENTRIES = 5
    with pytest.raises(SpreadsheetError, match="holds 13 parts; a workbook holds at most 5"):
        import_check(kind="trainees", uploaded=upload(ods(table(HEADER), padding=10), "ds.ods"), by=staff_user)
    assert not ImportRecord.objects.exists()


def test_an_ods_asking_to_repeat_a_cell_billions_of_times_is_refused_quickly(media, staff_user):
    row = text_cells("020190001234", repeat=' table:number-columns-repeated="16384"')
    rows = f'<table:table-row table:number-rows-repeated="1048575">{row}</table:table-row>'
    data = ods(table(HEADER)[: -len("</table:table>")] + rows + "</table:table>")
    assert len(data) < 2_000
    with pytest.raises(SpreadsheetError, match="more cells than an import can read"):
        import_check(kind="trainees", uploaded=upload(data, "ds.ods"), by=staff_user)


def test_an_ods_declaring_entities_is_refused_as_damaged(media, staff_user):
    laughs = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with pytest.raises(SpreadsheetError, match=r"\.ods\) is damaged"):
        import_check(kind="trainees", uploaded=upload(ods(table(HEADER), doctype=laughs), "ds.ods"), by=staff_user)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (ods(table(HEADER), mimetype="application/vnd.oasis.opendocument.text"), "not a spreadsheet"),
        (ods(table(HEADER), manifest="<manifest><encryption-data/></manifest>"), "password-protected"),
        (ods(table(HEADER).replace("</table:table-row>", "")), r"\.ods\) is damaged"),
    ],
)
def test_an_ods_that_cannot_be_read_is_refused_with_its_reason(media, staff_user, data, words):
    with pytest.raises(SpreadsheetError, match=words):
        import_check(kind="trainees", uploaded=upload(data, "ds.ods"), by=staff_user)
    assert not ImportRecord.objects.exists()


def test_an_ods_keeps_row_numbers_across_empty_rows_and_reads_typed_values(media, lang_son, staff_user):
    empty = '<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
    dated = (
        text_cells("020190001234", "Hoàng<text:s/>Thị Lan")
        + '<table:table-cell office:value-type="date" office:date-value="1988-03-14"><text:p>14/03/88</text:p>'
        "</table:table-cell>" + text_cells("Nữ", "LS-STC")
    )
    wrong = text_cells("020190001235", "Nông Văn Tú", "31/02/1990", "Nam", "LS-STC")
    body = table(HEADER, dated)[: -len("</table:table>")] + empty + f"<table:table-row>{wrong}</table:table-row>"
    data = ods(body + "</table:table>")
    _record, plan = import_check(kind="trainees", uploaded=upload(data, "ds.ods"), by=staff_user)
    assert [(e.row, e.value) for e in plan.errors] == [(6, "31/02/1990")]
    record, plan = import_check(kind="trainees", uploaded=upload(ods(table(HEADER, dated)), "ds.ods"), by=staff_user)
    assert not plan.errors
    import_apply(record=record, by=staff_user)
    person = Trainee.objects.get(personal_id="020190001234")
    assert (person.full_name, person.date_of_birth) == ("Hoàng Thị Lan", datetime.date(1988, 3, 14))
