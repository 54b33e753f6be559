"""Editing a survey that may already hold responses, one undoable edit at a time.

An edit is data (`Edit`): applying it changes the survey in the study, in one
transaction, and returns its inverse, so undo is "apply the inverse" and is tested
without Qt (the designer's QUndoCommands only hold an edit and its inverse).

Answers are never lost or silently reinterpreted:
- removing a question that has answers archives it; its columns and data stay;
- the choices of a question may change freely until they have answers; an answered
  choice keeps its code and value unless an explicit recode rewrites the stored
  answers in the same transaction;
- renaming a question is allowed only while it has no answers;
- every structural change (columns, choice codes or values, questions added,
  archived or restored) bumps the survey's version and keeps that version's
  definition in `survey_versions`.
Logic (relevance, constraints) is checked after every edit: an edit that would leave
a question's logic pointing at an unknown, later or archived question is refused.
Nothing is left naming what is gone: removing a question, or dropping a choice or matrix row,
that another question's logic, an alert rule, a journey touchpoint, a dashboard tile, a report or
an improvement action uses is refused with their list (`xmdesk.core.survey.usage`); a rename asked with
`update=True` makes them follow the new code in the same transaction, and its inverse takes them back.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xmdesk.core.study import audit
from xmdesk.core.survey import usage
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.survey.derived_columns import drop_column, keep_value_indexes
from xmdesk.core.survey.logic import rename_references
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey.model import (
    CHOICE_TYPES,
    SEPARATOR,
    Choice,
    Item,
    Question,
    QuestionType,
    Survey,
    add_question,
    bump_survey_version,
    create_survey,
    load_survey,
    question_from_dict,
    question_to_dict,
    survey_from_dict,
    validate_code,
    write_parts,
)

LOGIC_PROPS = ("relevant", "constraint")
# Fields of a question that `update` may change; code, type, choices and items have their own edits.
UPDATABLE = ("label_en", "label_zh", "help_en", "help_zh", "required", "props")
SURVEY_FIELDS = ("title_en", "title_zh", "description", "props")


@dataclass
class Edit:
    """One change to a survey: `kind` names it, `code` the question, `data` the rest (JSON-ready)."""

    kind: str
    code: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Change:
    """What applying an edit did: its inverse (None when it cannot be undone) and whether it was structural."""

    edit: Edit
    inverse: Edit | None
    structural: bool
    codes: tuple[str, ...] = ()


def apply(study: Study, survey: Survey, edit: Edit) -> Change:
    """Apply `edit` to `survey` and the study; on any error neither changes."""
    try:
        operation = _OPERATIONS[edit.kind]
    except KeyError:
        raise ModelError("designer.unknown_edit", kind=edit.kind) from None
    study.require_writable()
    draft = copy.deepcopy(survey)
    with study.transaction(Changes.of("surveys", surveys=[survey.code])) as conn:
        inverse, structural = operation(study, draft, edit)
        _check_logic(draft)
        _write_positions(conn, draft)
        if structural:
            bump_survey_version(conn, draft, f"{edit.kind} {edit.code}".strip())
            if draft.derived:  # no derived variable, no value index to keep
                keep_value_indexes(conn, load_survey(study, survey.code))
        else:
            conn.execute("UPDATE surveys SET updated_at = ? WHERE id = ?", (now_iso(), draft.id))
        audit.record(study, f"design.{edit.kind}", "survey", f"{survey.code}.{edit.code}" if edit.code else survey.code,
                     {"data": edit.data})
    survey.__dict__.update(draft.__dict__)
    return Change(edit, inverse, structural, (edit.code,) if edit.code else ())


# -- convenience constructors, the designer's vocabulary ---------------------------------------


def add(question: Question, position: int | None = None) -> Edit:
    """Add `question` at `position` (None: at the end; out of range: clamped); undone by removing it."""
    return Edit("add", question.code, {"question": question_to_dict(question), "position": position})


def remove(code: str) -> Edit:
    """Remove a question: one with answers is archived (its columns and data stay), one without is deleted;
    refused while logic, rules, journeys, tiles, reports or actions use it."""
    return Edit("remove", code)


def restore(code: str) -> Edit:
    """Bring an archived question back into the form, with its answers."""
    return Edit("restore", code)


def update(code: str, **values: Any) -> Edit:
    """Change some of a question's texts, `required` or props (UPDATABLE); any other field raises ModelError
    at once, before anything is applied."""
    unknown = set(values) - set(UPDATABLE)
    if unknown:
        raise ModelError("designer.unknown_field", field=", ".join(sorted(unknown)))
    return Edit("update", code, dict(values))


def set_props(question: Question, **values: Any) -> Edit:
    """Change some properties; a value of None removes that property."""
    props = dict(question.props)
    for key, value in values.items():
        if value is None or value == "":
            props.pop(key, None)
        else:
            props[key] = value
    return update(question.code, props=props)


def rename(code: str, new_code: str, update: bool = False) -> Edit:
    """`update`: rules, journeys, dashboards, reports and actions that use the question follow the new
    code (in the same transaction); without it, a rename of a question they use is refused."""
    return Edit("rename", code, {"new": new_code, "update": True} if update else {"new": new_code})


def set_choices(code: str, choices: Sequence[Choice]) -> Edit:
    """Replace a question's choices; refused if a choice that has answers would lose its code or value
    (use `recode` to move those answers)."""
    return Edit("choices", code, {"choices": [_choice_dict(c) for c in choices]})


def set_items(code: str, items: Sequence[Item]) -> Edit:
    """Replace a matrix's rows; refused if a row that has answers would go (each row is a stored column)."""
    return Edit("items", code, {"items": [vars(i).copy() for i in items]})


