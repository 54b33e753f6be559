"""The value view: what promoters, passives and detractors spend and whether they buy again (issue 20).

The seeds' "X-data + O-data" promise in one table: per NPS group, the mean spend per respondent in a window
before and after the response, the repurchase rate after it (at least one order in the window), with the
base of each group, and a test of promoters against detractors for each measure:

- spend: Welch's two-sample t-test (unequal variances: promoters' and detractors' spending spread differs);
- repurchase: Pearson's chi-square on the 2 × 2 table (group × repurchased) without continuity correction,
  which is the pooled two-proportion z-test squared (the same p).

Spend and repurchase are O-data variables (`odata_vars`) computed through `frame.load_frame` like every other
variable, so a filter, a weight and the cache behave as in any analysis. A respondent with no customer id
is in no group (nothing can be known of their orders); a known customer without orders spends 0 and has not
repurchased. With a weight, means and rates are weighted and the bases shown are still the respondents; the
tests are on the unweighted answers, as `crosstab.means_by` does (a design-based variance is not done here).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from xmdesk.core import messages
from xmdesk.core.analysis import odata_vars
from xmdesk.core.analysis.crosstab import NPS_GROUPS, chi_square, nps_groups, t_test
from xmdesk.core.analysis.derived import with_draft
from xmdesk.core.analysis.query import Query, select
from xmdesk.core.errors import ModelError
from xmdesk.core.jobs import Progress, no_progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, load_survey
from xmdesk.core.vocabulary import numbers

DEFAULT_DAYS = 90
GROUP_ORDER = ("promoter", "passive", "detractor")


@dataclass(frozen=True)
class ValueGroup:
    """One NPS group's figures: its base, mean spend before and after the response, its repurchase rate."""

    code: str
    label: str
    n: int
    spend_before: float
    spend_after: float
    repurchase: float
    """Share (0-1) of the group with at least one order in the window after the response."""
    repurchased: int
    weighted_n: float | None = None


@dataclass(frozen=True)
class Test:
    """A test of promoters against detractors: its name, statistic, degrees of freedom and two-sided p."""

    name: str
    statistic: float
    df: float
    p: float


@dataclass(frozen=True)
class ValueView:
    """The value view of one survey: what was read, the three groups, and the three tests."""

    survey: str
    question: str
    table: str
    column: str
    days: int
    response_date: str
    groups: tuple[ValueGroup, ...]
    spend_before_test: Test | None
    spend_after_test: Test | None
    repurchase_test: Test | None
    unlinked: int
    """Selected respondents left out because they have no customer id (or date)."""
    filter: str = ""
    weight: str | None = None


def value_view(study: Study, survey: Survey | str, question: str | None = None, table: str = "orders",
               column: str = "amount", days: int = DEFAULT_DAYS, response_date: str = odata_vars.DEFAULT_RESPONSE_DATE,
               filter: str = "", weight: str | None = None, lang: str = "zh",
               progress: Progress = no_progress) -> ValueView:
    """Spend and repurchase of the NPS groups of `question` (the survey's NPS question when not named) from
    the `column` of `table` in the `days` before and after each response."""
    survey = load_survey(study, survey) if isinstance(survey, str) else survey
    nps_question = _nps_question(survey, question)
    measures = _measures(study, table, column, days, response_date)
    progress(0, 2, f"{table}.{column}")
    draft = survey
    for measure in measures:
        draft = with_draft(draft, measure)
    selection = select(study, Query(survey.code, filter=filter, weight=weight), [nps_question.code]
                       + [m.code for m in measures], draft, lang)
    frame = selection.frame
    before, after, bought = (frame[m.code].to_numpy(dtype=np.float64) for m in measures)
    groups = np.asarray(nps_groups(frame[nps_question.code].to_numpy(dtype=np.float64)).codes)
    linked = ~np.isnan(after) & ~np.isnan(before)
    weights = selection.weights
    if weights is not None:  # a missing or non-positive weight leaves the response out, as in every analysis
        linked &= ~np.isnan(weights) & (weights > 0)
    rows = []
    samples: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for code in GROUP_ORDER:
        choice = next(c for c in NPS_GROUPS.choices if c.code == code)
        pick = linked & (groups == choice.value - 1)
        w = None if weights is None else weights[pick]
        samples[code] = (before[pick], after[pick], bought[pick])
        rows.append(ValueGroup(code, choice.label(lang), int(pick.sum()), _mean(before[pick], w),
                               _mean(after[pick], w), _mean(bought[pick], w), int(np.nansum(bought[pick])),
                               None if w is None else float(np.sum(w))))
    progress(1, 2, nps_question.code)
    promoters, detractors = samples["promoter"], samples["detractor"]
    return ValueView(survey.code, nps_question.code, table, column, days, response_date, tuple(rows),
                     _welch(promoters[0], detractors[0]), _welch(promoters[1], detractors[1]),
                     _chi_square(promoters[2], detractors[2]),
                     int((~linked & (groups >= 0)).sum()), filter, weight)


