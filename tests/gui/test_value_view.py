"""The Value tab of the Charts area on the demo study (issue 20): it draws and tabulates what the core's value view
computes, follows a new order at once, and O-data variables are offered as breakdowns like any other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from xmdesk.core import odata
from xmdesk.core.analysis import derived, odata_vars
from xmdesk.core.analysis.value import value_table, value_view
from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.gui.charts.area import ChartsArea
from xmdesk.gui.i18n import apply_language


@pytest.fixture
def area(demo_path: Path, qtbot) -> Iterator[ChartsArea]:  # noqa: ANN001 - pytest-qt fixture
    study = Study.open(demo_path)
    derived.save(study, "retail_cx", odata_vars.definition(study, "orders.channel", "orders"))
    widget = ChartsArea(study)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: not widget.computation.busy and (widget.value_panel.worker is None
                                                            or widget.value_panel.worker.done), timeout=30000)
    study.close()


def shown(area: ChartsArea, qtbot, days: int) -> None:  # noqa: ANN001
    panel = area.value_panel
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.days == days and panel.worker is not None
                    and panel.worker.done, timeout=30000)


def grid_rows(area: ChartsArea) -> list[list[str]]:
    grid = area.value_panel.grid
    return [[grid.item(r, c).text() for c in range(grid.columnCount())] for r in range(grid.rowCount())]


def test_the_value_tab_shows_the_core_figures_and_follows_a_new_order(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    panel = area.value_panel
    area.tabs.setCurrentWidget(panel)
    shown(area, qtbot, 90)
    assert panel.table_combo.currentText() == "orders" and panel.column_combo.currentText() == "amount"
    expected = value_view(area.study, "retail_cx", days=90, lang="en")
    assert grid_rows(area) == value_table(expected, "en")[1]
    assert panel.view.plotted_values() == [[g.spend_before for g in expected.groups],
                                           [g.spend_after for g in expected.groups]]
    panel.days_spin.setValue(30)
    panel.days_spin.editingFinished.emit()
    shown(area, qtbot, 30)
    assert grid_rows(area) == value_table(value_view(area.study, "retail_cx", days=30, lang="en"), "en")[1]
    # A big order the day after the first promoter's response: their group's spend after goes up at once.
    before = panel.result
    assert before is not None
    table = next(t for t in odata.list_tables(area.study) if t.name == "orders")
    customer, day = area.study.conn.execute("SELECT customer_id, substr(created_at, 1, 10) FROM responses_retail_cx"
                                            " WHERE nps >= 9 ORDER BY id LIMIT 1").fetchone()
    following = f"{day[:8]}{int(day[8:]) + 1:02d}" if int(day[8:]) < 28 else day
    odata.insert_rows(area.study, table, ["order_id", "customer_id", "order_date", "amount"],
                      [("BIG", customer, following, 100000.0)])
    area.apply_changes(Changes.of("odata"))
    qtbot.waitUntil(lambda: panel.result is not before and panel.worker is not None and panel.worker.done,
                    timeout=30000)
    assert panel.result is not None
    assert panel.result.groups[0].spend_after > before.groups[0].spend_after


def test_o_data_variables_are_breakdowns_and_the_tab_speaks_chinese(area: ChartsArea, qtbot) -> None:  # noqa: ANN001
    assert "orders.channel" in [area.by_combo.itemData(i) for i in range(area.by_combo.count())]
    apply_language("zh")
    try:
        area.tabs.setCurrentWidget(area.value_panel)
        shown(area, qtbot, 90)
        qtbot.waitUntil(lambda: grid_rows(area)[0][0].startswith("推荐者"), timeout=30000)
        assert area.tabs.tabText(3) == "价值"
        assert area.value_panel.grid.horizontalHeaderItem(0).text() == "NPS 群体"
    finally:
        apply_language("en")
