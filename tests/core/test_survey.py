"""Surveys and questions: every question type round-trips through a real study file."""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import (
    Choice,
    Item,
    Question,
    QuestionType,
    add_question,
    create_survey,
    list_surveys,
    load_survey,
)
from tests.messages import raises_message

YES_NO_NA = [Choice("yes", 1, "Yes", "是", weight=1.0), Choice("no", 0, "No", "否", weight=0.0),
             Choice("na", -1, "N/A", "不适用")]


def every_type() -> list[Question]:
    choices = [Choice("wait", 1, "Waiting", "排队"), Choice("price", 2, "Price", "价格"),
               Choice("other", 9, "Other", "其他", is_other=True)]
    return [
        Question("q_single", QuestionType.SINGLE, "Channel", "渠道", required=True, choices=choices[:2]),
        Question("q_multi", QuestionType.MULTIPLE, "Problems", "问题", choices=choices),
        Question("q_drop", QuestionType.DROPDOWN, "Store", "门店", choices=choices[:2]),
        Question("q_nps", QuestionType.NPS, "Recommend?", "推荐意愿"),
        Question("q_rating", QuestionType.RATING, "Satisfied?", "满意度",
                 props={"points": 7, "low_zh": "非常不满意", "high_zh": "非常满意"}),
        Question("q_matrix", QuestionType.MATRIX, "Rate", "评价", items=[Item("staff", "Staff", "员工"),
                                                                       Item("queue", "Queue", "排队")],
                 props={"points": 5}),
        Question("q_text", QuestionType.TEXT, "Comment", "意见", help_zh="请具体描述"),
        Question("q_number", QuestionType.NUMBER, "Spend", "消费金额", props={"min": 0, "max": 99999}),
        Question("q_date", QuestionType.DATE, "Visit date", "到访日期"),
        Question("q_check", QuestionType.CHECKLIST, "Greeted within 30 s", "30 秒内问候", choices=YES_NO_NA,
                 props={"weight": 3, "section": "进店"}),
    ]


@pytest.fixture
def study(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Study.create(tmp_path / "s.xmd") as opened:
        yield opened


def test_every_question_type_round_trips(study: Study) -> None:
    created = create_survey(study, "cx", "CX 2026", "体验调研 2026", every_type())
    assert {q.type for q in created.questions} == set(QuestionType)
    loaded = load_survey(study, "cx")
    assert loaded.questions == every_type()
    assert (loaded.title_zh, loaded.version) == ("体验调研 2026", 1)
    assert [s.code for s in list_surveys(study)] == ["cx"]


def test_wide_table_has_one_column_per_answer(study: Study) -> None:
    survey = create_survey(study, "cx", questions=every_type())
    table_columns = {row[1]: row[2] for row in study.conn.execute(f"PRAGMA table_info({survey.response_table})")}
    expected = {
        "q_single": "INTEGER", "q_multi__wait": "INTEGER", "q_multi__price": "INTEGER", "q_multi__other": "INTEGER",
        "q_drop": "INTEGER", "q_nps": "INTEGER", "q_rating": "INTEGER", "q_matrix__staff": "INTEGER",
        "q_matrix__queue": "INTEGER", "q_text": "TEXT", "q_number": "REAL", "q_date": "TEXT", "q_check": "INTEGER",
    }
    for name, sql_type in expected.items():
        assert table_columns[name] == sql_type
    assert {"id", "uuid", "status", "created_at", "device_id", "deleted"} <= set(table_columns)
    assert [c.name for c in survey.columns()] == list(expected)


def test_adding_a_question_widens_the_table_and_bumps_the_version(study: Study) -> None:
    survey = create_survey(study, "cx", questions=every_type()[:2])
    add_question(study, survey, Question("ces", QuestionType.RATING, "Ease", "费力度", props={"points": 7}),
                 position=0)
    reloaded = load_survey(study, "cx")
    assert reloaded.version == 2
    assert [q.code for q in reloaded.questions] == ["ces", "q_single", "q_multi"]
    assert "ces" in {row[1] for row in study.conn.execute(f"PRAGMA table_info({survey.response_table})")}


@pytest.mark.parametrize(
    ("question", "message_id"),
    [
        (Question("1abc", QuestionType.TEXT), "survey.bad_code"),
        (Question("a b", QuestionType.TEXT), "survey.bad_code"),
        (Question('x";drop', QuestionType.TEXT), "survey.bad_code"),
        (Question("q__x", QuestionType.TEXT), "survey.bad_code"),
        (Question("uuid", QuestionType.TEXT), "survey.reserved_code"),
        (Question("q", QuestionType.SINGLE, choices=[Choice("a", 1)]), "survey.needs_choices"),
        (Question("q", QuestionType.MATRIX), "survey.needs_items"),
        (Question("q", QuestionType.RATING, props={"points": 40}), "survey.bad_scale"),
        (Question("q", QuestionType.SINGLE, choices=[Choice("a", 1), Choice("b", 1)]), "survey.duplicate_value"),
        (Question("q", QuestionType.SINGLE, choices=[Choice("a", 1), Choice("A", 2)]), "survey.duplicate_code"),
    ],
)
def test_invalid_questions_are_refused_with_a_reason(study: Study, question: Question, message_id: str) -> None:
    survey = create_survey(study, "cx")
    with raises_message(ModelError, message_id):
        add_question(study, survey, question)
    assert load_survey(study, "cx").questions == []
    assert load_survey(study, "cx").version == 1


def test_unknown_type_and_duplicates(study: Study) -> None:
    with raises_message(ModelError, "survey.bad_type"):
        Question("q", "slider")  # type: ignore[arg-type]
    survey = create_survey(study, "cx", questions=[Question("q1", QuestionType.TEXT)])
    with raises_message(ModelError, "survey.duplicate_code"):
        add_question(study, survey, Question("Q1", QuestionType.TEXT))
    with raises_message(ModelError, "survey.exists"):
        create_survey(study, "CX")
    with raises_message(ModelError, "survey.not_found", "nope", "cx"):
        load_survey(study, "nope")


def test_a_failed_survey_creation_leaves_no_table(study: Study) -> None:
    bad = [Question("ok", QuestionType.TEXT), Question("ok", QuestionType.NPS)]
    with pytest.raises(ModelError):
        create_survey(study, "cx", questions=bad)
    assert study.conn.execute("SELECT count(*) FROM surveys").fetchone()[0] == 0
    assert study.conn.execute("SELECT 1 FROM sqlite_master WHERE name='responses_cx'").fetchone() is None


def test_labels_fall_back_between_languages() -> None:
    question = Question("q", QuestionType.TEXT, label_en="Only English")
    assert question.label("zh") == "Only English"
    assert Question("q", QuestionType.TEXT).label("en") == "q"
    assert Question("q", QuestionType.NPS).scale() == (0, 10)
    assert Question("q", QuestionType.RATING, props={"points": 7}).scale() == (1, 7)
