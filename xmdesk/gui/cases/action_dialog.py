"""A new or changed improvement action: pain points, owner, target metric, dates."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QLineEdit, QListWidget,
                               QListWidgetItem, QWidget)

from xmdesk.core.loop import actions
from xmdesk.core.loop import cases
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, load_survey, survey_codes
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.forms import Form
from xmdesk.gui.i18n import current_language


class ActionDialog(QDialog):
    """Add or change one improvement action (laid out by ui/action_dialog.ui); it is saved by the core
    (`actions.save_action`) on OK, so a refused value keeps the dialog open with its message, and `saved_id` names
    what was saved."""

    def __init__(self, study: Study, action: actions.Action | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.action = action
        self.saved_id: int | None = None
        form = Form(self, "action_dialog")
        code = action.target_survey if action else survey_codes(study)[0]
        survey = load_survey(study, code)
        self.survey_code = code
        # Before/after is judged on when the experience happened (a visit date), when the survey asks it.
        self.date_column = next((q.code for q in survey.active_questions() if q.type is QuestionType.DATE),
                                "created_at")
        self.title_edit = form.child(QLineEdit, "title_edit")
        self.description_edit = form.child(QLineEdit, "description_edit")
        self.owner_edit = form.child(QLineEdit, "owner_edit")
        if action:
            self.title_edit.setText(action.title)
            self.description_edit.setText(action.description)
            self.owner_edit.setText(action.owner)
        self.department_combo = form.child(QComboBox, "department_combo")
        self.department_combo.addItems(cases.department_names(study))
        self.department_combo.setCurrentText(action.department or "" if action else "")
        self.question_combo = form.child(QComboBox, "question_combo")
        lang = current_language()
        for question in survey.active_questions():
            for column in question.columns():
                if column.sql_type != "TEXT" and question.scale():
                    label = question.label(lang) if column.name == question.code else f"{question.label(lang)} · " \
                        + next(i.label(lang) for i in question.items if i.code == column.part)
                    self.question_combo.addItem(f"{column.name}  {label}", column.name)
        self.metric_combo = form.child(QComboBox, "metric_combo")
        for metric, name in (("mean", self.tr("Mean")), ("top2", self.tr("Top-2-box share")), ("nps", "NPS")):
            self.metric_combo.addItem(name, metric)
        self.start_edit, self.due_edit = form.child(QDateEdit, "start_edit"), form.child(QDateEdit, "due_edit")
        for edit, value in ((self.start_edit, action.start_date if action else ""),
                            (self.due_edit, action.due_date if action else "")):
            edit.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else QDate.currentDate())
        self.pain_list = form.child(QListWidget, "pain_list")
        chosen = {p.ref for p in action.pain_points} if action else set()
        for point in actions.pain_point_candidates(study, code):
            item = QListWidgetItem(point.label or point.ref)
            item.setData(Qt.ItemDataRole.UserRole, point)
            item.setCheckState(Qt.CheckState.Checked if point.ref in chosen else Qt.CheckState.Unchecked)
            self.pain_list.addItem(item)
        if action:
            self.question_combo.setCurrentIndex(max(0, self.question_combo.findData(action.target_question)))
            self.metric_combo.setCurrentIndex(max(0, self.metric_combo.findData(action.target_metric)))
        buttons = form.child(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def edited(self) -> actions.Action:
        points = [self.pain_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.pain_list.count())
                  if self.pain_list.item(i).checkState() == Qt.CheckState.Checked]
        old = self.action
        return actions.Action(
            self.title_edit.text().strip(), self.survey_code, self.question_combo.currentData(),
            self.metric_combo.currentData(), self.start_edit.date().toString("yyyy-MM-dd"),
            self.due_edit.date().toString("yyyy-MM-dd"), self.owner_edit.text().strip(),
            self.department_combo.currentText().strip() or None, points, old.status if old else "planned",
            self.description_edit.text().strip(), old.filter if old else "",
            old.date_column if old else self.date_column, old.id if old else None)

    def accept(self) -> None:
        if not self.title_edit.text().strip():
            self.title_edit.setFocus()
            return
        try:
            self.saved_id = actions.save_action(self.study, self.edited())
        except XMDeskError as error:
            show_error(self, error)
            return
        super().accept()
