"""The responses typed on this laptop: newest first, with edit, delete and restore."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core import entry
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study import Study
from xmdesk.core.survey import Survey
from xmdesk.gui.dialogs import show_error

DELETED_COLOUR = QColor("#9ca3af")


class ResponseListWidget(QWidget):
    sig_edit = Signal(int)
    """Open this response (its id) in the form."""
    sig_pack = Signal()
    """Write this laptop's responses to a pack."""
    sig_merge = Signal()
    """Merge packs or studies from field laptops into this study."""

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.survey = survey
        self.rows: list[entry.ResponseSummary] = []
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.table = QTableWidget(0, 6)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.edit_button = QPushButton()
        self.delete_button = QPushButton()
        self.restore_button = QPushButton()
        self.pack_button = QPushButton()
        self.merge_button = QPushButton()
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(lambda: self._delete(restore=False))
        self.restore_button.clicked.connect(lambda: self._delete(restore=True))
        self.pack_button.clicked.connect(self.sig_pack.emit)
        self.merge_button.clicked.connect(self.sig_merge.emit)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.delete_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.pack_button)
        buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.rows = entry.device_responses(self.study.conn, self.survey)
        self.table.setRowCount(len(self.rows))
        for row, summary in enumerate(self.rows):
            score = "" if summary.compliance is None else f"{summary.compliance:.1f}%"
            cells = [str(summary.id), summary.created_at[:16].replace("T", " "), summary.worker,
                     summary.store, score, self.tr("deleted") if summary.deleted else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if summary.deleted:
                    item.setForeground(QBrush(DELETED_COLOUR))
                self.table.setItem(row, column, item)
        live = sum(not r.deleted for r in self.rows)
        self.count_label.setText(self.tr("%n response(s) entered on this laptop", "", live))
        self._update_buttons()

    def selected(self) -> entry.ResponseSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def select_id(self, response_id: int) -> None:
        for row, summary in enumerate(self.rows):
            if summary.id == response_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        current = self.selected()
        writable = not self.study.read_only
        self.edit_button.setEnabled(writable and current is not None and not current.deleted)
        self.delete_button.setEnabled(writable and current is not None and not current.deleted)
        self.restore_button.setEnabled(writable and current is not None and current.deleted)
        self.merge_button.setEnabled(writable)

    def _edit(self) -> None:
        current = self.selected()
        if current is not None and not current.deleted:
            self.sig_edit.emit(current.id)

    def _delete(self, restore: bool) -> None:
        current = self.selected()
        if current is None:
            return
        try:
            entry.delete_response(self.study, self.survey, current.id, restore=restore)
        except XMDeskError as error:
            show_error(self, error)
            return
        self.refresh()
        self.select_id(current.id)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("ID"), self.tr("Entered"), self.tr("Field worker"),
                                              self.tr("Store"), self.tr("Compliance"), self.tr("Status")])
        self.edit_button.setText(self.tr("Edit"))
        self.delete_button.setText(self.tr("Delete"))
        self.restore_button.setText(self.tr("Restore"))
        self.pack_button.setText(self.tr("Export response pack…"))
        self.merge_button.setText(self.tr("Merge packs…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete removes the selected response, Enter opens it: the list works without the mouse too."""
        if event.key() == Qt.Key.Key_Delete:
            self._delete(restore=False)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._edit()
        else:
            super().keyPressEvent(event)
