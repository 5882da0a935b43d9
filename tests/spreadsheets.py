"""Workbooks as people send them, and the engine's check on them: shared by the Excel tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook

from training_portal.importing import import_check

TRAINEE_HEADERS = ["Personal identification number", "Full name", "Date of birth", "Gender", "Agency code"]


def xlsx(headers, rows, *, formulas_as_text: bool = False) -> bytes:
    """A workbook of one sheet; with `formulas_as_text`, text starting with "=" is typed as text (as a cell formatted
    as text keeps it) instead of becoming a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if formulas_as_text:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="ds.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def check(kind, headers, rows, by=None, *, formulas_as_text: bool = False):
    data = xlsx(headers, rows, formulas_as_text=formulas_as_text)
    return import_check(kind=kind, uploaded=upload(data), by=by)


def in_sheets(msgid: str) -> str:
    """A header or value as spreadsheets write it: in Vietnamese, whatever the page's language."""
    with translation.override("vi"):
        return gettext(msgid)
