"""CX metrics with their bases: NPS, CSAT, CES, frequencies, means, weights and rim weighting.

Every result is a frozen dataclass carrying `n` (the unweighted base: rows with a
valid answer), `weighted_n` (sum of weights, None when unweighted), `missing` (rows
in the frame with no valid answer) and `small_base` (n < 30: flagged, never hidden).

Weights are frequency-style for point estimates (weighted means and shares), while
the precision of an estimate uses Kish's effective base n_eff = (Σw)² / Σw², so a
skewed weighting widens the confidence interval instead of pretending to be bigger.

Distributions (normal, t, chi-square, F) come from scipy (`distributions`): a well-kept library
beats our own special functions, and the key-driver work ahead needs it anyway.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from xmdesk.core.analysis.distributions import norm_ppf, t_ppf
from xmdesk.core.errors import ModelError
from xmdesk.core.survey.model import Question, QuestionType
from xmdesk.core.vocabulary import registry

SMALL_BASE = 30
Z95 = 1.959963984540054  # the 97.5% point of the standard normal


# -- helpers -----------------------------------------------------------------------------


def effective_base(weights: np.ndarray) -> float:
    """Kish's effective sample size (Σw)² / Σw²."""
    total = float(np.sum(weights))
    squares = float(np.sum(weights * weights))
    return total * total / squares if squares > 0 else 0.0


def _values_and_weights(values: Any, weights: Any | None) -> tuple[np.ndarray, np.ndarray | None, int]:
    """Valid values (and their weights), and how many rows had no valid answer.

    A row with a missing or non-positive weight counts as missing: it cannot be in a
    weighted base, and SPSS drops such cases the same way.
    """
    array = np.asarray(values, dtype=np.float64)
    valid = ~np.isnan(array)
    w: np.ndarray | None = None
    if weights is not None:
        w_all = np.asarray(weights, dtype=np.float64)
        if w_all.shape != array.shape:
            raise ModelError("analysis.weight_length")
        valid &= ~np.isnan(w_all) & (w_all > 0)
        w = w_all[valid]
    return array[valid], w, int(len(array) - int(valid.sum()))


def _mean_sd(x: np.ndarray, w: np.ndarray | None) -> tuple[float, float, float]:
    """Mean, sample sd and the base used for precision (n, or the effective base)."""
    n = len(x)
    if n == 0:
        return math.nan, math.nan, 0.0
    if w is None:
        mean = float(np.mean(x))
        sd = float(np.std(x, ddof=1)) if n > 1 else math.nan
        return mean, sd, float(n)
    total = float(np.sum(w))
    mean = float(np.sum(w * x) / total)
    neff = effective_base(w)
    # Weighted population variance scaled by n_eff/(n_eff − 1): equal weights give the ddof=1 sd.
    var = float(np.sum(w * (x - mean) ** 2) / total)
    sd = math.sqrt(var * neff / (neff - 1.0)) if neff > 1 else math.nan
    return mean, sd, neff


def _t_interval(mean: float, sd: float, base: float, level: float = 0.95) -> tuple[float, float]:
    if base <= 1 or math.isnan(sd):
        return math.nan, math.nan
    half = t_ppf(0.5 + level / 2.0, base - 1.0) * sd / math.sqrt(base)
    return mean - half, mean + half


def _share(mask: np.ndarray, w: np.ndarray | None) -> float:
    """Share in % of rows where mask is true."""
    if len(mask) == 0:
        return math.nan
    if w is None:
        return 100.0 * float(np.count_nonzero(mask)) / len(mask)
    return 100.0 * float(np.sum(w[mask])) / float(np.sum(w))


# -- NPS ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NpsResult:
    n: int
    missing: int
    small_base: bool
    promoters: int
    passives: int
    detractors: int
    pct_promoters: float
    pct_passives: float
    pct_detractors: float
    nps: float
    ci_low: float
    ci_high: float
    weighted_n: float | None = None
    effective_n: float | None = None


