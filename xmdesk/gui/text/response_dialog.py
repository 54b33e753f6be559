"""One whole response, opened from a comment: every answer with its question, as the Data area shows it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from xmdesk.core.survey import responses
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey
from xmdesk.gui.forms import Form
from xmdesk.gui.i18n import current_language
from xmdesk.gui.models.responses_model import column_infos


class ResponseDialog(QDialog):
    """The whole response a comment came from, read-only: each answered question with its answer, written as
    the Data area writes it. Laid out by ui/response_dialog.ui."""

    def __init__(self, study: Study, survey: Survey, response_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = Form(self, "response_dialog")
        self.setWindowTitle(self.tr("Response %1").replace("%1", str(response_id)))
        infos = column_infos(survey, current_language())
        (values,) = responses.fetch_rows(study.conn, survey, [info.name for info in infos], [response_id])
        shown = [(info.header, info.format(value)) for info, value in zip(infos, values) if info.format(value)]
        self.table = form.child(QTableWidget, "answers_table")
        self.table.setRowCount(len(shown))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 240)
        # Rows follow the columns' widths: the table is still a narrow child of the unshown dialog here.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for row, (header, text) in enumerate(shown):
            self.table.setItem(row, 0, QTableWidgetItem(header))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        form.child(QDialogButtonBox, "buttons").rejected.connect(self.reject)
