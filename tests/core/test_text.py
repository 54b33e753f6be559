"""Text analytics on real-looking comments: segmentation, codebook, topic-score linkage, cache, cancel.

Each test builds the study it needs on disk (a small survey with NPS, CSAT and a comment), so every
number can be worked out by hand.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from xmdesk.core.survey import responses
from xmdesk.core.analysis import metrics
from xmdesk.core.errors import Cancelled, ModelError
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, create_survey, load_survey
from xmdesk.core.text import cache, compute, segment
from xmdesk.core.text.analyze import COLUMNS, analyze, comment_table, sentiment_label
from xmdesk.core.text.browse import CommentFilter
from xmdesk.core.text.codebook import (Codebook, Topic, default_codebook, load_codebook, make_codebook,
                                       read_codebook_file, save_codebook, tag, write_codebook_file)
from xmdesk.core.text.lexicon import load_lexicon, save_terms, shipped_lexicon
from tests.messages import raises_message

# (NPS, CSAT, comment): the rows of the test survey.
ROWS = [
    (2, 1, "排队时间太长，等了二十多分钟，收银台只开了两个"),
    (5, 2, "售后推来推去，退款两个星期还没到账"),
    (9, 4, "不用排队，结账很快"),
    (10, 5, "店员态度很好，非常热情"),
    (8, 4, "价格实惠，会员价很划算"),
    (9, 5, "快递小哥送货及时，包装完好"),
    (3, 2, "客服态度差，问问题很不耐烦，还要排队"),
    (7, 3, None),
    (6, 3, "   "),
    (10, 5, "Great service, the queue was short!"),
]
CODEBOOK = Codebook((
    Topic("排队", ("排队", "等待", "/等了.{0,6}(分钟|小时)/", "-不用排队")),
    Topic("退款", ("退款", "退货")),
    Topic("服务态度", ("态度", "热情", "不耐烦")),
    Topic("客服", ("客服",)),
    Topic("价格", ("价格", "会员价+划算")),
    Topic("物流", ("快递", "物流", "queue+short")),
))


def _survey_study(path: Path, rows: list[tuple[int, int, str | None]] = ROWS) -> tuple[Study, Survey]:
    study = Study.create(path)
    questions = [Question("nps", QuestionType.NPS, "NPS", "推荐度"),
                 Question("csat", QuestionType.RATING, "CSAT", "满意度", props={"points": 5}),
                 Question("comment", QuestionType.TEXT, "Comment", "意见")]
    survey = create_survey(study, "voc", questions=questions, title_en="VOC", title_zh="客户之声")
    responses.insert_rows(study, survey, ["nps", "csat", "comment"], rows)
    return study, load_survey(study, "voc")


@pytest.fixture
def voc(tmp_path: Path) -> tuple[Study, Survey]:
    study, survey = _survey_study(tmp_path / "voc.xmd")
    yield study, survey
    study.close()


# -- segmentation --------------------------------------------------------------------------


def test_study_words_stay_whole_and_synonyms_count_as_one(voc: tuple[Study, Survey]) -> None:
    study, _ = voc
    text = "盒马鲜生的售后推来推去"
    before = segment.tokenize([text], load_lexicon(study))[0]
    assert "盒马鲜生" not in before  # jieba's dictionary does not know it
    save_terms(study, words=["盒马鲜生"], stopwords=["推来推去"], synonyms={"售后": "客服"})
    lexicon = load_lexicon(study)
    tokens = segment.tokenize([text], lexicon)[0]
    assert tokens[0] == "盒马鲜生"
    assert segment.terms(tokens, lexicon) == ["盒马鲜生", "客服"]  # 的 and the study's stop word are gone
    # The study's words never leak into the shipped tokenizer used by another study.
    assert "盒马鲜生" not in segment.tokenize([text], shipped_lexicon())[0]
    assert lexicon.segmenter_key() != shipped_lexicon().segmenter_key()


def test_cx_dictionary_and_english_comments() -> None:
    lexicon = shipped_lexicon()
    tokens = segment.tokenize(["快递小哥送货及时，自助结账机经常坏", "Great SERVICE, but the queue was too long!"],
                              lexicon)
    assert {"快递小哥", "自助结账机"} <= set(tokens[0])
    assert segment.terms(tokens[1], lexicon) == ["great", "service", "queue", "long"]


def test_english_comments_get_english_sentiment() -> None:
    from xmdesk.core.text.sentiment import score_with

    positive, negative, negated, neutral, chinese = score_with("ours", [
        "Great service, the staff were really helpful!", "Rude staff and a terrible wait.", "Not good at all",
        "We came on Tuesday", "排队太久了"])
    assert positive > 0.8 and negative < 0.2 and negated < 0.5 and neutral == 0.5 and chinese < 0.5


def test_bad_terms_are_refused_with_a_message(voc: tuple[Study, Survey]) -> None:
    study, _ = voc
    with raises_message(ModelError, "text.synonym_itself", "售后"):
        save_terms(study, synonyms={"售后": "售后"})
    with pytest.raises(ModelError):
        save_terms(study, words=["x" * 41])


# -- codebook ------------------------------------------------------------------------------


def test_codebook_tags_several_topics_per_comment() -> None:
    texts = [r[2] or "" for r in ROWS]
    tags = tag(texts, CODEBOOK)
    assert tags[0] == ["排队"]  # by word and by the regular expression
    assert tags[1] == ["退款", "客服"]  # 售后 counts as 客服 (shipped synonym)
    assert tags[2] == []  # "不用排队" is excluded from 排队
    assert tags[3] == ["服务态度"]
    assert tags[4] == ["价格"]
    assert tags[5] == ["物流"]
    assert tags[6] == ["排队", "服务态度", "客服"]
    assert tags[9] == ["物流"]  # queue+short: both words, case-insensitive


def test_bad_rules_name_their_topic() -> None:
    with raises_message(ModelError, "text.bad_rule", "排队"):
        make_codebook([("排队", ["/等了(分钟/"])])
    with raises_message(ModelError, "text.topic_without_rules", "退款"):
        make_codebook([("退款", ["-退货"])])  # only an exclusion
    with raises_message(ModelError, "text.duplicate_topic", "价格"):
        make_codebook([("价格", ["贵"]), ("价格", ["便宜"])])


def test_codebook_stored_in_the_study_and_in_files(voc: tuple[Study, Survey], tmp_path: Path) -> None:
    study, _ = voc
    assert load_codebook(study).topics == ()
    save_codebook(study, CODEBOOK)
    assert load_codebook(study) == CODEBOOK
    json_file = write_codebook_file(CODEBOOK, tmp_path / "book.json")
    assert read_codebook_file(json_file) == CODEBOOK
    csv_file = tmp_path / "book.csv"
    csv_file.write_text("topic,rules\n排队,排队;/等了.{0,6}(分钟|小时)/\n退款,退款、退货\n", encoding="utf-8-sig")
    assert read_codebook_file(csv_file) == Codebook((Topic("排队", ("排队", "/等了.{0,6}(分钟|小时)/")),
                                                     Topic("退款", ("退款", "退货"))))
    broken = tmp_path / "broken.json"
    broken.write_text('{"topics": [', encoding="utf-8")
    with raises_message(ModelError, "text.codebook_json", "broken.json"):
        read_codebook_file(broken)


def test_demo_study_ships_the_default_codebook(demo_path: Path) -> None:
    with Study.open(demo_path, read_only=True) as study:
        book = load_codebook(study)
    assert book == default_codebook()
    assert {"物流", "价格", "服务态度", "排队", "退款", "商品质量", "环境", "收银"} <= set(book.names)


# -- topics tied to scores ------------------------------------------------------------------


def test_topic_scores_equal_a_hand_computation(voc: tuple[Study, Survey]) -> None:
    study, survey = voc
    result = analyze(study, survey, "comment", codebook=CODEBOOK)
    assert len(result.table) == 8  # the empty and the blank comment are not comments
    queue = next(t for t in result.topics if t.topic == "排队")
    # Mentioned by rows 1 and 7 (NPS 2 and 3, CSAT 1 and 2): both detractors.
    assert queue.n == 2 and queue.share == pytest.approx(25.0)
    assert queue.nps_with is not None and queue.nps_with.nps == pytest.approx(-100.0)
    # Not mentioned: NPS 5, 9, 10, 8, 9, 10 -> 4 promoters, 1 detractor of 6.
    assert queue.nps_without is not None and queue.nps_without.nps == pytest.approx(100 * (4 - 1) / 6)
    assert queue.csat_with is not None and queue.csat_with.mean == pytest.approx(1.5)
    assert queue.csat_without is not None and queue.csat_without.mean == pytest.approx((2 + 4 + 5 + 4 + 5 + 5) / 6)
    assert queue.csat_without.top_box == pytest.approx(100 * 5 / 6)
    # The same numbers as the analysis engine gives for the same rows.
    assert queue.nps_with == metrics.nps([2, 3])
    scores = result.table.set_index("response_id")["sentiment"]
    assert queue.mean_sentiment == pytest.approx((scores[1] + scores[7]) / 2)
    empty = next(t for t in result.topics if t.topic == "物流")
    assert empty.n == 2 and empty.nps_with is not None and empty.nps_with.nps == pytest.approx(100.0)


def test_comment_table_is_the_stable_api(voc: tuple[Study, Survey]) -> None:
    study, survey = voc
    save_codebook(study, CODEBOOK)
    table = comment_table(study, "voc", "comment")
    assert tuple(table.columns) == COLUMNS
    assert table["response_id"].tolist() == [1, 2, 3, 4, 5, 6, 7, 10]
    assert table["topics"].tolist()[1] == ["退款", "客服"]
    assert all(0.0 <= s <= 1.0 for s in table["sentiment"])
    by_id = dict(zip(table["response_id"], table["sentiment"]))
    assert sentiment_label(by_id[2]) == "negative" and sentiment_label(by_id[4]) == "positive"
    with raises_message(ModelError, "text.not_text"):
        comment_table(study, survey, "nps")
    with raises_message(ModelError, "text.unknown_question"):
        comment_table(study, survey, "nothing")


def test_keywords_and_summary(voc: tuple[Study, Survey]) -> None:
    study, survey = voc
    result = analyze(study, survey, "comment", codebook=CODEBOOK)
    assert result.frequencies[0] == ("排队", 3)  # rows 1, 3, 7: 不用排队 counts too, it is a word count
    assert "排队" in [w for w, _ in result.tfidf][:5]
    assert result.textrank and all(len(w) >= 2 for w, _ in result.textrank)
    s = result.sentiment
    assert s.n == 8 and s.negative + s.neutral + s.positive == 8


def test_comment_filter(voc: tuple[Study, Survey]) -> None:
    study, survey = voc
    result = analyze(study, survey, "comment", codebook=CODEBOOK)
    from xmdesk.core.analysis.frame import load_frame

    answers = load_frame(study, survey, ["nps"])
    ids = result.table["response_id"].to_numpy()

    def shown(flt: CommentFilter) -> list[int]:
        return ids[flt.mask(result.table, answers)].tolist()

    assert shown(CommentFilter(topic="排队")) == [1, 7]
    assert shown(CommentFilter(topic="")) == [3]
    assert shown(CommentFilter(search="态度")) == [4, 7]
    assert shown(CommentFilter(nps_column="nps", nps_group="promoter")) == [3, 4, 6, 10]
    assert shown(CommentFilter(topic="客服", nps_column="nps", nps_group="detractor")) == [2, 7]


# -- the cache -----------------------------------------------------------------------------


def test_second_run_computes_nothing(voc: tuple[Study, Survey]) -> None:
    study, survey = voc
    first = analyze(study, survey, "comment", codebook=CODEBOOK)
    assert (first.computed_tokens, first.computed_scores) == (8, 8)
    again = analyze(study, survey, "comment", codebook=CODEBOOK)
    assert (again.computed_tokens, again.computed_scores) == (0, 0)
    assert again.table["sentiment"].tolist() == first.table["sentiment"].tolist()
    # One new comment and one repeated: only the new text is computed.
    responses.insert_rows(study, survey, ["nps", "csat", "comment"],
                          [(4, 2, "停车场太小，找车位找了半小时"), (9, 4, ROWS[2][2])])
    third = analyze(study, survey, "comment", codebook=CODEBOOK)
    assert (third.computed_tokens, third.computed_scores) == (1, 1)
    # A study word changes the segmentation, not the sentiment.
    save_terms(study, words=["停车场"])
    fourth = analyze(study, survey, "comment", codebook=CODEBOOK)
    assert (fourth.computed_tokens, fourth.computed_scores) == (9, 0)
    (stale,) = study.conn.execute("SELECT count(*) FROM text_token_cache WHERE segmenter != ?",
                                  (load_lexicon(study).segmenter_key(),)).fetchone()
    assert stale == 0


def test_read_only_study_is_analysed_and_left_unchanged(tmp_path: Path) -> None:
    study, survey = _survey_study(tmp_path / "ro.xmd")
    study.close()
    with Study.open(tmp_path / "ro.xmd", read_only=True) as ro:
        result = analyze(ro, "voc", "comment", codebook=CODEBOOK)
        assert result.computed_scores == 8 and len(result.entries.tokens) == 8
        assert ro.conn.execute("SELECT count(*) FROM text_sentiment_cache").fetchone() == (0,)
    with Study.open(tmp_path / "ro.xmd") as rw:
        cache.store(rw, result.entries)  # what the Text area's job does after analysing a read view
        assert analyze(rw, "voc", "comment", codebook=CODEBOOK).computed_scores == 0


def test_a_cancel_while_the_cache_is_stored_keeps_nothing(tmp_path: Path) -> None:
    """The Text area's job stores what it computed as its last step: Cancel pressed then rolls the rows back."""
    study, _ = _survey_study(tmp_path / "s.xmd")
    study.close()
    with Study.open(tmp_path / "s.xmd", read_only=True) as ro:
        entries = analyze(ro, "voc", "comment", codebook=CODEBOOK).entries
    token = CancelToken()
    token.cancel()
    with Study.open(tmp_path / "s.xmd") as rw:
        with pytest.raises(Cancelled):
            cache.store(rw, entries, token)
        assert rw.conn.execute("SELECT count(*) FROM text_sentiment_cache").fetchone() == (0,)
        assert rw.conn.execute("SELECT count(*) FROM text_token_cache").fetchone() == (0,)


