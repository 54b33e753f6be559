"""One analysis asked for as data — metric, question, breakdown, query — and run against a study.

The CLI (`xmdesk stats`), the charts panel, dashboard tiles and report recipes all hold a
`Request` and call `run`; `outcome_json` is the one JSON form of a result, and
`xmdesk.core.charts.build` turns an `Outcome` into a chart. Questions and groups are
named by their codes and labels in the requested language.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from xmdesk.core.analysis.crosstab import Crosstab, MeansBySegment, _codes, categories, crosstab, means_by
from xmdesk.core.analysis.drivers import DriverResult, key_drivers
from xmdesk.core.analysis.metrics import (FrequencyResult, MeanResult, NpsResult, ScaleResult, ces, csat,
                                          frequencies, mean, nps)
from xmdesk.core.analysis.query import Query, Selection, default_date_column, select, split_rows, subset
from xmdesk.core.analysis.trend import TrendResult, trend
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, load_survey
from xmdesk.core.vocabulary import registry

METRICS: tuple[str, ...] = registry.NAMES
CHARTS: tuple[str, ...] = registry.VARIANTS
"""Chart variants: "" the metric's usual chart; "bars" NPS as segment bars with CI whiskers;
"ipa" the importance–performance matrix of a driver analysis."""


@dataclass(frozen=True)
class Request:
    metric: str
    question: str
    query: Query
    by: str | None = None
    period: str = "week"
    chart: str = ""
    lang: str = "zh"

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise ModelError("analysis.bad_metric", metric=self.metric, known=", ".join(METRICS))
        if self.chart not in CHARTS:
            raise ModelError("analysis.bad_chart", chart=self.chart, known=", ".join(c for c in CHARTS if c))

    def to_dict(self) -> dict[str, Any]:
        """Flat JSON: the `source` of a chart spec, a dashboard tile, a report recipe item."""
        data = self.query.to_dict()
        data.update(metric=self.metric, question=self.question, lang=self.lang)
        for key in ("by", "chart"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.metric == "trend":
            data["period"] = self.period
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Request:
        """A request back from `to_dict`'s flat JSON; absent keys take the defaults (week, the usual chart, Chinese),
        and an unknown metric or chart is a ModelError."""
        return cls(metric=data["metric"], question=data["question"], query=Query.from_dict(data),
                   by=data.get("by") or None, period=data.get("period") or "week", chart=data.get("chart") or "",
                   lang=data.get("lang") or "zh")

    def with_lang(self, lang: str) -> Request:
        """The same request for a reader of another language: a stored tile or report item is shown in the app's
        current language, not the one it was saved in."""
        return replace(self, lang=lang)


@dataclass(frozen=True)
class Group:
    """One category of the breakdown and the metric computed on it."""

    code: str
    value: int
    label: str
    result: Any


@dataclass(frozen=True)
class Outcome:
    request: Request
    survey: Survey
    result: Any
    """NpsResult, ScaleResult, MeanResult, FrequencyResult, Crosstab, DriverResult or TrendResult."""
    groups: tuple[Group, ...] = ()
    comparison: MeansBySegment | None = None
    """ANOVA / t-tests across the groups of a mean (unweighted tests)."""
    distribution: FrequencyResult | None = None
    """Answers per scale point of a CSAT/CES/mean question without a breakdown."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def question(self) -> Question:
        """The question the metric was computed on, from the survey the outcome was computed with."""
        return self.survey.question(self.request.question)

    @property
    def by_question(self) -> Question | None:
        """The breakdown question, or None when the request has no breakdown."""
        return self.survey.question(self.request.by) if self.request.by else None


def run(study: Study, request: Request, survey: Survey | None = None) -> Outcome:
    """Compute what the request asks for on the responses its query selects."""
    survey = survey or load_survey(study, request.query.survey)
    question = survey.question(request.question)
    by = survey.question(request.by) if request.by else None
    if question.type is QuestionType.MATRIX:
        _refuse_whole_matrix(question)
    if by is not None and request.metric != "drivers" and by.type in (QuestionType.MULTIPLE, QuestionType.MATRIX,
                                                                       QuestionType.TEXT):
        raise ModelError("analysis.bad_breakdown", code=by.code)
    columns = [question.code] + ([by.code] if by and request.metric != "drivers" else [])
    if request.metric == "trend":
        columns.append(request.query.date_column or default_date_column(survey))
    if request.metric == "drivers":
        columns += [q.code for q in _driver_questions(survey, question, by)]
    selection = select(study, request.query, columns, survey, lang=request.lang)
    handler = _HANDLERS[request.metric]
    return handler(request, selection, question, by)


