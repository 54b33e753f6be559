"""A pattern's search() answers are remembered (core/patterns.py, issue 16's RE2 cost): the same filter runs
again for every page, chart and tile over the same comments. Remembering must never change an answer, and
the memory is bounded over all patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xmdesk.core import patterns
from xmdesk.core.patterns import compile_pattern


@settings(max_examples=200, deadline=None)
@example(texts=["000\n", "很慢\n"])
@given(texts=st.lists(st.text(alphabet="很太慢贵等了分钟0123a\n\ud800", max_size=8), max_size=20))
def test_remembered_answers_are_the_answers(texts: list[str]) -> None:
    pattern = compile_pattern("(很|太)(慢|贵)|[0-9]{3}$")
    # `$` is the end of the text, as in RE2 and JavaScript (Enketo checks the same answer patterns on phones);
    # Python's `$` also matches before a final line break, so re is asked with \Z (hypothesis found '000\n')
    plain = re.compile(r"(很|太)(慢|贵)|[0-9]{3}\Z")
    for _ in range(2):  # the second time from memory
        assert [pattern.search(text) for text in texts] == [plain.search(text) is not None for text in texts]


def test_the_answers_kept_over_all_patterns_stay_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns._ANSWERS, "limit", 10)
    monkeypatch.setattr(patterns._ANSWERS, "kept", 0)
    first, second = compile_pattern("^a"), compile_pattern("b$")
    for number in range(25):
        assert first.search(f"a{number}") and second.search(f"{number}b")
        assert len(first.answers) + len(second.answers) <= 10
    assert first.search("a3") and not first.search("3a")  # forgotten answers are asked again, rightly
