"""The one check every workbook from a user passes before a reader parses it (issue 16).

python-calamine (the import) holds a sheet as one dense rectangle, from its top-left to its
bottom-right cell, about 32 bytes a cell, and when it cannot allocate that rectangle the whole
process aborts: no exception, no message. One cell at XFD1048576 asks for 512 GiB; one at
XFD5000 for 2.6 GB. A zip bomb fills memory the same way in any reader. So before any reader
(the import, the XLSForm reader, the case workbook replies) sees a workbook, `check_workbook`:

- adds up the sizes its zip declares: together the parts may unpack to 40 × the file (always at
  least 16 MiB, so small workbooks are never refused) and never to more than 4 GiB;
- inflates each sheet as a stream (zipfile stops a part at the size it declares and refuses it by
  its CRC, as calamine's zip reader refuses a part larger than it says: a lying size costs nothing);
- finds the rectangle the sheet's cells really span from every cell's own position (`r="XFD5000"`,
  or counted as calamine counts cells written without one), not from the `<dimension>` the sheet
  claims, which may lie either way: at most 1,048,576 rows × 16,384 columns (Excel's limits) and
  40 million cells (about 1.3 GB in the reader).

Reading every position costs more than inflating (numpy over each chunk: 0.8 s of CPU on the
100,000 × 40 benchmark sheet, 202 MB of XML). So the claimed `<dimension>`, rounded up, is only a
hint: one regular-expression search per chunk, in C, asks whether any cell is *not* plainly inside
that rounded rectangle (a `<c` without ` r="` first, a position past the bound, a leading zero, a
namespace prefix as in `<x:c`); when none is, the rectangle holds every cell and is within the limits.
Any hit, or a claim that is missing or too large, reads every position as before, from the start.
A lie can cost time, never a wrong answer. The result is kept per file (path, size, modification
time), so the preview and the import check a workbook once.

A legal but sparse sheet (one value far below or right of the data) is refused with the corner it
reaches, so the user can delete the stray cell. An .xls is an OLE compound file holding BIFF records;
Excel stops at 65,536 rows × 256 columns, but a record can say any row and column up to 65,535 and
calamine aborts on that rectangle too, so the same limits are checked over its cell records (read
with a minimal OLE reader: the format is small and no package for it is a dependency).
"""

from __future__ import annotations

import functools
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from xmdesk.core.importing.readers import ImportProblem

MAX_ROWS = 1_048_576  # Excel's limits
MAX_COLUMNS = 16_384
MAX_CELLS = 40_000_000  # the rectangle the reader holds: about 32 bytes a cell, 1.3 GB
MAX_RATIO = 40  # all parts together unpack to at most 40 × the file ...
RATIO_FLOOR = 16 * 1024 * 1024  # ... but a small workbook may always unpack to 16 MiB
MAX_INFLATED = 4 * 1024**3  # and never to more than 4 GiB
CHUNK = 4 * 1024 * 1024
SHEET_TYPES = ("/worksheet", "/macrosheet", "/dialogsheet")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_SHEET = re.compile(rb"<sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'\s([\w:]+)="([^"]*)"')
_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])[^>]*>")  # calamine matches local names: <x:c> is a cell
_POSITION = re.compile(rb'\sr\s*=\s*["\']([A-Za-z]*)(\d*)["\']')
PREFIXED = rb":(?:row|c)[\t\n\r />]"  # a cell or row with a namespace prefix (<x:c>): calamine reads it as one
ERROR_CELL = rb' t="e"'
_DIMENSION = re.compile(rb'<dimension\s+ref="(?:[A-Z]+\d+:)?([A-Z]{1,3})([1-9]\d{0,6})"')
_CHECKED: dict[tuple[str, int, int], dict[str, int]] = {}  # (path, size, mtime) -> the counts of a workbook that passed
_WINDOW = np.arange(12)  # what follows <c r=": a position, 3 letters and 7 digits at most
_PAD = b" " * 16
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END = 0xFFFFFFFA  # sector numbers from here up end a chain (or mark free and FAT sectors)
BIFF_BOF, BIFF_EOF, BIFF_FILEPASS, BIFF_MULRK, BIFF_BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x00BD, 0x0085
BIFF_DIMENSIONS = 0x0200  # a sheet's claimed rectangle: first row, last row + 1, first column, last column + 1
# The records that hold a cell's value (calamine skips BLANK and MULBLANK, empty formatted cells):
# NUMBER, RK, MULRK, LABELSST, LABEL, RSTRING, BOOLERR, FORMULA; each starts with its row and column.
BIFF_CELLS = frozenset({0x0203, 0x027E, BIFF_MULRK, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006})


@dataclass
class Extent:
    """The rectangle a sheet's cells span, 1-based as Excel shows it, and the cells written without a position."""

    first_row: int = MAX_ROWS + 1
    last_row: int = 0
    first_column: int = MAX_COLUMNS + 1
    last_column: int = 0
    cells: int = 0
    positioned: int = 0
    beyond_excel: bool = False  # a position of more than 3 letters or 7 digits
    errors: int = 0  # cells holding an Excel error (t="e"), which calamine reads as empty

    def add_rows(self, span: tuple[int, int]) -> None:
        """Widen the rectangle to rows span[0]..span[1] (1-based, inclusive); spans come in any order as the sheet is
        scanned."""
        self.first_row, self.last_row = min(self.first_row, span[0]), max(self.last_row, span[1])

    def add_columns(self, span: tuple[int, int]) -> None:
        """Widen the rectangle to columns span[0]..span[1] (1-based, inclusive), like `add_rows`."""
        self.first_column, self.last_column = min(self.first_column, span[0]), max(self.last_column, span[1])

    def area(self) -> int:
        """Cells in the rectangle, the figure checked against MAX_CELLS before anything is read; 0 for a sheet with
        no positioned cell."""
        if self.last_row < self.first_row or self.last_column < self.first_column:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)


