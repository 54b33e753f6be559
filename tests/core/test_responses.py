"""Responses: bulk writes are all-or-nothing; paging reads exactly the rows asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core.survey import responses
from xmdesk.core.errors import Cancelled, ModelError
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, create_survey, load_survey
from tests.messages import raises_message


@pytest.fixture
def study(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Study.create(tmp_path / "s.xmd") as opened:
        yield opened


def small_survey(study: Study) -> Survey:
    return create_survey(study, "cx", questions=[
        Question("nps", QuestionType.NPS),
        Question("tags", QuestionType.MULTIPLE, choices=[Choice("wait", 1, label_zh="排队"),
                                                          Choice("price", 2, label_zh="价格")]),
        Question("comment", QuestionType.TEXT),
    ])


def rows(count: int) -> list[tuple[object, ...]]:
    return [(i % 11, i % 2, (i + 1) % 2, f"评论 {i} {'排队太久' if i % 5 == 0 else '很好'}") for i in range(count)]


COLUMNS = ["nps", "tags__wait", "tags__price", "comment"]


def test_bulk_insert_fills_system_columns(study: Study) -> None:
    survey = small_survey(study)
    assert responses.insert_rows(study, survey, COLUMNS, rows(25), batch_size=7) == 25
    assert responses.count(study.conn, survey) == 25
    uuids = {u for (u,) in study.conn.execute("SELECT uuid FROM responses_cx")}
    assert len(uuids) == 25
    device, version = study.conn.execute("SELECT DISTINCT device_id, survey_version FROM responses_cx").fetchone()
    assert device and version == 1
    assert study.conn.execute("SELECT comment FROM responses_cx WHERE id = 6").fetchone()[0] == "评论 5 排队太久"


def test_cancel_midway_leaves_the_study_as_it_was(study: Study) -> None:
    survey = small_survey(study)
    responses.insert_rows(study, survey, COLUMNS, rows(10))
    token = CancelToken()

    def cancel_after_first_batch(done: int, total: int, message: str) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        responses.insert_rows(study, survey, COLUMNS, rows(1000), batch_size=100,
                              progress=cancel_after_first_batch, cancel=token)
    assert responses.count(study.conn, survey) == 10
    assert study.integrity() == "ok"


def test_unknown_column_is_refused_before_writing(study: Study) -> None:
    survey = small_survey(study)
    with raises_message(ModelError, "responses.unknown_column", "bogus"):
        responses.insert_rows(study, survey, ["nps", "bogus"], [(1, 2)])
    with pytest.raises(ModelError):
        responses.add_response(study, survey, {"nps": 3, "bogus": 1})
    assert responses.count(study.conn, survey) == 0


def test_add_response_commits_at_once(study: Study, tmp_path: Path) -> None:
    survey = small_survey(study)
    uid = responses.add_response(study, survey, {"nps": 9, "comment": "很满意"})
    with Study.open(study.path, read_only=True) as other:
        assert other.conn.execute("SELECT nps FROM responses_cx WHERE uuid = ?", (uid,)).fetchone() == (9,)


def test_dense_index_is_arithmetic_and_pages_come_back_in_order(study: Study) -> None:
    survey = small_survey(study)
    responses.insert_rows(study, survey, COLUMNS, rows(1000))
    index = responses.build_index(study.conn, survey)
    assert index.ids is None and index.count == 1000
    assert index.id_at(999) == 1000
    page = responses.fetch_rows(study.conn, survey, ["nps", "comment"], index.ids_between(995, 1000))
    assert page == [((i - 1) % 11, f"评论 {i - 1} {'排队太久' if (i - 1) % 5 == 0 else '很好'}")
                    for i in range(996, 1001)]


def test_soft_delete_hides_and_restore_brings_back(study: Study) -> None:
    survey = small_survey(study)
    responses.insert_rows(study, survey, COLUMNS, rows(50))
    responses.soft_delete(study, survey, 10)
    index = responses.build_index(study.conn, survey)
    assert index.count == 49 and index.ids is not None and 10 not in list(index.ids)
    assert responses.count(study.conn, survey, include_deleted=True) == 50
    actions = [a for (a,) in study.conn.execute("SELECT action FROM audit_log WHERE entity = 'response'")]
    assert actions == ["delete"]
    responses.soft_delete(study, survey, 10, restore=True)
    assert responses.build_index(study.conn, survey).count == 50


def test_sort_and_search_match_sql(study: Study) -> None:
    survey = small_survey(study)
    responses.insert_rows(study, survey, COLUMNS, rows(300))
    index = responses.build_index(study.conn, survey, order_by="nps", descending=True)
    expected = [i for (i,) in study.conn.execute("SELECT id FROM responses_cx ORDER BY nps DESC, id DESC")]
    assert list(index.ids or []) == expected
    found = responses.build_index(study.conn, survey, search="排队")
    assert found.count == 60
    values = responses.fetch_rows(study.conn, survey, ["comment"], found.ids_between(0, found.count))
    assert all("排队" in v[0] for v in values)
    assert responses.build_index(study.conn, survey, search="17").count >= 1
    assert responses.build_index(study.conn, survey, order_by="no_such_column").count == 300


def test_display_columns_put_system_columns_first(study: Study) -> None:
    survey = load_survey(study, small_survey(study).code)
    assert responses.display_columns(survey)[:2] == ["id", "status"]
    assert responses.display_columns(survey)[-4:] == COLUMNS


def test_expression_search_keeps_the_display_order(study: Study) -> None:
    survey = small_survey(study)
    responses.insert_rows(study, survey, COLUMNS, rows(200))
    responses.soft_delete(study, survey, 1)
    index = responses.build_index(study.conn, survey, order_by="nps", descending=True,
                                  search="${nps} <= 6 and selected(${tags}, '排队')")
    expected = [row[0] for row in study.conn.execute(
        "SELECT id FROM responses_cx WHERE deleted = 0 AND nps <= 6 AND tags__wait = 1 ORDER BY nps DESC, id DESC")]
    assert index.ids_between(0, index.count) == expected and 0 < len(expected) < 200


def test_a_mistyped_expression_is_a_readable_error(study: Study) -> None:
    from xmdesk.core.survey.logic import ExpressionError

    survey = small_survey(study)
    with raises_message(ExpressionError, "logic.unknown_question", "npx"):
        responses.build_index(study.conn, survey, search="${npx} <= 6")
