"""The areas still to be built, as honest pages: what each will do, and what this study holds for it.

Each page reads its summary through core functions only and is rebuilt when the
language changes, so names and labels follow the UI language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from xmdesk.core import cases, journeys, odata, responses
from xmdesk.core.study import Study
from xmdesk.core.survey import QuestionType, Survey, list_surveys
from xmdesk.gui.areas import area_name
from xmdesk.gui.areas.labels import case_status, question_type
from xmdesk.gui.i18n import current_language

TEXT_TYPES = {QuestionType.TEXT}
CHART_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.DROPDOWN, QuestionType.NPS,
               QuestionType.RATING, QuestionType.MATRIX, QuestionType.NUMBER}


@dataclass
class SummaryRow:
    text: str
    detail: str = ""
    children: list[SummaryRow] = field(default_factory=list)


class OverviewArea(QWidget):
    """A title, what the area is for, and a tree summarising the study's relevant content."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.title_label = QLabel()
        self.title_label.setObjectName("areaTitle")
        self.about_label = QLabel()
        self.about_label.setWordWrap(True)
        self.about_label.setObjectName("areaAbout")
        self.status_label = QLabel()
        self.status_label.setObjectName("areaStatus")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("sectionTitle")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setDefaultSectionSize(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(10)
        for widget in (self.title_label, self.about_label, self.status_label, self.summary_label):
            layout.addWidget(widget)
        layout.addWidget(self.tree, 1)
        self.retranslate()

    # -- what each area says ---------------------------------------------------------------

    key = ""
    """Which of `AREA_NAMES` this page is."""

    def title(self) -> str:
        return area_name(self.key)

    def about(self) -> str:
        raise NotImplementedError

    def summary(self) -> list[SummaryRow]:
        raise NotImplementedError

    def surveys(self) -> list[Survey]:
        return list_surveys(self.study)

    def response_counts(self) -> list[SummaryRow]:
        lang = current_language()
        return [SummaryRow(survey.title(lang),
                           self.tr("%n response(s)", "", responses.count(self.study.conn, survey)))
                for survey in self.surveys()]

    def questions_by_survey(self, types: Collection[QuestionType],
                            count_label: Callable[[int], str]) -> list[SummaryRow]:
        """Each survey with its questions of `types`, counted in the area's own words."""
        lang = current_language()
        return [SummaryRow(survey.title(lang), count_label(len(rows)), rows)
                for survey in self.surveys() for rows in [_questions_of(survey, types)]]

    # -- drawing ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title_label.setText(self.title())
        self.about_label.setText(self.about())
        self.status_label.setText(self.tr("Coming in a later version. Nothing here changes your study."))
        self.summary_label.setText(self.tr("In this study"))
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("Details")])
        self.tree.clear()
        rows = self.summary() or [SummaryRow(self.tr("Nothing yet"))]
        self.tree.addTopLevelItems([self._item(row) for row in rows])
        self.tree.expandToDepth(0)

    def _item(self, row: SummaryRow) -> QTreeWidgetItem:
        item = QTreeWidgetItem([row.text, row.detail])
        item.setToolTip(0, row.text)  # long labels are elided in the tree
        item.setToolTip(1, row.detail)
        item.addChildren([self._item(child) for child in row.children])
        return item

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _questions_of(survey: Survey, kinds: Collection[QuestionType]) -> list[SummaryRow]:
    lang = current_language()
    return [SummaryRow(f"{q.code} · {q.label(lang)}", question_type(q.type))
            for q in survey.active_questions() if q.type in kinds]


class SurveysArea(OverviewArea):
    key = "surveys"

    def about(self) -> str:
        return self.tr("Design questionnaires: questions and choices in Chinese and English, skip logic, "
                       "versions, and XLSForm import and export.")

    def summary(self) -> list[SummaryRow]:
        lang = current_language()
        rows = []
        for survey in self.surveys():
            kinds = Counter(question_type(q.type) for q in survey.active_questions())
            breakdown = self.tr(", ").join(f"{name} {count}" for name, count in kinds.most_common())
            children = [SummaryRow(self.tr("Question types"), breakdown)]
            children += [SummaryRow(f"{q.code} · {q.label(lang)}", question_type(q.type))
                         for q in survey.active_questions()]
            rows.append(SummaryRow(f"{survey.title(lang)} ({survey.code})",
                                   self.tr("%n question(s)", "", len(survey.active_questions())), children))
        return rows


