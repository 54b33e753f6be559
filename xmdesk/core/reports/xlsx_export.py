"""Excel: a summary sheet, then one sheet per chart holding the data behind it and a native Excel chart over it.

The chart references the sheet's cells, so a consultant can re-cut the numbers in
Excel and the chart follows. Tables (crosstabs, comments, cases, methodology) get a
sheet each. Every cell goes through `files.put_cell` (text stays text, never a formula).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from xmdesk.core.charts.spec import ChartKind, ChartSpec, Orientation
from xmdesk.core.files import put_cell, write_output, xml_text
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.reports.build import BuiltReport, Section, Table, chart_table
from xmdesk.core.reports.stamp import saved_with_stamp
from xmdesk.core.vocabulary import numbers

SHEET_NAME_LIMIT = 31


def _sheet_name(index: int, title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\ (nor a control character), unique."""
    clean = re.sub(r"[\[\]:*?/\\\x00-\x1f]", " ", title).strip() or "Sheet"
    name = f"{index} {clean}"[:SHEET_NAME_LIMIT]
    while name in taken:
        name = name[:-1] + "_"
    taken.add(name)
    return name


def _header_style(ws: Any, row: int, columns: int, colour: str) -> None:
    from openpyxl.styles import Font, PatternFill

    for j in range(1, columns + 1):
        cell = ws.cell(row=row, column=j)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=colour)


def _write_table(ws: Any, table: Table, start_row: int, colour: str, marks_column: bool = True) -> int:
    """Numbers as numbers, letters in a column of their own beside each value; returns the next free row."""
    has_marks = marks_column and any(m for row in table.marks for m in row)
    header: list[Any] = []
    for j, head in enumerate(table.header):
        header.append(head)
        if has_marks and j > 0:
            header.append(f"{head} sig.")
    for j, value in enumerate(header, start=1):
        put_cell(ws, start_row, j, value)
    _header_style(ws, start_row, len(header), colour)
    for i, row in enumerate(table.rows):
        cells: list[Any] = []
        formats: list[str | None] = []
        for j, value in enumerate(row):
            cells.append(value)
            formats.append(_number_format(table, i, j))
            if has_marks and j > 0:
                marks = table.marks[i] if i < len(table.marks) else ()
                cells.append(marks[j] if j < len(marks) else "")
                formats.append(None)
        for j, (value, number_format) in enumerate(zip(cells, formats), start=1):
            cell = put_cell(ws, start_row + 1 + i, j, value)
            if number_format is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.number_format = number_format
    return start_row + len(table.rows) + 2


def _number_format(table: Table, row: int, column: int) -> str | None:
    """The cell's number format: the one that makes Excel print what the screen and the other formats print."""
    role = table.role(row, column)
    if role is not None:
        return numbers.excel_format(role)
    return f"0.{'0' * table.decimals}" if table.decimals else "0"


