"""Edit the study's codebook (topics and their rules) and its own words, stop words and synonyms.

Nothing is stored until Save; the core checks everything first (a bad rule names its topic), so
an error keeps the dialog open with the user's edits.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.text import codebook as codebooks
from xmdesk.core.text.lexicon import StudyTerms, load_terms, save_terms
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error

RULE_SEPARATOR = "; "


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class CodebookDialog(QDialog):
    """Edit the codebook and the study's own word lists; Save stores them through the core, which checks
    everything first, so an error keeps the dialog and its edits."""

    def __init__(self, study: Study, codebook: codebooks.Codebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.setWindowTitle(self.tr("Codebook and words"))
        self.resize(760, 520)

        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Topic"), self.tr("Rules")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 140)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        help_label = QLabel(self.tr("Rules are separated by ;  A word or phrase matches anywhere in a comment; "
                                    "a+b needs both; -word excludes; /…/ is a regular expression. "
                                    "Synonyms count too."))
        help_label.setWordWrap(True)
        add = QPushButton(self.tr("Add topic"))
        remove = QPushButton(self.tr("Remove topic"))
        default = QPushButton(self.tr("Default codebook"))
        load = QPushButton(self.tr("Import…"))
        export = QPushButton(self.tr("Export…"))
        buttons = QHBoxLayout()
        for button in (add, remove, default, load, export):
            buttons.addWidget(button)
        buttons.addStretch(1)
        topics_page = QWidget()
        topics_layout = QVBoxLayout(topics_page)
        topics_layout.addWidget(help_label)
        topics_layout.addWidget(self.table, 1)
        topics_layout.addLayout(buttons)

        terms = load_terms(study)
        self.words_edit = QPlainTextEdit("\n".join(terms.words))
        self.stop_edit = QPlainTextEdit("\n".join(terms.stopwords))
        self.synonyms_edit = QPlainTextEdit("\n".join(f"{v} = {c}" for v, c in terms.synonyms))
        words_page = QWidget()
        form = QFormLayout(words_page)
        form.addRow(QLabel(self.tr("New words, one per line (kept whole when comments are cut into words):")))
        form.addRow(self.words_edit)
        form.addRow(QLabel(self.tr("Stop words, one per line (left out of keywords):")))
        form.addRow(self.stop_edit)
        form.addRow(QLabel(self.tr("Synonyms, one per line as variant = word (售后 = 客服):")))
        form.addRow(self.synonyms_edit)

        tabs = QTabWidget()
        tabs.addTab(topics_page, self.tr("Topics"))
        tabs.addTab(words_page, self.tr("Words"))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(box)

        add.clicked.connect(lambda: self._add_row("", ""))
        remove.clicked.connect(self._remove_selected)
        default.clicked.connect(lambda: self.show_codebook(codebooks.default_codebook()))
        load.clicked.connect(self._import)
        export.clicked.connect(self._export)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        self.show_codebook(codebook)

    def show_codebook(self, codebook: codebooks.Codebook) -> None:
        self.table.setRowCount(0)
        for topic in codebook.topics:
            self._add_row(topic.name, RULE_SEPARATOR.join(topic.rules))

    def _add_row(self, name: str, rules: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name_item = QTableWidgetItem(name)
        self.table.setItem(row, 0, name_item)
        self.table.setItem(row, 1, QTableWidgetItem(rules))
        if not name:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(name_item)

    def _remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def edited_codebook(self) -> codebooks.Codebook:
        """The table as a checked codebook (raises XMDeskError naming the bad topic or rule)."""
        entries = []
        for row in range(self.table.rowCount()):
            name, rules = (self._text(row, 0), self._text(row, 1))
            if name.strip() or rules.strip():
                entries.append((name, codebooks.parse_rules(rules)))
        return codebooks.make_codebook(entries)

    def edited_terms(self) -> StudyTerms:
        synonyms = []
        for line in _lines(self.synonyms_edit):
            variant, _, canonical = line.replace("＝", "=").partition("=")
            synonyms.append((variant.strip(), canonical.strip()))
        return StudyTerms(tuple(_lines(self.words_edit)), tuple(_lines(self.stop_edit)), tuple(synonyms))

    def save(self) -> None:
        try:
            codebook = self.edited_codebook()
            terms = self.edited_terms()
            with self.study.transaction(Changes.of("text")):
                codebooks.save_codebook(self.study, codebook)
                save_terms(self.study, terms.words, terms.stopwords, terms.synonyms)
        except XMDeskError as error:
            show_error(self, error)
            return
        self.accept()

    def _import(self) -> None:
        path = files.open_file(self, files.CODEBOOK, self.tr("Import codebook"), self.tr("Codebook (*.json *.csv *.txt)"))
        if not path:
            return
        try:
            self.show_codebook(codebooks.read_codebook_file(path))
        except XMDeskError as error:
            show_error(self, error)

    def _export(self) -> None:
        path, _ = files.save_file(self, files.CODEBOOK, self.tr("Export codebook"), "codebook.json",
                                  self.tr("Codebook (*.json)"))
        if not path:
            return
        try:
            codebooks.write_codebook_file(self.edited_codebook(), path)
        except (XMDeskError, OSError) as error:
            show_error(self, error)
            return
        files.export_done(self, self.tr("Export codebook"), path)

