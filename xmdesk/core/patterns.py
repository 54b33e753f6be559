"""Regular expressions a person wrote, matched in linear time: the one way XMDesk runs a user's pattern.

Patterns come from filters (Data, charts, reports, dashboards, journey links), alert rules stored in a
study, codebook rules and a question's answer pattern: anyone can write them, and a study carries them
from laptop to laptop. Python's `re` backtracks, so `(a+)+$` over one 35-character comment runs for
hours while holding the GIL: the window freezes and every import with that alert rule hangs (issue 16).
RE2 (google-re2) matches in time linear in the text whatever the pattern, so nothing needs a time
budget and the same filter gives the same answer on every laptop and every number of rows.

RE2's syntax is the common ground of Python's, Java's (ODK) and JavaScript's (Enketo). What it cannot
do in linear time is refused with a message naming the pattern and the construct: look-ahead and
look-behind, back-references, atomic groups and possessive repeats, repeats past 1,000. Java's and
Python's `\\uXXXX` (common in Chinese forms: `[\\u4e00-\\u9fa5]`) and Python's `\\Z` are translated. `$` is the
end of the text, as in JavaScript, where a phone's form checks the same answer pattern (Python's and Java's `$`
also match before a final line break).
`\\d`, `\\w`, `\\s` and `\\b` are ASCII, as in ODK and Enketo (Python's `re` also counted Chinese
characters as `\\w`); `\\p{Han}` names Chinese characters.

Our own word lists (codebook words, highlighting) are escaped literals, which no engine backtracks
over: they stay on `re`.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from xmdesk.core.errors import XMDeskError

CACHED_PATTERNS = 256
"""Compiled patterns kept: a filter is compiled again for every page, chart and rule run."""
REMEMBERED_ANSWERS = 200_000
"""search() answers kept, over all patterns: the same filter runs again for every page, sort, chart and
dashboard tile over the same comments, and one RE2 call (0.6 µs of CPU, three times Python's re for a whole
search of a short comment) becomes a dict lookup. The kept texts cost memory (about 30 MB for 200,000
comments): past this many, every pattern's answers are forgotten together and kept anew."""


class PatternError(XMDeskError):
    """A pattern that cannot be run; the message names it and says what to write instead."""

    def __init__(self, message_id: str, pattern: str, **values: object) -> None:
        self.pattern = pattern
        super().__init__(message_id, pattern=pattern, **values)


@dataclass(frozen=True)
class Pattern:
    """A compiled user pattern. Texts are matched as UTF-8 bytes: a yes/no needs no character offsets,
    and a lone surrogate (a broken decode) is matched rather than raised."""

    text: str
    compiled: Any  # re2._Regexp, for the matches' spans (the package has no type stubs)
    test: Any
    """The same pattern without capturing groups, asked yes or no in one call to RE2: the wrapper's
    search() builds a match object with decoded offsets, twice the time per comment of a filter."""
    anchors: Any  # RE2's Anchor enum
    answers: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    """search()'s answers so far (see REMEMBERED_ANSWERS)."""

    def __post_init__(self) -> None:
        _ANSWERS.patterns.add(self)

    def search(self, text: str) -> bool:
        """Does the pattern occur anywhere in `text` (XLSForm's regex())."""
        answer = self.answers.get(text)
        if answer is None:  # the match as in _matches, written out: it runs once per distinct comment
            data = text.encode("utf-8", "surrogatepass")
            answer = self.test.Match(self.anchors.UNANCHORED, data, 0, len(data))[0][0] >= 0
            self.answers[text] = answer
            _ANSWERS.count()
        return answer

    def fullmatch(self, text: str) -> bool:
        """Does the pattern match all of `text` (a question's answer pattern)."""
        return self._matches(self.anchors.ANCHOR_BOTH, _utf8(text))

    def _matches(self, anchor: Any, data: bytes) -> bool:
        spans = self.test.Match(anchor, data, 0, len(data))
        return bool(spans[0][0] >= 0)

    def extract(self, text: str) -> str:
        """The first match's first group (the whole match when the pattern has no group), '' when there is
        no match: the expression language's extract()."""
        match = self.compiled.search(_utf8(text))
        if match is None:
            return ""
        part = match.group(1 if self.compiled.groups else 0)
        return "" if part is None else bytes(part).decode("utf-8", "surrogatepass")

    def byte_spans(self, data: bytes) -> Iterator[tuple[int, int]]:
        """(start, end) byte offsets of the non-overlapping matches in UTF-8 `data`, left to right."""
        for match in self.compiled.finditer(data):
            yield match.start(), match.end()


