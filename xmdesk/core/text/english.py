"""Sentiment of comments written in English: a small word list with negation, beside our Chinese model.

Our model reads Chinese characters and scores English text at random, and comments in an English
survey or from foreign customers do occur. So a comment without any CJK character but with Latin
letters is scored from `resources/dictionaries/sentiment_en.txt` (word -> weight): the weights of
its words, a word flipped when one of the `NEGATORS` stands within the three words before it, then
squashed to 0..1 (no known word: 0.5, neutral). Crude next to the Chinese model, but it says
"rude staff, long wait" is negative, which the character model cannot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from xmdesk.core.text.lexicon import dictionaries_dir

WORDS_FILE = "sentiment_en.txt"
VERSION = "en-lexicon-1"
NEGATORS = frozenset({"not", "no", "never", "don't", "didn't", "isn't", "wasn't", "aren't", "weren't", "won't",
                      "can't", "cannot", "hardly", "without", "dont", "didnt", "isnt", "wasnt", "nothing"})
SLOPE = 1.2
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """word (lower case) -> weight from the shipped English list (positive > 0 > negative), read once per process."""
    out = {}
    with open(dictionaries_dir() / WORDS_FILE, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                word, _, weight = line.strip().partition("\t")
                out[word.lower()] = float(weight)
    return out


def is_english(text: str) -> bool:
    """Latin letters and no Chinese character."""
    return bool(_LATIN.search(text)) and not _CJK.search(text)


def score(texts: Sequence[str]) -> list[float]:
    """P(positive) of each English text, from its sentiment words."""
    table = weights()
    out = []
    for text in texts:
        words = _WORD.findall(text.lower())
        total = 0.0
        for i, word in enumerate(words):
            weight = table.get(word)
            if weight is not None:
                negated = any(w in NEGATORS for w in words[max(0, i - 3):i])
                total += -weight if negated else weight
        out.append(1.0 / (1.0 + math.exp(-SLOPE * total)))
    return out
