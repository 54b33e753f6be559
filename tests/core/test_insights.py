"""The insight finder on studies written through the core: planted differences are found, noise is not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from xmdesk.core.errors import Cancelled, ModelError
from xmdesk.core.insights import Finding, Insights, Options, find_insights
from xmdesk.core.insights.findings import findings, parent_groups
from xmdesk.core.insights.scan import ALL, Comparison, Periods, scan
from xmdesk.core.insights.variables import SHARE, Group, Outcome, Segment, Variables
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.file import Study
from tests.insights_data import PLANTED, SURVEY, write_study
from tests.messages import raises_message


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Insights]:
    path = write_study(tmp_path_factory.mktemp("planted") / "planted.xmd")
    with Study.open(path, read_only=True) as study:
        yield find_insights(study, SURVEY)


def _where(insights: Insights, test: Comparison) -> tuple[str | None, str | None, str, str, int]:
    variables = insights.variables
    outcome = variables.outcomes[test.outcome].key
    if test.segment == ALL:
        return None, None, outcome, test.scope, int(np.sign(test.difference))
    segment = variables.segments[test.segment]
    return segment.code, segment.groups[test.group].key, outcome, test.scope, int(np.sign(test.difference))


def test_every_planted_difference_is_found(planted: Insights) -> None:
    found = {_where(planted, f.test) for f in planted.findings}
    missing = [p for p in PLANTED if p not in found]
    assert not missing, f"not found: {missing}; found: {sorted(found, key=str)}"


def test_stores_inside_the_region_are_merged_into_its_finding(planted: Insights) -> None:
    south = next(f for f in planted.findings if _where(planted, f.test) == ("region", "south", "nps", "whole", -1))
    nested = {_where(planted, t)[1] for t in south.within}
    assert nested and nested <= {"south1", "south2", "south3"}
    listed = {_where(planted, f.test)[:3] for f in planted.findings}
    assert not any(("store", s, "nps") in listed for s in nested)


def test_the_queue_is_the_likely_reason_of_the_south(planted: Insights) -> None:
    south = next(f for f in planted.findings if _where(planted, f.test) == ("region", "south", "nps", "whole", -1))
    assert south.reason is not None
    assert planted.variables.outcomes[south.reason.outcome].topic == "排队"
    assert south.reason.value > 2 * south.reason.other


def test_findings_are_ranked_and_counted(planted: Insights) -> None:
    scores = [f.test.segment != ALL and planted.variables.segments[f.test.segment].score for f in planted.findings]
    assert scores == sorted(scores) and any(scores)  # the score groups' findings come last
    for tier in (False, True):
        ranks = [f.rank for f, score in zip(planted.findings, scores) if score is tier]
        assert ranks == sorted(ranks, reverse=True)
    assert planted.comparisons > planted.significant >= len(planted.findings) > 0
    assert all(f.test.q <= 0.05 and abs(f.test.effect) >= 0.1 for f in planted.findings)


def test_sentences_carry_the_numbers_in_both_languages(planted: Insights) -> None:
    south = next(f for f in planted.findings if _where(planted, f.test) == ("region", "south", "nps", "whole", -1))
    zh, en = planted.sentence(south, "zh"), planted.sentence(south, "en")
    value = f"{south.test.value:+.1f}"
    size = f"{abs(south.test.difference):.1f}"
    n, rest = f"{south.test.n:,}", f"{south.test.n_other:,}"
    assert zh.startswith("华南（区域）的 NPS 为 " + value) and f"低 {size} 分" in zh
    assert f"n = {n} vs {rest}" in zh and "p < 0.001" in zh and "差距主要来自排队" in zh and zh.endswith("。")
    assert en.startswith(f"South (Region): NPS {value}, {size} points lower than the rest")
    assert f"n = {n} vs {rest}" in en and "likely reason: 排队" in en and en.endswith(".")
    assert "Benjamini–Hochberg" in planted.summary("en") and "Benjamini–Hochberg" in planted.summary("zh")
    assert f"{planted.comparisons:,} comparisons made" in planted.summary("en")


def test_period_sentence_names_both_months(planted: Insights) -> None:
    older = next(f for f in planted.findings if _where(planted, f.test) == ("age", "a55", "csat", "period", -1))
    assert "2026-10" in planted.sentence(older, "zh") and "下降" in planted.sentence(older, "zh")
    assert "down" in planted.sentence(older, "en") and "from 2026-09" in planted.sentence(older, "en")
    assert "; the rest: " in planted.sentence(older, "en") and "其余受访者同期变化" in planted.sentence(older, "zh")


def test_a_fall_of_everyone_is_one_finding_not_one_per_group() -> None:
    """Every response's CSAT falls by 0.5 in the last period: all respondents fell, and no group fell more than
    the rest, so the groups of six segments unrelated to the fall give no period finding of their own."""
    rng = np.random.default_rng(5)
    rows = 8000
    variables = _noise_variables(rng, rows)
    period = rng.integers(0, 2, rows)
    csat = np.clip(np.rint(rng.normal(3.8, 0.9, rows) - 0.5 * period), 1, 5)
    variables.outcomes[1] = Outcome("csat", "mean", "", "", csat)
    options = Options()
    tests = scan(variables, Periods(period, "2026-09", "2026-10"), options)
    kept = [(f.test.segment, f.test.outcome) for f in findings(variables, tests, options) if f.test.scope == "period"]
    assert kept == [(ALL, 1)]


def test_a_noise_study_yields_no_finding(tmp_path: Path) -> None:
    path = write_study(tmp_path / "noise.xmd", seed=3, planted=False)
    with Study.open(path, read_only=True) as study:
        insights = find_insights(study, SURVEY, Options(min_effect=0.0))
    assert insights.comparisons > 300
    assert [insights.sentence(f, "en") for f in insights.findings] == []


def _noise_variables(rng: np.random.Generator, rows: int) -> Variables:
    segments = [Segment(f"s{k}", "", "", rng.integers(0, 2 + k % 4, rows),
                        tuple(Group(str(g), "", "") for g in range(2 + k % 4))) for k in range(6)]
    outcomes = [Outcome("nps", "nps", "", "", rng.integers(0, 11, rows).astype(float)),
                Outcome("csat", "mean", "", "", rng.integers(1, 6, rows).astype(float)),
                Outcome("topic", "share", "", "", np.where(rng.random(rows) < 0.2, SHARE, 0.0))]
    return Variables(segments, outcomes)


def test_on_pure_noise_the_false_discovery_rate_holds() -> None:
    """Under pure noise every finding is false, and Benjamini–Hochberg at 5% keeps the chance of any finding at
    most 5%: over 60 noise data sets (no effect-size floor), at most 8 may have one (5% + 3 standard errors)."""
    rng = np.random.default_rng(11)
    options = Options(min_base=30, min_effect=0.0)
    with_findings = 0
    for _ in range(60):
        variables = _noise_variables(rng, 1500)
        tests = scan(variables, None, options)
        with_findings += bool(findings(variables, tests, options))
    assert with_findings <= 8


def test_store_to_region_hierarchy_is_read_from_the_data() -> None:
    store = np.array([0, 1, 2, 3, -1, 2])
    region = np.array([0, 0, 1, 1, 1, -1])
    assert parent_groups(store, region, 4, 2).tolist() == [0, 0, 1, 1]
    assert parent_groups(region, store, 2, 4) is None  # the coarser is not inside the finer
    assert parent_groups(np.array([0, 0]), np.array([0, 1]), 1, 2) is None  # one store in two regions


def test_bad_settings_are_refused_in_words(study: Study) -> None:
    for options, words in ((Options(min_base=1), "minimum base"), (Options(min_effect=-1), "effect-size floor"),
                           (Options(fdr=1.5), "false-discovery rate")):
        with pytest.raises(ModelError, match=words) as raised:
            find_insights(study, SURVEY, options)
        assert raised.value.message("zh") != raised.value.message("en")


def test_cancel_stops_the_scan(tmp_path: Path) -> None:
    path = write_study(tmp_path / "small.xmd", count=600)
    token = CancelToken()
    token.cancel()
    with Study.open(path, read_only=True) as study, pytest.raises(Cancelled):
        find_insights(study, SURVEY, cancel=token)


def test_a_finding_without_reason_or_nesting_reads_plainly() -> None:
    rng = np.random.default_rng(0)
    rows = 2000
    codes = rng.integers(0, 2, rows)
    values = np.where(codes == 0, rng.normal(4.2, 0.6, rows), rng.normal(3.6, 0.6, rows))
    variables = Variables([Segment("channel", "渠道", "Channel", codes, (Group("app", "App", "App"),
                                                                       Group("web", "官网", "Website")))],
                          [Outcome("csat", "mean", "满意度 CSAT", "CSAT", values)])
    options = Options()
    tests = scan(variables, None, options)
    kept = findings(variables, tests, options)
    assert len(kept) == 1 and isinstance(kept[0], Finding)
    insights = Insights(None, variables, tuple(tests), tuple(kept), None, options)  # type: ignore[arg-type]
    test = kept[0].test
    assert insights.sentence(kept[0], "en") == (
        f"App (Channel): CSAT {test.value:.2f}, {test.difference:.2f} higher than the rest ({test.other:.2f}; "
        f"n = {test.n:,} vs {test.n_other:,}, p < 0.001).")


def test_a_finding_becomes_report_blocks_and_a_tile_that_show_it(tmp_path: Path) -> None:
    from xmdesk.core.analysis.dashboards import load_dashboard
    from xmdesk.core.analysis.request import run
    from xmdesk.core.insights.deliver import add_to_dashboard, finding_request, report_blocks
    from xmdesk.core.reports.recipe import append_blocks, load_report

    with Study.open(write_study(tmp_path / "deliver.xmd", count=3000)) as study:
        insights = find_insights(study, SURVEY)
        south = next(f for f in insights.findings if _where(insights, f.test)[:3] == ("region", "south", "nps"))
        request = finding_request(insights, south, "zh")
        assert request is not None
        shown = next(g for g in run(study, request).groups if g.code == "south")
        assert shown.result.nps == pytest.approx(south.test.value, abs=1e-9) and shown.result.n == south.test.n
        chart, summary = append_blocks(study, "洞察", SURVEY, "zh", report_blocks(insights, south, "zh")).blocks
        assert chart.options["request"] == {"metric": "nps", "question": "nps", "by": "region", "chart": "bars"}
        assert summary.options["text"] == insights.sentence(south, "zh") and load_report(study, "洞察").survey == SURVEY
        assert chart.survey == summary.survey == ""  # they follow the report, which reads the finding's survey
        add_to_dashboard(study, insights, south, "zh", "看板")
        assert load_dashboard(study, "看板").tiles[-1].request == request
        older = next(f for f in insights.findings if _where(insights, f.test)[:4] == ("age", "a55", "csat", "period"))
        trend = finding_request(insights, older, "zh")
        assert trend is not None and (trend.metric, trend.query.filter) == ("trend", "${age} = 'a55'")
        topic = next(f for f in insights.findings if insights.variables.outcomes[f.test.outcome].topic)
        with raises_message(ModelError, "insights.no_chart"):
            add_to_dashboard(study, insights, topic, "en", "看板")


def test_a_derived_variable_is_a_segment_and_its_twin_of_a_question_is_merged(tmp_path: Path) -> None:
    """A derived variable (issue 20) is scanned like a question; one that splits the responses exactly as the
    region does gives the same comparisons, and each finding is listed once."""
    from xmdesk.core.analysis import derived
    from xmdesk.core.survey.model import Choice, QuestionType

    with Study.open(write_study(tmp_path / "derived.xmd", count=3000)) as study:
        derived.save(study, SURVEY, derived.Definition(
            "south_or_not", "expression", {"expression": "if(${region} = 'south', 'south', 'elsewhere')"},
            QuestionType.SINGLE, "South or not", "是否华南", (Choice("south", 1, "South", "华南"),
                                                           Choice("elsewhere", 2, "Elsewhere", "其他"))))
        derived.save(study, SURVEY, derived.Definition(
            "young", "expression", {"expression": "if(${age} = 'a18' or ${age} = 'a25', 'yes', 'no')"},
            QuestionType.SINGLE, "Under 35", "35岁以下", (Choice("yes", 1, "Under 35", "35岁以下"),
                                                        Choice("no", 2, "35 or older", "35岁及以上"))))
        insights = find_insights(study, SURVEY)
    codes = [s.code for s in insights.variables.segments]
    assert "south_or_not" in codes and "young" in codes
    south = [f for f in insights.findings if _where(insights, f.test)[2:4] == ("nps", "whole")
             and _where(insights, f.test)[:2] in (("region", "south"), ("south_or_not", "south"))]
    assert len(south) == 1


def test_the_attribute_rating_furthest_from_the_rest_is_named(demo_path: Path) -> None:
    """On the demo study a segment's score finding comes with the matrix row it rates furthest from the rest;
    the numbers are the means of the stored ratings on the scale, read here with SQL."""
    from xmdesk.core.survey.model import load_survey

    with Study.open(demo_path, read_only=True) as study:
        insights = find_insights(study, "retail_cx", Options(min_base=30))
        found = next(f for f in insights.findings if f.driver is not None)
        assert found.driver is not None
        segment = insights.variables.segments[found.test.segment]
        rating = insights.variables.drivers[found.driver.outcome]
        survey = load_survey(study, "retail_cx")
        value = next(c.value for c in survey.question(segment.code).choices
                     if c.code == segment.groups[found.test.group].key)
        rows = study.conn.execute(f'SELECT "{segment.code}", "{rating.key}" FROM "{survey.response_table}" '
                                  f'WHERE deleted = 0 AND "{rating.key}" BETWEEN 1 AND 5').fetchall()
    inside = [r for s, r in rows if s == value]
    outside = [r for s, r in rows if s is not None and s != value]
    assert found.driver.value == pytest.approx(sum(inside) / len(inside), abs=1e-9)
    assert found.driver.other == pytest.approx(sum(outside) / len(outside), abs=1e-9)
    assert (found.driver.value - found.driver.other) * found.test.effect > 0
    assert f"{rating.label('zh')}（{found.driver.value:.2f} vs {found.driver.other:.2f}）" in insights.sentence(found, "zh")
