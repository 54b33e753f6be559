"""Ctrl+1…9 switch areas of an open study, in the navigation's order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from xmdesk.gui.navigation import AREA_KEYS


def test_ctrl_and_a_digit_show_that_area(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    window.open_study(demo_path)
    page = window.study_page
    window.activateWindow()
    qtbot.waitActive(window)
    for digit, key in [(3, AREA_KEYS[2]), (1, AREA_KEYS[0]), (9, AREA_KEYS[8])]:
        QTest.keyClick(page.nav, Qt.Key(Qt.Key.Key_0 + digit), Qt.KeyboardModifier.ControlModifier)
        assert page.current_area() == key
    assert "Ctrl+1" in page.nav.item(0).toolTip()
