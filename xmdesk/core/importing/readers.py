"""Reading survey exports as rows of cells: Excel through python-calamine, CSV with its encoding guessed.

A `Source` gives the first rows for previews and layout detection (`head`) and then
streams every row once (`rows`), so a million-row CSV never sits in memory. The
kind of file is told by its first bytes, not its name: a web page renamed to
.xlsx, a password-protected workbook (an OLE file holding an EncryptedPackage) or
a truncated download each get their own message instead of a traceback.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from xmdesk.core.errors import XMDeskError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ""}
DELIMITERS = ",\t;|"
DELIMITER_NAMES = {",": ",", "\t": "Tab", ";": ";", "|": "|"}
SAMPLE_BYTES = 256 * 1024
HEAD_ROWS = 60
EXCEL_CHUNK = 1000  # rows handed on between progress updates
# Limits of a CSV row, refused past them with a message naming them (documented in the README):
MAX_FIELDS = 16_384  # columns, as Excel
MAX_FIELD_CHARS = 1_048_576  # characters in one value (Excel: 32,767); a missing quote swallows the file
MAX_LINE_BYTES = 16 * 1024 * 1024  # one line of the file, read whole by the text layer before csv splits it
MAX_LINE_SEPARATORS = 8 * MAX_FIELDS  # separators in one line, quoted ones too: csv never builds a huge row

csv.field_size_limit(MAX_FIELD_CHARS)


class ImportProblem(XMDeskError):
    """A file cannot be read or imported as asked; the message names the file, row and column."""


@dataclass
class Source:
    """One sheet of one file, ready to be read: `head` for previews, `rows()` to stream all rows."""

    path: Path
    kind: str  # "excel", "csv" or "spss"
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    width: int = 0  # CSV: fields in a row (0: not known until the first row is read)
    header_row: int = 1  # CSV: the first row of `width` fields; one-field title lines may stand above it
    undecodable: set[int] = field(default_factory=set)  # CSV: rows with bytes not valid in `encoding`
    total_rows: int | None = None  # known for Excel; CSV reports progress by bytes
    error_cells: int = 0  # Excel: the sheet's error cells (#DIV/0!), which calamine reads as empty
    head: list[list[Any]] = field(default_factory=list)
    _bytes_read: list[int] = field(default_factory=lambda: [0])
    _sheet: Any = None  # the parsed Excel sheet, kept: calamine parses a sheet whole, so parse it once
    dictionary: Any = None  # SPSS: the file's variables and labels (importing.spss.Dictionary)
    size: int = 0  # bytes, for progress

    def __post_init__(self) -> None:
        self.size = self.path.stat().st_size

    @property
    def encoding_name(self) -> str:
        """The encoding as a person knows it (UTF-8 with or without a BOM)."""
        return self.encoding.upper().replace("-SIG", "")

    def fraction_read(self) -> float:
        """How far `rows()` has got through the file, for progress when the row count is unknown."""
        return min(1.0, self._bytes_read[0] / self.size) if self.size else 1.0

    def rows(self) -> Iterator[list[Any]]:
        """Every row of the sheet from the top, read once, in batches, never held whole."""
        if self.kind == "excel":
            return _excel_rows(self)
        if self.kind == "spss":
            from xmdesk.core.importing.spss import spss_rows

            return spss_rows(self)
        return _csv_rows(self)


def open_source(path: str | Path, sheet: str | None = None) -> Source:
    """Look at a file and get it ready to be read; raises ImportProblem with a message a person can act on."""
    path = Path(path)
    if not path.is_file():
        raise ImportProblem("importing.not_found", file=path.name)
    with path.open("rb") as handle:
        start = handle.read(SAMPLE_BYTES)
    if not start:
        raise ImportProblem("importing.empty", file=path.name)
    suffix = path.suffix.lower()
    from xmdesk.core.importing.spss import is_spss, open_spss

    if is_spss(path, start):
        source = open_spss(path)
    elif start.startswith(ZIP_MAGIC) or start.startswith(OLE_MAGIC):
        source = _open_excel(path, start, sheet)
    elif suffix in EXCEL_SUFFIXES:
        raise ImportProblem("importing.not_excel", file=path.name, suffix=suffix)
    elif suffix in TEXT_SUFFIXES:
        source = _open_csv(path, start)
    else:
        raise ImportProblem("importing.unsupported", file=path.name)
    if not any(_filled(row) for row in source.head):
        raise ImportProblem("importing.empty", file=path.name)
    return source


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes: the same file imported twice is recognised whatever its name."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _filled(row: list[Any]) -> bool:
    return any(value not in ("", None) for value in row)


# -- Excel ---------------------------------------------------------------------------------------


def _open_excel(path: Path, start: bytes, sheet: str | None) -> Source:
    from python_calamine import CalamineWorkbook

    from xmdesk.core.importing.guard import check_workbook

    if start.startswith(OLE_MAGIC) and _is_encrypted_ole(path):
        raise ImportProblem("importing.password", file=path.name)
    errors = check_workbook(path)  # calamine aborts the process on a sheet it cannot hold: refuse those first
    workbook = _load_workbook(path, CalamineWorkbook)
    names = list(workbook.sheet_names)
    chosen = _pick_sheet(path, workbook, names, sheet)
    source = Source(path, "excel", sheet=chosen, sheets=names, error_cells=errors.get(chosen, 0))
    data = _sheet(source)
    source.total_rows = data.height
    source.head = [list(row) for _, row in zip(range(HEAD_ROWS), data.iter_rows())]
    return source


def _is_encrypted_ole(path: Path) -> bool:
    """Excel saves a password-protected .xlsx as an OLE compound file whose directory names an
    'EncryptedPackage' stream (names in a CFB directory are UTF-16-LE)."""
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data


def _load_workbook(path: Path, workbook_class: Any) -> Any:
    try:
        return workbook_class.from_path(str(path))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine's own classes (ZipError, XmlError...), and a panic (a BaseException)
        if "password" in str(error).lower() or type(error).__name__ == "PasswordError":
            raise ImportProblem("importing.password", file=path.name) from error
        raise ImportProblem("importing.damaged", file=path.name, detail=_short(error)) from error


def _pick_sheet(path: Path, workbook: Any, names: list[str], sheet: str | None) -> str:
    if not names:  # a workbook part that lists no sheet: damage (or a hand-made file), never what Excel saves
        raise ImportProblem("importing.no_sheets", file=path.name)
    if sheet:
        if sheet in names:
            return sheet
        if sheet.isdigit() and 0 < int(sheet) <= len(names):
            return names[int(sheet) - 1]
        raise ImportProblem("importing.no_sheet", file=path.name, sheet=sheet, known=", ".join(names))
    visible = [meta.name for meta in workbook.sheets_metadata if str(meta.visible).endswith(".Visible")]
    return (visible or names)[0]


def _sheet(source: Source) -> Any:
    from python_calamine import CalamineWorkbook

    if source._sheet is None:
        workbook = _load_workbook(source.path, CalamineWorkbook)
        try:
            source._sheet = workbook.get_sheet_by_name(source.sheet)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # a panic in calamine's Rust arrives as pyo3's PanicException, a BaseException
            raise ImportProblem("importing.damaged", file=source.path.name, detail=_short(error)) from error
    return source._sheet


def _excel_rows(source: Source) -> Iterator[list[Any]]:
    data = _sheet(source)
    total = data.height or 1
    rows = data.iter_rows()
    done = 0
    while chunk := list(islice(rows, EXCEL_CHUNK)):
        yield from chunk
        done += len(chunk)
        source._bytes_read[0] = source.size * done // total
    source._bytes_read[0] = source.size


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]


# -- CSV -----------------------------------------------------------------------------------------

# Undecodable bytes become U+FFFD and are counted (per thread: a thread reads one file at a time), so the
# rows holding them are named while the text streams, at no cost for a clean file.
UNDECODABLE = "xmdesk.undecodable"
_undecodable = threading.local()


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _marks()[0] += 1
    return "\ufffd", error.end


def _marks() -> list[int]:
    """This thread's count of undecodable sequences: a one-item list, read per row without a call."""
    marks: list[int] | None = getattr(_undecodable, "marks", None)
    if marks is None:
        marks = _undecodable.marks = [0]
    return marks


