"""Drawing a journey map with QPainter: the one drawing shared by the canvas and every export.

The canvas's graphics items call `paint_lane`, `paint_item` and `paint_emotion_curve`
in their `paint()`; `paint_journey` calls the same three functions for a whole map,
so a PNG, SVG or PDF export shows exactly what the canvas shows. Coordinates are scene
units (the journey's own x/y), and `paint_journey` scales them into any target rect.

For reports: `paint_journey(painter, rect, journey, scores)` paints into a given
painter and rect, and `journey_png(study, name)` returns PNG bytes of a stored journey.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPainterPath,
                           QPdfWriter, QPen)

from xmdesk.core.journey import maps as J
from xmdesk.core import messages
from xmdesk.core.errors import ModelError
from xmdesk.core.files import write_output
from xmdesk.core.journey.scores import CardScore, JourneyScores, StageScore, score_journey
from xmdesk.core.study.file import Study
from xmdesk.core.vocabulary import numbers, palette
from xmdesk.render.charts import ensure_gui, image_bytes
from xmdesk.render.charts import font as new_font

TEXT = QColor(palette.LIGHT.foreground)
MUTED = QColor(palette.LIGHT.muted)
BAND_COLOURS = {"good": QColor(palette.GOOD), "fair": QColor(palette.FAIR), "poor": QColor(palette.POOR),
                "none": QColor("#8a96a3"), "broken": QColor(palette.POOR)}
KIND_FILL = {"touchpoint": QColor("#ffffff"), "pain_point": QColor("#fde2e1"), "opportunity": QColor("#e0f3e6"),
             "note": QColor("#fff6c7"), "persona": QColor("#eef2fb"), "emotion": QColor("#1f4e79")}
KIND_EDGE = {"touchpoint": QColor("#b8c2cc"), "pain_point": QColor("#d9534f"), "opportunity": QColor("#4f9d69"),
             "note": QColor("#d8c25a"), "persona": QColor("#7b8fc4"), "emotion": QColor("#1f4e79")}
LANE_FILLS = (QColor("#f5f8fb"), QColor("#edf2f7"))
HEADER_FILL = QColor("#1f4e79")
CHANNEL_PALETTE = palette.SERIES
SELECTION = QColor("#2f80ed")
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "a3": QPageSize.PageSizeId.A3}
FORMATS = ("png", "svg", "pdf")
MIN_TEXT_PIXELS = 5.0
# Levels of detail. Below DETAIL_LOD (device pixels per scene unit) a card's small print would come out under
# about 8 px: it shows its name and score only, drawn at NAME_PIXELS and SCORE_PIXELS on the device, as large
# as the card allows. When even the name would be a smudge, the card is its coloured box.
DETAIL_LOD = 0.8
NAME_PIXELS, SCORE_PIXELS = 12.0, 18.0


@functools.lru_cache(maxsize=64)
def font(size: float, bold: bool = False) -> QFont:
    """The report font, made once per size: a repaint of 300 cards would otherwise build thousands."""
    return new_font(size, bold)


@functools.lru_cache(maxsize=64)
def _metrics(size: int, bold: bool) -> QFontMetricsF:
    return QFontMetricsF(font(size, bold))


def _t(message_id: str, **values: object) -> str:
    return messages.text(message_id, **values)


def _role(card: CardScore) -> numbers.Role:
    if card.metric.startswith(J.TOPIC_METRIC):
        return numbers.Role.PERCENT
    return numbers.Role.NPS if card.metric == "nps" else numbers.Role.SCORE


def format_score(card: CardScore) -> str:
    """The card's score as the charts and reports write an NPS or a mean."""
    return numbers.text(card.value, _role(card))


def format_change(card: CardScore) -> str:
    """The change since the last period: an arrow for its direction, then its size."""
    if card.delta is None:
        return ""
    arrow = "▲" if card.delta > 0 else "▼" if card.delta < 0 else "■"
    return arrow + numbers.difference(card.delta, _role(card)).lstrip("+-")


