"""The study's own adjustment of the sentiment model, learned from the analyst's polarity codes (issue 21).

Manual codes already win over the model on the comments they code; the adjustment carries what they
teach to the comments nobody coded (an analyst who codes 拉胯 negative ten times should not have to
code it an eleventh). It is a correction on top of the shipped model and the CX rules, not a new model:

- each comment's log-odds (the logit of its banded score) is moved by one offset per hashed character
  n-gram of the comment (the shipped model's own features, `sentiment.featurize`); no bias, so a comment
  sharing no n-gram with the coded ones keeps its score and class exactly;
- the machine's class holds a margin (`BASE_MARGIN`) beyond its band, so a class changes only where the
  codes' n-grams push past it, not because a score sat on the edge of its band;
- the offsets are fitted on the codes with an all-threshold ordinal logistic loss (negative | neutral |
  positive, the bands every score uses) and an L2 penalty (`L2`) that keeps an offset near 0 unless the
  codes insist.

"Why this score" shows its share: `why_moved` gives a comment's assessment without and with the adjustment and
the words of the comment whose offsets moved it most, with their signs (拉胯 −), from the stored offsets.

It is kept in the study (table `text_adjustment`, one per study; never leaves the laptop), is part of
the cache key of the scores (learned, learned again or removed: the comments are scored again), and
`remove_adjustment` gives the shipped model back. `learn_adjustment` measures itself before it is kept:
it fits on 80 % of the codes and counts agreement with the other 20 % before and after, then fits on
all of them.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property

import numpy as np
import numpy.typing as npt

from xmdesk.core import messages
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.core.text.assessment import Assessment
from xmdesk.core.text.polarity import NEGATIVE, NEUTRAL, POSITIVE, Span, band, normalise

L2 = 0.001
"""Penalty on the offsets: chosen on simulated codes of the hotel reviews (0.001 to 3 tried, the smallest best at
100, 300 and 1,000 codes); `benchmarks/sentiment_accuracy.py --adjust` reports it on the other sets."""
BASE_MARGIN = 1.0
"""Log-odds the machine's class holds beyond its band before the offsets can change it."""
MIN_CODES = 20
HELD_OUT = 0.2
SEED = 21
_LOW, _HIGH = math.log(0.4 / 0.6), math.log(0.6 / 0.4)  # the band edges in log-odds


@dataclass(frozen=True)
class Agreement:
    """How many held-out codes the machine's class matched, without and with the adjustment."""

    n: int
    before: int
    after: int

    def as_dict(self) -> dict[str, int]:
        """For JSON: the counts of held-out codes and of matches."""
        return {"held_out": self.n, "agree_before": self.before, "agree_after": self.after}


