"""GUI fixtures: a main window on the per-test XMDesk home, and modal dialogs that never block."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from xmdesk.core import messages


@dataclass
class ShownMessages:
    """What the stubbed QMessageBox would have shown: (kind, text) pairs."""

    shown: list[tuple[str, str]] = field(default_factory=list)

    def texts(self, kind: str) -> list[str]:
        return [text for shown_kind, text in self.shown if shown_kind == kind]


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> ShownMessages:
    record = ShownMessages()

    def stub(kind: str):  # noqa: ANN202 - a QMessageBox static method stand-in
        def show(parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            record.shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return staticmethod(show)

    for kind in ("critical", "warning", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, stub(kind))
    return record


@pytest.fixture
def window(qapp, xmdesk_home: Path) -> Iterator:  # noqa: ANN001
    """A main window in English, shown at the screenshot size; closed (study and jobs too) afterwards."""
    from xmdesk.gui.app import create_main_window
    from xmdesk.gui.settings import Settings

    language = messages.language()
    settings = Settings()
    settings.set_language("en")
    main = create_main_window(settings)
    main.resize(1280, 800)
    main.show()
    yield main
    main.close()
    main.deleteLater()
    messages.set_language(language)
