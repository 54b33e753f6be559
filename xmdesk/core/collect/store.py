"""Submissions from phones (and the kiosk): checked by the survey's rules, committed through entry's
arrival path, each acknowledged once committed, a repeated id acknowledged without a second row.

The server hands the writer thread everything that arrived while the previous commit ran, and
`commit` writes it as one transaction: a phone waits for one commit, not for the queue's (on two
cores 200 phones submitting at once each waited for 200 commits otherwise). Alert rules follow
through the outbox, as for a typed response, once no phone is waiting (`settle`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xmdesk.core.loop import outbox
from xmdesk.core.study.changes import Changes
from xmdesk.core.fieldwork.entry import EntryInvalid, SurveyRules, clean_answers, insert_response
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey

from .links import Prefill

SOURCES = ("web", "kiosk", "entry", "import")
"""Where a response came from (the response's `source`)."""

SUBMISSION_ID = re.compile(r"[A-Za-z0-9-]{16,64}")
"""An id made in the browser (crypto.randomUUID, or the server's fallback): nothing else is stored."""


@dataclass(frozen=True)
class Submission:
    uuid: str
    answers: Mapping[str, Any]
    prefill: Prefill = field(default_factory=Prefill)
    source: str = "web"


@dataclass(frozen=True)
class Receipt:
    """What a phone is told: its id, the response's row, and whether this submission made it."""

    uuid: str
    response_id: int
    created: bool


def check(rules: SurveyRules, submission: Submission) -> dict[str, Any]:
    """The response's stored values, or EntryInvalid with what is wrong (the same rules as the form);
    a malformed id or source is a ModelError. Checked before queueing, so a commit never fails on one
    bad phone."""
    if not SUBMISSION_ID.fullmatch(submission.uuid):
        raise ModelError("collect.bad_id")
    if submission.source not in SOURCES:
        raise ModelError("collect.bad_source", source=submission.source)
    answers = {**submission.answers, **submission.prefill.answers}
    problems = rules.problems(answers)
    if problems:
        raise EntryInvalid(problems)
    return clean_answers(rules.survey, answers, rules.shown(answers))


def commit(study: Study, survey: Survey, checked: Sequence[tuple[Submission, Mapping[str, Any]]]) -> list[Receipt]:
    """Store checked submissions (with their `check` values) in one transaction; one already stored
    (a phone that resent after a lost answer) is acknowledged with its row. The new responses' alert
    rules are left in the outbox, in the same transaction, for `settle`."""
    receipts: list[Receipt] = []
    table = survey.response_table
    with study.transaction(Changes.of("responses", surveys=[survey.code])) as conn:
        for submission, values in checked:
            row = conn.execute(f'SELECT id FROM "{table}" WHERE uuid = ?', (submission.uuid,)).fetchone()
            if row is not None:
                receipts.append(Receipt(submission.uuid, int(row[0]), False))
                continue
            response_id = insert_response(study, survey, values, submission.uuid, submission.source,
                                          customer_id=submission.prefill.customer_id)
            receipts.append(Receipt(submission.uuid, response_id, True))
        outbox.add(conn, survey.code, [r.response_id for r in receipts if r.created])
    return receipts


def settle(study: Study) -> list[str]:
    """Alert rules over every response still waiting for them (cases); failures are warnings, the
    responses stay. The server calls it when no phone is waiting for a commit: the work is in the
    outbox, so running it later loses nothing, and a burst of phones is not slowed by pandas."""
    return outbox.settle(study)
