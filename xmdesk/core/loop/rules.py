"""What an alert rule is and which answers it reads: the types the rule kinds share.

`alerts` stores and runs rules; `store_drop` evaluates the segment rule. Both need the rule, its hits
and the choice of the question a rule scores, so those live here, below both, and neither module
reaches into the other's private functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from xmdesk.core.errors import ModelError
from xmdesk.core.loop import cases
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, Survey, list_surveys, load_survey

RULE_KINDS = ("detractor", "low_score", "comment", "topic", "drop")
DEFAULT_WORDS = ("退款", "投诉", "12315")


@dataclass
class Rule:
    name: str
    kind: str
    definition: dict[str, Any] = field(default_factory=dict)
    survey_code: str | None = None
    department: str | None = None
    sla_hours: float = 24.0
    priority: str = "normal"
    filter: str = ""
    do_not_disturb_days: int = 0
    enabled: bool = True
    id: int | None = None
    last_error: str | None = None
    """Why the rule last failed to run (cleared when it next runs cleanly); shown in Cases."""
    last_error_at: str | None = None

    def validate(self, study: Study) -> None:
        """Raise ModelError for a rule that cannot run: no name, unknown kind or priority, an SLA not above
        zero, or a question or filter its surveys do not have. Checked when saved, not first at the next run."""
        if not self.name.strip():
            raise ModelError("loop.rule_needs_name")
        if self.kind not in RULE_KINDS:
            raise ModelError("loop.bad_rule_kind", kind=self.kind, known=", ".join(RULE_KINDS))
        if self.priority not in cases.PRIORITIES:
            raise ModelError("loop.bad_priority", priority=self.priority, known=", ".join(cases.PRIORITIES))
        if self.sla_hours <= 0:
            raise ModelError("loop.bad_sla", hours=self.sla_hours)
        for survey in rule_surveys(study, self):
            columns_of(self, survey)
            if self.filter.strip():
                from xmdesk.core.survey.logic import compile_condition

                compile_condition(self.filter, survey)


@dataclass(frozen=True)
class Hits:
    """What one rule found in one survey: response ids (or segment subjects), and how to describe each.

    A first run over a million responses finds hundreds of thousands of hits while a re-run
    opens none, so titles and details are made only for the hits that become cases.
    """

    response_ids: np.ndarray
    describe: Callable[[int], tuple[str, dict[str, Any]]]
    """Hit number → (case title, detail of what the rule saw)."""
    subjects: list[str] | None = None

    def __len__(self) -> int:
        return len(self.subjects) if self.subjects is not None else len(self.response_ids)


def no_hit(_: int) -> tuple[str, dict[str, Any]]:
    """The `describe` of an empty `Hits`: there is no hit to describe, so any call is a bug."""
    raise IndexError("no hits")


def rule_surveys(study: Study, rule: Rule) -> list[Survey]:
    """The surveys a rule looks at: its own survey, or every survey of the study when it names none."""
    if rule.survey_code:
        return [load_survey(study, rule.survey_code)]
    return list_surveys(study)


def first_question(survey: Survey, types: set[QuestionType]) -> str | None:
    """The code of the first active question of one of `types`, or None: what a rule reads when its
    definition names no question."""
    return next((q.code for q in survey.active_questions() if q.type in types), None)


def score_question(rule: Rule, survey: Survey) -> str | None:
    """The question a scoring rule reads: the one its definition names (an unknown one raises, it is
    not skipped), else the first NPS question (detractor, drop) or rating (low score); None if the survey has none."""
    code = rule.definition.get("question")
    if code:
        survey.question(code)  # an unknown question is reported, not skipped
        return str(code)
    wanted = {QuestionType.NPS} if rule.kind in ("detractor", "drop") else {QuestionType.RATING}
    return first_question(survey, wanted)


def text_questions(rule: Rule, survey: Survey) -> list[str]:
    """The text questions a comment or topic rule reads: those its definition names (each checked), else
    every active text question."""
    codes = rule.definition.get("questions") or [q.code for q in survey.active_questions()
                                                 if q.type is QuestionType.TEXT]
    for code in codes:
        survey.question(code)
    return list(codes)


def columns_of(rule: Rule, survey: Survey) -> list[str]:
    """The frame columns a rule reads in this survey (text columns of keyword rules are read with SQL)."""
    if rule.kind in ("detractor", "low_score"):
        code = score_question(rule, survey)
        return [code] if code else []
    if rule.kind == "drop":
        code = score_question(rule, survey)
        date_column = rule.definition.get("date_column", "created_at")
        segment = rule.definition.get("segment") or None
        return [c for c in (code, date_column, segment) if c] if code else []
    return text_questions(rule, survey)
