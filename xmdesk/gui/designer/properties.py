"""The property panel: the selected question's text, settings and logic, each change one undoable edit.

The panel never writes: it emits an `Edit` (from xmdesk.core.survey.edits) that the designer
applies and pushes on its undo stack, then redraws the panel from the model. Logic fields
are checked on every keystroke and only committed when they are sound.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from xmdesk.core.survey import edits as designer
from xmdesk.core.survey.edits import Edit
from xmdesk.core.survey.model import CHOICE_TYPES, Choice, Item, Question, QuestionType, Survey
from xmdesk.gui.labels import question_type

SCALE_TYPES = {QuestionType.NPS, QuestionType.RATING, QuestionType.MATRIX}
POINT_TYPES = {QuestionType.RATING, QuestionType.MATRIX}
CHOICE_LIST_TYPES = CHOICE_TYPES | {QuestionType.CHECKLIST}


def _number(text: str) -> int | float | None:
    text = text.strip()
    if not text:
        return None
    value = float(text)
    return int(value) if value == int(value) and "." not in text else value


def _text(item: QTableWidgetItem | None) -> str:
    return item.text().strip() if item is not None else ""


class LogicEdit(QWidget):
    """An expression field with its problems shown under it as you type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("logicEdit")
        self.problem = QLabel()
        self.problem.setObjectName("logicProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.problem)

    def show_problems(self, problems: list[str]) -> None:
        self.problem.setText("\n".join(problems))
        self.problem.setVisible(bool(problems))
        self.edit.setStyleSheet("border: 1px solid #b3261e;" if problems else "")


class PropertyPanel(QWidget):
    """The selected question's properties as a form; it emits edits (`sig_edit`) and never writes, so every
    change is applied, undone and redone by the designer alone."""

    sig_edit = Signal(object, str)
    """(Edit, what it does in words) for the designer to apply and push."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.survey: Survey | None = None
        self.question: Question | None = None
        self._filling = False
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setContentsMargins(4, 6, 6, 6)  # a narrow pane's pixels go to the fields and the choice labels
        self.labels: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        """Per key, the widget that stands for its row in the form (to show or hide it)."""

        self._build_basics()
        self._build_group()
        self._build_logic()
        self._build_choices()
        self._build_scale()
        self._build_items()
        self._build_number()
        self._build_text()
        self._build_weight()
        self.retranslate()
        self.setEnabled(False)

    # -- building -----------------------------------------------------------------------------

    def _build_basics(self) -> None:
        """The question's code, its type, its texts and help in both languages, and whether it is required."""
        self.code_edit = self._line("code", lambda text: designer.rename(self._code(), text.strip()))
        self.type_label = QLabel()
        self._row("type", self.type_label)
        self.label_zh = self._line("label_zh", lambda text: designer.update(self._code(), label_zh=text))
        self.label_en = self._line("label_en", lambda text: designer.update(self._code(), label_en=text))
        self.help_zh = self._line("help_zh", lambda text: designer.update(self._code(), help_zh=text))
        self.help_en = self._line("help_en", lambda text: designer.update(self._code(), help_en=text))
        self.required = QCheckBox()
        self.required.toggled.connect(lambda on: self._emit(designer.update(self._code(), required=on),
                                                            self.tr("Required")))
        self._row("required", self.required)

    def _build_group(self) -> None:
        """The group (page) the question is in, the group's titles and whether it has a page of its own."""
        self.group = QComboBox()
        self.group.setEditable(True)
        group_line = self.group.lineEdit()
        assert group_line is not None  # an editable combo has one
        group_line.editingFinished.connect(self._group_changed)
        self.group.activated.connect(lambda _index: self._group_changed())
        self._row("group", self.group)
        self.group_zh = self._line("group_zh", lambda text: self._group_edit("label_zh", text.strip()))
        self.group_en = self._line("group_en", lambda text: self._group_edit("label_en", text.strip()))
        self.group_page = QCheckBox()
        self.group_page.toggled.connect(lambda on: self._emit(self._group_edit("page", on), self.tr("Own page")))
        self._row("group_page", self.group_page)

    def _build_logic(self) -> None:
        """When the question is asked and which answers it accepts, with the message for a refused one."""
        self.relevant = LogicEdit()
        self.constraint = LogicEdit()
        for name, logic in (("relevant", self.relevant), ("constraint", self.constraint)):
            logic.edit.textChanged.connect(lambda _text, n=name, w=logic: self._check_logic(n, w))
            logic.edit.editingFinished.connect(lambda n=name, w=logic: self._commit_logic(n, w))
            self._row(name, logic)
        self.message_zh = self._prop_line("constraint_message_zh", str)
        self.message_en = self._prop_line("constraint_message_en", str)

    def _build_choices(self) -> None:
        """A choice question's choices (a table with add / remove) and whether their order is shuffled."""
        self.choices = QTableWidget(0, 6)
        self.choices.setMinimumHeight(150)
        header = self.choices.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):  # the labels take the room left
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.choices.verticalHeader().hide()
        self.choices.itemChanged.connect(lambda _item: self._choices_changed())
        self._row("choices", self._with_buttons(self.choices, self._add_choice, self._remove_choice), wide=True)
        self.randomize = QCheckBox()
        self.randomize.toggled.connect(lambda on: self._emit(designer.set_props(self._q(), randomize=on or None),
                                                             self.tr("Randomised order")))
        self._row("randomize", self.randomize)

    def _build_scale(self) -> None:
        """A rating's number of points and its end labels in both languages."""
        self.points = QSpinBox()
        self.points.setRange(2, 11)
        self.points.editingFinished.connect(lambda: self._emit(designer.set_props(self._q(), points=self.points.value()),
                                                               self.tr("Scale points")))
        self._row("points", self.points)
        self.low_zh = self._prop_line("low_zh", str)
        self.high_zh = self._prop_line("high_zh", str)
        self.low_en = self._prop_line("low_en", str)
        self.high_en = self._prop_line("high_en", str)

    def _build_items(self) -> None:
        """A matrix question's rows (a table with add / remove)."""
        self.items = QTableWidget(0, 3)
        self.items.setMinimumHeight(130)
        self.items.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.items.verticalHeader().hide()
        self.items.itemChanged.connect(lambda _item: self._items_changed())
        self._row("items", self._with_buttons(self.items, self._add_item, self._remove_item), wide=True)

    def _build_number(self) -> None:
        """A number question's smallest and largest value and its decimals."""
        self.minimum = self._prop_line("min", _number)
        self.maximum = self._prop_line("max", _number)
        self.decimals = QSpinBox()
        self.decimals.setRange(0, 6)
        self.decimals.editingFinished.connect(
            lambda: self._emit(designer.set_props(self._q(), decimals=self.decimals.value()), self.tr("Decimals")))
        self._row("decimals", self.decimals)

    def _build_text(self) -> None:
        """A text question's pattern, its message in both languages, and whether it takes several lines."""
        self.regex = self._prop_line("regex", str)
        self.regex_zh = self._prop_line("regex_message_zh", str)
        self.regex_en = self._prop_line("regex_message_en", str)
        self.multiline = QCheckBox()
        self.multiline.toggled.connect(lambda on: self._emit(designer.set_props(self._q(), multiline=on or None),
                                                             self.tr("Several lines")))
        self._row("multiline", self.multiline)

    def _build_weight(self) -> None:
        """The question's weight in an overall score."""
        self.weight = QDoubleSpinBox()
        self.weight.setRange(0, 100)
        self.weight.setDecimals(1)
        self.weight.editingFinished.connect(
            lambda: self._emit(designer.set_props(self._q(), weight=self.weight.value()), self.tr("Weight")))
        self._row("weight", self.weight)

    def _row(self, key: str, widget: QWidget, wide: bool = False) -> None:
        """A labelled row; a `wide` one (a table) has its label above it and the panel's whole width, so a
        narrow panel still shows its label columns."""
        label = QLabel()
        self.labels[key] = label
        if not wide:
            self.rows[key] = label
            self.form.addRow(label, widget)
            return
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(label)
        layout.addWidget(widget)
        self.rows[key] = box
        self.form.addRow(box)

    def _line(self, key: str, make: Callable[[str], Edit]) -> QLineEdit:
        edit = QLineEdit()
        edit.editingFinished.connect(lambda: self._line_done(edit, key, make))
        self._row(key, edit)
        return edit

    def _line_done(self, edit: QLineEdit, key: str, make: Callable[[str], Edit]) -> None:
        if self._filling or self.question is None or not edit.isModified():
            return
        edit.setModified(False)
        self._emit(make(edit.text()), self.labels[key].text().rstrip(":："))

    def _prop_line(self, prop: str, parse: Callable[[str], Any]) -> QLineEdit:
        def make(text: str) -> Edit:
            try:
                value = parse(text) if text.strip() else None
            except ValueError:
                value = None
            return designer.set_props(self._q(), **{prop: value})

        return self._line(prop, make)

    def _with_buttons(self, table: QTableWidget, add: Callable[[], None], remove: Callable[[], None]) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        buttons = QHBoxLayout()
        plus, minus = QPushButton("+"), QPushButton("−")
        for button, slot in ((plus, add), (minus, remove)):
            button.setFixedWidth(36)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def retranslate(self) -> None:
        names = {
            "code": self.tr("Code"), "type": self.tr("Type"), "label_zh": self.tr("Text (中文)"),
            "label_en": self.tr("Text (English)"), "help_zh": self.tr("Help (中文)"), "help_en": self.tr("Help (English)"),
            "required": self.tr("Required"), "group": self.tr("Group / page"),
            "group_zh": self.tr("Group name (中文)"), "group_en": self.tr("Group name (English)"),
            "group_page": self.tr("Own page"), "relevant": self.tr("Show if"),
            "constraint": self.tr("Valid if"), "constraint_message_zh": self.tr("Message (中文)"),
            "constraint_message_en": self.tr("Message (English)"), "choices": self.tr("Choices"),
            "randomize": self.tr("Random order"), "points": self.tr("Scale points"), "low_zh": self.tr("Low end (中文)"),
            "high_zh": self.tr("High end (中文)"), "low_en": self.tr("Low end (English)"),
            "high_en": self.tr("High end (English)"), "items": self.tr("Rows"), "min": self.tr("Minimum"),
            "max": self.tr("Maximum"), "decimals": self.tr("Decimals"), "regex": self.tr("Pattern (regex)"),
            "regex_message_zh": self.tr("Pattern message (中文)"), "regex_message_en": self.tr("Pattern message (English)"),
            "multiline": self.tr("Several lines"), "weight": self.tr("Weight (score)"),
        }
        for key, label in self.labels.items():
            label.setText(names[key] + ":")
        self.choices.setHorizontalHeaderLabels([self.tr("Code"), self.tr("Value"), "中文", self.tr("English"),
                                                self.tr("Weight"), self.tr("Other")])
        self.items.setHorizontalHeaderLabels([self.tr("Code"), "中文", self.tr("English")])
        self.relevant.edit.setPlaceholderText(self.tr("e.g. ${q3} = 2 and ${q5} >= 4"))
        self.constraint.edit.setPlaceholderText(self.tr("e.g. . >= 0 and . <= 100"))

    # -- showing a question -----------------------------------------------------------------------

    def show_question(self, survey: Survey, question: Question | None) -> None:
        self.survey, self.question = survey, question
        self.setEnabled(question is not None)
        if question is None:
            return
        self._filling = True
        try:
            self._fill(survey, question)
        finally:
            self._filling = False

    def _fill(self, survey: Survey, q: Question) -> None:
        kind = q.type
        for edit, value in ((self.code_edit, q.code), (self.label_zh, q.label_zh), (self.label_en, q.label_en),
                            (self.help_zh, q.help_zh), (self.help_en, q.help_en)):
            edit.setText(value)
            edit.setCursorPosition(0)
            edit.setModified(False)
        self.type_label.setText(question_type(kind) + (self.tr(" (archived)") if q.archived else ""))
        self.required.setChecked(q.required)
        self.group.clear()
        self.group.addItems(sorted({x.group for x in survey.questions if x.group} | {""}))
        self.group.setCurrentText(q.group)
        info = self._group_info(survey, q.group)
        for edit, key in ((self.group_zh, "label_zh"), (self.group_en, "label_en")):
            edit.setText(str(info.get(key, "")))
            edit.setModified(False)
        self.group_page.setChecked(bool(info.get("page")))
        for name, logic in (("relevant", self.relevant), ("constraint", self.constraint)):
            logic.edit.setText(str(q.props.get(name, "")))
            logic.show_problems([])
        props: dict[str, QLineEdit] = {"constraint_message_zh": self.message_zh, "constraint_message_en": self.message_en,
                                       "low_zh": self.low_zh, "high_zh": self.high_zh, "low_en": self.low_en,
                                       "high_en": self.high_en, "min": self.minimum, "max": self.maximum,
                                       "regex": self.regex, "regex_message_zh": self.regex_zh,
                                       "regex_message_en": self.regex_en}
        for name, edit in props.items():
            prop = q.props.get(name)
            edit.setText("" if prop is None else str(prop))
            edit.setModified(False)
        self._fill_choices(q)
        self._fill_items(q)
        self.randomize.setChecked(bool(q.props.get("randomize")))
        self.points.setValue(int(q.props.get("points", 5)))
        self.decimals.setValue(int(q.props.get("decimals", 2)))
        self.multiline.setChecked(bool(q.props.get("multiline")))
        self.weight.setValue(float(q.props.get("weight", 1)))
        shown = {
            "choices": kind in CHOICE_LIST_TYPES, "randomize": kind in CHOICE_TYPES, "points": kind in POINT_TYPES,
            "low_zh": kind in SCALE_TYPES, "high_zh": kind in SCALE_TYPES, "low_en": kind in SCALE_TYPES,
            "high_en": kind in SCALE_TYPES, "items": kind is QuestionType.MATRIX,
            "min": kind is QuestionType.NUMBER, "max": kind is QuestionType.NUMBER,
            "decimals": kind is QuestionType.NUMBER, "regex": kind is QuestionType.TEXT,
            "regex_message_zh": kind is QuestionType.TEXT, "regex_message_en": kind is QuestionType.TEXT,
            "multiline": kind is QuestionType.TEXT, "weight": kind is QuestionType.CHECKLIST,
            "group_zh": bool(q.group), "group_en": bool(q.group), "group_page": bool(q.group),
        }
        for key, visible in shown.items():
            self.form.setRowVisible(self.rows[key], visible)

    def _fill_choices(self, q: Question) -> None:
        self.choices.blockSignals(True)
        rows = q.answer_choices()
        self.choices.setRowCount(len(rows))
        for row, choice in enumerate(rows):
            weight = "" if choice.weight is None else f"{choice.weight:g}"
            for column, text in enumerate((choice.code, str(choice.value), choice.label_zh, choice.label_en, weight)):
                self.choices.setItem(row, column, QTableWidgetItem(text))
            other = QTableWidgetItem()
            other.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            other.setCheckState(Qt.CheckState.Checked if choice.is_other else Qt.CheckState.Unchecked)
            self.choices.setItem(row, 5, other)
        # Weights score a checklist; elsewhere the column only takes room from the labels.
        self.choices.setColumnHidden(4, q.type is not QuestionType.CHECKLIST and all(c.weight is None for c in rows))
        self.choices.blockSignals(False)

    def _fill_items(self, q: Question) -> None:
        self.items.blockSignals(True)
        self.items.setRowCount(len(q.items))
        for row, item in enumerate(q.items):
            for column, text in enumerate((item.code, item.label_zh, item.label_en)):
                self.items.setItem(row, column, QTableWidgetItem(text))
        self.items.blockSignals(False)

    # -- reading edits back -------------------------------------------------------------------

    def _code(self) -> str:
        return self._q().code

    def _q(self) -> Question:
        assert self.question is not None
        return self.question

    def _emit(self, edit: Edit, text: str) -> None:
        if not self._filling and self.question is not None:
            self.sig_edit.emit(edit, text)

    @staticmethod
    def _group_info(survey: Survey, code: str) -> dict[str, Any]:
        return next((dict(g) for g in survey.props.get("groups", []) if g.get("code") == code), {"code": code})

    def _group_edit(self, key: str, value: Any) -> Edit:
        """Groups are named (and made pages) in the survey's props: one survey edit."""
        assert self.survey is not None and self.question is not None
        groups = [dict(g) for g in self.survey.props.get("groups", [])]
        info = next((g for g in groups if g.get("code") == self.question.group), None)
        if info is None:
            info = {"code": self.question.group}
            groups.append(info)
        info[key] = value
        return designer.update_survey(props={**self.survey.props, "groups": groups})

    def _group_changed(self) -> None:
        if self._filling or self.question is None or self.survey is None:
            return
        group = self.group.currentText().strip()
        if group != self.question.group:
            position = self.survey.questions.index(self.question)
            self._emit(designer.move(self.question.code, position, group), self.tr("Group"))

    def _check_logic(self, name: str, logic: LogicEdit) -> list[str]:
        if self._filling or self.question is None or self.survey is None:
            return []
        problems = designer.logic_problems(self.survey, self.question, name, logic.edit.text())
        logic.show_problems(problems)
        return problems

    def _commit_logic(self, name: str, logic: LogicEdit) -> None:
        if self._filling or self.question is None:
            return
        text = logic.edit.text().strip()
        if text == str(self.question.props.get(name, "")) or self._check_logic(name, logic):
            return
        self._emit(designer.set_props(self.question, **{name: text or None}),
                   self.tr("Show if") if name == "relevant" else self.tr("Valid if"))

    def table_choices(self) -> list[Choice]:
        choices = []
        for row in range(self.choices.rowCount()):
            cells = [_text(self.choices.item(row, c)) for c in range(5)]
            try:
                value = int(cells[1]) if cells[1] else row + 1
                weight = float(cells[4]) if cells[4] else None
            except ValueError:
                value, weight = row + 1, None
            other = self.choices.item(row, 5)
            choices.append(Choice(cells[0], value, cells[3], cells[2], weight,
                                  other is not None and other.checkState() == Qt.CheckState.Checked))
        return choices

    def _choices_changed(self) -> None:
        if self._filling or self.question is None:
            return
        self._emit(designer.set_choices(self.question.code, self.table_choices()), self.tr("Choices"))

    def _add_choice(self) -> None:
        if self.question is None:
            return
        choices = self.table_choices()
        number = max((c.value for c in choices), default=0) + 1
        code = f"a{number}"
        while any(c.code == code for c in choices):
            number += 1
            code = f"a{number}"
        choices.append(Choice(code, number, f"Option {number}", f"选项 {number}"))
        self._emit(designer.set_choices(self.question.code, choices), self.tr("Add choice"))

    def _remove_choice(self) -> None:
        row = self.choices.currentRow()
        if self.question is None or row < 0:
            return
        choices = self.table_choices()
        del choices[row]
        self._emit(designer.set_choices(self.question.code, choices), self.tr("Remove choice"))

    def _table_items(self) -> list[Item]:
        def cell(row: int, column: int) -> str:
            return _text(self.items.item(row, column))

        return [Item(cell(r, 0), cell(r, 2), cell(r, 1)) for r in range(self.items.rowCount())]

    def _items_changed(self) -> None:
        if self._filling or self.question is None:
            return
        self._emit(designer.set_items(self.question.code, self._table_items()), self.tr("Rows"))

    def _add_item(self) -> None:
        if self.question is None:
            return
        items = self._table_items()
        number = len(items) + 1
        while any(i.code == f"r{number}" for i in items):
            number += 1
        items.append(Item(f"r{number}", f"Row {number}", f"第 {number} 行"))
        self._emit(designer.set_items(self.question.code, items), self.tr("Add row"))

    def _remove_item(self) -> None:
        row = self.items.currentRow()
        if self.question is None or row < 0:
            return
        items = self._table_items()
        del items[row]
        self._emit(designer.set_items(self.question.code, items), self.tr("Remove row"))
