"""An alert rule's settings as a form for its kind: which question and threshold, which words or topics, which
store × period comparison, instead of a line of JSON. The JSON stays beside it for power users: the form writes
it, and a JSON typed by hand fills the form (keys the form does not know are kept)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from xmdesk.core.survey.model import QuestionType, Survey
from xmdesk.gui.i18n import current_language

T = QuestionType
SCORES = {"detractor": (T.NPS,), "low_score": (T.RATING, T.NPS), "drop": (T.NPS, T.RATING)}
"""The questions a kind's score is read from."""
SEGMENTS = (T.SINGLE, T.DROPDOWN)
LIST_SEPARATORS = (",", "，", "、", ";", "；")
DEFAULTS = {"max": 6, "drop": 10, "alpha": 0.05, "min_base": 30}
"""What the core assumes when a number is left out of the JSON (alerts.py, alerts_drop.py), shown as such."""


def _words(text: str) -> list[str]:
    """'退款，投诉、12315' as ['退款', '投诉', '12315']: commas of either width and 、 all separate."""
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, ",")
    return [word.strip() for word in text.split(",") if word.strip()]


class RuleSettingsForm(QWidget):
    """The fields of one rule kind, edited as a form; it never writes to the study, it says `sig_changed` and
    the rules panel reads `definition()`."""

    sig_changed = Signal()
    """A setting was changed by the user: the definition (and its JSON) follows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.survey: Survey | None = None
        self.extra: dict[str, Any] = {}
        """Keys of the definition this form does not edit (typed in the JSON), kept as they are."""
        self.fields: dict[str, QWidget] = {}
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)

    # -- building ---------------------------------------------------------------------------------------

    def _questions(self, types: tuple[QuestionType, ...], empty: str = "") -> QComboBox:
        combo = QComboBox()
        if empty:
            combo.addItem(empty, "")
        lang = current_language()
        for question in self.survey.active_questions() + self.survey.derived if self.survey is not None else []:
            if question.type in types:
                combo.addItem(question.label(lang), question.code)
                combo.setItemData(combo.count() - 1, question.code, Qt.ItemDataRole.ToolTipRole)
        combo.currentIndexChanged.connect(self.sig_changed)
        return combo

    def _number(self, low: float, high: float, decimals: int = 0) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(low, high)
        spin.setDecimals(decimals)
        spin.valueChanged.connect(self.sig_changed)
        return spin

    def _add(self, key: str, label: str, field: QWidget) -> None:
        self.fields[key] = field
        self.form.addRow(label, field)

    def _build(self) -> None:
        """The fields of the current kind, in the words a researcher uses."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        kind = self.kind
        if kind in SCORES:
            self._add("question", self.tr("Question"), self._questions(SCORES[kind]))
        if kind in ("detractor", "low_score"):
            self._add("max", self.tr("Opens a case at a score of at most"), self._number(0, 100))
        if kind in ("comment", "topic"):
            key, label = ("words", self.tr("Words (comma-separated)")) if kind == "comment" else \
                ("topics", self.tr("Topics (comma-separated)"))
            edit = QLineEdit()
            edit.textEdited.connect(self.sig_changed)
            self._add(key, label, edit)
            negative = QCheckBox(self.tr("Only comments read as negative"))
            negative.toggled.connect(self.sig_changed)
            self._add("negative", "", negative)
        if kind == "drop":
            self._add("segment", self.tr("Compare each"), self._questions(SEGMENTS, self.tr("(the whole survey)")))
            self._add("date_column", self.tr("Date"), self._questions((T.DATE,), self.tr("(time of entry)")))
            period = QComboBox()
            for value, text in (("day", self.tr("Day")), ("week", self.tr("Week")), ("month", self.tr("Month"))):
                period.addItem(text, value)
            period.currentIndexChanged.connect(self.sig_changed)
            self._add("period", self.tr("Period"), period)
            self._add("drop", self.tr("Fall of more than (points)"), self._number(0, 200, 1))
            self._add("alpha", self.tr("Significance level"), self._number(0.001, 0.5, 3))
            minimum = QSpinBox()
            minimum.setRange(1, 100000)
            minimum.valueChanged.connect(self.sig_changed)
            self._add("min_base", self.tr("Smallest base per period"), minimum)

    # -- values -----------------------------------------------------------------------------------------

    def show_definition(self, kind: str, survey: Survey | None, definition: dict[str, Any]) -> None:
        """Show a rule's settings (without reporting a change): the fields of its kind, filled from the JSON."""
        if kind != self.kind or survey is not self.survey:
            self.kind, self.survey = kind, survey
            self._build()
        self.blockSignals(True)
        try:
            self.extra = {key: value for key, value in definition.items() if key not in self.fields}
            for key, field in self.fields.items():
                _set(field, definition.get(key, DEFAULTS.get(key)))
        finally:
            self.blockSignals(False)

    def definition(self) -> dict[str, Any]:
        """The settings as the rule stores them: the form's fields over the keys it does not edit."""
        values = dict(self.extra)
        for key, field in self.fields.items():
            value = _get(field)
            if value in ("", None):
                values.pop(key, None)
            else:
                values[key] = value
        return values


def _set(field: QWidget, value: Any) -> None:
    if isinstance(field, QComboBox):
        field.setCurrentIndex(max(0, field.findData("" if value is None else value)))
    elif isinstance(field, QSpinBox):
        if isinstance(value, (int, float)):
            field.setValue(int(value))
    elif isinstance(field, QDoubleSpinBox):
        if isinstance(value, (int, float)):
            field.setValue(float(value))
    elif isinstance(field, QCheckBox):
        field.setChecked(True if value is None else bool(value))
    elif isinstance(field, QLineEdit):
        field.setText("，".join(str(v) for v in value) if isinstance(value, list) else str(value or ""))


def _get(field: QWidget) -> Any:
    if isinstance(field, QComboBox):
        return field.currentData()
    if isinstance(field, QSpinBox):
        return field.value()
    if isinstance(field, QDoubleSpinBox):
        return int(field.value()) if field.decimals() == 0 else field.value()
    if isinstance(field, QCheckBox):
        return field.isChecked()
    if isinstance(field, QLineEdit):
        return _words(field.text())
    return None
