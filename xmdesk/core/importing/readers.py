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
import sys
from collections.abc import Iterator
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
SAMPLE_BYTES = 256 * 1024
HEAD_ROWS = 60
EXCEL_CHUNK = 1000  # rows handed on between progress updates

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class ImportProblem(XMDeskError):
    """A file cannot be read or imported as asked; the message names the file, row and column."""


@dataclass
class Source:
    """One sheet of one file, ready to be read: `head` for previews, `rows()` to stream all rows."""

    path: Path
    kind: str  # "excel" or "csv"
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    total_rows: int | None = None  # known for Excel; CSV reports progress by bytes
    head: list[list[Any]] = field(default_factory=list)
    _bytes_read: list[int] = field(default_factory=lambda: [0])
    _sheet: Any = None  # the parsed Excel sheet, kept: calamine parses a sheet whole, so parse it once
    size: int = 0  # bytes, for progress

    def __post_init__(self) -> None:
        self.size = self.path.stat().st_size

    def fraction_read(self) -> float:
        """How far `rows()` has got through the file, for progress when the row count is unknown."""
        return min(1.0, self._bytes_read[0] / self.size) if self.size else 1.0

    def rows(self) -> Iterator[list[Any]]:
        """Every row of the sheet from the top, read once, in batches, never held whole."""
        if self.kind == "excel":
            return _excel_rows(self)
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
    if start.startswith(ZIP_MAGIC) or start.startswith(OLE_MAGIC):
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

    if start.startswith(OLE_MAGIC) and _is_encrypted_ole(path):
        raise ImportProblem("importing.password", file=path.name)
    workbook = _load_workbook(path, CalamineWorkbook)
    names = list(workbook.sheet_names)
    chosen = _pick_sheet(path, workbook, names, sheet)
    source = Source(path, "excel", sheet=chosen, sheets=names)
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
    except Exception as error:  # calamine raises its own classes (ZipError, XmlError, CalamineError...)
        if "password" in str(error).lower() or type(error).__name__ == "PasswordError":
            raise ImportProblem("importing.password", file=path.name) from error
        raise ImportProblem("importing.damaged", file=path.name, detail=_short(error)) from error


def _pick_sheet(path: Path, workbook: Any, names: list[str], sheet: str | None) -> str:
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
        except Exception as error:
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


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]


# -- CSV -----------------------------------------------------------------------------------------


def detect_encoding(sample: bytes) -> str:
    """The encoding of a text file from its first bytes: a BOM first, then UTF-16 told by its zero
    bytes (Excel's "Unicode text"), then strict UTF-8, else GB18030 (a superset of GBK and GB2312)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    head = sample[:4096]
    if head and head.count(0) > len(head) // 4:
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        return "utf-8"  # the error is reported, with its row, when the bad bytes are read


def sniff_delimiter(text: str, suffix: str) -> str:
    """The delimiter that splits the first lines into the same, largest number of fields."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return "\t" if suffix == ".tsv" else ","
    best, best_score = ("\t" if suffix == ".tsv" else ","), 0
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines[:-1] or lines, delimiter=delimiter)]
        if not counts or max(counts) < 2:
            continue
        steady = sum(1 for c in counts if c == counts[0])
        score = steady * 1000 + counts[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_csv(path: Path, start: bytes) -> Source:
    if b"\x00" in start[:4096] and detect_encoding(start).startswith("utf-8"):
        raise ImportProblem("importing.binary", file=path.name)
    encoding = detect_encoding(start)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(start, final=False)
    source = Source(path, "csv", encoding=encoding, delimiter=sniff_delimiter(text, path.suffix.lower()))
    head: list[list[Any]] = []
    for row in source.rows():
        head.append(row)
        if len(head) >= HEAD_ROWS:
            break
    source.head = head
    source._bytes_read[0] = 0
    return source


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read through it, for progress by bytes."""

    def __init__(self, handle: io.BufferedReader, counter: list[int]) -> None:
        self.handle = handle
        self.counter = counter

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.handle.readinto(buffer)
        self.counter[0] += count or 0
        return count or 0


def _csv_rows(source: Source) -> Iterator[list[Any]]:
    with source.path.open("rb") as raw:
        counting = _CountingReader(raw, source._bytes_read)
        text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 16), encoding=source.encoding, newline="")
        reader = csv.reader(text, delimiter=source.delimiter)
        try:
            yield from reader
        except UnicodeDecodeError as error:
            raise ImportProblem("importing.encoding", file=source.path.name,
                                row=_undecodable_line(source) or reader.line_num + 1,
                                encoding=source.encoding.upper().replace("-SIG", "")) from error
        except csv.Error as error:
            raise ImportProblem("importing.bad_csv", file=source.path.name, row=reader.line_num,
                                detail=str(error)) from error


def _undecodable_line(source: Source) -> int | None:
    """The first line that is not valid text in the file's encoding (the decoder only knows the chunk)."""
    if source.encoding.startswith("utf-16"):
        return None
    with source.path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode(source.encoding)
            except UnicodeDecodeError:
                return number
    return None
