"""Colours of charts in the light and dark themes: one palette, the same roles as the report exporters.

Roles (promoter, passive, detractor, score…) come from the chart spec, so a promoter is the
same green on screen and in the PowerPoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor

PALETTE = ("#3B6FD8", "#E8833A", "#2BA89A", "#C8508C", "#7A5CCF", "#8C9A2B", "#D9534F", "#4FA3C7", "#A0785A",
           "#5E6B7D")
ROLES = {"promoter": "#2E9E5B", "passive": "#B8BEC8", "detractor": "#DE4B4B", "score": "#3B6FD8",
         "positive": "#2E9E5B", "negative": "#DE4B4B"}


@dataclass(frozen=True)
class ChartTheme:
    name: str
    background: str
    foreground: str
    muted: str
    grid: str
    heat_low: str
    heat_high: str
    roles: dict[str, str] = field(default_factory=lambda: dict(ROLES))

    def series_color(self, index: int, role: str = "") -> QColor:
        return QColor(self.roles.get(role) or PALETTE[index % len(PALETTE)])

    def heat(self, share: float) -> QColor:
        """The colour of a heatmap cell holding `share` (0..1) of the range."""
        low, high = QColor(self.heat_low), QColor(self.heat_high)
        t = min(1.0, max(0.0, share))
        return QColor(int(low.red() + t * (high.red() - low.red())), int(low.green() + t * (high.green() - low.green())),
                      int(low.blue() + t * (high.blue() - low.blue())))


LIGHT = ChartTheme("light", background="#FFFFFF", foreground="#1F2933", muted="#6B7785", grid="#E4E7EB",
                   heat_low="#F4F7FC", heat_high="#2F5FC4")
DARK = ChartTheme("dark", background="#1E2228", foreground="#E6E9EE", muted="#9AA4B2", grid="#353B45",
                  heat_low="#262B33", heat_high="#4C86F0")
THEMES = {"light": LIGHT, "dark": DARK}
