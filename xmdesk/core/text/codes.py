"""The analyst's last word on a comment: polarity and topics set by hand, and "quotable" for reports.

Codes live in the study (table `text_codes`, one row per survey, question and response) and are
applied after the model and the codebook on every analysis, so they survive a re-analysis, a new
model and codebook edits. A field left NULL means "the model's": an analyst can fix the polarity
and keep the machine's topics. A code naming a topic the codebook no longer has keeps it: the
analyst said so, and the codebook may change back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.text.polarity import POLARITIES

KEEP = object()  # set_code: leave this field as it is


@dataclass(frozen=True)
class ManualCode:
    """What an analyst set on one comment; None where the model's value stands."""

    response_id: int
    polarity: str | None = None
    topics: tuple[str, ...] | None = None
    quotable: bool = False

    @property
    def codes_anything(self) -> bool:
        """The analyst set something (an empty topic list counts: 'no topic' by hand); a code with nothing in it is
        deleted rather than stored."""
        return self.polarity is not None or self.topics is not None or self.quotable


def load_codes(study: Study, survey: str, question: str) -> dict[int, ManualCode]:
    """Every manual code of one question, by response id."""
    rows = study.conn.execute(
        "SELECT response_id, polarity, topics, quotable FROM text_codes WHERE survey_code = ? AND question_code = ?",
        (survey, question)).fetchall()
    return {rid: ManualCode(rid, polarity, None if topics is None else tuple(json.loads(topics)), bool(quotable))
            for rid, polarity, topics, quotable in rows}


def set_code(study: Study, survey: str, question: str, response_id: int, *, polarity: object = KEEP,
             topics: object = KEEP, quotable: object = KEEP) -> ManualCode:
    """Set some fields of one comment's code (KEEP leaves a field, None gives it back to the model).

    One transaction; a code left with nothing in it is removed.
    """
    current = load_codes(study, survey, question).get(response_id, ManualCode(response_id))
    new_polarity = current.polarity if polarity is KEEP else polarity
    if new_polarity is not None and new_polarity not in POLARITIES:
        raise ModelError("text.bad_polarity", value=new_polarity, known=", ".join(POLARITIES))
    new_topics = current.topics if topics is KEEP else _topics(topics)
    code = ManualCode(response_id, new_polarity if isinstance(new_polarity, str) else None, new_topics,
                      current.quotable if quotable is KEEP else bool(quotable))
    with study.transaction(Changes.of("text", surveys=[survey])) as conn:
        conn.execute("DELETE FROM text_codes WHERE survey_code = ? AND question_code = ? AND response_id = ?",
                     (survey, question, response_id))
        if code.codes_anything:
            conn.execute(
                "INSERT INTO text_codes (survey_code, question_code, response_id, polarity, topics, quotable, "
                "coded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (survey, question, response_id, code.polarity,
                 None if code.topics is None else json.dumps(list(code.topics), ensure_ascii=False),
                 int(code.quotable), datetime.now(timezone.utc).isoformat(timespec="seconds")))
    return code


def _topics(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ModelError("text.bad_code_topics", value=str(value))
    return tuple(dict.fromkeys(str(t).strip() for t in value if str(t).strip()))
