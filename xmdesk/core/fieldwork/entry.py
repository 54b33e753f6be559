"""Offline data entry: validation with skip logic, drafts saved field by field, finished responses.

A field worker types a visit into a form generated from the survey. Every change is
saved as a draft in its own small transaction (`save_draft`), so a killed app loses
at most the field being typed, and the draft is offered back on reopen. Saving the
finished response (`save_response`) validates it again with the same rules the form
showed, clears the answers of questions that skip logic hid, computes the weighted
checklist compliance score of a mystery-shopping visit, and writes the response, its
visit metadata and the removal of its draft in one transaction.

Answers are always keyed by stored column name (`q7__wait`, `attr__staff`), the same
keys `xmdesk.core.survey.logic` evaluates, so the form, validation and analysis agree.
"""

from __future__ import annotations

import json
import math
import sqlite3
import uuid as uuidlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from xmdesk.core import messages
from xmdesk.core.study import audit
from xmdesk.core.loop import outbox
from xmdesk.core.survey import responses
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.patterns import PatternError, compile_pattern
from xmdesk.core.study.sql import idents
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey.model import CHOICE_TYPES, Question, QuestionType, Survey

# A photo bigger than this is most likely a mistake (a video, a RAW file); the study is e-mailed around.
PHOTO_LIMIT_MB = 20
CHOICES_LISTED = 12
"""Choices a refused value's message lists (a store list may have hundreds)."""


class EntryInvalid(XMDeskError):
    """A response that breaks the survey's rules; `problems` maps question codes to messages."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        code, problem = next(iter(self.problems.items()))
        super().__init__("entry.invalid", count=len(self.problems), code=code, problem=problem)


# -- the survey's rules --------------------------------------------------------------------


def scale_values(question: Question) -> list[int]:
    """The values of a scale question (NPS, rating, matrix rows), in order."""
    if question.choices:
        return [c.value for c in question.choices]
    low, high = question.scale() or (1, 5)
    return list(range(low, high + 1))


def _text_prop(question: Question, name: str) -> str:
    """A property given per language (`name_zh`, `name_en`) or once (`name`)."""
    lang = messages.language()
    for key in (f"{name}_{lang}", name, f"{name}_en", f"{name}_zh"):
        value = question.props.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


@dataclass
class SurveyRules:
    """Skip logic and constraints of a survey compiled once, checked on every keystroke."""

    survey: Survey
    relevant: dict[str, Any] = field(default_factory=dict)
    constraint: dict[str, Any] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    """Questions whose logic does not compile: said on the field, never silently ignored."""

    @classmethod
    def of(cls, survey: Survey) -> SurveyRules:
        """Compile the relevance and constraint of every active question once; logic that does not compile
        is kept in `broken` with its message, so the form shows it on the field rather than ignoring it."""
        from xmdesk.core.survey.logic import compile_expression

        rules = cls(survey)
        for question in survey.active_questions():
            for prop, target in (("relevant", rules.relevant), ("constraint", rules.constraint)):
                text = question.props.get(prop)
                if not isinstance(text, str) or not text.strip():
                    continue
                try:
                    target[question.code] = compile_expression(text, survey, current=question.code)
                except XMDeskError as error:
                    rules.broken[question.code] = messages.text("entry.bad_logic", detail=str(error))
        return rules

    def shown(self, answers: Mapping[str, Any]) -> list[Question]:
        """The questions skip logic shows, in order; a hidden question's answers count as empty later on."""
        visible: list[Question] = []
        seen: dict[str, Any] = {}
        for question in self.survey.active_questions():
            compiled = self.relevant.get(question.code)
            if compiled is None or compiled.test(seen):
                visible.append(question)
                for column in question.columns():
                    if answers.get(column.name) not in (None, ""):
                        seen[column.name] = answers[column.name]
        return visible

    def problems(self, answers: Mapping[str, Any], only: Sequence[str] | None = None) -> dict[str, str]:
        """What is wrong, per question code, among the shown questions (or just `only`)."""
        found: dict[str, str] = {}
        shown = self.shown(answers)
        visible_answers = {c.name: answers.get(c.name) for q in shown for c in q.columns()}
        for question in shown:
            if only is not None and question.code not in only:
                continue
            problem = self.broken.get(question.code) or question_problem(question, answers)
            if problem is None and question.code in self.constraint and _answered(question, answers):
                if not self.constraint[question.code].test(visible_answers):
                    problem = _text_prop(question, "constraint_message") or messages.text(
                        "entry.constraint", constraint=question.props["constraint"])
            if problem:
                found[question.code] = problem
        return found


    def stored_problems(self, columns: Mapping[str, Sequence[Any]]) -> dict[int, dict[str, str]]:
        """What is wrong with responses that arrive already stored (a merge), by row index and question
        code: every answered question's type, range and choice codes as the form checks them
        (`question_problem`), values in the form the import and the form store them, and the survey's
        constraints. A missing required answer and skip logic are not asked: imports store such
        responses too. `columns` maps stored column names to one value per response. Each column of a
        question is checked on its own (a matrix row, an option flag), each distinct value once, so a
        pack of thousands costs little more than its distinct answers."""
        found: dict[int, dict[str, str]] = {}
        for question in self.survey.questions:
            for name in (c.name for c in question.columns() if c.name in columns):
                column = columns[name]
                if _plain_text(question, column):
                    continue
                values = set(column)
                values -= _surely_numbers(question, values)
                bad = {value: problem for value in values if (problem := stored_problem(question, name, value))}
                for index, value in enumerate(column) if bad else ():
                    if value in bad:
                        found.setdefault(index, {}).setdefault(question.code, bad[value])
        if self.constraint:
            for index in range(len(next(iter(columns.values()), ()))):
                broken = {} if index in found else self._broken_constraints(
                    {name: column[index] for name, column in columns.items()})
                if broken:
                    found[index] = broken
        return found

    def _broken_constraints(self, answers: Mapping[str, Any]) -> dict[str, str]:
        broken: dict[str, str] = {}
        for code, compiled in self.constraint.items():
            question = self.survey.question(code)
            if _answered(question, answers) and not compiled.test(answers):
                broken[code] = _text_prop(question, "constraint_message") or messages.text(
                    "entry.constraint", constraint=question.props["constraint"])
        return broken


