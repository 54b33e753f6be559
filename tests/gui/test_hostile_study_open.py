"""Issue 16, cases 9 and 10, in the app: a damaged study opens for reading what reads, and the app says it is
damaged, naming the recovery command, as soon as the check on a worker finds it (the window is up first)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.core.test_hostile_study import damaged_copy, demo_study
from xmdesk.core.errors import StudyError
from tests.messages import raises_message


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_study(tmp_path_factory.mktemp("demo"), responses=300)


def test_a_study_with_a_damaged_page_opens_and_the_app_says_so_naming_recover(window, qtbot, message_boxes,
                                                                            small_demo: Path, tmp_path: Path) -> None:
    """Before: it opened as if whole, and took writes."""
    path = damaged_copy(small_demo, tmp_path, "table page")
    assert window.open_study(path)
    qtbot.waitUntil(lambda: bool(message_boxes.texts("critical")), timeout=10_000)
    [said] = message_boxes.texts("critical")
    assert "is damaged" in said and f'xmdesk recover "{path}"' in said
    assert "xmdesk recover" in window.statusBar().currentMessage()
    with raises_message(StudyError, "study.damaged_no_write"):
        window.study.set_meta("after", "no")


def test_a_study_whose_schema_is_damaged_is_not_opened_and_the_error_names_recover(window, message_boxes,
                                                                                 small_demo: Path,
                                                                                 tmp_path: Path) -> None:
    path = damaged_copy(small_demo, tmp_path, "schema page")
    assert not window.open_study(path)
    [said] = message_boxes.texts("critical")
    assert "is damaged" in said and "xmdesk recover" in said


def test_a_whole_study_opens_without_a_word(window, qtbot, message_boxes, small_demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "whole.xmd"
    shutil.copy(small_demo, path)
    assert window.open_study(path)
    qtbot.waitUntil(lambda: window.study.health(blocking=False) == "ok", timeout=10_000)
    window.study.set_meta("after", "yes")
    assert message_boxes.texts("critical") == []
