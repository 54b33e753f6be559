"""The journey canvas's scene: graphics items that mirror the core journey, and undoable edits.

The core `Journey` is the truth. Every change is a core edit pushed on the QUndoStack as
an `xmdesk.gui.undo.EditCommand`; applying it changes the journey and the scene rebuilds its items from
the model. Items only draw (with `xmdesk.render.journey`, the same code as the exports)
and report gestures: a drag is one move edit pushed on release, not one per mouse event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPainterPath, QTransform, QUndoStack
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsScene, QGraphicsSceneHoverEvent, QGraphicsSceneMouseEvent,
                               QStyleOptionGraphicsItem, QWidget)

from xmdesk.core.journey import maps as J
from xmdesk.core.journey.scores import CardScore, JourneyScores, score_journey
from xmdesk.core.study.file import Study
from xmdesk.core.vocabulary import numbers
from xmdesk.gui.i18n import current_language
from xmdesk.gui.undo import EditCommand
from xmdesk.render import journey as R

HANDLE = 12.0
"""Size of the resize grip at a card's bottom-right corner and of a lane header's edge."""


class CardItem(QGraphicsItem):
    """One journey item (card, sticker, note, persona, emotion point), drawn by the render module."""

    def __init__(self, scene: JourneyScene, index: int) -> None:
        super().__init__()
        self.index = index
        self.model = scene.journey.items[index]
        rect = R.item_rect(scene.journey, self.model)
        self.size = rect.size()
        self.setPos(rect.topLeft())
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setZValue(2 if self.model.kind == "emotion" else 1)
        # Cards change only through an edit (which rebuilds them) or a selection (which updates them):
        # keep each one's pixels, so panning and repainting the whole map only copies them.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.resizing = False
        self.setToolTip(scene.tooltip(index))

    def boundingRect(self) -> QRectF:
        return QRectF(-4, -4, self.size.width() + 8, self.size.height() + 8)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(QRectF(0, 0, self.size.width(), self.size.height()))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = self.journey_scene()
        # Zoomed out, a card shows its name and score large and leaves out its small print (render's levels).
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        R.paint_item(painter, self.model, QRectF(0, 0, self.size.width(), self.size.height()),
                     scene.card(self.index), scene.journey.persona, self.isSelected(), lod)
        if self.isSelected() and self.resizable():
            painter.fillRect(self.grip(), R.SELECTION)

    def journey_scene(self) -> JourneyScene:
        scene = self.scene()
        assert isinstance(scene, JourneyScene)
        return scene

    def resizable(self) -> bool:
        return self.model.kind != "emotion"

    def grip(self) -> QRectF:
        return QRectF(self.size.width() - HANDLE / 2, self.size.height() - HANDLE / 2, HANDLE, HANDLE)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        """Emotion points move only up and down; everything snaps to the grid while dragged."""
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.scene() is not None:
            point = QPointF(value)
            if self.model.kind == "emotion":
                top, bottom = J.emotion_band(self.journey_scene().journey)
                y = min(max(point.y(), top), bottom - self.size.height())
                return QPointF(self.pos().x(), y)
            if self.journey_scene().snap:
                return QPointF(J.snap(point.x()), J.snap(point.y()))
        return super().itemChange(change, value)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        over = self.isSelected() and self.resizable() and self.grip().contains(event.pos())
        self.setCursor(Qt.CursorShape.SizeFDiagCursor if over else Qt.CursorShape.ArrowCursor)
        super().hoverMoveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.isSelected() and self.resizable() and self.grip().contains(event.pos()):
            self.resizing = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.resizing:
            self.prepareGeometryChange()
            self.size.setWidth(max(J.MIN_SIZE[0], J.snap(event.pos().x())))
            self.size.setHeight(max(J.MIN_SIZE[1], J.snap(event.pos().y())))
            self.update()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.resizing:
            self.resizing = False
            rect = QRectF(self.pos(), self.size)
            self.journey_scene().later(lambda: self.journey_scene().resize_item(self.index, rect))
            return
        super().mouseReleaseEvent(event)
        self.journey_scene().later(self.journey_scene().commit_moves)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene, index = self.journey_scene(), self.index
        scene.later(lambda: scene.sig_item_activated.emit(index))


class LaneItem(QGraphicsItem):
    """A stage's lane; its header takes the gestures: drag to reorder, drag the right edge to resize."""

    def __init__(self, scene: JourneyScene, index: int) -> None:
        super().__init__()
        self.index = index
        self.rect = R.lane_rect(scene.journey, index)
        self.setZValue(-1)
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.mode = ""
        self.press_x = 0.0
        self.width = self.rect.width()

    def header(self) -> QRectF:
        return QRectF(self.rect.left(), self.rect.top(), self.rect.width(), J.HEADER_HEIGHT)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(0, 0, 4, 0)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.header())
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = self.scene()
        assert isinstance(scene, JourneyScene)
        stages = scene.scores.stages if scene.scores else []
        R.paint_lane(painter, scene.journey, self.index, stages[self.index] if self.index < len(stages) else None,
                     selected=scene.current_stage == self.index)
        if self.mode == "resize":
            painter.setPen(R.SELECTION)
            x = self.rect.left() + self.width
            painter.drawLine(QPointF(x, self.rect.top()), QPointF(x, self.rect.bottom()))

    def _near_edge(self, x: float) -> bool:
        return abs(x - self.rect.right()) <= HANDLE / 2

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        edge = self._near_edge(event.pos().x())
        self.setCursor(Qt.CursorShape.SizeHorCursor if edge else Qt.CursorShape.OpenHandCursor)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        assert isinstance(scene, JourneyScene)
        scene.select_stage(self.index)
        self.mode = "resize" if self._near_edge(event.pos().x()) else "move"
        self.press_x = event.scenePos().x()
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        dx = event.scenePos().x() - self.press_x
        if self.mode == "resize":
            self.prepareGeometryChange()
            self.width = max(J.MIN_STAGE_WIDTH, self.rect.width() + dx)
            self.update()
        elif self.mode == "move":
            self.setPos(dx, 0)
            self.setZValue(0.5)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        assert isinstance(scene, JourneyScene)
        mode, self.mode = self.mode, ""
        if mode == "resize" and abs(self.width - self.rect.width()) >= 1:
            edit = J.resize_stage(scene.journey, self.index, self.width)
            scene.later(lambda: scene.push(edit, scene.tr("Resize stage")))
        elif mode == "move":
            centre = self.rect.center().x() + self.pos().x()
            target = J.stage_at(scene.journey, centre)
            if target is None:
                target = 0 if centre < 0 else len(scene.journey.stages) - 1
            if target != self.index:
                edit = J.move_stage(scene.journey, self.index, target)
                scene.later(lambda: scene.push(edit, scene.tr("Reorder stages")))
            else:
                scene.later(scene.rebuild)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = self.scene()
        assert isinstance(scene, JourneyScene)
        index = self.index
        scene.later(lambda: scene.sig_stage_activated.emit(index))


