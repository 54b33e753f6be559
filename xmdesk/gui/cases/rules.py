"""Alert rules: the list, an editor, and "run rules now" on a worker with progress and Cancel."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QSpinBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.loop import alerts
from xmdesk.core.loop import cases
from xmdesk.core.loop.rules import DEFAULT_WORDS, RULE_KINDS, Rule
from xmdesk.core.errors import XMDeskError
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, list_surveys
from xmdesk.core.vocabulary import names
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.cases.board import OVERDUE_TEXT
from xmdesk.gui.cases.rule_form import RuleSettingsForm
from xmdesk.gui.cases.worktime_dialog import WorkTimeDialog
from xmdesk.gui.entry.response_list import local_time
from xmdesk.gui.i18n import Texts, current_language
from xmdesk.gui.workers import JobWorker, run_job

# A starting definition per kind, shown when the kind is picked (the user edits the values).
TEMPLATES = {
    "detractor": {"question": "nps", "max": 6},
    "low_score": {"question": "csat"},
    "comment": {"words": list(DEFAULT_WORDS), "negative": True},
    "topic": {"topics": [], "negative": True},
    "drop": {"question": "nps", "metric": "nps", "segment": "store", "date_column": "visit_date",
             "period": "month", "drop": 10, "alpha": 0.05, "min_base": 30},
}


class RulesPanel(QWidget):
    """The Alert rules tab: a rule is checked by the core when saved (not first at the next run), and its last
    error shows beside it; `sig_ran` carries the result of "run rules now"."""

    sig_ran = Signal(object)
    """A run finished: the RunResult."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.worker: JobWorker | None = None
        self.texts = Texts(self, then=self._retranslate_computed)
        self.list = QTreeWidget()
        self.texts.headers(self.list.setHeaderLabels, lambda: [self.tr("Rule"), self.tr("Kind"), self.tr("Department"),
                                                               self.tr("SLA (working h)"), self.tr("Cases")])
        self.list.setRootIsDecorated(False)
        for column, width in enumerate((280, 200, 120, 130)):
            self.list.header().resizeSection(column, width)
        self.error_label = QLabel()
        """The selected rule's last failure: it did not run over some responses, and why."""
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {OVERDUE_TEXT.name()};")
        self.error_label.hide()
        self.name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        self.texts.items(self.kind_combo, self.kind_names)
        self.survey_combo = QComboBox()
        self.surveys: dict[str, Survey] = {}
        self._fill_surveys()
        self.settings_form = RuleSettingsForm()
        """The settings of the rule's kind as a form; `definition_edit` holds the same as JSON for power users."""
        self.definition_edit = QLineEdit()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("${channel} = 1")
        self.department_combo = QComboBox()
        self.department_combo.setEditable(True)
        self.sla_spin = QDoubleSpinBox()
        self.sla_spin.setRange(0.5, 2000)
        self.sla_spin.setValue(24)
        self.dnd_spin = QSpinBox()
        self.dnd_spin.setRange(0, 365)
        self.enabled_check = QCheckBox()
        self.texts.bind(self.enabled_check.setText, lambda: self.tr("Enabled"))
        self.enabled_check.setChecked(True)
        form = QFormLayout()
        self.texts.rows(form, [(lambda: self.tr("Name"), self.name_edit), (lambda: self.tr("Kind"), self.kind_combo),
                               (lambda: self.tr("Survey"), self.survey_combo),
                               (lambda: self.tr("Settings"), self.settings_form),
                               (lambda: self.tr("Settings as JSON (advanced)"), self.definition_edit),
                               (lambda: self.tr("Only responses where"), self.filter_edit),
                               (lambda: self.tr("Department"), self.department_combo),
                               (lambda: self.tr("SLA (working hours)"), self.sla_spin),
                               (lambda: self.tr("Do not disturb (days)"), self.dnd_spin)])
        form.addRow("", self.enabled_check)
        self.new_button = self.texts.button(lambda: self.tr("New rule"))
        self.save_button = self.texts.button(lambda: self.tr("Save rule"))
        self.delete_button = self.texts.button(lambda: self.tr("Delete rule"))
        self.hours_button = self.texts.button(lambda: self.tr("Working hours…"))
        self.texts.bind(self.hours_button.setToolTip,
                        lambda: self.tr("SLA due times count only the study's working hours"))
        self.run_button = self.texts.button(lambda: self.tr("Run rules now"))
        self.run_button.setObjectName("primaryButton")
        self.result_label = QLabel()
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button, self.hours_button):
            button.setEnabled(not study.read_only)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.result_label)
        buttons.addWidget(self.run_button)
        self.run_button.setEnabled(not study.read_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.survey_combo.currentIndexChanged.connect(self._json_to_form)
        self.settings_form.sig_changed.connect(self._form_to_json)
        self.definition_edit.textEdited.connect(self._json_to_form)
        self.list.currentItemChanged.connect(self._show_selected)
        self.new_button.clicked.connect(self.new_rule)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.run_button.clicked.connect(self.run_now)
        self.hours_button.clicked.connect(lambda: WorkTimeDialog(self.study, self).exec())
        self.reload()

    def kind_names(self) -> dict[str, str]:
        """The rule kinds in their order (RULE_KINDS), in the UI language."""
        names = {"detractor": self.tr("Detractor (NPS)"), "low_score": self.tr("Lowest rating"),
                 "comment": self.tr("Negative comment with words"), "topic": self.tr("Comment topic"),
                 "drop": self.tr("Score fell vs previous period")}
        return {kind: names[kind] for kind in RULE_KINDS}

    def _fill_surveys(self) -> None:
        """Surveys by their titles in the UI language; the code is the item's data and its tooltip."""
        chosen = self.survey_combo.currentData()
        self.survey_combo.clear()
        self.surveys = {survey.code: survey for survey in list_surveys(self.study)}
        for survey in self.surveys.values():
            self.survey_combo.addItem(names.survey_name(survey, current_language()), survey.code)
            self.survey_combo.setItemData(self.survey_combo.count() - 1, survey.code, Qt.ItemDataRole.ToolTipRole)
        self.survey_combo.setCurrentIndex(max(0, self.survey_combo.findData(chosen)))

    def _retranslate_computed(self) -> None:
        self._fill_surveys()
        item = self.list.currentItem()
        row = self.list.indexOfTopLevelItem(item) if item is not None else 0
        self.reload()
        if 0 <= row < len(self.rules):
            self.list.setCurrentIndex(self.list.model().index(row, 0))

    def reload(self) -> None:
        counts = dict(self.study.conn.execute("SELECT rule_id, count(*) FROM cases GROUP BY rule_id").fetchall())
        self.rules = alerts.list_rules(self.study)
        self.list.clear()
        for rule in self.rules:
            off = self.tr("off")
            name = rule.name if rule.enabled else f"{rule.name} ({off})"
            item = QTreeWidgetItem([name, self.kind_combo.itemText(
                RULE_KINDS.index(rule.kind)), rule.department or "", f"{rule.sla_hours:g}",
                str(counts.get(rule.id, 0))])
            if rule.last_error:
                for column in range(item.columnCount()):
                    item.setForeground(column, QBrush(OVERDUE_TEXT))
                    item.setToolTip(column, self._error_text(rule))
            self.list.addTopLevelItem(item)
        self.department_combo.clear()
        self.department_combo.addItems(cases.department_names(self.study))
        if self.rules:
            self.list.setCurrentIndex(self.list.model().index(0, 0))

    def _kind_changed(self) -> None:
        self.definition_edit.setText(json.dumps(TEMPLATES[self.kind_combo.currentData()], ensure_ascii=False))
        self._json_to_form()

    def _json_to_form(self) -> None:
        """The form shows what the JSON says (JSON that does not read as an object leaves the form as it is;
        saving says what is wrong with it)."""
        try:
            definition = json.loads(self.definition_edit.text() or "{}")
        except json.JSONDecodeError:
            return
        if isinstance(definition, dict):
            self.settings_form.show_definition(self.kind_combo.currentData(),
                                               self.surveys.get(self.survey_combo.currentData()), definition)

    def _form_to_json(self) -> None:
        self.definition_edit.setText(json.dumps(self.settings_form.definition(), ensure_ascii=False))

    def _show_selected(self) -> None:
        item = self.list.currentItem()
        row = self.list.indexOfTopLevelItem(item) if item is not None else -1
        if row < 0:
            return
        rule = self.rules[row]
        self.error_label.setText(self._error_text(rule))
        self.error_label.setVisible(bool(rule.last_error))
        self.name_edit.setText(rule.name)
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(RULE_KINDS.index(rule.kind))
        self.kind_combo.blockSignals(False)
        self.survey_combo.setCurrentIndex(max(0, self.survey_combo.findData(rule.survey_code)))
        self.definition_edit.setText(json.dumps(rule.definition, ensure_ascii=False))
        self._json_to_form()
        self.filter_edit.setText(rule.filter)
        self.department_combo.setCurrentText(rule.department or "")
        self.sla_spin.setValue(rule.sla_hours)
        self.dnd_spin.setValue(rule.do_not_disturb_days)
        self.enabled_check.setChecked(rule.enabled)

    def _error_text(self, rule: Rule) -> str:
        if not rule.last_error:
            return ""
        when = local_time(rule.last_error_at) if rule.last_error_at else ""
        return self.tr("Last run failed (%1): %2").replace("%1", when).replace("%2", rule.last_error)

    def new_rule(self) -> None:
        self.error_label.hide()
        self.list.clearSelection()
        self.list.setCurrentIndex(self.list.rootIndex())
        self.name_edit.clear()
        self.filter_edit.clear()
        self._kind_changed()
        self.name_edit.setFocus()

    def current_rule(self) -> Rule:
        """The rule as the form shows it (with the selected rule's id, if one is selected)."""
        item = self.list.currentItem()
        rule_id = self.rules[self.list.indexOfTopLevelItem(item)].id if item else None
        try:
            definition = json.loads(self.definition_edit.text() or "{}")
        except json.JSONDecodeError:
            definition = None
        if not isinstance(definition, dict):
            raise XMDeskError("loop.bad_rule_kind", kind=self.definition_edit.text(), known="JSON {...}")
        return Rule(self.name_edit.text().strip(), self.kind_combo.currentData(), definition,
                           self.survey_combo.currentData(), self.department_combo.currentText().strip() or None,
                           self.sla_spin.value(), "normal", self.filter_edit.text().strip(), self.dnd_spin.value(),
                           self.enabled_check.isChecked(), rule_id)

    def save(self) -> None:
        try:
            alerts.save_rule(self.study, self.current_rule())
        except XMDeskError as error:
            show_error(self, error)
            return
        self.reload()

    def delete(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        rule = self.rules[self.list.indexOfTopLevelItem(item)]
        answer = QMessageBox.question(self, self.tr("Delete rule"),
                                      self.tr("Delete the rule “%1”? Its cases stay.").replace("%1", rule.name))
        if answer == QMessageBox.StandardButton.Yes and rule.id is not None:
            alerts.delete_rule(self.study, rule.id)
            self.reload()

    def run_now(self) -> None:
        """Every enabled rule over the whole history, on a worker (the dialog is modal meanwhile)."""
        self.run_button.setEnabled(False)

        def job(progress: Progress, cancel: CancelToken) -> alerts.RunResult:
            return alerts.run_rules(self.study, progress=progress, cancel=cancel)

        self.worker = run_job(self, self.tr("Running alert rules"), job, self._finished, self._failed)
        # A cancelled run calls neither callback; the button comes back either way.
        self.worker.signals.sig_failed.connect(lambda _error: self.run_button.setEnabled(True))

    def _finished(self, result: alerts.RunResult) -> None:
        self.run_button.setEnabled(True)
        self.result_label.setText(self.tr("%1 hits, %2 new cases").replace("%1", str(result.hits))
                                  .replace("%2", str(result.new_cases)))
        self.reload()
        self.sig_ran.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.run_button.setEnabled(True)
        show_error(self, error)
