"""The journey canvas driven like a user: drops from the palette, drags, resizes, undo/redo, save and reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from xmdesk.core.journey import maps as J
from xmdesk.core.analysis import metrics
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.journey.editor import JourneyEditor
from xmdesk.gui.journey.scene import CardItem, LaneItem
from xmdesk.render import journey as R

DEMO_JOURNEY = "零售门店购物旅程"


@pytest.fixture
def editor(qtbot, demo_path: Path):  # noqa: ANN001
    study = Study.open(demo_path)
    widget = JourneyEditor(study)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.view.resetTransform()  # 100 %: one scene unit is one pixel
    yield widget
    widget.close()
    study.close()


def viewport_point(editor: JourneyEditor, scene_point: QPointF) -> QPoint:
    editor.view.centerOn(scene_point)
    QApplication.processEvents()
    return editor.view.mapFromScene(scene_point)


def mouse(editor: JourneyEditor, kind: QEvent.Type, at: QPoint, buttons: Qt.MouseButton) -> None:
    viewport = editor.view.viewport()
    event = QMouseEvent(kind, QPointF(at), QPointF(viewport.mapToGlobal(at)), Qt.MouseButton.LeftButton, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def drag(qtbot, editor: JourneyEditor, start: QPoint, end: QPoint) -> None:  # noqa: ANN001
    """Press, move in steps, release: what a mouse drag sends to the view's viewport."""
    held = Qt.MouseButton.LeftButton
    mouse(editor, QEvent.Type.MouseButtonPress, start, held)
    for step in range(1, 6):
        mouse(editor, QEvent.Type.MouseMove, start + (end - start) * step / 5, held)
    mouse(editor, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    qtbot.wait(20)  # edits are pushed once the mouse event is over


def drop_from_palette(editor: JourneyEditor, kind: str, at: QPoint) -> None:
    row = next(r for r in range(editor.elements.count())
               if editor.elements.item(r).data(Qt.ItemDataRole.UserRole) == kind)
    data = editor.elements.mimeData([editor.elements.item(row)])
    # Qt delivers a drop only to the target of a running QDrag (a nested event loop a test cannot
    # drive offscreen), so the view's own handlers get the events the drag would bring.
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    editor.view.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(at), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    editor.view.dropEvent(event)
    assert event.isAccepted()


def test_opens_the_demo_journey_with_live_scores(editor: JourneyEditor) -> None:
    scene = editor.scene
    assert scene is not None and scene.journey.name == DEMO_JOURNEY
    cards = [item for item in scene.items() if isinstance(item, CardItem)]
    assert len(cards) == len(scene.journey.items)
    assert len([item for item in scene.items() if isinstance(item, LaneItem)]) == 5
    linked = [i for i, item in enumerate(scene.journey.items) if item.link is not None]
    assert linked and all(scene.card(i) is not None and scene.card(i).value is not None for i in linked)


def test_linked_card_equals_the_analysis_engine(editor: JourneyEditor) -> None:
    scene = editor.scene
    assert scene is not None
    index = next(i for i, item in enumerate(scene.journey.items) if item.name == "门店环境")
    link = scene.journey.items[index].link
    assert link is not None and link.filter == "${channel} = 1"
    survey = load_survey(scene.study, "retail_cx")
    frame = load_frame(scene.study, survey, ["attr", "channel"])
    expected = metrics.mean(frame.loc[(frame["channel"] == 1).to_numpy(dtype=bool, na_value=False), "attr__env"])
    card = scene.card(index)
    assert card is not None and card.value == pytest.approx(expected.mean) and card.n == expected.n
    assert R.format_score(card) == f"{expected.mean:.2f}"


def test_drop_move_resize_undo_redo_and_reopen(qtbot, editor: JourneyEditor, demo_path: Path) -> None:  # noqa: ANN001
    scene = editor.scene
    assert scene is not None
    count = len(scene.journey.items)
    # Drop a pain point from the palette into the empty bottom of the 使用 lane.
    target = QPointF(860, 560)
    drop_from_palette(editor, "pain_point", viewport_point(editor, target))
    assert len(scene.journey.items) == count + 1
    added = scene.journey.items[-1]
    assert added.kind == "pain_point" and added.stage == 3
    assert added.x == J.snap(target.x() - added.w / 2) and added.y == J.snap(target.y() - added.h / 2)

    # Drag it by its middle 260 px to the right: it moves into the 忠诚 lane, snapped to the grid.
    start = viewport_point(editor, QPointF(added.x + 40, added.y + 30))
    drag(qtbot, editor, start, start + QPoint(260, 0))
    moved = scene.journey.items[-1]
    assert (moved.x, moved.y, moved.stage) == (added.x + 260, added.y, 4)

    # Resize it by its grip (it is selected after the drag).
    card = scene.cards[-1]
    assert card.isSelected()
    grip = viewport_point(editor, QPointF(moved.x + moved.w, moved.y + moved.h))
    drag(qtbot, editor, grip, grip + QPoint(60, 40))
    resized = scene.journey.items[-1]
    assert (resized.w, resized.h) == (moved.w + 60, moved.h + 40)

    # Undo the resize, the move and the drop; then redo them all.
    stack = scene.undo_stack
    assert stack.count() == 3
    editor.undo()
    assert scene.journey.items[-1] == moved
    editor.undo()
    assert scene.journey.items[-1] == added
    editor.undo()
    assert len(scene.journey.items) == count
    for _ in range(3):
        editor.redo()
    assert scene.journey.items[-1] == resized

    # Saved after every edit: the reopened study has exactly the canvas's journey.
    shown = scene.journey
    editor.study.close()
    with Study.open(demo_path) as reopened:
        assert J.load_journey(reopened, DEMO_JOURNEY) == shown


def test_drag_an_emotion_point_moves_only_up_and_down(qtbot, editor: JourneyEditor) -> None:  # noqa: ANN001
    scene = editor.scene
    assert scene is not None
    index = next(i for i, item in enumerate(scene.journey.items) if item.kind == "emotion" and item.stage == 2)
    rect = R.item_rect(scene.journey, scene.journey.items[index])
    start = viewport_point(editor, rect.center())
    top, _ = J.emotion_band(scene.journey)
    drag(qtbot, editor, start, start + QPoint(100, round(top + 9 - rect.center().y())))
    item = scene.journey.items[index]
    assert item.stage == 2 and item.props["value"] == pytest.approx(1.0, abs=0.02)


def test_stage_header_drag_reorders_and_delete_removes_selection(qtbot, editor: JourneyEditor) -> None:  # noqa: ANN001
    scene = editor.scene
    assert scene is not None
    header = viewport_point(editor, QPointF(60, J.LANE_TOP + 20))
    drag(qtbot, editor, header, header + QPoint(280, 0))
    assert [s.name for s in scene.journey.stages][:2] == ["考虑", "认知"]
    assert scene.current_stage == 0
    # A click on the empty canvas lets go of the stage: Delete then removes nothing.
    empty = viewport_point(editor, QPointF(300, 560))
    mouse(editor, QEvent.Type.MouseButtonPress, empty, Qt.MouseButton.LeftButton)
    mouse(editor, QEvent.Type.MouseButtonRelease, empty, Qt.MouseButton.NoButton)
    editor.commands["delete"].trigger()
    assert len(scene.journey.stages) == 5
    count = len(scene.journey.items)
    scene.cards[0].setSelected(True)
    scene.cards[1].setSelected(True)
    editor.commands["delete"].trigger()
    assert len(scene.journey.items) == count - 2
    editor.commands["copy"].trigger()  # nothing selected now: nothing copied, nothing breaks
    editor.undo()
    assert len(scene.journey.items) == count


def test_copy_paste_and_templates(qtbot, editor: JourneyEditor, monkeypatch) -> None:  # noqa: ANN001
    scene = editor.scene
    assert scene is not None
    scene.cards[0].setSelected(True)
    editor.commands["copy"].trigger()
    editor.commands["paste"].trigger()
    pasted = scene.journey.items[-1]
    original = scene.journey.items[0]
    assert pasted.name == original.name and (pasted.x, pasted.y) == (original.x + 20, original.y + 20)
    assert pasted.link == original.link
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("电商旅程", True)))
    editor.new_journey("ecommerce_order")
    assert J.journey_names(editor.study) == [DEMO_JOURNEY, "电商旅程"]
    assert editor.scene is not None and editor.scene.journey.stages[0].name == "搜索"


