"""Chart specs from analysis results: the one place that decides what a chart of a result shows.

`build_chart(study, request)` runs a request and builds its chart; the spec's `source`
is the request, so a dashboard tile or a report rebuilds the same chart on fresh data
with `rebuild(study, spec.source)`. The panel (pyqtgraph) and every exporter draw the
spec they are given and compute nothing, so screen and report cannot disagree.

Which chart a result gets:
- NPS: stacked bars of detractors / passives / promoters (%) with the score beside each
  bar, overall and per group; `chart="bars"` gives the scores as bars with CI whiskers.
- CSAT / CES / mean: per group, mean bars with CI whiskers; without a breakdown, the
  distribution over the scale points.
- Frequencies: distribution bars (one series per group with a breakdown).
- Crosstab: a heatmap of column % with the significance letters.
- Trend: lines per period with n, an arrow where the change is significant.
- Drivers: bars of relative importance; `chart="ipa"` the importance–performance scatter
  with its quadrant lines and names.
Small bases (n < 30) are listed in `small_base`; filters, weights and missing answers in `notes`.
A chart by group carries each group's base (`bases`, or in a heatmap's and a grouped distribution's
series names) and marks each group ↑/↓ where it differs significantly from the rest of the sample
(`analysis.versus`: a z-test for NPS and shares, Welch's t for means), with one note line saying so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from xmdesk.core import messages
from xmdesk.core.analysis.crosstab import Crosstab
from xmdesk.core.analysis.drivers import DriverResult
from xmdesk.core.analysis.metrics import SMALL_BASE, FrequencyResult, MeanResult, NpsResult, ScaleResult
from xmdesk.core.analysis.request import Outcome, Request, run
from xmdesk.core.analysis.trend import TrendResult
from xmdesk.core.analysis.versus import ALPHA, VersusRest, mean_vs_rest, nps_vs_rest, share_vs_rest
from xmdesk.core.charts.spec import ChartKind, ChartSpec, Orientation, ReferenceLine, Series
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey
from xmdesk.core.vocabulary import numbers
from xmdesk.core.vocabulary.numbers import Role

HORIZONTAL_FROM = 7
"""Categories from which distribution bars lie down, so long Chinese labels stay readable."""


def build_chart(study: Study, request: Request, survey: Survey | None = None) -> ChartSpec:
    """Run the request and describe its chart."""
    return spec_for(run(study, request, survey))


def rebuild(study: Study, source: Mapping[str, Any], lang: str | None = None) -> ChartSpec:
    """The chart of a stored spec's `source`, computed again on the study's current data."""
    request = Request.from_dict(source)
    return build_chart(study, request.with_lang(lang) if lang else request)


def spec_for(outcome: Outcome) -> ChartSpec:
    """The chart an analysis outcome gets, by its metric and the request's `chart` (see the module for which
    chart each result gets)."""
    request = outcome.request
    builder: Callable[[Outcome], ChartSpec]
    if request.metric == "nps":
        builder = nps_bars if request.chart == "bars" else nps_stacked
    elif request.metric in ("csat", "ces", "mean"):
        builder = segment_means if outcome.groups or outcome.distribution is None else scale_distribution
    elif request.metric == "freq":
        builder = distribution
    elif request.metric == "crosstab":
        builder = heatmap
    elif request.metric == "trend":
        builder = trend_lines
    else:
        builder = importance_performance if request.chart == "ipa" else driver_bars
    return builder(outcome)


# -- pieces every chart shares -------------------------------------------------------------


def _t(message_id: str, outcome: Outcome, **values: object) -> str:
    return messages.text(message_id, outcome.request.lang, **values)


def _title(outcome: Outcome, message_id: str) -> str:
    by = outcome.by_question if outcome.request.metric != "drivers" else None
    title = _t(message_id, outcome, question=outcome.question.label(outcome.request.lang))
    return title if by is None else _t("analysis.title_by", outcome, title=title, by=by.label(outcome.request.lang))


def _labelled(outcome: Outcome) -> list[tuple[str, Any]]:
    """(category, result): the whole selection first, then each group of the breakdown."""
    rows = [(_t("analysis.total", outcome), outcome.result)]
    return rows + [(g.label, g.result) for g in outcome.groups]


def _small(rows: Sequence[tuple[str, Any]]) -> tuple[str, ...]:
    return tuple(label for label, result in rows if result.small_base)


def _bases(rows: Sequence[tuple[str, Any]]) -> tuple[int, ...]:
    return tuple(int(result.n) for _, result in rows)


def _marks(outcome: Outcome, test: Callable[[Any, Any], VersusRest | None]) -> tuple[str, ...]:
    """Per category of `_labelled`: '' for the total, then each group's mark against the rest."""
    tests = [test(group.result, outcome.result) for group in outcome.groups]
    return ("", *(t.mark if t is not None else "" for t in tests))


