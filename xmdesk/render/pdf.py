"""The PDF report: vector charts, embedded Chinese fonts, page numbers and a table of contents.

Two layouts: A4 portrait (sections flow down the page, a table may continue on the
next one) and 16:9 slides (one finding per page, as a deck to present). The document
is laid out first — every section becomes blocks of known height placed on pages —
so the table of contents can print the page of each section before anything is drawn.
Units are CSS pixels (the writer runs at 96 dpi), text is real text (selectable,
searchable) in Noto Sans CJK, which Qt embeds as a subset.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from xmdesk.core.errors import Cancelled, ModelError
from xmdesk.core.files import write_output
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.reports.build import BuiltReport, JourneyPainter, Section, Table
from xmdesk.core.reports.recipe import FORMATS
from xmdesk.core.reports.stamp import add_to_pdf
from xmdesk.core.study.file import Study
from xmdesk.render.charts import (FONT_FAMILIES, MUTED, TEXT, ChartStyle, QtChartImages, ensure_gui, font, image_bytes,
                                  paint_chart)

DPI = 96
A4 = QSizeF(210.0, 297.0)
SLIDE = QSizeF(338.667, 190.5)  # 13.333 × 7.5 in, PowerPoint's 16:9
Draw = Callable[[QPainter, QRectF], None]


@dataclass
class _Block:
    height: float
    draw: Draw
    keep_with_next: bool = False


@dataclass
class _Page:
    blocks: list[tuple[float, _Block]] = field(default_factory=list)


@dataclass(frozen=True)
class PageStyle:
    """Sizes (px at 96 dpi) of one layout."""

    margin: float
    text: float
    heading: float
    chart_height: float
    row_height: float


STYLES = {"a4": PageStyle(margin=56, text=11, heading=17, chart_height=330, row_height=20),
          "slides": PageStyle(margin=48, text=14, heading=26, chart_height=0, row_height=26)}


class _Document:
    """Lays out a built report on pages, then paints it."""

    def __init__(self, report: BuiltReport, width: float, height: float) -> None:
        self.report = report
        self.slides = report.layout == "slides"
        self.style = STYLES["slides" if self.slides else "a4"]
        self.width, self.height = width, height
        m = self.style.margin
        self.content = QRectF(m, m + 18, width - 2 * m, height - 2 * m - 36)
        self.primary = QColor(report.branding.primary or "#1f4e79")
        self.accent = QColor(report.branding.accent or "#e07b28")
        self.chart_style = ChartStyle(palette=(report.branding.primary, report.branding.accent,
                                               *ChartStyle().palette[2:]), text_size=self.style.text,
                                      show_title=False)
        self.pages: list[_Page] = []
        self.toc: list[tuple[str, int]] = []

    # -- measuring helpers

    def text_height(self, text: str, f: QFont, width: float) -> float:
        metrics = QFontMetricsF(f)
        return metrics.boundingRect(QRectF(0, 0, width, 1e6), int(Qt.TextFlag.TextWordWrap), text).height()

    @staticmethod
    def draw_text(painter: QPainter, rect: QRectF, text: str, f: QFont, colour: QColor | str = TEXT,
                  flags: int = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)) -> None:
        painter.setFont(f)
        painter.setPen(QColor(colour))
        painter.drawText(rect, flags, text)

    # -- sections to blocks

    def heading(self, title: str) -> _Block:
        f = font(self.style.heading, bold=True)
        height = self.text_height(title, f, self.content.width()) + 12

        def draw(p: QPainter, r: QRectF) -> None:
            p.fillRect(QRectF(r.left(), r.top() + 2, 4, height - 14), self.accent)
            self.draw_text(p, QRectF(r.left() + 12, r.top(), r.width() - 12, height), title, f, self.primary)

        return _Block(height, draw, keep_with_next=True)

    def paragraph(self, text: str, size: float | None = None, colour: str = TEXT) -> _Block:
        f = font(size or self.style.text * 1.1)
        height = self.text_height(text, f, self.content.width()) + 8
        return _Block(height, lambda p, r: self.draw_text(p, r, text, f, colour))

    def notes(self, notes: tuple[str, ...]) -> _Block:
        return self.paragraph("  ·  ".join(notes), self.style.text * 0.85, MUTED)

    def tiles(self, section: Section) -> _Block:
        per_row = min(4, len(section.tiles)) or 1
        rows = math.ceil(len(section.tiles) / per_row)
        s = self.style.text * (1.8 if self.slides else 1.0)  # a slide of tiles is read from across the room
        tile_h = s * 7.5
        height = rows * (tile_h + 10) + 10

        def draw(p: QPainter, r: QRectF) -> None:
            w = (r.width() - (per_row - 1) * 12) / per_row
            for i, tile in enumerate(section.tiles):
                box = QRectF(r.left() + (i % per_row) * (w + 12), r.top() + 10 + (i // per_row) * (tile_h + 10), w,
                             tile_h)
                p.setPen(QPen(QColor("#d5dbe3"), 1))
                p.setBrush(QColor("#f5f7fa"))
                p.drawRoundedRect(box, 6, 6)
                p.fillRect(QRectF(box.left(), box.top(), 4, box.height()), self.primary)
                inner = box.adjusted(14, 8, -8, -6)
                self.draw_text(p, QRectF(inner.left(), inner.top(), inner.width(), s * 1.6), tile.label, font(s), MUTED)
                self.draw_text(p, QRectF(inner.left(), inner.top() + s * 1.6, inner.width(), s * 3.2), tile.text,
                               font(s * 2.4, bold=True), self.primary)
                sub = f"n = {tile.n:,}" + (f"  ·  {tile.note}" if tile.note else "")
                small = font(self.style.text * 0.8)  # the base and interval stay small: they qualify the number
                self.draw_text(p, QRectF(inner.left(), inner.top() + s * 4.9, inner.width(), s * 2.0), sub, small, MUTED)

        return _Block(height, draw)

    def chart(self, section: Section, height: float) -> _Block:
        assert section.chart is not None
        spec = section.chart

        def draw(p: QPainter, r: QRectF) -> None:
            paint_chart(p, QRectF(r.left(), r.top(), r.width(), height), spec, self.chart_style)

        return _Block(height, draw)

    def image(self, data: bytes, max_height: float) -> _Block:
        image = QImage.fromData(data)
        scale = min(self.content.width() / max(1, image.width()), max_height / max(1, image.height()))
        w, h = image.width() * scale, image.height() * scale

        def draw(p: QPainter, r: QRectF) -> None:
            p.drawImage(QRectF(r.left() + (r.width() - w) / 2, r.top(), w, h), image)

        return _Block(h + 8, draw)

    def _fit(self, widths: list[float], tiers: list[list[float]]) -> list[float]:
        """Column widths across the page from each column's natural width (header and cells on one line) and, for
        too wide a table, what it should keep, most needed first (`tiers`: its numbers' widest word, then its
        header's too). The widest tier that fits is given and the rest of the page shared towards the next one:
        scaling every column alike cut the Total of a wide banner table ('0.2%' for 30.2%, ',000' for 1,000) while
        headers and labels, which wrap, kept room to spare."""
        room, total = self.content.width(), sum(widths)
        if total <= room:
            return widths[:-1] + [room - sum(widths[:-1])] if len(widths) <= 2 else [w * room / total for w in widths]
        levels = [*tiers, widths]
        for low, high in zip(levels, levels[1:]):
            if sum(low) <= room < sum(high):
                share = (room - sum(low)) / (sum(high) - sum(low))
                return [a + (b - a) * share for a, b in zip(low, high)]
        return [w * room / sum(levels[0]) for w in levels[0]]

    def column_widths(self, table: Table) -> tuple[list[float], list[float]]:
        """The widths `table` is drawn in, and the width of each column's widest word of its cells (padding
        included): a cell wraps between words ('57.9%' over its letters 'AB'), never inside one."""
        metrics, bold = QFontMetricsF(font(self.style.text)), QFontMetricsF(font(self.style.text, bold=True))
        columns = len(table.header)
        texts = [[table.cell_text(i, j) for i in range(len(table.rows))] for j in range(columns)]
        numeric = [any(isinstance(row[j], (int, float)) for row in table.rows) for j in range(columns)]
        words = [max([metrics.horizontalAdvance(w) for t in column for w in t.split()] + [0]) + 16 for column in texts]
        must = [w if number else min(w, 80.0) for w, number in zip(words, numeric)]
        headed = [max([need] + [bold.horizontalAdvance(w) + 16 for w in table.header[j].split()])
                  for j, need in enumerate(must)]
        widths = [max([metrics.horizontalAdvance(table.header[j]) * 0.6, *map(metrics.horizontalAdvance, texts[j])])
                  + 16 for j in range(columns)]
        return self._fit([max(w, h) for w, h in zip(widths, headed)], [must, headed]), words

    def table_blocks(self, table: Table) -> list[_Block]:
        """A table as a header block and one block per row, so a long table continues on the next page."""
        f, bold = font(self.style.text), font(self.style.text, bold=True)
        columns = len(table.header)
        widths, _ = self.column_widths(table)
        numeric = [any(isinstance(row[j], (int, float)) for row in table.rows) for j in range(columns)]
        header_h = max([self.text_height(h, bold, w - 8) for h, w in zip(table.header, widths)] + [0]) + 10

        def row_height(i: int) -> float:
            return max(self.style.row_height, max(self.text_height(table.cell_text(i, j), f, widths[j] - 10)
                                                  for j in range(columns)) + 8)

        def cells(p: QPainter, r: QRectF, texts: list[str], f: QFont, colour: QColor | str, header: bool) -> None:
            x = r.left()
            for j, text in enumerate(texts):
                align = (Qt.AlignmentFlag.AlignRight if numeric[j] and j > 0 and not header else Qt.AlignmentFlag.AlignLeft)
                flags = int(align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
                self.draw_text(p, QRectF(x + 5, r.top(), widths[j] - 10, r.height()), text, f, colour, flags)
                x += widths[j]

        blocks: list[_Block] = []
        if any(table.header):
            def draw_header(p: QPainter, r: QRectF) -> None:
                p.fillRect(QRectF(r.left(), r.top(), r.width(), header_h), self.primary)
                cells(p, QRectF(r.left(), r.top(), r.width(), header_h), list(table.header), bold, "#ffffff", True)

            blocks.append(_Block(header_h, draw_header, keep_with_next=True))
        for i in range(len(table.rows)):
            h = row_height(i)

            def draw_row(p: QPainter, r: QRectF, i: int = i, h: float = h) -> None:
                if i % 2:
                    p.fillRect(QRectF(r.left(), r.top(), r.width(), h), QColor("#f3f5f8"))
                p.setPen(QPen(QColor("#e1e5ea"), 0.6))
                p.drawLine(QPointF(r.left(), r.top() + h), QPointF(r.right(), r.top() + h))
                cells(p, QRectF(r.left(), r.top(), r.width(), h), [table.cell_text(i, j) for j in range(columns)],
                      f, TEXT, False)

            blocks.append(_Block(h, draw_row))
        blocks.append(_Block(8, lambda p, r: None))
        return blocks

    def section_blocks(self, section: Section) -> list[_Block]:
        blocks = [self.heading(section.title)]
        chart_height = self.style.chart_height or self.content.height() - blocks[0].height - 50
        if section.message:
            blocks.append(self.paragraph(section.message, colour=MUTED))
        if section.text:
            blocks.append(self.paragraph(section.text, self.style.text * (1.4 if self.slides else 1.1)))
        if section.tiles:
            blocks.append(self.tiles(section))
        if section.chart is not None:
            blocks.append(self.chart(section, chart_height - (24 if section.notes else 0)))
        if section.image is not None:
            blocks.append(self.image(section.image, chart_height))
        if section.table is not None:
            blocks.extend(self.table_blocks(section.table))
        if section.notes and section.chart is None:  # a chart paints its own notes under the plot
            blocks[-1].keep_with_next = True
            blocks.append(self.notes(section.notes))
        blocks.append(_Block(18, lambda p, r: None))
        return blocks

    # -- pagination

    def paginate(self, cancel: CancelToken | None) -> None:
        """Place every section's blocks; the title section is the cover, not a page of its own."""
        page = _Page()
        y = 0.0
        for section in self.report.sections:
            if cancel is not None:
                cancel.check()
            if section.kind == "title":
                continue
            if self.slides and page.blocks:
                self.pages.append(page)
                page, y = _Page(), 0.0
            self.toc.append((section.title, len(self.pages)))
            blocks = self.section_blocks(section)
            for k, block in enumerate(blocks):
                need = block.height + (blocks[k + 1].height if block.keep_with_next and k + 1 < len(blocks) else 0)
                if y + need > self.content.height() and page.blocks:
                    if k == 0:
                        self.toc[-1] = (section.title, len(self.pages) + 1)
                    self.pages.append(page)
                    page, y = _Page(), 0.0
                page.blocks.append((y, block))
                y += block.height
        if page.blocks:
            self.pages.append(page)

    def toc_pages(self) -> int:
        per_page = int((self.content.height() - 60) // (self.style.text * 2.2))
        return max(1, math.ceil(len(self.toc) / max(1, per_page)))

    # -- painting

    @property
    def page_count(self) -> int:
        return 1 + self.toc_pages() + len(self.pages)

    def paint_page(self, painter: QPainter, number: int) -> None:
        """Paint page `number` (1 = the cover, then the contents, then the sections)."""
        front = 1 + self.toc_pages()
        if number == 1:
            self.cover(painter)
        elif number <= front:
            self.contents(painter, number - 2, front)
        else:
            for y, block in self.pages[number - front - 1].blocks:
                block.draw(painter, QRectF(self.content.left(), self.content.top() + y,
                                           self.content.width(), block.height))
        if number > 1:
            self.frame(painter, number, self.page_count)

    def paint(self, writer: QPdfWriter, progress: Progress, cancel: CancelToken | None) -> int:
        painter = QPainter(writer)
        try:
            for number in range(1, self.page_count + 1):
                if cancel is not None and cancel.cancelled:
                    raise Cancelled()
                if number > 1:
                    writer.newPage()
                self.paint_page(painter, number)
                progress(number, self.page_count, "")
        finally:
            painter.end()
        return self.page_count

    def cover(self, p: QPainter) -> None:
        report, w, h = self.report, self.width, self.height
        band = h * (0.42 if self.slides else 0.36)
        p.fillRect(QRectF(0, 0, w, band), self.primary)
        p.fillRect(QRectF(0, band, w, 8), self.accent)
        m = self.style.margin
        logo = QImage(report.branding.logo_path) if report.branding.logo_path else QImage()
        if not logo.isNull():
            scale = min(180 / logo.width(), 70 / logo.height())
            p.drawImage(QRectF(m, m * 0.8, logo.width() * scale, logo.height() * scale), logo)
        size = self.style.heading * 1.9
        self.draw_text(p, QRectF(m, band * 0.42, w - 2 * m, band * 0.5), report.title, font(size, bold=True), "#ffffff")
        self.draw_text(p, QRectF(m, band + 40, w - 2 * m, 60), report.subtitle, font(self.style.heading), TEXT)
        lines = [report.text("report.generated", date=report.generated)]
        if report.branding.client:
            lines.insert(0, report.text("report.prepared_for", client=report.branding.client))
        self.draw_text(p, QRectF(m, band + 110, w - 2 * m, 80), "\n".join(lines), font(self.style.text * 1.2), MUTED)

    def contents(self, p: QPainter, index: int, front: int) -> None:
        r = self.content
        per_page = int((r.height() - 60) // (self.style.text * 2.2))
        if index == 0:
            self.draw_text(p, QRectF(r.left(), r.top(), r.width(), 50), self.report.text("report.contents"),
                           font(self.style.heading * 1.3, bold=True), self.primary)
        f = font(self.style.text * 1.15)
        line = self.style.text * 2.2
        metrics = QFontMetricsF(f)
        for k, (title, page) in enumerate(self.toc[index * per_page:(index + 1) * per_page]):
            y = r.top() + 60 + k * line
            number = str(front + page + 1)
            title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, r.width() - 80)
            self.draw_text(p, QRectF(r.left(), y, r.width() - 60, line), title, f)
            self.draw_text(p, QRectF(r.right() - 60, y, 60, line), number, f,
                           flags=int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop))
            p.setPen(QPen(QColor("#c5ccd5"), 0.8, Qt.PenStyle.DotLine))
            start = r.left() + metrics.horizontalAdvance(title) + 8
            p.drawLine(QPointF(start, y + metrics.ascent()), QPointF(r.right() - 40, y + metrics.ascent()))

    def frame(self, p: QPainter, number: int, total: int) -> None:
        """Running header (report title) and footer (client, page n of N) of every page after the cover."""
        m, w, h = self.style.margin, self.width, self.height
        small = font(self.style.text * 0.8)
        p.setPen(QPen(self.primary, 1.2))
        p.drawLine(QPointF(m, m - 4), QPointF(w - m, m - 4))
        self.draw_text(p, QRectF(m, m - 22, w - 2 * m, 16), self.report.title, small, MUTED)
        footer = QRectF(m, h - m + 8, w - 2 * m, 18)
        self.draw_text(p, footer, self.report.branding.client or self.report.name, small, MUTED)
        self.draw_text(p, footer, self.report.text("report.page", page=number, pages=total), small, MUTED,
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop))


