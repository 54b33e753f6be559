"""Surveys, questions and choices: the model, its validation and its storage.

Column names in a survey's response table are stable codes, never labels: a
single-answer question is one column named by its code; a multiple-choice question
is one 0/1 column per option (`q7__wait`); a matrix is one column per row
(`q5__staff`). Labels live in the question tables, in English and Chinese.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from xmdesk.core.study import audit
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError, StudyError
from xmdesk.core.survey.response_fields import RESPONSE_FIELD_COLUMNS
from xmdesk.core.study.file import Study, now_iso

CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,47}$")
CHOICE_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{0,31}$")
SEPARATOR = "__"


class QuestionType(str, Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    DROPDOWN = "dropdown"
    NPS = "nps"
    RATING = "rating"
    MATRIX = "matrix"
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHECKLIST = "checklist"

    @classmethod
    def parse(cls, value: str | QuestionType) -> QuestionType:
        """A type from its stored name; an unknown name raises ModelError listing the known ones (a template
        or a pack may be written by hand)."""
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(t.value for t in cls)
            raise ModelError("survey.bad_type", type=value, known=known) from None


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.DROPDOWN}
INTEGER_TYPES = {QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.NPS,
                 QuestionType.RATING, QuestionType.CHECKLIST}

# The response table's own columns; question codes may not take these names.
SYSTEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "INTEGER PRIMARY KEY"),
    ("uuid", "TEXT NOT NULL UNIQUE"),
    ("status", "TEXT NOT NULL DEFAULT 'complete'"),
    ("created_at", "TEXT NOT NULL"),
    ("updated_at", "TEXT NOT NULL"),
    ("survey_version", "INTEGER NOT NULL DEFAULT 1"),
    ("device_id", "TEXT NOT NULL DEFAULT ''"),
    ("worker", "TEXT NOT NULL DEFAULT ''"),
    ("customer_id", "TEXT"),
    ("source", "TEXT NOT NULL DEFAULT ''"),
    ("deleted", "INTEGER NOT NULL DEFAULT 0"),
) + RESPONSE_FIELD_COLUMNS  # who, when, how long, from where, as the survey tool told (response_fields)
SYSTEM_COLUMN_NAMES = frozenset(name for name, _ in SYSTEM_COLUMNS)


@dataclass
class Choice:
    code: str
    value: int
    label_en: str = ""
    label_zh: str = ""
    weight: float | None = None
    is_other: bool = False

    def label(self, lang: str = "zh") -> str:
        """The label in `lang`, else in the other language, else the code: a half-translated survey still shows
        every choice by some name."""
        return (self.label_zh if lang == "zh" else self.label_en) or self.label_en or self.label_zh or self.code


# A checklist item with no choices of its own is answered yes / no / not applicable (n.a. scores nothing).
CHECKLIST_CHOICES = (
    Choice("yes", 1, "Yes", "是", 1.0),
    Choice("no", 2, "No", "否", 0.0),
    Choice("na", 3, "Not applicable", "不适用", None),
)


@dataclass
class Item:
    """A row of a matrix question: one column per item."""

    code: str
    label_en: str = ""
    label_zh: str = ""

    def label(self, lang: str = "zh") -> str:
        """The label in `lang`, else in the other language, else the code: a half-translated survey still shows
        every row by some name."""
        return (self.label_zh if lang == "zh" else self.label_en) or self.label_en or self.label_zh or self.code


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    question: str
    part: str = ""


@dataclass
class Question:
    code: str
    type: QuestionType
    label_en: str = ""
    label_zh: str = ""
    help_en: str = ""
    help_zh: str = ""
    required: bool = False
    group: str = ""
    choices: list[Choice] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    # Type-specific settings: rating "points", end labels "low_zh"/"high_en"…, number
    # "min"/"max", checklist "weight", text "multiline", "constraint", "relevant"…
    props: dict[str, Any] = field(default_factory=dict)
    archived: bool = False

    def __post_init__(self) -> None:
        self.type = QuestionType.parse(self.type)

    def label(self, lang: str = "zh") -> str:
        """The label in `lang`, else in the other language, else the code: a half-translated survey still shows
        every question by some name."""
        return (self.label_zh if lang == "zh" else self.label_en) or self.label_en or self.label_zh or self.code

    def answer_choices(self) -> list[Choice]:
        """The choices answers are given from: a checklist item without its own has yes / no / n.a."""
        if self.type is QuestionType.CHECKLIST and not self.choices:
            return list(CHECKLIST_CHOICES)
        return self.choices

    def scale(self) -> tuple[int, int] | None:
        """The numeric range of a scale question (NPS 0-10, rating 1-N), else None."""
        if self.type is QuestionType.NPS:
            return (0, 10)
        if self.type in (QuestionType.RATING, QuestionType.MATRIX) and not self.choices:
            return (1, int(self.props.get("points", 5)))
        return None

    def columns(self) -> list[Column]:
        """The response-table columns this question owns, in order."""
        if self.type is QuestionType.MULTIPLE:
            return [Column(f"{self.code}{SEPARATOR}{c.code}", "INTEGER", self.code, c.code)
                    for c in self.choices]
        if self.type is QuestionType.MATRIX:
            return [Column(f"{self.code}{SEPARATOR}{i.code}", "INTEGER", self.code, i.code)
                    for i in self.items]
        if self.type is QuestionType.NUMBER:
            sql_type = "REAL"
        elif self.type in INTEGER_TYPES:
            sql_type = "INTEGER"
        else:
            sql_type = "TEXT"
        return [Column(self.code, sql_type, self.code)]

    def validate(self) -> None:
        """Raise ModelError with a message a survey designer can act on."""
        validate_code(self.code)
        if self.type in CHOICE_TYPES and len(self.choices) < 2:
            raise ModelError("survey.needs_choices", code=self.code, type=self.type.value)
        if self.type is QuestionType.MATRIX and not self.items:
            raise ModelError("survey.needs_items", code=self.code)
        if self.type in (QuestionType.RATING, QuestionType.MATRIX) and not self.choices:
            points = self.props.get("points", 5)
            if not isinstance(points, int) or not 2 <= points <= 11:
                raise ModelError("survey.bad_scale", code=self.code, points=points)
        _check_unique_codes(self.code, [c.code for c in self.choices])
        _check_unique_codes(self.code, [i.code for i in self.items])
        for choice in self.choices:
            if not CHOICE_CODE_PATTERN.match(choice.code):
                raise ModelError("survey.bad_code", code=choice.code)
        values = [c.value for c in self.choices]
        duplicates = {v for v in values if values.count(v) > 1}
        if duplicates:
            raise ModelError("survey.duplicate_value", code=self.code, value=min(duplicates))
        for item in self.items:
            if not CHOICE_CODE_PATTERN.match(item.code):
                raise ModelError("survey.bad_code", code=item.code)


@dataclass
class Survey:
    code: str
    title_en: str = ""
    title_zh: str = ""
    description: str = ""
    version: int = 1
    questions: list[Question] = field(default_factory=list)
    id: int | None = None
    # Survey-wide settings: "groups" (code, label_en, label_zh, page), XLSForm settings kept on import.
    props: dict[str, Any] = field(default_factory=dict)
    derived: list[Question] = field(default_factory=list)
    """Derived variables (issue 20): computed by analysis (`props["derived"]` says how), never asked or stored,
    so apart from `questions`; `question(code)` finds them, which makes them usable wherever a question is."""

    @property
    def response_table(self) -> str:
        """The table holding this survey's responses: one per survey, named from its code."""
        return f"responses_{self.code}"

    def title(self, lang: str = "zh") -> str:
        """The title in `lang`, else in the other language, else the survey's code."""
        return (self.title_zh if lang == "zh" else self.title_en) or self.title_en or self.title_zh or self.code

    def question(self, code: str) -> Question:
        """The question `code` names: an asked one, a derived variable, or a matrix row by its column
        (`attr__range`); ModelError when none."""
        for question in itertools.chain(self.questions, self.derived):
            if question.code == code:
                return question
        row = matrix_row_question(self.questions, code)  # 'attr__range': one row of a matrix, as a question
        if row is not None:
            return row
        raise ModelError("survey.question_not_found", survey=self.code, code=code)

    def active_questions(self) -> list[Question]:
        """The questions still asked, in form order (archived ones keep their data but leave the form)."""
        return [q for q in self.questions if not q.archived]

    def columns(self) -> list[Column]:
        """Every stored column of every question, archived ones included: their data are still in the table."""
        return [column for q in self.questions for column in q.columns()]

    def validate(self) -> None:
        """Raise ModelError when the survey's code, a question or the questions' codes are not valid:
        for a definition read from a file (a response pack) rather than built by the designer."""
        validate_code(self.code)
        _check_unique_codes(self.code, [q.code for q in self.questions])
        for question in self.questions:
            question.validate()

    def group_label(self, code: str, lang: str = "zh") -> str:
        """A group's label in `lang`, else its code (groups are named in `props["groups"]`)."""
        for group in self.props.get("groups", []):
            if group.get("code") == code:
                return str(group.get(f"label_{lang}") or group.get("label_en") or group.get("label_zh") or code)
        return code


