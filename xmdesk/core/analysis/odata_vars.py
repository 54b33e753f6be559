"""O-data variables: customer facts and operational records as analysis variables of a survey (issue 20).

An O-data variable is a derived variable of kind 'odata' (`derived.KINDS`), so every consumer that takes a
question (breakdowns, filters, crosstabs, banner tables, drivers, journeys, alert rules, the charts panel,
the insight finder, exports) takes it without knowing where its values come from. Its code names the table
and the variable, `customers.segment` or `orders.amount_30d`, and its definition says:

- table: `customers`, or an O-data table declared with a customer column (`odata.create_table`/`declare_join`);
  a response is linked to its rows when the response's join column (customer_id, or the question the
  table's join names, such as an order id) holds what the table's customer column holds;
- column: the field read (not needed to count rows);
- agg: none, or count, sum, mean, last, first, min, max, any (at least one row: repurchase);
- a window in days relative to the response's day (its `response_date` column, created_at unless named):
  `days_before` N takes rows dated from N days before the response's day to that day, both included;
  `days_after` N the rows of the N days after it (the response's own day left out, so a purchase on the day
  of the visit counts as before it); both together, from N before to M after; neither, every row up to and
  including the response's day.

A field of a table with many rows per customer and no aggregate (`orders.channel`) is the value of the last
row on or before the response's day (the later stored row when two share a day). A customer field is the
customer's value now (the customers table keeps no history).

Values are computed with one SELECT per variable and vectorised numpy (rows sorted by customer and day,
each response's window found by binary search, sums and extremes by `reduceat`), where `frame.load_frame`
computes every derived variable, and cached and dropped with them when the study's data changes.
Responses without a customer (or without a date, for a windowed table) are missing; a known customer with
no rows in the window counts 0 orders, spends 0 and has not repurchased.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xmdesk.core import odata
from xmdesk.core.analysis.derived import Definition
from xmdesk.core.errors import ModelError
from xmdesk.core.jobs import collector_paused
from xmdesk.core.study.sql import ident
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import (CHOICE_CODE_PATTERN, SEPARATOR, SYSTEM_COLUMN_NAMES, Choice, Question,
                                      QuestionType, Survey)
from xmdesk.core.survey.response_fields import DATE_FIELDS

CUSTOMERS = odata.CUSTOMERS
AGGREGATES = ("count", "sum", "mean", "last", "first", "min", "max", "any")
NUMERIC_AGGREGATES = frozenset({"sum", "mean", "min", "max"})
DEFAULT_RESPONSE_DATE = "created_at"
RESPONSE_DATES = (DEFAULT_RESPONSE_DATE, "updated_at")
"""The system columns dating a response (with the survey tool's DATE_FIELDS and the date questions)."""
MAX_LEVELS = 100
"""A text field with at most this many distinct values is a choice variable (a segment, a channel); one with
more (a name, a note) stays text, which can be filtered on but is no breakdown."""
ANY_CHOICES = (Choice("yes", 1, "Yes", "有"), Choice("no", 0, "No", "无"))
DATE_NAMES = ("date", "_at", "time", "day")
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,47}\.[A-Za-z][A-Za-z0-9_]{0,47}$")
_NUMERIC_SQL = ("INT", "REAL", "NUM", "FLOA", "DOUB", "DEC")


def is_odata(question: Question) -> bool:
    """Whether the derived variable reads the customers or an operational table (computed with the study)."""
    definition = question.props.get("derived")
    return isinstance(definition, Mapping) and definition.get("kind") == "odata"


def validate_code(code: str) -> None:
    """An O-data variable is named `table.name`, both parts codes; the dot keeps it apart from every question
    code, which cannot hold one, and says where the values come from."""
    if not isinstance(code, str) or not _CODE.match(code) or SEPARATOR in code:
        raise ModelError("derived.odata_code", code=code)


# -- where the values are ------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """How a table reaches a response: its SQL table, the column holding the customer (or order) id, the
    response column holding the same, and the column dating each row (None for the customers table)."""

    table: str
    sql_table: str
    key: str
    join: str
    date: str | None


def link(study: Study, table: str, date_column: str | None = None) -> Link:
    """The table's link to responses; ModelError when the study has no such table or it has no customer column."""
    if table == CUSTOMERS:
        return Link(CUSTOMERS, CUSTOMERS, "id", "customer_id", None)
    found = next((t for t in odata.list_tables(study) if t.name == table), None)
    if found is None:
        known = ", ".join([CUSTOMERS] + [t.name for t in odata.list_tables(study)])
        raise ModelError("derived.odata_no_table", table=table or "-", known=known)
    if not found.customer_column:
        raise ModelError("derived.odata_no_join", table=table)
    columns = odata.table_columns(study, found)
    date = date_column or next((c for c in columns if any(part in c.lower() for part in DATE_NAMES)
                                and c != found.customer_column), None)
    if date is None or date not in columns:
        raise ModelError("derived.odata_no_date", table=table, column=date or "-", known=", ".join(columns))
    return Link(table, found.table_name, found.customer_column, found.response_column, date)