def check_workbook(path: Path) -> dict[str, int]:
    """Refuse (ImportProblem naming the limit) a workbook whose parts or sheets a reader could not hold;
    else the number of Excel error cells (#DIV/0!) of each sheet of an .xlsx, for the import report.
    Anything that is neither a zip nor an OLE file (.xls) is left to the reader, which says what it is.
    A workbook that passed is not read again while its size and modification time stay the same."""
    status = path.stat()
    key = (str(path.resolve()), status.st_size, status.st_mtime_ns)
    if key not in _CHECKED:
        _CHECKED.clear()  # one workbook at a time is opened, previewed and imported
        _CHECKED[key] = _check(path)
    return dict(_CHECKED[key])


def _check(path: Path) -> dict[str, int]:
    with path.open("rb") as handle:
        if handle.read(len(OLE_MAGIC)) == OLE_MAGIC:
            _check_xls(path)
            return {}
    if not zipfile.is_zipfile(path):
        return {}
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            declared = sum(entry.file_size for entry in entries)
            limit = min(MAX_INFLATED, max(MAX_RATIO * size, RATIO_FLOOR))
            if declared > limit:
                raise ImportProblem("importing.guard.inflated", file=path.name, size=_mib(declared),
                                    ratio=f"{declared / max(size, 1):,.0f}", limit=_mib(limit))
            _refuse_packing(path, entries)
            from xmdesk.core.importing.guard_formats import check_formats  # it builds on this module's Extent

            other_format = check_formats(path, archive)
            if other_format is not None:
                return other_format
            return {sheet: _check_sheet(path, sheet, archive, entry) for sheet, entry in _sheet_parts(archive)}
    # zlib.error: a part's deflated bytes that are no deflate stream at all (most damage fails the CRC instead);
    # NotImplementedError: zipfile's word for a header asking for a zip version or a feature it lacks
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError,
            ValueError) as error:
        raise ImportProblem("importing.damaged", file=path.name, detail=str(error)[:160]) from error


