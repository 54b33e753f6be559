"""Edit the study's codebook (topics and their rules) and its own words, stop words and synonyms.

Nothing is stored until Save; the core checks everything first (a bad rule names its topic), so
an error keeps the dialog open with the user's edits.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QWidget)

from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.text import codebook as codebooks
from xmdesk.core.text.lexicon import StudyTerms, load_terms, save_terms
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.forms import Form

RULE_SEPARATOR = "; "


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class CodebookDialog(QDialog):
    """Edit the codebook and the study's own word lists (laid out by ui/codebook_dialog.ui); Save stores them
    through the core, which checks everything first, so an error keeps the dialog and its edits."""

    def __init__(self, study: Study, codebook: codebooks.Codebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        form = Form(self, "codebook_dialog")
        self.table = form.child(QTableWidget, "topic_table")
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 140)
        add, remove, default, load, export = (form.child(QPushButton, f"{name}_button")
                                              for name in ("add", "remove", "default", "import", "export"))
        terms = load_terms(study)
        self.words_edit = form.child(QPlainTextEdit, "words_edit")
        self.words_edit.setPlainText("\n".join(terms.words))
        self.stop_edit = form.child(QPlainTextEdit, "stop_edit")
        self.stop_edit.setPlainText("\n".join(terms.stopwords))
        self.synonyms_edit = form.child(QPlainTextEdit, "synonyms_edit")
        self.synonyms_edit.setPlainText("\n".join(f"{v} = {c}" for v, c in terms.synonyms))
        box = form.child(QDialogButtonBox, "buttons")

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

