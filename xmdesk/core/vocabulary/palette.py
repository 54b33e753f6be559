"""Which colour means what, once for the screen, the reports and the journey maps.

Colour roles come from the chart spec (`Series.role`): a promoter is the same green in the
charts panel, the PDF, the PowerPoint and on a journey card. The series palette starts with
the report's default brand colours (`recipe.Branding`), so an unbranded report looks like the
screen; a branded one replaces the first two. The dark theme lightens the series colours
(navy disappears on a dark background) and keeps the roles, which read on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SERIES = ("#1f4e79", "#e07b28", "#4f9d69", "#8e5ea2", "#c9a227", "#3c8dbc", "#b5485d", "#6b6b6b")
SERIES_DARK = ("#4c86f0", "#e8833a", "#2ba89a", "#c8508c", "#a78bfa", "#c9a227", "#4fa3c7", "#a0785a")

GOOD, FAIR, POOR, NEUTRAL = "#2e8b57", "#d4a017", "#c0392b", "#b8bec6"
ROLES = {"promoter": GOOD, "passive": NEUTRAL, "detractor": POOR, "positive": GOOD, "neutral": NEUTRAL,
         "negative": POOR, "caution": FAIR}
"""Colour roles: NPS groups, good/bad news (sentiment, significant changes, journey bands), a warning."""


def colour(index: int, role: str = "", series: Sequence[str] = SERIES) -> str:
    """A series' colour: its role's when it has one ("score" is the first series colour), else by position."""
    if role == "score":
        return series[0]
    return ROLES.get(role) or series[index % len(series)]


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    muted: str
    grid: str
    heat_low: str
    heat_high: str
    series: tuple[str, ...]

    def colour(self, index: int, role: str = "") -> str:
        """A series' colour in this theme: roles keep their colour in every theme, positions take the theme's
        series colours."""
        return colour(index, role, self.series)


LIGHT = Theme("light", background="#ffffff", foreground="#26323d", muted="#6b7785", grid="#e3e7ec",
              heat_low="#f4f7fc", heat_high=SERIES[0], series=SERIES)
DARK = Theme("dark", background="#1e2228", foreground="#e6e9ee", muted="#9aa4b2", grid="#353b45",
             heat_low="#262b33", heat_high=SERIES_DARK[0], series=SERIES_DARK)
THEMES = {"light": LIGHT, "dark": DARK}
