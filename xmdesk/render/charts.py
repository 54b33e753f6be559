"""Drawing a ChartSpec with QPainter: one drawing for PDF pages (vector), SVG (HTML reports) and PNG (Word).

The charts panel draws the same spec with pyqtgraph on screen; here the spec is painted
on any QPaintDevice, so a PDF gets real vector shapes and selectable text, not a
bitmap. Coordinates are in the device's logical units: callers give the rectangle.
Chinese text needs a CJK font: the style asks for Noto Sans CJK (fonts-noto-cjk),
which Qt embeds (subset) into PDFs.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPen

from xmdesk.core.charts.spec import ChartKind, ChartSpec, Orientation, Series
from xmdesk.core.vocabulary import numbers, palette

FONT_FAMILIES = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
                 "WenQuanYi Micro Hei", "sans-serif"]
PALETTE = palette.SERIES
TEXT = palette.LIGHT.foreground
MUTED = palette.LIGHT.muted
GRID = palette.LIGHT.grid
MAX_BAR = 42.0  # px: one or two categories should not become slabs


def ensure_gui() -> QGuiApplication:
    """A Qt application for painting; headless (offscreen) when there is no display, as in the CLI."""
    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["xmdesk-render"])
    assert isinstance(app, QGuiApplication)
    return app


def font(size: float, bold: bool = False) -> QFont:
    """The report font at a pixel size (pixel = the device's logical unit)."""
    result = QFont()
    result.setFamilies(FONT_FAMILIES)
    result.setPixelSize(max(1, round(size)))
    result.setBold(bold)
    return result


@dataclass(frozen=True)
class ChartStyle:
    palette: tuple[str, ...] = PALETTE
    text_size: float = 11.0
    show_title: bool = True

    def colour(self, series: Series, index: int) -> QColor:
        """The role's colour (promoter, negative…), else the (brand) palette's by position, as on screen."""
        return QColor(palette.colour(index, series.role, self.palette))


# -- scales --------------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (1, 2, 2.5 or 5 × a power of ten apart)."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _values(spec: ChartSpec) -> list[float]:
    return [v for s in spec.series for v in s.values if v is not None and not math.isnan(v)]


def value_axis(spec: ChartSpec) -> list[float]:
    """Ticks of the value axis: the spec's fixed range, or one that holds every value, bar stack and interval."""
    if spec.value_range is not None:
        return nice_ticks(*spec.value_range)
    values = _values(spec) or [0.0]
    if spec.kind is ChartKind.STACKED_BARS:
        totals = [sum(s.values[i] or 0.0 for s in spec.series) for i in range(len(spec.categories))]
        values = values + totals
    for s in spec.series:
        values += [v for v in (*s.ci_low, *s.ci_high) if v is not None and not math.isnan(v)]
    low, high = min(values), max(values)
    if spec.kind in (ChartKind.BARS, ChartKind.STACKED_BARS):
        low, high = min(low, 0.0), max(high, 0.0)
    if spec.unit == "%" and low >= 0 and high <= 100 and high > 60:
        return nice_ticks(0, 100)
    return nice_ticks(low, high)


def tick_text(value: float, unit: str) -> str:
    """An axis tick: whole ticks without decimals (20%, +40, 1,000), others as values of the axis' unit."""
    role = numbers.role_of_unit(unit)
    if value == int(value) and abs(value) < 1e15:
        whole = numbers.count(value)
        return whole + "%" if role is numbers.Role.PERCENT else ("+" + whole if role is numbers.Role.NPS and value > 0
                                                                 else whole)
    return numbers.text(value, role)


def _ink(series: Series) -> str:
    """Text on a stacked segment: white on the strong colours, dark on the light grey of passives (as on screen)."""
    return TEXT if palette.colour(0, series.role) == palette.NEUTRAL else "#ffffff"


# -- the painter -----------------------------------------------------------------------------------


class _Chart:
    """Paints one spec into one rectangle; split in steps so each chart kind shares title, legend, notes."""

    def __init__(self, painter: QPainter, rect: QRectF, spec: ChartSpec, style: ChartStyle) -> None:
        self.p = painter
        self.rect = rect
        self.spec = spec
        self.style = style
        self.size = style.text_size
        self.small = font(self.size * 0.85)
        self.normal = font(self.size)

    def text(self, rect: QRectF, flags: Qt.AlignmentFlag | int, text: str, f: QFont | None = None,
             colour: str = TEXT) -> None:
        self.p.setFont(f or self.normal)
        self.p.setPen(QColor(colour))
        self.p.drawText(rect, int(flags), text)

    def paint(self) -> None:
        area = QRectF(self.rect)
        if self.style.show_title and self.spec.title:
            title_font = font(self.size * 1.25, bold=True)
            height = QFontMetricsF(title_font).height() * 1.4
            self.text(QRectF(area.left(), area.top(), area.width(), height),
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.spec.title, title_font)
            area.setTop(area.top() + height)
        area.setBottom(area.bottom() - self._notes(area))
        if len(self.spec.series) > 1 and self.spec.kind not in (ChartKind.SCATTER, ChartKind.HEATMAP):
            area.setTop(area.top() + self._legend(area))
        if not self.spec.categories or not _values(self.spec):
            self.text(area, Qt.AlignmentFlag.AlignCenter, "–", colour=MUTED)
            return
        kind = self.spec.kind
        if kind is ChartKind.HEATMAP:
            self._heatmap(area)
        elif kind is ChartKind.SCATTER:
            self._scatter(area)
        elif kind is ChartKind.LINE:
            self._line(area)
        elif self.spec.orientation is Orientation.HORIZONTAL:
            self._horizontal_bars(area)
        else:
            self._vertical_bars(area)

    # -- furniture

    def _notes(self, area: QRectF) -> float:
        notes = list(self.spec.notes)
        if self.spec.small_base:
            notes.append("* n < 30: " + ", ".join(self.spec.small_base))
        if not notes:
            return 0.0
        line = QFontMetricsF(self.small).height()
        height = line * len(notes) + line * 0.4
        top = area.bottom() - height + line * 0.4
        for i, note in enumerate(notes):
            self.text(QRectF(area.left(), top + i * line, area.width(), line),
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note, self.small, MUTED)
        return height

    def _legend(self, area: QRectF) -> float:
        metrics = QFontMetricsF(self.small)
        line = metrics.height() * 1.5
        x, y = area.left(), area.top()
        box = metrics.height() * 0.7
        for i, series in enumerate(self.spec.series):
            width = box + 6 + metrics.horizontalAdvance(series.name) + 16
            if x + width > area.right() and x > area.left():
                x, y = area.left(), y + line
            self.p.fillRect(QRectF(x, y + (line - box) / 2, box, box), self.style.colour(series, i))
            self.text(QRectF(x + box + 6, y, width, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                      series.name, self.small)
            x += width
        return y + line - area.top() + 4

    def _label(self, category: str) -> str:
        return self.spec.category_text(category) + ("*" if category in self.spec.small_base else "")

    def _grid_y(self, plot: QRectF, ticks: Sequence[float]) -> None:
        for tick in ticks:
            y = self._y(plot, ticks, tick)
            self.p.setPen(QPen(QColor(GRID), 1))
            self.p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            self.text(QRectF(self.rect.left(), y - 10, plot.left() - self.rect.left() - 6, 20),
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                      tick_text(tick, self.spec.unit), self.small, MUTED)

    @staticmethod
    def _y(plot: QRectF, ticks: Sequence[float], value: float) -> float:
        return plot.bottom() - (value - ticks[0]) / (ticks[-1] - ticks[0]) * plot.height()

    @staticmethod
    def _x(plot: QRectF, ticks: Sequence[float], value: float) -> float:
        return plot.left() + (value - ticks[0]) / (ticks[-1] - ticks[0]) * plot.width()

    def _value_text(self, series: Series, i: int) -> str:
        value = series.values[i]
        mark = series.marks[i] if i < len(series.marks) else ""
        return numbers.text(value, self.spec.role_of(series)) + (f" {mark}" if mark else "")

    def _axis_width(self, ticks: Sequence[float]) -> float:
        metrics = QFontMetricsF(self.small)
        return max(metrics.horizontalAdvance(tick_text(t, self.spec.unit)) for t in ticks) + 10

    def _category_rows(self, width: float) -> int:
        """Lines needed under vertical bars for the longest label at this width (wrapped, at most 3)."""
        metrics = QFontMetricsF(self.small)
        longest = max(metrics.horizontalAdvance(self._label(c)) for c in self.spec.categories)
        return min(3, max(1, math.ceil(longest / max(width, 1.0))))

    def _interval(self, series: Series, i: int) -> tuple[float, float] | None:
        if i < len(series.ci_low) and i < len(series.ci_high):
            low, high = series.ci_low[i], series.ci_high[i]
            if low is not None and high is not None and not (math.isnan(low) or math.isnan(high)):
                return low, high
        return None

    # -- kinds

    def _vertical_bars(self, area: QRectF) -> None:
        spec, ticks = self.spec, value_axis(self.spec)
        stacked = spec.kind is ChartKind.STACKED_BARS
        slot = (area.width() - self._axis_width(ticks)) / len(spec.categories)
        rows = self._category_rows(slot - 4)
        label_height = QFontMetricsF(self.small).height() * rows + 6
        plot = QRectF(area.left() + self._axis_width(ticks), area.top() + self.size * 1.4,
                      area.width() - self._axis_width(ticks), area.height() - label_height - self.size * 1.4)
        self._grid_y(plot, ticks)
        groups = 1 if stacked else len(spec.series)
        bar = min(slot * 0.7 / groups, MAX_BAR * 2)
        zero = self._y(plot, ticks, max(ticks[0], min(0.0, ticks[-1])))
        for i, category in enumerate(spec.categories):
            left = plot.left() + i * slot + (slot - bar * groups) / 2
            base = 0.0
            for k, series in enumerate(spec.series):
                value = series.values[i]
                x = left + (0 if stacked else k * bar)
                if value is None or math.isnan(value):
                    if not stacked:  # a segment without answers says so where its bar would start
                        self.text(QRectF(x - slot, zero - self.size * 1.3, bar + 2 * slot, self.size * 1.3),
                                  Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, numbers.MISSING,
                                  self.small, MUTED)
                    continue
                start = base if stacked else 0.0
                top_y, bottom_y = self._y(plot, ticks, start + value), self._y(plot, ticks, start)
                rect = QRectF(x, min(top_y, bottom_y), bar, abs(bottom_y - top_y))
                self.p.fillRect(rect, self.style.colour(series, k))
                if stacked:
                    if rect.height() > self.size * 1.2:
                        self.text(rect, Qt.AlignmentFlag.AlignCenter, self._value_text(series, i), self.small,
                                  _ink(series))
                    base += value
                else:
                    self._error_bar_vertical(plot, ticks, series, i, x + bar / 2)
                    interval = self._interval(series, i)
                    if value >= 0:
                        high = self._y(plot, ticks, interval[1]) if interval else top_y
                        label_y = min(top_y, zero, high) - self.size * 1.3
                    else:
                        low = self._y(plot, ticks, interval[0]) if interval else top_y
                        label_y = max(top_y, zero, low) + 2
                    self.text(QRectF(x - slot, label_y, bar + 2 * slot, self.size * 1.3),
                              Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                              self._value_text(series, i), self.small)
            score = self._score(i)
            if score and stacked:
                self.text(QRectF(plot.left() + i * slot, self._y(plot, ticks, base) - self.size * 1.4, slot,
                                 self.size * 1.3), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, score,
                          font(self.size * 0.9, bold=True))
            self.text(QRectF(plot.left() + i * slot + 2, plot.bottom() + 4, slot - 4, label_height),
                      Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                      self._label(category), self.small)
        self.p.setPen(QPen(QColor(MUTED), 1))
        self.p.drawLine(QPointF(plot.left(), zero), QPointF(plot.right(), zero))
        self._reference_lines(plot, ticks, vertical_values=True)

    def _error_bar_vertical(self, plot: QRectF, ticks: Sequence[float], series: Series, i: int, x: float) -> None:
        interval = self._interval(series, i)
        if interval is None:
            return
        self.p.setPen(QPen(QColor(TEXT), 1))
        low, high = self._y(plot, ticks, interval[0]), self._y(plot, ticks, interval[1])
        self.p.drawLine(QPointF(x, low), QPointF(x, high))
        for y in (low, high):
            self.p.drawLine(QPointF(x - 3, y), QPointF(x + 3, y))

    def _horizontal_bars(self, area: QRectF) -> None:
        spec, ticks = self.spec, value_axis(self.spec)
        stacked = spec.kind is ChartKind.STACKED_BARS
        metrics = QFontMetricsF(self.small)
        label_width = min(area.width() * 0.35, max(metrics.horizontalAdvance(self._label(c)) for c in spec.categories) + 10)
        value_room = metrics.horizontalAdvance("-100.0% ABC") if not stacked else metrics.horizontalAdvance("100%")
        if spec.scores:
            bold = font(self.size * 0.9, bold=True)
            value_room = max(value_room, QFontMetricsF(bold).horizontalAdvance(f"{spec.score_label} +100.0") + 12)
        plot = QRectF(area.left() + label_width, area.top(), area.width() - label_width - value_room,
                      area.height() - metrics.height() - 6)
        slot = plot.height() / len(spec.categories)
        groups = 1 if stacked else len(spec.series)
        bar = min(slot * 0.72 / groups, MAX_BAR)
        self.p.setPen(QPen(QColor(GRID), 1))
        for tick in ticks:
            x = self._x(plot, ticks, tick)
            self.p.setPen(QPen(QColor(GRID), 1))
            self.p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            self.text(QRectF(x - 30, plot.bottom() + 3, 60, metrics.height()), Qt.AlignmentFlag.AlignHCenter,
                      tick_text(tick, spec.unit), self.small, MUTED)
        for i, category in enumerate(spec.categories):
            top = plot.top() + i * slot + (slot - bar * groups) / 2
            self.text(QRectF(area.left(), plot.top() + i * slot, label_width - 8, slot),
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                      metrics.elidedText(self._label(category), Qt.TextElideMode.ElideRight, label_width - 8),
                      self.small)
            base = 0.0
            for k, series in enumerate(spec.series):
                value = series.values[i]
                y = top + (0 if stacked else k * bar)
                if value is None or math.isnan(value):
                    if not stacked:
                        self.text(QRectF(self._x(plot, ticks, 0.0) + 4, y, value_room, bar),
                                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, numbers.MISSING,
                                  self.small, MUTED)
                    continue
                start = base if stacked else 0.0
                x0, x1 = self._x(plot, ticks, start), self._x(plot, ticks, start + value)
                rect = QRectF(min(x0, x1), y, abs(x1 - x0), bar)
                self.p.fillRect(rect, self.style.colour(series, k))
                text = self._value_text(series, i)
                if stacked:
                    if rect.width() > metrics.horizontalAdvance(text) + 4:
                        self.text(rect, Qt.AlignmentFlag.AlignCenter, text, self.small, _ink(series))
                    base += value
                else:
                    interval = self._interval(series, i)
                    end = max(x0, x1, self._x(plot, ticks, interval[1]) if interval else x1)
                    if interval:
                        self.p.setPen(QPen(QColor(TEXT), 1))
                        lo, hi = self._x(plot, ticks, interval[0]), self._x(plot, ticks, interval[1])
                        self.p.drawLine(QPointF(lo, y + bar / 2), QPointF(hi, y + bar / 2))
                    self.text(QRectF(end + 4, y, value_room, bar), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                              text, self.small)
            score = self._score(i)
            if score:
                self.text(QRectF(plot.right() + 8, top, value_room, bar * groups),
                          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, score,
                          font(self.size * 0.9, bold=True))
        self._reference_lines(plot, ticks, vertical_values=False)

    def _score(self, i: int) -> str:
        """The headline number of category i (the NPS beside a stacked bar), '' when there is none."""
        return self.spec.score_text(i)

    def _line(self, area: QRectF) -> None:
        spec, ticks = self.spec, value_axis(self.spec)
        metrics = QFontMetricsF(self.small)
        plot = QRectF(area.left() + self._axis_width(ticks), area.top() + self.size,
                      area.width() - self._axis_width(ticks) - metrics.horizontalAdvance(spec.categories[-1]) / 2 - 10,
                      area.height() - metrics.height() * 2 - self.size)
        self._grid_y(plot, ticks)
        count = len(spec.categories)
        step = plot.width() / max(1, count - 1) if count > 1 else 0.0
        every = max(1, math.ceil(count * metrics.horizontalAdvance(max(spec.categories, key=len)) / plot.width()))
        for i, category in enumerate(spec.categories):
            if i % every == 0:
                x = plot.left() + i * step if count > 1 else plot.center().x()
                self.text(QRectF(x - step * every / 2 - 20, plot.bottom() + 4, step * every + 40, metrics.height() * 2),
                          Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self._label(category), self.small)
        for k, series in enumerate(spec.series):
            colour = self.style.colour(series, k)
            points = [(i, v) for i, v in enumerate(series.values) if v is not None and not math.isnan(v)]
            pen = QPen(colour, 2)
            self.p.setPen(pen)
            xy = [QPointF(plot.left() + i * step if count > 1 else plot.center().x(), self._y(plot, ticks, v))
                  for i, v in points]
            for a, b in zip(xy, xy[1:]):
                self.p.drawLine(a, b)
            self.p.setBrush(QBrush(colour))
            for (i, _), point in zip(points, xy):
                self.p.drawEllipse(point, 3, 3)
                if len(spec.series) == 1 and count <= 12:
                    self.text(QRectF(point.x() - 40, point.y() - self.size * 1.6, 80, self.size * 1.4),
                              Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                              self._value_text(series, i), self.small)
            self.p.setBrush(Qt.BrushStyle.NoBrush)
        self._reference_lines(plot, ticks, vertical_values=True)

    def _heatmap(self, area: QRectF) -> None:
        spec = self.spec
        metrics = QFontMetricsF(self.small)
        label_width = min(area.width() * 0.3, max(metrics.horizontalAdvance(self._label(c)) for c in spec.categories) + 10)
        head = metrics.height() * 2.4
        grid = QRectF(area.left() + label_width, area.top() + head, area.width() - label_width, area.height() - head)
        cell_w, cell_h = grid.width() / len(spec.series), grid.height() / len(spec.categories)
        values = _values(spec)
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        base = QColor(self.style.palette[0])
        for k, series in enumerate(spec.series):
            self.text(QRectF(grid.left() + k * cell_w, area.top(), cell_w, head),
                      Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, series.name, self.small)
        for i, category in enumerate(spec.categories):
            self.text(QRectF(area.left(), grid.top() + i * cell_h, label_width - 6, cell_h),
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                      metrics.elidedText(self._label(category), Qt.TextElideMode.ElideRight, label_width - 6), self.small)
            for k, series in enumerate(spec.series):
                value = series.values[i]
                cell = QRectF(grid.left() + k * cell_w + 1, grid.top() + i * cell_h + 1, cell_w - 2, cell_h - 2)
                if value is None or math.isnan(value):
                    self.p.fillRect(cell, QColor("#f4f5f7"))
                    continue
                share = 0.15 + 0.85 * ((value - low) / (high - low) if high > low else 0.5)
                colour = QColor(base)
                colour.setAlphaF(share)
                self.p.fillRect(cell, colour)
                self.text(cell, Qt.AlignmentFlag.AlignCenter, self._value_text(series, i), self.small,
                          "#ffffff" if share > 0.55 else TEXT)

    def _scatter(self, area: QRectF) -> None:
        spec = self.spec
        xs, ys = spec.series[0].values, spec.series[1].values if len(spec.series) > 1 else spec.series[0].values
        pairs = [(c, x, y) for c, x, y in zip(spec.categories, xs, ys)
                 if x is not None and y is not None and not (math.isnan(x) or math.isnan(y))]
        x_ticks = nice_ticks(min(p[1] for p in pairs), max(p[1] for p in pairs))
        y_ticks = nice_ticks(min(p[2] for p in pairs), max(p[2] for p in pairs))
        metrics = QFontMetricsF(self.small)
        plot = QRectF(area.left() + self._axis_width(y_ticks), area.top() + 6,
                      area.width() - self._axis_width(y_ticks) - 10, area.height() - metrics.height() * 2.6)
        self._grid_y(plot, y_ticks)
        for tick in x_ticks:
            x = self._x(plot, x_ticks, tick)
            self.text(QRectF(x - 30, plot.bottom() + 3, 60, metrics.height()), Qt.AlignmentFlag.AlignHCenter,
                      tick_text(tick, ""), self.small, MUTED)
        self.text(QRectF(plot.left(), plot.bottom() + metrics.height() + 4, plot.width(), metrics.height()),
                  Qt.AlignmentFlag.AlignHCenter, spec.x_label, self.small, MUTED)
        for line in spec.reference_lines:
            self.p.setPen(QPen(QColor(MUTED), 1, Qt.PenStyle.DashLine))
            if line.axis == "x":
                x = self._x(plot, x_ticks, line.value)
                self.p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            else:
                y = self._y(plot, y_ticks, line.value)
                self.p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        colour = QColor(self.style.palette[0])
        self.p.setBrush(QBrush(colour))
        for category, x_value, y_value in pairs:
            point = QPointF(self._x(plot, x_ticks, x_value), self._y(plot, y_ticks, y_value))
            self.p.setPen(QPen(colour, 1))
            self.p.drawEllipse(point, 4, 4)
            self.text(QRectF(point.x() + 6, point.y() - metrics.height() / 2, 200, metrics.height()),
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._label(category), self.small)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        corners = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        for label, corner in zip(self.spec.corner_labels, corners):
            self.text(plot.adjusted(6, 4, -6, -4), corner, label, font(self.size * 0.9, bold=True), MUTED)

    def _reference_lines(self, plot: QRectF, ticks: Sequence[float], vertical_values: bool) -> None:
        for line in self.spec.reference_lines:
            self.p.setPen(QPen(QColor(MUTED), 1, Qt.PenStyle.DashLine))
            if vertical_values:
                y = self._y(plot, ticks, line.value)
                self.p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                self.text(QRectF(plot.right() - 200, y - self.size * 1.3, 200, self.size * 1.2),
                          Qt.AlignmentFlag.AlignRight, line.label, self.small, MUTED)
            else:
                x = self._x(plot, ticks, line.value)
                self.p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))


