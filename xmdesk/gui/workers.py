"""Long core jobs on QThreadPool, with a progress dialog whose Cancel sets the job's token.

A job is any core callable taking `(progress, cancel)`; it reports through `Progress`
and raises `Cancelled` when the token is set, after rolling back what it wrote.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from xmdesk.core.errors import Cancelled
from xmdesk.core.jobs import CancelToken, Progress

Job = Callable[[Progress, CancelToken], Any]
# A progress bar redrawn more often than this only costs the job time.
PROGRESS_INTERVAL = 0.05

_running: set[JobWorker] = set()


class JobSignals(QObject):
    """Lives in the GUI thread, so slots connected here run there (queued from the pool thread)."""

    sig_progress = Signal(int, int, str)
    """(done, total, message), throttled."""
    sig_finished = Signal(object)
    """The job's return value."""
    sig_failed = Signal(object)
    """The exception the job raised (`Cancelled` when the user cancelled)."""
    sig_returned = Signal(object)
    """From the pool thread: the job returned; turned into sig_finished (or a late cancel) in the GUI thread."""


class JobWorker(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; `_running` keeps it alive until it reports
        self.job = job
        self.token = CancelToken()
        self.signals = JobSignals()
        self._last_report = 0.0
        self.done = False
        """Set when the job has returned or raised (read from the GUI thread)."""
        self.signals.sig_returned.connect(self._deliver)

    def _report(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL or done >= total:
            self._last_report = now
            self.signals.sig_progress.emit(done, total, message)

    def run(self) -> None:
        try:
            result = self.job(self._report, self.token)
        except BaseException as error:  # noqa: BLE001 - every failure is reported to the GUI thread
            self.done = True
            self.signals.sig_failed.emit(error)
        else:
            self.done = True
            self.signals.sig_returned.emit(result)

    def _deliver(self, result: Any) -> None:
        """In the GUI thread. A job cancelled after it returned (closing a study cancels every job while
        results may still be queued) reports Cancelled: its result must not reach a closed study."""
        if self.token.cancelled:
            self.signals.sig_failed.emit(Cancelled())
        else:
            self.signals.sig_finished.emit(result)

    def cancel(self) -> None:
        self.token.cancel()

    def start(self) -> None:
        _running.add(self)
        self.signals.sig_finished.connect(lambda _result: _running.discard(self))
        self.signals.sig_failed.connect(lambda _error: _running.discard(self))
        QThreadPool.globalInstance().start(self)


def cancel_all_and_wait() -> None:
    """On quit: ask every job to stop (each rolls back) and wait for them."""
    for worker in list(_running):
        worker.cancel()
    QThreadPool.globalInstance().waitForDone()


class JobProgressDialog(QProgressDialog):
    """Shown only if the job takes a moment; Cancel asks the job to stop at its next batch."""

    def __init__(self, worker: JobWorker, title: str, parent: QWidget | None) -> None:
        super().__init__(title, self.tr("Cancel"), 0, 0, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setAutoReset(False)
        self.setAutoClose(False)
        self.setMinimumWidth(380)
        self.canceled.connect(worker.cancel)
        worker.signals.sig_progress.connect(self._show_progress)
        worker.signals.sig_finished.connect(self._done)
        worker.signals.sig_failed.connect(self._done)

    def _show_progress(self, done: int, total: int, message: str) -> None:
        # QProgressDialog counts in int; scale to per-mille so huge totals fit.
        self.setMaximum(1000)
        self.setValue(1000 * done // total if total else 0)
        if message:
            self.setLabelText(message)

    def _done(self, _outcome: object) -> None:
        self.canceled.disconnect()
        self.close()
        self.deleteLater()


def run_job(parent: QWidget | None, title: str, job: Job, on_finished: Callable[[Any], object],
            on_failed: Callable[[BaseException], None]) -> JobWorker:
    """Start `job` with a progress dialog; exactly one of the callbacks runs in the GUI thread.

    A cancelled job calls neither: the user asked for it and the study is as it was.
    """
    worker = JobWorker(job)
    JobProgressDialog(worker, title, parent)
    worker.signals.sig_finished.connect(on_finished)
    worker.signals.sig_failed.connect(lambda error: None if isinstance(error, Cancelled) else on_failed(error))
    worker.start()
    return worker
