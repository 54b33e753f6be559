"""Cleaning with a trail: correcting stored answers after the fact (issue 20).

A correction is planned, then applied. `plan_cell`, `plan_replace` and `plan_bulk` read the rows concerned and
return an `Edit` listing each cell with the value it has now and the value it will get, every new value checked
as the entry form checks it (`entry.stored_problem`, then the survey's constraints on that response): the plan is
the preview the user confirms. `apply_edit` writes exactly those cells in one transaction, refusing when a cell
no longer holds the value the plan read (someone changed it meanwhile: the preview would have lied), records one
audit row per response (who, when, old → new, the same form as an edit through the form) and returns the edit
done, whose `inverse()` undoes it through the same path. `history` reads a response's trail back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from xmdesk.core.errors import ModelError
from xmdesk.core.fieldwork.entry import EntryInvalid, SurveyRules, parse_number, stored_problem
from xmdesk.core.study import audit
from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.study.sql import ident, idents
from xmdesk.core.survey.logic import compile_condition
from xmdesk.core.survey.model import Question, QuestionType, Survey

Kind = Literal["set", "missing", "replace", "bulk", "paste", "undo"]

# Audit actions that change a response's answers: typed in, edited in the form, corrected here.
ANSWER_ACTIONS = ("enter", "edit", "clean")
# Audit actions of the survey that name a response among their ids (analysis.exclusion).
EXCLUSION_ACTIONS = ("responses.exclude", "responses.restore")


@dataclass(frozen=True)
class Cell:
    """One stored answer to change: `old` is what the plan read, `new` what it will hold."""

    response_id: int
    column: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Edit:
    """Cells of one survey changed together, as one transaction and one step of undo."""

    survey_code: str
    cells: tuple[Cell, ...]
    kind: Kind

    def inverse(self) -> Edit:
        """The edit that puts every cell back (applied through `apply_edit`, so it is checked and logged too)."""
        return Edit(self.survey_code, tuple(Cell(c.response_id, c.column, c.new, c.old) for c in self.cells), "undo")

    def response_ids(self) -> list[int]:
        """The responses the edit touches, in the order of its cells."""
        return list(dict.fromkeys(c.response_id for c in self.cells))


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a response's answers: when, by whom, how (`action`), and each column's old → new."""

    at: str
    actor: str
    action: str
    kind: str
    changed: dict[str, tuple[Any, Any]]
    reason: str = ""
    """Why the response was excluded from analysis (an exclusion or a restore)."""


def editable_question(survey: Survey, column: str) -> Question:
    """The active question owning a stored column; system columns and derived variables are not typed answers."""
    for question in survey.active_questions():
        if any(c.name == column for c in question.columns()):
            return question
    raise ModelError("entry.clean_not_answer", column=column, survey=survey.code)


