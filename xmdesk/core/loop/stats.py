"""Two groups of answers compared: the test behind "this store's NPS fell" and "the action worked".

One module for both the alert rule that compares a period with the one before and the
effect review of an improvement action (before vs after its date), so the two never
disagree about what counts as a significant change. Functions take numpy arrays of
group summaries (one element per comparison), so a rule compares every store and
period at once.

- NPS: the difference of two NPS values with each respondent scored +1 / 0 / −1, whose
  variance is p + d − (p − d)²; the z test is the two-proportion z test carried over to
  the promoter − detractor difference.
- Top-2-box: the pooled two-proportion z test.
- Means: Welch's t test (unequal variances), from scipy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from xmdesk.core.vocabulary import registry

METRICS = ("nps", "top2", "mean")
TEST_NAMES = {"nps": "z (NPS)", "top2": "z (two proportions)", "mean": "Welch t"}


@dataclass(frozen=True)
class GroupSummary:
    """Per group (arrays): base n, and the sums a metric needs (promoters/detractors, hits, sum, sum of squares)."""

    n: np.ndarray
    a: np.ndarray
    b: np.ndarray

    def value(self, metric: str) -> np.ndarray:
        """The metric per group: NPS in points, top-2-box in %, or the mean."""
        n = self.n.astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            if metric == "nps":
                return 100.0 * (self.a - self.b) / n
            if metric == "top2":
                return 100.0 * self.a / n
            return self.a / n


def summarise(values: np.ndarray, groups: np.ndarray, group_count: int, metric: str,
              scale_high: float = 5) -> GroupSummary:
    """Group sums of float `values` (NaN = no answer) by integer group codes 0..group_count-1."""
    valid = ~np.isnan(values) & (groups >= 0)
    x, g = values[valid], groups[valid]
    n = np.bincount(g, minlength=group_count).astype(np.int64)
    a: np.ndarray
    b: np.ndarray
    if metric == "nps":
        a = np.bincount(g, weights=(x >= registry.NPS_PROMOTERS_FROM), minlength=group_count)
        b = np.bincount(g, weights=(x <= registry.NPS_DETRACTORS_UP_TO), minlength=group_count)
    elif metric == "top2":
        a = np.bincount(g, weights=(x >= scale_high - 1), minlength=group_count)
        b = np.zeros(group_count)
    else:
        a = np.bincount(g, weights=x, minlength=group_count)
        b = np.bincount(g, weights=x * x, minlength=group_count)
    return GroupSummary(n, a, b)


@dataclass(frozen=True)
class Comparison:
    """Per comparison (arrays): the metric in both groups, the change (second − first), the statistic and p."""

    before: np.ndarray
    after: np.ndarray
    change: np.ndarray
    statistic: np.ndarray
    p_value: np.ndarray


def compare(first: GroupSummary, second: GroupSummary, metric: str) -> Comparison:
    """Test second against first, element by element; a group with fewer than 2 answers gives NaN."""
    n1, n2 = first.n.astype(np.float64), second.n.astype(np.float64)
    v1, v2 = first.value(metric), second.value(metric)
    with np.errstate(invalid="ignore", divide="ignore"):
        if metric == "nps":
            statistic = _nps_z(first, second)
        elif metric == "top2":
            pooled = (first.a + second.a) / (n1 + n2)
            se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
            statistic = (v2 - v1) / 100.0 / se
        else:
            sd1, sd2 = _sd(first), _sd(second)
            result: Any = stats.ttest_ind_from_stats(v2, sd2, n2, v1, sd1, n1, equal_var=False)
            statistic = np.asarray(result.statistic, dtype=np.float64)
            p_value = np.asarray(result.pvalue, dtype=np.float64)
            return Comparison(v1, v2, v2 - v1, statistic, p_value)
        p_value = 2 * stats.norm.sf(np.abs(statistic))
    small = (n1 < 2) | (n2 < 2)
    statistic = np.where(small, np.nan, statistic)
    return Comparison(v1, v2, v2 - v1, statistic, np.where(small, np.nan, p_value))


def _nps_z(first: GroupSummary, second: GroupSummary) -> np.ndarray:
    def variance(group: GroupSummary) -> np.ndarray:
        p, d = group.a / group.n, group.b / group.n
        return (p + d - (p - d) ** 2) / group.n

    se = np.sqrt(variance(first) + variance(second))
    change = (second.a - second.b) / second.n - (first.a - first.b) / first.n
    return np.asarray(change / se, dtype=np.float64)


def _sd(group: GroupSummary) -> np.ndarray:
    n = group.n.astype(np.float64)
    variance = (group.b - group.a * group.a / n) / (n - 1)
    return np.sqrt(np.maximum(variance, 0.0))
