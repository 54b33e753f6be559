"""Cleaning in the Data area (issue 20): cell editors fit for each question type, undoable corrections, a
response's history, and the bulk edit with its preview.

Every correction goes through `core.fieldwork.cleaning` (checked like entry, one audited transaction); the
study's listeners then refresh the table. The undo stack holds the edits done: undo applies an edit's inverse
through the same path, so an undo is checked against the stored values and logged as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QStyledItemDelegate, QStyleOptionViewItem, QTableWidget,
                               QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.errors import XMDeskError
from xmdesk.core.fieldwork import cleaning
from xmdesk.core.fieldwork.entry import scale_values
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import CHOICE_TYPES, Question, QuestionType, Survey
from xmdesk.gui.i18n import current_language

Index = QModelIndex | QPersistentModelIndex


class Columns(Protocol):
    """How the table names a stored column and shows its values (the responses model)."""

    def header_of(self, name: str) -> str: ...

    def value_text(self, name: str, value: Any) -> str: ...


def value_options(question: Question, lang: str) -> list[tuple[str, str]] | None:
    """(label, value as typed) of a question answered by picking, or None when it is typed (number, text, date)."""
    if question.type is QuestionType.MULTIPLE:
        return [("✓", "1"), ("—", "0")]
    if question.type in CHOICE_TYPES or question.type is QuestionType.CHECKLIST:
        return [(c.label(lang), str(c.value)) for c in question.answer_choices()]
    if question.type in (QuestionType.NPS, QuestionType.RATING, QuestionType.MATRIX):
        return [(str(v), str(v)) for v in scale_values(question)]
    return None


class CellDelegate(QStyledItemDelegate):
    """A list of the answers a choice or scale can take (and 'missing'), a line for typed answers; the model's
    setData sends the value to the core, which checks it."""

    def __init__(self, question_at: Callable[[int], Question | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._question_at = question_at

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        question = self._question_at(index.column())
        options = value_options(question, current_language()) if question is not None else None
        if options is None:
            return QLineEdit(parent)
        combo = QComboBox(parent)
        combo.addItem(self.tr("(missing)"), "")
        for label, value in options:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        text = "" if value is None else str(int(value) if isinstance(value, float) and value.is_integer() else value)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(text), 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        value = editor.currentData() if isinstance(editor, QComboBox) else editor.text() if isinstance(
            editor, QLineEdit) else None
        model.setData(index, value, Qt.ItemDataRole.EditRole)


Exclusions = dict[int, str | None]
"""Response id -> why it is left out of analysis, or None when it counts: an exclusion step and its inverse."""


def apply_correction(study: Study, survey: Survey, edit: cleaning.Edit) -> None:
    """Write a correction or its inverse (checked and logged) for the undo stack. It gives the stack nothing to
    keep: a correction's inverse is known when it is pushed, and a redo writes the correction as it was (the
    inverse of its inverse would be logged as an undo)."""
    cleaning.apply_edit(study, survey, edit)


def apply_exclusions(study: Study, survey: Survey, wanted: Exclusions) -> Exclusions:
    """Leave responses out of analysis or bring them back as `wanted` says, and give what they were before
    (which undoes it: an excluded response gets back the reason it had)."""
    from xmdesk.core.analysis import exclusion  # pandas: loaded when first used, not with the window

    before = exclusion.excluded(study, survey.code)
    counted = [i for i, reason in wanted.items() if reason is None and i in before]
    if counted:
        exclusion.restore(study, survey, counted)
    for reason in sorted({reason for reason in wanted.values() if reason is not None}):
        exclusion.exclude(study, survey, [i for i, why in wanted.items() if why == reason], reason)
    return {i: before.get(i) for i in wanted}


def edit_text(done: cleaning.Edit, columns: Columns) -> str:
    """How the undo stack names an edit: one cell by its response and column, more by their count."""
    if len(done.cells) == 1:
        cell = done.cells[0]
        return QCoreApplication.translate("Cleaning", "Edit #%1 %2").replace("%1", str(cell.response_id)).replace(
            "%2", columns.header_of(cell.column))
    return QCoreApplication.translate("Cleaning", "Edit %1 answers").replace("%1", str(len(done.cells)))


def shown(columns: Columns, name: str, value: Any) -> str:
    """A stored value in the history and the preview as the table shows it (a choice by its label); missing is
    said, not left blank."""
    if value is None or value == "":
        return QCoreApplication.translate("Cleaning", "(missing)")
    return columns.value_text(name, value) or "—"  # an unticked option shows blank in the table


class HistoryPanel(QWidget):
    """The trail of the response selected in the table: when, who, what, and each answer's old → new."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._study = study
        self.response: tuple[Survey, int] | None = None
        self._columns: Columns | None = None
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(3)
        self.tree.setIndentation(12)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tree, 1)
        self.retranslate()

    def show_response(self, survey: Survey, response_id: int | None, columns: Columns) -> None:
        self.response = None if response_id is None else (survey, response_id)
        self._columns = columns
        self.reload()

    def reload(self) -> None:
        """Read the trail again (after a write: the table refreshes, so does this)."""
        self.tree.clear()
        if self.response is None or self._columns is None:
            self.title.setText(self.tr("History: select a response"))
            return
        survey, response_id = self.response
        self.title.setText(self.tr("History of response #%1").replace("%1", str(response_id)))
        for entry in reversed(cleaning.history(self._study, survey, response_id)):
            item = QTreeWidgetItem([entry.at[:16].replace("T", " "), entry.actor, self._action(entry)])
            self.tree.addTopLevelItem(item)
            for column, (old, new) in entry.changed.items():
                self._add_change(item, self._columns.header_of(column),
                                 f"{shown(self._columns, column, old)} → {shown(self._columns, column, new)}")
        self.tree.expandAll()

    @staticmethod
    def _add_change(entry: QTreeWidgetItem, label: str, values: str) -> None:
        """The question on one line and its old → new on a line of its own under it: as one two-line text, a
        label too wide for the panel (a long Chinese NPS question) was elided with the values line dropped."""
        change = QTreeWidgetItem(entry, [label])
        change.setFirstColumnSpanned(True)
        change.setToolTip(0, label)
        shown_values = QTreeWidgetItem(change, [values])
        shown_values.setFirstColumnSpanned(True)

    def _action(self, entry: cleaning.HistoryEntry) -> str:
        if entry.action == "responses.exclude":
            return self.tr("Excluded from analysis: %1").replace("%1", entry.reason)
        if entry.action == "responses.restore":
            return self.tr("Restored to analysis")
        if entry.action == "enter":
            return self.tr("Entered")
        if entry.action == "edit":
            return self.tr("Edited in the form")
        return self.tr("Undone") if entry.kind == "undo" else self.tr("Corrected")

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Change")])
        self.reload()