def matrix_row_question(questions: Iterable[Question], code: str) -> Question | None:
    """The row of a matrix named by its stored column (`attr__range`) as the question it asks, so it can be
    analysed, filtered, charted and linked wherever a question can: a rating on the matrix's scale, or a
    single choice from its choices, labelled 'matrix text - row text'. Made afresh on each call, never
    stored: the survey's definition holds the matrix only. None when `code` names no matrix row."""
    matrix_code, _, row_code = code.partition(SEPARATOR)
    matrix = next((q for q in questions if q.code == matrix_code and q.type is QuestionType.MATRIX), None)
    item = next((i for i in matrix.items if i.code == row_code), None) if matrix is not None else None
    if matrix is None or item is None:
        return None
    qtype = QuestionType.SINGLE if matrix.choices else QuestionType.RATING
    en, zh = (" - ".join(part for part in (matrix.label(lang), item.label(lang)) if part) for lang in ("en", "zh"))
    return Question(code, qtype, en, zh, group=matrix.group, choices=list(matrix.choices), props=dict(matrix.props),
                    archived=matrix.archived)


def matrix_row_questions(questions: Iterable[Question]) -> list[Question]:
    """Every row of the matrices among `questions` as a question of its own (`matrix_row_question`), in order:
    what a picker of questions offers beside them."""
    listed = list(questions)
    rows = (matrix_row_question(listed, f"{q.code}{SEPARATOR}{item.code}")
            for q in listed if q.type is QuestionType.MATRIX for item in q.items)
    return [row for row in rows if row is not None]


