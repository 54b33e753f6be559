"""The choices of a question proposed from a file, edited before the survey is created.

Codes and labels change here; the stored values stay, so what the recode page sends to a value still
lands on the same choice. The edits are tried on a copy first: a bad code leaves everything as it was
and its message is shown in the dialog.
"""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from xmdesk.core.errors import XMDeskError
from xmdesk.core.importing.mapping import Proposal, edit_choice
from xmdesk.core.survey.model import Choice
from xmdesk.gui.i18n import current_language
from xmdesk.gui.importing.tables import cell_item, make_table
from xmdesk.gui.widths import fit_sections

CODE, VALUE, LABEL_ZH, LABEL_EN = range(4)


class ChoicesDialog(QDialog):
    """Edit the codes and labels of a proposed question's choices before the survey is made; the values stay,
    and a bad code is shown in the dialog with nothing changed."""

    def __init__(self, proposal: Proposal, question_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposal = proposal
        self.code = question_code
        question = next(q for q in proposal.questions if q.code == question_code)
        self.setWindowTitle(self.tr("Choices of %1").replace(  # the question's words, its code after them
            "%1", f"“{question.label(current_language())}” ({question_code})"))
        self.choices = make_table([self.tr("Code"), self.tr("Stored value"), self.tr("Label (Chinese)"),
                                   self.tr("Label (English)")])
        self.choices.setRowCount(len(question.choices))
        for row, choice in enumerate(question.choices):
            for column, text in ((CODE, choice.code), (LABEL_ZH, choice.label_zh), (LABEL_EN, choice.label_en)):
                self.choices.setItem(row, column, cell_item(text, editable=True))
            self.choices.setItem(row, VALUE, cell_item(str(choice.value)))
        fit_sections(self.choices.horizontalHeader(), (110, 80, 200))  # 'Stored value' was cut in English
        self.note = QLabel(self.tr("Answers keep their stored values; edit the codes and the labels people read."))
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def accept(self) -> None:
        """Apply the edits when all of them are valid; otherwise say why and stay open."""
        question = next(q for q in self.proposal.questions if q.code == self.code)
        original = list(question.choices)
        try:
            self._apply(copy.deepcopy(self.proposal), original)
        except XMDeskError as error:
            self.note.setText(str(error))
            self.note.setStyleSheet("color: #b00020;")
            return
        self._apply(self.proposal, original)
        super().accept()

    def _apply(self, proposal: Proposal, original: list[Choice]) -> None:
        """Each row's code and labels onto its choice; codes change two steps apart, so that swapping two
        codes is not refused as a duplicate halfway."""
        codes = [choice.code for choice in original]
        rows = [(self._text(row, CODE), self._text(row, LABEL_ZH), self._text(row, LABEL_EN))
                for row in range(len(codes))]
        for number, code in enumerate(codes):
            edit_choice(proposal, self.code, code, new_code=f"renaming_{number}" if rows[number][0] != code else None)
        for number, code in enumerate(codes):
            current = code if rows[number][0] == code else f"renaming_{number}"
            edit_choice(proposal, self.code, current, new_code=rows[number][0], label_zh=rows[number][1],
                        label_en=rows[number][2])

    def _text(self, row: int, column: int) -> str:
        item: QTableWidgetItem | None = self.choices.item(row, column)
        return item.text().strip() if item is not None else ""