def _plain_text(question: Question, column: Sequence[Any]) -> bool:
    """A text question without a pattern whose values are all text: nothing to check, value by value
    (comments are nearly all distinct, so this spares a check per response)."""
    return (question.type is QuestionType.TEXT and not question.props.get("regex")
            and set(map(type, column)) <= {str, type(None)})


def _surely_numbers(question: Question, values: set[Any]) -> set[Any]:
    """The values of a number question's column that `stored_problem` would pass, told apart in one
    comprehension (an amount is nearly one distinct value per response): ints and floats within the
    question's min and max with no more than its decimals. A NaN, a bool, text or anything in doubt is left
    to `stored_problem`, which words what is wrong."""
    if question.type is not QuestionType.NUMBER:
        return set()
    low, high = question.props.get("min"), question.props.get("max")
    low = low if isinstance(low, (int, float)) else -math.inf
    high = high if isinstance(high, (int, float)) else math.inf
    decimals = question.props.get("decimals")
    return {value for value in values if type(value) in (int, float) and low <= value <= high
            and (not isinstance(decimals, int) or round(value, decimals) == value)}


def stored_problem(question: Question, name: str, value: Any) -> str | None:
    """The first thing wrong with one stored value of a question's column `name` (see
    `SurveyRules.stored_problems`)."""
    if value is None:
        return None
    if question.type is QuestionType.MULTIPLE:
        return _flags_problem(question, {name: value})
    if question.type in (QuestionType.TEXT, QuestionType.DATE):
        if not isinstance(value, str):
            return messages.text("entry.not_text", value=shown_value(value))
    elif isinstance(value, str) and question.answer_choices():  # a code or label that names no choice
        return _choice_problem(question, shown_value(value))
    elif isinstance(value, (str, bytes)) or value != value:  # text, a blob or NaN where a number belongs
        return messages.text("entry.not_a_number", value=shown_value(value))
    return None if value == "" else question_problem(question, {name: value})