def _refuse_whole_matrix(matrix: Question) -> None:
    """A matrix is one question of several stored columns: a metric reads one column, so it names a row (its code
    is its column, `attr__range`); the drivers compare the rows against one outcome column, which a whole matrix is
    not either. Before, every metric but NPS failed on a KeyError, and so did drivers with the matrix as outcome."""
    rows = [column.name for column in matrix.columns()]
    shown = ", ".join(rows[:3]) + (", …" if len(rows) > 3 else "")
    raise ModelError("analysis.whole_matrix", code=matrix.code, n=len(rows), rows=shown)


# -- the metrics ---------------------------------------------------------------------------


def _numeric(selection: Selection, column: str) -> np.ndarray:
    return np.asarray(selection.frame[column].to_numpy(dtype=np.float64))


def _groups(selection: Selection, by: Question | None, lang: str, compute: Any) -> tuple[Group, ...]:
    """`compute(rows, weights)` for every category of `by`, empty categories included."""
    if by is None:
        return ()
    choices = categories(by)
    codes = _codes(selection.frame[by.code], choices)
    return tuple(Group(choice.code, choice.value, choice.label(lang), compute(rows, subset(selection.weights, rows)))
                 for choice, rows in zip(choices, split_rows(codes, len(choices))))


def _require_scale(question: Question, metric: str) -> None:
    """A metric is computed on the question types the registry gives it: CSAT's top-2-box of a 0-100,000 number
    (`--metric csat --question spend`) and CES of an NPS were computed before and meant nothing. The refusal names
    the metrics that do fit the question."""
    if question.type in registry.metric(metric).questions:
        return
    fitting = [m.name for m in registry.METRICS if question.type in m.questions]
    if not fitting:
        raise ModelError("analysis.no_metric_fits", code=question.code, metric=metric)
    raise ModelError("analysis.wrong_question", code=question.code, metric=metric, fitting=", ".join(fitting))


def _run_nps(request: Request, selection: Selection, question: Question, by: Question | None) -> Outcome:
    _require_scale(question, "nps")
    values = _numeric(selection, question.code)
    groups = _groups(selection, by, request.lang, lambda rows, w: nps(values[rows], w))
    return Outcome(request, selection.survey, nps(values, selection.weights), groups, notes=selection.notes)


def _run_scale(request: Request, selection: Selection, question: Question, by: Question | None) -> Outcome:
    """CSAT, CES and plain means: the summary, per group with ANOVA/t-tests, or the distribution."""
    _require_scale(question, request.metric)
    values = _numeric(selection, question.code)
    summary: Any
    if request.metric == "csat":
        def summary(v: np.ndarray, w: np.ndarray | None) -> ScaleResult:
            return csat(v, question, w)
    elif request.metric == "ces":
        def summary(v: np.ndarray, w: np.ndarray | None) -> ScaleResult:
            return ces(v, question, w)
    else:
        def summary(v: np.ndarray, w: np.ndarray | None) -> MeanResult:
            return mean(v, w)
    groups = _groups(selection, by, request.lang, lambda rows, w: summary(values[rows], w))
    comparison = means_by(selection.frame, question.code, by, lang=request.lang) if by is not None else None
    distribution = None
    if by is None and question.scale() is not None:
        distribution = frequencies(selection.frame, _as_choice(question), selection.weights)
    return Outcome(request, selection.survey, summary(values, selection.weights), groups, comparison, distribution,
                   selection.notes)


def _as_choice(question: Question) -> Question:
    """A scale question seen as a single choice with one choice per point (for its distribution)."""
    return Question(question.code, QuestionType.SINGLE, question.label_en, question.label_zh,
                    choices=categories(question))


def _run_freq(request: Request, selection: Selection, question: Question, by: Question | None) -> Outcome:
    target = question if question.choices else _as_choice(question)
    if target.type not in (QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.MULTIPLE):
        raise ModelError("analysis.not_choice", code=question.code)
    frame = selection.frame
    groups = _groups(selection, by, request.lang,
                     lambda rows, w: frequencies(frame.iloc[rows], target, w))
    return Outcome(request, selection.survey, frequencies(frame, target, selection.weights), groups,
                   notes=selection.notes)


def _run_crosstab(request: Request, selection: Selection, question: Question, by: Question | None) -> Outcome:
    if by is None:
        raise ModelError("analysis.needs_breakdown", metric="crosstab")
    table = crosstab(selection.frame, question, by, selection.weights, lang=request.lang)
    return Outcome(request, selection.survey, table, notes=selection.notes)


