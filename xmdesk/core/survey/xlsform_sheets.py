"""The sheets of an XLSForm as pyxform reads them: .xlsx/.xlsm/.xls, pyxform's .csv and .md layouts.

Forms are written by hand in Excel, by KoboToolbox, by ODK Build and by pyxform's own tests, and
pyxform (XLSForm's reference converter) is lenient about how: sheet names in any case, column
headers in any case and with spaces ("List name", "Label::English (en)"), old single-colon headers
("label:English", "bind:relevant"), aliases ("relevance", "calculation", "caption", "value"). One
form read here means what it means to pyxform, so every header becomes one canonical spelling
(`relevant`, `label::English`) before the form reader looks at it. Two headers meaning the same
column are refused as pyxform refuses them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

# Headers whose first token (before '::') is another name of a column; pyxform's aliases.py.
SURVEY_ALIASES = {"relevance": "relevant", "caption": "label", "calculation": "calculate",
                  "constraining_message": "constraint_message", "jr:constraintmsg": "constraint_message",
                  "jr:requiredmsg": "required_message", "requiredmsg": "required_message", "read_only": "readonly",
                  "repeat_count": "jr:count", "count": "jr:count", "command": "type", "tag": "name", "value": "name"}
CHOICE_ALIASES = {"caption": "label", "list": "list_name", "value": "name"}
SETTINGS_ALIASES = {"set_form_title": "form_title", "title": "form_title", "set_form_id": "form_id",
                    "id_string": "form_id"}
ALIASES = {"survey": SURVEY_ALIASES, "choices": CHOICE_ALIASES, "settings": SETTINGS_ALIASES}
_BIND_OR_CONTROL = re.compile(r"^(bind|control)::?", re.IGNORECASE)


@dataclass
class SheetProblem:
    """A header a form cannot have (1-based row as Excel shows it)."""

    sheet: str
    row: int
    message_id: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class FormSheets:
    """Each sheet (lower-case name) as rows of {canonical header: text}, the Excel row under '#row'."""

    sheets: dict[str, list[dict[str, Any]]]
    headers: dict[str, list[str]]
    problems: list[SheetProblem]


def read_form_sheets(path: Path) -> FormSheets:
    """The sheets of the form at `path`, by its suffix as pyxform decides (.csv, .md, else a workbook)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".md"):
        text = path.read_text(encoding="utf-8-sig")
        tables = _csv_tables(text) if suffix == ".csv" else _markdown_tables(text)
    else:
        tables = _workbook_tables(path)
    if "survey" not in {name.lower() for name in tables} and len(tables) == 1:
        tables = {"survey": next(iter(tables.values()))}  # pyxform: a lone sheet of any name is the survey
    return _canonical(tables)


def _workbook_tables(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def _csv_tables(text: str) -> dict[str, list[list[Any]]]:
    """pyxform's CSV layout: a sheet name alone in the first column starts a sheet, its rows follow."""
    tables: dict[str, list[list[Any]]] = {}
    current: list[list[Any]] | None = None
    for row in csv.reader(io.StringIO(text)):
        first = row[0].strip() if row else ""
        if first:
            current = tables.setdefault(first, [])
        if current is not None and any(cell.strip() for cell in row[1:]):
            current.append(row[1:])
    return tables


def _markdown_tables(text: str) -> dict[str, list[list[Any]]]:
    """pyxform's markdown layout (its tests): `| survey |` starts a sheet, `| | type | name |` its rows."""
    tables: dict[str, list[list[Any]]] = {}
    current: list[list[Any]] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|") or line.startswith("#"):
            continue
        cells = [cell.strip().replace(r"\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip("|"))]
        if all(re.fullmatch(r":?-*:?", cell) for cell in cells):
            continue  # the |---|---| separator line
        if cells[0]:
            current = tables.setdefault(cells[0], [])
        if current is not None and any(cells[1:]):
            current.append(cells[1:])
    return tables


def _canonical(tables: dict[str, list[list[Any]]]) -> FormSheets:
    sheets: dict[str, list[dict[str, Any]]] = {}
    headers_of: dict[str, list[str]] = {}
    problems: list[SheetProblem] = []
    for title, table in tables.items():
        name = title.strip().lower()
        if name in sheets or not table:
            continue
        headers = _sheet_headers(name, [_text(h) for h in table[0]], problems)
        headers_of[name] = [h for h in headers if h]
        rows = []
        for number, values in enumerate(table[1:], start=2):
            record: dict[str, Any] = {h: _text(v).strip() for h, v in zip(headers, values) if h}
            if any(record.values()):
                record["#row"] = number
                rows.append(record)
        sheets[name] = rows
    return FormSheets(sheets, headers_of, problems)


def _sheet_headers(sheet: str, raw: Sequence[str], problems: list[SheetProblem]) -> list[str]:
    """Canonical headers of one sheet; a header given twice, or two meaning one column, is a problem."""
    double_colon = any("::" in h for h in raw)
    seen: dict[str, str] = {}
    headers = []
    for header in raw:
        spelled = re.sub(r"\s+", " ", header.strip())
        if not spelled:
            headers.append("")
            continue
        canonical = canonical_header(sheet, spelled, double_colon)
        if spelled in seen:
            problems.append(SheetProblem(sheet, 1, "xlsform.duplicate_header", {"header": spelled}))
        elif canonical in seen.values():
            other = next(k for k, v in seen.items() if v == canonical)
            problems.append(SheetProblem(sheet, 1, "xlsform.same_column", {"header": spelled, "other": other}))
        seen[spelled] = canonical
        headers.append(canonical)
    return headers


def canonical_header(sheet: str, header: str, double_colon: bool = True) -> str:
    """'Label::English (en)' -> 'label::English (en)', 'bind:relevant' -> 'relevant', 'List name' -> 'list_name'."""
    rest = _BIND_OR_CONTROL.sub("", header) if sheet == "survey" else header
    if double_colon or "::" in rest:
        first, *languages = [part.strip() for part in rest.split("::")]
    elif rest.lower().startswith("jr:"):
        first, languages = rest, []
    else:
        first, *languages = [part.strip() for part in rest.split(":")]
    first = "_".join(first.split()).lower()
    first = ALIASES.get(sheet, {}).get(first, first)
    return "::".join([first, *languages])


def _text(value: Any) -> str:
    """A cell as the text pyxform reads: 3.0 -> '3', a date as ISO, booleans as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def header_order(rows: Iterable[dict[str, Any]], first: Sequence[str]) -> list[str]:
    """`first`, then every other header the rows use, in the order met (for writing kept rows back)."""
    order = list(first)
    for row in rows:
        order.extend(h for h in row if h not in order and not h.startswith("#"))
    return order
