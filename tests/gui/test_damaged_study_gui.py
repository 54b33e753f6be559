"""A study damaged where the checks on opening cannot see it (text that is not UTF-8) is said damaged in the
window, with the recovery command, and the study open before stays open (issue 16; before: an "inside XMDesk"
box from the excepthook, and the window left between two studies)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.core.test_hostile_study import undecodable_copy, unparsable_copy
from tests.gui.conftest import ShownMessages


def test_opening_a_study_whose_text_is_not_utf8_says_damaged_and_keeps_the_open_one(
        window, demo_path: Path, tmp_path: Path, message_boxes: ShownMessages) -> None:  # noqa: ANN001
    good = tmp_path / "good.xmd"
    shutil.copy(demo_path, good)
    assert window.open_study(good)
    damaged = undecodable_copy(demo_path, tmp_path / "damaged.xmd")

    assert window.open_study(damaged) is False
    shown = message_boxes.texts("critical")
    assert len(shown) == 1 and "damaged.xmd is damaged (Could not decode to UTF-8" in shown[0], shown
    assert "xmdesk recover" in shown[0] and "inside XMDesk" not in shown[0]
    assert window.study is not None and window.study.path == good and window.study_page is not None


def test_opening_a_study_whose_stored_survey_is_not_json_says_damaged(
        window, demo_path: Path, tmp_path: Path, message_boxes: ShownMessages) -> None:  # noqa: ANN001
    damaged = unparsable_copy(demo_path, tmp_path / "json.xmd")
    assert window.open_study(damaged) is False
    shown = message_boxes.texts("critical")
    assert len(shown) == 1 and "json.xmd is damaged (survey retail_cx: " in shown[0], shown
    assert window.study is None