def shown_value(value: Any) -> str:
    """A stored value as a message names it: a blob by its size, long text cut short (a hostile value
    cannot fill a report)."""
    if isinstance(value, bytes):
        return f"<{len(value):,} bytes>"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _answered(question: Question, answers: Mapping[str, Any]) -> bool:
    values = [answers.get(c.name) for c in question.columns()]
    if question.type is QuestionType.MULTIPLE:
        return any(v in (1, True, "1") for v in values)
    return any(v not in (None, "") for v in values)


def question_problem(question: Question, answers: Mapping[str, Any]) -> str | None:
    """The first thing wrong with one question's answer (type, range, form), or None."""
    if not _answered(question, answers):
        return messages.text("entry.required") if question.required else None
    if question.type is QuestionType.MULTIPLE:
        return _flags_problem(question, answers)
    if question.type is QuestionType.MATRIX:
        for column in question.columns():
            value = answers.get(column.name)
            if value not in (None, "") and value not in scale_values(question):
                return _scale_problem(question)
        return None
    value = answers.get(question.code)
    if question.type in CHOICE_TYPES or question.type is QuestionType.CHECKLIST:
        if value not in [c.value for c in question.answer_choices()]:
            return _choice_problem(question, value)
    elif question.type in (QuestionType.NPS, QuestionType.RATING):
        if value not in scale_values(question):
            return _scale_problem(question)
    elif question.type is QuestionType.NUMBER:
        return _number_problem(question, value)
    elif question.type is QuestionType.DATE:
        if parse_date(value) is None:
            return messages.text("entry.not_a_date", value=value)
    elif question.type is QuestionType.TEXT:
        return _pattern_problem(question, str(value))
    return None


def _pattern_problem(question: Question, value: str) -> str | None:
    """A typed text against the question's answer pattern, in linear time (a designer's pattern is a user's)."""
    pattern = question.props.get("regex")
    if not isinstance(pattern, str) or not pattern:
        return None
    try:
        if compile_pattern(pattern).fullmatch(value):
            return None
    except PatternError as refusal:
        return refusal.message()
    return _text_prop(question, "regex_message") or messages.text("entry.regex", pattern=pattern)


# How a multiple-choice option may be marked: selected (1) or not (0, or no answer).
FLAG_VALUES = (None, "", 0, 1, "0", "1")


def _flags_problem(question: Question, answers: Mapping[str, Any]) -> str | None:
    for column in question.columns():
        value = answers.get(column.name)
        if value not in FLAG_VALUES:
            return messages.text("entry.not_a_flag", value=shown_value(value), option=column.part)
    return None


def _choice_problem(question: Question, value: Any) -> str:
    """A value naming none of the choices, with the choices (code and label) a person can type instead: 'zz is not
    a number' said nothing about a choice question."""
    lang = messages.language()
    choices = question.answer_choices()
    known = ", ".join(f"{c.code} ({c.label(lang)})" for c in choices[:CHOICES_LISTED])
    more = ", …" if len(choices) > CHOICES_LISTED else ""
    return messages.text("entry.not_a_choice", value=value, known=known + more)


def _scale_problem(question: Question) -> str:
    values = scale_values(question)
    return messages.text("entry.out_of_scale", low=min(values), high=max(values))


def parse_number(value: Any) -> float | None:
    """A typed number (also with a comma or full-width digits), or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(",", "").translate(_FULL_WIDTH)
    try:
        return float(text)
    except ValueError:
        return None


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


def _number_problem(question: Question, value: Any) -> str | None:
    """Not a number, out of min..max, or too many decimals; the designer's constraint message when given."""
    number = parse_number(value)
    if number is None:
        return messages.text("entry.not_a_number", value=value)
    low, high = question.props.get("min"), question.props.get("max")
    decimals = question.props.get("decimals")
    if isinstance(low, (int, float)) and number < low:
        problem = messages.text("entry.below_min", min=low)
    elif isinstance(high, (int, float)) and number > high:
        problem = messages.text("entry.above_max", max=high)
    elif isinstance(decimals, int) and round(number, decimals) != number:
        problem = messages.text("entry.too_many_decimals", decimals=decimals)
    else:
        return None
    return _text_prop(question, "constraint_message") or problem