def _refuse_packing(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse a part that is encrypted or packed by a method other than store and deflate, the two that Excel and
    LibreOffice write, before any is read: zipfile cannot read most others (NotImplementedError) and asks for
    the password of an encrypted part (RuntimeError), both of which ended in a traceback (found by changing bytes
    of a workbook at random)."""
    for entry in entries:
        if entry.flag_bits & 0x1 or entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ImportProblem("importing.guard.packing", file=path.name, part=entry.filename,
                                method=entry.compress_type)


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, zipfile.ZipInfo]]:
    """Each sheet's name and part, as the workbook's relationships name them (a reader follows them,
    whatever the part is called); every part under xl/worksheets/ when they name none."""
    names = {entry.filename: entry for entry in archive.infolist()}
    targets: dict[str, str] = {}  # relationship id -> part
    for element in _RELATIONSHIP.findall(_small_part(archive, names.get("xl/_rels/workbook.xml.rels"))):
        attributes = _attributes(element)
        if attributes.get("Type", "").endswith(SHEET_TYPES):
            target = attributes.get("Target", "")
            targets[attributes.get("Id", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    titles = {}
    for element in _SHEET.findall(_small_part(archive, names.get("xl/workbook.xml"))):
        attributes = _attributes(element)
        titles[targets.get(attributes.get("r:id", ""), "")] = attributes.get("name", "")
    parts = list(dict.fromkeys(targets.values())) or [
        name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml")]
    return [(titles.get(part) or part.rsplit("/", 1)[-1], names[part]) for part in parts if part in names]


def _small_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo | None) -> bytes:
    return archive.read(entry) if entry is not None and entry.file_size <= RATIO_FLOOR else b""


def _attributes(element: bytes) -> dict[str, str]:
    return {key.decode(): value.decode("utf-8", "replace") for key, value in _ATTRIBUTE.findall(element)}


def _check_sheet(path: Path, sheet: str, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int:
    errors = _errors_within_claim(archive, entry)
    if errors is not None:
        return errors
    extent = Extent()
    prefixed = False
    for chunk in _ahead(_inflate(archive, entry)):
        _scan_positions(chunk, extent)
        prefixed = prefixed or _compiled(PREFIXED).search(chunk) is not None
    errors = extent.errors
    if extent.cells != extent.positioned or prefixed:  # cells without r= (or as <x:c>): placed as calamine does
        extent = Extent()
        counter = _Counter()
        for chunk in _inflate(archive, entry):
            counter.scan(chunk, extent)
    refuse_extent(path, sheet, extent)
    return errors


def _errors_within_claim(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int | None:
    """The sheet's error cells when every cell lies plainly inside its claimed dimension, rounded up
    (and that rectangle within the limits); None when a cell may lie outside or there is no usable claim."""
    errors = 0
    outside: Any = None
    for chunk in _ahead(_inflate(archive, entry)):
        outside = outside or _outside_claim(chunk)
        if outside is None or outside.search(chunk) or _compiled(PREFIXED).search(chunk):
            return None
        errors += sum(1 for _ in _compiled(ERROR_CELL).finditer(chunk))
    return errors


@functools.cache
def _compiled(pattern: bytes) -> Any:
    """An RE2 pattern (re2._Regexp: the package has no type stubs), compiled once; re2 is imported on first
    use, so start-up never pays for it."""
    import re2

    return re2.compile(pattern)


def _outside_claim(head: bytes) -> Any:
    """An RE2 pattern finding any <c> that does not start with a plain position inside the rectangle the
    sheet's <dimension> claims, rounded up to its leading letter and digit (AN100001 -> AZ199999); None
    without a claim, or when that rectangle is past the limits. RE2 scans a chunk in one linear pass
    (0.16 s of CPU over the 202 MB benchmark sheet, where sre's per-cell look-ahead took 0.7 s), and it has
    no look-ahead, so the pattern spells out each way a cell can be outside (`_outside_positions`)."""
    claim = _DIMENSION.search(head)
    if claim is None:
        return None
    letters, digits = claim.group(1).decode(), claim.group(2).decode()
    columns = _column_number((letters[0] + "Z" * (len(letters) - 1)).encode())
    rows = (int(digits[0]) + 1) * 10 ** (len(digits) - 1) - 1
    if columns > MAX_COLUMNS or rows > MAX_ROWS or columns * rows > MAX_CELLS:
        return None
    outside = "|".join(_outside_positions(len(letters), letters[0], len(digits), digits[0]))
    return _compiled(f'<c(?:[\\t\\n\\r/>]| [^r]| r[^=]| r=[^"]| r="(?:{outside}))'.encode())


def _outside_positions(n_letters: int, first_letter: str, n_digits: int, first_digit: str) -> list[str]:
    """What may follow `<c r="` in a cell outside the claim: no letter; more letters than the claim's, or as
    many with a greater first; then no digit (or a leading zero); more digits than the claim's, or as many
    with a greater first; or anything but the closing quote after the digits."""
    column = f"[A-Z]{{1,{n_letters}}}"
    found = ["[^A-Z]", f"[A-Z]{{{n_letters + 1}}}", f"{column}[^A-Z1-9]", f"{column}[1-9][0-9]{{{n_digits}}}",
             f'{column}[1-9][0-9]{{0,{n_digits - 1}}}[^0-9"]']
    if first_letter != "Z":
        found.append(f"[{chr(ord(first_letter) + 1)}-Z][A-Z]{{{n_letters - 1}}}")
    if first_digit != "9":
        found.append(f"{column}[{int(first_digit) + 1}-9][0-9]{{{n_digits - 1}}}[^0-9]")
    return found


def _inflate(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's XML in chunks that end at a '>', so that no position is cut in two."""
    carried = b""
    handle: IO[bytes]
    with archive.open(entry) as handle:
        while block := handle.read(CHUNK):
            data = carried + block
            cut = data.rfind(b">") + 1
            carried = data[cut:]
            if cut:
                yield data[:cut]
    if carried:
        yield carried


def _ahead(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The next chunk inflated on another thread while this one is scanned (zlib and numpy let go of the GIL)."""
    with ThreadPoolExecutor(1) as pool:
        coming = pool.submit(next, chunks, b"")
        while chunk := coming.result():
            coming = pool.submit(next, chunks, b"")
            yield chunk


def _scan_positions(chunk: bytes, extent: Extent) -> None:
    """Every <c r="…"> of the chunk, read with numpy, into `extent`: the rows and columns of the cells that
    hold something (calamine drops an empty <c r="XFD5000" s="1"/>, so it does not count), the number of
    <c> elements and of those that start with their position (any other is counted as calamine counts)."""
    data = np.frombuffer(chunk + _PAD, dtype=np.uint8)
    tags = np.flatnonzero(data[: len(chunk)] == ord("<"))
    after = data[tags + 2]
    is_cell = (data[tags + 1] == ord("c")) & ((after <= 32) | (after == ord(">")) | (after == ord("/")))
    extent.cells += int(is_cell.sum())
    extent.errors += chunk.count(b' t="e"')
    cells = np.flatnonzero(is_cell & (data[tags + 3] == ord("r")) & (data[tags + 4] == ord("="))
                           & (data[tags + 5] == ord('"')))
    extent.positioned += len(cells)
    following = tags[np.minimum(cells + 1, len(tags) - 1)]  # the next tag: a value, </c>, or the next cell
    empty = (data[following - 2] == ord("/")) | ((data[following + 1] == ord("/")) & (data[following + 2] == ord("c")))
    window = data[tags[cells[~empty | (cells + 1 == len(tags))]][:, None] + 6 + _WINDOW]  # what follows <c r="
    head = window[:, :4]
    n_letters = np.argmin((head >= ord("A")) & (head <= ord("Z")), axis=1)  # 0 when all 4 are: beyond XFD
    n_digits = np.argmax(window == ord('"'), axis=1) - n_letters
    first_digit = window[np.arange(len(window)), n_letters]
    extent.beyond_excel |= bool(((n_letters == 0) | (n_digits <= 0) | (n_digits > 7) | (first_digit == ord("0"))).any())
    if len(window) and not extent.beyond_excel:
        extent.add_columns(_extreme(window, n_letters, np.zeros_like(n_letters), 26, ord("A") - 1))
        extent.add_rows(_extreme(window, n_digits, n_letters, 10, ord("0")))


def _extreme(window: np.ndarray, widths: np.ndarray, starts: np.ndarray, base: int, zero: int) -> tuple[int, int]:
    """The smallest and largest number written in the lines of `window` (from `starts`, `widths` characters
    of `base`, no leading zero): the largest is the widest with the greatest characters read from the left,
    the smallest the narrowest with the least, so each is found by keeping the leaders place by place."""
    return (_leader(window, widths, starts, int(widths.min()), np.min, base, zero),
            _leader(window, widths, starts, int(widths.max()), np.max, base, zero))


def _leader(window: np.ndarray, widths: np.ndarray, starts: np.ndarray, width: int, pick: Any, base: int,
            zero: int) -> int:
    lines = np.flatnonzero(widths == width)
    value = 0
    for place in range(width):
        characters = window[lines, starts[lines] + place]
        best = int(pick(characters))
        lines = lines[characters == best]
        value = value * base + best - zero
    return value


class _Counter:
    """Positions as calamine gives them when cells (or rows) are written without r=: the next row, the next
    column. Only sheets with such cells come here (a few writers leave positions out), so plain re will do."""

    def __init__(self) -> None:
        self.row = 0
        self.column = 0

    def scan(self, chunk: bytes, extent: Extent) -> None:
        rows: list[int] = []
        columns: list[int] = []
        for element in _ELEMENT.finditer(chunk):
            position = _POSITION.search(element.group(0))
            letters, number = position.groups() if position else (b"", b"")
            extent.beyond_excel |= not letters.isupper() and bool(letters)  # calamine reads x past X
            if element.group(1) == b"row":
                self.row = int(number) if number else self.row + 1
                self.column = 0
                continue
            self.column = _column_number(letters) if letters else self.column + 1
            self.row = int(number) if number else max(self.row, 1)
            rows.append(self.row)
            columns.append(self.column)
        if rows:
            extent.add_rows((min(rows), max(rows)))
            extent.add_columns((min(columns), max(columns)))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    """Excel's name of a 1-based column: 1 is A, 16384 is XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def refuse_extent(path: Path, sheet: str, extent: Extent) -> None:
    """Refuse a sheet whose cells span more than a reader can hold, naming its far corner so the user can
    delete a stray cell: one rule and one wording for every format's guard (.xlsx, .xls, .ods, .xlsb)."""
    if extent.area() == 0 and not extent.beyond_excel:
        return
    corner = f"{column_letters(min(extent.last_column, 26**3))}{extent.last_row}"
    rows = extent.last_row - extent.first_row + 1
    columns = extent.last_column - extent.first_column + 1
    if extent.beyond_excel or extent.last_row > MAX_ROWS or extent.last_column > MAX_COLUMNS:
        raise ImportProblem("importing.guard.excel_limits", file=path.name, sheet=sheet, corner=corner)
    if extent.area() > MAX_CELLS:
        raise ImportProblem("importing.guard.cells", file=path.name, sheet=sheet, corner=corner,
                            rows=f"{rows:,}", columns=f"{columns:,}", cells=f"{extent.area():,}",
                            limit=f"{MAX_CELLS:,}")


# -- .xls: an OLE compound file holding a BIFF record stream -------------------------------------------


def _check_xls(path: Path) -> None:
    """The cells of each sheet of an .xls, from its BIFF records: Excel stops at 65,536 × 256, but a record
    may say row 60,000, column 65,000, and calamine aborts on that rectangle as on an .xlsx's."""
    try:
        stream = _ole_stream(path.read_bytes(), ("Workbook", "Book"))
    except (struct.error, IndexError, ValueError) as error:
        raise ImportProblem("importing.damaged", file=path.name, detail=f"OLE: {error}"[:160]) from error
    if stream is None:
        return  # no workbook stream: an encrypted .xlsx or no workbook, which the reader reports
    extent, sheets, names = Extent(), 0, []
    at = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4:at + 4 + length]
        at += 4 + length
        if kind == BIFF_BOUNDSHEET and len(body) >= 8:  # in the workbook's globals, one per sheet, in order
            names.append(body[8:8 + body[6] * (2 if body[7] & 1 else 1)].decode(
                "utf-16-le" if body[7] & 1 else "latin-1", "replace"))
        elif kind == BIFF_BOF:
            extent, sheets = Extent(), sheets + 1
        elif kind == BIFF_FILEPASS:
            return  # encrypted records: the reader asks for the password
        elif kind == BIFF_EOF:
            refuse_extent(path, _sheet_name(names, sheets - 1), extent)
        elif kind == BIFF_DIMENSIONS and len(body) >= 12:
            _refuse_claim(path, _sheet_name(names, sheets - 1), *struct.unpack_from("<IIHH", body))
        elif kind in BIFF_CELLS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0] if kind == BIFF_MULRK else column
            extent.add_rows((row + 1, row + 1))
            extent.add_columns((column + 1, max(column, last) + 1))
    refuse_extent(path, _sheet_name(names, sheets - 1), extent)


def _refuse_claim(path: Path, sheet: str, first_row: int, after_row: int, first_column: int,
                  after_column: int) -> None:
    """calamine sets aside room for the rectangle a sheet's DIMENSIONS record claims before it reads a cell, from
    unsigned differences: one changed byte (a first row past the last) asked for 513 GB and aborted the process
    (found by changing bytes of an .xls at random). No sheet Excel writes claims more than 65,536 × 256."""
    rows = (after_row - first_row) % 2**32
    columns = (after_column - first_column) % 2**16
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise ImportProblem("importing.damaged", file=path.name,
                            detail=f"sheet {sheet}: its DIMENSIONS record claims rows {first_row + 1:,} to "
                                   f"{after_row:,}, columns {first_column + 1:,} to {after_column:,}")


def _sheet_name(names: list[str], number: int) -> str:
    """The n-th sheet after the globals (the first BOF) by its BOUNDSHEET name."""
    return names[number - 1] if 0 < number <= len(names) else str(number)


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The first of `names` found in a compound file's directory, read along its sector chain (a minimal
    reader of the OLE format, with every chain bounded by the number of sectors so a loop cannot hang)."""
    if len(data) < 512:
        raise ValueError("truncated header")
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini = 1 << struct.unpack_from("<H", data, 0x20)[0]
    first_directory, cutoff, first_mini_fat = struct.unpack_from("<I4xII", data, 0x30)
    first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
    if sector not in (512, 4096) or mini != 64:
        raise ValueError("unknown sector size")
    sectors = (len(data) - 512) // sector + 1
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < sectors]
    for difat in _chain_of(first_difat, lambda s: struct.unpack_from("<I", data, 512 + s * sector + sector - 4)[0],
                           sectors, n_difat):
        fat_sectors += [s for s in struct.unpack_from(f"<{sector // 4 - 1}I", data, 512 + difat * sector)
                        if s < sectors]
    fat = b"".join(data[512 + s * sector:512 + (s + 1) * sector] for s in fat_sectors)
    links = len(fat) // 4

    def follow(start: int) -> bytes:
        chain = _chain_of(start, lambda s: struct.unpack_from("<I", fat, s * 4)[0] if s < links else END, sectors)
        return b"".join(data[512 + s * sector:512 + (s + 1) * sector] for s in chain)

    directory = follow(first_directory)
    root_start = struct.unpack_from("<I", directory, 0x74)[0]
    for entry in range(len(directory) // 128):
        record = directory[entry * 128:(entry + 1) * 128]
        name_length = struct.unpack_from("<H", record, 0x40)[0]
        name = record[:max(0, name_length - 2)].decode("utf-16-le", "replace")
        if name not in names or record[0x42] != 2:  # 2: a stream
            continue
        start, size = struct.unpack_from("<II", record, 0x74)
        if size >= cutoff:
            return follow(start)[:size]
        small = follow(first_mini_fat)
        stream = follow(root_start)
        chain = _chain_of(start, lambda s: struct.unpack_from("<I", small, s * 4)[0] if s * 4 < len(small) else END,
                          len(stream) // mini + 1)
        return b"".join(stream[s * mini:(s + 1) * mini] for s in chain)[:size]
    return None


def _chain_of(start: int, next_of: Any, bound: int, most: int | None = None) -> list[int]:
    chain: list[int] = []
    current = start
    while current < END and len(chain) < (bound if most is None else most):
        chain.append(current)
        current = next_of(current)
    if current < END:
        raise ValueError("a sector chain longer than the file")
    return chain


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.0f} MB" if size < 1024**3 else f"{size / 1024**3:,.1f} GB"