def channel_colour(channel: str) -> QColor:
    """A stable colour per channel name, so the same channel looks the same on every map."""
    digest = hashlib.md5(channel.encode("utf-8")).digest()[0]
    return QColor(CHANNEL_PALETTE[digest % len(CHANNEL_PALETTE)])


def _elided(text: str, f: QFont, width: float) -> str:
    return _metrics(f.pixelSize(), f.bold()).elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, width))


def level_of_detail(painter: QPainter) -> float:
    """Device pixels per scene unit, vertically (what QStyleOptionGraphicsItem.levelOfDetailFromTransform gives)."""
    transform = painter.worldTransform()
    return math.hypot(transform.m12(), transform.m22())


def legible(painter: QPainter, f: QFont) -> bool:
    """Whether text in `f` comes out at least MIN_TEXT_PIXELS tall on the painter's device.

    Text smaller than that is a smudge anyway; leaving it out is what keeps a full repaint
    of a 300-card map at fit-to-view fast (drawing and eliding text is most of its cost).
    """
    return f.pixelSize() * level_of_detail(painter) >= MIN_TEXT_PIXELS


def readable_font(size: float, lod: float, largest: float, pixels: float = NAME_PIXELS) -> QFont:
    """A bold font of `size` scene units, grown when zoomed out so that it still comes out `pixels` tall on the
    device (in half units, so a zoom reuses a few fonts), but never above `largest`, the room it has."""
    grown = max(size, pixels / max(lod, 1e-6))
    return font(round(min(grown, largest) * 2) / 2, True)


def metric_label(metric: str) -> str:
    """A card's metric as the reader's language names it (均值, not MEAN; a topic's share of praise)."""
    return J.metric_label(metric, messages.language())


def _text(painter: QPainter, rect: QRectF, text: str, f: QFont, colour: QColor,
          flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> None:
    if not legible(painter, f):
        return
    painter.setFont(f)
    painter.setPen(colour)
    painter.drawText(rect, int(flags), _elided(text, f, rect.width()))


def _wrapped(painter: QPainter, rect: QRectF, text: str, f: QFont, colour: QColor) -> None:
    if not legible(painter, f):
        return
    painter.setFont(f)
    painter.setPen(colour)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                     text)


# -- lanes -------------------------------------------------------------------------------


def lane_rect(journey: J.Journey, index: int) -> QRectF:
    left, right = J.lane_edges(journey)[index]
    return QRectF(left, J.LANE_TOP, right - left, J.emotion_band(journey)[1] - J.LANE_TOP)


