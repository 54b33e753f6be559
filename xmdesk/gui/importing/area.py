"""The Import area: the import wizard, operational data (O-data) tables, customer profiles, import history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core import messages, odata
from xmdesk.core.study.changes import Changes
from xmdesk.core.importing.operational import ODataResult, import_odata
from xmdesk.core.importing.readers import open_source
from xmdesk.core.importing.layouts import detect
from xmdesk.core.importing.run import import_history
from xmdesk.core.importing.values import cell_text
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys
from xmdesk.core.vocabulary import names
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import Texts, current_language
from xmdesk.gui.importing.tables import cell_item, make_table
from xmdesk.gui.importing.wizard import ImportWizard
from xmdesk.gui.widths import fit_sections
from xmdesk.gui.workers import JobWorker, run_job


class ODataPage(QWidget):
    """Any table (orders, visits, calls, CRM) as an O-data table with a key and a join to responses."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.path: Path | None = None
        self.worker: JobWorker | None = None
        self.texts = Texts(self, then=self._retranslate_computed)
        choose = self.texts.button(lambda: self.tr("Choose a table file…"))
        choose.clicked.connect(self.choose_file)
        self.file_label = QLabel(self.tr("No file chosen."))
        self.table_name = QLineEdit()
        self.key_box = QComboBox()
        self.customer_box = QComboBox()
        self.joins_box = QComboBox()
        self.import_button = self.texts.button(lambda: self.tr("Import as O-data"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run)
        form = QFormLayout()
        self.texts.rows(form, [(lambda: self.tr("Table name:"), self.table_name),
                               (lambda: self.tr("Key column:"), self.key_box),
                               (lambda: self.tr("Customer column:"), self.customer_box),
                               (lambda: self.tr("Joins to the responses' column:"), self.joins_box)])
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.texts.headers(self.tree.setHeaderLabels, lambda: [self.tr("Table"), self.tr("Rows"), self.tr("Key"),
                                                               self.tr("Customer column"), self.tr("Joins to")])
        self.tree.setColumnWidth(0, 220)
        fit_sections(self.tree.header())  # 'Customer column' was cut in English
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.import_button)
        layout.addWidget(self.texts.label(lambda: self.tr("Operational tables in this study:")))
        layout.addWidget(self.tree, 1)
        self.refresh()

    def _retranslate_computed(self) -> None:
        if self.path is None:
            self.file_label.setText(self.tr("No file chosen."))
        elif self.customer_box.count():
            self.customer_box.setItemText(0, self.tr("(none)"))
        self.refresh()

    def refresh(self) -> None:
        """The customers and every O-data table, with their row counts and joins."""
        self.tree.clear()
        self.tree.addTopLevelItem(QTreeWidgetItem([
            self.tr("Customers"), self.tr("%n row(s)", "", odata.customer_count(self.study)), "id", "id",
            "customer_id"]))
        for table in odata.list_tables(self.study):
            self.tree.addTopLevelItem(QTreeWidgetItem([
                f"{table.label or table.name} ({table.name})" if table.label else table.name,
                self.tr("%n row(s)", "", odata.row_count(self.study, table)), table.key_column,
                table.customer_column or "—", table.response_column if table.customer_column else "—"]))
        self.joins_box.clear()
        self.joins_box.addItem("customer_id", "customer_id")
        for question in odata.joinable_questions(self.study):  # what the core accepts as a join column
            self.joins_box.addItem(question.label(current_language()), question.code)
            self.joins_box.setItemData(self.joins_box.count() - 1, question.code, Qt.ItemDataRole.ToolTipRole)

    def choose_file(self) -> None:
        path = files.open_file(self, files.TABLE, self.tr("Choose a table to import"),
                               self.tr("Excel and CSV files (*.xlsx *.xlsm *.xls *.csv *.tsv *.txt)"),
                               self.study.path.parent)
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        try:
            source = open_source(path)
        except Exception as error:
            show_error(self, error)
            return
        names = [c.header for c in detect(source.head, "generic", source.path.name).columns]
        self.path = Path(path)
        self.file_label.setText(self.path.name)
        stem = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "_") else "_" for ch in self.path.stem).strip("_")
        self.table_name.setText(stem if stem[:1].isalpha() else f"t_{stem}")
        self.key_box.clear()
        self.key_box.addItems(names)
        self.customer_box.clear()
        self.customer_box.addItem(self.tr("(none)"), None)
        for name in names:
            self.customer_box.addItem(name, name)
        self.import_button.setEnabled(True)

    def run(self) -> None:
        path, table, key = self.path, self.table_name.text().strip(), self.key_box.currentText()
        customer, joins = self.customer_box.currentData(), self.joins_box.currentData() or "customer_id"
        assert path is not None

        def job(progress: Progress, cancel: CancelToken) -> ODataResult:
            return import_odata(self.study, path, table, key, customer_column=customer, response_column=joins,
                                progress=progress, cancel=cancel)

        self.worker = run_job(self, self.tr("Importing %1").replace("%1", path.name), job,
                              lambda result: self.refresh(), lambda error: show_error(self, error))


