"""Derived variables: defined once in the study, computed from the stored answers, never typed (issue 20).

A derived variable is a question that nobody answers: it has a code, labels in both languages, a type
(single choice, number, text) and choices like a question, and `Survey.question(code)` finds it, so a
breakdown, a filter, a crosstab, a journey, an alert rule or a report names it as it names a question.
Its definition is one of four kinds:

- expression: a value in the one expression language (`if(${nps} >= 9, 'promoter', …)`, `mean(${q5})`);
- recode: a question's values into bands or merged choices (the first rule that matches wins);
- count: how many options of a multiple-choice question were selected (or of some of them);
- flag: a quality flag (speeder, straight-liner, duplicate, out-of-pattern), 1 flagged, 0 not.

Values are computed on read, where analysis reads a question's column (`frame.load_frame`), and kept
with the cached columns, which are dropped whenever the study's data changes (`frame.data_token`): a
new response, an edited answer or a changed definition is seen by the next analysis. Measured
(benchmarks/derived.py): computing one from columns already read costs tens of milliseconds. The
exception is a cold read of a variable computed from many columns (a straight-liner flag over a nine-item
matrix): its values are kept by SQLite in an index on its SQL form, recomputed in every write's
transaction (`survey.derived_columns`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from xmdesk.core.study import audit
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey.derived_columns import (FLAGS, STRAIGHT_MIN_ITEMS, column_names, definition_of, derived_map,
                                              flag_sources, keep_value_indexes, option_columns, source_column, sql_value)
from xmdesk.core.survey.model import SYSTEM_COLUMN_NAMES, Choice, Question, QuestionType, Survey, load_survey, validate_code

KINDS = ("expression", "recode", "count", "flag", "odata")
TYPES = (QuestionType.SINGLE, QuestionType.NUMBER, QuestionType.TEXT)
FLAG_CHOICES = (Choice("flagged", 1, "Flagged", "已标记"), Choice("ok", 0, "Not flagged", "未标记"))
SPEEDER_SHARE = 0.5
"""A speeder took less than this share of the median duration (a common cut; the definition can change it)."""
OUTLIER_K = 3.0
"""Out-of-pattern: outside the quartiles by more than this many interquartile ranges."""




# -- what a variable reads -----------------------------------------------------------------


def sources(survey: Survey, question: Question) -> list[str]:
    """The columns (stored, system or derived) the variable is computed from."""
    definition = definition_of(question)
    kind = definition.get("kind")
    if kind == "expression":
        return list(_compiled(survey, question).columns)
    if kind == "recode":
        return [source_column(survey, definition, "source")]
    if kind == "count":
        return option_columns(survey, definition)
    if kind == "odata":
        from xmdesk.core.analysis import odata_vars

        return odata_vars.sources(survey, definition)
    return flag_sources(survey, definition)


def _compiled(survey: Survey, question: Question) -> Any:
    from xmdesk.core.survey.logic import compile_expression

    return compile_expression(str(definition_of(question).get("expression", "")), survey)




# -- computing -----------------------------------------------------------------------------


def compute(survey: Survey, question: Question, frame: pd.DataFrame) -> np.ndarray:
    """The variable's value for every row of `frame` (which holds its `sources`): float64 with NaN for
    missing (a single choice's stored values, a number), or objects for text."""
    definition = definition_of(question)
    kind = definition.get("kind")
    if kind == "expression":
        compiled = _compiled(survey, question)
        coded = _as_stored_values(compiled, survey, question)
        values = (np.broadcast_to(np.asarray(coded.root.many(frame), dtype=np.float64), (len(frame),))
                  if coded is not None else _typed(question, compiled.root.many(frame), len(frame)))
        return _blank_where_unanswered(values, frame[compiled.columns])
    if kind == "recode":
        return _recode(survey, question, definition, _numbers(frame[sources(survey, question)[0]]))
    if kind == "count":
        return _count(frame, sources(survey, question))
    return _FLAGS[str(definition.get("flag"))](definition, frame[sources(survey, question)])




def _as_stored_values(compiled: Any, survey: Survey, question: Question) -> Any:
    """The expression with each choice it can end in written as that choice's stored value, when every
    result is written out (the usual nested if() of groups): the same answer, computed on floats instead
    of a million texts matched to choices afterwards (1.6 s → a few ms on a million responses)."""
    from xmdesk.core.survey.logic import Call, Literal, compile_tree

    if question.type is not QuestionType.SINGLE:
        return None

    def coded(expr: Any) -> Any:
        if isinstance(expr, Literal) and not isinstance(expr.value, bool):
            value = _typed(question, np.array([expr.value], dtype=object), 1)[0]
            return None if np.isnan(value) else replace(expr, value=float(value))
        if isinstance(expr, Call) and expr.name in ("if", "coalesce"):
            first = 1 if expr.name == "if" else 0
            branches = [coded(arg) for arg in expr.args[first:]]
            if any(branch is None for branch in branches):
                return None
            return replace(expr, args=tuple(expr.args[:first]) + tuple(branches))
        return None

    tree = coded(compiled.expr)
    return None if tree is None else compile_tree(compiled.text, tree, survey)


def _count(frame: pd.DataFrame, options: Sequence[str]) -> np.ndarray:
    """Options selected (1) per row; missing when none of them was answered. Column by column: a 2-D block of
    a million rows by eight options is copied first and costs six times as much."""
    total = np.zeros(len(frame))
    answered = np.zeros(len(frame), dtype=bool)
    for name in options:
        column = frame[name].to_numpy(dtype=np.float64)
        answered |= ~np.isnan(column)
        total += column == 1
    return np.where(answered, total, np.nan)


def _blank_where_unanswered(values: np.ndarray, read: pd.DataFrame) -> np.ndarray:
    """Missing where every column the expression reads is missing. The language follows XLSForm, where a
    comparison with an empty answer is false, so `if(${nps} >= 9, 'promoter', 'detractor')` would call
    everyone who skipped the question a detractor; an analysis wants them missing, as SPSS's IF leaves them."""
    if read.shape[1] == 0:
        return values
    unanswered = np.ones(len(read), dtype=bool)
    for name in read.columns:
        column = read[name]
        blank = column.isna().to_numpy()
        if column.dtype == object:
            blank |= column.to_numpy() == ""
        unanswered &= blank
    if not unanswered.any():
        return values
    result = np.array(values)  # a copy, and writable (an expression's value may be a broadcast constant)
    result[unanswered] = "" if values.dtype == object else np.nan
    return result


def _numbers(series: pd.Series) -> np.ndarray:
    """A column as float64 with NaN for missing: a choice column as its stored values, text parsed."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        categories = np.append(np.asarray(series.cat.categories, dtype=np.float64), np.nan)
        return np.asarray(categories[np.where(codes >= 0, codes, len(categories) - 1)], dtype=np.float64)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=np.float64)
    return np.asarray(pd.to_numeric(pd.Series(series.to_numpy(dtype=object)), errors="coerce"), dtype=np.float64)


def _typed(question: Question, raw: Any, rows: int) -> np.ndarray:
    """An expression's result as the variable's type: a text or number naming a choice → its stored value."""
    if question.type is QuestionType.TEXT:
        values = np.broadcast_to(np.asarray(raw, dtype=object), (rows,))
        return np.where(pd.isna(values), "", values).astype(object)
    array = np.broadcast_to(np.asarray(raw), (rows,))
    if question.type is QuestionType.NUMBER:
        return _numbers(pd.Series(array))
    lookup = {key: float(c.value) for c in question.choices
              for key in (c.code, c.label_zh, c.label_en, str(c.value), f"{float(c.value)}") if key}
    codes, distinct = pd.factorize(pd.Series(array.astype(object)), use_na_sentinel=True)
    mapped = np.array([lookup.get(_key_text(v), np.nan) for v in distinct] + [np.nan], dtype=np.float64)
    return np.asarray(mapped[np.where(codes >= 0, codes, len(distinct))], dtype=np.float64)


def _key_text(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _recode(survey: Survey, question: Question, definition: Mapping[str, Any], values: np.ndarray) -> np.ndarray:
    """Each rule in turn claims the values it matches and not claimed yet: bands (min ≤ v ≤ max, either
    end open) or lists of values (a choice source's choice codes or stored values)."""
    source = _question_or_none(survey, str(definition["source"]))
    result = np.full(len(values), np.nan)
    open_rows = ~np.isnan(values)
    for rule in definition.get("rules") or []:
        target = _choice(question, str(rule.get("choice", "")))
        if "values" in rule:
            wanted = [_stored_value(source, v) for v in rule["values"]]
            hit = np.isin(values, np.array(wanted, dtype=np.float64))
        else:
            low, high = rule.get("min"), rule.get("max")
            hit = np.ones(len(values), dtype=bool)
            if low is not None:
                hit &= values >= float(low)
            if high is not None:
                hit &= values <= float(high)
        hit &= open_rows
        result[hit] = target.value
        open_rows &= ~hit
    return result


def _question_or_none(survey: Survey, code: str) -> Question | None:
    """The question (or derived variable) of that code; None for a column such as a matrix item's."""
    try:
        return survey.question(code)
    except ModelError:
        return None


def _choice(question: Question, code: str) -> Choice:
    for choice in question.choices:
        if code in (choice.code, str(choice.value)):
            return choice
    raise ModelError("derived.unknown_choice", choice=code or "-", code=question.code,
                     known=", ".join(c.code for c in question.choices) or "-")


def _stored_value(source: Question | None, value: Any) -> float:
    if source is not None:
        for choice in source.answer_choices():
            if str(value) in (choice.code, str(choice.value)):
                return float(choice.value)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ModelError("derived.unknown_value", value=value, code=source.code if source else "-") from None


def _flag(hit: np.ndarray, known: np.ndarray) -> np.ndarray:
    return np.where(known, hit.astype(np.float64), np.nan)


def _speeders(definition: Mapping[str, Any], frame: pd.DataFrame) -> np.ndarray:
    """Faster than a share of the median duration: a duration column in seconds, or end − start times."""
    if definition.get("duration"):
        seconds = _numbers(frame.iloc[:, 0])
    else:
        start, end = (pd.to_datetime(pd.Series(frame.iloc[:, i].to_numpy(dtype=object)), errors="coerce",
                                     format="ISO8601") for i in (0, 1))
        seconds = ((end - start).dt.total_seconds()).to_numpy(dtype=np.float64)
    known = ~np.isnan(seconds)
    if not known.any():
        return np.full(len(frame), np.nan)
    cut = float(definition.get("share", SPEEDER_SHARE)) * float(np.median(seconds[known]))
    with np.errstate(invalid="ignore"):
        return _flag(seconds < cut, known)


def _straightliners(definition: Mapping[str, Any], frame: pd.DataFrame) -> np.ndarray:
    """One answer across every answered item of the matrix (at least `min_items` answered)."""
    first = frame.iloc[:, 0].to_numpy(dtype=np.float64)
    high, low, answered = first.copy(), first.copy(), (~np.isnan(first)).astype(np.int64)
    for name in frame.columns[1:]:  # column by column, as _count
        column = frame[name].to_numpy(dtype=np.float64)
        np.fmax(high, column, out=high)  # fmax/fmin skip NaN, without a warning
        np.fmin(low, column, out=low)
        answered += ~np.isnan(column)
    same = high == low
    known = answered >= int(definition.get("min_items", min(STRAIGHT_MIN_ITEMS, frame.shape[1])))
    return _flag(same & known, known)


def _duplicates(definition: Mapping[str, Any], frame: pd.DataFrame) -> np.ndarray:
    """A response whose key (same customer, same IP, same text…) an earlier response already had; an empty
    key is nobody's duplicate. The first one is kept unflagged, so excluding the flagged leaves one each."""
    keys = frame.astype(object).where(frame.notna(), "").astype(str).apply(lambda s: s.str.strip())
    # A short text (没有, 好) is everyone's answer, not a copy: keys shorter than min_length count as empty.
    empty = (keys.apply(lambda s: s.str.len()).sum(axis=1) < max(1, int(definition.get("min_length", 1)))).to_numpy()
    repeated = keys.duplicated(keep="first").to_numpy()
    return (repeated & ~empty).astype(np.float64)


def _outliers(definition: Mapping[str, Any], frame: pd.DataFrame) -> np.ndarray:
    """Outside the quartiles by more than k interquartile ranges (Tukey's far-out fences)."""
    values = _numbers(frame.iloc[:, 0])
    known = ~np.isnan(values)
    if not known.any():
        return np.full(len(values), np.nan)
    q1, q3 = np.percentile(values[known], [25, 75])
    k = float(definition.get("k", OUTLIER_K))
    with np.errstate(invalid="ignore"):
        return _flag((values < q1 - k * (q3 - q1)) | (values > q3 + k * (q3 - q1)), known)


_FLAGS: dict[str, Callable[[Mapping[str, Any], pd.DataFrame], np.ndarray]] = {
    "speeder": _speeders, "straightliner": _straightliners, "duplicate": _duplicates, "outlier": _outliers}


# -- the flags that come with the app ----------------------------------------------------------


DURATION_COLUMN = "sys_duration_s"
"""Seconds a response took, as a survey tool's export says (the response fields of an import)."""
IP_COLUMN = "sys_ip"
TEXT_COPY_LENGTH = 10
"""A text flagged as a duplicate is at least this long: shorter ones are common answers, not copies."""


def standard_flags(survey: Survey) -> list[Definition]:
    """The quality flags this survey's columns allow: speeders (when responses carry their duration), a
    straight-liner flag per matrix, duplicates by customer, by IP and by the first open text, and an
    out-of-pattern flag per number question."""
    flags: list[Definition] = []

    def add(code: str, spec: dict[str, Any], label_en: str, label_zh: str) -> None:
        flags.append(Definition(code, "flag", spec, QuestionType.SINGLE, label_en, label_zh))

    if DURATION_COLUMN in SYSTEM_COLUMN_NAMES:
        add("flag_speeder", {"flag": "speeder", "duration": DURATION_COLUMN, "share": SPEEDER_SHARE},
            "Speeder", "答题过快")
    questions = survey.active_questions()
    for question in questions:
        if question.type is QuestionType.MATRIX and len(question.items) >= STRAIGHT_MIN_ITEMS:
            add(f"flag_straight_{question.code}", {"flag": "straightliner", "matrix": question.code},
                f"Straight-lining: {question.label('en')}", f"直线作答：{question.label('zh')}")
    add("flag_dup_customer", {"flag": "duplicate", "by": ["customer_id"]}, "Duplicate customer", "重复客户")
    if IP_COLUMN in SYSTEM_COLUMN_NAMES:
        add("flag_dup_ip", {"flag": "duplicate", "by": [IP_COLUMN]}, "Duplicate IP", "重复 IP")
    text = next((q for q in questions if q.type is QuestionType.TEXT), None)
    if text is not None:
        add(f"flag_dup_{text.code}", {"flag": "duplicate", "by": [text.code], "min_length": TEXT_COPY_LENGTH},
            f"Copied text: {text.label('en')}", f"雷同文本：{text.label('zh')}")
    for question in questions:
        if question.type is QuestionType.NUMBER:
            add(f"flag_odd_{question.code}", {"flag": "outlier", "column": question.code, "k": OUTLIER_K},
                f"Out of pattern: {question.label('en')}", f"异常值：{question.label('zh')}")
    return [f for f in flags if len(f.code) <= 48]


# -- storing definitions -------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """What the editor and the CLI hand in: everything a derived variable is, before it is stored."""

    code: str
    kind: str
    spec: Mapping[str, Any]
    """The kind's parameters: expression; source + rules; source (+ options); flag + its parameters."""
    type: QuestionType = QuestionType.NUMBER
    label_en: str = ""
    label_zh: str = ""
    choices: Sequence[Choice] = ()

    def as_question(self) -> Question:
        """The question a derived variable is stored as: a flag is a single choice (flagged / not flagged), a count a
        number, the others their declared type; the kind and its parameters ride in props['derived'], where
        `definition_of` finds them."""
        choices = list(FLAG_CHOICES) if self.kind == "flag" else list(self.choices)
        qtype = QuestionType.SINGLE if self.kind == "flag" else (
            QuestionType.NUMBER if self.kind == "count" else QuestionType.parse(self.type))
        return Question(self.code, qtype, self.label_en, self.label_zh, choices=choices,
                        props={"derived": {"kind": self.kind, **self.spec}})


def check(survey: Survey, definition: Definition) -> Question:
    """The definition as a derived question of `survey`, or ModelError saying in words what is wrong."""
    if definition.kind == "odata":
        from xmdesk.core.analysis import odata_vars

        odata_vars.validate_code(definition.code)
    else:
        validate_code(definition.code)
    if definition.kind not in KINDS:
        raise ModelError("derived.bad_kind", kind=definition.kind, known=", ".join(KINDS))
    _check_shapes(definition.spec)
    question = definition.as_question()
    if question.type not in TYPES:
        raise ModelError("derived.bad_type", type=question.type.value, known=", ".join(t.value for t in TYPES))
    taken = {q.code.lower() for q in survey.questions} | {c.lower() for c in column_names(survey)
                                                          if c not in derived_map(survey)}
    if definition.code.lower() in taken:
        raise ModelError("derived.code_taken", code=definition.code, survey=survey.code)
    if question.type is QuestionType.SINGLE and len(question.choices) < 2:
        raise ModelError("derived.needs_choices", code=definition.code)
    if question.type is not QuestionType.SINGLE and question.choices:  # was stored as a number with choices
        raise ModelError("derived.choices_not_single", code=definition.code, type=question.type.value)
    if definition.kind == "recode" and not definition.spec.get("rules"):
        raise ModelError("derived.needs_rules", code=definition.code)
    draft = with_draft(survey, question)
    for rule in definition.spec.get("rules") or []:
        _choice(question, str(rule.get("choice", "")))
    if definition.kind == "expression" and question.type is QuestionType.SINGLE:
        for literal in _results_written_out(_compiled(draft, question).expr):
            if literal != "" and np.isnan(_typed(question, np.array([literal], dtype=object), 1)[0]):
                raise ModelError("derived.unknown_choice", choice=_key_text(literal), code=question.code,
                                 known=", ".join(c.code for c in question.choices))
    _check_cycle(draft, question.code, [])
    return question


NUMBER_PARAMETERS = ("share", "k", "min_items", "min_length")
LIST_PARAMETERS = ("rules", "options", "by")


def _check_shapes(spec: Mapping[str, Any]) -> None:
    """Parameters come as JSON a user typed (`xmdesk derive --spec`): one of the wrong shape is named here, where
    the computation would fail on it later with a TypeError (or, for `"by": "region"`, read each letter as a
    column)."""
    for key in NUMBER_PARAMETERS:
        _check_number(key, spec.get(key))
    for key in LIST_PARAMETERS:
        _check_list(key, spec.get(key))
    for number, rule in enumerate(spec.get("rules") or [], start=1):
        if not isinstance(rule, Mapping):
            raise ModelError("derived.rule_shape", n=number, given=json.dumps(rule, ensure_ascii=False))
        _check_number("min", rule.get("min"))
        _check_number("max", rule.get("max"))
        _check_list("values", rule.get("values"))


def _check_number(key: str, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ModelError("derived.parameter_number", key=key, given=_shown(value))


def _check_list(key: str, value: Any) -> None:
    if value is not None and not isinstance(value, list):
        raise ModelError("derived.parameter_list", key=key, given=_shown(value))


def _shown(value: Any) -> str:
    """A wrong value as the user wrote it, near enough: a text quoted, anything else as JSON."""
    return repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _results_written_out(expr: Any) -> list[Any]:
    """The values an expression can end in that are written in it: `'promoter'` in `if(…, 'promoter', …)`.
    Each must name one of the variable's choices, or every response it stands for would come out missing."""
    from xmdesk.core.survey.logic import Call, Literal

    if isinstance(expr, Literal):
        return [] if isinstance(expr.value, bool) else [expr.value]
    if isinstance(expr, Call) and expr.name == "if":
        return _results_written_out(expr.args[1]) + _results_written_out(expr.args[2])
    if isinstance(expr, Call) and expr.name == "coalesce":
        return _results_written_out(expr.args[0]) + _results_written_out(expr.args[1])
    return []


def with_draft(survey: Survey, question: Question) -> Survey:
    """A copy of the survey whose derived variables include `question` (replacing one of the same code)."""
    others = [q for q in survey.derived if q.code != question.code]
    return replace(survey, derived=others + [question])


def _check_cycle(survey: Survey, code: str, path: list[str]) -> None:
    """Sources are resolved (an unknown one raises) and a variable must not end up reading itself."""
    if code in path:
        raise ModelError("derived.cycle", path=" → ".join(path + [code]))
    question = derived_map(survey)[code]
    for name in sources(survey, question):
        if name in derived_map(survey):
            _check_cycle(survey, name, path + [code])


def save(study: Study, survey_code: str, definition: Definition) -> Changes:
    """Add the variable, or replace the one of the same code, in one audited transaction."""
    survey = load_survey(study, survey_code)
    question = check(survey, definition)
    existing = derived_map(survey).get(definition.code)
    with study.transaction(Changes.of("surveys", surveys=[survey_code])) as conn:
        stamp = now_iso()
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM derived_variables WHERE survey_code = ?",
                                (survey_code,)).fetchone()[0]
        spec = {k: v for k, v in definition_of(question).items() if k != "kind"}
        conn.execute(
            "INSERT INTO derived_variables (survey_code, code, position, type, kind, label_en, label_zh, definition,"
            " choices, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (survey_code, code) DO UPDATE SET type = excluded.type, kind = excluded.kind,"
            " label_en = excluded.label_en, label_zh = excluded.label_zh, definition = excluded.definition,"
            " choices = excluded.choices, updated_at = excluded.updated_at",
            (survey_code, question.code, position, question.type.value, definition.kind, question.label_en,
             question.label_zh, json.dumps(spec, ensure_ascii=False), json.dumps(
                 [{"code": c.code, "value": c.value, "label_en": c.label_en, "label_zh": c.label_zh}
                  for c in question.choices], ensure_ascii=False), stamp, stamp))
        audit.record(study, "derived.replace" if existing else "derived.add", "derived", f"{survey_code}.{question.code}",
                     {"kind": definition.kind, **spec})
        keep_value_indexes(conn, with_draft(survey, question))
    return study.take_changes()


def remove(study: Study, survey_code: str, code: str) -> Changes:
    """Remove a derived variable; refused while another one is computed from it."""
    survey = load_survey(study, survey_code)
    if code not in derived_map(survey):
        raise ModelError("derived.not_found", code=code, survey=survey_code,
                         known=", ".join(derived_map(survey)) or "-")
    users = [q.code for q in survey.derived if q.code != code and code in sources(survey, q)]
    if users:
        raise ModelError("derived.in_use", code=code, users=", ".join(users))
    with study.transaction(Changes.of("surveys", surveys=[survey_code])) as conn:
        conn.execute("DELETE FROM derived_variables WHERE survey_code = ? AND code = ?", (survey_code, code))
        audit.record(study, "derived.remove", "derived", f"{survey_code}.{code}", definition_of(
            derived_map(survey)[code]))
        keep_value_indexes(conn, replace(survey, derived=[q for q in survey.derived if q.code != code]))
    return study.take_changes()


PREVIEW_SOURCES = 4
"""Columns read shown beside a preview's values, so a reader can check them (a matrix has more)."""


@dataclass(frozen=True)
class Preview:
    """The first responses of a definition not stored yet: what the editor shows."""

    sources: list[str]
    """The columns the variable reads (the first PREVIEW_SOURCES), shown beside its value."""
    rows: list[tuple[int, Any, list[Any]]]
    """(response id, the value as `value_text` gives it, the sources' values) per response."""


def preview(study: Study, survey: Survey, definition: Definition, rows: int = 10) -> Preview:
    """Check the definition and compute it over the responses, returning the first `rows` of them."""
    from xmdesk.core.analysis.frame import load_frame

    question = check(survey, definition)
    draft = with_draft(survey, question)
    shown = sources(draft, question)[:PREVIEW_SOURCES]
    frame = load_frame(study, draft, [question.code, *shown], use_cache=False).iloc[:rows]
    return Preview(shown, [(int(i), value_text(question, frame.at[i, question.code]),
                            [_plain(frame.at[i, name]) for name in shown]) for i in frame.index])


def _plain(value: Any) -> Any:
    """A stored value for a person: None when missing, an integer without '.0'."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    return value.item() if isinstance(value, np.generic) else value


def value_text(question: Question, value: Any) -> Any:
    """A computed value as a reader sees it: a choice's code, a number, a text; None when missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if question.type is QuestionType.SINGLE:
        return next((c.code for c in question.choices if c.value == value), None)
    return float(value) if question.type is QuestionType.NUMBER else str(value)


@dataclass(frozen=True)
class ExportValues:
    """The survey's derived variables for a data export, looked up by response id."""

    ids: np.ndarray
    columns: list[np.ndarray]

    def row(self, response_id: int) -> list[Any]:
        """The values of one response, in `survey.derived` order: None for missing, and for an excluded
        response (analysis leaves it out, so nothing was computed for it)."""
        position = int(np.searchsorted(self.ids, response_id))
        if position >= len(self.ids) or self.ids[position] != response_id:
            return [None] * len(self.columns)
        return [_plain(column[position]) for column in self.columns]


def export_values(study: Study, survey: Survey) -> ExportValues:
    """Every derived variable computed once for an export (choice variables as their stored values, which the
    export labels like a question's)."""
    from xmdesk.core.analysis.frame import load_frame

    if not survey.derived:
        return ExportValues(np.array([], dtype=np.int64), [])
    frame = load_frame(study, survey, [q.code for q in survey.derived])
    return ExportValues(frame.index.to_numpy(), [frame[q.code].to_numpy(dtype=object) if q.type is QuestionType.TEXT
                                                 else _numbers(frame[q.code]) for q in survey.derived])


def parse_choices(text: str) -> tuple[Choice, ...]:
    """"promoter=3:推荐者:Promoter,passive=2:…" → choices (code = stored value : Chinese label : English label)."""
    choices = []
    for part in (p.strip() for p in text.replace("，", ",").split(",") if p.strip()):
        code, _, rest = part.partition("=")
        value, *labels = rest.split(":")
        try:
            number = int(value)
        except ValueError:
            raise ModelError("derived.unknown_value", value=part, code=code) from None
        label_zh, label_en = (labels + ["", ""])[:2]
        choices.append(Choice(code.strip(), number, label_en, label_zh))
    return tuple(choices)


def to_json(question: Question) -> dict[str, Any]:
    """The variable as the CLI lists it."""
    definition = definition_of(question)
    return {"code": question.code, "type": question.type.value, "label_en": question.label_en,
            "label_zh": question.label_zh, "kind": definition.pop("kind", ""), "definition": definition,
            "choices": [{"code": c.code, "value": c.value, "label_en": c.label_en, "label_zh": c.label_zh}
                        for c in question.choices]}
