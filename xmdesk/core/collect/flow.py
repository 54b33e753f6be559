"""The survey as a phone walks it: screens, the answers a screen's form sends, the next screen.

One question per screen, or a whole group when the survey's group says `page: true`. Which questions
a screen shows and what is wrong with its answers are asked of `entry.SurveyRules` (the same skip
logic and validation the data-entry form and the stored response use), between screens, on the
server: the browser holds no copy of the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xmdesk.core.fieldwork.entry import SurveyRules, parse_number
from xmdesk.core.survey.model import Question, QuestionType, Survey

CHOSEN_TYPES = {QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.NPS, QuestionType.RATING,
                QuestionType.CHECKLIST}
"""Questions answered by one whole number: a choice's value or a point on a scale."""


@dataclass(frozen=True)
class Screen:
    index: int
    questions: tuple[Question, ...]


def page_groups(survey: Survey) -> set[str]:
    """Groups the designer asked to show on one page (`props["groups"][i]["page"]`)."""
    return {str(g.get("code")) for g in survey.props.get("groups", []) if g.get("page")}


def screens(survey: Survey, prefilled: Sequence[str] = ()) -> list[Screen]:
    """The survey's screens in order; questions answered by the link (`prefilled`) are not asked."""
    paged = page_groups(survey)
    grouped: list[list[Question]] = []
    for question in survey.active_questions():
        if question.code in prefilled:
            continue
        same_page = grouped and question.group in paged and grouped[-1][0].group == question.group
        if same_page:
            grouped[-1].append(question)
        else:
            grouped.append([question])
    return [Screen(i, tuple(questions)) for i, questions in enumerate(grouped)]


class Flow:
    """Where a respondent is and where they go next, from the answers so far."""

    def __init__(self, survey: Survey, prefilled: Sequence[str] = ()) -> None:
        self.survey = survey
        self.rules = SurveyRules.of(survey)
        self.screens = screens(survey, prefilled)

    def visible(self, screen: Screen, answers: Mapping[str, Any]) -> list[Question]:
        """The screen's questions that skip logic shows for these answers."""
        shown = {q.code for q in self.rules.shown(answers)}
        return [q for q in screen.questions if q.code in shown]

    def next_screen(self, answers: Mapping[str, Any], after: int = -1) -> Screen | None:
        """The first screen after `after` with a question to show; None when the survey is done."""
        shown = {q.code for q in self.rules.shown(answers)}
        for screen in self.screens[after + 1:]:
            if any(q.code in shown for q in screen.questions):
                return screen
        return None

    def screen(self, index: int) -> Screen | None:
        """The screen at this index, or None for an index the form's state cannot have (a stale or edited form is
        refused, not a crash)."""
        return self.screens[index] if 0 <= index < len(self.screens) else None

    def problems(self, screen: Screen, answers: Mapping[str, Any]) -> dict[str, str]:
        """What is wrong with the screen's shown questions, per question code, in the current language."""
        return self.rules.problems(answers, only=[q.code for q in screen.questions])


def read_screen(screen: Screen, fields: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The answers a screen's form sent, keyed by stored column name, typed as the rules check them:
    a choice or scale point as its number, a multiple choice as 0/1 flags, anything unreadable kept
    as typed so the rules name it. Every column of the screen is given (empty when not answered), so
    going back and clearing an answer clears it."""
    answers: dict[str, Any] = {}
    for question in screen.questions:
        if question.type is QuestionType.MULTIPLE:
            chosen = set(fields.get(question.code, ()))
            answers.update({c.name: int(c.part in chosen) for c in question.columns()})
            continue
        for column in question.columns():
            values = fields.get(column.name) or [""]
            answers[column.name] = typed(question, values[0].strip())
    return answers


def typed(question: Question, text: str) -> Any:
    """One field's text as the value the rules expect; text that is not one stays as typed."""
    if text == "":
        return None
    if question.type in CHOSEN_TYPES or question.type is QuestionType.MATRIX:
        return int(text) if text.isdigit() and len(text) < 10 else text
    if question.type is QuestionType.NUMBER:
        number = parse_number(text)
        return text if number is None else number
    return text
