"""Alert rules (预警): which responses or segments need someone's attention, as cases.

Kinds of rule, each a JSON definition stored in `alert_rules`:
- `detractor`: an NPS answer ≤ `max` (6);
- `low_score`: a rating at the bottom of its scale (≤ `max`, default the scale's low end);
- `comment`: a negative comment (our sentiment model) that mentions one of `words` (退款, 投诉, 12315);
- `topic`: a comment tagged with one of `topics` of the study's codebook (optionally negative only);
- `drop`: a segment (a store, or a journey touchpoint's question and filter) whose metric fell by more
  than `drop` points from one period to the next, significantly (`alpha`), with both bases at least
  `min_base` (the small-base guard: a fall of 20 NPS points on 12 answers is noise, not news).
Every rule may carry a filter expression (`${channel} = 1`) that narrows the responses.

Rules run over frames (`analysis.frame.load_frame`), vectorised: over a million responses a rule is a
few numpy operations. Keyword rules select the matching comments with SQL first, so the sentiment
model only reads comments that mention a word. `run_rules` runs them over history or over the
responses that just arrived, and opens at most one case per rule and response (`cases.open_cases`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from xmdesk.core import messages
from xmdesk.core.loop import cases
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import Cancelled, ModelError, XMDeskError
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.study.sql import ident
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.loop.rules import DEFAULT_WORDS, Hits, Rule, columns_of, no_hit, rule_surveys
from xmdesk.core.loop.store_drop import evaluate_drop
from xmdesk.core.survey.model import Survey

if TYPE_CHECKING:
    from xmdesk.core.text.codebook import Codebook

# -- storage -----------------------------------------------------------------------------


_RULE_SQL = ("SELECT r.id, r.name, r.kind, r.definition, r.survey_code, d.name, r.sla_hours, r.priority, r.filter,"
             " r.do_not_disturb_days, r.enabled, r.last_error, r.last_error_at FROM alert_rules r LEFT JOIN departments d ON d.id = r.department_id")


def _rule(row: Sequence[Any]) -> Rule:
    rule_id, name, kind, definition, survey, department, sla, priority, flt, dnd, enabled, error, error_at = row
    return Rule(name, kind, json.loads(definition or "{}"), survey, department, float(sla), priority, flt or "",
                int(dnd or 0), bool(enabled), rule_id, error, error_at)


def list_rules(study: Study) -> list[Rule]:
    """Every alert rule, enabled or not, oldest first, each with its last error."""
    return [_rule(row) for row in study.conn.execute(_RULE_SQL + " ORDER BY r.id")]


def rules_for(study: Study, survey_code: str) -> list[Rule]:
    """The enabled rules that look at responses of this survey."""
    return [rule for rule in list_rules(study) if rule.enabled and rule.survey_code in (None, survey_code)]


def get_rule(study: Study, rule_id: int) -> Rule:
    """The rule `rule_id`, with its last error; ModelError when the study has none."""
    row = study.conn.execute(_RULE_SQL + " WHERE r.id = ?", (rule_id,)).fetchone()
    if row is None:
        raise ModelError("loop.rule_not_found", rule=rule_id)
    return _rule(row)


def save_rule(study: Study, rule: Rule) -> int:
    """Add a rule (no id) or change one; checked against its survey first."""
    rule.validate(study)
    if rule.id is None:
        return cases.add_rule(study, rule.name, rule.kind, rule.definition, rule.department, rule.sla_hours,
                              rule.priority, rule.survey_code, rule.filter, rule.do_not_disturb_days, rule.enabled)
    department_id = cases.add_department(study, rule.department) if rule.department else None
    with study.transaction(Changes.of("rules")) as conn:
        conn.execute(
            "UPDATE alert_rules SET name = ?, kind = ?, definition = ?, survey_code = ?, department_id = ?,"
            " sla_hours = ?, priority = ?, filter = ?, do_not_disturb_days = ?, enabled = ? WHERE id = ?",
            (rule.name, rule.kind, json.dumps(rule.definition, ensure_ascii=False), rule.survey_code, department_id,
             rule.sla_hours, rule.priority, rule.filter, rule.do_not_disturb_days, int(rule.enabled), rule.id))
    return rule.id


def delete_rule(study: Study, rule_id: int) -> None:
    """Remove a rule; its cases stay (their rule shows as empty)."""
    with study.transaction(Changes.of("rules", "cases")) as conn:
        conn.execute("DELETE FROM alert_rules WHERE id = ?", (rule_id,))


# -- evaluation ----------------------------------------------------------------------------


def evaluate(study: Study, rule: Rule, survey: Survey, response_ids: Sequence[int] | None = None) -> Hits:
    """The hits of one rule in one survey, over all live responses or only `response_ids`."""
    columns = columns_of(rule, survey)
    if not columns:
        return Hits(np.array([], dtype=np.int64), no_hit)
    if rule.kind == "drop":
        return evaluate_drop(study, rule, survey)
    if rule.kind in ("comment", "topic"):
        return _comment_hits(study, rule, survey, columns, response_ids)
    return _score_hits(study, rule, survey, columns[0], response_ids)


def filter_mask(study: Study, rule: Rule, survey: Survey, frame_columns: Sequence[str],
                response_ids: Sequence[int] | None) -> pd.DataFrame:
    """The rule's columns for the responses its filter (and `response_ids`) let through."""
    from xmdesk.core.analysis.frame import load_frame

    compiled = None
    wanted = list(frame_columns)
    if rule.filter.strip():
        from xmdesk.core.survey.logic import compile_expression

        compiled = compile_expression(rule.filter, survey)
        wanted += [c for c in compiled.columns if c not in wanted]
    frame = load_frame(study, survey, wanted)
    keep = np.ones(len(frame), dtype=bool)
    if response_ids is not None:
        keep &= frame.index.isin(np.asarray(list(response_ids), dtype=np.int64))
    if compiled is not None:
        keep &= compiled.mask(frame)
    return frame[keep] if not keep.all() else frame