# -- definitions as plain data (templates, version history, packs) ----------------------


def survey_to_dict(survey: Survey) -> dict[str, Any]:
    """The whole definition as JSON-ready data; `survey_from_dict` reads it back unchanged."""
    return {"code": survey.code, "title_en": survey.title_en, "title_zh": survey.title_zh,
            "description": survey.description, "version": survey.version, "props": survey.props,
            "questions": [question_to_dict(q) for q in survey.questions]}


def question_to_dict(question: Question) -> dict[str, Any]:
    """The question as JSON-ready data (the type by its name), as edits, versions and packs carry it."""
    data = asdict(question)
    data["type"] = question.type.value
    return data


def question_from_dict(data: Mapping[str, Any]) -> Question:
    """Read back what `question_to_dict` wrote; the type is checked, the rest is taken as it is."""
    values = dict(data)
    values["choices"] = [Choice(**c) for c in values.get("choices", [])]
    values["items"] = [Item(**i) for i in values.get("items", [])]
    return Question(**values)


def survey_from_dict(data: Mapping[str, Any]) -> Survey:
    """Read back what `survey_to_dict` wrote (a template, a recorded version, a pack's definition);
    missing titles, description and props default to empty, the version to 1."""
    return Survey(code=data["code"], title_en=data.get("title_en", ""), title_zh=data.get("title_zh", ""),
                  description=data.get("description", ""), version=int(data.get("version", 1)),
                  props=dict(data.get("props", {})),
                  questions=[question_from_dict(q) for q in data.get("questions", [])])


