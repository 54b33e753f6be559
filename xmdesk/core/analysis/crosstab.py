"""Crosstabs with the tests SPSS Custom Tables prints, and means by segment with ANOVA / t-tests.

Column-proportion tests follow SPSS's "Compare column proportions": every column gets
a letter (A, B, C…); in each row, every pair of columns is compared with a two-sided
z-test on the pooled proportion, and a cell shows the letter of each column whose
proportion is significantly *lower*. As in SPSS, the p-values are Bonferroni-adjusted
by the number of pairs compared within the row (an option, on by default), and a
column whose proportion in that row is 0 or 1 is not used in the comparisons (its
z-test is degenerate). With weights, proportions use weighted counts and each column's
base is its Kish effective base; the chi-square is computed on the weighted counts, as
SPSS does with WEIGHT BY (which overstates its significance when the weights vary a
lot — the design-based Rao-Scott correction is not done yet).
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xmdesk.core.analysis.distributions import chi2_sf, f_sf, norm_sf, t_sf
from xmdesk.core.analysis.metrics import (SMALL_BASE, NpsResult, _mean_sd, _t_interval, effective_base, nps)
from xmdesk.core.analysis.query import split_rows
from xmdesk.core.errors import ModelError
from xmdesk.core.survey.model import Choice, Question, QuestionType
from xmdesk.core.vocabulary import registry


def column_letters(count: int) -> list[str]:
    """A, B, … Z, AA, AB… like SPSS when there are more than 26 columns."""
    letters = []
    for i in range(count):
        name, k = "", i
        while True:
            name = string.ascii_uppercase[k % 26] + name
            k = k // 26 - 1
            if k < 0:
                break
        letters.append(name)
    return letters


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    df: int
    p: float
    min_expected: float
    cells_below_5: int  # expected counts below 5 (SPSS warns when more than 20% are)


@dataclass(frozen=True)
class Crosstab:
    row_question: str
    column_question: str
    row_values: tuple[int, ...]
    row_labels: tuple[str, ...]
    column_values: tuple[int, ...]
    column_labels: tuple[str, ...]
    letters: tuple[str, ...]
    counts: np.ndarray  # rows × columns, weighted when weighted
    column_pct: np.ndarray  # % within each column
    column_totals: np.ndarray
    row_totals: np.ndarray
    n: int  # unweighted rows with both answers
    missing: int
    column_n: tuple[int, ...]  # unweighted base of each column
    small_base: tuple[bool, ...]  # per column
    chi_square: ChiSquare | None
    significance: tuple[tuple[str, ...], ...]  # letters per cell
    alpha: float
    bonferroni: bool
    weighted: bool = False
    multiple: bool = False
    """Rows are the options of a multiple-choice question: a column's % are of its respondents who
    answered the question, so they may add up to more than 100, and there is no chi-square."""
    effective_n: tuple[float, ...] = ()
    """The base each column's letters were tested with: its unweighted n, or with weights its Kish effective base
    (a banner table prints it under the weighted base)."""


def categories(question: Question) -> list[Choice]:
    """The categories of a question as a crosstab/segment variable.

    Choice questions use their choices; a scale question (NPS 0-10, a rating 1-N) is
    treated as one category per point, so "region × CSAT" is a crosstab too.
    """
    if question.choices:
        return list(question.choices)
    scale = question.scale()
    if scale is None:
        raise ModelError("analysis.not_categorical", code=question.code)
    return [Choice(str(v), v, str(v), str(v)) for v in range(scale[0], scale[1] + 1)]


def _codes(series: pd.Series, choices: list[Choice]) -> np.ndarray:
    """Position of each row's answer among the categories, −1 when missing or unknown."""
    values_wanted = [c.value for c in choices]
    if isinstance(series.dtype, pd.CategoricalDtype):
        if list(series.cat.categories) == values_wanted:
            return np.asarray(series.cat.codes.to_numpy(), dtype=np.int64)
        values = series.astype(object).astype(np.float64).to_numpy()
    else:
        values = series.to_numpy(dtype=np.float64)
    low, high = min(values_wanted), max(values_wanted)
    if high - low <= 1000 and all(float(v).is_integer() for v in values_wanted):
        # A lookup table: one pass over a million rows instead of one per category.
        table = np.full(high - low + 1, -1, dtype=np.int64)
        for i, v in enumerate(values_wanted):
            table[v - low] = i
        inside = (values >= low) & (values <= high) & (values == np.floor(values))
        codes = np.full(len(values), -1, dtype=np.int64)
        codes[inside] = table[values[inside].astype(np.int64) - low]
        return codes
    codes = np.full(len(values), -1, dtype=np.int64)
    for i, v in enumerate(values_wanted):
        codes[values == v] = i
    return codes


