"""PowerPoint: one finding per 16:9 slide, charts as native PowerPoint charts the client can restyle and edit.

A native chart carries its numbers in an embedded workbook, so "edit data" in
PowerPoint shows exactly the report's figures; category and series names go in
through `safe_cell` like every other exported cell. A heatmap (crosstab) becomes a
table with its letters, which is how consultants show crosstabs on slides anyway.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

from xmdesk.core.charts.spec import ChartKind, ChartSpec, Orientation
from xmdesk.core.files import safe_cell, write_output
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.reports.build import BuiltReport, Section, Table, chart_table
from xmdesk.core.reports.stamp import saved_with_stamp
from xmdesk.core.vocabulary import numbers, palette

ROWS_PER_SLIDE = 12
_DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
FONT = "Microsoft YaHei"


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


TEXT, MUTED = _hex(palette.LIGHT.foreground), _hex(palette.LIGHT.muted)


class _Deck:
    def __init__(self, report: BuiltReport) -> None:
        from pptx import Presentation
        from pptx.util import Inches

        self.report = report
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)
        self.primary = _hex(report.branding.primary or "#1f4e79")
        self.accent = _hex(report.branding.accent or "#e07b28")
        self.palette = (self.primary, self.accent, *(_hex(c) for c in palette.SERIES[2:]))

    # -- text helpers

    def textbox(self, slide: Any, left: float, top: float, width: float, height: float, text: str, size: float,
                colour: str = TEXT, bold: bool = False) -> Any:
        from pptx.dml.color import RGBColor
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate(text.split("\n")):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.name = FONT
            run.font.color.rgb = RGBColor.from_string(colour)
        return box

    def slide(self, title: str) -> Any:
        """A blank slide with the finding as its title, a brand rule and the page footer."""
        from pptx.dml.color import RGBColor
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Inches, Pt

        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])  # "Title Only": the title stays a real title
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = Inches(0.6), Inches(0.3), Inches(12.1), Inches(0.9)
        shape.text = title
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
            for run in paragraph.runs:
                run.font.size, run.font.bold, run.font.name = Pt(26), True, FONT
                run.font.color.rgb = RGBColor.from_string(self.primary)
        rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.6), Inches(1.2), Inches(1.2), Inches(0.06))
        rule.fill.solid()
        rule.fill.fore_color.rgb = RGBColor.from_string(self.accent)
        rule.line.fill.background()
        footer = self.report.branding.client or self.report.title
        self.textbox(slide, 0.6, 7.0, 8, 0.35, footer, 10, MUTED)
        return slide

    def notes(self, slide: Any, notes: tuple[str, ...]) -> None:
        if notes:
            self.textbox(slide, 0.6, 6.55, 12.1, 0.45, "  ·  ".join(notes), 10, MUTED)
            slide.notes_slide.notes_text_frame.text = "\n".join(notes)

    # -- slides

    def cover(self) -> None:
        from pptx.dml.color import RGBColor
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Inches

        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, self.prs.slide_width, Inches(3.6))
        band.fill.solid()
        band.fill.fore_color.rgb = RGBColor.from_string(self.primary)
        band.line.fill.background()
        logo = Path(self.report.branding.logo_path) if self.report.branding.logo_path else None
        if logo is not None and logo.is_file():
            slide.shapes.add_picture(str(logo), Inches(0.6), Inches(0.4), height=Inches(0.8))
        self.textbox(slide, 0.6, 1.6, 12, 1.6, self.report.title, 36, "FFFFFF", bold=True)
        self.textbox(slide, 0.6, 4.0, 12, 0.8, self.report.subtitle, 20)
        lines = [self.report.text("report.generated", date=self.report.generated)]
        if self.report.branding.client:
            lines.insert(0, self.report.text("report.prepared_for", client=self.report.branding.client))
        self.textbox(slide, 0.6, 5.0, 12, 1.0, "\n".join(lines), 14, MUTED)

    def section(self, section: Section) -> None:
        if section.kind == "title":
            return
        if section.table is not None:
            self.table_slides(section, section.table)
            return
        slide = self.slide(section.title)
        if section.message:
            self.textbox(slide, 0.6, 1.5, 12.1, 0.8, section.message, 16, MUTED)
        if section.text:
            self.textbox(slide, 0.6, 1.5, 12.1, 4.8, section.text, 20)
        if section.tiles:
            self.tiles(slide, section)
        if section.chart is not None:
            self.chart(slide, section.chart)
        if section.image is not None:
            self.picture(slide, section.image)
        self.notes(slide, section.notes)

    def tiles(self, slide: Any, section: Section) -> None:
        from pptx.dml.color import RGBColor
        from pptx.enum.shapes import MSO_SHAPE
        from pptx.util import Inches

        count = len(section.tiles)
        per_row = min(4, count)
        width = (12.1 - (per_row - 1) * 0.3) / per_row
        for i, tile in enumerate(section.tiles):
            left, top = 0.6 + (i % per_row) * (width + 0.3), 1.7 + (i // per_row) * 2.3
            box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(left), Inches(top), Inches(width),
                                         Inches(2.0))
            box.fill.solid()
            box.fill.fore_color.rgb = RGBColor.from_string("F5F7FA")
            box.line.color.rgb = RGBColor.from_string("D5DBE3")
            self.textbox(slide, left + 0.2, top + 0.15, width - 0.4, 0.4, tile.label, 14, MUTED)
            self.textbox(slide, left + 0.2, top + 0.55, width - 0.4, 0.9, tile.text, 36, self.primary, bold=True)
            sub = f"n = {tile.n:,}" + (f"  ·  {tile.note}" if tile.note else "")
            self.textbox(slide, left + 0.2, top + 1.45, width - 0.4, 0.4, sub, 10, MUTED)

    def picture(self, slide: Any, data: bytes) -> None:
        from pptx.util import Inches

        picture = slide.shapes.add_picture(io.BytesIO(data), Inches(0.6), Inches(1.5), width=Inches(12.1))
        if picture.height > Inches(5.0):
            ratio = Inches(5.0) / picture.height
            picture.height, picture.width = Inches(5.0), int(picture.width * ratio)

    def chart(self, slide: Any, spec: ChartSpec) -> None:
        if spec.kind is ChartKind.HEATMAP:
            self.table(slide, chart_table(spec), top=1.5)
            return
        if not spec.categories:  # nothing to chart (a report as of a date before the data): the PDF's dash
            from pptx.enum.text import PP_ALIGN

            box = self.textbox(slide, 0.6, 3.5, 12.1, 0.8, numbers.MISSING, 28, MUTED)
            box.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
            return
        from pptx.chart.data import CategoryChartData, XyChartData
        from pptx.dml.color import RGBColor
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
        from pptx.util import Inches, Pt

        horizontal = spec.orientation is Orientation.HORIZONTAL
        data: Any
        if spec.kind is ChartKind.SCATTER:
            data = XyChartData()
            xs, ys = spec.series[0].values, spec.series[-1].values
            for category, x, y in zip(spec.categories, xs, ys):
                if x is not None and y is not None:
                    data.add_series(str(safe_cell(category))).add_data_point(x, y)
            kind = XL_CHART_TYPE.XY_SCATTER
        else:
            data = CategoryChartData(number_format=numbers.excel_format(spec.value_role))
            data.categories = [safe_cell(self._category(spec, i, c)) for i, c in enumerate(spec.categories)]
            for series in spec.series:
                data.add_series(str(safe_cell(series.name)),
                                [None if v is None or math.isnan(v) else v for v in series.values])
            kind = {
                ChartKind.BARS: XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED,
                ChartKind.STACKED_BARS: XL_CHART_TYPE.BAR_STACKED if horizontal else XL_CHART_TYPE.COLUMN_STACKED,
                ChartKind.LINE: XL_CHART_TYPE.LINE_MARKERS,
            }[spec.kind]
        frame = slide.shapes.add_chart(kind, Inches(0.6), Inches(1.45), Inches(12.1), Inches(5.0), data)
        chart = frame.chart
        chart.font.size, chart.font.name = Pt(12), FONT
        chart.has_title = False  # the slide's title is the finding
        chart.has_legend = len(spec.series) > 1 or spec.kind is ChartKind.SCATTER
        if chart.has_legend:
            chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        if spec.kind is ChartKind.SCATTER:
            return
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = numbers.excel_format(spec.value_role)
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(11)
        if spec.kind is not ChartKind.LINE:
            plot.gap_width = 60
            if spec.kind is ChartKind.STACKED_BARS:
                plot.overlap = 100
        # Labels at the low end of the axis, so bars below zero never run through them.
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
        if horizontal:
            chart.category_axis.reverse_order = True  # first category on top, as in the PDF
        if spec.value_range is not None:
            chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = spec.value_range
        for i, (series, shape) in enumerate(zip(spec.series, plot.series)):
            colour = RGBColor.from_string(_hex(palette.colour(i, series.role, self.palette)))
            if spec.kind is ChartKind.LINE:
                shape.format.line.color.rgb = colour
            else:
                shape.format.fill.solid()
                shape.format.fill.fore_color.rgb = colour

    @staticmethod
    def _category(spec: ChartSpec, i: int, category: str) -> str:
        """A category with its base and headline score ("华东 (n=312) · NPS -4.0 ↓"), which a native chart has no
        other place for."""
        score = spec.score_text(i)
        return f"{spec.category_text(category)} · {score}" if score else spec.category_text(category)

    def table(self, slide: Any, table: Table, top: float = 1.5, rows: range | None = None) -> None:
        from pptx.util import Inches

        rows = rows if rows is not None else range(len(table.rows))
        shape = slide.shapes.add_table(len(rows) + 1, len(table.header), Inches(0.6), Inches(top), Inches(12.1),
                                       Inches(0.4 * (len(rows) + 1)))
        grid = shape.table
        texts = [[str(safe_cell(head)) for head in table.header]]
        texts += [[str(safe_cell(table.cell_text(i, j))) for j in range(len(table.header))] for i in rows]
        header = _CellStyle(_run_properties(12, "FFFFFF", True), f'<a:solidFill><a:srgbClr val="{self.primary}"/>'
                                                                   "</a:solidFill>")
        body = _CellStyle(_run_properties(12, TEXT, False), "")
        _fill_cells(grid, texts, [header] + [body] * len(rows))
        if len(table.header) > 2:
            first = Inches(3.0)
            grid.columns[0].width = first
            for j in range(1, len(table.header)):
                grid.columns[j].width = int((Inches(12.1) - first) / (len(table.header) - 1))
        else:
            grid.columns[0].width = Inches(3.5 if len(table.header) == 2 else 12.1)

    def table_slides(self, section: Section, table: Table) -> None:
        """A long table continues on further slides, each with the header row."""
        for start in range(0, max(1, len(table.rows)), ROWS_PER_SLIDE):
            slide = self.slide(section.title)
            self.table(slide, table, rows=range(start, min(len(table.rows), start + ROWS_PER_SLIDE)))
            self.notes(slide, section.notes)


class _CellStyle(NamedTuple):
    """A table row's look as DrawingML: its runs' properties (a:rPr) and its cells' fill (inside a:tcPr)."""

    run: str
    fill: str


