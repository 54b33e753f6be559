"""Live scores of a journey map: each linked touchpoint's metric, n, change and colour; stage aggregates.

A card's number is the analysis engine's: the frame comes from `analysis.frame.load_frame`,
the filter is `logic.compile_expression(...).mask(frame)`, and the metric is
`analysis.metrics.nps/csat/ces/mean` on the same values, so a card and a crosstab of the
same question and filter never disagree. A link that cannot be computed (its survey or
question is gone, the question is archived, the filter no longer compiles) gives a
`CardScore` with `broken` set to a message a person can act on, never an exception.

Stage aggregates and the emotion curve need scores of different metrics on one scale:
each score is mapped onto a 0-100 index (NPS -100..100, a rating's low..high end) and
a stage's index is the n-weighted mean of its cards' indices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xmdesk.core import messages
from xmdesk.core.analysis import metrics
from xmdesk.core.analysis.frame import day_numbers, load_frame
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.journey.maps import TOPIC_METRIC, Journey, Link
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import SYSTEM_COLUMN_NAMES, Question, QuestionType, Survey, load_survey

STAGE_THRESHOLDS = (40.0, 60.0)
"""Poor below 40, good from 60 on the shared 0-100 index of a stage."""


@dataclass(frozen=True)
class CardScore:
    """What one linked touchpoint shows."""

    metric: str
    value: float | None = None
    n: int = 0
    small_base: bool = False
    delta: float | None = None
    """Last period minus the one before (None when either has no answers)."""
    period: str = ""
    """The last period, e.g. 2026-10."""
    band: str = "none"
    index: float | None = None
    """The value on a 0-100 scale shared by all metrics (stage aggregates, emotion curve)."""
    broken: str = ""
    significant: bool = False
    """Whether the change passes the engine's test of two periods (p < 0.05)."""

    def as_dict(self) -> dict[str, Any]:
        """The card's score for JSON (`journey show`): values to two decimals, missing ones and an empty `broken` as
        null."""
        return {"metric": self.metric, "score": _rounded(self.value), "n": self.n, "small_base": self.small_base,
                "change": _rounded(self.delta), "change_significant": self.significant, "period": self.period,
                "band": self.band, "broken": self.broken or None}


@dataclass(frozen=True)
class StageScore:
    index: float | None
    n: int
    band: str = "none"


@dataclass
class JourneyScores:
    cards: dict[int, CardScore] = field(default_factory=dict)
    """By item index in the journey."""
    stages: list[StageScore] = field(default_factory=list)

    def emotion_values(self) -> list[float | None]:
        """Each stage's index as an emotion value in [-1, 1] (for a curve driven by the scores)."""
        return [None if s.index is None else (s.index - 50.0) / 50.0 for s in self.stages]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


@dataclass(frozen=True)
class Target:
    """A link resolved against its survey: the question, its value column and the filter's columns."""

    survey: Survey
    question: Question
    column: str
    filter_columns: tuple[str, ...]
    date_column: str


def resolve(study: Study, link: Link, surveys: dict[str, Survey] | None = None) -> Target:
    """The survey objects behind a link; raises XMDeskError with a broken-link message."""
    from xmdesk.core.survey.logic import compile_expression

    surveys = {} if surveys is None else surveys
    if link.survey not in surveys:
        try:
            surveys[link.survey] = load_survey(study, link.survey)
        except XMDeskError:
            raise ModelError("journey.broken_survey", survey=link.survey) from None
    survey = surveys[link.survey]
    code, _, part = link.question.partition("__")
    try:
        question = survey.question(code)
    except ModelError:
        raise ModelError("journey.broken_question", survey=survey.code, question=link.question) from None
    if question.archived:
        raise ModelError("journey.archived_question", survey=survey.code, question=link.question)
    columns = [c.name for c in question.columns() if not part or c.part == part]
    if link.metric.startswith(TOPIC_METRIC):
        if question.type is not QuestionType.TEXT:
            raise ModelError("journey.not_text", question=link.question, topic=link.metric[len(TOPIC_METRIC):])
    elif len(columns) != 1 or question.type in (QuestionType.TEXT, QuestionType.DATE, QuestionType.MULTIPLE):
        raise ModelError("journey.not_numeric", question=link.question, metric=link.metric.upper())
    filter_columns: tuple[str, ...] = ()
    if link.filter.strip():
        try:
            filter_columns = tuple(compile_expression(link.filter, survey).columns)
        except XMDeskError as error:
            raise ModelError("journey.broken_filter", filter=link.filter, detail=error.message()) from None
    dates = [q.code for q in survey.active_questions() if q.type is QuestionType.DATE]
    return Target(survey, question, columns[0], filter_columns, dates[0] if dates else "created_at")


