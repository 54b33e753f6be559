"""The import wizard takes SPSS files like any other: chosen or dropped, previewed, checked and imported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from pytestqt.qtbot import QtBot

from tests.core.test_import_spss import ROWS, SATISFACTION, write_gbk_sav
from tests.gui.test_import_wizard import area_with_file, check_clean_then_import
from xmdesk.core import messages
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, load_survey
from xmdesk.gui.importing.wizard import PAGES, importable

def test_a_gbk_sav_goes_through_preview_check_and_import(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    path = tmp_path / "门店满意度.sav"
    write_gbk_sav(path, SATISFACTION, ROWS, 936)
    with Study.create(tmp_path / "s.xmd") as study:
        area = area_with_file(qtbot, study, path)
        wizard = area.wizard
        assert PAGES[wizard.pages.currentIndex()] == "preview"
        assert wizard.preview_page.preview.item(0, 1).text() == "上海" and "[single choice]" in wizard.preview_page.preview.horizontalHeaderItem(
            0).text()
        wizard.next.click()  # to survey and columns
        wizard.next.click()  # to recode
        check_clean_then_import(qtbot, area)
        survey = load_survey(study, wizard.target_page.new_code.text())
        assert survey.questions[0].type is QuestionType.SINGLE and survey.questions[0].label() == "您对本店的总体满意度"
        assert study.conn.execute(f'SELECT q1, city FROM "{survey.response_table}" ORDER BY id').fetchall() == [
            (1, "上海"), (3, "北京"), (None, "广州"), (2, "深圳")]


def test_spss_files_can_be_dropped_on_the_window() -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile("/data/wave1.zsav")])
    assert importable(data) == "/data/wave1.zsav"
