"""A dashboard tile is small, so it shows two of a chart's notes; the one that explains its marks (↑/↓ against the
rest, or the crosstab's letters) must be one of them, or the tile's arrows mean nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request
from xmdesk.core.charts.build import build_chart
from xmdesk.core.study.file import Study
from xmdesk.gui.charts.view import ChartView


@pytest.mark.parametrize("request_", [Request("nps", "nps", Query("retail_cx"), by="store", lang="en"),
                                      Request("crosstab", "channel", Query("retail_cx"), by="region", lang="en")],
                         ids=["nps-by-store", "crosstab"])
def test_a_tile_keeps_the_base_and_the_line_that_explains_its_marks(qtbot: QtBot, demo_path: Path,
                                                                    request_: Request) -> None:
    with Study.open(demo_path, read_only=True) as study:
        spec = build_chart(study, request_)
    tile = ChartView(compact=True)
    qtbot.addWidget(tile)
    tile.set_spec(spec)
    shown = tile.notes.text().split("\n")
    assert shown[0] == spec.notes[0]  # the base
    assert any(line.startswith(("↑/↓", "Letters")) for line in shown), shown
    assert len(shown) == 2 and tile.notes.toolTip() == "\n".join(spec.notes)  # the rest on hover