def stored_value(question: Question, text: Any) -> Any:
    """A value as typed (CLI, a cell editor) in the form the response table stores: a choice named by its code,
    number or label (either language), a flag as 0/1, numbers as numbers; empty is missing. A value that does
    not convert is returned as given, for validation to say what is wrong with it."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    value = text.strip() if isinstance(text, str) else text
    if question.type is QuestionType.MULTIPLE:
        flags = {"1": 1, "0": 0, "true": 1, "false": 0, "yes": 1, "no": 0, "是": 1, "否": 0}
        return flags.get(str(value).lower(), value)
    if question.type in (QuestionType.TEXT, QuestionType.DATE):
        return str(value)
    for choice in question.answer_choices() if question.type is not QuestionType.NUMBER else ():
        if str(value) in (choice.code, str(choice.value), choice.label_en, choice.label_zh):
            return choice.value
    number = parse_number(value)
    if number is None:
        return value
    return int(number) if question.type is not QuestionType.NUMBER and number.is_integer() else number


def plan_cell(study: Study, survey: Survey, response_id: int, column: str, text: Any) -> Edit:
    """Set one answer (or make it missing with None or empty text), checked like entry."""
    question = editable_question(survey, column)
    value = stored_value(question, text)
    rows = _rows(study, survey, [response_id])
    if response_id not in rows:
        raise ModelError("entry.not_found", survey=survey.code, id=response_id)
    cells = _cells(survey, rows, question, column, {response_id: value})
    return Edit(survey.code, cells, "missing" if value is None else "set")


def plan_bulk(study: Study, survey: Survey, where: str, column: str, text: Any) -> Edit:
    """Set one column of every response the expression `where` selects (deleted ones left alone): the preview
    lists only the rows whose value changes."""
    if not where.strip():
        raise ModelError("entry.clean_where_needed")
    question = editable_question(survey, column)
    value = stored_value(question, text)
    condition = compile_condition(where, survey)
    rows = _rows(study, survey, None)
    chosen = {i: value for i, answers in rows.items() if condition.test(answers)}
    return Edit(survey.code, _cells(survey, rows, question, column, chosen), "bulk")


def plan_replace(study: Study, survey: Survey, code: str, find: str, replace: str) -> Edit:
    """Replace a piece of text within the answers of one text question (every occurrence, case as typed)."""
    question = editable_question(survey, code)
    if question.type is not QuestionType.TEXT:
        raise ModelError("entry.clean_not_text", code=code)
    if not find:
        raise ModelError("entry.clean_find_needed")
    rows = _rows(study, survey, None)
    chosen = {i: str(answers[code]).replace(find, replace) for i, answers in rows.items()
              if isinstance(answers.get(code), str) and find in answers[code]}
    return Edit(survey.code, _cells(survey, rows, question, code, chosen), "replace")


def plan_paste(study: Study, survey: Survey, values: Sequence[tuple[int, str, Any]]) -> Edit:
    """A block pasted over the table, as (response id, column, text) per cell: every value checked like entry
    against its response as the whole paste leaves it (two pasted answers of one response are checked together),
    and the first refused one refuses the paste, naming its response, column and why. Cells whose value does not
    change are left out, so the edit is exactly what changes."""
    questions = {name: editable_question(survey, name) for name in dict.fromkeys(name for _, name, _ in values)}
    rows = _rows(study, survey, list(dict.fromkeys(response_id for response_id, _, _ in values)))
    pasted: dict[int, dict[str, Any]] = {}
    for response_id, name, text in values:
        if response_id not in rows:
            raise ModelError("entry.not_found", survey=survey.code, id=response_id)
        pasted.setdefault(response_id, {})[name] = stored_value(questions[name], text)
    rules, cells = SurveyRules.of(survey), []
    for response_id, new in pasted.items():
        answers = dict(rows[response_id], **new)
        for name, value in new.items():
            problem = _problem(rules, questions[name], name, answers)
            if problem:
                raise ModelError("entry.clean_paste_refused", id=response_id, column=name, problem=problem)
            if not _same(rows[response_id].get(name), value):
                cells.append(Cell(response_id, name, rows[response_id].get(name), value))
    return Edit(survey.code, tuple(cells), "paste")


def apply_edit(study: Study, survey: Survey, edit: Edit) -> Edit:
    """Write a planned edit (or an inverse) in one audited transaction and return it; refused whole when any
    cell no longer holds the value the plan read."""
    if not edit.cells:
        return edit
    table = ident(survey.response_table)
    stamp, by_response = now_iso(), _by_response(edit.cells)
    with study.transaction(Changes.of("responses", surveys=[survey.code])) as conn:
        current = _rows(study, survey, list(by_response))
        for cell in edit.cells:
            now = current.get(cell.response_id, {}).get(cell.column)
            if cell.response_id not in current or not _same(now, cell.old):
                raise ModelError("entry.clean_changed_since", id=cell.response_id, column=cell.column)
        for response_id, cells in by_response.items():
            conn.execute(f"UPDATE {table} SET {', '.join(f'{ident(c.column)} = ?' for c in cells)}, updated_at = ?"
                         " WHERE id = ?", [*(c.new for c in cells), stamp, response_id])
            audit.record(study, "clean", "response", f"{survey.code}:{response_id}",
                         {"changed": {c.column: [c.old, c.new] for c in cells}, "kind": edit.kind})
    return edit


def set_value(study: Study, survey: Survey, response_id: int, column: str, text: Any) -> Edit:
    """Correct one answer at once (plan and apply): the edit done, its inverse undoes it."""
    return apply_edit(study, survey, plan_cell(study, survey, response_id, column, text))


def history(study: Study, survey: Survey, response_id: int) -> list[HistoryEntry]:
    """Every recorded change of a response, oldest first: entry, form edits, corrections, and its exclusions
    from analysis and restores (logged once per survey with the ids they concern)."""
    found = study.conn.execute(
        "SELECT at, actor, action, detail FROM audit_log WHERE entity = 'response' AND entity_id = ?"
        f" AND action IN ({', '.join('?' * len(ANSWER_ACTIONS))})"
        " OR entity = 'survey' AND entity_id = ? AND action IN (?, ?)"
        " AND EXISTS (SELECT 1 FROM json_each(detail, '$.ids') WHERE value = ?) ORDER BY id",
        (f"{survey.code}:{response_id}", *ANSWER_ACTIONS, survey.code, *EXCLUSION_ACTIONS, response_id))
    entries = []
    for at, actor, action, detail in found:
        data = json.loads(detail or "{}")
        changed = {str(k): (v[0], v[1]) for k, v in dict(data.get("changed", {})).items()}
        reason = data.get("reason") or dict(data.get("reasons", {})).get(str(response_id), "")
        entries.append(HistoryEntry(str(at), str(actor), str(action), str(data.get("kind", "")), changed,
                                    str(reason)))
    return entries


def _rows(study: Study, survey: Survey, ids: Sequence[int] | None) -> dict[int, dict[str, Any]]:
    """Stored answers of these responses (all not deleted ones when None), by id, keyed by column name."""
    names = [c.name for q in survey.active_questions() for c in q.columns()]
    sql = f"SELECT id, {idents(names)} FROM {ident(survey.response_table)} WHERE deleted = 0"
    if ids is None:
        cursor = study.conn.execute(sql + " ORDER BY id")
    else:
        cursor = study.conn.execute(sql + " AND id IN (SELECT value FROM json_each(?)) ORDER BY id",
                                    (json.dumps(list(ids)),))
    return {int(row[0]): dict(zip(names, row[1:])) for row in cursor}


def _cells(survey: Survey, rows: Mapping[int, Mapping[str, Any]], question: Question, column: str,
           values: Mapping[int, Any]) -> tuple[Cell, ...]:
    """The cells whose value changes, each new value checked against its response; all problems refused at once
    (by question code, the first response's message)."""
    rules = SurveyRules.of(survey)
    cells: list[Cell] = []
    for response_id, value in values.items():
        answers = rows[response_id]
        if _same(answers.get(column), value):
            continue
        problem = _problem(rules, question, column, dict(answers, **{column: value}))
        if problem:
            raise EntryInvalid({question.code: f"{problem} (#{response_id})"})
        cells.append(Cell(response_id, column, answers.get(column), value))
    return tuple(cells)


def _problem(rules: SurveyRules, question: Question, column: str, answers: Mapping[str, Any]) -> str | None:
    """What entry would say of the new value: its type, range or choice, then the survey's constraint on the
    response as it would stand. Missing is always allowed: cleaning removes wrong answers that imports stored."""
    value = answers.get(column)
    if value is None:
        return None
    return stored_problem(question, column, value) or rules.problems(answers, only=[question.code]).get(question.code)


def _same(a: Any, b: Any) -> bool:
    """Stored equality, where 3 and 3.0 are one value and so are two missing ones."""
    return a is b if a is None or b is None else bool(a == b)


def _by_response(cells: Iterable[Cell]) -> dict[int, list[Cell]]:
    grouped: dict[int, list[Cell]] = {}
    for cell in cells:
        grouped.setdefault(cell.response_id, []).append(cell)
    return grouped
