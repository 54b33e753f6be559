"""The study's working time: weekdays, daily periods, holidays and make-up days, UTC offset.

SLA due times of new cases count only these hours; cases already open keep their due time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from xmdesk.core.loop import worktime
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.forms import Form

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The form's day boxes are <day>_check, Monday first, as the calendar numbers weekdays."""


def _lines(text: str) -> tuple[str, ...]:
    return tuple(sorted({part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()}))


class WorkTimeDialog(QDialog):
    """Edit the study's working calendar (laid out by ui/worktime_dialog.ui); the core checks it on Save and a
    value it does not understand keeps the dialog open with its message."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        form = Form(self, "worktime_dialog")
        calendar = worktime.load_calendar(study)
        self.day_checks = [form.child(QCheckBox, f"{day}_check") for day in DAYS]
        for number, check in enumerate(self.day_checks):
            check.setChecked(number in calendar.weekdays)
        self.periods_edit = form.child(QLineEdit, "periods_edit")
        self.periods_edit.setText(", ".join(f"{a}-{b}" for a, b in calendar.periods))
        self.holidays_edit = form.child(QPlainTextEdit, "holidays_edit")
        self.holidays_edit.setPlainText("\n".join(calendar.holidays))
        self.workdays_edit = form.child(QPlainTextEdit, "workdays_edit")
        self.workdays_edit.setPlainText("\n".join(calendar.workdays))
        self.offset_spin = form.child(QSpinBox, "offset_spin")
        self.offset_spin.setValue(calendar.utc_offset_minutes // 60)
        buttons = form.child(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def calendar(self) -> worktime.WorkCalendar:
        """The calendar the form describes (raises the core's message when a value is not understood)."""
        periods = []
        for part in _lines(self.periods_edit.text()):
            start, _, end = part.partition("-")
            periods.append((start.strip(), end.strip()))
        return worktime.WorkCalendar(
            weekdays=tuple(i for i, check in enumerate(self.day_checks) if check.isChecked()),
            periods=tuple(periods), holidays=_lines(self.holidays_edit.toPlainText()),
            workdays=_lines(self.workdays_edit.toPlainText()), utc_offset_minutes=self.offset_spin.value() * 60)

    def accept(self) -> None:
        try:
            worktime.save_calendar(self.study, self.calendar())
        except XMDeskError as error:
            show_error(self, error)
            return
        super().accept()
