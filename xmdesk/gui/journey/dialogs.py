"""Dialogs of the journey canvas: a touchpoint's link to the data, and the responses behind a card."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.journey import maps as J
from xmdesk.core.errors import XMDeskError
from xmdesk.core.journey.scores import responses_behind
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, Survey, list_surveys
from xmdesk.core.vocabulary import numbers, registry
from xmdesk.gui.forms import Form
from xmdesk.gui.i18n import current_language

NUMERIC_TYPES = {QuestionType.NPS, QuestionType.RATING, QuestionType.MATRIX, QuestionType.NUMBER,
                 QuestionType.SINGLE, QuestionType.DROPDOWN}


def numeric_targets(survey: Survey, lang: str) -> list[tuple[str, str]]:
    """(link question, label) of every question a score can be computed from; a matrix offers its items. Named
    by their labels only: the code is the item's tooltip."""
    targets = []
    for question in survey.active_questions() + survey.derived:
        if question.type not in NUMERIC_TYPES:
            continue
        if question.type is QuestionType.MATRIX:
            targets += [(f"{question.code}__{item.code}", f"{question.label(lang)} · {item.label(lang)}")
                        for item in question.items]
        else:
            targets.append((question.code, question.label(lang)))
    return targets


def link_targets(survey: Survey, lang: str) -> list[tuple[str, str]]:
    """The questions a card can show: every numeric one (`numeric_targets`) and, in form order among them, each
    comment question, whose metrics are the codebook's topics."""
    numeric = dict(numeric_targets(survey, lang))
    targets = []
    for question in survey.active_questions() + survey.derived:
        if question.type is QuestionType.TEXT:
            targets.append((question.code, question.label(lang)))
        else:
            targets += [(code, label) for code, label in numeric.items() if code.partition("__")[0] == question.code]
    return targets


def topic_metrics(study: Study, lang: str) -> list[tuple[str, str]]:
    """(metric, label) of each topic of the study's codebook (the shipped one while it has none), as a text
    question's metrics: `topic:价格` reads % positive about 价格 from the clause naming it."""
    from xmdesk.core.text.analyze import load_codebook_or_default  # numpy and the codebook only when asked

    return [(J.TOPIC_METRIC + name, J.metric_label(J.TOPIC_METRIC + name, lang))
            for name in load_codebook_or_default(study).names]


def default_metric(survey: Survey, question: str) -> str:
    code = question.partition("__")[0]
    kind = survey.question(code).type
    return "nps" if kind is QuestionType.NPS else "csat" if code == "csat" else "ces" if code == "ces" else "mean"


