"""Improvement actions: the list, each action's facts and status, and its effect review as chart and numbers."""

from __future__ import annotations

import math

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QSplitter, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core.loop import actions
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.core.vocabulary import names, numbers
from xmdesk.gui.cases.action_dialog import ActionDialog
from xmdesk.gui.charts.view import ChartView
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import Texts, current_language


class ActionsPanel(QWidget):
    """The Improvement actions tab: pick an action to see its facts and its before/after review, computed by the
    core and redrawn when responses arrive; adding, editing and status changes are off in a read-only study."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.items: list[actions.Action] = []
        self.texts = Texts(self, then=self._show_current)
        self.list = QTreeWidget()
        self.texts.headers(self.list.setHeaderLabels,
                           lambda: [self.tr("Action"), self.tr("Owner"), self.tr("Status"), self.tr("Due")])
        self.list.setRootIsDecorated(False)
        self.list.header().resizeSection(0, 240)
        self.title_label = QLabel()
        self.title_label.setObjectName("sectionTitle")
        self.title_label.setWordWrap(True)
        self.facts = QFormLayout()
        self.pain_label, self.target_label, self.dates_label = QLabel(), QLabel(), QLabel()
        for label in (self.pain_label, self.target_label):
            label.setWordWrap(True)
        self.numbers_label = QLabel()
        self.numbers_label.setObjectName("reviewNumbers")
        self.numbers_label.setWordWrap(True)
        self.texts.rows(self.facts, [(lambda: self.tr("Pain points"), self.pain_label),
                                     (lambda: self.tr("Target metric"), self.target_label),
                                     (lambda: self.tr("Start / due"), self.dates_label),
                                     (lambda: self.tr("Effect review"), self.numbers_label)])
        self.status_combo = QComboBox()
        self.texts.items(self.status_combo, self.status_names)
        self.status_button = self.texts.button(lambda: self.tr("Set status"))
        self.new_button = self.texts.button(lambda: self.tr("New action…"))
        self.edit_button = self.texts.button(lambda: self.tr("Edit action…"))
        for button in (self.status_button, self.new_button, self.edit_button):
            button.setEnabled(not study.read_only)
        self.chart = ChartView(compact=True)  # beside the facts: a full-height chart was cut at 125 % scaling
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_combo)
        status_row.addWidget(self.status_button)
        status_row.addStretch(1)
        status_row.addWidget(self.new_button)
        status_row.addWidget(self.edit_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title_label)
        right_layout.addLayout(self.facts)
        right_layout.addLayout(status_row)
        right_layout.addWidget(self.chart, 1)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(splitter)
        self.list.currentItemChanged.connect(self._show_selected)
        self.status_button.clicked.connect(self.set_status)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.current()))
        self.reload()

    def reload(self) -> None:
        self.items = actions.list_actions(self.study)
        self.list.clear()
        for action in self.items:
            self.list.addTopLevelItem(QTreeWidgetItem([action.title, action.owner, self.status_name(action.status),
                                                       action.due_date]))
        if self.items:
            self.list.setCurrentIndex(self.list.model().index(0, 0))
        else:
            self.title_label.setText(self.tr("No improvement actions yet."))
            self.chart.show_message(self.tr("No improvement actions yet."))

    def status_names(self) -> dict[str, str]:
        """The action statuses in their order (actions.ACTION_STATUSES), in the UI language."""
        return {"planned": self.tr("Planned"), "in_progress": self.tr("In progress"), "done": self.tr("Done"),
                "cancelled": self.tr("Cancelled")}

    def status_name(self, status: str) -> str:
        return self.status_names().get(status, status)

    def _show_current(self) -> None:
        """After a language change: the list's statuses and the selected action's facts and review again."""
        for row, action in enumerate(self.items):
            item = self.list.topLevelItem(row)
            if item is not None:
                item.setText(2, self.status_name(action.status))
        if not self.items:
            self.title_label.setText(self.tr("No improvement actions yet."))
            self.chart.show_message(self.tr("No improvement actions yet."))
        self._show_selected()

    def current(self) -> actions.Action | None:
        item = self.list.currentItem()
        return self.items[self.list.indexOfTopLevelItem(item)] if item is not None else None

    def _show_selected(self) -> None:
        action = self.current()
        if action is None:
            return
        self.title_label.setText(action.title + (f"\n{action.description}" if action.description else ""))
        self.pain_label.setText("；".join(p.label or p.ref for p in action.pain_points))
        self._show_target(action)
        self.dates_label.setText(f"{action.start_date or '-'} / {action.due_date or '-'}")
        self.status_combo.setCurrentIndex(actions.ACTION_STATUSES.index(action.status))
        try:
            review = actions.effect_review(self.study, action)
        except XMDeskError as error:
            self.numbers_label.setText(str(error))
            self.chart.show_message(str(error))
            return
        self.numbers_label.setText(self.review_text(review))
        self.chart.set_spec(review.chart(action.title))

    def _show_target(self, action: actions.Action) -> None:
        """The metric and the question by their labels ('Mean · Waiting time at checkout'), codes in the tooltip."""
        lang = current_language()
        try:
            survey = load_survey(self.study, action.target_survey)
        except XMDeskError:
            self.target_label.setText(f"{names.metric_name(action.target_metric, lang)} · {action.target_question}")
            return
        self.target_label.setText(names.metric_of(action.target_metric, survey, action.target_question, lang))
        self.target_label.setToolTip(f"{action.target_metric} · {action.target_survey} · {action.target_question}")

    def review_text(self, review: actions.EffectReview) -> str:
        p_value = "-" if math.isnan(review.p_value) else f"{review.p_value:.3f}"
        verdict = self.tr("significant") if review.significant else self.tr("not significant")
        role = review.role
        return (self.tr("before %1 (n %2) → after %3 (n %4): change %5; %6, p = %7, %8")
                .replace("%1", numbers.text(review.before, role)).replace("%2", numbers.count(review.n_before))
                .replace("%3", numbers.text(review.after, role)).replace("%4", numbers.count(review.n_after))
                .replace("%5", numbers.difference(review.change, role)).replace("%6", review.test).replace("%7", p_value)
                .replace("%8", verdict))

    def edit(self, action: actions.Action | None) -> None:
        dialog = ActionDialog(self.study, action, self)
        if dialog.exec():
            self.reload()
            row = next((i for i, a in enumerate(self.items) if a.id == dialog.saved_id), 0)
            self.list.setCurrentIndex(self.list.model().index(row, 0))

    def set_status(self) -> None:
        action = self.current()
        if action is None or action.id is None:
            return
        try:
            actions.set_action_status(self.study, action.id, self.status_combo.currentData())
        except XMDeskError as error:
            show_error(self, error)
            return
        row = self.list.currentIndex().row()
        self.reload()
        self.list.setCurrentIndex(self.list.model().index(row, 0))
