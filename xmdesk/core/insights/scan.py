"""The comparisons: every group of every segment against the rest, and against its own previous period.

Whole period: a group against the other respondents who answered the segment (versus.py's tests,
the ones behind the charts' ↑/↓ marks: NPS z-test, Welch's t for a mean, two-proportion z for a
share). Period-on-period: all respondents in the last period against the period before (trend.py's
test of a change), and each group's change against the rest's change over the same two periods (so
that a fall of everyone is one finding, not one per group). A comparison is made only when both sides reach the minimum
base, and every comparison made counts in the Benjamini–Hochberg correction: a finding is kept when
its adjusted p (q) is at most the false-discovery rate and its standardised size (the difference
over the outcome's spread, Cohen's d; for NPS the spread of the +100/0/−100 scores behind it) is at
least the floor the user set.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from scipy import stats

from xmdesk.core.analysis.metrics import MeanResult, NpsResult, mean, nps
from xmdesk.core.analysis.query import split_rows
from xmdesk.core.analysis.trend import change_p, estimate
from xmdesk.core.analysis.versus import VersusRest, mean_vs_rest, nps_vs_rest, share_vs_rest
from xmdesk.core.insights.variables import SHARE, Outcome, Segment, Variables
from xmdesk.core.jobs import CancelToken, Progress, no_progress

Scope = Literal["whole", "period"]
ALL = -1
"""The segment (and group) index of all respondents: the period-on-period test of the whole sample."""


@dataclass(frozen=True)
class Options:
    min_base: int = 50
    """Fewest answers on each side of a comparison."""
    min_effect: float = 0.1
    """Smallest standardised difference (Cohen's d) worth reporting."""
    fdr: float = 0.05
    """The false-discovery rate the Benjamini–Hochberg procedure holds."""
    period: str = "month"


@dataclass(frozen=True)
class Periods:
    """Which responses fall in the last period (1) and the one before (0); −1 for any other."""

    codes: np.ndarray
    previous: str
    last: str


@dataclass(frozen=True)
class Comparison:
    """One comparison made."""

    segment: int
    group: int
    outcome: int
    scope: Scope
    value: float
    """The group's number (whole period) or its number in the last period."""
    other: float
    """The rest's number, or the group's in the previous period."""
    n: int
    n_other: int
    p: float
    effect: float
    """Difference over the outcome's spread (signed)."""
    rest_change: float | None = None
    """Period-on-period of a group: how the rest changed over the same two periods (the group is compared with it)."""
    q: float = math.nan
    """p adjusted by Benjamini–Hochberg over every comparison made."""

    @property
    def difference(self) -> float:
        """Signed: the group minus the rest, or the last period minus the one before (`effect` is this over the
        outcome's spread)."""
        return self.value - self.other

    def kept(self, options: Options) -> bool:
        """Whether this becomes a finding: significant after the Benjamini–Hochberg correction (q ≤ fdr) and large
        enough (|effect| ≥ min_effect), so that a big study does not list every trivial gap."""
        return self.q <= options.fdr and abs(self.effect) >= options.min_effect


Summary = NpsResult | MeanResult


def summary(outcome: Outcome, values: np.ndarray) -> Summary:
    """The outcome's number on these responses (a mean without its CI, which no comparison reads)."""
    return nps(values) if outcome.kind == "nps" else mean(values, level=None)


def _value(result: Summary) -> float:
    return result.nps if isinstance(result, NpsResult) else result.mean


def spread(result: Summary) -> float:
    """The standard deviation of the per-response scores behind the number (the unit of an effect size)."""
    if isinstance(result, NpsResult):
        p, d = result.pct_promoters / 100.0, result.pct_detractors / 100.0
        return 100.0 * math.sqrt(max(p + d - (p - d) ** 2, 0.0))
    return result.sd


def _versus(outcome: Outcome, group: Summary, total: Summary) -> VersusRest | None:
    if isinstance(group, NpsResult) and isinstance(total, NpsResult):
        return nps_vs_rest(group, total)
    assert isinstance(group, MeanResult) and isinstance(total, MeanResult)
    if outcome.kind == "share":
        return share_vs_rest(group.mean / SHARE * group.n, group.n, total.mean / SHARE * total.n, total.n)
    return mean_vs_rest(group, total)


def _effect(difference: float, unit: float) -> float:
    return difference / unit if unit > 0 else math.copysign(math.inf, difference) if difference else 0.0


def pairs(variables: Variables) -> Iterator[tuple[int, int]]:
    """(segment, outcome) pairs worth comparing: not a question with itself; a score (NPS group, rating point)
    only against comment topics: by another score or by the case rate (cases are opened on low scores) it
    shows what every study shows and crowds out what the researcher did not know."""
    for s, segment in enumerate(variables.segments):
        for o, outcome in enumerate(variables.outcomes):
            if segment.question is not None and segment.question == outcome.question:
                continue
            if segment.score and not outcome.topic:
                continue
            yield s, o


def whole_period(s: int, segment: Segment, o: int, outcome: Outcome, min_base: int) -> list[Comparison]:
    """Each group of the segment against the rest of those who answered it."""
    answered = (segment.codes >= 0) & ~np.isnan(outcome.values)
    total_n = int(answered.sum())
    if total_n < 2 * min_base:
        return []
    x = outcome.values
    total = summary(outcome, x[answered])
    unit = spread(total)
    rows_of = split_rows(np.where(answered, segment.codes, -1), len(segment.groups))
    present = [g for g, rows in enumerate(rows_of) if len(rows)]
    # With two groups, each against the rest is the same comparison twice.
    tested = present[:1] if len(present) == 2 else present
    tests = []
    for g in tested:
        rows = rows_of[g]
        if len(rows) < min_base or total_n - len(rows) < min_base:
            continue
        test = _against_rest(s, g, o, outcome, summary(outcome, x[rows]), total, unit)
        if test is not None:
            tests.append(test)
    return tests


def _against_rest(s: int, g: int, o: int, outcome: Outcome, group: Summary, total: Summary,
                  unit: float) -> Comparison | None:
    versus = _versus(outcome, group, total)
    if versus is None:
        return None
    value = _value(group)
    return Comparison(s, g, o, "whole", value, value - versus.difference, group.n, total.n - group.n, versus.p,
                      _effect(versus.difference, unit))


def one_group(s: int, segment: Segment, g: int, outcome: Outcome) -> Comparison | None:
    """One group against the rest on an outcome outside the scan (a driver rating behind a finding); its
    `outcome` index is −1 and it counts in no correction."""
    answered = (segment.codes >= 0) & ~np.isnan(outcome.values)
    rows = np.flatnonzero(answered & (segment.codes == g))
    if len(rows) < 2 or int(answered.sum()) - len(rows) < 2:
        return None
    total = summary(outcome, outcome.values[answered])
    return _against_rest(s, g, ALL, outcome, summary(outcome, outcome.values[rows]), total, spread(total))


def period_on_period(s: int, segment: Segment, o: int, outcome: Outcome, periods: Periods,
                     min_base: int) -> list[Comparison]:
    """Each group's change from the previous period to the last, against the rest's change over the same periods.

    The difference of the two periods' group-vs-rest differences, with their standard errors from versus.py:
    when everyone's score fell, a group is news only when it fell more (or did not fall)."""
    answered = (segment.codes >= 0) & (periods.codes >= 0) & ~np.isnan(outcome.values)
    groups = len(segment.groups)
    cells = split_rows(np.where(answered, segment.codes * 2 + periods.codes, -1), 2 * groups)
    x = outcome.values
    totals = [summary(outcome, x[answered & (periods.codes == period)]) for period in (0, 1)]
    unit = math.sqrt((spread(totals[0]) ** 2 + spread(totals[1]) ** 2) / 2)
    present = [g for g in range(groups) if len(cells[2 * g]) and len(cells[2 * g + 1])]
    tests = []
    for g in present[:1] if len(present) == 2 else present:  # two groups: the same comparison twice
        before_rows, last_rows = cells[2 * g], cells[2 * g + 1]
        if min(len(before_rows), len(last_rows), totals[0].n - len(before_rows), totals[1].n - len(last_rows)) < min_base:
            continue
        before, last = summary(outcome, x[before_rows]), summary(outcome, x[last_rows])
        then, now = _versus(outcome, before, totals[0]), _versus(outcome, last, totals[1])
        if then is None or now is None or not math.hypot(then.se, now.se) > 0:
            continue
        gap = now.difference - then.difference
        p = float(2 * stats.norm.sf(abs(gap) / math.hypot(then.se, now.se)))
        rest_change = (_value(last) - now.difference) - (_value(before) - then.difference)
        tests.append(Comparison(s, g, o, "period", _value(last), _value(before), last.n, before.n, p,
                                _effect(gap, unit), rest_change))
    return tests


def overall_change(o: int, outcome: Outcome, periods: Periods, min_base: int) -> list[Comparison]:
    """All respondents in the last period against the period before (the trend's test of a change)."""
    usable = (periods.codes >= 0) & ~np.isnan(outcome.values)
    before_rows, last_rows = (np.flatnonzero(usable & (periods.codes == period)) for period in (0, 1))
    if len(before_rows) < min_base or len(last_rows) < min_base:
        return []
    before, last = summary(outcome, outcome.values[before_rows]), summary(outcome, outcome.values[last_rows])
    p = change_p(estimate(before), estimate(last), "nps" if outcome.kind == "nps" else "mean")
    if p is None:
        return []
    unit = math.sqrt((spread(before) ** 2 + spread(last) ** 2) / 2)
    return [Comparison(ALL, ALL, o, "period", _value(last), _value(before), last.n, before.n, p,
                       _effect(_value(last) - _value(before), unit))]


def scan(variables: Variables, periods: Periods | None, options: Options, progress: Progress = no_progress,
         cancel: CancelToken | None = None) -> list[Comparison]:
    """Every comparison made, each with its Benjamini–Hochberg q."""
    tests: list[Comparison] = []
    todo = list(pairs(variables))
    for done, (s, o) in enumerate(todo):
        if cancel is not None:
            cancel.check()
        segment, outcome = variables.segments[s], variables.outcomes[o]
        tests += whole_period(s, segment, o, outcome, options.min_base)
        if periods is not None:
            tests += period_on_period(s, segment, o, outcome, periods, options.min_base)
        progress(done + 1, len(todo) + 1, "")
    if periods is not None:
        for o, outcome in enumerate(variables.outcomes):
            tests += overall_change(o, outcome, periods, options.min_base)
    return adjusted(tests)


def adjusted(tests: list[Comparison]) -> list[Comparison]:
    """The tests with their Benjamini–Hochberg q (scipy's false_discovery_control)."""
    if not tests:
        return tests
    qs = stats.false_discovery_control(np.array([t.p for t in tests], dtype=np.float64), method="bh")
    return [replace(t, q=float(q)) for t, q in zip(tests, qs)]
