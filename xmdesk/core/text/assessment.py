"""What scoring one comment gives: shared by the model (`sentiment.py`), the rules (`polarity.py`) and the cache."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Assessment:
    """One comment: P(positive) in its class's band, its class, and one sign per clause ('+', '-', '0').

    `clauses` is empty when the model does not read clauses (snownlp, English): the comment's
    class then stands for every topic it mentions.
    """

    score: float
    polarity: str
    clauses: str