def _native_chart(spec: ChartSpec, ws: Any, rows: int, series_columns: list[int]) -> Any | None:
    """An openpyxl chart over the sheet's data (categories in column A, series in `series_columns`)."""
    from openpyxl.chart import BarChart, LineChart, Reference, ScatterChart, Series

    if spec.kind is ChartKind.HEATMAP or rows == 0:
        return None
    categories = Reference(ws, min_col=1, min_row=2, max_row=rows + 1)
    chart: Any
    if spec.kind is ChartKind.SCATTER:
        chart = ScatterChart()
        chart.style = 13
        xs = Reference(ws, min_col=series_columns[0], min_row=2, max_row=rows + 1)
        ys = Reference(ws, min_col=series_columns[-1], min_row=2, max_row=rows + 1)
        series = Series(ys, xs, title=xml_text(spec.series[-1].name))
        series.marker.symbol = "circle"
        series.graphicalProperties.line.noFill = True
        chart.series.append(series)
        chart.x_axis.title, chart.y_axis.title = spec.x_label, spec.y_label
    else:
        chart = LineChart() if spec.kind is ChartKind.LINE else BarChart()
        if isinstance(chart, BarChart):
            chart.type = "bar" if spec.orientation is Orientation.HORIZONTAL else "col"
            if spec.kind is ChartKind.STACKED_BARS:
                chart.grouping, chart.overlap = "stacked", 100
            if spec.orientation is Orientation.HORIZONTAL:
                chart.x_axis.scaling.orientation = "maxMin"  # first category on top
        for column in series_columns:
            chart.add_data(Reference(ws, min_col=column, min_row=1, max_row=rows + 1), titles_from_data=True)
        chart.set_categories(categories)
        if spec.value_range is not None:
            chart.y_axis.scaling.min, chart.y_axis.scaling.max = spec.value_range
    chart.title = xml_text(spec.title)
    chart.height, chart.width = 9, 18
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _chart_sheet(ws: Any, section: Section, spec: ChartSpec, colour: str, category: str) -> None:
    table = chart_table(spec, category)
    _write_table(ws, table, 1, colour, marks_column=False)
    series_columns = [j + 1 for j in range(1, 1 + len(spec.series) + sum(1 for s in spec.series if s.n))
                      if not table.header[j].endswith(" n")]
    chart = _native_chart(spec, ws, len(table.rows), series_columns)
    _write_notes(ws, section.notes, len(table.rows) + 3)
    from openpyxl.utils import get_column_letter

    if chart is not None:
        ws.add_chart(chart, f"{get_column_letter(len(table.header) + 2)}2")
    elif spec.kind is ChartKind.HEATMAP and table.rows:
        # A heatmap stays a table in Excel, coloured by a colour scale over its cells.
        from openpyxl.formatting.rule import ColorScaleRule

        cells = f"B2:{get_column_letter(len(table.header))}{len(table.rows) + 1}"
        ws.conditional_formatting.add(cells, ColorScaleRule(start_type="min", start_color="FFFFFF",
                                                            end_type="max", end_color=colour))
    ws.column_dimensions["A"].width = 28


def _summary_sheet(ws: Any, report: BuiltReport, colour: str) -> None:
    from openpyxl.styles import Font

    ws.title = report.text("report.kind.summary")[:SHEET_NAME_LIMIT]
    put_cell(ws, 1, 1, report.title).font = Font(bold=True, size=16, color=colour)
    put_cell(ws, 2, 1, report.subtitle)
    put_cell(ws, 3, 1, report.text("report.generated", date=report.generated))
    if report.branding.client:
        put_cell(ws, 4, 1, report.text("report.prepared_for", client=report.branding.client))
    row = 6
    for section in report.sections:
        if section.kind == "summary":
            put_cell(ws, row, 1, section.text)
            row = _write_notes(ws, section.notes, row + 1) + 1
        if section.tiles:
            table = Table(("", "", "n", ""), tuple((t.label, t.value, t.n, t.note) for t in section.tiles))
            next_row = _write_table(ws, table, row, colour)
            for k, tile in enumerate(section.tiles):  # each tile's number as its tile text prints it
                ws.cell(row=row + 1 + k, column=2).number_format = numbers.excel_format(tile.role)
            row = _write_notes(ws, section.notes, next_row) + 1
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 14


def _write_notes(ws: Any, notes: tuple[str, ...], row: int) -> int:
    """A section's notes (its survey and n first) one per row from `row`; returns the row after them."""
    for k, note in enumerate(notes):
        put_cell(ws, row + k, 1, note)
    return row + len(notes)


def write_xlsx(report: BuiltReport, path: str | Path, progress: Progress = no_progress,
               cancel: CancelToken | None = None) -> int:
    """Write the workbook; returns the number of sheets."""
    from openpyxl import Workbook

    colour = (report.branding.primary or "#1f4e79").lstrip("#").upper()
    book = Workbook()
    _summary_sheet(book.active, report, colour)
    taken = {book.active.title}
    category = report.text("report.category")
    for i, section in enumerate(report.sections, start=1):
        if cancel is not None:
            cancel.check()
        progress(i, len(report.sections), "")
        if section.chart is None and section.table is None:
            continue
        ws = book.create_sheet(_sheet_name(len(taken), section.title, taken))
        if section.chart is not None:
            _chart_sheet(ws, section, section.chart, colour, category)
        elif section.table is not None:
            _write_notes(ws, section.notes, _write_table(ws, section.table, 1, colour))
            ws.column_dimensions["A"].width = 36 if section.kind != "comments" else 60
    write_output(path, saved_with_stamp(book.save, report.stamp))
    return len(book.sheetnames)