def paint_lane(painter: QPainter, journey: J.Journey, index: int, stage_score: StageScore | None = None,
               selected: bool = False) -> None:
    """One stage: its lane background, its header with the name and the stage's aggregate index."""
    rect = lane_rect(journey, index)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(LANE_FILLS[index % 2])
    painter.drawRect(rect)
    header = QRectF(rect.left() + 2, rect.top(), rect.width() - 4, J.HEADER_HEIGHT)
    painter.setBrush(HEADER_FILL)
    painter.drawRoundedRect(header, 6, 6)
    if selected:
        painter.setPen(QPen(SELECTION, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(header, 6, 6)
    lod = level_of_detail(painter)
    name_rect = header.adjusted(12, 0, -8, 0)
    if stage_score is not None and stage_score.index is not None:
        index_text = _t("journey.label.index", value=f"{stage_score.index:.0f}")
        badge_font = readable_font(12, lod, (header.height() - 12) * 0.7)
        # As wide as its words in the grown font ("index 43" is longer than "指数 43"), within half the header.
        advance = _metrics(badge_font.pixelSize(), True).horizontalAdvance(index_text)
        width = min(header.width() / 2, max(76.0, advance + 16))
        badge = QRectF(header.right() - width - 8, header.top() + 6, width, header.height() - 12)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAND_COLOURS[stage_score.band])
        painter.drawRoundedRect(badge, 10, 10)
        _text(painter, badge, index_text, badge_font, QColor("white"), Qt.AlignmentFlag.AlignCenter)
        name_rect.setRight(badge.left() - 6)
    _text(painter, name_rect, journey.stages[index].name, readable_font(16, lod, header.height() * 0.55),
          QColor("white"))
    top, bottom = J.emotion_band(journey)
    painter.setPen(QPen(QColor("#cfd8e3"), 1, Qt.PenStyle.DashLine))
    painter.drawLine(QPointF(rect.left(), top), QPointF(rect.right(), top))
    if index == 0:
        label = readable_font(11, lod, 30)
        _text(painter, QRectF(rect.left() + 8, top + 4, 200, label.pixelSize() * 1.4), _t("journey.label.emotion"),
              label, MUTED)


# -- items -------------------------------------------------------------------------------


def paint_item(painter: QPainter, item: J.JourneyItem, rect: QRectF, card: CardScore | None = None,
               persona: dict | None = None, selected: bool = False, lod: float | None = None) -> None:
    """One element of the map in `rect` (touchpoint card, sticker, note, persona card or emotion point), in as
    much detail as `lod` (device pixels per scene unit; the painter's own scale when not given) lets one read."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    lod = level_of_detail(painter) if lod is None else lod
    if item.kind == "emotion":
        _paint_emotion_point(painter, rect, selected)
    elif lod < DETAIL_LOD:
        _paint_summary(painter, item, rect, card, persona or {}, lod)
    elif item.kind == "touchpoint":
        _paint_touchpoint(painter, item, rect, card)
    elif item.kind == "persona":
        _paint_persona(painter, item, rect, persona or {})
    else:
        _paint_sticker(painter, item, rect)
    if selected and item.kind != "emotion":
        painter.setPen(QPen(SELECTION, 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 8, 8)
    painter.restore()


def _paint_far(painter: QPainter, item: J.JourneyItem, rect: QRectF, card: CardScore | None) -> None:
    """Seen from far away (even a name would be a smudge): the card's box in its colours only."""
    painter.setPen(QPen(KIND_EDGE[item.kind], 1))
    painter.setBrush(KIND_FILL[item.kind])
    painter.drawRect(rect)
    if card is not None:
        painter.fillRect(QRectF(rect.left(), rect.top(), rect.width() * 0.25, rect.height()), BAND_COLOURS[card.band])


def summary_fonts(rect: QRectF, lod: float, scored: bool) -> tuple[QFont, QFont]:
    """The name's and the score's fonts of a zoomed-out card: NAME_PIXELS and SCORE_PIXELS tall on the device,
    as far as the card has room (a card without a score gives its name half its height)."""
    name_share = 0.3 if scored else 0.5
    return readable_font(0, lod, rect.height() * name_share), readable_font(0, lod, rect.height() * 0.45, SCORE_PIXELS)


def _paint_summary(painter: QPainter, item: J.JourneyItem, rect: QRectF, card: CardScore | None, persona: dict,
                   lod: float) -> None:
    """Zoomed out: the card's box, its name and its score, large; the channel, base, change and notes are left
    out (they would be a few pixels tall)."""
    name_font, score_font = summary_fonts(rect, lod, card is not None and not card.broken)
    if not legible(painter, name_font):
        _paint_far(painter, item, rect, card)
        return
    painter.setPen(QPen(KIND_EDGE[item.kind], 1.5))
    painter.setBrush(KIND_FILL[item.kind])
    painter.drawRoundedRect(rect, 8, 8)
    inner = rect.adjusted(12, 4, -6, -4)
    if card is not None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAND_COLOURS[card.band])
        painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 6, rect.height()), 3, 3)
    name = str(item.name or persona.get("name") or "") if item.kind == "persona" else item.name
    name_height = name_font.pixelSize() * 1.35
    _text(painter, QRectF(inner.left(), inner.top(), inner.width(), name_height), name, name_font, TEXT)
    if card is None or card.broken:
        return
    score = QRectF(inner.left(), inner.top() + name_height, inner.width(), inner.height() - name_height)
    _text(painter, score, format_score(card), score_font, BAND_COLOURS[card.band])


