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

import functools
import itertools
import math
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from xmdesk.core.analysis.distributions import t_sf
from xmdesk.core.analysis.metrics import SMALL_BASE, effective_base
from xmdesk.core.errors import ModelError

SHAPLEY_MAX = 12


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
        """The drivers in order of priority, 1 (fix first: large share of importance, low performance) first."""
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

    Returns the correlations, the row count and the (Kish) effective base of each pair
    (what pandas' `DataFrame.corr()` does, with weights; a test holds them equal).
    """
    data = np.asarray(data, dtype=np.float64)
    unbounded = np.full(data.shape[1], np.inf)
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    return _correlation(_moments([data], -unbounded, unbounded, w, outcome=False, top_from=np.inf))


CHUNK_ROWS = 8192
"""Rows per block of the moment sums: a block's temporaries stay in the CPU cache."""


@functools.cache
def _blas() -> ThreadpoolController:
    """The BLAS libraries loaded (found once: the lookup scans the process's shared libraries)."""
    return ThreadpoolController()


@dataclass
class _Moments:
    """Pairwise-complete sums over the usable rows (i, j: two columns, both answered on a row).

    With X0 the data with missing answers as 0, P the answered mask and W the weights:
    count = PᵀP, total = PᵀWP, squares = PᵀW²P, sum_x = X0ᵀWP, sum_xx = (X0²)ᵀWP and
    sum_xy = X0ᵀWX0. The per-column sums behind the performance figures (`rated`,
    `weight`, `sums`, `top`) are over every row with a usable weight, whatever the outcome.
    """

    count: np.ndarray
    total: np.ndarray
    squares: np.ndarray
    sum_x: np.ndarray
    sum_xx: np.ndarray
    sum_xy: np.ndarray
    rated: np.ndarray
    weight: np.ndarray
    sums: np.ndarray
    top: np.ndarray
    rows: int


def _moments(blocks: Sequence[np.ndarray], lows: np.ndarray, highs: np.ndarray, weights: np.ndarray | None,
             outcome: bool, top_from: float) -> _Moments:
    """`_block_moments` on one BLAS thread.

    The block products are small, but OpenBLAS spreads them over its threads all the same,
    which on a busy two-core machine made the whole computation 3-8 times slower.
    """
    with _blas().limit(limits=1, user_api="blas"):
        return _block_moments(blocks, lows, highs, weights, outcome, top_from)


def _block_moments(blocks: Sequence[np.ndarray], lows: np.ndarray, highs: np.ndarray, weights: np.ndarray | None,
                   outcome: bool, top_from: float) -> _Moments:
    """The sums of `_Moments` from the column blocks (rows × k each), in cache-sized row blocks.

    A value is an answer when lows ≤ value ≤ highs (NaN never is). With `outcome` a row is
    used only when its last column and at least one other are answered (the others are
    the predictors). Why blocks and matrix products rather than a correlation per pair or
    grouping rows by their pattern of answers: every sum over a million rows of ten
    columns comes out of two small matrix products per block, with no full-size copy. The
    blocks are held transposed (one contiguous row per variable) so the masks and the
    products run over contiguous memory.
    """
    rows = len(blocks[0])
    m = sum(b.shape[1] for b in blocks)
    columns = [b.T for b in blocks]  # pandas' to_numpy gives column-major arrays: these rows are contiguous
    chunk = min(CHUNK_ROWS, max(rows, 1))
    data = np.empty((m, chunk))
    answered, scratch = np.empty((m, chunk), dtype=bool), np.empty((m, chunk), dtype=bool)
    stacked = np.zeros((4 * m, chunk))  # [P; X0; X0²; top box], one row per variable
    low, high = lows[:, None], highs[:, None]
    cross = np.zeros((3 * m, m))
    products, count, squares = np.zeros((m, m)), np.zeros((m, m)), np.zeros((m, m))
    per_column, rated = np.zeros(4 * m), np.zeros(m)  # Σu·[P; X0; X0²; top box], answers per variable
    used = 0
    for start in range(0, rows, chunk):
        size = min(chunk, rows - start)
        d, p, q = data[:, :size], answered[:, :size], scratch[:, :size]
        at = 0
        for block in columns:
            d[at:at + len(block)] = block[:, start:start + size]
            at += len(block)
        np.greater_equal(d, low, out=p)
        np.less_equal(d, high, out=q)
        p &= q
        w = None if weights is None else weights[start:start + size]
        if w is not None:
            p &= w > 0  # NaN weights compare False
        block_sums = stacked[:, :size]
        pm, zm, sq, tm = (block_sums[i * m:(i + 1) * m] for i in range(4))
        np.copyto(pm, p)
        np.copyto(zm, d)
        np.logical_not(p, out=q)
        np.putmask(zm, q, 0.0)
        np.greater_equal(d, top_from, out=q)
        q &= p
        np.copyto(tm, q)
        np.multiply(zm, zm, out=sq)
        u = np.ones(size) if w is None else np.where(p.any(axis=0), w, 0.0)
        per_column += block_sums @ u
        rated += pm.sum(axis=1)
        if outcome:
            keep = (pm[-1] > 0) & (pm.sum(axis=0) >= 2)
            kept = int(np.count_nonzero(keep))
            used += kept
            if kept < size:
                pm *= keep
                zm *= keep
                sq *= keep
        else:
            used += size
        if w is None:
            cross += block_sums[:3 * m] @ pm.T
            products += zm @ zm.T
        else:
            wm, wz = pm * u, zm * u
            cross += block_sums[:3 * m] @ wm.T
            products += zm @ wz.T
            count += pm @ pm.T
            squares += wm @ wm.T
    total, sum_x, sum_xx = cross[:m], cross[m:2 * m], cross[2 * m:]
    if weights is None:
        count = squares = total
    weight, sums, top = per_column[:m], per_column[m:2 * m], per_column[3 * m:]
    return _Moments(count, total, squares, sum_x, sum_xx, products, rated, weight, sums, top, used)


def _correlation(sums: _Moments) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pearson correlations, row counts and Kish effective bases of each pair, from the sums."""
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i, mean_j = sums.sum_x / sums.total, sums.sum_x.T / sums.total
        cov = sums.sum_xy / sums.total - mean_i * mean_j
        var_i = sums.sum_xx / sums.total - mean_i ** 2
        corr = cov / np.sqrt(var_i * var_i.T)
        effective = sums.total ** 2 / sums.squares
    np.fill_diagonal(corr, 1.0)
    return corr, sums.count.copy(), effective


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


def key_drivers(outcome: Any, ratings: Any, columns: list[str], labels: list[str],
                scale: tuple[int, int], weights: Any | None = None, outcome_name: str = "",
                missing: str = "pairwise") -> DriverResult:
    """Correlations, relative weights (and Shapley values), performance and the pain-point ranking."""
    k = len(columns)
    if k < 2:
        raise ModelError("analysis.drivers_few")
    low, high = scale
    x = np.asarray(ratings, dtype=np.float64)  # read only: off-scale ratings are masked, not overwritten
    y = np.asarray(outcome, dtype=np.float64)
    w_all = None if weights is None else np.asarray(weights, dtype=np.float64)
    lows = np.append(np.full(k, float(low)), -np.inf)
    highs = np.append(np.full(k, float(high)), np.inf)
    sums = _moments([x, y[:, None]], lows, highs, w_all, outcome=True, top_from=high - 1)
    if missing == "listwise":
        corr, pair_n, pair_base, n = _listwise(x, y, scale, w_all)
    else:
        n = sums.rows
        corr, pair_n, pair_base = _correlation(sums)
    if n < k + 2:
        raise ModelError("analysis.drivers_small", n=n, k=k)
    min_pair_n = int(pair_n.min()) if n else 0
    if min_pair_n < k + 2:
        raise ModelError("analysis.drivers_small", n=min_pair_n, k=k)
    if not np.isfinite(corr).all():
        raise ModelError("analysis.drivers_constant")
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    raw = relative_weights(rxx, rxy)
    total = float(raw.sum())
    shapley = shapley_r2(rxx, rxy) if k <= SHAPLEY_MAX else None
    base = pair_base[:-1, -1]
    t = rxy * np.sqrt((base - 2.0) / np.maximum(1.0 - rxy ** 2, 1e-300))
    p = 2.0 * t_sf(np.abs(t), base - 2.0)
    rated = sums.rated[:k].astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        performance = sums.sums[:k] / sums.weight[:k]
        top_box = 100.0 * sums.top[:k] / sums.weight[:k]
    shares = 100.0 * raw / total if total > 0 else np.zeros(len(raw))
    importance_cut, performance_cut = 100.0 / k, float(np.nanmean(performance))
    urgency = shares * (high - performance) / (high - low)
    order = np.argsort(-urgency, kind="stable")
    priority = np.empty(k, dtype=np.int64)
    priority[order] = np.arange(1, k + 1)
    drivers = tuple(
        Driver(columns[j], labels[j], float(rxy[j]), float(p[j]), float(raw[j]), float(shares[j]),
               None if shapley is None else float(shapley[j]), float(performance[j]), float(top_box[j]),
               int(rated[j]), bool(rated[j] < SMALL_BASE),
               _quadrant(float(shares[j]), float(performance[j]), importance_cut, performance_cut),
               int(priority[j]))
        for j in range(k))
    return DriverResult(outcome_name, drivers, n, len(y) - n, min_pair_n, r_squared(rxx, rxy),
                        min_pair_n < SMALL_BASE, importance_cut, performance_cut, scale, w_all is not None, missing)


def _listwise(x: np.ndarray, y: np.ndarray, scale: tuple[int, int],
              weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Correlations over the rows that answered the outcome and every attribute (on the scale)."""
    low, high = scale
    usable = ~np.isnan(y) & ((x >= low) & (x <= high)).all(axis=1)
    if weights is not None:
        usable &= weights > 0  # NaN compares False
    n = int(usable.sum())
    w = None if weights is None else weights[usable]
    corr = weighted_correlation(np.column_stack([x[usable], y[usable]]), w)
    base = float(n) if w is None else effective_base(w)
    return corr, np.full(corr.shape, float(n)), np.full(corr.shape, base), n


def _quadrant(share: float, performance: float, importance_cut: float, performance_cut: float) -> str:
    important = share >= importance_cut
    good = performance >= performance_cut
    if important:
        return "keep" if good else "fix"
    return "surplus" if good else "watch"
