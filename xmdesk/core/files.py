"""What every file XMDesk writes goes through: its cells, its name and the write itself.

Exports carry text typed by strangers (the public's comments, a client's customer names,
a department's notes). Three rules keep such text harmless on its way out:

* A **cell** never becomes a live formula. In a CSV (and in plain-text tables a user may paste
  into a sheet) text beginning with `= + - @`, a tab or a carriage return gets a leading
  apostrophe (the OWASP advice); text that is only a signed number ("-10.2", "+3.5%") cannot
  run anything and stays. In an .xlsx the cell is typed as text with Excel's own "quote
  prefix" instead, so the text arrives exactly as stored (a returned case workbook or an
  XLSForm reads back unchanged) and an edit in Excel keeps it text. Characters XML cannot
  hold (NUL, vertical tab, ...) are written as Excel's `_xHHHH_` escapes, which Excel and
  our importer read back as the character: what can be stored can be exported.
* A **name** a user typed (a report, a journey, a department) becomes a file name only
  through `file_name`: no folder, no `..`, no reserved Windows name, no control character,
  not too long; Chinese stays.
* A **write** goes to `<name>.partial` beside the target, is flushed to the disk and then
  renamed over the target (`write_output`): a full disk, a cancel or a crash leaves the old
  file or none, never half a file, and the user reads one line saying what happened.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from xmdesk.core.errors import XMDeskError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGNED_NUMBER = re.compile(r"^[+-]\d[\d,]*(\.\d+)?%?$")
# What XML 1.0 cannot hold (openpyxl's IllegalCharacterError, python-docx's ValueError).
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A literal "_x000B_" in stored text: escaped in turn, or Excel would read it back as the character.
XML_ESCAPE_LOOKALIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
XML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
PARTIAL = ".partial"
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
NEARLY_FULL_BYTES = 1 << 20
FILE_NAME_BYTES = 180  # well under the 255 bytes of ext4/NTFS names, leaving room for ".partial" and a suffix
NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


class OutputError(XMDeskError):
    """A file cannot be written as asked; nothing was left half-written."""


# -- cells ----------------------------------------------------------------------------------------


def formula_like(text: str) -> bool:
    """Would a spreadsheet run this text (OWASP: a leading = + - @, tab or carriage return)?"""
    return text.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.match(text)


def safe_cell(value: Any) -> Any:
    """A CSV or plain-text cell: formula-like text gets a leading apostrophe; numbers and other values pass."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def text_cell(value: Any) -> str:
    """A cell of a table in a document or on a slide, which a reader may paste into a sheet: formula-safe, XML-safe."""
    return xml_text(str(safe_cell(value)))


def xml_text(text: str) -> str:
    """`text` with what XML cannot hold written as Excel's `_xHHHH_` escapes, which read back as the characters."""
    if text.isprintable() and "_x" not in text:
        return text  # nearly every cell: checked at C speed, as an export calls this for millions of cells
    text = XML_ESCAPE_LOOKALIKE.sub(r"_x005F_\1", text)
    return XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def xml_untext(text: str) -> str:
    """`text` as written by `xml_text`, as Excel reads it: what openpyxl leaves escaped when reading a workbook."""
    return XML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def sheet_cell(sheet: Any, value: Any) -> Any:
    """What to put in an openpyxl sheet for `value`: numbers as numbers, text always as text.

    Text that would start a formula becomes a text-typed cell with Excel's quote prefix (what
    Excel itself stores for a typed `'=...`), so it shows and reads back exactly as stored.
    Usable in `sheet.append([...])` in both openpyxl modes."""
    if not isinstance(value, str):
        return value
    text = xml_text(value)
    if not text.startswith(FORMULA_STARTS):
        return text
    from openpyxl.cell import WriteOnlyCell

    return _as_text(WriteOnlyCell(sheet, text))


