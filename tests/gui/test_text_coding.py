"""The comment browser's "why this score" and the analyst's last word (issue 21), on the demo study.

Keys 1/2/3 code the selected comment's polarity by hand, T picks its topics, Q marks it quotable;
the code is stored in the study, shown at once with the summary's "by hand" count, and wins on the
next analysis. Screenshots go to docs/screenshots/ (text_browser_coded.png, text_topics_neutral.png).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from xmdesk.core.text.codes import load_codes
from xmdesk.gui.text.comments_model import COMMENT, SENTIMENT, TOPICS, HtmlRole
from xmdesk.gui.text.topic_picker import TopicPicker

from tests.gui.test_text_area import choose_question, open_text_area, wait_for_analysis

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _row_of(area, text: str) -> int:  # noqa: ANN001
    return next(r for r in range(area.comments.rowCount()) if area.comments.index(r, COMMENT).data() == text)


def test_drivers_are_highlighted_and_topics_carry_their_own_polarity(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    area = open_text_area(window, demo_path, qtbot)
    choose_question(area, "retail_cx/improve_text", qtbot)
    row = _row_of(area, "店员态度冷淡，爱答不理")
    assert "Negative" in area.comments.index(row, SENTIMENT).data() or "负" in area.comments.index(row, SENTIMENT).data()
    html = area.comments.index(row, COMMENT).data(HtmlRole)
    # The two words that made it negative on a red ground (冷淡 is a codebook word too: bold as well).
    assert 'background-color:#f7d9d6"><b style="color:#b3541e">冷淡</b></span>' in html
    assert 'background-color:#f7d9d6"><b style="color:#b3541e">爱答不理</b></span>' in html
    assert "服务态度 <b" in area.comments.index(row, TOPICS).data(HtmlRole) and "−" in area.comments.index(
        row, TOPICS).data(HtmlRole)


def test_keys_code_a_comment_by_hand_and_the_code_wins_on_the_next_analysis(window, demo_path: Path,  # noqa: ANN001
                                                                             qtbot, monkeypatch) -> None:
    area = open_text_area(window, demo_path, qtbot)
    choose_question(area, "retail_cx/improve_text", qtbot)
    row = _row_of(area, "优惠活动规则太复杂")
    area.view.setCurrentIndex(area.comments.index(row, COMMENT))
    area.view.setFocus()
    rid = area.comments.response_id(row)
    qtbot.keyClick(area.view, Qt.Key.Key_2)  # neutral, by hand (the analyst reads it as a remark)
    qtbot.keyClick(area.view, Qt.Key.Key_Q)  # quotable

    def tick(picker: TopicPicker) -> int:  # the analyst ticks 价格 and 退款 in the modal picker and presses OK
        for i in range(picker.list.count()):
            item = picker.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in ("价格", "退款") else Qt.CheckState.Unchecked)
        return 1

    monkeypatch.setattr(TopicPicker, "exec", tick)
    qtbot.keyClick(area.view, Qt.Key.Key_T)
    code = load_codes(area.study, "retail_cx", "improve_text")[rid]
    assert (code.polarity, code.topics, code.quotable) == ("neutral", ("价格", "退款"), True)
    shown = area.comments.index(row, SENTIMENT).data()
    assert "✎" in shown and "★" in shown
    assert area.result.analysis.sentiment.by_hand == 1
    assert "999" in area.summary_label.text() and " 1 " in area.summary_label.text().replace(",", "")
    assert area.comments.index(row, TOPICS).data() == "价格、退款"
    area.view.scrollTo(area.comments.index(row, COMMENT))
    area.resize(1280, 760)
    SHOTS.mkdir(parents=True, exist_ok=True)
    area.grab().save(str(SHOTS / "text_browser_coded.png"))

    area.analyse()  # a full analysis again: the analyst's code wins over the model
    wait_for_analysis(area, qtbot)
    table = area.result.analysis.table.set_index("response_id")
    assert table.at[rid, "polarity"] == "neutral" and table.at[rid, "topics"] == ["价格", "退款"]
    area.tabs.setCurrentIndex(0)
    area.view.setCurrentIndex(area.comments.index(_row_of(area, "优惠活动规则太复杂"), COMMENT))
    qtbot.keyClick(area.view, Qt.Key.Key_0)  # the model's polarity again; topics and quotable stay
    code = load_codes(area.study, "retail_cx", "improve_text")[rid]
    assert code.polarity is None and code.topics == ("价格", "退款")


def test_the_topic_table_counts_neutral_mentions_apart(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    area = open_text_area(window, demo_path, qtbot)
    choose_question(area, "retail_cx/like_text", qtbot)
    stats = {t.topic: t for t in area.result.analysis.topics}
    # 客服专业，一次就解决了问题 and the other praise of expertise: positive now (the model alone made it red).
    assert stats["专业程度"].n > 0 and stats["专业程度"].negative_share < 10
    header = [area.topic_table.horizontalHeaderItem(c).text() for c in range(area.topic_table.columnCount())]
    assert header[:3] == ["Topic", "Comments", "Neutral"] or header[2] == "中性"
    row = next(r for r in range(area.topic_table.rowCount()) if area.topic_table.item(r, 0).text() == "专业程度")
    assert area.topic_table.item(row, 2).text() == f"{stats['专业程度'].neutral:,}"
    area.tabs.setCurrentIndex(1)
    area.resize(1280, 760)
    area.grab().save(str(SHOTS / "text_topics_neutral.png"))
