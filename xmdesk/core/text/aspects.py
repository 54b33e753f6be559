"""Sentiment per topic: a topic takes the polarity of the clause that mentions it.

价格有点贵但是服务很好 is negative about 价格 and positive about 服务态度, though the comment as a
whole is positive. The clause signs come from scoring (`Assessment.clauses`, cached); only
comments whose clauses disagree are split again and tagged clause by clause, so the cost stays
with the few comments that need it. Signs are int8: 1 positive, -1 negative, 0 neutral.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xmdesk.core.text import codebook as codebooks
from xmdesk.core.text.polarity import FROM_SIGN_VALUE, NEGATIVE, POSITIVE, normalise, split_clauses

SIGN_OF = {POSITIVE: 1, NEGATIVE: -1}


def polarity_signs(polarities: Sequence[str]) -> np.ndarray:
    """1 / -1 / 0 for positive / negative / neutral."""
    return np.fromiter((SIGN_OF.get(p, 0) for p in polarities), dtype=np.int8, count=len(polarities))


def is_mixed(clauses: str) -> bool:
    """Clauses of both signs: the comment's topics may not all share its polarity."""
    return "+" in clauses and "-" in clauses


def aspect_signs(texts: Sequence[str], clauses: Sequence[str], signs: np.ndarray, matrix: np.ndarray,
                 compiled: Sequence[codebooks.CompiledTopic]) -> np.ndarray:
    """comments × topics: the sign each mentioned topic gets (0 where not mentioned or neutral).

    A topic mentioned in clauses of one sign takes it (the last clause with an opinion, when it is
    named in several); a topic no single clause names (a rule whose words sit in different clauses),
    or named only in clauses without an opinion, takes the comment's sign.
    """
    out = np.where(matrix, signs[:, None], 0).astype(np.int8)
    rows = [i for i in np.flatnonzero(matrix.any(axis=1)).tolist() if is_mixed(clauses[i])]
    if not rows:
        return out
    parts = [split_clauses(normalise(texts[i])) for i in rows]
    bodies = [c.text for row in parts for c in row]
    tagged = codebooks.tag_matrix(bodies, compiled)
    at = 0
    for i, row in zip(rows, parts):
        block = tagged[at:at + len(row)]
        at += len(row)
        if len(row) != len(clauses[i]):
            continue  # a cache entry from other rules: keep the comment's sign
        clause_signs = np.array([1 if c == "+" else -1 if c == "-" else 0 for c in clauses[i]], dtype=np.int8)
        for column in np.flatnonzero(matrix[i]).tolist():
            named = clause_signs[block[:, column] & (clause_signs != 0)]
            if named.size:
                out[i, column] = named[-1]
    return out


def topic_polarity(topics: Sequence[str], matrix_row: np.ndarray, sign_row: np.ndarray) -> dict[str, str]:
    """{topic: polarity} of one comment's topics, in codebook order."""
    return {topics[c]: FROM_SIGN_VALUE[int(sign_row[c])] for c in np.flatnonzero(matrix_row).tolist()}
