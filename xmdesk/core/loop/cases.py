"""The closed loop's records: departments, alert rules and the cases they open.

The rules every case obeys live here: one case per (rule, response) — or per (rule,
subject) for a segment rule such as "this store's NPS fell" — a due time counted in
the study's working hours, a status that moves only along allowed steps, and a
history row (who, when, what) for every change. Evaluating rules is `alerts.py`.

Do-not-disturb: opening a case means someone will contact the customer, so it stamps
`customers.last_contacted_at`; a rule with `do_not_disturb_days` set flags a new case
whose customer was contacted within that many days instead of contacting them again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from xmdesk.core.study import audit
from xmdesk.core.loop import worktime
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study, now_iso

STATUSES = ("new", "in_progress", "resolved", "closed")
OPEN_STATUSES = ("new", "in_progress")
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"in_progress", "resolved", "closed"}),
    "in_progress": frozenset({"resolved", "closed"}),
    "resolved": frozenset({"closed", "in_progress"}),  # back to work = reopened
    "closed": frozenset({"in_progress"}),  # reopened
}
# The labels departments type into a returned workbook; codes are accepted as well.
STATUS_LABELS_ZH = {"new": "新建", "in_progress": "处理中", "resolved": "已解决", "closed": "已关闭"}
STATUS_LABELS_EN = {"new": "New", "in_progress": "In progress", "resolved": "Resolved", "closed": "Closed"}
PRIORITIES = ("high", "normal", "low")

_CASE_COLUMNS = (
    "c.id, c.title, c.status, d.name, c.owner, c.priority, c.due_at, c.survey_code, c.response_uuid, r.name,"
    " c.response_id, c.customer_id, c.created_at, c.updated_at, c.note, c.do_not_disturb, c.detail, c.subject,"
    " c.rule_id"
)


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
    response_id: int | None = None
    customer_id: str | None = None
    created_at: str = ""
    updated_at: str = ""
    note: str = ""
    do_not_disturb: bool = False
    detail_json: str = "{}"
    subject: str | None = None
    rule_id: int | None = None

    @property
    def detail(self) -> dict[str, Any]:
        """What the rule saw; parsed when asked, since a board lists thousands of cases and shows few details."""
        parsed: dict[str, Any] = json.loads(self.detail_json or "{}")
        return parsed

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Open and past its due time."""
        if self.status not in OPEN_STATUSES or not self.due_at:
            return False
        return worktime.parse_utc(self.due_at) < (now or datetime.now(timezone.utc))

    def as_dict(self) -> dict[str, Any]:
        """The case as plain data (CLI JSON, exports)."""
        return {"id": self.id, "title": self.title, "status": self.status, "department": self.department,
                "owner": self.owner, "priority": self.priority, "due": self.due_at, "survey": self.survey_code,
                "response_id": self.response_id, "response_uuid": self.response_uuid, "rule": self.rule,
                "customer_id": self.customer_id, "created_at": self.created_at, "updated_at": self.updated_at,
                "note": self.note, "do_not_disturb": self.do_not_disturb, "overdue": self.is_overdue(),
                "subject": self.subject, "detail": self.detail}


def _case(row: Sequence[Any]) -> Case:
    return Case(id=row[0], title=row[1], status=row[2], department=row[3], owner=row[4], priority=row[5],
                due_at=row[6], survey_code=row[7], response_uuid=row[8], rule=row[9], response_id=row[10],
                customer_id=row[11], created_at=row[12], updated_at=row[13], note=row[14],
                do_not_disturb=bool(row[15]), detail_json=row[16] or "{}", subject=row[17], rule_id=row[18])


def parse_status(text: object) -> str | None:
    """A status from a code (`in_progress`), a Chinese label (处理中) or an English label; None if unknown."""
    value = str(text or "").strip()
    for code in STATUSES:
        if value.lower() in (code, STATUS_LABELS_EN[code].lower()) or value == STATUS_LABELS_ZH[code]:
            return code
    return None


# -- departments and rules ---------------------------------------------------------------


def add_department(study: Study, name: str, contact: str = "") -> int:
    """The id of department `name`, adding it if new; an existing one keeps its contact."""
    with study.transaction(Changes.of("cases")) as conn:
        conn.execute("INSERT INTO departments (name, contact) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
                     (name, contact))
        return int(conn.execute("SELECT id FROM departments WHERE name = ?", (name,)).fetchone()[0])


def department_names(study: Study) -> list[str]:
    """Department names in the order they were added: what the pickers and the workbook offer."""
    return [name for (name,) in study.conn.execute("SELECT name FROM departments ORDER BY id")]


