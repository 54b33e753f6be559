"""Chart specs carry exactly the engine's numbers, round-trip through JSON and rebuild on fresh data."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.charts.build import build_chart, rebuild, spec_for
from xmdesk.core.charts.spec import ChartKind, ChartSpec
from xmdesk.core.survey.responses import soft_delete
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey


@pytest.fixture
def demo(demo_path: Path) -> Study:
    study = Study.open(demo_path)
    yield study
    study.close()


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def test_nps_stacked_bars_hold_the_shares_and_scores(demo: Study) -> None:
    request = Request("nps", "nps", Query("retail_cx", filter="${channel} = 'app'"), by="region")
    outcome = run(demo, request)
    spec = spec_for(outcome)
    assert spec.kind is ChartKind.STACKED_BARS and spec.categories[0] == "总体"
    assert spec.categories[1:] == tuple(g.label for g in outcome.groups)
    results = [outcome.result] + [g.result for g in outcome.groups]
    roles = [s.role for s in spec.series]
    assert roles == ["detractor", "passive", "promoter"]
    for i, result in enumerate(results):
        assert same(spec.series[0].values[i], result.pct_detractors)
        assert same(spec.series[2].values[i], result.pct_promoters)
        assert spec.series[1].n[i] == result.n and same(spec.scores[i], result.nps)
    assert set(spec.small_base) == {label for label, r in zip(spec.categories, results) if r.n < 30}
    assert spec.small_base  # the app channel split by 7 regions leaves small bases: marked, not hidden
    assert any("筛选" in note for note in spec.notes)


def test_segment_bars_carry_ci_whiskers(demo: Study) -> None:
    outcome = run(demo, Request("csat", "csat", Query("retail_cx"), by="channel"))
    spec = spec_for(outcome)
    series = spec.series[0]
    for i, group in enumerate(outcome.groups, start=1):
        assert same(series.values[i], group.result.mean) and series.n[i] == group.result.n
        assert same(series.ci_low[i], group.result.ci_low) and same(series.ci_high[i], group.result.ci_high)
    assert any("F =" in note for note in spec.notes)
    bars = build_chart(demo, Request("nps", "nps", Query("retail_cx"), by="channel", chart="bars"))
    assert bars.kind is ChartKind.BARS and bars.series[0].ci_low[0] < bars.series[0].values[0]


def test_trend_heatmap_drivers_and_ipa_specs(demo: Study) -> None:
    trend = run(demo, Request("trend", "nps", Query("retail_cx"), period="month"))
    spec = spec_for(trend)
    assert spec.kind is ChartKind.LINE and spec.categories == tuple(p.period for p in trend.result.points)
    assert all(same(v, p.value) for v, p in zip(spec.series[0].values, trend.result.points))
    assert spec.series[0].marks == tuple(("↑" if p.change > 0 else "↓") if p.significant else ""
                                         for p in trend.result.points)
    table = run(demo, Request("crosstab", "categories", Query("retail_cx"), by="channel"))
    heat = spec_for(table)
    assert heat.kind is ChartKind.HEATMAP and len(heat.series) == 5
    assert np.allclose(np.array([s.values for s in heat.series], dtype=float).T, table.result.column_pct,
                       equal_nan=True)
    assert heat.series[0].marks == tuple(row[0] for row in table.result.significance)
    drivers = run(demo, Request("drivers", "nps", Query("retail_cx"), by="attr", chart="ipa"))
    ipa = spec_for(drivers)
    ranked = drivers.result.ranked()
    assert ipa.kind is ChartKind.SCATTER and ipa.categories == tuple(d.label for d in ranked)
    assert ipa.series[0].values == tuple(d.share for d in ranked)
    assert ipa.series[1].values == tuple(d.performance for d in ranked)
    assert {line.axis for line in ipa.reference_lines} == {"x", "y"} and len(ipa.corner_labels) == 4
    bars = spec_for(run(demo, Request("drivers", "nps", Query("retail_cx"))))
    assert list(bars.series[0].values) == sorted(bars.series[0].values, reverse=True)


def test_specs_round_trip_through_json_and_rebuild_on_fresh_data(demo: Study) -> None:
    request = Request("nps", "nps", Query("retail_cx", date_from="2026-06-01"), by="channel", lang="en")
    spec = build_chart(demo, request)
    stored = json.loads(json.dumps(spec.to_dict()))
    assert ChartSpec.from_dict(stored).to_dict() == spec.to_dict()
    assert rebuild(demo, stored["source"]).to_dict() == spec.to_dict()
    survey = load_survey(demo, "retail_cx")
    promoters = [r[0] for r in demo.conn.execute(
        "SELECT id FROM responses_retail_cx WHERE nps >= 9 AND visit_date >= '2026-06-01' LIMIT 50")]
    for response_id in promoters:
        soft_delete(demo, survey, response_id)
    fresh = rebuild(demo, stored["source"])
    assert fresh.series[0].n[0] == spec.series[0].n[0] - 50
    assert fresh.scores[0] < spec.scores[0]
    assert rebuild(demo, stored["source"], lang="zh").categories[0] == "总体"
