"""Sentiment per topic: a topic takes the polarity of the clause that mentions it.

价格有点贵但是服务很好 is negative about 价格 and positive about 服务态度, though the comment as a
whole is positive. The clause signs come from scoring (`Assessment.clauses`, cached); only
comments whose clauses disagree are split again and tagged clause by clause, so the cost stays
with the few comments that need it. Signs are int8: 1 positive, -1 negative, 0 neutral.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import repeat

import numpy as np

from xmdesk.core.text import codebook as codebooks
from xmdesk.core.text.polarity import FROM_SIGN_VALUE, NEGATIVE, POSITIVE, normalise

SIGN_OF = {POSITIVE: 1, NEGATIVE: -1}
_SIGN = {"+": 1, "-": -1, "0": 0}


def polarity_signs(polarities: Sequence[str]) -> np.ndarray:
    """1 / -1 / 0 for positive / negative / neutral."""
    return np.fromiter((SIGN_OF.get(p, 0) for p in polarities), dtype=np.int8, count=len(polarities))


def is_mixed(clauses: str) -> bool:
    """Clauses of both signs: the comment's topics may not all share its polarity."""
    return "+" in clauses and "-" in clauses


def aspect_signs(texts: Sequence[str], clauses: Sequence[str], signs: np.ndarray, matrix: np.ndarray,
                 tag: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """comments × topics: the sign each mentioned topic gets (0 where not mentioned or neutral).

    A topic mentioned in clauses of one sign takes it (the last clause with an opinion, when it is
    named in several); a topic no single clause names (a rule whose words sit in different clauses),
    or named only in clauses without an opinion, takes the comment's sign. `tag` says which topics
    each clause names (the codebook's tagging, or words for an alert rule). Worked out with numpy
    over all the clauses of the mixed comments at once.
    """
    out = np.where(matrix, signs[:, None], 0).astype(np.int8)
    tagged = np.flatnonzero(matrix.any(axis=1)).tolist()
    rows = [i for i, c in zip(tagged, map(clauses.__getitem__, tagged)) if "+" in c and "-" in c]  # is_mixed
    if not rows:
        return out
    bodies, owner_of = _clause_lines([texts[i] for i in rows])
    counts = np.bincount(owner_of, minlength=len(rows))
    expected = np.array([len(clauses[i]) for i in rows], dtype=np.int64)
    keep_line = (counts == expected)[owner_of]  # else another rule set cut it: the comment's sign stays
    owner = np.array(rows, dtype=np.int64)[owner_of][keep_line]
    bodies = [b for b, k in zip(bodies, keep_line.tolist()) if k]
    clause_sign = np.array([_SIGN[c] for i, n in zip(rows, (counts == expected).tolist()) if n for c in clauses[i]],
                           dtype=np.int8)
    opinion = np.flatnonzero(clause_sign != 0)
    named, column = np.nonzero(_tag_distinct([bodies[i] for i in opinion.tolist()], tag))
    which = opinion[named]  # in clause order, so the last of each (comment, topic) is the latest
    key = owner[which] * matrix.shape[1] + column
    _, last = np.unique(key[::-1], return_index=True)
    pick = len(key) - 1 - last
    out[owner[which[pick]], column[pick]] = clause_sign[which[pick]]
    return np.where(matrix, out, 0).astype(np.int8)


def _tag_distinct(bodies: list[str], tag: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """`tag(bodies)`, tagging each distinct clause once: clauses repeat far more than whole comments
    (5,456 distinct among the 369,796 clauses of the benchmark's mixed comments)."""
    bare = list(map(str.lstrip, bodies, repeat("\x02")))
    position = {body: i for i, body in enumerate(dict.fromkeys(bare))}
    index = np.fromiter(map(position.__getitem__, bare), dtype=np.int64, count=len(bare))
    tagged: np.ndarray = tag(list(position))[index]
    return tagged


_SEPARATOR_CLASS = "，,。.!！?？;；~～\r\t、…"
# Zero-width places to break a line (a plain "\n" replacement: no template to expand per match).
_CLAUSE_BREAK = re.compile(f"(?<=[{_SEPARATOR_CLASS}])(?=[^{_SEPARATOR_CLASS}\n])")
_CONTRAST_BREAK = re.compile(r"(?<=[^\n\x02])(?=但是|可是|不过|然而|只是|但)")


def _clause_lines(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The clauses of many texts (as `polarity.split_clauses` cuts them), and the text each came from.

    One pass of two patterns over all texts joined, rather than a split per text: each text starts
    with a \x02 mark and becomes lines, one a clause (NFKC turns ，！？ into ,!? and the patterns take
    both forms, so the texts as written cut as the normalised text did when it was scored).
    """
    joined = "\n".join("\x02" + t.replace("\n", "\r") for t in texts)
    joined = _CONTRAST_BREAK.sub("\n", _CLAUSE_BREAK.sub("\n", joined))
    codes = np.frombuffer((joined + "\n").encode("utf-32-le"), dtype=np.uint32)  # positions in C, not per line
    starts = np.concatenate(([0], np.flatnonzero(codes == ord("\n"))[:-1] + 1))
    return joined.split("\n"), np.cumsum(codes[starts] == ord("\x02")) - 1


def topic_polarities(names: Sequence[str], matrix: np.ndarray, signs: np.ndarray) -> list[dict[str, str]]:
    """{topic: polarity} of each comment's topics, in codebook order (one pass over the mentions)."""
    out: list[dict[str, str]] = [{} for _ in range(matrix.shape[0])]
    rows, columns = np.nonzero(matrix)
    for row, column, sign in zip(rows.tolist(), columns.tolist(), signs[rows, columns].tolist()):
        out[row][names[column]] = FROM_SIGN_VALUE[sign]
    return out


def topic_polarity(names: Sequence[str], matrix_row: np.ndarray, sign_row: np.ndarray) -> dict[str, str]:
    """{topic: polarity} of one comment's topics, in codebook order."""
    return topic_polarities(names, matrix_row[None, :], sign_row[None, :])[0]


def codebook_tagger(compiled: Sequence[codebooks.CompiledTopic]) -> Callable[[list[str]], np.ndarray]:
    """A compiled codebook as the tagger `negative_about` takes (texts × topics): how an alert rule's or the
    analysis's topics are found in the clauses."""
    return lambda texts: codebooks.tag_matrix(texts, compiled)


def words_tagger(words: Sequence[str]) -> Callable[[list[str]], np.ndarray]:
    """Texts × words, True where the (normalised) text holds the word: an alert rule's words as topics."""
    wanted = [normalise(w) for w in words]
    return lambda texts: np.array([[w in t for w in wanted] for t in texts], dtype=bool).reshape(len(texts), len(wanted))


def negative_about(texts: Sequence[str], tag: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Which texts are negative about something `tag` finds: the clause naming it is negative.

    退款很快，就是客服态度差 is not negative about 退款, though negative as a whole; 没有退款 alone
    is. What no single clause names takes the comment's polarity. Scores with our model and rules.
    """
    from xmdesk.core.text.sentiment import OURS, assess_with

    if not texts:
        return np.zeros(0, dtype=bool)
    assessed = assess_with(OURS, texts)
    normalised = [normalise(t) for t in texts]
    matrix = tag(normalised)
    signs = polarity_signs([a.polarity for a in assessed])
    about = aspect_signs(normalised, [a.clauses for a in assessed], signs, matrix, tag)
    return np.asarray((about < 0).any(axis=1), dtype=bool)
