"""Matrix (grid) questions in survey exports: the rows of one question, each answered on a shared scale,
become ONE matrix question (items = rows, a points scale or choices), imported from real SurveyMonkey,
Qualtrics and 问卷星 files into a real study and checked cell by cell; also onto an existing matrix, and
shaped in a proposal (a row left out and put back, the matrix renamed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.core.test_import_samples import write_csv, write_xlsx
from xmdesk.core.importing.mapping import (Proposal, edit_choice, leave_out, possible_types, put_back,
                                           rename_question, retype_question)
from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.importing.run import check, prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Item, Question, Survey, create_survey, load_survey
from xmdesk.core.survey.model import QuestionType as T

# A matrix of scale words under its merged question, a multiple-choice question (each option column holds
# its own label), an open answer. An empty matrix cell is a row the respondent skipped.
SURVEYMONKEY_GRID: list[list[Any]] = [
    ["Respondent ID", "Collector ID", "Start Date", "您对以下方面的满意度", "", "", "您通过哪些渠道了解我们？", "", "",
     "其他建议"],
    ["", "", "", "服务态度", "等待时间", "价格", "微信", "电视", "朋友推荐", "Open-Ended Response"],
    [1001, 55, "05/01/2024 10:00:00", "非常满意", "满意", "一般", "微信", "", "朋友推荐", "很好"],
    [1002, 55, "05/02/2024 11:00:00", "不满意", "", "非常不满意", "", "电视", "", ""],
    [1003, 55, "05/03/2024 09:30:00", "满意", "一般", "满意", "微信", "", "", "排队太久"],
]

# The CSV download: the question's text repeated over its columns; English scale words with an "Other (please
# specify)" column of free text under the same question, and a grid answered with labels that are no scale
# words (choices), beside a single-answer question.
SATISFIED = "How satisfied were you with our store?"
SURVEYMONKEY_CSV: list[list[Any]] = [
    ["Respondent ID", "Start Date", SATISFIED, SATISFIED, SATISFIED, SATISFIED, "How often do you use",
     "How often do you use", "Your city"],
    ["", "", "Staff", "Speed", "Price", "Other (please specify)", "App", "Website", "Response"],
    [1, "05/01/2024 10:00:00", "Very satisfied", "Satisfied", "Neutral", "", "Daily", "Weekly", "Beijing"],
    [2, "05/02/2024 11:00:00", "Dissatisfied", "Very dissatisfied", "", "Parking", "Weekly", "Never", "Shanghai"],
    [3, "05/03/2024 09:30:00", "Satisfied", "Neutral", "Very satisfied", "Music", "Never", "Daily", "Beijing"],
    [4, "05/04/2024 09:30:00", "Very satisfied", "Satisfied", "Dissatisfied", "", "", "Weekly", "Shanghai"],
]

# Qualtrics: Q5_1…Q5_3 are a 7-point grid ("How satisfied … - Staff"), Q6_1…Q6_3 a multiple choice written
# as 1 / empty per option.
QUALTRICS_GRID: list[list[Any]] = [
    ["ResponseId", "Q1", "Q5_1", "Q5_2", "Q5_3", "Q6_1", "Q6_2", "Q6_3"],
    ["Response ID", "How likely are you to recommend us?", "How satisfied are you with the store? - Staff",
     "How satisfied are you with the store? - Queue", "How satisfied are you with the store? - Price",
     "Where did you hear of us? - WeChat", "Where did you hear of us? - TV", "Where did you hear of us? - Friends"],
    ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID5_1"}', '{"ImportId":"QID5_2"}',
     '{"ImportId":"QID5_3"}', '{"ImportId":"QID6_1"}', '{"ImportId":"QID6_2"}', '{"ImportId":"QID6_3"}'],
    ["R_a", "9", "7", "6", "5", "1", "", "1"],
    ["R_b", "3", "2", "", "1", "", "1", ""],
    ["R_c", "10", "6", "7", "4", "1", "", ""],
]

# 问卷星 "by text": matrix 2 names its rows in brackets only, matrix 3 after a dash (answered 好/一般/差, no scale
# words), (跳过) for a skipped row; 4 is a multiple choice in one cell.
WJX_GRID: list[list[Any]] = [
    ["序号", "提交答卷时间", "所用时间", "来源", "来自IP", "1、您的性别", "2、(服务态度)", "2、(购物环境)", "2、(商品价格)",
     "3、您对以下方面的评价—商品质量", "3、您对以下方面的评价—售后服务", "4、您通过哪些渠道了解我们？", "5、其他建议"],
    [1, "2024/5/1 10:30:00", "120秒", "微信", "1.2.3.4(北京-北京)", "男", "非常满意", "满意", "一般", "好", "一般",
     "微信┋朋友推荐", "很好"],
    [2, "2024/5/2 11:00:00", "95秒", "链接", "1.2.3.5(上海-上海)", "女", "不满意", "(跳过)", "非常不满意", "差", "(跳过)",
     "电视", "(跳过)"],
    [3, "2024/5/3 09:00:00", "80秒", "链接", "1.2.3.6(广东-广州)", "女", "满意", "一般", "满意", "一般", "好", "微信",
     "排队太久"],
    [4, "2024/5/4 09:00:00", "60秒", "微信", "1.2.3.7(广东-深圳)", "男", "(跳过)", "非常满意", "不满意", "好", "差",
     "(跳过)", "(跳过)"],
]


def stored(study: Study, survey: Survey, *columns: str) -> list[tuple[Any, ...]]:
    names = ", ".join(f'"{c}"' for c in columns)
    return list(study.conn.execute(f'SELECT {names} FROM "{survey.response_table}" ORDER BY id'))


def imported(study: Study, path: Path, code: str) -> Survey:
    result = run_import(study, prepare(study, path, new=code))
    assert (result.imported, result.problem_count) == (result.rows, 0)
    return load_survey(study, code)


def of_type(survey: Survey, qtype: T) -> list[Question]:
    return [q for q in survey.questions if q.type is qtype]


def test_surveymonkey_xlsx_grid_under_a_merged_question(study: Study, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sm.xlsx", SURVEYMONKEY_GRID, merges=["D1:F1", "G1:I1"])
    survey = imported(study, path, "sm")
    (grid,) = of_type(survey, T.MATRIX)
    assert (grid.label_zh, grid.scale(), grid.choices) == ("您对以下方面的满意度", (1, 5), [])
    assert [(i.code, i.label_zh) for i in grid.items] == [("r1", "服务态度"), ("r2", "等待时间"), ("r3", "价格")]
    assert stored(study, survey, *[c.name for c in grid.columns()]) == [(5, 4, 3), (2, None, 1), (4, 3, 4)]
    (channel,) = of_type(survey, T.MULTIPLE)  # option columns holding their own label stay multiple choice
    assert [c.label_zh for c in channel.choices] == ["微信", "电视", "朋友推荐"]
    assert stored(study, survey, *[c.name for c in channel.columns()]) == [(1, 0, 1), (0, 1, 0), (1, 0, 0)]
    assert len(survey.questions) == 3  # the matrix, the multiple choice, the comment (id, collector, start:
    # response fields)


def test_surveymonkey_csv_grids_of_scale_words_and_of_labels(study: Study, tmp_path: Path) -> None:
    survey = imported(study, write_csv(tmp_path / "sm.csv", SURVEYMONKEY_CSV), "smcsv")
    rating, usage = of_type(survey, T.MATRIX)
    assert (rating.label_en, rating.scale()) == (SATISFIED, (1, 5))
    assert [(i.code, i.label_en) for i in rating.items] == [("staff", "Staff"), ("speed", "Speed"), ("price", "Price")]
    assert stored(study, survey, *[c.name for c in rating.columns()]) == [
        (5, 4, 3), (2, 1, None), (4, 3, 5), (5, 4, 2)]
    assert usage.scale() is None and [(c.code, c.value, c.label_en) for c in usage.choices] == [
        ("daily", 1, "Daily"), ("weekly", 2, "Weekly"), ("never", 3, "Never")]
    assert [i.code for i in usage.items] == ["app", "website"]
    assert stored(study, survey, *[c.name for c in usage.columns()]) == [(1, 2), (2, 3), (3, 1), (None, 2)]
    city = next(q for q in survey.questions if q.label_en == "Your city")
    assert city.type is T.SINGLE
    other = next(q for q in survey.questions if q.label_en == f"{SATISFIED} - Other (please specify)")
    assert stored(study, survey, other.code) == [(None,), ("Parking",), ("Music",), (None,)]  # its own question


def test_qualtrics_grid_of_seven_points_beside_a_multiple_choice(study: Study, tmp_path: Path) -> None:
    survey = imported(study, write_csv(tmp_path / "q.csv", QUALTRICS_GRID), "qx")
    grid = survey.question("Q5")
    assert (grid.type, grid.label_en, grid.scale()) == (T.MATRIX, "How satisfied are you with the store?", (1, 7))
    assert [(i.code, i.label_en) for i in grid.items] == [("staff", "Staff"), ("queue", "Queue"), ("price", "Price")]
    assert stored(study, survey, "sys_respondent_id", "Q1", "Q5__staff", "Q5__queue", "Q5__price") == [
        ("R_a", 9, 7, 6, 5), ("R_b", 3, 2, None, 1), ("R_c", 10, 6, 7, 4)]
    channels = survey.question("Q6")
    assert channels.type is T.MULTIPLE and [c.label_en for c in channels.choices] == ["WeChat", "TV", "Friends"]
    assert stored(study, survey, *[c.name for c in channels.columns()]) == [(1, 0, 1), (0, 1, 0), (1, 0, 0)]


def test_wjx_by_text_grids_with_skipped_rows(study: Study, tmp_path: Path) -> None:
    survey = imported(study, write_csv(tmp_path / "wjx.csv", WJX_GRID, encoding="gb18030"), "wjx")
    service, quality = survey.question("q2"), survey.question("q3")
    assert (service.type, service.label_zh, service.scale()) == (T.MATRIX, "第2题", (1, 5))
    assert [(i.code, i.label_zh) for i in service.items] == [("r1", "服务态度"), ("r2", "购物环境"), ("r3", "商品价格")]
    assert (quality.type, quality.label_zh) == (T.MATRIX, "您对以下方面的评价")
    assert [i.label_zh for i in quality.items] == ["商品质量", "售后服务"]
    assert [(c.value, c.label_zh) for c in quality.choices] == [(1, "好"), (2, "一般"), (3, "差")]
    assert stored(study, survey, "q1", *[c.name for c in service.columns()], *[c.name for c in quality.columns()],
                  "q5") == [(1, 5, 4, 3, 1, 2, "很好"), (2, 2, None, 1, 3, None, None), (2, 4, 3, 4, 2, 1, "排队太久"),
                            (1, None, 5, 2, 1, 3, None)]
    channels = survey.question("q4")
    assert channels.type is T.MULTIPLE
    assert stored(study, survey, *[c.name for c in channels.columns()])[3] == (None, None, None)  # (跳过)


def test_wjx_by_number_grid_of_points_beside_option_flags(study: Study, tmp_path: Path) -> None:
    """A "by option number" download: the grid holds points (-3 = skipped), the multiple choice 0/1 flags."""
    rows: list[list[Any]] = [
        ["序号", "提交答卷时间", "所用时间", "1、您的性别", "2、(服务态度)", "2、(购物环境)", "3、渠道(微信)", "3、渠道(电视)"],
        [1, "2024/5/1 10:30:00", "120秒", 1, 5, 4, 1, 0],
        [2, "2024/5/2 11:00:00", "95秒", 2, 1, -3, 0, 1],
        [3, "2024/5/3 09:00:00", "80秒", 2, 3, 2, 1, 1]]
    survey = imported(study, write_xlsx(tmp_path / "wjx.xlsx", rows), "wjxn")
    grid = survey.question("q2")
    assert (grid.type, grid.scale(), [i.label_zh for i in grid.items]) == (T.MATRIX, (1, 5), ["服务态度", "购物环境"])
    assert survey.question("q3").type is T.MULTIPLE
    assert stored(study, survey, "q2__r1", "q2__r2", "q3__c1", "q3__c2") == [(5, 4, 1, 0), (1, None, 0, 1), (3, 2, 1, 1)]


def test_columns_that_are_no_grid_stay_separate_questions(study: Study, tmp_path: Path) -> None:
    """Amounts and free text under one question are no scale: each column keeps its own question."""
    rows: list[list[Any]] = [
        ["Respondent ID", "Start Date", "How much did you spend on", "", "Tell us about", "", "Overall"],
        ["", "", "Food", "Drinks", "Staff", "Queue", "Response"],
        [1, "05/01/2024", 120, 35, "friendly", "too long", "Satisfied"],
        [2, "05/02/2024", 80, 12, "rude", "fine", "Neutral"],
        [3, "05/03/2024", 200, 60, "ok", "short", "Satisfied"]]
    survey = imported(study, write_csv(tmp_path / "spend.csv", rows), "spend")
    assert not of_type(survey, T.MATRIX)
    assert [q.type for q in survey.questions[0:4]] == [T.NUMBER, T.NUMBER, T.TEXT, T.TEXT]


def existing_survey(study: Study) -> Survey:
    grid = Question("attr", T.MATRIX, "Please rate the following", "请对以下方面进行评价",
                    items=[Item("staff", "Staff", "服务态度"), Item("queue", "Queue", "排队时间"),
                           Item("price", "Price", "价格")], props={"points": 5})
    nps = Question("nps", T.NPS, "Recommend", "您向朋友推荐我们的可能性")
    return create_survey(study, "visit", "Store visit", "门店回访", [nps, grid])


def test_rows_of_a_file_fill_an_existing_matrix_by_text_and_by_code(study: Study, tmp_path: Path) -> None:
    survey = existing_survey(study)
    by_text: list[list[Any]] = [
        ["Respondent ID", "Start Date", "请对以下方面进行评价", "", "您向朋友推荐我们的可能性"],
        ["", "", "价格", "服务态度", "Response"],
        [1, "05/01/2024", "非常满意", "一般", 9],
        [2, "05/02/2024", "", "不满意", 4]]
    plan = prepare(study, write_xlsx(tmp_path / "sm.xlsx", by_text, merges=["C1:D1"]), survey="visit")
    assert {f.source: f.target for f in plan.mapping.imported()} == {
        "您向朋友推荐我们的可能性": "nps", "请对以下方面进行评价 - 价格": "attr__price",
        "请对以下方面进行评价 - 服务态度": "attr__staff", "Respondent ID": "sys_respondent_id",
        "Start Date": "sys_started_at"}
    assert run_import(study, plan).imported == 2
    by_code: list[list[Any]] = [
        ["ResponseId", "Q1", "attr_1", "attr_2"],
        ["Response ID", "Recommend", "Please rate the following - queue", "Please rate the following - Staff"],
        ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}', '{"ImportId":"QID2_2"}'],
        ["R_a", "10", "Very satisfied", "2"]]
    plan = prepare(study, write_csv(tmp_path / "q.csv", by_code), survey="visit")
    assert {f.source: f.target for f in plan.mapping.imported()} == {
        "Q1": "nps", "attr_1": "attr__queue", "attr_2": "attr__staff", "ResponseId": "sys_respondent_id"}
    assert run_import(study, plan).imported == 1
    assert stored(study, survey, "nps", "attr__staff", "attr__queue", "attr__price") == [
        (9, 3, None, 5), (4, 2, None, None), (10, 2, 5, None)]


def test_a_proposed_matrix_is_renamed_and_a_row_left_out_and_put_back(study: Study, tmp_path: Path) -> None:
    plan = prepare(study, write_csv(tmp_path / "wjx.csv", WJX_GRID), new="grid")
    proposal = Proposal.of(plan.survey, plan.mapping, plan.layout, plan.sample)
    assert possible_types(proposal, "2、(购物环境)") == [T.MATRIX]
    with pytest.raises(ImportProblem):
        retype_question(proposal, "2、(购物环境)", T.SINGLE)
    rename_question(proposal, "q2", "service")
    leave_out(proposal, "2、(购物环境)")
    assert [i.code for i in plan.survey.question("service").items] == ["r1", "r3"]
    plan.mapping.check(plan.survey, plan.file)
    put_back(proposal, "2、(购物环境)")
    leave_out(proposal, "2、(服务态度)")
    assert [i.label_zh for i in plan.survey.question("service").items] == ["购物环境", "商品价格"]
    leave_out(proposal, "3、您对以下方面的评价—商品质量")
    leave_out(proposal, "3、您对以下方面的评价—售后服务")  # no row left: the matrix leaves the survey
    assert [q.code for q in plan.survey.questions if q.type is T.MATRIX] == ["service"]
    put_back(proposal, "3、您对以下方面的评价—售后服务")
    put_back(proposal, "3、您对以下方面的评价—商品质量")  # back in the file's order
    quality = plan.survey.question("q3")
    assert [i.label_zh for i in quality.items] == ["商品质量", "售后服务"]
    edit_choice(proposal, "q3", "c1", new_code="good", label_en="Good")  # the rows' columns stay
    plan.mapping.check(plan.survey, plan.file)
    assert check(study, plan).problem_count == 0
    assert run_import(study, plan).imported == 4
    survey = load_survey(study, "grid")
    assert [c.name for c in survey.question("service").columns()] == ["service__r2", "service__r3"]
    assert survey.question("q3").choices[0].code == "good"
    assert stored(study, survey, "service__r2", "service__r3", "q3__r1", "q3__r2") == [
        (4, 3, 1, 2), (None, 1, 3, None), (3, 4, 2, 1), (5, 2, 1, 3)]