def parse_date(value: Any) -> date | None:
    """A date written as 2026-05-31 (the form's), or with a time as an import stores one."""
    try:
        return datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        return None


def clean_answers(survey: Survey, answers: Mapping[str, Any], shown: Sequence[Question]) -> dict[str, Any]:
    """Every question column with its stored value: hidden questions emptied, numbers as numbers."""
    visible = {q.code for q in shown}
    cleaned: dict[str, Any] = {}
    for question in survey.active_questions():
        for column in question.columns():
            value = answers.get(column.name) if question.code in visible else None
            if value == "":
                value = None
            if question.type is QuestionType.MULTIPLE:
                value = 1 if value in (1, True, "1") else (0 if question.code in visible else None)
            elif question.type is QuestionType.NUMBER and value is not None:
                value = parse_number(value)
            elif question.type is QuestionType.DATE and value is not None:
                value = str(value).strip()
            cleaned[column.name] = value
    return cleaned


# -- the compliance score of a mystery-shopping visit ---------------------------------------


@dataclass(frozen=True)
class Compliance:
    points: float
    possible: float

    @property
    def percent(self) -> float | None:
        """The score in % (one decimal), or None when no scored item was answered: an empty visit has no
        score, not 0 %."""
        return round(100.0 * self.points / self.possible, 1) if self.possible else None


def is_scored(question: Question) -> bool:
    """Checklist items, and choice questions whose choices carry weights, count towards the score."""
    if question.type is QuestionType.CHECKLIST:
        return True
    return question.type in CHOICE_TYPES and question.type is not QuestionType.MULTIPLE and any(
        c.weight is not None for c in question.choices)


def compliance(survey: Survey, answers: Mapping[str, Any], shown: Sequence[Question] | None = None) -> Compliance:
    """Weighted share of the checklist met: each answered item earns its choice's weight × the item's
    weight, out of its best choice's; 'not applicable' (a choice without weight) and skipped items
    leave both sides."""
    points = possible = 0.0
    for question in shown if shown is not None else survey.active_questions():
        if not is_scored(question):
            continue
        weights: dict[Any, float | None] = {c.value: c.weight for c in question.answer_choices()}
        earned = weights.get(answers.get(question.code))
        if earned is None:
            continue
        item_weight = float(question.props.get("weight", 1) or 0)
        best = max(w for w in weights.values() if w is not None)
        points += item_weight * earned
        possible += item_weight * best
    return Compliance(points, possible)


def compliance_by_section(survey: Survey, answers: Mapping[str, Any],
                          shown: Sequence[Question] | None = None) -> dict[str, Compliance]:
    """The score of each group (section) that has scored items, in survey order."""
    questions = list(shown if shown is not None else survey.active_questions())
    sections: dict[str, list[Question]] = {}
    for question in questions:
        if is_scored(question):
            sections.setdefault(question.group, []).append(question)
    return {group: compliance(survey, answers, items) for group, items in sections.items()}


def pass_mark(survey: Survey) -> float | None:
    """The compliance a visit needs to pass (`props["compliance"]["pass_percent"]`), if the survey sets one."""
    setting = survey.props.get("compliance")
    mark = setting.get("pass_percent") if isinstance(setting, dict) else None
    return float(mark) if isinstance(mark, (int, float)) else None


def is_mystery_shopping(survey: Survey) -> bool:
    """A survey with scored items (checklists, weighted choices) is filled as a visit: the entry
    area asks for store, time and shopper and shows the compliance score."""
    return any(is_scored(q) for q in survey.active_questions())


# -- visits, drafts and responses -----------------------------------------------------------


