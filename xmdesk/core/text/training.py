"""Training the sentiment model: L2-regularised logistic regression by mini-batch Adagrad, pure numpy.

Deterministic: the only randomness is the order of the mini-batches, drawn from `seed`.
`train(texts, labels)` returns a ready `SentimentModel`; `tools/train_sentiment.py` and
`benchmarks/sentiment_accuracy.py` call it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from xmdesk.core.text.sentiment import DEFAULT_BITS, Features, SentimentModel, _sigmoid, featurize


@dataclass(frozen=True)
class TrainConfig:
    bits: int = DEFAULT_BITS
    epochs: int = 15
    batch_size: int = 256
    learning_rate: float = 0.5
    l2: float = 0.0  # per example, applied to the weights a batch touches; 0 measured best across domains
    seed: int = 20261123
    balance: bool = True  # weight the classes equally, so the bias does not learn one domain's mix
    average_from: int = 3  # average the weights over the epochs from this one on (0-based; -1: keep the last)


def fit(
    features: Features,
    labels: npt.ArrayLike,
    config: TrainConfig = TrainConfig(),
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[npt.NDArray[np.float32], float]:
    """Weights and bias of a logistic regression on `features` (rows sorted) and 0/1 `labels`."""
    y = np.asarray(labels, dtype=np.float64)
    n = features.n_rows
    if y.shape != (n,):
        raise ValueError(f"{y.shape[0]} labels for {n} texts")
    dim = 1 << config.bits
    w = np.zeros(dim, dtype=np.float64)
    g2 = np.full(dim, 1e-8, dtype=np.float64)
    b = 0.0
    b_g2 = 1e-8
    if config.balance and 0 < y.sum() < n:
        pos = y.sum()
        sample_w = np.where(y > 0.5, n / (2.0 * pos), n / (2.0 * (n - pos)))
    else:
        sample_w = np.ones(n)
    rng = np.random.default_rng(config.seed)
    order = rng.permutation(n)
    # Rows in a random (fixed) order, so that contiguous mini-batches mix the categories.
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)
    new_rows = inverse[features.rows]
    sort = np.argsort(new_rows, kind="stable")
    shuffled = Features(n, new_rows[sort], features.cols[sort], features.values[sort])
    y = y[order]
    sample_w = sample_w[order]
    starts = np.arange(0, n, config.batch_size)
    bounds = np.searchsorted(shuffled.rows, np.append(starts, n))
    w_sum = np.zeros(dim, dtype=np.float64)
    b_sum = 0.0
    n_avg = 0
    for epoch in range(config.epochs):
        for bi in rng.permutation(len(starts)):
            lo, hi = bounds[bi], bounds[bi + 1]
            start = int(starts[bi])
            stop = min(start + config.batch_size, n)
            rows = shuffled.rows[lo:hi] - start
            cols = shuffled.cols[lo:hi]
            vals = shuffled.values[lo:hi].astype(np.float64)
            m = stop - start
            z = np.bincount(rows, weights=w[cols] * vals, minlength=m) + b
            err = (_sigmoid(z) - y[start:stop]) * sample_w[start:stop]
            ucols, inv = np.unique(cols, return_inverse=True)
            grad = np.bincount(inv, weights=err[rows] * vals, minlength=ucols.size) / m
            grad += config.l2 * w[ucols] * config.batch_size
            g2[ucols] += grad * grad
            w[ucols] -= config.learning_rate * grad / np.sqrt(g2[ucols])
            gb = float(err.mean())
            b_g2 += gb * gb
            b -= config.learning_rate * gb / np.sqrt(b_g2)
        if 0 <= config.average_from <= epoch:
            w_sum += w
            b_sum += b
            n_avg += 1
        if progress is not None:
            progress(epoch + 1, config.epochs, "training sentiment model")
    if n_avg:
        return (w_sum / n_avg).astype(np.float32), b_sum / n_avg
    return w.astype(np.float32), b


def train(
    texts: Sequence[str],
    labels: Sequence[int] | npt.ArrayLike,
    config: TrainConfig = TrainConfig(),
    version: str = "dev",
    progress: Callable[[int, int, str], None] | None = None,
) -> SentimentModel:
    """Featurise `texts` and fit a model; the weights are rounded to float16 as they will be stored."""
    features = featurize(texts, config.bits)
    w, b = fit(features, labels, config, progress)
    w16 = w.astype(np.float16).astype(np.float32)
    info = {
        "epochs": str(config.epochs), "batch_size": str(config.batch_size), "learning_rate": str(config.learning_rate),
        "l2": str(config.l2), "seed": str(config.seed), "n_train": str(len(texts)),
    }
    return SentimentModel(weights=w16, bias=b, bits=config.bits, version=version, info=info)


def accuracy(model: SentimentModel, texts: Sequence[str], labels: npt.ArrayLike, threshold: float = 0.5) -> float:
    """Share of texts whose score falls on the labelled side of `threshold`."""
    y = np.asarray(labels, dtype=np.int64)
    if y.size == 0:
        return float("nan")
    p = np.asarray(model.score(texts))
    return float(np.mean((p >= threshold).astype(np.int64) == y))
