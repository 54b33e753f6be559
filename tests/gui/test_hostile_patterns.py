"""The Data area's filter with hostile regular expressions (issue 16, case 4): a catastrophic pattern returns,
a refused one is said beside the filter; neither freezes the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.hostile import EVIL, hang_guard, with_comments


def test_a_catastrophic_filter_returns_and_a_refused_one_is_said_beside_it(window, demo_path: Path, qtbot,
                                                                           tmp_path: Path) -> None:
    evil_id, plain_id = with_comments(demo_path, [EVIL, "a" * 30])
    window.open_study(demo_path)
    area = window.study_page.areas["data"]
    area.search_edit.setText("regex(${like_text}, '(a+)+$')")
    with hang_guard():
        with qtbot.waitSignal(area.model.modelReset, timeout=20_000):
            qtbot.keyClick(area.search_edit, Qt.Key.Key_Return)
    assert area.model.rowCount() == 1 and area.model.id_at(0) == plain_id != evil_id
    assert area.count_label.text() == "1 response match"

    area.search_edit.setText(r"regex(${like_text}, '(a+)\1')")
    qtbot.keyClick(area.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "refers back" in area.count_label.text(), timeout=5000)
    assert r"(a+)\1" in area.count_label.text()
    assert area.model.rowCount() == 1  # the last good filter stays
    area.grab().save(str(tmp_path / "data_filter_refused_pattern.png"))