def nps(values: Any, weights: Any | None = None, level: float = 0.95) -> NpsResult:
    """Net Promoter Score: % promoters (9-10) − % detractors (0-6), with a normal-theory CI.

    The CI uses the variance of the difference of two trinomial shares,
    var = (p_prom + p_det − (p_prom − p_det)²) / n, n being Kish's effective base when
    weighted, and is clipped to [−100, 100]. Values outside 0-10 are treated as missing.
    """
    x, w, missing = _values_and_weights(values, weights)
    inside = (x >= 0) & (x <= 10)
    if not inside.all():
        missing += int((~inside).sum())
        x = x[inside]
        w = None if w is None else w[inside]
    n = len(x)
    prom, det = x >= registry.NPS_PROMOTERS_FROM, x <= registry.NPS_DETRACTORS_UP_TO
    pas = ~prom & ~det
    if n == 0:
        nan = math.nan
        return NpsResult(0, missing, True, 0, 0, 0, nan, nan, nan, nan, nan, nan,
                         None if w is None else 0.0, None if w is None else 0.0)
    p_prom, p_pas, p_det = _share(prom, w) / 100.0, _share(pas, w) / 100.0, _share(det, w) / 100.0
    score = 100.0 * (p_prom - p_det)
    base = float(n) if w is None else effective_base(w)
    var = (p_prom + p_det - (p_prom - p_det) ** 2) / base
    z = Z95 if level == 0.95 else norm_ppf(0.5 + level / 2.0)
    half = 100.0 * z * math.sqrt(max(var, 0.0))
    return NpsResult(
        n=n, missing=missing, small_base=n < SMALL_BASE,
        promoters=int(prom.sum()), passives=int(pas.sum()), detractors=int(det.sum()),
        pct_promoters=100.0 * p_prom, pct_passives=100.0 * p_pas, pct_detractors=100.0 * p_det,
        nps=score, ci_low=max(-100.0, score - half), ci_high=min(100.0, score + half),
        weighted_n=None if w is None else float(np.sum(w)), effective_n=None if w is None else base,
    )


# -- scales: CSAT, CES, means ------------------------------------------------------------


@dataclass(frozen=True)
class ScaleResult:
    """A rating summary: mean, sd, the share of the top boxes and a t-based CI of the mean."""

    n: int
    missing: int
    small_base: bool
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    top_box: float  # % in the top boxes (CSAT top-2, CES low-effort)
    top_values: tuple[int, ...]
    weighted_n: float | None = None
    effective_n: float | None = None


def scale_summary(values: Any, scale: tuple[int, int], weights: Any | None = None, top: int = 2,
                  level: float = 0.95) -> ScaleResult:
    """Mean, sd, top-`top`-box share and CI of a rating; values off the scale count as missing."""
    low, high = scale
    x, w, missing = _values_and_weights(values, weights)
    inside = (x >= low) & (x <= high)
    if not inside.all():
        missing += int((~inside).sum())
        x = x[inside]
        w = None if w is None else w[inside]
    top_values = tuple(range(high - top + 1, high + 1))
    mean, sd, base = _mean_sd(x, w)
    ci_low, ci_high = _t_interval(mean, sd, base, level)
    return ScaleResult(
        n=len(x), missing=missing, small_base=len(x) < SMALL_BASE, mean=mean, sd=sd,
        ci_low=ci_low, ci_high=ci_high, top_box=_share(x >= top_values[0], w), top_values=top_values,
        weighted_n=None if w is None else float(np.sum(w)), effective_n=None if w is None else base,
    )


def _scale_of(question: Question, default: tuple[int, int]) -> tuple[int, int]:
    return question.scale() or default


def csat(values: Any, question: Question | None = None, weights: Any | None = None) -> ScaleResult:
    """CSAT: mean and top-2-box (the two highest points of the question's scale, 4-5 on 1-5)."""
    scale = _scale_of(question, (1, 5)) if question is not None else (1, 5)
    return scale_summary(values, scale, weights, top=2)


