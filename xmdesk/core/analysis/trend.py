"""Trends: a metric per day, week (Monday to Sunday) or month, with n per point and the change
against the previous period tested.

The test of a change is on two independent samples (different respondents in each
period): for NPS a z-test on the difference of two scores whose variances are those of
`metrics.nps` (var = (p₊ + p₋ − (p₊ − p₋)²) / n); for a mean, Welch's t-test (as
scipy.stats.ttest_ind(equal_var=False)). With weights, each n is Kish's effective base.
A period with no answers is left out of the line, and the next point is compared with
the last period that had answers. A change is flagged when p < alpha; a point with a
small base (n < 30) is flagged too, so a reader does not trust a big swing on 12 answers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from xmdesk.core.analysis.distributions import norm_sf, t_sf
from xmdesk.core.analysis.frame import parse_days
from xmdesk.core.analysis.metrics import SMALL_BASE, MeanResult, NpsResult, mean, nps
from xmdesk.core.analysis.query import split_rows, subset
from xmdesk.core.errors import ModelError

PERIODS: tuple[str, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class TrendPoint:
    period: str
    """The period's label: 2026-05-01 (day), 2026-05-04 (the Monday starting a week), 2026-05 (month)."""
    n: int
    value: float
    ci_low: float
    ci_high: float
    small_base: bool
    change: float | None
    """Against the previous point; None for the first point."""
    p: float | None
    significant: bool
    weighted_n: float | None = None


@dataclass(frozen=True)
class TrendResult:
    column: str
    metric: str
    period: str
    points: tuple[TrendPoint, ...]
    n: int
    missing: int
    """Rows with no date or no valid answer."""
    alpha: float


def period_codes(days: Any, period: str) -> tuple[np.ndarray, list[str]]:
    """For each row, the index of its period among the sorted labels (−1 when the date is missing).

    `days` are day numbers (`frame.day_numbers`, −1 missing) or ISO date texts. Periods are
    found with integer arithmetic and one bincount: no sort, no text, per row.
    """
    if period not in PERIODS:
        raise ModelError("analysis.bad_period", period=period, known=", ".join(PERIODS))
    numbers = np.asarray(days)
    if numbers.dtype.kind not in "iu":
        numbers = parse_days(numbers)
    known = numbers >= 0
    if period == "day":
        keys = numbers
    elif period == "week":
        keys = numbers - (numbers + 3) % 7  # 1970-01-01 was a Thursday; weeks start on Monday
    else:
        keys = numbers.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    codes = np.full(len(numbers), -1, dtype=np.int64)
    if not known.any():
        return codes, []
    low = int(keys[known].min())
    present = np.flatnonzero(np.bincount(keys[known] - low))
    lookup = np.full(int(present[-1]) + 1, -1, dtype=np.int64)
    lookup[present] = np.arange(len(present))
    codes[known] = lookup[keys[known] - low]
    return codes, [_label(int(key) + low, period) for key in present]


def _label(key: int, period: str) -> str:
    if period == "month":
        return str(np.datetime64(key, "M"))
    return str(np.datetime64(key, "D"))


def trend(dates: Any, values: Any, period: str = "week", metric: str = "nps", weights: Any | None = None,
          alpha: float = 0.05, column: str = "") -> TrendResult:
    """The metric per period, oldest first, each point with n, CI and its change against the one before.

    `dates` are ISO texts or day numbers (see `period_codes`).
    """
    if metric not in ("nps", "mean"):
        raise ModelError("analysis.bad_trend_metric", metric=metric)
    codes, labels = period_codes(dates, period)
    x = np.asarray(values, dtype=np.float64)
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    compute: Callable[[np.ndarray, np.ndarray | None], NpsResult | MeanResult] = nps if metric == "nps" else mean
    points: list[TrendPoint] = []
    previous: tuple[float, float, float] | None = None
    used = 0
    for label, rows in zip(labels, split_rows(codes, len(labels))):
        result = compute(x[rows], subset(w, rows))
        if result.n == 0:
            continue
        used += result.n
        value, se, base = estimate(result)
        change = p = None
        if previous is not None:
            change = value - previous[0]
            p = change_p(previous, (value, se, base), metric)
        points.append(TrendPoint(label, result.n, value, result.ci_low, result.ci_high, result.n < SMALL_BASE,
                                 change, p, p is not None and p < alpha, result.weighted_n))
        previous = (value, se, base)
    return TrendResult(column, metric, period, tuple(points), used, len(x) - used, alpha)


def estimate(result: NpsResult | MeanResult) -> tuple[float, float, float]:
    """The point's value, its standard error and the base behind it (effective when weighted)."""
    base = float(result.effective_n if result.effective_n is not None else result.n)
    if isinstance(result, NpsResult):
        p_prom, p_det = result.pct_promoters / 100.0, result.pct_detractors / 100.0
        se = 100.0 * math.sqrt(max(p_prom + p_det - (p_prom - p_det) ** 2, 0.0) / base)
        return result.nps, se, base
    return result.mean, result.se, base


def change_p(before: tuple[float, float, float], after: tuple[float, float, float], metric: str) -> float | None:
    """Two-sided p of the change between two independent estimates (value, se, base): a z-test for NPS, Welch's
    t for a mean (the insight finder tests period-on-period changes with it too)."""
    (v1, se1, n1), (v2, se2, n2) = before, after
    if not (math.isfinite(se1) and math.isfinite(se2)):
        return None
    spread = math.sqrt(se1 ** 2 + se2 ** 2)
    if spread == 0:
        return None
    statistic = (v2 - v1) / spread
    if metric == "nps":
        return min(1.0, 2.0 * float(norm_sf(abs(statistic))))
    # Welch-Satterthwaite degrees of freedom from the two squared standard errors.
    q1, q2 = se1 ** 2, se2 ** 2
    df = (q1 + q2) ** 2 / (q1 ** 2 / (n1 - 1.0) + q2 ** 2 / (n2 - 1.0))
    return min(1.0, 2.0 * float(t_sf(abs(statistic), df)))
