"""Visit metadata of a mystery-shopping response (store, time, shopper), its live score, and its photos."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from xmdesk.core.fieldwork import entry
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error

THUMBNAIL = QSize(72, 72)


class VisitPanel(QWidget):
    """Store, visit time and shopper; edits are part of the draft."""

    sig_changed = Signal()
    """A visit field was edited."""
    sig_finished = Signal()
    """Enter in the last visit field: on to the questions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = QLineEdit()
        self.visited_at = QLineEdit()
        self.visited_at.setPlaceholderText("2026-05-31 14:30")
        self.shopper = QLineEdit()
        self.score = QLabel()
        self.score.setObjectName("sectionTitle")
        self.sections = QLabel()
        self.sections.setWordWrap(True)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.store_label, self.time_label, self.shopper_label, self.score_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.form.addRow(self.store_label, self.store)
        self.form.addRow(self.time_label, self.visited_at)
        self.form.addRow(self.shopper_label, self.shopper)
        self.form.addRow(self.score_label, self.score)
        self.form.addRow("", self.sections)
        edits = self.edits()
        for edit, following in zip(edits, [*edits[1:], None]):
            edit.textEdited.connect(lambda _text: self.sig_changed.emit())
            edit.returnPressed.connect(following.setFocus if following is not None else self.sig_finished.emit)
        self.retranslate()

    def edits(self) -> list[QLineEdit]:
        """The visit fields in typing order."""
        return [self.store, self.visited_at, self.shopper]

    def visit(self) -> entry.Visit:
        return entry.Visit(self.store.text(), self.visited_at.text(), self.shopper.text())

    def set_visit(self, visit: entry.Visit) -> None:
        self.store.setText(visit.store)
        self.visited_at.setText(visit.visited_at or datetime.now().strftime("%Y-%m-%d %H:%M"))
        self.shopper.setText(visit.shopper)

    def set_score(self, score: entry.Compliance, sections: list[tuple[str, entry.Compliance]],
                  pass_mark: float | None) -> None:
        """The visit's weighted score, pass or fail against the survey's mark, and each section's score."""
        percent = score.percent
        if percent is None:
            self.score.setText("—")
        else:
            text = f"{percent:.1f}%  ({score.points:g} / {score.possible:g})"
            if pass_mark is not None:
                text += "  " + (self.tr("pass") if percent >= pass_mark else self.tr("fail"))
            self.score.setText(text)
        self.sections.setText("\n".join(f"{name}: {s.percent:.0f}%" for name, s in sections
                                        if s.percent is not None and len(sections) > 1))

    def retranslate(self) -> None:
        self.store_label.setText(self.tr("Store"))
        self.time_label.setText(self.tr("Visit time"))
        self.shopper_label.setText(self.tr("Shopper"))
        self.score_label.setText(self.tr("Compliance score"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PhotoStrip(QWidget):
    """Photos of the response being typed, stored in the study at once (they survive a crash too)."""

    sig_changed = Signal()
    """A photo was added or removed (the draft is saved, so a recovered draft finds its photos)."""

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.survey = survey
        self.response_uuid = ""
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(THUMBNAIL)
        self.list.setFixedHeight(THUMBNAIL.height() + 40)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(self.choose_and_add)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def show_response(self, response_uuid: str) -> None:
        self.response_uuid = response_uuid
        self.list.clear()
        for photo in entry.photos(self.study.conn, response_uuid):
            pixmap = QPixmap()
            pixmap.loadFromData(entry.photo_data(self.study.conn, photo.id))
            item = QListWidgetItem(QIcon(pixmap), photo.name)
            item.setData(Qt.ItemDataRole.UserRole, photo.id)
            self.list.addItem(item)

    def add_file(self, path: str | Path) -> None:
        path = Path(path)
        try:
            entry.add_photo(self.study, self.survey, self.response_uuid, path.name, path.read_bytes())
        except (XMDeskError, OSError) as error:
            show_error(self, error)
            return
        self.show_response(self.response_uuid)
        self.sig_changed.emit()

    def choose_and_add(self) -> None:
        paths = files.open_files(self, files.PHOTO, self.tr("Add photos"),
                                 self.tr("Images (*.jpg *.jpeg *.png *.heic *.webp)"))
        for path in paths:
            self.add_file(path)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            entry.remove_photo(self.study, int(item.data(Qt.ItemDataRole.UserRole)))
        self.show_response(self.response_uuid)
        self.sig_changed.emit()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add photo…"))
        self.remove_button.setText(self.tr("Remove"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
