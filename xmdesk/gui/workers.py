"""The one job runner: long core jobs on QThreadPool, with a progress dialog whose Cancel sets the job's token.

A job is any core callable taking `(progress, cancel)`; it reports through `Progress` and raises `Cancelled`
when the token is set, after rolling back what it wrote. `run_job` promises the rest of the app that a job never
holds it hostage:
- the progress dialog (shown only if the job takes a moment) is deleted before `on_finished` or `on_failed`
  runs, so no dialog of a finished job is left behind an error box to come back over it;
- Cancel, Esc or the title bar's close answer at once ("Cancelling…"); the dialog stays until the job has
  stopped (so a second job cannot start on a study the first still writes) and the job's result is dropped;
- closing a study or quitting cancels every job, waits for it and drops its outcome (`cancel_all_and_wait`).

QProgressDialog is not used, because of how it locked the app (issue 15): its force-show timer starts in its
constructor with 4 s (setMinimumDuration does not restart it while the bar has no value), close() does not stop
it, and disconnecting `canceled` also cut the dialog's own cancel slot. A job failing before the dialog was due
closed it, its error box exec'd a nested loop (where deleteLater does not run), and 4 s later the closed dialog
showed itself window-modal over the box: OK, Cancel and Esc did nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from xmdesk.core.errors import Cancelled
from xmdesk.core.jobs import CancelToken, Progress

Job = Callable[[Progress, CancelToken], Any]
# A progress bar redrawn more often than this only costs the job time.
PROGRESS_INTERVAL = 0.05
# A job done sooner shows no dialog at all (a flash of a dialog reads as something having gone wrong).
SHOW_AFTER_MS = 300

_running: set[JobWorker] = set()


class JobSignals(QObject):
    """Lives in the GUI thread, so slots connected here run there (queued from the pool thread)."""

    sig_progress = Signal(int, int, str)
    """(done, total, message), throttled."""
    sig_finished = Signal(object)
    """The job's return value; its progress dialog is already gone."""
    sig_failed = Signal(object)
    """The exception the job raised (`Cancelled` when it was cancelled); its progress dialog is already gone."""
    sig_ended = Signal(object, object)
    """From the pool thread: (result, None) when the job returned, (None, error) when it raised; settled into
    sig_finished or sig_failed in the GUI thread."""


class JobWorker(QRunnable):
    """One job on the pool: Python keeps it alive until it has settled, its signals reach the GUI thread, and
    `cancel` sets the job's token (see the module for what that promises)."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; `_running` keeps it alive until it has settled
        self.job = job
        self.token = CancelToken()
        self.signals = JobSignals()
        self.dialog: JobProgressDialog | None = None
        self._last_report = 0.0
        self.done = False
        """Set when the job has returned or raised (read from the GUI thread)."""
        self.settled = False
        """Set in the GUI thread when its outcome was told (or dropped by `cancel_all_and_wait`)."""
        self.signals.sig_ended.connect(self._settle)

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
            self.signals.sig_ended.emit(None, error)
        else:
            self.done = True
            self.signals.sig_ended.emit(result, None)

    def _settle(self, result: Any, error: BaseException | None) -> None:
        """In the GUI thread, once: the dialog goes first, then the listeners hear. A job cancelled after it
        returned reports Cancelled: its result must not reach a study that is closing or a user who said stop."""
        if self.settled:
            return
        self.settled = True
        _running.discard(self)
        if self.dialog is not None and shiboken6.isValid(self.dialog):  # gone with its parent when a study closed
            self.dialog.dismiss()
        self.dialog = None
        if error is None and self.token.cancelled:
            error = Cancelled()
        if error is None:
            self.signals.sig_finished.emit(result)
        else:
            self.signals.sig_failed.emit(error)

    def cancel(self) -> None:
        self.token.cancel()

    def start(self) -> None:
        _running.add(self)
        QThreadPool.globalInstance().start(self)

    def __repr__(self) -> str:
        return f"JobWorker({getattr(self.job, '__qualname__', self.job)!r}, done={self.done})"


def running_jobs() -> list[JobWorker]:
    """Jobs started and not yet settled (still running, or their outcome still on its way to the GUI thread)."""
    return list(_running)


def cancel_all_and_wait() -> None:
    """Closing a study or quitting: every job is asked to stop (each rolls back) and waited for, then settled as
    cancelled here and now (dialog gone, result dropped) rather than later, into a closed study."""
    stopping = list(_running)
    for worker in stopping:
        worker.cancel()
    QThreadPool.globalInstance().waitForDone()
    for worker in stopping:
        worker._settle(None, Cancelled())


class JobProgressDialog(QDialog):
    """Shown only if the job takes a moment; Cancel asks the job to stop at its next batch. Its owner (the
    worker) deletes it when the job ends, so a closed dialog can never come back."""

    def __init__(self, worker: JobWorker, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(380)
        self._label = QLabel(title)
        self._label.setWordWrap(True)
        self._bar = QProgressBar()
        self._bar.setRange(0, 0)  # busy until the job reports how far it is
        self._cancel = QPushButton(self.tr("Cancel"))
        self._cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        layout.addWidget(self._cancel, 0, Qt.AlignmentFlag.AlignRight)
        worker.signals.sig_progress.connect(self._show_progress)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self.show)
        self._show_timer.start(SHOW_AFTER_MS)

    def labelText(self) -> str:
        return self._label.text()

    def _show_progress(self, done: int, total: int, message: str) -> None:
        if self.worker.token.cancelled:
            return  # it keeps saying "Cancelling…" until the job has stopped
        # QProgressBar counts in int; scale to per-mille so huge totals fit.
        self._bar.setRange(0, 1000)
        self._bar.setValue(1000 * done // total if total else 0)
        if message:
            self._label.setText(message)

    def reject(self) -> None:
        """Cancel, Esc and the title bar's close: the job is asked to stop and the dialog says so at once; it
        stays until the job has stopped (its owner deletes it then)."""
        self.worker.cancel()
        self._label.setText(self.tr("Cancelling…"))
        self._cancel.setEnabled(False)

    def dismiss(self) -> None:
        """Gone for good, now: hidden, its show timer stopped with it, deleted (not deleteLater, which would wait
        until an error box's nested event loop returns)."""
        self._show_timer.stop()
        self.hide()
        shiboken6.delete(self)


def run_job(parent: QWidget | None, title: str, job: Job, on_finished: Callable[[Any], object],
            on_failed: Callable[[BaseException], None]) -> JobWorker:
    """Start `job` with a progress dialog; exactly one of the callbacks runs in the GUI thread, after the
    dialog is gone.

    A cancelled job calls neither: the user asked for it and the study is as it was.
    """
    worker = JobWorker(job)
    worker.dialog = JobProgressDialog(worker, title, parent)
    worker.signals.sig_finished.connect(on_finished)
    worker.signals.sig_failed.connect(lambda error: None if isinstance(error, Cancelled) else on_failed(error))
    worker.start()
    return worker
