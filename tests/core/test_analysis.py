"""The analysis engine against scipy and hand-computed figures, to 1e-9."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from xmdesk.core.analysis import frame as fr
from xmdesk.core.analysis import metrics as mt
from xmdesk.core.analysis.crosstab import (chi_square, column_letters, column_proportion_letters, crosstab,
                                           means_by, one_way_anova, t_test)
from xmdesk.core.analysis.frame import Condition, Filter, load_filtered, load_frame
from xmdesk.core.errors import ModelError
from xmdesk.core.survey.responses import add_response, insert_rows, soft_delete
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, create_survey, load_survey

TOL = 1e-9


def close(a: float, b: float, tol: float = TOL) -> bool:
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


# -- fixtures ----------------------------------------------------------------------------


def _questions() -> list[Question]:
    return [
        Question("nps", QuestionType.NPS, "NPS"),
        Question("csat", QuestionType.RATING, "CSAT", props={"points": 5}),
        Question("ces", QuestionType.RATING, "CES", props={"points": 7}),
        Question("region", QuestionType.SINGLE, "Region", "区域",
                 choices=[Choice("east", 1, "East", "华东"), Choice("north", 2, "North", "华北"),
                          Choice("west", 3, "West", "西部")]),
        Question("buy", QuestionType.MULTIPLE, "Bought",
                 choices=[Choice("food", 1, "Food", "食品"), Choice("toys", 2, "Toys", "玩具")]),
        Question("visit_date", QuestionType.DATE, "Date"),
        Question("spend", QuestionType.NUMBER, "Spend"),
    ]


ROWS = [
    # nps, csat, ces, region, buy__food, buy__toys, visit_date, spend
    (10, 5, 7, 1, 1, 0, "2026-01-05", 10.0),
    (9, 4, 6, 1, 1, 1, "2026-01-20", 20.0),
    (8, 4, 5, 2, 0, 1, "2026-02-03", None),
    (7, 3, None, 2, 0, 0, "2026-02-15", 5.5),
    (6, 2, 2, 1, None, None, "2026-03-01", 7.0),
    (0, 1, 1, None, 1, 0, "2026-03-31", 0.0),
    (None, None, 4, 2, 0, 1, None, 3.0),
]
COLUMNS = ["nps", "csat", "ces", "region", "buy__food", "buy__toys", "visit_date", "spend"]


@pytest.fixture
def small(tmp_path: Path) -> tuple[Study, Survey]:
    study = Study.create(tmp_path / "s.xmd")
    survey = create_survey(study, "cx", questions=_questions())
    insert_rows(study, survey, COLUMNS, ROWS)
    yield study, survey
    study.close()


# -- NPS ---------------------------------------------------------------------------------


def test_nps_hand_computed() -> None:
    values = [10, 9, 8, 7, 6, 0, 10, None, 11]  # None and the off-scale 11 are missing
    result = mt.nps(np.array(values, dtype=float))
    assert (result.n, result.missing, result.small_base) == (7, 2, True)
    assert (result.promoters, result.passives, result.detractors) == (3, 2, 2)
    assert close(result.pct_promoters, 300 / 7) and close(result.pct_detractors, 200 / 7)
    assert close(result.nps, 100 / 7)
    half = 100 * 1.959963984540054 * math.sqrt((3 / 7 + 2 / 7 - (1 / 7) ** 2) / 7)
    assert close(result.ci_low, 100 / 7 - half) and close(result.ci_high, 100 / 7 + half)
    assert result.weighted_n is None


def test_nps_weighted_uses_effective_base() -> None:
    values = np.array([10, 9, 8, 6, 0, np.nan])
    weights = np.array([2.0, 1.0, 1.0, 0.5, 1.5, 3.0])
    result = mt.nps(values, weights)
    w = weights[:5]
    p_prom, p_det = 3.0 / w.sum(), 2.0 / w.sum()
    neff = w.sum() ** 2 / (w ** 2).sum()
    assert result.n == 5 and result.missing == 1
    assert close(result.weighted_n or 0, 6.0) and close(result.effective_n or 0, neff)
    assert close(result.nps, 100 * (p_prom - p_det))
    half = 100 * 1.959963984540054 * math.sqrt((p_prom + p_det - (p_prom - p_det) ** 2) / neff)
    assert close(result.ci_high, min(100.0, result.nps + half))
    assert close(result.ci_low, max(-100.0, result.nps - half))


def test_nps_ci_clipped_and_empty() -> None:
    assert mt.nps(np.array([10.0, 10.0])).ci_high == 100.0
    assert mt.nps(np.array([10.0, 0.0])).ci_low == -100.0
    empty = mt.nps(np.array([np.nan]))
    assert empty.n == 0 and empty.missing == 1 and empty.small_base and math.isnan(empty.nps)


def test_small_base_flag_at_30() -> None:
    assert mt.nps(np.full(29, 9.0)).small_base
    assert not mt.nps(np.full(30, 9.0)).small_base
    assert not mt.csat(np.full(30, 4.0)).small_base


# -- CSAT / CES / means ------------------------------------------------------------------


def test_csat_mean_sd_top2_ci() -> None:
    values = np.array([5, 4, 4, 3, 2, 1, np.nan, 5, 6])  # 6 is off a 1-5 scale
    result = mt.csat(values, Question("csat", QuestionType.RATING, props={"points": 5}))
    x = np.array([5, 4, 4, 3, 2, 1, 5.0])
    assert (result.n, result.missing) == (7, 2)
    assert result.top_values == (4, 5)
    assert close(result.mean, x.mean()) and close(result.sd, x.std(ddof=1))
    assert close(result.top_box, 100 * 4 / 7)
    low, high = stats.t.interval(0.95, 6, loc=x.mean(), scale=stats.sem(x))
    assert close(result.ci_low, low) and close(result.ci_high, high)


def test_ces_low_effort_share_on_seven_points() -> None:
    question = Question("ces", QuestionType.RATING, props={"points": 7})
    result = mt.ces(np.array([7, 6, 5, 1, 2, 7.0]), question)
    assert result.top_values == (6, 7) and close(result.top_box, 50.0)
    ten = mt.csat(np.array([10, 9, 8, 1.0]), Question("q", QuestionType.RATING, props={"points": 10}))
    assert ten.top_values == (9, 10) and close(ten.top_box, 50.0)


def test_weighted_mean_and_sd() -> None:
    x = np.array([1.0, 2.0, 4.0, 5.0, np.nan])
    w = np.array([1.0, 2.0, 0.5, 1.5, 1.0])
    result = mt.mean(x, w)
    xv, wv = x[:4], w[:4]
    m = np.average(xv, weights=wv)
    neff = wv.sum() ** 2 / (wv ** 2).sum()
    sd = math.sqrt(np.average((xv - m) ** 2, weights=wv) * neff / (neff - 1))
    assert close(result.mean, m) and close(result.sd, sd) and close(result.effective_n or 0, neff)
    assert close(result.se, sd / math.sqrt(neff))
    # Equal weights give exactly the unweighted figures.
    equal = mt.mean(xv, np.full(4, 3.0))
    plain = mt.mean(xv)
    assert close(equal.mean, plain.mean) and close(equal.sd, plain.sd) and close(equal.ci_low, plain.ci_low)
    assert close(mt.effective_base(np.ones(10)), 10.0)


# -- frames, filters, cache --------------------------------------------------------------


def test_frame_dtypes_and_deleted_rows(small: tuple[Study, Survey]) -> None:
    study, survey = small
    frame = load_frame(study, survey, ["nps", "region", "buy", "visit_date"])
    assert list(frame.columns) == ["nps", "region", "buy__food", "buy__toys", "visit_date"]
    assert frame["nps"].dtype == np.float64
    assert isinstance(frame["region"].dtype, pd.CategoricalDtype)
    assert list(frame["region"].cat.categories) == [1, 2, 3] and frame["region"].cat.ordered
    assert frame["region"].isna().sum() == 1
    assert len(frame) == 7
    soft_delete(study, survey, int(frame.index[0]))
    again = load_frame(study, survey, ["nps", "region", "buy", "visit_date"])
    assert len(again) == 6 and frame.index[0] not in again.index
    with pytest.raises(ModelError):
        load_frame(study, survey, ["nope"])


def test_frequencies_single_and_multiple(small: tuple[Study, Survey]) -> None:
    study, survey = small
    frame = load_frame(study, survey, ["region", "buy"])
    single = mt.frequencies(frame, survey.question("region"))
    assert [r.count for r in single.rows] == [3, 3, 0]  # West is listed at 0
    assert (single.n, single.missing) == (6, 1)
    assert [r.label_zh for r in single.rows] == ["华东", "华北", "西部"]
    assert close(single.rows[0].pct, 50.0) and single.rows[2].pct == 0.0
    multiple = mt.frequencies(frame, survey.question("buy"))
    # Rows with at least one tick: 1, 2, 3, 6, 7 → 5; rows 4 (all 0) and 5 (empty) did not answer.
    assert multiple.multiple and (multiple.n, multiple.missing) == (5, 2)
    assert [r.count for r in multiple.rows] == [3, 3]
    assert close(multiple.rows[0].pct, 60.0)
    weights = np.array([1.0, 2.0, 1.0, 1.0, 1.0, 3.0, 1.0])
    weighted = mt.frequencies(frame, survey.question("region"), weights)
    assert close(weighted.weighted_n or 0, 10.0 - 3.0) and close(weighted.rows[0].pct, 100 * 4 / 7)


def test_filters(small: tuple[Study, Survey]) -> None:
    study, survey = small
    frame = load_frame(study, survey, ["nps", "region", "ces", "visit_date", "spend"])
    ids = list(frame.index)

    def pick(flt: Filter) -> list[int]:
        return [ids.index(i) + 1 for i in flt.apply(frame).index]

    assert pick(Filter((Condition("nps", ">=", 9),))) == [1, 2]
    assert pick(Filter((Condition("nps", "<", 7), Condition("region", "=", 1)))) == [5]
    assert pick(Filter((Condition("nps", "=", 10), Condition("region", "=", 2)), "or")) == [1, 3, 4, 7]
    assert pick(Filter((Condition("region", "in", [2, 3]),))) == [3, 4, 7]
    assert pick(Filter((Condition("region", "!=", 1),))) == [3, 4, 7]  # missing never matches
    assert pick(Filter((Condition("nps", "between", (6, 8)),))) == [3, 4, 5]
    assert pick(Filter((Condition("ces", "is null"),))) == [4]
    assert pick(Filter((Condition("region", "not null"),))) == [1, 2, 3, 4, 5, 7]
    assert pick(Filter(date_column="visit_date", date_from="2026-02-01", date_to="2026-03-01")) == [3, 4, 5]
    assert pick(Filter(date_column="visit_date", date_to="2026-03-31")) == [1, 2, 3, 4, 5, 6]
    nested = Filter((Condition("spend", ">", 5), Filter((Condition("region", "=", 2), Condition("nps", "=", 0)),
                                                         "or")))
    assert pick(nested) == [4]
    assert nested.columns() == ["spend", "region", "nps"]
    assert pick(Filter()) == [1, 2, 3, 4, 5, 6, 7]
    loaded = load_filtered(study, survey, ["csat"], Filter((Condition("nps", ">=", 9),)))
    assert list(loaded["csat"]) == [5.0, 4.0]
    with pytest.raises(ModelError):
        Condition("nps", "like", 1)


def test_cache_hits_and_invalidation(small: tuple[Study, Survey]) -> None:
    study, survey = small
    first = load_frame(study, survey, ["nps", "region"])
    assert load_frame(study, survey, ["nps", "region"]) is first
    assert fr.cache_info(study) == 1
    insert_rows(study, survey, ["nps", "region"], [(9, 3), (3, 3)])
    second = load_frame(study, survey, ["nps", "region"])
    assert second is not first and len(second) == 9
    add_response(study, survey, {"nps": 10, "region": 1})
    third = load_frame(study, survey, ["nps", "region"])
    assert len(third) == 10 and third["nps"].iloc[-1] == 10
    assert load_frame(study, survey, ["nps", "region"]) is third
    # A write by another connection (another process, a background import) is seen too.
    other = sqlite3.connect(study.path)
    other.execute('UPDATE "responses_cx" SET nps = 0 WHERE nps = 10')
    other.commit()
    other.close()
    fourth = load_frame(study, survey, ["nps", "region"])
    assert fourth is not third and (fourth["nps"] == 10).sum() == 0
    fr.clear_cache(study)
    assert fr.cache_info(study) == 0


# -- crosstabs ---------------------------------------------------------------------------


def test_crosstab_on_demo_matches_scipy(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        frame = load_frame(study, survey, ["region", "channel"])
        table = crosstab(frame, survey.question("region"), survey.question("channel"), lang="en")
    counts = pd.crosstab(frame["region"], frame["channel"]).to_numpy()
    assert np.array_equal(table.counts, counts)
    assert table.n == len(frame) and table.missing == 0
    assert table.column_labels[0] == "In store" and table.letters[:3] == ("A", "B", "C")
    statistic, p, df, expected = stats.chi2_contingency(counts, correction=False)
    assert table.chi_square is not None
    assert close(table.chi_square.statistic, statistic) and close(table.chi_square.p, p)
    assert table.chi_square.df == df and close(table.chi_square.min_expected, expected.min())
    assert np.allclose(table.column_pct.sum(axis=0), 100.0, atol=1e-9)


def test_chi_square_drops_empty_rows_and_columns() -> None:
    counts = np.array([[10, 0, 20], [0, 0, 0], [15, 0, 5]])
    result = chi_square(counts)
    statistic, p, df, _ = stats.chi2_contingency(np.array([[10, 20], [15, 5]]), correction=False)
    assert result is not None and result.df == df == 1
    assert close(result.statistic, statistic) and close(result.p, p)
    assert chi_square(np.array([[5, 5]])) is None


def test_column_proportion_letters_known_answer() -> None:
    # Row "yes": A 60%, B 46%, C 10% of 100 each. A vs B: z = 1.983, p = 0.0474 — significant
    # alone, not after Bonferroni over the row's 3 pairs; A and B are both far above C.
    counts = np.array([[60, 46, 10], [40, 54, 90]])
    bases = counts.sum(axis=0).astype(float)
    letters = column_letters(3)
    pooled = 106 / 200
    z = (0.60 - 0.46) / math.sqrt(pooled * (1 - pooled) * (2 / 100))
    p = 2 * stats.norm.sf(z)
    assert 0.05 / 3 < p < 0.05
    adjusted = column_proportion_letters(counts, bases, letters, bonferroni=True)
    assert adjusted == (("C", "C", ""), ("", "", "AB"))
    plain = column_proportion_letters(counts, bases, letters, bonferroni=False)
    assert plain == (("BC", "C", ""), ("", "A", "AB"))
    # A column at 0% or 100% in a row is not compared (as SPSS).
    assert column_proportion_letters(np.array([[0, 30], [50, 20]]), np.array([50.0, 50.0]), letters[:2]) == (
        ("", ""), ("", ""))
    assert column_letters(28)[-2:] == ["AA", "AB"]


def test_crosstab_letters_through_study(tmp_path: Path) -> None:
    with Study.create(tmp_path / "s.xmd") as study:
        survey = create_survey(study, "t", questions=[
            Question("yes", QuestionType.SINGLE, choices=[Choice("y", 1), Choice("n", 2)]),
            Question("grp", QuestionType.SINGLE, choices=[Choice("a", 1), Choice("b", 2), Choice("c", 3)]),
        ])
        rows = ([(1, 1)] * 60 + [(2, 1)] * 40 + [(1, 2)] * 46 + [(2, 2)] * 54 + [(1, 3)] * 10 + [(2, 3)] * 90
                + [(None, 1)] * 3)
        insert_rows(study, survey, ["yes", "grp"], rows)
        frame = load_frame(study, survey, ["yes", "grp"])
        table = crosstab(frame, survey.question("yes"), survey.question("grp"))
        assert table.significance == (("C", "C", ""), ("", "", "AB"))
        assert table.missing == 3 and table.column_n == (100, 100, 100) and table.small_base == (False,) * 3
        assert close(table.column_pct[0, 0], 60.0)
        weighted = crosstab(frame, survey.question("yes"), survey.question("grp"), weights=np.ones(len(frame)))
        assert weighted.weighted and weighted.significance == table.significance


# -- means by segment --------------------------------------------------------------------


def test_means_by_segment_anova_and_t_tests(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        frame = load_frame(study, survey, ["csat", "channel", "attr"])
    result = means_by(frame, "csat", survey.question("channel"))
    samples = [frame.loc[frame["channel"] == c.value, "csat"].dropna().to_numpy()
               for c in survey.question("channel").choices]
    samples = [s for s in samples if len(s)]
    reference = stats.f_oneway(*samples)
    assert result.anova is not None
    assert close(result.anova.f, reference.statistic) and close(result.anova.p, reference.pvalue)
    for group, sample in zip([g for g in result.groups if g.n], samples):
        assert close(group.mean, sample.mean()) and close(group.sd, sample.std(ddof=1))
    # Matrix items have missing answers: counted, not analysed.
    attr = means_by(frame, "attr__" + survey.question("attr").items[0].code, survey.question("channel"))
    assert attr.missing == int(frame["attr__" + survey.question("attr").items[0].code].isna().sum())
    a, b = samples[0], samples[1]
    for equal in (True, False):
        ours = t_test(a, b, equal_var=equal)
        ref = stats.ttest_ind(a, b, equal_var=equal)
        assert close(ours.t, ref.statistic) and close(ours.p, ref.pvalue)


def test_two_groups_give_t_tests() -> None:
    question = Question("g", QuestionType.SINGLE, choices=[Choice("a", 1), Choice("b", 2), Choice("c", 3)])
    frame = pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 2, 3, 9, np.nan],
                          "g": pd.Categorical([1, 1, 1, 1, 2, 2, 2, 2, 2], categories=[1, 2, 3], ordered=True)})
    result = means_by(frame, "x", question)
    assert [g.n for g in result.groups] == [4, 4, 0] and result.missing == 1
    a, b = np.array([1.0, 2, 3, 4]), np.array([5.0, 2, 3, 9])
    assert result.student is not None and result.welch is not None
    assert close(result.welch.t, stats.ttest_ind(a, b, equal_var=False).statistic)
    assert close(result.welch.p, stats.ttest_ind(a, b, equal_var=False).pvalue)
    assert close(result.student.p, stats.ttest_ind(a, b).pvalue)
    ref = stats.f_oneway(a, b)
    assert result.anova is not None and close(result.anova.p, ref.pvalue)
    assert close(one_way_anova([a, b]).f, ref.statistic)


# -- rim weighting -----------------------------------------------------------------------


def test_rake_two_variables_hits_targets() -> None:
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"sex": rng.choice([1, 2], 500, p=[0.7, 0.3]),
                          "age": rng.choice([1, 2, 3], 500, p=[0.5, 0.3, 0.2])})
    targets = {"sex": {1: 0.5, 2: 0.5}, "age": {1: 0.3, 2: 0.4, 3: 0.3}}
    result = mt.rake(frame, targets)
    assert result.converged and "converged" in result.message
    for column, shares in targets.items():
        for value, share in shares.items():
            assert abs(result.weights[frame[column] == value].sum() / result.weights.sum() - share) < 1e-9
    assert close(result.weights.mean(), 1.0)
    assert close(result.efficiency, 100 * mt.effective_base(result.weights) / 500)
    assert 0 < result.efficiency < 100


def test_rake_reports_non_convergence_and_bad_input() -> None:
    frame = pd.DataFrame({"a": [1, 1, 2, 2, 1], "b": [1, 2, 1, 2, 2]})
    result = mt.rake(frame, {"a": {1: 0.2, 2: 0.8}, "b": {1: 0.9, 2: 0.1}}, max_iterations=1)
    assert not result.converged and "did not converge within 1 iterations" in result.message
    with pytest.raises(ModelError):
        mt.rake(frame, {"a": {1: 0.5}})  # rows with a=2 are not covered
    with pytest.raises(ModelError):
        mt.rake(pd.DataFrame({"a": [1, 1]}), {"a": {1: 0.5, 2: 0.5}})  # no row for a=2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rake_property_margins_match_targets(data: st.DataObject) -> None:
    sizes = data.draw(st.lists(st.integers(2, 4), min_size=2, max_size=3), label="categories")
    seed = data.draw(st.integers(0, 2 ** 32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    # Every cell of the full cross present at least once, plus random extra rows.
    grid = np.array(np.meshgrid(*[np.arange(k) for k in sizes])).reshape(len(sizes), -1).T
    extra = np.column_stack([rng.integers(0, k, 200) for k in sizes])
    rows = np.vstack([grid, extra])
    frame = pd.DataFrame(rows, columns=[f"v{i}" for i in range(len(sizes))])
    targets: dict[str, dict[int, float]] = {}
    for i, k in enumerate(sizes):
        raw = data.draw(st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k), label=f"shares{i}")
        targets[f"v{i}"] = {j: r / sum(raw) for j, r in enumerate(raw)}
    result = mt.rake(frame, targets, tolerance=1e-10, max_iterations=5000)
    assert result.converged, result.message
    total = result.weights.sum()
    for column, shares in targets.items():
        for value, share in shares.items():
            assert abs(result.weights[frame[column].to_numpy() == value].sum() / total - share) < 1e-6


# -- more of the frame cache, segments and scale crosstabs -------------------------------


def test_column_cache_reuses_columns_and_warm(small: tuple[Study, Survey]) -> None:
    study, survey = small
    reads: list[str] = []
    study.conn.set_trace_callback(lambda sql: reads.append(sql) if "FROM \"responses_cx\"" in sql else None)
    first = load_frame(study, survey, ["nps", "region"])
    second = load_frame(study, survey, ["region", "csat"])  # only csat is read
    assert len(reads) == 2 and '"region"' not in reads[1] and '"csat"' in reads[1]
    assert second["region"].equals(first["region"])
    assert fr.warm(study, survey) == len(fr.analysable_columns(survey))
    reads.clear()
    load_frame(study, survey, ["ces", "buy", "spend"])
    assert reads == []
    uncached = load_frame(study, survey, ["nps"], use_cache=False)
    assert len(reads) == 1 and uncached["nps"].equals(first["nps"])
    with_text = load_frame(study, survey, ["id", "visit_date", "nps", "uuid"])
    assert list(with_text.columns) == ["id", "visit_date", "nps", "uuid"]
    assert list(with_text["id"]) == list(with_text.index) and with_text["visit_date"].iloc[0] == "2026-01-05"
    assert with_text["visit_date"].isna().sum() == 1
    study.conn.set_trace_callback(None)


def test_empty_survey_frame(tmp_path: Path) -> None:
    with Study.create(tmp_path / "e.xmd") as study:
        survey = create_survey(study, "e", questions=_questions())
        frame = load_frame(study, survey, ["nps", "region", "visit_date"])
        assert len(frame) == 0 and list(frame.columns) == ["nps", "region", "visit_date"]
        result = mt.nps(frame["nps"])
        assert result.n == 0 and result.small_base


def test_nps_by_segment_and_groups(demo_path: Path) -> None:
    from xmdesk.core.analysis.crosstab import NPS_GROUP_COLUMN, NPS_GROUPS, nps_by, nps_groups

    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        frame = load_frame(study, survey, ["nps", "region", "store"])
    segments = nps_by(frame, "nps", survey.question("region"), lang="en")
    assert [s.label for s in segments][0] == "East" and len(segments) == len(survey.question("region").choices)
    for segment in segments:
        alone = mt.nps(frame.loc[frame["region"] == segment.value, "nps"])
        assert segment.result == alone
    assert sum(s.result.n for s in segments) == int(frame["nps"].notna().sum())
    groups = nps_groups(np.array([0, 6, 7, 8, 9, 10, np.nan, 11]))
    assert list(groups.codes) == [0, 0, 1, 1, 2, 2, -1, -1]
    with_groups = frame.assign(**{NPS_GROUP_COLUMN: nps_groups(frame["nps"])})
    table = crosstab(with_groups, survey.question("store"), NPS_GROUPS)
    assert table.letters == ("A", "B", "C") and table.counts.shape == (len(survey.question("store").choices), 3)
    assert table.counts[:, 2].sum() == mt.nps(frame["nps"]).promoters
    statistic, p, df, _ = stats.chi2_contingency(table.counts[table.counts.sum(axis=1) > 0], correction=False)
    assert table.chi_square is not None and close(table.chi_square.statistic, statistic)
    assert close(table.chi_square.p, p) and table.chi_square.df == df


def test_crosstab_on_a_scale_question(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        frame = load_frame(study, survey, ["region", "csat"])
    table = crosstab(frame, survey.question("region"), survey.question("csat"))
    assert table.column_values == (1, 2, 3, 4, 5) and table.column_labels == ("1", "2", "3", "4", "5")
    counts = pd.crosstab(frame["region"], frame["csat"]).reindex(columns=[1.0, 2.0, 3.0, 4.0, 5.0], fill_value=0)
    assert np.array_equal(table.counts, counts.to_numpy())
    with pytest.raises(ModelError):
        crosstab(frame, survey.question("region"), Question("t", QuestionType.TEXT))
    # Letters by brute force: every usable pair, Bonferroni within the row.
    bases = table.counts.sum(axis=0)
    for i, marks in enumerate(table.significance):
        p_row = table.counts[i] / bases
        usable = [j for j in range(5) if 0 < p_row[j] < 1]
        pairs = len(usable) * (len(usable) - 1) / 2
        for a in usable:
            expected = ""
            for b in usable:
                if a == b:
                    continue
                pooled = (table.counts[i, a] + table.counts[i, b]) / (bases[a] + bases[b])
                z = (p_row[a] - p_row[b]) / math.sqrt(pooled * (1 - pooled) * (1 / bases[a] + 1 / bases[b]))
                if z > 0 and min(1.0, 2 * stats.norm.sf(z) * pairs) < 0.05:
                    expected += table.letters[b]
            assert marks[a] == expected


def test_rake_on_study_columns_then_weighted_metrics(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        frame = load_frame(study, survey, ["nps", "region", "channel", "csat"])
    region_values = [c.value for c in survey.question("region").choices]
    channel_values = [c.value for c in survey.question("channel").choices]
    targets = {"region": {v: 1 / len(region_values) for v in region_values},
               "channel": {v: (i + 1) / sum(range(1, len(channel_values) + 1)) for i, v in enumerate(channel_values)}}
    result = mt.rake(frame, targets, tolerance=1e-12)
    assert result.converged and 0 < result.efficiency <= 100
    shares = mt.frequencies(frame, survey.question("region"), result.weights)
    assert all(abs(row.pct - 100 / len(region_values)) < 1e-8 for row in shares.rows)
    weighted = mt.nps(frame["nps"], result.weights)
    x, w = frame["nps"].to_numpy(), result.weights
    expected = 100 * (w[x >= 9].sum() - w[x <= 6].sum()) / w.sum()
    assert close(weighted.nps, expected) and close(weighted.effective_n or 0, result.effective_n)
    csat_w = mt.csat(frame["csat"], survey.question("csat"), result.weights)
    assert close(csat_w.mean, float(np.average(frame["csat"], weights=w)))
    assert close(csat_w.top_box, 100 * w[frame["csat"].to_numpy() >= 4].sum() / w.sum())


def test_weighted_letters_use_effective_bases() -> None:
    question_row = Question("r", QuestionType.SINGLE, choices=[Choice("y", 1), Choice("n", 2)])
    question_col = Question("c", QuestionType.SINGLE, choices=[Choice("a", 1), Choice("b", 2)])
    frame = pd.DataFrame({"r": [1] * 30 + [2] * 20 + [1] * 18 + [2] * 32,
                          "c": [1] * 50 + [2] * 50})
    weights = np.array([2.0, 1.0] * 50)
    table = crosstab(frame, question_row, question_col, weights=weights)
    w_a, w_b = weights[:50], weights[50:]
    p_a = weights[:30].sum() / w_a.sum()
    p_b = weights[50:68].sum() / w_b.sum()
    n_a, n_b = mt.effective_base(w_a), mt.effective_base(w_b)
    pooled = (p_a * n_a + p_b * n_b) / (n_a + n_b)
    z = (p_a - p_b) / math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    significant = 2 * stats.norm.sf(abs(z)) < 0.05
    assert table.significance[0] == (("B" if significant and z > 0 else ""), ("A" if significant and z < 0 else ""))
    assert close(table.column_pct[0, 0], 100 * p_a) and table.weighted and table.column_n == (50, 50)


def test_nps_other_confidence_level() -> None:
    values = np.array([10, 9, 3, 7, 8, 1, 10, 10.0])
    result = mt.nps(values, level=0.90)
    p_prom, p_det = 4 / 8, 2 / 8
    half = 100 * stats.norm.ppf(0.95) * math.sqrt((p_prom + p_det - (p_prom - p_det) ** 2) / 8)
    assert close(result.ci_high, 25 + half) and close(result.ci_low, 25 - half)
