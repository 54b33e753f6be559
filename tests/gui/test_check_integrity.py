"""File > Check integrity (issue 16, case 10, in the app): the full check of the open study on a worker, and its
answer in words: healthy, or what SQLite found damaged with the recovery command and a Recover button."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.core.test_hostile_study import damaged_copy, demo_study
from tests.messages import raises_message
from xmdesk.core.errors import Cancelled, StudyError
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.file import Study
from xmdesk.gui import files
from xmdesk.gui.integrity import IntegrityDialog


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_study(tmp_path_factory.mktemp("demo"), responses=300)


def answer_of(window, qtbot) -> IntegrityDialog:  # noqa: ANN001
    """Check integrity from the File menu, and the dialog that answers it once the job is done."""
    assert window.check_integrity_action in window.file_menu.actions()
    window.check_integrity_action.trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(IntegrityDialog)), timeout=20_000)
    [dialog] = window.findChildren(IntegrityDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_a_whole_study_is_said_to_be_healthy(window, qtbot, message_boxes, small_demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "whole.xmd"
    shutil.copy(small_demo, path)
    assert window.open_study(path)
    dialog = answer_of(window, qtbot)
    assert dialog.healthy and "whole.xmd is healthy" in dialog.summary.text()
    assert dialog.command.isHidden() and dialog.recover_button.parent() is None  # nothing to recover
    window.study.set_meta("after", "yes")  # and it still takes writes
    assert message_boxes.texts("critical") == []
    dialog.close()


def test_a_link_between_tables_broken_is_found_only_by_the_full_check(window, qtbot, message_boxes, small_demo: Path,
                                                                      tmp_path: Path) -> None:
    """A question whose survey is gone: the pages hold together, so opening (and the quick check before the
    first write) finds nothing; the full check names it, and from then on the study takes no write."""
    path = tmp_path / "orphan.xmd"
    shutil.copy(small_demo, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE questions SET survey_id = 999 WHERE id = (SELECT min(id) FROM questions)")
    conn.commit()
    conn.close()
    assert window.open_study(path)
    qtbot.waitUntil(lambda: window.study.health(blocking=False) == "ok", timeout=10_000)
    dialog = answer_of(window, qtbot)
    assert not dialog.healthy and "orphan.xmd is damaged" in dialog.summary.text()
    assert "foreign key problem in table questions" in dialog.summary.text()
    assert dialog.command.isVisibleTo(dialog) and dialog.command.text() == f'xmdesk recover "{path}" -o RECOVERED.xmd'
    with raises_message(StudyError, "study.damaged_no_write"):
        window.study.set_meta("after", "no")
    dialog.close()


def test_a_damaged_page_is_named_and_recover_saves_what_reads(window, qtbot, message_boxes, monkeypatch,
                                                               small_demo: Path, tmp_path: Path) -> None:
    path = damaged_copy(small_demo, tmp_path, "table page")
    assert window.open_study(path)
    qtbot.waitUntil(lambda: bool(message_boxes.texts("critical")), timeout=10_000)  # the check on opening
    dialog = answer_of(window, qtbot)
    assert not dialog.healthy and "table_page.xmd is damaged" in dialog.summary.text()
    assert dialog.recover_button.isVisibleTo(dialog)
    target = tmp_path / "saved.xmd"
    monkeypatch.setattr(files, "save_file", lambda *args: (str(target), ""))  # the file dialog's answer
    dialog.choose_and_recover()
    qtbot.waitUntil(lambda: bool(message_boxes.texts("question")), timeout=20_000)
    [said] = message_boxes.texts("question")
    assert "Saved what could be read into saved.xmd" in said and "rows saved, at most" in said
    with Study.open(target) as recovered:
        assert recovered.integrity() == "ok"
    dialog.close()


def test_the_full_check_stops_when_cancelled(small_demo: Path, tmp_path: Path) -> None:
    path = tmp_path / "whole.xmd"
    shutil.copy(small_demo, path)
    token = CancelToken()
    token.cancel()
    with Study.open(path) as study, pytest.raises(Cancelled):
        study.check_integrity(token)
