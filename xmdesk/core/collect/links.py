"""A survey's link: its unguessable token, the secret that signs pre-filled fields, personal links.

The token and the secret are made once per survey and kept in the study (`study_meta`), so posters
printed today still work after the server restarts. A link may pre-fill hidden fields (the store,
the channel, the visit date, a customer's id): the values are checked against the survey's
questions and signed, so a respondent cannot move their answer to another store by editing the link.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path
from urllib.parse import urlencode

from xmdesk.core.fieldwork.entry import question_problem
from xmdesk.core.errors import ModelError, StudyError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import CHOICE_TYPES, Choice, QuestionType, Survey

CUSTOMER = "customer_id"
"""The response's own customer column: a personal invitation's link names its customer."""

DEFAULT_HIDDEN = ("store", "channel", "visit_date", CUSTOMER)
"""Fields a link may pre-fill unless the survey names its own (`props["hidden_fields"]`)."""

SIGNATURE = "sig"


@dataclass(frozen=True)
class Keys:
    """The survey's link token (in every URL) and its signing secret (never leaves the laptop)."""

    token: str
    secret: bytes

    def sign(self, text: str) -> str:
        """A short HMAC-SHA256 of `text` with the survey's secret (24 hex digits, 96 bits): enough that a link's
        fields cannot be forged, and the link stays short."""
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def verify(self, text: str, signature: str) -> bool:
        """Whether `signature` is ours for `text`, compared in constant time so the signature cannot be guessed digit
        by digit."""
        return hmac.compare_digest(self.sign(text), signature)


def keys(study: Study, survey_code: str) -> Keys:
    """The survey's keys, made and stored (one transaction) the first time they are asked for."""
    name = f"collect.keys.{survey_code}"
    stored = study.meta(name)
    if stored is None:
        stored = json.dumps({"token": secrets.token_urlsafe(18), "secret": secrets.token_hex(32)})
        study.set_meta(name, stored)
    data = json.loads(stored)
    return Keys(str(data["token"]), bytes.fromhex(data["secret"]))


@dataclass(frozen=True)
class Prefill:
    """Checked values a link fills in: answers by column, and the customer's id."""

    answers: Mapping[str, Any] = field(default_factory=dict)
    customer_id: str | None = None

    @property
    def questions(self) -> list[str]:
        """The columns the link answers: their questions are not asked on the phone."""
        return list(self.answers)


def hidden_fields(survey: Survey) -> list[str]:
    """The fields a link may pre-fill: the survey's own list, or the usual four it has questions for."""
    named = survey.props.get("hidden_fields")
    wanted = [str(n) for n in named] if isinstance(named, list) else list(DEFAULT_HIDDEN)
    codes = {q.code for q in survey.active_questions() if q.type is not QuestionType.MULTIPLE
             and q.type is not QuestionType.MATRIX}
    return [name for name in wanted if name in codes or name == CUSTOMER]


def canonical(params: Mapping[str, str]) -> str:
    """The signed text of pre-filled fields: sorted, so the order in the link does not matter."""
    return urlencode(sorted(params.items()))


def signed_query(keys_: Keys, survey: Survey, params: Mapping[str, str]) -> str:
    """The query string of a link pre-filling `params` (checked first: a poster must not print a bad link)."""
    read_prefill(survey, params)
    clean = {k: str(v) for k, v in params.items() if str(v) != ""}
    return urlencode({**clean, SIGNATURE: keys_.sign(canonical(clean))}) if clean else ""


def verified_prefill(keys_: Keys, survey: Survey, query: Mapping[str, str]) -> Prefill:
    """The pre-filled fields of a link, refused (ModelError) when the signature does not match them."""
    params = {k: v for k, v in query.items() if k != SIGNATURE and v != ""}
    if not params:
        return Prefill()
    if not keys_.verify(canonical(params), query.get(SIGNATURE, "")):
        raise ModelError("collect.bad_link")
    return read_prefill(survey, params)


def read_prefill(survey: Survey, params: Mapping[str, str]) -> Prefill:
    """Pre-filled fields as stored values: a choice by its code or value, a date as written; a field
    the survey does not take or a value its question refuses is a ModelError naming it."""
    allowed = hidden_fields(survey)
    answers: dict[str, Any] = {}
    customer: str | None = None
    for name, text in params.items():
        text = str(text).strip()
        if name not in allowed:
            raise ModelError("collect.not_hidden", field=name, allowed=", ".join(allowed))
        if name == CUSTOMER:
            customer = text[:200]
            continue
        question = survey.question(name)
        value: Any = text
        if question.type in CHOICE_TYPES or question.type is QuestionType.CHECKLIST:
            by_code = {c.code: c.value for c in question.answer_choices()}
            value = by_code.get(text, int(text) if text.isdigit() and len(text) < 10 else text)
        problem = question_problem(question, {name: value})
        if problem:
            raise ModelError("collect.bad_prefill", field=name, value=text, problem=problem)
        answers[name] = value
    return Prefill(answers, customer)


def personal_links(keys_: Keys, survey: Survey, base_url: str, rows: Iterable[Mapping[str, str]]) -> list[str]:
    """One link per row of a customer list (its `customer_id` and any other hidden field it has)."""
    allowed = set(hidden_fields(survey))
    return [link(keys_, survey, base_url, {k: v for k, v in row.items() if k in allowed and v}) for row in rows]


def link(keys_: Keys, survey: Survey, base_url: str, params: Mapping[str, str] | None = None) -> str:
    """The survey's address on this server, pre-filling `params` when given."""
    query = signed_query(keys_, survey, params or {})
    return f"{base_url.rstrip('/')}/s/{keys_.token}/" + (f"?{query}" if query else "")


STORE = "store"
"""The hidden field a poster's link fills: one poster per store, each answer landing in its store."""


def store_links(keys_: Keys, survey: Survey, base_url: str) -> list[tuple[Choice | None, str]]:
    """One (store, link) per choice of the survey's store question, each link pre-filling its store; a survey a link
    cannot give a store gets one link for all (store None), so a poster can still be printed."""
    if STORE not in hidden_fields(survey):
        return [(None, link(keys_, survey, base_url))]
    return [(choice, link(keys_, survey, base_url, {STORE: choice.code}))
            for choice in survey.question(STORE).answer_choices()]


def read_customers(path: Path) -> list[dict[str, str]]:
    """The rows of a customer list for personal links: a UTF-8 CSV (Excel's "CSV UTF-8") with a customer_id column.
    Excel's plain "CSV" on a Chinese Windows is GBK, which is said as such rather than guessed."""
    if not path.is_file():
        raise StudyError("collect.links_not_a_file", path=path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except UnicodeDecodeError:
        raise StudyError("collect.links_encoding", path=path) from None
    if not rows or CUSTOMER not in rows[0]:
        raise StudyError("collect.links_no_customer", path=path)
    return rows