def _versus_note(outcome: Outcome, test: str) -> tuple[str, ...]:
    """The one line under a chart by group that says what ↑/↓ mean and which test made them."""
    if not outcome.groups:
        return ()
    return (_t("analysis.note_versus", outcome, test=_t(f"analysis.test_{test}", outcome), alpha=ALPHA),)


def _notes(outcome: Outcome, n: int, missing: int) -> tuple[str, ...]:
    base = _t("analysis.note_base", outcome, n=numbers.count(n), missing=numbers.count(missing))
    small = _t("analysis.note_small", outcome, threshold=SMALL_BASE)
    return (base, *outcome.notes, small)


def _spec(outcome: Outcome, **fields: Any) -> ChartSpec:
    return ChartSpec(source=outcome.request.to_dict(), **fields)


# -- NPS -----------------------------------------------------------------------------------

NPS_PARTS = (("detractor", "pct_detractors", "analysis.detractors"), ("passive", "pct_passives", "analysis.passives"),
             ("promoter", "pct_promoters", "analysis.promoters"))


def nps_stacked(outcome: Outcome) -> ChartSpec:
    """NPS as stacked bars of detractors, passives and promoters (%) per group, the score beside each bar
    and ↑/↓ where a group differs significantly from the rest."""
    rows: list[tuple[str, NpsResult]] = _labelled(outcome)
    counts = tuple(r.n for _, r in rows)
    series = tuple(Series(_t(message, outcome), tuple(getattr(r, attr) for _, r in rows), counts, role=role)
                   for role, attr, message in NPS_PARTS)
    result: NpsResult = outcome.result
    return _spec(outcome, kind=ChartKind.STACKED_BARS, title=_title(outcome, "analysis.title_nps"),
                 categories=tuple(label for label, _ in rows), series=series, unit="%",
                 orientation=Orientation.HORIZONTAL, value_range=(0.0, 100.0), small_base=_small(rows),
                 notes=_notes(outcome, result.n, result.missing) + _versus_note(outcome, "nps"),
                 scores=tuple(r.nps for _, r in rows), score_label="NPS", y_label=_t("analysis.share", outcome),
                 bases=_bases(rows), score_marks=_marks(outcome, nps_vs_rest))


def nps_bars(outcome: Outcome) -> ChartSpec:
    """NPS per group as bars on -100..100 with their confidence intervals (`chart="bars"`)."""
    rows: list[tuple[str, NpsResult]] = _labelled(outcome)
    series = Series("NPS", tuple(r.nps for _, r in rows), tuple(r.n for _, r in rows),
                    tuple(r.ci_low for _, r in rows), tuple(r.ci_high for _, r in rows),
                    _marks(outcome, nps_vs_rest), role="score")
    result: NpsResult = outcome.result
    return _spec(outcome, kind=ChartKind.BARS, title=_title(outcome, "analysis.title_nps"),
                 categories=tuple(label for label, _ in rows), series=(series,), unit="pts",
                 value_range=(-100.0, 100.0), small_base=_small(rows),
                 notes=_notes(outcome, result.n, result.missing) + _versus_note(outcome, "nps"), y_label="NPS",
                 bases=_bases(rows))