def linked_tables(study: Study) -> list[str]:
    """The O-data tables whose rows reach responses (they have a customer column): what a value view can read."""
    return [t.name for t in odata.list_tables(study) if t.customer_column]


def numeric_columns(study: Study, table: str) -> list[str]:
    """The columns of an O-data table declared as numbers: what can be summed or averaged (an amount)."""
    found = link(study, table)
    return [name for name, sql_type in _column_types(study, found.sql_table).items()
            if _is_numeric(sql_type) and name != found.key]


def _column_types(study: Study, sql_table: str) -> dict[str, str]:
    return {row[1]: str(row[2]).upper() for row in study.conn.execute(f"PRAGMA table_info({ident(sql_table)})")}


def _is_numeric(sql_type: str) -> bool:
    return any(part in sql_type for part in _NUMERIC_SQL)


# -- defining one --------------------------------------------------------------------------


def definition(study: Study, code: str, table: str, column: str | None = None, agg: str | None = None,
               days_before: int | None = None, days_after: int | None = None, date_column: str | None = None,
               response_date: str = DEFAULT_RESPONSE_DATE, label_en: str = "", label_zh: str = "") -> Definition:
    """A checked definition of an O-data variable, typed by what it reads: a count, sum or mean is a number,
    `any` a yes/no choice, a text field a choice whose choices are the field's values found in the data now
    (more than MAX_LEVELS: text), a numeric field a number. The table the user named is checked before the code,
    which the value view makes itself from it."""
    found = link(study, table, date_column)
    validate_code(code)
    types = _column_types(study, found.sql_table)
    if agg is not None and agg not in AGGREGATES:
        raise ModelError("derived.odata_bad_agg", agg=agg, known=", ".join(AGGREGATES))
    if found.date is None and (agg is not None or days_before is not None or days_after is not None):
        raise ModelError("derived.odata_customer_agg", table=table)
    if column is None and agg not in ("count", "any"):
        column = code.partition(".")[2]
    if column is not None and column not in types:
        raise ModelError("derived.odata_no_column", table=table, column=column, known=", ".join(types))
    numeric = column is not None and _is_numeric(types[column])
    if agg in NUMERIC_AGGREGATES and not numeric:
        raise ModelError("derived.odata_not_numeric", table=table, column=str(column), agg=str(agg))
    for days in (days_before, days_after):
        if days is not None and days < 0:
            raise ModelError("derived.odata_bad_days", days=days)
    spec: dict[str, Any] = {"table": table, "column": column, "agg": agg, "days_before": days_before,
                            "days_after": days_after, "key": found.key, "join": found.join, "date": found.date,
                            "response_date": response_date if found.date else None}
    spec = {k: v for k, v in spec.items() if v is not None}
    qtype = QuestionType.NUMBER
    choices: tuple[Choice, ...] = ()
    if agg == "any":
        qtype, choices = QuestionType.SINGLE, ANY_CHOICES
    elif agg not in ("count", "sum", "mean") and not numeric:
        levels = _levels(study, found.sql_table, str(column))
        if len(levels) <= MAX_LEVELS:
            spec["levels"] = levels
            qtype, choices = QuestionType.SINGLE, _level_choices(levels)
        else:
            qtype = QuestionType.TEXT
    en, zh = _labels(spec)
    return Definition(code, "odata", spec, qtype, label_en or en, label_zh or zh, choices)


def _levels(study: Study, sql_table: str, column: str) -> list[str]:
    """The field's distinct values (text, blanks left out), in sorted order: the variable's choices."""
    rows = study.conn.execute(f"SELECT DISTINCT CAST({ident(column)} AS TEXT) FROM {ident(sql_table)}"
                              f" WHERE {ident(column)} IS NOT NULL AND {ident(column)} != '' LIMIT ?",
                              (MAX_LEVELS + 1,))
    return sorted(str(value) for (value,) in rows)