class BulkEditDialog(QDialog):
    """Set one answer on every response an expression selects, or replace text within a text question: the
    preview lists each row that will change (old → new) and only a previewed plan can be applied."""

    def __init__(self, study: Study, survey: Survey, columns: Columns, where: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._study, self._survey, self._columns = study, survey, columns
        self.plan: cleaning.Edit | None = None
        self.mode = QComboBox()
        self.where_edit = QLineEdit(where)
        self.column = QComboBox()
        self.value_edit = QLineEdit()
        self.find_edit = QLineEdit()
        for question in survey.active_questions():
            for column in question.columns():
                self.column.addItem(columns.header_of(column.name), column.name)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setProperty("problem", True)
        self.count = QLabel()
        self.preview_button = QPushButton()
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setEnabled(False)
        self.form = QFormLayout()
        self._labels = [QLabel() for _ in range(5)]
        for label, field in zip(self._labels, (self.mode, self.where_edit, self.find_edit, self.column,
                                                self.value_edit)):
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.preview_button)
        layout.addWidget(self.problem)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 520)
        self.retranslate()
        self.mode.currentIndexChanged.connect(self._mode_changed)
        for edit in (self.where_edit, self.value_edit, self.find_edit):
            edit.textChanged.connect(self._forget_plan)
        self.column.currentIndexChanged.connect(self._forget_plan)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._mode_changed()

    def replacing(self) -> bool:
        return self.mode.currentIndex() == 1

    def preview(self) -> None:
        """Plan the edit and list its rows; a refused plan is said in words and nothing can be applied."""
        self._forget_plan()
        column = str(self.column.currentData())
        try:
            if self.replacing():
                plan = cleaning.plan_replace(self._study, self._survey, column, self.find_edit.text(), self.value_edit.text())
            else:
                plan = cleaning.plan_bulk(self._study, self._survey, self.where_edit.text(), column, self.value_edit.text())
        except XMDeskError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        self.plan = plan
        self.table.setRowCount(len(plan.cells))
        for row, cell in enumerate(plan.cells):
            texts = (str(cell.response_id), shown(self._columns, cell.column, cell.old),
                     shown(self._columns, cell.column, cell.new))
            for position, text in enumerate(texts):
                self.table.setItem(row, position, QTableWidgetItem(text))
        self.count.setText(self.tr("%n response(s) will change", "", len(plan.cells)))
        self.apply_button.setEnabled(bool(plan.cells))

    def _forget_plan(self) -> None:
        self.plan = None
        self.apply_button.setEnabled(False)
        self.problem.hide()
        self.count.setText(self.tr("Preview the rows that will change before applying."))
        self.table.setRowCount(0)

    def _mode_changed(self) -> None:
        replacing = self.replacing()
        self.form.setRowVisible(self.where_edit, not replacing)
        self.form.setRowVisible(self.find_edit, replacing)
        self._forget_plan()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Bulk edit"))
        for position, text in enumerate((self.tr("Set a value where…"), self.tr("Find and replace within a text question"))):
            if position < self.mode.count():
                self.mode.setItemText(position, text)
            else:
                self.mode.addItem(text)
        for label, text in zip(self._labels, (self.tr("Change:"), self.tr("Where:"), self.tr("Find:"),
                                              self.tr("Question:"), self.tr("New value:"))):
            label.setText(text)
        self.where_edit.setPlaceholderText(self.tr("e.g. ${store} = 'bj_zgc' and ${channel} = '门店'"))
        self.value_edit.setPlaceholderText(self.tr("a choice's label, code or value; empty makes it missing"))
        self.preview_button.setText(self.tr("Preview"))
        self.table.setHorizontalHeaderLabels([self.tr("ID"), self.tr("Now"), self.tr("After")])
