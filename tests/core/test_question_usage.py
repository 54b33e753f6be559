"""A question (or a choice) that something uses cannot be deleted or renamed from under it (issue 15).

Each kind of user is stored for real in a study file (a rule, a journey link, a dashboard tile, a
report block, a saved filter, an improvement action, another question's logic); the designer's
edit is refused with the user named, and the survey and its columns stay as they were. A rename
asked to update them rewrites them in the same transaction, and its inverse takes them back.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from xmdesk.core.loop import actions
from xmdesk.core.loop import alerts
from xmdesk.core.survey import edits as designer
from xmdesk.core.journey import maps as journeys
from xmdesk.core.analysis.dashboards import Dashboard, Tile, load_dashboard, save_dashboard
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request
from xmdesk.core.survey.edits import Edit
from xmdesk.core.errors import ModelError
from xmdesk.core.reports.recipe import Block, Report, load_report, save_report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import (Choice, Item, Question, QuestionType, Survey, create_survey, load_survey,
                                survey_to_dict)
from xmdesk.core.survey.usage import QuestionInUse, Use


@pytest.fixture
def survey(study: Study) -> Survey:
    return create_survey(study, "cx", "CX", "体验", [
        Question("region", QuestionType.SINGLE, "Region", "地区",
                 choices=[Choice("north", 1, "North", "北区"), Choice("south", 2, "South", "南区"),
                          Choice("west", 3, "West", "西区")]),
        Question("channel", QuestionType.SINGLE, "Channel", "渠道",
                 choices=[Choice("store", 1, "Store", "门店"), Choice("app", 2, "App", "App"),
                          Choice("phone", 3, "Phone", "电话")]),
        Question("problems", QuestionType.MULTIPLE, "Problems", "问题",
                 choices=[Choice("wait", 1, "Waiting", "排队"), Choice("price", 2, "Price", "价格"),
                          Choice("staff", 3, "Staff", "员工")]),
        Question("q1", QuestionType.NPS, "Recommend?", "推荐"),
        Question("csat", QuestionType.RATING, "Satisfied?", "满意", props={"points": 5}),
        Question("grid", QuestionType.MATRIX, "Grid", "矩阵", items=[Item("r1", "Row 1", "第一行"),
                                                                    Item("r2", "Row 2", "第二行")],
                 props={"points": 5}),
        Question("comment", QuestionType.TEXT, "Comment", "意见"),
    ])


def snapshot(study: Study, survey: Survey) -> tuple[dict[str, Any], list[str]]:
    """The survey as stored and its response columns: what a refused edit must leave alone."""
    columns = [row[1] for row in study.conn.execute(f'PRAGMA table_info("{survey.response_table}")')]
    return survey_to_dict(load_survey(study, survey.code)), columns


def refused(study: Study, survey: Survey, edit: Edit) -> str:
    """Apply an edit that must be refused; the message, after checking nothing changed."""
    before = snapshot(study, survey)
    with pytest.raises(ModelError) as caught:
        designer.apply(study, survey, edit)
    assert snapshot(study, survey) == before
    assert survey_to_dict(survey) == before[0]
    return str(caught.value)


def add_rule(study: Study, name: str, kind: str, definition: dict[str, Any], filter_text: str = "",
             survey_code: str | None = "cx") -> int:
    return alerts.save_rule(study, alerts.Rule(name, kind, definition, survey_code, filter=filter_text))


# -- alert rules ---------------------------------------------------------------------------------------


def test_a_detractor_rule_on_a_question_refuses_its_removal_and_names_the_rule(study: Study, survey: Survey) -> None:
    """The issue's repro: a detractor rule on q1, then q1 deleted (no answers yet)."""
    add_rule(study, "贬损者跟进", "detractor", {"question": "q1", "max": 6})
    message = refused(study, survey, designer.remove("q1"))
    assert "alert rule '贬损者跟进'" in message
    assert "q1" in message
    assert "cannot simply be renamed" in refused(study, survey, designer.rename("q1", "nps"))
    designer.apply(study, survey, designer.remove("region"))  # a question nothing uses still goes


def test_a_rule_for_every_survey_refuses_both_removal_and_a_rename_that_would_update_it(
        study: Study, survey: Survey) -> None:
    add_rule(study, "差评", "low_score", {"question": "csat", "max": 2}, survey_code=None)
    assert "alert rule '差评' (for every survey)" in refused(study, survey, designer.remove("csat"))
    assert "A rule for every survey" in refused(study, survey, designer.rename("csat", "sat", update=True))


