"""GUI fixtures: a main window on the per-test XMDesk home, and modal dialogs that never block."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, Qt, QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget

from xmdesk.core import messages
from xmdesk.gui import workers

# How long a test's jobs may take to finish after the test body: a job on its last batch is not left behind.
JOB_GRACE_MS = 10_000


@dataclass
class ShownMessages:
    """What the stubbed QMessageBox would have shown: (kind, text) pairs."""

    shown: list[tuple[str, str]] = field(default_factory=list)

    def texts(self, kind: str) -> list[str]:
        return [text for shown_kind, text in self.shown if shown_kind == kind]


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> ShownMessages:
    record = ShownMessages()

    def stub(kind: str):  # noqa: ANN202 - a QMessageBox static method stand-in
        def show(parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            record.shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return staticmethod(show)

    for kind in ("critical", "warning", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, stub(kind))
    return record


REAL_CRITICAL = QMessageBox.critical


@pytest.fixture
def real_error_boxes(message_boxes: ShownMessages, monkeypatch: pytest.MonkeyPatch) -> None:
    """Error boxes exec'd for real (their own event loop, modal), for tests of what a user meets while one
    is up; the test must answer them (see tests/gui/test_workers.py's ErrorBoxReader)."""
    monkeypatch.setattr(QMessageBox, "critical", REAL_CRITICAL)


def jobs_left_after(grace_ms: int) -> list[str]:
    """Let jobs that are finishing finish (their outcomes delivered), then name what still runs: jobs not settled,
    and pool threads still busy."""
    pool = QThreadPool.globalInstance()
    deadline = QDeadlineTimer(grace_ms)
    while (workers.running_jobs() or pool.activeThreadCount()) and not deadline.hasExpired():
        pool.waitForDone(10)
        QCoreApplication.processEvents()
    left = [repr(worker) for worker in workers.running_jobs()]
    if pool.activeThreadCount() > len(left):
        left.append(f"{pool.activeThreadCount() - len(left)} busy pool thread(s)")
    return left


def threads_left_after(before: set[threading.Thread], grace_ms: int) -> list[str]:
    """The Python threads started since `before` that are still alive after `grace_ms` (joined meanwhile).

    Threads Python did not start (Qt's pool threads running our code show up as dummy threads) are the jobs
    check's business: they cannot be joined."""
    deadline = time.monotonic() + grace_ms / 1000
    started = [thread for thread in threading.enumerate()
               if thread not in before and not isinstance(thread, threading._DummyThread)]
    for thread in started:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [f"thread {thread.name!r}" for thread in started if thread.is_alive()]


@pytest.fixture(autouse=True)
def no_job_left_behind(qapp, message_boxes: ShownMessages) -> Iterator[None]:  # noqa: ANN001
    """A GUI test that leaves a job or pool thread running fails (napari's leak fixtures): that job would write
    into the next test's study, or call back into widgets already gone. Its jobs are cancelled for the next test.
    (It uses `message_boxes` so that the stubs still stand while outcomes are delivered here.)
    Python threads count too (a web server, a watcher): one the test started and left running fails it."""
    before = set(threading.enumerate())
    yield
    left = jobs_left_after(JOB_GRACE_MS) + threads_left_after(before, JOB_GRACE_MS)
    if left:
        workers.cancel_all_and_wait()
        pytest.fail("jobs still running after the test: " + ", ".join(left), pytrace=False)


@pytest.fixture(autouse=True)
def no_widget_of_a_closed_study(qapp) -> None:  # noqa: ANN001
    """Widgets an earlier test closed (pytest-qt closes them, then deletes them later) are deleted before this
    test starts: a language switch here would otherwise reach an area whose study that test closed."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if widget.parent() is None and not widget.isVisible():
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(qapp, xmdesk_home: Path) -> Iterator:  # noqa: ANN001
    """A main window in English, shown at the screenshot size; closed (study and jobs too) afterwards."""
    from xmdesk.gui.app import create_main_window
    from xmdesk.gui.settings import Settings

    language = messages.language()
    settings = Settings()
    settings.set_language("en")
    main = create_main_window(settings)
    main.resize(1280, 800)
    main.show()
    yield main
    main.close()
    main.deleteLater()
    messages.set_language(language)


@pytest.fixture(autouse=True)
def no_key_held(qapp) -> None:  # noqa: ANN001
    """Qt keeps the modifiers of the last key event as held: after an earlier test's Ctrl+1, a view's selectRow()
    toggled the row instead of selecting it (a Cases test failed only after the laptop-keys test in its worker).
    A key nothing binds, clicked with no modifier, lets go of them."""
    widget = QWidget()
    QTest.keyClick(widget, Qt.Key.Key_F35)
    widget.deleteLater()


@pytest.fixture(autouse=True)
def english_ui(qapp, no_widget_of_a_closed_study: None) -> None:  # noqa: ANN001
    """Every GUI test starts with the GUI's translations in English, as the `window` fixture has them (an earlier
    test in the same process may have left Chinese installed: the language-switch walk ends in Chinese). Not
    switched back afterwards: the switch would reach this test's widgets after their study closed. It runs after
    the widgets of earlier tests are deleted, so the switch reaches none of them."""
    from xmdesk.gui.i18n import apply_language

    apply_language("en")
