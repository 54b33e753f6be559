"""The survey designer driven by clicks and keys on a real study file: build, undo/redo, logic, preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ShownMessages
from xmdesk.core.loop import alerts
from xmdesk.core.journey import maps as journeys
from xmdesk.core.survey import responses
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, create_survey, load_survey
from xmdesk.gui.surveys.area import SurveysArea
from xmdesk.gui.designer.widget import DesignerWidget


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Study]:
    with Study.create(tmp_path / "design.xmd") as opened:
        create_survey(opened, "cx", "CX", "体验调研")
        yield opened


@pytest.fixture
def area(qtbot: QtBot, study: Study) -> SurveysArea:
    widget = SurveysArea(study)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    return widget


def add_by_keys(qtbot: QtBot, designer: DesignerWidget, kind: QuestionType) -> None:
    """Pick a type in the palette and press Enter."""
    palette = designer.type_palette
    palette.setFocus()
    palette.setCurrentRow(list(QuestionType).index(kind))
    qtbot.keyClick(palette, Qt.Key.Key_Return)


def type_into(qtbot: QtBot, edit, text: str) -> None:  # noqa: ANN001 - a QLineEdit
    """Type and press Enter; Chinese arrives as an input method commits it (QTest types ASCII only)."""
    edit.setFocus()
    edit.selectAll()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def undo(qtbot: QtBot, designer: DesignerWidget) -> None:
    qtbot.keyClick(designer.questions, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(qtbot: QtBot, designer: DesignerWidget) -> None:
    qtbot.keyClick(designer.questions, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def stored_codes(study: Study) -> list[str]:
    return [q.code for q in load_survey(study, "cx").questions]


def test_build_a_survey_with_keys_then_undo_and_redo_back_and_forth(qtbot: QtBot, area: SurveysArea,
                                                                    study: Study) -> None:
    designer = area.designer()
    assert designer is not None
    add_by_keys(qtbot, designer, QuestionType.SINGLE)
    add_by_keys(qtbot, designer, QuestionType.NPS)
    add_by_keys(qtbot, designer, QuestionType.TEXT)
    assert stored_codes(study) == ["q1", "q2", "q3"]
    assert [q.type for q in load_survey(study, "cx").questions] == [QuestionType.SINGLE, QuestionType.NPS,
                                                                     QuestionType.TEXT]
    designer.questions.setCurrentRow(1)
    type_into(qtbot, designer.panel.label_zh, "推荐意愿")
    designer.panel.required.setFocus()
    qtbot.keyClick(designer.panel.required, Qt.Key.Key_Space)
    stored = load_survey(study, "cx").question("q2")
    assert (stored.label_zh, stored.required) == ("推荐意愿", True)
    assert designer.undo_stack.count() == 5

    for _ in range(5):
        undo(qtbot, designer)
    assert stored_codes(study) == []
    assert designer.questions.count() == 0
    for _ in range(5):
        redo(qtbot, designer)
    stored = load_survey(study, "cx").question("q2")
    assert (stored.label_zh, stored.required) == ("推荐意愿", True)
    assert stored_codes(study) == ["q1", "q2", "q3"]
    # and back once more, then forward: the file follows every step
    undo(qtbot, designer)
    undo(qtbot, designer)
    assert load_survey(study, "cx").question("q2").label_zh == "新题目"
    redo(qtbot, designer)
    assert load_survey(study, "cx").question("q2").label_zh == "推荐意愿"
    assert study.integrity() == "ok"


def test_logic_is_checked_as_you_type_and_the_preview_obeys_it(qtbot: QtBot, area: SurveysArea,
                                                               study: Study) -> None:
    designer = area.designer()
    assert designer is not None
    add_by_keys(qtbot, designer, QuestionType.SINGLE)
    add_by_keys(qtbot, designer, QuestionType.TEXT)
    panel = designer.panel
    logic = panel.relevant
    # a question that does not exist: said under the field while typing, and not saved
    logic.edit.setFocus()
    qtbot.keyClicks(logic.edit, "${q9} = 1")
    assert logic.problem.isVisible() and "q9" in logic.problem.text()
    qtbot.keyClick(logic.edit, Qt.Key.Key_Return)
    assert "relevant" not in load_survey(study, "cx").question("q2").props
    # a later question: q1 may not look at q2
    designer.questions.setCurrentRow(0)
    type_into(qtbot, panel.relevant.edit, "${q2} != ''")
    assert "q2" in panel.relevant.problem.text()
    assert "relevant" not in load_survey(study, "cx").question("q1").props
    # a sound one is saved, and the preview shows q2 only when q1 is the first choice
    designer.questions.setCurrentRow(1)
    type_into(qtbot, panel.relevant.edit, "${q1} = 'a1'")
    assert not panel.relevant.problem.isVisible()
    assert load_survey(study, "cx").question("q2").props["relevant"] == "${q1} = 'a1'"
    qtbot.waitUntil(lambda: designer.preview is not None and "q2" in designer.preview.fields)
    preview = designer.preview
    preview.set_answers({"q1": 2})
    assert preview.shown_codes() == ["q1"]
    preview.set_answers({"q1": 1})
    assert preview.shown_codes() == ["q1", "q2"]
    # undoing the logic shows q2 again whatever q1 says
    undo(qtbot, designer)
    qtbot.waitUntil(lambda: designer.preview is not preview)
    designer.preview.set_answers({"q1": 2})
    assert designer.preview.shown_codes() == ["q1", "q2"]


def test_reorder_by_drag_and_archive_answered_question(qtbot: QtBot, area: SurveysArea, study: Study) -> None:
    designer = area.designer()
    assert designer is not None
    for kind in (QuestionType.SINGLE, QuestionType.RATING, QuestionType.TEXT):
        add_by_keys(qtbot, designer, kind)
    # what a drop does to the list's model: row 0 moved below row 2
    model = designer.questions.model()
    assert model.moveRow(QModelIndex(), 0, QModelIndex(), 3)
    qtbot.waitUntil(lambda: stored_codes(study) == ["q2", "q3", "q1"])
    undo(qtbot, designer)
    assert stored_codes(study) == ["q1", "q2", "q3"]

    survey = load_survey(study, "cx")
    responses.add_response(study, survey, {"q3": "很好"})
    designer.questions.setCurrentRow(2)
    designer.questions.setFocus()
    qtbot.keyClick(designer.questions, Qt.Key.Key_Delete)
    stored = load_survey(study, "cx").question("q3")
    assert stored.archived  # answered: archived with its data, not dropped
    assert "(archived)" in designer.questions.item(2).text()
    qtbot.mouseClick(designer.restore_button, Qt.MouseButton.LeftButton)
    assert not load_survey(study, "cx").question("q3").archived
    designer.questions.setCurrentRow(1)
    designer.questions.setFocus()
    qtbot.keyClick(designer.questions, Qt.Key.Key_Delete)
    assert stored_codes(study) == ["q1", "q3"]  # unanswered: gone, columns too
    undo(qtbot, designer)
    assert stored_codes(study) == ["q1", "q2", "q3"]


def test_answered_choice_change_is_refused_or_recoded(qtbot: QtBot, area: SurveysArea, study: Study,
                                                      message_boxes: ShownMessages,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    designer = area.designer()
    assert designer is not None
    add_by_keys(qtbot, designer, QuestionType.SINGLE)
    responses.add_response(study, load_survey(study, "cx"), {"q1": 2})
    table = designer.panel.choices
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    table.item(1, 1).setText("5")  # value 2 -> 5 on an answered choice
    assert load_survey(study, "cx").question("q1").choices[1].value == 2
    assert table.item(1, 1).text() == "2"  # the panel shows the model again
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    designer.panel.choices.item(1, 1).setText("5")
    assert load_survey(study, "cx").question("q1").choices[1].value == 5
    survey = load_survey(study, "cx")
    assert study.conn.execute(f'SELECT q1 FROM "{survey.response_table}"').fetchone() == (5,)
    undo(qtbot, designer)
    assert study.conn.execute(f'SELECT q1 FROM "{survey.response_table}"').fetchone() == (2,)


def test_new_survey_from_template_and_xlsform_round_trip(qtbot: QtBot, area: SurveysArea, study: Study,
                                                         tmp_path: Path, message_boxes: ShownMessages) -> None:
    dialog = area.new_survey("mystery_shopper")
    assert dialog.code.text() == "mystery_shop"
    dialog._create()  # what OK does
    assert area.current_survey() is not None and area.current_survey().code == "mystery_shop"
    assert area.survey_list.count() == 2
    assert area.export_path(str(tmp_path / "shop.xlsx"))
    with Study.create(tmp_path / "other.xmd") as other:
        second = SurveysArea(other)
        qtbot.addWidget(second)
        assert second.import_path(str(tmp_path / "shop.xlsx"))
        assert load_survey(other, "mystery_shop").questions == load_survey(study, "mystery_shop").questions
        assert not second.import_path(str(tmp_path / "shop.xlsx"))  # already there: said, nothing changed
    assert any("mystery_shop" in text for text in message_boxes.texts("critical"))


def test_the_import_dialog_offers_every_form_pyxform_reads(area: SurveysArea, study: Study,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           message_boxes: ShownMessages) -> None:
    """An .xls form from pyxform's own tests, picked in the dialog, imports; the dialog lists .xls, .csv, .md."""
    from PySide6.QtWidgets import QFileDialog

    form = Path(__file__).parent.parent / "data" / "xlsform" / "pyxform" / "badly_named_choices_sheet.xls"
    offered: list[str] = []

    def pick(parent: object, title: str, folder: str, filters: str) -> tuple[str, str]:
        offered.append(filters)
        return str(form), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    area.import_form()
    assert {"*.xlsx", "*.xls", "*.csv", "*.md"} <= set(offered[0].split("(")[1].rstrip(")").split())
    assert [q.code for q in load_survey(study, "badly_named_choices_sheet").questions] == ["age", "name", "color"]
    assert message_boxes.texts("critical") == []


