"""Arguments that were accepted and gave a meaningless result with no word said (issue 16, found by probing every
command): each is now refused by the core with a message naming what was given and what fits.

Each test failed before its fix: the expression compiled, the metric was computed, the file was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.messages import raises_message
from xmdesk.core import messages, odata
from xmdesk.core.analysis.derived import Definition, save
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.errors import ModelError
from xmdesk.core.export import ExportError, export_responses
from xmdesk.core.files import OutputError
from xmdesk.core.importing.operational import import_odata
from xmdesk.core.loop.workbook import export_department
from xmdesk.core.study.file import Study
from xmdesk.core.survey.logic import ExpressionError, compile_condition, compile_expression
from xmdesk.core.survey.model import Choice, QuestionType, Survey, load_survey


@pytest.fixture
def demo(demo_path: Path) -> Iterator[tuple[Study, Survey]]:
    """The demo study on disk, open, with its retail survey."""
    messages.set_language("en")
    with Study.open(demo_path) as study:
        yield study, load_survey(study, "retail_cx")


@pytest.mark.parametrize(("text", "quoted"), [("${spend} > 'abc'", "abc"), ("'many' <= ${nps}", "many"),
                                              ("selected(${categories}, 'fresh') = 'yes'", "yes")])
def test_a_number_compared_with_text_that_is_no_number_is_refused(demo: tuple[Study, Survey], text: str,
                                                                  quoted: str) -> None:
    """It compared as 'never true': a filter kept 0 responses, a rule never fired, and nothing said why."""
    with raises_message(ExpressionError, "logic.number_compared_with_text", text, f"'{quoted}'"):
        compile_condition(text, demo[1])


@pytest.mark.parametrize(("text", "named"), [("${like_text} > 3", "${like_text}"),
                                             ("${visit_date} = 2026", "${visit_date}"),
                                             ("1 < extract(${like_text}, '[0-9]+')", "extract(…)")])
def test_text_answers_compared_with_a_number_are_refused_with_the_way_to_write_it(demo: tuple[Study, Survey],
                                                                                  text: str, named: str) -> None:
    with raises_message(ExpressionError, "logic.text_compared_with_number", text, f"number({named})"):
        compile_condition(text, demo[1])


def test_a_surveys_own_skip_logic_keeps_reading_text_as_a_number_as_odk_does(study: Study) -> None:
    """A form from Kobo or ODK may compare a text field with a number (`${age} > 18`, XPath reads the text as a
    number); a study holding such logic must keep entering data as before: only filters are strict."""
    from xmdesk.core.fieldwork.entry import SurveyRules
    from xmdesk.core.survey.model import Question, QuestionType, create_survey

    survey = create_survey(study, "odk", questions=[
        Question("age", QuestionType.TEXT, "Age", "年龄"),
        Question("job", QuestionType.TEXT, "Job", "职业", props={"relevant": "${age} > 18"})])
    rules = SurveyRules.of(survey)
    assert rules.broken == {}
    assert [q.code for q in rules.shown({"age": "30"})] == ["age", "job"]
    assert [q.code for q in rules.shown({"age": "12"})] == ["age"]
    with raises_message(ExpressionError, "logic.text_compared_with_number", "number(${age})"):
        compile_condition("${age} > 18", survey)


def test_comparisons_that_mean_something_still_compile_and_count(demo: tuple[Study, Survey]) -> None:
    """Quoted numbers, choice codes and labels, dates against dates, text read as a number with number()."""
    study, survey = demo
    for text, sql in (("${spend} > '100'", "spend > 100"), ("${region} = 'north'", "region = 2"),
                      ("${visit_date} >= '2026-03-01'", "visit_date >= '2026-03-01'"),
                      ("number(${like_text}) > 3 or ${nps} = ''", "nps IS NULL"),
                      ("${like_text} = ''", "coalesce(like_text, '') = ''")):
        compiled = compile_condition(text, survey)
        kept = int(compiled.mask(load_frame(study, survey, compiled.columns)).sum())
        expected = study.conn.execute(f"SELECT count(*) FROM responses_retail_cx WHERE deleted = 0 AND {sql}")
        assert kept == expected.fetchone()[0], text


@pytest.mark.parametrize("text", ["1", "'abc'", "1 = 1", "today() > '2020-01-01'"])
def test_a_filter_that_reads_no_answer_is_refused(demo: tuple[Study, Survey], text: str) -> None:
    """`--filter 1` kept every response, `--filter "'abc'"` too: a filter that is not a condition on answers."""
    with raises_message(ExpressionError, "logic.filter_reads_no_answer", text):
        compile_condition(text, demo[1])


@pytest.mark.parametrize("text", ["${spend} + 1", "string-length(${like_text})", "coalesce(${csat}, ${ces})"])
def test_a_filter_that_computes_a_value_is_refused(demo: tuple[Study, Survey], text: str) -> None:
    with raises_message(ExpressionError, "logic.filter_not_a_condition", text):
        compile_condition(text, demo[1])


def test_a_bare_question_is_still_a_filter(demo: tuple[Study, Survey]) -> None:
    """`${spend}` keeps the responses that answered it with something other than 0, as a 0/1 flag is used."""
    study, survey = demo
    compiled = compile_condition("${spend}", survey)
    kept = int(compiled.mask(load_frame(study, survey, compiled.columns)).sum())
    expected = study.conn.execute("SELECT count(*) FROM responses_retail_cx WHERE deleted = 0 AND spend != 0")
    assert kept == expected.fetchone()[0] > 0


@pytest.mark.parametrize(("metric", "question", "fitting"), [("csat", "spend", "mean, trend"),
                                                             ("ces", "nps", "nps, mean"), ("nps", "csat", "csat, ces")])
def test_a_metric_on_a_question_it_does_not_fit_names_the_metrics_that_do(demo: tuple[Study, Survey], metric: str,
                                                                          question: str, fitting: str) -> None:
    """CSAT of spend was the top-2-box of a 0-100,000 number (the share answering 99,999 or more), with exit 0."""
    with raises_message(ModelError, "analysis.wrong_question", question, metric, fitting):
        run(demo[0], Request(metric, question, Query("retail_cx")))


def test_a_metric_on_a_text_question_says_none_fits(demo: tuple[Study, Survey]) -> None:
    with raises_message(ModelError, "analysis.no_metric_fits", "like_text", "mean", "xmdesk text"):
        run(demo[0], Request("mean", "like_text", Query("retail_cx")))


def test_the_metrics_that_fit_still_run(demo: tuple[Study, Survey]) -> None:
    """A matrix row is a rating: CSAT of one; the mean of a number; NPS of the 0-10 question."""
    study, survey = demo
    for metric, question in (("csat", "attr__env"), ("mean", "spend"), ("nps", "nps"), ("ces", "ces")):
        assert run(study, Request(metric, question, Query("retail_cx"))).result.n > 0, (metric, question)


def test_an_export_named_for_another_format_is_refused_before_writing(demo: tuple[Study, Survey],
                                                                      tmp_path: Path) -> None:
    """The data export and the case workbook behind the GUI's dialogs and the CLI: the name and the format agree."""
    study, survey = demo
    out = tmp_path / "out"
    out.mkdir()
    with raises_message(ExportError, "export.format_disagrees", "x.sav", "csv", "x.csv"):
        export_responses(study, survey, "csv", out / "x.sav")
    with raises_message(OutputError, "files.wrong_suffix", "cases.csv", ".xlsx", "cases.xlsx"):
        export_department(study, "售后服务部", out / "cases.csv")
    assert not list(out.iterdir())
    assert export_department(study, "售后服务部", out / "cases") > 0  # no suffix: written as asked


