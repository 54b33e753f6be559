"""What a derived variable reads from the stored columns, and the values SQLite keeps for it (issue 20).

Two kinds of derived variable are worked out row by row from stored answers alone: a count of selected
options and a straight-liner flag. Each has one SQL expression over its columns (`sql_value`), which
analysis reads instead of the columns themselves. On a million responses even that read costs half a
second: SQLite decodes the matrix's nine columns of every row to evaluate it (benchmarks/derived.py).

So each such variable also gets an index on its expression (`keep_value_indexes`): SQLite then stores the
value of every live response and recomputes it in the same transaction as every write (an import, an edit,
a merge, a deletion), and a read that names the same expression takes it from the index instead of
decoding the row. The index is a cache SQLite keeps exact, never a second truth: a read whose expression
no index matches computes it from the row as before, with the same result. It is kept in step with the
definitions (saved, removed) and with the survey's design (an edit that drops or changes a column), here in
the survey layer because design edits must drop an index before the columns it reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from xmdesk.core.errors import ModelError
from xmdesk.core.study.sql import ident
from xmdesk.core.survey.model import SEPARATOR, SYSTEM_COLUMN_NAMES, Question, QuestionType, Survey

FLAGS = ("speeder", "straightliner", "duplicate", "outlier")
STRAIGHT_MIN_ITEMS = 3


def definition_of(question: Question) -> dict[str, Any]:
    """The derived variable's definition (its kind and parameters); {} for a question."""
    definition = question.props.get("derived")
    return dict(definition) if isinstance(definition, Mapping) else {}


def derived_map(survey: Survey) -> dict[str, Question]:
    """code -> question of each derived variable of the survey, to look a code up or refuse a taken one."""
    return {q.code: q for q in survey.derived}


def column_names(survey: Survey) -> set[str]:
    """Every name a definition may read: stored columns, system columns and the other derived variables."""
    return {c.name for q in survey.questions for c in q.columns()} | set(derived_map(survey)) | SYSTEM_COLUMN_NAMES


def source_column(survey: Survey, definition: Mapping[str, Any], key: str) -> str:
    """The column `definition[key]` names, refused in words when the survey has none of that name (a question
    removed since the variable was defined reads as that, not as a KeyError in the middle of an analysis)."""
    name = str(definition.get(key) or "")
    if name not in column_names(survey):
        raise ModelError("derived.unknown_source", column=name or "-", survey=survey.code)
    return name


def _question_of_kind(survey: Survey, code: str, kinds: set[QuestionType], message_id: str) -> Question:
    try:
        question = survey.question(code)
    except ModelError:
        raise ModelError(message_id, code=code or "-") from None
    if question.type not in kinds:
        raise ModelError(message_id, code=code)
    return question


def option_columns(survey: Survey, definition: Mapping[str, Any]) -> list[str]:
    """The columns of the options a count adds up (all the question's, or those the definition lists), each
    option checked against the question's choices, since a recoded question may have lost one."""
    question = _question_of_kind(survey, str(definition.get("source") or ""), {QuestionType.MULTIPLE},
                                 "derived.not_multiple")
    wanted = list(definition.get("options") or [c.code for c in question.choices])
    known = {c.code for c in question.choices}
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise ModelError("derived.unknown_option", option=unknown[0], code=question.code,
                         known=", ".join(sorted(known)))
    return [f"{question.code}{SEPARATOR}{code}" for code in wanted]


def flag_sources(survey: Survey, definition: Mapping[str, Any]) -> list[str]:
    """The columns a quality flag reads, checked: what the flag's values and its SQL form are computed from."""
    flag = definition.get("flag")
    if flag == "speeder":
        if definition.get("duration"):
            return [source_column(survey, definition, "duration")]
        if definition.get("start") and definition.get("end"):
            return [source_column(survey, definition, "start"), source_column(survey, definition, "end")]
        raise ModelError("derived.no_duration", survey=survey.code)
    if flag == "straightliner":
        matrix = _question_of_kind(survey, str(definition.get("matrix") or ""), {QuestionType.MATRIX},
                                   "derived.not_matrix")
        return [c.name for c in matrix.columns()]
    if flag == "duplicate":
        names = definition.get("by") or []
        if not names:
            raise ModelError("derived.duplicate_needs_by")
        return [source_column(survey, {"by": name}, "by") for name in names]
    if flag == "outlier":
        return [source_column(survey, definition, "column")]
    raise ModelError("derived.bad_flag", flag=flag or "-", known=", ".join(FLAGS))


SQL_ARGUMENTS = 100
"""SQLite's coalesce(), max() and min() take at most 127 arguments: a wider question is computed from its columns."""


