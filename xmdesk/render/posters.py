"""QR posters for a served survey: an A4 PDF, one page per store, each page's code carrying its store.

The code is drawn as vector squares from segno's module matrix (no bitmap), so it scans sharp at any
print size; text is real text in the report font, Chinese included (Qt embeds the subset).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from xmdesk.core import messages
from xmdesk.core.files import write_output
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.survey.model import Choice, Survey
from xmdesk.render.charts import MUTED, TEXT, ensure_gui, font

DPI = 96
PAGE_WIDTH = 794.0
"""A4's width in px at 96 dpi (its height is 1123)."""
MARGIN = 64.0
QR_SIZE = 470.0
QUIET_ZONE = 4
"""Modules of white around the code, as the QR standard asks, so a phone finds its edges."""


def qr_modules(url: str) -> list[list[bool]]:
    """The code's dark modules by row, quiet zone included."""
    import segno

    code = segno.make(url, error="m")
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]


def draw_qr(painter: QPainter, url: str, box: QRectF) -> None:
    """The code for `url` filling the square `box`, one filled square per dark module."""
    modules = qr_modules(url)
    cell = box.width() / len(modules)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#000000"))
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:  # a hair larger than the cell: no white seams between modules in a viewer
                painter.drawRect(QRectF(box.left() + x * cell, box.top() + y * cell, cell + 0.3, cell + 0.3))


def unshaped(face: QFont) -> QFont:
    """`face` without ligatures: shaped text joins "ff" or "fi" into one glyph, and a link copied from the PDF (or
    a word searched in it) must be its own characters."""
    face.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return face


def link_font() -> QFont:
    """The printed link, monospace: each character its own width, easy to read out or type."""
    face = QFont()
    face.setFamilies(["DejaVu Sans Mono", "Noto Sans Mono", "monospace"])
    face.setPixelSize(11)
    return unshaped(face)


def draw_poster(painter: QPainter, survey: Survey, store: Choice | None, url: str, lang: str, height: float) -> None:
    """One page: the survey's title, the call to scan, the code, the store's name, the Wi-Fi note and the link."""
    width = PAGE_WIDTH - 2 * MARGIN
    centred = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
    with messages.speaking(lang):
        call, wifi = messages.text("collect.poster_call"), messages.text("collect.poster_wifi")
    blocks = [(survey.title(lang), unshaped(font(34, bold=True)), TEXT, 100.0), (call, unshaped(font(22)), TEXT, 70.0)]
    top = MARGIN
    for text, face, colour, block_height in blocks:
        painter.setFont(face)
        painter.setPen(QColor(colour))
        painter.drawText(QRectF(MARGIN, top, width, block_height), centred, text)
        top += block_height
    draw_qr(painter, url, QRectF((PAGE_WIDTH - QR_SIZE) / 2, top, QR_SIZE, QR_SIZE))
    top += QR_SIZE + 24
    painter.setPen(QColor(TEXT))
    if store is not None:
        painter.setFont(unshaped(font(40, bold=True)))
        painter.drawText(QRectF(MARGIN, top, width, 64), centred, store.label(lang))
        top += 80
    painter.setFont(unshaped(font(16)))
    painter.drawText(QRectF(MARGIN, top, width, 50), centred, wifi)
    painter.setFont(link_font())
    painter.setPen(QColor(MUTED))
    painter.drawText(QRectF(MARGIN, height - MARGIN - 40, width, 40), centred, url)


def write_posters(survey: Survey, pages: Sequence[tuple[Choice | None, str]], path: str | Path,
                  lang: str | None = None, progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
    """Write one A4 page per (store, link) to `path`, in `lang` (the app's language by default); the page count.
    Written as every output is (a partial file renamed at the end), so a cancelled or failed run leaves no half
    PDF; a page at a time, for the progress bar of a chain's two hundred stores."""
    ensure_gui()
    lang = lang or messages.language()

    def draw(target: str) -> None:
        writer = QPdfWriter(target)
        writer.setResolution(DPI)
        writer.setTitle(survey.title(lang))
        writer.setCreator("XMDesk")
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(0, 0, 0, 0)))
        painter = QPainter(writer)
        try:
            height = float(painter.viewport().height())
            for number, (store, url) in enumerate(pages):
                if cancel is not None:
                    cancel.check()
                if number:
                    writer.newPage()
                draw_poster(painter, survey, store, url, lang, height)
                progress(number + 1, len(pages), store.label(lang) if store is not None else "")
        finally:
            painter.end()

    write_output(path, draw)
    return len(pages)
