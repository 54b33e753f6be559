"""One whole response, opened from a comment: every answer with its question, as the Data area shows it."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.survey import responses
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey
from xmdesk.gui.i18n import current_language
from xmdesk.gui.models.responses_model import column_infos


class ResponseDialog(QDialog):
    """The whole response a comment came from, read-only: each answered question with its answer, written as
    the Data area writes it."""

    def __init__(self, study: Study, survey: Survey, response_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Response %1").replace("%1", str(response_id)))
        self.resize(620, 560)
        infos = column_infos(survey, current_language())
        (values,) = responses.fetch_rows(study.conn, survey, [info.name for info in infos], [response_id])
        shown = [(info.header, info.format(value)) for info, value in zip(infos, values) if info.format(value)]
        self.table = QTableWidget(len(shown), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Answer")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 240)
        for row, (header, text) in enumerate(shown):
            self.table.setItem(row, 0, QTableWidgetItem(header))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