def sheet_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append`, every cell through `sheet_cell`."""
    return [sheet_cell(sheet, value) for value in values]


def put_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Set one cell of a (not write-only) sheet by the rule of `sheet_cell`; returns the cell."""
    cell = sheet.cell(row=row, column=column, value=xml_text(value) if isinstance(value, str) else value)
    if isinstance(value, str) and cell.value.startswith(FORMULA_STARTS):
        _as_text(cell)
    return cell


def _as_text(cell: Any) -> Any:
    cell.data_type = "s"  # openpyxl took a leading "=" for a formula
    cell.quotePrefix = True
    return cell


# -- names ----------------------------------------------------------------------------------------


def file_name(text: str, suffix: str = "", fallback: str = "export") -> str:
    """A file name made from a user's text: the same words where possible, never a path.

    Separators, `:*?"<>|` and control characters become "_", and dots, spaces and "_" go from
    both ends (no hidden file, no `..`, nothing Windows drops), a reserved Windows name
    (CON, NUL, COM1, ...) gets a "_" in front, and the name is cut to fit file systems'
    255-byte limit with room for `suffix` (e.g. ".pdf"). Empty after that: `fallback`."""
    name = unicodedata.normalize("NFC", text)
    name = NOT_IN_FILE_NAMES.sub("_", name).strip(" ._")
    while len((name + suffix).encode("utf-8")) > FILE_NAME_BYTES:
        name = name[:-1].rstrip(". ")
    if not name:
        name = fallback
    if WINDOWS_RESERVED.match(name):
        name = "_" + name
    return name + suffix


# -- writes ---------------------------------------------------------------------------------------


def write_output(path: str | Path, write: Callable[[str], object]) -> Path:
    """Let `write` make `path` + ".partial", flush it to the disk, then rename it over `path`.

    A failure or cancel removes the partial file and leaves `path` as it was. A full disk, a
    folder that does not exist or a file held open elsewhere becomes an `OutputError` naming
    the file; anything else (a bug, a cancel) passes through unchanged."""
    path = Path(path)
    check_target(path)
    partial = path.with_name(path.name + PARTIAL)
    _remove(partial)  # left by a write that was killed; `write` always starts from nothing
    try:
        write(str(partial))
        _flush(partial)
        os.replace(partial, path)
    except BaseException as error:
        _remove(partial)
        raise_output_problem(path, error)
        raise
    return path


def check_suffix(path: Path, suffix: str) -> None:
    """Refuse an output whose name says another kind of file than the one written: `cases export -o x.csv` wrote a
    workbook under a .csv name, which opens in the wrong program or not at all. A name without a suffix is written
    as asked."""
    if path.suffix and path.suffix.lower() != suffix:
        raise OutputError("files.wrong_suffix", path=path.name, given=path.suffix, suffix=suffix,
                          suggested=path.with_suffix(suffix).name)


def check_target(path: Path) -> None:
    """Refuse, before any work, a target that names no file (`-o ""` from an unset shell variable is the folder
    "."), sits in a folder that does not exist (a typo) or in one where no file can be created (no permission):
    the writers would fail only at the end, after the whole export, and some not as an OSError (SQLite's "unable
    to open database file" for a pack, a new study or a recovery)."""
    if not path.name or path.name in (".", ".."):
        raise OutputError("files.no_name")
    if not path.parent.is_dir():
        raise OutputError("files.no_folder", folder=path.parent)
    _try_creating(path.with_name(path.name + PARTIAL), path)


def _try_creating(probe: Path, path: Path) -> None:
    """Create and remove `probe` (the partial file the write will use): the system's own answer, where checking
    permissions would miss a read-only drive, an ACL or /proc."""
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return  # a killed write's leftover: the write clears it
    except OSError as error:
        raise_output_problem(path, error)  # always an OutputError for the system's errors
        raise
    probe.unlink()


def raise_output_problem(path: Path, error: BaseException) -> None:
    """Raise the `OutputError` for a failed write of `path` when the failure is about the file system;
    return (for the caller to re-raise `error`) when it is a bug, a cancel or already a message.

    Writers that hide the system's error (the SPSS writer, Qt's PDF writer, a reader of the
    half-written file) are judged by the disk they wrote to: nearly no space left is a full disk."""
    if isinstance(error, XMDeskError) or not isinstance(error, Exception):
        return
    if disk_full(error) or (not isinstance(error, OSError) and _nearly_full(path.parent)):
        raise OutputError("files.disk_full", path=path) from error
    if isinstance(error, OSError):
        raise OutputError("files.cannot_write", path=path, reason=error.strerror or str(error)) from error


def disk_full(error: BaseException) -> bool:
    """Is this the system's or SQLite's "no space left" (ENOSPC, a quota, SQLITE_FULL)?"""
    if isinstance(error, OSError):
        return error.errno in DISK_FULL_ERRNOS
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(error)
    return False


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _flush(path: Path) -> None:
    """Make the bytes durable before the rename, so a power cut never leaves an empty file under the name."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _remove(path: Path) -> None:
    """Remove a partial file and the journal files SQLite may have left beside it."""
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass  # the error being reported matters more than a leftover .partial