def crosstab(frame: pd.DataFrame, row: Question, column: Question, weights: Any | None = None,
             alpha: float = 0.05, bonferroni: bool = True, lang: str = "zh") -> Crosstab:
    """Counts, column %, chi-square and column-proportion letters of row × column.

    A multiple-choice row question gives one row per option (see `multiple_crosstab`).
    """
    if row.type is QuestionType.MULTIPLE:
        return multiple_crosstab(frame, row, column, weights, alpha, bonferroni, lang)
    row_choices, column_choices = categories(row), categories(column)
    r = _codes(frame[row.code], row_choices)
    c = _codes(frame[column.code], column_choices)
    valid = (r >= 0) & (c >= 0)
    w_all = None if weights is None else np.asarray(weights, dtype=np.float64)
    if w_all is not None:
        valid &= ~np.isnan(w_all) & (w_all > 0)
    rows_n, cols_n = len(row_choices), len(column_choices)
    cell = r[valid] * cols_n + c[valid]
    unweighted = np.bincount(cell, minlength=rows_n * cols_n).reshape(rows_n, cols_n).astype(np.float64)
    if w_all is None:
        counts = unweighted
        bases = unweighted.sum(axis=0)
    else:
        wv = w_all[valid]
        counts = np.bincount(cell, weights=wv, minlength=rows_n * cols_n).reshape(rows_n, cols_n).astype(np.float64)
        # Each column's Kish base from its Σw and Σw² in two passes, not a mask of the rows per column (a banner
        # of 26 columns by 40 rows on 100,000 responses: 1.6 s of masks).
        sums = np.bincount(c[valid], weights=wv, minlength=cols_n)
        squares = np.bincount(c[valid], weights=wv * wv, minlength=cols_n)
        bases = np.divide(sums * sums, squares, out=np.zeros(cols_n), where=squares > 0)
    column_totals = counts.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        column_pct = np.where(column_totals > 0, 100.0 * counts / np.where(column_totals > 0, column_totals, 1), np.nan)
    letters = column_letters(cols_n)
    column_n = tuple(int(v) for v in unweighted.sum(axis=0))
    return Crosstab(
        row_question=row.code, column_question=column.code,
        row_values=tuple(ch.value for ch in row_choices), row_labels=tuple(ch.label(lang) for ch in row_choices),
        column_values=tuple(ch.value for ch in column_choices),
        column_labels=tuple(ch.label(lang) for ch in column_choices), letters=tuple(letters),
        counts=counts, column_pct=column_pct, column_totals=column_totals, row_totals=counts.sum(axis=1),
        n=int(valid.sum()), missing=int(len(frame) - int(valid.sum())), column_n=column_n,
        small_base=tuple(n < SMALL_BASE for n in column_n), chi_square=chi_square(counts),
        significance=column_proportion_letters(counts, bases, letters, alpha, bonferroni),
        alpha=alpha, bonferroni=bonferroni, weighted=w_all is not None, effective_n=tuple(float(b) for b in bases),
    )


