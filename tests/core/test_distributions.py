"""The distributions the tests and intervals use are scipy.stats' to the last bit, on ordinary values and at the
edges (outside the support, no degrees of freedom, infinities, NaN): a report's numbers do not move."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
from scipy import stats

from xmdesk.core.analysis import distributions

POINTS = (-math.inf, -5.0, -1e-300, -0.0, 0.0, 1e-300, 0.3, 1.0, 1.959963984540054, 3.5, 40.0, 1e10, math.inf,
          math.nan)
LEVELS = (0.0, 1e-300, 0.025, 0.5, 0.975, 0.995, 1.0, math.nan, 1.2, -0.1)
FREEDOM = (0.0, 0.5, 1.0, 2.0, 2.7, 29.0, 1e6, math.inf, math.nan, -1.0)


def _same(ours: object, theirs: object) -> bool:
    return bool(np.array_equal(np.asarray(ours, dtype=np.float64), np.asarray(theirs, dtype=np.float64),
                               equal_nan=True))


def _differences() -> list[tuple[str, tuple[float, ...]]]:
    pairs = [("norm_sf", (x,), distributions.norm_sf(x), stats.norm.sf(x)) for x in POINTS]
    pairs += [("norm_ppf", (q,), distributions.norm_ppf(q), stats.norm.ppf(q)) for q in LEVELS]
    for x, df in itertools.product(POINTS, FREEDOM):
        pairs.append(("t_sf", (x, df), distributions.t_sf(x, df), stats.t.sf(x, df)))
        pairs.append(("chi2_sf", (x, df), distributions.chi2_sf(x, df), stats.chi2.sf(x, df)))
        pairs += [("f_sf", (x, df, dfd), distributions.f_sf(x, df, dfd), stats.f.sf(x, df, dfd)) for dfd in FREEDOM]
    pairs += [("t_ppf", (q, df), distributions.t_ppf(q, df), stats.t.ppf(q, df))
              for q, df in itertools.product(LEVELS, FREEDOM)]
    return [(name, args) for name, args, ours, theirs in pairs if not _same(ours, theirs)]


def test_every_edge_is_scipy_stats() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert _differences() == []


def test_ordinary_values_and_arrays_are_scipy_stats() -> None:
    rng = np.random.default_rng(23)
    x, df, dfd, q = np.abs(rng.normal(0, 3, 500)), rng.uniform(1, 500, 500), rng.uniform(1, 500, 500), rng.random(500)
    assert _same(distributions.norm_sf(x), stats.norm.sf(x))
    assert _same(distributions.t_sf(x, df), stats.t.sf(x, df))
    assert _same(distributions.t_sf(x, 12.0), stats.t.sf(x, 12.0))
    assert all(_same(distributions.chi2_sf(float(v * v), float(k)), stats.chi2.sf(v * v, k))
               for v, k in zip(x, np.floor(df)))
    assert all(_same(distributions.f_sf(float(v), float(a), float(b)), stats.f.sf(v, a, b))
               for v, a, b in zip(x, df, dfd))
    assert all(_same(distributions.t_ppf(float(p), float(k)), stats.t.ppf(p, k)) for p, k in zip(q, df))
    assert all(_same(distributions.norm_ppf(float(p)), stats.norm.ppf(p)) for p in q)