# -- ratings and means ---------------------------------------------------------------------

SCALE_TITLES = {"csat": "analysis.title_csat", "ces": "analysis.title_ces", "mean": "analysis.title_mean"}


def segment_means(outcome: Outcome) -> ChartSpec:
    """Mean per group (the total first) with 95% CI whiskers; the ANOVA result in the notes."""
    rows: list[tuple[str, ScaleResult | MeanResult]] = _labelled(outcome)
    series = Series(_t("analysis.mean", outcome), tuple(r.mean for _, r in rows), tuple(r.n for _, r in rows),
                    tuple(r.ci_low for _, r in rows), tuple(r.ci_high for _, r in rows),
                    _marks(outcome, mean_vs_rest), role="score")
    result = outcome.result
    notes = _notes(outcome, result.n, result.missing) + _versus_note(outcome, "mean")
    comparison = outcome.comparison
    if comparison is not None and comparison.anova is not None and comparison.anova.p == comparison.anova.p:
        a = comparison.anova
        notes += (_t("analysis.note_anova", outcome, f=f"{a.f:.2f}", df1=a.df_between, df2=a.df_within,
                     p=f"{a.p:.3g}"),)
    scale = outcome.question.scale()
    return _spec(outcome, kind=ChartKind.BARS, title=_title(outcome, SCALE_TITLES[outcome.request.metric]),
                 categories=tuple(label for label, _ in rows), series=(series,),
                 value_range=(0.0, float(scale[1])) if scale else None, small_base=_small(rows), notes=notes,
                 y_label=_t("analysis.mean", outcome), bases=_bases(rows))


def scale_distribution(outcome: Outcome) -> ChartSpec:
    """Share of answers on each scale point; mean and top-box in the notes."""
    assert outcome.distribution is not None
    spec = _frequency_spec(outcome, outcome.distribution, _title(outcome, SCALE_TITLES[outcome.request.metric]))
    result = outcome.result
    summary = _t("analysis.note_mean", outcome, mean=numbers.score(result.mean), sd=numbers.score(result.sd))
    if isinstance(result, ScaleResult):
        message = "analysis.note_low_effort" if outcome.request.metric == "ces" else "analysis.note_top_box"
        summary += _t(message, outcome, share=f"{result.top_box:.1f}")
    return ChartSpec(**{**_fields(spec), "notes": (summary, *spec.notes)})


def _fields(spec: ChartSpec) -> dict[str, Any]:
    return {name: getattr(spec, name) for name in spec.__dataclass_fields__}


# -- frequencies -----------------------------------------------------------------------------


def distribution(outcome: Outcome) -> ChartSpec:
    """A frequency result as bars of its answers (one series per group with a breakdown)."""
    return _frequency_spec(outcome, outcome.result, _title(outcome, "analysis.title_freq"))


def _frequency_spec(outcome: Outcome, result: FrequencyResult, title: str) -> ChartSpec:
    lang = outcome.request.lang
    categories = tuple(row.label_zh if lang == "zh" and row.label_zh else row.label_en or row.code
                       for row in result.rows)
    rows: list[tuple[str, FrequencyResult]] = [(_t("analysis.total", outcome), result)]
    rows += [(g.label, g.result) for g in outcome.groups]
    grouped = result is outcome.result and bool(outcome.groups)
    series = tuple(Series(_with_base(label, r.n) if grouped else label, tuple(row.pct for row in r.rows),
                          tuple(row.count for row in r.rows), marks=_share_marks(r, result) if r is not result else ())
                   for label, r in rows)
    test = "share_weighted" if result.weighted_n is not None else "share"
    notes = _notes(outcome, result.n, result.missing) + (_versus_note(outcome, test) if grouped else ())
    if result.multiple:
        notes += (_t("analysis.note_multiple", outcome),)
    return _spec(outcome, kind=ChartKind.BARS, title=title, categories=categories, series=series, unit="%",
                 orientation=Orientation.HORIZONTAL if len(categories) >= HORIZONTAL_FROM else Orientation.VERTICAL,
                 value_range=(0.0, 100.0), small_base=_small(rows), notes=notes, y_label=_t("analysis.share", outcome))