def record_version(conn: sqlite3.Connection, survey: Survey, change: str) -> None:
    """Keep the definition of this version, so data typed against it can still be read."""
    conn.execute(
        "INSERT OR REPLACE INTO survey_versions (survey_id, version, created_at, change, definition)"
        " VALUES (?, ?, ?, ?, ?)",
        (survey.id, survey.version, now_iso(), change, json.dumps(survey_to_dict(survey), ensure_ascii=False)),
    )


def version_definition(conn: sqlite3.Connection, survey_code: str, version: int) -> Survey | None:
    """The survey as it was at `version`, if that version was recorded."""
    row = conn.execute(
        "SELECT v.definition FROM survey_versions v JOIN surveys s ON s.id = v.survey_id"
        " WHERE s.code = ? AND v.version = ?", (survey_code, version)).fetchone()
    return survey_from_dict(json.loads(row[0])) if row else None


def validate_code(code: str) -> None:
    """Refuse a code that cannot be a column name: a letter, then letters, digits or '_' (48 at most), no
    '__' (it joins a question to its choice or row), not a system column's name."""
    if not isinstance(code, str) or not CODE_PATTERN.match(code) or SEPARATOR in code:
        raise ModelError("survey.bad_code", code=code)
    if code.lower() in SYSTEM_COLUMN_NAMES:
        raise ModelError("survey.reserved_code", code=code)


