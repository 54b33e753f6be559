"""From the comparisons kept to findings: ranked, duplicates and nested ones merged, with a likely reason.

Rank: size × confidence, |d| × −log10(q) with the confidence capped at 10 (q = 10⁻¹⁰), so that on a
big study, where every q is tiny, the larger difference comes first; the findings of the score groups
(what detractors write about) are listed after those of the other segments.
Duplicates: two segments that split the same responses the same way (a derived variable equal to a
question) give the same comparison twice; the better-ranked one is kept. Nested: a group that lies
wholly inside a group of a coarser segment (a store inside its region; the hierarchy is read from the
data: every response of the store has the same region) with a finding on the same outcome, scope and
direction is folded into that finding ("within it, …") instead of being listed again.
Likely reason: for a finding on a score, the comment topic that the same group mentions most more
often than the rest (significant after the same correction), as in "差距主要来自排队"; and the attribute
rating (a row of a rated matrix, the drivers' inputs) on which the group differs most in the same direction.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from xmdesk.core.insights.scan import ALL, Comparison, Options, one_group
from xmdesk.core.insights.variables import Variables

CONFIDENCE_CAP = 10.0


@dataclass(frozen=True)
class Finding:
    test: Comparison
    reason: Comparison | None = None
    driver: Comparison | None = None
    """The attribute rating (a matrix row) on which the group differs most from the rest in the finding's
    direction, for a whole-period finding on a score; its `outcome` indexes `Variables.drivers`."""
    within: tuple[Comparison, ...] = ()
    """Findings of nested groups folded into this one, largest first."""

    @property
    def rank(self) -> float:
        """The finding's place in the list: the rank of its comparison (size × capped confidence)."""
        return rank(self.test)


def rank(test: Comparison) -> float:
    """|effect| × −log10(q), the confidence capped at CONFIDENCE_CAP, so that on a big study, where every q is tiny,
    the larger difference comes first."""
    confidence = min(CONFIDENCE_CAP, -math.log10(max(test.q, 1e-300)))
    return abs(test.effect) * confidence


def _rows_key(variables: Variables, test: Comparison) -> str:
    """A fingerprint of the responses a test's group holds (all respondents: the empty key)."""
    if test.segment == ALL:
        return ""
    rows = np.flatnonzero(variables.segments[test.segment].codes == test.group)
    return hashlib.blake2b(rows.tobytes(), digest_size=12).hexdigest()


def _unique(variables: Variables, tests: Sequence[Comparison]) -> list[Comparison]:
    """The best-ranked test of each (outcome, scope, same responses)."""
    seen: set[tuple[int, str, str]] = set()
    kept = []
    for test in sorted(tests, key=rank, reverse=True):
        key = (test.outcome, test.scope, _rows_key(variables, test))
        if key not in seen:
            seen.add(key)
            kept.append(test)
    return kept


def parent_groups(child: np.ndarray, parent: np.ndarray, child_groups: int, parent_groups: int) -> np.ndarray | None:
    """For each child group, the one parent group all its responses have (−1: no responses in both); None when
    some child group spans several parent groups, or the child is not finer than the parent."""
    both = (child >= 0) & (parent >= 0)
    if not both.any():
        return None
    cells = np.bincount(child[both] * parent_groups + parent[both], minlength=child_groups * parent_groups)
    table = cells.reshape(child_groups, parent_groups) > 0
    spans = table.sum(axis=1)
    if (spans > 1).any() or int((spans == 1).sum()) <= int(table.any(axis=0).sum()):
        return None
    return np.where(spans == 1, table.argmax(axis=1), -1)


