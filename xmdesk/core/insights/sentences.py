"""A finding as a sentence a consultant can paste: the segment, the outcome, the size, the bases, the test,
and the likely reason, in Chinese or English. Every number is written by the core's one formatting module
(`vocabulary.numbers`), so the panel, the CLI and a report say the same digits."""

from __future__ import annotations

from xmdesk.core import messages
from xmdesk.core.insights.findings import Finding
from xmdesk.core.insights.scan import ALL, Periods, Comparison
from xmdesk.core.insights.variables import Outcome, Variables
from xmdesk.core.vocabulary import numbers
from xmdesk.core.vocabulary.numbers import Role


def role(outcome: Outcome) -> Role:
    """How the outcome's numbers are written: NPS in points, a mean as a score, a share in %."""
    return {"nps": Role.NPS, "mean": Role.SCORE, "share": Role.PERCENT}[outcome.kind]


def value_text(outcome: Outcome, value: float) -> str:
    """The outcome's value written as the panel, the CLI and a report all write it (`vocabulary.numbers`)."""
    return numbers.text(value, role(outcome))


def size_text(outcome: Outcome, difference: float, lang: str) -> str:
    """'27.0 分' / '27.0 points', '0.35', '8.5 个百分点' / '8.5 points': how far apart, unsigned."""
    size = numbers.difference(abs(difference), role(outcome)).lstrip("+")
    if outcome.kind == "mean":
        return size  # a mean's difference is in the scale's own points, which the sentence has just named
    return size + messages.text(f"insights.unit_{outcome.kind}", lang)


def who(variables: Variables, test: Comparison, lang: str) -> str:
    """'华南（所在区域）', or 'all respondents'."""
    if test.segment == ALL:
        return messages.text("insights.everyone", lang)
    segment = variables.segments[test.segment]
    return messages.text("insights.group", lang, group=segment.groups[test.group].label(lang),
                         segment=segment.label(lang))


def _numbers(test: Comparison) -> dict[str, str]:
    return {"n": numbers.count(test.n), "n_other": numbers.count(test.n_other), "p": numbers.p_value(test.p)}


def _claim(variables: Variables, test: Comparison, periods: Periods | None, lang: str) -> str:
    outcome = variables.outcomes[test.outcome]
    direction = "higher" if test.difference > 0 else "lower"
    fields = dict(_numbers(test), who=who(variables, test, lang), outcome=_spaced(outcome.label(lang), lang),
                  value=value_text(outcome, test.value), other=value_text(outcome, test.other),
                  size=size_text(outcome, test.difference, lang))
    if test.scope == "period" and periods is not None:
        rest = "" if test.rest_change is None else messages.text(
            "insights.rest_change", lang, change=numbers.difference(test.rest_change, role(outcome)))
        return messages.text(f"insights.period_{direction}", lang, last=periods.last, previous=periods.previous,
                             rest=rest, **fields)
    return messages.text(f"insights.whole_{direction}", lang, **fields)


def _spaced(label: str, lang: str) -> str:
    """In Chinese, a Latin word stands apart from the characters around it: '的 NPS 为', '的满意度 CSAT 为'."""
    if lang != "zh" or not label:
        return label
    return (" " if label[0].isascii() else "") + label + (" " if label[-1].isascii() else "")


def _within(variables: Variables, finding: Finding, lang: str) -> str:
    if not finding.within:
        return ""
    outcome = variables.outcomes[finding.test.outcome]
    parts = [messages.text("insights.within_one", lang, group=variables.segments[t.segment].groups[t.group].label(lang),
                           value=value_text(outcome, t.value), n=numbers.count(t.n)) for t in finding.within[:3]]
    more = len(finding.within) - 3
    if more > 0:
        parts.append(messages.text("insights.within_more", lang, count=more))
    return messages.text("insights.within", lang, parts=messages.text("insights.list_separator", lang).join(parts))


def _reason(variables: Variables, finding: Finding, lang: str) -> str:
    reason = finding.reason
    if reason is None:
        return ""
    outcome = variables.outcomes[reason.outcome]
    return messages.text("insights.reason", lang, topic=outcome.topic, value=value_text(outcome, reason.value),
                         other=value_text(outcome, reason.other))


def _driver(variables: Variables, finding: Finding, lang: str) -> str:
    driver = finding.driver
    if driver is None:
        return ""
    rating = variables.drivers[driver.outcome]
    return messages.text("insights.driver", lang, item=rating.label(lang), value=numbers.score(driver.value),
                         other=numbers.score(driver.other))


def sentence(variables: Variables, finding: Finding, periods: Periods | None, lang: str) -> str:
    """The finding in words, numbers included."""
    return (_claim(variables, finding.test, periods, lang) + _within(variables, finding, lang)
            + _reason(variables, finding, lang) + _driver(variables, finding, lang) + messages.text("insights.end", lang))