def _paint_emotion_point(painter: QPainter, rect: QRectF, selected: bool) -> None:
    painter.setPen(QPen(QColor("white"), 2))
    painter.setBrush(SELECTION if selected else KIND_FILL["emotion"])
    painter.drawEllipse(rect.adjusted(1, 1, -1, -1))


def _paint_touchpoint(painter: QPainter, item: J.JourneyItem, rect: QRectF, card: CardScore | None) -> None:
    band = card.band if card is not None else "none"
    if band == "broken":
        painter.setPen(QPen(BAND_COLOURS["broken"], 2, Qt.PenStyle.DashLine))
    else:
        painter.setPen(QPen(KIND_EDGE["touchpoint"], 1))
    painter.setBrush(KIND_FILL["touchpoint"])
    painter.drawRoundedRect(rect, 8, 8)
    stripe = QRectF(rect.left(), rect.top(), 6, rect.height())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BAND_COLOURS[band] if card is not None else QColor("#d5dce3"))
    painter.drawRoundedRect(stripe, 3, 3)
    # The channel icon: a coloured badge with the channel's first character.
    icon = QRectF(rect.left() + 12, rect.top() + 8, 22, 22)
    channel = item.channel or str(item.props.get("icon", ""))
    painter.setBrush(channel_colour(channel))
    painter.drawEllipse(icon)
    _text(painter, icon, channel[:1] or "•", font(11, True), QColor("white"), Qt.AlignmentFlag.AlignCenter)
    _text(painter, QRectF(icon.right() + 6, rect.top() + 4, rect.right() - icon.right() - 10, 18), item.name,
          font(13, True), TEXT)
    _text(painter, QRectF(icon.right() + 6, rect.top() + 21, rect.right() - icon.right() - 10, 14), channel,
          font(10), MUTED)
    score_rect = QRectF(rect.left() + 12, rect.top() + 36, rect.width() - 20, rect.height() - 40)
    if card is None:
        _text(painter, score_rect, _t("journey.label.not_linked"), font(11), MUTED)
    elif card.broken:
        _text(painter, score_rect, "⚠ " + _t("journey.label.broken"), font(12, True), BAND_COLOURS["broken"])
    else:
        _paint_score(painter, score_rect, card)


def _paint_score(painter: QPainter, rect: QRectF, card: CardScore) -> None:
    """The big number in its band colour, the metric and n, the change, and a small-base mark."""
    big = font(22, True)
    number = format_score(card)
    width = QFontMetricsF(big).horizontalAdvance(number) + 6
    _text(painter, QRectF(rect.left(), rect.top(), width, rect.height()), number, big, BAND_COLOURS[card.band])
    small = font(10)
    line = QRectF(rect.left() + width, rect.top() + 2, rect.width() - width, rect.height() / 2 - 1)
    _text(painter, line, f"{metric_label(card.metric)} n={numbers.count(card.n)}", small, MUTED)
    change = format_change(card)
    lower = QRectF(line.left(), line.bottom(), line.width(), line.height())
    if card.small_base:
        _text(painter, lower, "⚑ " + _t("journey.label.small_base"), font(10, True), BAND_COLOURS["fair"])
    elif change:
        # Only a change the engine's test finds significant gets a colour; noise stays grey.
        rising = (card.delta or 0) > 0
        colour = BAND_COLOURS["good" if rising else "poor"] if card.significant else MUTED
        _text(painter, lower, change, font(10, True), colour)


