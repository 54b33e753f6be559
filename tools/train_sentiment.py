"""Train the app's Chinese sentiment model and write it to resources/models/sentiment_zh.npz.

    .venv/bin/python tools/train_sentiment.py [--data CSV] [--hold-out CAT] [--out PATH]

Trains on every category of the labelled reviews (or all but `--hold-out CAT`, then reports accuracy
on that unseen category) and prints the accuracy. Deterministic: a fixed seed, so the same data give
the same weights.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from xmdesk.core.text.sentiment import MODEL_FILENAME  # noqa: E402
from xmdesk.core.text.training import TrainConfig, accuracy, train  # noqa: E402

DEFAULT_DATA = REPO / ".." / "shared" / "data" / "online_shopping_reviews.csv"
MODEL_VERSION = "zh-charngram-lr-3"


def load_reviews(path: Path) -> tuple[list[str], list[int], list[str]]:
    import pandas as pd

    frame = pd.read_csv(path, dtype={"cat": str, "review": str}).dropna(subset=["review", "label"])
    return frame["review"].tolist(), frame["label"].astype(int).tolist(), frame["cat"].tolist()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="labelled CSV (cat,label,review)")
    parser.add_argument("--hold-out", metavar="CAT", help="category left out of training and used as the test set")
    parser.add_argument("--out", type=Path, help="model file to write (default: resources/models/"
                        f"{MODEL_FILENAME}; with --hold-out nothing is written unless --out is given)")
    parser.add_argument("--epochs", type=int, default=TrainConfig.epochs)
    args = parser.parse_args(argv)

    texts, labels, cats = load_reviews(args.data)
    if args.hold_out and args.hold_out not in set(cats):
        parser.error(f"no category {args.hold_out!r} in {args.data}; have {sorted(set(cats))}")
    train_idx = [i for i, c in enumerate(cats) if c != args.hold_out]
    test_idx = [i for i, c in enumerate(cats) if c == args.hold_out]
    config = TrainConfig(epochs=args.epochs)
    version = MODEL_VERSION if not args.hold_out else f"{MODEL_VERSION}-without-{args.hold_out}"
    started = time.perf_counter()
    model = train([texts[i] for i in train_idx], [labels[i] for i in train_idx], config, version=version)
    took = time.perf_counter() - started
    model.info["categories"] = ",".join(sorted({cats[i] for i in train_idx}))
    print(f"trained {model.version} on {len(train_idx)} reviews in {took:.1f} s")
    train_acc = accuracy(model, [texts[i] for i in train_idx], [labels[i] for i in train_idx])
    print(f"accuracy on the training reviews: {train_acc:.2%}")
    if test_idx:
        test_acc = accuracy(model, [texts[i] for i in test_idx], [labels[i] for i in test_idx])
        print(f"accuracy on held-out {args.hold_out} ({len(test_idx)} reviews, never seen): {test_acc:.2%}")
    out = args.out if args.out else (None if args.hold_out else REPO / "resources" / "models" / MODEL_FILENAME)
    if out is not None:
        model.save(out)
        print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
