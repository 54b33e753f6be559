"""Expressions: parsing, binding to the survey, and one meaning for a single response and for a frame."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.survey.logic import ExpressionError, check_references, compile_expression, parse
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, load_survey


def small_survey() -> Survey:
    return Survey(code="s", questions=[
        Question("channel", QuestionType.SINGLE, choices=[Choice("store", 1, "Store", "门店"),
                                                          Choice("app", 2, "App", "应用")]),
        Question("nps", QuestionType.NPS),
        Question("wait", QuestionType.MULTIPLE, choices=[Choice("queue", 1, "Queue", "排队"),
                                                         Choice("parking", 2, "Parking", "停车")]),
        Question("attr", QuestionType.MATRIX, items=[]),
        Question("comment", QuestionType.TEXT),
        Question("day", QuestionType.DATE),
        Question("spend", QuestionType.NUMBER),
    ])


@pytest.mark.parametrize(("text", "answers", "expected"), [
    ("${nps} >= 9", {"nps": 9}, True),
    ("${nps} >= 9", {"nps": 8}, False),
    ("${nps} >= 9", {}, False),
    ("${nps} != 9", {}, True),  # XLSForm: an empty answer is not 9
    ("${nps} = ''", {}, True),
    ("${nps} = ''", {"nps": 0}, False),
    ("${channel} = '门店'", {"channel": 1}, True),
    ("${channel} = 'app'", {"channel": 1}, False),
    ("${channel} = 'App' or ${channel} = 2", {"channel": 2}, True),
    ("selected(${wait}, 'queue')", {"wait__queue": 1, "wait__parking": 0}, True),
    ("selected(${wait}, '停车')", {"wait__queue": 1, "wait__parking": 0}, False),
    ("selected(${channel}, 'store')", {"channel": 1}, True),
    ("count-selected(${wait}) = 2", {"wait__queue": 1, "wait__parking": 1}, True),
    ("not(${nps} > 6) and ${nps} != ''", {"nps": 3}, True),
    ("${spend} div 4 = 2.5", {"spend": 10.0}, True),
    ("${spend} mod 3 = 1", {"spend": 10.0}, True),
    ("${spend} div 0 = 1", {"spend": 10.0}, False),
    ("-${nps} + 2 * 3 = -4", {"nps": 10}, True),
    ("(1 + 2) * 3 = 9 and 1 + 2 * 3 = 7", {}, True),
    ("${day} >= '2026-01-01' and ${day} < '2026-02-01'", {"day": "2026-01-31"}, True),
    ("string-length(${comment}) > 3", {"comment": "排队太久了"}, True),
    ("regex(${comment}, '^1[3-9][0-9]{9}$')", {"comment": "13812345678"}, True),
    ("contains(${comment}, '排队') or starts-with(${comment}, '很')", {"comment": "很好"}, True),
    ("if(${nps} >= 9, 'P', 'D') = 'P'", {"nps": 10}, True),
    ("coalesce(${spend}, 0) = 0", {}, True),
    ("int(${spend}) = 3 and round(${spend}, 1) = 3.7", {"spend": 3.66}, True),
    ("true() and not(false())", {}, True),
    ("“门店” = ${channel}", {"channel": 1}, True),  # curly quotes typed by a Chinese IME
])
def test_one_response(text: str, answers: dict[str, Any], expected: bool) -> None:
    assert compile_expression(text, small_survey()).test(answers) is expected


def test_constraint_uses_dot_for_the_current_answer() -> None:
    compiled = compile_expression(". >= 0 and . <= 100", small_survey(), current="spend")
    assert compiled.test({"spend": 50}) and not compiled.test({"spend": 101})
    assert compiled.columns == ["spend"]


@pytest.mark.parametrize(("text", "fragment", "position"), [
    ("${nps} >", "stops too early", 7),
    ("${nps} = 1 = 2", "chained", 11),
    ("${nope} = 1", "no question 'nope'", 0),
    ("${channel} = '网店'", "not a choice of channel", 13),
    ("${wait} = 1", "multiple-choice", 8),
    ("${attr} > 2", "matrix", 0),
    ("foo = 1", "${foo}", 0),
    ("total(${nps})", "Unknown function", 0),
    ("selected(${nps}, 'a')", "not a choice question", 9),
    ("regex(${comment}, '(')", "regular expression", 18),
    ("regex(${comment}, ${comment})", "quotes", 18),
    ("${nps} > 1 #", "character '#'", 11),
    ("", "empty", 0),
    ("not(1, 2)", "1 argument", 0),
    (". > 1", "'.'", 0),
])
def test_errors_say_what_and_where(text: str, fragment: str, position: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text, small_survey())
    assert fragment in str(caught.value)
    assert caught.value.position == position


@pytest.mark.parametrize(("text", "english", "chinese", "position"), [
    ("(${nps} > 6) and ${spend} > 1)", "One closing bracket too many, at character 30",
     "右括号多了一个，在表达式「(${nps} > 6) and ${spend} > 1)」第 30 个字符", 29),
    ("(${nps} > 6 and ${spend} > 1", "the '(' at character 1", "第 1 个字符的左括号没有配对的右括号", 0),
    ("${nps} > 6 and", "missing after 'and'", "“and” 后面还缺少内容", 11),
    ("${nps} > > 6", "A value is missing at character 10", "第 10 个字符处缺少一个值", 9),
    ("${nps} 6", "An operator is missing before '6'", "“6” 前面缺少运算符", 7),
    ("selected(${wait} 'queue')", "separated by commas", "参数之间要用逗号分隔", 17),
    ("${nps} > ()", "Nothing between the brackets", "括号里什么也没有", 10),
    ("${nps} ＞ 6", "type '>' instead", "请改用半角的 “>”", 7),
])
def test_syntax_errors_say_what_is_wrong_in_words(text: str, english: str, chinese: str, position: int) -> None:
    """The Data filter used to say "出现多余的 'end'": each slip is named, with the character it is at."""
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text, small_survey())
    assert english in caught.value.message("en")
    assert chinese in caught.value.message("zh")
    assert caught.value.position == position
    assert "'end'" not in caught.value.message("en") and "列" not in caught.value.message("zh")


def test_errors_are_translated() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("${nope} = 1", small_survey())
    assert "没有题目" in caught.value.message("zh")


def test_check_references_reports_later_self_and_cycles() -> None:
    survey = small_survey()
    assert check_references("${channel} = 1", survey, question="nps") == []
    assert "comes later" in check_references("${spend} > 1", survey, question="nps")[0]
    assert "itself" in check_references("${nps} > 1", survey, question="nps")[0]
    assert "no question" in check_references("${zz} > 1", survey, question="nps")[0]
    survey.question("channel").props["relevant"] = "${nps} > 6"
    problems = check_references("${channel} = 1", survey, question="nps")
    assert any("circle" in p and "nps → channel → nps" in p for p in problems)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(ExpressionError):
        parse("(" * 500 + "1" + ")" * 500)


@given(st.text(alphabet=st.sampled_from(list("${}()'\" .,=<>!+-*0123456789abcnpsdivmodtrue中文")), max_size=60))
@settings(max_examples=400, deadline=None)
def test_no_text_crashes_the_parser(text: str) -> None:
    try:
        compile_expression(text, small_survey(), current="nps")
    except ExpressionError as error:
        assert 0 <= error.position <= len(text)


# -- one meaning: a single response and a whole frame agree --------------------------------

ATOMS = [
    "${nps} >= 9", "${nps} <= 6", "${nps} = ''", "${nps} != 7", "${channel} = '门店'", "${channel} != 2",
    "${region} = 'east'", "selected(${categories}, 'fresh')", "count-selected(${categories}) >= 2",
    "${attr__staff} < 3", "${csat} + ${ces} > 8", "${spend} div 100 >= 3", "string-length(${improve_text}) > 12",
    "contains(${improve_text}, '排队')", "${visit_date} >= '2026-03-01'", "if(${nps} > 8, 1, 0) = 1",
    "coalesce(${csat}, 0) >= 4", "${store} = 3",
]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth >= 3 or draw(st.booleans()):
        return draw(st.sampled_from(ATOMS))
    kind = draw(st.sampled_from(["and", "or", "not"]))
    if kind == "not":
        return f"not({draw(expressions(depth + 1))})"
    return f"({draw(expressions(depth + 1))}) {kind} ({draw(expressions(depth + 1))})"


@pytest.fixture(scope="module")
def demo_rows(demo_template: Path) -> Iterator[tuple[Study, Survey]]:
    study = Study.open(demo_template, read_only=True)
    yield study, load_survey(study, "retail_cx")
    study.close()


@given(text=expressions())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mask_equals_row_by_row_evaluation(demo_rows: tuple[Study, Survey], text: str) -> None:
    study, survey = demo_rows
    compiled = compile_expression(text, survey)
    mask = compiled.mask(load_frame(study, survey, compiled.columns))
    names = ", ".join(f'"{c}"' for c in compiled.columns)
    rows = study.conn.execute(f"SELECT {names} FROM responses_retail_cx WHERE deleted = 0 ORDER BY id").fetchall()
    one_by_one = np.array([compiled.test(dict(zip(compiled.columns, row))) for row in rows])
    assert mask.dtype == bool and len(mask) == len(rows)
    assert (mask == one_by_one).all(), text


def test_mask_matches_sql_for_a_plain_filter(demo_rows: tuple[Study, Survey]) -> None:
    study, survey = demo_rows
    compiled = compile_expression("${nps} <= 6 and ${channel} = '门店' and selected(${categories}, 'fresh')", survey)
    mask = compiled.mask(load_frame(study, survey, compiled.columns))
    expected = study.conn.execute("SELECT count(*) FROM responses_retail_cx WHERE deleted = 0 AND nps <= 6 "
                                  "AND channel = 1 AND categories__fresh = 1").fetchone()[0]
    assert int(mask.sum()) == expected > 0


def test_module_does_not_import_numpy_for_single_responses() -> None:
    import subprocess
    import sys

    probe = ("import sys; from xmdesk.core.survey.logic import compile_expression; "
             "from xmdesk.core.survey.model import Survey, Question, QuestionType; "
             "s = Survey('s', questions=[Question('nps', QuestionType.NPS)]); "
             "assert compile_expression('${nps} > 6', s).test({'nps': 9}); print('numpy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