def _paint_sticker(painter: QPainter, item: J.JourneyItem, rect: QRectF) -> None:
    """Pain points, opportunities and notes: a coloured sticker with a kind label and wrapped text."""
    painter.setPen(QPen(KIND_EDGE[item.kind], 1.5))
    painter.setBrush(KIND_FILL[item.kind])
    painter.drawRoundedRect(rect, 6, 6)
    inner = rect.adjusted(10, 6, -8, -4)
    if item.kind in ("pain_point", "opportunity"):
        mark = "✕ " if item.kind == "pain_point" else "★ "
        _text(painter, QRectF(inner.left(), inner.top(), inner.width(), 15), mark + _t(f"journey.label.{item.kind}"),
              font(10, True), KIND_EDGE[item.kind])
        inner.setTop(inner.top() + 17)
    _wrapped(painter, inner, item.name, font(12), TEXT)


def _paint_persona(painter: QPainter, item: J.JourneyItem, rect: QRectF, persona: dict) -> None:
    painter.setPen(QPen(KIND_EDGE["persona"], 1.5))
    painter.setBrush(KIND_FILL["persona"])
    painter.drawRoundedRect(rect, 10, 10)
    face = QRectF(rect.left() + 10, rect.top() + 10, 40, 40)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(KIND_EDGE["persona"])
    painter.drawEllipse(face)
    name = str(item.name or persona.get("name") or "")
    _text(painter, face, name[:1], font(18, True), QColor("white"), Qt.AlignmentFlag.AlignCenter)
    title = name + (f"，{persona['age']}" if persona.get("age") else "")
    _text(painter, QRectF(face.right() + 8, rect.top() + 8, rect.right() - face.right() - 14, 20), title,
          font(14, True), TEXT)
    _text(painter, QRectF(face.right() + 8, rect.top() + 30, rect.right() - face.right() - 14, 16),
          _t("journey.label.persona"), font(10), MUTED)
    lines = [str(item.props["text"])] if item.props.get("text") else [
        str(persona[key]) for key in ("role_zh", "role", "goals_zh", "goals") if persona.get(key)]
    below = QRectF(rect.left() + 10, face.bottom() + 6, rect.width() - 20, rect.bottom() - face.bottom() - 10)
    _wrapped(painter, below, "\n".join(lines), font(11), TEXT)


# -- the emotion curve -------------------------------------------------------------------


def emotion_path(journey: J.Journey, points: Sequence[tuple[int, float]]) -> QPainterPath:
    """A smooth curve through each stage's emotion point, at the centres of the lanes."""
    edges = J.lane_edges(journey)
    band = J.emotion_band(journey)
    coords = [QPointF((edges[s][0] + edges[s][1]) / 2, J.emotion_y(journey, v, band)) for s, v in points
              if s < len(edges)]
    path = QPainterPath()
    if not coords:
        return path
    path.moveTo(coords[0])
    for before, after in zip(coords, coords[1:]):
        middle = (before.x() + after.x()) / 2
        path.cubicTo(QPointF(middle, before.y()), QPointF(middle, after.y()), after)
    return path


