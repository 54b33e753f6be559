"""One input per question type, each a single stop in the Tab order and driven from the keyboard.

Choices are picked with number keys (the number shown beside each one); a scale takes its
own values (NPS 0-10: "1" then "0" within a moment is ten). Picking a single answer moves
on by itself; Enter or Tab moves on from any field; a matrix walks down its rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (QAbstractButton, QButtonGroup, QCheckBox, QFrame, QGridLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from xmdesk.core.fieldwork.entry import scale_values
from xmdesk.core.survey.model import Question, QuestionType
from xmdesk.gui.entry.columns import ChoiceColumns

# How long a first digit waits for a second one ("1" → "10" on an NPS scale, "12" of 20 stores).
DIGIT_WAIT_MS = 700
MOVE_ON_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
CLEAR_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)


def scale_anchors(question: Question, lang: str, values: list[int]) -> QLabel | None:
    """'0 = Not at all likely    10 = Extremely likely': what the ends of a scale mean, when the survey says."""
    low = question.props.get(f"low_{lang}") or question.props.get("low_en", "")
    high = question.props.get(f"high_{lang}") or question.props.get("high_en", "")
    if not (low or high):
        return None
    label = QLabel(f"{values[0]} = {low}    {values[-1]} = {high}")
    label.setObjectName("scaleAnchors")
    label.setWordWrap(True)
    return label


class FieldWidget(QFrame):
    """A question's title, its input, its help text and the message when the answer is not valid."""

    sig_changed = Signal()
    """The answer changed (saved as a draft, skip logic re-applied)."""
    sig_done = Signal()
    """The worker finished this field (Enter, or a single choice picked): move to the next one."""

    def __init__(self, question: Question, number: int, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName("entryField")
        self.setProperty("current", False)
        star = " *" if question.required else ""
        self.title = QLabel(f"{number}. {question.label(lang)}{star}")
        self.title.setObjectName("fieldTitle")
        self.title.setWordWrap(True)
        self.help = QLabel(question.help_zh if lang == "zh" and question.help_zh else question.help_en)
        self.help.setObjectName("fieldHelp")
        self.help.setWordWrap(True)
        self.help.setVisible(bool(self.help.text()))
        self.problem = QLabel()
        self.problem.setObjectName("fieldProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        layout.addLayout(self.body)
        layout.addWidget(self.problem)

    # -- what every field offers the form -------------------------------------------------

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def set_values(self, answers: dict[str, Any]) -> None:
        raise NotImplementedError

    def input_widget(self) -> QWidget:
        """The one widget that takes focus (the Tab stop)."""
        return self

    def set_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    def set_current(self, current: bool) -> None:
        """Highlight the field being answered."""
        if self.property("current") != current:
            self.setProperty("current", current)
            self.style().unpolish(self)
            self.style().polish(self)


class ButtonsField(FieldWidget):
    """Single choice, dropdown, checklist item, NPS and rating: one answer picked from buttons or by number."""

    def __init__(self, question: Question, number: int, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, number, lang, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # exclusive groups cannot be cleared
        self.keys: dict[str, int] = {}  # typed number → stored value
        self.buttons: dict[int, QAbstractButton] = {}
        self._digits = ""
        self._timer = QTimer(self, singleShot=True, interval=DIGIT_WAIT_MS)
        self._timer.timeout.connect(self._commit_digits)
        self.scale = question.type in (QuestionType.NPS, QuestionType.RATING) and not question.choices
        if self.scale:
            self._build_scale(lang)
        else:
            self._build_choices(lang)
        self.group.buttonClicked.connect(self._clicked)

    def _build_scale(self, lang: str) -> None:
        """The points as buttons, on one row where they fit and on two where they do not, the words of its ends on a
        line under them (beside the buttons, an NPS scale was 700 px wide and the form scrolled sideways on a
        laptop)."""
        values = scale_values(self.question)
        points = ChoiceColumns(len(values), spacing=(4, 4), across=True)
        for value in values:
            button = QPushButton(str(value))
            button.setObjectName("scaleButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFixedWidth(40)
            self._add(button, str(value), value)
            points.addWidget(button)
        self.body.addLayout(points)
        anchors = scale_anchors(self.question, lang, values)
        if anchors is not None:
            self.body.addWidget(anchors)

    def _build_choices(self, lang: str) -> None:
        choices = self.question.answer_choices()
        short = all(len(c.label(lang)) <= 12 for c in choices)
        # A few short answers (yes / no / n.a.) sit on one line: a 30-item checklist stays scannable.
        columns = ChoiceColumns(len(choices) if len(choices) <= 4 and short else (1 if len(choices) <= 3 else
                                                                                  (2 if len(choices) <= 8 else 4)))
        for position, choice in enumerate(choices, start=1):
            button = QRadioButton(f"{position}  {choice.label(lang)}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._add(button, str(position), choice.value)
            columns.addWidget(button)
        self.body.addLayout(columns)

    def _add(self, button: QAbstractButton, key: str, value: int) -> None:
        self.keys[key] = value
        self.buttons[value] = button
        self.group.addButton(button)

    def value(self) -> int | None:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def values(self) -> dict[str, Any]:
        return {self.question.code: self.value()}

    def set_values(self, answers: dict[str, Any]) -> None:
        self._select(answers.get(self.question.code), notify=False)

    def _select(self, value: int | None, notify: bool = True) -> None:
        for button_value, button in self.buttons.items():
            button.setChecked(button_value == value)
        if notify:
            self.sig_changed.emit()

    def _clicked(self, button: QAbstractButton) -> None:
        value = next(v for v, b in self.buttons.items() if b is button)
        self._select(value if button.isChecked() else None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self._type_digit(text)
        elif event.key() in MOVE_ON_KEYS:
            if self._digits:
                self._commit_digits()
            else:
                self.sig_done.emit()
        elif event.key() in CLEAR_KEYS:
            self._digits = ""
            self._select(None)
        else:
            super().keyPressEvent(event)

    def _type_digit(self, digit: str) -> None:
        typed = self._digits + digit
        if typed not in self.keys and not any(key.startswith(typed) for key in self.keys):
            typed = digit  # a fresh start: "5" after a stale "1"
        self._digits = typed
        longer = [key for key in self.keys if key.startswith(typed) and key != typed]
        if typed in self.keys and not longer:
            self._commit_digits()
        else:
            self._timer.start()

    def _commit_digits(self) -> None:
        self._timer.stop()
        typed, self._digits = self._digits, ""
        if typed in self.keys:
            self._select(self.keys[typed])
            self.sig_done.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._digits:
            self._commit_digits()
        super().focusOutEvent(event)


class MultipleField(FieldWidget):
    """Several answers: number keys tick and untick, Enter moves on."""

    def __init__(self, question: Question, number: int, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, number, lang, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.boxes: dict[str, QCheckBox] = {}
        columns = ChoiceColumns(1 if len(question.choices) <= 3 else 2)
        for position, (choice, column) in enumerate(zip(question.choices, question.columns()), start=1):
            box = QCheckBox(f"{position}  {choice.label(lang)}")
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.toggled.connect(lambda _on: self.sig_changed.emit())
            self.boxes[column.name] = box
            columns.addWidget(box)
        self.body.addLayout(columns)

    def values(self) -> dict[str, Any]:
        return {name: int(box.isChecked()) for name, box in self.boxes.items()}

    def set_values(self, answers: dict[str, Any]) -> None:
        for name, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(answers.get(name) in (1, True, "1"))
            box.blockSignals(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        boxes = list(self.boxes.values())
        if text.isdigit() and len(text) == 1 and 1 <= int(text) <= len(boxes):
            box = boxes[int(text) - 1]
            box.setChecked(not box.isChecked())
        elif event.key() in MOVE_ON_KEYS:
            self.sig_done.emit()
        else:
            super().keyPressEvent(event)


class MatrixField(FieldWidget):
    """Rows rated on one scale: a digit rates the highlighted row and moves down; after the last, on."""

    def __init__(self, question: Question, number: int, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, number, lang, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scale = scale_values(question)
        self.na_allowed = bool(question.props.get("na_allowed"))
        self.row = 0
        self.cells: list[dict[int, QPushButton]] = []
        self.row_labels: list[QLabel] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        anchors = scale_anchors(question, lang, self.scale)
        if anchors is not None:
            grid.addWidget(anchors, 0, 1, 1, len(self.scale) + 1)  # into the stretch column: wraps only when narrow
        for index, item in enumerate(question.items, start=1):
            label = QLabel(item.label(lang))
            label.setObjectName("matrixRow")
            self.row_labels.append(label)
            grid.addWidget(label, index, 0)
            buttons: dict[int, QPushButton] = {}
            for position, value in enumerate(self.scale, start=1):
                button = QPushButton(str(value))
                button.setObjectName("scaleButton")
                button.setCheckable(True)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setFixedWidth(36)
                button.clicked.connect(lambda _c=False, r=index - 1, v=value: self._rate(r, v, move=False))
                buttons[value] = button
                grid.addWidget(button, index, position)
            self.cells.append(buttons)
        grid.setColumnStretch(len(self.scale) + 1, 1)
        self.body.addLayout(grid)
        self._mark_row()

    def _columns(self) -> list[str]:
        return [c.name for c in self.question.columns()]

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, buttons in zip(self._columns(), self.cells):
            result[name] = next((v for v, b in buttons.items() if b.isChecked()), None)
        return result

    def set_values(self, answers: dict[str, Any]) -> None:
        for name, buttons in zip(self._columns(), self.cells):
            for value, button in buttons.items():
                button.setChecked(answers.get(name) == value)

    def _rate(self, row: int, value: int | None, move: bool = True) -> None:
        for button_value, button in self.cells[row].items():
            button.setChecked(button_value == value)
        self.sig_changed.emit()
        if move:
            self._go(row + 1)

    def _go(self, row: int) -> None:
        if row >= len(self.cells):
            self.row = 0
            self._mark_row()
            self.sig_done.emit()
            return
        self.row = max(0, row)
        self._mark_row()

    def _mark_row(self) -> None:
        for index, label in enumerate(self.row_labels):
            label.setProperty("current", index == self.row and self.hasFocus())
            label.style().unpolish(label)
            label.style().polish(label)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1 and int(text) in self.scale:
            self._rate(self.row, int(text))
        elif text == "0" and self.na_allowed or event.key() in CLEAR_KEYS:
            self._rate(self.row, None)
        elif event.key() == Qt.Key.Key_Up:
            self._go(self.row - 1)
        elif event.key() == Qt.Key.Key_Down:
            self._go(self.row + 1)
        elif event.key() in MOVE_ON_KEYS:
            self.sig_done.emit()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._mark_row()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._mark_row()


class LineField(FieldWidget):
    """Text, number and date: typed in a line; Enter moves on."""

    def __init__(self, question: Question, number: int, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, number, lang, parent)
        self.edit = QLineEdit()
        if question.type is QuestionType.DATE:
            self.edit.setPlaceholderText("2026-05-31")
            self.edit.setMaximumWidth(200)
        elif question.type is QuestionType.NUMBER:
            self.edit.setMaximumWidth(200)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(lambda _text: self.sig_changed.emit())
        self.edit.returnPressed.connect(self.sig_done.emit)
        self.body.addWidget(self.edit)

    def input_widget(self) -> QWidget:
        return self.edit

    def values(self) -> dict[str, Any]:
        text = self.edit.text().strip()
        return {self.question.code: text or None}

    def set_values(self, answers: dict[str, Any]) -> None:
        value = answers.get(self.question.code)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        self.edit.setText("" if value is None else str(value))


class NotesEdit(QPlainTextEdit):
    """Several lines of notes, still keyboard-first: Enter moves on, Shift+Enter starts a new line."""

    sig_done = Signal()
    """Enter pressed."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in MOVE_ON_KEYS and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.sig_done.emit()
        else:
            super().keyPressEvent(event)


class NotesField(FieldWidget):
    """A text question marked `multiline`."""

    def __init__(self, question: Question, number: int, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(question, number, lang, parent)
        self.edit = NotesEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(84)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._typed)
        self.edit.sig_done.connect(self.sig_done.emit)
        self.body.addWidget(self.edit)
        self._loading = False

    def _typed(self) -> None:
        if not self._loading:
            self.sig_changed.emit()

    def input_widget(self) -> QWidget:
        return self.edit

    def values(self) -> dict[str, Any]:
        return {self.question.code: self.edit.toPlainText().strip() or None}

    def set_values(self, answers: dict[str, Any]) -> None:
        self._loading = True
        self.edit.setPlainText(str(answers.get(self.question.code) or ""))
        self._loading = False


def make_field(question: Question, number: int, lang: str) -> FieldWidget:
    """The input for a question type."""
    if question.type is QuestionType.MULTIPLE:
        return MultipleField(question, number, lang)
    if question.type is QuestionType.MATRIX:
        return MatrixField(question, number, lang)
    if question.type is QuestionType.TEXT and question.props.get("multiline"):
        return NotesField(question, number, lang)
    if question.type in (QuestionType.TEXT, QuestionType.NUMBER, QuestionType.DATE):
        return LineField(question, number, lang)
    return ButtonsField(question, number, lang)
