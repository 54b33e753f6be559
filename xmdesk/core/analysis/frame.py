"""Response frames: the few columns an analysis needs, read once and kept while the data stays the same.

A frame is a pandas DataFrame indexed by response id, holding only the requested
columns of one survey's response table, soft-deleted rows left out. It is read with
a single SELECT and built column by column with numpy (no `read_sql`, which goes
through object rows): one million rows of three columns load in well under a second.

Dtypes follow the question types, so every statistic sees the same thing:
scale/number/matrix/multiple columns are float64 with NaN for "no answer";
single-choice and dropdown columns are ordered pandas Categoricals whose categories
are the choice *values* (what filters and the stored data use) in the survey's
choice order; labels (zh/en) are read from the Question when results are reported.
Date and text columns stay strings (ISO dates compare correctly as text).
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from xmdesk.core.analysis import derived, odata_vars
from xmdesk.core.errors import ModelError
from xmdesk.core.jobs import collector_paused
from xmdesk.core.study.sql import ident
from xmdesk.core.study.file import Study
from xmdesk.core.survey.derived_columns import value_index_for
from xmdesk.core.survey.model import SYSTEM_COLUMN_NAMES, Column, Question, QuestionType, Survey

CHOICE_COLUMN_TYPES = {QuestionType.SINGLE, QuestionType.DROPDOWN}
CACHE_SIZE = 8

OPERATORS: tuple[str, ...] = ("=", "!=", "<", "<=", ">", ">=", "in", "between", "is null", "not null")


# -- columns and questions ---------------------------------------------------------------


def column_map(survey: Survey) -> dict[str, tuple[Column, Question]]:
    """Every column an analysis can read, with the question owning it: the response table's, and one per
    derived variable (computed by `_derive`, not read)."""
    return {c.name: (c, q) for q in survey.questions + survey.derived for c in q.columns()}


def question_columns(survey: Survey, code: str) -> list[str]:
    """The column names of one question (a multiple choice or matrix has several)."""
    return [c.name for c in survey.question(code).columns()]


# -- the cache ---------------------------------------------------------------------------


@dataclass
class _SurveyStore:
    """The columns of one survey read so far, all at the same data token."""

    token: tuple[int, int]
    ids: np.ndarray | None = None
    columns: dict[str, Any] = field(default_factory=dict)
    frames: OrderedDict[tuple[str, ...], pd.DataFrame] = field(default_factory=OrderedDict)
    days: dict[str, np.ndarray] = field(default_factory=dict)
    """Date columns as day numbers (see `day_numbers`), worked out once per data token."""


@dataclass
class _StudyCache:
    surveys: dict[str, _SurveyStore] = field(default_factory=dict)


_CACHES: weakref.WeakKeyDictionary[Study, _StudyCache] = weakref.WeakKeyDictionary()
# One read at a time: `warm` runs in a background job, and an analysis asked for meanwhile
# should wait for it and then find its columns cached rather than scan the table again.
_LOCK = threading.RLock()


def data_token(study: Study) -> tuple[int, int]:
    """A value that changes whenever any committed write could have changed a response table.

    Why these two numbers and not a row count or max(updated_at): both are O(1) (a
    count(*) or max() over a million-row table costs 0.2-0.3 s on every lookup, and
    neither sees an in-place UPDATE of an answer that keeps updated_at, nor a delete
    followed by an insert). `PRAGMA data_version` changes when *another* connection (a
    reader, a background import, another process) commits; the connection's own
    `total_changes` grows with every row this connection writes. Together they cover
    every committed change; they also move on writes to other tables (the audit log),
    which only costs an unneeded reload — never a stale answer.

    A read view (a worker's own connection) counts with its origin's connection: a view's own numbers
    start afresh with each view, and the cache it shares with the origin would never match them.
    """
    conn = study.origin.conn
    (version,) = conn.execute("PRAGMA data_version").fetchone()
    return int(version), int(conn.total_changes)


def _sees_other_data(study: Study) -> bool:
    """A read view while its origin has a write open: the origin's count already holds rows the view
    cannot see yet, so what the view reads must not be kept (or found) under that count."""
    return study.origin is not study and study.origin.conn.in_transaction


def cache_token(study: Study) -> tuple[int, int] | None:
    """The data token under which what this study reads now may be kept (O-data tables read for O-data variables,
    as the columns here), or None when it must not be kept: a read view while its origin has a write open."""
    return None if _sees_other_data(study) else data_token(study)


def clear_cache(study: Study | None = None) -> None:
    """Drop cached frames (of one study, or all)."""
    if study is None:
        _CACHES.clear()
    else:
        _CACHES.pop(study.origin, None)


def cache_info(study: Study) -> int:
    """How many frames are cached for the study (for tests and the benchmark)."""
    cache = _CACHES.get(study.origin)
    return 0 if cache is None else sum(len(store.frames) for store in cache.surveys.values())


# -- loading -----------------------------------------------------------------------------


def load_frame(study: Study, survey: Survey, columns: Iterable[str], use_cache: bool = True) -> pd.DataFrame:
    """The given columns of the survey's live (not deleted) responses, indexed by response id.

    A question code with several columns (multiple choice, matrix) stands for all of
    them. The cache works at two levels, both dropped as soon as `data_token` changes:
    frames keyed by (survey, columns) — the same request returns the same frame, which
    callers must therefore not modify in place — and the columns themselves, so a new
    combination reads (with one SELECT) only the columns not read yet. Reading a wide
    response table costs a full scan whatever the number of columns (~1 s per million
    rows), so `warm` can read every analysable column once, in a background job.
    """
    names = _expand(survey, columns)
    with _LOCK, collector_paused():
        return _load(study, survey, names, use_cache)



def _load(study: Study, survey: Survey, names: list[str], use_cache: bool) -> pd.DataFrame:
    key = tuple(names)
    token = data_token(study)
    use_cache = use_cache and not _sees_other_data(study)
    cache = _CACHES.setdefault(study.origin, _StudyCache())
    store = cache.surveys.get(survey.code)
    if not use_cache or store is None or store.token != token:
        store = _SurveyStore(token)
    frame = store.frames.get(key)
    if frame is not None:
        store.frames.move_to_end(key)
        return frame
    stored, derived, computed = _needed(survey, [n for n in names if n != "id" and n not in store.columns],
                                        store.columns)
    missing = [n for n in stored if n not in store.columns]
    if missing or store.ids is None:
        ids, values = _read(study, survey, missing, computed)
        if store.ids is not None and not np.array_equal(ids, store.ids):
            store = _SurveyStore(token)  # cannot happen at one token; start afresh to be safe
            ids, values = _read(study, survey, stored, computed)
        store.ids = ids
        store.columns.update(values)
    _derive(study, store, survey, derived)
    frame = _build(store, names)
    # A write by another connection during the read leaves the token behind: do not keep that.
    if use_cache and data_token(study) == token:
        store.frames[key] = frame
        while len(store.frames) > CACHE_SIZE:
            store.frames.popitem(last=False)
        cache.surveys[survey.code] = store
    return frame


def _needed(survey: Survey, names: Sequence[str],
            cached: Container[str]) -> tuple[list[str], list[Question], dict[str, str]]:
    """The columns to read, the derived variables to compute (each after those it reads) for `names`, and the
    derived ones read as SQL instead (`derived.sql_value`, among the columns to read) when their sources are not
    cached already: computed from cached columns, a variable costs milliseconds and no read at all."""
    by_code = {q.code: q for q in survey.derived}
    stored: list[str] = []
    order: list[Question] = []
    computed: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        question = by_code.get(name)
        if question is None or name in computed:
            if name not in stored:
                stored.append(name)
            return
        if question in order:
            return
        if name in path:
            raise ModelError("derived.cycle", path=" → ".join(path + (name,)))
        sources = derived.sources(survey, question)
        sql = None if all(source in cached for source in sources) else derived.sql_value(survey, question)
        if sql is not None and not any(source in by_code for source in sources):
            computed[name] = sql
            stored.append(name)
            return
        for source in sources:
            visit(source, path + (name,))
        order.append(question)

    for name in names:
        visit(name, ())
    return stored, order, computed


def _derive(study: Study, store: _SurveyStore, survey: Survey, questions: Sequence[Question]) -> None:
    """Compute derived variables into the store, beside the columns they are computed from (and dropped
    with them when the data changes): a choice variable as the same Categorical a choice question reads as.
    An O-data variable reads its table too, which is why the study is handed in; a write to that table moves
    the data token like any other, so its values are dropped with the rest."""
    for question in questions:
        if question.code in store.columns:
            continue
        read = _build(store, derived.sources(survey, question))
        values = (odata_vars.compute(study, question, read) if odata_vars.is_odata(question)
                  else derived.compute(survey, question, read))
        store.columns[question.code] = (_categorical(values, question) if question.type in CHOICE_COLUMN_TYPES
                                        else values)


def _current_store(study: Study, survey: Survey) -> _SurveyStore | None:
    """The survey's cached columns if they are those of the data the study sees now (None: not cached)."""
    cache = _CACHES.get(study.origin)
    store = cache.surveys.get(survey.code) if cache is not None else None
    if store is None or _sees_other_data(study) or store.token != data_token(study):
        return None
    return store


def analysable_columns(survey: Survey) -> list[str]:
    """Every numeric or choice column of the survey's active questions, and its dates (for trends)."""
    return [c.name for q in survey.active_questions() for c in q.columns()
            if c.sql_type != "TEXT" or q.type is QuestionType.DATE]


def warm(study: Study, survey: Survey, columns: Iterable[str] | None = None) -> int:
    """Read the analysable columns once, so later analyses of any of them read nothing.

    Meant for a background job right after a study opens; returns how many columns are cached.
    """
    names = list(columns) if columns is not None else analysable_columns(survey)
    load_frame(study, survey, names)
    for question in survey.active_questions():
        if question.type is QuestionType.DATE and question.code in names:
            day_numbers(study, survey, question.code)
    store = _current_store(study, survey)
    return 0 if store is None else len(store.columns)


def day_numbers(study: Study, survey: Survey, column: str) -> np.ndarray:
    """A date column of every live response as days since 1970-01-01 (−1: missing or not a date).

    Trends group by day, week or month; parsing a million ISO texts each time costs more than
    the whole analysis, so the numbers are kept with the cached columns (the same rows, in
    the same order as `load_frame`) and dropped with them when the data changes.
    """
    with _LOCK:
        load_frame(study, survey, [column])
        store = _current_store(study, survey)
        if store is None:  # the data changed during the read: work it out uncached
            return parse_days(load_frame(study, survey, [column], use_cache=False)[column].to_numpy(dtype=object))
        if column not in store.days:
            store.days[column] = parse_days(store.columns[column])
        return store.days[column]


def parse_days(dates: Any) -> np.ndarray:
    """ISO dates or timestamps (their first ten characters) as day numbers; −1 where missing or bad."""
    codes, uniques = pd.factorize(pd.Series(np.asarray(dates, dtype=object)), use_na_sentinel=True)
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object).astype(str).str.slice(0, 10), format="%Y-%m-%d",
                            errors="coerce")
    numbers = np.where(parsed.isna(), -1, parsed.to_numpy(dtype="datetime64[D]").astype(np.int64))
    lookup = np.append(numbers, -1).astype(np.int64)
    return np.asarray(lookup[np.where(codes >= 0, codes, len(numbers))], dtype=np.int64)