def add_rule(study: Study, name: str, kind: str, definition: dict[str, Any], department: str | None = None,
             sla_hours: float = 24, priority: str = "normal", survey_code: str | None = None,
             filter_text: str = "", do_not_disturb_days: int = 0, enabled: bool = True) -> int:
    """Store a new rule as given and return its id; the department is added if new. Not checked against
    the surveys: callers go through `alerts.save_rule`, which validates first."""
    department_id = add_department(study, department) if department else None
    with study.transaction(Changes.of("rules")) as conn:
        return audit.row_id(conn.execute(
            "INSERT INTO alert_rules (name, kind, definition, department_id, sla_hours, priority, survey_code,"
            " filter, do_not_disturb_days, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (name, kind, json.dumps(definition, ensure_ascii=False), department_id, sla_hours, priority,
             survey_code, filter_text, do_not_disturb_days, int(enabled), now_iso()),
        ))


# -- opening cases -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewCase:
    """One hit of a rule, ready to become a case."""

    title: str
    survey_code: str | None = None
    response_uuid: str | None = None
    response_id: int | None = None
    customer_id: str | None = None
    subject: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleRouting:
    """What a rule decides about the cases it opens: department, SLA, priority, do-not-disturb."""

    rule_id: int | None
    department_id: int | None = None
    sla_hours: float = 24.0
    priority: str = "normal"
    do_not_disturb_days: int = 0


def rule_routing(study: Study, rule_id: int | None) -> RuleRouting:
    """How rule `rule_id` routes the cases it opens; a case opened by hand (None) or by a deleted rule
    gets the defaults (no department, 24 h, normal priority)."""
    row = study.conn.execute(
        "SELECT department_id, sla_hours, priority, do_not_disturb_days FROM alert_rules WHERE id = ?", (rule_id,)
    ).fetchone()
    return RuleRouting(rule_id, *row) if row else RuleRouting(rule_id)


def open_case(study: Study, rule_id: int | None, title: str, survey_code: str | None = None,
              response_uuid: str | None = None, customer_id: str | None = None) -> int | None:
    """Open a case unless this rule already opened one for this response; returns the new id or None."""
    opened = open_cases(study, rule_routing(study, rule_id),
                        [NewCase(title, survey_code, response_uuid, customer_id=customer_id)])
    return opened[0] if opened else None


def open_cases(study: Study, routing: RuleRouting, hits: Sequence[NewCase],
               now: datetime | None = None) -> list[int]:
    """Open a case per hit that has none yet for this rule, in one transaction; returns the new ids.

    Bulk on purpose: a first run over a million responses can open a few hundred thousand
    cases, so rows go through executemany and the "opened" history rows through one
    INSERT ... SELECT, never one statement per case.
    """
    moment = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    created = moment.isoformat(timespec="seconds")
    due = worktime.due_at(worktime.load_calendar(study), moment, routing.sla_hours)
    with study.transaction(Changes.of("cases")) as conn:
        fresh = _not_yet_opened(conn, routing.rule_id, hits)
        if not fresh:
            return []
        flagged = _do_not_disturb(conn, routing.do_not_disturb_days, fresh, moment)
        (before,) = conn.execute("SELECT coalesce(max(id), 0) FROM cases").fetchone()
        conn.executemany(
            "INSERT INTO cases (rule_id, survey_code, response_uuid, response_id, customer_id, subject,"
            " department_id, title, priority, due_at, created_at, updated_at, detail, do_not_disturb)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(routing.rule_id, hit.survey_code, hit.response_uuid, hit.response_id, hit.customer_id, hit.subject,
              routing.department_id, hit.title, routing.priority, due, created, created,
              json.dumps(hit.detail, ensure_ascii=False), int(i in flagged)) for i, hit in enumerate(fresh)],
        )
        conn.execute(
            "INSERT INTO case_events (case_id, at, actor, kind, old_value, new_value, note)"
            " SELECT id, ?, ?, 'opened', NULL, 'new', CASE do_not_disturb WHEN 1 THEN 'do_not_disturb' ELSE '' END"
            " FROM cases WHERE id > ? ORDER BY id",
            (created, audit.actor(), before),
        )
        contacted = sorted({hit.customer_id for i, hit in enumerate(fresh) if hit.customer_id and i not in flagged})
        conn.executemany("UPDATE customers SET last_contacted_at = ? WHERE id = ?",
                         [(created, customer) for customer in contacted])
        return [case_id for (case_id,) in conn.execute("SELECT id FROM cases WHERE id > ? ORDER BY id", (before,))]


def _not_yet_opened(conn: sqlite3.Connection, rule_id: int | None, hits: Sequence[NewCase]) -> list[NewCase]:
    """The hits this rule has no case for (and no repeats within `hits`): a re-run or re-import adds none."""
    existing: set[tuple[Any, Any]] = set()
    if rule_id is not None:
        existing = {(survey, key) for survey, key in conn.execute(
            "SELECT survey_code, coalesce(subject, response_uuid) FROM cases WHERE rule_id = ?", (rule_id,))}
    fresh: list[NewCase] = []
    for hit in hits:
        key = (hit.survey_code, hit.subject or hit.response_uuid)
        if key[1] is None or key not in existing:
            existing.add(key)
            fresh.append(hit)
    return fresh