def test_parallel_and_single_process_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [r[2] for r in ROWS if r[2] and r[2].strip()] * 3
    lexicon = shipped_lexicon()
    single = compute.compute(texts, texts, lexicon, "ours", processes=1)
    monkeypatch.setattr(compute, "PARALLEL_MIN", 0)
    monkeypatch.setattr(compute, "CHUNK", 4)
    done: list[int] = []
    parallel = compute.compute(texts, texts, lexicon, "ours", progress=lambda d, t, m: done.append(d), processes=2)
    assert parallel.tokens == single.tokens
    assert np.allclose([a.score for a in parallel.scores], [a.score for a in single.scores])
    assert [a.clauses for a in parallel.scores] == [a.clauses for a in single.scores]
    assert done[-1] == 2 * len(texts) and done == sorted(done)


# -- cancel ----------------------------------------------------------------------------------


def test_cancel_stops_and_stores_nothing(voc: tuple[Study, Survey], monkeypatch: pytest.MonkeyPatch) -> None:
    study, survey = voc
    monkeypatch.setattr(compute, "CHUNK", 2)
    token = CancelToken()
    seen: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        seen.append(done)
        if done > 50:  # some chunks in: the user presses Cancel
            token.cancel()

    with pytest.raises(Cancelled):
        analyze(study, survey, "comment", progress, token, codebook=CODEBOOK)
    assert study.conn.execute("SELECT count(*) FROM text_sentiment_cache").fetchone() == (0,)
    assert study.conn.execute("SELECT count(*) FROM text_token_cache").fetchone() == (0,)
    assert analyze(study, survey, "comment", codebook=CODEBOOK).computed_scores == 8


