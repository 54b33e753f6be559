"""What a survey tool knows about a response besides its answers: who, when, how long, from where.

Every export carries such columns (问卷星's 序号, 提交答卷时间, 所用时间, 来源, 来自IP; Qualtrics'
ResponseID, StartDate, IPAddress; Kobo's _uuid, start, end). They are facts about the response, not
answers to a question: kept in the response table's own columns (named `sys_…`, a prefix no question
code of a survey made before them used, so adding them to an old study never meets a question's
column), never offered as questions to analyse, quote or chart. `sys_extra` keeps the tool's other
columns (custom link parameters, 总分, Finished…) as a JSON object by header, so nothing is lost.

The IP address is personal data: stored as the file had it and masked on the way out
(`xmdesk.core.privacy.mask_ip`) unless the user asks for it plainly.
"""

from __future__ import annotations

RESPONDENT_ID = "sys_respondent_id"
STARTED_AT = "sys_started_at"
ENDED_AT = "sys_ended_at"
SUBMITTED_AT = "sys_submitted_at"
DURATION = "sys_duration_s"
CHANNEL = "sys_channel"
IP = "sys_ip"
EXTRA = "sys_extra"

# name -> SQL declaration; all may be empty (typed entry and older imports know none of them).
RESPONSE_FIELD_COLUMNS: tuple[tuple[str, str], ...] = (
    (RESPONDENT_ID, "TEXT"),
    (STARTED_AT, "TEXT"),
    (ENDED_AT, "TEXT"),
    (SUBMITTED_AT, "TEXT"),
    (DURATION, "REAL"),
    (CHANNEL, "TEXT"),
    (IP, "TEXT"),
    (EXTRA, "TEXT"),
)
RESPONSE_FIELDS: tuple[str, ...] = tuple(name for name, _ in RESPONSE_FIELD_COLUMNS)
DATE_FIELDS = frozenset({STARTED_AT, ENDED_AT, SUBMITTED_AT})
PERSONAL_FIELDS = frozenset({IP})  # masked in reports and exports unless shown on purpose


def field_kind(name: str) -> str:
    """How an import reads the cells of a column that fills response field `name` (a mapping kind)."""
    if name in DATE_FIELDS:
        return "date"
    if name == DURATION:
        return "duration"
    if name == EXTRA:
        return "extra"
    return "text"
