"""Issue 21's last idea for 88 % on the review corpora, tried and not shipped: jieba words with the characters.

    .venv/bin/python benchmarks/sentiment_words.py [--data CSV] [--hotel CSV] [--waimai CSV]

One model over hashed character 1-3-grams (the shipped model's features) AND jieba word unigrams and
bigrams, trained like the shipped model (`training.fit`) on `../shared/data/online_shopping_reviews.csv`
only, plain and NBSVM-style (each feature scaled by its naive-Bayes log-count ratio, alpha 1), at two
learning rates; each read alone and through the CX rules (`polarity.assess`, the model standing in for
the shipped one) on the two review corpora it never saw, and on the CX sets (3 classes). It ships only
if it beats the shipped model on both corpora with the rules and keeps the CX evaluation set; it would
also put jieba into the scoring of every comment. Prints CPU time and the load beside wall time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.sentiment_accuracy import CX_EVAL, CX_TUNE, DEFAULT_DATA, read_corpus  # noqa: E402
from xmdesk.core.text import polarity, sentiment  # noqa: E402
from xmdesk.core.text.sentiment import Features, _hash, featurize  # noqa: E402
from xmdesk.core.text.training import TrainConfig, fit  # noqa: E402

BITS = sentiment.DEFAULT_BITS
_WORD_FLAG = np.uint64(1) << np.uint64(62)


def word_keys(texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
    """(row, key) of every jieba word and word bigram of each text; keys from a digest, stable across runs."""
    import hashlib

    from xmdesk.core.text.segment import tokenizer

    cut = tokenizer().lcut
    rows: list[int] = []
    keys: list[int] = []
    for i, text in enumerate(texts):
        tokens = [t for t in cut(polarity.normalise(text)) if t.strip()]
        grams = tokens + [f"{a}\x01{b}" for a, b in zip(tokens, tokens[1:])]
        rows += [i] * len(grams)
        keys += [int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") for g in grams]
    return np.array(rows, dtype=np.int64), np.array(keys, dtype=np.uint64) | _WORD_FLAG


def featurize_words(texts: Sequence[str]) -> Features:
    """Characters and words in one binary, unit-length vector per text (as `featurize` makes for characters)."""
    chars = featurize([polarity.normalise(t) for t in texts], BITS)
    rows, keys = word_keys(texts)
    pair = np.unique((np.concatenate([chars.rows, rows]) << BITS) | np.concatenate([chars.cols, _hash(keys, BITS)]))
    rows, cols = pair >> BITS, pair & ((1 << BITS) - 1)
    counts = np.bincount(rows, minlength=len(texts)).astype(np.float32)
    return Features(len(texts), rows, cols, (1.0 / np.sqrt(np.maximum(counts, 1.0)))[rows].astype(np.float32))


class WordModel:
    """Weights over characters and words, with the `decision` the CX rules ask of the shipped model."""

    def __init__(self, weights: npt.NDArray[np.float32], bias: float) -> None:
        self.weights, self.bias = weights, bias

    def decision(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        return featurize_words(texts).dot(self.weights) + self.bias


def nb_ratio(features: Features, labels: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
    """log of (share of positive texts' features) / (share of negative texts') per bucket, alpha 1."""
    dim = 1 << BITS
    positive = 1.0 + np.bincount(features.cols[labels[features.rows] == 1], minlength=dim)
    negative = 1.0 + np.bincount(features.cols[labels[features.rows] == 0], minlength=dim)
    ratio: npt.NDArray[np.float32] = np.log((positive / positive.sum()) / (negative / negative.sum())).astype(np.float32)
    return ratio


def cx_accuracy(path: Path) -> float:
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    found = [a.polarity for a in polarity.assess([text for _, _, text in rows])]
    return float(np.mean([f == label for f, (_, label, _) in zip(found, rows)])) * 100


def report(name: str, model: WordModel | sentiment.SentimentModel, corpora: dict[str, tuple[list[str], npt.NDArray[np.bool_]]]) -> None:
    """Accuracy alone / with the rules on each corpus, and the CX sets, with `model` in the shipped one's place."""
    sentiment._SHIPPED[:] = [model]  # type: ignore[list-item]  # polarity.assess reads the shipped model
    cells = []
    for texts, truth in corpora.values():
        alone = np.mean((model.decision(texts) >= 0) == truth) * 100
        ruled = np.mean((np.array([a.score for a in polarity.assess(texts)]) >= 0.5) == truth) * 100
        cells.append(f"{alone:5.1f} / {ruled:5.1f}")
    print(f"{name:<28} | {' | '.join(cells)} | {cx_accuracy(CX_EVAL):5.1f} | {cx_accuracy(CX_TUNE):5.1f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--hotel", type=Path, default=DEFAULT_DATA.parent / "ChnSentiCorp_htl_all.csv")
    parser.add_argument("--waimai", type=Path, default=DEFAULT_DATA.parent / "waimai_10k.csv")
    args = parser.parse_args(argv)
    started, cpu = time.perf_counter(), time.process_time()
    texts, truth = read_corpus(args.data)
    labels = truth.astype(np.int64)
    corpora = {"hotel": read_corpus(args.hotel), "waimai": read_corpus(args.waimai)}
    features = featurize_words(texts)
    print(f"{'model (train: shopping only)':<28} | hotel alone / +rules | waimai alone / +rules | CX eval | CX tune")
    report(f"shipped {sentiment.shipped_model().version}", sentiment.SentimentModel.load(), corpora)
    ratio = nb_ratio(features, labels)
    weighted = Features(features.n_rows, features.rows, features.cols, features.values * ratio[features.cols])
    for rate in (0.5, 0.2):
        w, b = fit(features, labels, TrainConfig(learning_rate=rate))
        report(f"words+chars lr {rate}", WordModel(w, b), corpora)
        w, b = fit(weighted, labels, TrainConfig(learning_rate=rate))
        report(f"NB words+chars lr {rate}", WordModel(w * ratio, b), corpora)
    print(f"{time.perf_counter() - started:.0f} s wall, {time.process_time() - cpu:.0f} s CPU, "
          f"load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
