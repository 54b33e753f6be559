"""Keywords of a set of comments: word frequencies, TF-IDF and TextRank (jieba.analyse's IDF table and graph).

jieba.analyse's own `extract_tags`/`textrank` segment their input again (TextRank with
part-of-speech tagging, ~10x slower than plain cutting). The comments are already segmented,
with the study's words and synonyms, so the same two methods run here on those words:
- TF-IDF: a word's count over all comments times its IDF from jieba's table (words the table
  does not know get its median IDF, as in jieba), divided by the number of words;
- TextRank: jieba's `UndirectWeightedGraph` over words co-occurring within `WINDOW` words of one
  comment, on at most `TEXTRANK_SAMPLE` comments (an even, reproducible sample: the graph is pure
  Python and its ranking stabilises long before hundreds of thousands of comments).
Keywords are words of two or more characters (one-letter English words and single Chinese
characters such as 好/差 carry sentiment, not topics), stop words already removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

WINDOW = 5
TEXTRANK_SAMPLE = 20_000
MIN_LENGTH = 2


def _keyword(word: str) -> bool:
    return len(word) >= MIN_LENGTH


def word_frequencies(words: Sequence[Sequence[str]], top: int = 50, min_length: int = MIN_LENGTH) -> list[tuple[str, int]]:
    """The most frequent words and their counts (each occurrence counted)."""
    counts: Counter[str] = Counter()
    for comment in words:
        counts.update(comment)
    return [(w, c) for w, c in counts.most_common() if len(w) >= min_length][:top]


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    import jieba.analyse

    table: tuple[dict[str, float], float] = jieba.analyse.default_tfidf.idf_loader.get_idf()
    return table


def tfidf(words: Sequence[Sequence[str]], top: int = 30) -> list[tuple[str, float]]:
    counts: Counter[str] = Counter()
    for comment in words:
        counts.update(comment)
    total = sum(counts.values()) or 1
    idf, median = _idf()
    scored = [(w, c * idf.get(w, median) / total) for w, c in counts.items() if _keyword(w)]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:top]


def textrank(words: Sequence[Sequence[str]], top: int = 30) -> list[tuple[str, float]]:
    from jieba.analyse.textrank import UndirectWeightedGraph

    step = max(1, len(words) // TEXTRANK_SAMPLE)
    pairs: Counter[tuple[str, str]] = Counter()
    for comment in words[::step]:
        kept = [w for w in comment if _keyword(w)]
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
