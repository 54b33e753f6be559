"""The canvas view (zoom, pan, rubber-band selection, drops from the palette) and the palette itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QKeyEvent, QMouseEvent,
                           QPainter, QPixmap, QWheelEvent)
from PySide6.QtWidgets import QAbstractItemView, QGraphicsView, QListWidget, QListWidgetItem, QWidget

from xmdesk.render import journey as R

MIME_KIND = "application/x-xmdesk-journey-kind"
PALETTE_KINDS = ("stage", "touchpoint", "pain_point", "opportunity", "emotion", "note", "persona")
ZOOM_STEP = 1.2
ZOOM_RANGE = (0.1, 4.0)


class Palette(QListWidget):
    """The elements a user drags onto the canvas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journeyPalette")
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setFixedWidth(150)
        for kind in PALETTE_KINDS:
            item = QListWidgetItem(_swatch(kind), "")
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.addItem(item)
        self.retranslate()

    def retranslate(self) -> None:
        names = {"stage": self.tr("Stage"), "touchpoint": self.tr("Touchpoint"), "pain_point": self.tr("Pain point"),
                 "opportunity": self.tr("Opportunity"), "emotion": self.tr("Emotion point"), "note": self.tr("Note"),
                 "persona": self.tr("Persona")}
        for row in range(self.count()):
            item = self.item(row)
            item.setText(names[item.data(Qt.ItemDataRole.UserRole)])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        if items:
            data.setData(MIME_KIND, str(items[0].data(Qt.ItemDataRole.UserRole)).encode("utf-8"))
        return data


def _swatch(kind: str) -> QIcon:
    pixmap = QPixmap(20, 20)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = R.HEADER_FILL if kind == "stage" else R.KIND_EDGE.get(kind, QColor("#888"))
    painter.setBrush(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    if kind == "emotion":
        painter.drawEllipse(4, 4, 12, 12)
    else:
        painter.drawRoundedRect(2, 4, 16, 12, 3, 3)
    painter.end()
    return QIcon(pixmap)


class JourneyView(QGraphicsView):
    """Ctrl+wheel zooms, the middle button or Space+drag pans, a drag on empty canvas selects."""

    sig_dropped = Signal(str, QPointF)
    """A palette element (kind) dropped at a scene point."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAcceptDrops(True)
        self.setBackgroundBrush(QColor("#ffffff"))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self._pan_from: QPoint | None = None

    # -- zoom and pan ----------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        target = min(max(self.zoom() * factor, ZOOM_RANGE[0]), ZOOM_RANGE[1])
        self.scale(target / self.zoom(), target / self.zoom())

    def fit(self) -> None:
        scene = self.scene()
        if scene is not None and hasattr(scene, "journey"):
            self.fitInView(R.scene_rect(scene.journey), Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            return
        super().mouseReleaseEvent(event)

    # -- drops from the palette -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME_KIND):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME_KIND):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(MIME_KIND):
            super().dropEvent(event)
            return
        kind = bytes(event.mimeData().data(MIME_KIND).data()).decode("utf-8")
        if kind in PALETTE_KINDS:
            self.sig_dropped.emit(kind, self.mapToScene(event.position().toPoint()))
            event.acceptProposedAction()