def multiple_crosstab(frame: pd.DataFrame, row: Question, column: Question, weights: Any | None = None,
                      alpha: float = 0.05, bonferroni: bool = True, lang: str = "zh") -> Crosstab:
    """Options of a multiple-choice question × the categories of `column`.

    A column's base is its respondents who answered the question (ticked at least one
    option), as in `metrics.frequencies`; each option's % is of that base. The letters
    compare an option's share between columns exactly as for a single-choice row.
    """
    column_choices = categories(column)
    ticks = frame[[c.name for c in row.columns()]].to_numpy(dtype=np.float64) == 1.0
    c = _codes(frame[column.code], column_choices)
    valid = ticks.any(axis=1) & (c >= 0)
    w_all = None if weights is None else np.asarray(weights, dtype=np.float64)
    if w_all is not None:
        valid &= ~np.isnan(w_all) & (w_all > 0)
    cols_n = len(column_choices)
    onehot = np.zeros((int(valid.sum()), cols_n))
    onehot[np.arange(len(onehot)), c[valid]] = 1.0
    unweighted_bases = onehot.sum(axis=0)
    if w_all is None:
        weighted_onehot, bases = onehot, unweighted_bases
    else:
        wv = w_all[valid]
        weighted_onehot = onehot * wv[:, None]
        bases = np.array([effective_base(wv[onehot[:, j] > 0]) if unweighted_bases[j] else 0.0
                          for j in range(cols_n)])
    counts = ticks[valid].T.astype(np.float64) @ weighted_onehot
    column_totals = weighted_onehot.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        column_pct = np.where(column_totals > 0, 100.0 * counts / np.where(column_totals > 0, column_totals, 1), np.nan)
    letters = column_letters(cols_n)
    column_n = tuple(int(v) for v in unweighted_bases)
    return Crosstab(
        row_question=row.code, column_question=column.code,
        row_values=tuple(ch.value for ch in row.choices), row_labels=tuple(ch.label(lang) for ch in row.choices),
        column_values=tuple(ch.value for ch in column_choices),
        column_labels=tuple(ch.label(lang) for ch in column_choices), letters=tuple(letters),
        counts=counts, column_pct=column_pct, column_totals=column_totals, row_totals=counts.sum(axis=1),
        n=int(valid.sum()), missing=int(len(frame) - int(valid.sum())), column_n=column_n,
        small_base=tuple(n < SMALL_BASE for n in column_n), chi_square=None,
        significance=column_proportion_letters(counts, bases, letters, alpha, bonferroni, column_totals),
        alpha=alpha, bonferroni=bonferroni, weighted=w_all is not None, multiple=True,
        effective_n=tuple(float(b) for b in bases),
    )


def chi_square(counts: np.ndarray) -> ChiSquare | None:
    """Pearson chi-square of independence (no continuity correction).

    Empty rows and columns are left out (their expected counts are 0), and the degrees
    of freedom follow the table that remains; None when fewer than 2×2 remain.
    """
    table = np.asarray(counts, dtype=np.float64)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0] if table.size else table
    if table.ndim != 2 or table.shape[0] < 2 or table.shape[1] < 2:
        return None
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    statistic = float(np.sum((table - expected) ** 2 / expected))
    df = (table.shape[0] - 1) * (table.shape[1] - 1)
    return ChiSquare(statistic, df, chi2_sf(statistic, df), float(expected.min()), int((expected < 5).sum()))


def column_proportion_letters(counts: np.ndarray, bases: np.ndarray, letters: list[str], alpha: float = 0.05,
                              bonferroni: bool = True, totals: np.ndarray | None = None
                              ) -> tuple[tuple[str, ...], ...]:
    """For each cell, the letters of the columns whose proportion in that row is significantly lower.

    `totals` are the columns' (weighted) bases of the proportions; by default the column
    sums, which is right unless rows overlap (the options of a multiple-choice question).
    """
    counts = np.asarray(counts, dtype=np.float64)
    totals = counts.sum(axis=0) if totals is None else np.asarray(totals, dtype=np.float64)
    bases = np.asarray(bases, dtype=np.float64)
    columns = counts.shape[1]
    result: list[tuple[str, ...]] = []
    for i in range(counts.shape[0]):
        with np.errstate(invalid="ignore", divide="ignore"):
            p = np.where(totals > 0, counts[i] / np.where(totals > 0, totals, 1), np.nan)
        usable = np.flatnonzero((bases > 0) & (p > 0.0) & (p < 1.0))
        higher = np.zeros((columns, columns), dtype=bool)  # [a, b]: a's share is significantly above b's
        if len(usable) >= 2:
            a, b = np.triu_indices(len(usable), 1)
            a, b = usable[a], usable[b]
            pvalue, z = _two_proportion_tests(p[a], p[b], bases[a], bases[b])
            if bonferroni:
                pvalue = np.minimum(1.0, pvalue * len(a))
            significant = pvalue < alpha
            higher[a[significant & (z > 0)], b[significant & (z > 0)]] = True
            higher[b[significant & (z < 0)], a[significant & (z < 0)]] = True
        result.append(tuple("".join(letters[d] for d in np.flatnonzero(higher[c])) for c in range(columns)))
    return tuple(result)


