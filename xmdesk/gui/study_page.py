"""An open study: a header with its title and counts, the area navigation and the current area."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QStackedWidget,
                               QVBoxLayout, QWidget)

from xmdesk.core import responses
from xmdesk.core.study import Study
from xmdesk.core.survey import list_surveys
from xmdesk.gui.areas import AREA_KEYS, DEFAULT_AREA, area_name

# key -> "module:Class". Areas are imported when first visited, so opening a study
# never pays for the charting, text or report libraries an area pulls in.
AREA_CLASSES: dict[str, str] = {
    "surveys": "xmdesk.gui.areas.surveys:SurveysArea",
    "entry": "xmdesk.gui.areas.entry:EntryArea",
    "data": "xmdesk.gui.areas.data:DataArea",
    "import": "xmdesk.gui.areas.importing:ImportArea",
    "charts": "xmdesk.gui.areas.charts:ChartsArea",
    "text": "xmdesk.gui.areas.text:TextArea",
    "journey": "xmdesk.gui.areas.journey:JourneyArea",
    "cases": "xmdesk.gui.areas.cases:CasesArea",
    "reports": "xmdesk.gui.areas.reports:ReportsArea",
}


def area_class(key: str) -> Callable[[Study], QWidget]:
    module, name = AREA_CLASSES[key].split(":")
    area: Callable[[Study], QWidget] = getattr(importlib.import_module(module), name)
    return area


def total_responses(study: Study) -> int:
    return sum(responses.count(study.conn, survey) for survey in list_surveys(study))


class StudyPage(QWidget):
    sig_area_changed = Signal(str)
    """The key of the area now shown."""

    def __init__(self, study: Study, parent: QWidget | None = None, entry_only: bool = False) -> None:
        super().__init__(parent)
        self.study = study
        self.entry_only = entry_only
        """Field work: only the Data entry area is offered (no designer, no analysis)."""
        self.survey_count = len(list_surveys(study))
        self.response_count = total_responses(study)
        self.areas: dict[str, QWidget] = {}

        self.title_label = QLabel(study.meta("title") or study.path.stem)
        self.title_label.setObjectName("studyTitle")
        self.facts_label = QLabel()
        self.facts_label.setObjectName("studyFacts")
        self.badge = QLabel()
        self.badge.setObjectName("readOnlyBadge")
        self.badge.setVisible(study.read_only)
        header = QFrame()
        header.setObjectName("studyHeader")
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(20, 12, 20, 12)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title_label)
        titles.addWidget(self.facts_label)
        header_layout.addLayout(titles, 1)
        header_layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)

        self.nav = QListWidget()
        self.nav.setObjectName("areaNav")
        self.nav.setFixedWidth(168)
        self.nav.setIconSize(QSize(18, 18))
        for key in AREA_KEYS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)

        self.retranslate()
        self.nav.currentRowChanged.connect(self._show_row)
        for row, key in enumerate(AREA_KEYS):
            self.nav.item(row).setHidden(entry_only and key != "entry")
        self.show_area("entry" if entry_only else DEFAULT_AREA)

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(AREA_KEYS.index(key))

    def current_area(self) -> str:
        return AREA_KEYS[self.nav.currentRow()]

    def _show_row(self, row: int) -> None:
        """Areas are made when first visited, so opening a study costs only the Data area."""
        key = AREA_KEYS[row]
        if key not in self.areas:
            self.areas[key] = area_class(key)(self.study)
            self.stack.addWidget(self.areas[key])
        self.stack.setCurrentWidget(self.areas[key])
        self.refresh_counts()
        self.sig_area_changed.emit(key)

    def refresh_counts(self) -> None:
        """Entry, import and merge add responses: the header catches up whenever the user moves on.
        Two index look-ups per survey, so it costs nothing even on a million responses."""
        self.survey_count = len(list_surveys(self.study))
        self.response_count = total_responses(self.study)
        self.retranslate()

    def retranslate(self) -> None:
        for row, key in enumerate(AREA_KEYS):
            self.nav.item(row).setText(area_name(key))
        facts = [self.tr("%n survey(s)", "", self.survey_count),
                 self.tr("%n response(s)", "", self.response_count), str(self.study.path)]
        self.facts_label.setText("  ·  ".join(facts))
        self.badge.setText(self.tr("Read-only"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
