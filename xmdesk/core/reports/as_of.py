"""A study as it stood at a past moment, rebuilt from the audit log, so last month's delivery can be reproduced.

The past is made in a temporary copy of the study (SQLite's backup, the study stays open and untouched):
responses created after the moment are dropped; every change the audit log records after it is undone,
newest first (an edit gets the old values the log kept, a deletion or a restore is reversed, an exclusion
is lifted or put back with its reason); then the log itself is cut at the moment, so a report built on the
copy is stamped with the audit entry it includes. Every report builder then reads the copy as it reads any
study: nothing in the analysis needs to know about time.

Not undone (the log does not keep the old state): a survey's design edits and a derived variable's
replaced definition; O-data tables. `rewind` counts what it could not undo, and says so.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path

from xmdesk.core.errors import ModelError
from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys


def parse_moment(text: str) -> datetime:
    """`--as-of`'s value: a date means the end of that day (local time), a time without a zone is local."""
    text = text.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time(23, 59, 59))
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise ModelError("verify.bad_moment", value=text) from error
    return moment if moment.tzinfo is not None else moment.astimezone()


def _at(text: object) -> datetime | None:
    """A stored timestamp as an aware datetime (UTC when written without a zone); None when it is not one."""
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Rewound:
    dropped: int
    """Responses created after the moment."""
    undone: int
    """Audit entries undone (edits, deletions, restores, exclusions)."""
    kept: int
    """Audit entries after the moment that could not be undone (design, derived definitions)."""


def rewind(study: Study, moment: datetime) -> Rewound:
    """Turn `study` (a copy: this destroys later data) back to `moment`, in one transaction."""
    later = [row for row in study.conn.execute(
        "SELECT id, at, action, entity, entity_id, detail FROM audit_log ORDER BY id DESC")
        if (_at(row[1]) or moment) > moment]
    tables = {s.code: s.response_table for s in list_surveys(study)}
    undone = kept = dropped = 0
    with study.transaction(Changes.of("responses", "surveys")) as conn:
        for _, _, action, entity, entity_id, detail in later:
            if _undo(conn, tables, action, entity, entity_id, json.loads(detail or "{}")):
                undone += 1
            elif action.startswith(("design.", "derived.")):
                kept += 1
        for table in tables.values():
            young = [(i,) for i, created in conn.execute(f'SELECT id, created_at FROM "{table}"')
                     if (_at(created) or moment) > moment]
            conn.executemany(f'DELETE FROM "{table}" WHERE id = ?', young)
            dropped += len(young)
        conn.executemany("DELETE FROM audit_log WHERE id = ?", [(row[0],) for row in later])
    return Rewound(dropped, undone, kept)


def _undo(conn: sqlite3.Connection, tables: dict[str, str], action: str, entity: str, entity_id: str,
          detail: dict[str, object]) -> bool:
    """Undo one audited change to responses; False for a change this cannot undo (or one that needs none)."""
    if entity == "response" and action in ("edit", "clean", "delete", "restore"):
        code, _, response_id = entity_id.partition(":")
        table = tables.get(code)
        if table is None or not response_id.isdigit():
            return False
        if action in ("edit", "clean"):  # the entry form's edit and a correction keep the same {column: [old, new]}
            changed = detail.get("changed", {})
            assert isinstance(changed, dict)
            for column, (before, _after) in changed.items():
                conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', (before, int(response_id)))
        else:
            conn.execute(f'UPDATE "{table}" SET deleted = ? WHERE id = ?', (int(action == "restore"), int(response_id)))
        return True
    if action == "responses.exclude":
        conn.executemany("DELETE FROM excluded_responses WHERE survey_code = ? AND response_id = ?",
                         [(entity_id, int(i)) for i in _ids(detail)])
        return True
    if action == "responses.restore":
        reasons = detail.get("reasons", {})
        assert isinstance(reasons, dict)
        conn.executemany("INSERT OR REPLACE INTO excluded_responses (survey_code, response_id, reason, excluded_at)"
                         " VALUES (?, ?, ?, '')", [(entity_id, int(i), str(reasons.get(str(i), ""))) for i in _ids(detail)])
        return True
    return False


def _ids(detail: dict[str, object]) -> list[int]:
    ids = detail.get("ids", [])
    return [int(i) for i in ids] if isinstance(ids, list) else []


@contextmanager
def study_as_of(study: Study, when: str) -> Iterator[Study]:
    """A temporary copy of `study` turned back to `when` (see `parse_moment`), open while the block runs."""
    moment = parse_moment(when)
    folder = Path(tempfile.mkdtemp(prefix="xmdesk-as-of-"))
    try:
        study.save_copy(folder / study.path.name)
        with Study.open(folder / study.path.name, window=False) as past:
            rewind(past, moment)
            yield past
    finally:
        shutil.rmtree(folder, ignore_errors=True)
