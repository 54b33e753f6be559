"""Key-driver analysis and the importance–performance matrix.

Which attribute ratings move an overall score? Plain correlations overstate attributes
that move together (staff attitude and staff expertise), and regression weights split
them arbitrarily. Johnson's relative weights (2000) divide the model's R² among the
attributes: the predictors are replaced by their closest orthogonal counterparts
Z = X·Λ⁻¹ (Λ = R_xx^½), y is regressed on Z, and each attribute gets Σ_k Λ_jk² β_k²;
the weights add up to R² exactly. With up to `SHAPLEY_MAX` attributes the Shapley (LMG)
decomposition of R² over all 2^k sub-models is computed as well (it also adds up to R²;
the two usually agree within a point or two, so either can be quoted).

Attributes are often not applicable to everyone (delivery for in-store shoppers), so by
default each correlation uses every response that answered both of its variables
("pairwise"): requiring all attributes ("listwise") would keep only the few who used
every service. A pairwise correlation matrix that is not positive definite is refused
with a message. Performance is each attribute's mean rating over everyone who rated
it. N/A and off-scale ratings count as missing; the bases are reported (`n` rows with
the outcome and at least one attribute, `min_pair_n` the smallest base of a correlation).
Weighted: weighted correlations, and effective bases for the correlation p-values.

The importance–performance matrix cuts importance at its average (100 / k % of R²) and
performance at the average of the attribute means: "fix" (important, under-performing)
comes first, ranked by importance share × the distance of the mean from the scale's top.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from xmdesk.core.analysis.metrics import SMALL_BASE, effective_base
from xmdesk.core.errors import ModelError

SHAPLEY_MAX = 12
QUADRANTS = ("fix", "keep", "watch", "surplus")


@dataclass(frozen=True)
class Driver:
    column: str
    label: str
    correlation: float
    p: float
    weight: float
    """Johnson's relative weight: this attribute's part of R²."""
    share: float
    """The relative weight as % of R² (the importance on the matrix)."""
    shapley: float | None
    performance: float
    """Mean rating over everyone who rated the attribute."""
    top_box: float
    rated: int
    small_base: bool
    quadrant: str
    priority: int
    """1 = fix first."""


@dataclass(frozen=True)
class DriverResult:
    outcome: str
    drivers: tuple[Driver, ...]
    n: int
    """Rows used for the model: listwise, complete on everything; pairwise, the outcome and an attribute."""
    missing: int
    min_pair_n: int
    """The smallest number of rows behind one of the correlations."""
    r_squared: float
    small_base: bool
    importance_cut: float
    performance_cut: float
    scale: tuple[int, int]
    weighted: bool = False
    missing_rule: str = "pairwise"

    def ranked(self) -> list[Driver]:
        return sorted(self.drivers, key=lambda d: d.priority)


def weighted_correlation(data: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """The Pearson correlation matrix of the columns of complete `data` (rows weighted when given)."""
    w = np.ones(len(data)) if weights is None else weights
    centred = data - (w @ data) / w.sum()
    cov = (centred * w[:, None]).T @ centred
    scale = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(cov / np.outer(scale, scale))


def pairwise_correlation(data: np.ndarray, weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Correlations of columns with NaNs, each pair over the rows where both are present.

    Returns the correlations, the row count and the (Kish) effective base of each pair.
    Rows are grouped by which columns they answered (a survey has few such patterns: the
    not-applicable attributes), and each group's sums come from one small cross-product,
    so a million rows of ten variables cost one pass instead of a product per pair.
    """
    rows, k = data.shape
    present = ~np.isnan(data)
    w = np.ones(rows) if weights is None else np.asarray(weights, dtype=np.float64)
    pattern = present.astype(np.int64) @ (np.int64(1) << np.arange(k, dtype=np.int64))
    total, sum_x, sum_xx, sum_xy, count, squares = (np.zeros((k, k)) for _ in range(6))
    for code in np.flatnonzero(np.bincount(pattern)) if rows else ():
        columns = np.flatnonzero((code >> np.arange(k)) & 1)
        if len(columns) == 0:
            continue
        rows_in = pattern == code
        w_in = np.compress(rows_in, w)
        root = np.sqrt(w_in)
        block = np.column_stack([root, np.take(np.compress(rows_in, data, axis=0), columns, axis=1) * root[:, None]])
        cross = block.T @ block  # [Σw, Σwx; Σwx, Σwxxᵀ] over the rows that answered exactly these columns
        pair = np.ix_(columns, columns)
        total[pair] += cross[0, 0]
        count[pair] += len(w_in)
        squares[pair] += float(np.sum(w_in * w_in))
        sum_x[pair] += cross[0, 1:][:, None]
        sum_xx[pair] += np.diag(cross)[1:][:, None]
        sum_xy[pair] += cross[1:, 1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i, mean_j = sum_x / total, sum_x.T / total
        cov = sum_xy / total - mean_i * mean_j
        var_i = sum_xx / total - mean_i ** 2
        corr = cov / np.sqrt(var_i * var_i.T)
        effective = total ** 2 / squares
    np.fill_diagonal(corr, 1.0)
    return corr, count, effective


def relative_weights(rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """Johnson's relative weights from the predictors' correlations and their correlations with y."""
    eigenvalues, vectors = np.linalg.eigh(rxx)
    if eigenvalues.min() <= 1e-12:
        raise ModelError("analysis.drivers_collinear")
    lam = vectors @ np.diag(np.sqrt(eigenvalues)) @ vectors.T
    beta = vectors @ np.diag(1.0 / np.sqrt(eigenvalues)) @ vectors.T @ rxy
    return np.asarray((lam ** 2) @ (beta ** 2))


def r_squared(rxx: np.ndarray, rxy: np.ndarray) -> float:
    """R² of the linear regression of y on the predictors, from correlations alone."""
    if len(rxy) == 0:
        return 0.0
    return float(rxy @ np.linalg.solve(rxx, rxy))


def shapley_r2(rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """Each predictor's average gain in R² over all orders of entry (LMG / Shapley value).

    The R² of all 2^k sub-models, one batched solve per model size, indexed by a bit mask
    of their members; then each predictor's gains weighted by |S|!(k−|S|−1)!/k!.
    """
    k = len(rxy)
    fits = np.zeros(1 << k)
    for size in range(1, k + 1):
        members = np.array(list(itertools.combinations(range(k), size)), dtype=np.int64)
        systems = rxx[members[:, :, None], members[:, None, :]]
        targets = rxy[members]
        solved = np.linalg.solve(systems, targets[:, :, None])[:, :, 0]
        fits[(np.int64(1) << members).sum(axis=1)] = (targets * solved).sum(axis=1)
    masks = np.arange(1 << k)
    sizes = np.array([bin(m).count("1") for m in masks])
    weight = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) if s < k else 0.0
                       for s in range(k + 1)])
    values = np.zeros(k)
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        values[j] = float(np.sum(weight[sizes[without]] * (fits[without | (1 << j)] - fits[without])))
    return values


