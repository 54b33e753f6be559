"""The Insights tab of the Charts area: what differs, found by the core's insight finder, in sentences.

The scan runs as a job off the UI thread (progress and Cancel from `workers.run_job`) on a read view of
the study; the panel says how many comparisons were made and how many findings were kept, lists the
findings in the app's language, and turns the selected one into report blocks (chart and sentence) or a
dashboard tile with one click. The panel computes nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QHBoxLayout, QInputDialog, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from xmdesk.core.errors import XMDeskError
from xmdesk.core.insights import Finding, Insights, Options, find_insights
from xmdesk.core.insights.deliver import add_to_dashboard, finding_request, report_blocks
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.reports.recipe import append_blocks, report_names
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import current_language
from xmdesk.gui.workers import JobWorker, run_job


class InsightsPanel(QWidget):
    """The Insights tab: a scan's findings as sentences, each one click away from a report block or a dashboard
    tile (`sig_dashboard_changed` names the dashboard it went to)."""

    sig_dashboard_changed = Signal(str)
    """A finding became a tile of this dashboard (the Charts area opens it)."""

    def __init__(self, study: Study, survey: Callable[[], Survey | None], dashboard: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self._survey = survey
        self._dashboard = dashboard
        self.insights: Insights | None = None
        self.worker: JobWorker | None = None

        self.labels = {name: QLabel() for name in ("base", "effect", "period")}
        self.base_spin = QSpinBox()
        self.base_spin.setRange(2, 1_000_000)
        self.base_spin.setValue(Options.min_base)
        self.effect_spin = QDoubleSpinBox()
        self.effect_spin.setRange(0.0, 5.0)
        self.effect_spin.setSingleStep(0.05)
        self.effect_spin.setValue(Options.min_effect)
        self.period_combo = QComboBox()
        self.find_button = QPushButton()
        self.find_button.setDefault(True)
        self.summary = QLabel()
        self.summary.setObjectName("countLabel")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.report_button = QPushButton()
        self.tile_button = QPushButton()

        settings = QHBoxLayout()
        for name, widget in (("base", self.base_spin), ("effect", self.effect_spin), ("period", self.period_combo)):
            settings.addWidget(self.labels[name])
            settings.addWidget(widget)
        settings.addStretch(1)
        settings.addWidget(self.find_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.report_button)
        actions.addWidget(self.tile_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(settings)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)

        self.retranslate()
        self.find_button.clicked.connect(self.start_scan)
        self.list.currentRowChanged.connect(self._selection_changed)
        self.report_button.clicked.connect(lambda: self.add_to_report())
        self.tile_button.clicked.connect(self.add_to_dashboard)
        self._selection_changed()

    # -- the scan --------------------------------------------------------------------------------------

    def options(self) -> Options:
        return Options(min_base=self.base_spin.value(), min_effect=round(self.effect_spin.value(), 2),
                       period=self.period_combo.currentData() or Options.period)

    def start_scan(self) -> JobWorker | None:
        """Scan the survey shown in the Charts area, off the UI thread."""
        survey = self._survey()
        if survey is None:
            return None
        options = self.options()

        def job(progress: Progress, cancel: CancelToken) -> Insights:
            with self.study.read_view() as view:  # its own connection: the writer never waits for the scan
                return find_insights(view, survey, options, progress, cancel)

        self.find_button.setEnabled(False)
        self.worker = run_job(self, self.tr("Finding insights"), job, self._found, self._failed)
        self.worker.signals.sig_failed.connect(lambda _error: self.find_button.setEnabled(True))
        return self.worker

    def _found(self, insights: Insights) -> None:
        self.find_button.setEnabled(True)
        self.insights = insights
        self.show_findings()

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)

    def show_findings(self) -> None:
        """The summary line and one sentence per finding, in the app's language."""
        self.list.clear()
        insights = self.insights
        if insights is None:
            self.summary.setText(self.tr("Find insights compares every segment (choice questions, NPS groups, "
                                         "customer facts) with every outcome (NPS, CSAT, CES, comment topics, "
                                         "case rates) and lists what differs."))
            self._selection_changed()
            return
        lang = current_language()
        self.summary.setText(insights.summary(lang))
        for number, finding in enumerate(insights.findings, 1):
            item = QListWidgetItem(f"{number}. {insights.sentence(finding, lang)}")
            item.setToolTip(self.tr("q = {0:.2g} (Benjamini–Hochberg), effect size d = {1:.2f}")
                            .format(finding.test.q, finding.test.effect))
            self.list.addItem(item)
        if insights.findings:
            self.list.setCurrentRow(0)
        self._selection_changed()

    # -- one click: a report block or a tile -----------------------------------------------------------

    def current(self) -> Finding | None:
        row = self.list.currentRow()
        if self.insights is None or not 0 <= row < len(self.insights.findings):
            return None
        return self.insights.findings[row]

    def _selection_changed(self) -> None:
        finding = self.current()
        self.report_button.setEnabled(finding is not None)
        charted = finding is not None and self.insights is not None and \
            finding_request(self.insights, finding, current_language()) is not None
        self.tile_button.setEnabled(charted)
        self.tile_button.setToolTip("" if charted or finding is None else
                                    self.tr("This finding has no chart: its outcome is a comment topic or the case "
                                            "rate, or its segment a customer fact."))

    def add_to_report(self, name: str | None = None) -> str | None:
        """Append the selected finding's chart and sentence to a report (asked for when not given)."""
        finding = self.current()
        if finding is None or self.insights is None:
            return None
        if name is None:
            names = report_names(self.study)
            default = self.tr("Insights")
            chosen, accepted = QInputDialog.getItem(self, self.tr("Add to report"), self.tr("Report:"),
                                                    names + ([default] if default not in names else []),
                                                    len(names) if default not in names else names.index(default), True)
            if not accepted or not chosen.strip():
                return None
            name = chosen.strip()
        try:
            append_blocks(self.study, name, self.insights.survey.code, current_language(),
                          report_blocks(self.insights, finding, current_language()))
        except XMDeskError as error:
            show_error(self, error)
            return None
        self.summary.setText(self.tr("Added to the report “{0}”.").format(name))
        return name

    def add_to_dashboard(self) -> None:
        """Append the selected finding's chart to the dashboard open in the Charts area."""
        finding = self.current()
        if finding is None or self.insights is None:
            return
        try:
            dashboard = add_to_dashboard(self.study, self.insights, finding, current_language(), self._dashboard())
        except XMDeskError as error:
            show_error(self, error)
            return
        self.summary.setText(self.tr("Added to the dashboard “{0}”.").format(dashboard.name))
        self.sig_dashboard_changed.emit(dashboard.name)

    # -- language --------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.labels["base"].setText(self.tr("Minimum base:"))
        self.labels["effect"].setText(self.tr("Effect size at least:"))
        self.labels["period"].setText(self.tr("Compare periods by:"))
        keep = self.period_combo.currentData() or Options.period
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for text, key in ((self.tr("Week"), "week"), (self.tr("Month"), "month")):
            self.period_combo.addItem(text, key)
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(keep)))
        self.period_combo.blockSignals(False)
        self.effect_spin.setToolTip(self.tr("Cohen's d: the difference over the spread of the answers; 0.2 is small, "
                                            "0.5 medium"))
        self.base_spin.setToolTip(self.tr("Fewest answers on each side of a comparison"))
        self.find_button.setText(self.tr("Find insights"))
        self.report_button.setText(self.tr("Add to report…"))
        self.tile_button.setText(self.tr("Add to dashboard"))
        self.show_findings()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