@dataclass
class Visit:
    """Where and when a mystery shopper went, and who it was."""

    store: str = ""
    visited_at: str = ""
    shopper: str = ""

    def is_empty(self) -> bool:
        """Nothing typed about the visit: with no score either, no visit row is kept for the response."""
        return not (self.store or self.visited_at or self.shopper)


def check_visit_time(text: str) -> str:
    """'2026-05-31 14:30' (or the ISO form) in a canonical form; raises ModelError otherwise."""
    if not text.strip():
        return ""
    try:
        return datetime.fromisoformat(text.strip().replace("T", " ")).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        raise ModelError("entry.bad_visit_time", value=text) from None


@dataclass
class Draft:
    """A response being typed; `response_id` is set when an existing response is being edited."""

    survey_code: str
    response_uuid: str = field(default_factory=lambda: uuidlib.uuid4().hex)
    response_id: int | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    visit: Visit = field(default_factory=Visit)
    worker: str = ""
    current: str = ""
    updated_at: str = ""


def save_draft(study: Study, draft: Draft, wait: bool = True) -> None:
    """Keep the response being typed (a few hundred bytes, one small transaction per field). With
    `wait=False` (the GUI's autosave, which must not freeze the form while an import writes) a busy
    writer raises `StudyBusy` at once and nothing is stored: the caller keeps the draft and tries again."""
    stamp = now_iso()
    with study.transaction(Changes.of("drafts"), blocking=wait) as conn:
        conn.execute(
            "INSERT INTO entry_drafts (response_uuid, survey_code, response_id, answers, visit, worker, current,"
            " device, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(response_uuid) DO UPDATE SET answers = excluded.answers, visit = excluded.visit,"
            " worker = excluded.worker, current = excluded.current, updated_at = excluded.updated_at",
            (draft.response_uuid, draft.survey_code, draft.response_id,
             json.dumps(draft.answers, ensure_ascii=False), json.dumps(asdict(draft.visit), ensure_ascii=False),
             draft.worker, draft.current, audit.device_id(), stamp, stamp),
        )
    draft.updated_at = stamp


def drafts(conn: sqlite3.Connection, survey_code: str) -> list[Draft]:
    """Unfinished responses of a survey, newest first: what the form offers back on reopen."""
    rows = conn.execute(
        "SELECT response_uuid, response_id, answers, visit, worker, current, updated_at FROM entry_drafts"
        " WHERE survey_code = ? ORDER BY updated_at DESC, rowid DESC", (survey_code,))
    return [Draft(survey_code, uid, rid, json.loads(answers), Visit(**json.loads(visit)), worker, current, stamp)
            for uid, rid, answers, visit, worker, current, stamp in rows]


def discard_draft(study: Study, survey: Survey, response_uuid: str) -> None:
    """Drop a draft, and the photos taken for it when it never became a response."""
    with study.transaction(Changes.of("drafts")) as conn:
        conn.execute("DELETE FROM entry_drafts WHERE response_uuid = ?", (response_uuid,))
        stored = conn.execute(f'SELECT 1 FROM "{survey.response_table}" WHERE uuid = ?', (response_uuid,)).fetchone()
        if stored is None:
            conn.execute("DELETE FROM attachments WHERE response_uuid = ?", (response_uuid,))


@dataclass(frozen=True)
class SavedResponse:
    id: int
    uuid: str
    created: bool
    compliance: float | None
    warnings: tuple[str, ...] = ()
    """Alert rules that failed over the new response: said, never raised (the response is stored)."""


