"""Improvement actions: the list, each action's facts and status, and its effect review as chart and numbers."""

from __future__ import annotations

import math

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSplitter, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core import actions
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study import Study
from xmdesk.core.vocabulary import numbers
from xmdesk.gui.cases.action_dialog import ActionDialog
from xmdesk.gui.charts.view import ChartView
from xmdesk.gui.dialogs import show_error


class ActionsPanel(QWidget):
    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.items: list[actions.Action] = []
        self.status_names = {"planned": self.tr("Planned"), "in_progress": self.tr("In progress"),
                             "done": self.tr("Done"), "cancelled": self.tr("Cancelled")}
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("Action"), self.tr("Owner"), self.tr("Status"), self.tr("Due")])
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
        self.facts.addRow(self.tr("Pain points"), self.pain_label)
        self.facts.addRow(self.tr("Target metric"), self.target_label)
        self.facts.addRow(self.tr("Start / due"), self.dates_label)
        self.facts.addRow(self.tr("Effect review"), self.numbers_label)
        self.status_combo = QComboBox()
        for status in actions.ACTION_STATUSES:
            self.status_combo.addItem(self.status_names[status], status)
        self.status_button = QPushButton(self.tr("Set status"))
        self.new_button = QPushButton(self.tr("New action…"))
        self.edit_button = QPushButton(self.tr("Edit action…"))
        for button in (self.status_button, self.new_button, self.edit_button):
            button.setEnabled(not study.read_only)
        self.chart = ChartView()
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
            self.list.addTopLevelItem(QTreeWidgetItem([action.title, action.owner,
                                                       self.status_names.get(action.status, action.status),
                                                       action.due_date]))
        if self.items:
            self.list.setCurrentIndex(self.list.model().index(0, 0))
        else:
            self.title_label.setText(self.tr("No improvement actions yet."))
            self.chart.show_message(self.tr("No improvement actions yet."))

    def current(self) -> actions.Action | None:
        item = self.list.currentItem()
        return self.items[self.list.indexOfTopLevelItem(item)] if item is not None else None

    def _show_selected(self) -> None:
        action = self.current()
        if action is None:
            return
        self.title_label.setText(action.title + (f"\n{action.description}" if action.description else ""))
        self.pain_label.setText("；".join(p.label or p.ref for p in action.pain_points))
        self.target_label.setText(f"{action.target_metric.upper()} · {action.target_question}")
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
