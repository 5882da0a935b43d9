"""Excel in and out, shared by every app: reading an uploaded workbook safely, templates, error files and exports.

Users send workbooks typed by hand in many offices: the reader accepts what a
person would (Excel dates and dd/mm/yyyy text, any Unicode form, stray spaces,
any case) and refuses, with a reason in plain words, what it cannot trust.
Exports are written row by row (openpyxl write-only) into a spooled temporary
file and streamed, so memory does not grow with the number of rows.
"""

import datetime
import difflib
import hashlib
import io
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from training_portal import folding
from training_portal.opendocument import ODS_MIMETYPE, OdsWorkbook, OpenDocumentError, opendocument_type

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a file input offers to pick: the two formats the reader takes.
UPLOAD_ACCEPT = ".xlsx,.ods," + XLSX_MIMETYPE + "," + ODS_MIMETYPE
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, and every password-protected workbook
SHEET_LANGUAGE = "vi"  # templates, error files and exports carry Vietnamese headers whatever the page's language
SPOOL_BYTES = 4 * 1_048_576  # exports up to this size stay in memory; bigger ones go to a temporary file
TEMPLATE_ROWS = 1000  # rows of a template that get formats and drop-downs
# How exports show their date cells, whatever the locale of the program that opens them.
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
_HEADER_FILL = PatternFill("solid", fgColor="9B1C1C")
_ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
# Workbook parts compress about 14 to 1 (measured on templates and 100,000-row files); a part packed a hundred
# times tighter is a run of the same bytes, which no sheet typed by people holds.
_MAX_RATIO = 100
_RATIO_FROM_BYTES = 1_048_576
# What a spreadsheet program may run when a text cell is edited or pasted: written back as text, never as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    # Every non-empty row as it was typed, for the file sent back with the errors marked.
    raw: list[tuple] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    checksum: str = ""
    # Headers of the file the importer does not read, each with the known column it may be a misspelling of.
    unknown: list[tuple[str, str]] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)  # known columns given twice: only the first would be read

    def header_errors(self) -> list["RowError"]:
        """Every header whose column would be dropped, as an error on row 1: its data must not be lost unseen."""
        errors = []
        for header, guess in self.unknown:
            if guess:
                reason = _(
                    "This column is not one the import reads, so its data would be lost. Did you mean “%(column)s”?"
                ) % {"column": guess}
            else:
                reason = _(
                    "This column is not one the import reads, so its data would be lost: "
                    "name it as in the template, or delete it."
                )
            errors.append(RowError(row=1, column=header, value=header, reason=reason))
        for header in self.repeated:
            errors.append(
                RowError(row=1, column=header, value=header, reason=_("This column is there twice: delete one."))
            )
        return errors

    def filled(self, name: str) -> bool:
        """Whether the column holds a value on any row (a column present but empty is as good as missing)."""
        return any(not _blank(values.get(name)) for _number, values in self.rows)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Column:
    """One column of an import template: its field, its (translatable) header and how to fill it in."""

    name: str
    header: object
    help: object = ""
    required: bool = False  # the column must be in the file (a value may still be optional)
    width: int = 16
    choices: Callable[[], Sequence[str]] | None = None  # values of the drop-down
    number_format: str | None = None
    example: object = ""
    # What an export writes in this column so that it imports back: a `.values()` path or a getter.
    export: object = None


