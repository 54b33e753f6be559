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
from collections.abc import Iterator
from pathlib import Path

from xmdesk.core.importing.guard import CHUNK, MAX_ROWS, Extent, _refuse_extent
from xmdesk.core.importing.readers import ImportProblem

ODS_CONTENT = "content.xml"
XLSB_BOOK = "xl/workbook.bin"
XLSB_RELATIONSHIPS = "xl/_rels/workbook.bin.rels"
MAX_ROW_XML = 64 * 1024 * 1024  # one table row's XML: far past any real row, and what one chunk may carry
WIDE_ROW = 1024  # a row with more cell elements than this is read cell by cell (its trailing empties do not count)
# table:table starts a sheet, </table:table> ends it, table:table-row starts a row (calamine matches these
# qualified names exactly, wherever they are nested: in header rows and row groups too)
_ODS_MARK = re.compile(rb"<table:table(-row)?[\s/>]|</table:table>")
_ODS_NAME = re.compile(rb'\stable:name\s*=\s*"([^"]*)"')
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*)>")
_ROWS_REPEATED = re.compile(rb'\stable:number-rows-repeated\s*=\s*"([^"]*)"')
_COLUMNS_REPEATED = re.compile(rb'\stable:number-columns-repeated\s*=\s*"([^"]*)"')
_HOLDS = re.compile(rb"\s(?:office:(?:[\w-]*value|value-type)|table:formula)\s*=")
_RELATIONSHIP_TARGET = re.compile(rb'<Relationship\b[^>]*?\sTarget\s*=\s*"([^"]*)"')
# .xlsb record types (MS-XLSB 2.3): a row header, the cells calamine reads a value from, the sheet data's end
XLSB_ROW, XLSB_SHEET_DATA, XLSB_END_SHEET_DATA = 0x0000, 0x0091, 0x0092
XLSB_CELLS = frozenset(range(0x0002, 0x000B))  # RK, error, bool, real, string, shared string, formula string/num/bool


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
    sheet = _OdsSheet(path, "")
    for chunk in _rows_of(path, archive, content):
        marks = list(_ODS_MARK.finditer(chunk))
        for number, mark in enumerate(marks):
            if mark.group(0).startswith(b"</"):
                sheet.finish()
            elif mark.group(1) is None:
                sheet.finish()
                sheet = _OdsSheet(path, _table_name(chunk, mark.start()))
            else:
                sheet.add_row(chunk[mark.start():marks[number + 1].start() if number + 1 < len(marks) else len(chunk)])
    sheet.finish()


class _OdsSheet:
    """One table's rows as calamine counts them: a row repeated n times takes n rows (the total capped at
    1,048,576), a cell repeated n times n columns (capped at 16,384 a row); only cells that hold a value or
    a formula widen the rectangle, since calamine keeps no row or column of empty cells at its edges."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.row = 0  # rows before the next one, repeats counted
        self.extent = Extent()

    def add_row(self, xml: bytes) -> None:
        head = xml[:xml.find(b">") + 1]
        repeated = _ROWS_REPEATED.search(head)
        repeats = _count(self.path, repeated.group(1)) if repeated else 1
        if repeated is None and b"-repeated" not in xml and xml.count(b"<table:") <= WIDE_ROW:
            width = xml.count(b"<table:table-cell") + xml.count(b"<table:covered-table-cell")  # at most
        else:
            width = self._width(xml)
        if width:
            self.extent.add_rows((self.row + 1, self.row + repeats))
            self.extent.add_columns((1, width))
        self.row += repeats

    def _width(self, xml: bytes) -> int:
        """The last column of the row holding something, repeats applied: 0 for a row of empty cells."""
        column = last = 0
        for cell in _ODS_CELL.finditer(xml):
            repeated = _COLUMNS_REPEATED.search(cell.group(1))
            repeats = _count(self.path, repeated.group(1)) if repeated else 1
            column += repeats
            if _HOLDS.search(cell.group(1)) or not cell.group(1).endswith(b"/"):
                last = column  # a value, a formula, or content (text, a note): calamine may keep it
        return last

    def finish(self) -> None:
        """Refuse the table when its rectangle is past the limits; a value past Excel's last row or column,
        which calamine would drop without a word, is refused too."""
        _refuse_extent(self.path, self.name, self.extent)
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
    cell's first four bytes), from the start of the sheet data to its end or to a row calamine stops at."""
    extent = Extent()
    row, at, size, in_data = 1, 0, len(data), False
    while at < size:
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
        if in_data and kind in XLSB_CELLS and length >= 4:
            column = struct.unpack_from("<I", data, at)[0] + 1
            extent.add_rows((row, row))
            extent.add_columns((column, column))
        elif in_data and kind == XLSB_ROW and length >= 4:
            row = struct.unpack_from("<I", data, at)[0] + 1
            if row > MAX_ROWS:  # calamine reads one row past Excel's last, then stops: refused either way
                extent.add_rows((row, row))
                break
        elif kind == XLSB_SHEET_DATA:
            in_data = True
        elif kind == XLSB_END_SHEET_DATA:
            break
        at += length
    _refuse_extent(path, sheet, extent)
