"""The kiosk: the survey full-screen on a tablet or laptop in the store, for one customer after another.

It walks the same screens as the phone's form (`collect.flow.Flow`: skip logic and validation asked of
the core between screens), reads a screen's answers as the form fields a browser would send
(`flow.read_screen`), and stores a finished response through `collect.store` with source `kiosk`:
the same checks and the same arrival path as a phone's, no copy of the rules here. A thank-you screen
resets for the next customer, a half-filled form is dropped after an idle time, and leaving needs the PIN.
"""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (QApplication, QButtonGroup, QComboBox, QDateEdit, QFrame, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QStackedWidget,
                               QVBoxLayout, QWidget)

from xmdesk.core import messages
from xmdesk.core.collect import store
from xmdesk.core.collect.flow import Flow, Screen, read_screen
from xmdesk.core.collect.page import SELECT_ABOVE
from xmdesk.core.fieldwork.entry import EntryInvalid, scale_values
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey

Fields = dict[str, list[str]]
"""A screen's answers as a browser's form sends them: field name -> values."""

IDLE_MS = 90_000
"""A form nobody touched for this long is dropped: the next customer must not find the last one's answers."""
THANKS_MS = 8_000
"""How long the thank-you screen stays before the form starts again."""
TOUCH_HEIGHT = 64
"""Buttons at least this tall (px): a finger, not a mouse."""
CHOSEN_STYLE = ("QPushButton#kioskChoice:checked { background: #1f6feb; color: white; border: 1px solid #1a5fcc;"
                " border-radius: 4px; }")
"""A chosen answer seen from a step away: filled, not the platform's faint pressed shade."""
INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}


def big_font(size: int, bold: bool = False) -> QFont:
    face = QFont()
    face.setPixelSize(size)
    face.setBold(bold)
    return face


