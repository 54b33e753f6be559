"""Sentiment accuracy on review categories the model never saw, ours vs snownlp, and throughput.

    .venv/bin/python benchmarks/sentiment_accuracy.py [--data CSV] [--snownlp-sample 500]

Leave-one-category-out: for each of the nine categories, train our model on the other eight and
test on all reviews of the held-out one. snownlp (a fixed, pre-trained model) is scored on a random
sample of each category (`--snownlp-sample`, seed 0) because it runs at only tens to hundreds of
comments per second. Throughput is measured in the same run on the same comments for both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from xmdesk.core.text.sentiment import SentimentModel, snownlp_scores  # noqa: E402
from xmdesk.core.text.training import TrainConfig, train  # noqa: E402

DEFAULT_DATA = REPO / ".." / "shared" / "data" / "online_shopping_reviews.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--snownlp-sample", type=int, default=500, help="reviews per category scored by snownlp")
    parser.add_argument("--no-snownlp", action="store_true", help="skip the snownlp baseline")
    args = parser.parse_args(argv)

    import pandas as pd

    frame = pd.read_csv(args.data, dtype={"cat": str, "review": str}).dropna(subset=["review", "label"])
    texts = np.array(frame["review"].tolist(), dtype=object)
    labels = frame["label"].astype(int).to_numpy()
    cats = frame["cat"].to_numpy()
    config = TrainConfig()
    rng = np.random.default_rng(0)
    print(f"{len(texts)} reviews, {len(set(cats))} categories; leave-one-category-out; config {config}")
    if not args.no_snownlp:
        print(f"snownlp: scored on a random sample of {args.snownlp_sample} reviews per category (seed 0)")
    print()
    header = f"{'held out':<8} {'n':>6} {'ours %':>7} {'ours@sample %':>13} {'snownlp %':>9} {'train s':>7}"
    print(header)
    print("-" * len(header))
    rows = []
    ours_time = 0.0
    ours_n = 0
    snow_time = 0.0
    snow_n = 0
    for cat in sorted(set(cats)):
        test = cats == cat
        started = time.perf_counter()
        model = train(list(texts[~test]), labels[~test], config, version=f"loco-{cat}")
        train_s = time.perf_counter() - started
        test_texts = list(texts[test])
        started = time.perf_counter()
        ours = np.asarray(model.score(test_texts))
        ours_time += time.perf_counter() - started
        ours_n += len(test_texts)
        ours_acc = float(np.mean((ours >= 0.5) == (labels[test] == 1)))
        sample = rng.choice(len(test_texts), size=min(args.snownlp_sample, len(test_texts)), replace=False)
        ours_sample = float(np.mean((ours[sample] >= 0.5) == (labels[test][sample] == 1)))
        snow_acc = float("nan")
        if not args.no_snownlp:
            started = time.perf_counter()
            snow = np.asarray(snownlp_scores([test_texts[i] for i in sample]))
            snow_time += time.perf_counter() - started
            snow_n += len(sample)
            snow_acc = float(np.mean((snow >= 0.5) == (labels[test][sample] == 1)))
        rows.append((cat, int(test.sum()), ours_acc, ours_sample, snow_acc))
        print(f"{cat:<8} {int(test.sum()):>6} {ours_acc * 100:>7.1f} {ours_sample * 100:>13.1f} "
              f"{snow_acc * 100:>9.1f} {train_s:>7.1f}", flush=True)
    print("-" * len(header))
    mean = np.mean([r[2] for r in rows]) * 100
    mean_sample = np.mean([r[3] for r in rows]) * 100
    mean_snow = np.mean([r[4] for r in rows]) * 100
    pooled = sum(r[1] * r[2] for r in rows) / sum(r[1] for r in rows) * 100
    print(f"{'mean':<8} {'':>6} {mean:>7.1f} {mean_sample:>13.1f} {mean_snow:>9.1f}   (mean over categories)")
    print(f"{'pooled':<8} {sum(r[1] for r in rows):>6} {pooled:>7.1f}   (ours, every review counted once)")
    print()

    # Throughput: the shipped model on every review (load time excluded), snownlp from the runs above.
    shipped = SentimentModel.load()
    all_texts = list(texts)
    started = time.perf_counter()
    shipped.score(all_texts)
    took = time.perf_counter() - started
    print(f"throughput, ours (shipped {shipped.version}, batches of 2048): {len(all_texts) / took:,.0f} comments/s "
          f"({len(all_texts)} comments in {took:.2f} s); in the LOCO runs above: {ours_n / ours_time:,.0f} comments/s")
    started = time.perf_counter()
    for text in all_texts[:2000]:
        shipped.score([text])
    took = time.perf_counter() - started
    print(f"throughput, ours one comment per call: {2000 / took:,.0f} comments/s")
    if snow_n:
        print(f"throughput, snownlp: {snow_n / snow_time:,.0f} comments/s ({snow_n} comments in {snow_time:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
