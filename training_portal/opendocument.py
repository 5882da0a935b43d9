"""OpenDocument spreadsheets (.ods, as LibreOffice saves them) read like an .xlsx: sheets of rows of values.

A small streaming reader of the one part that holds the cells (content.xml), with the standard library's expat
parser: rows come out as they are parsed, so memory does not grow with the file, and reading stops as soon as
the caller has what it wants (the header row of each sheet). It gives what openpyxl's read-only mode gives for
the same sheet, so the engine checks both formats with one code: numbers, dates (as datetime), booleans and
text, a row's empty cells as None, empty rows as empty tuples so row numbers stay those of the program.

The archive's directory has already been checked by the engine (sizes, parts, packing ratio) before this
reads anything. Repeated rows and cells (LibreOffice writes a million empty rows as one element) are
expanded only up to data that follows them, within the limits of a sheet, and within a budget of cells, so a
few bytes cannot ask for billions of cells. A document type declaration (entities) is refused.
"""

import datetime
import io
import zipfile
from collections import deque
from collections.abc import Iterator
from xml.parsers import expat

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_OPENDOCUMENT = "application/vnd.oasis.opendocument."
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_MAX_ROWS = 1_048_576  # a sheet's rows and columns in LibreOffice and Excel
_MAX_COLUMNS = 16_384
_MAX_CELLS = 20_000_000  # cells (and empty rows) handed out per reading: far above IMPORT_MAX_ROWS of any width
_CHUNK = 65_536


class OpenDocumentError(ValueError):
    """The spreadsheet cannot be read; `reason` is "damaged", "protected" or "too_large"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def opendocument_type(archive: zipfile.ZipFile) -> str:
    """The OpenDocument type of an archive ("application/vnd.oasis.opendocument.spreadsheet"…), or "" for any other
    zip (an .xlsx has no `mimetype` part)."""
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return ""
    if info.file_size > 100:
        return ""
    text = archive.read(info).decode("ascii", "replace").strip()
    return text if text.startswith(_OPENDOCUMENT) else ""


class OdsWorkbook:
    """An .ods in memory, with `worksheets` as openpyxl's read-only workbook has them."""

    def __init__(self, data: bytes):
        self._data = data
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if opendocument_type(archive) != ODS_MIMETYPE:
                raise OpenDocumentError("damaged")
            try:
                manifest = archive.read("META-INF/manifest.xml")
            except KeyError:
                manifest = b""
            if b"encryption-data" in manifest:
                raise OpenDocumentError("protected")
            if "content.xml" not in archive.namelist():
                raise OpenDocumentError("damaged")
        self.worksheets = _Sheets(self)

    def close(self) -> None:
        """Nothing to release: each reading opens and closes its own stream."""

    def events(self) -> Iterator[tuple]:
        """("sheet", index) when a sheet starts, then ("row", values) for each of its rows, streamed."""
        with zipfile.ZipFile(io.BytesIO(self._data)) as archive, archive.open("content.xml") as stream:
            reader = _Reader()
            while chunk := stream.read(_CHUNK):
                reader.feed(chunk)
                yield from reader.take()
            reader.feed(b"", final=True)
            yield from reader.take()


class _Sheets:
    """The sheets of the workbook, found as they are reached: looking at the first needs only its first rows."""

    def __init__(self, workbook: OdsWorkbook):
        self._workbook = workbook

    def _exists(self, index: int) -> bool:
        return any(event == ("sheet", index) for event in self._workbook.events() if event[0] == "sheet")

    def __bool__(self) -> bool:
        return self._exists(0)

    def __iter__(self):
        index = 0
        while self._exists(index):
            yield OdsSheet(self._workbook, index)
            index += 1


class OdsSheet:
    def __init__(self, workbook: OdsWorkbook, index: int):
        self._workbook = workbook
        self._index = index

    def iter_rows(self, max_row: int | None = None, values_only: bool = True) -> Iterator[tuple]:
        current, given = -1, 0
        for event in self._workbook.events():
            if event[0] == "sheet":
                if current == self._index:
                    return
                current = event[1]
            elif current == self._index:
                yield event[1]
                given += 1
                if max_row is not None and given >= max_row:
                    return