def test_groups_are_named_and_the_preview_shows_them(qtbot: QtBot, area: SurveysArea, study: Study) -> None:
    designer = area.designer()
    assert designer is not None
    add_by_keys(qtbot, designer, QuestionType.SINGLE)
    add_by_keys(qtbot, designer, QuestionType.NUMBER)
    designer.questions.setCurrentRow(0)
    group_line = designer.panel.group.lineEdit()
    type_into(qtbot, group_line, "intro")
    assert load_survey(study, "cx").question("q1").group == "intro"
    assert designer.panel.group_zh.isVisible()
    type_into(qtbot, designer.panel.group_zh, "开场")
    designer.panel.group_page.setFocus()
    qtbot.keyClick(designer.panel.group_page, Qt.Key.Key_Space)
    assert load_survey(study, "cx").props["groups"] == [{"code": "intro", "label_zh": "开场", "page": True}]
    qtbot.waitUntil(lambda: "intro" in designer.preview.group_headers)
    assert designer.preview.group_headers["intro"].text() == "开场"
    undo(qtbot, designer)
    undo(qtbot, designer)
    assert load_survey(study, "cx").props.get("groups", []) == []


def test_the_surveys_area_of_the_demo_study_is_the_designer(qtbot: QtBot, window, demo_path: Path) -> None:  # noqa: ANN001
    window.open_study(demo_path)
    window.study_page.show_area("surveys")
    area = window.study_page.areas["surveys"]
    assert isinstance(area, SurveysArea)
    designer = area.designer()
    assert designer is not None and designer.questions.count() == 13
    qtbot.waitUntil(lambda: designer.preview is not None)
    designer.questions.setCurrentRow(4)
    assert designer.panel.code_edit.text() == "nps"
    assert designer.panel.low_zh.text() == "完全不可能"


