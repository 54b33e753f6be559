"""A banner book in Excel as agencies deliver one: a contents sheet with links, then one sheet per table.

Each table sheet has the row variable's title, the banner's group headers merged over their columns, the column
labels with their test letter, the base rows (n; weighted and effective base when weighted), then one row per
category: the column % as a number (formatted as every face prints a %, one decimal) and, in a narrow cell beside
it, the letters of the columns it is significantly higher than, in a small font. Panes are frozen below the headers
and right of the labels, so a 40-column banner stays readable. The footnote says the test and α.
"""

from __future__ import annotations

import math
from copy import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xmdesk.core import messages
from xmdesk.core.analysis.banner import BannerBook, BannerTable
from xmdesk.core.files import put_cell, write_output
from xmdesk.core.reports.xlsx_export import _sheet_name
from xmdesk.core.vocabulary import numbers

HEADER_FILL = "DCE6F1"
LETTER_COLOUR = "1F4E79"
FIRST_COLUMN_WIDTH = 38
TITLE_ROW, GROUP_ROW, LABEL_ROW, BASE_ROW = 1, 4, 5, 6


class _Styles:
    """The book's cell styles, each set once and then copied onto cells as openpyxl's own style array.

    Setting a Font or Fill on a cell makes openpyxl hash it against the workbook's list of styles every time:
    for a 40-table book that was most of the writing time (4.6 of 9.9 s under the profiler). A cell styled
    the first time gives the array every later cell of that kind gets by copy."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        under = Border(bottom=Side(style="thin", color="808080"))
        self.kinds: dict[str, dict[str, Any]] = {
            "title": {"font": Font(bold=True, size=12)},
            "bold": {"font": Font(bold=True)},
            "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor=HEADER_FILL),
                       "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                       "border": under},
            "base_label": {"font": Font(bold=True), "border": under},
            "base": {"number_format": numbers.excel_format(numbers.Role.COUNT), "border": under},
            "count": {"number_format": numbers.excel_format(numbers.Role.COUNT)},
            "percent": {"number_format": numbers.excel_format(numbers.Role.PERCENT)},
            "letters": {"font": Font(size=8, color=LETTER_COLOUR),
                        "alignment": Alignment(horizontal="left", vertical="top")},
            "note": {"font": Font(italic=True, size=8)},
            "link": {"font": Font(color="0563C1", underline="single")},
        }
        self._arrays: dict[str, Any] = {}

    def apply(self, cell: Any, kind: str) -> Any:
        """Give `cell` the style `kind`; returns the cell."""
        array = self._arrays.get(kind)
        if array is None:
            for name, value in self.kinds[kind].items():
                setattr(cell, name, value)
            self._arrays[kind] = copy(cell._style)
        else:
            cell._style = copy(array)
        return cell


def write_tables(book: BannerBook, path: str | Path, title: str, lang: str | None = None,
                 progress: Callable[[int, int, str], None] | None = None) -> Path:
    """Write the book to `path` (through `files.write_output`: a failed write leaves no half file)."""
    lang = lang or messages.language()

    def write(target: str) -> None:
        from openpyxl import Workbook

        workbook = Workbook()
        styles = _Styles()
        contents = workbook.active
        contents.title = messages.text("tables.contents", lang)
        taken = {contents.title}
        names = [_sheet_name(i, table.code, taken) for i, table in enumerate(book.tables, start=1)]
        _contents(contents, book, names, title, lang, styles)
        for i, (table, name) in enumerate(zip(book.tables, names)):
            if progress is not None:
                progress(i, len(book.tables), table.code)
            _table_sheet(workbook.create_sheet(name), book, table, i + 1, contents.title, lang, styles)
        if progress is not None:
            progress(len(book.tables), len(book.tables), "")
        workbook.save(target)

    return write_output(path, write)


def _link(cell: Any, sheet: str, styles: _Styles) -> None:
    """A link to another sheet of the book (a location, not a file address: Excel follows it in place)."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1")
    styles.apply(cell, "link")


