"""The survey designer in a 13-inch laptop's window: every pane readable, the choice labels shown, the title editable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from xmdesk.core.survey.model import load_survey
from xmdesk.gui.designer.widget import PANE_MINIMUM

LAPTOPS = [(1280, 800), (1366, 768), (1024, 640)]  # the last: 1280×800 at 125% scaling


@pytest.mark.parametrize("size", LAPTOPS, ids=["1280x800", "1366x768", "1280x800@125"])
def test_every_pane_and_the_choice_labels_fit_a_laptop_window(window, demo_path: Path, size: tuple[int, int],
                                                              qtbot: QtBot) -> None:  # noqa: ANN001
    window.resize(*size)
    window.open_study(demo_path)
    window.study_page.show_area("surveys")
    designer = window.study_page.areas["surveys"].designer()
    designer.questions.setCurrentRow(0)  # region: a single choice with seven choices
    qtbot.waitUntil(lambda: designer.preview is not None)
    widths = designer.splitter.sizes()
    assert all(width >= minimum for width, minimum in zip(widths, PANE_MINIMUM.values())), widths
    assert designer.mapTo(window, designer.rect().bottomRight()).x() <= window.width()  # nothing cut off on the right
    choices = designer.panel.choices
    for column in (2, 3):  # 中文, English
        assert not choices.isColumnHidden(column)
        assert choices.columnWidth(column) >= 50, (column, choices.columnWidth(column))
    right_edge = sum(choices.columnWidth(c) for c in range(choices.columnCount()) if not choices.isColumnHidden(c))
    assert right_edge <= choices.viewport().width()  # no column scrolled out of sight
    buttons = (designer.up_button, designer.down_button, designer.remove_button, designer.restore_button,
               designer.undo_button, designer.redo_button)
    cut = [b.text() for b in buttons if b.width() < b.fontMetrics().horizontalAdvance(b.text()) + 12]
    assert not cut, cut  # every button's words shown whole (the window is in English, the longer words)


def test_the_title_is_edited_in_both_languages_and_undone(qtbot: QtBot, window, demo_path: Path) -> None:  # noqa: ANN001
    window.open_study(demo_path)
    window.study_page.show_area("surveys")
    area = window.study_page.areas["surveys"]
    designer = area.designer()
    before = load_survey(window.study, "retail_cx")
    english, chinese = designer.title_edits["en"], designer.title_edits["zh"]
    assert (chinese.text(), english.text()) == (before.title_zh, before.title_en)

    english.setFocus()
    english.selectAll()
    qtbot.keyClicks(english, "Store visits 2026")
    qtbot.keyClick(english, Qt.Key.Key_Return)
    assert load_survey(window.study, "retail_cx").title_en == "Store visits 2026"
    assert area.survey_list.currentItem().text().startswith("Store visits 2026")  # the window is in English
    chinese.setFocus()
    chinese.selectAll()
    chinese.insert("门店体验回访 2026")  # as an input method commits it (QTest cannot type Chinese keys)
    qtbot.keyClick(chinese, Qt.Key.Key_Return)
    assert load_survey(window.study, "retail_cx").title_zh == "门店体验回访 2026"
    english.setFocus()
    english.selectAll()
    qtbot.keyClick(english, Qt.Key.Key_Delete)
    chinese.setFocus()  # leaving the field commits it
    assert load_survey(window.study, "retail_cx").title_en == ""  # the Chinese title still names it

    for _ in range(3):
        designer.undo_stack.undo()
    after = load_survey(window.study, "retail_cx")
    assert (after.title_zh, after.title_en) == (before.title_zh, before.title_en)
    assert (chinese.text(), english.text()) == (before.title_zh, before.title_en)