def test_an_undo_the_answers_no_longer_allow_is_refused_and_said(qtbot: QtBot, area: SurveysArea, study: Study,
                                                                 message_boxes: ShownMessages) -> None:
    designer = area.designer()
    assert designer is not None
    add_by_keys(qtbot, designer, QuestionType.SINGLE)
    designer.panel.choices.item(1, 0).setText("b2")  # an unanswered choice may take a new code
    assert [c.code for c in load_survey(study, "cx").question("q1").choices] == ["a1", "b2"]
    responses.add_response(study, load_survey(study, "cx"), {"q1": 2})  # then someone answers b2
    undo(qtbot, designer)
    assert [c.code for c in load_survey(study, "cx").question("q1").choices] == ["a1", "b2"]
    assert any("b2" in text for text in message_boxes.texts("critical"))
    qtbot.waitUntil(lambda: designer.undo_stack.count() == 0)


def test_deleting_a_question_a_rule_and_a_journey_use_shows_them_and_keeps_the_survey(
        qtbot: QtBot, area: SurveysArea, study: Study, message_boxes: ShownMessages) -> None:
    """The issue's repro in the designer: a detractor rule on q1, then q1 deleted (no answers yet)."""
    designer = area.designer()
    assert designer is not None
    add_by_keys(qtbot, designer, QuestionType.NPS)
    add_by_keys(qtbot, designer, QuestionType.TEXT)
    alerts.save_rule(study, alerts.Rule("贬损者跟进", "detractor", {"question": "q1", "max": 6}, "cx"))
    journeys.save_journey(study, journeys.Journey("购买旅程", items=[journeys.JourneyItem(
        "touchpoint", "门店", stage=0, link=journeys.Link("cx", "q1", "nps"))]))
    columns = study.conn.execute('SELECT * FROM "responses_cx"').description

    designer.questions.setCurrentRow(0)
    designer.questions.setFocus()
    qtbot.keyClick(designer.questions, Qt.Key.Key_Delete)

    (shown,) = message_boxes.texts("critical")
    assert "alert rule '贬损者跟进'" in shown and "journey '购买旅程' touchpoint '门店'" in shown
    assert stored_codes(study) == ["q1", "q2"]
    assert study.conn.execute('SELECT * FROM "responses_cx"').description == columns
    assert [designer.questions.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)] == ["q1", "q2"]
    assert designer.undo_stack.count() == 2  # nothing pushed: the two adds still undo as before