def _run_properties(size: float, colour: str, bold: bool) -> str:
    """A run's font as python-pptx writes it for `font.size, font.bold, font.name, font.color.rgb`."""
    return (f'<a:rPr sz="{round(size * 100)}" b="{int(bold)}"><a:solidFill><a:srgbClr val="{colour}"/>'
            f'</a:solidFill><a:latin typeface="{FONT}"/></a:rPr>')


def _fill_cells(grid: Any, texts: list[list[str]], styles: list[_CellStyle]) -> None:
    """Give a new table's cells their text and style in one parse of generated XML: python-pptx's cell API, a dozen
    element operations per cell, was half of the benchmark deck's writing time (1,800 cells). A text that is not
    plain printable (line breaks, control characters) goes through python-pptx's own text rules instead."""
    from pptx.oxml import parse_xml

    def cell(text: str, style: _CellStyle) -> str:
        run = f"<a:r>{style.run}<a:t>{escape(text)}</a:t></a:r>" if text and text.isprintable() else ""
        return f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p>{run}</a:p></a:txBody><a:tcPr>{style.fill}</a:tcPr></a:tc>"

    rows = "".join("<a:tr>" + "".join(cell(text, style) for text in line) + "</a:tr>"
                   for line, style in zip(texts, styles))
    made = parse_xml(f'<a:tbl xmlns:a="{_DRAWINGML}">{rows}</a:tbl>')
    for tr, new in zip(grid._tbl.tr_lst, list(made)):
        tr[:] = list(new)
    for r, (line, style) in enumerate(zip(texts, styles)):
        for j, text in enumerate(line):
            if text and not text.isprintable():
                _rich_cell(grid.cell(r, j), text, style)


def _rich_cell(cell: Any, text: str, style: _CellStyle) -> None:
    """A cell whose text needs python-pptx's own rules (line breaks as paragraphs, control characters escaped),
    its runs then given the row's run properties; parsed alone, those need the DrawingML namespace declared."""
    from pptx.oxml import parse_xml

    cell.text = text
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run._r.replace(run._r.get_or_add_rPr(),
                           parse_xml(style.run.replace("<a:rPr ", f'<a:rPr xmlns:a="{_DRAWINGML}" ', 1)))


def write_pptx(report: BuiltReport, path: str | Path, progress: Progress = no_progress,
               cancel: CancelToken | None = None) -> int:
    """Write the deck; returns the number of slides."""
    deck = _Deck(report)
    deck.cover()
    for i, section in enumerate(report.sections):
        if cancel is not None:
            cancel.check()
        deck.section(section)
        progress(i + 1, len(report.sections), "")
    write_output(path, saved_with_stamp(deck.prs.save, report.stamp))
    return len(deck.prs.slides)

