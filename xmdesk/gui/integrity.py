"""File > Check integrity: SQLite's full check of the open study on a worker, and its answer in words.

Opening a study checks only its list of tables, and the first write waits for the quick check (issue 16,
case 10); neither looks at whether indexes match their tables or the links between tables hold. The full
check does, reading every page: seconds on a large study, so it runs as a job (busy bar, Cancel) and the
window goes on. Its answer says the study is healthy, or what SQLite found damaged and how to save what can
still be read: the `xmdesk recover` command to copy, and a button that runs the same recovery here.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QStyle, QVBoxLayout, QWidget)

from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import STUDY_SUFFIX, Study
from xmdesk.core.study.recover import Recovery, recover
from xmdesk.gui import files, workers
from xmdesk.gui.dialogs import show_error


def check_integrity(parent: QWidget, study: Study, open_study: Callable[[Path], object]) -> workers.JobWorker:
    """Start the full check of `study` as a job; its answer comes up in an IntegrityDialog over `parent`."""

    def check(_progress: Progress, cancel: CancelToken) -> str:
        return study.check_integrity(cancel)

    def answer(verdict: str) -> None:
        dialog = IntegrityDialog(study.path, verdict, open_study, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    title = QCoreApplication.translate("IntegrityDialog", "Checking the study's integrity (every page is read)")
    return workers.run_job(parent, title, check, on_finished=answer, on_failed=lambda e: show_error(parent, e))


def recover_command(path: Path) -> str:
    """The command line that saves what reads into a new study, as the core's damage messages name it."""
    return f'xmdesk recover "{path}" -o RECOVERED{STUDY_SUFFIX}'


class IntegrityDialog(QDialog):
    """The full check's answer for one study file: healthy, or damaged with what SQLite found, the recovery
    command (selectable, to copy) and a Recover button that saves what reads into a new study."""

    def __init__(self, path: Path, verdict: str, open_study: Callable[[Path], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.verdict = verdict
        self.healthy = verdict == "ok"
        self._open_study = open_study
        self.job: workers.JobWorker | None = None
        self.setMinimumWidth(560)
        icon = QStyle.StandardPixmap.SP_DialogApplyButton if self.healthy else QStyle.StandardPixmap.SP_MessageBoxCritical
        self._icon = QLabel()
        self._icon.setPixmap(self.style().standardIcon(icon).pixmap(40, 40))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.command = QLineEdit(recover_command(path))
        self.command.setReadOnly(True)
        self.command.setVisible(not self.healthy)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.recover_button = QPushButton()
        self.recover_button.clicked.connect(self.choose_and_recover)
        if not self.healthy:
            self.buttons.addButton(self.recover_button, QDialogButtonBox.ButtonRole.ActionRole)
        top = QHBoxLayout()
        top.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.command)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Check integrity"))
        self.recover_button.setText(self.tr("&Recover into a new study…"))
        if self.healthy:
            self.summary.setText(self.tr("<b>%1 is healthy.</b><br>Every page was read and holds together, the "
                                         "indexes match their tables and every link between tables holds.")
                                 .replace("%1", self.path.name))
            return
        self.summary.setText(self.tr("<b>%1 is damaged.</b><br>SQLite found: %2<br><br>XMDesk does not write "
                                     "into it any more, so the damage cannot spread; nothing was changed. Save what "
                                     "can still be read into a new study and work there, here with <i>Recover</i> "
                                     "or with this command:")
                             .replace("%1", self.path.name).replace("%2", escape(self.verdict)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def choose_and_recover(self) -> None:
        """Ask where the new study goes, then recover into it as a job; the damaged file is only read."""
        suggestion = str(self.path.with_name(self.path.stem + "-recovered" + STUDY_SUFFIX))
        target, _ = files.save_file(self, files.STUDY, self.tr("Recover into a new study"), suggestion,
                                    self.tr("XMDesk studies (*.xmd)"))
        if target:
            self.start_recover(Path(target if target.lower().endswith(STUDY_SUFFIX) else target + STUDY_SUFFIX))

    def start_recover(self, target: Path) -> workers.JobWorker:
        def run(progress: Progress, cancel: CancelToken) -> Recovery:
            return recover(self.path, target, progress=progress, cancel=cancel)

        self.job = workers.run_job(self, self.tr("Recovering what can be read"), run, on_finished=self._recovered,
                                   on_failed=lambda e: show_error(self, e))
        return self.job

    def _recovered(self, recovery: Recovery) -> None:
        lost = [(self.tr("%1: %2 rows saved, at most %3 lost") if table.lost_at_most is not None
                 else self.tr("%1: %2 rows saved, the rest could not be read"))
                .replace("%1", table.table).replace("%2", f"{table.saved:,}").replace("%3", f"{table.lost_at_most:,}")
                for table in recovery.damaged_tables]
        text = self.tr("Saved what could be read into %1.").replace("%1", recovery.path.name)
        if lost:
            text += "\n" + "\n".join(lost)
        text += "\n\n" + self.tr("Open the recovered study now?")
        answer = QMessageBox.question(self, self.tr("Check integrity"), text)
        if answer == QMessageBox.StandardButton.Yes:
            self.accept()
            self._open_study(recovery.path)

