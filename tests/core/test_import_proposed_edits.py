"""A survey proposed from a 问卷星 export, shaped by the user (codes, labels, types, choices, columns left out)
and then really imported: the stored survey and every stored value are checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.core.test_import_samples import KOBO, write_csv, write_xlsx
from xmdesk.core.errors import ModelError
from xmdesk.core.importing.mapping import (Proposal, edit_choice, leave_out, possible_types, put_back,
                                           recode_option, rename_question, rename_survey, retype_question, set_label)
from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.importing.run import Plan, check, prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType as T
from xmdesk.core.survey.model import load_survey
from tests.messages import raises_message

# 门店编号 (store number) is guessed a number, 家庭人数 (household size) a rating, 其他建议 text: all wrong here.
WJX_SHAPE: list[list[Any]] = [
    ["序号", "提交答卷时间", "所用时间", "来源", "来自IP", "1、您的性别", "2、您对本次服务的满意度",
     "3、您通过哪些渠道了解我们？", "4、门店编号", "5、家庭人数", "6、会员等级", "7、其他建议"],
    [1, "2024/5/1 10:30:00", "120秒", "微信", "1.2.3.4(北京-北京)", "男", "非常满意", "微信┋电视", 101, 3, "金卡", "好"],
    [2, "2024/5/2 11:00:00", "95秒", "链接", "1.2.3.5(上海-上海)", "女", "一般", "电视", 102, 1, "银卡", "一般"],
    [3, "2024/5/3 09:00:00", "80秒", "链接", "1.2.3.6(广东-广州)", "女", "不满意", "微信", 101, 4, "金卡", "好"],
    [4, "2024/5/4 09:00:00", "60秒", "微信", "1.2.3.7(广东-深圳)", "男", "满意", "(跳过)", 103, 2, "普通", "差"],
    [5, "2024/5/5 09:00:00", "70秒", "微信", "1.2.3.8(广东-深圳)", "男", "满意", "朋友推荐┋微信", 102, 2, "银卡", "(跳过)"],
    [6, "2024/5/6 09:00:00", "75秒", "链接", "1.2.3.9(广东-深圳)", "女", "非常满意", "电视", 103, 5, "普通", "好"],
]


def proposed(study: Study, tmp_path: Path) -> tuple[Plan, Proposal]:
    plan = prepare(study, write_xlsx(tmp_path / "wjx.xlsx", WJX_SHAPE), new="may")
    return plan, Proposal.of(plan.survey, plan.mapping, plan.layout, plan.sample)


def stored(study: Study, code: str, *columns: str) -> list[tuple[Any, ...]]:
    names = ", ".join(f'"{c}"' for c in columns)
    return list(study.conn.execute(f'SELECT {names} FROM "responses_{code}" ORDER BY id'))


def test_shaped_survey_is_imported_as_shaped(study: Study, tmp_path: Path) -> None:
    plan, proposal = proposed(study, tmp_path)
    assert [(q.code, q.type) for q in plan.survey.questions] == [  # 序号…来自IP: response fields, no questions
        ("q1", T.SINGLE), ("q2", T.RATING), ("q3", T.MULTIPLE), ("q4", T.NUMBER), ("q5", T.RATING),
        ("q6", T.SINGLE), ("q7", T.TEXT)]
    assert possible_types(proposal, "4、门店编号") == [T.SINGLE, T.NUMBER, T.TEXT]
    assert possible_types(proposal, "5、家庭人数") == [T.SINGLE, T.RATING, T.NPS, T.NUMBER, T.TEXT]
    assert possible_types(proposal, "3、您通过哪些渠道了解我们？") == [T.SINGLE, T.MULTIPLE, T.TEXT]

    rename_survey(proposal, "may_service")
    rename_question(proposal, "q1", "gender")
    set_label(proposal, "gender", zh="性别", en="Gender")
    edit_choice(proposal, "gender", "c1", new_code="male", label_zh="男性", label_en="Male")
    edit_choice(proposal, "q3", "c2", new_code="tv")  # a 0/1 column of a multiple-choice question
    retype_question(proposal, "4、门店编号", T.SINGLE)
    retype_question(proposal, "5、家庭人数", T.NUMBER)
    retype_question(proposal, "6、会员等级", T.TEXT)
    retype_question(proposal, "7、其他建议", T.SINGLE)
    leave_out(proposal, "来自IP")  # a response field can be left out and put back like a question
    leave_out(proposal, "所用时间")
    put_back(proposal, "所用时间")
    plan.mapping.check(plan.survey, plan.file)
    assert check(study, plan).problem_count == 0

    result = run_import(study, plan)
    assert result.imported == 6
    survey = load_survey(study, "may_service")
    assert [(q.code, q.type) for q in survey.questions] == [
        ("gender", T.SINGLE), ("q2", T.RATING), ("q3", T.MULTIPLE), ("q4", T.SINGLE), ("q5", T.NUMBER), ("q6", T.TEXT), ("q7", T.SINGLE)]
    gender = survey.question("gender")
    assert (gender.label_zh, gender.label_en) == ("性别", "Gender")
    assert [(c.code, c.value, c.label_zh) for c in gender.choices] == [("male", 1, "男性"), ("c2", 2, "女")]
    assert [c.code for c in survey.question("q3").choices] == ["c1", "tv", "c3"]
    assert [(c.code, c.value) for c in survey.question("q4").choices] == [("c101", 101), ("c102", 102),
                                                                          ("c103", 103)]
    assert [(c.code, c.value, c.label_zh) for c in survey.question("q7").choices] == [
        ("c1", 1, "好"), ("c2", 2, "一般"), ("c3", 3, "差")]
    assert survey.question("q5").props == {} and survey.question("q6").choices == []
    assert "IP" not in {c.name for c in survey.columns()}
    assert stored(study, "may_service", "sys_ip") == [(None,)] * 6
    assert stored(study, "may_service", "sys_duration_s", "gender", "q2", "q4", "q5", "q6", "q7") == [
        (120, 1, 5, 101, 3, "金卡", 1), (95, 2, 3, 102, 1, "银卡", 2), (80, 2, 2, 101, 4, "金卡", 1),
        (60, 1, 4, 103, 2, "普通", 3), (70, 1, 4, 102, 2, "银卡", None), (75, 2, 5, 103, 5, "普通", 1)]
    assert stored(study, "may_service", "q3__c1", "q3__tv", "q3__c3") == [
        (1, 1, 0), (0, 1, 0), (1, 0, 0), (None, None, None), (1, 0, 1), (0, 1, 0)]


def test_rating_back_from_number_and_text_back_from_choices(study: Study, tmp_path: Path) -> None:
    plan, proposal = proposed(study, tmp_path)
    retype_question(proposal, "2、您对本次服务的满意度", T.NUMBER)  # the scale words still give their points
    retype_question(proposal, "5、家庭人数", T.NUMBER)
    retype_question(proposal, "5、家庭人数", T.RATING)
    retype_question(proposal, "1、您的性别", T.TEXT)
    retype_question(proposal, "3、您通过哪些渠道了解我们？", T.TEXT)
    run_import(study, plan)
    survey = load_survey(study, "may")
    assert (survey.question("q5").type, survey.question("q5").props) == (T.RATING, {"points": 5})
    assert [q.type for q in survey.questions if q.code in ("q1", "q2", "q3")] == [T.TEXT, T.NUMBER, T.TEXT]
    assert survey.question("q1").choices == []
    assert stored(study, "may", "q1", "q2", "q3", "q5")[:4] == [
        ("男", 5, "微信┋电视", 3), ("女", 3, "电视", 1), ("女", 2, "微信", 4), ("男", 4, None, 2)]


def test_a_split_answer_recoded_to_another_option(study: Study, tmp_path: Path) -> None:
    plan, proposal = proposed(study, tmp_path)
    channels = proposal.field_of("3、您通过哪些渠道了解我们？")
    recode_option(channels, plan.survey, "朋友推荐", "c1")  # a friend's word counts as WeChat here
    with raises_message(ImportProblem, "importing.not_a_choice", "c9", "q3", "c1, c2, c3"):
        recode_option(channels, plan.survey, "电视", "c9")
    recode_option(channels, plan.survey, "电视", "")  # no option: an unknown answer, reported by the check
    report = check(study, plan)
    assert {(p.row, p.value) for p in report.problems} == {(2, "微信┋电视"), (3, "电视"), (7, "电视")}
    run_import(study, plan, on_error="missing")
    assert stored(study, "may", "q3__c1", "q3__c3")[4] == (1, 0)


def test_leaving_out_every_column_of_a_question_drops_it_until_put_back(study: Study, tmp_path: Path) -> None:
    plan, proposal = proposed(study, tmp_path)
    leave_out(proposal, "7、其他建议")
    assert "q7" not in [q.code for q in plan.survey.questions] and not proposal.included("7、其他建议")
    with raises_message(ModelError, "survey.duplicate_code"):
        rename_question(proposal, "q6", "Q7")  # the left-out question may come back, so its code stays taken
    put_back(proposal, "7、其他建议")
    assert plan.survey.questions[-1].code == "q7" and proposal.field_of("7、其他建议").target == "q7"
    for column in WJX_SHAPE[0]:
        leave_out(proposal, column)
    assert plan.survey.questions == []
    with raises_message(ImportProblem, "importing.no_columns"):
        plan.mapping.check(plan.survey, plan.file)


@pytest.mark.parametrize(("new_code", "message_id"), [
    ("q2", "survey.duplicate_code"),
    ("Q2", "survey.duplicate_code"),
    ("1st", "survey.bad_code"),
    ("性别", "survey.bad_code"),
    ("a__b", "survey.bad_code"),
    ("status", "survey.reserved_code"),
])
def test_bad_question_codes_are_refused_with_a_message(study: Study, tmp_path: Path, new_code: str,
                                                       message_id: str) -> None:
    plan, proposal = proposed(study, tmp_path)
    with raises_message(ModelError, message_id, new_code):
        rename_question(proposal, "q1", new_code)
    assert plan.survey.questions[0].code == "q1" and plan.mapping.fields[5].target == "q1"


def test_bad_choice_codes_and_types_are_refused(study: Study, tmp_path: Path) -> None:
    plan, proposal = proposed(study, tmp_path)
    with raises_message(ImportProblem, "importing.choice_taken", "C2"):
        edit_choice(proposal, "q1", "c1", new_code="C2")
    with raises_message(ModelError, "survey.bad_code", "a b"):
        edit_choice(proposal, "q1", "c1", new_code="a b")
    with raises_message(ImportProblem, "importing.type_not_possible", "nps", "single, multiple, text"):
        retype_question(proposal, "3、您通过哪些渠道了解我们？", T.NPS)
    assert [c.code for c in plan.survey.question("q1").choices] == ["c1", "c2"]
    assert plan.survey.question("q3").type is T.MULTIPLE


def test_a_column_without_a_question_gets_one_when_put_back(study: Study, tmp_path: Path) -> None:
    plan = prepare(study, write_csv(tmp_path / "kobo.csv", KOBO, delimiter=";"), new="kobo")
    proposal = Proposal.of(plan.survey, plan.mapping, plan.layout, plan.sample)
    summary = "grp_visit/reasons"  # Kobo's summary beside the 0/1 option columns: not imported at first
    assert not proposal.included(summary) and proposal.question(summary) is None
    put_back(proposal, summary)
    question = proposal.question(summary)
    assert question is not None and (question.code, question.type) == ("grp_visit_reasons", T.TEXT)
    assert [q.code for q in plan.survey.questions].index("grp_visit_reasons") == 2  # in the file's column order
    run_import(study, plan)
    assert stored(study, "kobo", "grp_visit_reasons", "reasons__price") == [
        ("price staff", 1), ("queue", 0), (None, 0)]
