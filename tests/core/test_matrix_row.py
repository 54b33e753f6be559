"""A matrix row named `matrix__row` (its stored column) is a question of its own wherever a question is
asked for: analysis requests, filters, tiles and chart blocks of reports, alert rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.charts.build import build_chart
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.recipe import Block, Report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, load_survey


def stored(path: Path, sql: str) -> np.ndarray:
    with sqlite3.connect(path) as conn:
        return np.array([row[0] for row in conn.execute(sql)], dtype=float)


def test_a_matrix_row_is_a_rating_question_of_its_own(demo_path: Path) -> None:
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
    row = survey.question("attr__range")
    matrix = survey.question("attr")
    assert row.type is QuestionType.RATING and row.scale() == matrix.scale()
    assert [c.name for c in row.columns()] == ["attr__range"]
    assert row.label("zh").startswith(matrix.label_zh) and "商品丰富度" in row.label("zh")


def test_filtered_mean_of_a_row_equals_the_stored_column(demo_path: Path) -> None:
    query = Query(survey="retail_cx", filter="${attr__range} >= 2 and ${channel} = 2")
    with Study.open(demo_path, read_only=True) as study:
        outcome = run(study, Request("mean", "attr__range", query))
        freq = run(study, Request("freq", "attr__range", Query(survey="retail_cx")))
    values = stored(demo_path, "SELECT attr__range FROM responses_retail_cx WHERE deleted = 0"
                               " AND attr__range >= 2 AND channel = 2")
    assert outcome.result.n == len(values) and outcome.result.mean == pytest.approx(values.mean())
    everyone = stored(demo_path, "SELECT attr__range FROM responses_retail_cx WHERE deleted = 0"
                                 " AND attr__range IS NOT NULL")
    assert freq.result.n == len(everyone)


def test_report_tiles_and_chart_of_a_row(demo_path: Path) -> None:
    request = {"survey": "retail_cx", "metric": "mean", "question": "attr__staff", "by": "channel"}
    report = Report(name="r", survey="retail_cx", blocks=[
        Block("tiles", options={"metrics": [{"metric": "mean", "question": "attr__staff"}]}),
        Block("chart", options={"request": request})])
    with Study.open(demo_path, read_only=True) as study:
        tiles, chart = build_report(study, report).sections
        spec = build_chart(study, Request.from_dict(request))
    values = stored(demo_path, "SELECT attr__staff FROM responses_retail_cx WHERE deleted = 0"
                               " AND attr__staff IS NOT NULL")
    assert tiles.tiles[0].value == pytest.approx(values.mean()) and tiles.tiles[0].n == len(values)
    assert chart.chart is not None and chart.chart.series[0].values == spec.series[0].values
    online = stored(demo_path, "SELECT attr__staff FROM responses_retail_cx WHERE deleted = 0 AND channel = 2"
                               " AND attr__staff IS NOT NULL")
    assert pytest.approx(online.mean()) in spec.series[0].values


def test_a_lowest_score_rule_on_a_row_hits_the_rows_answered_at_its_bottom(demo_path: Path) -> None:
    from xmdesk.core.loop import alerts

    rule = alerts.Rule("员工态度最低分", "low_score", {"question": "attr__staff"}, "retail_cx")
    with Study.open(demo_path, read_only=True) as study:
        hits = alerts.evaluate(study, rule, load_survey(study, "retail_cx"))
    with sqlite3.connect(demo_path) as conn:
        lowest = [row[0] for row in conn.execute("SELECT id FROM responses_retail_cx WHERE deleted = 0"
                                                 " AND attr__staff = 1 ORDER BY id")]
    assert lowest and sorted(hits.response_ids.tolist()) == lowest