def _driver_questions(survey: Survey, outcome: Question, by: Question | None) -> list[Question]:
    """The attribute ratings: the matrix named by `by`, else every matrix question of the survey."""
    if by is not None:
        if by.type is not QuestionType.MATRIX:
            raise ModelError("analysis.drivers_matrix", code=by.code)
        return [by]
    found = [q for q in survey.active_questions() if q.type is QuestionType.MATRIX and q.code != outcome.code]
    if not found:
        raise ModelError("analysis.drivers_matrix", code=outcome.code)
    return found[:1]


def _run_drivers(request: Request, selection: Selection, question: Question, by: Question | None) -> Outcome:
    _require_scale(question, "drivers")
    matrix = _driver_questions(selection.survey, question, None if by is None else by)[0]
    scale = matrix.scale() or (1, 5)
    names = [c.name for c in matrix.columns()]
    labels = [item.label(request.lang) for item in matrix.items]
    ratings = selection.frame[names].to_numpy(dtype=np.float64)
    result = key_drivers(_numeric(selection, question.code), ratings, names, labels, scale, selection.weights,
                         question.code)
    return Outcome(request, selection.survey, result, notes=selection.notes)


def _run_trend(request: Request, selection: Selection, question: Question, by: Question | None) -> Outcome:
    _require_scale(question, "trend")
    metric = "nps" if question.scale() == (0, 10) else "mean"
    date_column = request.query.date_column or default_date_column(selection.survey)
    dates = selection.day_numbers(date_column)
    values = _numeric(selection, question.code)

    def compute(rows: Any, weights: np.ndarray | None) -> TrendResult:
        return trend(dates[rows], values[rows], request.period, metric, weights, column=question.code)

    groups = _groups(selection, by, request.lang, compute)
    overall = trend(dates, values, request.period, metric, selection.weights, column=question.code)
    return Outcome(request, selection.survey, overall, groups, notes=selection.notes)


_HANDLERS = {"nps": _run_nps, "csat": _run_scale, "ces": _run_scale, "mean": _run_scale, "freq": _run_freq,
             "crosstab": _run_crosstab, "drivers": _run_drivers, "trend": _run_trend}


# -- JSON ------------------------------------------------------------------------------------