codecs.register_error(UNDECODABLE, _mark_undecodable)


def detect_encoding(sample: bytes, path: Path | None = None) -> str:
    """The encoding of a text file: a BOM first, then UTF-16 told by its zero bytes (Excel's "Unicode
    text"), then UTF-8 or GB18030 (a superset of GBK and GB2312) by which one more lines are written in.
    One GBK comment pasted into a UTF-8 export leaves it UTF-8, with that line reported as it is read,
    instead of turning every row into GB18030 mojibake. When the sample has no other text than ASCII, or
    lines of both, the rest of the file (given `path`) is looked at too."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    head = sample[:4096]
    if head and head.count(0) > len(head) // 4:
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    if path is not None and sample.isascii():
        sample = _first_text_beyond(path, len(sample)) or sample
    utf8, gb = _lines_by_encoding(sample.split(b"\n")[:-1] or [sample])  # the last line may be cut
    if utf8 and gb and path is not None and path.stat().st_size > len(sample):
        with path.open("rb") as handle:
            utf8, gb = _lines_by_encoding(handle)
    return "gb18030" if gb > utf8 else "utf-8"


def _first_text_beyond(path: Path, start: int) -> bytes:
    """The first block after `start` with any byte that is not ASCII, cut to whole lines: where an
    ASCII-only start of a file ends, its encoding shows."""
    with path.open("rb") as handle:
        handle.seek(start)
        while block := handle.read(1 << 20):
            if not block.isascii():
                return block[block.find(b"\n") + 1:] + handle.readline()
    return b""


def _lines_by_encoding(lines: Iterable[bytes]) -> tuple[int, int]:
    """How many lines with other text than ASCII are UTF-8, and how many are GB18030 and not UTF-8."""
    utf8 = gb = 0
    for line in lines:
        if line.isascii():
            continue
        if _decodes(line, "utf-8"):
            utf8 += 1
        elif _decodes(line, "gb18030"):
            gb += 1
    return utf8, gb


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str, suffix: str, file: str = "", complete: bool = True) -> tuple[str, int, int]:
    """The delimiter, the number of fields of a row and the row from which rows have it, found on the
    sample's records parsed as csv parses them (a quoted field keeps its line breaks and separators).
    A delimiter is plausible when it splits the first record, or for the usual one (',', a tab for .tsv)
    a record below one-field title lines (the layout skips them; no other separator gets titles, or a
    one-column file with a stray ';' in each value would read as a table). Of those, the one giving every
    record from there on the same number of fields wins: the fewest title lines, then the most fields.
    Rows that disagree under
    every plausible delimiter are refused, naming the first that disagrees, rather than imported as
    fragments. With no plausible delimiter the file has one column. `complete`: the text is the whole file
    (otherwise its last record may be cut)."""
    default = "\t" if suffix == ".tsv" else ","
    whole = {delimiter: _records(text, delimiter) for delimiter in default + DELIMITERS.replace(default, "")}
    # The last record may be cut: left out, unless it is the only one (then no width is known yet).
    readings = whole if complete else {delimiter: records[:-1] or records for delimiter, records in whole.items()}
    plausible = {delimiter: rows for delimiter, records in readings.items()
                 if (rows := _below_titles(records) if delimiter == default else records) and rows[0][1] >= 2}
    if not plausible:
        return default, 1 if any(readings.values()) else 0, 1
    steady = [(len(readings[delimiter]) - len(rows), -rows[0][1], order, delimiter)
              for order, (delimiter, rows) in enumerate(plausible.items())
              if all(count == rows[0][1] for _, count in rows)]
    if steady:
        delimiter = min(steady)[-1]
        header, width = plausible[delimiter][0]
        _check_width(file, header, width)
        cut = not complete and len(whole[delimiter]) < 2
        return delimiter, 0 if cut else width, header
    delimiter, rows = max(plausible.items(), key=lambda item: _agreeing(item[1]))
    number, count = rows[_agreeing(rows)]
    raise _ragged(file, number, count, rows[0][1], delimiter)


def _below_titles(records: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The records from the first one of several fields on: one-field lines above it are titles."""
    return records[next((n for n, (_, count) in enumerate(records) if count >= 2), len(records)):]