def _score_hits(study: Study, rule: Rule, survey: Survey, code: str, response_ids: Sequence[int] | None) -> Hits:
    question = survey.question(code)
    scale = question.scale() or (0, 10)
    limit = float(rule.definition.get("max", 6 if rule.kind == "detractor" else scale[0]))
    frame = filter_mask(study, rule, survey, [code], response_ids)
    values = frame[code].to_numpy(dtype=np.float64)
    hit = values <= limit  # NaN (no answer) never hits
    ids = frame.index.to_numpy()[hit]
    scores = values[hit]

    def describe(i: int) -> tuple[str, dict[str, Any]]:
        value = int(scores[i])
        # The code, not the label: "nps = 2" fits a case list, the question's full wording does not.
        return (messages.text("loop.title_score", rule=rule.name, question=code, value=value),
                {"question": code, "value": value})

    return Hits(ids, describe)


def _comment_hits(study: Study, rule: Rule, survey: Survey, codes: list[str],
                  response_ids: Sequence[int] | None) -> Hits:
    """Comments that mention a word (or a codebook topic) and, when asked, read as negative."""
    words = [str(w) for w in rule.definition.get("words", DEFAULT_WORDS if rule.kind == "comment" else ())]
    negative_only = bool(rule.definition.get("negative", True))
    rows = _comment_rows(study, survey, codes, words, response_ids)
    if rule.filter.strip() and rows:
        allowed = filter_mask(study, rule, survey, [], None).index
        rows = [row for row in rows if row[0] in allowed]
    texts = [(row[0], code, text) for row in rows for code, text in zip(codes, row[1:])
             if isinstance(text, str) and text.strip()]
    matched = _mentions(study, rule, words, [t for _, _, t in texts])
    if negative_only and matched.any():
        chosen = np.flatnonzero(matched)
        # Comments repeat ("无", "排队太久"): each distinct text is read once.
        distinct, position = np.unique(np.array([texts[i][2] for i in chosen], dtype=object), return_inverse=True)
        negative = _negative_about(study, rule, words, distinct.tolist())[position]
        by_hand = _hand_polarities(study, survey, codes)
        for k, i in enumerate(chosen.tolist()):
            coded = by_hand.get((texts[i][1], texts[i][0]))  # the analyst's polarity wins over the model
            matched[i] = coded == "negative" if coded is not None else bool(negative[k])
    found: dict[int, dict[str, str]] = {}
    for (response_id, code, text), hit in zip(texts, matched.tolist()):
        if hit:
            found.setdefault(response_id, {})[code] = text
    ids = np.array(sorted(found), dtype=np.int64)

    def describe(i: int) -> tuple[str, dict[str, Any]]:
        comments = found[int(ids[i])]
        return messages.text("loop.title_comment", rule=rule.name, text=_first_line(comments)), {"comments": comments}

    return Hits(ids, describe)


