"""The four distributions behind every test and interval (normal, Student's t, chi-square, F), from scipy.special.

scipy.stats computes these with the very same special functions (scipy 1.17: `norm.sf(x)` is `ndtr(-x)`,
`norm.ppf` is `ndtri`, `t.ppf(q, df)` is `stdtrit(df, q)`, `t.sf(x, df)` is `stdtr(df, -x)`, `chi2.sf` is
`chdtrc`, `f.sf` is `fdtrc`), around which it checks the arguments and the support: these functions do the same
checks, so every p-value and interval is scipy.stats' to the last bit (tests/core/test_distributions.py compares
them, edges included). Importing scipy.stats costs 0.6 s of CPU at the start of every report, command and window;
scipy.special 0.13 s.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from scipy import special

Value = TypeVar("Value", float, np.ndarray)


def norm_ppf(q: float) -> float:
    """The standard normal quantile (the z of a two-sided 95 % level is `norm_ppf(0.975)`)."""
    return float(special.ndtri(q)) if 0 <= q <= 1 else math.nan


def norm_sf(x: Value) -> Value:
    """P(Z > x) for a standard normal Z, of a number or of each number of an array."""
    return special.ndtr(-x)


def t_ppf(q: float, df: float) -> float:
    """Student's t quantile with `df` degrees of freedom."""
    if not (df > 0 and 0 <= q <= 1):
        return math.nan
    return -math.inf if q == 0 else float(special.stdtrit(df, q))


def t_sf(x: Value, df: float | np.ndarray) -> Value:
    """P(T > x) for Student's t with `df` degrees of freedom, of a number or of each number of an array."""
    return special.stdtr(df, -x)


def chi2_sf(x: float, df: float) -> float:
    """P(X > x) for a chi-square with `df` degrees of freedom (none: NaN, as for a table of one row)."""
    return _positive_sf(x, df > 0, lambda: special.chdtrc(df, x))


def f_sf(x: float, dfn: float, dfd: float) -> float:
    """P(F > x) for Fisher's F with (`dfn`, `dfd`) degrees of freedom."""
    return _positive_sf(x, dfn > 0 and dfd > 0, lambda: special.fdtrc(dfn, dfd, x))


def _positive_sf(x: float, valid: bool, inside: Callable[[], float]) -> float:
    """A survival function on [0, ∞) as scipy.stats bounds it: NaN for bad parameters or x, 1 at or below 0,
    0 at infinity, the special function in between."""
    if not valid or math.isnan(x):
        return math.nan
    if x <= 0:
        return 1.0
    return 0.0 if math.isinf(x) else float(inside())
