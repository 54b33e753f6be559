"""The entry form generated from a survey: the data-entry area and the designer's live preview use it.

The form knows nothing about storage: it shows a survey, holds answers keyed by stored
column name, applies skip logic live (hidden questions leave the Tab order), and shows
validation messages on the fields, all through `xmdesk.core.fieldwork.entry.SurveyRules`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from xmdesk.core.fieldwork.entry import SurveyRules
from xmdesk.core.survey.model import Survey
from xmdesk.gui.entry.fields import FieldWidget, make_field
from xmdesk.gui.i18n import current_language

FORM_STYLE = """
QFrame#entryField { background: #ffffff; border: 1px solid #e3e7ee; border-radius: 6px; }
QFrame#entryField[current="true"] { border: 2px solid #1f6feb; background: #f7faff; }
QLabel#fieldTitle { font-weight: 600; color: #1f2937; }
QLabel#fieldHelp { color: #6b7280; }
QLabel#fieldProblem { color: #b3261e; font-weight: 600; }
QLabel#groupTitle { font-size: 15px; font-weight: 600; color: #1f6feb; padding: 8px 0 0 2px; }
QLabel#matrixRow[current="true"] { color: #1f6feb; font-weight: 600; }
QPushButton#scaleButton { padding: 3px 0; }
QPushButton#scaleButton:checked { background: #1f6feb; color: white; border: 1px solid #1f6feb; }
"""


class EntryForm(QWidget):
    """`EntryForm(survey)`: `answers()` / `set_answers()` in stored-column keys, `problems()` to validate."""

    sig_changed = Signal(str)
    """A question's answer changed (its code): the data-entry area saves the draft."""
    sig_finished = Signal()
    """Enter on the last shown question: the visit is typed in."""

    def __init__(self, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.survey = survey
        self.rules = SurveyRules.of(survey)
        self.lang = current_language()
        self.fields: dict[str, FieldWidget] = {}
        self.group_headers: dict[str, QLabel] = {}
        """Section titles, for groups the survey names (hidden when skip logic hides all their questions)."""
        self._loading = False

        column = QWidget()
        column.setObjectName("entryColumn")
        self.column_layout = QVBoxLayout(column)
        self.column_layout.setContentsMargins(4, 4, 12, 4)
        self.column_layout.setSpacing(8)
        named_groups = {g.get("code") for g in survey.props.get("groups", []) if isinstance(g, dict)}
        group = None
        for number, question in enumerate(survey.active_questions(), start=1):
            if question.group != group and question.group in named_groups:
                header = QLabel(survey.group_label(question.group, self.lang))
                header.setObjectName("groupTitle")
                self.column_layout.addWidget(header)
                self.group_headers[question.group] = header
            group = question.group
            field = make_field(question, number, self.lang)
            field.sig_changed.connect(lambda code=question.code: self._changed(code))
            field.sig_done.connect(lambda code=question.code: self._done(code))
            field.input_widget().installEventFilter(self)
            self.fields[question.code] = field
            self.column_layout.addWidget(field)
        self.column_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.setStyleSheet(FORM_STYLE)
        self.apply_logic()

    # -- answers in and out ------------------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        """Every shown question's answer by stored column name (empty ones as None)."""
        result: dict[str, Any] = {}
        for field in self.fields.values():
            if not field.isHidden():
                result.update(field.values())
        return result

    def set_answers(self, answers: dict[str, Any]) -> None:
        """Show a draft or a stored response; messages from a previous one are cleared."""
        self._loading = True
        try:
            for field in self.fields.values():
                field.set_values(answers)
                field.set_problem(None)
        finally:
            self._loading = False
        self.apply_logic()

    def clear(self) -> None:
        self.set_answers({})

    # -- skip logic and validation -----------------------------------------------------------

    def _all_answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for field in self.fields.values():
            result.update(field.values())
        return result

    def apply_logic(self) -> list[str]:
        """Show exactly the questions skip logic allows; returns their codes."""
        shown_questions = self.rules.shown(self._all_answers())
        shown = [q.code for q in shown_questions]
        for code, field in self.fields.items():
            field.setHidden(code not in shown)
        groups = {q.group for q in shown_questions}
        for group, header in self.group_headers.items():
            header.setHidden(group not in groups)
        return shown

    def problems(self, only: list[str] | None = None) -> dict[str, str]:
        """Validate (all shown questions, or `only` these) and show each message on its field."""
        found = self.rules.problems(self._all_answers(), only=only)
        for code, field in self.fields.items():
            if only is None or code in only:
                field.set_problem(found.get(code))
        return found

    # -- moving through the form -------------------------------------------------------------

    def shown_codes(self) -> list[str]:
        return [code for code, field in self.fields.items() if not field.isHidden()]

    def focus_question(self, code: str | None = None) -> None:
        """Put the cursor on a question (the first shown one by default) and scroll to it."""
        codes = self.shown_codes()
        if not codes:
            return
        field = self.fields[code if code in codes else codes[0]]
        field.input_widget().setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(field, 0, 40)

    def current_question(self) -> str:
        focused = QApplication.focusWidget()
        for code, field in self.fields.items():
            if focused is not None and (focused is field or field.isAncestorOf(focused)):
                return code
        return ""

    def _changed(self, code: str) -> None:
        if self._loading:
            return
        self.apply_logic()
        if self.fields[code].problem.isVisible():
            self.problems(only=[code])
        self.sig_changed.emit(code)

    def _done(self, code: str) -> None:
        """Enter (or a picked choice) leaves the field once it is valid: the message shows where the worker looks."""
        if self.problems(only=[code]):
            return
        codes = self.shown_codes()
        if code not in codes:
            return
        following = codes.index(code) + 1
        if following < len(codes):
            self.focus_question(codes[following])
        else:
            self.sig_finished.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Highlight the field in hand; check it when Tab or a click leaves it."""
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            for code, field in self.fields.items():
                if field.input_widget() is watched:
                    field.set_current(event.type() == QEvent.Type.FocusIn)
                    if event.type() == QEvent.Type.FocusIn:
                        self.scroll_area.ensureWidgetVisible(field, 0, 40)
                    elif _answered(field):
                        self.problems(only=[code])
        return super().eventFilter(watched, event)


def _answered(field: FieldWidget) -> bool:
    return any(value not in (None, "", 0) for value in field.values().values())