def _first_line(comments: dict[str, str]) -> str:
    text = next(iter(comments.values()))
    return text if len(text) <= 40 else text[:39] + "…"


def _comment_rows(study: Study, survey: Survey, codes: list[str], words: list[str],
                  response_ids: Sequence[int] | None) -> list[tuple[Any, ...]]:
    """Responses whose chosen comments mention a word, read with one SQL scan (all with text when no words)."""
    columns = [ident(c) for c in codes]
    if words:
        tests = [f"instr({column}, ?) > 0" for column in columns for _ in words]
        params: list[Any] = [w for _ in columns for w in words]
    else:
        tests = [f"{column} <> ''" for column in columns]
        params = []
    sql = (f"SELECT id, {', '.join(columns)} FROM {ident(survey.response_table)} WHERE deleted = 0"
           f" AND ({' OR '.join(tests)})")
    if response_ids is not None:
        sql += " AND id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps([int(i) for i in response_ids]))
    return study.conn.execute(sql + " ORDER BY id", params).fetchall()


def _negative_about(study: Study, rule: Rule, words: list[str], texts: list[str]) -> np.ndarray:
    """Which texts are negative about what the rule looks for: the clause naming the topic or word
    (退款很快，就是态度差 is not negative about 退款); a rule without words asks for negative comments."""
    from xmdesk.core.text import aspects
    from xmdesk.core.text.sentiment import OURS, assess_with

    if rule.kind == "comment" and not words:
        return np.array([a.polarity == "negative" for a in assess_with(OURS, texts)], dtype=bool)
    if rule.kind == "comment":
        return aspects.negative_about(texts, aspects.words_tagger(words))
    from xmdesk.core.text.codebook import compile_codebook

    return aspects.negative_about(texts, aspects.codebook_tagger(compile_codebook(_rule_codebook(study, rule))))


def _hand_polarities(study: Study, survey: Survey, codes: list[str]) -> dict[tuple[str, int], str]:
    """(question, response id) -> the polarity an analyst set by hand on that comment."""
    from xmdesk.core.text.codes import load_codes

    return {(code, rid): c.polarity for code in codes for rid, c in load_codes(study, survey.code, code).items()
            if c.polarity is not None}


def _rule_codebook(study: Study, rule: Rule) -> Codebook:
    """The codebook topics a topic rule watches (all of the study's when it names none)."""
    from xmdesk.core.text.codebook import Codebook, load_codebook

    book = load_codebook(study)
    wanted = [str(t) for t in rule.definition.get("topics", ())]
    return Codebook(tuple(book.topic(name) for name in wanted)) if wanted else book


def _mentions(study: Study, rule: Rule, words: list[str], texts: list[str]) -> np.ndarray:
    """Which texts mention a word (comment rules) or one of the rule's codebook topics (topic rules)."""
    if rule.kind == "comment":
        return np.array([any(w in t for w in words) for t in texts] if words else [True] * len(texts), dtype=bool)
    from xmdesk.core.text.codebook import tag_matrix

    chosen = _rule_codebook(study, rule)
    if not texts or not chosen.topics:
        return np.zeros(len(texts), dtype=bool)
    return np.asarray(tag_matrix(texts, chosen).any(axis=1), dtype=bool)


# -- running -------------------------------------------------------------------------------


@dataclass
class RuleOutcome:
    rule: str
    survey: str
    hits: int
    new_cases: int
    do_not_disturb: int


@dataclass
class RuleError:
    """A rule that failed to run over a survey's responses; the others ran."""

    rule: str
    survey: str
    error: str
    at: str