def _number(value: Any) -> Any:
    """JSON numbers: NaN/inf become null; numpy scalars become Python numbers."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else None


def nps_json(result: NpsResult) -> dict[str, Any]:
    """An NPS result for JSON: percentages, counts and the confidence interval, NaN as null."""
    return {"n": result.n, "nps": _number(result.nps), "promoters": _number(result.pct_promoters),
            "passives": _number(result.pct_passives), "detractors": _number(result.pct_detractors),
            "ci_low": _number(result.ci_low), "ci_high": _number(result.ci_high),
            "counts": {"promoters": result.promoters, "passives": result.passives, "detractors": result.detractors},
            "missing": result.missing, "small_base": result.small_base,
            "weighted_n": _number(result.weighted_n), "effective_n": _number(result.effective_n)}


def scale_json(result: ScaleResult | MeanResult, metric: str) -> dict[str, Any]:
    """A mean or scale result for JSON, NaN as null; a scale adds its top-2 box, named `low_effort` for CES (where
    the good end is low effort)."""
    data = {"n": result.n, "mean": _number(result.mean), "sd": _number(result.sd), "ci_low": _number(result.ci_low),
            "ci_high": _number(result.ci_high), "missing": result.missing, "small_base": result.small_base,
            "weighted_n": _number(result.weighted_n), "effective_n": _number(result.effective_n)}
    if isinstance(result, ScaleResult):
        data["low_effort" if metric == "ces" else "top2box"] = _number(result.top_box)
    return data


def frequency_json(result: FrequencyResult) -> dict[str, Any]:
    """A frequency table for JSON: one row per choice with both labels, counts and % (NaN as null)."""
    return {"n": result.n, "missing": result.missing, "small_base": result.small_base, "multiple": result.multiple,
            "weighted_n": _number(result.weighted_n),
            "rows": [{"code": r.code, "value": r.value, "label_zh": r.label_zh, "label_en": r.label_en,
                      "count": r.count, "weighted_count": _number(r.weighted_count), "pct": _number(r.pct)}
                     for r in result.rows]}


def crosstab_json(table: Crosstab) -> dict[str, Any]:
    """A crosstab for JSON: rows, columns with their letters and bases, counts, column %, the significance letters
    and the chi-square test (null for a multiple-answer table or one smaller than 2×2)."""
    chi = table.chi_square
    return {"n": table.n, "missing": table.missing, "multiple": table.multiple, "weighted": table.weighted,
            "rows": [{"value": v, "label": label} for v, label in zip(table.row_values, table.row_labels)],
            "columns": [{"value": v, "label": label, "letter": letter, "n": n, "small_base": small}
                        for v, label, letter, n, small in zip(table.column_values, table.column_labels,
                                                              table.letters, table.column_n, table.small_base)],
            "counts": [[_number(c) for c in row] for row in table.counts],
            "column_pct": [[_number(c) for c in row] for row in table.column_pct],
            "letters": [list(row) for row in table.significance],
            "chi_square": None if chi is None else {"statistic": chi.statistic, "df": chi.df, "p": chi.p,
                                                    "cells_below_5": chi.cells_below_5},
            "alpha": table.alpha, "bonferroni": table.bonferroni}


def drivers_json(result: DriverResult) -> dict[str, Any]:
    """A driver analysis for JSON, the drivers in priority order, NaN as null."""
    return {"n": result.n, "missing": result.missing, "min_pair_n": result.min_pair_n, "missing_rule":
            result.missing_rule, "small_base": result.small_base, "r_squared": result.r_squared, "importance_cut": result.importance_cut,
            "performance_cut": _number(result.performance_cut),
            "drivers": [{"column": d.column, "label": d.label, "correlation": d.correlation, "p": d.p,
                         "relative_weight": d.weight, "share": d.share, "shapley": _number(d.shapley),
                         "performance": _number(d.performance), "top_box": _number(d.top_box), "rated": d.rated,
                         "small_base": d.small_base, "quadrant": d.quadrant, "priority": d.priority}
                        for d in result.ranked()]}


def trend_json(result: TrendResult) -> dict[str, Any]:
    """A trend for JSON: one point per period with its value, interval and change from the period before (NaN as
    null)."""
    return {"n": result.n, "missing": result.missing, "measure": result.metric, "period": result.period,
            "points": [{"period": p.period, "n": p.n, "value": _number(p.value), "ci_low": _number(p.ci_low),
                        "ci_high": _number(p.ci_high), "small_base": p.small_base, "change": _number(p.change),
                        "p": _number(p.p), "significant": p.significant} for p in result.points]}


def result_json(result: Any, metric: str) -> dict[str, Any]:
    """Any metric's result as JSON-ready data, by the result's type; a type not listed here is a TypeError (a result
    kind added without its JSON)."""
    if isinstance(result, NpsResult):
        return nps_json(result)
    if isinstance(result, (ScaleResult, MeanResult)):
        return scale_json(result, metric)
    if isinstance(result, FrequencyResult):
        return frequency_json(result)
    if isinstance(result, Crosstab):
        return crosstab_json(result)
    if isinstance(result, DriverResult):
        return drivers_json(result)
    if isinstance(result, TrendResult):
        return trend_json(result)
    raise TypeError(type(result))


def _named(question: Question, lang: str) -> dict[str, Any]:
    return {"code": question.code, "label": question.label(lang)}


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    """The result as JSON: the metric's figures at the top level, one object per group under `groups`."""
    request = outcome.request
    data: dict[str, Any] = {"survey": outcome.survey.code, "metric": request.metric,
                            "question": _named(outcome.question, request.lang)}
    if outcome.by_question is not None:
        data["by"] = _named(outcome.by_question, request.lang)
    if request.query.filter:
        data["filter"] = request.query.filter
    if request.query.weight:
        data["weight"] = request.query.weight
    data.update(result_json(outcome.result, request.metric))
    if outcome.groups:
        data["groups"] = [{"code": g.code, "value": g.value, "label": g.label, **result_json(g.result, request.metric)}
                          for g in outcome.groups]
    if outcome.comparison is not None:
        data["tests"] = _tests_json(outcome.comparison)
    if outcome.distribution is not None:
        data["distribution"] = frequency_json(outcome.distribution)["rows"]
    data["notes"] = list(outcome.notes)
    return data


def _tests_json(comparison: MeansBySegment) -> dict[str, Any]:
    tests: dict[str, Any] = {}
    if comparison.anova is not None:
        a = comparison.anova
        tests["anova"] = {"f": _number(a.f), "df_between": a.df_between, "df_within": a.df_within, "p": _number(a.p)}
    for name, test in (("t_test", comparison.student), ("welch", comparison.welch)):
        if test is not None:
            tests[name] = {"t": _number(test.t), "df": _number(test.df), "p": _number(test.p)}
    return tests

