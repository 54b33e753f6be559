"""The chart themes of the core's palette (`xmdesk.core.vocabulary.palette`), as Qt colours.

Roles (promoter, passive, detractor, score…) come from the chart spec, so a promoter is the
same green on screen and in the PowerPoint.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from xmdesk.core.vocabulary.palette import DARK, LIGHT, ROLES, THEMES
from xmdesk.core.vocabulary.palette import Theme as ChartTheme

__all__ = ["DARK", "LIGHT", "ROLES", "THEMES", "ChartTheme", "heat", "series_color"]


def series_color(theme: ChartTheme, index: int, role: str = "") -> QColor:
    return QColor(theme.colour(index, role))


def heat(theme: ChartTheme, share: float) -> QColor:
    """The colour of a heatmap cell holding `share` (0..1) of the range."""
    low, high = QColor(theme.heat_low), QColor(theme.heat_high)
    t = min(1.0, max(0.0, share))
    return QColor(int(low.red() + t * (high.red() - low.red())), int(low.green() + t * (high.green() - low.green())),
                  int(low.blue() + t * (high.blue() - low.blue())))
