"""The Text area: open comments as topics, sentiment and keywords, tied to NPS and CSAT.

The analysis (`xmdesk.core.text.analyze`) runs on a worker with a progress dialog and Cancel;
the area only shows its result: a comment browser with filters and highlighted keywords and
drivers (double click opens the whole response; keys 1/2/3 set a comment's polarity by hand, 0
gives it back to the model, T picks its topics, Q marks it quotable), a topic table with charts
(neutral mentions counted apart), and keyword charts. Each distinct
comment is scored once per study, so analysing again after editing the codebook is quick.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import XMDeskError
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, list_surveys
from xmdesk.core.text import analyze as text_analysis
from xmdesk.core.text.adjust import Adjustment, load_adjustment
from xmdesk.core.text.browse import CommentFilter
from xmdesk.core.text.cache import store as store_cache
from xmdesk.core.text.codebook import rule_words
from xmdesk.core.text.codes import set_code
from xmdesk.core.text.lexicon import load_lexicon
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import current_language
from xmdesk.gui.text.charts import BAR_COLOR, NEUTRAL, BarChart, sentiment_color
from xmdesk.gui.text.codebook_dialog import CodebookDialog
from xmdesk.gui.text.learning import LearningButtons
from xmdesk.gui.text.comments_model import (COMMENT, ID, SENTIMENT, TOPICS, CommentsModel, HighlightDelegate,
                                            highlight_pattern, sentiment_name)
from xmdesk.gui.text.response_dialog import ResponseDialog
from xmdesk.gui.text.topic_picker import TopicPicker
from xmdesk.gui.workers import JobWorker, run_job

SEARCH_DEBOUNCE_MS = 300
SEGMENT_TYPES = (QuestionType.SINGLE, QuestionType.DROPDOWN)
CHART_TOPICS = 12
CHART_WORDS = 20
# Keys of the comment browser that code the current comment by hand.
POLARITY_KEYS = {Qt.Key.Key_1: "positive", Qt.Key.Key_2: "neutral", Qt.Key.Key_3: "negative", Qt.Key.Key_0: None}


@dataclass
class AreaResult:
    """What the worker hands to the area: the analysis and the answers its filters read."""

    analysis: text_analysis.TextAnalysis
    answers: pd.DataFrame
    highlight: list[str]
    adjustment: Adjustment | None = None
    """The study's adjustment the scores were moved by (the comment browser says what it moved)."""


