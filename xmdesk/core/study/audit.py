"""Who did what, when, on which laptop: the audit log and the import log of a study.

Every response and change carries a device id so a lead merging field laptops can
tell them apart; the id is made once per user account and kept outside the study.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xmdesk.core.study.changes import Changes

if TYPE_CHECKING:
    from xmdesk.core.study.file import Study


def user_data_dir() -> Path:
    """Per-user folder for XMDesk's own files (device id, demo study); XMDESK_HOME overrides it."""
    override = os.environ.get("XMDESK_HOME")
    if override:
        return Path(override)
    if os.name == "nt":  # pragma: no cover
        return Path(os.environ.get("APPDATA", Path.home())) / "XMDesk"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "xmdesk"


@lru_cache(maxsize=1)
def device_id() -> str:
    """This laptop's id, stamped on every response and change so a merge can tell field laptops apart: made
    once per user account and kept outside the study (12 hex digits)."""
    path = user_data_dir() / "device_id"
    try:
        existing = path.read_text(encoding="utf-8").strip()
        if existing:
            return existing
    except OSError:
        pass
    new_id = uuid.uuid4().hex[:12]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_id, encoding="utf-8")
    except OSError:
        pass  # a read-only home still gets a stable id for this run
    return new_id


def actor() -> str:
    """The logged-in user's name for the audit log; empty where the system has none, never an error."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in some sandboxes
        return ""


def record(study: "Study", action: str, entity: str, entity_id: str = "",
           detail: dict[str, Any] | None = None) -> None:
    """Add one audit row; call inside the transaction of the change it describes."""
    from xmdesk.core.study.file import now_iso

    study.conn.execute(
        "INSERT INTO audit_log (at, actor, device, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now_iso(), actor(), device_id(), action, entity, entity_id,
         json.dumps(detail or {}, ensure_ascii=False)),
    )


@dataclass
class ImportRecord:
    file: str
    kind: str
    target: str
    status: str
    layout: str = ""
    imported: int = 0
    skipped: int = 0
    problems: list[dict[str, Any]] | None = None


def log_import(study: "Study", entry: ImportRecord) -> int:
    """Keep a trace of every import, also failed and cancelled ones (written in its own transaction)."""
    from xmdesk.core.study.file import now_iso

    with study.transaction(Changes.of("imports")) as conn:
        return row_id(conn.execute(
            "INSERT INTO import_log (at, file, kind, layout, target, imported, skipped, problems, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (now_iso(), entry.file, entry.kind, entry.layout, entry.target, entry.imported, entry.skipped,
             json.dumps(entry.problems or [], ensure_ascii=False), entry.status),
        ))


def row_id(cursor: sqlite3.Cursor) -> int:
    """The id an INSERT just made (always set after a successful INSERT)."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def recent_audit(study: "Study", limit: int = 100) -> list[dict[str, Any]]:
    """The last `limit` audit entries, newest first, as dicts keyed like the table's columns."""
    cursor = study.conn.execute(
        "SELECT at, actor, device, action, entity, entity_id, detail FROM audit_log ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    keys = ("at", "actor", "device", "action", "entity", "entity_id", "detail")
    return [dict(zip(keys, row)) for row in cursor]
