"""The drawing the reports use: `journey_png` and `paint_journey` into a given painter and rect."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from xmdesk.core.journey import maps as J
from xmdesk.core.journey.scores import score_journey
from xmdesk.core.study.file import Study
from xmdesk.render.journey import journey_png, paint_journey


def test_journey_png_for_reports(qapp, demo_path: Path) -> None:  # noqa: ANN001
    with Study.open(demo_path, read_only=True) as study:
        data = journey_png(study, "零售门店购物旅程")
    assert data is not None
    image = QImage.fromData(data, "PNG")
    assert not image.isNull() and image.width() > image.height()


def test_paint_journey_stays_inside_the_rect(qapp, demo_path: Path) -> None:  # noqa: ANN001
    with Study.open(demo_path, read_only=True) as study:
        journey = J.load_journey(study, "零售门店购物旅程")
        scores = score_journey(study, journey)
    image = QImage(1000, 800, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_journey(painter, QRectF(100, 200, 600, 400), journey, scores)
    painter.end()
    inside = {image.pixelColor(x, y).name() for x in range(100, 700, 7) for y in range(200, 600, 7)}
    outside = {image.pixelColor(x, y).name() for x in range(0, 1000, 9) for y in (0, 150, 650, 799)}
    assert len(inside) > 5 and outside == {"#ffffff"}
