"""Cancel on an import says what was (not) done, read from the study: nothing, or everything when Cancel came
after the rows were committed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from tests.core.test_import_samples import WJX_TEXT, write_csv
from tests.gui.conftest import ShownMessages
from tests.gui.test_import_wizard import open_in, wait_for_job
from xmdesk.core import messages
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys
from xmdesk.gui.importing.area import ImportArea


def to_the_check(qtbot: QtBot, area: ImportArea, path: Path) -> None:
    open_in(qtbot, area, path)
    for _ in range(3):  # survey and columns, recode, check (on a worker)
        area.wizard.next.click()
    wait_for_job(qtbot, area, "check")


@contextmanager
def at_the_check(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[Study, ImportArea]]:
    """A new study whose Import area has a 问卷星 export of 4 rows on its check page, in English."""
    messages.set_language("en")
    path = write_csv(tmp_path / "may.csv", WJX_TEXT, encoding="gb18030")
    with Study.create(tmp_path / "s.xmd") as study:
        area = ImportArea(study)
        qtbot.addWidget(area)
        to_the_check(qtbot, area, path)
        yield study, area


def hold_the_pool() -> threading.Event:
    """Every pool thread waits on the returned event, so a job started now waits its turn (set it to let go)."""
    pool, release = QThreadPool.globalInstance(), threading.Event()
    for _ in range(pool.maxThreadCount()):
        pool.start(release.wait)
    return release


def test_cancel_before_a_row_is_written_says_nothing_was_imported(qtbot: QtBot, tmp_path: Path, english_ui: None,
                                                                   message_boxes: ShownMessages) -> None:
    with at_the_check(qtbot, tmp_path) as (study, area):
        release = hold_the_pool()
        area.wizard.next.click()  # Import: queued behind the held threads
        area.wizard.worker.cancel()
        release.set()
        qtbot.waitUntil(lambda: area.wizard.worker.settled, timeout=20000)
        assert [s.code for s in list_surveys(study)] == []
        said = "Import cancelled: no row of may.csv was imported, and survey may was not created."
        assert message_boxes.texts("information") == [said] and area.wizard.check_page.check_summary.text() == said


def test_cancel_after_the_rows_were_committed_says_they_are_in(qtbot: QtBot, tmp_path: Path, english_ui: None,
                                                                message_boxes: ShownMessages) -> None:
    with at_the_check(qtbot, tmp_path) as (_study, area):
        area.wizard.next.click()
        QThreadPool.globalInstance().waitForDone()  # the import has committed; its outcome is not delivered yet
        area.wizard.worker.cancel()  # the user presses Cancel in that moment
        qtbot.waitUntil(lambda: area.wizard.worker.settled, timeout=20000)
        assert message_boxes.texts("information") == [
            "Cancel came after the import had finished: 4 rows of may.csv are in survey may."]
        assert message_boxes.texts("critical") == []


def test_the_later_pages_follow_a_language_switch(qtbot: QtBot, tmp_path: Path, english_ui: None) -> None:
    """Switched to 中文 on the check page, the check's summary, its table's headers, the choices under it and the
    columns page read Chinese (they kept the English they were made in)."""
    from PySide6.QtCore import QCoreApplication

    from xmdesk.gui.i18n import apply_language

    with at_the_check(qtbot, tmp_path) as (_study, area):
        wizard = area.wizard
        english = (wizard.check_page.check_summary.text(), wizard.check_page.problems.horizontalHeaderItem(0).text(),
                   wizard.check_page.skip_radio.text(), wizard.target_page.columns_hint.text())
        apply_language("zh")
        try:
            qtbot.waitUntil(lambda: wizard.steps.item(0).text() != "1. File")
            chinese = (wizard.check_page.check_summary.text(), wizard.check_page.problems.horizontalHeaderItem(0).text(),
                       wizard.check_page.skip_radio.text(), wizard.target_page.columns_hint.text())
            assert all(now != before for now, before in zip(chinese, english)), chinese
            assert wizard.check_page.skip_radio.text() == QCoreApplication.translate("ImportWizard",
                                                                          "Skip the rows with problems")
            assert "行" in wizard.check_page.check_summary.text(), wizard.check_page.check_summary.text()
        finally:
            apply_language("en")  # delivered while the study is open
            qtbot.waitUntil(lambda: wizard.steps.item(0).text() == "1. File")