def _level_choices(levels: Sequence[str]) -> tuple[Choice, ...]:
    """A choice per value: the value is the label in both languages; the code is the value when it can be a
    code (`app`), else `v1`, `v2`… (a Chinese channel name cannot)."""
    choices: list[Choice] = []
    taken: set[str] = set()
    for number, level in enumerate(levels, start=1):
        code = level if CHOICE_CODE_PATTERN.match(level) and level.lower() not in taken else f"v{number}"
        taken.add(code.lower())
        choices.append(Choice(code, number, level, level))
    return tuple(choices)


_AGG_WORDS = {"count": ("number of rows", "记录数"), "sum": ("sum of", "合计"), "mean": ("mean of", "平均"),
              "last": ("last", "最近一条"), "first": ("first", "最早一条"), "min": ("lowest", "最小"),
              "max": ("highest", "最大"), "any": ("any row", "是否有记录")}


def _labels(spec: Mapping[str, Any]) -> tuple[str, str]:
    """Labels that say what was computed, for a variable defined without any."""
    table, column = spec["table"], spec.get("column") or ""
    agg = spec.get("agg")
    if agg is None:
        return f"{table}: {column}", f"{table}：{column}"
    en_word, zh_word = _AGG_WORDS[agg]
    en, zh = f"{table}: {en_word} {column}".rstrip(), f"{table}：{column}{zh_word}"
    before, after = spec.get("days_before"), spec.get("days_after")
    if before is not None:
        en, zh = en + f", {before} days before", zh + f"（之前 {before} 天）"
    if after is not None:
        en, zh = en + f", {after} days after", zh + f"（之后 {after} 天）"
    return en, zh


# -- what a variable reads -------------------------------------------------------------------


def sources(survey: Survey, spec: Mapping[str, Any]) -> list[str]:
    """The response columns the variable is computed from: the join column, and the response's date when the
    table's rows are dated."""
    names = [str(spec.get("join") or "customer_id")]
    if spec.get("date"):
        names.append(str(spec.get("response_date") or DEFAULT_RESPONSE_DATE))
    known = {c.name for q in survey.questions for c in q.columns()} | SYSTEM_COLUMN_NAMES
    for name in names:
        if name not in known:
            raise ModelError("derived.unknown_source", column=name, survey=survey.code)
    if spec.get("date"):
        _check_response_date(survey, names[-1])
    return names


def _check_response_date(survey: Survey, column: str) -> None:
    """The response's day is parsed from this column: a text or number question parses to no day at all, so
    every window would be empty and the variable missing (or 0) for everyone, without a word."""
    questions = [q.code for q in survey.questions if q.type is QuestionType.DATE]
    if column in RESPONSE_DATES or column in DATE_FIELDS or column in questions:
        return
    raise ModelError("derived.odata_response_not_date", column=column,
                     known=", ".join([*RESPONSE_DATES, *questions]))


# -- computing ---------------------------------------------------------------------------------


def compute(study: Study, question: Question, frame: pd.DataFrame) -> np.ndarray:
    """The variable for every row of `frame` (which holds its `sources`): float64 with NaN for missing (a
    choice as its stored value), or objects for text."""
    spec = dict(question.props["derived"])
    keys = _keys(frame[spec.get("join") or "customer_id"])
    if spec.get("date"):
        from xmdesk.core.analysis.frame import parse_days

        days = parse_days(frame[spec.get("response_date") or DEFAULT_RESPONSE_DATE].to_numpy(dtype=object))
        # A count or `any` reads no value, but reads the column as a number when it names one, so it shares the
        # read of a sum of the same column (the value view's three measures read the orders once).
        numeric = "levels" not in spec and question.type is not QuestionType.TEXT
        raw = _windowed(study, spec, keys, days, numeric)
    else:
        raw = _customer_field(study, spec, keys)
    return _typed(question, spec, raw)


def _keys(series: pd.Series) -> np.ndarray:
    """The join column as text (an id typed as a number in one file and as text in another still joins),
    None where a response has none."""
    values = series.to_numpy(dtype=object)
    return np.array([None if v is None or v == "" or v is pd.NA or (isinstance(v, float) and np.isnan(v))
                     else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)) for v in values],
                    dtype=object)


def _customer_field(study: Study, spec: Mapping[str, Any], keys: np.ndarray) -> np.ndarray:
    rows = study.conn.execute(f"SELECT {ident(spec['key'])}, {ident(spec['column'])} FROM {ident(CUSTOMERS)}"
                              f" WHERE {ident(spec['key'])} IS NOT NULL").fetchall()
    ids = pd.Index([str(r[0]) for r in rows])
    values = np.array([r[1] for r in rows] + [None], dtype=object)
    found = ids.get_indexer(pd.Index(keys, dtype=object)) if len(ids) else np.full(len(keys), -1)
    return values[np.where(found >= 0, found, len(values) - 1)]


