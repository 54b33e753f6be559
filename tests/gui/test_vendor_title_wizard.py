"""The wizard's survey page for a 问卷星 export: the new survey's title is the export's and can be changed there,
and the tool's own columns are shown as the response fields they fill, not as questions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.core.test_vendor_layouts import WJX, xlsx
from tests.gui.test_import_wizard import area_with_file, check_clean_then_import, open_in
from xmdesk.core import messages
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.importing.area import ImportArea
from xmdesk.gui.importing.target import CHOICES, CODE, SOURCE, TYPE
from xmdesk.gui.importing.wizard import PAGES

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "import_vendor_fields.png"


def shape_rows(area: ImportArea) -> dict[str, tuple[str, str]]:
    """Per file column: the code cell and the choices cell of the shaping table."""
    table = area.wizard.target_page.shape
    return {table.item(row, SOURCE).text(): (table.item(row, CODE).text(), table.item(row, CHOICES).text())
            for row in range(table.rowCount())}


def test_the_title_of_a_new_survey_is_the_exports_and_is_edited_on_the_survey_page(qtbot: QtBot,
                                                                                   tmp_path: Path) -> None:
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        area = ImportArea(study)
        qtbot.addWidget(area)
        area.resize(1280, 800)
        area.show()
        qtbot.waitExposed(area)
        open_in(qtbot, area, xlsx(tmp_path / "nps_visit.xlsx", WJX))
        wizard = area.wizard
        wizard.next.click()  # to survey and columns
        assert PAGES[wizard.pages.currentIndex()] == "target"
        assert wizard.target_page.new_title.isVisible() and wizard.target_page.new_title.text() == "2024年5月门店满意度回访"
        rows = shape_rows(area)
        assert rows["来自IP"] == ("sys_ip", "Response field: IP address (personal: masked)")
        assert rows["序号"] == ("sys_respondent_id", "Response field: respondent id")
        assert rows["store"][0] == "sys_extra"
        assert not wizard.target_page.shape.cellWidget(list(rows).index("来自IP"), TYPE).isEnabled()  # no question type
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        area.grab().save(str(SCREENSHOT))

        wizard.target_page.new_title.selectAll()
        wizard.target_page.new_title.insert("五月门店回访")  # as an input method types it (key clicks are ASCII only)
        qtbot.keyClick(wizard.target_page.new_title, Qt.Key.Key_Return)
        wizard.next.click()  # to recode
        check_clean_then_import(qtbot, area)
        survey = load_survey(study, wizard.target_page.new_code.text())
        assert (survey.title_zh, [q.code for q in survey.questions]) == ("五月门店回访", ["q1", "q2", "q3"])


def test_an_empty_title_is_refused_and_the_title_kept(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        area = area_with_file(qtbot, study, xlsx(tmp_path / "门店回访.xlsx", WJX[1:]))  # no title above the header: the file's name
        wizard = area.wizard
        wizard.next.click()
        assert wizard.target_page.new_title.text() == "门店回访"
        wizard.target_page.new_title.selectAll()
        qtbot.keyClicks(wizard.target_page.new_title, "  ")
        qtbot.keyClick(wizard.target_page.new_title, Qt.Key.Key_Return)
        assert wizard.target_page.shape_note.text() == "A survey needs a title." and wizard.target_page.new_title.text() == "门店回访"
