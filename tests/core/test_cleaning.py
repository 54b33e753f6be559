"""Cleaning with a trail (issue 20): each correction checked like entry, written in one audited transaction,
undoable, seen by analyses at once; a bulk edit commits exactly the rows its preview listed. A real study file."""

from __future__ import annotations

import json

import pytest

from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.errors import ModelError
from xmdesk.core.fieldwork import cleaning
from xmdesk.core.fieldwork.entry import EntryInvalid
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, create_survey, load_survey
from xmdesk.core.survey.responses import insert_rows
from tests.messages import raises_message

STORES = [Choice("wfj", 1, "Wangfujing", "北京王府井店"), Choice("xd", 2, "Xidan", "西单店"),
          Choice("raw", 3, "Wangfujing (typo)", "王府井")]
CHANNELS = [Choice("store", 1, "Store", "门店"), Choice("app", 2, "App", "应用")]
ROWS = [  # nps, store, channel, age, why__price, comment
    (10, 3, 1, 30, 1, "排队太久，店员很好"),
    (2, 3, 2, 41, 0, "排队太久"),
    (8, 3, 1, 25, None, "好"),
    (6, 2, 1, 52, 1, None),
    (9, 1, 1, 38, 0, "店员很好"),
]


@pytest.fixture
def cx(study: Study) -> Survey:
    survey = create_survey(study, "cx", questions=[
        Question("nps", QuestionType.NPS, "Recommend", "推荐"),
        Question("store", QuestionType.SINGLE, "Store", "门店", choices=list(STORES)),
        Question("channel", QuestionType.SINGLE, "Channel", "渠道", choices=list(CHANNELS)),
        Question("age", QuestionType.NUMBER, "Age", "年龄", props={"min": 16, "max": 99}),
        Question("why", QuestionType.MULTIPLE, "Why", "原因", choices=[Choice("price", 1, "Price", "价格"),
                                                                        Choice("staff", 2, "Staff", "店员")]),
        Question("comment", QuestionType.TEXT, "Comment", "评论"),
    ])
    insert_rows(study, survey, ["nps", "store", "channel", "age", "why__price", "comment"], ROWS)
    return load_survey(study, "cx")


def _column(study: Study, name: str) -> list[object]:
    return [v for (v,) in study.conn.execute(f'SELECT "{name}" FROM responses_cx ORDER BY id')]


def _cleaning_audit(study: Study) -> list[tuple[str, dict[str, object]]]:
    return [(entity_id, json.loads(detail)) for entity_id, detail in study.conn.execute(
        "SELECT entity_id, detail FROM audit_log WHERE action = 'clean' ORDER BY id")]


def _nps(study: Study, survey: Survey) -> float:
    return float(run(study, Request("nps", "nps", Query("cx"), lang="en"), survey).result.nps)


def test_a_corrected_answer_is_logged_undone_and_seen_by_the_nps_at_once(study: Study, cx: Survey) -> None:
    before = _nps(study, cx)  # 2 promoters, 2 detractors of 5: 0
    edit = cleaning.set_value(study, cx, 2, "nps", "9")
    assert _column(study, "nps") == [10, 9, 8, 6, 9]
    assert _nps(study, cx) == pytest.approx(before + 40.0)  # a detractor became a promoter: +2 in 5
    assert _cleaning_audit(study) == [("cx:2", {"changed": {"nps": [2, 9]}, "kind": "set"})]
    cleaning.apply_edit(study, cx, edit.inverse())
    assert _column(study, "nps") == [10, 2, 8, 6, 9]
    assert _nps(study, cx) == pytest.approx(before)
    assert [entry.changed for entry in cleaning.history(study, cx, 2)] == [{"nps": (2, 9)}, {"nps": (9, 2)}]
    assert [entry.kind for entry in cleaning.history(study, cx, 2)] == ["set", "undo"]


def test_values_are_checked_like_entry_and_nothing_is_written(study: Study, cx: Survey) -> None:
    with raises_message(EntryInvalid, "entry.invalid", "nps"):
        cleaning.set_value(study, cx, 1, "nps", "11")
    with raises_message(EntryInvalid, "entry.invalid", "age"):
        cleaning.set_value(study, cx, 1, "age", "12")  # below the question's min of 16
    with raises_message(EntryInvalid, "entry.invalid", "store", "Gucheng"):
        cleaning.set_value(study, cx, 1, "store", "Gucheng")
    with raises_message(ModelError, "entry.clean_not_answer", "created_at"):
        cleaning.set_value(study, cx, 1, "created_at", "2020-01-01")
    with raises_message(ModelError, "entry.not_found", "99"):
        cleaning.set_value(study, cx, 99, "nps", "5")
    assert _column(study, "nps") == [r[0] for r in ROWS] and _column(study, "age") == [r[3] for r in ROWS]
    assert _cleaning_audit(study) == []


def test_a_choice_is_named_by_code_label_or_value_and_missing_by_nothing(study: Study, cx: Survey) -> None:
    cleaning.set_value(study, cx, 1, "store", "北京王府井店")
    cleaning.set_value(study, cx, 2, "store", "xd")
    cleaning.set_value(study, cx, 3, "why__price", "1")
    edit = cleaning.set_value(study, cx, 4, "age", "")
    assert _column(study, "store")[:3] == [1, 2, 3] and _column(study, "why__price")[2] == 1
    assert edit.kind == "missing" and _column(study, "age")[3] is None
    cleaning.apply_edit(study, cx, edit.inverse())
    assert _column(study, "age")[3] == 52


