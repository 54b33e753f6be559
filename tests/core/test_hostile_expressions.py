"""Hostile expressions (issue 16, cases 4 and 9): catastrophic regular expressions, long chains, deep nesting,
huge numbers and random token streams give a value or a clear refusal with its position: never a hang, never
another exception. Each example runs under a hard time bound (tests/hostile.py)."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.test_logic import small_survey
from tests.hostile import EVIL, hang_guard
from xmdesk.core.loop import alerts
from xmdesk.core.loop import cases
from xmdesk.core.fieldwork.entry import question_problem
from xmdesk.core.errors import ModelError
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.survey.logic import MAX_LENGTH, ExpressionError, compile_expression, parse, referenced_names
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, create_survey
from xmdesk.core.text.codebook import make_codebook, tag

REDOS = [r"(a+)+$", r"^(a|a)*$", r"(a|aa)+$", r"(.*a){20}$", r"^(\w+\s?)*$", r"(a*)*b", r"^(([a-z])+.)+[A-Z]([a-z])+$"]


ANSWERS: list[dict[str, Any]] = [
    {},
    {"channel": 1, "nps": 9, "wait__queue": 1, "wait__parking": 0, "comment": "排队太久", "day": "2026-03-01",
     "spend": 12.5},
    {"channel": 7, "nps": -3, "wait__queue": 0, "wait__parking": 0, "comment": EVIL, "day": "not a day",
     "spend": 1e308},
    {"nps": float("inf"), "comment": "\x00\x0b" + "a" * 200, "spend": float("-inf"), "channel": "x"},
]


def frame() -> pd.DataFrame:
    columns = ["channel", "nps", "wait__queue", "wait__parking", "comment", "day", "spend"]
    rows = [[row.get(c) for c in columns] for row in ANSWERS]
    data = pd.DataFrame(rows, columns=columns)
    for name in columns:
        if name not in ("comment", "day", "channel"):
            data[name] = pd.to_numeric(data[name], errors="coerce")
    return data


def value_or_refusal(text: str, current: str | None = "nps") -> object:
    """Compile, evaluate on every answer set and mask the frame: the values, or the refusal it raised."""
    with hang_guard():
        try:
            compiled = compile_expression(text, small_survey(), current=current)
        except ExpressionError as refusal:
            assert 0 <= refusal.position <= len(text), (text, refusal.position)
            assert str(refusal) and "\n" not in str(refusal)
            return refusal
        values = [compiled.evaluate(answers) for answers in ANSWERS]
        mask = compiled.mask(frame()[compiled.columns])
        assert mask.dtype == bool and len(mask) == len(ANSWERS)
        return values


# -- case 4: a regular expression cannot hang anything ---------------------------------------------


@pytest.mark.parametrize("pattern", REDOS)
def test_a_catastrophic_pattern_returns_for_one_response_and_a_frame(pattern: str) -> None:
    text = f"regex(${{comment}}, '{pattern}')"
    with hang_guard():
        compiled = compile_expression(text, small_survey())
        assert compiled.test({"comment": EVIL}) is False
        mask = compiled.mask(pd.DataFrame({"comment": [EVIL, "aaa", None, EVIL * 50]}))
    harmless = [bool(re.search(pattern, text)) for text in ("aaa", "")]  # quick in any engine
    assert mask.tolist() == [False, *harmless, False]


@pytest.mark.parametrize(("pattern", "construct"), [
    (r"(a+)\1", r"\1"), (r"(?=a)a", "(?="), (r"(?<!b)a", "(?<!"), (r"(?>a+)b", "(?>"), (r"a++b", "++"),
    (r"a{5000}", "{5000}"),
])
def test_a_pattern_the_engine_cannot_run_in_linear_time_is_refused_by_name(pattern: str, construct: str) -> None:
    text = f"${{nps}} > 6 and regex(${{comment}}, '{pattern}')"
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text, small_survey())
    message = str(caught.value)
    assert caught.value.position == text.index("'")
    assert pattern in message and construct in message
    assert pattern in caught.value.message("zh") and "正则" in caught.value.message("zh")


@pytest.mark.parametrize(("pattern", "subject", "found"), [
    (r"^1[3-9]\d{9}$", "13812345678", True),  # a mobile number, as XLSForm users write it
    (r"^1[3-9]\d{9}$", "1381234567８", False),  # \d is an ASCII digit, as in ODK (Java) and Enketo
    (r"^[\u4e00-\u9fa5]{2,4}$", "张三丰", True),  # Java's \uXXXX escapes, common in Chinese forms
    (r"^[\u4e00-\u9fa5]{2,4}$", "Zhang", False),
    (r"^\p{Han}+$", "排队", True),
    (r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$", "li.na@example.cn", True),
    (r"(?i)^QUEUE", "queue too long", True),
    (r"等了.{0,6}(分钟|小时)", "等了二十多分钟", True),
    (r"abc\Z", "xabc", True),
    (r"", "", True),
])
def test_the_patterns_forms_are_written_with_keep_working(pattern: str, subject: str, found: bool) -> None:
    compiled = compile_expression(f"regex(${{comment}}, '{pattern}')", small_survey())
    assert compiled.test({"comment": subject}) is found
    assert compiled.mask(pd.DataFrame({"comment": [subject]})).tolist() == [found]


PATTERN_ATOMS = ["a", "a?", ".", "\\w", "\\s?", "[a-z]", "\\d", "!", "(?:a|aa)", "(a|a)"]
QUANTIFIERS = ["+", "*", "{2,}", "{1,40}", "?", "+?"]


def quantified_groups(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Groups of groups with repeats: the shape of every catastrophic pattern."""
    group = st.tuples(st.lists(inner, min_size=1, max_size=3), st.sampled_from(QUANTIFIERS), st.booleans())
    return group.map(lambda g: "(" + ("|" if g[2] else "").join(g[0]) + ")" + g[1])