def _contents(ws: Any, book: BannerBook, names: list[str], title: str, lang: str, styles: _Styles) -> None:
    """The first sheet: one linked line per table with its base, then the notes that hold for every table."""
    styles.apply(put_cell(ws, 1, 1, title), "title")
    for j, head in enumerate(("#", messages.text("tables.table", lang), messages.text("tables.base", lang)), 1):
        styles.apply(put_cell(ws, 3, j, head), "base_label")
    for i, (table, name) in enumerate(zip(book.tables, names), start=1):
        put_cell(ws, 3 + i, 1, i)
        _link(put_cell(ws, 3 + i, 2, f"{table.label} ({table.code})"), name, styles)
        styles.apply(put_cell(ws, 3 + i, 3, table.base_n[0]), "count")
    for k, note in enumerate(book.notes):
        styles.apply(put_cell(ws, 5 + len(book.tables) + k, 2, note), "note")
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 12
    ws.freeze_panes = "A4"


def _table_sheet(ws: Any, book: BannerBook, table: BannerTable, number: int, contents: str, lang: str,
                 styles: _Styles) -> None:
    """One row variable × the banner; every banner column takes two sheet columns, the % and its letters."""
    from openpyxl.utils import get_column_letter

    styles.apply(put_cell(ws, TITLE_ROW, 1, f"{messages.text('tables.table', lang)} {number}: {table.label}"), "title")
    _link(put_cell(ws, TITLE_ROW + 1, 1, messages.text("tables.back", lang)), contents, styles)
    styles.apply(put_cell(ws, LABEL_ROW, 1, messages.text("tables.of_total", lang)), "bold")
    column = 2
    for group in book.groups:
        _merged(ws, GROUP_ROW, column, 2 * len(group.labels), group.label, styles)
        for label, letter in zip(group.labels, group.letters):
            _merged(ws, LABEL_ROW, column, 2, f"{label} ({letter})" if letter else label, styles)
            column += 2
    bases: list[tuple[str, tuple[float, ...]]] = [(messages.text("tables.base", lang), table.base_n)]
    if book.weighted:
        bases += [(messages.text("tables.weighted_base", lang), table.weighted_base),
                  (messages.text("tables.effective_base", lang), table.effective_base)]
    for k, (label, values) in enumerate(bases):
        _base_row(ws, BASE_ROW + k, label, values, column, styles)
    first = BASE_ROW + len(bases)
    for i, label in enumerate(table.row_labels):
        _percent_row(ws, first + i, label, table.column_pct[i], table.letters[i], styles)
    for k, note in enumerate(book.notes):
        styles.apply(put_cell(ws, first + len(table.row_labels) + 1 + k, 1, note), "note")
    ws.column_dimensions["A"].width = FIRST_COLUMN_WIDTH
    for j in range(2, column):
        ws.column_dimensions[get_column_letter(j)].width = 8 if j % 2 == 0 else 5
    ws.row_dimensions[LABEL_ROW].height = 30
    ws.freeze_panes = ws.cell(row=first, column=2)


def _merged(ws: Any, row: int, column: int, width: int, text: str, styles: _Styles) -> None:
    """A header over `width` columns. The range is recorded as a plain range and its cells styled here: openpyxl's
    merge_cells (and its MergedCellRange) re-reads and re-formats the range's borders cell by cell, which cost 6 of
    the 10 s of a 40-table book; the file written is the same <mergeCell ref=…/>."""
    from openpyxl.worksheet.cell_range import CellRange

    styles.apply(put_cell(ws, row, column, text), "header")
    for j in range(column + 1, column + width):
        styles.apply(ws.cell(row=row, column=j), "header")
    if width > 1:
        ws.merged_cells.add(CellRange(min_col=column, min_row=row, max_col=column + width - 1, max_row=row))


def _base_row(ws: Any, row: int, label: str, values: tuple[float, ...], end: int, styles: _Styles) -> None:
    """A base (n, weighted, effective) under each column's %, ruled off from the percentages below."""
    styles.apply(put_cell(ws, row, 1, label), "base_label")
    for j in range(2, end):
        cell = ws.cell(row=row, column=j)
        if j % 2 == 0:
            cell.value = values[(j - 2) // 2]
        styles.apply(cell, "base")


def _percent_row(ws: Any, row: int, label: str, values: Any, letters: tuple[str, ...], styles: _Styles) -> None:
    """A category: each column's % as a number (empty when the column has no base) and its letters beside it."""
    put_cell(ws, row, 1, label)
    for j, value in enumerate(values):
        if not math.isnan(float(value)):
            styles.apply(ws.cell(row=row, column=2 + 2 * j, value=float(value)), "percent")
        if letters[j]:
            styles.apply(ws.cell(row=row, column=3 + 2 * j, value=letters[j]), "letters")
