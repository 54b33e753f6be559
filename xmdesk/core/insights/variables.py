"""What the insight finder compares: segments (who) and outcomes (what), read once per scan.

A segment splits the responses into groups: a single-choice or dropdown question (or derived
variable) by its choices, a rating by its points, an NPS question by detractors / passives /
promoters, and a customer attribute (the `customers` table's segment and region, joined on the responses'
customer_id). An outcome is a number per response: NPS, a rating's mean (CSAT or CES, by the
metric registry), the share of comments of a text question that mention a codebook topic,
and the share of responses for which a case was opened.

A score that is itself an outcome (NPS, a rating) is only a segment against the comment topics
("what do detractors write about"): "detractors have a lower CSAT" is true of every study and
would crowd out what the researcher did not know.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from xmdesk.core.analysis.crosstab import NPS_GROUPS, _codes, categories, nps_groups
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.sql import ident
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey
from xmdesk.core.vocabulary import registry

T = QuestionType
CHOICE_SEGMENTS = frozenset({T.SINGLE, T.DROPDOWN})
CUSTOMER_FIELDS = (("segment", "Customer segment", "客户分群"), ("region", "Customer region", "客户所在地区"))
"""Customer attributes scanned as segments: the facts of the customers table that sort people (not names)."""
MAX_CUSTOMER_GROUPS = 50
Kind = Literal["nps", "mean", "share"]
SHARE = 100.0
"""What a share outcome holds for yes (0 for no)."""


class _Labelled:
    """Named in both languages (the dataclasses below declare the two fields)."""

    label_zh: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Group(_Labelled):
    key: str
    """The choice code (or customer value) that names the group in a filter."""
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Segment(_Labelled):
    code: str
    """The question code, or customer.<field>."""
    label_zh: str
    label_en: str
    codes: np.ndarray
    """Each response's group (position in `groups`), −1 when it has none."""
    groups: tuple[Group, ...]
    question: str | None = None
    """The question behind it (a chart can be broken down by it; a filter can select a group)."""
    score: bool = False
    """A score that is also an outcome: compared with the comment topics only."""


@dataclass(frozen=True)
class Outcome(_Labelled):
    key: str
    kind: Kind
    label_zh: str
    label_en: str
    values: np.ndarray
    """One float per response, NaN when it does not count (no answer, no comment); a share is 0 or 100, so its
    mean is the share in % and every test reads it as it reads a score."""
    metric: str = ""
    """The registry metric of a chart of it (nps, csat, ces); empty for topics and cases."""
    question: str | None = None
    topic: str = ""
    """For a topic share: the codebook topic (the likely-reason text names it)."""

    @property
    def score(self) -> bool:
        """NPS or a mean, as against a share (a topic's or cases' %): only a finding on a score gets a likely reason."""
        return self.kind != "share"


@dataclass
class Variables:
    segments: list[Segment] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    drivers: list[Outcome] = field(default_factory=list)
    """The attribute ratings of matrix questions: not compared in the scan, read to explain a finding on a score."""


def driver_ratings(survey: Survey, frame_columns: Mapping[str, pd.Series]) -> list[Outcome]:
    """Every row of every rated matrix question (attr__queue: '排队等待时间'), as a mean of the answers on its
    scale (a 'not applicable' code off the scale is no answer)."""
    drivers = []
    for question in survey.active_questions():
        scale = question.scale() if question.type is T.MATRIX else None
        if scale is None:
            continue
        for item, column in zip(question.items, question.columns()):
            values = frame_columns[column.name].to_numpy(dtype=np.float64)
            values = np.where((values >= scale[0]) & (values <= scale[1]), values, np.nan)
            drivers.append(Outcome(column.name, "mean", item.label_zh, item.label_en, values, question=question.code))
    return drivers


def segment_questions(survey: Survey) -> list[Question]:
    """The questions that split responses into groups: active single-choice, dropdown, rating and NPS
    questions, and the single-choice derived variables (issue 20: a recode, an expression, a quality flag)."""
    asked = [q for q in survey.active_questions() if q.type in CHOICE_SEGMENTS | {T.RATING, T.NPS}]
    return asked + [q for q in survey.derived if q.type is T.SINGLE and q.choices]


def question_segments(survey: Survey, frame_columns: Mapping[str, pd.Series]) -> list[Segment]:
    """Every question of `segment_questions` as a segment."""
    segments = []
    for question in segment_questions(survey):
        if question.type is T.NPS:
            codes = np.asarray(nps_groups(frame_columns[question.code].to_numpy(dtype=np.float64)).codes,
                               dtype=np.int64)
            groups = tuple(Group(c.code, c.label_zh, c.label_en) for c in NPS_GROUPS.choices)
        else:
            choices = categories(question)
            codes = _codes(frame_columns[question.code], choices)
            groups = tuple(Group(c.code, c.label_zh, c.label_en) for c in choices)
        score = question.type in (T.RATING, T.NPS)
        # A score's groups are named by its metric ('3（满意度 CSAT）'), not by the question's long wording.
        metric = registry.metric("nps" if question.type is T.NPS else registry.rating_metric(question)) if score else None
        segments.append(Segment(question.code, metric.label_zh if metric else question.label_zh,
                                metric.label_en if metric else question.label_en, codes, groups, question.code, score))
    return segments