def _cell(text: str, number: float | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number is not None:
        item.setData(Qt.ItemDataRole.UserRole, number)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


class TextArea(QWidget):
    """The Text area: the comments of one text question analysed on a worker, shown as a browser, topics and
    keywords; a stale analysis is run again when the area is shown."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.surveys: list[Survey] = list_surveys(study)
        self.result: AreaResult | None = None
        self.worker: JobWorker | None = None
        self._again = False
        self._stale = False
        """Data behind the analysis shown changed while the area was hidden."""
        self._own_codes = 0
        """Codes written from the browser whose change records have not come back yet (already shown)."""

        self.question_label = QLabel()
        self.question_combo = QComboBox()
        self.question_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_label = QLabel()
        self.model_combo = QComboBox()
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.analyse_button = QPushButton()
        self.codebook_button = QPushButton()
        self.learning = LearningButtons(study)  # the study's own adjustment of the model, from the codes
        self.summary_label = QLabel()
        self.summary_label.setObjectName("countLabel")
        self.summary_label.setWordWrap(True)  # a long summary in English: two lines rather than cut
        toolbar = QHBoxLayout()
        for widget in (self.question_label, self.question_combo, self.model_label, self.model_combo,
                       self.analyse_button, self.codebook_button):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._comments_page(), "")
        self.tabs.addTab(self._topics_page(), "")
        self.tabs.addTab(self._keywords_page(), "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(toolbar)
        summary = QHBoxLayout()  # learning beside the line that says how much is machine-coded (the toolbar is full)
        summary.addWidget(self.summary_label, 1)
        summary.addWidget(self.learning)
        layout.addLayout(summary)
        layout.addWidget(self.tabs, 1)

        self._fill_questions()
        self.analyse_button.clicked.connect(self.analyse)
        self.codebook_button.clicked.connect(self.edit_codebook)
        self.question_combo.currentIndexChanged.connect(lambda _i: self.analyse())
        self.retranslate()
        # Analyse once the area is on screen (cached comments make this quick after the first time).
        QTimer.singleShot(0, self.analyse)

    # -- building ----------------------------------------------------------------------------

    def _comments_page(self) -> QWidget:
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(160)
        self.topic_combo = QComboBox()
        self.sentiment_combo = QComboBox()
        self.segment_combo = QComboBox()
        self.segment_value_combo = QComboBox()
        self.nps_combo = QComboBox()
        self.open_button = QPushButton()
        self.topics_button = QPushButton()
        self.quotable_button = QPushButton()
        self.keys_label = QLabel()
        self.keys_label.setObjectName("countLabel")
        self.keys_label.setWordWrap(True)
        self.keys_label.setMinimumWidth(120)  # it wraps into what the count and the buttons leave it
        self.count_label = QLabel()
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit)
        for combo in (self.topic_combo, self.sentiment_combo, self.segment_combo, self.segment_value_combo,
                      self.nps_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.addWidget(combo)
        filters.addStretch(1)
        # What is done to the selected comment sits under the list, beside the keys that do the same: on the
        # filter row the buttons squeezed the filters' words away at 125 % scaling.
        selected = QHBoxLayout()
        selected.addWidget(self.count_label)  # beside the filters it was squeezed to nothing in Chinese at 125 %
        selected.addWidget(self.keys_label, 1)
        selected.addWidget(self.topics_button)
        selected.addWidget(self.quotable_button)
        selected.addWidget(self.open_button)

        self.comments = CommentsModel(self)
        self.view = QTableView()
        self.view.setModel(self.comments)
        self.view.setItemDelegateForColumn(COMMENT, HighlightDelegate(self.view))
        self.view.setItemDelegateForColumn(TOPICS, HighlightDelegate(self.view))
        self.view.installEventFilter(self)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((ID, 64), (SENTIMENT, 150), (TOPICS, 190)):
            self.view.setColumnWidth(column, width)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(selected)
        self.search_edit.textChanged.connect(lambda _t: self._debounce.start())
        self._debounce.timeout.connect(self.apply_filters)
        for combo in (self.topic_combo, self.sentiment_combo, self.segment_value_combo, self.nps_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.segment_combo.currentIndexChanged.connect(lambda _i: self._fill_segment_values())
        self.view.doubleClicked.connect(self._open_response)
        self.open_button.clicked.connect(lambda: self._open_response(self.view.currentIndex()))
        self.topics_button.clicked.connect(self.pick_topics)
        self.quotable_button.clicked.connect(self.toggle_quotable)
        return page

    def _topics_page(self) -> QWidget:
        self.topic_table = QTableWidget(0, 11)
        self.topic_table.verticalHeader().hide()
        self.topic_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.topic_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Numbers as wide as their headers' words, the topic's name takes the rest (all stretched alike, 'NPS
        # without' and 'Negative %' were cut).
        self.topic_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.topic_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.topic_table.horizontalHeader().setMinimumSectionSize(60)  # 'Topic' / '主题' itself, at 125 % too
        self.topic_table.cellDoubleClicked.connect(self._browse_topic)
        self.share_chart = BarChart()
        self.nps_chart = BarChart()
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.share_chart)
        charts.addWidget(self.nps_chart)
        self.topics_note = QLabel()
        self.topics_note.setWordWrap(True)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.topic_table, 1)
        table_layout.addWidget(self.topics_note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table_box)
        splitter.addWidget(charts)
        splitter.setSizes([260, 360])
        page = QWidget()
        QVBoxLayout(page).addWidget(splitter)
        return page

    def _keywords_page(self) -> QWidget:
        self.keyword_chart = BarChart()
        self.textrank_chart = BarChart()
        self.sentiment_chart = BarChart()
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.textrank_chart)
        side.addWidget(self.sentiment_chart)
        side.setSizes([420, 200])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.keyword_chart)
        splitter.addWidget(side)
        page = QWidget()
        QVBoxLayout(page).addWidget(splitter)
        return page

    def _fill_questions(self) -> None:
        lang = current_language()
        self.question_combo.blockSignals(True)
        current = self.question_combo.currentData()
        self.question_combo.clear()
        for survey in self.surveys:
            for question in text_analysis.text_questions(survey):
                label = question.label(lang)
                if len(self.surveys) > 1:
                    label = f"{survey.title(lang)} · {label}"
                self.question_combo.addItem(label, f"{survey.code}/{question.code}")
        if current is not None:
            self.question_combo.setCurrentIndex(max(0, self.question_combo.findData(current)))
        self.question_combo.blockSignals(False)

    def apply_changes(self, changes: Changes) -> None:
        """New text questions join the picker; comments that arrived, or a codebook or dictionary changed
        elsewhere, make the analysis shown out of date: it runs again now if the area is on screen, else
        when it next shows (a progress dialog must not come up over another area)."""
        chosen = str(self.question_combo.currentData() or "")
        if changes.touches("surveys"):
            self.surveys = list_surveys(self.study)
            self._fill_questions()
        self.learning.apply_changes(changes)  # at once, shown or not: one look-up
        if self._own_codes and changes == Changes.of("text", surveys=[chosen.partition("/")[0]]):
            self._own_codes -= 1  # a code typed here: shown already, nothing to analyse again
            return
        if changes.touches("text") or changes.touches_survey(chosen.partition("/")[0], "surveys", "responses"):
            self._stale = True
            if self.isVisible():
                self._analyse_if_stale()

    def _analyse_if_stale(self) -> None:
        if self._stale:
            self._stale = False
            self.analyse()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._analyse_if_stale)

    def _survey(self, code: str) -> Survey:
        return next(s for s in self.surveys if s.code == code)

    # -- running ------------------------------------------------------------------------------

    def analyse(self) -> None:
        """Run the analysis of the chosen question on a worker (progress dialog with Cancel)."""
        chosen = self.question_combo.currentData()
        if self.worker is not None and not self.worker.done:
            self._again = True  # asked for while one runs: run once more when it reports
            return
        if chosen is None:
            self._show_summary()
            return
        survey_code, _, question = str(chosen).partition("/")
        survey = self._survey(survey_code)
        model = str(self.model_combo.currentData() or "ours")
        study = self.study

        def job(progress: Progress, cancel: CancelToken) -> AreaResult:
            # The worker reads on its own read-only connection (the GUI thread keeps using the study's), then
            # keeps what it computed in the study's cache, here too: `show_result` only shows (issue 19).
            with study.read_view() as twin:
                analysis = text_analysis.analyze(twin, survey, question, progress, cancel, model=model)
                segments = [q.code for q in survey.active_questions() if q.type in SEGMENT_TYPES]
                nps_q = analysis.nps_question
                answers = load_frame(twin, survey, segments + ([nps_q.code] if nps_q else []))
                result = AreaResult(analysis, answers, rule_words(analysis.codebook, load_lexicon(twin)),
                                    load_adjustment(twin) if analysis.sentiment.adjusted else None)
            store_cache(study, analysis.entries, cancel)  # a read-only study keeps nothing, which is fine
            return result

        self.analyse_button.setEnabled(False)
        self.worker = run_job(self, self.tr("Analysing comments"), job, self.show_result, self._failed)
        # A bound method, not a lambda: Qt drops the connection when this area is deleted before the job ends.
        self.worker.signals.sig_failed.connect(self._job_failed)

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)

    def _job_failed(self, _error: BaseException) -> None:
        self._job_ended()

    def _job_ended(self) -> None:
        """Whatever the outcome: the button comes back, and a request made meanwhile runs now."""
        self.analyse_button.setEnabled(True)
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.analyse)

    def edit_codebook(self) -> None:
        codebook = self.result.analysis.codebook if self.result else text_analysis.load_codebook_or_default(self.study)
        dialog = CodebookDialog(self.study, codebook, self)
        if dialog.exec():
            self.analyse()

    # -- showing ------------------------------------------------------------------------------

    def show_result(self, result: AreaResult) -> None:
        self.result = result
        self._own_codes = 0  # the analysis read every code: records still to come would be news to it
        analysis = result.analysis
        self.comments.set_table(analysis.table, result.adjustment)
        self._fill_filters()
        self._show_topics()
        self._show_keywords()
        self._show_summary()
        self._show_keys()
        self.apply_filters()
        self._job_ended()

    def _fill_filters(self) -> None:
        assert self.result is not None
        analysis = self.result.analysis
        lang = current_language()
        combos = (self.topic_combo, self.segment_combo, self.sentiment_combo, self.nps_combo)
        kept = [c.currentData() for c in combos]
        for combo in combos:
            combo.blockSignals(True)
            combo.clear()
        self.topic_combo.addItem(self.tr("All topics"), None)
        for name in analysis.codebook.names:
            self.topic_combo.addItem(name, name)
        self.topic_combo.addItem(self.tr("No topic"), "")
        self.segment_combo.addItem(self.tr("All segments"), None)
        for question in analysis.survey.active_questions():
            if question.type in SEGMENT_TYPES:
                self.segment_combo.addItem(question.label(lang), question.code)
        self.sentiment_combo.addItem(self.tr("All sentiment"), None)
        for label in ("negative", "neutral", "positive"):
            self.sentiment_combo.addItem(sentiment_name(label), label)
        self.nps_combo.addItem(self.tr("All NPS groups"), None)
        for group, text in (("detractor", self.tr("Detractors (0-6)")), ("passive", self.tr("Passives (7-8)")),
                            ("promoter", self.tr("Promoters (9-10)"))):
            self.nps_combo.addItem(text, group)
        self.nps_combo.setVisible(analysis.nps_question is not None)
        for combo, value in zip(combos, kept):
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self._fill_segment_values(apply=False)

    def _segment_question(self) -> Question | None:
        code = self.segment_combo.currentData()
        if self.result is None or not code:
            return None
        return self.result.analysis.survey.question(code)

    def _fill_segment_values(self, apply: bool = True) -> None:
        question = self._segment_question()
        self.segment_value_combo.blockSignals(True)
        self.segment_value_combo.clear()
        if question is not None:
            lang = current_language()
            for choice in question.choices:
                self.segment_value_combo.addItem(choice.label(lang), choice.value)
        self.segment_value_combo.setVisible(question is not None)
        self.segment_value_combo.blockSignals(False)
        if apply:
            self.apply_filters()

    def current_filter(self) -> CommentFilter:
        question = self._segment_question()
        nps_q = self.result.analysis.nps_question if self.result else None
        return CommentFilter(
            search=self.search_edit.text(), topic=self.topic_combo.currentData(),
            sentiment=self.sentiment_combo.currentData(),
            segment_column=question.code if question is not None else None,
            segment_value=self.segment_value_combo.currentData() if question is not None else None,
            nps_column=nps_q.code if nps_q is not None else None, nps_group=self.nps_combo.currentData())

    def apply_filters(self) -> None:
        self._debounce.stop()
        if self.result is None:
            return
        flt = self.current_filter()
        rows = np.flatnonzero(flt.mask(self.result.analysis.table, self.result.answers))
        words = self.result.highlight + flt.search.split()
        self.comments.set_rows(rows, highlight_pattern(words))
        self._show_count()

    def _show_keys(self) -> None:
        """The keys and what the colours mean; what underlines and arrows mean once the scores are moved by what was
        learned from the codes."""
        self.keys_label.setText(self.tr("Code the selected comment by hand: 1 positive · 2 neutral · 3 negative · "
                                        "0 the model's · T topics · Q quotable. Green and red grounds: the words "
                                        "that drove the score.")
                                + (self.tr(" Underlined, ↑↓: moved by what was learned from your codes.")
                                   if self.result is not None and self.result.adjustment is not None else ""))

    def _show_count(self) -> None:
        """How many comments the filters leave, in the current language (again after a switch)."""
        self.count_label.setText(self.tr("%n comment(s)", "", self.comments.rowCount()))

    def _show_summary(self) -> None:
        if self.result is None:
            text = self.tr("No open-text question in this study.") if self.question_combo.count() == 0 else ""
            self.summary_label.setText(text)
            return
        s = self.result.analysis.sentiment
        self.summary_label.setText(
            self.tr("%1 comments · %2 neutral (no opinion) · of the %3 with an opinion: %4% negative, %5% positive "
                    "· %6 machine-coded, %7 by hand")
            .replace("%1", f"{s.n:,}").replace("%2", f"{s.neutral:,}").replace("%3", f"{s.opinions:,}")
            .replace("%4", _fmt(s.share("negative"), 0)).replace("%5", _fmt(s.share("positive"), 0))
            .replace("%6", f"{s.machine_coded:,}").replace("%7", f"{s.by_hand:,}")
            + (self.tr(" · the model adjusted by %1 of this study's codes").replace("%1", f"{s.adjusted:,}")
               if s.adjusted else ""))

    # -- coding by hand -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """1/2/3 set the current comment's polarity, 0 gives it back to the model, T topics, Q quotable."""
        if watched is self.view and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            if key in POLARITY_KEYS:
                self.code_current(polarity=POLARITY_KEYS[key])
                return True
            if key == Qt.Key.Key_T:
                self.pick_topics()
                return True
            if key == Qt.Key.Key_Q:
                self.toggle_quotable()
                return True
        return super().eventFilter(watched, event)

    def code_current(self, **fields: object) -> None:
        """Store a code of the comment under the cursor and show it at once (no new analysis)."""
        index = self.view.currentIndex()
        if not index.isValid() or self.result is None:
            return
        analysis = self.result.analysis
        self._own_codes += 1
        try:
            code = set_code(self.study, analysis.survey.code, analysis.question.code,
                            self.comments.response_id(index.row()), **fields)
        except XMDeskError as error:
            self._own_codes -= 1
            show_error(self, error)
            return
        analysis.recode(code)
        self.comments.row_changed(self.comments.table_row(index.row()))
        self._show_summary()
        self._show_topics()

    def pick_topics(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid() or self.result is None:
            return
        row = self.comments.table_row(index.row())
        table = self.result.analysis.table
        picker = TopicPicker(str(table.at[row, "text"]), self.result.analysis.codebook.names,
                             list(table.at[row, "topics"]), self)
        if picker.exec():
            self.code_current(topics=None if picker.cleared else picker.chosen())

    def toggle_quotable(self) -> None:
        index = self.view.currentIndex()
        if index.isValid() and self.result is not None:
            row = self.comments.table_row(index.row())
            self.code_current(quotable=not bool(self.result.analysis.table.at[row, "quotable"]))

    def _show_topics(self) -> None:
        assert self.result is not None
        stats = self.result.analysis.topics
        table = self.topic_table
        table.setSortingEnabled(False)
        table.setRowCount(len(stats))
        for row, stat in enumerate(stats):
            nps_with = stat.nps_with.nps if stat.nps_with else math.nan
            nps_without = stat.nps_without.nps if stat.nps_without else math.nan
            csat_with = stat.csat_with.mean if stat.csat_with else math.nan
            csat_without = stat.csat_without.mean if stat.csat_without else math.nan
            values = [
                _cell(stat.topic),
                _cell(f"{stat.n:,}", stat.n),
                _cell(f"{stat.neutral:,}", stat.neutral),
                _cell(_fmt(stat.share), stat.share),
                _cell(_fmt(stat.mean_sentiment, 2), stat.mean_sentiment),
                _cell(_fmt(stat.negative_share), stat.negative_share),
                _cell(_fmt(nps_with), nps_with),
                _cell(_fmt(nps_without), nps_without),
                _cell(_fmt(nps_with - nps_without), nps_with - nps_without),
                _cell(_fmt(csat_with, 2), csat_with),
                _cell(_fmt(csat_without, 2), csat_without),
            ]
            if stat.n and stat.nps_with is not None and stat.nps_with.small_base:
                values[6].setToolTip(self.tr("Small base: fewer than 30 respondents"))
                values[6].setText(values[6].text() + " *")
            values[4].setForeground(sentiment_color(stat.mean_sentiment))
            for column, item in enumerate(values):
                table.setItem(row, column, item)
        shown = sorted(stats, key=lambda s: -s.n)[:CHART_TOPICS]
        self.share_chart.set_bars([s.topic for s in shown], [s.share for s in shown],
                                  [sentiment_color(s.mean_sentiment) for s in shown])
        with_nps = [s.nps_with.nps if s.nps_with and s.n else math.nan for s in shown]
        without = [s.nps_without.nps if s.nps_without else math.nan for s in shown]
        self.nps_chart.set_series([s.topic for s in shown], [
            ([0.0 if math.isnan(v) else v for v in with_nps], [BAR_COLOR] * len(shown)),
            ([0.0 if math.isnan(v) else v for v in without], [NEUTRAL] * len(shown)),
        ])
        self._title_charts()

    def _show_keywords(self) -> None:
        assert self.result is not None
        analysis = self.result.analysis
        tfidf = analysis.tfidf[:CHART_WORDS]
        self.keyword_chart.set_bars([w for w, _ in tfidf], [x for _, x in tfidf])
        textrank = analysis.textrank[:CHART_WORDS // 2 + 5]
        self.textrank_chart.set_bars([w for w, _ in textrank], [x for _, x in textrank])
        s = analysis.sentiment
        labels = ("negative", "neutral", "positive")
        self.sentiment_chart.set_bars([sentiment_name(label) for label in labels],
                                      [s.share(label) for label in labels],
                                      [sentiment_color(x) for x in (0.0, 0.5, 1.0)])
        self._title_charts()

    def _title_charts(self) -> None:
        self.share_chart.set_title(self.tr("Share of comments by topic (%), coloured by sentiment"))
        self.nps_chart.set_title(self.tr("NPS of respondents who mention the topic (blue) and who do not (grey)"))
        self.keyword_chart.set_title(self.tr("Keywords (TF-IDF)"))
        self.textrank_chart.set_title(self.tr("Keywords (TextRank)"))
        self.sentiment_chart.set_title(self.tr("Sentiment of comments (%)"))

    def _browse_topic(self, row: int, _column: int) -> None:
        """Double-clicking a topic shows its comments."""
        item = self.topic_table.item(row, 0)
        if item is not None:
            self.topic_combo.setCurrentIndex(max(0, self.topic_combo.findData(item.text())))
            self.tabs.setCurrentIndex(0)

    def _open_response(self, index: QModelIndex) -> None:
        if not index.isValid() or self.result is None:
            return
        try:
            ResponseDialog(self.study, self.result.analysis.survey, self.comments.response_id(index.row()), self).exec()
        except XMDeskError as error:
            show_error(self, error)

    # -- language -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.question_label.setText(self.tr("Question:"))
        self.model_label.setText(self.tr("Sentiment model:"))
        current = self.model_combo.currentData()
        self.model_combo.clear()
        self.model_combo.addItem(self.tr("XMDesk (fast, default)"), "ours")
        self.model_combo.addItem(self.tr("snownlp (baseline, slow)"), "snownlp")
        self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(current)))
        self.analyse_button.setText(self.tr("Analyse"))
        self.codebook_button.setText(self.tr("Codebook and words…"))
        self.search_edit.setPlaceholderText(self.tr("Search comments"))
        self.open_button.setText(self.tr("Open response"))
        self.topics_button.setText(self.tr("Topics…"))
        self.quotable_button.setText(self.tr("Quotable"))
        self._show_keys()
        self.tabs.setTabText(0, self.tr("Comments"))
        self.tabs.setTabText(1, self.tr("Topics"))
        self.tabs.setTabText(2, self.tr("Keywords"))
        self.topics_note.setText(self.tr("Sentiment and Negative % are about the topic itself (the clause that names "
                                         "it) and leave out the neutral mentions, counted apart. “Without”: "
                                         "respondents whose comment on this question does not mention the "
                                         "topic. * fewer than 30 respondents. Double-click a topic to read its "
                                         "comments."))
        self.topic_table.setHorizontalHeaderLabels([
            self.tr("Topic"), self.tr("Comments"), self.tr("Neutral"), self.tr("Share %"), self.tr("Sentiment"),
            self.tr("Negative %"),
            self.tr("NPS with"), self.tr("NPS without"), self.tr("NPS difference"), self.tr("CSAT with"),
            self.tr("CSAT without")])
        self._fill_questions()
        if self.result is not None:
            self._fill_filters()
            self._title_charts()
            self._show_count()
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