def _do_not_disturb(conn: sqlite3.Connection, days: int, hits: Sequence[NewCase], now: datetime) -> set[int]:
    """Positions of hits whose customer was contacted within `days` (or earlier in this same batch)."""
    if days <= 0:
        return set()
    since = (now - timedelta(days=days)).isoformat(timespec="seconds")
    customers = sorted({hit.customer_id for hit in hits if hit.customer_id})
    recent: set[str] = set()
    for start in range(0, len(customers), 900):  # SQLite's bound-variable limit
        chunk = customers[start:start + 900]
        recent.update(customer for (customer,) in conn.execute(
            f"SELECT id FROM customers WHERE last_contacted_at >= ? AND id IN ({', '.join('?' * len(chunk))})",
            [since, *chunk]))
    flagged: set[int] = set()
    for i, hit in enumerate(hits):
        if not hit.customer_id:
            continue
        if hit.customer_id in recent:
            flagged.add(i)
        recent.add(hit.customer_id)
    return flagged


# -- changing cases ----------------------------------------------------------------------


def _status_of(conn: sqlite3.Connection, case_id: int) -> str:
    row = conn.execute("SELECT status FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None:
        raise ModelError("loop.case_not_found", case=case_id)
    return str(row[0])


def check_transition(old: str, new: str) -> None:
    """Refuse a status change the workflow does not allow (TRANSITIONS), with both statuses named;
    a returned workbook is checked row by row with it before anything is written."""
    if new not in TRANSITIONS.get(old, frozenset()):
        raise ModelError("cases.bad_status", old=old, new=new)


def set_status(study: Study, case_id: int, status: str, note: str = "") -> None:
    """Move a case along the workflow; a reopening is the step from resolved/closed back to in_progress."""
    old = _status_of(study.conn, case_id)
    check_transition(old, status)
    with study.transaction(Changes.of("cases")) as conn:
        conn.execute("UPDATE cases SET status = ?, updated_at = ? WHERE id = ?", (status, now_iso(), case_id))
        _event(conn, case_id, "status", old, status, note)
        if note:
            conn.execute("UPDATE cases SET note = ? WHERE id = ?", (note, case_id))


UNDONE = "undone"
"""The note of the history entry an undo writes."""


def undo_status(study: Study, case_id: int, status: str) -> str:
    """Take back the case's last status change, the one that moved it to `status` (the Undo offered right after
    a change): the case returns to the status it had, and its history says so. Refused when the case has moved
    on since (another change here, a returned workbook, another window). Returns the status it is back at."""
    with study.transaction(Changes.of("cases")) as conn:
        last = conn.execute("SELECT old_value, new_value FROM case_events WHERE case_id = ? AND kind = 'status'"
                            " ORDER BY id DESC LIMIT 1", (case_id,)).fetchone()
        if last is None or last[1] != status or _status_of(conn, case_id) != status:
            raise ModelError("loop.undo_stale", case=case_id)
        back = str(last[0])
        conn.execute("UPDATE cases SET status = ?, updated_at = ? WHERE id = ?", (back, now_iso(), case_id))
        _event(conn, case_id, "status", status, back, UNDONE)
    return back


def add_note(study: Study, case_id: int, note: str) -> None:
    """A note on the case, kept in its history; the latest note is shown with the case."""
    _status_of(study.conn, case_id)
    with study.transaction(Changes.of("cases")) as conn:
        conn.execute("UPDATE cases SET note = ?, updated_at = ? WHERE id = ?", (note, now_iso(), case_id))
        _event(conn, case_id, "note", None, None, note)


def assign(study: Study, case_ids: Iterable[int], owner: str | None = None,
           department: str | None = None) -> int:
    """Give several cases an owner and/or a department at once; returns how many changed."""
    department_id = add_department(study, department) if department else None
    changed = 0
    with study.transaction(Changes.of("cases")) as conn:
        for case_id in case_ids:
            row = conn.execute(
                "SELECT c.owner, d.name FROM cases c LEFT JOIN departments d ON d.id = c.department_id"
                " WHERE c.id = ?", (case_id,)).fetchone()
            if row is None:
                raise ModelError("loop.case_not_found", case=case_id)
            old_owner, old_department = row
            if owner is not None and owner != old_owner:
                conn.execute("UPDATE cases SET owner = ?, updated_at = ? WHERE id = ?", (owner, now_iso(), case_id))
                _event(conn, case_id, "owner", old_owner, owner)
                changed += 1
            if department_id is not None and department != old_department:
                conn.execute("UPDATE cases SET department_id = ?, updated_at = ? WHERE id = ?",
                             (department_id, now_iso(), case_id))
                _event(conn, case_id, "department", old_department, department)
                changed += 1
    return changed


def _event(conn: sqlite3.Connection, case_id: int, kind: str, old: str | None, new: str | None,
           note: str = "") -> None:
    conn.execute(
        "INSERT INTO case_events (case_id, at, actor, kind, old_value, new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, now_iso(), audit.actor(), kind, old, new, note),
    )


# -- reading cases -----------------------------------------------------------------------


def history(study: Study, case_id: int) -> list[dict[str, Any]]:
    """A case's events (status, owner, note changes...) in the order they happened, with who and when."""
    keys = ("at", "actor", "kind", "old_value", "new_value", "note")
    rows = study.conn.execute(
        f"SELECT {', '.join(keys)} FROM case_events WHERE case_id = ? ORDER BY id", (case_id,)
    )
    return [dict(zip(keys, row)) for row in rows]


def get_case(study: Study, case_id: int) -> Case:
    """The case `case_id`, with its department and rule by name; ModelError when the study has none."""
    row = study.conn.execute(
        f"SELECT {_CASE_COLUMNS} FROM cases c LEFT JOIN departments d ON d.id = c.department_id"
        " LEFT JOIN alert_rules r ON r.id = c.rule_id WHERE c.id = ?", (case_id,)).fetchone()
    if row is None:
        raise ModelError("loop.case_not_found", case=case_id)
    return _case(row)


def _filters(status: str | Sequence[str] | None, department: str | None, overdue: bool,
             now: datetime | None) -> tuple[str, list[Any]]:
    """The WHERE clause (over cases c joined to departments d) shared by listing and counting."""
    sql = " WHERE 1=1"
    params: list[Any] = []
    statuses = [status] if isinstance(status, str) else list(status or [])
    if statuses:
        sql += f" AND c.status IN ({', '.join('?' * len(statuses))})"
        params.extend(statuses)
    if department:
        sql += " AND d.name = ?"
        params.append(department)
    if overdue:
        # Stored due times are UTC ISO text of one format, so text order is time order.
        sql += " AND c.status IN ('new', 'in_progress') AND c.due_at < ?"
        params.append((now or datetime.now(timezone.utc)).isoformat(timespec="seconds"))
    return sql, params


def list_cases(study: Study, status: str | Sequence[str] | None = None, department: str | None = None,
               overdue: bool = False, now: datetime | None = None, limit: int | None = None,
               most_urgent_first: bool = False) -> list[Case]:
    """Cases by id (or by due time), optionally of some statuses, one department, or only the overdue ones.

    `limit` keeps a board responsive: a first run over a million responses can open hundreds of
    thousands of cases, and reading them all takes seconds.
    """
    where, params = _filters(status, department, overdue, now)
    order = " ORDER BY c.due_at, c.id" if most_urgent_first else " ORDER BY c.id"
    sql = (f"SELECT {_CASE_COLUMNS} FROM cases c LEFT JOIN departments d ON d.id = c.department_id"
           f" LEFT JOIN alert_rules r ON r.id = c.rule_id{where}{order}")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_case(row) for row in study.conn.execute(sql, params)]