def test_renaming_a_used_question_offers_to_update_its_users_and_undo_takes_them_back(
        qtbot: QtBot, area: SurveysArea, study: Study, message_boxes: ShownMessages,
        monkeypatch: pytest.MonkeyPatch) -> None:
    designer = area.designer()
    assert designer is not None
    add_by_keys(qtbot, designer, QuestionType.NPS)
    rule_id = alerts.save_rule(study, alerts.Rule("贬损者跟进", "detractor", {"question": "q1"}, "cx", filter="${q1} < 7"))
    designer.questions.setCurrentRow(0)

    type_into(qtbot, designer.panel.code_edit, "nps")  # the stubbed question answers Ok: not Yes
    assert stored_codes(study) == ["q1"] and designer.panel.code_edit.text() == "q1"
    assert "alert rule '贬损者跟进'" in message_boxes.texts("question")[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    type_into(qtbot, designer.panel.code_edit, "nps")
    rule = alerts.get_rule(study, rule_id)
    assert stored_codes(study) == ["nps"] and (rule.definition["question"], rule.filter) == ("nps", "${nps} < 7")
    undo(qtbot, designer)
    rule = alerts.get_rule(study, rule_id)
    assert stored_codes(study) == ["q1"] and (rule.definition["question"], rule.filter) == ("q1", "${q1} < 7")