def _build(store: _SurveyStore, names: Sequence[str]) -> pd.DataFrame:
    assert store.ids is not None
    data = {name: (store.ids if name == "id" else store.columns[name]) for name in names}
    # No copy: the frame's columns are the cached arrays themselves (a million rows of ten
    # columns is 80 MB to copy), which is why callers must never modify a frame in place.
    return pd.DataFrame(data, index=pd.Index(store.ids, name="id"), columns=list(names), copy=False)


def _expand(survey: Survey, columns: Iterable[str]) -> list[str]:
    known = column_map(survey)
    names: list[str] = []
    for name in columns:
        if name in known or name in SYSTEM_COLUMN_NAMES:
            expanded = [name]
        else:
            try:
                expanded = question_columns(survey, name)
            except ModelError:
                raise ModelError("responses.unknown_column", row=0, column=name, survey=survey.code) from None
        names.extend(n for n in expanded if n not in names)
    return names


READ_CHUNK = 100_000
MISSING_SENTINEL = "9e999"
"""SQLite reads this literal as +inf: what a missing number is read as, then made NaN (an infinite
answer is not an answer either)."""


def _read(study: Study, survey: Survey, names: Sequence[str],
          computed: Mapping[str, str] | None = None) -> tuple[np.ndarray, dict[str, Any]]:
    """Response ids and the named columns, typed, with one SELECT read in chunks; a derived variable named in
    `computed` is read as its SQL expression.

    Chunks bound the memory of Python row tuples (a million rows of 20 columns would
    otherwise hold ~200 MB of tuples at once). Numeric columns go through one float
    array per chunk (None becomes NaN); text columns stay objects.
    """
    known = column_map(survey)
    text = [_is_text(n, known) for n in names]
    # Numbers come back with a missing answer as +inf, so a chunk of rows turns into one float
    # array with np.fromiter (no None to special-case): 2-3 times faster than np.array(rows).
    sql = {n: ident(n) for n in names} | dict(computed or {})
    select = ", ".join(["id"] + [sql[n] if t else f"coalesce({sql[n]}, {MISSING_SENTINEL})"
                                 for n, t in zip(names, text)])
    # An excluded response (a quality flag, the analyst's reason) is kept in its table but in no analysis.
    cursor = study.conn.execute(f"SELECT {select} FROM {_scan(study, survey, list(computed or ()))} WHERE deleted = 0"
                                " AND id NOT IN (SELECT response_id FROM excluded_responses WHERE survey_code = ?)"
                                " ORDER BY id", (survey.code,))
    numeric_at = [i + 1 for i, t in enumerate(text) if not t]
    text_at = [i + 1 for i, t in enumerate(text) if t]
    id_parts: list[np.ndarray] = []
    numeric_parts: list[np.ndarray] = []
    text_parts: list[list[Any]] = [[] for _ in text_at]
    while True:
        rows = cursor.fetchmany(READ_CHUNK)
        if not rows:
            break
        if text_at:
            id_parts.append(np.array([row[0] for row in rows], dtype=np.int64))
            numeric_parts.append(np.array([[row[i] for i in numeric_at] for row in rows], dtype=np.float64)
                                 .reshape(len(rows), len(numeric_at)))
            for part, i in zip(text_parts, text_at):
                part.extend(row[i] for row in rows)
        else:
            width = len(numeric_at) + 1
            block = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64,
                                count=len(rows) * width).reshape(len(rows), width)
            id_parts.append(block[:, 0].astype(np.int64))
            numeric_parts.append(block[:, 1:])
    ids = np.concatenate(id_parts) if id_parts else np.array([], dtype=np.int64)
    numeric = np.concatenate(numeric_parts) if numeric_parts else np.empty((0, len(numeric_at)))
    numeric[numeric == np.inf] = np.nan
    values: dict[str, Any] = {}
    for j, i in enumerate(numeric_at):
        name = names[i - 1]
        column = np.ascontiguousarray(numeric[:, j])
        entry = known.get(name)
        if entry is not None and entry[1].type in CHOICE_COLUMN_TYPES:
            values[name] = _categorical(column, entry[1])
        else:
            values[name] = column
    for part, i in zip(text_parts, text_at):
        values[names[i - 1]] = np.array(part, dtype=object)
    return ids, values


