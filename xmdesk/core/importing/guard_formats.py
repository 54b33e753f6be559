"""The workbook guard's checks for OpenDocument (.ods) and Excel binary (.xlsb) sheets (issue 16).

`guard.check_workbook` refuses an .xlsx whose cells span a rectangle calamine cannot hold; these two
formats reach the same reader and the same abort, by other routes (measured with python-calamine 0.9.1
in a child process limited to 2 GiB, each file under 1 KB):

- .ods: a sheet is content.xml rows of cells, each with a repeat count. calamine caps the counts at
  Excel's 1,048,576 rows and 16,384 columns but then builds the rectangle from the first to the last
  cell that holds something: 100,000 rows of 600 repeated values (60 M cells), or 5,000 rows whose one
  value sits past 16,380 empty columns (82 M), abort the process. A value beyond the caps is dropped
  without a word.
- .xlsb: a sheet is binary records; a cell record carries its column as any 32-bit number and the row
  comes from the last row header. Two cells, at A1 and XFD1048576 (or at column 4,000,000,000), abort
  at once; the BrtWsDim record that claims the sheet's size is not believed, by calamine or by us.

So each sheet's cells are read for their positions only, as calamine places them, and the rectangle is
checked against the same limits with the same messages as an .xlsx (`guard.Extent`). Which checks apply
is decided by the parts the zip holds, not by the file's name: calamine tries every format on a name it
does not know.
"""

from __future__ import annotations

import re
import struct
import zipfile
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path

from xmdesk.core.importing.guard import CHUNK, MAX_ROWS, Extent, refuse_extent
from xmdesk.core.importing.readers import ImportProblem

ODS_CONTENT = "content.xml"
XLSB_BOOK = "xl/workbook.bin"
XLSB_RELATIONSHIPS = "xl/_rels/workbook.bin.rels"
MAX_ROW_XML = 64 * 1024 * 1024  # one table row's XML: far past any real row, and what one chunk may carry
ODS_ROW, ODS_ROW_END = b"<table:table-row", b"</table:table-row>"
ROW_TAG_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")  # what follows <table:table-row in a row's own tag
# calamine matches qualified names exactly (table:table-row, table:table-cell), wherever they are nested: in
# header rows and row groups too
_ODS_NAME = re.compile(rb'\stable:name\s*=\s*"([^"]*)"')
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*)>")
_ROWS_REPEATED = re.compile(rb'\stable:number-rows-repeated\s*=\s*"([^"]*)"')
_COLUMNS_REPEATED = re.compile(rb'\stable:number-columns-repeated\s*=\s*"([^"]*)"')
_HOLDS = re.compile(rb"\s(?:office:(?:[\w-]*value|value-type)|table:formula)\s*=")
_RELATIONSHIP_TARGET = re.compile(rb'<Relationship\b[^>]*?\sTarget\s*=\s*"([^"]*)"')
# .xlsb record types (MS-XLSB 2.3): a row header, the cells calamine reads a value from, the sheet data's end
XLSB_ROW, XLSB_SHEET_DATA, XLSB_END_SHEET_DATA = 0x0000, 0x0091, 0x0092
XLSB_FIRST_CELL, XLSB_LAST_CELL = 0x0002, 0x000A  # RK, error, bool, real, string, shared string, formula string/num/bool
_U32 = struct.Struct("<I")


def check_formats(path: Path, archive: zipfile.ZipFile) -> dict[str, int] | None:
    """Refuse (ImportProblem naming the limit) an .ods or .xlsb whose sheets calamine could not hold; None
    when the zip holds neither (an .xlsx, checked by the guard itself), else {} (these formats have no
    error cells to count for the import report). For `guard._check`, after the zip's size check."""
    names = {info.filename: info for info in archive.infolist()}
    if ODS_CONTENT not in names and XLSB_BOOK not in names:
        return None
    try:
        if ODS_CONTENT in names:
            check_ods(path, archive, names[ODS_CONTENT])
        if XLSB_BOOK in names:
            check_xlsb(path, archive)
    except (struct.error, IndexError) as error:  # a record cut short
        raise ImportProblem("importing.damaged", file=path.name, detail=str(error)[:160]) from error
    return {}


# -- .ods -----------------------------------------------------------------------------------------------


def check_ods(path: Path, archive: zipfile.ZipFile, content: zipfile.ZipInfo) -> None:
    """Each table of content.xml, row by row: the rows and columns its cells holding something reach, with
    the repeat counts applied as calamine applies them."""
    scan = _OdsScan(path)
    for chunk in _rows_of(path, archive, content):
        scan.chunk(chunk)
    scan.sheet.finish()


