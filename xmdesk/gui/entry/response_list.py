"""The responses typed on this laptop: newest first, with edit, delete and restore."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.fieldwork import entry
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey
from xmdesk.gui.dialogs import show_error

DELETED_COLOUR = QColor("#9ca3af")
DRAFT_COLOUR = QColor("#9a5b00")


def local_time(stamp: str, layout: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC timestamp as the field worker's clock shows it."""
    return datetime.fromisoformat(stamp).astimezone().strftime(layout)


class ResponseListWidget(QWidget):
    """The responses and unfinished drafts of one survey typed on this laptop (its device id), newest first:
    delete is a soft delete that can be restored, and a draft is discarded."""

    sig_edit = Signal(int)
    """Open this response (its id) in the form."""
    sig_open_draft = Signal(str)
    """Carry on typing this unfinished response (its uuid)."""
    sig_pack = Signal()
    """Write this laptop's responses to a pack."""
    sig_merge = Signal()
    """Merge packs or studies from field laptops into this study."""

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.survey = survey
        self.rows: list[entry.ResponseSummary] = []
        self.drafts: list[entry.Draft] = []
        """Unfinished new responses, listed first so none is forgotten."""
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
        self.drafts = [d for d in entry.drafts(self.study.conn, self.survey.code) if d.response_id is None]
        self.rows = entry.device_responses(self.study.conn, self.survey)
        self.table.setRowCount(len(self.drafts) + len(self.rows))
        for row, draft in enumerate(self.drafts):
            cells = ["—", local_time(draft.updated_at), draft.worker, draft.visit.store, "",
                     self.tr("unfinished draft")]
            self._fill_row(row, cells, DRAFT_COLOUR)
        for row, summary in enumerate(self.rows, start=len(self.drafts)):
            score = "" if summary.compliance is None else f"{summary.compliance:.1f}%"
            cells = [str(summary.id), local_time(summary.created_at), summary.worker,
                     summary.store, score, self.tr("deleted") if summary.deleted else ""]
            self._fill_row(row, cells, DELETED_COLOUR if summary.deleted else None)
        live = sum(not r.deleted for r in self.rows)
        self.count_label.setText(self.tr("%n response(s) entered on this laptop", "", live))
        self._update_buttons()

    def _fill_row(self, row: int, cells: list[str], colour: QColor | None) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if colour is not None:
                item.setForeground(QBrush(colour))
            self.table.setItem(row, column, item)

    def selected(self) -> entry.ResponseSummary | entry.Draft | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        position = rows[0].row()
        if position < len(self.drafts):
            return self.drafts[position]
        return self.rows[position - len(self.drafts)]

    def select_id(self, response_id: int) -> None:
        for row, summary in enumerate(self.rows, start=len(self.drafts)):
            if summary.id == response_id:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        current = self.selected()
        writable = not self.study.read_only
        deleted = isinstance(current, entry.ResponseSummary) and current.deleted
        self.edit_button.setEnabled(writable and current is not None and not deleted)
        self.delete_button.setEnabled(writable and current is not None and not deleted)
        self.restore_button.setEnabled(writable and deleted)
        self.merge_button.setEnabled(writable)

    def _edit(self) -> None:
        current = self.selected()
        if isinstance(current, entry.Draft):
            self.sig_open_draft.emit(current.response_uuid)
        elif current is not None and not current.deleted:
            self.sig_edit.emit(current.id)

    def _delete(self, restore: bool) -> None:
        """Soft delete (or restore) a response; an unfinished draft is discarded."""
        current = self.selected()
        if current is None:
            return
        try:
            if isinstance(current, entry.Draft):
                entry.discard_draft(self.study, self.survey, current.response_uuid)
            else:
                entry.delete_response(self.study, self.survey, current.id, restore=restore)
        except XMDeskError as error:
            show_error(self, error)
            return
        self.refresh()
        if isinstance(current, entry.ResponseSummary):
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
