"""The first screen: start a study, open one, reopen a recent one, or explore the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from xmdesk import APP_NAME, __version__


class WelcomeWidget(QWidget):
    """The screen before a study is open: it only says what was asked (`sig_new`, `sig_open`, ...); the main
    window does it."""

    sig_new = Signal()
    """The user wants to create a study."""
    sig_open = Signal()
    """The user wants to pick a study file."""
    sig_open_path = Signal(str)
    """A recent study was chosen."""
    sig_open_demo = Signal()
    """The user wants the demo study."""
    sig_forget_missing = Signal(list)
    """Recent entries whose files are gone, to drop from the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.app_label = QLabel(APP_NAME)
        self.app_label.setObjectName("welcomeTitle")
        self.tagline = QLabel()
        self.tagline.setObjectName("welcomeTagline")
        self.tagline.setWordWrap(True)
        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.demo_button = QPushButton()
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setObjectName("welcomeButton")
            button.setMinimumHeight(40)
        self.new_button.setProperty("primary", True)
        self.version_label = QLabel()
        self.version_label.setObjectName("welcomeVersion")

        self.recent_title = QLabel()
        self.recent_title.setObjectName("sectionTitle")
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.empty_label = QLabel()
        self.empty_label.setObjectName("welcomeHint")
        self.forget_button = QPushButton()
        self.forget_button.setFlat(True)

        actions = QVBoxLayout()
        actions.setSpacing(12)
        actions.addWidget(self.app_label)
        actions.addWidget(self.tagline)
        actions.addSpacing(16)
        for button in (self.new_button, self.open_button, self.demo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.version_label)
        recent = QVBoxLayout()
        recent.setSpacing(8)
        recent.addWidget(self.recent_title)
        recent.addWidget(self.recent_list, 1)
        recent.addWidget(self.empty_label)
        recent.addWidget(self.forget_button, 0, Qt.AlignmentFlag.AlignRight)

        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setMaximumSize(980, 560)
        card_layout = QHBoxLayout(card)
        card_layout.setContentsMargins(40, 36, 40, 36)
        card_layout.setSpacing(40)
        card_layout.addLayout(actions, 2)
        card_layout.addLayout(recent, 3)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 8)
        row.addStretch(1)
        outer.addLayout(row, 8)
        outer.addStretch(1)

        self.new_button.clicked.connect(self.sig_new)
        self.open_button.clicked.connect(self.sig_open)
        self.demo_button.clicked.connect(self.sig_open_demo)
        self.recent_list.itemActivated.connect(self._activate)
        self.forget_button.clicked.connect(lambda: self.sig_forget_missing.emit(self.missing_files()))
        self._files: list[str] = []
        self.retranslate()

    def set_recent_files(self, files: list[str]) -> None:
        """Missing files stay listed but greyed, so a moved USB drive is not silently forgotten."""
        self._files = list(files)
        self.recent_list.clear()
        for path in files:
            item = QListWidgetItem(f"{Path(path).stem}\n{path}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            if not Path(path).is_file():
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip(self.tr("This file is no longer there."))
            else:
                item.setToolTip(path)
            self.recent_list.addItem(item)
        self.empty_label.setVisible(not files)
        self.forget_button.setVisible(bool(self.missing_files()))

    def missing_files(self) -> list[str]:
        return [path for path in self._files if not Path(path).is_file()]

    def _activate(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.sig_open_path.emit(item.data(Qt.ItemDataRole.UserRole))

    def retranslate(self) -> None:
        self.tagline.setText(self.tr("Customer-experience research on your laptop: surveys, data, text "
                                     "analytics, journeys and reports — all offline."))
        self.new_button.setText(self.tr("New study…"))
        self.open_button.setText(self.tr("Open study…"))
        self.demo_button.setText(self.tr("Open demo study"))
        self.version_label.setText(self.tr("Version {0}").format(__version__))
        self.recent_title.setText(self.tr("Recent studies"))
        self.empty_label.setText(self.tr("Studies you open will be listed here."))
        self.forget_button.setText(self.tr("Remove missing files from the list"))
        self.set_recent_files(self._files)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