def clean_text(value) -> str:
    """NFC-normalised, trimmed text; '' for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


CODE_SEPARATOR = " – "  # between a code and its name in a drop-down: "LS-STC – Sở Tài chính"


def code_part(value) -> str:
    """The code of "code – name" as a drop-down offers it (codes hold no spaces); the text itself otherwise."""
    return clean_text(value).split(CODE_SEPARATOR, 1)[0].strip()


def fold(value) -> str:
    """A key for comparing what people type in a cell: as a search box folds it (no diacritics, no case, single
    spaces), so "So Tai chinh" matches "Sở Tài chính"; a key two rows share is refused as ambiguous by `Lookup`."""
    return folding.fold(clean_text(value))


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


def format_date(value) -> str:
    """dd/mm/yyyy, as Vietnamese documents write a date (and the templates' |dmy); "" for none."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


def choice_lookup(choices) -> dict[str, str]:
    """Every way a person may write a choice (its label in each language, its code), folded, to its code."""
    lookup = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices:
                lookup[fold(label)] = value
    for value, _label in choices:
        lookup[fold(value)] = value
    return lookup


def header_lookup(columns: Iterable[Column]) -> dict[str, str]:
    """Headers in every language to field names: a template downloaded in one language may come back in another."""
    columns = list(columns)
    headers = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            headers.update({str(c.header): c.name for c in columns})
    # The active language's headers last, so that naming a column back to the user speaks their language.
    for column in columns:
        headers.pop(str(column.header), None)
        headers[str(column.header)] = column.name
    return headers


def read_upload(uploaded, *, max_bytes: int | None = None) -> bytes:
    """The bytes of an uploaded .xlsx or .ods, refused when too big, not a workbook, password-protected (.xlsx), or
    unpacking into more than a workbook needs."""
    max_bytes = max_bytes or settings.IMPORT_MAX_FILE_BYTES
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
        raise SpreadsheetError(_("The file is not an Excel workbook (.xlsx) nor an OpenDocument spreadsheet (.ods)."))
    _check_archive(data)  # an .ods is a zip too: the same guard, before anything is unpacked
    return data


def _check_archive(data: bytes) -> None:
    """Refuse an archive that would unpack into more than a workbook needs (a zip bomb), from its directory alone.

    openpyxl reads every part through zipfile, which never unpacks a member beyond the size its directory
    declares: bounding the declared sizes bounds what reading the file can cost.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise SpreadsheetError(_("The workbook is damaged and cannot be read: save it again from Excel.")) from exc
    if len(members) > settings.IMPORT_MAX_ARCHIVE_ENTRIES:
        raise SpreadsheetError(
            _("The file holds %(count)s parts; a workbook holds at most %(limit)s. It is refused unread.")
            % {"count": len(members), "limit": settings.IMPORT_MAX_ARCHIVE_ENTRIES}
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.IMPORT_MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            _(
                "The file unpacks into %(size)s MB of data; the limit is %(limit)s MB. It is refused unread: "
                "save it again from Excel, or split it."
            )
            % {
                "size": round(unpacked / 1_048_576, 1),
                "limit": round(settings.IMPORT_MAX_UNCOMPRESSED_BYTES / 1_048_576, 1),
            }
        )
    for member in members:
        if member.file_size > _RATIO_FROM_BYTES and member.file_size > _MAX_RATIO * max(member.compress_size, 1):
            raise SpreadsheetError(
                _(
                    "Part of the file is packed %(ratio)s times tighter than any workbook typed by people: "
                    "it is refused unread. Save it again from Excel."
                )
                % {"ratio": member.file_size // max(member.compress_size, 1)}
            )


def read_workbook(
    uploaded,
    *,
    columns: dict[str, str],
    required: Iterable[str],
    max_bytes: int | None = None,
    max_rows: int | None = None,
    ignored: Iterable[str] = (),
) -> ReadResult:
    """Read the data sheet of an uploaded .xlsx or .ods: the header row, then one dict per non-empty row.

    `columns` maps each header as users see it to a field name; headers are matched
    after folding case, spaces and Unicode form; a header neither in `columns` nor in
    `ignored` (columns an export adds only to be read) is listed in `unknown`. Raises
    SpreadsheetError for a file that is too big, not a real .xlsx or .ods, protected, corrupt,
    too long or missing a column.
    """
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    data = read_upload(uploaded, max_bytes=max_bytes)
    workbook = _open(data)
    try:
        return _read_sheet(
            workbook,
            columns=columns,
            required=required,
            max_rows=max_rows,
            data=data,
            ignored={fold(header) for header in ignored},
        )
    except OpenDocumentError as exc:
        raise _opendocument_refusal(exc) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise SpreadsheetError(_("The workbook is damaged and cannot be read: save it again from Excel.")) from exc
    finally:
        workbook.close()


def _open(data: bytes):
    """The workbook, .xlsx (openpyxl, read-only) or .ods (our streaming reader): both give sheets of rows."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        kind = opendocument_type(archive)
    if kind and kind != ODS_MIMETYPE:
        raise SpreadsheetError(
            _("The file is an OpenDocument file but not a spreadsheet: save the table from LibreOffice Calc.")
        )
    if kind:
        try:
            return OdsWorkbook(data)
        except OpenDocumentError as exc:
            raise _opendocument_refusal(exc) from exc
    try:
        reader = _XlsxReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read()
        return reader.wb
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; none of them is the user's to read
        raise SpreadsheetError(_("The workbook is damaged and cannot be read: save it again from Excel.")) from exc


class _UnsizedSheet(ReadOnlyWorksheet):
    """A read-only sheet that is not measured when opened. openpyxl sizes a sheet from its `<dimension>`, and a
    sheet without one (openpyxl's own write-only files, other programs') it reads whole to find out — a second read
    of every row, 6 % of a 10,000-row import (bench/results_import.py). The import reads rows until they end and
    never asks a sheet's size."""

    def _get_size(self):
        pass


class _XlsxReader(ExcelReader):
    """openpyxl's read-only reader (`load_workbook(read_only=True)`), with unsized sheets; chartsheets, which hold
    no rows, are left out."""

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _opendocument_refusal(exc: OpenDocumentError) -> SpreadsheetError:
    if exc.reason == "protected":
        return SpreadsheetError(_("The spreadsheet is password-protected: remove the password and upload it again."))
    if exc.reason == "too_large":
        return SpreadsheetError(
            _("The spreadsheet holds more cells than an import can read: delete the empty columns, or split it.")
        )
    return SpreadsheetError(
        _("The OpenDocument spreadsheet (.ods) is damaged and cannot be read: save it again, or save it as .xlsx.")
    )


def _data_sheet(workbook, folded: dict[str, str], required: list[str]):
    """The sheet holding the rows: the first whose header row has every required column (the templates put
    their instructions sheet first), else the one with the most known headers, so the message names what it lacks."""
    best, best_known = None, -1
    for sheet in workbook.worksheets:
        header_row = next(sheet.iter_rows(max_row=1, values_only=True), None) or ()
        names = {folded.get(fold(clean_text(h))) for h in header_row}
        if required and all(name in names for name in required):
            return sheet
        known = len(names - {None})
        if known > best_known:
            best, best_known = sheet, known
    return best


def _read_sheet(workbook, *, columns, required, max_rows, data, ignored) -> ReadResult:
    if not workbook.worksheets:
        raise SpreadsheetError(_("The workbook is empty: it has no sheet with a header row."))
    folded = {fold(label): name for label, name in columns.items()}
    required = list(required)
    sheet = _data_sheet(workbook, folded, required)
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, None)
    if header_row is None:
        raise SpreadsheetError(_("The workbook is empty: it has no sheet with a header row."))
    positions: dict[str, int] = {}
    headers = [clean_text(h) for h in header_row]
    unknown, repeated = [], []
    for index, header in enumerate(headers):
        key = fold(header)
        name = folded.get(key)
        if name and name not in positions:
            positions[name] = index
        elif name:
            repeated.append(header)
        elif key and key not in ignored:
            unknown.append(header)
    labels = {name: label for label, name in columns.items()}
    missing = [labels[name] for name in required if name not in positions]
    if missing:
        raise SpreadsheetError(
            _("Missing column(s): %(columns)s. Use the template offered on this page.")
            % {"columns": ", ".join(f"“{m}”" for m in missing)}
        )
    absent = {label: name for label, name in columns.items() if name not in positions}
    result = ReadResult(
        headers=headers,
        positions=positions,
        checksum=hashlib.sha256(data).hexdigest(),
        unknown=[(header, _closest(header, absent)) for header in unknown],
        repeated=repeated,
    )
    items = positions.items()
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(result.rows) >= max_rows:
            raise SpreadsheetError(_("The file has more than %(limit)s rows.") % {"limit": max_rows})
        width = len(values)
        result.rows.append((number, {name: (values[i] if i < width else None) for name, i in items}))
        result.raw.append(values)
    return result