class LinkDialog(QDialog):
    """Link a touchpoint to a survey question, a metric and an optional filter; the filter is checked.

    A comment question offers the codebook's topics as its metrics (% positive about 价格), a numeric one the
    headline metrics. Laid out by ui/link_dialog.ui."""

    def __init__(self, study: Study, link: J.Link | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = Form(self, "link_dialog")
        self.lang = current_language()
        self.surveys = list_surveys(study)
        self.survey_combo = form.child(QComboBox, "survey_combo")
        for survey in self.surveys:
            self.survey_combo.addItem(survey.title(self.lang), survey.code)
        self.question_combo = form.child(QComboBox, "question_combo")  # adjusts to its contents: a whole question
        self.metric_combo = form.child(QComboBox, "metric_combo")
        self.study = study
        self.topics: list[tuple[str, str]] | None = None  # read from the codebook when a comment question is chosen
        self.filter_edit = form.child(QLineEdit, "filter_edit")
        self.problem = form.child(QLabel, "errorLabel")
        buttons = form.child(QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Reset).setText(self.tr("Remove link"))
        buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self._unlink)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.removed = False
        self.survey_combo.currentIndexChanged.connect(self._fill_questions)
        self.question_combo.currentIndexChanged.connect(self._suggest_metric)
        self._fill_questions()
        if link is not None:
            self.survey_combo.setCurrentIndex(max(0, self.survey_combo.findData(link.survey)))
            self.question_combo.setCurrentIndex(max(0, self.question_combo.findData(link.question)))
            if self.metric_combo.findData(link.metric) < 0:  # a topic gone from the codebook stays until changed
                self.metric_combo.addItem(J.metric_label(link.metric, self.lang), link.metric)
            self.metric_combo.setCurrentIndex(self.metric_combo.findData(link.metric))
            self.filter_edit.setText(link.filter)

    def survey(self) -> Survey | None:
        index = self.survey_combo.currentIndex()
        return self.surveys[index] if 0 <= index < len(self.surveys) else None

    def _fill_questions(self) -> None:
        self.question_combo.clear()
        survey = self.survey()
        for code, label in link_targets(survey, self.lang) if survey else []:
            self.question_combo.addItem(label, code)
            self.question_combo.setItemData(self.question_combo.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
        self.question_combo.setMinimumWidth(max(360, self.question_combo.sizeHint().width()))

    def _is_text(self) -> bool:
        survey, code = self.survey(), self.question_combo.currentData()
        return survey is not None and bool(code) and survey.question(code.partition("__")[0]).type is QuestionType.TEXT

    def _fill_metrics(self) -> None:
        """The chosen question's metrics: the topics for a comment question, the headline metrics otherwise."""
        if self._is_text():
            if self.topics is None:
                self.topics = topic_metrics(self.study, self.lang)
            metrics = self.topics
        else:
            metrics = [(metric, registry.metric(metric).label(self.lang)) for metric in J.METRICS]
        if [self.metric_combo.itemData(i) for i in range(self.metric_combo.count())] == [m for m, _ in metrics]:
            return
        self.metric_combo.clear()
        for metric, label in metrics:
            self.metric_combo.addItem(label, metric)

    def _suggest_metric(self) -> None:
        self._fill_metrics()
        survey, code = self.survey(), self.question_combo.currentData()
        if survey is not None and code and not self._is_text():
            self.metric_combo.setCurrentIndex(self.metric_combo.findData(default_metric(survey, code)))

    def _unlink(self) -> None:
        self.removed = True
        super().accept()

    def link(self) -> J.Link | None:
        survey, code = self.survey(), self.question_combo.currentData()
        if self.removed or survey is None or not code:
            return None
        return J.Link(survey.code, code, self.metric_combo.currentData(), self.filter_edit.text().strip())

    def accept(self) -> None:
        """Check the filter against the survey before closing, so a broken link is never made here."""
        from xmdesk.core.survey.logic import compile_condition

        survey, text = self.survey(), self.filter_edit.text().strip()
        if survey is not None and text:
            try:
                compile_condition(text, survey)
            except XMDeskError as error:
                self.problem.setText(str(error))
                return
        super().accept()


class BehindDialog(QDialog):
    """The responses behind a card: each response's date, score and its comments, newest first (laid out by
    ui/behind_dialog.ui; the columns are the card's)."""

    def __init__(self, study: Study, title: str, link: J.Link, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = Form(self, "behind_dialog")
        self.setWindowTitle(title)
        behind = responses_behind(study, link, lang=current_language())
        self.table = form.child(QTableWidget, "behind_table")
        self.table.setRowCount(len(behind.rows))
        self.table.setColumnCount(len(behind.labels))
        self.table.setHorizontalHeaderLabels(behind.labels)
        for row, values in enumerate(behind.rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        for column in range(3, len(behind.labels)):
            self.table.setColumnWidth(column, 220)
        form.child(QLabel, "summary_label").setText(self.tr("%n response(s) behind this card", "", behind.total)
                                                    + (f"  ·  {link.filter}" if link.filter else ""))
        form.child(QDialogButtonBox, "buttons").rejected.connect(self.reject)


class ThresholdsDialog(QDialog):
    """The score colours: per metric, poor below one value and good from another."""

    def __init__(self, journey: J.Journey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Score colours"))
        self.spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        form = QFormLayout()
        for metric in J.METRICS:
            low, high = journey.thresholds(metric)
            spins = (QDoubleSpinBox(), QDoubleSpinBox())
            for spin, value in zip(spins, (low, high)):
                spin.setRange(-100.0, 100.0)
                spin.setDecimals(numbers.DECIMALS[numbers.Role.NPS if metric == "nps" else numbers.Role.SCORE])
                spin.setValue(value)
            row = QWidget()
            row_layout = QFormLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addRow(self.tr("Poor below"), spins[0])
            row_layout.addRow(self.tr("Good from"), spins[1])
            form.addRow(registry.metric(metric).label(current_language()), row)
            self.spins[metric] = spins
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def thresholds(self) -> dict[str, list[float]]:
        return {metric: sorted([low.value(), high.value()]) for metric, (low, high) in self.spins.items()}