def score_outcomes(survey: Survey, frame_columns: Mapping[str, pd.Series]) -> list[Outcome]:
    """NPS of every NPS question; the mean of every rating, named CSAT or CES as the registry calls it."""
    scored = [(q, "nps" if q.type is T.NPS else registry.rating_metric(q)) for q in survey.active_questions()
              if q.type in (T.NPS, T.RATING)]
    metrics = [metric for _, metric in scored]
    return [Outcome(q.code, "nps" if metric == "nps" else "mean", _metric_label(metric, q, "zh", metrics),
                    _metric_label(metric, q, "en", metrics), frame_columns[q.code].to_numpy(dtype=np.float64),
                    metric, q.code)
            for q, metric in scored]


def _metric_label(metric: str, question: Question, lang: str, metrics: Sequence[str]) -> str:
    """'CSAT' when the survey has one question of that metric; 'CSAT · <question>' tells several apart."""
    name = registry.metric(metric).label(lang)
    return name if metrics.count(metric) == 1 else f"{name} · {question.label(lang)}"


def topic_outcomes(study: Study, survey: Survey, frame_columns: Mapping[str, pd.Series], min_base: int,
                   cancel: CancelToken | None = None) -> list[Outcome]:
    """The share of comments mentioning each codebook topic, per text question (topics mentioned by fewer than
    `min_base` comments are left out: no group could reach the base)."""
    from xmdesk.core.text.analyze import load_codebook_or_default, text_questions
    from xmdesk.core.text.codebook import compile_codebook, tag_matrix

    codebook = load_codebook_or_default(study)
    if not codebook.topics:
        return []
    compiled = compile_codebook(codebook)
    outcomes = []
    for question in text_questions(survey):
        if cancel is not None:
            cancel.check()
        texts = frame_columns[question.code].to_numpy(dtype=object)
        written = frame_columns[question.code].fillna("").astype(str).str.strip().ne("").to_numpy()
        if int(written.sum()) < min_base:
            continue
        matrix = tag_matrix([str(t) for t in texts[written]], compiled)
        for j, topic in enumerate(compiled):
            if int(matrix[:, j].sum()) < min_base:
                continue
            values = np.full(len(texts), np.nan)
            values[written] = np.where(matrix[:, j], SHARE, 0.0)
            outcomes.append(Outcome(f"topic:{question.code}:{topic.name}", "share",
                                    f"评论提及“{topic.name}”的比例（{question.label_zh}）",
                                    f"share of comments on {topic.name} ({question.label_en})", values,
                                    question=question.code, topic=topic.name))
    return outcomes


def case_outcome(study: Study, survey: Survey, ids: np.ndarray) -> list[Outcome]:
    """The share of responses a case was opened for (none when the survey has no case at all)."""
    opened = np.array([row[0] for row in study.conn.execute(
        "SELECT DISTINCT response_id FROM cases WHERE survey_code = ? AND response_id IS NOT NULL", (survey.code,))],
        dtype=np.int64)
    if len(opened) == 0:
        return []
    values = np.where(np.isin(ids, opened), SHARE, 0.0)
    return [Outcome("cases", "share", "开案率", "case rate", values)]


def customer_segments(study: Study, customer_ids: pd.Series) -> list[Segment]:
    """The customers table's sorting facts as segments, joined on the responses' customer_id (by pandas'
    hash lookup: a second scan of the wide response table for an SQL join costs more)."""
    fields = ", ".join(name for name, _, _ in CUSTOMER_FIELDS)
    customers = pd.DataFrame(study.conn.execute(f"SELECT id, {fields} FROM customers").fetchall(),
                             columns=["id"] + [name for name, _, _ in CUSTOMER_FIELDS]).set_index("id")
    segments = []
    for name, label_en, label_zh in CUSTOMER_FIELDS:
        facts = customer_ids.map(customers[name]).fillna("").astype(str)
        known = facts.ne("").to_numpy()
        values = sorted(pd.unique(facts[known]))
        if not 2 <= len(values) <= MAX_CUSTOMER_GROUPS:
            continue
        codes = np.full(len(facts), -1, dtype=np.int64)
        codes[known] = pd.Categorical(facts[known], categories=values).codes
        segments.append(Segment(f"customer.{name}", label_zh, label_en, codes,
                                tuple(Group(v, v, v) for v in values)))
    return segments


def read_variables(study: Study, survey: Survey, min_base: int, cancel: CancelToken | None = None,
                   dates: str = "created_at") -> tuple[Variables, np.ndarray]:
    """Every segment and outcome of the survey's live responses, and their response ids.

    Numbers first, then texts with customer_id and the `dates` column (read into the column cache for the
    periods): the frame reader turns rows of numbers into one float array at C speed, while a text column sends
    every row through Python; read together, the numbers would go that way too."""
    numeric = [q.code for q in segment_questions(survey)] + [q.code for q in survey.active_questions()
                                                              if q.type is T.MATRIX]
    texts = [q.code for q in survey.active_questions() if q.type is T.TEXT]
    frame = load_frame(study, survey, numeric)
    columns = dict(frame.items())
    columns.update(load_frame(study, survey, texts + [dates, "customer_id"]).items())
    ids = frame.index.to_numpy(dtype=np.int64)
    found = Variables(question_segments(survey, columns), score_outcomes(survey, columns),
                      driver_ratings(survey, columns))
    found.segments += customer_segments(study, columns["customer_id"])
    found.outcomes += topic_outcomes(study, survey, columns, min_base, cancel)
    found.outcomes += case_outcome(study, survey, ids)
    return found, ids
