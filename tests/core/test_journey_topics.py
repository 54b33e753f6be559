"""Journey touchpoints fed by a comment topic (issue 21): the card reads the clause that names the topic.

价格有点贵但是服务很好 is a positive comment, but negative about 价格: a 价格 touchpoint counts it
against the price, the 服务态度 touchpoint for the service.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core.journey import maps as J
from xmdesk.core.journey.scores import score_journey
from xmdesk.core.study.file import Study
from xmdesk.core.survey import responses
from xmdesk.core.survey.model import Question, QuestionType, create_survey
from xmdesk.core.text.codebook import Codebook, Topic, save_codebook

BOOK = Codebook((Topic("价格", ("价格", "贵", "便宜")), Topic("服务态度", ("服务", "态度"))))
COMMENTS = [
    (9, "north", "价格有点贵但是服务很好"),
    (8, "north", "价格有点贵但是服务很好"),
    (10, "north", "虽然价格贵，但是服务态度好"),
    (9, "south", "价格实惠，服务也好"),
    (3, "south", "服务态度冷淡"),
]


def _journey(*links: J.Link) -> J.Journey:
    items = [J.JourneyItem("touchpoint", link.metric, stage=0, link=link) for link in links]
    return J.Journey("topics", stages=[J.Stage("购买")], items=items)


@pytest.fixture
def study(tmp_path: Path):
    with Study.create(tmp_path / "voc.xmd") as opened:
        questions = [Question("nps", QuestionType.NPS, "NPS", "推荐度"),
                     Question("store", QuestionType.TEXT, "Store", "门店"),
                     Question("comment", QuestionType.TEXT, "Comment", "意见")]
        survey = create_survey(opened, "voc", questions=questions, title_en="VOC", title_zh="客户之声")
        responses.insert_rows(opened, survey, ["nps", "store", "comment"], COMMENTS)
        save_codebook(opened, BOOK)
        yield opened


def test_a_topic_touchpoint_counts_the_clause_that_names_the_topic(study: Study) -> None:
    journey = _journey(J.Link("voc", "comment", "topic:价格"), J.Link("voc", "comment", "topic:服务态度"))
    J.save_journey(study, journey)
    cards = score_journey(study, J.load_journey(study, "topics")).cards
    price, service = cards[0], cards[1]
    # 价格: negative in the three contrast comments (positive as wholes), positive in 价格实惠.
    assert (price.value, price.n, price.band) == (pytest.approx(25.0), 4, "poor")
    assert (service.value, service.n, service.band) == (pytest.approx(80.0), 5, "good")
    assert not price.broken and price.index == pytest.approx(25.0)


def test_a_topic_touchpoint_takes_the_link_filter(study: Study) -> None:
    card = score_journey(study, _journey(J.Link("voc", "comment", "topic:价格", "${store} = 'south'"))).cards[0]
    assert (card.value, card.n) == (pytest.approx(100.0), 1)


def test_a_topic_touchpoint_on_a_number_or_an_unknown_topic_is_a_broken_link(study: Study) -> None:
    cards = score_journey(study, _journey(J.Link("voc", "nps", "topic:价格"),
                                          J.Link("voc", "comment", "topic:停车"))).cards
    assert cards[0].band == "broken" and "nps" in cards[0].broken
    assert cards[1].band == "broken" and "停车" in cards[1].broken


def test_a_topic_metric_is_named_in_the_readers_language() -> None:
    assert J.metric_label("topic:价格", "zh") == "价格 正面占比"
    assert J.metric_label("topic:价格", "en") == "% positive about 价格"
    assert J.metric_label("nps", "en") == "NPS"
