"""Keywords of a set of comments: word frequencies, TF-IDF and TextRank (jieba.analyse's IDF table and graph).

jieba.analyse's own `extract_tags`/`textrank` segment their input again (TextRank with
part-of-speech tagging, ~10x slower than plain cutting). The comments are already segmented,
with the study's words and synonyms, so the same two methods run here on those tokens:
- counts are taken per distinct token first and mapped through synonyms and stop words once per
  token, not once per occurrence (300,000 comments: a fraction of a second);
- TF-IDF: a word's count over all comments times its IDF from jieba's table (words the table
  does not know get its median IDF, as in jieba), divided by the number of words;
- TextRank: jieba's `UndirectWeightedGraph` over words co-occurring within `WINDOW` words of one
  comment, on at most `TEXTRANK_SAMPLE` comments (an even, reproducible sample: the graph is pure
  Python and its ranking settles long before hundreds of thousands of comments).
Keywords are words of two or more characters (single Chinese characters such as 好/差 carry
sentiment, not topics), stop words removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from xmdesk.core.text import segment
from xmdesk.core.text.lexicon import Lexicon

WINDOW = 5
TEXTRANK_SAMPLE = 3_000
MIN_LENGTH = 2


def word_counts(tokens: Sequence[str], lexicon: Lexicon) -> Counter[str]:
    """How often each counted word occurs in comments given as joined tokens (segment.join)."""
    raw = Counter(segment.SEPARATOR.join(t for t in tokens if t).split(segment.SEPARATOR)) if tokens else Counter()
    raw.pop("", None)
    synonyms = lexicon.synonym_map
    counts: Counter[str] = Counter()
    for token, count in raw.items():
        for word in segment.terms([token], lexicon, synonyms):
            counts[word] += count
    return counts


def word_frequencies(counts: Counter[str], top: int = 50, min_length: int = MIN_LENGTH) -> list[tuple[str, int]]:
    """The most frequent words of at least `min_length` characters, and their counts."""
    ranked = sorted(((w, c) for w, c in counts.items() if len(w) >= min_length), key=lambda p: (-p[1], p[0]))
    return ranked[:top]


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    import jieba.analyse

    table: tuple[dict[str, float], float] = jieba.analyse.default_tfidf.idf_loader.get_idf()
    return table


def tfidf(counts: Counter[str], top: int = 30) -> list[tuple[str, float]]:
    """The `top` words of two or more characters by TF-IDF (count × jieba's IDF, its median for an unknown word, ÷
    all words); ties in word order, so the list is the same on every run."""
    total = sum(counts.values()) or 1
    idf, median = _idf()
    scored = [(w, c * idf.get(w, median) / total) for w, c in counts.items() if len(w) >= MIN_LENGTH]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:top]


def textrank(tokens: Sequence[str], lexicon: Lexicon, top: int = 30) -> list[tuple[str, float]]:
    """TextRank over the words of (a sample of) the comments given as joined tokens."""
    from jieba.analyse.textrank import UndirectWeightedGraph

    step = max(1, len(tokens) // TEXTRANK_SAMPLE)
    synonyms = lexicon.synonym_map
    pairs: Counter[tuple[str, str]] = Counter()
    for joined in tokens[::step]:
        kept = [w for w in segment.terms(segment.split(joined), lexicon, synonyms) if len(w) >= MIN_LENGTH]
        for i, word in enumerate(kept):
            for other in kept[i + 1:i + WINDOW]:
                if other != word:
                    pairs[(word, other)] += 1
    graph = UndirectWeightedGraph()
    for (start, end), weight in pairs.items():
        graph.addEdge(start, end, weight)
    ranks = graph.rank() if pairs else {}
    ranked = sorted(ranks.items(), key=lambda pair: (-pair[1], pair[0]))
    return [(w, float(r)) for w, r in ranked[:top]]
