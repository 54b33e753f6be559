"""Long work on the pool: Save a copy produces a valid study; cancel leaves nothing behind; a job failing at any
speed leaves a usable app (issue 15's lock); Cancel answers at once; closing a study stops its jobs; a GUI test
leaving a job running fails."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from tests.core.test_import_samples import write_csv
from xmdesk.core.survey import responses
from xmdesk.core.demo import build_demo
from xmdesk.core.errors import Cancelled
from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui import workers
from xmdesk.gui.importing.area import ImportArea
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.importing.wizard import PAGES


def test_save_copy_makes_a_valid_study(window, demo_path: Path, tmp_path: Path, qtbot, message_boxes) -> None:  # noqa: ANN001
    window.open_study(demo_path)
    destination = tmp_path / "copy.xmd"
    worker = window.start_save_copy(str(destination))
    with qtbot.waitSignal(worker.signals.sig_finished, timeout=20_000):
        pass
    with Study.open(destination) as copy:
        assert copy.integrity() == "ok"
        assert responses.count(copy.conn, load_survey(copy, "retail_cx")) == 1000
    [said] = message_boxes.texts("information")  # the export message, which opens the copy or its folder
    assert "copy.xmd" in said


def test_save_copy_leaves_out_a_write_open_on_the_window(window, demo_path: Path, tmp_path: Path, qtbot,  # noqa: ANN001
                                                         message_boxes) -> None:  # noqa: ANN001
    """The copy job reads on a connection of its own (issue 19's rule): a write open on the window's connection
    (as a draft autosave is) stays open and out of the copy, and the job does not wait for it."""
    window.open_study(demo_path)
    conn = window.study.conn
    conn.execute("BEGIN")
    conn.execute("INSERT INTO study_meta (key, value) VALUES ('draft', 'not committed')")
    worker = window.start_save_copy(str(tmp_path / "copy.xmd"))
    with qtbot.waitSignal(worker.signals.sig_finished, timeout=20_000):
        pass
    assert conn.in_transaction
    conn.execute("ROLLBACK")
    with Study.open(tmp_path / "copy.xmd") as copy:
        assert copy.meta("draft") is None
        assert responses.count(copy.conn, load_survey(copy, "retail_cx")) == 1000


def test_cancelled_copy_leaves_nothing(qapp, demo_path: Path, tmp_path: Path, qtbot) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    destination = folder / "copy.xmd"
    with Study.open(demo_path) as study:
        worker = workers.JobWorker(lambda progress, cancel: study.save_copy(destination, progress, cancel))
        worker.cancel()
        with qtbot.waitSignal(worker.signals.sig_failed, timeout=20_000) as failed:
            worker.start()
    assert isinstance(failed.args[0], Cancelled)
    assert list(folder.iterdir()) == []


def test_dialog_cancel_stops_the_job_and_leaves_nothing(window, tmp_path: Path, qtbot, message_boxes) -> None:
    target = tmp_path / "demo.xmd"
    started = threading.Event()

    def job(progress, cancel):  # noqa: ANN001, ANN202
        started.set()
        while not cancel.cancelled:  # hold the job until the test has pressed Cancel
            threading.Event().wait(0.01)
        return build_demo(target, progress=progress, cancel=cancel)

    worker = workers.run_job(window, "demo", job, on_finished=lambda _r: None, on_failed=lambda _e: None)
    assert started.wait(10)
    dialog = window.findChild(workers.JobProgressDialog)
    with qtbot.waitSignal(worker.signals.sig_failed, timeout=20_000) as failed:
        dialog.findChild(QPushButton).click()
    assert isinstance(failed.args[0], Cancelled)
    assert list(tmp_path.iterdir()) == []
    assert message_boxes.shown == []


def test_a_result_on_its_way_when_cancelled_is_dropped(qapp, qtbot) -> None:  # noqa: ANN001
    """Closing a study cancels its jobs; a result already queued must not reach an area of a closed study.
    The worker reports Cancelled instead, which run_job passes to neither callback."""
    import time

    from xmdesk.gui.workers import run_job

    delivered: list[object] = []
    worker = run_job(None, "job", lambda progress, cancel: "result", delivered.append, delivered.append)
    deadline = time.monotonic() + 5
    while not worker.done and time.monotonic() < deadline:
        time.sleep(0.01)  # no event processing: the finished signal waits in the queue
    assert worker.done
    worker.cancel()
    qtbot.wait(100)
    assert delivered == []

    kept = run_job(None, "job", lambda progress, cancel: "result", delivered.append, delivered.append)
    qtbot.waitUntil(lambda: delivered == ["result"], timeout=5000)
    assert kept.done


# -- a job that fails, at any speed, leaves a usable app ------------------------------------------------------

class ErrorBoxReader:
    """A user in front of the screen: when an error box is up (in its own event loop), notes what else exists at
    that moment, then presses OK. Runs on a timer, so it acts inside the box's loop as a person would."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.texts: list[str] = []
        self.job_dialogs_behind: list[str] = []  # titles of job progress dialogs still existing behind the box
        self._timer = QTimer()
        self._timer.timeout.connect(self._look)
        self._timer.start(20)

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        self.texts.append(box.text())
        self.job_dialogs_behind += [d.windowTitle() for d in self.window.findChildren(workers.JobProgressDialog)]
        box.button(QMessageBox.StandardButton.Ok).click()

    def stop(self) -> None:
        self._timer.stop()


def write_png_named_xlsx(path: Path) -> Path:
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    assert image.save(str(path), "PNG")
    return path


def import_area(window, tmp_path: Path) -> ImportArea:  # noqa: ANN001
    study_path = tmp_path / "study.xmd"
    Study.create(study_path).close()
    assert window.open_study(study_path)
    window.study_page.show_area("import")
    return window.study_page.areas["import"]


def assert_usable_after_the_box(qtbot, window, area: ImportArea, tmp_path: Path) -> None:  # noqa: ANN001
    """Nothing modal is left, and the next import opens its file as usual."""
    assert QApplication.activeModalWidget() is None
    assert window.findChildren(workers.JobProgressDialog) == []
    good = write_csv(tmp_path / "good.csv", [["name", "score"], ["a", "5"], ["b", "3"]])
    area.open_file(str(good))
    qtbot.waitUntil(lambda: PAGES[area.wizard.pages.currentIndex()] == "preview", timeout=20_000)
    assert QApplication.activeModalWidget() is None


def test_a_png_named_xlsx_fails_fast_and_leaves_the_app_usable(window, tmp_path: Path, qtbot,
                                                                real_error_boxes) -> None:  # noqa: ANN001
    """The issue's lock: the job fails before its progress dialog is due; the dialog must be gone (not merely
    closed, its 4 s force-show timer still running) when the error box comes up, or it shows over the box."""
    area = import_area(window, tmp_path)
    reader = ErrorBoxReader(window)
    area.open_file(str(write_png_named_xlsx(tmp_path / "picture.xlsx")))
    qtbot.waitUntil(lambda: reader.texts != [], timeout=20_000)
    reader.stop()
    assert len(reader.texts) == 1 and "picture.xlsx" in reader.texts[0]
    assert reader.job_dialogs_behind == []
    assert_usable_after_the_box(qtbot, window, area, tmp_path)


def test_a_job_failing_after_its_dialog_showed_leaves_the_app_usable(window, tmp_path: Path, qtbot,
                                                                     real_error_boxes) -> None:  # noqa: ANN001
    """The slow side of the same path: the progress dialog is on screen (window-modal) when the job fails."""
    area = import_area(window, tmp_path)
    release = threading.Event()

    def job(progress, cancel):  # noqa: ANN001, ANN202
        assert release.wait(30)
        raise ImportProblem("importing.not_excel", file="picture.xlsx", suffix=".xlsx")

    reader = ErrorBoxReader(window)
    workers.run_job(area.wizard, "Reading picture.xlsx", job, lambda _r: None, lambda e: show_error(area.wizard, e))
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(workers.JobProgressDialog)),
                    timeout=10_000)
    release.set()
    qtbot.waitUntil(lambda: reader.texts != [], timeout=20_000)
    reader.stop()
    assert len(reader.texts) == 1 and "picture.xlsx" in reader.texts[0]
    assert reader.job_dialogs_behind == []
    assert_usable_after_the_box(qtbot, window, area, tmp_path)