def save_response(study: Study, survey: Survey, draft: Draft) -> SavedResponse:
    """Validate and store a finished (or edited) response, its visit and score; the draft goes. One transaction."""
    rules = SurveyRules.of(survey)
    problems = rules.problems(draft.answers)
    if problems:
        raise EntryInvalid(problems)
    shown = rules.shown(draft.answers)
    values = clean_answers(survey, draft.answers, shown)
    visit = Visit(draft.visit.store.strip(), check_visit_time(draft.visit.visited_at), draft.visit.shopper.strip())
    score = compliance(survey, values, shown).percent
    stamp = now_iso()
    table = survey.response_table
    with study.transaction(Changes.of("responses", "drafts", surveys=[survey.code])) as conn:
        if draft.response_id is None:
            response_id = insert_response(study, survey, values, draft.response_uuid, "entry",
                                          worker=draft.worker.strip())
            pending = outbox.add(conn, survey.code, [response_id])
        else:
            response_id, pending = draft.response_id, None
            before = _stored_answers(conn, survey, response_id)
            changed = {name: [before.get(name), value] for name, value in values.items() if before.get(name) != value}
            assignments = ", ".join(f'"{name}" = ?' for name in values)
            conn.execute(f'UPDATE "{table}" SET {assignments}, updated_at = ? WHERE id = ?',
                         [*values.values(), stamp, response_id])
            audit.record(study, "edit", "response", f"{survey.code}:{response_id}", {"changed": changed})
        _write_visit(conn, survey, draft.response_uuid, visit, score)
        conn.execute("DELETE FROM entry_drafts WHERE response_uuid = ?", (draft.response_uuid,))
    warnings = outbox.settle(study, [pending])
    return SavedResponse(response_id, draft.response_uuid, draft.response_id is None, score, tuple(warnings))


def insert_response(study: Study, survey: Survey, values: Mapping[str, Any], response_uuid: str, source: str,
                    worker: str = "", customer_id: str | None = None) -> int:
    """Add one new response (cleaned `values`, see `clean_answers`) inside the caller's transaction and
    audit it: the one arrival path of a typed response and of one sent from a phone or the kiosk
    (`source` says which). The caller adds the new ids to the outbox, so alert rules follow the commit."""
    row = dict(values, uuid=response_uuid, worker=worker, source=source, customer_id=customer_id,
               created_at=(stamp := now_iso()), updated_at=stamp, survey_version=survey.version,
               device_id=audit.device_id())
    cursor = study.conn.execute(f'INSERT INTO "{survey.response_table}" ({idents(list(row))})'
                                f' VALUES ({", ".join("?" * len(row))})', list(row.values()))
    response_id = audit.row_id(cursor)
    audit.record(study, "enter", "response", f"{survey.code}:{response_id}",
                 {"uuid": response_uuid, "worker": worker, "source": source})
    return response_id


def _write_visit(conn: sqlite3.Connection, survey: Survey, response_uuid: str, visit: Visit,
                 score: float | None) -> None:
    if visit.is_empty() and score is None:
        conn.execute("DELETE FROM entry_visits WHERE response_uuid = ?", (response_uuid,))
        return
    conn.execute(
        "INSERT INTO entry_visits (response_uuid, survey_code, store, visited_at, shopper, compliance)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(response_uuid) DO UPDATE SET store = excluded.store,"
        " visited_at = excluded.visited_at, shopper = excluded.shopper, compliance = excluded.compliance",
        (response_uuid, survey.code, visit.store, visit.visited_at, visit.shopper, score))


def _stored_answers(conn: sqlite3.Connection, survey: Survey, response_id: int) -> dict[str, Any]:
    names = [c.name for q in survey.active_questions() for c in q.columns()]
    row = conn.execute(f'SELECT {idents(names)} FROM "{survey.response_table}" WHERE id = ?', (response_id,)).fetchone()
    if row is None:
        raise ModelError("entry.not_found", survey=survey.code, id=response_id)
    return dict(zip(names, row))


def edit_draft(conn: sqlite3.Connection, survey: Survey, response_id: int) -> Draft:
    """A draft holding a stored response, to change it in the form and save it back; the unfinished
    edit of it when there is one."""
    for draft in drafts(conn, survey.code):
        if draft.response_id == response_id:
            return draft
    answers = {k: v for k, v in _stored_answers(conn, survey, response_id).items() if v is not None}
    response_uuid, worker = conn.execute(
        f'SELECT uuid, worker FROM "{survey.response_table}" WHERE id = ?', (response_id,)).fetchone()
    return Draft(survey.code, response_uuid, response_id, answers, visit_of(conn, response_uuid), worker)