def _with_base(label: str, n: int) -> str:
    """A group named with its base, where the group is a series (a legend entry, a heatmap column)."""
    return f"{label} (n={numbers.count(n)})"


def _share_marks(group: FrequencyResult, total: FrequencyResult) -> tuple[str, ...]:
    """Per answer, the group's share against the rest's (a two-proportion z-test on the shares' bases; weighted,
    on the weighted shares with the effective bases)."""
    n, total_n, squares = _share_base(group), _share_base(total), None
    if group.weighted_n is not None and total.weighted_n is not None:
        squares = (n * n / (group.effective_n or math.inf), total_n * total_n / (total.effective_n or math.inf))
    marks = []
    for row, overall in zip(group.rows, total.rows):
        test = share_vs_rest(row.pct * n / 100, n, overall.pct * total_n / 100, total_n, squares)
        marks.append(test.mark if test is not None else "")
    return tuple(marks)


def _share_base(result: FrequencyResult) -> float:
    """What a share is a share of: the sum of weights when weighted, else the number of answers."""
    return result.weighted_n if result.weighted_n is not None else float(result.n)


# -- crosstab --------------------------------------------------------------------------------


def heatmap(outcome: Outcome) -> ChartSpec:
    """Rows are the question's categories, columns the breakdown's; values are column %."""
    table: Crosstab = outcome.result
    series = tuple(
        Series(_with_base(f"{label} ({letter})", table.column_n[j]), tuple(float(v) for v in table.column_pct[:, j]),
               tuple(int(round(float(c))) for c in table.counts[:, j]),
               marks=tuple(row[j] for row in table.significance))
        for j, (label, letter) in enumerate(zip(table.column_labels, table.letters)))
    notes = _notes(outcome, table.n, table.missing)
    chi = table.chi_square
    if chi is not None:
        notes += (_t("analysis.note_chi", outcome, chi=f"{chi.statistic:.2f}", df=chi.df, p=f"{chi.p:.3g}"),)
    notes += (_t("analysis.note_letters", outcome, alpha=table.alpha),)
    small = tuple(_with_base(f"{label} ({letter})", n) for label, letter, n, flag in
                  zip(table.column_labels, table.letters, table.column_n, table.small_base) if flag)
    by = outcome.by_question
    return _spec(outcome, kind=ChartKind.HEATMAP, title=_title(outcome, "analysis.title_crosstab"),
                 categories=table.row_labels, series=series, unit="%", value_range=(0.0, 100.0), small_base=small,
                 notes=notes, x_label=by.label(outcome.request.lang) if by else "",
                 y_label=outcome.question.label(outcome.request.lang))


# -- trends ------------------------------------------------------------------------------------