def _two_proportion_tests(p1: np.ndarray, p2: np.ndarray, n1: np.ndarray, n2: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided p and z of pooled two-proportion z-tests, many pairs at once (se 0: p 1, z 0)."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(se > 0, (p1 - p2) / np.where(se > 0, se, 1.0), 0.0)
    return np.where(se > 0, np.minimum(1.0, 2.0 * norm_sf(np.abs(z))), 1.0), z


# -- means by segment --------------------------------------------------------------------


@dataclass(frozen=True)
class GroupMean:
    value: int
    label: str
    n: int
    mean: float
    sd: float
    ci_low: float
    ci_high: float
    small_base: bool
    weighted_n: float | None = None


@dataclass(frozen=True)
class Anova:
    f: float
    df_between: int
    df_within: int
    p: float


@dataclass(frozen=True)
class TTest:
    t: float
    df: float
    p: float
    equal_var: bool


@dataclass(frozen=True)
class MeansBySegment:
    value_column: str
    group_question: str
    groups: tuple[GroupMean, ...]
    n: int
    missing: int
    anova: Anova | None  # over groups with at least one answer, when 2+ groups
    student: TTest | None  # when exactly two groups have answers
    welch: TTest | None


def means_by(frame: pd.DataFrame, value_column: str, group: Question, weights: Any | None = None,
             lang: str = "zh") -> MeansBySegment:
    """Mean (sd, CI) of a numeric column per choice of `group`, with one-way ANOVA and t-tests.

    Group means and CIs are weighted when weights are given; the tests are on the
    unweighted answers (ANOVA and t-tests with design weights need a design-based
    variance that this first version does not do).
    """
    values = frame[value_column].to_numpy(dtype=np.float64)
    group_choices = categories(group)
    codes = _codes(frame[group.code], group_choices)
    valid = ~np.isnan(values) & (codes >= 0)
    w_all = None if weights is None else np.asarray(weights, dtype=np.float64)
    if w_all is not None:
        valid &= ~np.isnan(w_all) & (w_all > 0)
    groups: list[GroupMean] = []
    samples: list[np.ndarray] = []
    for i, choice in enumerate(group_choices):
        pick = valid & (codes == i)
        x = values[pick]
        w = None if w_all is None else w_all[pick]
        m, sd, base = _mean_sd(x, w)
        lo, hi = _t_interval(m, sd, base)
        groups.append(GroupMean(choice.value, choice.label(lang), len(x), m, sd, lo, hi, len(x) < SMALL_BASE,
                                None if w is None else float(np.sum(w))))
        if len(x):
            samples.append(x)
    anova = one_way_anova(samples) if len(samples) >= 2 else None
    student = welch = None
    if len(samples) == 2:
        student = t_test(samples[0], samples[1], equal_var=True)
        welch = t_test(samples[0], samples[1], equal_var=False)
    return MeansBySegment(value_column, group.code, tuple(groups), int(valid.sum()), int(len(frame) - valid.sum()),
                          anova, student, welch)


def one_way_anova(samples: list[np.ndarray]) -> Anova:
    """One-way ANOVA F test (as scipy.stats.f_oneway)."""
    if len(samples) < 2:
        raise ModelError("analysis.anova_groups")
    sizes = np.array([len(s) for s in samples], dtype=np.float64)
    means = np.array([float(np.mean(s)) for s in samples])
    total = float(sizes.sum())
    grand = float(np.sum(sizes * means) / total)
    between = float(np.sum(sizes * (means - grand) ** 2))
    within = float(sum(float(np.sum((s - m) ** 2)) for s, m in zip(samples, means)))
    df_b, df_w = len(samples) - 1, int(total) - len(samples)
    if df_w <= 0:
        return Anova(math.nan, df_b, df_w, math.nan)
    f = (between / df_b) / (within / df_w) if within > 0 else math.inf
    return Anova(f, df_b, df_w, f_sf(f, df_b, df_w) if math.isfinite(f) else 0.0)


def t_test(a: np.ndarray, b: np.ndarray, equal_var: bool = False) -> TTest:
    """Two-sample t-test, Student (pooled variance) or Welch (as scipy.stats.ttest_ind)."""
    n1, n2 = len(a), len(b)
    m1, m2 = float(np.mean(a)), float(np.mean(b))
    v1 = float(np.var(a, ddof=1)) if n1 > 1 else math.nan
    v2 = float(np.var(b, ddof=1)) if n2 > 1 else math.nan
    if equal_var:
        df = float(n1 + n2 - 2)
        pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / df if df > 0 else math.nan
        se = math.sqrt(pooled * (1.0 / n1 + 1.0 / n2))
    else:
        q1, q2 = v1 / n1, v2 / n2
        se = math.sqrt(q1 + q2)
        df = (q1 + q2) ** 2 / (q1 ** 2 / (n1 - 1) + q2 ** 2 / (n2 - 1)) if se > 0 else math.nan
    if not se > 0:
        return TTest(math.nan, df, math.nan, equal_var)
    t = (m1 - m2) / se
    return TTest(t, df, min(1.0, 2.0 * float(t_sf(abs(t), df))), equal_var)


# -- NPS by segment and NPS groups ---------------------------------------------------------

NPS_GROUP_COLUMN = "nps_group"
NPS_GROUPS = Question(NPS_GROUP_COLUMN, QuestionType.SINGLE, "NPS group", "NPS 分组", choices=[
    Choice("detractor", 1, "Detractors (0-6)", "贬损者（0-6）"),
    Choice("passive", 2, "Passives (7-8)", "被动者（7-8）"),
    Choice("promoter", 3, "Promoters (9-10)", "推荐者（9-10）"),
])


def nps_groups(values: Any) -> pd.Categorical:
    """Detractor (1) / passive (2) / promoter (3) of each 0-10 answer, for crosstabs by NPS group."""
    x = np.asarray(values, dtype=np.float64)
    codes = np.full(len(x), -1, dtype=np.int64)
    codes[(x >= 0) & (x < registry.NPS_PASSIVES_FROM)] = 0
    codes[(x >= registry.NPS_PASSIVES_FROM) & (x < registry.NPS_PROMOTERS_FROM)] = 1
    codes[(x >= registry.NPS_PROMOTERS_FROM) & (x <= 10)] = 2
    return pd.Categorical.from_codes(codes, categories=pd.Index([1, 2, 3]), ordered=True)


@dataclass(frozen=True)
class SegmentNps:
    value: int
    label: str
    result: NpsResult


def nps_by(frame: pd.DataFrame, value_column: str, group: Question, weights: Any | None = None,
           lang: str = "zh") -> tuple[SegmentNps, ...]:
    """NPS (with its CI, base and small-base flag) for every category of `group`, empty ones included."""
    group_choices = categories(group)
    codes = _codes(frame[group.code], group_choices)
    values = frame[value_column].to_numpy(dtype=np.float64)
    w_all = None if weights is None else np.asarray(weights, dtype=np.float64)
    result = []
    for choice, rows in zip(group_choices, split_rows(codes, len(group_choices))):
        result.append(SegmentNps(choice.value, choice.label(lang),
                                 nps(values[rows], None if w_all is None else w_all[rows])))
    return tuple(result)
