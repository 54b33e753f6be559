"""The designer of one survey: palette, question list, property panel, undo stack and live preview.

The survey model lives in the core; every change is a core `Edit` applied through
`xmdesk.core.survey.edits.apply` and pushed on the QUndoStack with its inverse, after which
the list, the panel and the preview redraw from the model.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget)

from xmdesk import APP_NAME
from xmdesk.core.survey import edits as designer
from xmdesk.core.survey.edits import Edit
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey
from xmdesk.core.survey.usage import QuestionInUse
from xmdesk.gui.labels import question_type
from xmdesk.gui.designer.properties import PropertyPanel
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import current_language
from xmdesk.gui.undo import EditCommand

CODE_ROLE = Qt.ItemDataRole.UserRole
# The panes' narrowest useful widths: all three still fit beside the survey list in a 1024-pixel-wide window
# (a 1280×800 laptop at 125%); wider windows give the extra room 2:3:2.
PANE_MINIMUM = {"questions": 180, "properties": 310, "preview": 170}


class DesignerWidget(QWidget):
    """Designs one survey: every change is one core edit on the undo stack, refused edits are explained (and a
    recode or a rename with its uses offered) instead of half applied."""

    sig_changed = Signal()
    """The survey changed (an edit, an undo or a redo)."""

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.survey = survey
        self.undo_stack = QUndoStack(self)
        self.preview: QWidget | None = None

        self.type_palette = QListWidget()
        self.type_palette.setObjectName("designerPalette")
        # The palette wraps into a few rows above the question list, leaving width to the panel and preview.
        self.type_palette.setFlow(QListWidget.Flow.LeftToRight)
        self.type_palette.setWrapping(True)
        self.type_palette.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.type_palette.setSpacing(2)
        self.type_palette.setMaximumHeight(84)  # three rows of types in the narrowest pane
        for kind in QuestionType:
            item = QListWidgetItem()
            item.setData(CODE_ROLE, kind.value)
            self.type_palette.addItem(item)
        self.type_palette.itemActivated.connect(lambda item: self.add_question(QuestionType(item.data(CODE_ROLE))))
        self.palette_label = QLabel()
        self.palette_label.setObjectName("sectionTitle")

        self.questions = QListWidget()
        self.questions.setObjectName("designerQuestions")
        self.questions.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.questions.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.questions.model().rowsMoved.connect(self._rows_moved)
        self.questions.currentItemChanged.connect(lambda *_: self._show_current())
        self.questions_label = QLabel()
        self.questions_label.setObjectName("sectionTitle")
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_current)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore_current)
        self.up_button = QPushButton("↑")
        self.down_button = QPushButton("↓")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

        self.panel = PropertyPanel()
        self.panel.sig_edit.connect(self.run)
        panel_scroll = QScrollArea()
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setWidget(self.panel)

        self.title_label = QLabel()
        self.title_label.setObjectName("sectionTitle")
        self.title_edits = {lang: QLineEdit() for lang in ("zh", "en")}
        for lang, edit in self.title_edits.items():
            edit.editingFinished.connect(lambda lang=lang: self._title_done(lang))

        self.preview_label = QLabel()
        self.preview_label.setObjectName("sectionTitle")
        self.preview_label.setWordWrap(True)  # two lines in the narrowest pane rather than cut
        self.preview_box = QVBoxLayout()
        self._preview_timer = QTimer(self, singleShot=True, interval=0)
        self._preview_timer.timeout.connect(self._rebuild_preview)

        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.delete_action = QAction(self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.triggered.connect(self.remove_current)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.questions.addAction(self.delete_action)
        self.undo_button = QPushButton()
        self.redo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self._build_layout(panel_scroll)
        self.retranslate()
        self.refresh()
        if self.questions.count():
            self.questions.setCurrentRow(0)

    def _build_layout(self, panel_scroll: QScrollArea) -> None:
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.palette_label)
        middle_layout.addWidget(self.type_palette)
        # The arrows beside the list's title and two buttons a row: the narrowest pane (a 1024-pixel window in
        # English) shows every button whole.
        title_row = QHBoxLayout()
        self.questions_label.setWordWrap(True)
        title_row.addWidget(self.questions_label, 1)
        for arrow in (self.up_button, self.down_button):
            arrow.setFixedWidth(32)
            title_row.addWidget(arrow)
        middle_layout.addLayout(title_row)
        middle_layout.addWidget(self.questions, 1)
        for pair in ((self.remove_button, self.restore_button), (self.undo_button, self.redo_button)):
            row = QHBoxLayout()
            for button in pair:
                row.addWidget(button)
            row.addStretch(1)
            middle_layout.addLayout(row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_label)
        right_layout.addLayout(self.preview_box, 1)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        for widget, minimum in zip((middle, panel_scroll, right), PANE_MINIMUM.values()):
            widget.setMinimumWidth(minimum)
            splitter.addWidget(widget)
        splitter.setSizes([190, 370, 406])  # the preview as wide as a form at 1280×800 (it scrolled sideways)
        for index, stretch in enumerate((2, 3, 2)):
            splitter.setStretchFactor(index, stretch)
        self.splitter = splitter
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        for edit in self.title_edits.values():
            title_row.addWidget(edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(splitter, 1)

    # -- running edits ------------------------------------------------------------------------

    def run(self, edit: Edit, text: str) -> bool:
        """Apply an edit and push it for undo; a refused edit is explained and changes nothing."""
        try:
            change = self._apply(edit)
        except XMDeskError as error:
            if edit.kind == "choices" and error.message_id == "designer.answered_choice":
                return self._offer_recode(edit, str(error))
            if isinstance(error, QuestionInUse) and error.can_update:
                return self._offer_rename_with_uses(edit, text, str(error))
            show_error(self, error)
            self.refresh(edit.code)
            return False
        if change.inverse is None:
            if change.structural:
                # Done but not undoable (a recode that merged categories): older steps cannot be replayed.
                self.undo_stack.clear()
            self.refresh(edit.code)
            return True
        self.undo_stack.push(EditCommand(text, self._reapply, edit, inverse=change.inverse,
                                         after=lambda done: self._changed(done.code), failed=self._undo_failed))
        self._changed(self._selection_after(edit))
        return True

    def _apply(self, edit: Edit) -> designer.Change:
        """Dropping or recoding a column of a very large table takes a moment (0.9 s per 200,000 responses)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return designer.apply(self.study, self.survey, edit)
        finally:
            QApplication.restoreOverrideCursor()

    def _reapply(self, edit: Edit) -> Edit | None:
        """An undo or redo: the edit applied to the study again, giving what undoes it this time."""
        return designer.apply(self.study, self.survey, edit).inverse

    def _offer_recode(self, edit: Edit, message: str) -> bool:
        """Changing answered choices row by row in place: offer the explicit recode of stored answers."""
        question = self.survey.question(edit.code)
        new = [Choice(**c) for c in edit.data["choices"]]
        if len(new) != len(question.choices):
            QMessageBox.warning(self, APP_NAME, message)
            self.refresh(edit.code)
            return False
        mapping = {old.code: fresh.code for old, fresh in zip(question.choices, new)}
        answer = QMessageBox.question(
            self, APP_NAME, message + "\n\n" + self.tr("Recode the stored answers to the new codes and values now?"))
        if answer != QMessageBox.StandardButton.Yes:
            self.refresh(edit.code)
            return False
        return self.run(designer.recode(edit.code, mapping, new), self.tr("Recode choices"))

    def _offer_rename_with_uses(self, edit: Edit, text: str, message: str) -> bool:
        """A rename of a question that rules, journeys, dashboards or reports use: they may follow it,
        in the same undoable step; the message already lists them."""
        new_code = str(edit.data["new"])
        question = self.tr("Rename it to %1 and update all of these to the new code?").replace("%1", new_code)
        if QMessageBox.question(self, APP_NAME, message + "\n\n" + question) != QMessageBox.StandardButton.Yes:
            self.refresh(edit.code)
            return False
        return self.run(designer.rename(edit.code, new_code, update=True), text)

    def _title_done(self, lang: str) -> None:
        edit = self.title_edits[lang]
        if not edit.isModified():
            return
        edit.setModified(False)
        self.run(designer.set_title(lang, edit.text()), self.tr("Survey title"))

    def _show_title(self) -> None:
        for lang, edit in self.title_edits.items():
            edit.setText(self.survey.title_zh if lang == "zh" else self.survey.title_en)
            edit.setCursorPosition(0)
            edit.setModified(False)

    def _selection_after(self, edit: Edit) -> str:
        if edit.kind == "rename":
            return str(edit.data["new"])
        return edit.code

    def _undo_failed(self, error: XMDeskError) -> None:
        """An undo or redo the study no longer allows: nothing changed; the history cannot be replayed."""
        show_error(self, error)
        QTimer.singleShot(0, self.undo_stack.clear)  # not from inside the stack's own undo()
        self._changed()

    def _changed(self, code: str = "") -> None:
        self.refresh(code)
        self.sig_changed.emit()

    # -- the actions ----------------------------------------------------------------------------

    def add_question(self, kind: QuestionType) -> bool:
        current = self.current_question()
        position = self.survey.questions.index(current) + 1 if current else len(self.survey.questions)
        question = designer.new_question(self.survey, kind, current.group if current else "")
        return self.run(designer.add(question, position), self.tr("Add %s") % question_type(kind))

    def remove_current(self) -> None:
        question = self.current_question()
        if question is not None:
            self.run(designer.remove(question.code), self.tr("Remove %s") % question.code)

    def restore_current(self) -> None:
        question = self.current_question()
        if question is not None and question.archived:
            self.run(designer.restore(question.code), self.tr("Restore %s") % question.code)

    def move_current(self, step: int) -> None:
        question = self.current_question()
        if question is None:
            return
        position = self.survey.questions.index(question) + step
        if 0 <= position < len(self.survey.questions):
            self.run(designer.move(question.code, position), self.tr("Move %s") % question.code)

    def _rows_moved(self, _parent: QModelIndex | QPersistentModelIndex, start: int, _end: int,
                    _destination: QModelIndex | QPersistentModelIndex, row: int) -> None:
        """A drag in the list is one move edit, pushed on drop."""
        position = row - 1 if row > start else row
        code = self.survey.questions[start].code
        QTimer.singleShot(0, lambda: self.run(designer.move(code, position), self.tr("Move %s") % code))

    # -- drawing from the model ------------------------------------------------------------------

    def current_question(self) -> Question | None:
        item = self.questions.currentItem()
        if item is None:
            return None
        code = item.data(CODE_ROLE)
        return next((q for q in self.survey.questions if q.code == code), None)

    def refresh(self, select: str = "") -> None:
        lang = current_language()
        current = self.current_question()
        keep = select or (current.code if current else "")
        row = self.questions.currentRow()
        self.questions.blockSignals(True)
        self.questions.clear()
        for number, question in enumerate(self.survey.questions, start=1):
            group = f"[{self.survey.group_label(question.group, lang)}] " if question.group else ""
            text = f"{number}. {group}{question.label(lang)}  ·  {question.code}"
            item = QListWidgetItem(text)
            item.setData(CODE_ROLE, question.code)
            item.setToolTip(question_type(question.type))
            if question.archived:
                item.setText(text + "  " + self.tr("(archived)"))
                item.setForeground(Qt.GlobalColor.gray)
            self.questions.addItem(item)
            if question.code == keep:
                self.questions.setCurrentItem(item)
        if self.questions.currentRow() < 0 and self.questions.count():
            # the selected question went away (undo of an add): select its neighbour, keep the keyboard here
            self.questions.setCurrentRow(min(max(row, 0), self.questions.count() - 1))
        self.questions.blockSignals(False)
        self._show_current()
        self._show_title()
        self._preview_timer.start()

    def _show_current(self) -> None:
        question = self.current_question()
        if question is None and self.panel.isAncestorOf(self.focusWidget()):
            self.questions.setFocus()  # the panel empties; Ctrl+Z must still reach the designer
        self.panel.show_question(self.survey, question)
        self.restore_button.setEnabled(bool(question and question.archived))
        self.remove_button.setEnabled(bool(question and not question.archived))

    def _rebuild_preview(self) -> None:
        """The preview is the real data-entry form, rebuilt from the model; answers typed in it stay."""
        import copy

        from xmdesk.gui.entry.form import EntryForm

        answers = self.preview.answers() if isinstance(self.preview, EntryForm) else {}
        if self.preview is not None:
            self.preview_box.removeWidget(self.preview)
            self.preview.deleteLater()
        form = EntryForm(copy.deepcopy(self.survey))
        form.set_answers({k: v for k, v in answers.items() if v is not None})
        # At 125 % scaling the preview pane is narrower than any form (its questions' widest row): it scrolls
        # sideways there rather than hiding the preview or squeezing the panes beside it.
        form.scroll_area.setProperty("sideways", True)
        self.preview = form
        self.preview_box.addWidget(form)

    def retranslate(self) -> None:
        self.palette_label.setText(self.tr("Add a question"))
        for row in range(self.type_palette.count()):
            item = self.type_palette.item(row)
            item.setText(question_type(QuestionType(item.data(CODE_ROLE))))
        self.questions_label.setText(self.tr("Questions (drag to reorder)"))
        self.preview_label.setText(self.tr("Preview: the data-entry form"))
        self.title_label.setText(self.tr("Survey title:"))
        self.title_edits["zh"].setPlaceholderText(self.tr("Title (中文)"))
        self.title_edits["en"].setPlaceholderText(self.tr("Title (English)"))
        for lang, edit in self.title_edits.items():
            edit.setToolTip(edit.placeholderText())
        self.remove_button.setText(self.tr("Remove"))
        self.restore_button.setText(self.tr("Restore"))
        self.undo_button.setText(self.tr("Undo"))
        self.redo_button.setText(self.tr("Redo"))
        self.undo_action.setText(self.tr("Undo"))  # the stack names its next step again after the next edit
        self.redo_action.setText(self.tr("Redo"))
        self.up_button.setToolTip(self.tr("Move up"))
        self.down_button.setToolTip(self.tr("Move down"))
        self.panel.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.refresh()
        super().changeEvent(event)