def visit_of(conn: sqlite3.Connection, response_uuid: str) -> Visit:
    """The visit recorded for a response, or an empty one when there is none."""
    row = conn.execute("SELECT store, visited_at, shopper FROM entry_visits WHERE response_uuid = ?",
                       (response_uuid,)).fetchone()
    return Visit(*row) if row else Visit()


def delete_response(study: Study, survey: Survey, response_id: int, restore: bool = False) -> None:
    """Soft delete (or restore): the row stays, the audit log says who and when."""
    responses.soft_delete(study, survey, response_id, restore=restore)


# -- this laptop's responses ----------------------------------------------------------------


@dataclass(frozen=True)
class ResponseSummary:
    id: int
    uuid: str
    created_at: str
    updated_at: str
    worker: str
    deleted: bool
    store: str
    visited_at: str
    compliance: float | None


def device_responses(conn: sqlite3.Connection, survey: Survey, device: str | None = None,
                     limit: int = 2000) -> list[ResponseSummary]:
    """Responses entered on this laptop (its device id), newest first, deleted ones included."""
    rows = conn.execute(
        f'SELECT r.id, r.uuid, r.created_at, r.updated_at, r.worker, r.deleted, v.store, v.visited_at, v.compliance'
        f' FROM "{survey.response_table}" r LEFT JOIN entry_visits v ON v.response_uuid = r.uuid'
        f' WHERE r.device_id = ? ORDER BY r.id DESC LIMIT ?', (device or audit.device_id(), limit))
    return [ResponseSummary(i, u, c, up, w, bool(d), s or "", va or "", sc)
            for i, u, c, up, w, d, s, va, sc in rows]


# -- photos ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Photo:
    id: int
    name: str
    mime: str
    size: int


def add_photo(study: Study, survey: Survey, response_uuid: str, name: str, data: bytes, mime: str = "") -> int:
    """Store a photo in the study itself (a BLOB), so it travels with the file and its packs."""
    check_photo_size(name, len(data))
    mime = mime or _guess_mime(name)
    with study.transaction(Changes.of("responses", surveys=[survey.code])) as conn:
        cursor = conn.execute(
            "INSERT INTO attachments (survey_id, response_uuid, name, mime, data, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", (survey.id, response_uuid, name, mime, data, now_iso()))
        audit.record(study, "attach", "response", response_uuid, {"name": name, "bytes": len(data)})
        return audit.row_id(cursor)


def check_photo_size(name: str, size: int) -> None:
    """Refuse a photo above PHOTO_LIMIT_MB, whether typed in here or arriving by a merge."""
    size_mb = size / 1_000_000
    if size_mb > PHOTO_LIMIT_MB:
        raise ModelError("entry.photo_too_large", name=name, size=round(size_mb, 1), limit=PHOTO_LIMIT_MB)


def _guess_mime(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def photos(conn: sqlite3.Connection, response_uuid: str) -> list[Photo]:
    """The photos attached to a response, in the order they were added, with their sizes but not their bytes
    (a list of thumbnails must not read megabytes)."""
    rows = conn.execute("SELECT id, name, mime, length(data) FROM attachments WHERE response_uuid = ? ORDER BY id",
                        (response_uuid,))
    return [Photo(*row) for row in rows]


def photo_data(conn: sqlite3.Connection, photo_id: int) -> bytes:
    """The bytes of one photo, read only when it is shown; empty when it was removed meanwhile."""
    row = conn.execute("SELECT data FROM attachments WHERE id = ?", (photo_id,)).fetchone()
    return bytes(row[0]) if row else b""


def remove_photo(study: Study, photo_id: int) -> None:
    """Delete a photo from its response, with an audit entry naming the file; an id already gone is no
    error."""
    with study.transaction(Changes.of("responses")) as conn:
        row = conn.execute("SELECT response_uuid, name FROM attachments WHERE id = ?", (photo_id,)).fetchone()
        conn.execute("DELETE FROM attachments WHERE id = ?", (photo_id,))
        if row is not None:
            audit.record(study, "detach", "response", row[0], {"name": row[1]})
