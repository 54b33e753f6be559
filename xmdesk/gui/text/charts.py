"""Horizontal bar charts for the Text area (pyqtgraph): keywords, topic shares, NPS with vs without a topic.

Horizontal because the categories are Chinese words and topic names: they read along the left
axis instead of being rotated or clipped under the bars. The first category is drawn at the top.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from xmdesk.core.vocabulary import palette

BAR_COLOR = QColor(palette.SERIES[0])
NEGATIVE = QColor(palette.ROLES["negative"])
NEUTRAL = QColor(palette.ROLES["neutral"])
POSITIVE = QColor(palette.ROLES["positive"])


def sentiment_color(score: float) -> QColor:
    """Red for negative comments, grey in between, green for positive ones (the browser uses the same)."""
    if score != score:  # NaN: no comment
        return NEUTRAL
    if score < 0.4:
        return NEGATIVE
    return POSITIVE if score >= 0.6 else NEUTRAL


class BarChart(pg.PlotWidget):
    """Labelled horizontal bars; one series, or several side by side per category."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.showGrid(x=True, y=False, alpha=0.25)
        font = QFont()
        font.setPointSize(9)
        for side in ("left", "bottom"):
            axis = self.getAxis(side)
            axis.setTextPen("#333333")
            axis.setPen("#999999")
            axis.setStyle(tickFont=font)
        self.getAxis("left").setWidth(96)
        self.categories: list[str] = []

    def set_title(self, title: str) -> None:
        self.setTitle(title, color="#222222", size="10pt")

    def set_bars(self, labels: Sequence[str], values: Sequence[float],
                 colors: Sequence[QColor] | None = None) -> None:
        self.set_series(labels, [(values, list(colors) if colors else [BAR_COLOR] * len(values))])

    def set_series(self, labels: Sequence[str], series: Sequence[tuple[Sequence[float], Sequence[QColor]]]) -> None:
        """Bars per category; each series is (values, a colour per bar); the title names the series."""
        self.clear()
        self.categories = list(labels)
        count = len(labels)
        height = 0.8 / max(1, len(series))
        for k, (values, colors) in enumerate(series):
            # Category i sits at y = count-1-i so the first one is at the top.
            ys = [count - 1 - i + 0.4 - height * (k + 0.5) for i in range(count)]
            item = pg.BarGraphItem(x0=[0.0] * count, y=ys, height=height * 0.9, width=list(values),
                                   brushes=[pg.mkBrush(c) for c in colors], pens=[pg.mkPen(None)] * count)
            self.addItem(item)
        self.getAxis("left").setTicks([[(count - 1 - i, label) for i, label in enumerate(labels)], []])
        self.setYRange(-0.6, max(count, 1) - 0.4, padding=0)
        all_values = [v for values, _ in series for v in values if v == v] or [0.0]
        low, high = min(0.0, min(all_values)), max(0.0, max(all_values))
        span = (high - low) or 1.0
        self.setXRange(low - 0.02 * span, high + 0.05 * span, padding=0)