def _nesting(variables: Variables, tests: Sequence[Comparison]) -> dict[tuple[int, int], np.ndarray]:
    """(child segment, parent segment) → child group's parent group, for pairs of segments with findings on the
    same outcome, scope and direction (only those can fold)."""
    keys: dict[int, set[tuple[int, str, bool]]] = {}
    for t in tests:
        if t.segment != ALL:
            keys.setdefault(t.segment, set()).add((t.outcome, t.scope, t.effect > 0))
    found = {}
    for child in keys:
        for parent in keys:
            a, b = variables.segments[child], variables.segments[parent]
            if len(a.groups) <= len(b.groups) or not keys[child] & keys[parent]:
                continue
            mapping = parent_groups(a.codes, b.codes, len(a.groups), len(b.groups))
            if mapping is not None:
                found[(child, parent)] = mapping
    return found


def _fold(tests: list[Comparison], nesting: dict[tuple[int, int], np.ndarray]) -> list[Finding]:
    """Each test inside a kept test of the same outcome, scope and direction goes under it."""
    homes: dict[Comparison, Comparison] = {}
    for test in tests:
        for other in tests:
            mapping = nesting.get((test.segment, other.segment))
            if (mapping is not None and other.outcome == test.outcome and other.scope == test.scope
                    and math.copysign(1, other.effect) == math.copysign(1, test.effect)
                    and int(mapping[test.group]) == other.group):
                homes[test] = other
                break
    roots = [t for t in tests if t not in homes]
    # A nested test whose parent is itself nested goes under the outermost one.
    def root_of(test: Comparison) -> Comparison:
        while test in homes:
            test = homes[test]
        return test

    children: dict[Comparison, list[Comparison]] = {t: [] for t in roots}
    for test in homes:
        children[root_of(test)].append(test)
    return [Finding(t, within=tuple(sorted(children[t], key=lambda c: abs(c.difference), reverse=True)))
            for t in roots]


def _reason(variables: Variables, finding: Finding, tests: Sequence[Comparison], options: Options) -> Finding:
    """The topic the same group mentions more often than the rest (or than before), significantly, if any."""
    test = finding.test
    if not variables.outcomes[test.outcome].score:
        return finding
    candidates = [t for t in tests
                  if t.segment == test.segment and t.group == test.group and t.scope == test.scope
                  and variables.outcomes[t.outcome].topic and t.q <= options.fdr and t.difference > 0]
    if not candidates:
        return finding
    return replace(finding, reason=max(candidates, key=lambda t: t.effect))


DRIVER_P = 0.001
"""A driver rating is named only when its gap is this clear: it explains a finding, it is no finding itself,
so it is not in the correction's count."""


def _driver(variables: Variables, finding: Finding) -> Finding:
    """The attribute rating on which the group differs most from the rest, in the finding's direction."""
    test = finding.test
    if test.scope != "whole" or test.segment == ALL or not variables.outcomes[test.outcome].score:
        return finding
    segment = variables.segments[test.segment]
    gaps = []
    for d, rating in enumerate(variables.drivers):
        gap = one_group(test.segment, segment, test.group, rating)
        if gap is not None and gap.p < DRIVER_P and gap.effect * test.effect > 0:
            gaps.append(replace(gap, outcome=d))
    return replace(finding, driver=max(gaps, key=lambda t: abs(t.effect))) if gaps else finding


def findings(variables: Variables, tests: Sequence[Comparison], options: Options) -> list[Finding]:
    """The kept tests as ranked findings, duplicates dropped, nested ones folded, each with its likely reason."""
    kept = _unique(variables, [t for t in tests if t.kept(options)])
    folded = _fold(kept, _nesting(variables, kept))
    explained = [_driver(variables, _reason(variables, f, tests, options)) for f in folded]
    return sorted(explained, key=lambda f: (_of_a_score(variables, f), -f.rank))


def _of_a_score(variables: Variables, finding: Finding) -> bool:
    """A score's groups against the topics ('detractors write about 投诉') come after the segments: they say
    why a score is low, which the researcher asked about; the segments say what they did not ask."""
    return finding.test.segment != ALL and variables.segments[finding.test.segment].score