def trend_lines(outcome: Outcome) -> ChartSpec:
    """One line per group (or the total), aligned on every period any of them has."""
    overall: TrendResult = outcome.result
    # Groups the filter left empty have no line (and no legend entry).
    # A group's line is named with its base, as a group is wherever it is a series (legend, heatmap column).
    lines: list[tuple[str, TrendResult]] = ([(_with_base(g.label, g.result.n), g.result) for g in outcome.groups
                                             if g.result.points]
                                            or [(_t("analysis.total", outcome), overall)])
    periods = tuple(sorted({p.period for _, line in lines for p in line.points}))
    series = []
    for label, line in lines:
        at = {p.period: p for p in line.points}
        points = [at.get(period) for period in periods]
        series.append(Series(
            label, tuple(p.value if p else None for p in points), tuple(p.n if p else None for p in points),
            tuple(p.ci_low if p else None for p in points), tuple(p.ci_high if p else None for p in points),
            tuple(_arrow(p.change) if p and p.significant and p.change is not None else "" for p in points)))
    nps_metric = overall.metric == "nps"
    small = tuple(p.period for p in overall.points if p.small_base)
    notes = _notes(outcome, overall.n, overall.missing) + (_t("analysis.note_trend", outcome),)
    return _spec(outcome, kind=ChartKind.LINE, title=_title(outcome, "analysis.title_trend"), categories=periods,
                 series=tuple(series), unit="pts" if nps_metric else "",
                 value_range=(-100.0, 100.0) if nps_metric else None, small_base=small, notes=notes,
                 x_label=_t(f"analysis.period_{overall.period}", outcome),
                 y_label="NPS" if nps_metric else _t("analysis.mean", outcome))


def _arrow(change: float) -> str:
    return "↑" if change > 0 else "↓"


# -- drivers -----------------------------------------------------------------------------------


def driver_bars(outcome: Outcome) -> ChartSpec:
    """Relative importance (% of R²), most important first."""
    result: DriverResult = outcome.result
    ranked = sorted(result.drivers, key=lambda d: -d.share)
    series = Series(_t("analysis.importance", outcome), tuple(d.share for d in ranked), tuple(d.rated for d in ranked),
                    marks=tuple(f"r={d.correlation:.2f}" for d in ranked))
    notes = (_t("analysis.note_drivers", outcome, r2=f"{result.r_squared:.3f}", n=result.n, missing=result.missing,
                pairs=result.min_pair_n),
             *outcome.notes)
    return _spec(outcome, kind=ChartKind.BARS, title=_title(outcome, "analysis.title_drivers"),
                 categories=tuple(d.label for d in ranked), series=(series,), unit="%",
                 orientation=Orientation.HORIZONTAL, small_base=tuple(d.label for d in ranked if d.small_base),
                 notes=notes, y_label=_t("analysis.importance", outcome))


def importance_performance(outcome: Outcome) -> ChartSpec:
    """Importance (x) against performance (y), cut at their averages; pain points are bottom-right."""
    result: DriverResult = outcome.result
    ranked = result.ranked()
    x = Series(_t("analysis.importance", outcome), tuple(d.share for d in ranked), tuple(d.rated for d in ranked),
               value_role=Role.PERCENT.value)
    y = Series(_t("analysis.performance", outcome), tuple(d.performance for d in ranked),
               tuple(d.rated for d in ranked), marks=tuple(str(d.priority) for d in ranked))
    lines = (ReferenceLine("x", result.importance_cut, _t("analysis.average", outcome)),
             ReferenceLine("y", result.performance_cut, _t("analysis.average", outcome)))
    corners = tuple(_t(f"analysis.quadrant_{name}", outcome) for name in ("surplus", "keep", "watch", "fix"))
    priorities = ", ".join(f"{d.priority}. {d.label}" for d in ranked if d.quadrant == "fix")
    notes = (_t("analysis.note_ipa", outcome, fix=priorities or "—"),
             _t("analysis.note_drivers", outcome, r2=f"{result.r_squared:.3f}", n=result.n, missing=result.missing,
                pairs=result.min_pair_n),
             *outcome.notes)
    return _spec(outcome, kind=ChartKind.SCATTER, title=_title(outcome, "analysis.title_ipa"),
                 categories=tuple(d.label for d in ranked), series=(x, y), reference_lines=lines,
                 corner_labels=corners, small_base=tuple(d.label for d in ranked if d.small_base), notes=notes,
                 x_label=_t("analysis.importance", outcome), y_label=_t("analysis.performance", outcome))
