"""The import itself: check every row, then write them all in one transaction, or nothing.

`prepare` reads the file's head, recognises its layout and settles the target survey
and mapping (a new survey proposed from the file, a saved mapping, or columns matched
onto an existing survey). `check` runs the conversion over every row without writing
and lists the problems (row, column, value, problem). `run_import` converts and
writes in one pass: rows stream from the reader a batch at a time, are converted
column by column (one converter per column, values seen before at C speed) and go
into `responses.insert_rows` (raw `executemany`) inside one outer transaction that
also creates a new survey, remembers each row's key (id column or row hash, so a
re-import skips what is already there; duplicate ids are found in a temporary table,
so memory stays flat however long the file) and logs the import with the file's
content hash. Cancel, an error or a killed process leave the study as it was.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, compress, count, islice, repeat
from pathlib import Path
from typing import Any

from xmdesk.core.study import audit
from xmdesk.core.loop import outbox
from xmdesk.core.survey import responses
from xmdesk.core.study.changes import NOTHING, Changes
from xmdesk.core.errors import Cancelled, XMDeskError
from xmdesk.core.importing.layouts import Layout, detect
from xmdesk.core.importing.mapping import (Field, Mapping, choice_learner, converter, match_survey, propose_survey,
                                           question_code, scale_points, settle_decimals)
from xmdesk.core.importing.readers import ImportProblem, Source, content_hash, open_source
from xmdesk.core.importing.spss import propose_from_dictionary, spss_layout
from xmdesk.core.importing.values import (TEXT_MISSING, BadValue, Converter, ErrorCell, Learner, Memo, Widener,
                                          cell_text)
from xmdesk.core.jobs import CancelToken, Progress, collector_paused, no_progress
from xmdesk.core.messages import text
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey.model import (SYSTEM_COLUMNS, Question, QuestionType, Survey, column_limit, create_survey,
                                load_survey, record_version, write_parts)

ON_ERROR = ("stop", "skip", "missing")
SAMPLE_ROWS = 2000
PROBLEMS_KEPT = 1000
PROGRESS_SCALE = 1000


@dataclass(frozen=True)
class Problem:
    row: int  # the row number in the file, as a spreadsheet shows it (1 = first row)
    column: str
    value: str
    problem: str

    def as_dict(self) -> dict[str, Any]:
        """The problem as JSON for the command line and the import log (row as a spreadsheet numbers it)."""
        return {"row": self.row, "column": self.column, "value": self.value, "problem": self.problem}


@dataclass
class Plan:
    """Everything an import needs, settled before any row is written; the wizard edits it page by page."""

    source: Source
    layout: Layout
    survey: Survey
    mapping: Mapping
    new_survey: bool = False
    file_hash: str = ""
    sample: list[list[Any]] = field(default_factory=list)  # the data rows a new survey was proposed from

    @property
    def file(self) -> str:
        """The file's name without its folder: what messages and the import log show."""
        return self.source.path.name


@dataclass
class ImportResult:
    layout: str
    survey: str
    imported: int = 0
    skipped: int = 0  # rows with problems left out (on_error=skip)
    already: int = 0  # rows imported before (same id or same content), left out
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows: int = 0  # data rows read
    new_ids: range = range(0)  # ids of the responses this import added
    new_choices: dict[str, list[str]] = field(default_factory=dict)  # options found after the sampled rows
    wider_scales: dict[str, int] = field(default_factory=dict)  # rating scales grown by answers after them
    previous: list[dict[str, Any]] = field(default_factory=list)  # earlier imports of the same file
    warnings: list[str] = field(default_factory=list)  # alert rules that failed over the new rows (not a failure)
    error_cells: int = 0  # Excel error cells (#DIV/0!, #N/A...) in the imported columns, stored as missing
    response_fields: dict[str, list[str]] = field(default_factory=dict)  # sys_ip: [来自IP], the tool's own columns

    def learned(self) -> list[str]:
        """What a survey proposed from the file learned from the rows after its sample, and how many Excel
        error cells became missing, for a person (the wizard and the command line show these lines)."""
        return ([text("importing.new_choices", question=code, rows=SAMPLE_ROWS, labels="、".join(labels))
                 for code, labels in self.new_choices.items()]
                + [text("importing.wider_scale", question=code, rows=SAMPLE_ROWS, points=points)
                   for code, points in self.wider_scales.items()]
                + ([text("importing.error_cells", count=self.error_cells)] if self.error_cells else []))

    def as_dict(self) -> dict[str, Any]:
        """The result for `import --json`: counts, problems (those kept), earlier imports of the same file and what a
        proposed survey learned; internal fields (new ids) are left out."""
        return {"layout": self.layout, "survey": self.survey, "imported": self.imported, "skipped": self.skipped,
                "already_imported": self.already, "rows": self.rows, "problem_count": self.problem_count,
                "problems": [p.as_dict() for p in self.problems], "previous_imports": self.previous,
                "new_choices": self.new_choices, "wider_scales": self.wider_scales, "warnings": self.warnings,
                "error_cells": self.error_cells, "response_fields": self.response_fields}