def test_a_rule_filter_uses_the_question_and_the_choice_it_compares_with(study: Study, survey: Survey) -> None:
    add_rule(study, "门店差评", "low_score", {"question": "csat"}, "${channel} = '门店' and ${csat} <= 2")
    assert "alert rule '门店差评'" in refused(study, survey, designer.remove("channel"))
    # The label 门店 binds to choice 'store' as the expression compiler binds it: that choice stays.
    message = refused(study, survey, designer.set_choices("channel", [Choice("app", 2, "App", "App"),
                                                                      Choice("phone", 3, "Phone", "电话")]))
    assert "choice store" in message and "alert rule '门店差评'" in message
    designer.apply(study, survey, designer.set_choices("channel", [Choice("store", 1, "Store", "门店"),
                                                                   Choice("app", 2, "App", "App")]))


def test_a_keyword_rule_names_its_comment_question_and_a_quoted_code_is_not_a_use(study: Study, survey: Survey) -> None:
    add_rule(study, "投诉", "comment", {"questions": ["comment"], "words": ["投诉"]}, "contains(${comment}, 'q1')")
    assert "alert rule '投诉'" in refused(study, survey, designer.remove("comment"))
    designer.apply(study, survey, designer.remove("q1"))  # 'q1' in quotes is text, not the question


# -- journeys, dashboards, reports, actions ----------------------------------------------------------------


def test_a_journey_touchpoint_link_refuses_removal_of_its_question_and_of_its_filter_question(
        study: Study, survey: Survey) -> None:
    link = journeys.Link("cx", "q1", "nps", "${region} = 'north'")
    journeys.save_journey(study, journeys.Journey("购买旅程", items=[
        journeys.JourneyItem("touchpoint", "门店", stage=0, link=link)]))
    assert "journey '购买旅程' touchpoint '门店'" in refused(study, survey, designer.remove("q1"))
    assert "journey '购买旅程' touchpoint '门店'" in refused(study, survey, designer.remove("region"))
    message = refused(study, survey, designer.set_choices("region", [Choice("south", 2, "South", "南区"),
                                                                     Choice("west", 3, "West", "西区")]))
    assert "choice north" in message


def test_a_dashboard_tile_names_its_question_breakdown_and_filter(study: Study, survey: Survey) -> None:
    save_dashboard(study, Dashboard("总览", [
        Tile(Request("nps", "q1", Query("cx"))),
        Tile(Request("csat", "csat", Query("cx", filter="selected(${problems}, 'wait')"), by="channel"))]))
    assert "dashboard '总览' tile 1" in refused(study, survey, designer.remove("q1"))
    message = refused(study, survey, designer.remove("channel"))
    assert "dashboard '总览' tile 2" in message and "tile 1" not in message
    assert "dashboard '总览' tile 2" in refused(study, survey, designer.set_choices("problems", [
        Choice("price", 2, "Price", "价格"), Choice("staff", 3, "Staff", "员工")]))


def test_a_report_block_and_the_report_filter_are_named(study: Study, survey: Survey) -> None:
    save_report(study, Report("月报", "cx", filter="${region} = 1", blocks=[
        Block("title"), Block("crosstab", options={"row": "channel", "column": "region"}),
        Block("comments", "顾客原话", {"question": "comment"})]))
    assert "report '月报' block 2 (Crosstab)" in refused(study, survey, designer.remove("channel"))
    message = refused(study, survey, designer.remove("region"))
    assert "report '月报' (its filter or weight)" in message and "report '月报' block 2 (Crosstab)" in message
    assert "report '月报' block 3 (顾客原话)" in refused(study, survey, designer.remove("comment"))


def test_a_report_of_another_survey_does_not_hold_the_question(study: Study, survey: Survey) -> None:
    create_survey(study, "other", "Other", "其他", [Question("channel", QuestionType.TEXT, "Channel", "渠道")])
    save_report(study, Report("别的", "other", blocks=[Block("comments", options={"question": "channel"})]))
    designer.apply(study, survey, designer.remove("channel"))


def test_an_improvement_action_and_a_matrix_row_it_measures(study: Study, survey: Survey) -> None:
    actions.save_action(study, actions.Action("缩短排队", "cx", "grid__r2", "mean"))
    assert "improvement action '缩短排队'" in refused(study, survey, designer.remove("grid"))
    message = refused(study, survey, designer.set_items("grid", [Item("r1", "Row 1", "第一行")]))
    assert "row r2" in message and "improvement action '缩短排队'" in message
    designer.apply(study, survey, designer.set_items("grid", [Item("r2", "Row 2", "第二行")]))


# -- other questions' logic --------------------------------------------------------------------------