def _scan(study: Study, survey: Survey, computed: Sequence[str]) -> str:
    """The table as the read walks it: through the index SQLite keeps a computed variable's values in, which then
    come from there instead of from every row's sources (`derived_columns`); else the table itself, in id order,
    as a read of stored columns is fastest."""
    table = ident(survey.response_table)
    index = value_index_for(study.conn, survey, computed)
    return f"{table} INDEXED BY {ident(index)}" if index else f"{table} NOT INDEXED"


def _is_text(name: str, known: dict[str, tuple[Column, Question]]) -> bool:
    entry = known.get(name)
    if entry is None:
        return name not in ("id", "survey_version", "deleted")
    return entry[0].sql_type == "TEXT"


def _categorical(values: np.ndarray, question: Question) -> pd.Categorical:
    """Choice values → an ordered Categorical over the choice values (unknown values → missing)."""
    choice_values = np.array([c.value for c in question.choices], dtype=np.float64)
    order = np.argsort(choice_values, kind="stable")
    sorted_values = choice_values[order]
    position = np.searchsorted(sorted_values, values)
    position = np.clip(position, 0, len(sorted_values) - 1)
    found = sorted_values[position] == values  # NaN never matches
    codes = np.where(found, order[position], -1).astype(np.int64)
    categories = pd.Index([c.value for c in question.choices])
    return pd.Categorical.from_codes(codes, categories=categories, ordered=True)


