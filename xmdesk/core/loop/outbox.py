"""The outbox: work that must follow a commit, written down in that same commit.

Alert rules over responses that just arrived (typed in, imported, merged) must neither break the
write they follow nor be lost with a killed process. So the write adds a pending row inside its
own transaction (`add`); after the commit, once the caller has its result, the caller runs it
(`settle`): rule by rule, each rule's cases in their own transaction together with the note that
this rule is done for the pending rows, a row removed with the last of its rules. A crash half-way
therefore neither loses cases nor opens them twice. A rule that fails is noted on the rule (shown
in Cases) and the other rules still run.

What a killed process left pending runs at the next writable open: the GUI's open and the CLI's
writable commands call `run_pending`. `Study.open` does not, so that the study never imports the
rules (pandas, the sentiment model) just to be opened.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xmdesk.core import messages
from xmdesk.core.study.changes import NOTHING
from xmdesk.core.errors import Cancelled
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.study.file import Study, now_iso

if TYPE_CHECKING:
    from xmdesk.core.loop.alerts import Rule, RunResult
    from xmdesk.core.survey.model import Survey

ARRIVAL = "arrival"
"""Alert rules over responses that just arrived: the one kind of pending work so far."""


@dataclass(frozen=True)
class Pending:
    """One write's pending work: which responses of which survey, and the rules already done over them."""

    id: int
    kind: str
    survey_code: str
    response_ids: Sequence[int]
    done_rules: frozenset[int]
    created_at: str


def add(conn: sqlite3.Connection, survey_code: str, response_ids: Sequence[int], kind: str = ARRIVAL) -> int | None:
    """Record pending work inside the caller's open transaction; None when no response arrived.

    An import's ids are one range and stored as its ends; a merge's are listed."""
    if not response_ids:
        return None
    if isinstance(response_ids, range) and response_ids.step == 1:
        first, last, listed = response_ids.start, response_ids.stop - 1, None
    else:
        first, last, listed = None, None, json.dumps(sorted(int(i) for i in response_ids))
    cursor = conn.execute(
        "INSERT INTO outbox (kind, survey_code, first_id, last_id, response_ids, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)", (kind, survey_code, first, last, listed, now_iso()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def pending(conn: sqlite3.Connection, ids: Sequence[int] | None = None) -> list[Pending]:
    """Pending work, oldest first (only the rows `ids`, when given)."""
    sql = "SELECT id, kind, survey_code, first_id, last_id, response_ids, done_rules, created_at FROM outbox"
    params: tuple[object, ...] = ()
    if ids is not None:
        sql += " WHERE id IN (SELECT value FROM json_each(?))"
        params = (json.dumps([int(i) for i in ids]),)
    rows = conn.execute(sql + " ORDER BY id", params).fetchall()
    return [Pending(row_id, kind, survey, range(first, last + 1) if listed is None else json.loads(listed),
                    frozenset(json.loads(done)), created)
            for row_id, kind, survey, first, last, listed, done, created in rows]


# -- running -----------------------------------------------------------------------------------


def settle(study: Study, pending_ids: Sequence[int | None] | None = None, progress: Progress = no_progress,
           cancel: CancelToken | None = None) -> list[str]:
    """Run pending work and say what went wrong as warnings: right after a write's commit, the rows
    its `add` calls returned; at a writable open (`pending_ids` None), everything a killed process left.

    Nothing but a cancel is raised: the write is committed and its caller must get its result. A
    rule's failure is also kept on the rule; a failure of the run itself leaves the work pending.
    """
    ids = None if pending_ids is None else [i for i in pending_ids if i is not None]
    if ids == [] or (ids is None and not pending(study.conn)):
        return []  # the usual case: nothing arrived, and the rules (pandas) are not even imported
    try:
        return run_pending(study, ids, progress, cancel).warnings()
    except Cancelled:
        raise
    except Exception as error:  # noqa: BLE001 - see the docstring: the committed write must not fail
        logging.getLogger(__name__).exception("pending work %s left for the next open", ids)
        return [messages.text("loop.pending_left", error=error)]


def run_pending(study: Study, ids: Sequence[int] | None = None, progress: Progress = no_progress,
                cancel: CancelToken | None = None) -> RunResult:
    """Run pending work (all of it, or the rows `ids`), one rule at a time; a cancel keeps the rest pending."""
    from xmdesk.core.loop.alerts import RunResult, rules_for

    items = [item for item in pending(study.conn, ids) if item.kind == ARRIVAL]
    result = RunResult()
    groups: dict[str, list[Pending]] = {}
    for item in items:
        groups.setdefault(item.survey_code, []).append(item)
    plans = [(survey, group, rules_for(study, code) if survey is not None else [])
             for code, group in groups.items() for survey in [_survey_or_none(study, code)]]
    total = sum(len(rules) for _, _, rules in plans)
    label = messages.text("loop.running")
    done = 0
    for survey, group, rules in plans:
        _drop_finished(study, group, rules)
        for rule in rules:
            assert survey is not None  # no rules were listed for a deleted survey
            if cancel is not None:
                cancel.check()
            progress(done, total, f"{label}: {rule.name}")
            group = _run_rule(study, survey, rule, group, rules, result)
            done += 1
    progress(total, total, label)
    return result


def _survey_or_none(study: Study, code: str) -> Survey | None:
    """The survey the responses arrived in; None once it was deleted (its responses went with it)."""
    from xmdesk.core.survey.model import load_survey, survey_codes

    return load_survey(study, code) if code in survey_codes(study) else None


def _run_rule(study: Study, survey: Survey, rule: Rule, group: list[Pending], rules: Sequence[Rule],
              result: RunResult) -> list[Pending]:
    """One rule over the responses of the rows it has not done yet; returns the rows as they now stand."""
    from xmdesk.core.loop.alerts import run_rule

    assert rule.id is not None
    todo = [item for item in group if rule.id not in item.done_rules]
    if not todo:
        return group
    ids: Sequence[int] = todo[0].response_ids if len(todo) == 1 else sorted(
        {int(i) for item in todo for i in item.response_ids})
    wanted = {r.id for r in rules}
    marked = {item.id: _with_rule(item, rule.id) for item in todo}

    def mark_done(conn: sqlite3.Connection) -> None:
        for item in marked.values():
            _store_progress(conn, item, wanted)

    run_rule(study, rule, survey, ids, result, mark_done)
    return [marked.get(item.id, item) for item in group]


def _with_rule(item: Pending, rule_id: int) -> Pending:
    return Pending(item.id, item.kind, item.survey_code, item.response_ids, item.done_rules | {rule_id},
                   item.created_at)


def _store_progress(conn: sqlite3.Connection, item: Pending, wanted: set[int | None]) -> None:
    """In the rule's own transaction: the row is done for this rule, and gone once every rule is."""
    if wanted <= item.done_rules:
        conn.execute("DELETE FROM outbox WHERE id = ?", (item.id,))
    else:
        conn.execute("UPDATE outbox SET done_rules = ? WHERE id = ?", (json.dumps(sorted(item.done_rules)), item.id))


def _drop_finished(study: Study, group: list[Pending], rules: Sequence[Rule]) -> None:
    """Rows nothing is left to do for before any rule runs: no rule applies (any more: a rule was
    disabled after a crash), or their survey is gone. (A row whose last rule runs goes with it.)"""
    wanted = {rule.id for rule in rules}
    finished = [item.id for item in group if wanted <= item.done_rules]
    if not finished:
        return
    with study.transaction(NOTHING) as conn:  # nothing any view shows
        conn.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in finished])