def prepare(study: Study, path: str | Path, *, survey: str | None = None, new: str | None = None,
            sheet: str | None = None, layout: str = "auto", mapping: Mapping | None = None,
            title: str = "") -> Plan:
    """Read the head of the file and settle layout, survey and mapping (nothing is written)."""
    source, found = open_file(path, sheet, layout)
    return plan_for(study, source, found, survey=survey, new=new, mapping=mapping, title=title)


def open_file(path: str | Path, sheet: str | None = None, layout: str = "auto") -> tuple[Source, Layout]:
    """The file opened and its layout recognised; a file without data rows is refused here."""
    source = open_source(path, sheet)
    found = spss_layout(source) if source.kind == "spss" else detect(source.head, layout, source.path.name)
    if not data_rows(source.head, found) and (source.total_rows or 0) <= found.data_start:
        raise ImportProblem("importing.headers_only", file=source.path.name)
    return source, found


def plan_for(study: Study, source: Source, found: Layout, *, survey: str | None = None, new: str | None = None,
             mapping: Mapping | None = None, title: str = "") -> Plan:
    """The plan for an opened file: a new survey proposed from its values, or its columns matched onto
    (or a saved mapping applied to) an existing survey."""
    if new:
        sample = [row for number, row in islice(iter_data(source, found), SAMPLE_ROWS)
                  if number not in source.undecodable]  # no garbled text becomes a choice
        title = title or found.title or source.path.stem
        target, proposed = (propose_from_dictionary(new, found, source.dictionary, sample, title)
                            if source.kind == "spss" else propose_survey(new, found, sample, title))
        return Plan(source, found, target, mapping.apply_to(found) if mapping else proposed, new_survey=True,
                    sample=sample)
    if not survey:
        if mapping is None:
            raise ImportProblem("importing.need_target")
        survey = mapping.survey
    target = load_survey(study, survey)
    chosen = mapping.apply_to(found) if mapping else match_survey(target, found)
    chosen.survey = target.code
    settle_decimals(chosen, found, data_rows(source.head, found))
    return Plan(source, found, target, chosen)


def data_rows(head: Sequence[list[Any]], layout: Layout) -> list[list[Any]]:
    """The non-empty data rows in the head of the file (below the header), without their row numbers."""
    return [row for _, row in numbered_data_rows(head, layout)]


def numbered_data_rows(head: Sequence[list[Any]], layout: Layout) -> list[tuple[int, list[Any]]]:
    """(file row number, cells) of the head's data rows: the numbers the import's messages name."""
    return [(number, row) for number, row in enumerate(head, start=1) if number > layout.data_start and _filled(row)]


def _filled(row: list[Any]) -> bool:
    """Whether a row has any cell; most rows answer by their first cell."""
    return bool(row) and (row[0] not in ("", None) or row.count("") + row.count(None) < len(row))


def iter_data(source: Source, layout: Layout) -> Iterator[tuple[int, list[Any]]]:
    """(file row number, cells) of every non-empty data row."""
    for numbers, rows in data_batches(source, layout):
        yield from zip(numbers, rows)


