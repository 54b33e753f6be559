"""Every chart of a breakdown carries n per group and each group's test against the rest of the sample, and
says in one note line what the marks mean; the tests agree with the textbook computation on the raw answers."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.analysis.versus import ALPHA
from xmdesk.core.charts.build import spec_for
from xmdesk.core.charts.spec import ChartSpec
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey

BREAKDOWNS = [Request("nps", "nps", Query("retail_cx"), by="store"),
              Request("nps", "nps", Query("retail_cx"), by="store", chart="bars"),
              Request("csat", "csat", Query("retail_cx"), by="store"),
              Request("mean", "spend", Query("retail_cx"), by="region"),
              Request("freq", "channel", Query("retail_cx"), by="region"),
              Request("crosstab", "channel", Query("retail_cx"), by="region")]


@pytest.fixture(scope="module")
def demo(demo_template: Path) -> Iterator[Study]:
    study = Study.open(demo_template, read_only=True)
    yield study
    study.close()


def _marks(spec: ChartSpec) -> list[str]:
    return [*spec.score_marks, *(mark for series in spec.series for mark in series.marks)]


@pytest.mark.parametrize("request_", BREAKDOWNS, ids=lambda r: f"{r.metric}-{r.chart or 'usual'}-{r.by}")
def test_a_chart_by_group_carries_each_base_and_the_test(demo: Study, request_: Request) -> None:
    outcome = run(demo, request_)
    spec = spec_for(outcome)
    groups = [(g.label, g.result.n) for g in outcome.groups]
    if request_.metric == "crosstab":
        named = [series.name for series in spec.series]
        assert all(f"(n={n:,})" in name for name, n in zip(named, outcome.result.column_n))
        assert any("Bonferroni" in note or "校正" in note for note in spec.notes)
        return
    if request_.metric == "freq":  # groups are the series: each named with its base, marked per answer
        assert [s.name for s in spec.series[1:]] == [f"{label} (n={n:,})" for label, n in groups]
        assert all(len(s.marks) == len(spec.categories) for s in spec.series[1:])
    else:  # groups are the categories: the base of each, written beside it by every face
        assert spec.bases == (outcome.result.n, *(n for _, n in groups))
        assert spec.category_text(groups[0][0]) == f"{groups[0][0]} (n={groups[0][1]:,})"
    assert {mark for mark in _marks(spec)} <= {"", "↑", "↓"}
    if request_.by == "store":
        assert any(mark in ("↑", "↓") for mark in _marks(spec)), "the demo's stores differ: some are marked"
    assert sum(("↑/↓" in note) for note in spec.notes) == 1, spec.notes
    assert ChartSpec.from_dict(spec.to_dict()) == spec


def _answers(demo: Study, column: str, by: str) -> tuple[np.ndarray, np.ndarray]:
    frame = load_frame(demo, load_survey(demo, "retail_cx"), [column, by])
    frame = frame[frame[column].notna() & frame[by].notna()]
    return frame[column].to_numpy(dtype=float), frame[by].to_numpy()


def test_nps_marks_are_the_z_test_on_the_nps_difference(demo: Study) -> None:
    spec = spec_for(run(demo, Request("nps", "nps", Query("retail_cx"), by="store", lang="en")))
    scores, stores = _answers(demo, "nps", "store")
    outcome = run(demo, Request("nps", "nps", Query("retail_cx"), by="store"))
    for group, mark in zip(outcome.groups, spec.score_marks[1:]):
        inside, rest = scores[stores == group.value], scores[stores != group.value]
        values = [((s >= 9).mean() - (s <= 6).mean(), (s >= 9).mean(), (s <= 6).mean(), len(s)) for s in (inside, rest)]
        variance = sum((p + d - (p - d) ** 2) / n for _, p, d, n in values)
        z = (values[0][0] - values[1][0]) / math.sqrt(variance)
        p_value = 2 * stats.norm.sf(abs(z))
        assert mark == ("" if p_value >= ALPHA else "↑" if z > 0 else "↓"), (group.label, p_value)
    assert any("z-test on the NPS difference" in note for note in spec.notes)


def test_mean_marks_are_welch_t_tests_against_the_rest(demo: Study) -> None:
    outcome = run(demo, Request("csat", "csat", Query("retail_cx"), by="store"))
    spec = spec_for(outcome)
    scores, stores = _answers(demo, "csat", "store")
    for group, mark in zip(outcome.groups, spec.series[0].marks[1:]):
        result = stats.ttest_ind(scores[stores == group.value], scores[stores != group.value], equal_var=False)
        expected = "" if result.pvalue >= ALPHA else "↑" if result.statistic > 0 else "↓"
        assert mark == expected, (group.label, result.pvalue)
    assert any("Welch" in note for note in spec.notes)


def test_the_key_driver_note_says_what_its_numbers_are(demo: Study) -> None:
    spec = spec_for(run(demo, Request("drivers", "csat", Query("retail_cx"), by="attr", lang="en")))
    note = spec.notes[0]
    assert "rated both it and the outcome" in note and "share of what the ratings explain" in note


def test_weighted_share_marks_test_each_side_with_its_effective_base(demo: Study) -> None:
    """Weighted by the amount spent: each answer's weighted share in a region against the rest's, the variance from
    Kish's effective bases (Σw)²/Σw² of the region and of the rest, not from their numbers of rows."""
    spec = spec_for(run(demo, Request("freq", "channel", Query("retail_cx", weight="spend"), by="region", lang="en")))
    frame = load_frame(demo, load_survey(demo, "retail_cx"), ["channel", "region", "spend"])
    frame = frame[frame["channel"].notna() & frame["region"].notna() & (frame["spend"] > 0)]
    channel, region = frame["channel"].to_numpy(dtype=float), frame["region"].to_numpy(dtype=float)
    spend = frame["spend"].to_numpy(dtype=float)
    outcome = run(demo, Request("freq", "channel", Query("retail_cx", weight="spend"), by="region"))
    choices = [row.value for row in outcome.result.rows]
    expected, effective_changes = [], 0
    for group in outcome.groups:
        inside = region == group.value
        for value in choices:
            sides = []
            for rows in (inside, ~inside):
                w = spend[rows]
                sides.append((w[channel[rows] == value].sum() / w.sum(), w.sum() ** 2 / (w ** 2).sum(), rows.sum()))
            (p_g, n_g, rows_g), (p_r, n_r, rows_r) = sides
            pooled = spend[channel == value].sum() / spend.sum()
            z = (p_g - p_r) / math.sqrt(pooled * (1 - pooled) * (1 / n_g + 1 / n_r))
            z_rows = (p_g - p_r) / math.sqrt(pooled * (1 - pooled) * (1 / rows_g + 1 / rows_r))
            mark = "" if 2 * stats.norm.sf(abs(z)) >= ALPHA else "↑" if z > 0 else "↓"
            effective_changes += mark != ("" if 2 * stats.norm.sf(abs(z_rows)) >= ALPHA else "↑" if z_rows > 0 else "↓")
            expected.append(mark)
    assert [mark for series in spec.series[1:] for mark in series.marks] == expected
    assert effective_changes > 0, "the weights are skewed enough that the effective bases change some marks"
    assert sum("effective base (Kish" in note for note in spec.notes) == 1, spec.notes


def test_a_trend_by_group_names_each_line_with_its_base_and_its_points_with_theirs(demo: Study) -> None:
    outcome = run(demo, Request("trend", "nps", Query("retail_cx"), by="region", period="month", lang="en"))
    spec = spec_for(outcome)
    lines = [g for g in outcome.groups if g.result.points]
    assert [s.name for s in spec.series] == [f"{g.label} (n={g.result.n:,})" for g in lines]
    for series, group in zip(spec.series, lines):
        at = {p.period: p.n for p in group.result.points}
        assert list(series.n) == [at.get(period) for period in spec.categories]
        assert {mark for mark in series.marks} <= {"", "↑", "↓"}
    assert sum("↑/↓" in note for note in spec.notes) == 1, spec.notes


def test_a_driver_chart_carries_each_attributes_base(demo: Study) -> None:
    outcome = run(demo, Request("drivers", "csat", Query("retail_cx"), by="attr", lang="en"))
    spec = spec_for(outcome)
    ranked = sorted(outcome.result.drivers, key=lambda d: -d.share)
    assert list(spec.series[0].n) == [d.rated for d in ranked]
    assert spec.small_base == tuple(d.label for d in ranked if d.small_base)
