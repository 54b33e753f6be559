"""Each group of a breakdown against the rest of the sample: is its number significantly different?

A chart by store or region marks a group ↑ or ↓ when it differs from all the other respondents
together (the rest = the total minus the group, which is what a manager asks: "is this store
better than the others?"). One test per kind of number, each the textbook one:
- NPS: a z-test on the difference of two NPS, each with the variance of a difference of two
  shares from one multinomial sample, (P + D - (P - D)²) / n, P and D the promoter and detractor
  shares;
- means: Welch's t-test (unequal variances), the rest's mean and variance got from the total's and
  the group's sums;
- shares (a distribution by group): a two-proportion z-test with the pooled share, on weighted shares with each
  side's own effective base when weighted.
With weights the effective base (Kish) stands for n, as the confidence intervals do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xmdesk.core.analysis.distributions import norm_sf, t_sf
from xmdesk.core.analysis.metrics import MeanResult, NpsResult, ScaleResult

ALPHA = 0.05
"""Two-sided level of the marks (the crosstab letters use the same, Bonferroni-adjusted)."""
UP, DOWN = "↑", "↓"


@dataclass(frozen=True)
class VersusRest:
    difference: float
    """The group's number minus the rest's (NPS points, scale points or share points)."""
    p: float
    se: float = math.nan
    """The standard error of the difference (the insight finder compares two periods' differences with it)."""

    @property
    def mark(self) -> str:
        """↑ or ↓ when significant at ALPHA, else ''."""
        if not self.p < ALPHA:
            return ""
        return UP if self.difference > 0 else DOWN


def _base(n: int, effective_n: float | None) -> float:
    return float(effective_n) if effective_n else float(n)


def _z_test(difference: float, variance: float) -> VersusRest | None:
    if not variance > 0 or math.isnan(difference):
        return None
    z = difference / math.sqrt(variance)
    return VersusRest(difference, float(2 * norm_sf(abs(z))), math.sqrt(variance))


def nps_vs_rest(group: NpsResult, total: NpsResult) -> VersusRest | None:
    """The group's NPS against the NPS of everyone else in the total; None when either side is empty."""
    n_group, n_total = _base(group.n, group.effective_n), _base(total.n, total.effective_n)
    n_rest = n_total - n_group
    if n_group < 1 or n_rest < 1:
        return None
    promoters = (total.pct_promoters * n_total - group.pct_promoters * n_group) / n_rest / 100
    detractors = (total.pct_detractors * n_total - group.pct_detractors * n_group) / n_rest / 100
    p_g, d_g = group.pct_promoters / 100, group.pct_detractors / 100
    variance = (p_g + d_g - (p_g - d_g) ** 2) / n_group + (promoters + detractors - (promoters - detractors) ** 2) / n_rest
    return _z_test(100 * ((p_g - d_g) - (promoters - detractors)), 100 ** 2 * variance)


def mean_vs_rest(group: ScaleResult | MeanResult, total: ScaleResult | MeanResult) -> VersusRest | None:
    """Welch's t-test of the group's mean against the rest's."""
    n_g, n_t = _base(group.n, group.effective_n), _base(total.n, total.effective_n)
    n_r = n_t - n_g
    if n_g < 2 or n_r < 2 or math.isnan(group.mean) or math.isnan(total.mean):
        return None
    mean_r = (total.mean * n_t - group.mean * n_g) / n_r
    squares_t = total.sd ** 2 * (n_t - 1) + n_t * total.mean ** 2
    squares_g = group.sd ** 2 * (n_g - 1) + n_g * group.mean ** 2
    var_r = max(0.0, (squares_t - squares_g - n_r * mean_r ** 2) / (n_r - 1))
    se_g, se_r = group.sd ** 2 / n_g, var_r / n_r
    if not se_g + se_r > 0:
        return None
    t = (group.mean - mean_r) / math.sqrt(se_g + se_r)
    df = (se_g + se_r) ** 2 / ((se_g ** 2 / (n_g - 1) if se_g else 0.0) + (se_r ** 2 / (n_r - 1) if se_r else 0.0))
    return VersusRest(group.mean - mean_r, float(2 * t_sf(abs(t), df)), math.sqrt(se_g + se_r))


def share_vs_rest(count: float, n: float, total_count: float, total_n: float,
                  squares: tuple[float, float] | None = None) -> VersusRest | None:
    """A two-proportion z-test of the group's share (count of n) against the rest's, in share points.

    With weights, counts and bases are sums of weights and `squares` holds Σw² of the group and of the total: each
    side's variance then uses its effective base (Kish, (Σw)²/Σw²), not the number of rows, which overstated the
    evidence of a skewed weighting."""
    rest_count, rest_n = total_count - count, total_n - n
    if n <= 0 or rest_n <= 0:
        return None
    base, rest_base = n, rest_n
    if squares is not None:
        rest_squares = squares[1] - squares[0]
        if not (squares[0] > 0 and rest_squares > 0):
            return None
        base, rest_base = n * n / squares[0], rest_n * rest_n / rest_squares
    if base < 1 or rest_base < 1:
        return None
    pooled = total_count / total_n
    variance = pooled * (1 - pooled) * (1 / base + 1 / rest_base)
    return _z_test(100 * (count / n - rest_count / rest_n), 100 ** 2 * variance)