BATCH_ROWS = 2000  # rows converted and checked together, column by column
LEARNING_TYPES = frozenset({QuestionType.SINGLE, QuestionType.RATING, QuestionType.MATRIX})


def data_batches(source: Source, layout: Layout, size: int = BATCH_ROWS) -> Iterator[tuple[list[int], list[list[Any]]]]:
    """The file row numbers and cells of the non-empty data rows, `size` rows of the file at a time
    (a batch with empty rows left out is shorter); whole batches, so no Python code runs per row
    unless a batch has an empty row."""
    rows = source.rows()
    start = sum(1 for _ in islice(rows, layout.data_start))  # header rows: file row numbers count them
    while chunk := list(islice(rows, size)):
        numbers = list(range(start + 1, start + 1 + len(chunk)))
        start += len(chunk)
        filled = list(map(_filled, chunk))
        if not all(filled):
            numbers, chunk = list(compress(numbers, filled)), list(compress(chunk, filled))
        if chunk:
            yield numbers, chunk
TEXT_TYPES = frozenset({str, type(None)})
ColumnRun = Callable[[Sequence[Any]], tuple[list[Any], list[int]]]


def _column_run(convert: Converter, errors: list[int]) -> ColumnRun:
    """How one column of a batch is converted: values seen before come from the converter's memory
    through `map(dict.__getitem__, ...)`, at C speed, and only new values (and, in text columns,
    cells that are not text) take the slow path. Returns the values and the positions of bad cells
    (None there)."""
    if isinstance(convert, Memo):
        lookup = convert.cache.__getitem__

        def remembered(cells: Sequence[Any]) -> tuple[list[Any], list[int]]:
            try:
                return list(map(lookup, cells)), []
            except BadValue:  # a bad cell (or an Excel error) in this batch: convert cell by cell
                return _cell_by_cell(lookup, cells, errors)

        return remembered

    def written(cells: Sequence[Any]) -> tuple[list[Any], list[int]]:
        values = list(map(TEXT_MISSING.get, cells, cells))
        if not TEXT_TYPES.issuperset(map(type, values)):
            values = _cell_by_cell(lambda value: value if value is None or type(value) is str else convert(value),
                                   values, errors)[0]
        return values, []

    return written


def _cell_by_cell(convert: Converter, cells: Sequence[Any], errors: list[int]) -> tuple[list[Any], list[int]]:
    """The slow path of a column with a bad cell: None and its position for each bad one; None for an
    Excel error cell, counted in `errors`."""
    values: list[Any] = []
    bad: list[int] = []
    for position, cell in enumerate(cells):
        try:
            values.append(convert(cell))
        except ErrorCell:
            values.append(None)
            errors[0] += 1
        except BadValue:
            values.append(None)
            bad.append(position)
    return values, bad


