"""Ordered schema steps of a study file, applied with sqlite-utils' Migrations.

Each step runs in its own transaction together with the record that it ran (the
`_sqlite_migrations` table), so a study is always at a whole step. The schema
version of a file is the number of our steps it has; a step name this version does
not know means the file was written by a newer XMDesk.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from xmdesk.core.study.migrations.steps import STEP_NAMES, register_steps

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "xmdesk"
SCHEMA_VERSION = len(STEP_NAMES)


def migrations() -> "Migrations":
    """The step set, built on first use so that opening a current study never imports sqlite-utils."""
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    register_steps(steps)
    return steps


def applied_steps(conn: sqlite3.Connection) -> list[str]:
    """Names of the steps a file has, read with plain SQL (no write, no sqlite-utils import)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_sqlite_migrations'"
    ).fetchone()
    if not has_table:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set=? ORDER BY id", (MIGRATION_SET,)
    )
    return [name for (name,) in rows]


def apply(db: "Database", stop_before: str | None = None) -> None:
    """Bring a file up to this version's schema (or up to, not including, `stop_before`)."""
    migrations().apply(db, stop_before=stop_before)
    db.execute(f"PRAGMA user_version = {len(applied_steps(db.conn))}")
