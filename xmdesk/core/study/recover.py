"""Saving what can still be read from a damaged study into a new one (`xmdesk recover`).

Why row by row through Python's sqlite3, and not the sqlite3 program's `.recover`: that program is
not part of Python, of the packaged app or of a Windows laptop, so the app could not offer it; here
the new file is written by our own code (the damaged study's own schema, application id and
schema version, so it opens as the same study), its integrity is checked before it is handed over,
and the report says for each table how many rows were saved and at most how many were lost. What
`.recover` does that this does not: it scans every page for orphaned rows, so it also finds rows
under a damaged interior page or of a table whose schema entry is lost; those are lost here, and
the report says which tables could not be read at all.

How: the schema entries (read with `writable_schema`, which lets SQLite go on past entries it
cannot parse) create the tables of a fresh file; each table is read forward until the first
damaged page, then backward from its end to that page, so one damaged leaf page costs only its own
rows; the rows between the last one read forward and the first one read backward are the most that
was lost. Rows whose parent row was lost are dropped (foreign keys) and counted. Indexes and
triggers come after the rows. The file is written through `files.write_output` (a partial file,
renamed when whole).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xmdesk.core.errors import StudyError
from xmdesk.core.files import write_output
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.study.file import check_study_file, integrity_of, is_damage

BATCH = 500


@dataclass(frozen=True)
class TableSalvage:
    """One table's rows: `lost_at_most` is None when the table could not be read to its end (or not at all)."""

    table: str
    saved: int
    lost_at_most: int | None


@dataclass(frozen=True)
class Recovery:
    path: Path
    tables: list[TableSalvage]
    integrity: str
    reset: list[str] = field(default_factory=list)
    """Definitions that no longer decoded, reset to empty ('questions.props of nps'): `_reset_undecodable`."""

    @property
    def damaged_tables(self) -> list[TableSalvage]:
        """Tables that lost rows or could not be read to their end: what the report must name."""
        return [t for t in self.tables if t.lost_at_most != 0]


def recover(damaged: str | Path, output: str | Path, progress: Progress = no_progress,
            cancel: CancelToken | None = None) -> Recovery:
    """Copy every row that reads from `damaged` into a new study at `output`; `damaged` is only read."""
    damaged, output = Path(damaged), Path(output)
    try:
        check_study_file(damaged)
    except StudyError as error:
        if error.message_id != "study.damaged":  # damage is what we are here for; not a study at all is not
            raise
    if output.exists():
        raise StudyError("study.exists", path=output)
    if output.resolve() == damaged.resolve():
        raise StudyError("study.copy_onto_itself")
    source = sqlite3.connect(damaged.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    source.text_factory = _lenient_text
    recovered: list[Recovery] = []

    def write(partial: str) -> None:
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            tables = _copy(source, target, damaged, progress, cancel)
            reset = _reset_undecodable(target)
            recovered.append(Recovery(output, tables, integrity_of(target), reset))
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()

    try:
        write_output(output, write)
    finally:
        source.close()
    return recovered[0]


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, damaged: Path, progress: Progress,
          cancel: CancelToken | None) -> list[TableSalvage]:
    source.execute("PRAGMA writable_schema = ON")  # go on past schema entries SQLite cannot parse
    entries = _schema_entries(source)
    tables = [(name, sql) for kind, name, sql in entries if kind == "table" and not name.startswith("sqlite_")]
    if not tables:
        raise StudyError("recover.nothing_readable", path=damaged)
    for pragma in ("application_id", "user_version"):
        (value,) = source.execute(f"PRAGMA {pragma}").fetchone()
        target.execute(f"PRAGMA {pragma} = {int(value)}")
    target.execute("BEGIN")
    tables = [(name, sql) for name, sql in tables if _created(target, sql)]
    from xmdesk.core import messages

    label = messages.text("recover.progress")
    salvaged = []
    for done, (name, _sql) in enumerate(tables):
        if cancel is not None:
            cancel.check()
        progress(done, len(tables), label)
        salvaged.append(_copy_table(source, target, name))
    salvaged = _drop_orphans(target, salvaged)
    _copy_sequences(source, target)
    for kind, _name, sql in entries:
        if kind in ("index", "trigger", "view"):
            try:
                target.execute(sql)
            except sqlite3.OperationalError:
                pass  # over a table whose schema entry was lost: nothing to index
    target.execute("COMMIT")
    progress(len(tables), len(tables), label)
    return salvaged


DEFINITIONS = (("surveys", "props", "code", "{}"), ("questions", "props", "code", "{}"),
               ("derived_variables", "definition", "code", "{}"), ("derived_variables", "choices", "code", "[]"))
"""(table, JSON column, the column naming a row, what an unreadable value becomes): the survey definition that
every command reads first, so one value that no longer decodes made the whole study unreadable."""


def _reset_undecodable(target: sqlite3.Connection) -> list[str]:
    """Reset the survey definitions' JSON values that do not decode (damage, not what XMDesk wrote) to empty, so
    the recovered study opens; the question keeps its type, texts, choices and answers, and loses only its
    properties (limits, scale labels), which the report names: 'questions.props of nps'."""
    reset = []
    for table, column, name, empty in DEFINITIONS:
        try:
            rows = target.execute(f"SELECT rowid, {name}, {column} FROM {table}").fetchall()
        except sqlite3.OperationalError:  # the table was lost with its schema entry
            continue
        for rowid, label, value in rows:
            try:
                json.loads(value)
            except (TypeError, ValueError):
                target.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (empty, rowid))
                reset.append(f"{table}.{column} of {label}")
    return reset


