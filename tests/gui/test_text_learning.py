"""'Learn from my codes' in the Text area (issue 21): the study's own adjustment of the model, learned on a worker
from the polarities set by hand, shown in the summary line, and removed on request.

The study is the telecom one of tests/core/test_text_adjust.py: 25 coded comments teach 偷跑, 闪退, 甩锅, 踢皮球
(negative) and 丝滑, 秒回 (positive) to six comments nobody coded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from xmdesk.core.study.file import Study
from xmdesk.core.text import adjust
from xmdesk.gui.text.area import TextArea

from tests.cli.run import xmdesk
from tests.core.test_text_adjust import UNCODED, _code_all, _study
from tests.gui.conftest import ShownMessages
from tests.gui.test_text_area import open_text_area

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _uncoded(area: TextArea) -> dict[str, str]:
    assert area.result is not None
    table = area.result.analysis.table
    return {row.text: row.polarity for row in table.itertuples() if row.text in dict(UNCODED)}


def _adjusted(area: TextArea) -> int:
    return area.result.analysis.sentiment.adjusted if area.result is not None else -1


def test_learning_from_my_codes_on_a_worker_and_removing_it(window, tmp_path: Path, qtbot,  # noqa: ANN001
                                                            message_boxes: ShownMessages, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "telecom.xmd"
    with _study(path) as study:
        _code_all(study)
    area = open_text_area(window, path, qtbot)
    assert set(_uncoded(area).values()) == {"neutral"} and not area.learning.remove_button.isVisibleTo(area)

    area.learning.learn_button.click()
    qtbot.waitUntil(lambda: _adjusted(area) == 25 and area.worker is not None and area.worker.done, timeout=60_000)
    assert _uncoded(area) == dict(UNCODED)
    assert "the model adjusted by 25 of this study's codes" in area.summary_label.text()
    assert any(text.startswith("Learned from 25 codes") for text in message_boxes.texts("information"))
    assert area.learning.remove_button.isVisibleTo(area) and area.learning.learn_button.isEnabled()
    area.tabs.setCurrentIndex(0)
    area.view.scrollToBottom()  # the comments nobody coded, after the coded ones
    area.grab().save(str(SHOTS / "text_learned_from_codes.png"))

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_args, **_kw: QMessageBox.StandardButton.Yes))
    area.learning.remove_button.click()
    qtbot.waitUntil(lambda: _adjusted(area) == 0 and area.worker is not None and area.worker.done, timeout=60_000)
    assert set(_uncoded(area).values()) == {"neutral"} and adjust.load_adjustment(area.study) is None
    assert "adjusted" not in area.summary_label.text() and not area.learning.remove_button.isVisibleTo(area)


def test_learning_without_enough_codes_says_so(window, tmp_path: Path, qtbot,  # noqa: ANN001
                                               message_boxes: ShownMessages) -> None:
    path = tmp_path / "few.xmd"
    _study(path).close()
    area = open_text_area(window, path, qtbot)
    area.learning.learn_button.click()
    qtbot.waitUntil(lambda: bool(message_boxes.texts("critical")), timeout=60_000)
    assert "at least 20 comments" in message_boxes.texts("critical")[0]
    qtbot.waitUntil(area.learning.learn_button.isEnabled, timeout=10_000)
    assert adjust.load_adjustment(area.study) is None


def test_what_another_process_learns_or_removes_shows_at_once(window, tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    """The CLI learns, then removes, while the window has the Text area open: the button that removes what was
    learned and the summary's 'adjusted by' follow (before, the button stayed as the window last set it)."""
    path = tmp_path / "telecom.xmd"
    with _study(path) as study:
        _code_all(study)
    area = open_text_area(window, path, qtbot)
    remove = area.learning.remove_button
    assert not remove.isVisibleTo(area)

    learned = xmdesk("text", str(path), "--survey", "voc", "--question", "comment", "--learn-from-codes", "--json")
    assert learned.returncode == 0, learned.stderr
    qtbot.waitUntil(lambda: remove.isVisibleTo(area) and _adjusted(area) == 25, timeout=60_000)
    assert "the model adjusted by 25 of this study's codes" in area.summary_label.text()

    removed = xmdesk("text", str(path), "--survey", "voc", "--question", "comment", "--remove-adjustment", "--json")
    assert removed.returncode == 0, removed.stderr
    qtbot.waitUntil(lambda: not remove.isVisibleTo(area) and _adjusted(area) == 0, timeout=60_000)
    assert "adjusted" not in area.summary_label.text()


def test_the_remove_button_follows_a_change_made_while_another_area_is_shown(window, tmp_path: Path,  # noqa: ANN001
                                                                           qtbot) -> None:  # noqa: ANN001
    """A second connection plays the other process while the Data area is shown: the Text area, hidden, does not
    analyse again until it is shown, but its button is right when it is."""
    path = tmp_path / "telecom.xmd"
    with _study(path) as study:
        _code_all(study)
    area = open_text_area(window, path, qtbot)
    window.study_page.show_area("data")
    with Study.open(path, window=False) as other:
        adjust.learn_adjustment(other)
    qtbot.waitUntil(lambda: area.learning.remove_button.isVisibleTo(area), timeout=10_000)
    assert _adjusted(area) == 0  # the analysis waits for the area to be shown


def test_a_comment_the_adjustment_moved_says_by_which_learned_words(window, tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    """Why this score, with an adjustment: 这个月话费又偷跑, which nobody coded, is negative because the codes taught
    偷跑. Its score is marked ↓, 偷跑 is underlined, and the tooltip gives the score without the adjustment and
    '偷跑 (−)'; a comment coded by hand says nothing of the adjustment (the analyst's code decides it)."""
    from xmdesk.gui.text.comments_model import COMMENT, SENTIMENT, HtmlRole

    path = tmp_path / "telecom.xmd"
    with _study(path) as study:
        _code_all(study)
        adjust.learn_adjustment(study)
        kept = adjust.load_adjustment(study)
    assert kept is not None
    area = open_text_area(window, path, qtbot)
    rows = {area.comments.data(area.comments.index(r, COMMENT)): r for r in range(area.comments.rowCount())}

    moved = rows["这个月话费又偷跑"]
    why = adjust.why_moved(kept, "这个月话费又偷跑")
    assert why is not None
    assert area.comments.data(area.comments.index(moved, SENTIMENT)).endswith("Negative ↓")
    assert "<u>偷跑</u>" in area.comments.data(area.comments.index(moved, COMMENT), HtmlRole)
    tip = area.comments.data(area.comments.index(moved, COMMENT), Qt.ItemDataRole.ToolTipRole)
    assert f"without it: {why.before.score:.2f} Neutral" in tip and "Learned from your codes: 偷跑 (−)" in tip
    assert "Learned from your codes: 偷跑 (−)" in area.comments.data(area.comments.index(moved, SENTIMENT),
                                                                     Qt.ItemDataRole.ToolTipRole)
    assert "Underlined, ↑↓: moved by what was learned from your codes." in area.keys_label.text()

    coded = rows["话费偷跑"]
    assert "↓" not in area.comments.data(area.comments.index(coded, SENTIMENT))
    assert "<u>" not in area.comments.data(area.comments.index(coded, COMMENT), HtmlRole)
    untouched = rows["信号满格"]  # shares no n-gram with the codes
    assert "Learned" not in area.comments.data(area.comments.index(untouched, COMMENT), Qt.ItemDataRole.ToolTipRole)