def recode(code: str, mapping: Mapping[str, str], choices: Sequence[Choice]) -> Edit:
    """Give answered choices new codes or values: `mapping` old choice code -> new choice code."""
    return Edit("recode", code, {"mapping": dict(mapping), "choices": [_choice_dict(c) for c in choices]})


def move(code: str, position: int, group: str | None = None) -> Edit:
    """Move a question to `position` in the form (clamped), and into `group` when given; the version is not bumped,
    since no column changes."""
    return Edit("move", code, {"position": position, "group": group})


def update_survey(**values: Any) -> Edit:
    """Change the survey's own fields (SURVEY_FIELDS: titles, description, props); any other field
    raises ModelError at once. Both titles empty is refused when applied."""
    unknown = set(values) - set(SURVEY_FIELDS)
    if unknown:
        raise ModelError("designer.unknown_field", field=", ".join(sorted(unknown)))
    return Edit("survey", "", dict(values))


def set_title(lang: str, title: str) -> Edit:
    """The survey's title in `lang` ('zh' or 'en'), trimmed; undone like any survey edit."""
    return update_survey(**{f"title_{lang}": title.strip()})


def _choice_dict(choice: Choice) -> dict[str, Any]:
    return vars(choice).copy()


# -- answers already stored ------------------------------------------------------------------


def answer_count(conn: sqlite3.Connection, survey: Survey, question: Question) -> int:
    """Responses (soft-deleted ones too: they can be restored) that answered any part of the question."""
    columns = question.columns()
    if not columns:
        return 0
    present = " OR ".join(f'"{c.name}" IS NOT NULL' for c in columns)
    (count,) = conn.execute(f'SELECT COUNT(*) FROM "{survey.response_table}" WHERE {present}').fetchone()
    return int(count)


def value_counts(conn: sqlite3.Connection, survey: Survey, question: Question) -> dict[str, int]:
    """Answers per choice code: stored values for one-answer questions, filled columns for multiple."""
    if question.type is QuestionType.MULTIPLE:
        counts = {}
        for choice in question.choices:
            column = f"{question.code}{SEPARATOR}{choice.code}"
            (n,) = conn.execute(f'SELECT COUNT("{column}") FROM "{survey.response_table}"').fetchone()
            counts[choice.code] = int(n)
        return counts
    by_value = dict(conn.execute(
        f'SELECT "{question.code}", COUNT(*) FROM "{survey.response_table}"'
        f' WHERE "{question.code}" IS NOT NULL GROUP BY 1'))
    return {c.code: int(by_value.get(c.value, 0)) for c in question.answer_choices()}