def selected_frame(study: Study, link: Link, target: Target, extra: Sequence[str] = ()) -> pd.DataFrame:
    """The responses behind a link: the filter applied, the value, date and `extra` columns kept."""
    from xmdesk.core.survey.logic import compile_expression

    wanted = [target.column, target.date_column, *target.filter_columns, *extra]
    frame = load_frame(study, target.survey, list(dict.fromkeys(wanted)))
    if link.filter.strip():
        frame = frame[compile_expression(link.filter, target.survey).mask(frame)]
    return frame


def metric_value(metric: str, values: Any, question: Question) -> tuple[float, int, bool]:
    """(score, n, small base) of one metric, by the analysis engine."""
    if metric == "nps":
        result_nps = metrics.nps(values)
        return result_nps.nps, result_nps.n, result_nps.small_base
    if metric in ("csat", "ces"):
        result = metrics.csat(values, question) if metric == "csat" else metrics.ces(values, question)
        return result.mean, result.n, result.small_base
    result_mean = metrics.mean(values)
    return result_mean.mean, result_mean.n, result_mean.small_base


def index_of(metric: str, value: float, question: Question) -> float:
    """A score on 0-100: NPS from -100..100, a rating from its scale's low..high end."""
    if metric == "nps":
        return (value + 100.0) / 2.0
    low, high = question.scale() or (1, 5)
    return 100.0 * (value - low) / (high - low) if high > low else 50.0


def band_of(value: float | None, thresholds: tuple[float, float]) -> str:
    """The card colour for a value: good from the high threshold, poor below the low one, else fair; 'none' when
    there is no value."""
    if value is None:
        return "none"
    low, high = thresholds
    return "good" if value >= high else "poor" if value < low else "fair"


def _period_change(study: Study, frame: pd.DataFrame, target: Target, metric: str,
                   period: str) -> tuple[float | None, str, bool]:
    """(change, last period, significant): the analysis engine's trend, its last point against the one before.

    NPS is trended as NPS and every rating as its mean (CSAT and CES are means of their scales).
    """
    from xmdesk.core.analysis.trend import trend

    result = trend(_days(study, frame, target), frame[target.column], period, "nps" if metric == "nps" else "mean")
    if not result.points:
        return None, "", False
    last = result.points[-1]
    return _number(last.change) if last.change is not None else None, last.period, last.significant


def _days(study: Study, frame: pd.DataFrame, target: Target) -> np.ndarray:
    """The rows' dates as day numbers from the study's cache (`frame.day_numbers`), not parsed again for each
    card: a journey's ten cards parsed 100,000 dates each (0.12 s of a report's journey block)."""
    days = day_numbers(study, target.survey, target.date_column)
    everyone = load_frame(study, target.survey, [target.date_column]).index  # the cache's rows, in its order
    if len(frame) == len(everyone):
        return days  # no filter: the same rows in the same order
    return days[everyone.get_indexer(frame.index)]


def score_link(study: Study, link: Link, journey: Journey, surveys: dict[str, Survey] | None = None) -> CardScore:
    """The score of one link now; a link that cannot be computed comes back broken, with the reason."""
    try:
        target = resolve(study, link, surveys)
        frame = selected_frame(study, link, target)
        if link.metric.startswith(TOPIC_METRIC):
            return _topic_score(study, link, journey, target, frame.index)
    except XMDeskError as error:
        return CardScore(link.metric, band="broken", broken=error.message())
    value, n, small = metric_value(link.metric, frame[target.column], target.question)
    score = _number(value)
    delta, period, significant = _period_change(study, frame, target, link.metric, str(journey.setting("period")))
    return CardScore(link.metric, score, n, small, delta, period, band_of(score, journey.thresholds(link.metric)),
                     None if score is None else index_of(link.metric, score, target.question), significant=significant)