def key_drivers(outcome: Any, ratings: np.ndarray, columns: list[str], labels: list[str],
                scale: tuple[int, int], weights: Any | None = None, outcome_name: str = "",
                missing: str = "pairwise") -> DriverResult:
    """Correlations, relative weights (and Shapley values), performance and the pain-point ranking."""
    if len(columns) < 2:
        raise ModelError("analysis.drivers_few")
    low, high = scale
    x = np.asarray(ratings, dtype=np.float64).copy()
    x[(x < low) | (x > high)] = np.nan
    y = np.asarray(outcome, dtype=np.float64)
    w_all = None if weights is None else np.asarray(weights, dtype=np.float64)
    usable = ~np.isnan(y) if w_all is None else ~np.isnan(y) & ~np.isnan(w_all) & (w_all > 0)
    if missing == "listwise":
        usable &= ~np.isnan(x).any(axis=1)
    else:
        usable &= ~np.isnan(x).all(axis=1)
    n = int(usable.sum())
    if n < len(columns) + 2:
        raise ModelError("analysis.drivers_small", n=n, k=len(columns))
    w = None if w_all is None else w_all[usable]
    data = np.column_stack([x, y] if usable.all() else [x[usable], y[usable]])
    if missing == "listwise":
        corr = weighted_correlation(data, w)
        pair_n = np.full(corr.shape, float(n))
        pair_base = np.full(corr.shape, float(n) if w is None else effective_base(w))
    else:
        corr, pair_n, pair_base = pairwise_correlation(data, w)
    min_pair_n = int(pair_n.min()) if n else 0
    if min_pair_n < len(columns) + 2:
        raise ModelError("analysis.drivers_small", n=min_pair_n, k=len(columns))
    if not np.isfinite(corr).all():
        raise ModelError("analysis.drivers_constant")
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    raw = relative_weights(rxx, rxy)
    total = float(raw.sum())
    shapley = shapley_r2(rxx, rxy) if len(columns) <= SHAPLEY_MAX else None
    base = pair_base[:-1, -1]
    t = rxy * np.sqrt((base - 2.0) / np.maximum(1.0 - rxy ** 2, 1e-300))
    p = 2.0 * stats.t.sf(np.abs(t), base - 2.0)
    rated, performance, top_box = _performance(x, w_all, high)
    shares = 100.0 * raw / total if total > 0 else np.zeros(len(raw))
    importance_cut, performance_cut = 100.0 / len(columns), float(np.nanmean(performance))
    urgency = shares * (high - performance) / (high - low)
    order = np.argsort(-urgency, kind="stable")
    priority = np.empty(len(columns), dtype=np.int64)
    priority[order] = np.arange(1, len(columns) + 1)
    drivers = tuple(
        Driver(columns[j], labels[j], float(rxy[j]), float(p[j]), float(raw[j]), float(shares[j]),
               None if shapley is None else float(shapley[j]), float(performance[j]), float(top_box[j]),
               int(rated[j]), bool(rated[j] < SMALL_BASE),
               _quadrant(float(shares[j]), float(performance[j]), importance_cut, performance_cut),
               int(priority[j]))
        for j in range(len(columns)))
    return DriverResult(outcome_name, drivers, n, len(y) - n, min_pair_n, r_squared(rxx, rxy),
                        min_pair_n < SMALL_BASE, importance_cut, performance_cut, scale, w_all is not None, missing)


def _performance(x: np.ndarray, weights: np.ndarray | None, high: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per attribute, over everyone who rated it: how many did, the (weighted) mean, the top-2-box %.

    The same figures as `metrics.scale_summary` (a test holds them equal), for all columns at once.
    """
    if weights is None:  # three passes, no row-sized temporaries of weights
        rated = (~np.isnan(x)).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return rated, np.nansum(x, axis=0) / rated, 100.0 * (x >= high - 1).sum(axis=0) / rated
    valid = ~np.isnan(x)
    w = np.where(np.isnan(weights) | (weights <= 0), 0.0, weights)
    valid &= (w > 0)[:, None]
    wv = np.where(valid, w[:, None], 0.0)
    totals = wv.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = (wv * np.where(valid, x, 0.0)).sum(axis=0) / totals
        top = 100.0 * (wv * (np.where(valid, x, 0.0) >= high - 1)).sum(axis=0) / totals
    return valid.sum(axis=0), means, top


def _quadrant(share: float, performance: float, importance_cut: float, performance_cut: float) -> str:
    important = share >= importance_cut
    good = performance >= performance_cut
    if important:
        return "keep" if good else "fix"
    return "surplus" if good else "watch"
