"""The Charts area's Insights tab, driven as a user drives it, on a study with planted differences."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from xmdesk.core.analysis.dashboards import load_dashboard
from xmdesk.core.reports.recipe import load_report
from xmdesk.core.study.file import Study
from xmdesk.gui.charts.area import ChartsArea
from tests.insights_data import write_study


@pytest.fixture
def area(tmp_path: Path, qtbot) -> Iterator[ChartsArea]:  # noqa: ANN001 - pytest-qt fixture
    study = Study.open(write_study(tmp_path / "planted.xmd", count=3000))
    widget = ChartsArea(study)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.tabs.setCurrentIndex(2)
    yield widget
    qtbot.waitUntil(lambda: not widget.computation.busy, timeout=20000)
    study.close()


def scanned(qtbot, area: ChartsArea) -> None:  # noqa: ANN001
    panel = area.insights
    qtbot.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.insights is not None and panel.find_button.isEnabled(), timeout=60000)


def south_row(area: ChartsArea) -> int:
    return next(i for i in range(area.insights.list.count())
                if area.insights.list.item(i).text().split(". ", 1)[1].startswith("South (Region): NPS"))


def test_find_lists_the_findings_and_says_how_many_comparisons(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    panel = area.insights
    assert area.tabs.tabText(2) == "Insights" and panel.list.count() == 0
    scanned(qtbot, area)
    insights = panel.insights
    assert insights is not None
    assert panel.summary.text().startswith(f"{insights.comparisons:,} comparisons made")
    assert "Benjamini–Hochberg" in panel.summary.text()
    assert panel.list.count() == len(insights.findings) > 0
    assert panel.list.item(south_row(area)).text().endswith(
        insights.sentence(insights.findings[south_row(area)], "en"))


def test_a_finding_becomes_a_tile_and_report_blocks(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    scanned(qtbot, area)
    panel = area.insights
    panel.list.setCurrentRow(south_row(area))
    assert panel.tile_button.isEnabled()
    qtbot.mouseClick(panel.tile_button, Qt.MouseButton.LeftButton)
    tile = load_dashboard(area.study, area.dashboard.name).tiles[-1]
    assert (tile.request.metric, tile.request.question, tile.request.by, tile.span) == ("nps", "nps", "region", 2)
    assert area.dashboard.tiles[-1] == tile  # the Charts area shows the dashboard it went to
    assert panel.add_to_report("Insights") == "Insights"
    chart, summary = load_report(area.study, "Insights").blocks
    assert chart.kind == "chart" and chart.options["request"]["by"] == "region"
    assert summary.kind == "summary" and summary.options["text"] == panel.insights.sentence(
        panel.insights.findings[south_row(area)], "en")


def test_a_topic_finding_has_no_tile_but_goes_into_a_report(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    scanned(qtbot, area)
    panel = area.insights
    insights = panel.insights
    assert insights is not None
    row = next(i for i, f in enumerate(insights.findings) if insights.variables.outcomes[f.test.outcome].topic)
    panel.list.setCurrentRow(row)
    assert not panel.tile_button.isEnabled() and "no chart" in panel.tile_button.toolTip()
    panel.add_to_report("Topics")
    assert [b.kind for b in load_report(area.study, "Topics").blocks] == ["summary"]


def test_cancel_leaves_the_panel_as_it_was(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    panel = area.insights
    before = panel.summary.text()
    worker = panel.start_scan()
    assert worker is not None and not panel.find_button.isEnabled()
    worker.cancel()
    qtbot.waitUntil(lambda: worker.settled, timeout=60000)
    qtbot.waitUntil(panel.find_button.isEnabled, timeout=5000)
    assert panel.insights is None and panel.summary.text() == before and panel.list.count() == 0