def _nps_question(survey: Survey, code: str | None) -> Question:
    """The NPS question named, or the survey's first; a question that is not 0-10 is refused in words."""
    if code is None:
        found = next((q for q in survey.active_questions() if q.type is QuestionType.NPS), None)
        if found is None:
            raise ModelError("derived.value_no_nps", survey=survey.code)
        return found
    question = survey.question(code)
    if question.type is not QuestionType.NPS:
        raise ModelError("derived.value_not_nps", code=code)
    return question


def _measures(study: Study, table: str, column: str, days: int, response_date: str) -> list[Question]:
    """Spend before, spend after and repurchase after, as O-data variables not stored in the study. Their codes
    say every parameter, so the frame cache can only hand back the values of the same definition."""
    if days < 1:
        raise ModelError("derived.odata_bad_days", days=days)
    tag = hashlib.sha1(f"{column}\0{days}\0{response_date}".encode()).hexdigest()[:12]
    specs = ((f"{table}.value_before_{tag}", column, "sum", days, None),
             (f"{table}.value_after_{tag}", column, "sum", None, days),
             (f"{table}.value_any_{tag}", column, "any", None, days))  # the column: one read of the table for all
    return [odata_vars.definition(study, code, table, col, agg, before, after,
                                  response_date=response_date).as_question()
            for code, col, agg, before, after in specs]


def _mean(values: np.ndarray, weights: np.ndarray | None) -> float:
    if len(values) == 0:
        return math.nan
    if weights is None:
        return float(np.mean(values))
    return float(np.sum(weights * values) / np.sum(weights))


def _welch(a: np.ndarray, b: np.ndarray) -> Test | None:
    """Welch's t of promoters' against detractors' spend; None when either group has fewer than two."""
    if len(a) < 2 or len(b) < 2:
        return None
    result = t_test(a, b, equal_var=False)
    return Test("welch_t", result.t, result.df, result.p)


def _chi_square(a: np.ndarray, b: np.ndarray) -> Test | None:
    """Pearson's chi-square of repurchase (yes/no) by group, promoters against detractors, without Yates'
    correction; None when a group is empty or nobody (or everybody) repurchased."""
    found = chi_square(np.array([[np.sum(a == 1), np.sum(a == 0)], [np.sum(b == 1), np.sum(b == 0)]]))
    return None if found is None else Test("chi_square", found.statistic, float(found.df), found.p)


def value_json(view: ValueView) -> dict[str, Any]:
    """The view as the CLI prints it: NaN as null, rates as shares (0-1)."""

    def number(value: float | None) -> float | None:
        return None if value is None or not math.isfinite(value) else float(value)

    def test(found: Test | None) -> dict[str, Any] | None:
        return None if found is None else {"test": found.name, "statistic": number(found.statistic),
                                           "df": number(found.df), "p": number(found.p)}

    return {"survey": view.survey, "question": view.question, "table": view.table, "column": view.column,
            "days": view.days, "response_date": view.response_date, "filter": view.filter, "weight": view.weight,
            "groups": [{"code": g.code, "label": g.label, "n": g.n, "weighted_n": number(g.weighted_n),
                        "spend_before": number(g.spend_before), "spend_after": number(g.spend_after),
                        "repurchase": number(g.repurchase), "repurchased": g.repurchased} for g in view.groups],
            "tests": {"spend_before": test(view.spend_before_test), "spend_after": test(view.spend_after_test),
                      "repurchase": test(view.repurchase_test)},
            "unlinked": view.unlinked}


def value_table(view: ValueView, lang: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the view as every face shows it (the CLI's text, the Charts area's table), each figure
    written by `vocabulary.numbers`; the last row is the tests of promoters against detractors."""
    days = view.days
    headers = [messages.text("derived.value_group", lang), "n",
               messages.text("derived.value_spend_before", lang, days=days),
               messages.text("derived.value_spend_after", lang, days=days),
               messages.text("derived.value_repurchase", lang, days=days)]
    rows = [[g.label, numbers.count(g.n), numbers.score(g.spend_before), numbers.score(g.spend_after),
             numbers.percent(100.0 * g.repurchase)] for g in view.groups]
    rows.append([messages.text("derived.value_tests", lang), "", describe_test(view.spend_before_test, lang),
                 describe_test(view.spend_after_test, lang), describe_test(view.repurchase_test, lang)])
    return headers, rows


def describe_test(test: Test | None, lang: str) -> str:
    """'Welch t = 1.33, p = 0.184' or 'χ² = 3.01, p = 0.083'; the en dash when the test could not be made."""
    if test is None:
        return numbers.MISSING
    if test.name == "welch_t":
        return messages.text("derived.value_welch", lang, t=numbers.score(test.statistic), p=numbers.p_value(test.p))
    return messages.text("derived.value_chi_square", lang, chi2=numbers.score(test.statistic),
                         p=numbers.p_value(test.p))
