"""The Cases area: a case board, the alert rules that fill it, and the improvement actions with their review."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.gui.navigation import area_name
from xmdesk.gui.cases.actions_panel import ActionsPanel
from xmdesk.gui.cases.board import CaseBoard
from xmdesk.gui.cases.rules import RulesPanel


class CasesArea(QWidget):
    """The Cases area: the case board, the alert rules and the improvement actions as three tabs, each told of the
    changes that concern it."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.title_label = QLabel()
        self.title_label.setObjectName("areaTitle")
        self.board = CaseBoard(study)
        self.rules = RulesPanel(study)
        self.actions_panel = ActionsPanel(study)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.board, "")
        self.tabs.addTab(self.rules, "")
        self.tabs.addTab(self.actions_panel, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(self.title_label)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def apply_changes(self, changes: Changes) -> None:
        """Cases opened by arriving responses, a run of the rules, a department's workbook or another
        program show on the board; the rules show their case counts and last errors; actions show their
        before/after figures, which move with the responses."""
        if changes.touches("cases"):
            self.board.reload()
        if changes.touches("rules", "cases"):
            self.rules.reload()
        if changes.touches("actions", "cases", "responses", "surveys"):
            self.actions_panel.reload()

    def retranslate(self) -> None:
        self.title_label.setText(area_name("cases"))
        for index, text in enumerate((self.tr("Case board"), self.tr("Alert rules"), self.tr("Improvement actions"))):
            self.tabs.setTabText(index, text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
