"""A banner book in Excel as agencies deliver one: a contents sheet with links, then one sheet per table.

Each table sheet has the row variable's title, the banner's group headers merged over their columns, the column
labels with their test letter, the base rows (n; weighted and effective base when weighted), then one row per
category: the column % as a number (formatted as every face prints a %, one decimal) and, in a narrow cell beside
it, the letters of the columns it is significantly higher than, in a small font. Panes are frozen below the headers
and right of the labels, so a 40-column banner stays readable. The footnote says the test and α.
"""

from __future__ import annotations

import math
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
    """The few style objects every cell shares (built once: openpyxl copies a style per assignment otherwise)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=12)
        self.letters = Font(size=8, color=LETTER_COLOUR)
        self.note = Font(italic=True, size=8)
        self.link = Font(color="0563C1", underline="single")
        self.fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left_top = Alignment(horizontal="left", vertical="top")
        self.under = Border(bottom=Side(style="thin", color="808080"))
        self.percent = numbers.excel_format(numbers.Role.PERCENT)
        self.count = numbers.excel_format(numbers.Role.COUNT)


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
    cell.font = styles.link


def _contents(ws: Any, book: BannerBook, names: list[str], title: str, lang: str, styles: _Styles) -> None:
    """The first sheet: one linked line per table with its base, then the notes that hold for every table."""
    put_cell(ws, 1, 1, title).font = styles.title
    for j, head in enumerate(("#", messages.text("tables.table", lang), messages.text("tables.base", lang)), 1):
        cell = put_cell(ws, 3, j, head)
        cell.font, cell.fill, cell.border = styles.bold, styles.fill, styles.under
    for i, (table, name) in enumerate(zip(book.tables, names), start=1):
        put_cell(ws, 3 + i, 1, i)
        _link(put_cell(ws, 3 + i, 2, f"{table.label} ({table.code})"), name, styles)
        put_cell(ws, 3 + i, 3, table.base_n[0]).number_format = styles.count
    for k, note in enumerate(book.notes):
        put_cell(ws, 5 + len(book.tables) + k, 2, note).font = styles.note
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 12
    ws.freeze_panes = "A4"


def _table_sheet(ws: Any, book: BannerBook, table: BannerTable, number: int, contents: str, lang: str,
                 styles: _Styles) -> None:
    """One row variable × the banner; every banner column takes two sheet columns, the % and its letters."""
    from openpyxl.utils import get_column_letter

    put_cell(ws, TITLE_ROW, 1, f"{messages.text('tables.table', lang)} {number}: {table.label}").font = styles.title
    _link(put_cell(ws, TITLE_ROW + 1, 1, messages.text("tables.back", lang)), contents, styles)
    put_cell(ws, LABEL_ROW, 1, messages.text("tables.of_total", lang)).font = styles.bold
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
        _row(ws, BASE_ROW + k, label, values, None, styles.count, styles)
        for j in range(1, column):
            ws.cell(row=BASE_ROW + k, column=j).border = styles.under
    first = BASE_ROW + len(bases)
    for i, label in enumerate(table.row_labels):
        _row(ws, first + i, label, table.column_pct[i], table.letters[i], styles.percent, styles)
    for k, note in enumerate(book.notes):
        put_cell(ws, first + len(table.row_labels) + 1 + k, 1, note).font = styles.note
    ws.column_dimensions["A"].width = FIRST_COLUMN_WIDTH
    for j in range(2, column):
        ws.column_dimensions[get_column_letter(j)].width = 8 if j % 2 == 0 else 5
    ws.row_dimensions[LABEL_ROW].height = 30
    ws.freeze_panes = ws.cell(row=first, column=2)


def _merged(ws: Any, row: int, column: int, width: int, text: str, styles: _Styles) -> None:
    cell = put_cell(ws, row, column, text)
    cell.font, cell.fill, cell.alignment, cell.border = styles.bold, styles.fill, styles.centre, styles.under
    if width > 1:
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + width - 1)


def _row(ws: Any, row: int, label: str, values: Any, letters: tuple[str, ...] | None, number_format: str,
         styles: _Styles) -> None:
    """A label, then each column's number (empty when the column has no base) and its letters beside it."""
    label_cell = put_cell(ws, row, 1, label)
    if letters is None:  # a base row
        label_cell.font = styles.bold
    for j, value in enumerate(values):
        if not math.isnan(float(value)):
            cell = ws.cell(row=row, column=2 + 2 * j, value=float(value) if letters is not None else value)
            cell.number_format = number_format
        if letters and letters[j]:
            mark = ws.cell(row=row, column=3 + 2 * j, value=letters[j])
            mark.font, mark.alignment = styles.letters, styles.left_top
