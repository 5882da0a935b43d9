"""Excel in and out, shared by every app: reading an uploaded workbook safely, and writing exports.

Users send workbooks typed by hand in many offices: the reader accepts what a
person would (Excel dates and dd/mm/yyyy text, any Unicode form, stray spaces,
any case) and refuses, with a reason in plain words, what it cannot trust.
"""

import datetime
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, and every password-protected workbook


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class ReadResult:
    headers: list[str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def clean_text(value) -> str:
    """NFC-normalised, trimmed text; '' for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def fold(value) -> str:
    """A key for comparing what people type: NFC, trimmed, case-insensitive, spaces collapsed."""
    return " ".join(clean_text(value).casefold().split())


def parse_date(value) -> datetime.date:
    """An Excel date, or text dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy); ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = clean_text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_workbook(
    uploaded,
    *,
    columns: dict[str, str],
    required: Iterable[str],
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> ReadResult:
    """Read the first sheet of an uploaded .xlsx: the header row, then one dict per non-empty row.

    `columns` maps each header as users see it to a field name; headers are matched
    after folding case, spaces and Unicode form. Raises SpreadsheetError for a file
    that is too big, not a real .xlsx, protected, corrupt, too long or missing a column.
    """
    max_bytes = max_bytes or settings.IMPORT_MAX_FILE_BYTES
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise SpreadsheetError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1_048_576, 1), "limit": round(max_bytes / 1_048_576, 1)}
        )
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(
            _("The file is larger than the limit of %(limit)s MB.") % {"limit": max_bytes // 1_048_576}
        )
    if data.startswith(_OLE_MAGIC):
        raise SpreadsheetError(
            _("The file is password-protected or in the old .xls format: remove the password or save it as .xlsx.")
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError(_("The file is not an Excel workbook (.xlsx), even if its name says so."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SpreadsheetError(_("The workbook is damaged and cannot be read: save it again from Excel.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise SpreadsheetError(_("The first sheet is empty."))
        folded = {fold(label): name for label, name in columns.items()}
        positions: dict[str, int] = {}
        headers = [clean_text(h) for h in header_row]
        for index, header in enumerate(headers):
            name = folded.get(fold(header))
            if name and name not in positions:
                positions[name] = index
        labels = {name: label for label, name in columns.items()}
        missing = [labels[name] for name in required if name not in positions]
        if missing:
            raise SpreadsheetError(
                _("Missing column(s): %(columns)s. Use the template offered on this page.")
                % {"columns": ", ".join(f"“{m}”" for m in missing)}
            )
        result = ReadResult(headers=headers)
        for number, values in enumerate(rows, start=2):
            if values is None or all(clean_text(v) == "" for v in values):
                continue
            if len(result.rows) >= max_rows:
                raise SpreadsheetError(_("The file has more than %(limit)s rows.") % {"limit": max_rows})
            result.rows.append(
                (number, {name: (values[i] if i < len(values) else None) for name, i in positions.items()})
            )
        return result
    finally:
        workbook.close()


def write_xlsx(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """A workbook written row by row (openpyxl write-only), so memory does not grow with the rows."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def iter_chunks(data: bytes, size: int = 65536) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]