# -- the operations: each changes `draft` and the database, and returns (inverse, structural) -----------


Operation = Callable[[Study, Survey, Edit], tuple["Edit | None", bool]]


def _add(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    question = question_from_dict(edit.data["question"])
    position = edit.data.get("position")
    position = len(draft.questions) if position is None else max(0, min(int(position), len(draft.questions)))
    # Inside apply's transaction, add_question's own is a savepoint.
    add_question(study, draft, question, position, bump_version=False)
    return remove(question.code), True


def _remove(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    question = draft.question(edit.code)
    _refuse_if_used(study, draft, question.code)
    if question.archived:
        return None, False
    if answer_count(conn, draft, question):
        question.archived = True
        _write_question(conn, draft, question)
        return restore(question.code), True
    position = draft.questions.index(question)
    conn.execute("DELETE FROM questions WHERE survey_id = ? AND code = ?", (draft.id, question.code))
    for column in question.columns():
        drop_column(conn, draft.response_table, column.name)
    draft.questions.remove(question)
    return add(question, position), True


def _restore(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    question = draft.question(edit.code)
    if not question.archived:
        return None, False
    question.archived = False
    _write_question(conn, draft, question)
    return Edit("archive", question.code), True


def _archive(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    question = draft.question(edit.code)
    _refuse_if_used(study, draft, question.code)
    question.archived = True
    _write_question(conn, draft, question)
    return restore(question.code), True


def _update(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    question = draft.question(edit.code)
    old = {name: copy.deepcopy(getattr(question, name)) for name in edit.data}
    for name, value in edit.data.items():
        setattr(question, name, bool(value) if name == "required" else copy.deepcopy(value))
    _check_scale_keeps_answers(conn, draft, question, old)
    question.validate()
    _write_question(conn, draft, question)
    return Edit("update", question.code, old), False


def _rename(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    question = draft.question(edit.code)
    new_code = str(edit.data["new"])
    if new_code == question.code:
        return None, False
    validate_code(new_code)
    if answer_count(conn, draft, question):
        raise ModelError("designer.rename_answered", code=question.code)
    renamed = replace(question, code=new_code)
    taken = {c.name.lower() for q in draft.questions if q is not question for c in q.columns()}
    taken |= {q.code.lower() for q in draft.questions if q is not question}
    if new_code.lower() in taken or any(c.name.lower() in taken for c in renamed.columns()):
        raise ModelError("survey.duplicate_code", code=new_code, survey=draft.code)
    updated = _users_following_rename(study, draft, question.code, new_code, bool(edit.data.get("update")))
    for before, after in zip(question.columns(), renamed.columns()):
        conn.execute(f'ALTER TABLE "{draft.response_table}" RENAME COLUMN "{before.name}" TO "{after.name}"')
    conn.execute("UPDATE questions SET code = ? WHERE survey_id = ? AND code = ?", (new_code, draft.id, question.code))
    old_code = question.code
    question.code = new_code
    for other in draft.questions:
        if _rewrite_references(other, old_code, new_code):
            _write_question(conn, draft, other)
    if updated:
        usage.rename_uses(study, draft, old_code, new_code)
    return rename(new_code, old_code, update=updated), True


def _set_choices(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    question = draft.question(edit.code)
    new = [Choice(**c) for c in edit.data["choices"]]
    old = question.choices
    offered = question.answer_choices()
    kept = {(c.code, c.value) for c in new}
    for code, count in value_counts(conn, draft, question).items():
        choice = next(c for c in offered if c.code == code)
        if count and (choice.code, choice.value) not in kept:
            raise ModelError("designer.answered_choice", question=question.code, code=code, count=count)
    _refuse_if_parts_used(study, draft, question, [c.code for c in old], [c.code for c in new], "choices")
    updated = replace(question, choices=new)
    updated.validate()
    _replace_columns(conn, draft, question, updated)
    question.choices = new
    _write_question(conn, draft, question)
    structural = [(c.code, c.value) for c in old] != [(c.code, c.value) for c in new]
    return set_choices(question.code, old), structural


def _set_items(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    question = draft.question(edit.code)
    new = [Item(**i) for i in edit.data["items"]]
    old = question.items
    kept = {i.code for i in new}
    for item in old:
        column = f"{question.code}{SEPARATOR}{item.code}"
        (count,) = conn.execute(f'SELECT COUNT("{column}") FROM "{draft.response_table}"').fetchone()
        if count and item.code not in kept:
            raise ModelError("designer.answered_item", question=question.code, code=item.code, count=count)
    _refuse_if_parts_used(study, draft, question, [i.code for i in old], list(kept), "items")
    updated = replace(question, items=new)
    updated.validate()
    _replace_columns(conn, draft, question, updated)
    question.items = new
    _write_question(conn, draft, question)
    return set_items(question.code, old), [i.code for i in old] != [i.code for i in new]


def _recode(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    """Rewrite stored answers from old choices to new ones, then replace the choices; one transaction."""
    conn = study.conn
    question = draft.question(edit.code)
    if question.type not in CHOICE_TYPES:
        raise ModelError("designer.recode_not_choice", question=question.code)
    mapping: dict[str, str] = dict(edit.data["mapping"])
    new = [Choice(**c) for c in edit.data["choices"]]
    old_by_code = {c.code: c for c in question.choices}
    new_by_code = {c.code: c for c in new}
    for source, target in mapping.items():
        if source not in old_by_code or target not in new_by_code:
            raise ModelError("designer.recode_unknown", question=question.code, code=source if source not in
                             old_by_code else target)
    counts = value_counts(conn, draft, question)
    for code, count in counts.items():
        choice = old_by_code[code]
        landing = new_by_code.get(mapping.get(code, code))
        if count and (landing is None or (code not in mapping and landing.value != choice.value)):
            raise ModelError("designer.answered_choice", question=question.code, code=code, count=count)
    _refuse_if_parts_used(study, draft, question, list(old_by_code), list(new_by_code), "choices")
    updated = replace(question, choices=new)
    updated.validate()
    moved = {s: t for s, t in mapping.items() if counts.get(s)}
    if question.type is QuestionType.MULTIPLE:
        _recode_multiple(conn, draft, question, updated, moved, counts)
    else:
        _recode_values(conn, draft, question, {old_by_code[s].value: new_by_code[t].value for s, t in moved.items()})
        _replace_columns(conn, draft, question, updated)
    question.choices = new
    _write_question(conn, draft, question)
    injective = len(set(mapping.values())) == len(mapping)
    inverse = recode(question.code, {t: s for s, t in mapping.items()}, list(old_by_code.values())) if injective else None
    return inverse, True


def _recode_values(conn: sqlite3.Connection, draft: Survey, question: Question, values: Mapping[int, int]) -> None:
    changed = {a: b for a, b in values.items() if a != b}
    if not changed:
        return
    cases = " ".join("WHEN ? THEN ?" for _ in changed)
    marks = ", ".join("?" for _ in changed)
    params: list[Any] = [v for pair in changed.items() for v in pair] + list(changed)
    conn.execute(f'UPDATE "{draft.response_table}" SET "{question.code}" = CASE "{question.code}" {cases} END'
                 f' WHERE "{question.code}" IN ({marks})', params)


def _recode_multiple(conn: sqlite3.Connection, draft: Survey, question: Question, updated: Question,
                     moved: Mapping[str, str], counts: Mapping[str, int]) -> None:
    """A multiple-choice option is a column: recoding renames columns (never merges two into one)."""
    unmoved = [c.code for c in question.choices if c.code not in moved]
    in_the_way = [code for code in unmoved if code in moved.values()]
    if len(set(moved.values())) != len(moved) or any(counts.get(code) for code in in_the_way):
        raise ModelError("designer.recode_merge_multiple", question=question.code)
    table, stem = draft.response_table, f"{question.code}{SEPARATOR}"
    for code in in_the_way:
        drop_column(conn, table, f"{stem}{code}")
    # Two steps through temporary names, so swapping two codes works.
    for source in moved:
        conn.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{stem}{source}" TO "{stem}{source}_recode_"')
    for source, target in moved.items():
        conn.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{stem}{source}_recode_" TO "{stem}{target}"')
    now = list(moved.values()) + [code for code in unmoved if code not in in_the_way]
    _replace_columns(conn, draft, replace(question, choices=[Choice(code, n) for n, code in enumerate(now)]),
                     updated)


def _move(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    question = draft.question(edit.code)
    old_position = draft.questions.index(question)
    old_group = question.group
    position = max(0, min(int(edit.data["position"]), len(draft.questions) - 1))
    draft.questions.remove(question)
    draft.questions.insert(position, question)
    group = edit.data.get("group")
    if group is not None:
        question.group = str(group)
        _write_question(conn, draft, question)
    return move(question.code, old_position, old_group), False


def _survey(study: Study, draft: Survey, edit: Edit) -> tuple[Edit | None, bool]:
    conn = study.conn
    old = {name: copy.deepcopy(getattr(draft, name)) for name in edit.data}
    if not str(edit.data.get("title_zh", draft.title_zh)).strip() and \
            not str(edit.data.get("title_en", draft.title_en)).strip():
        raise ModelError("designer.title_empty", survey=draft.code)  # lists, reports and covers name it by title
    for name, value in edit.data.items():
        setattr(draft, name, copy.deepcopy(value))
    conn.execute("UPDATE surveys SET title_en = ?, title_zh = ?, description = ?, props = ? WHERE id = ?",
                 (draft.title_en, draft.title_zh, draft.description, json.dumps(draft.props, ensure_ascii=False),
                  draft.id))
    return Edit("survey", "", old), False


_OPERATIONS: dict[str, Operation] = {
    "add": _add, "remove": _remove, "restore": _restore, "archive": _archive, "update": _update,
    "rename": _rename, "choices": _set_choices, "items": _set_items, "recode": _recode, "move": _move,
    "survey": _survey,
}


# -- helpers ---------------------------------------------------------------------------------


def _write_question(conn: sqlite3.Connection, survey: Survey, question: Question) -> None:
    """The question's row, choices and items as they are in `question` (matched by code)."""
    row = conn.execute("SELECT id FROM questions WHERE survey_id = ? AND code = ?",
                       (survey.id, question.code)).fetchone()
    if row is None:
        raise ModelError("survey.question_not_found", survey=survey.code, code=question.code)
    question_id = row[0]
    conn.execute(
        "UPDATE questions SET type = ?, label_en = ?, label_zh = ?, help_en = ?, help_zh = ?, required = ?,"
        " group_code = ?, props = ?, archived = ? WHERE id = ?",
        (question.type.value, question.label_en, question.label_zh, question.help_en, question.help_zh,
         int(question.required), question.group, json.dumps(question.props, ensure_ascii=False),
         int(question.archived), question_id))
    write_parts(conn, question_id, question)


def _write_positions(conn: sqlite3.Connection, survey: Survey) -> None:
    conn.executemany("UPDATE questions SET position = ? WHERE survey_id = ? AND code = ?",
                     [(n, survey.id, q.code) for n, q in enumerate(survey.questions)])


def _replace_columns(conn: sqlite3.Connection, survey: Survey, before: Question, after: Question) -> None:
    """Add the columns `after` needs and drop the (empty) ones only `before` had."""
    old = {c.name: c for c in before.columns()}
    new = {c.name: c for c in after.columns()}
    others = {c.name.lower() for q in survey.questions if q.code != before.code for c in q.columns()}
    for name in new.keys() - old.keys():
        if name.lower() in others:
            raise ModelError("survey.duplicate_code", code=name, survey=survey.code)
        conn.execute(f'ALTER TABLE "{survey.response_table}" ADD COLUMN "{name}" {new[name].sql_type}')
    for name in old.keys() - new.keys():
        drop_column(conn, survey.response_table, name)


def _check_scale_keeps_answers(conn: sqlite3.Connection, survey: Survey, question: Question,
                               old: Mapping[str, Any]) -> None:
    """Shrinking a rating scale below answers already given would reinterpret them: refused."""
    if "props" not in old or question.choices or question.type not in (QuestionType.RATING, QuestionType.MATRIX):
        return
    scale = question.scale()
    if scale is None:
        return
    _, high = scale
    present = " OR ".join(f'"{c.name}" > ?' for c in question.columns())
    (count,) = conn.execute(f'SELECT COUNT(*) FROM "{survey.response_table}" WHERE {present}',
                            [high] * len(question.columns())).fetchone()
    if count:
        raise ModelError("designer.scale_answered", question=question.code, points=high, count=count)


def _rewrite_references(question: Question, old: str, new: str) -> bool:
    """The question's logic naming `new` where it named `old` (through the parser's tokens)."""
    changed = False
    for prop in LOGIC_PROPS:
        text = question.props.get(prop)
        if isinstance(text, str):
            rewritten = rename_references(text, old, new)
            if rewritten != text:
                question.props[prop] = rewritten
                changed = True
    return changed


def _refuse_if_used(study: Study, survey: Survey, code: str) -> None:
    """A question that other questions' logic, a rule, a journey, a dashboard, a report or an action
    names cannot go: they would fail (a rule on it broke every later save)."""
    uses = usage.uses_of(study, survey, code)
    if uses:
        raise usage.QuestionInUse("remove", code, uses)


def _users_following_rename(study: Study, survey: Survey, old: str, new: str, update: bool) -> bool:
    """Whether a rename of `old` must update users outside the survey; refused when some use it and
    `update` was not asked, or when one of them cannot follow (a rule of every survey). Other
    questions' logic always follows: the designer rewrites it with the survey."""
    uses = [use for use in usage.uses_of(study, survey, old) if use.kind != "logic"]
    if any(use.kind == "shared_rule" for use in uses):
        raise usage.QuestionInUse("rename_shared", old, uses, parts=new)
    if uses and not update:
        raise usage.QuestionInUse("rename", old, uses, parts=new, can_update=True)
    return bool(uses)


def _refuse_if_parts_used(study: Study, survey: Survey, question: Question, old: Sequence[str],
                          new: Sequence[str], what: str) -> None:
    """Choices (or matrix rows) an edit drops cannot be named by anything (a filter `selected(${q}, 'x')`)."""
    by_part = {part: usage.uses_of(study, survey, question.code, part) for part in old if part not in new}
    used = {part: uses for part, uses in by_part.items() if uses}
    if used:
        uses = list(dict.fromkeys(use for part_uses in used.values() for use in part_uses))
        raise usage.QuestionInUse(what, question.code, uses, parts=", ".join(used))


def logic_problems(survey: Survey, question: Question, prop: str, text: str) -> list[str]:
    """Readable problems of `text` as `question`'s relevance or constraint (empty when fine), for typing."""
    if not text.strip():
        return []
    trial = copy.deepcopy(survey)
    trial.question(question.code).props[prop] = text
    return _problems(trial, question.code, text)


def _problems(survey: Survey, code: str, text: str) -> list[str]:
    from xmdesk.core.survey.logic import ExpressionError, check_references, parse, referenced_names
    from xmdesk.core.messages import text as message

    problems = check_references(text, survey, question=code)
    try:
        names = referenced_names(parse(text))
    except ExpressionError:
        names = []  # check_references said why
    for name in sorted(set(names)):
        if any(q.code == name and q.archived for q in survey.questions):
            problems.append(message("designer.archived_reference", code=name))
    return problems


def _check_logic(survey: Survey) -> None:
    for question in survey.active_questions():
        for prop in LOGIC_PROPS:
            text = question.props.get(prop)
            if isinstance(text, str) and text.strip():
                problems = _problems(survey, question.code, text)
                if problems:
                    raise ModelError("designer.bad_logic", question=question.code, problems="; ".join(problems))


def next_code(survey: Survey, stem: str = "q") -> str:
    """The first free `q1`, `q2`… (columns of archived questions count as taken)."""
    taken = {q.code.lower() for q in survey.questions} | {c.name.lower() for c in survey.columns()}
    number = len(survey.questions) + 1
    while f"{stem}{number}".lower() in taken:
        number += 1
    return f"{stem}{number}"


# -- templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """A survey to start from: resources/templates/surveys/<name>.json."""

    name: str
    name_en: str
    name_zh: str
    about_en: str
    about_zh: str
    order: int
    survey: Survey

    def title(self, lang: str = "zh") -> str:
        """The template's name as a picker shows it, in Chinese for 'zh' and English for any other language."""
        return self.name_zh if lang == "zh" else self.name_en

    def about(self, lang: str = "zh") -> str:
        """What the template is for, one paragraph, in Chinese for 'zh' and English otherwise."""
        return self.about_zh if lang == "zh" else self.about_en


def templates_dir() -> Path:
    """Where the bundled templates live (resources/templates/surveys), found the same way in a checkout
    and in the packaged app."""
    from xmdesk.core.study.resources import resources_dir

    return resources_dir() / "templates" / "surveys"


def list_templates() -> list[Template]:
    """Every bundled template, in their intended order (NPS, CSAT, CES, mystery shopper…)."""
    found = [_read_template(path) for path in sorted(templates_dir().glob("*.json"))]
    return sorted(found, key=lambda t: (t.order, t.name))


def load_template(name: str) -> Template:
    """The bundled template `name` (its file name without .json); an unknown name raises ModelError listing
    the known ones."""
    path = templates_dir() / f"{name}.json"
    if not path.is_file():
        known = ", ".join(t.name for t in list_templates())
        raise ModelError("designer.template_not_found", name=name, known=known)
    return _read_template(path)


def _read_template(path: Path) -> Template:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        meta = data.pop("template")
        survey = survey_from_dict(data)
        for question in survey.questions:
            question.validate()
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelError("designer.template_bad", path=str(path), detail=str(error)) from error
    return Template(path.stem, meta["name_en"], meta["name_zh"], meta.get("about_en", ""), meta.get("about_zh", ""),
                    int(meta.get("order", 99)), survey)


def create_from_template(study: Study, name: str, code: str | None = None, title_zh: str | None = None,
                         title_en: str | None = None) -> Survey:
    """A new survey in the study, a copy of template `name` (under `code` if given)."""
    source = load_template(name).survey
    return create_survey(study, code or source.code, title_en if title_en is not None else source.title_en,
                         title_zh if title_zh is not None else source.title_zh, source.questions,
                         source.description, source.props)


def new_question(survey: Survey, kind: QuestionType | str, group: str = "") -> Question:
    """A question of `kind` ready to edit, with a free code and what its type needs to be valid."""
    kind = QuestionType.parse(kind)
    question = Question(next_code(survey), kind, "New question", "新题目", group=group)
    if kind in CHOICE_TYPES:
        question.choices = [Choice("a1", 1, "Option 1", "选项 1"), Choice("a2", 2, "Option 2", "选项 2")]
    elif kind is QuestionType.NPS:
        question.props = {"low_en": "Not at all likely", "high_en": "Extremely likely", "low_zh": "完全不可能",
                          "high_zh": "非常可能"}
    elif kind is QuestionType.RATING:
        question.props = {"points": 5, "low_en": "Very dissatisfied", "high_en": "Very satisfied",
                          "low_zh": "非常不满意", "high_zh": "非常满意"}
    elif kind is QuestionType.MATRIX:
        question.items = [Item("r1", "Row 1", "第 1 行"), Item("r2", "Row 2", "第 2 行")]
        question.props = {"points": 5}
    elif kind is QuestionType.CHECKLIST:
        question.props = {"weight": 1}
    return question


DEMO_GROUPS = [("profile", "About the visit", "到访信息"), ("overall", "Overall", "总体评价"),
               ("attributes", "Attributes", "分项评价"), ("visit", "Purchase", "购买情况"),
               ("comments", "Comments", "意见与建议")]


def install_demo_groups(study: Study, survey: Survey) -> None:
    """The demo survey's groups get their names in both languages, as a designer would give them."""
    groups = [{"code": code, "label_en": en, "label_zh": zh, "page": False} for code, en, zh in DEMO_GROUPS]
    apply(study, survey, update_survey(props={**survey.props, "groups": groups}))
