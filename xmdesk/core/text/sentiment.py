"""The app's own offline Chinese sentiment model: hashed character n-grams + logistic regression.

Features of one comment (all computed with numpy over a whole batch at once):
- character 1-, 2- and 3-grams of the normalised text (NFKC, lower case, every digit read as 0);
- negation skip-grams: a negator (不 没 别 未 无 非) joined with the character two places after it,
  so 不太好 and 没怎么用 share a feature with 不好 / 没用 beyond the plain bigram;
- each present feature counts once (binary) and a comment's vector is scaled to unit length,
  so long and short comments get comparable scores.
Features are hashed into `2**bits` buckets; the model is one weight per bucket plus a bias, stored as
float16 in an .npz file (`resources/models/sentiment_zh.npz`). A score is the probability that the
comment is positive, in [0, 1]. Only numpy is needed at run time.

`snownlp_scores` is the baseline the model is measured against; it imports snownlp lazily.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from xmdesk.core.study.resources import resources_dir
from xmdesk.core.text.assessment import Assessment

if TYPE_CHECKING:
    from xmdesk.core.text.adjust import Adjustment

MODEL_FILENAME = "sentiment_zh.npz"
DEFAULT_BITS = 20
NEGATORS = "不没别未无非"
BATCH_SIZE = 2048

_MIX = np.uint64(0x9E3779B97F4A7C15)
_SKIP_FLAG = np.uint64(1) << np.uint64(63)


def default_model_path() -> Path:
    """The shipped Chinese model (resources/models/sentiment_zh.npz), wherever the resources are (checkout, wheel,
    packaged app)."""
    return resources_dir() / "models" / MODEL_FILENAME


@dataclass(frozen=True)
class Features:
    """A batch of comments as a sparse matrix in coordinate form, sorted by row.

    `rows[k]`, `cols[k]`, `values[k]`: comment `rows[k]` has feature bucket `cols[k]` with `values[k]`.
    """

    n_rows: int
    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    values: npt.NDArray[np.float32]

    def dot(self, weights: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        """Per-row sum of value * weight: the linear part of the model for each comment."""
        contrib = weights[self.cols].astype(np.float64) * self.values
        out: npt.NDArray[np.float64] = np.bincount(self.rows, weights=contrib, minlength=self.n_rows).astype(np.float64)
        return out

    def subset(self, start: int, stop: int) -> Features:
        """Rows `start:stop` (contiguous), renumbered from 0."""
        lo, hi = np.searchsorted(self.rows, [start, stop])
        return Features(stop - start, self.rows[lo:hi] - start, self.cols[lo:hi], self.values[lo:hi])


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace("\x00", " ")


def _hash(keys: npt.NDArray[np.uint64], bits: int) -> npt.NDArray[np.int64]:
    with np.errstate(over="ignore"):
        k = keys ^ (keys >> np.uint64(29))
        k = k * _MIX
        k = k ^ (k >> np.uint64(32))
        k = k * _MIX
    return (k >> np.uint64(64 - bits)).astype(np.int64)


def _codes(texts: Sequence[str]) -> npt.NDArray[np.uint64]:
    """The texts as one array of code points, each text ended by 0, as the features read them."""
    joined = "".join(_normalise(t if isinstance(t, str) else "") + "\x00" for t in texts)
    c = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    c[(c >= 48) & (c <= 57)] = 48  # digits: all read as 0
    c[(c == 32) | (c == 9) | (c == 10) | (c == 13)] = 32  # whitespace: one kind
    return c


def _ngram_keys(c: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.uint64], list[tuple[npt.NDArray[np.bool_], int]]]:
    """The key of every feature of the code points `c` (`_codes`), and per kind (1-, 2-, 3-grams, skip-grams) where
    its features start and how many characters each spans: `featurize` hashes the keys, `ngrams` shows them."""
    length = c.size
    c1 = np.concatenate([c[1:], np.zeros(2, dtype=np.uint64)])[:length]
    c2 = np.concatenate([c[2:], np.zeros(2, dtype=np.uint64)])[:length]
    s21 = np.uint64(21)
    s42 = np.uint64(42)
    nz0 = c != 0
    nz1 = nz0 & (c1 != 0)
    nz2 = nz1 & (c2 != 0)
    negator = np.isin(c, np.array([ord(ch) for ch in NEGATORS], dtype=np.uint64)) & nz2
    keys = np.concatenate([
        c[nz0],
        c[nz1] | (c1[nz1] << s21),
        c[nz2] | (c1[nz2] << s21) | (c2[nz2] << s42),
        c[negator] | (c2[negator] << s21) | _SKIP_FLAG,
    ])
    return keys, [(nz0, 1), (nz1, 2), (nz2, 3), (negator, 3)]


def ngrams(text: str, bits: int = DEFAULT_BITS) -> tuple[str, list[tuple[int, int, int]]]:
    """The text as `featurize` reads it, and where each of its features stands there: (start, end, bucket), so a
    weight over buckets can be shown on its words (the reading keeps Chinese characters in place)."""
    keys, kinds = _ngram_keys(_codes([text]))
    starts = np.concatenate([np.flatnonzero(at) for at, _ in kinds])
    ends = starts + np.concatenate([np.full(int(at.sum()), span) for at, span in kinds])
    return _normalise(text), list(zip(starts.tolist(), ends.tolist(), _hash(keys, bits).tolist()))


def featurize(texts: Sequence[str], bits: int = DEFAULT_BITS) -> Features:
    """Hashed character 1-3-grams and negation skip-grams of each text, binary and L2-normalised per text."""
    n = len(texts)
    if n == 0:
        empty_i = np.zeros(0, dtype=np.int64)
        return Features(0, empty_i, empty_i, np.zeros(0, dtype=np.float32))
    c = _codes(texts)
    doc = np.cumsum(c == 0) - (c == 0)  # the text each position belongs to
    keys, kinds = _ngram_keys(c)
    rows = np.concatenate([doc[starts] for starts, _ in kinds]).astype(np.int64)
    cols = _hash(keys, bits)
    # Binary features: each (text, bucket) once, sorted by text. Sorting and dropping repeats is
    # several times faster than np.unique, whose hash table numpy 2 uses for integers.
    pair = np.sort((rows << np.int64(bits)) | cols)
    pair = pair[np.concatenate(([True], pair[1:] != pair[:-1]))] if pair.size else pair
    rows = pair >> np.int64(bits)
    cols = pair & np.int64((1 << bits) - 1)
    counts = np.bincount(rows, minlength=n).astype(np.float32)
    scale = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    values = scale[rows].astype(np.float32)
    return Features(n, rows, cols, values)


def _sigmoid(z: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


@dataclass
class SentimentModel:
    """Weights over hashed features; `score` gives P(positive) per comment."""

    weights: npt.NDArray[np.float32]
    bias: float
    bits: int = DEFAULT_BITS
    version: str = "untrained"
    info: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> SentimentModel:
        """The shipped model, or the one saved at `path`."""
        path = Path(path) if path is not None else default_model_path()
        with np.load(path, allow_pickle=False) as data:
            weights = data["weights"].astype(np.float32)
            bias = float(data["bias"])
            bits = int(data["bits"])
            version = str(data["version"])
            info = {str(k): str(v) for k, v in zip(data["info_keys"], data["info_values"])} \
                if "info_keys" in data else {}
        if weights.shape != (1 << bits,):
            raise ValueError(f"{path}: {weights.shape[0]} weights for {bits} hash bits")
        return cls(weights=weights, bias=bias, bits=bits, version=version, info=info)

    def save(self, path: str | Path) -> Path:
        """Write the model compactly: float16 weights, compressed."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self.info)
        with open(path, "wb") as fh:
            np.savez_compressed(
                fh,
                weights=self.weights.astype(np.float16),
                bias=np.float64(self.bias),
                bits=np.int64(self.bits),
                version=np.str_(self.version),
                info_keys=np.array(keys, dtype=np.str_),
                info_values=np.array([self.info[k] for k in keys], dtype=np.str_),
            )
        return path

    def featurize(self, texts: Sequence[str]) -> Features:
        """Features hashed into this model's own number of buckets: a model must be fed the hash bits it was trained
        with."""
        return featurize(texts, self.bits)

    def decision(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """The linear score (log-odds of positive) of each text."""
        return self.decisions(texts, (self.weights,))[0] + self.bias

    def decisions(self, texts: Sequence[str], weights: Sequence[npt.NDArray[Any]]) -> list[npt.NDArray[np.float64]]:
        """Each text's features (featurised once, in batches) dotted with each of `weights`: the model's own and a
        study adjustment's offsets over the same buckets cost one featurisation."""
        out = [np.empty(len(texts), dtype=np.float64) for _ in weights]
        for start in range(0, len(texts), BATCH_SIZE):
            chunk = texts[start:start + BATCH_SIZE]
            features = self.featurize(chunk)
            for values, w in zip(out, weights):
                values[start:start + len(chunk)] = features.dot(w)
        return out

    def score(self, texts: Sequence[str]) -> list[float]:
        """Probability that each text is positive, in [0, 1]; computed in batches of `BATCH_SIZE`."""
        if isinstance(texts, str):
            raise TypeError("score() takes a sequence of texts, not one string")
        scores: list[float] = _sigmoid(self.decision(list(texts))).tolist()
        return scores


def snownlp_scores(texts: Sequence[str]) -> list[float]:
    """The snownlp baseline: its built-in sentiment probability for each text (0.5 for an empty one)."""
    from snownlp import SnowNLP  # slow to import; only the baseline needs it

    out: list[float] = []
    for text in texts:
        out.append(float(SnowNLP(text).sentiments) if text and text.strip() else 0.5)
    return out


# -- the models a study can score with ------------------------------------------------------

OURS = "ours"
SNOWNLP = "snownlp"
MODEL_NAMES = (OURS, SNOWNLP)
_SHIPPED: list[SentimentModel] = []


def shipped_model() -> SentimentModel:
    """The shipped model, loaded once per process (about 4 MB of weights)."""
    if not _SHIPPED:
        _SHIPPED.append(SentimentModel.load())
    return _SHIPPED[0]


def model_version(name: str) -> str:
    """The cache key of a model's scores: a new model file, rule set or snownlp release scores everything again."""
    if name == OURS:
        from xmdesk.core.text import english, polarity

        return f"{shipped_model().version}+{english.VERSION}+{polarity.rules_version()}"
    if name == SNOWNLP:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"snownlp-{version('snownlp')}"
        except PackageNotFoundError:
            return "snownlp"
    from xmdesk.core.errors import ModelError

    raise ModelError("text.unknown_model", name=name, known=", ".join(MODEL_NAMES))


def assess_with(name: str, texts: Sequence[str], adjustment: Adjustment | None = None) -> list[Assessment]:
    """Each text's score, three-class polarity and clause signs by the named model.

    Ours reads the CX rules of `polarity.py` on top of the learned model; snownlp gives a bare
    probability, read by the bands (one clause). English text gets the English word list. A study's
    `adjustment` (ours only) moves the result by its offsets, read from the features the model reads.
    """
    from xmdesk.core.text import english, polarity

    if name == SNOWNLP:
        return [Assessment(s, polarity.polarity_of(s), "") for s in snownlp_scores(texts)]
    model_version(name)  # refuses an unknown name with a message
    out, shifts = polarity.assess_shifted(texts, adjustment.dense if adjustment else None)
    latin = [i for i, text in enumerate(texts) if english.is_english(text)]
    for i, value in zip(latin, english.score([texts[i] for i in latin])):
        # Our model reads Chinese characters; English gets the word list, unless it knows no word there
        # and the CX rules found one (yyds, 666, an emoji).
        if value != 0.5 or out[i].polarity == polarity.NEUTRAL:
            out[i] = Assessment(value, polarity.polarity_of(value), "")
    return out if adjustment is None or shifts is None else adjustment.move(out, shifts)


def score_with(name: str, texts: Sequence[str]) -> list[float]:
    """P(positive) of each text by the named model, inside its class's band (negative < 0.4 <= positive 0.6)."""
    return [a.score for a in assess_with(name, texts)]