class _Reader:
    """content.xml's cells as rows, pushed through expat a chunk at a time."""

    def __init__(self):
        self.out: deque = deque()
        self.sheet = -1
        self.budget = _MAX_CELLS
        self.row_number = 0  # rows of the current sheet handed out or owed
        self.empty_rows = 0  # empty rows seen and not yet handed out: only data after them makes them real
        self.row: list | None = None
        self.row_repeat = 1
        self.empty_cells = 0
        self.cell = None  # (repeat, kind, value) of the cell being read
        self.text: list[str] | None = None
        self.paragraphs: list[str] = []
        self.in_paragraph = 0
        self.in_annotation = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        parser.StartDoctypeDeclHandler = self.refuse
        parser.EntityDeclHandler = self.refuse
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser = parser

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as exc:
            raise OpenDocumentError("damaged") from exc

    def take(self):
        while self.out:
            yield self.out.popleft()

    def refuse(self, *args):
        raise OpenDocumentError("damaged")

    def spend(self, cells: int) -> None:
        self.budget -= cells
        if self.budget < 0:
            raise OpenDocumentError("too_large")

    # elements

    def start(self, name, attributes):
        namespace, _space, local = name.partition(" ")
        if self.in_annotation:
            self.in_annotation += 1
            return
        if namespace == _TABLE:
            if local == "table":
                self.sheet += 1
                self.row_number = self.empty_rows = 0
                self.out.append(("sheet", self.sheet))
            elif local == "table-row":
                self.row, self.empty_cells = [], 0
                self.row_repeat = _count(attributes.get(f"{_TABLE} number-rows-repeated"), _MAX_ROWS)
            elif local in ("table-cell", "covered-table-cell") and self.row is not None:
                repeat = _count(attributes.get(f"{_TABLE} number-columns-repeated"), _MAX_COLUMNS)
                self.cell = (repeat, attributes.get(f"{_OFFICE} value-type"), attributes)
                self.paragraphs = []
        elif namespace == _OFFICE and local == "annotation":
            self.in_annotation = 1  # a comment on the cell, not its value
        elif namespace == _TEXT and self.cell is not None:
            if local == "p":
                self.in_paragraph += 1
                if self.in_paragraph == 1:
                    self.text = []
            elif self.text is not None and local == "s":
                self.text.append(" " * _count(attributes.get(f"{_TEXT} c"), 1000))
            elif self.text is not None and local == "tab":
                self.text.append("\t")
            elif self.text is not None and local == "line-break":
                self.text.append("\n")

    def characters(self, data):
        if self.text is not None and not self.in_annotation:
            self.text.append(data)

    def end(self, name):
        if self.in_annotation:
            self.in_annotation -= 1
            return
        namespace, _space, local = name.partition(" ")
        if namespace == _TEXT and local == "p" and self.in_paragraph:
            self.in_paragraph -= 1
            if not self.in_paragraph and self.text is not None:
                self.paragraphs.append("".join(self.text))
                self.text = None
        elif namespace == _TABLE and local in ("table-cell", "covered-table-cell") and self.cell is not None:
            self.end_cell()
        elif namespace == _TABLE and local == "table-row" and self.row is not None:
            self.end_row()

    def end_cell(self):
        repeat, kind, attributes = self.cell
        self.cell = None
        value = _value(kind, attributes, self.paragraphs)
        if value is None:
            self.empty_cells += repeat  # only a value after them makes them part of the row
            return
        width = len(self.row) + self.empty_cells + repeat
        if width > _MAX_COLUMNS:
            raise OpenDocumentError("damaged")
        self.spend(self.empty_cells + repeat)
        self.row.extend([None] * self.empty_cells)
        self.row.extend([value] * repeat)
        self.empty_cells = 0

    def end_row(self):
        row, repeat = self.row, self.row_repeat
        self.row = None
        if not row:
            self.empty_rows += repeat
            return
        if self.row_number + self.empty_rows + repeat > _MAX_ROWS:
            raise OpenDocumentError("damaged")
        self.spend(self.empty_rows + repeat * len(row))
        self.out.extend(("row", ()) for _ in range(self.empty_rows))
        values = tuple(row)
        self.out.extend(("row", values) for _ in range(repeat))
        self.row_number += self.empty_rows + repeat
        self.empty_rows = 0


def _count(text, limit: int) -> int:
    """A repeat count as written, within the sheet's limit (a bigger one is a damaged file)."""
    if text is None:
        return 1
    try:
        number = int(text)
    except ValueError:
        raise OpenDocumentError("damaged") from None
    if not 1 <= number <= limit:
        raise OpenDocumentError("damaged")
    return number


def _value(kind, attributes, paragraphs):
    """A cell's value as openpyxl gives it: int or float, datetime, bool, or text; None for an empty cell."""
    try:
        if kind in ("float", "percentage", "currency"):
            number = float(attributes[f"{_OFFICE} value"])
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        if kind == "date":
            return datetime.datetime.fromisoformat(attributes[f"{_OFFICE} date-value"])
        if kind == "boolean":
            return attributes[f"{_OFFICE} boolean-value"] == "true"
    except (KeyError, ValueError, OverflowError):
        raise OpenDocumentError("damaged") from None
    text = "\n".join(paragraphs)
    return text if text else None
