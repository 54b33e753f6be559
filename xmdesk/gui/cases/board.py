"""The case board: cases by department and status, overdue ones highlighted, bulk assignment,
the department workbook out and back, and the selected case's detail beside the list."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QMessageBox, QPushButton, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from xmdesk.core.loop import workbook as case_workbook
from xmdesk.core.loop import cases
from xmdesk.core.errors import XMDeskError
from xmdesk.core.files import file_name
from xmdesk.core.study.file import Study
from xmdesk.core.loop.worktime import WorkCalendar, parse_utc
from xmdesk.gui import files
from xmdesk.gui.labels import case_status
from xmdesk.gui.cases.detail import CaseDetail
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import Texts
from xmdesk.gui.widths import fit_sections

OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_TEXT = QColor("#b42318")
Index = QModelIndex | QPersistentModelIndex
# A board lists this many cases at most, most urgent first; the rest are counted, not read.
BOARD_LIMIT = 2000
COLUMN_WIDTHS = (60, 110, 100, 70, 56, 150)
"""Starting widths of the columns, widened to their header's words in the language shown."""


class CaseTableModel(QAbstractTableModel):
    """The listed cases; a few thousand rows at most on a board, read whole when filters change."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[cases.Case] = []
        self.now = datetime.now(timezone.utc)
        self.zone = WorkCalendar().zone

    def headers(self) -> list[str]:
        return [self.tr("Case"), self.tr("Status"), self.tr("Department"), self.tr("Owner"), self.tr("Priority"),
                self.tr("Due"), self.tr("Title")]

    def retranslate(self) -> None:
        """Headers and cells are translated as they are read: tell the views to read them again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1))

    def set_cases(self, rows: list[cases.Case]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.now = datetime.now(timezone.utc)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        case = self.rows[index.row()]
        late = case.is_overdue(self.now)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, index.column(), late)
        if role == Qt.ItemDataRole.BackgroundRole and late:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and late and index.column() == 5:
            return QBrush(OVERDUE_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 6:
            return case.title
        return None

    def _text(self, case: cases.Case, column: int, late: bool) -> str:
        if column == 0:
            return f"#{case.id}"
        if column == 1:
            return case_status(case.status) + (" · " + self.tr("do not disturb") if case.do_not_disturb else "")
        if column == 2:
            return case.department or ""
        if column == 3:
            return case.owner
        if column == 4:
            return {"high": self.tr("High"), "normal": self.tr("Normal"), "low": self.tr("Low")}.get(case.priority,
                                                                                                  case.priority)
        if column == 5:
            due = parse_utc(case.due_at).astimezone(self.zone).strftime("%m-%d %H:%M") if case.due_at else ""
            overdue = self.tr("overdue")
            return f"{due} · {overdue}" if late else due
        return case.title


class CaseBoard(QWidget):
    """The Case board tab: the most urgent cases first (at most BOARD_LIMIT listed, the total counted), filtered
    by status, department and overdue, with the selected case's detail beside them."""

    sig_changed = Signal()
    """Cases were changed here (status, owner, import): other views may recount."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.model = CaseTableModel()
        self.texts = Texts(self, then=self._retranslate_computed)
        self.department_combo = QComboBox()
        self.status_combo = QComboBox()
        for combo in (self.department_combo, self.status_combo):  # their items are worded again on a switch
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.overdue_check = QCheckBox()
        self.texts.bind(self.overdue_check.setText, lambda: self.tr("Overdue only"))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("caseCounts")
        self.counts_label.setWordWrap(True)
        self.shown_label = QLabel()
        self.assign_button = self.texts.button(lambda: self.tr("Assign selected…"))
        self.export_button = self.texts.button(lambda: self.tr("Export for department…"))
        self.import_button = self.texts.button(lambda: self.tr("Import replies…"))
        for button in (self.assign_button, self.export_button, self.import_button):
            button.setEnabled(not study.read_only)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        fit_sections(header, COLUMN_WIDTHS)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.detail = CaseDetail(study)

        filters = QHBoxLayout()
        for text, widget in ((lambda: self.tr("Department"), self.department_combo),
                               (lambda: self.tr("Status"), self.status_combo)):
            filters.addWidget(self.texts.label(text))
            filters.addWidget(widget)
        filters.addWidget(self.overdue_check)
        filters.addStretch(1)
        # The counts and the buttons on a row of their own: beside the filters they cut the filters' words and
        # their own at 125 % scaling.
        actions = QHBoxLayout()
        actions.addWidget(self.counts_label, 1)
        actions.addWidget(self.assign_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.shown_label)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

        self._fill_filters()
        self.department_combo.currentIndexChanged.connect(self.reload)
        self.status_combo.currentIndexChanged.connect(self.reload)
        self.overdue_check.toggled.connect(self.reload)
        self.view.selectionModel().currentRowChanged.connect(self._show_current)
        self.assign_button.clicked.connect(self.assign_selected)
        self.export_button.clicked.connect(self.export_department)
        self.import_button.clicked.connect(self.import_replies)
        self.detail.sig_changed.connect(self._case_changed)
        self.reload()

    def _fill_filters(self) -> None:
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        self.department_combo.addItem(self.tr("All departments"), None)
        for name in cases.department_names(self.study):
            self.department_combo.addItem(name, name)
        self.department_combo.blockSignals(False)
        self.status_combo.clear()
        self.status_combo.addItem(self.tr("Open (new, in progress)"), list(cases.OPEN_STATUSES))
        self.status_combo.addItem(self.tr("All statuses"), None)
        for status in cases.STATUSES:
            self.status_combo.addItem(case_status(status), [status])

    def _retranslate_computed(self) -> None:
        """The filters' names, the counts and the table in the new language, with the same filters chosen."""
        chosen = self.department_combo.currentIndex(), self.status_combo.currentIndex()
        for combo in (self.department_combo, self.status_combo):
            combo.blockSignals(True)
        self._fill_filters()
        self.department_combo.setCurrentIndex(chosen[0])
        self.status_combo.setCurrentIndex(chosen[1])
        for combo in (self.department_combo, self.status_combo):
            combo.blockSignals(False)
        self.model.retranslate()
        fit_sections(self.view.horizontalHeader(), COLUMN_WIDTHS)
        self.reload()

    def reload(self) -> None:
        """Read the cases that pass the filters, and the counts per department."""
        current = self.detail.case.id if self.detail.case else None
        filters = {"status": self.status_combo.currentData(), "department": self.department_combo.currentData(),
                   "overdue": self.overdue_check.isChecked()}
        rows = cases.list_cases(self.study, limit=BOARD_LIMIT, most_urgent_first=True, **filters)
        self.model.set_cases(rows)
        total = cases.count_cases(self.study, **filters) if len(rows) == BOARD_LIMIT else len(rows)
        shown = self.tr("%n case(s) shown", "", len(rows))
        if total > len(rows):
            shown += " · " + self.tr("the most urgent of %1; narrow the filters to see others").replace(
                "%1", str(total))
        self.shown_label.setText(shown)
        parts = [self.tr("%1: %2 open, %3 overdue").replace("%1", c.department or self.tr("(no department)"))
                 .replace("%2", str(c.open)).replace("%3", str(c.overdue))
                 for c in cases.counts_by_department(self.study)]
        self.counts_label.setText("   ·   ".join(parts) or self.tr("No cases yet."))
        row = next((i for i, c in enumerate(rows) if c.id == current), 0 if rows else -1)
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.detail.show_case(None)

    def selected_ids(self) -> list[int]:
        return [self.model.rows[index.row()].id for index in self.view.selectionModel().selectedRows()]

    def _show_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_case(self.model.rows[current.row()].id if current.isValid() else None)

    def _case_changed(self) -> None:
        self.reload()
        self.sig_changed.emit()

    def assign_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        owner, ok = QInputDialog.getText(self, self.tr("Assign cases"),
                                         self.tr("Owner of the %n selected case(s):", "", len(ids)))
        if ok and owner.strip():
            self.assign(ids, owner.strip())

    def assign(self, ids: list[int], owner: str) -> None:
        try:
            cases.assign(self.study, ids, owner=owner)
        except XMDeskError as error:
            show_error(self, error)
        self._case_changed()

    def export_department(self) -> None:
        department = self.department_combo.currentData()
        if not department:
            QMessageBox.information(self, self.tr("Export"), self.tr("Choose a department first."))
            return
        path, _ = files.save_file(self, files.WORKBOOK, self.tr("Export cases"), file_name(department, ".xlsx"),
                                  "Excel (*.xlsx)")
        if path:
            self.export_to(department, path)

    def export_to(self, department: str, path: str) -> int:
        try:
            written = case_workbook.export_department(self.study, department, path)
        except XMDeskError as error:
            show_error(self, error)
            return 0
        files.export_done(self, self.tr("Export"), path, self.tr("%n case(s) written.", "", written))
        return written

    def import_replies(self) -> None:
        path = files.open_file(self, files.WORKBOOK, self.tr("Import replies"), "Excel (*.xlsx)")
        if path:
            self.import_from(path)

    def import_from(self, path: str) -> case_workbook.ImportResult | None:
        try:
            result = case_workbook.import_replies(self.study, path)
        except XMDeskError as error:
            show_error(self, error)
            return None
        lines = [self.tr("Updated: %1, unchanged: %2").replace("%1", str(result.updated))
                 .replace("%2", str(result.unchanged))]
        lines += [self.tr("Row %1: %2").replace("%1", str(p["row"])).replace("%2", p["reason"])
                  for p in result.problems]
        show = QMessageBox.warning if result.problems else QMessageBox.information
        show(self, self.tr("Import replies"), "\n".join(lines))
        self._case_changed()
        return result