@given(st.one_of(
    st.recursive(st.sampled_from(PATTERN_ATOMS), quantified_groups, max_leaves=6).map(lambda p: "^" + p + "$"),
    st.text(alphabet=list("a()+*?|{}[]^$.\\1wdsbuPpHkZ0-9,<=!:#-"), max_size=24),
    st.integers(1, 10**30).map(lambda n: f"a{{{n}}}"),
))
@settings(max_examples=300, deadline=None)
def test_no_pattern_escapes_as_another_exception_or_hangs(pattern: str) -> None:
    value_or_refusal(f"regex(${{comment}}, '{pattern}')")


def test_a_stored_alert_rule_with_hostile_patterns_neither_hangs_nor_stops_an_import(tmp_path: Path,
                                                                                      study: Study) -> None:
    """Rules stored in the study (by an older version or another tool: add_rule does not check them) run
    on every import: the catastrophic one runs, the refused one fails alone and says why on the rule."""
    create_survey(study, "cx", questions=[Question("nps", QuestionType.NPS, "NPS", "推荐"),
                                          Question("like_text", QuestionType.TEXT, "Liked", "喜欢")])
    slow = cases.add_rule(study, "all a", "detractor", {"question": "nps", "max": 6}, survey_code="cx",
                          filter_text="regex(${like_text}, '(a+)+$')")
    refused = cases.add_rule(study, "repeated", "detractor", {"question": "nps", "max": 6}, survey_code="cx",
                             filter_text=r"regex(${like_text}, '(a+)\1')")
    source = tmp_path / "in.csv"
    source.write_text(f"nps,like_text\n3,{'a' * 30}\n2,{EVIL}\n9,{'a' * 30}\n", encoding="utf-8")
    with hang_guard():
        result = run_import(study, prepare(study, source, survey="cx"))
    assert result.imported == 3
    assert [(c.rule, c.response_id) for c in cases.list_cases(study)] == [("all a", 1)]
    assert alerts.get_rule(study, slow).last_error is None
    error = alerts.get_rule(study, refused).last_error
    assert error is not None and r"(a+)\1" in error
    assert any("repeated" in warning for warning in result.warnings)


def test_a_codebook_rule_runs_in_linear_time_and_a_refused_one_names_its_topic() -> None:
    with hang_guard():
        book = make_codebook([("repeat", ["/(a+)+b/"]), ("digits", [r"/\D\d{3}$/"])])
        assert tag([EVIL, "aab", "AAB", "order x123"], book) == [[], ["repeat"], ["repeat"], ["digits"]]
    with pytest.raises(ModelError) as caught:
        make_codebook([("queue", ["排队", "/(?<!不)排队/"])])
    assert "queue" in str(caught.value) and "(?<!不)排队" in str(caught.value) and "(?<!" in str(caught.value)
    assert "前瞻或后顾" in caught.value.message("zh")


def test_an_answer_pattern_runs_in_linear_time_and_a_refused_one_says_why_on_the_form() -> None:
    question = Question("code", QuestionType.TEXT, props={"regex": "(a+)+$"})
    with hang_guard():
        assert question_problem(question, {"code": "a" * 30}) is None
        assert "(a+)+$" in str(question_problem(question, {"code": EVIL}))
    question.props["regex"] = r"(\d)\1{5}"
    assert r"(\d)\1{5}" in str(question_problem(question, {"code": "111111"}))
    assert "refers back" in str(question_problem(question, {"code": "111111"}))


