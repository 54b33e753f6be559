"""The insight finder: one call scans a survey and returns its findings, ranked, in words.

`find_insights` reads the segments and outcomes once (`variables`), makes every comparison
(`scan`), keeps and merges (`findings`); the result says how many comparisons were made and how
many were kept, so the panel and the CLI can be honest about it. The sentences are written on
demand in either language from the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from xmdesk.core import messages
from xmdesk.core.analysis.frame import day_numbers
from xmdesk.core.analysis.query import default_date_column
from xmdesk.core.analysis.trend import period_codes
from xmdesk.core.errors import ModelError
from xmdesk.core.insights.findings import Finding, findings
from xmdesk.core.insights.scan import ALL, Options, Periods, Comparison, scan
from xmdesk.core.insights.sentences import sentence
from xmdesk.core.insights.variables import Variables, read_variables
from xmdesk.core.jobs import CancelToken, Progress, no_progress, sub_progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, load_survey
from xmdesk.core.vocabulary import numbers

READ_STEPS = 10
"""Progress units of reading the data, against one per segment × outcome pair of the scan."""


@dataclass(frozen=True)
class Insights:
    survey: Survey
    variables: Variables
    tests: tuple[Comparison, ...]
    """Every comparison made."""
    findings: tuple[Finding, ...]
    periods: Periods | None
    options: Options

    @property
    def comparisons(self) -> int:
        """Every comparison made, kept or not: the summary says how many were tried, so a reader can weigh the
        findings."""
        return len(self.tests)

    @property
    def significant(self) -> int:
        """Comparisons significant after the correction, before the effect-size floor and the merging."""
        return sum(1 for t in self.tests if t.q <= self.options.fdr)

    def sentence(self, finding: Finding, lang: str) -> str:
        """The finding as one sentence in `lang`, written from the stored numbers on demand, so switching the
        language needs no new scan."""
        return sentence(self.variables, finding, self.periods, lang)

    def summary(self, lang: str) -> str:
        """'1,234 comparisons made, 40 significant after the Benjamini–Hochberg correction …; 12 findings kept …'."""
        return messages.text("insights.summary", lang, comparisons=numbers.count(self.comparisons),
                             significant=numbers.count(self.significant), kept=numbers.count(len(self.findings)),
                             fdr=numbers.percent(100 * self.options.fdr), effect=f"{self.options.min_effect:g}",
                             base=numbers.count(self.options.min_base))


def check_options(options: Options) -> None:
    """Bad settings get a message in words, before any work."""
    if not (isinstance(options.min_base, int) and options.min_base >= 2):
        raise ModelError("insights.bad_min_base", value=options.min_base)
    if not (math.isfinite(options.min_effect) and options.min_effect >= 0):
        raise ModelError("insights.bad_min_effect", value=options.min_effect)
    if not 0 < options.fdr < 1:
        raise ModelError("insights.bad_fdr", value=options.fdr)


def last_periods(study: Study, survey: Survey, period: str, ids_count: int) -> Periods | None:
    """The last period with answers and the one before it (None when the data covers fewer than two)."""
    days = day_numbers(study, survey, default_date_column(survey))
    codes, labels = period_codes(days, period)
    if len(labels) < 2 or len(codes) != ids_count:
        return None
    last = len(labels) - 1
    marked = np.where(codes == last, 1, np.where(codes == last - 1, 0, -1)).astype(np.int64)
    return Periods(marked, labels[-2], labels[-1])


def find_insights(study: Study, survey: Survey | str, options: Options = Options(), progress: Progress = no_progress,
                  cancel: CancelToken | None = None) -> Insights:
    """Scan the survey: every segment against every outcome, whole period and period-on-period."""
    check_options(options)
    survey = load_survey(study, survey) if isinstance(survey, str) else survey
    progress(0, 1, messages.text("insights.reading"))
    variables, ids = read_variables(study, survey, options.min_base, cancel, default_date_column(survey))
    if not variables.segments or not variables.outcomes:
        raise ModelError("insights.nothing_to_compare", survey=survey.code)
    periods = last_periods(study, survey, options.period, len(ids))
    comparing = messages.text("insights.comparing")
    pairs = len(variables.segments) * len(variables.outcomes)
    step = sub_progress(progress, READ_STEPS, pairs, READ_STEPS + pairs)
    tests = scan(variables, periods, options, lambda done, total, _: step(done, total, comparing), cancel)
    kept = findings(variables, tests, options)
    progress(READ_STEPS + pairs, READ_STEPS + pairs, comparing)
    return Insights(survey, variables, tuple(tests), tuple(kept), periods, options)


# -- plain data: the CLI's JSON ------------------------------------------------------------------


def _test_json(insights: Insights, test: Comparison, lang: str) -> dict[str, Any]:
    variables = insights.variables
    outcome = variables.outcomes[test.outcome]
    data: dict[str, Any] = {"outcome": outcome.key, "outcome_label": outcome.label(lang), "scope": test.scope,
                            "value": test.value, "other": test.other, "difference": test.difference,
                            "n": test.n, "n_other": test.n_other, "p": test.p, "q": test.q, "effect_size": test.effect}
    if test.segment == ALL:
        data["segment"] = None
    else:
        segment = variables.segments[test.segment]
        group = segment.groups[test.group]
        data.update(segment=segment.code, segment_label=segment.label(lang), group=group.key,
                    group_label=group.label(lang))
    if test.scope == "period" and insights.periods is not None:
        data.update(period=insights.periods.last, previous_period=insights.periods.previous)
    return data


def _driver_json(insights: Insights, test: Comparison, lang: str) -> dict[str, Any]:
    rating = insights.variables.drivers[test.outcome]
    return {"column": rating.key, "label": rating.label(lang), "value": test.value, "other": test.other,
            "difference": test.difference, "n": test.n, "n_other": test.n_other, "p": test.p,
            "effect_size": test.effect}


def insights_json(insights: Insights, lang: str) -> dict[str, Any]:
    """The scan as JSON: what was compared, how it was corrected, and each finding with its sentence."""
    options = insights.options
    return {
        "survey": insights.survey.code,
        "comparisons": insights.comparisons,
        "significant": insights.significant,
        "kept": len(insights.findings),
        "correction": "benjamini-hochberg",
        "fdr": options.fdr, "min_effect": options.min_effect, "min_base": options.min_base,
        "period": options.period,
        "periods": None if insights.periods is None else [insights.periods.previous, insights.periods.last],
        "summary": insights.summary(lang),
        "findings": [dict(_test_json(insights, f.test, lang), rank=f.rank, sentence=insights.sentence(f, lang),
                          within=[_test_json(insights, t, lang) for t in f.within],
                          reason=None if f.reason is None else _test_json(insights, f.reason, lang),
                          driver=None if f.driver is None else _driver_json(insights, f.driver, lang))
                     for f in insights.findings],
    }
