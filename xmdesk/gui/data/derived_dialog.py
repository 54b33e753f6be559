"""The derived-variable editor: define one, see its first values as it is typed, save it (issue 20).

A face over `xmdesk.core.analysis.derived`: the definition is checked and previewed by the core (the
same words as `xmdesk derive`), nothing is stored until Save, and quality flags are offered ready-made
for the survey's own columns. An expression is typed; bands, merged choices, a count and each quality flag are
filled in as forms (`derived_forms`), which write the definition the core takes; a kind without a form (one
added to the core later) is edited as its JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.analysis import derived
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, load_survey
from xmdesk.gui.data.derived_forms import FORMS, KindForm, recode_form
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import current_language
from xmdesk.gui.workers import Job, JobWorker, run_job

PREVIEW_ROWS = 10
PREVIEW_DELAY_MS = 300
"""Typing pauses shorter than this are one preview: each one reads the columns the definition needs."""
NEW = ""


class DerivedDialog(QDialog):
    """The survey's derived variables on the left; the one selected (or a new one) edited on the right."""

    def __init__(self, study: Study, survey_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.survey: Survey = load_survey(study, survey_code)
        self.setWindowTitle(self.tr("Derived variables"))
        self.resize(1100, 720)
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._proposed = NEW
        """The code a form last proposed: replaced by the next proposal until the user types another."""
        self.worker: JobWorker | None = None
        """The write running on a worker (Save, Add quality flags), None while none is."""

        self.variables = QListWidget()
        self.variables.setMaximumWidth(300)
        self.new_button = QPushButton(self.tr("New variable"))
        self.flags_button = QPushButton(self.tr("Add quality flags"))
        self.flags_button.setToolTip(self.tr("Speeders, straight-liners, duplicates and out-of-pattern answers, "
                                             "from the columns this survey has"))
        self.remove_button = QPushButton(self.tr("Remove"))
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Variables of this survey")))
        left.addWidget(self.variables, 1)
        for button in (self.new_button, self.flags_button, self.remove_button):
            left.addWidget(button)

        self.code_edit = QLineEdit()
        self.label_zh_edit = QLineEdit()
        self.label_en_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind, text in (("expression", self.tr("Expression")), ("bands", self.tr("Recode into bands")),
                           ("groups", self.tr("Merge answers into groups")),
                           ("count", self.tr("Count of selected options")), ("flag", self.tr("Quality flag")),
                           ("odata", self.tr("Customer or operational data"))):
            self.kind_combo.addItem(text, kind)
        for kind in derived.KINDS:  # a kind the core has and no form knows yet: its JSON text
            if kind not in ("expression", "recode", *FORMS):
                self.kind_combo.addItem(self.tr("%1 (JSON)").replace("%1", kind), kind)
        self.forms: dict[str, KindForm] = {key: form(study, self.survey) for key, form in FORMS.items()}
        self.kind_forms = QStackedWidget()
        for kind_form in self.forms.values():
            self.kind_forms.addWidget(kind_form)
            kind_form.sig_changed.connect(self._form_changed)
        self.type_combo = QComboBox()
        for qtype, text in ((QuestionType.SINGLE, self.tr("Single choice")), (QuestionType.NUMBER, self.tr("Number")),
                            (QuestionType.TEXT, self.tr("Text"))):
            self.type_combo.addItem(text, qtype.value)
        self.definition_edit = QPlainTextEdit()
        self.definition_edit.setMaximumHeight(90)
        self.choices_edit = QLineEdit()
        self.choices_edit.setPlaceholderText("promoter=3:推荐者:Promoter, passive=2:中立者:Passive, …")
        form = self.form_layout = QFormLayout()
        form.addRow(self.tr("Code:"), self.code_edit)
        form.addRow(self.tr("Label (Chinese):"), self.label_zh_edit)
        form.addRow(self.tr("Label (English):"), self.label_en_edit)
        form.addRow(self.tr("Computed as:"), self.kind_combo)
        form.addRow(self.tr("Type:"), self.type_combo)
        self.definition_label = QLabel()
        form.addRow(self.definition_label, self.definition_edit)
        form.addRow(self.tr("Choices:"), self.choices_edit)

        self.message = QLabel()
        self.message.setObjectName("countLabel")
        self.message.setWordWrap(True)
        self.preview = QTableWidget(0, 2)
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Each column as wide as its code or values (a flag's code is long), the last one taking what is left.
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview.horizontalHeader().setStretchLastSection(True)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.kind_forms, 2)
        right.addWidget(self.message)
        right.addWidget(QLabel(self.tr("First values")))
        right.addWidget(self.preview, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)

        for edit in (self.code_edit, self.label_zh_edit, self.label_en_edit, self.choices_edit):
            edit.textChanged.connect(self._edited)
        self.definition_edit.textChanged.connect(self._edited)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.type_combo.currentIndexChanged.connect(self._edited)
        self.variables.currentItemChanged.connect(self._variable_chosen)
        self.new_button.clicked.connect(self.start_new)
        self.flags_button.clicked.connect(self.add_quality_flags)
        self.remove_button.clicked.connect(self.remove_current)
        self._align_forms()
        self._fill_variables(NEW)
        self._kind_changed()
        # Focus in the list would make its first variable current and fill the form over a new one.
        self.code_edit.setFocus()

    def _align_forms(self) -> None:
        """A form's fields start where the code's and labels' fields start, so the two read as one form."""
        width = max(label.sizeHint().width() for label in _labels(self.form_layout))
        for layout in self.kind_forms.findChildren(QFormLayout):
            for label in _labels(layout):
                label.setMinimumWidth(width)

    # -- the list ------------------------------------------------------------------------------

    def _fill_variables(self, current: str) -> None:
        self.variables.blockSignals(True)
        self.variables.clear()
        for question in self.survey.derived:
            item = QListWidgetItem(f"{question.code}  {question.label(current_language())}")
            item.setData(256, question.code)
            self.variables.addItem(item)
            if question.code == current:
                self.variables.setCurrentItem(item)
        self.variables.blockSignals(False)
        self.remove_button.setEnabled(bool(current))

    def _variable_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_variable(self.survey.question(str(item.data(256))))

    def show_variable(self, question: Question) -> None:
        """Fill the form from a stored variable (saving it again replaces it)."""
        definition = derived.definition_of(question)
        kind = str(definition.pop("kind", "expression"))
        key = recode_form(definition) if kind == "recode" else kind
        self._proposed = NEW  # a stored variable keeps its code
        self.code_edit.setText(question.code)
        self.label_zh_edit.setText(question.label_zh)
        self.label_en_edit.setText(question.label_en)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(key), 0))
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(question.type.value), 0))
        if key in self.forms:
            self.forms[key].show_spec(definition, question)
        text = str(definition.get("expression", "")) if kind == "expression" else json.dumps(
            definition, ensure_ascii=False)
        self.definition_edit.setPlainText("" if key in self.forms else text)
        self.choices_edit.setText(", ".join(f"{c.code}={c.value}:{c.label_zh}:{c.label_en}"
                                            for c in question.choices))
        self.remove_button.setEnabled(True)

    def start_new(self) -> None:
        self.variables.blockSignals(True)
        self.variables.setCurrentRow(-1)
        self.variables.blockSignals(False)
        for edit in (self.code_edit, self.label_zh_edit, self.label_en_edit, self.choices_edit):
            edit.clear()
        self.definition_edit.clear()
        self.remove_button.setEnabled(False)
        self.code_edit.setFocus()

    # -- the form ------------------------------------------------------------------------------

    def kind_form(self) -> KindForm | None:
        """The form of the kind picked; None for a kind typed as text (an expression, a JSON definition)."""
        return self.forms.get(str(self.kind_combo.currentData()))

    def _kind_changed(self) -> None:
        """A form replaces the text, type and choices of a typed definition: bands and groups name their choices,
        a flag is a 0/1 choice and a count a number."""
        form = self.kind_form()
        typed = form is None
        for row in (self.definition_edit, self.type_combo, self.choices_edit):
            self.form_layout.setRowVisible(row, typed)
        self.kind_forms.setVisible(not typed)
        if form is not None:
            self.kind_forms.setCurrentWidget(form)
        expression = self.kind_combo.currentData() == "expression"
        self.definition_label.setText(self.tr("Expression:") if expression else self.tr("Definition (JSON):"))
        self.definition_edit.setPlaceholderText(
            "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))" if expression else "{}")
        self._form_changed()

    def _form_changed(self) -> None:
        """The form's proposed code fills the code field while it is empty or still holds the last proposal."""
        form = self.kind_form()
        proposal = form.proposed_code() if form is not None else NEW
        if proposal and self.code_edit.text().strip() in (NEW, self._proposed):
            self._proposed = proposal
            self.code_edit.setText(proposal)
        self._edited()

    def _edited(self) -> None:
        """Values shown must be those of what the form says: cleared at once, computed after a pause."""
        self.choices_edit.setEnabled(self.type_combo.currentData() == QuestionType.SINGLE.value)
        self.preview.setRowCount(0)
        self._timer.start()

    def definition(self) -> derived.Definition:
        """What the form says, as the core's definition (ModelError, in words, when a form's field or the JSON
        text cannot be one)."""
        code, label_en, label_zh = (self.code_edit.text().strip(), self.label_en_edit.text().strip(),
                                    self.label_zh_edit.text().strip())
        form = self.kind_form()
        if form is not None:
            return form.definition(code, label_en, label_zh)
        kind = str(self.kind_combo.currentData())
        text = self.definition_edit.toPlainText().strip()
        spec: dict[str, Any]
        if kind == "expression":
            spec = {"expression": text}
        else:
            try:
                loaded = json.loads(text or "{}")
            except json.JSONDecodeError as error:
                raise ModelError("derived.spec_json", detail=str(error)) from None
            spec = loaded if isinstance(loaded, dict) else {}
        return derived.Definition(code, kind, spec, QuestionType(self.type_combo.currentData()), label_en, label_zh,
                                  derived.parse_choices(self.choices_edit.text()))

    def refresh_preview(self) -> bool:
        """Check the definition and show its first values, or say in words what is wrong; True when valid."""
        self._timer.stop()
        self.preview.setRowCount(0)
        try:
            shown = derived.preview(self.study, self.survey, self.definition(), PREVIEW_ROWS)
        except XMDeskError as error:
            self._say(str(error), problem=True)
            self._label_placeholders("", "")
            return False
        definition = self.definition()
        self._label_placeholders(definition.label_zh, definition.label_en)
        choices = {c.code: c.label(current_language()) for c in definition.as_question().choices}
        self.preview.setColumnCount(2 + len(shown.sources))
        self.preview.setHorizontalHeaderLabels([self.tr("Response ID"), definition.code, *shown.sources])
        self.preview.setRowCount(len(shown.rows))
        for row, (response, value, read) in enumerate(shown.rows):
            for column, text in enumerate([str(response), _value_text(value, choices),
                                           *(_value_text(v, {}) for v in read)]):
                self.preview.setItem(row, column, QTableWidgetItem(text))
        self._say(self.tr("The definition is valid: its first values are shown below."), problem=False)
        return True

    def _label_placeholders(self, zh: str, en: str) -> None:
        """Show in the blank label fields the labels the variable gets without them (an O-data variable's say
        what it computes: "orders: sum of amount, 30 days before")."""
        self.label_zh_edit.setPlaceholderText(zh)
        self.label_en_edit.setPlaceholderText(en)

    def _say(self, text: str, problem: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("problem", problem)
        self.message.style().polish(self.message)

    # -- writing -------------------------------------------------------------------------------

    def save(self) -> None:
        """Store the variable (replacing one of the same code) on a worker, since a count or a flag has its values
        indexed (about a second per million responses); the dialog stays open for the next one."""
        if not self.refresh_preview():
            return
        definition = self.definition()
        study, survey_code = self.study, self.survey.code

        def job(progress: Progress, cancel: CancelToken) -> str:
            derived.save(study, survey_code, definition)
            return definition.code

        self._write(self.tr("Saving %1").replace("%1", definition.code), job, self._saved)

    def _saved(self, code: str) -> None:
        self._reload(code)
        self._say(self.tr("Saved %1: it can be used wherever a question is.").replace("%1", code), problem=False)

    def _write(self, title: str, job: Job, done: Callable[[Any], None]) -> None:
        """Run a write on a worker (progress, Cancel), Save and Close held until it has ended, whatever the end."""
        self.buttons.setEnabled(False)
        self.flags_button.setEnabled(False)

        def finished(result: Any) -> None:
            self._ended()
            done(result)

        self.worker = run_job(self, title, job, finished, lambda error: show_error(self, error))
        # A bound method: it runs on a failure and on Cancel too, which calls neither callback.
        self.worker.signals.sig_failed.connect(self._ended)

    def _ended(self, _error: BaseException | None = None) -> None:
        self.worker = None
        self.buttons.setEnabled(True)
        self.flags_button.setEnabled(True)

    def remove_current(self) -> None:
        item = self.variables.currentItem()
        if item is None:
            return
        try:
            derived.remove(self.study, self.survey.code, str(item.data(256)))
        except XMDeskError as error:
            self._say(str(error), problem=True)
            return
        self._reload(NEW)
        self.start_new()

    def add_quality_flags(self) -> None:
        """Save the flags the survey's columns allow (skipping codes already taken), all or none, and show the first."""
        study, survey_code = self.study, self.survey.code
        wanted = [d for d in derived.standard_flags(self.survey) if d.code not in derived.derived_map(self.survey)]

        def job(progress: Progress, cancel: CancelToken) -> list[str]:
            with study.transaction(Changes.of("surveys", surveys=[survey_code])):
                for number, definition in enumerate(wanted):
                    cancel.check()
                    progress(number, len(wanted), definition.code)
                    derived.save(study, survey_code, definition)
            return [d.code for d in wanted]

        self._write(self.tr("Adding quality flags"), job, self._flags_added)

    def _flags_added(self, added: list[str]) -> None:
        self._reload(added[0] if added else NEW)
        self._say(self.tr("Added quality flags: %1.").replace("%1", ", ".join(added) or "—"), problem=False)

    def _reload(self, current: str) -> None:
        self.survey = load_survey(self.study, self.survey.code)
        self._fill_variables(current)
        if current:
            self.show_variable(self.survey.question(current))


def _labels(layout: QFormLayout) -> list[QWidget]:
    """The label of each row of a form that has one."""
    items = (layout.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(layout.rowCount()))
    return [widget for widget in (item.widget() if item is not None else None for item in items) if widget is not None]


def _value_text(value: Any, choices: dict[str, str]) -> str:
    """A choice with its label, a number without a needless .0, a dash for missing."""
    if value is None:
        return "—"
    if isinstance(value, str) and value in choices:
        return f"{value} · {choices[value]}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