def test_double_click_on_a_linked_card_shows_the_responses_behind_it(qtbot, editor: JourneyEditor,  # noqa: ANN001
                                                                     monkeypatch) -> None:  # noqa: ANN001
    from xmdesk.gui.journey.dialogs import BehindDialog

    shown: list[BehindDialog] = []
    monkeypatch.setattr(BehindDialog, "exec", lambda self: shown.append(self) or 0)
    scene = editor.scene
    assert scene is not None
    index = next(i for i, item in enumerate(scene.journey.items) if item.name == "社交媒体广告")
    rect = R.item_rect(scene.journey, scene.journey.items[index])
    at = viewport_point(editor, rect.center())
    mouse(editor, QEvent.Type.MouseButtonPress, at, Qt.MouseButton.LeftButton)
    mouse(editor, QEvent.Type.MouseButtonRelease, at, Qt.MouseButton.NoButton)
    mouse(editor, QEvent.Type.MouseButtonDblClick, at, Qt.MouseButton.LeftButton)
    mouse(editor, QEvent.Type.MouseButtonRelease, at, Qt.MouseButton.NoButton)
    qtbot.waitUntil(lambda: bool(shown))
    card = scene.card(index)
    assert card is not None
    table = shown[0].table
    assert table.rowCount() == min(card.n, 500)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert any("improve" in h.lower() or "改进" in h for h in headers)


