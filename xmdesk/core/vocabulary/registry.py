"""The metric registry and the CX thresholds: which measures exist, what they are called, where they apply.

The analysis request, the charts area's menus, the report builder's chart blocks, the CLI's
`--metric` choices and the journey links all read `METRICS` instead of keeping their own
lists. A metric names the question types it can be computed on, the breakdowns it accepts
and its charts (a chart's `key` is the menu entry, its `variant` the request's `chart`).
The thresholds are the usual definitions: promoters answer 9-10 and detractors 0-6 on the
0-10 scale, CSAT is the share of the top two boxes, a rating of 7 points or more is an
effort scale (CES, low effort = the top two boxes) and fewer points a satisfaction one.
"""

from __future__ import annotations

from dataclasses import dataclass

from xmdesk.core.errors import ModelError
from xmdesk.core.survey.model import Question, QuestionType

NPS_PROMOTERS_FROM = 9
NPS_PASSIVES_FROM = 7
NPS_DETRACTORS_UP_TO = 6
CES_FROM_POINTS = 7

T = QuestionType
SEGMENTS = frozenset({T.SINGLE, T.DROPDOWN})
SCALES = frozenset({T.NPS, T.RATING, T.NUMBER})
CATEGORICAL = frozenset({T.SINGLE, T.DROPDOWN, T.MULTIPLE, T.RATING, T.NPS})


def nps_group(score: float) -> str:
    """promoter, passive or detractor for a 0-10 answer."""
    if score >= NPS_PROMOTERS_FROM:
        return "promoter"
    return "passive" if score >= NPS_PASSIVES_FROM else "detractor"


def rating_metric(question: Question) -> str:
    """The headline metric of a rating question: CES on 7 points or more, CSAT on fewer."""
    return "ces" if (question.scale() or (1, 5))[1] >= CES_FROM_POINTS else "csat"


@dataclass(frozen=True)
class Chart:
    key: str
    """The menu entry (the charts area's metric combo, dashboard tiles, screenshots)."""
    variant: str
    """The request's `chart`: '' the metric's usual chart, 'bars', 'ipa'."""
    label_en: str
    label_zh: str
    needs_breakdown: bool = False

    def label(self, lang: str) -> str:
        """The name in `lang` ('zh' Chinese, anything else English): what menus and legends show."""
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Metric:
    name: str
    label_en: str
    label_zh: str
    questions: frozenset[QuestionType]
    """Question types it is computed on."""
    breakdowns: frozenset[QuestionType]
    """Question types it can be broken down by."""
    charts: tuple[Chart, ...]
    headline: bool = False
    """One number per segment (a report tile, a journey card)."""

    def label(self, lang: str) -> str:
        """The name in `lang` ('zh' Chinese, anything else English): what menus and legends show."""
        return self.label_zh if lang == "zh" else self.label_en


def _usual(name: str, en: str, zh: str, questions: frozenset[QuestionType], headline: bool = False,
           breakdowns: frozenset[QuestionType] = SEGMENTS, needs_breakdown: bool = False) -> Metric:
    return Metric(name, en, zh, questions, breakdowns, (Chart(name, "", en, zh, needs_breakdown),), headline)


METRICS: tuple[Metric, ...] = (
    Metric("nps", "NPS", "NPS", frozenset({T.NPS}), SEGMENTS,
           (Chart("nps", "", "NPS", "NPS"),
            Chart("nps_bars", "bars", "NPS by segment with CI", "NPS 分组对比（含置信区间）", True)), headline=True),
    _usual("csat", "CSAT", "满意度 CSAT", frozenset({T.RATING}), headline=True),
    _usual("ces", "CES (effort)", "费力度 CES", frozenset({T.RATING}), headline=True),
    _usual("mean", "Mean", "均值", SCALES, headline=True),
    _usual("freq", "Distribution", "回答分布", CATEGORICAL),
    _usual("crosstab", "Crosstab", "交叉表", CATEGORICAL, breakdowns=SEGMENTS | {T.RATING}, needs_breakdown=True),
    _usual("trend", "Trend", "趋势", SCALES),
    Metric("drivers", "Key drivers", "关键驱动因素", frozenset({T.NPS, T.RATING}), frozenset({T.MATRIX}),
           (Chart("drivers", "", "Key drivers", "关键驱动因素", True),
            Chart("ipa", "ipa", "Importance–performance matrix", "重要性–表现矩阵", True))),
)
NAMES: tuple[str, ...] = tuple(m.name for m in METRICS)
HEADLINE: tuple[str, ...] = tuple(m.name for m in METRICS if m.headline)
VARIANTS: tuple[str, ...] = tuple(dict.fromkeys(c.variant for m in METRICS for c in m.charts))
CHARTS: tuple[tuple[Metric, Chart], ...] = tuple((m, c) for m in METRICS for c in m.charts)


def metric(name: str) -> Metric:
    """The metric `name`; an unknown name raises ModelError listing the known ones (a stored request or a
    typed --metric may name anything)."""
    for found in METRICS:
        if found.name == name:
            return found
    raise ModelError("analysis.bad_metric", metric=name, known=", ".join(NAMES))


def chart(key: str) -> tuple[Metric, Chart]:
    """The metric and chart of a menu entry."""
    for found, entry in CHARTS:
        if entry.key == key:
            return found, entry
    raise ModelError("analysis.bad_metric", metric=key, known=", ".join(c.key for _, c in CHARTS))


def chart_key(name: str, variant: str) -> str:
    """The menu entry showing a request's metric and chart variant (the usual chart when the variant is unknown)."""
    entries = metric(name).charts
    return next((c.key for c in entries if c.variant == variant), entries[0].key)
