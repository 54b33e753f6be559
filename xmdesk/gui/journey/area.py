"""The Journey area: the study's journey maps, drawn on a canvas and linked to live survey data."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.gui.navigation import area_name
from xmdesk.gui.journey.editor import JourneyEditor


class JourneyArea(QWidget):
    """The Journey area: the area's title over the journey editor, which does the work."""

    key = "journey"

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.title_label = QLabel(area_name(self.key))
        self.title_label.setObjectName("areaTitle")
        self.editor = JourneyEditor(study)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(0)
        title_row = QVBoxLayout()
        title_row.setContentsMargins(20, 0, 20, 0)
        title_row.addWidget(self.title_label)
        layout.addLayout(title_row)
        layout.addWidget(self.editor, 1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.title_label.setText(area_name(self.key))
        super().changeEvent(event)

    def apply_changes(self, changes: Changes) -> None:
        """Live scores follow the responses; maps saved by another program or window are shown as stored."""
        if changes.touches("journeys"):
            self.editor.follow_stored()
        if changes.touches("responses", "surveys", "odata"):
            self.editor.refresh_scores()
