"""The wizard's preview shows how a CSV was read before anything is imported (issue 16, case 7): the rows
decoded, the encoding and separator, and the rows holding bytes not valid in that encoding, named."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.core.test_hostile_csv import mixed_file
from tests.gui.test_import_wizard import area_with_file
from xmdesk.core import messages
from xmdesk.core.study.file import Study
from xmdesk.gui.importing.wizard import PAGES


def test_the_preview_names_the_encoding_and_the_badly_encoded_rows(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    path = mixed_file(tmp_path / "mixed.csv", rows=40, bad_row=5)
    with Study.create(tmp_path / "s.xmd") as study:
        area = area_with_file(qtbot, study, path)
        wizard = area.wizard
        assert PAGES[wizard.pages.currentIndex()] == "preview"
        assert "Encoding UTF-8, separated by ," in wizard.preview_page.preview_note.text()
        assert wizard.preview_page.preview.item(0, 1).text() == "北京朝阳"  # decoded, not 鍖椾含鏈濋槼
        shown = [wizard.preview_page.preview.verticalHeaderItem(r).text() for r in range(wizard.preview_page.preview.rowCount())]
        assert shown[:5] == ["2", "3", "4", "5", "6"]  # file row numbers, as the messages name them
        assert "Rows not valid UTF-8 text (marked \ufffd): 5." in wizard.preview_page.preview_problem.text()
        assert wizard.preview_page.preview_problem.isVisibleTo(wizard)
        marked = wizard.preview_page.preview.item(3, 2)
        assert "\ufffd" in marked.text() and "Not valid UTF-8 text" in marked.toolTip()
        assert marked.background().color().name() != wizard.preview_page.preview.item(0, 2).background().color().name()
