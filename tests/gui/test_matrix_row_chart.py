"""The Charts area offers each matrix row as a question (issue 17): its chart is the engine's on the row's column."""

from __future__ import annotations

import sqlite3

import numpy as np

from tests.gui.test_charts import area, same, wait  # noqa: F401 - the fixture
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.gui.charts.area import ChartsArea


def test_a_matrix_row_is_offered_and_charted_by_channel(area: ChartsArea, qtbot) -> None:  # noqa: ANN001, F811
    area.select("mean", "attr__range", "channel")
    wait(qtbot, area, "mean")
    assert area.question_combo.currentData() == "attr__range"
    assert "商品丰富度" in area.question_combo.currentText() or "Product range" in area.question_combo.currentText()
    expected = run(area.study, Request("mean", "attr__range", Query("retail_cx"), by="channel"))
    means = [expected.result.mean] + [g.result.mean for g in expected.groups]
    assert all(same(a, b) for a, b in zip(area.view.plotted_values()[0], means))
    with sqlite3.connect(area.study.path) as conn:
        stored = np.array([v for (v,) in conn.execute("SELECT attr__range FROM responses_retail_cx WHERE deleted = 0"
                                                      " AND attr__range IS NOT NULL")], dtype=float)
    assert same(means[0], float(stored.mean()))