def sql_value(survey: Survey, question: Question) -> str | None:
    """The variable as one SQL expression over its stored columns, for the kinds worked out row by row from
    stored answers (a count of options, a straight-liner flag): a cold read then fetches one value per response
    instead of every source column, since turning SQLite's values into Python's costs ~0.15 s per column and
    million responses while SQLite works the expression out in the scan it makes anyway (benchmarks/derived.py).
    The same values as `compute`; None for the kinds that need whole columns (a median, quartiles, earlier
    duplicates), the expression language, or more columns than SQLite's functions take."""
    definition = definition_of(question)
    if definition.get("kind") == "count":
        return count_sql([ident(n) for n in option_columns(survey, definition)])
    if definition.get("kind") == "flag" and definition.get("flag") == "straightliner":
        names = [ident(n) for n in flag_sources(survey, definition)]
        least = int(definition.get("min_items", min(STRAIGHT_MIN_ITEMS, len(names))))
        return straightliner_sql(names, least)
    return None


def count_sql(names: Sequence[str]) -> str | None:
    """`_count` in SQL: missing when no option was answered, else how many hold 1 (NULL IS 1 is 0)."""
    if len(names) > SQL_ARGUMENTS:
        return None
    return (f"CASE WHEN coalesce({', '.join(names)}, NULL) IS NULL THEN NULL"
            f" ELSE {' + '.join(f'({n} IS 1)' for n in names)} END")


def straightliner_sql(names: Sequence[str], least: int) -> str | None:
    """`_straightliners` in SQL: missing under `least` answered items, else whether the highest answer is the
    lowest (a missing item stands out of the way as −∞ for the highest and +∞ for the lowest)."""
    if len(names) > SQL_ARGUMENTS:
        return None
    answered = " + ".join(f"({n} IS NOT NULL)" for n in names)
    high = ", ".join(f"coalesce({n}, -9e999)" for n in names)
    low = ", ".join(f"coalesce({n}, 9e999)" for n in names)
    return f"CASE WHEN {answered} >= {least} THEN max({high}, -9e999) = min({low}, 9e999) ELSE NULL END"


# -- the values SQLite keeps ---------------------------------------------------------------

INDEX_PREFIX = "xmd_value_"
"""Indexes named so hold a derived variable's values; no other index of the study starts so."""


def _index_name(survey: Survey, code: str) -> str:
    return f"{INDEX_PREFIX}{survey.code}__{code}"


def wanted_value_indexes(survey: Survey) -> dict[str, str]:
    """name -> CREATE INDEX statement, one per derived variable with an SQL form. Partial (live responses
    only) and led by id, as analysis reads (`WHERE deleted = 0 … ORDER BY id`), so that read walks the index in
    order. A definition that no longer resolves (a source gone) has none: analysis refuses it with its reason."""
    wanted = {}
    for question in survey.derived:
        try:
            expression = sql_value(survey, question)
        except ModelError:
            continue
        if expression is not None:
            name = _index_name(survey, question.code)
            wanted[name] = (f"CREATE INDEX {ident(name)} ON {ident(survey.response_table)} (id, ({expression}))"
                            " WHERE deleted = 0")
    return wanted


def _value_indexes(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                        " AND substr(name, 1, ?) = ?", (table, len(INDEX_PREFIX), INDEX_PREFIX))
    return {str(name): str(sql) for name, sql in rows}


def keep_value_indexes(conn: sqlite3.Connection, survey: Survey) -> None:
    """Make the survey's value indexes those its definitions want, inside the caller's transaction: an
    unchanged one stays (no cost), a changed or unwanted one goes, a missing one is built (about a second
    per million responses, paid once, where a definition or the design changes)."""
    wanted = wanted_value_indexes(survey)
    existing = _value_indexes(conn, survey.response_table)
    for name, sql in existing.items():
        if wanted.get(name) != sql:
            conn.execute(f"DROP INDEX {ident(name)}")
    for name, sql in wanted.items():
        if existing.get(name) != sql:
            conn.execute(sql)


def drop_column(conn: sqlite3.Connection, table: str, column: str) -> None:
    """ALTER TABLE … DROP COLUMN, after the value indexes that read the column (SQLite refuses to drop a
    column an index reads); `keep_value_indexes` at the end of the edit builds what the new design wants."""
    for name, sql in _value_indexes(conn, table).items():
        if ident(column) in sql:
            conn.execute(f"DROP INDEX {ident(name)}")
    conn.execute(f"ALTER TABLE {ident(table)} DROP COLUMN {ident(column)}")


def value_index_for(conn: sqlite3.Connection, survey: Survey, codes: Sequence[str]) -> str | None:
    """The index that holds the values of one of `codes` as it is defined now, for a read to name (None: none
    does: an older study, or one whose design changed under it, computes the values from the rows). Named,
    because with several value indexes SQLite's planner would take any one of them to walk the table."""
    wanted = wanted_value_indexes(survey)
    existing = _value_indexes(conn, survey.response_table)
    for code in codes:
        name = _index_name(survey, code)
        if name in wanted and existing.get(name) == wanted[name]:
            return name
    return None
