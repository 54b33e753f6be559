"""A touchpoint linked to a comment topic through the canvas's link dialog (issue 21).

The core could score `topic:价格` (tests/core/test_journey_topics.py) but the dialog offered only the
headline metrics of numeric questions, so an analyst could not make such a link, and opening one showed
the first metric (saving turned it into that metric).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from xmdesk.core.journey import maps as J
from xmdesk.core.journey.scores import score_link
from xmdesk.core.text.analyze import load_codebook_or_default
from xmdesk.gui.i18n import apply_language
from xmdesk.gui.journey.dialogs import LinkDialog
from tests.gui.test_journey_canvas import editor  # noqa: F401 - the demo map open in the canvas


@pytest.fixture(autouse=True)
def chinese():  # noqa: ANN201
    """The dialogs below are made in Chinese (the reader's language names the topic metrics)."""
    apply_language("zh")
    yield
    apply_language("en")


def _choose(dialog: LinkDialog, question: str, metric: str) -> None:
    dialog.question_combo.setCurrentIndex(dialog.question_combo.findData(question))
    dialog.metric_combo.setCurrentIndex(dialog.metric_combo.findData(metric))


def test_a_comment_question_offers_the_codebooks_topics_in_the_readers_language(qtbot, editor) -> None:  # noqa: ANN001
    dialog = LinkDialog(editor.study, None)
    qtbot.addWidget(dialog)
    dialog.question_combo.setCurrentIndex(dialog.question_combo.findData("improve_text"))
    offered = [(dialog.metric_combo.itemText(i), dialog.metric_combo.itemData(i))
               for i in range(dialog.metric_combo.count())]
    names = load_codebook_or_default(editor.study).names
    assert offered == [(f"{name} 正面占比", f"topic:{name}") for name in names] and "价格" in names
    dialog.question_combo.setCurrentIndex(dialog.question_combo.findData("nps"))
    assert dialog.metric_combo.currentData() == "nps" and dialog.metric_combo.count() == len(J.METRICS)


def test_linking_a_card_to_a_topic_through_the_dialog_shows_the_cores_figure(qtbot, editor) -> None:  # noqa: ANN001
    scene = editor.scene
    assert scene is not None
    index = next(i for i, item in enumerate(scene.journey.items) if item.kind == "touchpoint" and item.link)

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, LinkDialog):
            _choose(dialog, "improve_text", "topic:价格")
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        elif dialog is not None:
            dialog.close()  # not the link dialog: close it, so the test fails below instead of hanging

    QTimer.singleShot(0, fill_in)
    editor.edit_link(index)
    link = scene.journey.items[index].link
    assert link == J.Link("retail_cx", "improve_text", "topic:价格", link.filter if link else "")
    card = scene.card(index)
    expected = score_link(editor.study, link, scene.journey)
    assert card is not None and not card.broken and card.n > 0
    assert (card.value, card.n, card.band) == (pytest.approx(expected.value), expected.n, expected.band)

    reopened = LinkDialog(editor.study, link)  # a topic link opens on its topic, so OK keeps it
    qtbot.addWidget(reopened)
    assert reopened.link() == link


def test_a_link_to_a_topic_gone_from_the_codebook_opens_unchanged(qtbot, editor) -> None:  # noqa: ANN001
    link = J.Link("retail_cx", "improve_text", "topic:停车")
    dialog = LinkDialog(editor.study, link)
    qtbot.addWidget(dialog)
    assert dialog.link() == link and dialog.metric_combo.currentText() == "停车 正面占比"
