"""Resolving a case says what happened and can be undone (the core keeps a history entry of the undo)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from xmdesk.core.loop import cases
from xmdesk.core.study.file import Study
from xmdesk.gui.study_page import StudyPage


@pytest.fixture
def page(qtbot: QtBot, demo_path: Path, english_ui: None) -> Iterator[StudyPage]:
    """The Cases area on its study page, which passes each write's changes to the board."""
    study = Study.open(demo_path)
    shown = StudyPage(study)
    qtbot.addWidget(shown)
    shown.resize(1280, 760)
    shown.show()
    shown.show_area("cases")
    yield shown
    shown.stop_listening()
    study.close()


def test_resolving_a_case_says_so_and_undo_takes_it_back(qtbot: QtBot, page: StudyPage) -> None:
    board = page.areas["cases"].board
    row = next(r for r, case in enumerate(board.model.rows) if case.status == "new")
    board.view.selectRow(row)
    detail = board.detail
    case_id = detail.case.id
    detail.status_combo.setCurrentIndex(detail.status_combo.findData("resolved"))
    detail.apply_button.click()

    bar = detail.undo_bar
    assert cases.get_case(page.study, case_id).status == "resolved"
    assert detail.case is None or detail.case.id != case_id  # resolved, it left the board of open cases
    assert bar.isVisible() and bar.label.text() == f"Case #{case_id}: New → Resolved."  # and the line stays
    bar.undo_button.click()
    assert cases.get_case(page.study, case_id).status == "new"
    assert bar.label.text() == f"Undone: case #{case_id} is back at New." and not bar.undo_button.isVisible()
    qtbot.waitUntil(lambda: case_id in [case.id for case in board.model.rows])  # back on the board
    board.view.selectRow([case.id for case in board.model.rows].index(case_id))
    last = detail.history.topLevelItem(detail.history.topLevelItemCount() - 1).text(2)
    assert last == "Resolved → New  (undone)"
