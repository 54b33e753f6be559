"""The journey canvas fitted into a laptop window: cards readable (levels of detail), a legend for every metric on
the map, metric names in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QImage, QPainter

from xmdesk.core import messages
from xmdesk.core.journey.scores import score_journey
from xmdesk.core.journey.maps import journey_names, load_journey
from xmdesk.core.study.file import Study
from xmdesk.render import journey as R

READABLE_PIXELS = 11.0


@dataclass
class Drawn:
    """Every text the journey drawing writes: with its height in device pixels (font size × the painter's scale),
    and as it came out (elided where it did not fit)."""

    sizes: list[tuple[str, float]] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.sizes.clear()
        self.shown.clear()


@pytest.fixture
def drawn_texts(monkeypatch: pytest.MonkeyPatch) -> Drawn:
    drawn = Drawn()
    write = R._text

    def record(painter: QPainter, rect, text: str, f: QFont, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        if R.legible(painter, f):
            drawn.sizes.append((text, f.pixelSize() * R.level_of_detail(painter)))
            drawn.shown.append(R._elided(text, f, rect.width()))
        write(painter, rect, text, f, *args, **kwargs)

    monkeypatch.setattr(R, "_text", record)
    return drawn


def test_fitted_to_a_laptop_window_cards_show_their_name_and_score_large(window, demo_path: Path,
                                                                          drawn_texts: Drawn) -> None:  # noqa: ANN001
    window.resize(1280, 800)
    window.open_study(demo_path)
    window.study_page.show_area("journey")
    editor = window.study_page.areas["journey"].editor
    editor.view.fit()
    assert editor.view.transform().m22() < R.DETAIL_LOD  # the map is fitted smaller than life
    drawn_texts.clear()
    editor.view.viewport().grab()
    names = {item.name for item in editor.scene.journey.items if item.kind == "touchpoint"}
    shown = {text: pixels for text, pixels in drawn_texts.sizes}
    assert names <= set(shown), names - set(shown)  # every card still says what it is
    small = [(text, round(pixels, 1)) for text, pixels in drawn_texts.sizes if pixels < READABLE_PIXELS]
    assert not small, small  # and nothing on the map is smaller than that: the small print is left out
    badges = [text for text in drawn_texts.shown if text.startswith("index")]
    assert len(badges) == 5 and not any("…" in text for text in badges), badges  # the stages' index, whole


def test_at_full_size_a_card_names_its_metric_in_the_readers_language(window, demo_path: Path,
                                                                       drawn_texts: Drawn) -> None:  # noqa: ANN001
    language = messages.language()
    messages.set_language("zh")
    try:
        with Study.open(demo_path, read_only=True) as study:
            journey = load_journey(study, journey_names(study)[0])
            scores = score_journey(study, journey)
        image = QImage(400, 200, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        for index, item in enumerate(journey.items):
            card = scores.cards.get(index)
            if card is not None and card.metric == "mean":
                R.paint_item(painter, item, R.item_rect(journey, item).translated(-item.x, -item.y), card)
                break
        painter.end()
        texts = [text for text, _ in drawn_texts.sizes]
        assert any(text.startswith("均值 n=") for text in texts), texts
        assert not any("MEAN" in text for text in texts)
        assert R.legends(journey, scores) == [
            f"良好 ≥ {journey.thresholds(metric)[1]:g} · 较差 < {journey.thresholds(metric)[0]:g}（{label}）"
            for metric, label in (("nps", "NPS"), ("csat", "满意度 CSAT"), ("mean", "均值"))]
    finally:
        messages.set_language(language)


def test_the_canvas_legend_explains_every_metric_on_the_map(window, demo_path: Path) -> None:  # noqa: ANN001
    window.open_study(demo_path)
    window.study_page.show_area("journey")
    editor = window.study_page.areas["journey"].editor
    legend = editor.legend.text()
    for label in ("NPS", "CSAT", "Mean"):  # the window is in English
        assert f"({label})" in legend, legend
    assert editor.legend.isVisible()