class _OdsScan:
    """content.xml, chunk by chunk, without copying it: each row is found with one literal search and read in
    place (counts and searches within its range, in C); tables start and end only between rows, so only the
    short stretches between rows are searched for them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheet = _OdsSheet(path, "")

    def chunk(self, chunk: bytes) -> None:
        repeats = _positions(chunk, b"-repeated")  # one pass; none at all in many files
        start = chunk.find(ODS_ROW)
        self._edges(chunk, 0, len(chunk) if start < 0 else start)
        while start >= 0:
            body = start + len(ODS_ROW)
            following = chunk.find(ODS_ROW, body)
            end = len(chunk) if following < 0 else following
            stop = body  # a table:table-rows or table:table-row-group wrapper is not a row
            if chunk[body:body + 1] in ROW_TAG_ENDS:
                close = chunk.rfind(ODS_ROW_END, body, end)
                stop = close + len(ODS_ROW_END) if close >= 0 else chunk.find(b">", body, end) + 1  # or <.../>
                self.sheet.add_row(chunk, body, stop, bisect_left(repeats, stop) > bisect_left(repeats, body))
            self._edges(chunk, stop, end)
            start = following

    def _edges(self, chunk: bytes, start: int, end: int) -> None:
        """Tables ending and starting between `start` and `end`, in order (a start spelled otherwise than
        these only adds its rows to the table before it: a larger rectangle, never a smaller one)."""
        if chunk.find(b"table:table", start, end) < 0:
            return
        edges = sorted(at for needle in (b"<table:table ", b"<table:table>", b"</table:table>")
                       for at in _positions(chunk, needle, start, end))
        for at in edges:
            self.sheet.finish()
            if chunk[at + 1] != ord("/"):
                self.sheet = _OdsSheet(self.path, _table_name(chunk, at))


def _positions(data: bytes, needle: bytes, start: int = 0, end: int | None = None) -> list[int]:
    """Where `needle` occurs in data[start:end], in order."""
    found = []
    at = data.find(needle, start, end)
    while at >= 0:
        found.append(at)
        at = data.find(needle, at + 1, end)
    return found


class _OdsSheet:
    """One table's rows as calamine counts them: a row repeated n times takes n rows (the total capped at
    1,048,576), a cell repeated n times n columns (capped at 16,384 a row); only cells that hold a value or
    a formula widen the rectangle, since calamine keeps no row or column of empty cells at its edges."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.row = 0  # rows before the next one, repeats counted
        self.extent = Extent()

    def add_row(self, xml: bytes, start: int, end: int, repeated: bool) -> None:
        """The row in xml[start:end] (after '<table:table-row'); `repeated`: a repeat count is written in it."""
        head = xml.find(b">", start, end) + 1
        count = _ROWS_REPEATED.search(xml, start, head) if repeated else None
        repeats = _count(self.path, count.group(1)) if count else 1
        width = self._width(xml, head, end, repeated)
        if width:
            self.extent.add_rows((self.row + 1, self.row + repeats))
            self.extent.add_columns((1, width))
        self.row += repeats

    def _width(self, xml: bytes, start: int, end: int, repeated: bool) -> int:
        """The last column of the row holding something, repeats applied: 0 for a row of empty cells. Up to the
        last cell with content (text, a note: its tag ends '-cell>') the cells and repeat counts are counted in
        C, every <table: element as a cell (a wrapper counted too only widens the rectangle); the cells after
        it (empty ones, or a value written in a self-closed cell) are read one by one."""
        filled = max(xml.rfind(b"-cell>", start, end), start)
        last = xml.count(b"<table:", start, filled)
        if repeated:
            last += sum(_count(self.path, count) - 1 for count in _COLUMNS_REPEATED.findall(xml, start, filled))
        column = last
        for cell in _ODS_CELL.finditer(xml, filled, end):
            count = _COLUMNS_REPEATED.search(cell.group(1))
            column += _count(self.path, count.group(1)) if count else 1
            if _HOLDS.search(cell.group(1)) or not cell.group(1).endswith(b"/"):
                last = column  # a value, a formula, or content: calamine may keep it
        return last

    def finish(self) -> None:
        """Refuse the table when its rectangle is past the limits; a value past Excel's last row or column,
        which calamine would drop without a word, is refused too."""
        refuse_extent(self.path, self.name, self.extent)
        self.extent = Extent()