def paint_emotion_curve(painter: QPainter, journey: J.Journey, points: Sequence[tuple[int, float]],
                        dots: bool = False) -> None:
    """The curve; with `dots`, also the points (the canvas draws its points as draggable items instead)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    top, bottom = J.emotion_band(journey)
    middle = J.emotion_y(journey, 0.0)
    left, right = 0.0, J.lane_edges(journey)[-1][1]
    painter.setPen(QPen(QColor("#b8c2cc"), 1, Qt.PenStyle.DotLine))
    painter.drawLine(QPointF(left, middle), QPointF(right, middle))
    face = readable_font(16, level_of_detail(painter), 30)
    side = face.pixelSize() * 1.4
    for value, mark in ((1.0, "☺"), (-1.0, "☹")):
        _text(painter, QRectF(right - side - 4, J.emotion_y(journey, value) - side / 2, side, side), mark, face, MUTED,
              Qt.AlignmentFlag.AlignCenter)
    painter.setPen(QPen(KIND_FILL["emotion"], 3))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(emotion_path(journey, points))
    if dots:
        edges = J.lane_edges(journey)
        for stage, value in points:
            centre = QPointF((edges[stage][0] + edges[stage][1]) / 2, J.emotion_y(journey, value))
            _paint_emotion_point(painter, QRectF(centre.x() - 9, centre.y() - 9, 18, 18), False)
    painter.restore()


def emotion_item_rect(journey: J.Journey, item: J.JourneyItem) -> QRectF:
    """Where an emotion point sits: the centre of its lane, at the height of its value."""
    edges = J.lane_edges(journey)
    if item.stage is None or item.stage >= len(edges):
        return QRectF(item.x, item.y, item.w, item.h)
    centre_x = (edges[item.stage][0] + edges[item.stage][1]) / 2
    centre_y = J.emotion_y(journey, float(item.props.get("value", 0.0)))
    size = J.DEFAULT_SIZES["emotion"][0]  # a point, whatever size an old file stored
    return QRectF(centre_x - size / 2, centre_y - size / 2, size, size)


def item_rect(journey: J.Journey, item: J.JourneyItem) -> QRectF:
    return emotion_item_rect(journey, item) if item.kind == "emotion" else QRectF(item.x, item.y, item.w, item.h)


# -- a whole map -------------------------------------------------------------------------


def scene_rect(journey: J.Journey, margin: float = 30.0) -> QRectF:
    left, top, right, bottom = J.map_bounds(journey)
    return QRectF(left, top, right - left, bottom - top).adjusted(-margin, -margin, margin, margin)


def paint_map(painter: QPainter, journey: J.Journey, scores: JourneyScores | None) -> None:
    """Everything, in scene units: lanes, the emotion curve, then the items in their stored order."""
    for index in range(len(journey.stages)):
        paint_lane(painter, journey, index, scores.stages[index] if scores and index < len(scores.stages) else None)
    values = scores.emotion_values() if scores is not None else None
    points = J.emotion_points(journey, values)
    driven = journey.setting("emotion") == "scores" and values is not None
    paint_emotion_curve(painter, journey, points, dots=driven)
    for index, item in enumerate(journey.items):
        if item.kind == "emotion" and driven:
            continue
        card = scores.cards.get(index) if scores is not None else None
        paint_item(painter, item, item_rect(journey, item), card, journey.persona)


def shown_metrics(scores: JourneyScores | None) -> list[str]:
    """The metrics the map's cards show, in the registry's order (NPS alone for a map with no linked card)."""
    used = {card.metric for card in scores.cards.values()} if scores is not None else set()
    return [metric for metric in J.METRICS if metric in used] or ["nps"]


def legends(journey: J.Journey, scores: JourneyScores | None) -> list[str]:
    """What each colour means, one line per metric on the map: a card's colour compares its own metric's score
    with that metric's thresholds."""
    lines = []
    for metric in shown_metrics(scores):
        low, high = journey.thresholds(metric)
        lines.append(_t("journey.label.legend", low=f"{low:g}", high=f"{high:g}", metric=metric_label(metric)))
    return lines