def test_other_questions_logic_is_listed_and_a_choice_value_it_compares_with_stays(
        study: Study, survey: Survey) -> None:
    designer.apply(study, survey, designer.set_props(survey.question("comment"), relevant="${channel} = 2"))
    assert "the logic of question comment" in refused(study, survey, designer.remove("channel"))
    # `= 2` is the stored value of choice 'app': dropping that choice would leave the logic asking for nothing.
    message = refused(study, survey, designer.set_choices("channel", [Choice("store", 1, "Store", "门店"),
                                                                      Choice("phone", 3, "Phone", "电话")]))
    assert "choice app" in message and "the logic of question comment" in message


# -- rename and update ---------------------------------------------------------------------------------


def stored_users(study: Study) -> dict[str, Any]:
    """Every user's definition as the file holds it."""
    conn: sqlite3.Connection = study.conn
    return {
        "rules": conn.execute("SELECT definition, filter FROM alert_rules ORDER BY id").fetchall(),
        "links": conn.execute("SELECT link_question, link_filter FROM journey_items ORDER BY id").fetchall(),
        "tiles": json.loads(conn.execute("SELECT tiles FROM dashboards").fetchone()[0]),
        "report": json.loads(conn.execute("SELECT recipe FROM reports").fetchone()[0]),
        "actions": conn.execute("SELECT target_question, filter FROM actions ORDER BY id").fetchall(),
    }


def test_a_rename_that_updates_its_users_rewrites_them_all_and_its_undo_takes_them_back(
        study: Study, survey: Survey) -> None:
    add_rule(study, "贬损者跟进", "detractor", {"question": "q1", "max": 6}, "${q1} < 7 and contains(${comment}, 'q1')")
    journeys.save_journey(study, journeys.Journey("购买旅程", items=[
        journeys.JourneyItem("touchpoint", "门店", stage=0, link=journeys.Link("cx", "q1", "nps", "${q1} >= 0"))]))
    save_dashboard(study, Dashboard("总览", [Tile(Request("nps", "q1", Query("cx", filter="${q1} > 8"), by="region"))]))
    save_report(study, Report("月报", "cx", filter="${q1} >= 0", blocks=[
        Block("tiles", options={"metrics": [{"metric": "nps", "question": "q1"}]}),
        Block("chart", options={"request": Request("nps", "q1", Query("cx")).to_dict()})]))
    actions.save_action(study, actions.Action("提升推荐", "cx", "q1", "nps", filter="${q1} >= 0"))
    designer.apply(study, survey, designer.set_props(survey.question("comment"), relevant="${q1} <= 6"))
    before = stored_users(study)

    change = designer.apply(study, survey, designer.rename("q1", "nps", update=True))

    after = stored_users(study)
    assert json.loads(after["rules"][0][0])["question"] == "nps"
    assert after["rules"][0][1] == "${nps} < 7 and contains(${comment}, 'q1')"  # the quoted text stays
    assert after["links"] == [("nps", "${nps} >= 0")]
    assert after["tiles"][0]["request"]["question"] == "nps" and after["tiles"][0]["request"]["filter"] == "${nps} > 8"
    assert after["report"]["filter"] == "${nps} >= 0"
    assert after["report"]["blocks"][0]["options"]["metrics"][0]["question"] == "nps"
    assert after["report"]["blocks"][1]["options"]["request"]["question"] == "nps"
    assert after["actions"] == [("nps", "${nps} >= 0")]
    assert survey.question("comment").props["relevant"] == "${nps} <= 6"
    # The users still work on the renamed question: the rule validates, the tile and the report read it.
    alerts.get_rule(study, 1).validate(study)
    assert load_dashboard(study, "总览").tiles[0].request.question == "nps"
    assert load_report(study, "月报").filter == "${nps} >= 0"
    assert change.inverse == designer.rename("nps", "q1", update=True)

    designer.apply(study, survey, change.inverse)
    assert stored_users(study) == before


def test_a_long_list_of_uses_names_twelve_and_counts_the_rest(study: Study, survey: Survey) -> None:
    save_dashboard(study, Dashboard("总览", [Tile(Request("nps", "q1", Query("cx"))) for _ in range(14)]))
    message = refused(study, survey, designer.remove("q1"))
    assert "dashboard '总览' tile 12" in message and "tile 13" not in message
    assert message.count("\n• ") == 13 and "… and 2 more" in message


def test_the_refusal_reads_in_chinese_with_its_list_in_chinese(study: Study, survey: Survey) -> None:
    add_rule(study, "贬损者跟进", "detractor", {"question": "q1", "max": 6})
    with pytest.raises(QuestionInUse) as caught:
        designer.apply(study, survey, designer.remove("q1"))
    assert caught.value.message("zh") == "题目 q1 不能删除，以下内容正在使用它：\n• 预警规则 “贬损者跟进”\n请先修改或删除这些内容。"
    assert caught.value.uses == (Use("rule", "贬损者跟进"),) and not caught.value.can_update
