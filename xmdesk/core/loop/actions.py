"""Improvement actions (改进行动) and their effect review (效果复盘).

Bigger problems than one customer become actions: a title, the pain points they address
(an attribute of the importance–performance matrix, a journey touchpoint or pain point,
a comment topic), an owner, a target metric and a due date, and a status. Once the action
has started, the effect review compares its metric before and after the start date, with
the base on each side and the test from `loop_stats` (z for NPS and top-2-box, Welch's t
for means), as numbers and as a chart spec that the app and the reports draw alike.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from xmdesk.core import messages
from xmdesk.core.study import audit
from xmdesk.core.loop import cases
from xmdesk.core.journey import maps as journeys
from xmdesk.core.study.changes import Changes
from xmdesk.core.charts.spec import ChartKind, ChartSpec, Series
from xmdesk.core.errors import ModelError
from xmdesk.core.loop.stats import METRICS, TEST_NAMES, compare, summarise
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey.model import QuestionType, load_survey
from xmdesk.core.vocabulary import numbers

ACTION_STATUSES = ("planned", "in_progress", "done", "cancelled")
PAIN_POINT_KINDS = ("ipa", "touchpoint", "topic")
ALPHA = 0.05


@dataclass(frozen=True)
class PainPoint:
    """What an action addresses: an IPA attribute (a matrix item column), a journey item, or a topic name."""

    kind: str
    ref: str
    label: str = ""


@dataclass
class Action:
    title: str
    target_survey: str
    target_question: str
    target_metric: str = "mean"
    start_date: str = ""
    due_date: str = ""
    owner: str = ""
    department: str | None = None
    pain_points: list[PainPoint] = field(default_factory=list)
    status: str = "planned"
    description: str = ""
    filter: str = ""
    date_column: str = "created_at"
    id: int | None = None

    def validate(self) -> None:
        """Raise ModelError, before anything is written, for an unknown status, target metric or pain-point
        kind, or a start or due date that is not an ISO date."""
        if self.status not in ACTION_STATUSES:
            raise ModelError("loop.bad_action_status", status=self.status, known=", ".join(ACTION_STATUSES))
        if self.target_metric not in METRICS:
            raise ModelError("loop.bad_metric", metric=self.target_metric, known=", ".join(METRICS))
        for value in (self.start_date, self.due_date):
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise ModelError("loop.bad_date", value=value) from None
        for point in self.pain_points:
            if point.kind not in PAIN_POINT_KINDS:
                raise ModelError("loop.bad_rule_kind", kind=point.kind, known=", ".join(PAIN_POINT_KINDS))


_ACTION_SQL = ("SELECT a.id, a.title, a.target_survey, a.target_question, a.target_metric, a.start_date, a.due_date,"
               " a.owner, d.name, a.pain_points, a.status, a.description, a.filter, a.date_column"
               " FROM actions a LEFT JOIN departments d ON d.id = a.department_id")


def _action(row: Any) -> Action:
    (action_id, title, survey, question, metric, start, due, owner, department, points, status, description,
     flt, date_column) = row
    return Action(title, survey or "", question or "", metric or "mean", start or "", due or "", owner, department,
                  [PainPoint(**p) for p in json.loads(points or "[]")], status, description, flt or "",
                  date_column or "created_at", action_id)


def save_action(study: Study, action: Action) -> int:
    """Add (no id) or change an action, in one transaction; returns its id."""
    action.validate()
    survey = load_survey(study, action.target_survey)
    if action.target_question not in {c.name for c in survey.columns()}:
        survey.question(action.target_question)  # raises the "no such question" message
    department_id = cases.add_department(study, action.department) if action.department else None
    values = (action.title, action.owner, department_id, action.target_survey, action.target_question,
              action.target_metric, json.dumps([asdict(p) for p in action.pain_points], ensure_ascii=False),
              action.start_date or None, action.due_date or None, action.status, action.description, action.filter,
              action.date_column, now_iso())
    with study.transaction(Changes.of("actions")) as conn:
        if action.id is None:
            action.id = audit.row_id(conn.execute(
                "INSERT INTO actions (title, owner, department_id, target_survey, target_question, target_metric,"
                " pain_points, start_date, due_date, status, description, filter, date_column, updated_at,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, now_iso())))
        else:
            conn.execute(
                "UPDATE actions SET title = ?, owner = ?, department_id = ?, target_survey = ?, target_question = ?,"
                " target_metric = ?, pain_points = ?, start_date = ?, due_date = ?, status = ?, description = ?,"
                " filter = ?, date_column = ?, updated_at = ? WHERE id = ?", (*values, action.id))
        audit.record(study, "save", "action", str(action.id), {"status": action.status})
    return action.id


def list_actions(study: Study) -> list[Action]:
    """Every improvement action of the study, oldest first."""
    return [_action(row) for row in study.conn.execute(_ACTION_SQL + " ORDER BY a.id")]


def get_action(study: Study, action_id: int) -> Action:
    """The action `action_id`; ModelError when the study has none (deleted, or from another study)."""
    row = study.conn.execute(_ACTION_SQL + " WHERE a.id = ?", (action_id,)).fetchone()
    if row is None:
        raise ModelError("loop.action_not_found", action=action_id)
    return _action(row)


def set_action_status(study: Study, action_id: int, status: str) -> None:
    """Change only the status, through `save_action`: the same checks, audit entry and listeners as
    an edit in the dialog."""
    action = get_action(study, action_id)
    action.status = status
    save_action(study, action)


def delete_action(study: Study, action_id: int) -> None:
    """Delete the action for good (there is no archive), with an audit entry."""
    with study.transaction(Changes.of("actions")) as conn:
        conn.execute("DELETE FROM actions WHERE id = ?", (action_id,))
        audit.record(study, "delete", "action", str(action_id))


def pain_point_candidates(study: Study, survey_code: str) -> list[PainPoint]:
    """What an action can address: rated attributes (the IPA items), journey touchpoints and pain points, topics."""
    lang = messages.language()
    survey = load_survey(study, survey_code)
    found = [PainPoint("ipa", column.name, f"{question.label(lang)} · {item.label(lang)}")
             for question in survey.active_questions() if question.type is QuestionType.MATRIX
             for column, item in zip(question.columns(), question.items)]
    for name in journeys.journey_names(study):
        found += [PainPoint("touchpoint", f"{name}/{item.name}", f"{name} · {item.name}")
                  for item in journeys.load_journey(study, name).items if item.kind in ("touchpoint", "pain_point")]
    try:
        from xmdesk.core.text.codebook import load_codebook

        found += [PainPoint("topic", topic, topic) for topic in load_codebook(study).names]
    except Exception:  # noqa: BLE001 - a study from before the codebook step simply has no topics
        pass
    return found


# -- effect review -------------------------------------------------------------------------


REVIEW_UNITS = {"nps": "pts", "top2": "%", "mean": ""}
"""The chart unit of each reviewed metric (and so how its values are written)."""


@dataclass(frozen=True)
class EffectReview:
    """The target metric before and after the action's start date, with bases and a test."""

    metric: str
    question: str
    start_date: str
    n_before: int
    n_after: int
    before: float
    after: float
    change: float
    test: str
    statistic: float
    p_value: float

    @property
    def significant(self) -> bool:
        """The change passed the test at ALPHA (5 %); a test that could not be run (p is NaN)
        never counts as significant."""
        return not math.isnan(self.p_value) and self.p_value < ALPHA

    @property
    def role(self) -> numbers.Role:
        """How the metric's values are written: NPS with its sign, a top-2 share in %, a mean."""
        return numbers.role_of_unit(REVIEW_UNITS[self.metric])

    def as_dict(self) -> dict[str, Any]:
        """The review as JSON-ready data: NaN (no test, no base) becomes null, and `significant` is
        added."""
        data = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}
        data["significant"] = self.significant
        return data

    def chart(self, title: str) -> ChartSpec:
        """Two bars, before and after, with their n; the test's verdict as a note."""
        verdict = messages.text("loop.review_significant" if self.significant else "loop.review_not_significant")
        note = messages.text("loop.review_note", test=self.test, change=self.change,
                             p=self.p_value if not math.isnan(self.p_value) else 1.0, verdict=verdict)
        unit = REVIEW_UNITS[self.metric]
        return ChartSpec(
            kind=ChartKind.BARS, title=messages.text("loop.review_title", title=title,
                                                     metric=messages.text(f"loop.metric_{self.metric}"),
                                                     date=self.start_date),
            categories=(messages.text("loop.review_before"), messages.text("loop.review_after")),
            series=(Series(self.question, (self.before, self.after), n=(self.n_before, self.n_after)),),
            unit=unit, value_range=(-100.0, 100.0) if self.metric == "nps" else None, notes=(note,),
            source={"action_review": self.question, "metric": self.metric, "start_date": self.start_date})