# -- filters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One test on one column; `value` is a scalar, a list for `in`, a (low, high) pair for `between`."""

    column: str
    op: str
    value: Any = None

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise ModelError("analysis.bad_operator", op=self.op, known=", ".join(OPERATORS))


@dataclass(frozen=True)
class Filter:
    """Conditions (or nested filters) joined by "and"/"or", plus an optional date range.

    Plain data on purpose: the expression parser (`${q3} = 2 and ...`) will produce
    exactly this, and it can be saved as JSON with a report. The date range is
    inclusive on both ends, on ISO text (`YYYY-MM-DD` or a full timestamp prefix).
    """

    conditions: tuple[Condition | Filter, ...] = ()
    combine: Literal["and", "or"] = "and"
    date_column: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def columns(self) -> list[str]:
        """Columns the filter reads: load them with the analysed ones."""
        names: list[str] = []
        for condition in self.conditions:
            for name in (condition.columns() if isinstance(condition, Filter) else [condition.column]):
                if name not in names:
                    names.append(name)
        if self.date_column and self.date_column not in names:
            names.append(self.date_column)
        return names

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows pass (a boolean array); an empty filter passes everything."""
        rows = len(frame)
        if not self.conditions:
            result = np.ones(rows, dtype=bool)
        else:
            parts = [c.mask(frame) if isinstance(c, Filter) else _condition_mask(frame, c) for c in self.conditions]
            result = np.logical_and.reduce(parts) if self.combine == "and" else np.logical_or.reduce(parts)
        if self.date_column and (self.date_from or self.date_to):
            dates = frame[self.date_column].to_numpy(dtype=object)
            present = pd.notna(dates)
            text = np.where(present, dates, "").astype(str)
            inside = present.copy()
            if self.date_from:
                inside &= text >= self.date_from
            if self.date_to:
                # "2026-03-31" includes every timestamp of that day.
                inside &= text <= self.date_to + "\uffff"
            result = result & inside
        return np.asarray(result, dtype=bool)

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of the frame that pass; with no condition and no date column the frame itself comes back, not a
        copy."""
        return frame if not self.conditions and not self.date_column else frame[self.mask(frame)]