@dataclass(frozen=True)
class _Rows:
    """A table's rows sorted by (customer, day, stored order), with each customer's code in `codes`."""

    combined: np.ndarray
    values: np.ndarray
    span: int
    base: int


def _windowed(study: Study, spec: Mapping[str, Any], keys: np.ndarray, days: np.ndarray,
              numeric: bool) -> np.ndarray:
    """Each response's aggregate over the rows of its customer within its window, from one SELECT."""
    sorted_rows, customers = _read_table(study, spec, numeric)
    key_codes = customers.get_indexer(pd.Index(keys, dtype=object)) if len(customers) else np.full(len(keys), -1)
    lower, upper = _window(spec, days)
    placed = pd.notna(keys) & (days >= 0)
    found = key_codes >= 0
    lo = np.searchsorted(sorted_rows.combined, _at(sorted_rows, key_codes, lower), side="left")
    hi = np.searchsorted(sorted_rows.combined, _at(sorted_rows, key_codes, upper), side="right")
    hi = np.where(found, np.maximum(hi, lo), lo)  # a customer without any row: an empty window
    result = _aggregate(str(spec.get("agg") or "last"), sorted_rows.values, lo, hi)
    if result.dtype == object:
        result[~placed] = None
        return result
    return np.where(placed, result, np.nan)


_READS: weakref.WeakKeyDictionary[Study, tuple[tuple[int, int], dict[tuple[Any, ...], tuple[_Rows, pd.Index]]]] = (
    weakref.WeakKeyDictionary())


def _read_table(study: Study, spec: Mapping[str, Any], numeric: bool) -> tuple[_Rows, pd.Index]:
    """The table's dated rows sorted by customer and day, and its customers in code order; kept per study while its
    data token stays the same (dropped on any write, as the frame cache is), so the variables of one table and a
    repeated analysis read it once. Reading half a million rows is most of a variable's cost (~0.6 s)."""
    from xmdesk.core.analysis.frame import cache_token

    token = cache_token(study)
    key = (_sql_table(study, spec), spec["key"], spec["date"], spec.get("column"), numeric)
    kept = _READS.get(study.origin)
    if token is not None and kept is not None and kept[0] == token and key in kept[1]:
        return kept[1][key]
    row_keys, row_days, values = _table_rows(study, spec, numeric)
    dated = row_days >= 0
    row_codes, uniques = pd.factorize(row_keys[dated])
    read = (_sorted_rows(row_codes, row_days[dated], values[dated]), pd.Index(uniques, dtype=object))
    if token is not None:
        if kept is None or kept[0] != token:
            kept = (token, {})
            _READS[study.origin] = kept
        kept[1][key] = read
    return read