def test_a_link_to_an_archived_question_shows_broken(qtbot, demo_path: Path) -> None:  # noqa: ANN001
    with Study.open(demo_path) as study:  # archived by an XMDesk before issue 15: the designer now refuses it
        study.conn.execute("UPDATE questions SET archived = 1 WHERE code = 'csat'"
                           " AND survey_id = (SELECT id FROM surveys WHERE code = 'retail_cx')")
    study = Study.open(demo_path)
    widget = JourneyEditor(study)
    qtbot.addWidget(widget)
    scene = widget.scene
    assert scene is not None
    index = next(i for i, item in enumerate(scene.journey.items) if item.name == "整体满意度")
    card = scene.card(index)
    assert card is not None and card.band == "broken" and "csat" in card.broken
    assert card.broken in scene.cards[index].toolTip()
    assert "1 broken link" in widget.status.text()
    widget.close()
    study.close()


def test_link_dialog_checks_the_filter_and_links_a_matrix_item(qtbot, editor: JourneyEditor) -> None:  # noqa: ANN001
    from xmdesk.gui.journey.dialogs import LinkDialog

    dialog = LinkDialog(editor.study, None)
    qtbot.addWidget(dialog)
    dialog.question_combo.setCurrentIndex(dialog.question_combo.findData("attr__queue"))
    assert dialog.metric_combo.currentData() == "mean"
    dialog.filter_edit.setText("${channel} = ")
    dialog.accept()
    assert dialog.result() == 0 and dialog.problem.text()  # refused, with the parser's message
    dialog.filter_edit.setText("${channel} = '门店'")
    dialog.accept()
    assert dialog.result() == 1
    assert dialog.link() == J.Link("retail_cx", "attr__queue", "mean", "${channel} = '门店'")


def test_dropping_a_stage_and_an_emotion_point(editor: JourneyEditor) -> None:
    scene = editor.scene
    assert scene is not None
    drop_from_palette(editor, "stage", viewport_point(editor, QPointF(400, 300)))  # on 考虑
    assert [s.name for s in scene.journey.stages][2] == "New stage" and len(scene.journey.stages) == 6
    lanes = J.lane_edges(scene.journey)
    centre = (lanes[2][0] + lanes[2][1]) / 2
    count = len(scene.journey.items)
    drop_from_palette(editor, "emotion", viewport_point(editor, QPointF(centre, J.emotion_y(scene.journey, 0.5))))
    assert len(scene.journey.items) == count + 1
    assert dict(J.emotion_points(scene.journey))[2] == pytest.approx(0.5, abs=0.05)
    editor.undo()
    editor.undo()
    assert len(scene.journey.stages) == 5 and len(scene.journey.items) == count
