"""Three-class polarity of CX comments as a native speaker reads them (issue 21).

The comments are the ones the issue quotes from the demo study, where the review-trained model alone
was wrong: 客服专业，一次就解决了问题 scored negative, 店员态度冷淡 positive, 无 a complaint.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core import responses
from xmdesk.core.study import Study
from xmdesk.core.survey import Question, QuestionType, create_survey
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