def paint_chart(painter: QPainter, rect: QRectF, spec: ChartSpec, style: ChartStyle | None = None) -> None:
    """Draw `spec` inside `rect` of any paint device (PDF page, SVG, image)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    _Chart(painter, rect, spec, style or ChartStyle()).paint()
    painter.restore()


def chart_png(spec: ChartSpec, width: int = 800, height: int = 450, style: ChartStyle | None = None,
              scale: float = 2.0) -> bytes:
    """A PNG of the chart, drawn at `scale` × the size for sharp printing (Word, preview)."""
    ensure_gui()
    image = QImage(QSize(round(width * scale), round(height * scale)), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.scale(scale, scale)
    paint_chart(painter, QRectF(0, 0, width, height), spec, style)
    painter.end()
    return image_bytes(image)


def image_bytes(image: QImage, fmt: str = "PNG") -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt)  # type: ignore[call-overload]  # PySide6 takes a str for const char*
    buffer.close()
    return bytes(data.data())


def chart_svg(spec: ChartSpec, width: int = 800, height: int = 450, style: ChartStyle | None = None) -> str:
    """The chart as an SVG document (vector, text kept as text), for the HTML report."""
    from PySide6.QtSvg import QSvgGenerator

    ensure_gui()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(spec.title)
    painter = QPainter(generator)
    paint_chart(painter, QRectF(0, 0, width, height), spec, style)
    painter.end()
    buffer.close()
    return bytes(data.data()).decode("utf-8")


class QtChartImages:
    """`ChartImages` for the core's Word and HTML exporters, in the report's brand colours."""

    def __init__(self, primary: str = PALETTE[0], accent: str = PALETTE[1]) -> None:
        self.style = ChartStyle(palette=(primary, accent, *PALETTE[2:]), show_title=False)

    def svg(self, spec: ChartSpec, width: int, height: int) -> str:
        return chart_svg(spec, width, height, self.style)

    def png(self, spec: ChartSpec, width: int, height: int) -> bytes:
        return chart_png(spec, width, height, self.style)
