"""The Data area: every response of a survey in a table, sortable and quickly filtered."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QInputDialog, QMenu, QPushButton, QSplitter, QTableView, QToolButton, QVBoxLayout,
                               QWidget)

from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import XMDeskError
from xmdesk.core.survey.responses import is_expression
from xmdesk.core.study.file import Study
from xmdesk.core.fieldwork import cleaning
from xmdesk.core.survey.model import Question, Survey, list_surveys
from xmdesk.gui.data.cleaning import (BulkEditDialog, CellDelegate, Exclusions, HistoryPanel, apply_correction,
                                      apply_exclusions, edit_text)
from xmdesk.gui.data.paste import block_of, pasted_cells, read_block
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import current_language
from xmdesk.gui.models.responses_model import ResponsesModel
from xmdesk.gui.undo import EditCommand
from xmdesk.gui.widths import fit_sections

if TYPE_CHECKING:
    from xmdesk.gui.data.derived_dialog import DerivedDialog

# Typing pauses shorter than this are one search, not one per key.
SEARCH_DEBOUNCE_MS = 400
ROW_HEIGHT = 26


class DataArea(QWidget):
    """The Data area: one survey's responses through a paged model (a million rows show at once), searched as
    typed, or by an expression once Enter is pressed."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.surveys: list[Survey] = list_surveys(study)
        self.model: ResponsesModel | None = None

        self.survey_label = QLabel()
        self.survey_title = QLabel()  # a single survey is named, not offered in a one-item combo
        self.survey_title.setObjectName("surveyTitle")
        self.survey_title.setWordWrap(True)  # two lines beside a full toolbar at 125 % rather than cut
        self.survey_combo = QComboBox()
        self.survey_combo.setMinimumWidth(260)
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(280)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.count_label.setWordWrap(True)  # a refused filter's message is a sentence or two: wrapped, never cut
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)

        self.view = QTableView()
        self.view.setAlternatingRowColors(True)
        # Cells, not rows: a block is copied or pasted over (a row's cells still name it for exclusion).
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setItemDelegate(CellDelegate(self._question_at, self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setWordWrap(False)
        # Fixed row heights: the view computes positions arithmetically and only asks for painted rows.
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.hide()  # the ID column names a row; positions change with every sort
        horizontal = self.view.horizontalHeader()
        horizontal.setDefaultSectionSize(130)
        horizontal.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        horizontal.setHighlightSections(False)
        self.view.setSortingEnabled(True)

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.survey_label)
        toolbar.addWidget(self.survey_combo)
        toolbar.addWidget(self.survey_title)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.search_edit, 1)  # room for an expression, and for the hint that shows one
        toolbar.addSpacing(12)
        toolbar.addWidget(self.count_label)
        self.derived_button = QPushButton()
        toolbar.addWidget(self.derived_button)
        self.undo_stack = QUndoStack(self)
        self.undo_button, self.redo_button = QToolButton(), QToolButton()
        self.bulk_button = QPushButton()
        for widget in (self.undo_button, self.redo_button, self.bulk_button):
            toolbar.addWidget(widget)
        self._toolbar = toolbar
        self.edit_problem = QLabel()  # a refused correction, in words, where the user is looking
        self.edit_problem.setWordWrap(True)
        self.edit_problem.setProperty("problem", True)
        self.edit_problem.hide()
        self.history = HistoryPanel(study)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(toolbar)
        layout.addWidget(self.edit_problem)
        layout.addWidget(splitter, 1)

        self._fill_surveys()
        self.survey_combo.currentIndexChanged.connect(self._show_survey)
        self.search_edit.returnPressed.connect(self._apply_search)
        self.search_edit.textChanged.connect(self._search_edited)
        self._debounce.timeout.connect(self._apply_search)
        self.derived_button.clicked.connect(self.edit_derived)
        self.bulk_button.clicked.connect(self.bulk_edit)
        self.view.customContextMenuRequested.connect(self._row_menu)
        for key, step in ((QKeySequence.StandardKey.Undo, self.undo_stack.undo),
                          (QKeySequence.StandardKey.Redo, self.undo_stack.redo)):
            QShortcut(key, self, step, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search_edit.setFocus)
        QShortcut(QKeySequence.StandardKey.Copy, self.view, self.copy_cells, context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence.StandardKey.Paste, self.view, self.paste_cells,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.retranslate()
        self._show_survey(0)

    def apply_changes(self, changes: Changes) -> None:
        """A new, renamed or deleted survey re-fills the picker; a changed definition of the survey shown
        rebuilds its columns; new, edited or merged responses of it are counted and read again in place
        (same survey, sort and filter)."""
        shown = self.model.survey.code if self.model is not None else None
        if changes.touches("surveys"):
            self.surveys = list_surveys(self.study)
            self._fill_surveys()
            codes = [survey.code for survey in self.surveys]
            if shown not in codes or changes.touches_survey(shown, "surveys"):
                self._show_survey(self.survey_combo.currentIndex())
                self._apply_search()
                return
        if self.model is not None and shown is not None and changes.touches_survey(shown, "responses"):
            self.model.refresh()
            self.history.reload()

    def _fill_surveys(self) -> None:
        """The picker keeps the survey shown (by code: a new survey may come before it)."""
        lang = current_language()
        self.survey_combo.blockSignals(True)
        shown = self.survey_combo.currentData()
        self.survey_combo.clear()
        for survey in self.surveys:
            self.survey_combo.addItem(survey.title(lang), survey.code)
        self.survey_combo.setCurrentIndex(max(self.survey_combo.findData(shown), 0))
        self.survey_combo.blockSignals(False)
        several = len(self.surveys) > 1
        self.survey_combo.setVisible(several)
        self.survey_title.setVisible(len(self.surveys) == 1)
        if self.surveys:
            self.survey_title.setText(self.surveys[0].title(lang))

    def _show_survey(self, position: int) -> None:
        if not 0 <= position < len(self.surveys):
            self.view.setModel(None)
            self.model = None
            self._update_count()
            return
        self.model = ResponsesModel(self.study.conn, self.surveys[position], current_language(),
                                    reader=self.study.reader)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setModel(self.model)
        # At least as wide as the header's words ('Interviewer' was cut in English); a question's column may stay
        # narrower than its label, which its header's tooltip says whole.
        fit_sections(self.view.horizontalHeader(), self.model.column_widths())
        self.model.modelReset.connect(self._update_count)
        self.model.sig_busy.connect(self._show_busy)
        self.model.sig_failed.connect(self._show_failure)
        self.model.on_edit = self._edit_cell
        self.view.selectionModel().currentRowChanged.connect(self._show_history)
        self.undo_stack.clear()  # an edit of another survey is not undone from here
        self.history.show_response(self.model.survey, None, self.model)
        self._update_count()

    def _question_at(self, column: int) -> Question | None:
        return self.model.question_at(column) if self.model is not None else None

    def _show_history(self, current: QModelIndex) -> None:
        """The trail of the row clicked; a refresh (no current row) keeps the response shown."""
        if self.model is not None and current.isValid():
            self.history.show_response(self.model.survey, self.model.id_at(current.row()), self.model)

    def _edit_cell(self, response_id: int, column: str, value: object) -> bool:
        """A cell typed in: checked and written as one undoable edit, or the reason said above the table."""
        assert self.model is not None
        survey = self.model.survey
        try:
            self.run_edit(cleaning.plan_cell(self.study, survey, response_id, column, value))
        except XMDeskError as error:
            self._say_problem(str(error))
            return False
        return True

    def run_edit(self, plan: cleaning.Edit) -> None:
        """Write a planned edit and put it on the undo stack (nothing is pushed when nothing changes)."""
        assert self.model is not None
        self.edit_problem.hide()
        survey = self.model.survey
        done = cleaning.apply_edit(self.study, survey, plan)
        if done.cells:
            self.undo_stack.push(EditCommand(self._step_text(done), partial(apply_correction, self.study, survey),
                                             done, inverse=done.inverse(), failed=partial(show_error, self)))

    def selected_ids(self) -> list[int]:
        """The responses of the rows holding a selected cell, in view order."""
        if self.model is None:
            return []
        rows = sorted({index.row() for index in self.view.selectionModel().selectedIndexes()})
        return [self.model.id_at(row) for row in rows]

    def copy_cells(self) -> None:
        """The selected block to the clipboard as tab-separated text, as Excel takes it."""
        if self.model is not None:
            QGuiApplication.clipboard().setText(block_of(self.model, self.view.selectionModel().selectedIndexes()))

    def paste_cells(self) -> None:
        """The clipboard's block over the table from the selection's top-left cell: every value checked like a
        typed one and written as one undoable edit, or nothing written and the reason said above the table."""
        if self.model is None:
            return
        selected = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        top = min(index.row() for index in selected)
        left = min(index.column() for index in selected)
        block = read_block(QGuiApplication.clipboard().text())
        cells = pasted_cells(self.model, top, left, block) if block and top >= 0 and left >= 0 else []
        if cells is None:
            self._say_problem(self.tr("The pasted block of %1 row(s) goes past the table's last row or column: "
                                      "nothing was pasted.").replace("%1", str(len(block))))
            return
        try:
            self.run_edit(cleaning.plan_paste(self.study, self.model.survey, cells))
        except XMDeskError as error:
            self._say_problem(str(error))

    def _say_problem(self, text: str) -> None:
        self.edit_problem.setText(text)
        self.edit_problem.show()

    def _row_menu(self, position: QPoint) -> None:
        """Exclude the selected responses from analysis (asking why) or restore them."""
        ids = self.selected_ids()
        if not ids or self.model is None:
            return
        menu = QMenu(self)
        excluded = [i for i in ids if i in self.model.excluded]
        if len(excluded) < len(ids):
            menu.addAction(self.tr("Exclude from analysis…"), self._ask_exclusion)
        if excluded:
            menu.addAction(self.tr("Restore to analysis"), lambda: self.set_excluded(excluded, None))
        menu.exec(self.view.viewport().mapToGlobal(position))

    def _ask_exclusion(self) -> None:
        reason, given = QInputDialog.getText(self, self.tr("Exclude from analysis"),
                                             self.tr("Why are these responses left out (kept, and reversible)?"))
        if given and reason.strip():
            self.set_excluded(self.selected_ids(), reason.strip())

    def set_excluded(self, ids: list[int], reason: str | None) -> None:
        """Exclude `ids` with `reason` (restore them when None) as one undoable step; a refused one is said and
        not pushed."""
        if self.model is None or not ids:
            return
        survey = self.model.survey
        wanted: Exclusions = dict.fromkeys(ids, reason)
        try:
            before = apply_exclusions(self.study, survey, wanted)
        except XMDeskError as error:
            show_error(self, error)
            return
        self.undo_stack.push(EditCommand(self._step_text(wanted), partial(apply_exclusions, self.study, survey),
                                         wanted, inverse=before, failed=partial(show_error, self)))

    def _step_text(self, edit: cleaning.Edit | Exclusions) -> str:
        """How the undo stack names a step in the current language: a correction by its cells, an exclusion or
        restore by its count (told apart by the reasons it sets)."""
        if isinstance(edit, cleaning.Edit):
            assert self.model is not None, "a correction is pushed and renamed only while a survey is shown"
            return edit_text(edit, self.model)
        excluding = any(reason is not None for reason in edit.values())
        text = self.tr("Exclude %1 response(s)") if excluding else self.tr("Restore %1 response(s)")
        return text.replace("%1", str(len(edit)))

    def bulk_edit(self) -> BulkEditDialog | None:
        """Open the bulk edit with the quick filter's expression as its condition; applied when confirmed."""
        if self.model is None:
            return None
        text = self.search_edit.text()
        dialog = BulkEditDialog(self.study, self.model.survey, self.model,
                                text if is_expression(text) else "", self)
        dialog.finished.connect(lambda result: self._bulk_done(dialog, result))
        dialog.open()
        return dialog

    def _bulk_done(self, dialog: BulkEditDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and dialog.plan is not None:
            try:
                self.run_edit(dialog.plan)
            except XMDeskError as error:
                show_error(self, error)

    def edit_derived(self) -> DerivedDialog | None:
        """Open the derived-variable editor of the survey shown (modeless: the data stays in view)."""
        from xmdesk.gui.data.derived_dialog import DerivedDialog  # it needs pandas: not at start-up

        if self.model is None:
            return None
        dialog = DerivedDialog(self.study, self.model.survey.code, self)
        dialog.show()
        return dialog

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self.count_label.setText(self.tr("Sorting and filtering…"))
        else:
            self._update_count()

    def _search_edited(self, text: str) -> None:
        """Text is searched as typed; an expression waits for Enter, since half-typed it is not valid yet."""
        self._mark_problem(False)
        if is_expression(text):
            self._debounce.stop()
        else:
            self._debounce.start()

    def _show_failure(self, error: BaseException) -> None:
        """A mistyped filter is said beside the field, where the user is looking; other failures get a dialog."""
        if isinstance(error, XMDeskError) and is_expression(self.search_edit.text()):
            self.count_label.setText(str(error))
            self._mark_problem(True)
        else:
            show_error(self, error)

    def _mark_problem(self, problem: bool) -> None:
        """A problem is drawn as one and gets half the row to wrap in (a refused pattern takes two sentences)."""
        self.count_label.setProperty("problem", problem)
        self._toolbar.setStretchFactor(self.count_label, 1 if problem else 0)
        self.count_label.style().polish(self.count_label)

    def _apply_search(self) -> None:
        self._debounce.stop()
        if self.model is not None:
            self.model.set_search(self.search_edit.text())

    def _update_count(self) -> None:
        if self.model is None:
            self.count_label.setText(self.tr("This study has no survey yet."))
            return
        shown = self.model.rowCount()
        if self.count_label.property("problem"):
            return
        if self.model.search:
            self.count_label.setText(self.tr("%n response(s) match", "", shown))
        else:
            self.count_label.setText(self.tr("%n response(s)", "", shown))

    def retranslate(self) -> None:
        self.survey_label.setText(self.tr("Survey:"))
        self.derived_button.setText(self.tr("Derived variables…"))
        self.bulk_button.setText(self.tr("Bulk edit…"))
        self.bulk_button.setToolTip(self.tr("Set an answer on every response a filter selects, or find and replace "
                                            "within a text question, with a preview of the rows that will change"))
        self.derived_button.setToolTip(self.tr("Variables computed from the answers (groups, bands, counts, "
                                               "quality flags), usable wherever a question is"))
        self.search_edit.setPlaceholderText(self.tr("Quick filter: text, customer or ID, or an expression "
                                                    "such as ${nps} <= 6 and ${channel} = '门店' (Enter)"))
        self.search_edit.setToolTip(self.search_edit.placeholderText())
        self._fill_surveys()
        if self.model is not None:
            self.model.set_language(current_language())
        self.history.retranslate()  # after the model: its headers and choice labels name the changes
        self._retranslate_undo()
        self._update_count()

    def _retranslate_undo(self) -> None:
        """The stack's actions say what they undo ("Undo Edit #3 Store"): made again, and each edit renamed, so
        the words follow the language (the old actions go with their buttons' defaults)."""
        for position in range(self.undo_stack.count()):
            command = self.undo_stack.command(position)
            if isinstance(command, EditCommand) and self.model is not None:
                command.setText(self._step_text(command.edit))
        for button in (self.undo_button, self.redo_button):
            if button.defaultAction() is not None:
                button.defaultAction().deleteLater()
        self.undo_button.setDefaultAction(self.undo_stack.createUndoAction(self, self.tr("Undo")))
        self.redo_button.setDefaultAction(self.undo_stack.createRedoAction(self, self.tr("Redo")))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