def effect_review(study: Study, action: Action, window_days: int | None = None) -> EffectReview:
    """Compare the metric on responses dated before the start date with those on or after it.

    `window_days` limits both sides to that many days around the date (a season's trend
    would otherwise pass for the action's effect).
    """
    from xmdesk.core.analysis.frame import load_frame

    if not action.start_date:
        raise ModelError("loop.action_needs_date", title=action.title)
    survey = load_survey(study, action.target_survey)
    column = action.target_question
    wanted = [column, action.date_column]
    compiled = None
    if action.filter.strip():
        from xmdesk.core.survey.logic import compile_condition

        compiled = compile_condition(action.filter, survey)
        wanted += [c for c in compiled.columns if c not in wanted]
    frame = load_frame(study, survey, wanted)
    dates = frame[action.date_column].fillna("").astype(str).str.slice(0, 10).to_numpy(dtype=object)
    side = np.where(dates == "", -1, np.where(dates < action.start_date, 0, 1))
    if window_days:
        start = date.fromisoformat(action.start_date)
        low = (start - timedelta(days=window_days)).isoformat()
        high = (start + timedelta(days=window_days)).isoformat()
        side = np.where((dates < low) | (dates >= high), -1, side)
    if compiled is not None:
        side = np.where(compiled.mask(frame), side, -1)
    question = survey.question(column.split("__")[0])
    scale = question.scale() or (1, 5)
    summary = summarise(frame[column].to_numpy(dtype=np.float64), side.astype(np.int64), 2, action.target_metric,
                        scale_high=scale[1])
    first, second = (type(summary)(summary.n[[k]], summary.a[[k]], summary.b[[k]]) for k in (0, 1))
    result = compare(first, second, action.target_metric)
    return EffectReview(action.target_metric, column, action.start_date, int(first.n[0]), int(second.n[0]),
                        float(result.before[0]), float(result.after[0]), float(result.change[0]),
                        TEST_NAMES[action.target_metric], float(result.statistic[0]), float(result.p_value[0]))


def install_demo_action(study: Study, survey_code: str) -> int:
    """One demo action: shorter queues from mid-August, reviewed on the waiting-time rating."""
    return save_action(study, Action(
        title="高峰期增开收银台与自助结账机", target_survey=survey_code, target_question="attr__queue",
        target_metric="mean", start_date="2026-08-15", due_date="2026-09-30", owner="王经理",
        department="门店运营部", status="done", date_column="visit_date",
        description="周末及晚高峰增开 2 个收银台，每店增加 4 台自助结账机。",
        pain_points=[PainPoint("ipa", "attr__queue", "排队等待时间"),
                     PainPoint("touchpoint", "零售门店购物旅程/排队结账", "零售门店购物旅程 · 排队结账")]))
