"""Trends, key drivers, multiple-choice crosstabs, the query layer and requests: against scipy,
pandas and hand-computed figures to 1e-9."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from xmdesk.core.analysis import drivers as dr
from xmdesk.core.analysis import metrics as mt
from xmdesk.core.analysis.crosstab import column_proportion_letters, crosstab, multiple_crosstab
from xmdesk.core.analysis.drivers import (key_drivers, pairwise_correlation, r_squared, relative_weights, shapley_r2,
                                          weighted_correlation)
from xmdesk.core.analysis.query import Query, select
from xmdesk.core.analysis.request import Request, outcome_json, run
from xmdesk.core.analysis.trend import period_codes, trend
from xmdesk.core.errors import ModelError
from xmdesk.core.survey.responses import insert_rows
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, create_survey, load_survey

TOL = 1e-9


def close(a: float, b: float, tol: float = TOL) -> bool:
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


# -- trends ------------------------------------------------------------------------------


def test_period_labels_weeks_start_on_monday_and_bad_dates_are_missing() -> None:
    dates = ["2026-05-03", "2026-05-04", "2026-05-10T12:00:00", None, "not a date", "2026-06-01"]
    codes, labels = period_codes(dates, "week")
    assert labels == ["2026-04-27", "2026-05-04", "2026-06-01"]
    assert codes.tolist() == [0, 1, 1, -1, -1, 2]
    codes, labels = period_codes(dates, "month")
    assert labels == ["2026-05", "2026-06"] and codes.tolist() == [0, 0, 0, -1, -1, 1]
    with pytest.raises(ModelError):
        period_codes(dates, "year")


def _trend_data(seed: int = 3) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    days = [f"2026-0{m}-{d:02d}" for m in (5, 6, 7) for d in (2, 15)]
    dates = [days[i] for i in rng.integers(0, len(days), 400)]
    values = rng.integers(0, 11, 400).astype(float)
    values[rng.random(400) < 0.1] = np.nan
    return dates, values


def test_trend_of_means_matches_scipy_welch_per_period() -> None:
    dates, values = _trend_data()
    result = trend(dates, values, "month", "mean")
    months = np.array([d[:7] for d in dates])
    assert [p.period for p in result.points] == ["2026-05", "2026-06", "2026-07"]
    previous = None
    for point in result.points:
        x = values[(months == point.period) & ~np.isnan(values)]
        assert point.n == len(x) and close(point.value, float(np.mean(x)))
        interval = stats.t.interval(0.95, len(x) - 1, loc=np.mean(x), scale=stats.sem(x))
        assert close(point.ci_low, interval[0]) and close(point.ci_high, interval[1])
        if previous is None:
            assert point.change is None and point.p is None and not point.significant
        else:
            welch = stats.ttest_ind(x, previous, equal_var=False)
            assert close(point.change, float(np.mean(x) - np.mean(previous)))
            assert close(point.p, float(welch.pvalue))
            assert point.significant == (welch.pvalue < 0.05)
        previous = x
    assert result.missing == int(np.isnan(values).sum()) and result.n + result.missing == len(values)


def test_trend_of_nps_change_is_a_z_test_of_two_scores() -> None:
    dates = ["2026-05-01"] * 40 + ["2026-05-02"] * 20
    values = np.array([10] * 20 + [5] * 20 + [10] * 18 + [0] * 2, dtype=float)
    result = trend(dates, values, "day", "nps")
    first, second = result.points
    assert (first.value, second.value) == (0.0, 80.0)
    assert not first.small_base and second.small_base  # n = 20 < 30: flagged, still shown
    var1 = (0.5 + 0.5 - 0.0) / 40
    var2 = (0.9 + 0.1 - 0.8 ** 2) / 20
    z = 80.0 / (100.0 * math.sqrt(var1 + var2))
    assert close(second.change, 80.0) and close(second.p, 2 * stats.norm.sf(z)) and second.significant


def test_weighted_trend_points_equal_repeated_rows() -> None:
    dates, values = _trend_data(5)
    weights = np.random.default_rng(1).integers(1, 4, len(values)).astype(float)
    weighted = trend(dates, values, "month", "mean", weights)
    repeated = trend(np.repeat(dates, weights.astype(int)), np.repeat(values, weights.astype(int)), "month", "mean")
    for a, b in zip(weighted.points, repeated.points):
        assert a.period == b.period and close(a.value, b.value)
        assert close(a.weighted_n or 0, float(b.n))


# -- key drivers ---------------------------------------------------------------------------


def _ratings(n: int = 600, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(n, 1))
    x = np.clip(np.rint(3 + base + rng.normal(size=(n, 4))), 1, 5)
    y = np.clip(np.rint(0.8 * x[:, 0] + 0.5 * x[:, 1] + 0.2 * x[:, 2] + rng.normal(size=n)), 0, 10)
    return x, y


def _ols_r2(x: np.ndarray, y: np.ndarray) -> float:
    design = np.column_stack([np.ones(len(x)), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = y - design @ coef
    return 1.0 - float(residual @ residual) / float(((y - y.mean()) ** 2).sum())


def test_relative_weights_and_shapley_add_up_to_the_regression_r2() -> None:
    x, y = _ratings()
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    r2 = _ols_r2(x, y)
    assert close(r_squared(rxx, rxy), r2)
    assert close(float(relative_weights(rxx, rxy).sum()), r2)
    shapley = shapley_r2(rxx, rxy)
    assert close(float(shapley.sum()), r2)
    # Shapley by brute force over orders of entry, each sub-model fitted by least squares.
    k = x.shape[1]
    brute = np.zeros(k)
    orders = list(itertools.permutations(range(k)))
    for order in orders:
        for position, j in enumerate(order):
            before = list(order[:position])
            gain = _ols_r2(x[:, before + [j]], y) - (_ols_r2(x[:, before], y) if before else 0.0)
            brute[j] += gain / len(orders)
    assert np.allclose(shapley, brute, atol=TOL, rtol=0)


def test_relative_weights_of_uncorrelated_predictors_are_squared_correlations() -> None:
    rxx = np.eye(3)
    rxy = np.array([0.5, 0.3, -0.2])
    assert np.allclose(relative_weights(rxx, rxy), rxy ** 2, atol=TOL, rtol=0)


def test_pairwise_correlation_equals_pandas_pairwise_complete() -> None:
    x, y = _ratings(300)
    data = np.column_stack([x, y])
    rng = np.random.default_rng(2)
    data[rng.random(data.shape) < 0.25] = np.nan
    corr, counts, effective = pairwise_correlation(data, None)
    frame = pd.DataFrame(data)
    assert np.allclose(corr, frame.corr().to_numpy(), atol=TOL, rtol=0)
    present = (~np.isnan(data)).astype(int)
    assert np.array_equal(counts, present.T @ present) and np.allclose(effective, counts)


def test_weighted_correlation_equals_repeated_rows() -> None:
    x, y = _ratings(200)
    data = np.column_stack([x, y])
    w = np.random.default_rng(4).integers(1, 5, len(data)).astype(float)
    repeated = np.repeat(data, w.astype(int), axis=0)
    assert np.allclose(weighted_correlation(data, w), np.corrcoef(repeated, rowvar=False), atol=TOL, rtol=0)
    pairwise, _, _ = pairwise_correlation(data, w)
    assert np.allclose(pairwise, np.corrcoef(repeated, rowvar=False), atol=TOL, rtol=0)


def test_key_drivers_rank_pain_points_and_report_bases() -> None:
    x, y = _ratings()
    x[:40, 3] = np.nan  # not applicable to some
    x[0, 0] = 9  # off the 1-5 scale: missing
    names, labels = ["a", "b", "c", "d"], ["A", "B", "C", "D"]
    result = key_drivers(y, x, names, labels, (1, 5))
    assert result.n == len(y) and result.missing == 0 and result.min_pair_n == len(y) - 40
    for driver, column in zip(result.drivers, x.T):
        valid = column[(column >= 1) & (column <= 5)]
        assert driver.rated == len(valid) and close(driver.performance, float(np.mean(valid)))
        pair = ~np.isnan(column) & (column <= 5)
        r, p = stats.pearsonr(column[pair], y[pair])
        assert close(driver.correlation, float(r)) and close(driver.p, float(p))
    assert close(sum(d.share for d in result.drivers), 100.0)
    urgency = [d.share * (5 - d.performance) / 4 for d in result.drivers]
    assert [d.column for d in result.ranked()] == [names[i] for i in np.argsort(urgency)[::-1]]
    for d in result.drivers:
        important, good = d.share >= 25.0, d.performance >= result.performance_cut
        assert d.quadrant == {(True, False): "fix", (True, True): "keep", (False, False): "watch",
                              (False, True): "surplus"}[(important, good)]
    listwise = key_drivers(y, x, names, labels, (1, 5), missing="listwise")
    assert listwise.n == len(y) - 40 and close(listwise.r_squared, _ols_r2(x[40:], y[40:]))
    small = key_drivers(y[40:65], x[40:65], names, labels, (1, 5), missing="listwise")
    assert small.small_base
    with pytest.raises(ModelError):
        key_drivers(y[40:45], x[40:45], names, labels, (1, 5), missing="listwise")


def test_key_drivers_in_many_blocks_equal_pandas_pairwise_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dr, "CHUNK_ROWS", 64)  # 500 rows: eight blocks, the last one short
    x, y = _ratings(500, seed=11)
    rng = np.random.default_rng(5)
    x[rng.random(x.shape) < 0.2] = np.nan
    x[:30, 3] = np.nan
    x[5] = np.nan  # rated nothing: not in the model
    x[7, 1], x[8, 2] = 0, 6  # off the 1-5 scale: missing
    y[rng.random(len(y)) < 0.1] = np.nan
    clean = np.where((x >= 1) & (x <= 5), x, np.nan)
    usable = ~np.isnan(y) & ~np.isnan(clean).all(axis=1)
    frame = pd.DataFrame(np.column_stack([clean, y])[usable])
    expected = frame.corr().to_numpy()
    counts = frame.notna().astype(int).to_numpy()
    result = key_drivers(y, x, list("abcd"), list("ABCD"), (1, 5))
    assert result.n == int(usable.sum()) and result.missing == len(y) - result.n
    assert result.min_pair_n == int((counts.T @ counts).min())
    assert close(result.r_squared, r_squared(expected[:-1, :-1], expected[:-1, -1]))
    for j, driver in enumerate(result.drivers):
        assert close(driver.correlation, float(expected[j, -1]))
        assert driver.rated == int((~np.isnan(clean[:, j])).sum())
        assert close(driver.performance, float(np.nanmean(clean[:, j])))
        assert close(driver.top_box, 100.0 * float(np.mean(clean[~np.isnan(clean[:, j]), j] >= 4)))
    corr, pair_counts, _ = pairwise_correlation(np.column_stack([clean, y]), None)
    assert np.allclose(corr, pd.DataFrame(np.column_stack([clean, y])).corr().to_numpy(), atol=TOL, rtol=0)
    present = (~np.isnan(np.column_stack([clean, y]))).astype(int)
    assert np.array_equal(pair_counts, present.T @ present)
    # Whole-number weights are repeated rows: the same correlations and performance.
    w = rng.integers(1, 4, len(y)).astype(float)
    w[3] = np.nan
    weighted = key_drivers(y, x, list("abcd"), list("ABCD"), (1, 5), weights=w)
    kept = ~np.isnan(w)
    times = w[kept].astype(int)
    repeated = key_drivers(np.repeat(y[kept], times), np.repeat(x[kept], times, axis=0), list("abcd"),
                           list("ABCD"), (1, 5))
    for a, b in zip(weighted.drivers, repeated.drivers):
        assert close(a.correlation, b.correlation) and close(a.weight, b.weight)
        assert close(a.performance, b.performance) and close(a.top_box, b.top_box)


# -- multiple-choice crosstab ----------------------------------------------------------------

BUY = Question("buy", QuestionType.MULTIPLE, "Bought", choices=[Choice("food", 1, "Food"), Choice("toys", 2, "Toys")])
REGION = Question("region", QuestionType.SINGLE, "Region",
                  choices=[Choice("east", 1, "East"), Choice("west", 2, "West")])


def _buy_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "buy__food": [1, 1, 0, 1, None, 0, 1, 1],
        "buy__toys": [1, 0, 1, 0, None, 0, 1, 0],
        "region": [1, 1, 1, 2, 2, 2, 2, None],
    }, dtype=float)


def test_multiple_crosstab_is_of_respondents_per_column() -> None:
    frame = _buy_frame()
    table = crosstab(frame, BUY, REGION)
    assert table.multiple and table.chi_square is None
    # East: 3 answered (rows 0-2): food 2, toys 2. West: answered rows 3, 6 (row 5 ticked nothing): food 2, toys 1.
    assert table.counts.tolist() == [[2.0, 2.0], [2.0, 1.0]]
    assert table.column_n == (3, 2) and table.n == 5 and table.missing == 3
    assert np.allclose(table.column_pct, [[200 / 3, 100.0], [200 / 3, 50.0]], atol=TOL)
    assert all(table.small_base)
    letters = column_proportion_letters(table.counts, np.array([3.0, 2.0]), ["A", "B"], totals=np.array([3.0, 2.0]))
    assert table.significance == letters


def test_weighted_multiple_crosstab_counts_weights() -> None:
    frame = _buy_frame()
    w = np.array([2, 1, 1, 3, 1, 1, 1, 1], dtype=float)
    table = multiple_crosstab(frame, BUY, REGION, w)
    assert table.counts.tolist() == [[3.0, 4.0], [3.0, 1.0]] and table.column_totals.tolist() == [4.0, 4.0]
    assert table.weighted and table.column_n == (3, 2)


# -- the query layer and requests on a real study file -------------------------------------------


def _survey_questions() -> list[Question]:
    return [
        Question("nps", QuestionType.NPS, "NPS"),
        Question("csat", QuestionType.RATING, "CSAT", props={"points": 5}),
        Question("region", QuestionType.SINGLE, "Region", "区域",
                 choices=[Choice("east", 1, "East", "华东"), Choice("west", 2, "West", "西部")]),
        Question("day", QuestionType.DATE, "Day"),
        Question("w", QuestionType.NUMBER, "Weight"),
    ]


@pytest.fixture
def study(tmp_path: Path) -> tuple[Study, Survey]:
    rng = np.random.default_rng(11)
    study = Study.create(tmp_path / "q.xmd")
    survey = create_survey(study, "cx", questions=_survey_questions())
    rows = [(int(rng.integers(0, 11)) if i % 17 else None, int(rng.integers(1, 6)), 1 + int(i % 3 == 0),
             f"2026-05-{1 + i % 28:02d}", float(1 + i % 4)) for i in range(200)]
    insert_rows(study, survey, ["nps", "csat", "region", "day", "w"], rows)
    yield study, load_survey(study, "cx")
    study.close()


def test_select_with_expression_date_range_and_weight(study: tuple[Study, Survey]) -> None:
    s, survey = study
    query = Query("cx", filter="${region} = 'west' and ${csat} >= 3", date_from="2026-05-10", date_to="2026-05-20",
                  weight="w")
    selection = select(s, query, ["nps"], survey, lang="en")
    raw = pd.DataFrame(s.conn.execute("SELECT nps, csat, region, day, w FROM responses_cx WHERE deleted = 0").fetchall(),
                       columns=["nps", "csat", "region", "day", "w"])
    expected = raw[(raw.region == 2) & (raw.csat >= 3) & (raw.day >= "2026-05-10") & (raw.day <= "2026-05-20")]
    assert selection.n == len(expected) and selection.total == 200
    assert np.array_equal(selection.weights, expected.w.to_numpy(dtype=float))
    assert any("(%d of 200 responses)" % len(expected) in note for note in selection.notes)
    result = mt.nps(selection.frame["nps"], selection.weights)
    reference = mt.nps(expected.nps.to_numpy(dtype=float), expected.w.to_numpy(dtype=float))
    assert close(result.nps, reference.nps) and close(result.ci_low, reference.ci_low)
    with pytest.raises(ModelError):
        select(s, Query("cx", weight="csat"), ["nps"], survey)


def test_rim_weighting_reports_its_efficiency(study: tuple[Study, Survey]) -> None:
    s, survey = study
    selection = select(s, Query("cx", rim={"region": {1: 0.5, 2: 0.5}}), ["nps"], survey, lang="en")
    assert selection.rake is not None and selection.rake.converged
    region = selection.frame["region"].astype(float).to_numpy()
    share = selection.weights[region == 1].sum() / selection.weights.sum()
    assert close(share, 0.5)
    assert any(f"efficiency {selection.rake.efficiency:.1f}%" in note for note in selection.notes)


def test_nps_request_json_names_groups_and_matches_the_engine(study: tuple[Study, Survey]) -> None:
    s, survey = study
    request = Request("nps", "nps", Query("cx", weight="w"), by="region", lang="zh")
    data = outcome_json(run(s, request))
    raw = pd.DataFrame(s.conn.execute("SELECT nps, region, w FROM responses_cx").fetchall(),
                       columns=["nps", "region", "w"])
    overall = mt.nps(raw.nps.to_numpy(dtype=float), raw.w.to_numpy(dtype=float))
    assert data["question"] == {"code": "nps", "label": "NPS"} and data["by"] == {"code": "region", "label": "区域"}
    assert data["n"] == overall.n and close(data["nps"], overall.nps) and close(data["ci_high"], overall.ci_high)
    assert close(data["promoters"] - data["detractors"], overall.nps)
    assert [g["label"] for g in data["groups"]] == ["华东", "西部"]
    for group in data["groups"]:
        part = raw[raw.region == group["value"]]
        expected = mt.nps(part.nps.to_numpy(dtype=float), part.w.to_numpy(dtype=float))
        assert group["n"] == expected.n and close(group["nps"], expected.nps)
        assert group["small_base"] == (expected.n < 30)
    assert data["missing"] == int(raw.nps.isna().sum())


def test_csat_request_json_has_mean_and_top2box_and_tests(study: tuple[Study, Survey]) -> None:
    s, _ = study
    data = outcome_json(run(s, Request("csat", "csat", Query("cx"), by="region")))
    raw = pd.DataFrame(s.conn.execute("SELECT csat, region FROM responses_cx").fetchall(), columns=["csat", "region"])
    assert close(data["mean"], float(raw.csat.mean())) and close(data["top2box"], 100 * float((raw.csat >= 4).mean()))
    east, west = (raw.csat[raw.region == v].to_numpy(dtype=float) for v in (1, 2))
    assert close(data["tests"]["welch"]["p"], float(stats.ttest_ind(east, west, equal_var=False).pvalue))
    assert close(data["tests"]["anova"]["p"], float(stats.f_oneway(east, west).pvalue))


def test_request_round_trips_and_rejects_unknown_metrics() -> None:
    request = Request("trend", "nps", Query("cx", filter="${csat} >= 4", weight="w"), by="region", period="month")
    assert Request.from_dict(request.to_dict()) == request
    with pytest.raises(ModelError):
        Request("median", "nps", Query("cx"))


def test_filtered_trend_request_uses_the_cached_dates_of_the_selected_rows(study: tuple[Study, Survey]) -> None:
    s, _ = study
    request = Request("trend", "csat", Query("cx", filter="${region} = 'west'"), period="week")
    outcome = run(s, request)
    raw = s.conn.execute("SELECT day, csat FROM responses_cx WHERE region = 2 ORDER BY id").fetchall()
    expected = trend([r[0] for r in raw], np.array([r[1] for r in raw], dtype=float), "week", "mean")
    assert [(p.period, p.n) for p in outcome.result.points] == [(p.period, p.n) for p in expected.points]
    assert all(close(a.value, b.value) for a, b in zip(outcome.result.points, expected.points))


def test_driver_performance_equals_scale_summary_weighted() -> None:
    x, y = _ratings(300)
    x[:50, 2] = np.nan
    w = np.random.default_rng(9).uniform(0.2, 3.0, len(y))
    result = key_drivers(y, x, list("abcd"), list("ABCD"), (1, 5), weights=w)
    assert result.weighted
    for driver, column in zip(result.drivers, x.T):
        summary = mt.scale_summary(column, (1, 5), w)
        assert driver.rated == summary.n and close(driver.performance, summary.mean)
        assert close(driver.top_box, summary.top_box) and driver.small_base == summary.small_base
