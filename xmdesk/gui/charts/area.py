"""The Charts area: pick a metric, a question, a breakdown and a filter, and see the chart; keep the
charts that matter as tiles of a dashboard saved in the study.

Every chart is a core `Request` run on a worker thread (the first analysis of a big study
reads its columns, which takes a second per million rows; later ones come from the column
cache) and drawn from the `ChartSpec` the core builds: the area computes nothing itself.
Clicking a bar of a segment (or a choice) adds that segment to the filter.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QScrollArea, QTabWidget, QToolButton, QVBoxLayout,
                               QWidget)

from xmdesk.core.analysis.dashboards import (DEFAULT_NAME, Dashboard, Tile, dashboard_names, delete_dashboard,
                                             load_dashboard, save_dashboard)
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Outcome, Request, run
from xmdesk.core.study.changes import Changes
from xmdesk.core.charts.build import spec_for
from xmdesk.core.charts.spec import ChartSpec
from xmdesk.core.errors import Cancelled, ModelError, XMDeskError
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, list_surveys, matrix_row_questions
from xmdesk.core.vocabulary import registry
from xmdesk.gui import files
from xmdesk.gui.charts.theme import THEMES
from xmdesk.gui.charts.value_panel import ValuePanel
from xmdesk.gui.charts.view import ChartView
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import current_language
from xmdesk.gui.insights.panel import InsightsPanel
from xmdesk.gui.workers import JobWorker

T = QuestionType
TILE_SLOT = 100
"""Computation slot of the first dashboard tile (slot 0 is the explorer's chart)."""
PREFERRED = {"csat": "csat", "ces": "ces", "nps": "nps", "drivers": "nps"}
"""The question a metric picks first when the survey has one of that code (the demo's)."""


def _compute(study: Study, request: Request) -> tuple[Outcome, ChartSpec]:
    outcome = run(study, request)
    return outcome, spec_for(outcome)


def click_filter(outcome: Outcome, category: int, series: int) -> str | None:
    """The expression that selects the segment or choice a click landed on (None: nothing to select)."""
    request = outcome.request
    by = outcome.by_question
    if request.metric in ("drivers", "trend"):
        return None
    if request.metric == "crosstab" and by is not None:
        row = outcome.question
        parts = [_equals(by, by_choice_code(by, series)), _equals(row, row.choices[category].code if row.choices
                                                                  else str(category))]
        return " and ".join(p for p in parts if p)
    if request.metric == "freq" and by is None:
        question = outcome.question
        code = question.choices[category].code if question.choices else None
        return _equals(question, code) if code else None
    if by is not None and category > 0:
        return _equals(by, outcome.groups[category - 1].code)
    return None


def by_choice_code(question: Question, index: int) -> str:
    return question.choices[index].code if question.choices else ""


def _equals(question: Question, code: str) -> str:
    if not code:
        return ""
    if question.type is T.MULTIPLE:
        return f"selected(${{{question.code}}}, '{code}')"
    return f"${{{question.code}}} = '{code}'"


class Computation:
    """Runs requests on the thread pool; only the answer to the latest request of a slot is shown."""

    def __init__(self, study: Study) -> None:
        self.study = study
        self.latest: dict[int, int] = {}
        self.workers: set[JobWorker] = set()

    def start(self, slot: int, request: Request, done: Callable[[Outcome, ChartSpec], None],
              failed: Callable[[BaseException], None]) -> None:
        ticket = self.latest.get(slot, 0) + 1
        self.latest[slot] = ticket

        def job(_progress: Progress, _cancel: CancelToken) -> tuple[Outcome, ChartSpec]:
            with self.study.read_view() as view:  # its own connection: committed data only, the writer never waits
                return _compute(view, request)

        worker = JobWorker(job)
        self.workers.add(worker)

        def finished(result: tuple[Outcome, ChartSpec]) -> None:
            self.workers.discard(worker)
            if self.latest.get(slot) == ticket:
                done(*result)

        def error(problem: BaseException) -> None:
            self.workers.discard(worker)
            if self.latest.get(slot) == ticket and not isinstance(problem, Cancelled):  # cancelled: the study closed
                failed(problem)

        worker.signals.sig_finished.connect(finished)
        worker.signals.sig_failed.connect(error)
        worker.start()

    def forget(self, slots: range) -> None:
        """Drop the answers still to come for these slots: the views they were for are gone."""
        for slot in slots:
            self.latest[slot] = self.latest.get(slot, 0) + 1

    @property
    def busy(self) -> bool:
        return any(not worker.done for worker in self.workers)


class TileFrame(QFrame):
    """A dashboard tile: a compact chart and its buttons (move, widen, remove)."""

    def __init__(self, area: ChartsArea, index: int, tile: Tile) -> None:
        super().__init__()
        self.setObjectName("chartTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.view = ChartView(theme=area.theme, compact=True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, tip, action in (("◀", self.tr("Move earlier"), lambda: area.move_tile(index, -1)),
                                  ("▶", self.tr("Move later"), lambda: area.move_tile(index, 1)),
                                  ("⇔", self.tr("Full or half width"), lambda: area.toggle_span(index)),
                                  ("✎", self.tr("Open in the explorer"), lambda: area.open_tile(index)),
                                  ("✕", self.tr("Remove from the dashboard"), lambda: area.remove_tile(index))):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(action)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self.setMinimumHeight(340 if tile.span == 1 else 380)


class ChartsArea(QWidget):
    """The Charts area: the explorer (pickers, filter, the chart) and the dashboard of tiles beside it; every
    figure is the core's, computed off the GUI thread."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.surveys: list[Survey] = list_surveys(study)
        self.theme = THEMES["light"]
        self.outcome: Outcome | None = None
        self.computation = Computation(study)
        self.dashboard = self._load_dashboard()
        self.tiles: list[TileFrame] = []

        self.labels = {name: QLabel() for name in ("metric", "question", "by", "period", "weight", "filter", "theme",
                                                   "dashboard")}
        self._build_tabs(self._build_explorer(), self._build_board())
        self.retranslate()
        self._connect()
        self._fill_dashboards()
        self._survey_changed()

    # -- the parts of the widget ---------------------------------------------------------------

    def _build_explorer(self) -> QWidget:
        """The explorer tab: what is charted (survey, metric, question), how it is cut (by, period, filter, weight,
        theme), the chart, and its status and actions."""
        self.survey_combo = QComboBox()
        self.metric_combo = QComboBox()
        self.question_combo = QComboBox()
        self.question_combo.setMinimumWidth(220)
        self.question_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # the whole question
        self.by_combo = QComboBox()
        self.by_combo.setMinimumWidth(150)
        self.period_combo = QComboBox()
        self.weight_combo = QComboBox()
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.theme_combo = QComboBox()
        self.copy_button = QPushButton()
        self.save_button = QPushButton()
        self.add_button = QPushButton()
        self.status = QLabel()
        self.status.setObjectName("countLabel")
        self.view = ChartView(theme=self.theme)
        self.view.sig_clicked.connect(self._chart_clicked)

        # What is charted on the first row, how it is cut on the second: on one row a long question was cut at
        # 125 % scaling.
        first = QHBoxLayout()
        first.addWidget(self.survey_combo)
        for name, widget in (("metric", self.metric_combo), ("question", self.question_combo)):
            first.addWidget(self.labels[name])
            first.addWidget(widget)
        first.addStretch(1)
        second = QHBoxLayout()
        for name, widget in (("by", self.by_combo), ("period", self.period_combo)):
            second.addWidget(self.labels[name])
            second.addWidget(widget)
        second.addWidget(self.labels["filter"])
        second.addWidget(self.filter_edit, 1)
        second.addWidget(self.labels["weight"])
        second.addWidget(self.weight_combo)
        second.addWidget(self.labels["theme"])
        second.addWidget(self.theme_combo)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        for button in (self.copy_button, self.save_button, self.add_button):
            actions.addWidget(button)
        explore = QWidget()
        explore_layout = QVBoxLayout(explore)
        explore_layout.setContentsMargins(0, 8, 0, 0)
        explore_layout.addLayout(first)
        explore_layout.addLayout(second)
        explore_layout.addWidget(self.view, 1)
        explore_layout.addLayout(actions)
        return explore

    def _build_board(self) -> QWidget:
        """The dashboard tab: the dashboard picker with new / rename / delete, and its tiles in a scrolled grid."""
        self.dashboard_combo = QComboBox()
        self.dashboard_combo.setMinimumWidth(180)
        self.new_board_button = QPushButton()
        self.rename_board_button = QPushButton()
        self.delete_board_button = QPushButton()
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        picker = QHBoxLayout()
        picker.addWidget(self.labels["dashboard"])
        picker.addWidget(self.dashboard_combo)
        for button in (self.new_board_button, self.rename_board_button, self.delete_board_button):
            picker.addWidget(button)
        picker.addStretch(1)
        board = QWidget()
        board_layout = QVBoxLayout(board)
        board_layout.setContentsMargins(0, 8, 0, 0)
        board_layout.addLayout(picker)
        board_layout.addWidget(scroll, 1)
        return board

    def _build_tabs(self, explore: QWidget, board: QWidget) -> None:
        """The explorer, the dashboard and the insights panel as the area's tabs."""
        self.tabs = QTabWidget()
        self.tabs.addTab(explore, "")
        self.tabs.addTab(board, "")
        self.insights = InsightsPanel(self.study, lambda: self.survey, lambda: self.dashboard.name)
        self.insights.sig_dashboard_changed.connect(self._tile_added)
        self.tabs.addTab(self.insights, "")
        self.value_panel = ValuePanel(self.study, lambda: self.survey)
        self.tabs.addTab(self.value_panel, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.addWidget(self.tabs)

    def _connect(self) -> None:
        """The pickers recompute the chart; the buttons act on the chart and the dashboards."""
        self.survey_combo.currentIndexChanged.connect(self._survey_changed)
        self.metric_combo.currentIndexChanged.connect(self._metric_changed)
        for combo in (self.question_combo, self.by_combo, self.period_combo, self.weight_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.filter_edit.returnPressed.connect(self.refresh)
        self.filter_edit.textChanged.connect(self._filter_cleared)
        self.theme_combo.currentIndexChanged.connect(self._theme_changed)
        self.copy_button.clicked.connect(self.view.copy)
        self.save_button.clicked.connect(self._save_image)
        self.add_button.clicked.connect(self.add_to_dashboard)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.dashboard_combo.currentIndexChanged.connect(self._dashboard_chosen)
        self.new_board_button.clicked.connect(lambda: self.new_dashboard())
        self.rename_board_button.clicked.connect(lambda: self.rename_dashboard())
        self.delete_board_button.clicked.connect(lambda: self.delete_dashboard())

    # -- choices ------------------------------------------------------------------------------

    @property
    def survey(self) -> Survey | None:
        index = self.survey_combo.currentIndex()
        return self.surveys[index] if 0 <= index < len(self.surveys) else None

    @staticmethod
    def _metric_names() -> dict[str, str]:
        """The menu of charts, named by the core's metric registry."""
        return {chart.key: chart.label(current_language()) for _, chart in registry.CHARTS}

    def _fill(self, combo: QComboBox, items: list[tuple[str, Any]], keep: Any = None) -> None:
        combo.blockSignals(True)
        current = combo.currentData() if keep is None else keep
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
            if isinstance(data, str) and data and data != text:  # a question's or survey's code, as the hint
                combo.setItemData(combo.count() - 1, data, Qt.ItemDataRole.ToolTipRole)
        found = combo.findData(current)
        combo.setCurrentIndex(found if found >= 0 else 0)
        combo.blockSignals(False)

    def _questions(self, types: Collection[QuestionType]) -> list[tuple[str, str]]:
        """The questions of these types, each matrix row as a question (issue 17), then the derived variables
        (issue 20)."""
        lang = current_language()
        survey = self.survey
        if survey is None:
            return []
        asked = survey.active_questions()
        return [(q.label(lang), q.code) for q in asked + matrix_row_questions(asked) + survey.derived
                if q.type in types]

    def _survey_changed(self) -> None:
        survey = self.survey
        # What the analysis weighs by (query.weight_candidates): number questions and numeric derived variables.
        numbers = [(self.tr("No weighting"), "")] + (self._questions((T.NUMBER,)) if survey else [])
        self._fill(self.weight_combo, numbers)
        self._metric_changed()

    def _metric_changed(self) -> None:
        key = self.metric_combo.currentData() or "nps"
        metric, chart = registry.chart(key)
        questions = self._questions(metric.questions)
        preferred = PREFERRED.get(metric.name)
        keep = preferred if preferred in [code for _, code in questions] else self.question_combo.currentData()
        self._fill(self.question_combo, questions, keep=keep)
        segments = self._questions(metric.breakdowns)
        self._fill(self.by_combo, ([] if chart.needs_breakdown else [(self.tr("No breakdown"), "")]) + segments)
        trend = key == "trend"
        self.period_combo.setVisible(trend)
        self.labels["period"].setVisible(trend)
        self.refresh()

    def request(self) -> Request | None:
        survey = self.survey
        key = self.metric_combo.currentData()
        question = self.question_combo.currentData()
        if survey is None or not key or not question:
            return None
        metric, chart = registry.chart(key)
        query = Query(survey.code, filter=self.filter_edit.text().strip(), weight=self.weight_combo.currentData() or None)
        return Request(metric.name, question, query, by=self.by_combo.currentData() or None,
                       period=self.period_combo.currentData() or "week", chart=chart.variant, lang=current_language())

    def select(self, metric: str, question: str, by: str | None = None, filter_text: str = "") -> None:
        """Choose what to show, as a user would in the combos (used by tests and by `open_tile`)."""
        self.metric_combo.setCurrentIndex(self.metric_combo.findData(metric))
        self.question_combo.setCurrentIndex(self.question_combo.findData(question))
        self.by_combo.setCurrentIndex(max(0, self.by_combo.findData(by or "")))
        self.filter_edit.setText(filter_text)
        self.refresh()

    # -- the explorer --------------------------------------------------------------------------------

    def refresh(self) -> None:
        request = self.request()
        if request is None:
            self.view.show_message(self.tr("This study has no question for this chart."))
            return
        self.status.setText(self.tr("Calculating…"))
        self.computation.start(0, request, self._show, self._failed)

    def _show(self, outcome: Outcome, spec: ChartSpec) -> None:
        self.outcome = outcome
        self.view.set_spec(spec)
        result = outcome.result
        n = getattr(result, "n", None)
        self.status.setText(self.tr("Base: n = {0}").format(f"{n:,}") if n is not None else "")

    def _failed(self, error: BaseException) -> None:
        self.outcome = None
        if isinstance(error, XMDeskError):
            self.view.show_message(str(error))
            self.status.setText("")
        else:
            show_error(self, error)

    def _filter_cleared(self, text: str) -> None:
        if not text:
            self.refresh()

    def _chart_clicked(self, category: int, series: int) -> None:
        if self.outcome is None:
            return
        expression = click_filter(self.outcome, category, series)
        if not expression:
            return
        current = self.filter_edit.text().strip()
        self.filter_edit.setText(f"({current}) and {expression}" if current else expression)
        self.refresh()

    def _theme_changed(self) -> None:
        self.theme = THEMES[self.theme_combo.currentData() or "light"]
        self.view.set_theme(self.theme)
        for tile in self.tiles:
            tile.view.set_theme(self.theme)

    def _save_image(self) -> None:
        path, chosen = files.save_file(self, files.IMAGE, self.tr("Save chart"), "chart.png",
                                       self.tr("PNG image (*.png);;SVG drawing (*.svg)"))
        if path:
            self.save_image(Path(path), svg=path.lower().endswith(".svg") or "svg" in chosen.lower())

    def save_image(self, path: Path, svg: bool = False) -> None:
        try:
            if svg:
                self.view.save_svg(path)
            else:
                self.view.save_png(path)
        except XMDeskError as error:  # a full disk, a folder that is gone: said, and nothing was written
            show_error(self, error)
            return
        files.export_done(self, self.tr("Save chart"), path)

    # -- the dashboard ------------------------------------------------------------------------------

    def _load_dashboard(self) -> Dashboard:
        names = dashboard_names(self.study)
        return load_dashboard(self.study, names[0]) if names else Dashboard(DEFAULT_NAME)

    def _save_dashboard(self) -> None:
        try:
            save_dashboard(self.study, self.dashboard)
        except XMDeskError as error:
            show_error(self, error)
        self._fill_dashboards()
        self.show_dashboard()

    def _fill_dashboards(self) -> None:
        """The picker: every saved dashboard, and the open one even before its first tile saves it."""
        saved = dashboard_names(self.study)
        names = saved if self.dashboard.name in saved else saved + [self.dashboard.name]
        self._fill(self.dashboard_combo, [(name, name) for name in names], keep=self.dashboard.name)
        self.rename_board_button.setEnabled(self.dashboard.name in saved)
        self.delete_board_button.setEnabled(self.dashboard.name in saved)

    def _dashboard_chosen(self) -> None:
        name = self.dashboard_combo.currentData()
        if name and name != self.dashboard.name:
            self.open_dashboard(name)

    def open_dashboard(self, name: str) -> None:
        try:
            self.dashboard = load_dashboard(self.study, name)
        except XMDeskError as error:
            show_error(self, error)
        self._fill_dashboards()
        self.show_dashboard()

    def _tile_added(self, name: str) -> None:
        """A finding of the Insights tab became a tile: that dashboard is the open one, drawn when its tab is."""
        self.dashboard = load_dashboard(self.study, name)
        self._fill_dashboards()

    def _ask_name(self, title: str, current: str) -> str | None:
        """A dashboard name typed by the user, trimmed (None: cancelled)."""
        name, accepted = QInputDialog.getText(self, title, self.tr("Dashboard name:"), text=current)
        return name.strip() if accepted else None

    def _check_free(self, name: str) -> None:
        if not name:
            raise ModelError("analysis.dashboard_name")
        if name in dashboard_names(self.study):
            raise ModelError("analysis.dashboard_exists", name=name)

    def new_dashboard(self, name: str | None = None) -> None:
        """Start an empty dashboard (saved at once, so it is in the picker and survives a restart)."""
        name = self._ask_name(self.tr("New dashboard"), "") if name is None else name.strip()
        if name is None:
            return
        try:
            self._check_free(name)
            save_dashboard(self.study, Dashboard(name))
        except XMDeskError as error:
            show_error(self, error)
            return
        self.open_dashboard(name)

    def rename_dashboard(self, name: str | None = None) -> None:
        """Give the open dashboard another name, keeping its tiles (one transaction: never both or neither)."""
        old = self.dashboard.name
        name = self._ask_name(self.tr("Rename dashboard"), old) if name is None else name.strip()
        if name is None or name == old:
            return
        try:
            self._check_free(name)
            with self.study.transaction(Changes.of("dashboards")):
                save_dashboard(self.study, Dashboard(name, list(self.dashboard.tiles)))
                delete_dashboard(self.study, old)
        except XMDeskError as error:
            show_error(self, error)
            return
        self.open_dashboard(name)

    def delete_dashboard(self, confirm: bool = True) -> None:
        """Delete the open dashboard (after asking) and open the first one left, or a fresh empty one."""
        name = self.dashboard.name
        question = self.tr("Delete the dashboard “{0}” and its {1} tiles? Their charts stay available in the "
                           "explorer.").format(name, len(self.dashboard.tiles))
        if confirm and QMessageBox.question(self, self.tr("Delete dashboard"), question) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_dashboard(self.study, name)
        except XMDeskError as error:
            show_error(self, error)
            return
        self.dashboard = self._load_dashboard()
        self._fill_dashboards()
        self.show_dashboard()

    def add_to_dashboard(self) -> None:
        request = self.request()
        if request is not None:
            self.dashboard.tiles.append(Tile(request))
            self._save_dashboard()
            self.status.setText(self.tr("Added to the dashboard."))

    def move_tile(self, index: int, step: int) -> None:
        self.dashboard = self.dashboard.moved(index, step)
        self._save_dashboard()

    def toggle_span(self, index: int) -> None:
        tile = self.dashboard.tiles[index]
        self.dashboard.tiles[index] = replace(tile, span=1 if tile.span == 2 else 2)
        self._save_dashboard()

    def remove_tile(self, index: int) -> None:
        del self.dashboard.tiles[index]
        self._save_dashboard()

    def open_tile(self, index: int) -> None:
        request = self.dashboard.tiles[index].request
        key = registry.chart_key(request.metric, request.chart)
        self.tabs.setCurrentIndex(0)
        self.select(key, request.question, request.by, request.query.filter)

    def show_dashboard(self) -> None:
        """Lay the tiles out two to a row (a full-width tile takes a row) and compute each on the pool."""
        self.computation.forget(range(TILE_SLOT, TILE_SLOT + len(self.tiles)))
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once, even before the event loop gets to the deletion
                widget.deleteLater()
        self.tiles = []
        row = column = 0
        for index, tile in enumerate(self.dashboard.tiles):
            if tile.span == 2 and column == 1:
                row, column = row + 1, 0
            frame = TileFrame(self, index, tile)
            self.grid.addWidget(frame, row, column, 1, tile.span)
            self.tiles.append(frame)
            column += tile.span
            if column >= 2:
                row, column = row + 1, 0
            self._compute_tile(TILE_SLOT + index, tile.request.with_lang(current_language()), frame.view)
        self.grid.setRowStretch(row + 1, 1)
        if not self.dashboard.tiles:
            self.grid.addWidget(QLabel(self.tr("No tiles yet: make a chart in the explorer and add it here.")), 0, 0)

    def _compute_tile(self, slot: int, request: Request, view: ChartView) -> None:
        def done(_outcome: Outcome, spec: ChartSpec) -> None:
            view.set_spec(spec)

        def failed(error: BaseException) -> None:
            view.show_message(str(error))

        self.computation.start(slot, request, done, failed)

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.show_dashboard()
        elif self.tabs.widget(index) is self.value_panel:
            self.value_panel.refresh()

    # -- what changed ---------------------------------------------------------------------------------

    def apply_changes(self, changes: Changes) -> None:
        """A new or changed survey re-fills the pickers; responses of the survey shown (or operational data
        a chart may join) are computed again, in the explorer and on the dashboard; dashboards saved
        elsewhere re-fill their picker."""
        shown = self.survey.code if self.survey is not None else ""
        if changes.touches("surveys"):
            self.surveys = list_surveys(self.study)
            self._fill(self.survey_combo, [(s.title(current_language()), s.code) for s in self.surveys], keep=shown)
            self.survey_combo.setVisible(len(self.surveys) > 1)
            self._survey_changed()
        elif changes.touches_survey(shown, "responses", "odata"):
            self.refresh()
        if changes.touches("dashboards"):
            self._fill_dashboards()
        if changes.touches("surveys", "responses", "odata") and self.tabs.currentIndex() == 1:
            self.show_dashboard()
        if changes.touches("odata"):
            self.value_panel.fill_tables()
        if changes.touches("surveys", "responses", "odata") and self.tabs.currentWidget() is self.value_panel:
            self.value_panel.refresh()

    # -- language ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = current_language()
        self._fill(self.survey_combo, [(s.title(lang), s.code) for s in self.surveys])
        self.survey_combo.setVisible(len(self.surveys) > 1)
        self._fill(self.metric_combo, [(name, key) for key, name in self._metric_names().items()])
        self._fill(self.period_combo, [(self.tr("Day"), "day"), (self.tr("Week"), "week"), (self.tr("Month"), "month")],
                   keep=self.period_combo.currentData() or "week")
        self._fill(self.theme_combo, [(self.tr("Light"), "light"), (self.tr("Dark"), "dark")])
        texts = {"metric": self.tr("Chart:"), "question": self.tr("Question:"), "by": self.tr("By:"),
                 "period": self.tr("Period:"), "weight": self.tr("Weight:"), "filter": self.tr("Filter:"),
                 "theme": self.tr("Theme:")}
        for name, text in texts.items():
            self.labels[name].setText(text)
        self.filter_edit.setPlaceholderText(self.tr("An expression such as ${region} = 'east' and ${csat} >= 4 "
                                                    "(Enter); click a bar to filter by it"))
        self.copy_button.setText(self.tr("Copy"))
        self.save_button.setText(self.tr("Save image…"))
        self.add_button.setText(self.tr("Add to dashboard"))
        self.tabs.setTabText(0, self.tr("Explore"))
        self.tabs.setTabText(1, self.tr("Dashboard"))
        self.tabs.setTabText(2, self.tr("Insights"))
        self.tabs.setTabText(3, self.tr("Value"))
        self.labels["dashboard"].setText(self.tr("Dashboard:"))
        self.new_board_button.setText(self.tr("New…"))
        self.rename_board_button.setText(self.tr("Rename…"))
        self.delete_board_button.setText(self.tr("Delete"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._survey_changed()  # the question pickers name questions in the new language, then redraw
        super().changeEvent(event)