def ces(values: Any, question: Question | None = None, weights: Any | None = None) -> ScaleResult:
    """CES on an ease scale (1 very difficult … 7 very easy): mean and low-effort share (6-7)."""
    scale = _scale_of(question, (1, 7)) if question is not None else (1, 7)
    return scale_summary(values, scale, weights, top=2)


@dataclass(frozen=True)
class MeanResult:
    n: int
    missing: int
    small_base: bool
    mean: float
    sd: float
    se: float
    ci_low: float
    ci_high: float
    weighted_n: float | None = None
    effective_n: float | None = None


def mean(values: Any, weights: Any | None = None, level: float | None = 0.95) -> MeanResult:
    """Mean with sample sd, standard error and t-based CI (weighted: effective base).

    `level=None` leaves the CI out (NaN): the t quantile costs more than the mean itself, and the insight
    finder, which tests thousands of groups, needs only the mean, sd and base."""
    x, w, missing = _values_and_weights(values, weights)
    m, sd, base = _mean_sd(x, w)
    ci_low, ci_high = _t_interval(m, sd, base, level) if level is not None else (math.nan, math.nan)
    se = sd / math.sqrt(base) if base > 0 else math.nan
    return MeanResult(len(x), missing, len(x) < SMALL_BASE, m, sd, se, ci_low, ci_high,
                      None if w is None else float(np.sum(w)), None if w is None else base)


# -- frequencies -------------------------------------------------------------------------


@dataclass(frozen=True)
class FrequencyRow:
    code: str
    value: int
    label_zh: str
    label_en: str
    count: int
    weighted_count: float | None
    pct: float


@dataclass(frozen=True)
class FrequencyResult:
    question: str
    rows: tuple[FrequencyRow, ...]
    n: int
    missing: int
    small_base: bool
    weighted_n: float | None = None
    multiple: bool = False  # shares of respondents: rows may add up to more than 100%
    effective_n: float | None = None
    """Kish's (Σw)²/Σw² when weighted: the base a test of these shares uses."""


def frequencies(frame: pd.DataFrame, question: Question, weights: Any | None = None) -> FrequencyResult:
    """Counts and % of a single or multiple choice question, every choice listed even at 0.

    Single choice: % of valid answers. Multiple choice: % of respondents who answered the
    question, i.e. ticked at least one option (a respondent with all options 0/empty did
    not answer it).
    """
    if question.type is QuestionType.MULTIPLE:
        return _multiple_frequencies(frame, question, weights)
    if question.type not in (QuestionType.SINGLE, QuestionType.DROPDOWN):
        raise ModelError("analysis.not_choice", code=question.code)
    column = frame[question.code]
    if isinstance(column.dtype, pd.CategoricalDtype):
        numeric = column.astype(np.float64).to_numpy()
    else:
        numeric = column.to_numpy(dtype=np.float64)
    known = np.isin(numeric, [c.value for c in question.choices])
    numeric = np.where(known, numeric, np.nan)
    x, w, missing = _values_and_weights(numeric, weights)
    total_w = None if w is None else float(np.sum(w))
    rows = []
    for choice in question.choices:
        hit = x == choice.value
        count = int(hit.sum())
        wc = None if w is None else float(np.sum(w[hit]))
        base: float = len(x) if w is None else (total_w or 0.0)
        pct = (100.0 * (count if wc is None else wc) / base) if base else math.nan
        rows.append(FrequencyRow(choice.code, choice.value, choice.label_zh, choice.label_en, count, wc, pct))
    return FrequencyResult(question.code, tuple(rows), len(x), missing, len(x) < SMALL_BASE, total_w,
                           effective_n=None if w is None else effective_base(w))