def test_a_join_on_a_question_that_names_no_customer_is_refused(demo: tuple[Study, Survey], tmp_path: Path) -> None:
    study = demo[0]
    crm = tmp_path / "crm.csv"
    crm.write_text("cid,tier\nC1,gold\n", encoding="utf-8")
    for column, message_id in (("nps", "importing.odata_join_not_id"), ("nope", "importing.odata_join_unknown")):
        with raises_message(ModelError, message_id, column, "crm", "customer_id, spend, like_text"):
            import_odata(study, crm, "crm", "cid", customer_column="cid", response_column=column)
    assert [t.name for t in odata.list_tables(study)] == ["orders"]


def test_a_numeric_derived_variable_weighs_and_a_score_or_negative_values_do_not(demo: tuple[Study, Survey]) -> None:
    """`--weight nps` said 'not a numeric question' without naming what can weigh, and a count (a numeric derived
    variable) was refused as well. The count now weighs as a number question does; negative values are refused."""
    study, survey = demo
    save(study, "retail_cx", Definition("ncat", "count", {"source": "categories"}, label_en="Categories bought"))
    save(study, "retail_cx", Definition("below", "expression", {"expression": "${csat} - 3"}))
    with raises_message(ModelError, "analysis.bad_weight", "nps", "retail_cx", "spend, ncat"):
        run(study, Request("nps", "nps", Query("retail_cx", weight="nps")))
    with raises_message(ModelError, "analysis.negative_weight", "below", "-2"):
        run(study, Request("nps", "nps", Query("retail_cx", weight="below")))
    weighted = run(study, Request("mean", "csat", Query("retail_cx", weight="ncat"))).result
    options = " + ".join(f"coalesce({c.name}, 0)" for c in survey.question("categories").columns())
    rows = study.conn.execute(f"SELECT csat, {options} FROM responses_retail_cx WHERE deleted = 0 "
                              "AND csat IS NOT NULL").fetchall()
    csat, count = (np.array(column, dtype=float) for column in zip(*rows))
    kept = count > 0
    assert weighted.mean == pytest.approx(np.average(csat[kept], weights=count[kept]))


def test_a_derived_number_with_choices_is_refused(demo: tuple[Study, Survey]) -> None:
    """The GUI's dialog and the CLI hand the same Definition in: choices belong to a single choice only."""
    rules = {"source": "nps", "rules": [{"choice": "low", "max": 6}, {"choice": "high", "min": 7}]}
    choices = (Choice("low", 1, "Low", "低"), Choice("high", 2, "High", "高"))
    with raises_message(ModelError, "derived.choices_not_single", "band", "number"):
        save(demo[0], "retail_cx", Definition("band", "recode", rules, QuestionType.NUMBER, choices=choices))
    save(demo[0], "retail_cx", Definition("band", "recode", rules, QuestionType.SINGLE, choices=choices))
    assert load_survey(demo[0], "retail_cx").question("band").type is QuestionType.SINGLE
