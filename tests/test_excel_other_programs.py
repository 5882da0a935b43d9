"""Files from the programs people really use: a template filled in LibreOffice set to an English locale, and a
workbook saved as OpenDocument (.ods). Each file is written by LibreOffice itself, not imitated."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from courses import excel
from courses.models import Nomination, Trainee
from tests.factories import open_class_for
from tests.libreoffice import profile, requires_libreoffice, typed_in_libreoffice
from tests.spreadsheets import in_sheets, upload
from training_portal.importing import import_apply, import_check, importer_for

pytestmark = [pytest.mark.django_db, requires_libreoffice]


@pytest.fixture(scope="session")
def english_libreoffice(tmp_path_factory):
    """A LibreOffice profile set to en-US, where a date typed 03/06/1989 into a date cell means March 6."""
    folder = tmp_path_factory.mktemp("libreoffice-en-us")
    return folder, profile(folder / "profile", "en-US")


def typed(data: bytes, rows: list[dict], english_libreoffice, *, save_as=(".xlsx",)) -> list[bytes]:
    """The template `data` with `rows` (each header → text) typed on its data sheet, in LibreOffice, saved in each
    format of `save_as`."""
    header = [cell.value for cell in load_workbook(io.BytesIO(data)).worksheets[1][1]]
    cells = [
        (1, number, header.index(in_sheets(name)), text)
        for number, values in enumerate(rows, start=1)
        for name, text in values.items()
    ]
    folder, profile_url = english_libreoffice
    return typed_in_libreoffice(data, cells, folder=folder, profile_url=profile_url, save_as=save_as)


PERSON = {
    "Personal identification number": "020199000777",
    "Full name": "Nông Văn Tú",
    "Date of birth": "03/06/1989",
    "Gender": "Nam",
}


def test_a_date_typed_in_english_libreoffice_into_the_nominee_template_is_read_day_first(
    client, focal_point, agency, english_libreoffice
):
    training_class = open_class_for(agency, seats=5)
    _filename, _mimetype, template = excel.nominee_template(training_class)
    (saved,) = typed(template, [PERSON], english_libreoffice)
    client.force_login(focal_point)
    response = client.post(reverse("portal:upload", args=[training_class.pk]), {"file": upload(saved)})
    assert response.status_code == 302, response.context["outcome"].errors
    assert Trainee.objects.get(personal_id="020199000777").date_of_birth == datetime.date(1989, 6, 3)
    assert Nomination.objects.filter(training_class=training_class).count() == 1


def test_a_date_typed_in_english_libreoffice_into_a_console_template_is_read_day_first(
    media, agency, staff_user, english_libreoffice
):
    _filename, template = importer_for("trainees").template()
    (saved,) = typed(template, [{**PERSON, "Agency code": "LS-STC"}], english_libreoffice)
    record, plan = import_check(kind="trainees", uploaded=upload(saved), by=staff_user)
    assert not plan.errors, plan.errors
    import_apply(record=record, by=staff_user)
    assert Trainee.objects.get(personal_id="020199000777").date_of_birth == datetime.date(1989, 6, 3)


@pytest.mark.parametrize("kind", ["agencies", "trainees", "classes", "allotments"])
def test_every_templates_date_columns_are_text_cells(db, kind):
    importer = importer_for(kind)
    _filename, template = importer.template()
    sheet = load_workbook(io.BytesIO(template)).worksheets[1]
    dates = [c for c in importer.columns() if c.help and "dd/mm/yyyy" in str(c.help)]
    assert dates
    header = [cell.value for cell in sheet[1]]
    for column in dates:
        with translation.override("vi"):
            index = header.index(str(column.header)) + 1
        assert sheet.cell(row=2, column=index).number_format == "@", column.name


# --- OpenDocument (.ods): read as an .xlsx is, with the same checks and messages --------------------------------


def test_a_template_saved_as_ods_by_libreoffice_is_imported_like_the_xlsx(
    media, agency, staff_user, english_libreoffice
):
    _filename, template = importer_for("trainees").template()
    (ods,) = typed(
        template, [{**PERSON, "Agency code": "LS-STC – Sở Tài chính"}], english_libreoffice, save_as=(".ods",)
    )
    assert ods[:2] == b"PK" and b"application/vnd.oasis.opendocument.spreadsheet" in ods[:100]
    record, plan = import_check(kind="trainees", uploaded=upload(ods, "ds.ods"), by=staff_user)
    assert not plan.errors, plan.errors
    import_apply(record=record, by=staff_user)
    person = Trainee.objects.get(personal_id="020199000777")
    assert (person.full_name, person.date_of_birth, person.agency) == ("Nông Văn Tú", datetime.date(1989, 6, 3), agency)


def test_an_ods_with_bad_rows_is_refused_with_the_same_rows_and_reasons_as_the_xlsx(
    media, agency, staff_user, english_libreoffice
):
    _filename, template = importer_for("trainees").template()
    rows = [
        {**PERSON, "Agency code": "LS-STC"},
        {**PERSON, "Personal identification number": "0201990007", "Date of birth": "31/02/1990"},
        {},
        # Values a drop-down refuses cannot be typed in LibreOffice either: wrong cells without one.
        {**PERSON, "Personal identification number": "020199000779", "Date of birth": "03/06/2090", "E-mail": "lan@"},
    ]
    rows[2] = {"Full name": "  "}  # a row left blank but for spaces
    xlsx_file, ods_file = typed(template, rows, english_libreoffice, save_as=(".xlsx", ".ods"))
    _record, from_xlsx = import_check(kind="trainees", uploaded=upload(xlsx_file), by=staff_user)
    _record, from_ods = import_check(kind="trainees", uploaded=upload(ods_file, "ds.ods"), by=staff_user)
    assert from_xlsx.errors
    assert from_ods.errors == from_xlsx.errors
    assert {e.row for e in from_ods.errors} == {3, 5}


def test_the_portal_takes_a_nominee_list_saved_as_ods(client, focal_point, agency, english_libreoffice):
    training_class = open_class_for(agency, seats=5)
    _filename, _mimetype, template = excel.nominee_template(training_class)
    (ods,) = typed(template, [PERSON], english_libreoffice, save_as=(".ods",))
    client.force_login(focal_point)
    response = client.post(reverse("portal:upload", args=[training_class.pk]), {"file": upload(ods, "ds.ods")})
    assert response.status_code == 302, response.context["form"].errors or response.context["outcome"].errors
    assert Trainee.objects.get(personal_id="020199000777").date_of_birth == datetime.date(1989, 6, 3)
