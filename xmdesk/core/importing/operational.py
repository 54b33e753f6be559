"""Importing any table (orders, visits, calls, CRM) as an O-data table with a key column.

The columns keep the names the file gives them (made unique); their SQL types are
guessed from the values; the key must be filled and unique. A table that exists
already takes the file's rows in (a row with a known key replaces the old one). The
whole file lands in one transaction with its log line, or none of it does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from xmdesk.core import odata
from xmdesk.core.study import audit
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import Cancelled, XMDeskError
from xmdesk.core.importing.layouts import detect
from xmdesk.core.importing.readers import ImportProblem, Source, content_hash, open_source
from xmdesk.core.importing.run import PROGRESS_SCALE, iter_data
from xmdesk.core.importing.values import BadValue, cell_text, parse_date, parse_number
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.messages import text
from xmdesk.core.study.file import Study

SAMPLE_ROWS = 2000


@dataclass
class ODataResult:
    table: str
    key: str
    imported: int
    columns: list[tuple[str, str]]
    created: bool

    def as_dict(self) -> dict[str, Any]:
        """The result for `import-odata --json`: the table, its key, the rows imported, whether the table was
        created, and its columns with their types."""
        return {"table": self.table, "key": self.key, "imported": self.imported, "created": self.created,
                "columns": [{"name": n, "type": t} for n, t in self.columns]}


def column_types(source: Source, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[tuple[str, str]]:
    """(name, SQL type) per column: INTEGER or REAL when every filled cell is a number, else TEXT."""
    types = []
    for index, name in enumerate(names):
        values = [row[index] for row in rows if index < len(row) and row[index] not in ("", None)]
        types.append((name, _sql_type(values)))
    return types


def _sql_type(values: Sequence[Any]) -> str:
    if not values or any(isinstance(v, str) and not _numeric_text(v) for v in values):
        return "TEXT"
    if any(not isinstance(v, (int, float, str)) or isinstance(v, bool) for v in values):
        return "TEXT"
    numbers = [float(v) for v in values]
    return "INTEGER" if all(n.is_integer() for n in numbers) else "REAL"


def _numeric_text(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return not value.strip().startswith("0") or value.strip() in ("0",) or "." in value


def _cell(value: Any, sql_type: str) -> Any:
    if value == "" or value is None:
        return None
    if sql_type == "TEXT":
        if not isinstance(value, str):
            try:
                return parse_date(value) if hasattr(value, "isoformat") else cell_text(value)
            except BadValue:
                return cell_text(value)
        return value
    try:
        return parse_number(value)
    except BadValue:
        return cell_text(value)


def import_odata(study: Study, path: str | Path, table: str, key: str, *, customer_column: str | None = None,
                 response_column: str = "customer_id", sheet: str | None = None, label: str = "",
                 progress: Progress = no_progress, cancel: CancelToken | None = None) -> ODataResult:
    """Import a file as the O-data table `table`, keyed by its column `key`; all or nothing."""
    source = open_source(path, sheet)
    layout = detect(source.head, "generic", source.path.name)
    names = [c.header for c in layout.columns]
    for wanted in filter(None, (key, customer_column)):
        if wanted not in names:
            raise ImportProblem("importing.odata_key_missing", file=source.path.name, key=wanted,
                                known=", ".join(names))
    sample = [row for _, row in islice(iter_data(source, layout), SAMPLE_ROWS)]
    if not sample:
        raise ImportProblem("importing.headers_only", file=source.path.name)
    existing = next((t for t in odata.list_tables(study) if t.name == table), None)
    if existing is not None and key != existing.key_column:  # its rows would be stored without their key
        raise ImportProblem("importing.odata_other_key", table=table, key=existing.key_column, given=key)
    types = column_types(source, names, sample)
    types = [(n, "TEXT" if n in (key, customer_column) else t) for n, t in types]
    file_hash = content_hash(source.path)
    try:
        with study.transaction(Changes.of("odata", "imports")):
            target = existing or odata.create_table(study, table, types, key, customer_column, label,
                                                    source.path.name)
            if customer_column:
                target = odata.declare_join(study, target, customer_column, response_column)
            known = set(odata.table_columns(study, target))
            kept = [(i, n, t) for i, (n, t) in enumerate(types) if n in known]
            rows = _odata_rows(source, layout.data_start, kept, names.index(key), key, cancel)
            count = odata.insert_rows(study, target, [n for _, n, _ in kept], rows, cancel=cancel,
                                      progress=lambda d, t, m: progress(int(source.fraction_read() * PROGRESS_SCALE),
                                                                        PROGRESS_SCALE, m))
            _log(study, source, table, "done", count, file_hash)
    except (XMDeskError, Cancelled) as error:
        with study.transaction(Changes.of("odata", "imports")):
            _log(study, source, table, "cancelled" if isinstance(error, Cancelled) else "failed", 0, file_hash)
        raise
    progress(PROGRESS_SCALE, PROGRESS_SCALE, text("importing.importing", file=source.path.name))
    return ODataResult(table, key, count, [(n, t) for _, n, t in kept], existing is None)


def _odata_rows(source: Source, data_start: int, kept: list[tuple[int, str, str]], key_index: int, key: str,
                cancel: CancelToken | None) -> Iterator[list[Any]]:
    first_row: dict[Any, int] = {}
    for number, row in enumerate(source.rows(), start=1):
        if number <= data_start or not any(v not in ("", None) for v in row):
            continue
        if cancel is not None and number % 2000 == 0:
            cancel.check()
        if number in source.undecodable:  # all or nothing: a comment pasted in another encoding stops it
            raise ImportProblem("importing.encoding", file=source.path.name, row=number,
                                encoding=source.encoding_name)
        if len(row) <= key_index or cell_text(row[key_index]) == "":
            raise ImportProblem("importing.odata_key_empty", file=source.path.name, row=number, key=key)
        value = cell_text(row[key_index])
        first = first_row.setdefault(value, number)
        if first != number:
            raise ImportProblem("importing.odata_key_duplicate", file=source.path.name, row=number, value=value,
                                first=first)
        yield [_cell(row[i], t) if i < len(row) else None for i, _, t in kept]


def _log(study: Study, source: Source, table: str, status: str, count: int, file_hash: str) -> None:
    import_id = audit.log_import(study, audit.ImportRecord(file=str(source.path), kind="odata", target=table,
                                                           status=status, layout="generic", imported=count))
    study.conn.execute("UPDATE import_log SET content_hash = ?, actor = ?, device = ? WHERE id = ?",
                       (file_hash, audit.actor(), audit.device_id(), import_id))