class _Converter:
    """Turns a batch of rows into the columns of values to store, or says which rows have bad cells.

    Conversion runs column by column over a batch (one converter per column, built once), so the
    per-cell work of a 100,000-row file is a C-level dict look-up; only values not seen before, and
    cells of other types in text columns, take the slow path.
    """

    def __init__(self, plan: Plan) -> None:
        headers = {c.header: c.index for c in plan.layout.columns}
        self.new_choices: dict[str, list[str]] = {}  # question code -> labels found after the sample
        self.wider_scales: dict[str, int] = {}  # question code -> points, when answers went above the sample's
        self.fields = [(headers[f.source], f,
                        converter(f, plan.mapping.by_number, self._learner(plan, f), self._widener(plan, f)))
                       for f in plan.mapping.imported() if f.source in headers]
        self.width = max((c.index for c in plan.layout.columns), default=0) + 1
        self.errors = [0]  # Excel error cells (#DIV/0!, #N/A) stored as missing
        self.runs = [(index, len(item.targets()) if item.kind == "split" else 0, _column_run(convert, self.errors))
                     for index, item, convert in self.fields if item.kind != "extra"]
        # the tool's other own columns, by header, into one JSON column (Mapping.columns puts it last)
        self.extras = [(index, item.source, _column_run(convert, self.errors))
                       for index, item, convert in self.fields if item.kind == "extra"]

    @staticmethod
    def _proposed(plan: Plan, item: Field, kind: str) -> Question | None:
        """The question of a survey proposed from this file that `item` (of `kind`) fills, when it is a
        single choice or a rating, or one row of a matrix: only such a survey learns from the rows
        after its sample; an existing survey's choices and scales are the researcher's, never changed
        by an import."""
        if not plan.new_survey or item.kind != kind:
            return None
        code = question_code(item)
        return next((q for q in plan.survey.questions if q.code == code and q.type in LEARNING_TYPES), None)

    def _learner(self, plan: Plan, item: Field) -> Learner | None:
        """Options that the sampled rows did not show become choices."""
        question = self._proposed(plan, item, "code")
        return None if question is None else choice_learner(question, item, plan.mapping.by_number, self.new_choices)

    def _widener(self, plan: Plan, item: Field) -> Widener | None:
        """A scale proposed as 5 points because the sampled answers went up to 5 becomes a 7-, 10- or
        11-point scale when a later answer is a whole number up to that (for a matrix, all its rows)."""
        question = self._proposed(plan, item, "number")
        if question is None or question.choices:
            return None

        def widen(number: float) -> float | None:
            points = scale_points(number)
            if not float(number).is_integer() or points < number:
                return None
            question.props["points"] = item.high = self.wider_scales[question.code] = points
            return points

        return widen

    def columns(self, rows: Sequence[Sequence[Any]]) -> tuple[list[Sequence[Any]], set[int]]:
        """The stored columns of a batch of (padded) rows, and the positions of rows with a bad cell."""
        cells = list(zip(*rows))
        out: list[Sequence[Any]] = []
        bad_rows: set[int] = set()
        for index, parts, run in self.runs:
            values, bad = run(cells[index])
            if bad:
                bad_rows.update(bad)
            if parts:
                missing = (None,) * parts
                out.extend(zip(*[missing if value is None else value for value in values]))
            else:
                out.append(values)
        if self.extras:
            out.append(_extra_column([(source, run(cells[index])[0]) for index, source, run in self.extras]))
        return out, bad_rows

    def pad(self, row: list[Any]) -> list[Any]:
        return row + [""] * (self.width - len(row)) if len(row) < self.width else row

    def problems(self, row: list[Any]) -> list[tuple[str, Any, BadValue]]:
        """The slow path for a row with a bad cell: every bad cell named, in the order of the fields."""
        found = []
        for index, item, convert in self.fields:
            try:
                convert(row[index])
            except ErrorCell:
                continue
            except BadValue as bad:
                found.append((item.source, row[index], bad))
        return found


def _extra_column(columns: Sequence[tuple[str, Sequence[Any]]]) -> list[str | None]:
    """Per row, the JSON object of a tool's other own columns by header (empty cells left out; None when
    all are), so custom link parameters, 总分 or Finished stay with the response."""
    headers = [source for source, _ in columns]
    objects = ({header: value for header, value in zip(headers, row) if value is not None}
               for row in zip(*(values for _, values in columns)))
    return [json.dumps(found, ensure_ascii=False) if found else None for found in objects]


def row_key(layout: Layout, row: Sequence[Any]) -> str:
    """What identifies a row across imports: its id column, else a hash of its cells."""
    if layout.id_column is not None and layout.id_column < len(row):
        identifier = cell_text(row[layout.id_column])
        if identifier:
            return "id:" + identifier
    return "row:" + hashlib.blake2b("\x1f".join(map(cell_text, row)).encode("utf-8"), digest_size=16).hexdigest()