class _Answers:
    """The budget of every pattern's remembered answers: REMEMBERED_ANSWERS in all, then all forgotten."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept = 0
        self.patterns: weakref.WeakSet[Pattern] = weakref.WeakSet()  # a pattern dropped from the cache goes

    def count(self) -> None:
        """One more answer was kept; past the budget, every pattern's answers are forgotten."""
        self.kept += 1
        if self.kept > self.limit:
            for pattern in list(self.patterns):
                pattern.answers.clear()
            self.kept = 0


_ANSWERS = _Answers(REMEMBERED_ANSWERS)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def compile_pattern(pattern: str, *, ignore_case: bool = False) -> Pattern:
    """The pattern compiled for linear-time matching; PatternError naming it when it cannot be."""
    return _compile(pattern, ignore_case)


@lru_cache(maxsize=CACHED_PATTERNS)
def _compile(pattern: str, ignore_case: bool) -> Pattern:
    import re2  # imported on first use: data entry and start-up never pay for it

    options = re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern on stderr
    options.case_sensitive = not ignore_case
    try:
        compiled = re2.compile(_portable(pattern), options)
    except re2.error as error:
        raise _refusal(pattern, error) from None
    options.never_capture = True
    engine = re2._re2.RE2  # the binding under re2.compile: one call per yes or no
    return Pattern(pattern, compiled, engine(_utf8(_portable(pattern)), options), engine.Anchor)


_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|Z|.)", re.DOTALL)


def _portable(pattern: str) -> str:
    r"""Java's and Python's escapes that RE2 spells differently: \uXXXX as \x{XXXX}, \Z as \z."""

    def translate(match: re.Match[str]) -> str:
        body = match.group(1)
        if len(body) > 1:
            return "\\x{" + body[1:] + "}"
        return "\\z" if body == "Z" else match.group()

    return _ESCAPE.sub(translate, pattern)


# RE2's error text is "<what>: <the construct>"; the construct is shown to the user as written.
_REFUSALS: tuple[tuple[str, str], ...] = (
    ("invalid perl operator: (?=", "logic.pattern_lookaround"),
    ("invalid perl operator: (?!", "logic.pattern_lookaround"),
    ("invalid perl operator: (?<=", "logic.pattern_lookaround"),
    ("invalid perl operator: (?<!", "logic.pattern_lookaround"),
    ("invalid perl operator: (?P", "logic.pattern_backreference"),
    ("invalid escape sequence: \\k", "logic.pattern_backreference"),
    ("invalid perl operator: (?>", "logic.pattern_atomic"),
    ("bad repetition operator: ++", "logic.pattern_atomic"),
    ("bad repetition operator: *+", "logic.pattern_atomic"),
    ("bad repetition operator: ?+", "logic.pattern_atomic"),
    ("invalid repetition size", "logic.pattern_repeat"),
    ("pattern too large", "logic.pattern_too_large"),
)
_BACKREFERENCE = re.compile(r"invalid escape sequence: \\[1-9]")
_POSSESSIVE_COUNT = re.compile(r"bad repetition operator: \{[0-9,]*\}\+")


def _refusal(pattern: str, error: Exception) -> PatternError:
    raw = error.args[0] if error.args else ""
    detail = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    construct = detail.split(": ", 1)[1] if ": " in detail else detail
    if _BACKREFERENCE.match(detail):
        return PatternError("logic.pattern_backreference", pattern, construct=construct)
    if _POSSESSIVE_COUNT.match(detail):
        return PatternError("logic.pattern_atomic", pattern, construct=construct)
    for start, message_id in _REFUSALS:
        if detail.startswith(start):
            return PatternError(message_id, pattern, construct=construct)
    return PatternError("logic.pattern_invalid", pattern, detail=detail)
