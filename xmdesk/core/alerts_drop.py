"""The segment rule: a store's (or a touchpoint's) score fell from one period to the next.

Every segment and every pair of consecutive periods is compared at once: responses get a
group code (segment × period), `loop_stats.summarise` adds them up per group with
bincount, and `loop_stats.compare` tests each period against the one before. A
comparison fires when the metric fell by more than `drop` points, p < `alpha`, and both
periods have at least `min_base` answers. The case's subject names the segment and the
period, so a re-run opens nothing new and next month's fall is a case of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from xmdesk.core import journeys, messages
from xmdesk.core.errors import ModelError
from xmdesk.core.loop_stats import METRICS, compare, summarise
from xmdesk.core.study import Study
from xmdesk.core.survey import Survey

if TYPE_CHECKING:
    from xmdesk.core.alerts import Hits, Rule

# Journey links name their metric by question kind; a rule compares NPS, top-2-box or means.
LINK_METRICS = {"nps": "nps", "csat": "mean", "ces": "mean", "mean": "mean"}


def touchpoint_link(study: Study, journey: str, touchpoint: str) -> journeys.Link:
    """The question, metric and filter a journey touchpoint shows."""
    for item in journeys.load_journey(study, journey).items:
        if item.kind == "touchpoint" and item.name == touchpoint and item.link is not None:
            return item.link
    raise ModelError("loop.touchpoint_not_found", journey=journey, touchpoint=touchpoint)


def period_keys(dates: np.ndarray, period: str) -> np.ndarray:
    """`YYYY-MM` for months, the Monday `YYYY-MM-DD` for weeks; '' where the date is missing."""
    text = pd.Series(dates, dtype=object).fillna("").astype(str).str.slice(0, 10)
    if period == "month":
        return text.str.slice(0, 7).to_numpy(dtype=object)
    days = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    monday = days - pd.to_timedelta(days.dt.weekday, unit="D")
    return monday.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)


def evaluate_drop(study: Study, rule: Rule, survey: Survey) -> Hits:
    from xmdesk.core.alerts import Hits, filter_mask

    definition = rule.definition
    question, metric, extra_filter = _target(study, rule)
    if metric not in METRICS:
        raise ModelError("loop.bad_metric", metric=metric, known=", ".join(METRICS))
    date_column = str(definition.get("date_column", "created_at"))
    segment = definition.get("segment") or None
    frame = filter_mask(study, rule, survey, [c for c in (question, date_column, segment) if c], None)
    if extra_filter:
        from xmdesk.core.logic import compile_expression
        from xmdesk.core.analysis.frame import load_frame

        compiled = compile_expression(extra_filter, survey)
        whole = load_frame(study, survey, compiled.columns)
        frame = frame[compiled.mask(whole.loc[frame.index])]
    periods, period_names = pd.factorize(period_keys(frame[date_column].to_numpy(), definition.get("period", "month")),
                                         sort=True)
    periods = np.where(np.asarray(period_names, dtype=object)[periods] == "", -1, periods)
    if segment:
        segments, segment_names = pd.factorize(frame[segment], sort=True)
    else:
        segments, segment_names = np.zeros(len(frame), dtype=np.int64), pd.Index([""])
    n_periods, n_segments = len(period_names), len(segment_names)
    groups = np.where((periods >= 0) & (segments >= 0), segments * n_periods + periods, -1).astype(np.int64)
    scale = survey.question(question).scale() or (1, 5)
    summary = summarise(frame[question].to_numpy(dtype=np.float64), groups, n_periods * n_segments, metric,
                        scale_high=scale[1])
    # Pairs (segment, period k-1) -> (segment, period k) for k = 1..n-1.
    seg = np.repeat(np.arange(n_segments), max(n_periods - 1, 0))
    later = np.tile(np.arange(1, n_periods), n_segments)
    first_at, second_at = seg * n_periods + later - 1, seg * n_periods + later
    first, second = _pick(summary, first_at), _pick(summary, second_at)
    result = compare(first, second, metric)
    min_base = int(definition.get("min_base", 30))
    fired = ((result.change < -float(definition.get("drop", 10))) & (result.p_value < float(definition.get("alpha", 0.05)))
             & (first.n >= min_base) & (second.n >= min_base))
    return _hits(rule, survey, segment, segment_names, period_names, np.flatnonzero(fired), seg, later, first,
                 second, result, metric, question)


def _target(study: Study, rule: Rule) -> tuple[str, str, str]:
    definition = rule.definition
    if definition.get("touchpoint"):
        link = touchpoint_link(study, str(definition.get("journey", "")), str(definition["touchpoint"]))
        return link.question, LINK_METRICS.get(link.metric, "mean"), link.filter
    from xmdesk.core.alerts import _score_question
    from xmdesk.core.survey import load_survey

    question = _score_question(rule, load_survey(study, rule.survey_code)) if rule.survey_code else None
    code = str(definition.get("question") or question or "nps")
    return code, str(definition.get("metric", "nps")), ""


def _pick(summary: Any, at: np.ndarray) -> Any:
    from xmdesk.core.loop_stats import GroupSummary

    return GroupSummary(summary.n[at], summary.a[at], summary.b[at])


def _hits(rule: Rule, survey: Survey, segment: str | None, segment_names: Any, period_names: Any,
          fired: np.ndarray, seg: np.ndarray, later: np.ndarray, first: Any, second: Any, result: Any,
          metric: str, question: str) -> Hits:
    from xmdesk.core.alerts import Hits

    lang = messages.language()
    chosen = fired.tolist()

    def describe(i: int) -> tuple[str, dict[str, Any]]:
        k = chosen[i]
        value = segment_names[seg[k]]
        label = _segment_label(survey, segment, value, lang)
        period, previous = str(period_names[later[k]]), str(period_names[later[k] - 1])
        title = messages.text("loop.title_drop", rule=rule.name, segment=label, period=period,
                              before=f"{result.before[k]:.1f}", after=f"{result.after[k]:.1f}")
        return title, {"segment": segment, "value": _plain(value), "label": label, "period": period,
                       "previous_period": previous, "metric": metric, "question": question,
                       "before": round(float(result.before[k]), 2), "after": round(float(result.after[k]), 2),
                       "n_before": int(first.n[k]), "n_after": int(second.n[k]),
                       "p_value": float(result.p_value[k])}

    subjects = [f"{segment}={segment_names[seg[k]]}@{period_names[later[k]]}" if segment
                else f"*@{period_names[later[k]]}" for k in chosen]
    return Hits(np.zeros(len(chosen), dtype=np.int64), describe, subjects)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _segment_label(survey: Survey, segment: str | None, value: Any, lang: str) -> str:
    if not segment:
        return survey.title(lang)
    question = survey.question(segment)
    for choice in question.choices:
        if choice.value == value:
            return choice.label(lang)
    return str(value)
