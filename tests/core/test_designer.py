"""Survey edits on real study files: every edit undoes by applying its inverse, answers are never lost."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from xmdesk.core.survey import edits as designer
from xmdesk.core.survey import responses
from xmdesk.core.survey.edits import Edit, apply
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import (
    Choice,
    Item,
    Question,
    QuestionType,
    Survey,
    create_survey,
    load_survey,
    survey_to_dict,
    version_definition,
)
from tests.messages import raises_message


def columns(study: Study, survey: Survey) -> list[str]:
    return [row[1] for row in study.conn.execute(f'PRAGMA table_info("{survey.response_table}")')]


def stored(study: Study, survey: Survey) -> dict:
    """The survey as the file holds it, for comparing with the in-memory model."""
    data = survey_to_dict(load_survey(study, survey.code))
    return data


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Study]:
    with Study.create(tmp_path / "s.xmd") as opened:
        yield opened


@pytest.fixture
def survey(study: Study) -> Survey:
    return create_survey(study, "cx", "CX", "体验", [
        Question("channel", QuestionType.SINGLE, "Channel", "渠道",
                 choices=[Choice("store", 1, "Store", "门店"), Choice("app", 2, "App", "App")]),
        Question("problems", QuestionType.MULTIPLE, "Problems", "问题",
                 choices=[Choice("wait", 1, "Waiting", "排队"), Choice("price", 2, "Price", "价格")]),
        Question("csat", QuestionType.RATING, "CSAT", "满意度", props={"points": 5}),
        Question("comment", QuestionType.TEXT, "Comment", "意见"),
    ])


def answer(study: Study, survey: Survey, **values: object) -> None:
    responses.add_response(study, survey, dict(values))


def test_every_edit_undoes_and_redoes_back_and_forth(study: Study, survey: Survey) -> None:
    """Apply a series of edits, undo all of them, redo all of them: the file matches at every step."""
    edits = [
        designer.add(Question("nps", QuestionType.NPS, "NPS", "推荐"), 0),
        designer.update("channel", label_zh="购物渠道", required=True),
        designer.set_props(load_survey(study, "cx").question("comment"), relevant="${csat} <= 2"),
        designer.set_choices("channel", [Choice("store", 1, "Store", "门店"), Choice("app", 2, "App", "App"),
                                         Choice("web", 3, "Web", "官网")]),
        designer.set_choices("problems", [Choice("wait", 1, "Waiting", "排队"), Choice("rude", 2, "Rude", "态度差")]),
        designer.move("channel", 2),
        designer.move("comment", 4, "feedback"),
        designer.rename("csat", "satisfaction"),
        designer.remove("nps"),
        designer.update_survey(title_zh="新标题", props={"groups": [{"code": "feedback", "label_zh": "反馈"}]}),
    ]
    snapshots = [stored(study, survey)]
    inverses: list[Edit] = []
    for edit in edits:
        change = apply(study, survey, edit)
        assert change.inverse is not None
        inverses.append(change.inverse)
        snapshots.append(stored(study, survey))
        assert survey_to_dict(survey) == snapshots[-1]
    # the rename carried the logic along
    assert load_survey(study, "cx").question("comment").props["relevant"] == "${satisfaction} <= 2"
    redo: list[Edit] = []
    for inverse, before in zip(reversed(inverses), reversed(snapshots[:-1])):
        back = apply(study, survey, inverse)
        assert back.inverse is not None
        redo.append(back.inverse)
        now = stored(study, survey)
        assert {k: v for k, v in now.items() if k != "version"} == {k: v for k, v in before.items() if k != "version"}
    for edit, after in zip(reversed(redo), snapshots[1:]):
        apply(study, survey, edit)
        now = stored(study, survey)
        assert {k: v for k, v in now.items() if k != "version"} == {k: v for k, v in after.items() if k != "version"}
    assert "problems__rude" in columns(study, survey) and "problems__price" not in columns(study, survey)
    assert study.integrity() == "ok"


def test_structural_edits_bump_the_version_and_keep_its_definition(study: Study, survey: Survey) -> None:
    assert survey.version == 1
    apply(study, survey, designer.update("channel", label_en="Shopping channel"))
    apply(study, survey, designer.move("comment", 0))
    assert load_survey(study, "cx").version == 1
    apply(study, survey, designer.add(Question("ces", QuestionType.RATING, "CES", "费力度", props={"points": 7})))
    assert load_survey(study, "cx").version == survey.version == 2
    old = version_definition(study.conn, "cx", 1)
    assert old is not None and "ces" not in [q.code for q in old.questions]
    assert "ces" in [q.code for q in version_definition(study.conn, "cx", 2).questions]  # type: ignore[union-attr]


def test_removing_an_answered_question_archives_it_with_its_data(study: Study, survey: Survey) -> None:
    answer(study, survey, channel=2, comment="排队太久")
    change = apply(study, survey, designer.remove("comment"))
    assert change.inverse == designer.restore("comment")
    reloaded = load_survey(study, "cx")
    assert reloaded.question("comment").archived
    assert "comment" in columns(study, survey)
    assert study.conn.execute(f'SELECT comment FROM "{survey.response_table}"').fetchone() == ("排队太久",)
    apply(study, survey, change.inverse)
    assert not load_survey(study, "cx").question("comment").archived


def test_removing_an_unanswered_question_drops_its_columns(study: Study, survey: Survey) -> None:
    answer(study, survey, channel=1)
    change = apply(study, survey, designer.remove("problems"))
    assert "problems__wait" not in columns(study, survey)
    assert "problems" not in [q.code for q in load_survey(study, "cx").questions]
    apply(study, survey, change.inverse)  # type: ignore[arg-type]
    assert [q.code for q in load_survey(study, "cx").questions] == ["channel", "problems", "csat", "comment"]
    assert "problems__wait" in columns(study, survey)


def test_answered_choice_keeps_its_code_unless_recoded(study: Study, survey: Survey) -> None:
    answer(study, survey, channel=2)
    answer(study, survey, channel=2)
    answer(study, survey, channel=1)
    before = stored(study, survey)
    with raises_message(ModelError, "designer.answered_choice", "app"):
        apply(study, survey, designer.set_choices("channel", [Choice("store", 1, "Store", "门店"),
                                                              Choice("mobile", 2, "Mobile", "手机")]))
    with raises_message(ModelError, "designer.answered_choice", "app"):
        apply(study, survey, designer.set_choices("channel", [Choice("store", 1, "Store", "门店"),
                                                              Choice("app", 5, "App", "App")]))
    assert stored(study, survey) == before
    # the explicit recode: app (2) becomes mobile (7), store (1) stays; answers rewritten in the same step
    new = [Choice("store", 1, "Store", "门店"), Choice("mobile", 7, "Mobile", "手机")]
    change = apply(study, survey, designer.recode("channel", {"app": "mobile"}, new))
    values = sorted(v for (v,) in study.conn.execute(f'SELECT channel FROM "{survey.response_table}"'))
    assert values == [1, 7, 7]
    assert change.structural and change.inverse is not None
    apply(study, survey, change.inverse)
    values = sorted(v for (v,) in study.conn.execute(f'SELECT channel FROM "{survey.response_table}"'))
    assert values == [1, 2, 2]
    assert [c.code for c in load_survey(study, "cx").question("channel").choices] == ["store", "app"]


def test_recode_can_swap_values_and_merge_categories(study: Study, survey: Survey) -> None:
    for value in (1, 1, 2):
        answer(study, survey, channel=value)
    swapped = [Choice("store", 2, "Store", "门店"), Choice("app", 1, "App", "App")]
    apply(study, survey, designer.recode("channel", {"store": "store", "app": "app"}, swapped))
    assert sorted(v for (v,) in study.conn.execute(f'SELECT channel FROM "{survey.response_table}"')) == [1, 2, 2]
    merged = [Choice("any", 1, "Any", "任意")]
    merged.append(Choice("none", 2, "None", "无"))
    change = apply(study, survey, designer.recode("channel", {"store": "any", "app": "any"}, merged))
    assert change.inverse is None  # a merge cannot be undone: said, not pretended
    assert {v for (v,) in study.conn.execute(f'SELECT channel FROM "{survey.response_table}"')} == {1}


def test_recode_of_multiple_choice_renames_columns_with_their_data(study: Study, survey: Survey) -> None:
    answer(study, survey, problems__wait=1, problems__price=0)
    new = [Choice("queue", 1, "Queue", "排队"), Choice("price", 2, "Price", "价格")]
    change = apply(study, survey, designer.recode("problems", {"wait": "queue"}, new))
    row = study.conn.execute(f'SELECT problems__queue, problems__price FROM "{survey.response_table}"').fetchone()
    assert row == (1, 0)
    assert "problems__wait" not in columns(study, survey)
    apply(study, survey, change.inverse)  # type: ignore[arg-type]
    assert study.conn.execute(f'SELECT problems__wait FROM "{survey.response_table}"').fetchone() == (1,)
    with pytest.raises(ModelError):
        apply(study, survey, designer.recode("problems", {"wait": "x", "price": "x"}, [Choice("x", 1), Choice("y", 2)]))


def test_answered_question_cannot_be_renamed_and_scale_cannot_shrink_under_answers(study: Study,
                                                                                  survey: Survey) -> None:
    answer(study, survey, csat=5)
    with raises_message(ModelError, "designer.rename_answered", "csat"):
        apply(study, survey, designer.rename("csat", "sat"))
    with raises_message(ModelError, "designer.scale_answered"):
        apply(study, survey, designer.update("csat", props={"points": 4}))
    apply(study, survey, designer.update("csat", props={"points": 7}))
    assert load_survey(study, "cx").question("csat").props == {"points": 7}


def test_logic_pointing_later_unknown_or_archived_is_refused(study: Study, survey: Survey) -> None:
    comment = survey.question("comment")
    with raises_message(ModelError, "designer.bad_logic"):
        apply(study, survey, designer.set_props(comment, relevant="${nope} = 1"))
    channel = survey.question("channel")
    with raises_message(ModelError, "designer.bad_logic"):
        apply(study, survey, designer.set_props(channel, relevant="${csat} > 3"))
    apply(study, survey, designer.set_props(comment, relevant="${channel} = '门店'"))
    # moving the comment above the channel would make its logic look forward: refused, nothing moved
    with pytest.raises(ModelError):
        apply(study, survey, designer.move("comment", 0))
    with raises_message(ModelError, "designer.in_use_remove"):
        apply(study, survey, designer.remove("channel"))
    assert [q.code for q in load_survey(study, "cx").questions] == ["channel", "problems", "csat", "comment"]
    assert designer.logic_problems(survey, comment, "relevant", "${csat} >= ") != []
    assert designer.logic_problems(survey, comment, "relevant", "${csat} >= 4") == []


def test_matrix_rows_with_answers_stay(study: Study, survey: Survey) -> None:
    apply(study, survey, designer.add(Question("attr", QuestionType.MATRIX, "Rate", "评价",
                                               items=[Item("staff", "Staff", "员工"), Item("queue", "Queue", "排队")],
                                               props={"points": 5})))
    answer(study, survey, attr__staff=4)
    with raises_message(ModelError, "designer.answered_item", "staff"):
        apply(study, survey, designer.set_items("attr", [Item("queue", "Queue", "排队")]))
    change = apply(study, survey, designer.set_items("attr", [Item("staff", "Staff", "员工")]))
    assert "attr__queue" not in columns(study, survey)
    apply(study, survey, change.inverse)  # type: ignore[arg-type]
    assert "attr__queue" in columns(study, survey)


def test_failed_edit_changes_nothing_in_memory_or_on_disk(study: Study, survey: Survey) -> None:
    before_memory = survey_to_dict(survey)
    before_disk = stored(study, survey)
    with pytest.raises(ModelError):
        apply(study, survey, designer.add(Question("channel", QuestionType.TEXT)))
    with pytest.raises(ModelError):
        apply(study, survey, Edit("explode", "channel"))
    assert survey_to_dict(survey) == before_memory and stored(study, survey) == before_disk


def test_templates_load_and_make_surveys(study: Study) -> None:
    names = [t.name for t in designer.list_templates()]
    assert names == ["nps", "csat", "ces", "mystery_shopper"]
    for template in designer.list_templates():
        made = designer.create_from_template(study, template.name)
        assert made.questions == load_survey(study, made.code).questions
        assert template.title("zh") and template.about("en")
    shop = load_survey(study, "mystery_shop")
    checklist = [q for q in shop.questions if q.type is QuestionType.CHECKLIST]
    assert len({q.group for q in checklist}) == 4 and all(q.props["weight"] > 0 for q in checklist)
    from xmdesk.core.fieldwork.entry import compliance

    answers = {q.code: 1 for q in checklist}
    answers["greet"] = 2  # "no" on a weight-3 item
    score = compliance(shop, answers).percent
    total = sum(q.props["weight"] for q in checklist)
    assert score == round(100 * (total - 3) / total, 1)
    with raises_message(ModelError, "designer.template_not_found", "nosuch"):
        designer.load_template("nosuch")


def test_template_json_is_valid(tmp_path: Path) -> None:
    for path in designer.templates_dir().glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"name_en", "name_zh", "about_en", "about_zh"} <= set(data["template"])


def test_history_survives_in_the_file(study: Study, survey: Survey, tmp_path: Path) -> None:
    apply(study, survey, designer.remove("comment"))
    rows = sqlite3.connect(study.path).execute("SELECT version, change FROM survey_versions ORDER BY version")
    assert list(rows) == [(1, "create"), (2, "remove comment")]


def test_checklist_answers_given_from_default_choices_keep_their_meaning(study: Study, survey: Survey) -> None:
    apply(study, survey, designer.add(Question("greet", QuestionType.CHECKLIST, "Greeted", "问候",
                                               props={"weight": 2})))
    answer(study, survey, greet=2)  # "no" among the default yes / no / n.a.
    with raises_message(ModelError, "designer.answered_choice", "no"):
        apply(study, survey, designer.set_choices("greet", [Choice("yes", 1, "Yes", "是", 1.0),
                                                            Choice("no", 0, "No", "否", 0.0)]))
    apply(study, survey, designer.set_choices("greet", [Choice("yes", 1, "Yes", "是", 1.0),
                                                        Choice("no", 2, "Not done", "未做到", 0.0)]))
    assert load_survey(study, "cx").question("greet").choices[1].label_zh == "未做到"


def test_a_survey_title_is_a_designer_edit_with_undo_and_never_left_empty(study: Study, survey: Survey) -> None:
    change = apply(study, survey, designer.set_title("zh", "  门店体验回访 "))
    assert load_survey(study, "cx").title_zh == "门店体验回访"
    assert change.inverse is not None
    apply(study, survey, change.inverse)
    assert load_survey(study, "cx").title_zh == "体验"
    apply(study, survey, designer.set_title("en", ""))
    with pytest.raises(ModelError) as refused:
        apply(study, survey, designer.set_title("zh", "   "))
    assert refused.value.message_id == "designer.title_empty"
    stored_survey = load_survey(study, "cx")
    assert (stored_survey.title_zh, stored_survey.title_en) == (survey.title_zh, survey.title_en) == ("体验", "")