def test_snownlp_is_an_option_with_its_own_cache(voc: tuple[Study, Survey]) -> None:
    study, survey = voc
    ours = analyze(study, survey, "comment", codebook=CODEBOOK)
    snow = analyze(study, survey, "comment", model="snownlp", codebook=CODEBOOK)
    assert snow.computed_scores == 8 and snow.computed_tokens == 0  # tokens are shared
    assert snow.model_version.startswith("snownlp") and snow.model_version != ours.model_version
    assert not math.isclose(float(snow.table["sentiment"].sum()), float(ours.table["sentiment"].sum()))
    with raises_message(ModelError, "text.unknown_model"):
        analyze(study, survey, "comment", model="bert")


def test_default_codebook_file_is_valid_json() -> None:
    data = json.loads((Path(__file__).resolve().parents[2] / "resources" / "dictionaries" /
                       "codebook_zh.json").read_text(encoding="utf-8"))
    assert len(data["topics"]) == len(default_codebook().topics) >= 8


def test_a_question_without_comments(tmp_path: Path) -> None:
    study, survey = _survey_study(tmp_path / "empty.xmd", [(9, 5, None), (3, 1, "  ")])
    with study:
        result = analyze(study, survey, "comment", codebook=CODEBOOK)
        assert len(result.table) == 0 and tuple(result.table.columns) == COLUMNS
        assert result.sentiment.n == 0 and result.frequencies == [] and result.textrank == []
        assert all(t.n == 0 and math.isnan(t.share) for t in result.topics)
