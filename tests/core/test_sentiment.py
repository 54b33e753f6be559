"""The app's own Chinese sentiment model: the shipped file, scoring, and the numpy trainer.

Fast and independent of the shared review CSV (one optional test uses it and skips without it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from xmdesk.core.text.sentiment import SentimentModel, default_model_path, featurize
from xmdesk.core.text.training import TrainConfig, accuracy, fit, train

REPO = Path(__file__).resolve().parents[2]
SHARED_CSV = REPO / ".." / "shared" / "data" / "online_shopping_reviews.csv"

POSITIVE = [
    "服务态度很好，店员很耐心，下次还来",
    "东西质量不错，物流很快，非常满意",
    "导购热情专业，推荐的衣服很合身，好评",
    "收银员动作麻利，环境干净整洁，体验很棒",
    "客服回复及时，问题当场就解决了，点赞",
    "价格实惠，性价比很高，值得推荐",
]
NEGATIVE = [
    "排队太久了，等了一个小时都没人管",
    "退款一直没到账，客服也不理人，太差了",
    "买回来就坏了，质量太差，非常失望",
    "店员态度恶劣，再也不会来了",
    "送货慢得要命，包装破了，东西也少了",
    "投诉了三次都没有解决，垃圾服务",
]


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load()


def test_shipped_model_loads(model: SentimentModel) -> None:
    assert default_model_path().is_file()
    assert model.version.startswith("zh-")
    assert model.weights.shape == (1 << model.bits,)
    assert default_model_path().stat().st_size < 5 * 1024 * 1024


def test_scores_are_probabilities(model: SentimentModel) -> None:
    scores = model.score(POSITIVE + NEGATIVE)
    assert len(scores) == len(POSITIVE) + len(NEGATIVE)
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize("text", POSITIVE)
def test_clear_positive_comments(model: SentimentModel, text: str) -> None:
    assert model.score([text])[0] > 0.5


@pytest.mark.parametrize("text", NEGATIVE)
def test_clear_negative_comments(model: SentimentModel, text: str) -> None:
    assert model.score([text])[0] < 0.5


def test_batch_equals_one_by_one(model: SentimentModel, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = POSITIVE + NEGATIVE + ["", "还行吧", "不太好用", "OK"] * 3
    one_by_one = [model.score([t])[0] for t in texts]
    assert model.score(texts) == pytest.approx(one_by_one, abs=1e-12)
    import xmdesk.core.text.sentiment as sentiment

    monkeypatch.setattr(sentiment, "BATCH_SIZE", 5)  # several batches, including a short last one
    assert model.score(texts) == pytest.approx(one_by_one, abs=1e-12)


def test_odd_input_does_not_crash(model: SentimentModel) -> None:
    odd = ["", " ", "\x00", "Great service, thank you!", "terrible", "12345", "😀👍", "a\nb\tc", "不"]
    scores = model.score(odd)
    assert len(scores) == len(odd)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert model.score([]) == []
    with pytest.raises(TypeError):
        model.score("一条评论")  # type: ignore[arg-type]


def test_featurize_shapes() -> None:
    feats = featurize(["很好", "", "不太好"], bits=10)
    assert feats.n_rows == 3
    assert set(feats.rows.tolist()) == {0, 2}  # the empty text has no features
    assert feats.cols.min() >= 0 and feats.cols.max() < 1 << 10
    norms = np.bincount(feats.rows, weights=feats.values.astype(np.float64) ** 2, minlength=3)
    assert norms[[0, 2]] == pytest.approx([1.0, 1.0])


def _toy_data() -> tuple[list[str], list[int]]:
    rng = np.random.default_rng(0)
    good = ["好", "棒", "满意", "喜欢", "推荐"]
    bad = ["差", "慢", "失望", "垃圾", "退货"]
    filler = ["这个", "东西", "我们", "今天", "店里", "感觉"]
    texts, labels = [], []
    for i in range(400):
        label = i % 2
        words = list(rng.choice(filler, 3)) + [str(rng.choice(good if label else bad))]
        rng.shuffle(words)
        texts.append("".join(words))
        labels.append(label)
    return texts, labels


def test_trainer_learns_toy_data() -> None:
    texts, labels = _toy_data()
    config = TrainConfig(bits=12, epochs=5)
    model = train(texts[:300], labels[:300], config)
    assert accuracy(model, texts[300:], labels[300:]) > 0.9


def test_training_is_deterministic() -> None:
    texts, labels = _toy_data()
    config = TrainConfig(bits=12, epochs=3, seed=7)
    feats = featurize(texts, config.bits)
    w1, b1 = fit(feats, labels, config)
    w2, b2 = fit(feats, labels, config)
    assert np.array_equal(w1, w2) and b1 == b2
    w3, _ = fit(feats, labels, TrainConfig(bits=12, epochs=3, seed=8))
    assert not np.array_equal(w1, w3)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    texts, labels = _toy_data()
    model = train(texts, labels, TrainConfig(bits=12, epochs=2), version="toy-1")
    path = model.save(tmp_path / "m.npz")
    again = SentimentModel.load(path)
    assert again.version == "toy-1" and again.bits == 12
    assert again.score(texts[:20]) == pytest.approx(model.score(texts[:20]), abs=1e-6)


@pytest.mark.skipif(not SHARED_CSV.is_file(), reason=f"labelled reviews not found at {SHARED_CSV}")
def test_shipped_model_on_real_reviews(model: SentimentModel) -> None:
    import pandas as pd

    frame = pd.read_csv(SHARED_CSV).dropna().sample(2000, random_state=1)
    # Trained on these categories, so this checks the file, not generalisation (see benchmarks/).
    assert accuracy(model, frame["review"].astype(str).tolist(), frame["label"].to_numpy()) > 0.88