def paint_journey(painter: QPainter, target: QRectF, journey: J.Journey, scores: JourneyScores | None = None,
                  title: bool = True) -> None:
    """Paint a whole journey map into `target` of any painter (image, PDF page, SVG, report slide).

    The map keeps its proportions and is centred; with `title` the journey's name and
    the colour legend are written above it.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    area = QRectF(target)
    if title:
        heading = QRectF(area.left(), area.top(), area.width(), max(24.0, area.height() * 0.05))
        _text(painter, heading, journey.name, font(heading.height() * 0.6, True), TEXT)
        _text(painter, heading, "   ".join(legends(journey, scores)),
              font(heading.height() * 0.32), MUTED, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        area.setTop(heading.bottom() + heading.height() * 0.3)
    source = scene_rect(journey)
    scale = min(area.width() / source.width(), area.height() / source.height())
    painter.translate(area.left() + (area.width() - source.width() * scale) / 2,
                      area.top() + (area.height() - source.height() * scale) / 2)
    painter.scale(scale, scale)
    painter.translate(-source.left(), -source.top())
    paint_map(painter, journey, scores)
    painter.restore()


# -- files -------------------------------------------------------------------------------


def page_size(page: str) -> QPageSize:
    return QPageSize(PAGE_SIZES.get(page.lower(), QPageSize.PageSizeId.A4))


PNG_DPI = (50, 600)
"""Resolutions an image is drawn at: an A3 page at 600 dpi is 9921 × 7016 px (280 MB); 0 or less, or past Qt's image
size limit (`--dpi 100000`), gave a null image, which Qt painted nothing into and saved as an empty file."""


def render_image(journey: J.Journey, scores: JourneyScores | None, page: str = "a4", dpi: int = 200) -> QImage:
    """An image the size of a landscape page at `dpi` (A4 at 200 dpi: 2339 × 1654 px), white background."""
    if not PNG_DPI[0] <= dpi <= PNG_DPI[1]:
        raise ModelError("journey.bad_dpi", low=PNG_DPI[0], high=PNG_DPI[1], dpi=dpi)
    ensure_gui()
    size = page_size(page).sizePixels(dpi)
    image = QImage(QSize(max(size.width(), size.height()), min(size.width(), size.height())),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    margin = dpi * 0.4
    paint_journey(painter, QRectF(0, 0, image.width(), image.height()).adjusted(margin, margin, -margin, -margin),
                  journey, scores)
    painter.end()
    return image


def png_bytes(journey: J.Journey, scores: JourneyScores | None, page: str = "a4", dpi: int = 200) -> bytes:
    image = render_image(journey, scores, page, dpi)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def journey_png(study: Study, name: str) -> bytes | None:
    """PNG bytes (A4 landscape, 200 dpi) of a stored journey with its live scores; for the reports."""
    journey = J.load_journey(study, name)
    return png_bytes(journey, score_journey(study, journey))


def _write_pdf(journey: J.Journey, scores: JourneyScores | None, path: str, page: str) -> None:
    writer = QPdfWriter(path)
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(page_size(page), QPageLayout.Orientation.Landscape, QMarginsF(10, 10, 10, 10),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(journey.name)
    writer.setCreator("XMDesk")
    painter = QPainter(writer)
    # Paint in 96-dpi units so font pixel sizes mean the same as on screen and in PNGs.
    factor = writer.resolution() / 96.0
    painter.scale(factor, factor)
    rect = QRectF(0, 0, writer.width() / factor, writer.height() / factor)
    paint_journey(painter, rect, journey, scores)
    painter.end()


def _write_svg(journey: J.Journey, scores: JourneyScores | None, path: str) -> None:
    from PySide6.QtSvg import QSvgGenerator

    source = scene_rect(journey)
    margin = 24.0
    width, height = math.ceil(source.width() + 2 * margin), math.ceil(source.height() + 70 + 2 * margin)
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(journey.name)
    generator.setResolution(96)
    painter = QPainter(generator)
    paint_journey(painter, QRectF(0, 0, width, height).adjusted(margin, margin, -margin, -margin), journey, scores)
    painter.end()


def export_journey(journey: J.Journey, scores: JourneyScores | None, path: str | Path, page: str = "a3",
                   dpi: int = 200) -> Path:
    """Write the map to .png (page-sized image at `dpi`), .svg or .pdf (one landscape page)."""
    ensure_gui()
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ModelError("journey.bad_export", path=path)
    if fmt == "png":
        data = image_bytes(render_image(journey, scores, page, dpi))
        # written by Python, not by Qt, whose failed write says neither why nor that the disk is full
        write_output(path, lambda target: Path(target).write_bytes(data))
    elif fmt == "pdf":
        write_output(path, lambda target: _write_pdf(journey, scores, target, page))
    else:
        write_output(path, lambda target: _write_svg(journey, scores, target))
    return path

