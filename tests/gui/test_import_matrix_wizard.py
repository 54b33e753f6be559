"""The wizard's columns page with a grid of a 问卷星 export: its rows shown as one matrix question, one row left
out, the matrix renamed, its choices edited, then the import checked in the study."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from tests.core.test_import_matrix import WJX_GRID
from tests.core.test_import_samples import write_csv
from tests.gui.test_import_wizard import area_with_file, cell, check_clean_then_import, shape_row
from xmdesk.core import messages
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.importing.target import CHOICES, CODE, LABEL_ZH, SOURCE, TYPE


def test_wizard_shows_a_grid_as_one_matrix_and_imports_it_as_shaped(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        area = area_with_file(qtbot, study, write_csv(tmp_path / "grid.csv", WJX_GRID, encoding="gb18030"))
        wizard = area.wizard
        wizard.next.click()
        shape = wizard.target_page.shape
        service, place, price = (shape_row(wizard, f"2、({row})") for row in ("服务态度", "购物环境", "商品价格"))
        quality = shape_row(wizard, "3、您对以下方面的评价—商品质量")
        assert [cell(shape, place, c).text() for c in (CODE, LABEL_ZH, CHOICES)] == ["q2", "第2题", "购物环境: scale 1-5"]
        assert cell(shape, quality, CHOICES).text() == "商品质量: 好 / 一般 / 差"
        box = shape.cellWidget(place, TYPE)
        assert isinstance(box, QComboBox)
        assert ([box.itemText(i) for i in range(box.count())], box.isEnabled()) == (["matrix"], False)
        cell(shape, place, CODE).setText("service")  # renames the matrix: every row shows it
        assert [cell(shape, r, CODE).text() for r in (service, place, price)] == ["service"] * 3
        cell(shape, price, SOURCE).setCheckState(Qt.CheckState.Unchecked)
        assert cell(shape, price, CODE).text() == "service" and wizard.target_page.shape_note.text() == ""
        wizard.target_page.edit_choices(quality)  # a matrix answered with choices has them edited like a choice question
        cell(wizard.target_page.choices_dialog.choices, 2, 0).setText("bad")
        wizard.target_page.choices_dialog.accept()
        assert cell(shape, quality, CHOICES).text() == "商品质量: 好 / 一般 / 差"
        wizard.target_page.edit_choices(place)  # a matrix of scale points has no choices to edit
        assert "matrices answered with choices" in wizard.target_page.shape_note.text()
        wizard.next.click()
        check_clean_then_import(qtbot, area)
        survey = load_survey(study, "grid")
        matrix = survey.question("service")
        assert [i.label_zh for i in matrix.items] == ["服务态度", "购物环境"]
        assert [c.code for c in survey.question("q3").choices] == ["c1", "c2", "bad"]
        rows = study.conn.execute("SELECT service__r1, service__r2, q3__r1, q3__r2 FROM responses_grid ORDER BY id")
        assert rows.fetchall() == [(5, 4, 1, 2), (2, None, 3, None), (4, 3, 2, 1), (None, 5, 1, 3)]
