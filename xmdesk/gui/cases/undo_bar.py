"""The line under a case's actions after its status changed: what happened, in words, and Undo.

Resolving the wrong case is one click; taking it back must be one too. The line stays when the resolved case
leaves the board (its filter shows open cases) and the detail moves on to the next one. Undo asks the core to restore the
status the case had (`cases.undo_status`, which keeps a history entry and refuses when the case has moved on).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from xmdesk.core.loop import cases
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.gui.labels import case_status
from xmdesk.gui.dialogs import show_error


class StatusUndoBar(QFrame):
    """One case's last status change in words, with Undo; hidden until a change is shown."""

    sig_undone = Signal()
    """The last status change was taken back."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusUndoBar")
        self.study = study
        self.case_id: int | None = None
        self.change: tuple[str, str] = ("", "")
        """(old, new) status of the change on show; ('', restored) once undone."""
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        self.hide()
        self.retranslate()

    def show_change(self, case_id: int, old: str, new: str) -> None:
        self.case_id, self.change = case_id, (old, new)
        self.retranslate()
        self.show()

    def undo(self) -> None:
        if self.case_id is None:
            return
        try:
            back = cases.undo_status(self.study, self.case_id, self.change[1])
        except XMDeskError as error:
            show_error(self, error)
            return
        self.change = ("", back)
        self.retranslate()
        self.sig_undone.emit()

    def retranslate(self) -> None:
        self.undo_button.setText(self.tr("Undo"))
        old, new = self.change
        if self.case_id is None:
            self.label.clear()
        elif old:
            self.label.setText(self.tr("Case #%1: %2 → %3.").replace("%1", str(self.case_id))
                               .replace("%2", case_status(old)).replace("%3", case_status(new)))
        else:
            self.label.setText(self.tr("Undone: case #%1 is back at %2.").replace("%1", str(self.case_id))
                               .replace("%2", case_status(new)))
        self.undo_button.setVisible(bool(old))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
