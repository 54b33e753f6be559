"""The app's one stylesheet: every combo box item is readable, current (hovered) or not, on a light or a dark desktop.

The popup of a real QComboBox is opened under the app's style and grabbed; in each item's row the text's
colour must stand out from the row's background (WCAG's 4.5:1 for text), which the white-on-white current
item of issue 18 did not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QComboBox

from xmdesk.gui.app import make_application

DARK_DESKTOP = {QPalette.ColorRole.Window: "#202124", QPalette.ColorRole.WindowText: "#e8eaed",
                QPalette.ColorRole.Base: "#2a2b2e", QPalette.ColorRole.Text: "#e8eaed",
                QPalette.ColorRole.Button: "#303134", QPalette.ColorRole.ButtonText: "#e8eaed",
                QPalette.ColorRole.Highlight: "#8ab4f8", QPalette.ColorRole.HighlightedText: "#202124"}
ITEMS = ["全部门店", "North · 北区", "Mean score"]
READABLE = 4.5


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_contrast(image: QImage, left: int, top: int, right: int, bottom: int) -> tuple[float, str, str]:
    """In a rectangle of `image`: the background (its most common colour), the colour that stands out most from
    it (the text's core pixels), and their contrast."""
    pixels = Counter(image.pixelColor(x, y).name() for x in range(max(0, left), min(right, image.width()))
                     for y in range(max(0, top), min(bottom, image.height())))
    background = QColor(pixels.most_common(1)[0][0])
    ink = max((QColor(name) for name in pixels), key=lambda colour: contrast(colour, background))
    return contrast(ink, background), ink.name(), background.name()


@pytest.fixture(params=["light desktop", "dark desktop"])
def styled_app(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QApplication]:
    """The app styled as at start-up, on a desktop whose own palette is light or dark; restored afterwards."""
    palette, sheet = QPalette(qapp.palette()), qapp.styleSheet()
    if request.param == "dark desktop":
        desktop = QPalette()
        for role, colour in DARK_DESKTOP.items():
            desktop.setColor(role, QColor(colour))
        qapp.setPalette(desktop)
    app = make_application()
    yield app
    app.setStyleSheet(sheet)
    app.setPalette(palette)


def test_every_combo_item_is_readable_current_or_not(styled_app: QApplication, qtbot) -> None:  # noqa: ANN001
    combo = QComboBox()
    combo.addItems(ITEMS)
    combo.resize(260, combo.sizeHint().height())
    qtbot.addWidget(combo)
    combo.show()
    face = combo.grab().toImage()
    assert text_contrast(face, 6, 6, combo.width() - 30, combo.height() - 6)[0] >= READABLE
    combo.showPopup()
    view = combo.view()
    try:
        for current in range(len(ITEMS)):
            view.setCurrentIndex(combo.model().index(current, 0))  # what hovering an item does
            styled_app.processEvents()
            image = view.viewport().grab().toImage()
            for row in range(len(ITEMS)):
                rect = view.visualRect(combo.model().index(row, 0)).adjusted(3, 3, -3, -3)
                ratio, ink, background = text_contrast(image, rect.left(), rect.top(), rect.right(), rect.bottom())
                state = "current" if row == current else "other"
                assert ratio >= READABLE, f"{ITEMS[row]!r} ({state}) drawn {ink} on {background}: {ratio:.1f}:1"
    finally:
        combo.hidePopup()
