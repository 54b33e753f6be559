"""Long work on the pool: Save a copy produces a valid study; cancel leaves nothing behind."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QPushButton

from xmdesk.core import responses
from xmdesk.core.demo import build_demo
from xmdesk.core.errors import Cancelled
from xmdesk.core.study import Study
from xmdesk.core.survey import load_survey
from xmdesk.gui import workers


def test_save_copy_makes_a_valid_study(window, demo_path: Path, tmp_path: Path, qtbot) -> None:
    window.open_study(demo_path)
    destination = tmp_path / "copy.xmd"
    worker = window.start_save_copy(str(destination))
    with qtbot.waitSignal(worker.signals.sig_finished, timeout=20_000):
        pass
    with Study.open(destination) as copy:
        assert copy.integrity() == "ok"
        assert responses.count(copy.conn, load_survey(copy, "retail_cx")) == 1000
    assert "copy.xmd" in window.statusBar().currentMessage()


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