def _plain(text: str) -> str:
    """Folded and without accents: "Chuc vu" and "Chức vụ" are alike."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _closest(header: str, labels: dict[str, str]) -> str:
    """The header of a column not in the file that `header` is most likely a misspelling of, or ""."""
    plain = {}
    for label in labels:
        plain.setdefault(_plain(label), label)
    match = difflib.get_close_matches(_plain(header), list(plain), n=1, cutoff=0.75)
    return plain[match[0]] if match else ""


DATE_HELP = gettext_lazy("dd/mm/yyyy.")


def date_column(name: str, header, help=DATE_HELP, **kwargs) -> Column:
    """A date column, kept as text in the template and read day-first: in a date cell, a spreadsheet program set to
    an English locale would silently read 03/06/1989 as 6 March."""
    return Column(name, header, help, number_format="@", **{"width": 12, **kwargs})


# --- writing -----------------------------------------------------------------------------------


def _style_header(sheet, widths: Iterable[int]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def template_workbook(*, title: str, sheet_title: str, columns: Sequence[Column], intro: Sequence[str] = ()) -> bytes:
    """An .xlsx to fill in: instructions with an example row, the headers, and drop-downs for every list column."""
    with translation.override(SHEET_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(sheet_title)[:31]
        sheet.append([str(c.header) for c in columns])
        _style_header(sheet, (c.width for c in columns))
        lists = workbook.create_sheet(_("Lists")[:31])
        list_column = 0
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            if column.number_format:
                for row in range(2, TEMPLATE_ROWS + 2):
                    sheet.cell(row=row, column=index).number_format = column.number_format
            values = list(column.choices()) if column.choices else []
            if not values:
                continue
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=str(column.header)).font = Font(bold=True)
            for row, value in enumerate(values, start=2):
                lists.cell(row=row, column=list_column, value=value)
            validation = DataValidation(
                type="list",
                formula1=f"='{lists.title}'!${list_letter}$2:${list_letter}${len(values) + 1}",
                allow_blank=True,
            )
            validation.error = _("Choose a value from the list.")
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        help_sheet = workbook.create_sheet(_("Instructions")[:31], 0)
        help_sheet.column_dimensions["A"].width = 34
        help_sheet.column_dimensions["B"].width = 80
        help_sheet.column_dimensions["C"].width = 24
        help_sheet.append([str(title)])
        help_sheet["A1"].font = Font(bold=True, size=13)
        for line in intro:
            help_sheet.append([str(line)])
        help_sheet.append([_("Fill in one row per line on the sheet “%(sheet)s”.") % {"sheet": sheet.title}])
        help_sheet.append(
            [_("The whole file is checked first: if any row is wrong, nothing is saved and every error is listed.")]
        )
        help_sheet.append(
            [_("Dates as dd/mm/yyyy; list columns take a value of the sheet “%(sheet)s”.") % {"sheet": lists.title}]
        )
        help_sheet.append([])
        # The example row lives here, not on the sheet to fill in, so it can never be imported by mistake.
        help_sheet.append([_("Column"), _("How to fill it in"), _("Example")])
        for cell in help_sheet[help_sheet.max_row]:
            cell.font = Font(bold=True)
        for column in columns:
            mark = " *" if column.required else ""
            example = str(column.example) if isinstance(column.example, Promise) else column.example
            help_sheet.append([f"{column.header}{mark}", str(column.help), example])
            help_sheet.cell(row=help_sheet.max_row, column=1).font = Font(bold=True)
        workbook.active = 1
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def marked_workbook(table: ReadResult, errors: Sequence[RowError]) -> bytes:
    """The uploaded rows sent back with every reason in an extra column and the wrong cells shaded.

    Rows keep the numbers they had in the user's file, so "row 12" means the same in both.
    """
    with translation.override(SHEET_LANGUAGE):
        by_row: dict[int, list[RowError]] = {}
        for error in errors:
            by_row.setdefault(error.row, []).append(error)
        header_index = {h: i for i, h in enumerate(table.headers)}
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Errors")[:31])
        wrong_headers = {e.column for e in by_row.get(1, ())}  # columns the import does not read
        header = [_header_cell(sheet, h) for h in table.headers]
        for cell, text in zip(header, table.headers, strict=True):
            if text in wrong_headers:
                cell.fill = _ERROR_FILL
        header.append(_header_cell(sheet, _("Errors")))
        sheet.append(header)
        width = len(table.headers)
        last = 1
        for (number, _values), values in zip(table.rows, table.raw, strict=True):
            for _gap in range(number - last - 1):
                sheet.append([])
            last = number
            cells = [_safe_cell(sheet, v) for v in values[:width]] + [None] * (width - len(values))
            row_errors = by_row.get(number)
            if row_errors:
                for error in row_errors:
                    index = header_index.get(error.column)
                    if index is not None:
                        cell = cells[index]
                        if not isinstance(cell, Cell):  # a text cell already when it looked like a formula
                            cell = WriteOnlyCell(sheet, value=cell)
                        cell.fill = _ERROR_FILL
                        cells[index] = cell
                cells.append(_safe_cell(sheet, "; ".join(f"{e.column}: {e.reason}" for e in row_errors)))
            sheet.append(cells)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _header_cell(sheet, value) -> WriteOnlyCell:
    cell = _text_cell(sheet, str(value))
    cell.font = Font(bold=True)
    return cell


def errors_workbook(errors: Sequence[RowError]) -> bytes:
    """Only the list of errors (row, column, value, reason)."""
    with translation.override(SHEET_LANGUAGE):
        header = [_("Row"), _("Column"), _("Value"), _("Reason")]
        return write_xlsx([(_("Errors"), header, ((e.row, e.column, e.value, e.reason) for e in errors))])


def write_xlsx(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """A small workbook written row by row (openpyxl write-only), returned as bytes."""
    buffer = io.BytesIO()
    _write(buffer, sheets)
    return buffer.getvalue()


def _write(fileobj, sheets) -> None:
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([_header_cell(sheet, h) for h in header])
        for row in rows:
            sheet.append([_safe_cell(sheet, value) for value in row])
    workbook.save(fileobj)


def _safe_cell(sheet, value):
    """A value as written to any sheet we hand out (exports, the file with the errors marked): text that a
    spreadsheet program could take for a formula becomes a text cell; a date a real date cell shown dd/mm/yyyy (a
    date written as text sorts and filters as text, and other programs do not read it as a date); anything else is
    written as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return _text_cell(sheet, value)
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    """Text kept as text: openpyxl would write "=…" as a formula for Excel to run."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def xlsx_response(filename: str, data: bytes) -> HttpResponse:
    """A small in-memory workbook as a download."""
    response = HttpResponse(data, content_type=XLSX_MIMETYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- exports -----------------------------------------------------------------------------------


class Exporter:
    """An export (pretix's exporter pattern): an identifier, a Vietnamese name, headers and a generator of rows.

    Subclasses give `columns` as (header, value) pairs, where value is a field path for
    `.values()` or a callable of the values dict, and may override `queryset()`.
    """

    identifier = ""
    name: object = ""
    filename = "export"
    columns: Sequence[tuple[object, object]] = ()
    chunk_size = 2000

    def queryset(self, queryset):
        return queryset

    def fields(self) -> list[str]:
        wanted: list[str] = []
        for _header, value in self.columns:
            for path in getattr(value, "fields", (value,)) if not isinstance(value, str) else (value,):
                if path not in wanted:
                    wanted.append(path)
        return wanted

    def headers(self) -> list[str]:
        with translation.override(SHEET_LANGUAGE):
            return [str(header) for header, _value in self.columns]

    def rows(self, queryset) -> Iterator[list]:
        getters = [value if callable(value) else _getter(value) for _header, value in self.columns]
        with translation.override(SHEET_LANGUAGE):
            for values in self.queryset(queryset).values(*self.fields()).iterator(chunk_size=self.chunk_size):
                yield [get(values) for get in getters]

    def sheets(self, queryset) -> list[tuple[str, list[str], Iterable[Iterable]]]:
        """The workbook's sheets as (title, headers, rows): the export's one table; an export of several tables
        (a person's record: its classes, its totals, its positions) adds its own after it."""
        with translation.override(SHEET_LANGUAGE):
            title = str(self.name)
        return [(title, self.headers(), self.rows(queryset))]

    def write(self, queryset, fileobj) -> None:
        _write(fileobj, self.sheets(queryset))

    def response(self, queryset):
        """The export as a download, written to a spooled temporary file: sent whole when small, streamed when big."""
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed here or by FileResponse
        self.write(queryset, spool)
        stamp = datetime.date.today().strftime("%Y%m%d")
        filename = f"{self.filename}-{stamp}.xlsx"
        if spool.tell() <= SPOOL_BYTES:
            spool.seek(0)
            with spool:
                return xlsx_response(filename, spool.read())
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_MIMETYPE)


def _getter(path: str):
    return lambda values: values[path]


def display(path: str, choices) -> Callable[[dict], str]:
    """A column showing the label of a choice field instead of its code."""
    labels = dict(choices)

    def get(values):
        code = values[path]
        return str(labels.get(code, code or ""))

    get.fields = (path,)
    return get


def first_of(*paths: str) -> Callable[[dict], object]:
    """A column showing the first non-empty of several fields (e.g. an agency's code, else its name)."""

    def get(values):
        return next((values[p] for p in paths if values[p] not in (None, "")), "")

    get.fields = paths
    return get
