"""An open study: a header with its title and counts, the area navigation and the current area.

It is also the one place that tells the areas what changed. Every committed write of the study says what
it changed (`Changes`); the page gathers them, from whatever thread wrote, and once per turn of the event
loop hands them to the header and to every area made so far, each refreshing only what concerns it.
Writes by another process (the CLI, a merge run by the lead, a second window) cannot say what they
changed: SQLite's `PRAGMA data_version` tells that one happened, and they arrive as `Changes.all()`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol, cast, runtime_checkable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QStackedWidget,
                               QVBoxLayout, QWidget)

from xmdesk.core.survey import responses
from xmdesk.core.study.changes import NOTHING, Changes
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys
from xmdesk.gui.navigation import AREA_KEYS, DEFAULT_AREA, area_name

# key -> "module:Class". Areas are imported when first visited, so opening a study
# never pays for the charting, text or report libraries an area pulls in.
AREA_CLASSES: dict[str, str] = {
    "surveys": "xmdesk.gui.surveys.area:SurveysArea",
    "entry": "xmdesk.gui.entry.area:EntryArea",
    "data": "xmdesk.gui.data.area:DataArea",
    "import": "xmdesk.gui.importing.area:ImportArea",
    "charts": "xmdesk.gui.charts.area:ChartsArea",
    "text": "xmdesk.gui.text.area:TextArea",
    "journey": "xmdesk.gui.journey.area:JourneyArea",
    "cases": "xmdesk.gui.cases.area:CasesArea",
    "reports": "xmdesk.gui.reports.area:ReportsArea",
    "collect": "xmdesk.gui.collect.area:CollectArea",
}


# Another process's commit is noticed within this (the issue asks for 2 s; the check costs microseconds).
EXTERNAL_POLL_MS = 1000


@runtime_checkable
class ChangeAware(Protocol):
    """Every area: told what changed, it refreshes what it shows of that, and nothing else."""

    def apply_changes(self, changes: Changes) -> None: ...


def area_class(key: str) -> Callable[[Study], QWidget]:
    module, name = AREA_CLASSES[key].split(":")
    area: Callable[[Study], QWidget] = getattr(importlib.import_module(module), name)
    return area


def area_shortcut(row: int) -> QKeySequence:
    return QKeySequence(f"Ctrl+{row + 1}")


def total_responses(study: Study) -> int:
    return sum(responses.count(study.conn, survey) for survey in list_surveys(study))


class StudyPage(QWidget):
    """An open study in the window: the header, the navigation and the areas (made when first visited), and
    the one place where committed changes reach them (`sig_changed`)."""

    sig_area_changed = Signal(str)
    """The key of the area now shown."""
    sig_changed = Signal(object)
    """`Changes` just handed to the areas (the window's status bar listens)."""
    _sig_committed = Signal(object)
    """From the thread that wrote: a `Changes`; queued to the GUI thread."""

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

        self._pending = NOTHING
        self._deliver_timer = QTimer(self, singleShot=True, interval=0)
        self._deliver_timer.timeout.connect(self._deliver)
        self._sig_committed.connect(self._gather, Qt.ConnectionType.QueuedConnection)
        self._listener: Callable[[Changes], None] = self._sig_committed.emit
        study.add_listener(self._listener)
        self._data_version = study.data_version()
        self._poll_timer = QTimer(self, interval=EXTERNAL_POLL_MS)
        self._poll_timer.timeout.connect(self._poll_other_writers)
        self._poll_timer.start()

        self.retranslate()
        self.nav.currentRowChanged.connect(self._show_row)
        for row, key in enumerate(AREA_KEYS):
            self.nav.item(row).setHidden(entry_only and key != "entry")
        self.show_area("entry" if entry_only else DEFAULT_AREA)
        self._add_area_shortcuts()

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(AREA_KEYS.index(key))

    def _add_area_shortcuts(self) -> None:
        """Ctrl+1…9 show the areas in the navigation's order (an area the page does not offer stays where it is)."""
        for row, key in enumerate(AREA_KEYS[:9]):
            if self.nav.item(row).isHidden():
                continue
            shortcut = QShortcut(area_shortcut(row), self)
            shortcut.activated.connect(lambda key=key: self.show_area(key))

    def current_area(self) -> str:
        return AREA_KEYS[self.nav.currentRow()]

    def _show_row(self, row: int) -> None:
        """Areas are made when first visited, so opening a study costs only the Data area."""
        key = AREA_KEYS[row]
        if key not in self.areas:
            area = area_class(key)(self.study)
            assert isinstance(area, ChangeAware), f"area {key} must refresh on changes"
            self.areas[key] = area
            self.stack.addWidget(self.areas[key])
        self.stack.setCurrentWidget(self.areas[key])
        self.refresh_counts()
        self.sig_area_changed.emit(key)

    def refresh_counts(self) -> None:
        """Two index look-ups per survey, so it costs nothing even on a million responses."""
        self.survey_count = len(list_surveys(self.study))
        self.response_count = total_responses(self.study)
        self.retranslate()

    def stop_listening(self) -> None:
        """Before the study closes: no more polling of, or delivering to, a closed connection; an area with work
        on the study of its own (the Collect area's server and kiosk) ends it first."""
        for area in self.areas.values():
            closing = getattr(area, "study_closing", None)
            if callable(closing):
                closing()
        self._poll_timer.stop()
        self._deliver_timer.stop()
        self.study.remove_listener(self._listener)
        self._pending = NOTHING

    def _gather(self, changes: Changes) -> None:
        """Autosave writes once per field: many commits in one turn are delivered as one."""
        self._pending |= changes
        self._deliver_timer.start()

    def _poll_other_writers(self) -> None:
        if self.study.closed:
            return
        version = self.study.data_version()
        if version != self._data_version:
            self._data_version = version
            self._gather(Changes.all())

    def _deliver(self) -> None:
        changes, self._pending = self._pending, NOTHING
        if not changes or self.study.closed:
            return
        self.apply_changes(changes)

    def apply_changes(self, changes: Changes) -> None:
        """Hand `changes` to the header and to every area made so far (an area made later reads afresh)."""
        if changes.touches("surveys", "responses"):
            self.refresh_counts()
        for area in list(self.areas.values()):
            cast(ChangeAware, area).apply_changes(changes)
        self.sig_changed.emit(changes)

    def retranslate(self) -> None:
        for row, key in enumerate(AREA_KEYS):
            self.nav.item(row).setText(area_name(key))
            if row < 9:
                keys = area_shortcut(row).toString(QKeySequence.SequenceFormat.NativeText)
                self.nav.item(row).setToolTip(f"{area_name(key)} ({keys})")
        facts = [self.tr("%n survey(s)", "", self.survey_count),
                 self.tr("%n response(s)", "", self.response_count), str(self.study.path)]
        self.facts_label.setText("  ·  ".join(facts))
        self.badge.setText(self.tr("Read-only"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
