"""3. The import wizard's survey and columns page: the survey the rows go to, and each file column's place.

A new survey is shaped here question by question (code, type, texts, choices) on a core `Proposal`; rows
added to an existing survey are matched column by column. Choosing another target or a saved mapping
makes the plan again: the page says so (`sig_replanned`) and the wizard gives the new plan to the others.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QRadioButton, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core import messages
from xmdesk.core.errors import XMDeskError
from xmdesk.core.importing.layouts import SourceColumn
from xmdesk.core.importing.mapping import (Field, Mapping, Proposal, field_for, leave_out, possible_types, put_back,
                                           rename_question, rename_survey, retitle_survey, retype_question, set_label)
from xmdesk.core.importing.run import Plan, plan_for, saved_mappings
from xmdesk.core.survey.response_fields import RESPONSE_FIELDS, field_kind
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import CHOICE_TYPES, SEPARATOR, QuestionType, list_surveys
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import Texts
from xmdesk.gui.importing.choices import ChoicesDialog
from xmdesk.gui.importing.page import ERROR_STYLE, PlanPage, kind_name, translate, type_name
from xmdesk.gui.importing.tables import arrange_table, cell_item
from xmdesk.gui.widths import fit_sections

# The columns of the table that shapes a new survey's questions.
SOURCE, CODE, TYPE, LABEL_ZH, LABEL_EN, CHOICES = range(6)
SHAPE_WIDTHS = (200, 90, 100, 190, 120)
"""Starting widths of the shaping table's columns, widened to their headers' words and the type names."""


class TargetPage(PlanPage):
    """The survey the file's rows go to (a new one, shaped here, or an existing one) and each column's place."""

    sig_replanned = Signal(object)
    """The plan was made again for another target or saved mapping: the new Plan."""

    def __init__(self, study: Study, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(study, texts, parent)
        self.proposal: Proposal | None = None  # the new survey being shaped, when one is proposed
        self.new_radio = QRadioButton()
        self.existing_radio = QRadioButton()
        self.texts.bind(self.new_radio.setText,
                        lambda: translate("ImportWizard", "Create a new survey from this file, code:"))
        self.texts.bind(self.existing_radio.setText,
                        lambda: translate("ImportWizard", "Add the rows to an existing survey:"))
        group = QButtonGroup(self)
        group.addButton(self.new_radio)
        group.addButton(self.existing_radio)
        self.new_code = QLineEdit()
        self.survey_box = QComboBox()
        self.saved_box = QComboBox()
        self.new_radio.setChecked(True)
        self.new_radio.toggled.connect(self._target_changed)
        self.survey_box.currentIndexChanged.connect(self._target_changed)
        self.saved_box.currentIndexChanged.connect(self._target_changed)
        self.new_code.editingFinished.connect(self._target_changed)
        self.new_title = QLineEdit()
        self.new_title.editingFinished.connect(self._retitle)
        grid = QFormLayout()
        grid.addRow(self.new_radio, self.new_code)
        self.title_label = self.texts.label(lambda: translate("ImportWizard", "Title of the new survey:"))
        grid.addRow(self.title_label, self.new_title)
        grid.addRow(self.existing_radio, self.survey_box)
        grid.addRow(self.texts.label(lambda: translate("ImportWizard", "Saved mapping:")), self.saved_box)
        self.columns = self.table(lambda: [translate("ImportWizard", "Column in the file"),
                                           translate("ImportWizard", "Goes to"), translate("ImportWizard", "Read as")])
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.setColumnWidth(1, 260)
        self.columns.setColumnWidth(2, 120)
        self.shape = ShapeTable(self.texts)
        self.shape.cellDoubleClicked.connect(lambda row, column: self.edit_choices(row) if column == CHOICES else None)
        self.column_tables = QStackedWidget()
        self.column_tables.addWidget(self.columns)
        self.column_tables.addWidget(self.shape)
        self.columns_hint = QLabel()
        self.columns_hint.setWordWrap(True)
        self.shape_note = QLabel()
        self.shape_note.setWordWrap(True)
        self.shape_note.setStyleSheet(ERROR_STYLE)
        self.shape.sig_note.connect(self.shape_note.setText)
        self.choices_button = self.texts.button(lambda: translate("ImportWizard", "Edit choices…"))
        self.choices_button.clicked.connect(lambda: self.edit_choices(self.shape.currentRow()))
        below = QHBoxLayout()
        below.addWidget(self.shape_note, 1)
        below.addWidget(self.choices_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.columns_hint)
        layout.addWidget(self.column_tables, 1)
        layout.addLayout(below)

    def show_plan(self, plan: Plan) -> None:
        """A file just read: a new survey proposed from it (or the one its saved mapping names), its columns."""
        super().show_plan(plan)
        self._propose()
        for box in (self.survey_box, self.saved_box, self.new_radio):
            box.blockSignals(True)
        self.survey_box.clear()
        self.saved_box.clear()
        (self.new_radio if self.plan.new_survey else self.existing_radio).setChecked(True)  # a new file: new survey
        self.new_code.setText(self.plan.survey.code if self.plan.new_survey else self.new_code.text())
        for survey in list_surveys(self.study):
            self.survey_box.addItem(f"{survey.title() or survey.code} ({survey.code})", survey.code)
        self.existing_radio.setEnabled(self.survey_box.count() > 0)
        self.saved_box.addItem(translate("ImportWizard", "(none)"), None)
        for name in saved_mappings(self.study):
            self.saved_box.addItem(name, name)
        for box in (self.survey_box, self.saved_box, self.new_radio):
            box.blockSignals(False)
        self.fill_columns()

    def reword(self) -> None:
        """What was computed from the file, worded again after a language switch: the hint, types and kinds."""
        self._word_columns_hint()
        if self.proposal is not None:
            self.shape.show_shape()
        else:
            for row, item in enumerate(self.plan.mapping.fields[:self.columns.rowCount()]):
                self.columns.setItem(row, 2, cell_item(kind_name(item.kind) if item.targets() else "—"))

    def _target_changed(self) -> None:
        """Another target or saved mapping: the plan made again for it (the wizard is told), its columns."""
        saved = self.saved_box.currentData()
        mapping = saved_mappings(self.study).get(saved) if saved else None
        try:
            if self.new_radio.isChecked() and mapping is None and self.proposal is not None:
                rename_survey(self.proposal, self.new_code.text().strip())  # the user's shaping stays
            elif self.new_radio.isChecked():
                self.plan = plan_for(self.study, self.plan.source, self.plan.layout, new=self.new_code.text().strip(),
                                     mapping=mapping)
            else:
                code = mapping.survey if mapping else self.survey_box.currentData()
                self.plan = plan_for(self.study, self.plan.source, self.plan.layout, survey=code, mapping=mapping)
        except Exception as error:
            show_error(self, error)
            return
        self.sig_replanned.emit(self.plan)
        self._propose(mapping)
        self.fill_columns()

    def _retitle(self) -> None:
        """The title typed for the survey to be created (the export's title or the file's name is proposed)."""
        if self.proposal is None:
            return
        self.shape_note.clear()
        try:
            retitle_survey(self.proposal, self.new_title.text())
        except XMDeskError as error:
            self.shape_note.setText(str(error))
            self.new_title.setText(self.proposal.survey.title())

    def _propose(self, mapping: Mapping | None = None) -> None:
        """A new survey proposed from the file (not from a saved mapping) is shaped in the table."""
        plan = self.plan
        if not plan.new_survey or mapping is not None:
            self.proposal = None
        elif self.proposal is None or self.proposal.survey is not plan.survey:
            self.proposal = Proposal.of(plan.survey, plan.mapping, plan.layout, plan.sample)

    def fill_columns(self) -> None:
        """The columns as the plan maps them: shaped as a new survey's questions, or matched to a survey's."""
        shaping = self.proposal is not None
        self.column_tables.setCurrentWidget(self.shape if shaping else self.columns)
        self.title_label.setVisible(shaping)
        self.new_title.setVisible(shaping)
        if self.proposal is not None:
            self.new_title.setText(self.proposal.survey.title())
        self.choices_button.setVisible(shaping)
        self.shape_note.clear()
        self._word_columns_hint()
        if self.proposal is not None:
            self.shape.show_proposal(self.proposal)
            return
        fields = self.plan.mapping.fields
        self.columns.setRowCount(len(fields))
        targets = self._target_choices()
        for row, item in enumerate(fields):
            self.columns.setItem(row, 0, cell_item(item.source))
            box = QComboBox()
            for label, value in targets:
                box.addItem(label, value)
            wanted = item.target or (next(iter(item.options.values()), "").split(SEPARATOR)[0] if item.options else "")
            index = box.findData(wanted)
            box.setCurrentIndex(index if index >= 0 else 0)
            box.setEnabled(not self.plan.new_survey)
            self.columns.setCellWidget(row, 1, box)
            self.columns.setItem(row, 2, cell_item(kind_name(item.kind) if item.targets() else "—"))

    def _word_columns_hint(self) -> None:
        self.columns_hint.setText(
            translate("ImportWizard", "Each column becomes a question (the rows of a grid, one matrix question): fix "
                      "its code, type and text, untick a column to leave it out, double-click Choices to edit a "
                      "choice question's options.") if self.proposal is not None else
            translate("ImportWizard", "Columns are matched by code and by the similarity of question texts; change "
                      "any that is wrong."))

    def edit_choices(self, row: int) -> None:
        """The choices of the row's question in a dialog (choice questions only)."""
        if self.proposal is None or row < 0:
            return
        question = self.proposal.question(self.shape.source_at(row))
        if question is None or not (question.type in CHOICE_TYPES or question.type is QuestionType.MATRIX
                                    and question.choices):
            self.shape_note.setText(
                translate("ImportWizard",
                          "Only choice questions and matrices answered with choices have choices to edit."))
            return
        self.choices_dialog = ChoicesDialog(self.proposal, question.code, self)
        self.choices_dialog.finished.connect(lambda _result: self.shape.show_shape())
        self.choices_dialog.open()

    def _target_choices(self) -> list[tuple[str, str]]:
        choices = [(translate("ImportWizard", "(not imported)"), "")]
        every_option = translate("ImportWizard", "all options")
        for question in self.plan.survey.questions:
            for column in question.columns():
                label = question.label()
                if column.part:
                    part = next((c.label() for c in question.choices if c.code == column.part),
                                next((i.label() for i in question.items if i.code == column.part), column.part))
                    label = f"{label} — {part}"
                choices.append((f"{column.name}  {label}"[:80], column.name))
            if question.type.value == "multiple":
                choices.append((f"{question.code}  {question.label()} [{every_option}]"[:80], question.code))
        choices.append((translate("ImportWizard", "customer_id  (joins O-data)"), "customer_id"))
        choices += [(f"{name}  ({messages.text(f'importing.field.{name}')})"[:80], name) for name in RESPONSE_FIELDS]
        return choices

    def apply_target(self) -> None:
        """The user's choices in the column table, back into the mapping."""
        if self.plan.new_survey:
            return

        for row, item in enumerate(self.plan.mapping.fields):
            box = self.columns.cellWidget(row, 1)
            assert isinstance(box, QComboBox)
            chosen = box.currentData() or ""
            if chosen == (item.target or _split_question(item)):
                continue
            question = next((q for q in self.plan.survey.questions
                             if chosen == q.code or chosen.startswith(q.code + SEPARATOR)), None)
            column = self.plan.layout.column(item.source) or SourceColumn(0, item.source)
            replacement = field_for(question, column, self.plan.layout.by_number) if question else Field(item.source)
            if question is not None and chosen != question.code and replacement.kind != "split":
                replacement.target = chosen
            if chosen == "customer_id":
                replacement = Field(item.source, "customer_id", "text")
            if chosen in RESPONSE_FIELDS:
                replacement = Field(item.source, chosen, field_kind(chosen))
            self.plan.mapping.fields[row] = replacement