def _records(text: str, delimiter: str) -> list[tuple[int, int]]:
    """(record number, field count) of the text's records that are not blank."""
    try:
        return [(number, len(row)) for number, row in enumerate(csv.reader(io.StringIO(text, newline=""),
                                                                            delimiter=delimiter), start=1)
                if not _blank(row)]
    except csv.Error:
        return []


def _agreeing(records: list[tuple[int, int]]) -> int:
    """How many records from the first have the first one's number of fields."""
    return next((n for n, (_, count) in enumerate(records) if count != records[0][1]), len(records))


def _blank(row: list[str]) -> bool:
    """A line with nothing on it: no separator and at most spaces. A row of separators only is not blank: its
    count of fields must agree like any row's."""
    return len(row) <= 1 and not "".join(row).strip()


def _ragged(file: str, row: int, found: int, expected: int, delimiter: str) -> ImportProblem:
    return ImportProblem("importing.ragged", file=file, row=row, found=found, expected=expected,
                         delimiter=DELIMITER_NAMES[delimiter])


def _check_width(file: str, row: int, width: int) -> None:
    if width > MAX_FIELDS:
        raise ImportProblem("importing.too_wide", file=file, row=row, count=width, limit=MAX_FIELDS)


def _open_csv(path: Path, start: bytes) -> Source:
    if b"\x00" in start[:4096] and detect_encoding(start).startswith("utf-8"):
        raise ImportProblem("importing.binary", file=path.name)
    encoding = detect_encoding(start, path)
    complete = len(start) >= path.stat().st_size
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(start, final=complete)
    delimiter, width, header = sniff_delimiter(text, path.suffix.lower(), path.name, complete)
    source = Source(path, "csv", encoding=encoding, delimiter=delimiter, width=width, header_row=header)
    source.head = list(islice(source.rows(), HEAD_ROWS))
    source._bytes_read[0] = 0
    return source