def _multiple_frequencies(frame: pd.DataFrame, question: Question, weights: Any | None) -> FrequencyResult:
    names = [c.name for c in question.columns()]
    ticks = frame[names].to_numpy(dtype=np.float64) == 1.0
    answered = ticks.any(axis=1)
    w_all = None if weights is None else np.asarray(weights, dtype=np.float64)
    if w_all is not None:
        answered &= ~np.isnan(w_all) & (w_all > 0)
    n = int(answered.sum())
    w = None if w_all is None else w_all[answered]
    total_w = None if w is None else float(np.sum(w))
    rows = []
    for j, choice in enumerate(question.choices):
        hit = ticks[answered, j]
        count = int(hit.sum())
        wc = None if w is None else float(np.sum(w[hit]))
        base: float = n if w is None else (total_w or 0.0)
        pct = (100.0 * (count if wc is None else wc) / base) if base else math.nan
        rows.append(FrequencyRow(choice.code, choice.value, choice.label_zh, choice.label_en, count, wc, pct))
    return FrequencyResult(question.code, tuple(rows), n, len(frame) - n, n < SMALL_BASE, total_w, multiple=True,
                           effective_n=None if w is None else effective_base(w))


# -- rim weighting -----------------------------------------------------------------------


@dataclass(frozen=True)
class RakeResult:
    """Rim weights (mean 1 over the rows used) and how well and how cheaply they fit."""

    weights: np.ndarray
    converged: bool
    iterations: int
    max_deviation: float  # largest |weighted share − target| over all targets, as a fraction
    efficiency: float  # 100 × effective n / n
    effective_n: float
    message: str


def rake(frame: pd.DataFrame, targets: Mapping[str, Mapping[Any, float]], tolerance: float = 1e-10,
         max_iterations: int = 1000, base_weights: Any | None = None) -> RakeResult:
    """Iterative proportional fitting of weights to target shares on 2-3 (or more) variables.

    `targets` maps a column to {value: share}; shares of one variable are normalised to sum
    to 1. Every row must have a targeted value on every variable (a row with a missing or
    untargeted value would get no defined weight), and every target category must have at
    least one row with a positive weight, or the targets cannot be met — both raise
    ModelError. Iterates until every weighted margin is within `tolerance` of its target;
    after `max_iterations` it returns the last weights with converged=False and says so.
    """
    n = len(frame)
    if n == 0:
        raise ModelError("analysis.rake_empty")
    w = np.ones(n) if base_weights is None else np.asarray(base_weights, dtype=np.float64).copy()
    plans: list[tuple[str, list[np.ndarray], np.ndarray]] = []
    for column, shares in targets.items():
        raw = frame[column]
        values = raw.astype(object).to_numpy() if isinstance(raw.dtype, pd.CategoricalDtype) else raw.to_numpy()
        keys = list(shares)
        total = float(sum(shares.values()))
        if total <= 0 or any(s < 0 for s in shares.values()):
            raise ModelError("analysis.rake_bad_targets", column=column)
        target = np.array([shares[k] / total for k in keys], dtype=np.float64)
        masks = [values == k for k in keys]
        covered = np.logical_or.reduce(masks)
        if not covered.all():
            raise ModelError("analysis.rake_uncovered", column=column, rows=int((~covered).sum()))
        for k, m, t in zip(keys, masks, target):
            if t > 0 and not (w[m] > 0).any():
                raise ModelError("analysis.rake_empty_cell", column=column, value=k)
        plans.append((column, masks, target))
    deviation = math.inf
    iterations = 0
    for iterations in range(1, max_iterations + 1):
        for _, masks, target in plans:
            total_w = float(w.sum())
            for m, t in zip(masks, target):
                current = float(w[m].sum())
                if current > 0:
                    w[m] *= t * total_w / current
        deviation = _rake_deviation(w, plans)
        if deviation <= tolerance:
            break
    converged = deviation <= tolerance
    w = w * (n / float(w.sum()))
    neff = effective_base(w)
    message = (f"converged after {iterations} iterations" if converged else
               f"did not converge within {max_iterations} iterations (largest margin gap {deviation:.3g})")
    return RakeResult(w, converged, iterations, deviation, 100.0 * neff / n, neff, message)


def _rake_deviation(w: np.ndarray, plans: Sequence[tuple[str, list[np.ndarray], np.ndarray]]) -> float:
    total = float(w.sum())
    return max(abs(float(w[m].sum()) / total - t) for _, masks, target in plans for m, t in zip(masks, target))