def test_cancel_answers_at_once_though_the_job_looks_late(window, qtbot) -> None:  # noqa: ANN001
    """Cancel (button or Esc) says so the moment it is pressed, even while the job has not reached its next
    check of the token; the dialog goes when the job has stopped, and its result reaches no one."""
    release = threading.Event()
    delivered: list[object] = []

    def job(progress, cancel):  # noqa: ANN001, ANN202 - a step that does not look at the token for a while
        assert release.wait(30)
        return "result"

    worker = workers.run_job(window, "Reading", job, delivered.append, delivered.append)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(workers.JobProgressDialog)),
                    timeout=10_000)
    dialog = window.findChild(workers.JobProgressDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.labelText() == "Cancelling…"
    cancel_button = dialog.findChild(QPushButton)
    assert worker.token.cancelled and not cancel_button.isEnabled()
    with qtbot.waitSignal(worker.signals.sig_failed, timeout=20_000):
        release.set()
    assert window.findChildren(workers.JobProgressDialog) == []
    assert QApplication.activeModalWidget() is None
    assert delivered == []


INNER_CONFTEST = """
from tests.conftest import *  # noqa: F403
from tests.gui import conftest as gui_conftest
from tests.gui.conftest import *  # noqa: F403

gui_conftest.JOB_GRACE_MS = 300
"""

INNER_TESTS = """
import threading

from xmdesk.gui import workers


def ignore(outcome):
    pass


def hold_until_cancelled(progress, cancel):
    while not cancel.cancelled:
        threading.Event().wait(0.01)


def test_leaves_a_job_running(qtbot):
    workers.run_job(None, "held", hold_until_cancelled, ignore, ignore)


def test_its_job_ends_as_the_test_ends(qtbot):
    release = threading.Event()
    workers.run_job(None, "released", lambda progress, cancel: release.wait(30), ignore, ignore)
    release.set()


def test_the_next_test_starts_clean(qtbot):
    assert workers.running_jobs() == []
"""


def test_a_gui_test_leaving_a_job_running_fails(tmp_path: Path) -> None:
    """The leftover-job fixture of tests/gui/conftest.py, run on three tests in a pytest of their own."""
    (tmp_path / "conftest.py").write_text(INNER_CONFTEST, encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(INNER_TESTS, encoding="utf-8")
    root = Path(__file__).parents[2]
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA",
                          str(tmp_path / "test_inner.py")],
                         cwd=root, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(root)})
    assert "ERROR at teardown of test_leaves_a_job_running" in run.stdout, run.stdout + run.stderr
    assert "jobs still running after the test: JobWorker('hold_until_cancelled', done=False)" in run.stdout
    assert "3 passed, 1 error" in run.stdout  # the teardown of the first fails, not its body


def test_closing_the_study_stops_its_jobs_and_drops_their_outcome(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    """Close (and quit) cancel every job and wait for it; nothing of it is left: no dialog, no callback later."""
    assert window.open_study(demo_path)
    started = threading.Event()
    delivered: list[object] = []

    def job(progress, cancel):  # noqa: ANN001, ANN202
        started.set()
        while not cancel.cancelled:
            threading.Event().wait(0.01)
        return "result"  # what a job that ignored Cancelled would hand back

    worker = workers.run_job(window.study_page, "Analysing", job, delivered.append, delivered.append)
    assert started.wait(10)
    window.close_study()
    assert worker.done and worker.settled and workers.running_jobs() == []
    assert window.findChildren(workers.JobProgressDialog) == []
    QApplication.processEvents()  # the job's own report, queued when it returned, arrives now: dropped
    assert delivered == []
