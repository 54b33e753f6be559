"""Dashboards are saved in the study file and rebuilt from their requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core.analysis.dashboards import (DEFAULT_NAME, Dashboard, Tile, dashboard_names, delete_dashboard,
                                             load_dashboard, save_dashboard)
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request
from xmdesk.core.charts.build import build_chart
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study


def test_demo_dashboard_tiles_all_build(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        board = load_dashboard(study, DEFAULT_NAME)
        kinds = {build_chart(study, tile.request).kind.value for tile in board.tiles}
    assert kinds == {"stacked_bars", "line", "bars", "scatter", "heatmap"}


def test_save_reorder_reload_and_delete(demo_path: Path) -> None:
    tiles = [Tile(Request("nps", "nps", Query("retail_cx", filter="${csat} >= 4"), by="store")),
             Tile(Request("ces", "ces", Query("retail_cx")), span=2)]
    with Study.open(demo_path) as study:
        save_dashboard(study, Dashboard("门店", tiles).moved(0, 1))
    with Study.open(demo_path) as study:
        board = load_dashboard(study, "门店")
        assert [t.request.metric for t in board.tiles] == ["ces", "nps"] and board.tiles[0].span == 2
        assert board.tiles[1].request.query.filter == "${csat} >= 4"
        assert dashboard_names(study) == [DEFAULT_NAME, "门店"]
        delete_dashboard(study, "门店")
        with pytest.raises(ModelError):
            load_dashboard(study, "门店")
        with pytest.raises(ModelError):
            save_dashboard(study, Dashboard("  "))