class _GuardedReader(io.BufferedIOBase):
    """The file's bytes as the text layer asks for them, counted (progress by bytes) and watched on the line
    being read: a line past MAX_LINE_BYTES, or with more separators than MAX_LINE_SEPARATORS, is refused
    here, before the text layer and csv build it in memory (a 25-million-field line took minutes and
    gigabytes to fail). Blocks are handed on as read, never copied, and only the part before a block's
    first newline and after its last is scanned, so a clean file costs almost nothing."""

    def __init__(self, handle: io.BufferedReader, source: Source) -> None:
        self.handle = handle
        self.source = source
        self.separator = source.delimiter.encode("ascii")
        self.offset = 0  # bytes read so far
        self.line_start = 0  # where the line being read starts
        self.separators = 0  # separators in it so far, quoted ones too

    @property
    def name(self) -> str:
        return self.source.path.name

    def readable(self) -> bool:
        return True

    def read1(self, size: int = -1, /) -> bytes:
        return self._watched(self.handle.read1(size))

    def read(self, size: int | None = -1, /) -> bytes:
        return self._watched(self.handle.read(size))

    def _watched(self, block: bytes) -> bytes:
        self.source._bytes_read[0] += len(block)
        if block:
            self._watch(block)
        return block

    def _watch(self, block: bytes) -> None:
        first = block.find(b"\n")
        self.separators += block.count(self.separator, 0, first if first >= 0 else len(block))
        end = self.offset + (first if first >= 0 else len(block))
        if end - self.line_start > MAX_LINE_BYTES:
            raise self._too_long("importing.line_too_long", MAX_LINE_BYTES // (1024 * 1024))
        if self.separators > MAX_LINE_SEPARATORS:
            raise self._too_long("importing.too_many_separators", MAX_LINE_SEPARATORS)
        if first >= 0:
            last = block.rfind(b"\n")
            self.line_start = self.offset + last + 1
            self.separators = block.count(self.separator, last + 1)
        self.offset += len(block)

    def _too_long(self, message: str, limit: int) -> ImportProblem:
        """The refusal naming the line (its number counted now, in the file up to it: this is rare)."""
        line = 1
        with self.source.path.open("rb") as handle:
            left = self.line_start
            while left > 0 and (block := handle.read(min(left, 1 << 20))):
                line += block.count(b"\n")
                left -= len(block)
        return ImportProblem(message, file=self.source.path.name, line=line, limit=limit)


def _checked(source: Source, reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """Every row as csv parses it, checked on its way: it has the file's number of fields (blank lines
    aside), and a row holding undecodable bytes is named in `source.undecodable`. A clean row costs a
    length and a counter compared (a chunk of rows held to check them at C speed cost more: measured).
    The text layer decodes ahead of csv, so marks counted while a row is read are in it or in a later row."""
    marks = _marks()
    seen, pending, width = marks[0], 0, source.width
    for number, row in enumerate(reader, start=1):
        if len(row) != width:
            width = _width(source, number, row)
        if marks[0] != seen:
            pending += marks[0] - seen
            seen = marks[0]
        if pending:
            pending = _undecodable_row(source, number, row, pending)
        yield row


def _width(source: Source, number: int, row: list[str]) -> int:
    """The file's width after a row of another length: the same for a blank line or a title above the
    header, this row's when no width was known yet (the sample held no whole row); otherwise the row is
    refused."""
    if _blank(row) or (len(row) == 1 and number < source.header_row):
        return source.width
    _check_width(source.path.name, number, len(row))
    if source.width:
        raise _ragged(source.path.name, number, len(row), source.width, source.delimiter)
    source.width = len(row)
    return source.width


def _undecodable_row(source: Source, number: int, row: list[str], pending: int) -> int:
    """Names the row when it holds U+FFFD marks; the marks still to be found."""
    found = sum(cell.count("\ufffd") for cell in row)
    if found:
        source.undecodable.add(number)
    return max(0, pending - found)


def _csv_rows(source: Source) -> Iterator[list[Any]]:
    with source.path.open("rb") as raw:
        text = io.TextIOWrapper(_GuardedReader(raw, source), encoding=source.encoding, errors=UNDECODABLE,
                                newline="")
        text._CHUNK_SIZE = 1 << 16  # type: ignore[attr-defined]  # larger blocks: faster than the 8 KB default
        reader = csv.reader(text, delimiter=source.delimiter)
        try:
            yield from _checked(source, reader)
        except csv.Error as error:
            if "field limit" in str(error):
                raise ImportProblem("importing.field_too_long", file=source.path.name, line=reader.line_num,
                                    limit=MAX_FIELD_CHARS) from error
            raise ImportProblem("importing.bad_csv", file=source.path.name, line=reader.line_num,
                                detail=str(error)) from error