@dataclass
class RunResult:
    hits: int = 0
    new_cases: int = 0
    do_not_disturb: int = 0
    rules: list[RuleOutcome] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    seconds: float = 0.0
    written: bool = True

    def add(self, outcome: RuleOutcome) -> None:
        """Count one rule's outcome over one survey into the totals a run reports."""
        self.rules.append(outcome)
        self.hits += outcome.hits
        self.new_cases += outcome.new_cases
        self.do_not_disturb += outcome.do_not_disturb

    def warnings(self) -> list[str]:
        """The failed rules, said for a person: an import, a merge or a save reports them, never fails on them."""
        return [messages.text("loop.rule_failed", rule=e.rule, error=e.error) for e in self.errors]

    def as_dict(self) -> dict[str, Any]:
        """The run as the CLI's JSON prints it; the case ids are left out (a first run may open
        thousands)."""
        data = asdict(self)
        data.pop("case_ids")
        return data


def run_rules(study: Study, survey_code: str | None = None, response_ids: Sequence[int] | None = None,
              progress: Progress | None = None, cancel: CancelToken | None = None,
              rule_ids: Sequence[int] | None = None, write: bool = True) -> RunResult:
    """Evaluate the enabled rules and open the cases they call for, all in one transaction.

    On demand over the whole history (responses that just arrived go through the outbox, rule by
    rule). `write=False` only counts: `new_cases` is then how many cases a run would open. A
    cancelled run leaves the study as it was; a failing rule is kept on the rule and the others run.
    """
    report = progress or no_progress
    started = time.perf_counter()
    rules = [r for r in list_rules(study) if r.enabled and (rule_ids is None or r.id in rule_ids)]
    result = RunResult(written=write)
    label = messages.text("loop.running")
    if write:
        with study.transaction(Changes.of("cases", "rules")):
            _run(study, rules, survey_code, response_ids, result, report, cancel, label)
    else:
        _run(study, rules, survey_code, response_ids, result, report, cancel, label)
    report(len(rules), len(rules), label)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _run(study: Study, rules: list[Rule], survey_code: str | None, response_ids: Sequence[int] | None,
         result: RunResult, report: Progress, cancel: CancelToken | None, label: str) -> None:
    for done, rule in enumerate(rules):
        if cancel is not None:
            cancel.check()
        report(done, len(rules), f"{label}: {rule.name}")
        try:
            surveys = [s for s in rule_surveys(study, rule) if survey_code is None or s.code == survey_code]
        except XMDeskError as error:  # the rule's own survey is gone
            _failed(study, rule, rule.survey_code or "", error, result)
            continue
        for survey in surveys:
            run_rule(study, rule, survey, response_ids, result, cancel=cancel)


Settle = Callable[[sqlite3.Connection], None]
"""Written in the transaction of a rule's cases (or of its error): the outbox's note that it ran."""


def run_rule(study: Study, rule: Rule, survey: Survey, response_ids: Sequence[int] | None, result: RunResult,
             settle: Settle | None = None, cancel: CancelToken | None = None) -> None:
    """One rule over one survey, on its own: its cases, the clearing of its last error and `settle` in
    one transaction. When it fails, that is rolled back and the error is kept on the rule instead
    (with `settle`: a rule that cannot run now is not retried over the same responses forever)."""
    try:
        hits = evaluate(study, rule, survey, response_ids)
        if cancel is not None:
            cancel.check()
        if not result.written:
            result.add(_open(study, rule, survey, hits, False))
            return
        with study.transaction(Changes.of("cases", "rules") if rule.last_error else Changes.of("cases")) as conn:
            outcome = _open(study, rule, survey, hits, True)
            if rule.last_error:
                _store_error(conn, rule, None)
            if settle is not None:
                settle(conn)
    except Cancelled:
        raise
    except Exception as error:  # noqa: BLE001 - any failure of one rule is that rule's, kept on it
        _failed(study, rule, survey.code, error, result, settle)
        return
    result.add(outcome)


def _failed(study: Study, rule: Rule, survey_code: str, error: Exception, result: RunResult,
            settle: Settle | None = None) -> None:
    if isinstance(error, XMDeskError):
        message = error.message()
    else:  # not a person's mistake but ours: keep the traceback for the log
        logging.getLogger(__name__).exception("alert rule %s failed", rule.id)
        message = f"{type(error).__name__}: {error}"
    result.errors.append(RuleError(rule.name, survey_code, message, now_iso()))
    if not result.written:
        return
    with study.transaction(Changes.of("rules")) as conn:
        _store_error(conn, rule, message)
        if settle is not None:
            settle(conn)


