"""The study's own adjustment of the sentiment model, learned from the analyst's polarity codes (issue 21).

A telecom study: the shipped model, trained on shopping reviews, reads 偷跑 (charges or data that run off),
闪退 (an app that crashes), 甩锅 / 踢皮球 (passing the buck) and 丝滑 / 秒回 (smooth, answered at once) as no
opinion. The analyst codes a few dozen comments by hand; the adjustment learned from them carries what
they say to the comments nobody coded, is kept in the study, and is removed on request.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from xmdesk.core.errors import ModelError
from xmdesk.core.study import migrations
from xmdesk.core.study.file import Study
from xmdesk.core.survey import responses
from xmdesk.core.survey.model import Question, QuestionType, create_survey
from xmdesk.core.text import adjust
from xmdesk.core.text.analyze import analyze
from xmdesk.core.text.codes import set_code
from xmdesk.core.text.polarity import Span
from tests.core.test_migrations import file_before
from tests.messages import raises_message

CODED = [
    ("话费偷跑", "negative"), ("流量偷跑", "negative"), ("又偷跑了", "negative"), ("流量老是偷跑", "negative"),
    ("APP闪退", "negative"), ("一打开就闪退", "negative"), ("登录闪退", "negative"), ("缴费页面闪退", "negative"),
    ("客服甩锅", "negative"), ("又甩锅", "negative"), ("营业厅甩锅", "negative"), ("互相甩锅", "negative"),
    ("售后踢皮球", "negative"), ("一直踢皮球", "negative"), ("部门之间踢皮球", "negative"),
    ("丝滑", "positive"), ("用起来很丝滑", "positive"), ("付款丝滑", "positive"), ("办理流程丝滑", "positive"),
    ("秒回", "positive"), ("客服秒回", "positive"), ("消息秒回", "positive"), ("在线客服秒回", "positive"),
    ("暂无", "neutral"), ("同上", "neutral"),
]
# Nobody coded these; they use the coded words in other sentences.
UNCODED = [("这个月话费又偷跑", "negative"), ("小程序闪退", "negative"), ("客服在甩锅", "negative"),
           ("退费一直在踢皮球", "negative"), ("换套餐很丝滑", "positive"), ("人工客服秒回", "positive")]
UNRELATED = ["没有", "周末去的", "信号满格"]  # share no character with the coded comments
# Share a character or two (很, 是) with them: moved a little, their class held by the margin.
NEARBY = [("店员很热情", "positive"), ("价格有点贵但是服务很好", "positive")]


def _study(path: Path) -> Study:
    study = Study.create(path)
    questions = [Question("nps", QuestionType.NPS, "NPS", "推荐度"),
                 Question("comment", QuestionType.TEXT, "Comment", "意见")]
    survey = create_survey(study, "voc", questions=questions, title_en="VOC", title_zh="客户之声")
    texts = [t for t, _ in CODED] + [t for t, _ in UNCODED] + UNRELATED + [t for t, _ in NEARBY]
    responses.insert_rows(study, survey, ["nps", "comment"], [(7, t) for t in texts])
    return study


@pytest.fixture
def study(tmp_path: Path):  # noqa: ANN201
    with _study(tmp_path / "telecom.xmd") as opened:
        yield opened


def _code_all(study: Study) -> None:
    table = analyze(study, "voc", "comment").table
    ids = dict(zip(table["text"], table["response_id"]))
    for text, polarity in CODED:
        set_code(study, "voc", "comment", int(ids[text]), polarity=polarity)


def _polarities(study: Study) -> dict[str, tuple[str, float]]:
    table = analyze(study, "voc", "comment").table
    return {row.text: (row.polarity, row.sentiment) for row in table.itertuples()}


def test_the_codes_teach_the_comments_nobody_coded(study: Study) -> None:
    before = _polarities(study)
    assert all(before[text][0] == "neutral" for text, _ in UNCODED)  # the shipped model does not know the words
    _code_all(study)
    learned = adjust.learn_adjustment(study)
    assert learned.codes == len(CODED) and learned.held_out is not None
    assert learned.held_out.n > 0 and learned.held_out.after >= learned.held_out.before

    after = _polarities(study)
    assert {text: after[text][0] for text, _ in UNCODED} == dict(UNCODED)
    assert {text: after[text][0] for text, _ in CODED} == dict(CODED)  # the analyst's codes still win
    assert {text: after[text] for text in UNRELATED} == {text: before[text] for text in UNRELATED}
    assert {text: after[text][0] for text, _ in NEARBY} == dict(NEARBY)
    summary = analyze(study, "voc", "comment").sentiment
    assert summary.adjusted == len(CODED)
    assert f"adjusted by {len(CODED)} of this study's codes" in summary.coding_line()


def test_the_adjustment_is_kept_in_the_study_and_removed_on_request(tmp_path: Path) -> None:
    with _study(tmp_path / "kept.xmd") as study:
        _code_all(study)
        learned = adjust.learn_adjustment(study)
        analyze(study, "voc", "comment")
    with Study.open(tmp_path / "kept.xmd") as reopened:
        kept = adjust.load_adjustment(reopened)
        assert kept is not None and kept.version == learned.version and kept.held_out == learned.held_out
        assert reopened.conn.execute("SELECT count(*) FROM text_sentiment_cache WHERE model LIKE '%+adj-%'"
                                     ).fetchone()[0] > 0
        assert adjust.remove_adjustment(reopened) is True
        assert adjust.load_adjustment(reopened) is None and adjust.remove_adjustment(reopened) is False
        assert reopened.conn.execute("SELECT count(*) FROM text_sentiment_cache WHERE model LIKE '%+adj-%'"
                                     ).fetchone()[0] == 0
        after = _polarities(reopened)
        assert all(after[text][0] == "neutral" for text, _ in UNCODED)  # the shipped model's reading again
        assert analyze(reopened, "voc", "comment").sentiment.adjusted == 0


def test_learning_from_too_few_codes_is_refused_with_the_count(study: Study) -> None:
    table = analyze(study, "voc", "comment").table
    for rid in table["response_id"].tolist()[:3]:
        set_code(study, "voc", "comment", int(rid), polarity="negative")
    with raises_message(ModelError, "text.adjust.too_few", "3", str(adjust.MIN_CODES)):
        adjust.learn_adjustment(study)
    assert adjust.load_adjustment(study) is None


def test_a_comment_sharing_no_ngram_with_the_codes_is_left_exactly_as_it_was() -> None:
    from xmdesk.core.text.sentiment import OURS, assess_with

    texts, polarities = [t for t, _ in CODED], [p for _, p in CODED]
    learned = adjust.fit(texts, polarities, assess_with(OURS, texts))
    machine = assess_with(OURS, UNRELATED)
    assert learned.apply(UNRELATED, machine) == machine
    assert adjust.fit(texts, polarities, assess_with(OURS, texts)).version == learned.version  # deterministic


def test_a_file_from_before_m017_gains_the_adjustment_table(tmp_path: Path) -> None:
    file_before(tmp_path / "v16.xmd", "m017_text_adjustment").close()
    with Study.open(tmp_path / "v16.xmd") as opened:
        assert "m017_text_adjustment" in migrations.applied_steps(opened.conn)
        assert adjust.load_adjustment(opened) is None and opened.integrity() == "ok"


def test_why_a_comment_moved_names_the_learned_word_and_its_sign_from_the_stored_offsets(study: Study) -> None:
    """'Why this score' with an adjustment: the comment 这个月话费又偷跑 (nobody coded it) is negative because the
    codes taught 偷跑; the explanation names 偷跑 with −, its part the stored offsets of its n-grams (偷, 跑, 偷跑)
    give, and the score without and with the adjustment. The same offsets negated say + (nothing is hard-coded)."""
    from xmdesk.core.text.sentiment import featurize

    _code_all(study)
    adjust.learn_adjustment(study)
    kept = adjust.load_adjustment(study)
    assert kept is not None
    comment = "这个月话费又偷跑"
    why = adjust.why_moved(kept, comment)
    assert why is not None and (why.before.polarity, why.after.polarity) == ("neutral", "negative")
    assert why.after.score == _polarities(study)[comment][1]  # the score the analysis shows
    top = why.words[0]
    assert (top.text, top.sign, top.spans) == ("偷跑", -1, (Span(6, 8, -1),))
    word_buckets = np.unique(featurize(["偷跑"], kept.bits).cols)
    scale = float(featurize([comment], kept.bits).values[0])
    assert top.weight == pytest.approx(float(kept.dense[word_buckets].sum()) * scale, rel=1e-5)
    assert all(abs(w.weight) <= abs(top.weight) for w in why.words) and len(why.words) <= adjust.MOST_WORDS
    assert adjust.why_moved(kept, UNRELATED[0]) is None  # shares no n-gram: not moved, nothing to explain

    negated = adjust.Adjustment(kept.buckets, -kept.offsets, kept.bits, kept.codes, kept.held_out)
    adjust.save_adjustment(study, negated)
    flipped = adjust.why_moved(adjust.load_adjustment(study), comment)  # type: ignore[arg-type]
    assert flipped is not None and flipped.after.polarity == "positive"
    assert (flipped.words[0].text, flipped.words[0].sign) == ("偷跑", 1)
