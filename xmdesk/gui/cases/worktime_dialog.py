"""The study's working time: weekdays, daily periods, holidays and make-up days, UTC offset.

SLA due times of new cases count only these hours; cases already open keep their due time.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit,
                               QPlainTextEdit, QSpinBox, QWidget)

from xmdesk.core.loop import worktime
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.gui.dialogs import show_error


def _lines(text: str) -> tuple[str, ...]:
    return tuple(sorted({part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()}))


class WorkTimeDialog(QDialog):
    """Edit the study's working calendar; the core checks it on Save and a value it does not understand keeps
    the dialog open with its message."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.setWindowTitle(self.tr("Working hours"))
        calendar = worktime.load_calendar(study)
        names = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"), self.tr("Sat"),
                 self.tr("Sun")]
        self.day_checks = [QCheckBox(name) for name in names]
        days = QHBoxLayout()
        for number, check in enumerate(self.day_checks):
            check.setChecked(number in calendar.weekdays)
            days.addWidget(check)
        self.periods_edit = QLineEdit(", ".join(f"{a}-{b}" for a, b in calendar.periods))
        self.holidays_edit = QPlainTextEdit("\n".join(calendar.holidays))
        self.workdays_edit = QPlainTextEdit("\n".join(calendar.workdays))
        for edit in (self.holidays_edit, self.workdays_edit):
            edit.setPlaceholderText("2026-10-01")
            edit.setMaximumHeight(90)
        self.offset_spin = QSpinBox()
        self.offset_spin.setRange(-12, 14)
        self.offset_spin.setValue(calendar.utc_offset_minutes // 60)
        self.offset_spin.setPrefix("UTC+")
        form = QFormLayout(self)
        form.addRow(self.tr("Working days"), days)
        form.addRow(self.tr("Hours each day"), self.periods_edit)
        form.addRow(self.tr("Holidays"), self.holidays_edit)
        form.addRow(self.tr("Make-up working days"), self.workdays_edit)
        form.addRow(self.tr("Time zone"), self.offset_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

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
