"""The topic picker of the comment browser: tick the topics a comment is about (the analyst's codes)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class TopicPicker(QDialog):
    """The codebook's topics as check boxes, the comment's own ticked; 'Model's topics' gives them back."""

    def __init__(self, comment: str, names: Sequence[str], chosen: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Topics of this comment"))
        self.cleared = False
        text = QLabel(comment)
        text.setWordWrap(True)
        self.list = QListWidget()
        for name in [*names, *[c for c in chosen if c not in names]]:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.model_button = box.addButton(self.tr("Model's topics"), QDialogButtonBox.ButtonRole.ResetRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.model_button.clicked.connect(self._clear)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addWidget(box)

    def _clear(self) -> None:
        self.cleared = True
        self.accept()

    def chosen(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
