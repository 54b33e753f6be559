"""Draw a ChartSpec with pyqtgraph: bars, stacked bars, lines, heatmaps and scatters.

The view computes nothing: every number comes from the spec, so it shows what the report
exporters print. Hover shows a value's exact figure, its n and its interval; a click on a
bar, cell or point emits `sig_clicked(category, series)` (the Charts area turns it into a
filter). Small bases are drawn paler with a `*` after their label. `plotted_values` reads
the numbers back from the pyqtgraph items, for tests and for anyone who doubts a bar.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QToolTip, QVBoxLayout, QWidget

from xmdesk.core.charts.spec import ChartKind, ChartSpec, Orientation, Series
from xmdesk.core.files import write_output
from xmdesk.core.vocabulary import numbers
from xmdesk.gui.charts.theme import LIGHT, ROLES, ChartTheme, heat, series_color
from xmdesk.render.charts import image_bytes

GROUP_WIDTH = 0.78
SMALL_BASE_ALPHA = 110
MAX_N_LABELS = 16
"""A trend prints n under its points up to this many periods (the tooltip always has it)."""


@dataclass(frozen=True)
class Hit:
    """A region of the plot (in data coordinates) and what hovering or clicking it means."""

    rect: QRectF
    text: str
    category: int
    series: int


def _values(series: Series) -> list[float]:
    return [math.nan if v is None else float(v) for v in series.values]


def _at(values: Sequence[object], index: int) -> object:
    return values[index] if index < len(values) else None


MARKS_NOTE = ("↑/↓", "Letters", "字母")
"""How the notes that explain a chart's marks begin (analysis.note_versus, note_trend, note_letters in both
languages): a tile keeps them, or its arrows and letters mean nothing."""


def shown_notes(spec: ChartSpec, compact: bool) -> list[str]:
    """All notes; on a small tile only the base and the line that explains the marks (the rest in its tooltip)."""
    if not compact:
        return list(spec.notes)
    return list(spec.notes[:1]) + [note for note in spec.notes[1:] if note.startswith(MARKS_NOTE)]


class ChartView(QWidget):
    """One chart on screen, drawn from its spec alone; also what saves it as PNG or SVG and copies it, so a
    saved image is the chart as shown."""

    sig_clicked = Signal(int, int)
    """(category index, series index) of the bar, cell or point clicked."""

    def __init__(self, parent: QWidget | None = None, theme: ChartTheme = LIGHT, compact: bool = False) -> None:
        super().__init__(parent)
        self.theme = theme
        self.compact = compact
        self.spec: ChartSpec | None = None
        self.hits: list[Hit] = []
        self._drawn: list[list[float]] = []
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setObjectName("chartTitle")
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.setMinimumHeight(180 if compact else 280)
        self.plot_item = self.plot.getPlotItem()
        self.plot_item.hideButtons()
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.disableAutoRange()
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setObjectName("chartNotes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.notes)
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._hover)
        scene.sigMouseClicked.connect(self._click)
        self._apply_theme()

    # -- public ---------------------------------------------------------------------------

    def set_theme(self, theme: ChartTheme) -> None:
        self.theme = theme
        self._apply_theme()
        if self.spec is not None:
            self.set_spec(self.spec)

    def set_spec(self, spec: ChartSpec) -> None:
        self.spec = spec
        self._clear()
        self._show_axes(True)
        for axis in ("left", "bottom"):
            self.plot_item.getAxis(axis).setTicks(None)
        self.plot_item.getAxis("left").setWidth(None)  # back to fitting its labels
        self.hits = []
        self._drawn = []
        self.title.setText(spec.title)
        self.notes.setText("\n".join(shown_notes(spec, self.compact)))
        self.notes.setToolTip("\n".join(spec.notes) if self.compact else "")
        self.plot_item.setLabel("left", "")
        self.plot_item.setLabel("bottom", "")
        draw = {ChartKind.BARS: self._draw_bars, ChartKind.STACKED_BARS: self._draw_stacked,
                ChartKind.LINE: self._draw_lines, ChartKind.HEATMAP: self._draw_heatmap,
                ChartKind.SCATTER: self._draw_scatter}[spec.kind]
        draw(spec)

    def show_message(self, text: str) -> None:
        """No chart (an error, nothing selected): say why in the plot's place."""
        self.spec = None
        self._clear()
        self._show_axes(False)  # the last chart's categories and scale would read as this one's (n=500 of nothing)
        self.hits = []
        self._drawn = []
        self.title.setText("")
        self.notes.setText(text)

    def _show_axes(self, shown: bool) -> None:
        for axis in ("left", "bottom"):
            if shown:
                self.plot_item.showAxis(axis)
            else:
                self.plot_item.hideAxis(axis)

    def _clear(self) -> None:
        """Remove the items and the legend (PlotItem.clear keeps a legend, which would pile up)."""
        self.plot_item.clear()
        legend = self.plot_item.legend
        if legend is not None:
            scene = legend.scene()
            if scene is not None:
                scene.removeItem(legend)
            self.plot_item.legend = None

    def plotted_values(self) -> list[list[float]]:
        """Per series, the value each category was drawn at (NaN where nothing was drawn)."""
        return [list(values) for values in self._drawn]

    def image(self, scale: float = 3.0) -> QImage:
        """The whole chart (title, plot, notes) as an image `scale` times the screen size: print-ready."""
        size = self.size()
        image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(scale)
        image.fill(QColor(self.theme.background))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.render(painter, QPoint(0, 0))
        painter.end()
        return image

    def save_png(self, path: str | Path, scale: float = 3.0) -> None:
        """Written through `write_output`: a full disk is said in one line, never left as half an image."""
        data = image_bytes(self.image(scale))
        write_output(path, lambda target: Path(target).write_bytes(data))

    def save_svg(self, path: str | Path) -> None:
        """Drawn into memory, then written like the PNG (Qt's own file writing would hide a full disk)."""
        from PySide6.QtSvg import QSvgGenerator

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(self.size())
        generator.setViewBox(QRectF(0, 0, self.width(), self.height()))
        generator.setTitle(self.spec.title if self.spec else "")
        painter = QPainter(generator)
        self.render(painter, QPoint(0, 0))
        painter.end()
        buffer.close()
        svg = bytes(data.data())
        write_output(path, lambda target: Path(target).write_bytes(svg))

    def copy(self) -> None:
        QGuiApplication.clipboard().setImage(self.image(2.0))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(520, 300) if self.compact else QSize(760, 480)

    # -- theme ----------------------------------------------------------------------------

    def _apply_theme(self) -> None:
        t = self.theme
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"ChartView {{ background: {t.background}; }}"
                           f"QLabel#chartTitle {{ color: {t.foreground}; font-weight: 600; font-size: "
                           f"{'13px' if self.compact else '15px'}; background: transparent; }}"
                           f"QLabel#chartNotes {{ color: {t.muted}; font-size: 11px; background: transparent; }}")
        self.plot.setBackground(t.background)
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(t.grid))
            axis.setTextPen(pg.mkPen(t.foreground))
            axis.setStyle(tickFont=QFont(self.font().family(), 9 if self.compact else 10))

    def _text(self, text: str, x: float, y: float, anchor: tuple[float, float], color: str | None = None,
              bold: bool = False, size: int | None = None) -> pg.TextItem:
        item = pg.TextItem(text, color=color or self.theme.foreground, anchor=anchor)
        font = QFont(self.font().family(), size or (8 if self.compact else 9))
        font.setBold(bold)
        item.setFont(font)
        item.setPos(x, y)
        self.plot_item.addItem(item)
        return item

    def _color(self, spec: ChartSpec, index: int, series: Series, category: int) -> QColor:
        color = series_color(self.theme, index, series.role)
        if spec.categories[category] in spec.small_base:
            color.setAlpha(SMALL_BASE_ALPHA)
        return color

    def _category_labels(self, spec: ChartSpec) -> list[str]:
        return [spec.category_text(c) + (" *" if c in spec.small_base else "") for c in spec.categories]

    def _tooltip(self, spec: ChartSpec, category: int, series_index: int) -> str:
        series = spec.series[series_index]
        value = _at(series.values, category)
        role = spec.role_of(series)
        parts = [spec.categories[category] + ("" if len(spec.series) == 1 else f" · {series.name}"),
                 numbers.text(value if isinstance(value, (int, float)) else None, role)]
        n = _at(series.n, category)
        if isinstance(n, int):
            parts.append(f"n = {numbers.count(n)}" + (" *" if spec.categories[category] in spec.small_base else ""))
        low, high = _at(series.ci_low, category), _at(series.ci_high, category)
        if isinstance(low, (int, float)) and isinstance(high, (int, float)):
            parts.append(f"95% CI [{numbers.text(low, role)}, {numbers.text(high, role)}]")
        mark = _at(series.marks, category)
        if mark:
            parts.append(str(mark))
        return "\n".join(parts)

    # -- bars -----------------------------------------------------------------------------

    def _draw_bars(self, spec: ChartSpec) -> None:
        horizontal = spec.orientation is Orientation.HORIZONTAL
        count, groups = len(spec.categories), max(1, len(spec.series))
        width = GROUP_WIDTH / groups
        positions = [count - 1 - i for i in range(count)] if horizontal else list(range(count))
        peak = 0.0
        for s, series in enumerate(spec.series):
            values = _values(series)
            centres = [p - GROUP_WIDTH / 2 + width * (s + 0.5) for p in positions]
            brushes = [pg.mkBrush(self._color(spec, s, series, i)) for i in range(count)]
            shown = [0.0 if math.isnan(v) else v for v in values]
            if horizontal:
                bars = pg.BarGraphItem(x0=0, y=centres, height=width * 0.92, width=shown, brushes=brushes, pen=None)
            else:
                bars = pg.BarGraphItem(x=centres, y0=0, height=shown, width=width * 0.92, brushes=brushes, pen=None)
            self.plot_item.addItem(bars)
            self._drawn.append(values)
            peak = max([peak] + [abs(v) for v in values if not math.isnan(v)])
            self._whiskers(series, centres, values, width, horizontal)
            for i, (centre, value) in enumerate(zip(centres, values)):
                if math.isnan(value):  # a segment without answers says so where its bar would start
                    self._text(numbers.MISSING, *((0.0, centre) if horizontal else (centre, 0.0)),
                               (0.0, 0.5) if horizontal else (0.5, 1.0), self.theme.muted)
                    continue
                # The label sits beyond the bar and its whisker, on the side the bar points to.
                whisker = _at(series.ci_high if value >= 0 else series.ci_low, i)
                end = value if not isinstance(whisker, (int, float)) else (
                    max(value, float(whisker)) if value >= 0 else min(value, float(whisker)))
                label = numbers.text(value, spec.role_of(series)) + (f" {series.marks[i]}" if _at(series.marks, i) else "")
                if horizontal:
                    self._text(label, end, centre, (0.0 if value >= 0 else 1.0, 0.5))
                    rect = QRectF(min(0.0, value), centre - width / 2, abs(value) or 1e-9, width)
                else:
                    self._text(label, centre, end, (0.5, 1.0 if value >= 0 else 0.0))
                    rect = QRectF(centre - width / 2, min(0.0, value), width, abs(value) or 1e-9)
                self.hits.append(Hit(rect, self._tooltip(spec, i, s), i, s))
        self._category_axis(spec, positions, horizontal)
        self._value_range(spec, peak, horizontal)
        if len(spec.series) > 1:
            self._legend(spec)

    def _whiskers(self, series: Series, centres: list[float], values: list[float], width: float,
                  horizontal: bool) -> None:
        if not series.ci_low or not series.ci_high:
            return
        pairs = [(c, v, lo, hi) for c, v, lo, hi in zip(centres, values, series.ci_low, series.ci_high)
                 if lo is not None and hi is not None and not math.isnan(v) and not math.isnan(lo)]
        if not pairs:
            return
        c, v, lo, hi = (np.array(column, dtype=np.float64) for column in zip(*pairs))
        pen = pg.mkPen(self.theme.foreground, width=1.2)
        if horizontal:
            item = pg.ErrorBarItem(x=v, y=c, left=v - lo, right=hi - v, beam=width * 0.35, pen=pen)
        else:
            item = pg.ErrorBarItem(x=c, y=v, bottom=v - lo, top=hi - v, beam=width * 0.35, pen=pen)
        self.plot_item.addItem(item)

    def _category_axis(self, spec: ChartSpec, positions: list[int], horizontal: bool) -> None:
        labels = self._category_labels(spec)
        ticks = [[(p, label) for p, label in zip(positions, labels)]]
        axis = self.plot_item.getAxis("left" if horizontal else "bottom")
        axis.setTicks(ticks)
        if horizontal:
            self._fit_left_axis(labels)
        other = self.plot_item.getAxis("bottom" if horizontal else "left")
        other.setTicks(None)
        self.plot_item.showGrid(x=False, y=False)
        if spec.y_label:
            self.plot_item.setLabel("bottom" if horizontal else "left", spec.y_label, color=self.theme.muted)
        if spec.x_label:
            self.plot_item.setLabel("left" if horizontal else "bottom", spec.x_label, color=self.theme.muted)

    def _fit_left_axis(self, labels: Sequence[str]) -> None:
        """Make room for the longest category name (pyqtgraph drops tick labels wider than the axis)."""
        metrics = QFontMetrics(QFont(self.font().family(), 9 if self.compact else 10))
        widest = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        self.plot_item.getAxis("left").setWidth(min(widest + 16, 260))

    def _value_range(self, spec: ChartSpec, peak: float, horizontal: bool) -> None:
        count = len(spec.categories)
        low, high = (spec.value_range if spec.value_range else (0.0, peak or 1.0))
        values = [v for s in spec.series for v in _values(s) if not math.isnan(v)]
        values += [float(v) for s in spec.series for v in s.ci_high if v is not None]
        values += [float(v) for s in spec.series for v in s.ci_low if v is not None]
        if spec.value_range and values:
            # Zoom in on the data inside the fixed range (an NPS axis of -100..100 hides differences).
            low = min(0.0, max(low, min(values) - 5.0))
            high = max(0.0, min(high, max(values) + 5.0)) if max(values) > 0 else 0.0
        span = (high - low) or 1.0
        # Room above the bars for their labels and, on vertical grouped bars, for the legend's rows at the top right,
        # which otherwise covered the last group's tallest bar (seen on the value view's two series).
        legend_rows = len(spec.series) if len(spec.series) > 1 and not horizontal else 0
        value_axis = (low - (0.06 * span if low < 0 else 0.0), high + (0.16 + 0.16 * legend_rows) * span)
        category_axis = (-0.6, count - 0.4)
        if horizontal:
            self.plot_item.setXRange(*value_axis, padding=0)
            self.plot_item.setYRange(*category_axis, padding=0)
        else:
            self.plot_item.setYRange(*value_axis, padding=0)
            self.plot_item.setXRange(*category_axis, padding=0)

    def _legend(self, spec: ChartSpec, columns: int = 1) -> None:
        """Series names: a column at the top right, or one row at the top left (stacked bars leave room there)."""
        legend = self.plot_item.addLegend(offset=(-10, 4) if columns == 1 else (4, 1), colCount=columns,
                                          labelTextColor=self.theme.foreground,
                                          brush=pg.mkBrush(QColor(self.theme.background)))
        for s, series in enumerate(spec.series):
            sample = pg.BarGraphItem(x=[0], height=[0], width=0, brush=series_color(self.theme, s, series.role))
            legend.addItem(sample, series.name)

    # -- stacked bars (NPS) -------------------------------------------------------------------

    def _draw_stacked(self, spec: ChartSpec) -> None:
        count = len(spec.categories)
        positions = [count - 1 - i for i in range(count)]
        starts = [0.0] * count
        for s, series in enumerate(spec.series):
            values = _values(series)
            shown = [0.0 if math.isnan(v) else v for v in values]
            brushes = [pg.mkBrush(self._color(spec, s, series, i)) for i in range(count)]
            self.plot_item.addItem(pg.BarGraphItem(x0=list(starts), y=positions, height=0.62, width=shown,
                                                   brushes=brushes, pen=pg.mkPen(self.theme.background, width=1)))
            self._drawn.append(values)
            for i, value in enumerate(shown):
                if value >= 6:
                    self._text(numbers.text(value, spec.role_of(series)), starts[i] + value / 2, positions[i], (0.5, 0.5),
                               "#FFFFFF"
                               if series.role != "passive" else "#1F2933")
                rect = QRectF(starts[i], positions[i] - 0.31, value or 1e-9, 0.62)
                self.hits.append(Hit(rect, self._tooltip(spec, i, s), i, s))
                starts[i] += value
        for i in range(len(spec.scores)):
            if spec.score_text(i):
                self._text(spec.score_text(i), 102, positions[i], (0.0, 0.5), bold=True, size=9 if self.compact else 11)
        self._category_axis(spec, positions, True)
        self.plot_item.getAxis("bottom").setTicks([[(v, str(v)) for v in range(0, 101, 20)]])
        self.plot_item.setXRange(0, 128, padding=0)
        self.plot_item.setYRange(-0.6, count - 0.4 + 0.55, padding=0)
        self._legend(spec, columns=len(spec.series))

    # -- lines (trends) -----------------------------------------------------------------------

    def _draw_lines(self, spec: ChartSpec) -> None:
        count = len(spec.categories)
        xs = list(range(count))
        everything: list[float] = []
        for s, series in enumerate(spec.series):
            values = _values(series)
            color = series_color(self.theme, s, series.role)
            small = [spec.categories[i] in spec.small_base for i in xs]
            brushes = [pg.mkBrush(self.theme.background if is_small else color) for is_small in small]
            curve = pg.PlotDataItem(xs, values, pen=pg.mkPen(color, width=2.2), symbol="o", symbolSize=7,
                                    symbolBrush=brushes, symbolPen=pg.mkPen(color, width=1.5), connect="finite",
                                    name=series.name)
            self.plot_item.addItem(curve)
            self._drawn.append(values)
            everything += [v for v in values if not math.isnan(v)]
            for i, value in enumerate(values):
                mark = _at(series.marks, i)
                if mark and not math.isnan(value):
                    self._text(str(mark), i, value, (0.5, 1.15), ROLES["positive" if mark == "↑" else
                                                                                   "negative"], bold=True, size=11)
        if not everything:
            return
        low, high = min(everything), max(everything)
        pad = max((high - low) * 0.18, 0.5 if spec.unit != "pts" else 3.0)
        n_labels = len(spec.series) == 1 and count <= MAX_N_LABELS
        bottom = low - (2 * pad if n_labels else pad)
        self.plot_item.setYRange(bottom, high + pad, padding=0)
        self.plot_item.setXRange(-0.5, count - 0.5, padding=0)
        self._period_hits(spec, bottom, high + pad)
        if n_labels:
            for i, n in enumerate(spec.series[0].n):
                if n is not None:
                    self._text(f"n={numbers.count(n)}", i, low - 1.6 * pad, (0.5, 0.5), self.theme.muted, size=8)
        step = max(1, math.ceil(count / (6 if self.compact else 12)))
        self.plot_item.getAxis("bottom").setTicks([[(i, spec.categories[i]) for i in range(0, count, step)]])
        self.plot_item.showGrid(x=False, y=True, alpha=0.25)
        if spec.x_label:
            self.plot_item.setLabel("bottom", spec.x_label, color=self.theme.muted)
        if spec.y_label:
            self.plot_item.setLabel("left", spec.y_label, color=self.theme.muted)
        if len(spec.series) > 1:
            self.plot_item.addLegend(offset=(-10, 8), labelTextColor=self.theme.foreground)
            for item in self.plot_item.listDataItems():
                self.plot_item.legend.addItem(item, item.name())

    def _period_hits(self, spec: ChartSpec, low: float, high: float) -> None:
        """Hovering anywhere over a period lists every line's value and n there."""
        for i, period in enumerate(spec.categories):
            lines = [period]
            for series in spec.series:
                value = _at(series.values, i)
                n = _at(series.n, i)
                if isinstance(value, (int, float)):
                    lines.append(f"{series.name}: {numbers.text(float(value), spec.role_of(series))}  "
                                 f"n = {numbers.count(n if isinstance(n, int) else None)}"
                                 + (f" {series.marks[i]}" if _at(series.marks, i) else ""))
            self.hits.append(Hit(QRectF(i - 0.5, low, 1.0, high - low), "\n".join(lines), i, 0))

    # -- heatmap (crosstab) ------------------------------------------------------------------------

    def _draw_heatmap(self, spec: ChartSpec) -> None:
        rows, columns = len(spec.categories), len(spec.series)
        finite = [v for s in spec.series for v in _values(s) if not math.isnan(v)]
        top = max(finite) if finite else 1.0
        for c, series in enumerate(spec.series):
            values = _values(series)
            self._drawn.append(values)
            for r, value in enumerate(values):
                y = rows - 1 - r
                rect = QRectF(c - 0.5, y - 0.5, 1.0, 1.0)
                cell = QGraphicsRectItem(rect)
                share = 0.0 if math.isnan(value) else value / top
                cell.setBrush(heat(self.theme, share))
                cell.setPen(pg.mkPen(self.theme.background, width=2))
                self.plot_item.addItem(cell)
                mark = _at(series.marks, r)
                text = numbers.text(value, spec.role_of(series)) + (f"\n{mark}" if mark else "")
                ink = "#FFFFFF" if share > 0.55 else self.theme.foreground
                self._text(text, c, y, (0.5, 0.5), ink, bold=bool(mark))
                self.hits.append(Hit(rect, self._tooltip(spec, r, c), r, c))
        small = set(spec.small_base)
        self.plot_item.getAxis("left").setTicks([[(rows - 1 - r, label) for r, label in
                                                   enumerate(spec.categories)]])
        self._fit_left_axis(spec.categories)
        self.plot_item.getAxis("bottom").setTicks([[(c, s.name + (" *" if s.name in small else ""))
                                                    for c, s in enumerate(spec.series)]])
        self.plot_item.showGrid(x=False, y=False)
        self.plot_item.setXRange(-0.5, columns - 0.5, padding=0)
        self.plot_item.setYRange(-0.5, rows - 0.5, padding=0)
        if spec.x_label:
            self.plot_item.setLabel("bottom", spec.x_label, color=self.theme.muted)

    # -- scatter (importance–performance) ------------------------------------------------------------

    def _draw_scatter(self, spec: ChartSpec) -> None:
        xs, ys = _values(spec.series[0]), _values(spec.series[1])
        self._drawn = [xs, ys]
        lines = {line.axis: line for line in spec.reference_lines}
        x_cut = lines["x"].value if "x" in lines else sum(xs) / len(xs)
        y_cut = lines["y"].value if "y" in lines else sum(ys) / len(ys)
        colors = [ROLES["negative"] if x >= x_cut and y < y_cut else
                  ROLES["positive"] if x >= x_cut else self.theme.muted for x, y in zip(xs, ys)]
        points = pg.ScatterPlotItem(xs, ys, size=12, brush=[pg.mkBrush(c) for c in colors],
                                    pen=pg.mkPen(self.theme.background, width=1))
        self.plot_item.addItem(points)
        x_span = (max(xs + [x_cut]) - min(xs + [x_cut])) or 1.0
        x_low, x_high = max(0.0, min(xs + [x_cut]) - 0.3 * x_span), max(xs + [x_cut]) + 0.35 * x_span
        y_span = max(ys + [y_cut]) - min(ys + [y_cut])
        y_low, y_high = min(ys + [y_cut]) - 0.25 * y_span, max(ys + [y_cut]) + 0.25 * y_span
        for axis, line in lines.items():
            self.plot_item.addItem(pg.InfiniteLine(line.value, angle=90 if axis == "x" else 0,
                                                   pen=pg.mkPen(self.theme.muted, width=1, style=Qt.PenStyle.DashLine)))
        marks = spec.series[1].marks
        for i, (x, y) in enumerate(zip(xs, ys)):
            label = (f"{marks[i]}. " if i < len(marks) and marks[i] else "") + spec.categories[i]
            self._text(label, x, y, (0.0, 1.1), colors[i] if colors[i] != self.theme.muted else None)
            dx, dy = (x_high - x_low) * 0.03, (y_high - y_low) * 0.04
            x_text, y_text = numbers.text(x, spec.role_of(spec.series[0])), numbers.text(y, spec.role_of(spec.series[1]))
            n = _at(spec.series[1].n, i)
            text = "\n".join([spec.categories[i], f"{spec.series[0].name}: {x_text}", f"{spec.series[1].name}: {y_text}",
                              f"n = {numbers.count(n if isinstance(n, int) else 0)}"])
            self.hits.append(Hit(QRectF(x - dx, y - dy, 2 * dx, 2 * dy), text, i, 0))
        corners = [(x_low, y_high, (0.0, 0.0)), (x_high, y_high, (1.0, 0.0)), (x_low, y_low, (0.0, 1.0)),
                   (x_high, y_low, (1.0, 1.0))]
        for name, (x, y, anchor) in zip(spec.corner_labels, corners):
            self._text(name, x, y, anchor, self.theme.muted, bold=True)
        self.plot_item.setXRange(x_low, x_high, padding=0)
        self.plot_item.setYRange(y_low, y_high, padding=0)
        self.plot_item.showGrid(x=True, y=True, alpha=0.2)
        self.plot_item.setLabel("bottom", spec.x_label, color=self.theme.muted)
        self.plot_item.setLabel("left", spec.y_label, color=self.theme.muted)

    # -- hover and click ------------------------------------------------------------------------

    def _hit_at(self, scene_pos: QPointF) -> Hit | None:
        box = self.plot_item.vb.sceneBoundingRect()
        if not box.contains(scene_pos):
            return None
        point = self.plot_item.vb.mapSceneToView(scene_pos)
        for hit in reversed(self.hits):
            if hit.rect.normalized().contains(point):
                return hit
        return None

    def _hover(self, scene_pos: QPointF) -> None:
        hit = self._hit_at(scene_pos)
        if hit is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), hit.text, self.plot)

    def _click(self, event: object) -> None:
        hit = self._hit_at(event.scenePos())  # type: ignore[attr-defined]
        if hit is not None:
            self.sig_clicked.emit(hit.category, hit.series)
