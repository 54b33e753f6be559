"""Learn from my codes: the study's own adjustment of the sentiment model, from the Text area (issue 21).

The learning reads and fits on a worker (progress, Cancel) on a read-only twin of the study; what it
learned is kept on the study's own connection when it reports, and the areas analyse again from the
change record that write sends (as after any code). How much it helped on held-out codes is said at once.
The removing button follows the change records too, so a command that learns or removes while the window
is open (`xmdesk text … --learn-from-codes`) shows here within the study page's poll.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.core.text import adjust
from xmdesk.core import messages
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.workers import JobWorker, run_job


class LearningButtons(QWidget):
    """'Learn from my codes' and, while the study has an adjustment, 'Remove what was learned'."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.worker: JobWorker | None = None
        self.learn_button = QPushButton()
        self.remove_button = QPushButton()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.learn_button)
        layout.addWidget(self.remove_button)
        self.learn_button.clicked.connect(self.learn)
        self.remove_button.clicked.connect(self.remove)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        """Offer removing only what exists."""
        self.remove_button.setVisible(adjust.has_adjustment(self.study))

    def apply_changes(self, changes: Changes) -> None:
        """Whoever learned or removed (this window, a command, another window): the button says what the study
        has now."""
        if changes.touches("text"):
            self.refresh()

    def learn(self) -> None:
        """Fit on a worker; keep the result and say what it did on held-out codes."""
        study = self.study

        def job(progress: Progress, cancel: CancelToken) -> adjust.Adjustment:
            with study.read_view() as twin:
                return adjust.study_adjustment(twin, progress, cancel)

        self.learn_button.setEnabled(False)
        self.worker = run_job(self, self.tr("Learning from your codes"), job, self._learned, self._failed)
        # A bound method: Qt drops it with this widget; it also runs on Cancel, which calls neither callback.
        self.worker.signals.sig_failed.connect(self._ended)

    def _learned(self, learned: adjust.Adjustment) -> None:
        adjust.save_adjustment(self.study, learned)
        self._ended()
        QMessageBox.information(self, self.tr("Learn from my codes"), adjust.learned_text(learned))

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)

    def _ended(self, _error: BaseException | None = None) -> None:
        self.learn_button.setEnabled(True)
        self.refresh()

    def remove(self) -> None:
        """Ask, then give the study the shipped model back."""
        answer = QMessageBox.question(self, self.tr("Remove what was learned"),
                                      self.tr("Remove what was learned from your codes? The comments are then "
                                              "scored by the shipped model again; your codes stay."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        adjust.remove_adjustment(self.study)
        self.refresh()
        QMessageBox.information(self, self.tr("Remove what was learned"), messages.text("text.adjust.removed"))

    def retranslate(self) -> None:
        self.learn_button.setText(self.tr("Learn from my codes"))
        self.learn_button.setToolTip(self.tr("Learn this study's own adjustment of the sentiment model from the "
                                             "polarities you set by hand. It stays in the study file, is used on "
                                             "every analysis, and is first tested on codes held out."))
        self.remove_button.setText(self.tr("Remove what was learned"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
