"""The segment rule: a store's (or a touchpoint's) score fell from one period to the next.

Every segment and every pair of consecutive periods is compared at once: responses get a
group code (segment × period), `loop_stats.summarise` adds them up per group with
bincount, and `loop_stats.compare` tests each period against the one before. A
comparison fires when the metric fell by more than `drop` points, p < `alpha`, and both
periods have at least `min_base` answers. The case's subject names the segment and the
period, so a re-run opens nothing new and next month's fall is a case of its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from xmdesk.core import messages
from xmdesk.core.journey import maps as journeys
from xmdesk.core.errors import ModelError
from xmdesk.core.loop.rules import Hits, Rule, score_question
from xmdesk.core.loop.stats import METRICS, compare, summarise
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey


# Journey links name their metric by question kind; a rule compares NPS, top-2-box or means.
LINK_METRICS = {"nps": "nps", "csat": "mean", "ces": "mean", "mean": "mean"}


def touchpoint_link(study: Study, journey: str, touchpoint: str) -> journeys.Link:
    """The question, metric and filter a journey touchpoint shows."""
    for item in journeys.load_journey(study, journey).items:
        if item.kind == "touchpoint" and item.name == touchpoint and item.link is not None:
            return item.link
    raise ModelError("loop.touchpoint_not_found", journey=journey, touchpoint=touchpoint)


def evaluate_drop(study: Study, rule: Rule, survey: Survey) -> Hits:
    """The segments whose metric fell significantly from one period to the next (see the module): one hit
    per segment and period, named so that a re-run opens nothing new."""
    from xmdesk.core.analysis.frame import day_numbers, load_frame
    from xmdesk.core.analysis.trend import period_codes
    from xmdesk.core.survey.logic import compile_expression

    definition = rule.definition
    question, metric, extra_filter = _target(study, rule)
    if metric not in METRICS:
        raise ModelError("loop.bad_metric", metric=metric, known=", ".join(METRICS))
    date_column = str(definition.get("date_column", "created_at"))
    segment = definition.get("segment") or None
    frame = load_frame(study, survey, [c for c in (question, segment) if c])
    keep = np.ones(len(frame), dtype=bool)
    for text in (rule.filter, extra_filter):
        if text.strip():
            compiled = compile_expression(text, survey)
            keep &= compiled.mask(load_frame(study, survey, compiled.columns))
    # Day numbers are cached beside the frame's columns: no parsing of a million date texts per run.
    periods, period_names = period_codes(day_numbers(study, survey, date_column)[keep],
                                         str(definition.get("period", "month")))
    frame = frame[keep]
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
    from xmdesk.core.survey.model import load_survey

    question = score_question(rule, load_survey(study, rule.survey_code)) if rule.survey_code else None
    code = str(definition.get("question") or question or "nps")
    return code, str(definition.get("metric", "nps")), ""


def _pick(summary: Any, at: np.ndarray) -> Any:
    from xmdesk.core.loop.stats import GroupSummary

    return GroupSummary(summary.n[at], summary.a[at], summary.b[at])


def _hits(rule: Rule, survey: Survey, segment: str | None, segment_names: Any, period_names: Any,
          fired: np.ndarray, seg: np.ndarray, later: np.ndarray, first: Any, second: Any, result: Any,
          metric: str, question: str) -> Hits:
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