def _topic_score(study: Study, link: Link, journey: Journey, target: Target, ids: pd.Index) -> CardScore:
    """% positive about a topic among the comments (of the filtered responses) holding an opinion about it.

    Each comment counts by the clause naming the topic, as the Text area's topic table does:
    价格有点贵但是服务很好 counts against 价格 though it is a positive comment.
    """
    from xmdesk.core.text.analyze import score_comments

    topic = link.metric[len(TOPIC_METRIC):]
    scored = score_comments(study, target.survey, target.question.code, words=False)  # topics need no words
    if topic not in scored.machine.names:
        raise ModelError("journey.unknown_topic", topic=topic, known="、".join(scored.machine.names))
    chosen = scored.table[scored.table["response_id"].isin(ids)]
    about = [polarities.get(topic) for polarities in chosen["topic_polarity"]]
    positive, n = about.count("positive"), about.count("positive") + about.count("negative")
    value = 100.0 * positive / n if n else None
    band = band_of(value, journey.thresholds(link.metric))
    return CardScore(link.metric, value, n, n < metrics.SMALL_BASE, band=band, index=value)


def score_journey(study: Study, journey: Journey,
                  cache: dict[tuple[Any, ...], CardScore] | None = None) -> JourneyScores:
    """Every linked touchpoint's score and each stage's n-weighted index.

    `cache` (kept by the canvas between edits, emptied when the data may have changed)
    holds link scores by link and settings, so moving a card only recomputes the sums.
    """
    surveys: dict[str, Survey] = {}
    cache = {} if cache is None else cache
    cards: dict[int, CardScore] = {}
    for index, item in enumerate(journey.items):
        if item.kind != "touchpoint" or item.link is None:
            continue
        key = (*item.link.as_dict().values(), journey.setting("period"), journey.thresholds(item.link.metric))
        if key not in cache:
            cache[key] = score_link(study, item.link, journey, surveys)
        cards[index] = cache[key]
    stages = []
    for stage in range(len(journey.stages)):
        parts = [(card.index, card.n) for position, card in cards.items()
                 if journey.items[position].stage == stage and card.index is not None and card.n > 0]
        n = sum(count for _, count in parts)
        mean_index = sum(i * count for i, count in parts) / n if n else None
        stages.append(StageScore(mean_index, n, band_of(mean_index, STAGE_THRESHOLDS)))
    return JourneyScores(cards, stages)


@dataclass(frozen=True)
class Behind:
    """The responses behind a card: the rows (newest first) and the names of their columns."""

    columns: list[str]
    labels: list[str]
    rows: list[list[Any]]
    total: int


def responses_behind(study: Study, link: Link, limit: int = 500, lang: str | None = None) -> Behind:
    """The filtered responses of a linked card, with their score and their text comments."""
    lang = lang or messages.language()
    target = resolve(study, link)
    comments = [q for q in target.survey.active_questions() if q.type is QuestionType.TEXT]
    frame = selected_frame(study, link, target, [q.code for q in comments])
    frame = frame[frame[target.column].notna()].sort_index(ascending=False)
    shown = frame.head(limit)
    columns = ["id", target.date_column, target.column, *[q.code for q in comments]]
    labels = ["id", _label(target.survey, target.date_column, lang), target.question.label(lang),
              *[q.label(lang) for q in comments]]
    rows = [[int(rid), *(_cell(shown.at[rid, c]) for c in columns[1:])] for rid in shown.index]
    return Behind(columns, labels, rows, len(frame))


def _label(survey: Survey, column: str, lang: str) -> str:
    if column in SYSTEM_COLUMN_NAMES:
        return column
    return survey.question(column).label(lang)


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, (np.floating, float)) and float(value).is_integer():
        return int(value)
    return value if isinstance(value, (int, float, str)) else str(value)