def _condition_mask(frame: pd.DataFrame, condition: Condition) -> np.ndarray:
    series = frame[condition.column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        # Compare on the stored choice values; missing stays missing (never matches).
        series = series.astype(np.float64) if _numeric_categories(series) else series.astype(object)
    op, value = condition.op, condition.value
    null = series.isna().to_numpy()
    if op == "is null":
        return null
    if op == "not null":
        return ~null
    if op == "in":
        return series.isin(list(value)).to_numpy() & ~null
    if op == "between":
        low, high = value
        return ((series >= low) & (series <= high)).to_numpy() & ~null
    compare = {"=": series.__eq__, "!=": series.__ne__, "<": series.__lt__, "<=": series.__le__,
               ">": series.__gt__, ">=": series.__ge__}[op]
    # "!=" on a missing answer is not a match: SQL semantics, what researchers expect from SPSS too.
    return np.asarray(compare(value), dtype=bool) & ~null


def _numeric_categories(series: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(series.cat.categories.dtype))


def load_filtered(study: Study, survey: Survey, columns: Iterable[str], flt: Filter | None = None) -> pd.DataFrame:
    """Load `columns` plus whatever the filter needs, and apply the filter."""
    wanted = list(columns)
    if flt is None:
        return load_frame(study, survey, wanted)
    frame = load_frame(study, survey, wanted + [c for c in flt.columns() if c not in wanted])
    return flt.apply(frame)