def _check_unique_codes(owner: str, codes: Sequence[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code.lower() in seen:
            raise ModelError("survey.duplicate_code", code=code, survey=owner)
        seen.add(code.lower())


# -- storage -----------------------------------------------------------------------------


def create_survey(study: Study, code: str, title_en: str = "", title_zh: str = "",
                  questions: Iterable[Question] = (), description: str = "",
                  props: Mapping[str, Any] | None = None) -> Survey:
    """A new survey with its (empty) response table, in one transaction."""
    validate_code(code)
    if study.conn.execute("SELECT 1 FROM surveys WHERE code = ? COLLATE NOCASE", (code,)).fetchone():
        raise ModelError("survey.exists", code=code)
    survey = Survey(code=code, title_en=title_en, title_zh=title_zh, description=description,
                    props=dict(props or {}))
    columns = ", ".join(f'"{name}" {decl}' for name, decl in SYSTEM_COLUMNS)
    with study.transaction(Changes.of("surveys", surveys=[code])) as conn:
        stamp = now_iso()
        cursor = conn.execute(
            "INSERT INTO surveys (code, title_en, title_zh, description, version, response_table,"
            " created_at, updated_at, props) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
            (code, title_en, title_zh, description, survey.response_table, stamp, stamp,
             json.dumps(survey.props, ensure_ascii=False)),
        )
        survey.id = cursor.lastrowid
        conn.execute(f'CREATE TABLE "{survey.response_table}" ({columns})')
        # Soft-deleted rows are few; a partial index makes "are there any?" free.
        conn.execute(f'CREATE INDEX "{survey.response_table}_deleted" '
                     f'ON "{survey.response_table}" (id) WHERE deleted = 1')
        for question in questions:
            add_question(study, survey, question, bump_version=False)
        record_version(conn, survey, "create")
        audit.record(study, "create", "survey", code)
    return survey


def add_question(study: Study, survey: Survey, question: Question, position: int | None = None,
                 bump_version: bool = True) -> Question:
    """Add a question and its response columns; the survey's version goes up by one."""
    question.validate()
    taken = {c.name.lower() for c in survey.columns()} | {q.code.lower() for q in survey.questions}
    clash = [c.name for c in question.columns() if c.name.lower() in taken]
    if question.code.lower() in taken or clash:
        raise ModelError("survey.duplicate_code", code=question.code, survey=survey.code)
    needed = len(SYSTEM_COLUMNS) + len(survey.columns()) + len(question.columns())
    if needed > column_limit(study.conn):  # ALTER TABLE would fail with 'too many columns'
        raise ModelError("survey.too_many_columns", survey=survey.code, count=needed, limit=column_limit(study.conn))
    position = len(survey.questions) if position is None else position
    try:
        _insert_question(study, survey, question, position, bump_version)
    except BaseException:
        survey.questions[:] = [q for q in survey.questions if q is not question]
        raise
    return question


def column_limit(conn: sqlite3.Connection) -> int:
    """How many columns a table may have in this SQLite (2,000 unless it was built otherwise): a survey's
    response table holds its system columns and one or more per question."""
    return conn.getlimit(sqlite3.SQLITE_LIMIT_COLUMN)


def _insert_question(study: Study, survey: Survey, question: Question, position: int, bump_version: bool) -> None:
    with study.transaction(Changes.of("surveys", surveys=[survey.code])) as conn:
        conn.execute("UPDATE questions SET position = position + 1 WHERE survey_id = ? AND position >= ?",
                     (survey.id, position))
        question_id = conn.execute(
            "INSERT INTO questions (survey_id, code, position, type, label_en, label_zh, help_en, help_zh,"
            " required, group_code, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (survey.id, question.code, position, question.type.value, question.label_en,
             question.label_zh, question.help_en, question.help_zh, int(question.required),
             question.group, json.dumps(question.props, ensure_ascii=False)),
        ).lastrowid
        assert question_id is not None
        write_parts(conn, question_id, question)
        for column in question.columns():
            conn.execute(f'ALTER TABLE "{survey.response_table}" ADD COLUMN "{column.name}" {column.sql_type}')
        survey.questions.insert(position, question)
        if bump_version:
            bump_survey_version(conn, survey, f"add {question.code}")
        audit.record(study, "add", "question", f"{survey.code}.{question.code}")


def write_parts(conn: sqlite3.Connection, question_id: int, question: Question) -> None:
    """A question's choices and matrix rows, replacing what the file held for it."""
    conn.execute("DELETE FROM choices WHERE question_id = ?", (question_id,))
    conn.executemany(
        "INSERT INTO choices (question_id, code, value, label_en, label_zh, position, weight, is_other)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(question_id, c.code, c.value, c.label_en, c.label_zh, i, c.weight, int(c.is_other))
         for i, c in enumerate(question.choices)],
    )
    conn.execute("DELETE FROM question_items WHERE question_id = ?", (question_id,))
    conn.executemany(
        "INSERT INTO question_items (question_id, code, label_en, label_zh, position) VALUES (?, ?, ?, ?, ?)",
        [(question_id, item.code, item.label_en, item.label_zh, i) for i, item in enumerate(question.items)],
    )


def bump_survey_version(conn: sqlite3.Connection, survey: Survey, change: str) -> None:
    """A structural change: the next version number, and its definition kept in the history."""
    survey.version += 1
    conn.execute("UPDATE surveys SET version = ?, updated_at = ? WHERE id = ?",
                 (survey.version, now_iso(), survey.id))
    record_version(conn, survey, change)


def survey_codes(study: Study) -> list[str]:
    """The codes of the study's surveys, in the order they were made."""
    return [code for (code,) in study.conn.execute("SELECT code FROM surveys ORDER BY id")]


