"""A chart described as data, so the screen (pyqtgraph), the PDF (QPainter) and PowerPoint/Excel
(native charts) all draw the same numbers with the same labels, and a dashboard or report
can store the description as JSON and rebuild it from fresh data.

A spec holds finished numbers only (shares in %, means, counts, n, intervals); it never
holds a query. Builders in `xmdesk.core.charts.build` make specs from engine results.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from xmdesk.core.vocabulary import numbers
from xmdesk.core.vocabulary.numbers import Role, role_of_unit


class ChartKind(str, Enum):
    BARS = "bars"                  # one bar per category and series (grouped when several series)
    STACKED_BARS = "stacked_bars"  # series stacked per category (NPS promoters/passives/detractors)
    LINE = "line"                  # categories are ordered periods; one line per series
    HEATMAP = "heatmap"            # categories are rows, series are columns (a crosstab)
    SCATTER = "scatter"            # categories label points; series[0] is x, series[1] is y


class Orientation(str, Enum):
    VERTICAL = "vertical"
    HORIZONTAL = "horizontal"


@dataclass(frozen=True)
class Series:
    """One series: a value per category, with optional n, interval and significance mark per value."""

    name: str
    values: tuple[float | None, ...]
    n: tuple[int | None, ...] = ()
    ci_low: tuple[float | None, ...] = ()
    ci_high: tuple[float | None, ...] = ()
    marks: tuple[str, ...] = ()
    """Per value: significance letters or an arrow (↑/↓) to print beside it; '' for none."""
    role: str = ""
    """A colour role the renderers map to the palette: promoter, passive, detractor, positive, negative, ..."""
    value_role: str = ""
    """How this series' values are written when it differs from the chart's (a scatter's x and y); '' for the chart's."""


@dataclass(frozen=True)
class ReferenceLine:
    """A line across the plot: quadrant lines of an importance-performance matrix, a target, a benchmark."""

    axis: str  # "x" or "y"
    value: float
    label: str = ""


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_label: str = ""
    y_label: str = ""
    unit: str = ""
    """Unit of the values: '%', 'pts' (NPS points) or '' (a mean, a count)."""
    orientation: Orientation = Orientation.VERTICAL
    value_range: tuple[float, float] | None = None
    """Fixed value-axis range (0-100 for shares, -100..100 for NPS); None lets the renderer choose."""
    reference_lines: tuple[ReferenceLine, ...] = ()
    small_base: tuple[str, ...] = ()
    """Categories whose base is under the small-base threshold: drawn, but marked."""
    notes: tuple[str, ...] = ()
    """Base, filter, weighting and missing-value notes printed under the chart."""
    scores: tuple[float | None, ...] = ()
    """A headline number per category printed beside its bar (the NPS of a stacked NPS bar); () for none."""
    score_label: str = ""
    """What the scores are ("NPS")."""
    corner_labels: tuple[str, ...] = ()
    """Quadrant names of a scatter, in the order top-left, top-right, bottom-left, bottom-right."""
    source: Mapping[str, Any] = field(default_factory=dict)
    """The request that produced the spec (survey, metric, question, by, filter, weight), so it can be rebuilt."""
    value_role: str = ""
    """How the values are written (a `numbers.Role`: score, percent, count, nps); '' takes it from `unit`."""
    score_role: str = Role.NPS.value
    """How the headline `scores` are written."""
    bases: tuple[int | None, ...] = ()
    """The base (n) of each category when the categories are groups (the total, then each group of a
    breakdown); () when they are answers. Every face writes it beside the category: `category_text`."""
    score_marks: tuple[str, ...] = ()
    """Per category, the mark (↑/↓) of its headline score against the rest of the sample; '' for none."""

    def __post_init__(self) -> None:
        if not self.value_role:
            object.__setattr__(self, "value_role", role_of_unit(self.unit).value)

    def category_text(self, category: str) -> str:
        """A category as every face labels it: with its base when it is a group ('East (n=312)')."""
        index = self.categories.index(category) if category in self.categories else -1
        base = self.bases[index] if 0 <= index < len(self.bases) else None
        return category if base is None else f"{category} (n={numbers.count(base)})"

    def score_text(self, index: int) -> str:
        """The headline score of a category with its mark ('NPS +20.9 ↑'); '' when it has none."""
        score = self.scores[index] if index < len(self.scores) else None
        if score is None or math.isnan(score):
            return ""
        mark = self.score_marks[index] if index < len(self.score_marks) else ""
        return f"{self.score_label} {numbers.text(score, self.score_role)} {mark}".strip()

    def role_of(self, series: Series) -> Role:
        """The role every face writes this series' values in."""
        return Role(series.value_role or self.value_role)

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready data (enums by value, NaN as null), as dashboards and reports store it;
        `from_dict` reads it back equal."""
        data = asdict(self)
        data["kind"] = self.kind.value
        data["orientation"] = self.orientation.value
        data["source"] = dict(self.source)
        return _json_safe(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChartSpec:
        """Read back what `to_dict` wrote; fields a spec stored by an older version lacks take their
        defaults."""
        return cls(
            kind=ChartKind(data["kind"]),
            title=data["title"],
            categories=tuple(data["categories"]),
            series=tuple(_series(s) for s in data["series"]),
            x_label=data.get("x_label", ""),
            y_label=data.get("y_label", ""),
            unit=data.get("unit", ""),
            orientation=Orientation(data.get("orientation", "vertical")),
            value_range=(float(data["value_range"][0]), float(data["value_range"][1]))
            if data.get("value_range") else None,
            reference_lines=tuple(ReferenceLine(**line) for line in data.get("reference_lines", ())),
            small_base=tuple(data.get("small_base", ())),
            notes=tuple(data.get("notes", ())),
            scores=tuple(data.get("scores", ())),
            score_label=data.get("score_label", ""),
            corner_labels=tuple(data.get("corner_labels", ())),
            source=dict(data.get("source", {})),
            value_role=data.get("value_role", ""),
            score_role=data.get("score_role", Role.NPS.value),
            bases=tuple(data.get("bases", ())),
            score_marks=tuple(data.get("score_marks", ())),
        )


def _series(data: Mapping[str, Any]) -> Series:
    lists = ("values", "n", "ci_low", "ci_high", "marks")
    return Series(name=data["name"], role=data.get("role", ""), value_role=data.get("value_role", ""),
                  **{key: tuple(data.get(key, ())) for key in lists})


def _json_safe(value: Any) -> Any:
    """NaN is not JSON: a missing value is written as null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value
