"""The topic picker of the comment browser: tick the topics a comment is about (the analyst's codes)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QWidget

from xmdesk.gui.forms import Form


class TopicPicker(QDialog):
    """The codebook's topics as check boxes, the comment's own ticked; 'Model's topics' gives them back. Laid out
    by ui/topic_picker.ui."""

    def __init__(self, comment: str, names: Sequence[str], chosen: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = Form(self, "topic_picker")
        self.cleared = False
        form.child(QLabel, "comment_label").setText(comment)
        self.list = form.child(QListWidget, "topic_list")
        for name in [*names, *[c for c in chosen if c not in names]]:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        box = form.child(QDialogButtonBox, "buttons")
        self.model_button = box.addButton(self.tr("Model's topics"), QDialogButtonBox.ButtonRole.ResetRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.model_button.clicked.connect(self._clear)

    def _clear(self) -> None:
        self.cleared = True
        self.accept()

    def chosen(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