def load_survey(study: Study, code: str) -> Survey:
    """The survey `code` as it is now, with its questions (archived ones too) and derived variables;
    an unknown code raises ModelError listing the study's surveys."""
    row = study.conn.execute(
        "SELECT id, code, title_en, title_zh, description, version, props FROM surveys WHERE code = ?", (code,)
    ).fetchone()
    if row is None:
        raise ModelError("survey.not_found", code=code, known=", ".join(survey_codes(study)) or "-")
    with _stored(study, f"survey {code}"):
        survey = Survey(id=row[0], code=row[1], title_en=row[2], title_zh=row[3], description=row[4],
                        version=row[5], props=json.loads(row[6]))
        survey.questions = _load_questions(study, row[0])
        survey.derived = _load_derived(study, code)
    return survey


@contextmanager
def _stored(study: Study, what: str) -> Iterator[None]:
    """Reading a definition XMDesk wrote: JSON that does not parse, a question type or choice it never writes
    is damage to the file, said so with the recovery command (found by changing bytes of a demo study at random:
    a question's properties no longer JSON ended `info` and `report` in a JSONDecodeError)."""
    try:
        yield
    except (ValueError, TypeError) as error:
        raise StudyError("study.damaged", path=study.path, detail=f"{what}: {error}"[:160]) from error


def list_surveys(study: Study) -> list[Survey]:
    """Every survey of the study, loaded whole, in the order they were made."""
    return [load_survey(study, code) for code in survey_codes(study)]


def _load_questions(study: Study, survey_id: int) -> list[Question]:
    conn = study.conn
    choices: dict[int, list[Choice]] = {}
    for qid, code, value, label_en, label_zh, weight, is_other in conn.execute(
        "SELECT c.question_id, c.code, c.value, c.label_en, c.label_zh, c.weight, c.is_other FROM choices c"
        " JOIN questions q ON q.id = c.question_id WHERE q.survey_id = ? ORDER BY c.question_id, c.position",
        (survey_id,),
    ):
        choices.setdefault(qid, []).append(Choice(code, value, label_en, label_zh, weight, bool(is_other)))
    items: dict[int, list[Item]] = {}
    for qid, code, label_en, label_zh in conn.execute(
        "SELECT i.question_id, i.code, i.label_en, i.label_zh FROM question_items i"
        " JOIN questions q ON q.id = i.question_id WHERE q.survey_id = ? ORDER BY i.question_id, i.position",
        (survey_id,),
    ):
        items.setdefault(qid, []).append(Item(code, label_en, label_zh))
    return [
        Question(code=code, type=QuestionType(qtype), label_en=label_en, label_zh=label_zh, help_en=help_en,
                 help_zh=help_zh, required=bool(required), group=group, choices=choices.get(qid, []),
                 items=items.get(qid, []), props=json.loads(props), archived=bool(archived))
        for qid, code, qtype, label_en, label_zh, help_en, help_zh, required, group, props, archived in conn.execute(
            "SELECT id, code, type, label_en, label_zh, help_en, help_zh, required, group_code, props, archived"
            " FROM questions WHERE survey_id = ? ORDER BY position",
            (survey_id,),
        ).fetchall()  # read whole first: a row that does not decode must leave no statement open on the study
    ]


def _load_derived(study: Study, survey_code: str) -> list[Question]:
    """The survey's derived variables as questions whose `props["derived"]` holds their definition."""
    rows = study.conn.execute(
        "SELECT code, type, kind, label_en, label_zh, definition, choices FROM derived_variables"
        " WHERE survey_code = ? ORDER BY position, id", (survey_code,)).fetchall()
    return [Question(code=code, type=QuestionType(qtype), label_en=label_en, label_zh=label_zh,
                     choices=[Choice(**c) for c in json.loads(choices)],
                     props={"derived": {"kind": kind, **json.loads(definition)}})
            for code, qtype, kind, label_en, label_zh, definition, choices in rows]