class ChoiceButtons(QWidget):
    """Tap targets for one field: a choice list, a scale row, or (not exclusive) a multiple choice."""

    def __init__(self, name: str, options: Sequence[tuple[str, str]], chosen: set[str], exclusive: bool = True,
                 columns: int = 2) -> None:
        super().__init__()
        self.name = name
        self.group = QButtonGroup(self)
        self.group.setExclusive(exclusive)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for position, (value, label) in enumerate(options):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setChecked(value in chosen)
            button.setMinimumSize(TOUCH_HEIGHT, TOUCH_HEIGHT)  # an 11-point NPS row fits a tablet's width
            button.setFont(big_font(20))
            button.setProperty("value", value)
            button.setObjectName("kioskChoice")
            self.group.addButton(button)
            layout.addWidget(button, position // columns, position % columns)

    def fields(self) -> Fields:
        return {self.name: [str(b.property("value")) for b in self.group.buttons() if b.isChecked()]}

    def choose(self, value: str) -> None:
        """Tap the button of `value` (tests and screenshots drive the kiosk as a finger would)."""
        for button in self.group.buttons():
            if button.property("value") == value:
                button.click()


class QuestionBox(QFrame):
    """One question: its label, help and problem, and the inputs whose fields the screen sends."""

    def __init__(self, question: Question, lang: str, answers: Mapping[str, Any], problem: str | None) -> None:
        super().__init__()
        self.setObjectName("kioskQuestion")
        self.question = question
        self.inputs: list[Callable[[], Fields]] = []
        self.buttons: dict[str, ChoiceButtons] = {}
        self.combo: QComboBox | None = None
        self.text_input: QWidget | None = None
        layout = QVBoxLayout(self)
        title = QLabel(question.label(lang) + (" *" if question.required else ""))
        title.setWordWrap(True)
        title.setFont(big_font(26, bold=True))
        layout.addWidget(title)
        help_text = question.help_zh if lang == "zh" else question.help_en
        if help_text:
            layout.addWidget(QLabel(help_text))
        self.problem_label = QLabel(problem or "")
        self.problem_label.setObjectName("kioskProblem")
        self.problem_label.setStyleSheet("color: #c0392b;")
        self.problem_label.setFont(big_font(20))
        self.problem_label.setVisible(bool(problem))
        layout.addWidget(self.problem_label)
        self._add_inputs(layout, lang, answers)

    def _add_inputs(self, layout: QVBoxLayout, lang: str, answers: Mapping[str, Any]) -> None:
        question, kind = self.question, self.question.type
        if kind is QuestionType.MULTIPLE:
            chosen = {c.code for c, col in zip(question.choices, question.columns()) if answers.get(col.name) == 1}
            self._buttons(layout, ChoiceButtons(question.code, [(c.code, c.label(lang)) for c in question.choices],
                                                chosen, exclusive=False))
        elif kind is QuestionType.MATRIX:
            points = [(str(v), str(v)) for v in scale_values(question)]
            for item, column in zip(question.items, question.columns()):
                layout.addWidget(QLabel(item.label(lang)))
                self._buttons(layout, ChoiceButtons(column.name, points, _chosen(answers.get(column.name)),
                                                    columns=len(points)))
        elif kind in (QuestionType.NPS, QuestionType.RATING) and not question.choices:
            points = [(str(v), str(v)) for v in scale_values(question)]
            self._buttons(layout, ChoiceButtons(question.code, points, _chosen(answers.get(question.code)),
                                                columns=len(points)))
            ends = [str(question.props.get(f"{end}_{lang}") or "") for end in ("low", "high")]
            if any(ends):
                row = QHBoxLayout()
                row.addWidget(QLabel(ends[0]))
                row.addStretch(1)
                row.addWidget(QLabel(ends[1]))
                layout.addLayout(row)
        elif kind in (QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.CHECKLIST, QuestionType.RATING,
                      QuestionType.NPS):
            options = [(str(c.value), c.label(lang)) for c in question.answer_choices()]
            if len(options) > SELECT_ABOVE:
                self._combo(layout, options, answers.get(question.code))
            else:
                self._buttons(layout, ChoiceButtons(question.code, options, _chosen(answers.get(question.code))))
        else:
            self._typed(layout, answers.get(question.code))

    def _buttons(self, layout: QVBoxLayout, buttons: ChoiceButtons) -> None:
        self.buttons[buttons.name] = buttons
        self.inputs.append(buttons.fields)
        layout.addWidget(buttons)

    def _combo(self, layout: QVBoxLayout, options: Sequence[tuple[str, str]], value: Any) -> None:
        """A long list (twenty stores) as one big drop-down, as on the phone."""
        combo = QComboBox()
        combo.setMinimumHeight(TOUCH_HEIGHT)
        combo.setFont(big_font(20))
        combo.addItem(messages.text("collect.choose"), "")
        for option_value, label in options:
            combo.addItem(label, option_value)
        combo.setCurrentIndex(max(0, combo.findData(str(value))) if value is not None else 0)
        self.combo = combo
        self.inputs.append(lambda: {self.question.code: [str(combo.currentData())]})
        layout.addWidget(combo)

    def _typed(self, layout: QVBoxLayout, value: Any) -> None:
        """Text, a number or a date, typed on the screen's keyboard; sent as typed, the core reads it."""
        code, shown = self.question.code, "" if value is None else str(value)
        if self.question.type is QuestionType.TEXT:
            text = QPlainTextEdit(shown)
            text.setFont(big_font(20))
            text.setMinimumHeight(140)
            self.text_input = text
            self.inputs.append(lambda: {code: [text.toPlainText()]})
        elif self.question.type is QuestionType.DATE:
            date = QDateEdit(QDate.fromString(shown, "yyyy-MM-dd") if shown else QDate.currentDate())
            date.setDisplayFormat("yyyy-MM-dd")
            date.setCalendarPopup(True)
            date.setMinimumHeight(TOUCH_HEIGHT)
            date.setFont(big_font(20))
            self.text_input = date
            self.inputs.append(lambda: {code: [date.date().toString("yyyy-MM-dd")]})
        else:
            line = QLineEdit(shown)
            line.setMinimumHeight(TOUCH_HEIGHT)
            line.setFont(big_font(20))
            self.text_input = line
            self.inputs.append(lambda: {code: [line.text()]})
        layout.addWidget(self.text_input)

    def fields(self) -> Fields:
        found: Fields = {}
        for read in self.inputs:
            found.update(read())
        return found


def _chosen(value: Any) -> set[str]:
    return set() if value is None else {str(value)}


class KioskWindow(QWidget):
    """The form full-screen, a thank-you screen, and the PIN screen that alone lets staff leave."""

    sig_submitted = Signal(int)
    """The response's row id, once committed."""
    sig_left = Signal()

    def __init__(self, study: Study, survey: Survey, pin: str, lang: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle(survey.title(lang or messages.language()))
        self.study, self.survey, self.pin = study, survey, pin
        self.lang = lang or messages.language()
        self.flow = Flow(survey)
        self.answers: dict[str, Any] = {}
        self.trail: list[int] = []
        self.submission_id = ""
        self.boxes: list[QuestionBox] = []
        self._unlocked = False
        self.setStyleSheet(CHOSEN_STYLE)

        self.stack = QStackedWidget()
        self.form_page, self.questions_layout = self._form_page()
        self.thanks_page = self._thanks_page()
        self.pin_page = self._pin_page()
        for page in (self.form_page, self.thanks_page, self.pin_page):
            self.stack.addWidget(page)
        self.leave_button = QPushButton(self.tr("Staff"))
        self.leave_button.setObjectName("kioskLeave")
        self.leave_button.setFlat(True)
        self.leave_button.clicked.connect(self.ask_pin)
        top = QHBoxLayout()
        self.title_label = QLabel(survey.title(self.lang))
        self.title_label.setFont(big_font(30, bold=True))
        top.addWidget(self.title_label, 1)
        top.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.idle_timer = QTimer(self, singleShot=True, interval=IDLE_MS)
        self.idle_timer.timeout.connect(self.on_idle)
        self.thanks_timer = QTimer(self, singleShot=True, interval=THANKS_MS)
        self.thanks_timer.timeout.connect(self.restart)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.restart()

    # -- pages ---------------------------------------------------------------------------------

    def _form_page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        inner = QWidget()
        questions = QVBoxLayout(inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        self.back_button = self._big_button(messages.text("collect.back"), self.back)
        self.next_button = self._big_button(messages.text("collect.next"), self.next)
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(page)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        return page, questions

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        thanks = QLabel(messages.text("collect.thanks"))
        thanks.setFont(big_font(48, bold=True))
        received = QLabel(messages.text("collect.received"))
        received.setFont(big_font(24))
        self.again_button = self._big_button(self.tr("Next customer"), self.restart)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for widget in (thanks, received, self.again_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    def _pin_page(self) -> QWidget:
        page = QWidget()
        prompt = QLabel(self.tr("Staff only: enter the PIN to leave the kiosk."))
        prompt.setFont(big_font(22))
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMinimumHeight(TOUCH_HEIGHT)
        self.pin_edit.setFont(big_font(24))
        self.pin_edit.returnPressed.connect(lambda: self.unlock(self.pin_edit.text()))
        self.pin_problem = QLabel()
        self.pin_problem.setStyleSheet("color: #c0392b;")
        buttons = QHBoxLayout()
        buttons.addWidget(self._big_button(self.tr("Back to the survey"), self._resume))
        buttons.addWidget(self._big_button(self.tr("Leave"), lambda: self.unlock(self.pin_edit.text())))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for widget in (prompt, self.pin_edit, self.pin_problem):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    def _big_button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumSize(200, TOUCH_HEIGHT)
        button.setFont(big_font(22, bold=True))
        button.clicked.connect(slot)
        return button

    # -- the walk ----------------------------------------------------------------------------

    def restart(self) -> None:
        """A new customer: no answers, the first screen, a new submission id."""
        self.thanks_timer.stop()
        self.answers, self.submission_id = {}, uuid.uuid4().hex
        first = self.flow.next_screen(self.answers)
        self.trail = [] if first is None else [first.index]
        if first is not None:
            self.show_screen(first, {})
        self.idle_timer.start()

    def current_screen(self) -> Screen:
        screen = self.flow.screen(self.trail[-1])
        assert screen is not None
        return screen

    def show_screen(self, screen: Screen, problems: Mapping[str, str]) -> None:
        while self.questions_layout.count():
            item = self.questions_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # hidden now: deleteLater waits for the event loop, and it would still be drawn
                widget.hide()
                widget.deleteLater()
        self.boxes = [QuestionBox(q, self.lang, self.answers, problems.get(q.code))
                      for q in self.flow.visible(screen, self.answers)]
        for box in self.boxes:
            self.questions_layout.addWidget(box)
        self.questions_layout.addStretch(1)
        self.back_button.setVisible(len(self.trail) > 1)
        self.stack.setCurrentWidget(self.form_page)

    def screen_fields(self) -> Fields:
        found: Fields = {}
        for box in self.boxes:
            found.update(box.fields())
        return found

    def next(self) -> None:
        """The screen's answers checked by the core; its problems shown, or the next screen, or the response stored."""
        screen = self.current_screen()
        self.answers.update(read_screen(screen, self.screen_fields()))
        problems = self.flow.problems(screen, self.answers)
        if problems:
            self.show_screen(screen, problems)
            return
        following = self.flow.next_screen(self.answers, screen.index)
        if following is None:
            self.submit()
            return
        self.trail.append(following.index)
        self.show_screen(following, {})

    def back(self) -> None:
        screen = self.current_screen()
        self.answers.update(read_screen(screen, self.screen_fields()))
        if len(self.trail) > 1:
            self.trail.pop()
        self.show_screen(self.current_screen(), {})

    def submit(self) -> None:
        """Stored as a phone's answer is (`store.check`, `store.commit`), marked `kiosk`; then the thank-you."""
        submission = store.Submission(self.submission_id, dict(self.answers), source="kiosk")
        try:
            values = store.check(self.flow.rules, submission)
        except EntryInvalid as invalid:
            wrong = next(s for s in self.flow.screens if invalid.problems.keys() & {q.code for q in s.questions})
            self.trail.append(wrong.index)
            self.show_screen(wrong, invalid.problems)
            return
        receipt = store.commit(self.study, self.survey, [(submission, values)])[0]
        store.settle(self.study)  # alert rules now, as for a typed response; a failing rule stays for staff
        self.stack.setCurrentWidget(self.thanks_page)
        self.thanks_timer.start()
        self.sig_submitted.emit(receipt.response_id)

    def on_idle(self) -> None:
        """Nobody touched the kiosk for a while: a half-filled form (or a PIN half typed) starts again."""
        if self.answers or len(self.trail) > 1 or self.stack.currentWidget() is not self.form_page:
            self.restart()
        else:
            self.idle_timer.start()

    # -- leaving -------------------------------------------------------------------------------

    def ask_pin(self) -> None:
        self.pin_edit.clear()
        self.pin_problem.clear()
        self.stack.setCurrentWidget(self.pin_page)
        self.pin_edit.setFocus()

    def _resume(self) -> None:
        self.show_screen(self.current_screen(), {})

    def unlock(self, pin: str) -> bool:
        """Leave when `pin` is the kiosk's (compared in constant time); else say so and stay."""
        if not (self.pin and hmac.compare_digest(pin.encode(), self.pin.encode())):
            self.pin_problem.setText(self.tr("Wrong PIN."))
            self.pin_edit.clear()
            return False
        self._unlocked = True
        self.close()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any touch or key anywhere in the kiosk keeps the form: the idle time counts from the last one."""
        if event.type() in INPUT_EVENTS and self.isVisible():
            self.idle_timer.start()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.ask_pin()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Only the PIN (or the study closing, `shut`) closes the kiosk: a customer cannot leave to the app."""
        if not self._unlocked:
            event.ignore()
            self.ask_pin()
            return
        self.idle_timer.stop()
        self.thanks_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
        self.sig_left.emit()

    def shut(self) -> None:
        """The study is closing: the kiosk goes without the PIN (its answers so far are dropped, nothing half-stored)."""
        self._unlocked = True
        self.close()