class EntryArea(OverviewArea):
    key = "entry"

    def about(self) -> str:
        return self.tr("Key in paper questionnaires and interviews, one response at a time, with required "
                       "answers and constraints checked as you type and drafts kept safe.")

    def summary(self) -> list[SummaryRow]:
        return self.response_counts()


class ImportArea(OverviewArea):
    key = "import"

    def about(self) -> str:
        return self.tr("Bring in responses from Excel and CSV exports (Qualtrics, SurveyMonkey, Wenjuanxing, "
                       "Tencent Survey) and operational tables such as customers and orders.")

    def summary(self) -> list[SummaryRow]:
        customers = SummaryRow(self.tr("Customers"), self.tr("%n row(s)", "", odata.customer_count(self.study)))
        return [customers] + [SummaryRow(f"{table.label or table.name} ({table.name})",
                                         self.tr("%n row(s)", "", odata.row_count(self.study, table)))
                              for table in odata.list_tables(self.study)]


class ChartsArea(OverviewArea):
    key = "charts"

    def about(self) -> str:
        return self.tr("NPS, CSAT and CES, distributions, crosstabs with significance tests, trends over time "
                       "and key-driver analysis, drawn as interactive charts.")

    def summary(self) -> list[SummaryRow]:
        return self.questions_by_survey(CHART_TYPES, lambda n: self.tr("%n chartable question(s)", "", n))


class TextArea(OverviewArea):
    key = "text"

    def about(self) -> str:
        return self.tr("Chinese word segmentation, sentiment, keywords and a codebook for open comments, "
                       "linked back to the responses they came from.")

    def summary(self) -> list[SummaryRow]:
        return self.questions_by_survey(TEXT_TYPES, lambda n: self.tr("%n open-text question(s)", "", n))


class JourneyArea(OverviewArea):
    key = "journey"

    def about(self) -> str:
        return self.tr("Draw customer journey maps with stages, touchpoints, pain points and emotions; "
                       "touchpoints linked to questions show live scores.")

    def summary(self) -> list[SummaryRow]:
        return [self._journey_row(journeys.load_journey(self.study, name))
                for name in journeys.journey_names(self.study)]

    def _journey_row(self, journey: journeys.Journey) -> SummaryRow:
        """One row per stage listing its touchpoints and what each is linked to."""
        stages = [
            SummaryRow(stage.name, self.tr("%n touchpoint(s)", "", len(touchpoints)),
                       [SummaryRow(item.name, f"{item.link.question} · {item.link.metric.upper()}" if item.link
                                   else self.tr("not linked")) for item in touchpoints])
            for index, stage in enumerate(journey.stages) for touchpoints in [journey.touchpoints(index)]
        ]
        pains = sum(1 for item in journey.items if item.kind == "pain_point")
        detail = " · ".join([self.tr("%n stage(s)", "", len(journey.stages)),
                             self.tr("%n touchpoint(s)", "", sum(len(s.children) for s in stages)),
                             self.tr("%n pain point(s)", "", pains)])
        return SummaryRow(journey.name, detail, stages)


class CasesArea(OverviewArea):
    key = "cases"

    def about(self) -> str:
        return self.tr("Close the loop: alert rules open cases for unhappy customers, assigned to departments "
                       "and followed until resolved.")

    def summary(self) -> list[SummaryRow]:
        by_status = Counter(case.status for case in cases.list_cases(self.study))
        return [SummaryRow(case_status(status), self.tr("%n case(s)", "", by_status.get(status, 0)))
                for status in cases.STATUSES]


class ReportsArea(OverviewArea):
    key = "reports"

    def about(self) -> str:
        return self.tr("Build report recipes once and export them to PowerPoint, Excel, Word, HTML and PDF "
                       "with the same charts as on screen.")

    def summary(self) -> list[SummaryRow]:
        return self.response_counts()
