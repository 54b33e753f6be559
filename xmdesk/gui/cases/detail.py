"""One case: what the rule saw, the status steps it may take, a note, and its whole history."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.loop import cases
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.core.vocabulary import names
from xmdesk.core.loop.worktime import WorkCalendar, parse_utc
from xmdesk.gui.labels import case_status
from xmdesk.gui.cases.undo_bar import StatusUndoBar
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import Texts, current_language


def _local(stamp: str | None) -> str:
    return parse_utc(stamp).astimezone(WorkCalendar().zone).strftime("%Y-%m-%d %H:%M") if stamp else ""


class CaseDetail(QWidget):
    """The selected case beside the board: only the status steps the workflow allows are offered, each one
    undoable from the line under them; nothing is editable in a read-only study."""

    sig_changed = Signal()
    """The shown case was changed (status, note)."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.case: cases.Case | None = None
        self.texts = Texts(self, then=lambda: self.show_case(self.case.id if self.case is not None else None))
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setObjectName("sectionTitle")
        self.facts = QFormLayout()
        self.rule_label, self.customer_label, self.due_label, self.seen_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.seen_label.setWordWrap(True)
        self.texts.rows(self.facts, [(lambda: self.tr("Rule"), self.rule_label),
                                     (lambda: self.tr("Customer"), self.customer_label),
                                     (lambda: self.tr("Due"), self.due_label),
                                     (lambda: self.tr("What it saw"), self.seen_label)])
        self.status_combo = QComboBox()
        self.note_edit = QLineEdit()
        self.texts.bind(self.note_edit.setPlaceholderText,
                        lambda: self.tr("Note (what was done, what the customer said)"))
        self.apply_button = self.texts.button(lambda: self.tr("Change status"))
        self.note_button = self.texts.button(lambda: self.tr("Add note"))
        self.undo_bar = StatusUndoBar(study)
        self.undo_bar.sig_undone.connect(self._status_undone)
        self.history = QTreeWidget()
        self.texts.headers(self.history.setHeaderLabels, lambda: [self.tr("When"), self.tr("Who"), self.tr("What")])
        self.history.setRootIsDecorated(False)
        self.history.header().resizeSection(0, 130)
        self.history.header().resizeSection(1, 70)
        actions = QHBoxLayout()
        actions.addWidget(self.status_combo)
        actions.addWidget(self.apply_button)
        actions.addWidget(self.note_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addLayout(self.facts)
        layout.addWidget(self.note_edit)
        layout.addLayout(actions)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.texts.label(lambda: self.tr("History")))
        layout.addWidget(self.history, 1)
        self.apply_button.clicked.connect(self.apply_status)
        self.note_button.clicked.connect(self.add_note)
        self.show_case(None)

    def show_case(self, case_id: int | None) -> None:
        self.case = cases.get_case(self.study, case_id) if case_id is not None else None
        case = self.case
        editable = case is not None and not self.study.read_only
        for widget in (self.status_combo, self.apply_button, self.note_button, self.note_edit):
            widget.setEnabled(editable)
        self.status_combo.clear()
        self.history.clear()
        if case is None:
            self.title_label.setText(self.tr("No case selected."))
            for label in (self.rule_label, self.customer_label, self.due_label, self.seen_label):
                label.clear()
            return
        self.title_label.setText(f"#{case.id} · {case_status(case.status)} · {case.title}")
        self.rule_label.setText(case.rule or "")
        customer = case.customer_id or ""
        if case.do_not_disturb:
            customer += "  ·  " + self.tr("do not disturb: contacted recently")
        self.customer_label.setText(customer)
        self.due_label.setText(_local(case.due_at) + ("  ·  " + self.tr("overdue") if case.is_overdue() else ""))
        self.seen_label.setText(self._seen(case))
        for status in sorted(cases.TRANSITIONS[case.status], key=cases.STATUSES.index):
            self.status_combo.addItem(case_status(status), status)
        for event in cases.history(self.study, case.id):
            self.history.addTopLevelItem(QTreeWidgetItem([_local(event["at"]), event["actor"], self._event(event)]))

    def _seen(self, case: cases.Case) -> str:
        detail = case.detail
        if "comments" in detail:
            return "；".join(detail["comments"].values())
        if "value" in detail and "question" in detail and "before" not in detail:
            return f"{self._question_name(case, str(detail['question']))} = {detail['value']}"
        if "before" in detail:
            return (f"{detail.get('label', '')} {detail['previous_period']} → {detail['period']}: "
                    f"{detail['before']} → {detail['after']} (n {detail['n_before']} / {detail['n_after']}, "
                    f"p = {detail['p_value']:.3f})")
        return ""

    def _question_name(self, case: cases.Case, column: str) -> str:
        """The question the rule read, by its label in the UI language (the code when the survey is gone)."""
        try:
            survey = load_survey(self.study, case.survey_code or "")
        except XMDeskError:
            return column
        return names.column_name(survey, column, current_language())

    def _event(self, event: dict[str, str]) -> str:
        kind = event["kind"]
        if kind == "opened":
            text = self.tr("opened")
        elif kind == "status":
            text = f"{case_status(event['old_value'] or '')} → {case_status(event['new_value'] or '')}"
        elif kind == "owner":
            text = self.tr("owner: %1").replace("%1", event["new_value"] or "")
        elif kind == "department":
            text = self.tr("department: %1").replace("%1", event["new_value"] or "")
        else:
            text = self.tr("note")
        note = event["note"]
        if note == "do_not_disturb":
            note = self.tr("do not disturb: contacted recently")
        elif note == cases.UNDONE:
            note = self.tr("(undone)")
        return f"{text}  {note}".strip()

    def apply_status(self) -> None:
        """Change the status and say what happened, with Undo beside it."""
        if self.case is None or self.status_combo.currentData() is None:
            return
        case_id, old, new = self.case.id, self.case.status, str(self.status_combo.currentData())
        if self._change(lambda case_id: cases.set_status(self.study, case_id, new, self.note_edit.text().strip())):
            self.undo_bar.show_change(case_id, old, new)

    def _status_undone(self) -> None:
        if self.case is not None:
            self.show_case(self.case.id)
        self.sig_changed.emit()

    def add_note(self) -> None:
        if self.case is None or not self.note_edit.text().strip():
            return
        self._change(lambda case_id: cases.add_note(self.study, case_id, self.note_edit.text().strip()))

    def _change(self, change: Callable[[int], None]) -> bool:
        assert self.case is not None
        try:
            change(self.case.id)
        except XMDeskError as error:
            show_error(self, error)
            return False
        self.note_edit.clear()
        self.show_case(self.case.id)
        self.sig_changed.emit()
        return True