def _table_rows(study: Study, spec: Mapping[str, Any], numeric: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The table's customer ids (as text: an id typed as a number still joins), days (since 1970; −1 when not a
    date) and values, in stored order. SQLite works out the day numbers in its scan; turning 500,000 rows into
    Python values is what costs (about 0.3 s)."""
    column = spec.get("column")
    key, date = ident(spec["key"]), ident(spec["date"])
    with collector_paused():
        rows = study.conn.execute(
            f"SELECT CAST({key} AS TEXT), coalesce(CAST(julianday(substr({date}, 1, 10)) - 2440587.5 AS INTEGER), -1),"
            f" {ident(column) if column else 'NULL'} FROM {ident(_sql_table(study, spec))} WHERE {key} IS NOT NULL"
            " ORDER BY rowid").fetchall()
        if not rows:
            return np.array([], dtype=object), np.array([], dtype=np.int64), np.array([], dtype=np.float64)
        row_keys, row_days, raw = zip(*rows)
        del rows
        return (np.array(row_keys, dtype=object), np.array(row_days, dtype=np.int64),
                _numbers(raw) if numeric else np.array(raw, dtype=object))


def _numbers(raw: Sequence[Any]) -> np.ndarray:
    """Values as float64, NULL as NaN; a text that is no number (a file's 'n/a') as NaN too."""
    try:
        return np.array(raw, dtype=np.float64)
    except (TypeError, ValueError):
        return np.asarray(pd.to_numeric(pd.Series(raw, dtype=object), errors="coerce"), dtype=np.float64)


def _sql_table(study: Study, spec: Mapping[str, Any]) -> str:
    return link(study, str(spec["table"]), spec.get("date")).sql_table


def _sorted_rows(codes: np.ndarray, days: np.ndarray, values: np.ndarray) -> _Rows:
    """Rows ordered by customer code, then day, then stored order (so 'last' is the later stored row of a day),
    with (code, day) folded into one sortable integer."""
    base = int(days.min()) if len(days) else 0
    span = (int(days.max()) - base + 3) if len(days) else 3
    combined = codes.astype(np.int64) * span + (days - base + 1)
    order = np.argsort(combined, kind="stable")
    return _Rows(combined[order], values[order], span, base)


def _window(spec: Mapping[str, Any], days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of each response's window (see the module's docstring); −2**40 for no lower end."""
    before, after = spec.get("days_before"), spec.get("days_after")
    if before is not None:
        lower = days - int(before)
    elif after is not None:
        lower = days + 1
    else:
        lower = np.full(len(days), -(2 ** 40), dtype=np.int64)
    upper = days + int(after) if after is not None else days
    return lower, upper


def _at(rows: _Rows, codes: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Where (customer, day) falls among the folded rows; days outside the rows' range are clipped to its ends."""
    offset = np.clip(day - rows.base + 1, 0, rows.span - 1)
    return np.maximum(codes, 0).astype(np.int64) * rows.span + offset


def _aggregate(agg: str, values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Each window [lo, hi) of the sorted values reduced as `agg` says, all windows at once."""
    count = (hi - lo).astype(np.float64)
    empty = hi == lo
    if agg == "count":
        return count
    if agg == "any":
        return (count > 0).astype(np.float64)
    if agg in ("last", "first"):
        at = np.where(empty, 0, hi - 1 if agg == "last" else lo)
        picked = values[at] if len(values) else np.full(len(lo), None, dtype=object)
        if values.dtype == object:
            out = np.array(picked, dtype=object)
            out[empty] = None
            return out
        return np.where(empty, np.nan, picked)
    known = ~np.isnan(values)
    if agg in ("sum", "mean"):
        total = _window_sums(np.where(known, values, 0.0), lo, hi)
        if agg == "sum":
            return total
        answered = _window_sums(known.astype(np.float64), lo, hi)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(answered > 0, total / np.where(answered > 0, answered, 1.0), np.nan)
    return _window_extremes(np.fmin if agg == "min" else np.fmax, values, lo, hi)


def _window_sums(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Sums of values[lo:hi] as differences of running totals. The totals are kept in extended precision (64-bit
    mantissa): half a million amounts add up to ~1e8, where float64's differences would be off by ~1e-8."""
    totals = np.concatenate([[0.0], np.cumsum(values, dtype=np.longdouble)]).astype(np.longdouble)
    return np.asarray(totals[hi] - totals[lo], dtype=np.float64)


def _window_extremes(ufunc: np.ufunc, values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Minimum or maximum (NaN skipped) of values[lo:hi] for every window, from a sparse table: level k holds the
    extreme of each run of 2**k values, and a window is covered by two runs of the largest such length that
    fits. Built in log2(longest window) vectorised steps; NaN for an empty window."""
    result = np.full(len(lo), np.nan)
    lengths = hi - lo
    if len(lo) == 0 or lengths.max(initial=0) == 0:
        return result
    levels = [values]
    while 2 ** len(levels) <= lengths.max():
        width = 2 ** (len(levels) - 1)
        previous = levels[-1]
        levels.append(ufunc(previous[:-width], previous[width:]))
    level_of = np.floor(np.log2(np.maximum(lengths, 1))).astype(np.int64)
    for k, table in enumerate(levels):
        pick = (lengths > 0) & (level_of == k)
        if pick.any():
            result[pick] = ufunc(table[lo[pick]], table[hi[pick] - 2 ** k])
    return result


def _typed(question: Question, spec: Mapping[str, Any], raw: np.ndarray) -> np.ndarray:
    """Raw values as the variable's type: a level's stored value (1, 2… in `levels` order), a number, a text."""
    if question.type is QuestionType.TEXT:
        return np.array(["" if v is None else str(v) for v in raw], dtype=object)
    if "levels" in spec:
        texts = pd.Index([None if v is None else str(v) for v in raw], dtype=object)
        found = pd.Index(list(spec["levels"]), dtype=object).get_indexer(texts)
        return np.where(found >= 0, found + 1, np.nan).astype(np.float64)
    if raw.dtype == object:
        return np.asarray(pd.to_numeric(pd.Series(raw, dtype=object), errors="coerce"), dtype=np.float64)
    return raw.astype(np.float64)