def _store_error(conn: sqlite3.Connection, rule: Rule, message: str | None) -> None:
    conn.execute("UPDATE alert_rules SET last_error = ?, last_error_at = ? WHERE id = ?",
                 (message, now_iso() if message else None, rule.id))
    rule.last_error = message


def _open(study: Study, rule: Rule, survey: Survey, hits: Hits, write: bool) -> RuleOutcome:
    """Turn hits into cases, skipping those this rule already opened (looked up by cheap integer ids first)."""
    assert rule.id is not None
    if hits.subjects is not None:
        done_subjects = {s for (s,) in study.conn.execute(
            "SELECT subject FROM cases WHERE rule_id = ? AND subject IS NOT NULL", (rule.id,))}
        fresh_at = [i for i, s in enumerate(hits.subjects) if s not in done_subjects]
        new = [cases.NewCase(title, survey.code, subject=hits.subjects[i], detail=detail)
               for i in fresh_at for title, detail in [hits.describe(i)]]
    else:
        # NOT INDEXED: a sequential scan of the cases beats a look-up per row through the unique index.
        rows = study.conn.execute(
            "SELECT response_id FROM cases NOT INDEXED WHERE rule_id = ? AND survey_code = ?"
            " AND response_id IS NOT NULL", (rule.id, survey.code)).fetchall()
        opened = np.array([r for (r,) in rows], dtype=np.int64)
        fresh_at = np.flatnonzero(~np.isin(hits.response_ids, opened)).tolist()
        if not write:
            return RuleOutcome(rule.name, survey.code, len(hits), len(fresh_at), 0)
        keys = _response_keys(study, survey, hits.response_ids[fresh_at])
        new = [cases.NewCase(title, survey.code, keys[rid][0], rid, keys[rid][1], detail=detail)
               for i, rid in ((i, int(hits.response_ids[i])) for i in fresh_at) if rid in keys
               for title, detail in [hits.describe(i)]]
    if not write:
        return RuleOutcome(rule.name, survey.code, len(hits), len(new), 0)
    routing = cases.RuleRouting(rule.id, _department_id(study, rule.department), rule.sla_hours, rule.priority,
                                rule.do_not_disturb_days)
    ids = cases.open_cases(study, routing, new)
    flagged = 0
    if ids:
        (flagged,) = study.conn.execute(
            "SELECT count(*) FROM cases WHERE id >= ? AND id <= ? AND do_not_disturb = 1", (ids[0], ids[-1])
        ).fetchone()
    return RuleOutcome(rule.name, survey.code, len(hits), len(ids), int(flagged))


def _department_id(study: Study, name: str | None) -> int | None:
    row = study.conn.execute("SELECT id FROM departments WHERE name = ?", (name,)).fetchone() if name else None
    return int(row[0]) if row else None


def _response_keys(study: Study, survey: Survey, ids: np.ndarray) -> dict[int, tuple[str, str | None]]:
    """uuid and customer id of the given responses, in one statement."""
    if len(ids) == 0:
        return {}
    rows = study.conn.execute(
        f"SELECT id, uuid, customer_id FROM {ident(survey.response_table)}"
        " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids.tolist()),))
    return {rid: (uid, customer) for rid, uid, customer in rows}


# -- defaults --------------------------------------------------------------------------------


def install_default_rules(study: Study, survey_code: str) -> list[int]:
    """The rules a new user sees working at once: detractors to 客服, refund/complaint comments to 售后.

    Named in Chinese whatever the UI language, like the rest of the (Chinese) demo study.
    """
    defaults = [
        Rule(messages.text("loop.default_detractor", "zh"), "detractor", {"question": "nps", "max": 6}, survey_code,
             "客服中心", 24, "high", do_not_disturb_days=30),
        Rule(messages.text("loop.default_comment", "zh"), "comment",
             {"words": ["退款", "投诉"], "negative": True}, survey_code, "售后服务部", 16, "high"),
    ]
    for name in ("客服中心", "售后服务部", "门店运营部", "物流配送部"):
        cases.add_department(study, name)
    return [save_rule(study, rule) for rule in defaults]


def install_demo_loop(study: Study, survey_code: str) -> RunResult:
    """The demo's closed loop: default rules run once (so cases exist at once) and one reviewed action."""
    from xmdesk.core.loop.actions import install_demo_action

    install_default_rules(study, survey_code)
    install_demo_action(study, survey_code)
    return run_rules(study, survey_code)