def test_bulk_edit_commits_exactly_its_preview_in_one_transaction(study: Study, cx: Survey) -> None:
    preview = cleaning.plan_bulk(study, cx, "${store} = 3 and ${channel} = '门店'", "store", "北京王府井店")
    assert [(c.response_id, c.old, c.new) for c in preview.cells] == [(1, 3, 1), (3, 3, 1)]
    assert _column(study, "store") == [3, 3, 3, 2, 1]  # a preview writes nothing
    done = cleaning.apply_edit(study, cx, preview)
    assert done == preview and _column(study, "store") == [1, 3, 1, 2, 1]
    assert [entity for entity, _ in _cleaning_audit(study)] == ["cx:1", "cx:3"]
    cleaning.apply_edit(study, cx, done.inverse())
    assert _column(study, "store") == [3, 3, 3, 2, 1]


def test_a_stale_preview_is_refused_whole(study: Study, cx: Survey) -> None:
    preview = cleaning.plan_bulk(study, cx, "${store} = 3", "store", "wfj")
    cleaning.set_value(study, cx, 3, "store", "xd")  # someone corrects one of the rows meanwhile
    with raises_message(ModelError, "entry.clean_changed_since", "3", "store"):
        cleaning.apply_edit(study, cx, preview)
    assert _column(study, "store") == [3, 3, 2, 2, 1]


def test_a_bulk_value_breaking_the_rules_refuses_the_whole_edit(study: Study, cx: Survey) -> None:
    with raises_message(EntryInvalid, "entry.invalid", "age"):
        cleaning.plan_bulk(study, cx, "${nps} >= 9", "age", "120")
    with raises_message(ModelError, "entry.clean_where_needed"):
        cleaning.plan_bulk(study, cx, " ", "age", "20")


def test_find_and_replace_within_a_text_question(study: Study, cx: Survey) -> None:
    preview = cleaning.plan_replace(study, cx, "comment", "排队太久", "等待时间长")
    assert [(c.response_id, c.new) for c in preview.cells] == [(1, "等待时间长，店员很好"), (2, "等待时间长")]
    cleaning.apply_edit(study, cx, preview)
    assert _column(study, "comment")[:3] == ["等待时间长，店员很好", "等待时间长", "好"]
    with raises_message(ModelError, "entry.clean_not_text", "nps"):
        cleaning.plan_replace(study, cx, "nps", "1", "2")


def test_history_tells_exclusion_and_restore_with_the_reason(study: Study, cx: Survey) -> None:
    from xmdesk.core.analysis import exclusion

    cleaning.set_value(study, cx, 2, "nps", "3")
    exclusion.exclude(study, cx, [2, 4], "speeder")
    exclusion.restore(study, cx, [2])
    trail = cleaning.history(study, cx, 2)
    assert [(e.action, e.reason) for e in trail] == [
        ("clean", ""), ("responses.exclude", "speeder"), ("responses.restore", "speeder")]
    assert [e.action for e in cleaning.history(study, cx, 4)] == ["responses.exclude"]
    assert cleaning.history(study, cx, 1) == []


def test_a_pasted_block_is_one_edit_checked_whole_and_undone_whole(study: Study, cx: Survey) -> None:
    block = [(1, "nps", "3"), (1, "store", "西单店"), (2, "nps", "2"), (2, "store", "wfj"), (3, "age", "")]
    plan = cleaning.plan_paste(study, cx, block)
    assert plan.kind == "paste"
    assert [(c.response_id, c.column, c.old, c.new) for c in plan.cells] == [  # response 2's nps stays 2: left out
        (1, "nps", 10, 3), (1, "store", 3, 2), (2, "store", 3, 1), (3, "age", 25, None)]
    cleaning.apply_edit(study, cx, plan)
    assert _column(study, "nps")[:2] == [3, 2] and _column(study, "store")[:2] == [2, 1] and _column(study, "age")[2] is None
    assert _cleaning_audit(study) == [("cx:1", {"changed": {"nps": [10, 3], "store": [3, 2]}, "kind": "paste"}),
                                      ("cx:2", {"changed": {"store": [3, 1]}, "kind": "paste"}),
                                      ("cx:3", {"changed": {"age": [25, None]}, "kind": "paste"})]
    cleaning.apply_edit(study, cx, plan.inverse())
    assert _column(study, "nps") == [r[0] for r in ROWS] and _column(study, "store") == [r[1] for r in ROWS]
    assert _column(study, "age") == [r[3] for r in ROWS]


def test_one_bad_pasted_value_refuses_the_paste_naming_where_and_why(study: Study, cx: Survey) -> None:
    with raises_message(ModelError, "entry.clean_paste_refused", "4", "age", "99"):
        cleaning.plan_paste(study, cx, [(1, "nps", "3"), (4, "age", "120")])  # above the question's max of 99
    with raises_message(ModelError, "entry.clean_paste_refused", "2", "store", "Gucheng"):
        cleaning.plan_paste(study, cx, [(2, "store", "Gucheng")])
    with raises_message(ModelError, "entry.clean_not_answer", "created_at"):
        cleaning.plan_paste(study, cx, [(1, "nps", "3"), (1, "created_at", "2020-01-01")])
    assert _column(study, "nps") == [r[0] for r in ROWS] and _cleaning_audit(study) == []