def page_images(report: BuiltReport, width: int = 600, limit: int = 40) -> list[QImage]:
    """The first `limit` pages as images `width` pixels wide: the builder's live preview draws exactly the PDF."""
    ensure_gui()
    size = SLIDE if report.layout == "slides" else A4
    document = _Document(report, size.width() / 25.4 * DPI, size.height() / 25.4 * DPI)
    document.paginate(None)
    scale = width / document.width
    images = []
    for number in range(1, min(document.page_count, limit) + 1):
        image = QImage(width, round(document.height * scale), QImage.Format.Format_RGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        document.paint_page(painter, number)
        painter.end()
        images.append(image)
    return images


RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals
UNIFIED = range(0x4E00, 0xA000)
_TO_UNICODE_CODE = re.compile(r"<(2[EF][0-9A-F]{2})>")


@functools.cache
def radical_equivalents() -> dict[str, str]:
    """Radical code point → the ideograph the CJK font draws with the same glyph (⻔ → 门, ⼒ → 力).

    Qt writes a PDF font's ToUnicode map by taking, for each glyph, the lowest code point
    that the font maps to it; Noto Sans CJK maps radicals and ideographs to one glyph, so
    copied or extracted text would read "⻔店" instead of "门店". The font's own cmap
    (through QRawFont) says which ideograph each radical really stands for.
    """
    from PySide6.QtGui import QRawFont

    cjk = QFont()
    cjk.setFamilies([f for f in FONT_FAMILIES if "CJK" in f or "SC" in f])
    raw = QRawFont.fromFont(cjk)
    unified = "".join(chr(c) for c in UNIFIED)
    by_glyph: dict[int, str] = {}
    for char, glyph in zip(unified, raw.glyphIndexesForString(unified)):
        if glyph:
            by_glyph.setdefault(glyph, char)
    radicals = "".join(chr(c) for c in RADICALS)
    return {f"{ord(r):04X}": f"{ord(by_glyph[g]):04X}"
            for r, g in zip(radicals, raw.glyphIndexesForString(radicals)) if g and g in by_glyph}


def unify_radicals(path: str | Path) -> int:
    """Rewrite the PDF's ToUnicode maps so CJK text extracts and copies as the ideographs drawn; returns fixes."""
    from pypdf import PdfReader, PdfWriter

    equivalents = radical_equivalents()
    writer = PdfWriter(clone_from=PdfReader(str(path)))
    fixed = 0
    seen: set[int] = set()
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for reference in fonts.values():
            font_object = reference.get_object()
            cmap = font_object.get("/ToUnicode")
            if cmap is None or id(cmap.get_object()) in seen:
                continue
            stream = cmap.get_object()
            seen.add(id(stream))
            text = stream.get_data().decode("latin-1")
            new, count = _TO_UNICODE_CODE.subn(lambda m: f"<{equivalents.get(m.group(1), m.group(1))}>", text)
            if new != text:
                stream.set_data(new.encode("latin-1"))
                fixed += count
    if fixed:
        with open(path, "wb") as handle:
            writer.write(handle)
    return fixed


def write_pdf(report: BuiltReport, path: str | Path, progress: Progress = no_progress,
              cancel: CancelToken | None = None) -> int:
    """Write the report as a PDF (A4 portrait or 16:9 slides, from `report.layout`); returns the page count."""
    ensure_gui()
    size = SLIDE if report.layout == "slides" else A4
    document = _Document(report, size.width() / 25.4 * DPI, size.height() / 25.4 * DPI)
    document.paginate(cancel)
    pages: list[int] = []

    def save(target: str) -> None:
        writer = QPdfWriter(target)
        writer.setResolution(DPI)
        writer.setTitle(report.title)
        writer.setCreator("XMDesk")
        writer.setPageLayout(QPageLayout(QPageSize(size, QPageSize.Unit.Millimeter),
                                         QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        pages.append(document.paint(writer, progress, cancel))
        del writer  # the file is complete only once the writer is gone
        unify_radicals(target)
        if report.stamp:
            add_to_pdf(target, report.stamp)

    write_output(path, save)
    return pages[0]


JOURNEY_DPI = 150


def journey_painter() -> JourneyPainter:
    """Draws a stored journey map with its live scores (A4 landscape) for the report's journey block."""

    def paint(study: Study, name: str) -> bytes:
        from xmdesk.core.journey import maps as journeys
        from xmdesk.core.journey.scores import score_journey
        from xmdesk.render.journey import render_image

        journey = journeys.load_journey(study, name)
        return image_bytes(render_image(journey, score_journey(study, journey), "a4", JOURNEY_DPI))

    return paint


def export_report(report: BuiltReport, path: str | Path, fmt: str | None = None, progress: Progress = no_progress,
                  cancel: CancelToken | None = None) -> int:
    """Write a built report in any format (from `fmt` or the file's suffix); returns pages, slides, sheets or bytes.

    It lives here, not in the core, because PDF pages and the chart pictures of Word and
    HTML need Qt's painter; PowerPoint and Excel charts are native and need none.
    """
    from xmdesk.core.reports.docx_export import write_docx
    from xmdesk.core.reports.html_export import write_html
    from xmdesk.core.reports.pptx_export import write_pptx
    from xmdesk.core.reports.xlsx_export import write_xlsx

    fmt = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ModelError("report.bad_format", format=fmt, known=", ".join(FORMATS))
    if fmt == "pdf":
        return write_pdf(report, path, progress, cancel)
    if fmt == "pptx":
        return write_pptx(report, path, progress, cancel)
    if fmt == "xlsx":
        return write_xlsx(report, path, progress, cancel)
    ensure_gui()
    images = QtChartImages(report.branding.primary, report.branding.accent)
    if fmt == "docx":
        return write_docx(report, path, images, progress, cancel)
    return write_html(report, path, images, progress, cancel)
