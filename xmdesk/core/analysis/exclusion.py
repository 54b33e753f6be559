"""Responses left out of analysis: kept in their table, marked with a reason, reversible, audited (issue 20).

Excluding is not deleting: the answers stay, the Data area still shows them, and `restore` brings
them back. Every analysis reads responses through `frame.load_frame`, which leaves excluded ones
out, so a chart, a crosstab, a report and an alert rule's statistics all agree on who counts.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from xmdesk.core.study import audit
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.sql import ident
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey.model import QuestionType, Survey
from xmdesk.core.survey.responses import excluded_reasons


def excluded(study: Study, survey_code: str) -> dict[int, str]:
    """Excluded response ids of the survey and why."""
    return excluded_reasons(study.conn, survey_code)


def exclude(study: Study, survey: Survey, ids: Iterable[int], reason: str) -> Changes:
    """Leave these responses out of every analysis, with the reason, in one audited transaction."""
    wanted = sorted({int(i) for i in ids})
    if not reason.strip():
        raise ModelError("derived.reason_needed")
    _check_ids(study, survey, wanted)
    with study.transaction(Changes.of("responses", surveys=[survey.code])) as conn:
        stamp, who = now_iso(), audit.actor()
        conn.executemany(
            "INSERT INTO excluded_responses (survey_code, response_id, reason, excluded_at, actor)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET reason = excluded.reason,"
            " excluded_at = excluded.excluded_at, actor = excluded.actor",
            [(survey.code, i, reason.strip(), stamp, who) for i in wanted])
        audit.record(study, "responses.exclude", "survey", survey.code, {"ids": wanted, "reason": reason.strip()})
    return study.take_changes()


def restore(study: Study, survey: Survey, ids: Iterable[int]) -> Changes:
    """Bring excluded responses back into analysis (the audit log keeps the reason they had)."""
    wanted = sorted({int(i) for i in ids})
    reasons = excluded(study, survey.code)
    with study.transaction(Changes.of("responses", surveys=[survey.code])) as conn:
        conn.executemany("DELETE FROM excluded_responses WHERE survey_code = ? AND response_id = ?",
                         [(survey.code, i) for i in wanted])
        audit.record(study, "responses.restore", "survey", survey.code,
                     {"ids": wanted, "reasons": {str(i): reasons[i] for i in wanted if i in reasons}})
    return study.take_changes()


def exclude_flagged(study: Study, survey: Survey, flag: str) -> Changes:
    """Exclude every response a quality flag marks now, the flag's code as the reason."""
    from xmdesk.core.analysis.derived import definition_of
    from xmdesk.core.analysis.frame import load_frame

    question = next((q for q in survey.derived if q.code == flag), None)
    if question is None or definition_of(question).get("kind") != "flag" or question.type is not QuestionType.SINGLE:
        raise ModelError("derived.not_flag", code=flag)
    frame = load_frame(study, survey, [flag])
    marked = frame.index.to_numpy()[np.asarray(frame[flag].astype(float).to_numpy() == 1)]
    return exclude(study, survey, marked.tolist(), f"flag:{flag}") if len(marked) else Changes()


def _check_ids(study: Study, survey: Survey, ids: list[int]) -> None:
    if not ids:
        return
    table = ident(survey.response_table)
    present = {i for (i,) in study.conn.execute(
        f"SELECT id FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (str(ids),))}
    absent = [i for i in ids if i not in present]
    if absent:
        raise ModelError("derived.no_responses", survey=survey.code, ids=", ".join(map(str, absent[:10])))