def shape_headers() -> list[str]:
    """The shaping table's headers in the current language (SOURCE … CHOICES)."""
    return [translate("ImportWizard", "Column in the file"), translate("ImportWizard", "Question code"),
            translate("ImportWizard", "Type"), translate("ImportWizard", "Text (Chinese)"),
            translate("ImportWizard", "Text (English)"), translate("ImportWizard", "Choices")]


def _split_question(item: Field) -> str:
    return next(iter(item.options.values()), "").split(SEPARATOR)[0] if item.options else ""


class ShapeTable(QTableWidget):
    """The table that shapes a new survey: per file column, whether it is imported, the question's code, type
    and texts, and its choices. It is given the core Proposal it edits (show_proposal) before it is shown, as
    the pages are given their plan, so every edit here has one; a refused edit is said through `sig_note`."""

    sig_note = Signal(str)
    """What the last edit came to: the core's message when it was refused, empty when it was taken."""

    proposal: Proposal

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        headers = shape_headers()
        super().__init__(0, len(headers), parent)
        arrange_table(self, headers)
        texts.headers(self.setHorizontalHeaderLabels, shape_headers)
        fit_sections(self.horizontalHeader(), SHAPE_WIDTHS)
        self.itemChanged.connect(self._edited)

    def show_proposal(self, proposal: Proposal) -> None:
        """A row per file column of the proposal from now on, each as the proposal has it."""
        self.proposal = proposal
        sources = [item.source for item in proposal.mapping.fields]
        self.blockSignals(True)
        self.setRowCount(0)
        self.setRowCount(len(sources))
        for row, source in enumerate(sources):
            head = cell_item(source)
            head.setFlags(head.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self.setItem(row, SOURCE, head)
            for column in (CODE, LABEL_ZH, LABEL_EN):
                self.setItem(row, column, cell_item("", editable=True))
            self.setItem(row, CHOICES, cell_item(""))
            box = QComboBox()
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # its width follows its type names
            box.currentIndexChanged.connect(lambda _index, box=box, source=source: self._retype(source, box))
            self.setCellWidget(row, TYPE, box)
        self.blockSignals(False)
        self.show_shape()

    def show_shape(self) -> None:
        """Every row as the proposal now is (a rename or retype can change other rows of the question)."""
        self.blockSignals(True)
        for row in range(self.rowCount()):
            self._show_row(row)
        self.blockSignals(False)
        fit_sections(self.horizontalHeader())
        boxes = [self.cellWidget(row, TYPE) for row in range(self.rowCount())]
        widest = max((box.sizeHint().width() for box in boxes if box is not None), default=0)
        self.setColumnWidth(TYPE, max(self.columnWidth(TYPE), widest))  # 'multiple choice' was cut

    def source_at(self, row: int) -> str:
        """The file column a row shapes."""
        return self._item(row, SOURCE).text()

    def _show_row(self, row: int) -> None:
        source = self.source_at(row)
        question = self.proposal.question(source)
        included = self.proposal.included(source)
        self._item(row, SOURCE).setCheckState(Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)
        field = self.proposal.field_of(source).target if question is None else ""
        for column, text in ((CODE, question.code if question else field if field in RESPONSE_FIELDS else ""),
                             (LABEL_ZH, question.label_zh if question else ""),
                             (LABEL_EN, question.label_en if question else "")):
            item = self._item(row, column)
            item.setText(text)
            editable = question is not None
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable if editable
                          else item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self._item(row, CHOICES).setText(self._choices_text(source)[:60])
        box = self.cellWidget(row, TYPE)
        assert isinstance(box, QComboBox)
        box.blockSignals(True)
        box.clear()
        for qtype in possible_types(self.proposal, source) if question else []:
            box.addItem(type_name(qtype.value), qtype.value)
        box.setCurrentIndex(box.findData(question.type.value) if question else -1)
        box.setEnabled(box.count() > 1)
        box.blockSignals(False)

    def _choices_text(self, source: str) -> str:
        """The Choices cell: a choice question's options; for a matrix row, the row and its scale."""
        question = self.proposal.question(source)
        target = self.proposal.field_of(source).target
        if question is None and target in RESPONSE_FIELDS:
            return messages.text("importing.response_field", field=messages.text(f"importing.field.{target}"))
        if question is None or question.type not in CHOICE_TYPES | {QuestionType.MATRIX}:
            return ""
        language = messages.language()
        shown = " / ".join(c.label(language) for c in question.choices)
        row = self.proposal.matrix_row(source)
        if row is None:
            return shown
        scale = question.scale()
        points = translate("ImportWizard", "scale 1-%1").replace("%1", str(scale[1] if scale else ""))
        return f"{row.label(language)}: {shown or points}"

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None
        return item

    def _edited(self, item: QTableWidgetItem) -> None:
        """A cell was edited: the change goes to the core, or its message beside the table."""
        source = self.source_at(item.row())
        question = self.proposal.question(source)
        self.sig_note.emit("")
        try:
            if item.column() == SOURCE:
                checked = item.checkState() == Qt.CheckState.Checked
                (put_back if checked else leave_out)(self.proposal, source)
            elif question is not None and item.column() == CODE:
                rename_question(self.proposal, question.code, item.text().strip())
            elif question is not None and item.column() in (LABEL_ZH, LABEL_EN):
                language = "zh" if item.column() == LABEL_ZH else "en"
                set_label(self.proposal, question.code, **{language: item.text()})
        except XMDeskError as error:
            self.sig_note.emit(str(error))
        self.show_shape()

    def _retype(self, source: str, box: QComboBox) -> None:
        self.sig_note.emit("")
        try:
            retype_question(self.proposal, source, QuestionType(box.currentData()))
        except XMDeskError as error:
            self.sig_note.emit(str(error))
        self.show_shape()