@dataclass(frozen=True)
class Adjustment:
    """Offsets of hashed n-gram buckets, learned from `codes` manual polarity codes."""

    buckets: npt.NDArray[np.int64]
    offsets: npt.NDArray[np.float32]
    bits: int
    codes: int
    held_out: Agreement | None = None
    fitted_at: str = field(default="", compare=False)

    @cached_property
    def version(self) -> str:
        """Part of the scores' cache key: 'adj-' and a digest of the offsets, so new offsets score again."""
        digest = hashlib.blake2b(self.buckets.astype("<i8").tobytes() + self.offsets.astype("<f4").tobytes()
                                 + str(self.bits).encode(), digest_size=6).hexdigest()
        return f"adj-{digest}"

    def __getstate__(self) -> dict[str, object]:
        """Pickled for the scoring processes without the 4 MB `dense` array, which each process makes again."""
        return {k: v for k, v in self.__dict__.items() if k != "dense"}

    @cached_property
    def dense(self) -> npt.NDArray[np.float32]:
        """One offset per bucket of the model's hashing (0 where no code had the n-gram), to dot with features."""
        dense = np.zeros(1 << self.bits, dtype=np.float32)
        dense[self.buckets] = self.offsets
        return dense

    def shifts(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Each text's move in log-odds: the sum of its n-grams' offsets (0 for a text sharing none)."""
        from xmdesk.core.text.sentiment import featurize

        return featurize([normalise(t) for t in texts], self.bits).dot(self.dense)

    def apply(self, texts: Sequence[str], assessed: Sequence[Assessment]) -> list[Assessment]:
        """The assessments of `texts` moved by the offsets (`move`)."""
        return self.move(assessed, self.shifts(texts))

    def move(self, assessed: Sequence[Assessment], shifts: npt.NDArray[np.float64]) -> list[Assessment]:
        """Each assessment moved by its text's shift; a comment whose class changes keeps its clause signs (they
        count only where they disagree: its topics then keep their clauses' signs, as with a manual code)."""
        out = list(assessed)
        for i, shift in enumerate(shifts.tolist()):
            if shift:
                out[i] = _moved(out[i], shift)
        return out


def _logit(score: float) -> float:
    clipped = min(max(score, 1e-6), 1 - 1e-6)
    return math.log(clipped / (1 - clipped))


def _held(assessment: Assessment) -> float:
    """The machine's log-odds as its class holds them: positive and negative BASE_MARGIN past their band, neutral
    in the middle of its band (a neutral score on the edge of its band still takes a whole half band to move)."""
    if assessment.polarity == POSITIVE:
        return max(_logit(assessment.score), _HIGH) + BASE_MARGIN
    if assessment.polarity == NEGATIVE:
        return min(_logit(assessment.score), _LOW) - BASE_MARGIN
    return 0.0


def _class_of(value: float) -> str:
    return POSITIVE if value >= _HIGH else NEGATIVE if value < _LOW else NEUTRAL


def _moved(assessment: Assessment, shift: float) -> Assessment:
    polarity = _class_of(_held(assessment) + shift)
    score = band(1.0 / (1.0 + math.exp(-(_logit(assessment.score) + shift))), polarity)
    return Assessment(score, polarity, assessment.clauses)


def fit(texts: Sequence[str], polarities: Sequence[str], machine: Sequence[Assessment], *, bits: int = 20,
        l2: float = L2) -> Adjustment:
    """Offsets that move the machine's assessments of `texts` towards the analyst's `polarities`.

    Minimises, over the offsets w of the n-grams the texts hold, the all-threshold ordinal logistic loss of
    z = held log-odds + X·w at the two band edges, plus l2/2·|w|² (L-BFGS; a few hundred codes take
    milliseconds).
    """
    from scipy.optimize import minimize

    from xmdesk.core.text.sentiment import featurize

    features = featurize([normalise(t) for t in texts], bits)
    buckets, local = np.unique(features.cols, return_inverse=True)
    base = np.array([_held(a) for a in machine], dtype=np.float64)
    above_low = np.array([p != NEGATIVE for p in polarities], dtype=np.float64)
    above_high = np.array([p == POSITIVE for p in polarities], dtype=np.float64)
    rows, values, n = features.rows, features.values.astype(np.float64), len(texts)

    def loss(w: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        z = base + np.bincount(rows, weights=w[local] * values, minlength=n)
        total, slope = 0.0, np.zeros(n)
        for edge, target in ((_LOW, above_low), (_HIGH, above_high)):
            margin = z - edge
            total += float(np.sum(np.logaddexp(0.0, margin) - target * margin))
            slope += 0.5 * (1.0 + np.tanh(0.5 * margin)) - target
        grad = np.bincount(local, weights=slope[rows] * values, minlength=buckets.size) + l2 * w
        return total + 0.5 * l2 * float(w @ w), grad

    result = minimize(loss, np.zeros(buckets.size), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    offsets = result.x.astype(np.float32)
    keep = offsets != 0
    return Adjustment(buckets[keep].astype(np.int64), offsets[keep], bits, len(texts))


def agreement(texts: Sequence[str], polarities: Sequence[str], machine: Sequence[Assessment],
              adjustment: Adjustment) -> Agreement:
    """How many of the codes the machine's class matches, as it is and with `adjustment`."""
    after = adjustment.apply(texts, machine)
    return Agreement(len(texts), sum(a.polarity == p for a, p in zip(machine, polarities)),
                     sum(a.polarity == p for a, p in zip(after, polarities)))


# -- why a comment moved ------------------------------------------------------------------

SHOWN_SHARE = 0.5
"""An n-gram is part of 'why' when its part of the move is at least this share of the largest part. The fit spreads
a word's weight over the word and its characters alike (偷, 跑 and 偷跑 take a third each), so the parts that count
are joined back into the word and the small ones (a 很 the codes shared) are left out."""
MOST_WORDS = 3
"""Words named per comment: what an analyst reads at a glance."""
MIN_MOVE = 0.05
"""A move of the score smaller than this, with the class held, is not explained: comments sharing only a common
character with the codes (店员很热情 and 很) move by a few hundredths, and marking them hid the comments whose class
the codes changed."""


@dataclass(frozen=True)
class LearnedWord:
    """A word of a comment the adjustment moved it for: where it stands in the normalised text, and its part of the
    move in log-odds (below 0: towards negative)."""

    text: str
    spans: tuple[Span, ...]
    weight: float

    @property
    def sign(self) -> int:
        """+1 or -1, as the drivers' spans say it: the reader is told a direction, the weight is for ranking."""
        return 1 if self.weight > 0 else -1


@dataclass(frozen=True)
class AdjustmentWhy:
    """How the study's adjustment moved one comment: its assessment without and with it, and the words it moved it
    for, largest part first."""

    before: Assessment
    after: Assessment
    words: tuple[LearnedWord, ...]


def why_moved(adjustment: Adjustment, text: str) -> AdjustmentWhy | None:
    """What the adjustment did to `text`, or None when it left its class and shown score as they were."""
    from xmdesk.core.text.sentiment import OURS, assess_with

    before, after = assess_with(OURS, [text])[0], assess_with(OURS, [text], adjustment)[0]
    if before.polarity == after.polarity and abs(after.score - before.score) < MIN_MOVE:
        return None
    return AdjustmentWhy(before, after, learned_words(adjustment, text))


def learned_words(adjustment: Adjustment, text: str) -> tuple[LearnedWord, ...]:
    """The words of `text` whose offsets make most of its move (at most MOST_WORDS, largest first): n-grams with a
    part of at least SHOWN_SHARE of the largest, overlapping ones of one sign joined into a word, each word's weight
    the sum of its distinct n-grams' parts (a feature counts once per comment, as in `featurize`)."""
    from xmdesk.core.text.sentiment import featurize, ngrams

    normal = normalise(text)
    read, found = ngrams(normal, adjustment.bits)
    values = featurize([normal], adjustment.bits).values
    scale = float(values[0]) if values.size else 0.0
    parts = [(start, end, bucket, float(adjustment.dense[bucket]) * scale) for start, end, bucket in found]
    largest = max((abs(p[3]) for p in parts), default=0.0)
    if largest == 0.0:
        return ()
    runs: list[tuple[int, int, dict[int, float]]] = []  # start, end, part of each distinct bucket
    for start, end, bucket, part in sorted((p for p in parts if abs(p[3]) >= SHOWN_SHARE * largest),
                                           key=lambda p: (p[0], p[1])):
        if runs and start < runs[-1][1] and (sum(runs[-1][2].values()) > 0) == (part > 0):
            runs[-1] = (runs[-1][0], max(runs[-1][1], end), {**runs[-1][2], bucket: part})
        else:
            runs.append((start, end, {bucket: part}))
    words: dict[str, LearnedWord] = {}  # a word said twice in the comment is one word with two spans
    for start, end, shares in runs:
        weight = sum(shares.values())
        span = Span(start, end, 1 if weight > 0 else -1)
        word = read[start:end]
        seen = words.get(word)
        words[word] = LearnedWord(word, (*seen.spans, span) if seen else (span,), seen.weight if seen else weight)
    return tuple(sorted(words.values(), key=lambda w: -abs(w.weight))[:MOST_WORDS])


# -- the study's adjustment ----------------------------------------------------------------


def coded_comments(study: Study) -> tuple[list[str], list[str]]:
    """Texts and hand-set polarities of every comment an analyst gave a polarity, in every survey and question
    (a code whose response is gone or blank is left out)."""
    from xmdesk.core.analysis.frame import load_frame
    from xmdesk.core.survey.model import load_survey

    rows = study.conn.execute("SELECT survey_code, question_code, response_id, polarity FROM text_codes "
                              "WHERE polarity IS NOT NULL ORDER BY survey_code, question_code, response_id").fetchall()
    texts: list[str] = []
    polarities: list[str] = []
    for survey_code, question in dict.fromkeys((s, q) for s, q, _, _ in rows):
        try:
            survey = load_survey(study, survey_code)
            column = load_frame(study, survey, [question])[question]
        except (XMDeskError, KeyError):
            continue  # the survey or question was deleted: its codes teach nothing now
        for _, _, response_id, polarity in (r for r in rows if r[0] == survey_code and r[1] == question):
            text = column.get(response_id)
            if isinstance(text, str) and text.strip():
                texts.append(text)
                polarities.append(polarity)
    return texts, polarities


def study_adjustment(study: Study, progress: Progress | None = None, cancel: CancelToken | None = None,
                     *, l2: float = L2) -> Adjustment:
    """The adjustment the study's polarity codes teach, measured first on held-out codes; only reads, so it may run
    on a read-only twin of the study in a worker (`save_adjustment` keeps it)."""
    from xmdesk.core.text.sentiment import OURS, assess_with, shipped_model

    report = progress or no_progress
    report(0, 3, messages.text("text.adjust.reading"))
    texts, polarities = coded_comments(study)
    if len(texts) < MIN_CODES or len(set(polarities)) < 2:
        raise ModelError("text.adjust.too_few", codes=len(texts), least=MIN_CODES)
    machine = assess_with(OURS, texts)
    if cancel is not None:
        cancel.check()
    report(1, 3, messages.text("text.adjust.measuring"))
    test = np.random.default_rng(SEED).random(len(texts)) < HELD_OUT
    train_at, test_at = np.flatnonzero(~test).tolist(), np.flatnonzero(test).tolist()
    bits = shipped_model().bits
    trial = fit([texts[i] for i in train_at], [polarities[i] for i in train_at], [machine[i] for i in train_at],
                bits=bits, l2=l2)
    held_out = agreement([texts[i] for i in test_at], [polarities[i] for i in test_at],
                         [machine[i] for i in test_at], trial)
    if cancel is not None:
        cancel.check()
    report(2, 3, messages.text("text.adjust.fitting"))
    final = fit(texts, polarities, machine, bits=bits, l2=l2)
    report(3, 3, messages.text("text.done"))
    return Adjustment(final.buckets, final.offsets, bits, len(texts), held_out,
                      datetime.now(timezone.utc).isoformat(timespec="seconds"))


def learn_adjustment(study: Study, progress: Progress | None = None, cancel: CancelToken | None = None,
                     *, l2: float = L2) -> Adjustment:
    """Learn the study's adjustment from its polarity codes (`study_adjustment`) and keep it, replacing the one
    before (one transaction)."""
    learned = study_adjustment(study, progress, cancel, l2=l2)
    save_adjustment(study, learned)
    return learned


def learned_text(adjustment: Adjustment) -> str:
    """What learning found, in the reader's language: the codes it learned from and the held-out agreement."""
    held = adjustment.held_out or Agreement(0, 0, 0)
    return messages.text("text.adjust.learned", codes=adjustment.codes, held=held.n, before=held.before,
                         after=held.after)


_ADJUSTED_SCORES = "DELETE FROM text_sentiment_cache WHERE model LIKE '%+adj-%'"
"""Scores moved by an adjustment the study no longer has: the cache stays the size of the study's comments."""


def save_adjustment(study: Study, adjustment: Adjustment) -> None:
    """Keep `adjustment` as the study's (one transaction; the one before and its scores are dropped)."""
    held = adjustment.held_out or Agreement(0, 0, 0)
    with study.transaction(Changes.of("text", "text_cache")) as conn:
        conn.execute(_ADJUSTED_SCORES)
        conn.execute("DELETE FROM text_adjustment")
        conn.execute("INSERT INTO text_adjustment (id, bits, buckets, offsets, codes, held_out, agree_before, "
                     "agree_after, fitted_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (adjustment.bits, adjustment.buckets.astype("<i4").tobytes(),
                      adjustment.offsets.astype("<f4").tobytes(), adjustment.codes, held.n, held.before, held.after,
                      adjustment.fitted_at))


def load_adjustment(study: Study) -> Adjustment | None:
    """The study's adjustment, or None while it has none (the shipped model as it is)."""
    row = study.conn.execute("SELECT bits, buckets, offsets, codes, held_out, agree_before, agree_after, fitted_at "
                             "FROM text_adjustment WHERE id = 1").fetchone()
    if row is None:
        return None
    bits, buckets, offsets, codes, n, before, after, fitted_at = row
    return Adjustment(np.frombuffer(buckets, dtype="<i4").astype(np.int64),
                      np.frombuffer(offsets, dtype="<f4").astype(np.float32), int(bits), int(codes),
                      Agreement(n, before, after) if n else None, fitted_at)


def has_adjustment(study: Study) -> bool:
    """Whether the study has an adjustment, without reading its offsets: the Text area asks on every change."""
    return study.conn.execute("SELECT 1 FROM text_adjustment WHERE id = 1").fetchone() is not None


def remove_adjustment(study: Study) -> bool:
    """Give the study the shipped model back (one transaction; the scores it moved are dropped); False when it had
    no adjustment."""
    with study.transaction(Changes.of("text", "text_cache")) as conn:
        conn.execute(_ADJUSTED_SCORES)
        return conn.execute("DELETE FROM text_adjustment").rowcount > 0
