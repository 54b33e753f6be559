"""The Text area on the demo study: analysis on a worker, filters, highlights, topics, codebook, cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.core.text import compute
from xmdesk.core.text.codebook import load_codebook
from xmdesk.gui.text.area import TextArea
from xmdesk.gui.text.codebook_dialog import CodebookDialog
from xmdesk.gui.text.comments_model import COMMENT, HtmlRole
from xmdesk.gui.text.response_dialog import ResponseDialog


def open_text_area(window, path: Path, qtbot) -> TextArea:  # noqa: ANN001
    window.open_study(path)
    window.study_page.show_area("text")
    area = window.study_page.areas["text"]
    wait_for_analysis(area, qtbot)
    return area


def wait_for_analysis(area: TextArea, qtbot) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: area.worker is not None and area.worker.done and area.result is not None, timeout=60_000)


def choose_question(area: TextArea, key: str, qtbot) -> None:  # noqa: ANN001
    area.question_combo.setCurrentIndex(area.question_combo.findData(key))
    qtbot.waitUntil(lambda: area.result is not None and area.result.analysis.question.code == key.split("/")[1],
                    timeout=60_000)


def test_analysis_runs_on_open_and_fills_every_view(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    area = open_text_area(window, demo_path, qtbot)
    choose_question(area, "retail_cx/improve_text", qtbot)
    analysis = area.result.analysis
    assert area.comments.rowCount() == len(analysis.table) == 1000
    assert area.topic_table.rowCount() == len(analysis.codebook.topics)
    queue = next(t for t in analysis.topics if t.topic == "排队")
    row = next(r for r in range(area.topic_table.rowCount()) if area.topic_table.item(r, 0).text() == "排队")
    assert area.topic_table.item(row, 1).text() == f"{queue.n:,}"
    assert area.topic_table.item(row, 6).text() == f"{queue.nps_with.nps:.1f}"
    assert area.topic_table.item(row, 2).text() == f"{queue.neutral:,}"
    assert area.keyword_chart.categories[:3] == [w for w, _ in analysis.tfidf[:3]]
    assert area.share_chart.categories[0] == max(analysis.topics, key=lambda t: t.n).topic
    assert "1,000" in area.summary_label.text()


def test_filters_and_highlighted_keywords(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    area = open_text_area(window, demo_path, qtbot)
    choose_question(area, "retail_cx/improve_text", qtbot)
    table = area.result.analysis.table
    area.topic_combo.setCurrentIndex(area.topic_combo.findData("排队"))
    expected = sum("排队" in t for t in table["topics"])
    assert area.comments.rowCount() == expected
    area.sentiment_combo.setCurrentIndex(area.sentiment_combo.findData("positive"))
    assert area.comments.rowCount() < expected
    area.sentiment_combo.setCurrentIndex(0)
    area.search_edit.setText("周末")
    area.apply_filters()  # what the debounce timer does
    assert 0 < area.comments.rowCount() < expected
    html = area.comments.index(0, COMMENT).data(HtmlRole)
    assert '<b style="color:' in html and "周末" in html and "排队" in html
    area.segment_combo.setCurrentIndex(area.segment_combo.findData("region"))
    assert area.segment_value_combo.isVisibleTo(area) and area.segment_value_combo.count() == 7
    area.nps_combo.setCurrentIndex(area.nps_combo.findData("promoter"))
    assert area.comments.rowCount() <= expected


def test_a_comment_opens_its_whole_response(window, demo_path: Path, qtbot,  # noqa: ANN001
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    area = open_text_area(window, demo_path, qtbot)
    shown: list[ResponseDialog] = []
    monkeypatch.setattr(ResponseDialog, "exec", lambda self: shown.append(self) or 0)
    index = area.comments.index(2, COMMENT)
    area.view.doubleClicked.emit(index)
    assert len(shown) == 1
    answers = {shown[0].table.item(r, 0).text(): shown[0].table.item(r, 1).text()
               for r in range(shown[0].table.rowCount())}
    assert index.data(Qt.ItemDataRole.DisplayRole) in answers.values()
    assert any(label.startswith("How likely") for label in answers)


def test_codebook_editor_saves_and_refuses_bad_rules(window, demo_path: Path, qtbot, message_boxes) -> None:  # noqa: ANN001
    area = open_text_area(window, demo_path, qtbot)
    dialog = CodebookDialog(area.study, area.result.analysis.codebook, area)
    qtbot.addWidget(dialog)
    rows = dialog.table.rowCount()
    dialog.table.item(0, 1).setText("/等了(分钟/")
    dialog.save()
    assert message_boxes.texts("critical") and "/等了(分钟/" in message_boxes.texts("critical")[0]
    assert dialog.result() == 0  # still open with the user's edits
    dialog.table.item(0, 1).setText("物流; 快递; 送货+慢")
    dialog._add_row("停车", "停车场; 车位")
    dialog.synonyms_edit.setPlainText("车位 = 停车场")
    dialog.save()
    book = load_codebook(area.study)
    assert len(book.topics) == rows + 1 and book.topic("停车").rules == ("停车场", "车位")
    assert book.topics[0].rules == ("物流", "快递", "送货+慢")
    assert area.study.conn.execute("SELECT canonical FROM text_synonyms WHERE variant='车位'").fetchone() == ("停车场",)


def test_cancel_leaves_the_study_as_it_was(window, demo_path: Path, qtbot,  # noqa: ANN001
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compute, "CHUNK", 1)
    original = compute._run_task

    def slow_task(task: compute.Task) -> tuple[str, int, list[str] | list[float]]:
        import time

        time.sleep(0.02)  # the demo has few distinct comments: give Cancel time to arrive
        return original(task)

    monkeypatch.setattr(compute, "_run_task", slow_task)
    window.open_study(demo_path)
    window.study_page.show_area("text")
    area = window.study_page.areas["text"]
    qtbot.waitUntil(lambda: area.worker is not None, timeout=10_000)
    area.worker.cancel()
    qtbot.waitUntil(area.analyse_button.isEnabled, timeout=30_000)  # the worker reported back
    assert area.worker.done and area.result is None
    with Study.open(demo_path, read_only=True) as study:
        assert study.conn.execute("SELECT count(*) FROM text_sentiment_cache").fetchone() == (0,)


def test_the_job_writes_the_text_cache_off_the_window_thread(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    """Issue 19's rule: the cache (tens of thousands of rows on a big study) is written by the analysis job, on
    its worker; the area only shows the result. The study tells its listeners on the thread that wrote."""
    window.open_study(demo_path)
    writers: list[int] = []

    def note_writer(changes: Changes) -> None:
        if changes.touches("text_cache"):
            writers.append(threading.get_ident())

    window.study.add_listener(note_writer)
    window.study_page.show_area("text")
    area = window.study_page.areas["text"]
    wait_for_analysis(area, qtbot)
    assert writers and threading.get_ident() not in writers
    assert area.study.conn.execute("SELECT count(*) FROM text_sentiment_cache").fetchone()[0] > 0
    assert area.study.conn.execute("SELECT count(*) FROM text_token_cache").fetchone()[0] > 0


def test_the_comment_count_follows_a_language_switch(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    """Found when the analysis came to end before a switch (the cache now written by the job): the count under the
    filters stayed in the language it was first shown in."""
    area = open_text_area(window, demo_path, qtbot)
    assert area.count_label.text() == "1000 comments"
    window.language_actions["zh"].trigger()
    qtbot.waitUntil(lambda: window.study_page.nav.item(0).text() == "问卷")
    assert area.count_label.text() == "1000 条评论"


def test_a_question_chosen_while_analysing_is_analysed_next(window, demo_path: Path, qtbot) -> None:  # noqa: ANN001
    window.open_study(demo_path)
    window.study_page.show_area("text")
    area = window.study_page.areas["text"]
    qtbot.waitUntil(lambda: area.worker is not None, timeout=10_000)
    area.question_combo.setCurrentIndex(area.question_combo.findData("retail_cx/other_text"))
    qtbot.waitUntil(lambda: area.result is not None and area.result.analysis.question.code == "other_text"
                    and area.worker.done, timeout=60_000)
    assert area.analyse_button.isEnabled()