class _Keys:
    """Which rows were imported before, and which ids came earlier in this file, asked of SQL one batch
    at a time (import_keys, and a temporary table of each key's first row), so memory does not grow
    with the file's rows. The keys of the rows written go into import_keys at the end in one
    statement, in key order."""

    FIRST = "temp.xmdesk_import_first"

    def __init__(self, conn: Any, target: str, skip_seen: bool) -> None:
        self.conn = conn
        self.target = target
        self.skip_seen = skip_seen
        conn.execute(f"DROP TABLE IF EXISTS {self.FIRST}")
        conn.execute(f"CREATE TABLE {self.FIRST} (key TEXT PRIMARY KEY, row INTEGER NOT NULL,"
                     " kept INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID")

    def seen(self, keys: Sequence[str]) -> set[str]:
        if not self.skip_seen:
            return set()
        cursor = self.conn.execute("SELECT key FROM import_keys WHERE target = ? AND key IN"
                                   " (SELECT value FROM json_each(?))", (self.target, json.dumps(keys)))
        return {key for (key,) in cursor}

    def first_rows(self, numbered: Sequence[tuple[str, int]]) -> list[int]:
        """For each (key, row number), in file order, the row number where that key first appeared.
        The batch's keys go into the table first; only when some were there already (fewer rows
        changed) is the table asked for the earlier rows."""
        first = dict(reversed(numbered))  # the earliest row of a key repeated in the batch wins
        before = self.conn.total_changes
        self.conn.executemany(f"INSERT OR IGNORE INTO {self.FIRST} (key, row) VALUES (?, ?)", first.items())
        if self.conn.total_changes - before < len(first):
            cursor = self.conn.execute(f"SELECT key, row FROM {self.FIRST} WHERE row < ?"
                                       " AND key IN (SELECT value FROM json_each(?))",
                                       (numbered[0][1], json.dumps(list(first))))
            first.update(cursor.fetchall())
        return [first[key] for key, _ in numbered]

    def leave_out(self, numbered: Sequence[tuple[str, int]]) -> None:
        """Rows not written keep no key (a row that only repeats an earlier key changes nothing)."""
        self.conn.executemany(f"UPDATE {self.FIRST} SET kept = 0 WHERE key = ? AND row = ?", numbered)

    def store(self, import_id: int) -> None:
        self.conn.execute(f"INSERT OR IGNORE INTO import_keys (target, key, import_id)"
                          f" SELECT ?, key, ? FROM {self.FIRST} WHERE kept", (self.target, import_id))

    def close(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {self.FIRST}")


class _Pass:
    """One pass over the rows: conversion, duplicate ids, already-imported rows, problems, counts."""

    def __init__(self, study: Study, plan: Plan, on_error: str, skip_seen: bool, cancel: CancelToken | None) -> None:
        if on_error not in ON_ERROR:
            raise ImportProblem("importing.bad_on_error", choice=on_error, known=", ".join(ON_ERROR))
        self.study = study
        self.plan = plan
        self.on_error = on_error
        self.cancel = cancel
        self.skip_seen = skip_seen and not plan.new_survey
        self.converter = _Converter(plan)
        self.result = ImportResult(plan.layout.name, plan.survey.code, new_choices=self.converter.new_choices,
                                   wider_scales=self.converter.wider_scales,
                                   response_fields=plan.mapping.response_fields())

    def batches(self, import_id: int | None = None) -> Iterator[list[Sequence[Any]]]:
        """The stored columns of the rows to write, a batch at a time; given the import's id, the keys
        of the rows written are stored under it once the last batch is through."""
        layout = self.plan.layout
        index = _Keys(self.study.conn, self.plan.survey.code, self.skip_seen)
        for numbers, rows in data_batches(self.plan.source, layout):
            if self.cancel is not None:
                self.cancel.check()
            self.result.rows += len(rows)
            columns = self._batch(index, layout, numbers, rows)
            if columns and len(columns[0]):
                yield columns
        self.result.error_cells = self.converter.errors[0] + self.plan.source.error_cells
        if import_id is not None:
            index.store(import_id)
        index.close()

    def _batch(self, index: _Keys, layout: Layout, numbers: list[int], rows: list[list[Any]]) -> list[Sequence[Any]]:
        keys = [row_key(layout, row) for row in rows]
        seen = index.seen(keys)
        if seen:
            self.result.already += sum(1 for key in keys if key in seen)
            kept = [key not in seen for key in keys]
            numbers, rows, keys = list(compress(numbers, kept)), list(compress(rows, kept)), list(compress(keys, kept))
        if not rows:
            return []
        if min(map(len, rows)) < self.converter.width:
            rows = [self.converter.pad(row) for row in rows]
        garbled = self._garbled(numbers, rows)
        columns, bad_rows = self.converter.columns(rows)
        numbered = list(zip(keys, numbers))
        firsts = index.first_rows(numbered)
        duplicates = {} if firsts == numbers else {
            n: first for n, ((key, number), first) in enumerate(zip(numbered, firsts))
            if first != number and key.startswith("id:")}
        left_out = {n for n in sorted(bad_rows | duplicates.keys() | garbled.keys())
                    if not self._accept(numbers[n], rows[n], duplicates.get(n), garbled.get(n, []))}
        if left_out:
            index.leave_out([numbered[n] for n in left_out])
            columns = [[value for n, value in enumerate(column) if n not in left_out] for column in columns]
        return columns

    def _garbled(self, numbers: list[int], rows: list[list[Any]]) -> dict[int, list[tuple[str, Any, BadValue]]]:
        """The cells holding bytes not valid in the file's encoding (a GBK comment in a UTF-8 export, read
        with U+FFFD marks), by the row's place in the batch. The cells are blanked, so importing such
        cells as missing stores them as missing, never the marks."""
        source = self.plan.source
        if not source.undecodable or source.undecodable.isdisjoint(numbers):
            return {}
        headers = {c.index: c.header for c in self.plan.layout.columns}
        problem = BadValue("undecodable", encoding=source.encoding_name)
        found: dict[int, list[tuple[str, Any, BadValue]]] = {}
        for n, number in enumerate(numbers):
            if number in source.undecodable:
                row = rows[n]
                marked = [i for i, cell in enumerate(row) if isinstance(cell, str) and "\ufffd" in cell]
                found[n] = [(headers.get(i, str(i + 1)), row[i], problem) for i in marked]
                for i in marked:
                    row[i] = ""
        return found

    def _accept(self, number: int, row: list[Any], first: int | None,
                garbled: list[tuple[str, Any, BadValue]]) -> bool:
        """Record the problems of a row (`first`: the row where its id came first, for a duplicate;
        `garbled`: its cells that were not valid text); False when the row is left out."""
        bad: list[tuple[str, Any, BadValue]] = list(garbled)
        if first is not None:
            layout = self.plan.layout
            id_header = next((c.header for c in layout.columns if c.index == layout.id_column), "")
            bad.append((id_header, cell_text(row[layout.id_column or 0]), BadValue("duplicate_id", first=first)))
        bad.extend(self.converter.problems(row))
        for column, value, problem in bad:
            self.result.problem_count += 1
            if len(self.result.problems) < PROBLEMS_KEPT:
                self.result.problems.append(Problem(number, column, cell_text(value)[:200], problem.text()))
        if self.on_error == "stop":
            first_problem = self.result.problems[0]
            raise ImportProblem("importing.stopped", file=self.plan.file, row=first_problem.row,
                                column=first_problem.column, problem=first_problem.problem,
                                value=first_problem.value)
        if self.on_error == "skip" or first is not None:
            self.result.skipped += 1
            return False
        return True


@contextmanager
def _undone(study: Study) -> Iterator[None]:
    """A savepoint rolled back at the end: the check's scratch table lives in one transaction (its
    batches are not committed one by one, three times faster) and nothing it did remains. Taken as the
    study's one writer: a draft autosave meanwhile waits or retries, instead of joining the savepoint and
    being rolled back with it."""
    with study.transaction(NOTHING) as conn:
        conn.execute("SAVEPOINT import_check")
        try:
            yield
        finally:
            conn.execute("ROLLBACK TO import_check")
            conn.execute("RELEASE import_check")


def check(study: Study, plan: Plan, progress: Progress = no_progress, cancel: CancelToken | None = None,
          skip_seen: bool = True) -> ImportResult:
    """Every row converted without writing anything: the validation report the wizard shows."""
    checking = _Pass(study, plan, "missing", skip_seen, cancel)
    message = text("importing.checking", file=plan.file)
    with collector_paused(), _undone(study):
        for _ in checking.batches():
            progress(int(plan.source.fraction_read() * PROGRESS_SCALE), PROGRESS_SCALE, message)
    progress(PROGRESS_SCALE, PROGRESS_SCALE, message)
    result = checking.result
    result.imported = result.rows - result.skipped - result.already
    return result


def previous_imports(study: Study, file_hash: str) -> list[dict[str, Any]]:
    """Earlier successful imports of a file with the same content, newest first."""
    cursor = study.conn.execute(
        "SELECT at, file, target, imported FROM import_log WHERE content_hash = ? AND status = 'done'"
        " AND imported > 0"
        " ORDER BY id DESC", (file_hash,))
    return [dict(zip(("at", "file", "target", "imported"), row)) for row in cursor]


def _check_width(study: Study, plan: Plan) -> None:
    """A new survey's response table holds XMDesk's own columns and the answers' (one or more a
    question): past SQLite's column limit the import is refused before anything is written, saying
    how many answer columns fit, so the user can leave some out."""
    limit = column_limit(study.conn)
    if len(SYSTEM_COLUMNS) + len(plan.survey.columns()) > limit:
        raise ImportProblem("importing.too_many_columns", file=plan.file, columns=len(plan.survey.columns()),
                            most=limit - len(SYSTEM_COLUMNS), limit=limit)


def run_import(study: Study, plan: Plan, on_error: str = "stop", progress: Progress = no_progress,
               cancel: CancelToken | None = None, skip_seen: bool = True) -> ImportResult:
    """Write the file's rows into the survey, all or nothing; every outcome is logged."""
    plan.file_hash = plan.file_hash or content_hash(plan.source.path)
    previous = previous_imports(study, plan.file_hash)
    writing = _Pass(study, plan, on_error, skip_seen, cancel)
    writing.result.previous = previous
    if plan.new_survey:
        _check_width(study, plan)
    try:
        arrived = Changes.of("surveys", "responses", "imports", surveys=[plan.survey.code])
        with collector_paused(), study.single_write_journal(), study.transaction(arrived) as conn:
            if plan.new_survey:
                plan.survey = create_survey(study, plan.survey.code, plan.survey.title_en, plan.survey.title_zh,
                                            questions=plan.survey.questions)
            plan.mapping.check(plan.survey, plan.file)
            before = int(conn.execute(f'SELECT coalesce(max(id), 0) FROM "{plan.survey.response_table}"')
                         .fetchone()[0])
            import_id = _log(study, plan, writing.result, "done")
            writing.result.imported = responses.insert_rows(
                study, plan.survey, plan.mapping.columns() + list(SYSTEM_FILLED),
                _stored_rows(writing, import_id, _system_values(plan, import_id)),
                progress=_by_bytes(plan.source, progress), cancel=cancel,
                message=text("importing.importing", file=plan.file))
            writing.result.new_ids = range(before + 1, before + 1 + writing.result.imported)
            pending = outbox.add(conn, plan.survey.code, writing.result.new_ids)
            _store_learned(conn, plan.survey, writing.result.new_choices.keys() | writing.result.wider_scales.keys())
            _finish_log(conn, import_id, writing.result, plan.mapping)
    except (XMDeskError, Cancelled) as error:
        status = "cancelled" if isinstance(error, Cancelled) else "failed"
        _log_outcome(study, plan, writing.result, status)
        raise
    writing.result.warnings = outbox.settle(study, [pending])
    return writing.result


# System columns an import fills itself, so insert_rows need not rebuild every row to add them.
SYSTEM_FILLED = ("created_at", "updated_at", "device_id", "survey_version", "source", "uuid")


def _system_values(plan: Plan, import_id: int) -> list[Any]:
    stamp = now_iso()
    return [stamp, stamp, audit.device_id(), plan.survey.version, f"import:{import_id}"]


def _stored_rows(writing: _Pass, import_id: int, system: list[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows to insert, zipped from each batch's columns with the system values and a fresh uuid
    (a random prefix for this import and a counter: unique, and cheaper than uuid4 per row); chained
    in C, so no Python code runs per row here."""
    prefix = secrets.token_hex(10)
    numbers = count()

    def rows_of(columns: list[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
        uuids = [f"{prefix}{number:012x}" for number in islice(numbers, len(columns[0]))]
        return zip(*columns, *map(repeat, system), uuids)

    return chain.from_iterable(map(rows_of, writing.batches(import_id)))


def _store_learned(conn: Any, survey: Survey, codes: Iterable[str]) -> None:
    """The questions a survey created by this import learned about from rows after the sample (new
    choices, a wider scale), written before the import commits; the survey is still at its first
    version, whose kept definition is replaced."""
    codes = list(codes)
    for code in codes:
        question = survey.question(code)
        question.validate()
        (question_id,) = conn.execute("SELECT id FROM questions WHERE survey_id = ? AND code = ?",
                                      (survey.id, code)).fetchone()
        conn.execute("UPDATE questions SET props = ? WHERE id = ?",
                     (json.dumps(question.props, ensure_ascii=False), question_id))
        write_parts(conn, question_id, question)
    if codes:
        record_version(conn, survey, "create")


def _by_bytes(source: Source, progress: Progress) -> Progress:
    """Progress by how far through the file the reader is (a CSV's row count is unknown until the end)."""

    def report(done: int, total: int, message: str) -> None:
        progress(int(source.fraction_read() * PROGRESS_SCALE), PROGRESS_SCALE, message)

    return report


def _log(study: Study, plan: Plan, result: ImportResult, status: str) -> int:
    import_id = audit.log_import(study, audit.ImportRecord(
        file=str(plan.source.path), kind="responses", target=plan.survey.code, status=status,
        layout=plan.layout.name, imported=result.imported, skipped=result.skipped,
        problems=[p.as_dict() for p in result.problems[:50]]))
    study.conn.execute(
        "UPDATE import_log SET content_hash = ?, mapping = ?, actor = ?, device = ? WHERE id = ?",
        (plan.file_hash, plan.mapping.to_json(), audit.actor(), audit.device_id(), import_id))
    return import_id


def _finish_log(conn: Any, import_id: int, result: ImportResult, mapping: Mapping) -> None:
    """The counts, once known; the mapping again, since it may have learned options on the way."""
    conn.execute(
        "UPDATE import_log SET imported = ?, skipped = ?, problems = ?, first_id = ?, last_id = ?, mapping = ?"
        " WHERE id = ?",
        (result.imported, result.skipped + result.already,
         json.dumps([p.as_dict() for p in result.problems[:50]], ensure_ascii=False),
         result.new_ids.start if result.imported else None, result.new_ids.stop - 1 if result.imported else None,
         mapping.to_json(), import_id))


def _log_outcome(study: Study, plan: Plan, result: ImportResult, status: str) -> None:
    """A failed or cancelled import leaves no data, only this line in the log."""
    with study.transaction(Changes.of("imports")):
        _log(study, plan, result, status)


# -- saved mappings ------------------------------------------------------------------------------


def save_mapping(study: Study, name: str, mapping: Mapping) -> None:
    """Keep a mapping in the study under a name, to reuse for next month's file."""
    with study.transaction(Changes.of("imports")) as conn:
        conn.execute(
            "INSERT INTO import_mappings (name, survey, layout, body, saved_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET survey = excluded.survey, layout = excluded.layout,"
            " body = excluded.body, saved_at = excluded.saved_at",
            (name, mapping.survey, mapping.layout, mapping.to_json(), now_iso()))
        audit.record(study, "save", "import_mapping", name)


def saved_mappings(study: Study) -> dict[str, Mapping]:
    """The study's saved mappings by name, the most recently saved first (the wizard offers them in that order)."""
    rows = study.conn.execute("SELECT name, body FROM import_mappings ORDER BY saved_at DESC")
    return {name: Mapping.from_json(body, name) for name, body in rows}


def import_history(study: Study, limit: int = 50) -> list[dict[str, Any]]:
    """The latest `limit` imports, newest first, each as a dict of the log's columns, failed and cancelled ones
    included."""
    keys = ("at", "file", "layout", "target", "imported", "skipped", "status", "content_hash", "actor")
    rows = study.conn.execute(f"SELECT {', '.join(keys)} FROM import_log ORDER BY id DESC LIMIT ?", (limit,))
    return [dict(zip(keys, row)) for row in rows]
