"""The Value tab of the Charts area: spend and repurchase of promoters, passives and detractors (issue 20).

Which operational table, which amount and how many days are picked here; the figures, the tests, the chart spec
and every number's text are the core's (`analysis.value`, `charts.value`), computed off the GUI thread on a read
view of the study, so the panel shows what `xmdesk value` prints.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.analysis import odata_vars
from xmdesk.core.analysis.value import DEFAULT_DAYS, ValueView, value_table, value_view
from xmdesk.core.charts.value import value_chart
from xmdesk.core.errors import Cancelled, XMDeskError
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey
from xmdesk.gui.charts.view import ChartView
from xmdesk.gui.i18n import current_language
from xmdesk.gui.workers import JobWorker


class ValuePanel(QWidget):
    """The Value tab: the table and amount read, the window in days, the chart of spend before and after per NPS
    group, and the table of n, spend, repurchase and the tests."""

    def __init__(self, study: Study, survey: Callable[[], Survey | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self._survey = survey
        self.result: ValueView | None = None
        self.worker: JobWorker | None = None
        self._ticket = 0

        self.labels = {name: QLabel() for name in ("table", "column", "days")}
        self.table_combo = QComboBox()
        self.column_combo = QComboBox()
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 3650)
        self.days_spin.setValue(DEFAULT_DAYS)
        self.status = QLabel()
        self.status.setObjectName("countLabel")
        self.status.setWordWrap(True)
        self.view = ChartView()
        self.grid = QTableWidget(0, 0)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        settings = QHBoxLayout()
        for name, widget in (("table", self.table_combo), ("column", self.column_combo), ("days", self.days_spin)):
            settings.addWidget(self.labels[name])
            settings.addWidget(widget)
        settings.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(settings)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.grid)
        layout.addWidget(self.status)

        self.retranslate()
        self.fill_tables()
        self.table_combo.currentIndexChanged.connect(self._table_changed)
        self.column_combo.currentIndexChanged.connect(self.refresh)
        self.days_spin.editingFinished.connect(self.refresh)

    def fill_tables(self) -> None:
        """The tables linked to responses by customer, then the chosen one's numeric columns (amount first)."""
        keep = self.table_combo.currentText()
        self.table_combo.blockSignals(True)
        self.table_combo.clear()
        self.table_combo.addItems(odata_vars.linked_tables(self.study))
        if keep:
            self.table_combo.setCurrentText(keep)
        self.table_combo.blockSignals(False)
        self._fill_columns()

    def _fill_columns(self) -> None:
        table = self.table_combo.currentText()
        columns = odata_vars.numeric_columns(self.study, table) if table else []
        self.column_combo.blockSignals(True)
        self.column_combo.clear()
        self.column_combo.addItems(sorted(columns, key=lambda c: c != "amount"))
        self.column_combo.blockSignals(False)

    def _table_changed(self) -> None:
        self._fill_columns()
        self.refresh()

    def refresh(self) -> None:
        """Compute the view again for the survey shown, on the thread pool; only the latest answer is drawn."""
        survey, table, column = self._survey(), self.table_combo.currentText(), self.column_combo.currentText()
        if survey is None or not table or not column:
            self.view.show_message(self.tr("Import orders (an operational table with a customer column and an "
                                           "amount) to compare what promoters and detractors spend."))
            return
        self._ticket += 1
        ticket, days, lang = self._ticket, self.days_spin.value(), current_language()
        self.status.setText(self.tr("Computing…"))

        def job(_progress: Progress, _cancel: CancelToken) -> tuple[int, ValueView]:
            with self.study.read_view() as view:
                return ticket, value_view(view, survey.code, table=table, column=column, days=days, lang=lang)

        worker = JobWorker(job)
        self.worker = worker
        # Bound methods, not lambdas: Qt disconnects them when the panel is deleted before the job ends.
        worker.signals.sig_finished.connect(self._finished)
        worker.signals.sig_failed.connect(self._failed)
        worker.start()

    def _finished(self, answer: tuple[int, ValueView]) -> None:
        ticket, result = answer
        if ticket == self._ticket:
            self.result = result
            self._show(result)

    def _show(self, result: ValueView) -> None:
        lang = current_language()
        spec = value_chart(result, lang)
        self.view.set_spec(spec)
        headers, rows = value_table(result, lang)
        self.grid.setColumnCount(len(headers))
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the figures stay packed
        self.grid.setRowCount(len(rows))
        self.grid.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.grid.setItem(r, c, item)
        self.status.setText("")  # the chart prints its notes
        self._fit_grid()

    def _fit_grid(self) -> None:
        """The table as tall as its rows: three groups and the tests are read together, never scrolled."""
        self.grid.resizeRowsToContents()
        height = self.grid.horizontalHeader().height() + 2 * self.grid.frameWidth()
        height += sum(self.grid.rowHeight(r) for r in range(self.grid.rowCount()))
        self.grid.setFixedHeight(height)

    def _failed(self, error: BaseException) -> None:
        """A failure of a job a later one replaced (or of one cancelled when the study closed) is not shown."""
        if isinstance(error, Cancelled) or (self.worker is not None and not self.worker.done):
            return
        self.result = None
        text = error.message(current_language()) if isinstance(error, XMDeskError) else str(error)
        self.view.show_message(text)
        self.status.setText("")

    def retranslate(self) -> None:
        """Labels in the app's language; a view already shown is written again in it."""
        self.labels["table"].setText(self.tr("Orders table:"))
        self.labels["column"].setText(self.tr("Amount:"))
        self.labels["days"].setText(self.tr("Days before / after:"))
        self.days_spin.setSuffix(self.tr(" days"))
        if self.result is not None:  # group names and headers come with the figures: compute them in this language
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