def _lenient_text(value: bytes) -> str:
    """Damage can leave bytes that are not UTF-8 in a text: kept as U+FFFD, not a reason to stop reading."""
    return value.decode("utf-8", "replace")


def _created(target: sqlite3.Connection, sql: str) -> bool:
    """A table whose schema entry was garbled cannot be made again: it counts as lost with its rows."""
    try:
        target.execute(sql)
    except (sqlite3.OperationalError, sqlite3.ProgrammingError):
        return False
    return True


def _schema_entries(source: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(type, name, sql) of every schema entry that reads, in the order they were made; none without sql
    (the automatic indexes of UNIQUE constraints come with their table)."""
    forward, backward, _ = _readable_rows(source, "sqlite_master", "type, name, sql", "rowid")
    return [(str(kind), str(name), str(sql)) for kind, name, sql in forward + backward if sql]


Rows = list[tuple[object, ...]]


def _readable_rows(conn: sqlite3.Connection, table: str, columns: str, order: str) -> tuple[Rows, Rows, bool]:
    """The rows that read forward; when that met damage, those that read backward from the end down to
    it (some may be read both ways: the caller's insert ignores the repeat); and whether it met damage."""
    forward, damaged = _read_until_damage(conn, f'SELECT {columns} FROM "{table}" ORDER BY {order}')
    if not damaged:
        return forward, [], False
    desc = ", ".join(f"{part} DESC" for part in order.split(", "))
    backward, _ = _read_until_damage(conn, f'SELECT {columns} FROM "{table}" ORDER BY {desc}')
    return forward, backward[::-1], True


def _read_until_damage(conn: sqlite3.Connection, sql: str) -> tuple[Rows, bool]:
    rows: Rows = []
    try:
        for row in conn.execute(sql):
            rows.append(row)
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise
        return rows, True
    return rows, False


def _copy_table(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> TableSalvage:
    columns = [row[1] for row in target.execute(f'PRAGMA table_info("{table}")')]
    keys = [row[1] for row in sorted(target.execute(f'PRAGMA table_info("{table}")'), key=lambda r: r[5]) if row[5]]
    rowid = _has_rowid(target, table)
    quoted = ", ".join(f'"{c}"' for c in columns)
    if rowid:
        selected, order, into = f"_rowid_, {quoted}", "_rowid_", f"_rowid_, {quoted}"
    else:
        selected, order, into = quoted, ", ".join(f'"{k}"' for k in keys), quoted
    try:
        forward, backward, damaged = _readable_rows(source, table, selected, order)
    except sqlite3.OperationalError:  # its schema entry lies past the damage: SQLite cannot find its pages
        return TableSalvage(table, 0, None)
    before = target.total_changes
    insert = f'INSERT OR IGNORE INTO "{table}" ({into}) VALUES ({", ".join("?" * (len(columns) + rowid))})'
    rows = forward + backward
    for start in range(0, len(rows), BATCH):
        target.executemany(insert, rows[start:start + BATCH])
    saved = target.total_changes - before
    if not damaged:
        return TableSalvage(table, saved, len(rows) - saved)  # repeated unique keys (none in a whole table)
    return TableSalvage(table, saved, _room_between(forward, backward) if rowid else None)


def _room_between(forward: Rows, backward: Rows) -> int | None:
    """Rowids are unique whole numbers (from 1 as SQLite gives them): between the last one read forward
    and the first one read backward there is room for at most that many rows. Nothing read backward (the
    table's last page or its root is damaged): no bound."""
    if not backward:
        return None
    last_forward = int(forward[-1][0]) if forward else 0  # type: ignore[call-overload]
    return max(0, int(backward[0][0]) - last_forward - 1)  # type: ignore[call-overload]


def _has_rowid(conn: sqlite3.Connection, table: str) -> bool:
    try:
        conn.execute(f'SELECT _rowid_ FROM "{table}" LIMIT 0')
    except sqlite3.OperationalError:
        return False
    return True


def _drop_orphans(target: sqlite3.Connection, salvaged: list[TableSalvage]) -> list[TableSalvage]:
    """Rows whose parent row was lost would fail the recovered study's integrity check: they go, counted."""
    dropped: dict[str, int] = {}
    for table, rowid in _orphans(target):
        target.execute(f'DELETE FROM "{table}" WHERE _rowid_ = ?', (rowid,))
        dropped[table] = dropped.get(table, 0) + 1
    return [TableSalvage(t.table, t.saved - dropped.get(t.table, 0),
                         None if t.lost_at_most is None else t.lost_at_most + dropped.get(t.table, 0))
            for t in salvaged]


def _orphans(target: sqlite3.Connection) -> Iterator[tuple[str, int]]:
    """Until none is left: deleting an orphan can orphan its own children."""
    while True:
        try:
            checked = target.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.OperationalError as error:
            # "foreign key mismatch": a table's damaged definition still parsed, but without the key its
            # children name, so the recovered study would not hold together. Said, and nothing is written.
            raise StudyError("recover.schema_damaged", detail=str(error)) from error
        found = [(str(table), int(rowid)) for table, rowid, _parent, _fk in checked if rowid is not None]
        if not found:
            return
        yield from dict.fromkeys(found)


def _copy_sequences(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """AUTOINCREMENT counters never go back, so an id the damaged study gave out is not given out again."""
    try:
        forward, backward, _ = _readable_rows(source, "sqlite_sequence", "name, seq", "rowid")
    except sqlite3.OperationalError:
        return  # no AUTOINCREMENT table
    for name, seq in forward + backward:
        updated = target.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name))
        if updated.rowcount == 0:
            target.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq))
