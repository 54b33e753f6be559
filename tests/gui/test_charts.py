"""The Charts area on a real demo study: what it plots equals what the engine computes."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QInputDialog, QMessageBox

from xmdesk.core.analysis.dashboards import dashboard_names, load_dashboard
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.study.file import Study
from xmdesk.gui.charts.area import ChartsArea


@pytest.fixture
def area(demo_path: Path, qtbot) -> Iterator[ChartsArea]:  # noqa: ANN001 - pytest-qt fixture
    study = Study.open(demo_path)
    widget = ChartsArea(study)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    wait(qtbot, widget)
    yield widget
    qtbot.waitUntil(lambda: not widget.computation.busy, timeout=20000)
    study.close()


def wait(qtbot, area: ChartsArea, metric: str | None = None) -> None:  # noqa: ANN001
    def shown() -> bool:
        outcome = area.outcome
        return (not area.computation.busy and outcome is not None
                and (metric is None or outcome.request.metric == metric) and area.request() == outcome.request)

    qtbot.waitUntil(shown, timeout=20000)


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def test_nps_by_region_plots_the_engine_shares(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    area.select("nps", "nps", "region")
    wait(qtbot, area, "nps")
    outcome = run(area.study, Request("nps", "nps", Query("retail_cx"), by="region", lang=area.outcome.request.lang))
    results = [outcome.result] + [g.result for g in outcome.groups]
    drawn = area.view.plotted_values()
    assert [[round(v, 12) for v in s] for s in drawn] == [
        [round(getattr(r, attr), 12) for r in results] for attr in ("pct_detractors", "pct_passives", "pct_promoters")]
    assert area.view.spec is not None and area.view.spec.scores[1] == outcome.groups[0].result.nps


def test_breakdown_and_filter_change_the_plotted_means(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    area.select("csat", "csat", "channel", "${region} = 'east' and ${nps} >= 7")
    wait(qtbot, area, "csat")
    expected = run(area.study, Request("csat", "csat", Query("retail_cx", filter="${region} = 'east' and ${nps} >= 7"),
                                       by="channel"))
    means = [expected.result.mean] + [g.result.mean for g in expected.groups]
    assert all(same(a, b) for a, b in zip(area.view.plotted_values()[0], means))
    assert expected.result.n < 300  # the filter really narrowed the base
    hover = next(h for h in area.view.hits if h.category == 1)
    assert f"n = {expected.groups[0].result.n:,}" in hover.text


def test_clicking_a_bar_filters_by_its_segment(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    area.select("nps_bars", "nps", "channel")
    wait(qtbot, area)
    view = area.view
    hit = next(h for h in view.hits if h.category == 2)  # the bar of the second channel (App)
    centre = view.plot_item.vb.mapViewToScene(QPointF(hit.rect.center()))
    position = view.plot.mapFromScene(centre)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=position)
    assert area.filter_edit.text() == "${channel} = 'app'"
    wait(qtbot, area)
    assert area.outcome.result.n == run(area.study, Request("nps", "nps", Query("retail_cx", filter="${channel} = 'app'"))
                                        ).result.n


def test_every_chart_kind_draws_and_a_bad_filter_is_said(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    for metric, question, by in (("freq", "categories", None), ("crosstab", "csat", "channel"),
                                 ("trend", "nps", None), ("drivers", "nps", "attr"), ("ipa", "csat", "attr")):
        area.select(metric, question, by)
        wait(qtbot, area)
        assert area.view.plotted_values() and area.view.hits
    area.select("ipa", "csat", "attr")
    wait(qtbot, area)
    ranked = area.outcome.result.ranked()
    assert area.view.plotted_values() == [[d.share for d in ranked], [d.performance for d in ranked]]
    area.filter_edit.setText("${nope} = 1")
    area.refresh()
    qtbot.waitUntil(lambda: "nope" in area.view.notes.text(), timeout=20000)
    axes = [area.view.plot_item.getAxis(name) for name in ("left", "bottom")]
    assert not any(axis.isVisible() for axis in axes)  # no axis of the last chart left over the message
    area.filter_edit.setText("")
    area.refresh()
    wait(qtbot, area)
    assert all(axis.isVisible() for axis in axes) and area.view.plotted_values()


def test_dashboard_tiles_are_saved_arranged_and_exported(area: ChartsArea, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    before = len(load_dashboard(area.study, "总览").tiles)
    area.select("ces", "ces", None, "${channel} = 'web'")
    wait(qtbot, area)
    area.add_to_dashboard()
    board = load_dashboard(area.study, "总览")
    assert len(board.tiles) == before + 1 and board.tiles[-1].request.query.filter == "${channel} = 'web'"
    area.move_tile(len(board.tiles) - 1, -1)
    area.toggle_span(0)
    board = load_dashboard(area.study, "总览")
    assert board.tiles[-2].request.metric == "ces" and board.tiles[0].span == 1
    area.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: all(t.view.spec is not None for t in area.tiles), timeout=30000)
    assert len(area.tiles) == before + 1
    area.tabs.setCurrentIndex(0)
    area.theme_combo.setCurrentIndex(area.theme_combo.findData("dark"))
    png, svg = tmp_path / "c.png", tmp_path / "c.svg"
    area.save_image(png)
    area.save_image(svg, svg=True)
    image = QImage(str(png))
    assert image.width() >= 3 * area.view.width() - 2
    assert QImage.Format.Format_Invalid != image.format() and image.pixelColor(2, 2).lightness() < 80  # dark theme
    assert "<svg" in svg.read_text(encoding="utf-8")[:2000]


def test_several_dashboards_are_made_switched_renamed_and_deleted(area: ChartsArea, qtbot,  # noqa: ANN001
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    area.tabs.setCurrentIndex(1)
    first = load_dashboard(area.study, "总览")
    typed = iter(["  门店体验 ", "总览", "门店看板"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (next(typed), True))
    errors: list[str] = []
    monkeypatch.setattr("xmdesk.gui.charts.area.show_error", lambda parent, error: errors.append(str(error)))
    qtbot.mouseClick(area.new_board_button, Qt.MouseButton.LeftButton)
    assert area.dashboard_combo.currentText() == "门店体验" and area.tiles == []
    assert dashboard_names(area.study) == ["总览", "门店体验"]
    area.select("csat", "csat", "channel")
    wait(qtbot, area)
    area.add_to_dashboard()
    assert len(load_dashboard(area.study, "门店体验").tiles) == 1
    assert load_dashboard(area.study, "总览") == first  # the other dashboard is untouched

    qtbot.mouseClick(area.rename_board_button, Qt.MouseButton.LeftButton)  # "总览" is taken: refused
    assert errors and "总览" in errors[0] and dashboard_names(area.study) == ["总览", "门店体验"]
    qtbot.mouseClick(area.rename_board_button, Qt.MouseButton.LeftButton)
    assert dashboard_names(area.study) == ["总览", "门店看板"]
    assert [t.request.metric for t in load_dashboard(area.study, "门店看板").tiles] == ["csat"]
    assert area.dashboard_combo.currentText() == "门店看板"

    area.dashboard_combo.setCurrentIndex(area.dashboard_combo.findData("总览"))
    qtbot.waitUntil(lambda: all(t.view.spec is not None for t in area.tiles), timeout=30000)
    assert area.dashboard.name == "总览" and len(area.tiles) == len(first.tiles)

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    qtbot.mouseClick(area.delete_board_button, Qt.MouseButton.LeftButton)
    assert dashboard_names(area.study) == ["总览", "门店看板"]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(area.delete_board_button, Qt.MouseButton.LeftButton)
    assert dashboard_names(area.study) == ["门店看板"] and area.dashboard.name == "门店看板"
    assert [area.dashboard_combo.itemText(i) for i in range(area.dashboard_combo.count())] == ["门店看板"]
    qtbot.mouseClick(area.delete_board_button, Qt.MouseButton.LeftButton)
    assert dashboard_names(area.study) == [] and area.dashboard_combo.currentText() == "总览"
    assert not area.delete_board_button.isEnabled()  # the fresh one is not saved until it has a tile
