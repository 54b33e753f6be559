"""The closed loop's records: departments, alert rules and the cases they open.

Rule evaluation arrives with a later issue; what is here is the storage and the
rules every case obeys: one case per (rule, response), a status that moves only
along allowed steps, and a history row for every change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from xmdesk.core import audit
from xmdesk.core.errors import ModelError
from xmdesk.core.study import Study, now_iso

STATUSES = ("new", "in_progress", "resolved", "closed")
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"in_progress", "resolved", "closed"}),
    "in_progress": frozenset({"resolved", "closed"}),
    "resolved": frozenset({"closed", "in_progress"}),  # back to work = reopened
    "closed": frozenset({"in_progress"}),  # reopened
}


@dataclass(frozen=True)
class Case:
    id: int
    title: str
    status: str
    department: str | None
    owner: str
    priority: str
    due_at: str | None
    survey_code: str | None
    response_uuid: str | None
    rule: str | None


def add_department(study: Study, name: str, contact: str = "") -> int:
    with study.transaction() as conn:
        conn.execute("INSERT INTO departments (name, contact) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
                     (name, contact))
        return int(conn.execute("SELECT id FROM departments WHERE name = ?", (name,)).fetchone()[0])


def add_rule(study: Study, name: str, kind: str, definition: dict[str, Any], department: str | None = None,
             sla_hours: float = 24, priority: str = "normal") -> int:
    department_id = add_department(study, department) if department else None
    with study.transaction() as conn:
        return audit.row_id(conn.execute(
            "INSERT INTO alert_rules (name, kind, definition, department_id, sla_hours, priority)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (name, kind, json.dumps(definition, ensure_ascii=False), department_id, sla_hours, priority),
        ))


def open_case(study: Study, rule_id: int | None, title: str, survey_code: str | None = None,
              response_uuid: str | None = None, customer_id: str | None = None) -> int | None:
    """Open a case unless this rule already opened one for this response; returns the new id or None."""
    rule = study.conn.execute(
        "SELECT department_id, sla_hours, priority FROM alert_rules WHERE id = ?", (rule_id,)
    ).fetchone() or (None, 24.0, "normal")
    department_id, sla_hours, priority = rule
    created = datetime.now(timezone.utc)
    due = (created + timedelta(hours=sla_hours)).isoformat(timespec="seconds")
    with study.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO cases (rule_id, survey_code, response_uuid, customer_id, department_id, title, priority,"
            " due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(rule_id, survey_code, response_uuid) DO NOTHING",
            (rule_id, survey_code, response_uuid, customer_id, department_id, title, priority, due,
             created.isoformat(timespec="seconds"), created.isoformat(timespec="seconds")),
        )
        if cursor.rowcount == 0:
            return None
        case_id = audit.row_id(cursor)
        _event(conn, case_id, "opened", None, "new")
    return case_id


def set_status(study: Study, case_id: int, status: str, note: str = "") -> None:
    (old,) = study.conn.execute("SELECT status FROM cases WHERE id = ?", (case_id,)).fetchone()
    if status not in TRANSITIONS.get(old, frozenset()):
        raise ModelError("cases.bad_status", old=old, new=status)
    with study.transaction() as conn:
        conn.execute("UPDATE cases SET status = ?, updated_at = ? WHERE id = ?", (status, now_iso(), case_id))
        _event(conn, case_id, "status", old, status, note)


def _event(conn: Any, case_id: int, kind: str, old: str | None, new: str | None, note: str = "") -> None:
    conn.execute(
        "INSERT INTO case_events (case_id, at, actor, kind, old_value, new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, now_iso(), audit.actor(), kind, old, new, note),
    )


def history(study: Study, case_id: int) -> list[dict[str, Any]]:
    keys = ("at", "actor", "kind", "old_value", "new_value", "note")
    rows = study.conn.execute(
        f"SELECT {', '.join(keys)} FROM case_events WHERE case_id = ? ORDER BY id", (case_id,)
    )
    return [dict(zip(keys, row)) for row in rows]


def list_cases(study: Study, status: str | None = None, department: str | None = None) -> list[Case]:
    sql = (
        "SELECT c.id, c.title, c.status, d.name, c.owner, c.priority, c.due_at, c.survey_code, c.response_uuid,"
        " r.name FROM cases c LEFT JOIN departments d ON d.id = c.department_id"
        " LEFT JOIN alert_rules r ON r.id = c.rule_id WHERE 1=1"
    )
    params: list[Any] = []
    if status:
        sql += " AND c.status = ?"
        params.append(status)
    if department:
        sql += " AND d.name = ?"
        params.append(department)
    return [Case(*row) for row in study.conn.execute(sql + " ORDER BY c.id", params)]
