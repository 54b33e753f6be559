"""Three-class polarity of CX comments as a native speaker reads them (issue 21).

The comments are the ones the issue quotes from the demo study, where the review-trained model alone
was wrong: 客服专业，一次就解决了问题 scored negative, 店员态度冷淡 positive, 无 a complaint.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core.survey import responses
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, create_survey
from xmdesk.core.text.analyze import analyze, sentiment_label
from xmdesk.core.text.codebook import Codebook, Topic
from xmdesk.core.text.sentiment import score_with

# The eight comments quoted in the issue, with the polarity a native speaker gives them.
ISSUE_COMMENTS = [
    ("客服专业，一次就解决了问题", "positive"),
    ("店员态度冷淡", "negative"),
    ("无", "neutral"),
    ("没什么需要改进的", "positive"),
    ("优惠活动规则太复杂", "negative"),
    ("价格有点贵但是服务很好", "positive"),
    ("希望增加收银台", "negative"),
    ("很满意，希望继续保持", "positive"),
]
# The kinds of CX language the issue names, one or two of each.
HARD_CASES = [
    ("没有", "neutral"), ("暂无", "neutral"), ("同上", "neutral"), ("不清楚", "neutral"),
    ("有会员卡吗？", "neutral"), ("我是周末去的", "neutral"),
    ("都挺好没什么建议", "positive"),
    ("不太满意", "negative"), ("没有想象中差", "positive"), ("一点都不慢", "positive"),
    ("虽然价格贵，但是质量很好", "positive"),
    ("拉胯", "negative"), ("踩雷了", "negative"), ("绝绝子", "positive"), ("yyds", "positive"),
    ("👍", "positive"), ("😡😡", "negative"),
    ("服務態度很差", "negative"), ("服务很nice", "positive"),
]


@pytest.mark.parametrize(("text", "expected"), ISSUE_COMMENTS + HARD_CASES)
def test_a_comment_gets_the_polarity_a_native_speaker_gives_it(text: str, expected: str) -> None:
    assert sentiment_label(score_with("ours", [text])[0]) == expected


def _study(path: Path, comments: list[str]) -> Study:
    study = Study.create(path)
    questions = [Question("nps", QuestionType.NPS, "NPS", "推荐度"),
                 Question("comment", QuestionType.TEXT, "Comment", "意见")]
    survey = create_survey(study, "voc", questions=questions, title_en="VOC", title_zh="客户之声")
    responses.insert_rows(study, survey, ["nps", "comment"], [(9, c) for c in comments])
    return study


def test_the_comment_table_carries_polarity_and_neutral_is_counted_apart(tmp_path: Path) -> None:
    study = _study(tmp_path / "voc.xmd", [text for text, _ in ISSUE_COMMENTS])
    with study:
        result = analyze(study, "voc", "comment", codebook=Codebook((Topic("价格", ("价格", "优惠")),)))
    assert result.table["polarity"].tolist() == [label for _, label in ISSUE_COMMENTS]
    summary = result.sentiment
    assert (summary.positive, summary.neutral, summary.negative) == (4, 1, 3)
    # % negative leaves the neutral 无 out: 3 of the 7 comments that hold an opinion.
    assert summary.share("negative") == pytest.approx(100 * 3 / 7)


ASPECT_BOOK = Codebook((Topic("价格", ("价格", "贵")), Topic("服务态度", ("服务", "态度")), Topic("排队", ("排队",))))


def test_a_contrast_comment_gives_each_topic_its_own_clause_sentiment(tmp_path: Path) -> None:
    comments = ["价格有点贵但是服务很好", "虽然排队太久，但是态度很好", "价格实惠"]
    with _study(tmp_path / "voc.xmd", comments) as study:
        result = analyze(study, "voc", "comment", codebook=ASPECT_BOOK)
    assert result.table["topic_polarity"].tolist() == [
        {"价格": "negative", "服务态度": "positive"},
        {"服务态度": "positive", "排队": "negative"},
        {"价格": "positive"},
    ]
    stats = {t.topic: t for t in result.topics}
    # 价格: negative in the first comment, positive in the third, though both comments are positive.
    assert stats["价格"].n == 2 and stats["价格"].negative_share == pytest.approx(50.0)
    assert stats["排队"].negative_share == pytest.approx(100.0) and stats["服务态度"].negative_share == 0.0


def test_neutral_mentions_of_a_topic_are_counted_apart(tmp_path: Path) -> None:
    with _study(tmp_path / "voc.xmd", ["价格太贵", "价格怎么查？", "价格实惠", "价格划算"]) as study:
        price = analyze(study, "voc", "comment", codebook=ASPECT_BOOK).topics[0]
    assert (price.n, price.neutral) == (4, 1)
    assert price.negative_share == pytest.approx(100 / 3)


def test_a_manual_code_survives_re_analysis_and_codebook_edits(tmp_path: Path) -> None:
    from xmdesk.core.text import cache
    from xmdesk.core.text.codebook import save_codebook
    from xmdesk.core.text.codes import set_code

    with _study(tmp_path / "voc.xmd", ["价格实惠", "店员态度很好", "无"]) as study:
        save_codebook(study, ASPECT_BOOK)
        assert analyze(study, "voc", "comment").table["polarity"].tolist()[0] == "positive"
        # The analyst reads 价格实惠 from this customer as ironic, and files it under 排队 too; 无 is quotable.
        set_code(study, "voc", "comment", 1, polarity="negative", topics=["价格", "排队"])
        set_code(study, "voc", "comment", 3, quotable=True)
        cache.clear(study)  # re-analysis from nothing
        save_codebook(study, Codebook((Topic("价格", ("便宜",)), Topic("服务态度", ("店员",)))))  # edited
        result = analyze(study, "voc", "comment")
    first = result.table.iloc[0]
    assert first["polarity"] == "negative" and first["sentiment"] < 0.4
    assert first["topics"] == ["价格", "排队"] and bool(first["coded"])
    assert first["topic_polarity"] == {"价格": "negative"}  # 排队 is no longer a codebook topic: listed, not counted
    assert result.table["quotable"].tolist() == [False, False, True]
    assert result.table["coded"].tolist() == [True, False, False]
    assert (result.sentiment.machine_coded, result.sentiment.by_hand) == (2, 1)
    assert {t.topic: t.negative_share for t in result.topics}["价格"] == 100.0


# Comparisons (issue 21): who is better than whom decides, not the adjective alone.
COMPARISONS = [
    ("别家都比这便宜", "negative"),  # the others are cheaper: negative about our price
    ("比上次慢多了", "negative"),
    ("隔壁比你们家快多了", "negative"),
    ("没有那家店的好吃", "negative"),  # not as tasty as that shop's
    ("没有想象中那么好", "negative"),
    ("真心不如以前了", "negative"),
    ("比别家便宜", "positive"),
    ("比以前好多了", "positive"),
    ("别家都不如这家", "positive"),
    ("没见过这么好的服务", "positive"),  # never seen service this good: praise, no comparison with a worse one
    ("没有比这更好的了", "positive"),
    ("送餐速度特别慢，其他的都还不错", "negative"),  # 'the rest is fine' concedes, the complaint stays
]


@pytest.mark.parametrize(("text", "expected"), COMPARISONS)
def test_a_comparison_reads_the_way_a_native_speaker_reads_it(text: str, expected: str) -> None:
    assert sentiment_label(score_with("ours", [text])[0]) == expected


def test_a_comparison_with_other_shops_is_negative_about_our_price(tmp_path: Path) -> None:
    comments = ["服务很好，但是别家都比这便宜", "价格比别家便宜，服务也好"]
    with _study(tmp_path / "voc.xmd", comments) as study:
        result = analyze(study, "voc", "comment", codebook=Codebook((Topic("价格", ("价格", "便宜")),
                                                                     Topic("服务态度", ("服务",)))))
    assert result.table["topic_polarity"].tolist() == [
        {"价格": "negative", "服务态度": "positive"},
        {"价格": "positive", "服务态度": "positive"},
    ]