class ProfilePage(QWidget):
    """One customer seen whole: their answers next to their operational records."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.texts = Texts(self)
        self.customer = QLineEdit()
        self.texts.bind(self.customer.setPlaceholderText, lambda: self.tr("Customer id, phone or order id"))
        self.customer.returnPressed.connect(self.show_customer)
        show = self.texts.button(lambda: self.tr("Show"))
        show.clicked.connect(self.show_customer)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.answers = make_table([])
        self.records = make_table([])
        top = QHBoxLayout()
        top.addWidget(self.texts.label(lambda: self.tr("Customer:")))
        top.addWidget(self.customer, 1)
        top.addWidget(show)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addWidget(self.texts.label(lambda: self.tr("Answers")))
        layout.addWidget(self.answers, 1)
        layout.addWidget(self.texts.label(lambda: self.tr("Operational records")))
        layout.addWidget(self.records, 1)

    def show_customer(self) -> None:
        view = odata.customer_view(self.study, self.customer.text().strip())
        facts = view.facts or {}
        shown = [f"{k}: {v}" for k, v in facts.items() if k in odata.CUSTOMER_FIELDS and v not in (None, "")]
        self.facts.setText("  ·  ".join(shown) if shown else self.tr("No customer record with this id."))
        labels = self._labels()
        _fill(self.answers, [(survey, row) for survey, rows in view.answers.items() for row in rows],
              self.tr("Survey"), labels)
        _fill(self.records, [(table, row) for table, rows in view.records.items() for row in rows],
              self.tr("Table"), {})

    def _labels(self) -> dict[str, str]:
        lang = current_language()
        return {c.name: names.column_name(s, c.name, lang) for s in list_surveys(self.study) for q in s.questions
                for c in q.columns()}


HIDDEN = {"uuid", "updated_at", "survey_version", "device_id", "deleted", "status"}


def _fill(table: QTableWidget, rows: list[tuple[str, dict[str, Any]]], first: str, labels: dict[str, str]) -> None:
    names: list[str] = []
    for _, row in rows:
        names += [n for n in row if n not in names and n not in HIDDEN]
    table.clear()
    table.setColumnCount(len(names) + 1)
    table.setHorizontalHeaderLabels([first] + [labels.get(n, n)[:24] for n in names])
    table.setRowCount(len(rows))
    for r, (owner, row) in enumerate(rows):
        table.setItem(r, 0, cell_item(owner))
        for c, name in enumerate(names, start=1):
            table.setItem(r, c, cell_item(cell_text(row.get(name))))
    table.resizeColumnsToContents()


class HistoryPage(QWidget):
    """Every import: when, which file, into what, how many rows, by whom (the study's import log)."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.table = make_table([""] * 8)
        self.texts = Texts(self, then=self.refresh)
        self.texts.headers(self.table.setHorizontalHeaderLabels,
                           lambda: [self.tr("When"), self.tr("File"), self.tr("Layout"), self.tr("Into"),
                                    self.tr("Imported"), self.tr("Skipped"), self.tr("Status"), self.tr("Who")])
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        entries = import_history(self.study)
        statuses = {"done": self.tr("done"), "failed": self.tr("failed"), "cancelled": self.tr("cancelled")}
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            layout = messages.text(f"importing.layout.{entry['layout']}") if entry["layout"] else ""
            values = (entry["at"][:16].replace("T", " "), Path(entry["file"]).name, layout, entry["target"],
                      str(entry["imported"]), str(entry["skipped"]), statuses.get(entry["status"], entry["status"]),
                      entry["actor"])
            for column, text in enumerate(values):
                self.table.setItem(row, column, cell_item(text))
        self.table.resizeColumnsToContents()


class ImportArea(QWidget):
    """The Import area: the wizard, operational data, customer profiles and the import history as tabs; a file
    dropped on the window goes to the wizard."""

    key = "import"

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.tabs = QTabWidget()
        self.wizard = ImportWizard(study)
        self.odata_page = ODataPage(study)
        self.profile = ProfilePage(study)
        self.history = HistoryPage(study)
        self.tabs.addTab(self.wizard, "")
        self.tabs.addTab(self.odata_page, "")
        self.tabs.addTab(self.profile, "")
        self.tabs.addTab(self.history, "")
        self.wizard.sig_imported.connect(lambda _result: self.history.refresh())
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.retranslate()

    def apply_changes(self, changes: Changes) -> None:
        """The import log and the operational tables (with the questions they can join on) follow every
        import, merge and edit, made here or by another program. A file being mapped in the wizard keeps
        the targets it was offered; they are read again when the next file is opened."""
        if changes.touches("imports"):
            self.history.refresh()
        if changes.touches("odata", "surveys"):
            self.odata_page.refresh()

    def retranslate(self) -> None:
        for index, text in enumerate((self.tr("Import responses"), self.tr("Operational data"),
                                      self.tr("Customer profile"), self.tr("Import history"))):
            self.tabs.setTabText(index, text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.history:
            self.history.refresh()
        elif page is self.odata_page:
            self.odata_page.refresh()

    @property
    def tree(self) -> QTreeWidget:
        """The study's operational data at a glance (customers and O-data tables with their rows)."""
        return self.odata_page.tree

    def open_file(self, path: str) -> None:
        """A file dropped on the window: into the wizard."""
        self.tabs.setCurrentWidget(self.wizard)
        self.wizard.open_file(path)