def _table_name(chunk: bytes, at: int) -> str:
    name = _ODS_NAME.search(chunk, at, chunk.find(b">", at) + 1)
    return name.group(1).decode("utf-8", "replace") if name else ""


def _count(path: Path, text: bytes) -> int:
    """A repeat count as calamine parses it (a plain unsigned number); anything else is its parse error."""
    if not text.isdigit() or len(text) > 20:
        raise ImportProblem("importing.damaged", file=path.name, detail=f"repeat count {text[:20]!r}")
    return int(text)


def _rows_of(path: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    """content.xml in chunks that end where a row or a table ends, so that no row is cut in two; a row of
    more than MAX_ROW_XML is refused as damaged rather than held whole."""
    carried = b""
    with archive.open(entry) as handle:
        while block := handle.read(CHUNK):
            data = carried + block
            cut = max(data.rfind(b"<table:table-row"), data.rfind(b"</table:table>"))
            if cut <= 0:
                carried = data
            else:
                carried = data[cut:]
                yield data[:cut]
            if len(carried) > MAX_ROW_XML:
                raise ImportProblem("importing.damaged", file=path.name,
                                    detail=f"a table row of more than {MAX_ROW_XML // 1024**2} MB of XML")
    if carried:
        yield carried


# -- .xlsb ----------------------------------------------------------------------------------------------


def check_xlsb(path: Path, archive: zipfile.ZipFile) -> None:
    """Every part the workbook's relationships point to that is a record stream, read as calamine reads a
    sheet (whatever type the relationship claims: calamine follows the sheet's id, not the type)."""
    names = {info.filename.replace("\\", "/").lower(): info for info in archive.infolist()}
    relationships = names.get(XLSB_RELATIONSHIPS)
    targets = _RELATIONSHIP_TARGET.findall(archive.read(relationships)) if relationships is not None else []
    parts = {f"xl/{target.decode('utf-8', 'replace')}".lower() for target in targets}
    parts |= {name for name in names if name.startswith("xl/worksheets/")}
    for part in sorted(parts):
        if part in names and part.endswith(".bin"):
            _check_xlsb_sheet(path, part.rsplit("/", 1)[-1].removesuffix(".bin"), archive.read(names[part]))


def _check_xlsb_sheet(path: Path, sheet: str, data: bytes) -> None:
    """The rows and columns of the sheet's value cells (a row from the last row header, a column from the
    cell's first four bytes), from the start of the sheet data to its end or to a row calamine stops at.
    One record after another, as the format has it: the loop does the least per record (a cell record has a
    one-byte type and length), which still costs about 1 µs a cell."""
    extent = Extent()
    unpack = _U32.unpack_from
    row, at, size, in_data, counted = 0, 0, len(data), False, False
    first_column, last_column, first_row, last_row = 1 << 40, -1, 1 << 40, -1
    while at < size:
        kind, length = data[at], data[at + 1]
        at += 2
        if (kind | length) & 0x80:
            kind, length, at = _record_header(data, at - 2)
        if not in_data:
            in_data = kind == XLSB_SHEET_DATA
        elif XLSB_FIRST_CELL <= kind <= XLSB_LAST_CELL and length >= 4:
            column = unpack(data, at)[0]
            first_column, last_column = min(first_column, column), max(last_column, column)
            if not counted:  # the row's number, once per row
                first_row, last_row, counted = min(first_row, row), max(last_row, row), True
        elif kind == XLSB_ROW and length >= 4:
            row, counted = unpack(data, at)[0], False
            if row >= MAX_ROWS:  # calamine reads one row past Excel's last, then stops: refused either way
                extent.add_rows((row + 1, row + 1))
                break
        elif kind == XLSB_END_SHEET_DATA:
            break
        at += length
    if last_column >= 0:
        extent.add_rows((first_row + 1, last_row + 1))
        extent.add_columns((first_column + 1, last_column + 1))
    refuse_extent(path, sheet, extent)


def _record_header(data: bytes, at: int) -> tuple[int, int, int]:
    """A record's type (one or two bytes of 7 bits) and length (one to four), and where its body starts."""
    kind = data[at]
    at += 1
    if kind & 0x80:
        kind = (kind & 0x7F) | ((data[at] & 0x7F) << 7)
        at += 1
    length = shift = 0
    for _ in range(4):
        byte = data[at]
        at += 1
        length |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return kind, length, at