# -- case 9: long chains, deep nesting, huge numbers ----------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("+".join(["1"] * 400), 400.0),
    ("+".join(["1"] * 2000), 2000.0),
    ("-".join(["1"] * 1500), 1.0 - 1499.0),
    ("*".join(["1"] * 1900), 1.0),
    (" + ".join(["${spend}"] * 360), 360 * 12.5),
])
def test_a_long_chain_is_a_value(text: str, expected: float) -> None:
    assert len(text) <= MAX_LENGTH
    with hang_guard():
        compiled = compile_expression(text, small_survey())
        assert compiled.evaluate(ANSWERS[1]) == expected
        assert compiled.root.many(frame())[1] == expected
        assert referenced_names(parse(text)) == (["spend"] if "spend" in text else [])


def test_a_long_chain_of_conditions_is_a_value() -> None:
    text = " and ".join(["${nps} >= 0"] * 230) + " or " + " or ".join(["${nps} = 1"] * 20)
    assert value_or_refusal(text)[:2] == [False, True]  # type: ignore[index]


@pytest.mark.parametrize("text", [
    "-" * 990 + "1",
    "not(" * 400 + "1" + ")" * 400,
    "(" * 800 + "1" + ")" * 800,
    "if(1, " * 300 + "1" + ", 0)" * 300,
    "-(" * 500 + "1" + ")" * 500,
    "1 + (2 * (3 - " * 200 + "1" + "))" * 200,
])
def test_deep_nesting_is_refused_with_its_position(text: str) -> None:
    with hang_guard():
        with pytest.raises(ExpressionError) as caught:
            compile_expression(text[:MAX_LENGTH], small_survey())
    assert caught.value.message_id == "logic.too_deep"
    assert 0 < caught.value.position < MAX_LENGTH


@pytest.mark.parametrize("text", [
    "int(" + "9" * 400 + ")", "round(1, " + "9" * 400 + ")", "round(" + "9" * 400 + ", 2)",
    "9" * 400 + " mod 7", "int(${spend} * " + "9" * 300 + ")", "round(${spend}, ${nps})",
    "round(${spend}, " + "9" * 20 + ")", "int(-" + "9" * 400 + ") div 0", "count-selected(${wait}) * " + "9" * 400,
    "string-length(${comment}) = " + "9" * 400, "number('" + "9" * 400 + "') mod 0",
])
def test_huge_numbers_give_a_value(text: str) -> None:
    values = value_or_refusal(text)
    assert isinstance(values, list), values
    assert all(v is None or isinstance(v, (bool, str)) or isinstance(v, float) for v in values)


TOKENS = [
    "${nps}", "${channel}", "${wait}", "${comment}", "${day}", "${spend}", "${nope}", "${}", ".", "0", "1", "2.5",
    "9" * 40, "'门店'", "'store'", "''", "'(a+)+$'", "'" + EVIL + "'", "'a'", "+", "-", "*", "div", "mod", "=", "!=",
    "<", "<=", ">", ">=", "and", "or", "(", ")", ",", "not(", "selected(", "count-selected(", "if(",
    "string-length(", "regex(", "contains(", "starts-with(", "today()", "true()", "false()", "coalesce(",
    "number(", "int(", "round(", "#",
]


LINKS = ["+ 1", "- ${spend}", "* 2", "div 3", "mod 7", "and ${nps} > 1", "or ${spend} = ''", "+ " + "9" * 30]
VALID = ["1", "${spend}", "${nps} > 1", "regex(${comment}, '(a+)+$')", "count-selected(${wait})", "int(${spend})"]
OPENERS = [("-", ""), ("(", ")"), ("not(", ")"), ("-(", ")"), ("int(", ")"), ("if(1, ", ", 0)"),
           ("round(", ", 1)"), ("coalesce(", ", 0)"), ("1 + (", ") * 2")]


@st.composite
def token_streams(draw: st.DrawFn) -> str:
    """Random tokens, or a long chain, or deep nesting around random tokens (each up to the length limit)."""
    shape = draw(st.sampled_from(["tokens", "chain", "nesting"]))
    parts = draw(st.one_of(st.lists(st.sampled_from(TOKENS), max_size=30), st.sampled_from(VALID).map(lambda v: [v])))
    times = draw(st.integers(1, 1200))
    if shape == "chain":
        parts += [draw(st.sampled_from(LINKS))] * times
    elif shape == "nesting":
        opener, closer = draw(st.sampled_from(OPENERS))
        parts = [opener * times, *parts, closer * times]
    return " ".join(parts)[:MAX_LENGTH]


@given(token_streams())
@settings(max_examples=250, deadline=None)
def test_random_token_streams_give_a_value_or_a_refusal_with_its_position(text: str) -> None:
    value_or_refusal(text)


def test_values_are_finite_or_missing_never_an_error() -> None:
    values = value_or_refusal("int(" + "9" * 400 + ") + 1")
    assert isinstance(values, list) and all(isinstance(v, float) for v in values)
    assert all(math.isnan(v) or math.isinf(v) for v in values) or all(np.isfinite(values))
