"""One page of the report preview, drawn as wide as the preview column allows (never wider than it was rendered).

The pages were labels of a fixed 420 px, so the preview column could not be narrower than 460 px: at 125 %
scaling the builder's three columns were wider than the window and the settings column was cut.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

SMALLEST_WIDTH = 200
"""Narrower than this a page is no preview of anything."""


class PageImage(QWidget):
    """One rendered preview page, scaled down to the column's width with its aspect kept (height for width)."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _drawn_width(self, width: int) -> int:
        return max(1, min(width, self.image.width()))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return round(self._drawn_width(width) * self.image.height() / max(1, self.image.width()))

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.image.size()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(SMALLEST_WIDTH, self.heightForWidth(SMALLEST_WIDTH))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        width = self._drawn_width(self.width())
        target = QRect((self.width() - width) // 2, 0, width, self.heightForWidth(width))
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)
        painter.end()