def count_cases(study: Study, status: str | Sequence[str] | None = None, department: str | None = None,
                overdue: bool = False, now: datetime | None = None) -> int:
    """How many cases `list_cases` would list with the same filters, counted in SQL without reading them."""
    where, params = _filters(status, department, overdue, now)
    (count,) = study.conn.execute(
        f"SELECT count(*) FROM cases c LEFT JOIN departments d ON d.id = c.department_id{where}", params).fetchone()
    return int(count)


@dataclass(frozen=True)
class DepartmentCounts:
    department: str
    by_status: dict[str, int]
    overdue: int

    @property
    def open(self) -> int:
        """Cases still waiting for work (new or in progress) in this department."""
        return sum(self.by_status.get(s, 0) for s in OPEN_STATUSES)


def counts_by_department(study: Study, now: datetime | None = None) -> list[DepartmentCounts]:
    """Cases per department and status, plus the overdue ones, for the board's summary."""
    stamp = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    rows = study.conn.execute(
        "SELECT coalesce(d.name, ''), c.status, count(*),"
        " sum(c.status IN ('new', 'in_progress') AND c.due_at < ?)"
        " FROM cases c LEFT JOIN departments d ON d.id = c.department_id GROUP BY 1, 2 ORDER BY 1", (stamp,))
    result: dict[str, DepartmentCounts] = {}
    for name, status, count, late in rows:
        entry = result.setdefault(name, DepartmentCounts(name, {}, 0))
        entry.by_status[status] = int(count)
        result[name] = DepartmentCounts(name, entry.by_status, entry.overdue + int(late or 0))
    return list(result.values())