class CurveItem(QGraphicsItem):
    """The emotion curve through the emotion points (or the stages' scores), redrawn as points move."""

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__()
        self.setZValue(0)
        top, bottom = J.emotion_band(scene.journey)
        self.rect = QRectF(0, top, J.lane_edges(scene.journey)[-1][1], bottom - top)
        self.preview: dict[int, float] = {}

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = self.scene()
        assert isinstance(scene, JourneyScene)
        values = scene.scores.emotion_values() if scene.scores else None
        points = dict(J.emotion_points(scene.journey, values))
        points.update(self.preview)
        R.paint_emotion_curve(painter, scene.journey, sorted(points.items()), dots=scene.driven())


class JourneyScene(QGraphicsScene):
    """A journey's map: lanes, the curve and one CardItem per journey item; edits go through `push`."""

    sig_changed = Signal()
    """The journey changed (after any edit, undo or redo): save it, refresh what shows it."""
    sig_item_activated = Signal(int)
    sig_stage_activated = Signal(int)

    def __init__(self, study: Study, journey: J.Journey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.journey = journey
        self.undo_stack = QUndoStack(self)
        self.snap = True
        self.current_stage: int | None = None
        self.score_cache: dict[tuple[Any, ...], CardScore] = {}
        self.scores: JourneyScores | None = None
        self.cards: list[CardItem] = []
        self.curve: CurveItem | None = None
        self.recompute_scores()
        self.rebuild()

    # -- the model -------------------------------------------------------------------------

    @staticmethod
    def later(action: Callable[[], None]) -> None:
        """Run after the current mouse event: an edit rebuilds the items, including the one handling it."""
        QTimer.singleShot(0, action)

    def push(self, edit: J.Edit, text: str) -> None:
        self.undo_stack.push(EditCommand(text, self._apply_edit, edit, after=lambda _done: self.model_changed()))

    def _apply_edit(self, edit: J.Edit) -> J.Edit:
        """The journey in memory is the truth: the edit goes there and what undoes it comes back."""
        return J.apply(self.journey, edit)

    def model_changed(self) -> None:
        self.recompute_scores()
        self.rebuild()
        self.sig_changed.emit()

    def recompute_scores(self, fresh: bool = False) -> None:
        """Scores of the linked cards; links already scored are reused unless `fresh` (new data)."""
        if fresh:
            self.score_cache.clear()
        self.scores = score_journey(self.study, self.journey, self.score_cache)

    def card(self, index: int) -> CardScore | None:
        return self.scores.cards.get(index) if self.scores else None

    def driven(self) -> bool:
        return self.journey.setting("emotion") == "scores"

    def tooltip(self, index: int) -> str:
        item = self.journey.items[index]
        card = self.card(index)
        if item.link is None:
            return item.name
        metric = J.metric_label(item.link.metric, current_language())
        lines = [item.name, f"{item.link.survey} · {item.link.question} · {metric}"]
        if item.link.filter:
            lines.append(item.link.filter)
        if card is not None and card.broken:
            lines.append(card.broken)
        elif card is not None:
            lines.append(f"{R.format_score(card)}  n={numbers.count(card.n)}")
            if card.delta is not None:
                lines.append(R._t("journey.label.change", period=card.period, change=R.format_change(card)))
        return "\n".join(lines)

    # -- items -----------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Recreate every graphics item from the model, keeping the selection (by item index)."""
        selected = set(self.selected_indices())
        self.clear()
        for index in range(len(self.journey.stages)):
            self.addItem(LaneItem(self, index))
        self.curve = CurveItem(self)
        self.addItem(self.curve)
        self.cards = []
        for index, item in enumerate(self.journey.items):
            card = CardItem(self, index)
            card.setVisible(not (item.kind == "emotion" and self.driven()))
            self.addItem(card)
            card.setSelected(index in selected)
            self.cards.append(card)
        self.setSceneRect(R.scene_rect(self.journey, margin=200))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        """A press anywhere but on a lane header lets go of the chosen stage (so Delete cannot remove it)."""
        if not isinstance(self.itemAt(event.scenePos(), QTransform()), LaneItem):
            self.select_stage(None)
        super().mousePressEvent(event)

    def selected_indices(self) -> list[int]:
        return sorted(item.index for item in self.selectedItems() if isinstance(item, CardItem))

    def select_stage(self, index: int | None) -> None:
        self.current_stage = index
        self.update()

    def commit_moves(self) -> None:
        """After a drag: one move edit for every card whose position differs from the model."""
        moved = {card.index: (card.pos().x(), card.pos().y()) for card in self.cards
                 if abs(card.pos().x() - R.item_rect(self.journey, card.model).x()) > 0.5
                 or abs(card.pos().y() - R.item_rect(self.journey, card.model).y()) > 0.5}
        if moved:
            self.push(J.move_items(self.journey, moved), self.tr("Move"))

    def resize_item(self, index: int, rect: QRectF) -> None:
        self.push(J.resize_item(self.journey, index, rect.x(), rect.y(), rect.width(), rect.height()),
                  self.tr("Resize"))

    def add_new(self, kind: str, at: QPointF) -> None:
        """Drop from the palette: a new element of `kind` (or a stage) at a scene point."""
        if kind == "stage":
            stage = J.stage_at(self.journey, at.x())
            self.push(J.add_stage(self.journey, self.tr("New stage"), None if stage is None else stage + 1),
                      self.tr("Add stage"))
            return
        names = {"touchpoint": self.tr("Touchpoint"), "pain_point": self.tr("Pain point"),
                 "opportunity": self.tr("Opportunity"), "note": self.tr("Note"), "persona": self.tr("Persona")}
        item = J.new_item(self.journey, kind, at.x(), at.y(), names.get(kind, ""))
        self.push(J.add_items(self.journey, [item]), self.tr("Add"))

    def edit_items(self, edit_of: Callable[[J.Journey], J.Edit], text: str) -> None:
        self.push(edit_of(self.journey), text)
