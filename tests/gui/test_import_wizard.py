"""The import wizard driven like a user: open a file, map it, recode, check, import; and the O-data pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Qt
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from tests.core.test_import_proposed_edits import WJX_SHAPE
from tests.core.test_import_samples import WJX_TEXT, write_csv, write_xlsx
from xmdesk.core import messages
from xmdesk.core.importing.run import SAMPLE_ROWS
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey, load_survey
from xmdesk.gui.importing.area import ImportArea
from xmdesk.gui.importing.target import CHOICES, CODE, LABEL_EN, LABEL_ZH, SOURCE, TYPE
from xmdesk.gui.importing.wizard import PAGES, ImportWizard


def area_with_file(qtbot: QtBot, study: Study, path: Path) -> ImportArea:
    """The study's Import area with `path` read into its wizard, on the preview: how most import tests start."""
    area = ImportArea(study)
    qtbot.addWidget(area)
    open_in(qtbot, area, path)
    return area


def open_in(qtbot: QtBot, area: ImportArea, path: Path) -> None:
    area.open_file(str(path))
    wait_for_job(qtbot, area, "preview")


def wait_for_job(qtbot: QtBot, area: ImportArea, page: str) -> None:
    qtbot.waitUntil(lambda: PAGES[area.wizard.pages.currentIndex()] == page, timeout=20000)
    QThreadPool.globalInstance().waitForDone(5000)


def check_clean_then_import(qtbot: QtBot, area: ImportArea) -> None:
    """From the recode page: the check finds no problem, then the import runs (both on workers)."""
    area.wizard.next.click()
    wait_for_job(qtbot, area, "check")
    assert area.wizard.check_page.problems.rowCount() == 0
    area.wizard.next.click()
    wait_for_job(qtbot, area, "import")


BAD_ROW = ["5", "2024/5/5 10:00:00", "70秒", "微信", "1.1.1.1", "男", "满意", "微信", "15分", "好"]


def test_wizard_new_survey_from_a_wjx_export(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    path = write_csv(tmp_path / "may.csv", WJX_TEXT, encoding="gb18030")
    with Study.create(tmp_path / "s.xmd") as study:
        area = area_with_file(qtbot, study, path)
        wizard = area.wizard
        assert "Wenjuanxing" in wizard.file_page.file_info.text() and "GB18030" in wizard.file_page.file_info.text()
        assert PAGES[wizard.pages.currentIndex()] == "preview"
        assert "[NPS 0-10]" in wizard.preview_page.preview.horizontalHeaderItem(8).text()
        assert wizard.preview_page.preview.item(0, 5).text() == "男"
        wizard.next.click()  # to survey and columns
        assert wizard.target_page.new_radio.isChecked() and wizard.target_page.new_code.text() == "may"
        wizard.next.click()  # to recode
        fields = [wizard.recode_page.recode_fields.item(i).text() for i in range(wizard.recode_page.recode_fields.count())]
        assert "2、您对本次服务的满意度" in fields
        wizard.recode_page.recode_fields.setCurrentRow(fields.index("2、您对本次服务的满意度"))
        labels = {wizard.recode_page.recodes.item(r, 0).text(): wizard.recode_page.recodes.item(r, 1).text()
                  for r in range(wizard.recode_page.recodes.rowCount())}
        assert labels["非常满意"] == "5" and labels["不满意"] == "2"
        wizard.next.click()  # check, on a worker
        wait_for_job(qtbot, area, "check")
        assert wizard.check_page.problems.rowCount() == 0 and "No problems" in wizard.check_page.check_summary.text()
        wizard.next.click()  # import, on a worker
        wait_for_job(qtbot, area, "import")
        assert "Imported 4 row(s) into survey may" in wizard.import_page.outcome.text()
        survey = load_survey(study, "may")
        assert study.conn.execute(f'SELECT q1, q2, q4 FROM "{survey.response_table}" ORDER BY id').fetchall() == [
            (1, 5, 9), (2, 3, 6), (2, 2, 3), (1, 4, 10)]
        assert [area.history.table.item(0, c).text() for c in (1, 2, 4, 6)] == [
            "may.csv", "Wenjuanxing", "4", "done"]


def test_wizard_maps_onto_an_existing_survey_and_the_user_fixes_a_column(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        create_survey(study, "cx", questions=[
            Question("gender", QuestionType.SINGLE, label_zh="您的性别",
                     choices=[Choice("m", 1, "Male", "男"), Choice("f", 2, "Female", "女")]),
            Question("likely", QuestionType.NPS, label_en="NPS"),
            Question("note", QuestionType.TEXT, label_zh="备注")])
        area = area_with_file(qtbot, study, write_csv(tmp_path / "wjx.csv", WJX_TEXT + [BAD_ROW]))
        wizard = area.wizard
        wizard.next.click()
        wizard.target_page.existing_radio.setChecked(True)
        sources = [wizard.target_page.columns.item(r, 0).text() for r in range(wizard.target_page.columns.rowCount())]
        boxes = {s: wizard.target_page.columns.cellWidget(r, 1) for r, s in enumerate(sources)}
        assert all(isinstance(b, QComboBox) for b in boxes.values())
        assert boxes["1、您的性别"].currentData() == "gender"  # matched by text
        assert boxes["4、您向朋友推荐我们的可能性"].currentData() == ""  # not similar enough: the user maps it
        boxes["4、您向朋友推荐我们的可能性"].setCurrentIndex(boxes["4、您向朋友推荐我们的可能性"].findData("likely"))
        boxes["5、其他建议"].setCurrentIndex(boxes["5、其他建议"].findData("note"))
        wizard.next.click()
        wizard.next.click()
        wait_for_job(qtbot, area, "check")
        assert [wizard.check_page.problems.item(0, c).text() for c in range(4)] == [
            "6", "4、您向朋友推荐我们的可能性", "15分", "out of range 0–10"]
        wizard.check_page.skip_radio.setChecked(True)
        wizard.next.click()
        wait_for_job(qtbot, area, "import")
        assert "1 row" in wizard.import_page.outcome.text() and "with problems" in wizard.import_page.outcome.text()
        rows = study.conn.execute('SELECT gender, likely, note FROM responses_cx ORDER BY id').fetchall()
        assert rows == [(1, 9, "很好"), (2, 6, None), (2, 3, "排队太久"), (1, 10, None)]


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def shape_row(wizard: ImportWizard, source: str) -> int:
    return next(r for r in range(wizard.target_page.shape.rowCount()) if cell(wizard.target_page.shape, r, SOURCE).text() == source)


def test_wizard_shapes_the_new_survey_before_importing(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        area = area_with_file(qtbot, study, write_xlsx(tmp_path / "june.xlsx", WJX_SHAPE))
        wizard = area.wizard
        wizard.next.click()
        shape = wizard.target_page.shape
        assert wizard.target_page.column_tables.currentWidget() is shape and not wizard.target_page.choices_button.isHidden()
        gender, store, ip = (shape_row(wizard, s) for s in ("1、您的性别", "4、门店编号", "来自IP"))
        assert [cell(shape, gender, c).text() for c in (CODE, LABEL_ZH, CHOICES)] == ["q1", "您的性别", "男 / 女"]
        cell(shape, gender, CODE).setText("q2")  # taken: refused beside the table, the cell shows the code again
        assert "already used" in wizard.target_page.shape_note.text() and cell(shape, gender, CODE).text() == "q1"
        cell(shape, gender, CODE).setText("gender")
        cell(shape, gender, LABEL_EN).setText("Gender")
        assert wizard.target_page.shape_note.text() == "" and cell(shape, gender, CODE).text() == "gender"
        box = shape.cellWidget(store, TYPE)
        assert isinstance(box, QComboBox)
        assert [box.itemData(i) for i in range(box.count())] == ["single", "number", "text"]
        box.setCurrentIndex(box.findData("single"))
        assert cell(shape, store, CHOICES).text() == "Option 101 / Option 102 / Option 103"
        cell(shape, ip, SOURCE).setCheckState(Qt.CheckState.Unchecked)
        wizard.target_page.edit_choices(gender)
        dialog = wizard.target_page.choices_dialog
        cell(dialog.choices, 0, 0).setText("c2")  # the codes of the two choices swapped
        cell(dialog.choices, 1, 0).setText("c1")
        cell(dialog.choices, 0, 2).setText("男性")
        dialog.accept()
        assert not dialog.isVisible() and cell(shape, gender, CHOICES).text() == "男性 / 女"
        wizard.target_page.new_code.setText("june_shaped")
        wizard.target_page.new_code.editingFinished.emit()  # the survey's code changes, the shaping stays
        assert cell(shape, gender, CODE).text() == "gender" and wizard.plan.survey.code == "june_shaped"
        wizard.next.click()  # to recode: a split multiple-choice field's answers are recoded by choice code
        fields = [wizard.recode_page.recode_fields.item(i).text() for i in range(wizard.recode_page.recode_fields.count())]
        wizard.recode_page.recode_fields.setCurrentRow(fields.index("3、您通过哪些渠道了解我们？"))
        answers = {cell(wizard.recode_page.recodes, r, 0).text(): r for r in range(wizard.recode_page.recodes.rowCount())}
        cell(wizard.recode_page.recodes, answers["朋友推荐"], 1).setText("c9")
        wizard.recode_page.recode_fields.setCurrentRow(0)
        assert "'c9' is not a choice of question q3" in wizard.recode_page.recode_note.text()
        wizard.recode_page.recode_fields.setCurrentRow(fields.index("3、您通过哪些渠道了解我们？"))
        cell(wizard.recode_page.recodes, answers["朋友推荐"], 1).setText("c1")
        check_clean_then_import(qtbot, area)
        survey = load_survey(study, "june_shaped")
        assert "IP" not in [q.code for q in survey.questions]
        question = survey.question("gender")
        assert (question.label_en, [(c.code, c.value, c.label_zh) for c in question.choices]) == (
            "Gender", [("c2", 1, "男性"), ("c1", 2, "女")])
        assert survey.question("q4").type is QuestionType.SINGLE
        rows = study.conn.execute("SELECT gender, q4, q3__c1, q3__c3 FROM responses_june_shaped ORDER BY id")
        assert rows.fetchall() == [
            (1, 101, 1, 0), (2, 102, 0, 0), (2, 101, 1, 0), (1, 103, None, None), (1, 102, 1, 0), (2, 103, 0, 0)]


def test_odata_page_and_customer_profile(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        answers = write_csv(tmp_path / "answers.csv", [["customer", "满意度"], ["C1", "非常满意"], ["C2", "不满意"]])
        area = area_with_file(qtbot, study, answers)
        area.wizard.next.click()
        shape = area.wizard.target_page.shape  # a new survey: the proposed questions are shown to be shaped
        assert area.wizard.target_page.column_tables.currentWidget() is shape
        assert [shape.item(r, 1).text() for r in range(shape.rowCount())] == ["customer", "col2"]
        area.wizard.next.click()
        area.wizard.next.click()
        wait_for_job(qtbot, area, "check")
        area.wizard.next.click()
        wait_for_job(qtbot, area, "import")
        orders = write_csv(tmp_path / "orders.csv", [["order", "customer", "amount"], ["A1", "C1", "99.5"],
                                                     ["A2", "C1", "12"], ["A3", "C2", "7"]])
        page = area.odata_page
        page.open_file(str(orders))
        page.key_box.setCurrentText("order")
        page.customer_box.setCurrentIndex(page.customer_box.findData("customer"))
        page.refresh()
        page.joins_box.setCurrentIndex(page.joins_box.findData("customer"))
        page.run()
        qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2, timeout=20000)
        assert [page.tree.topLevelItem(1).text(c) for c in (0, 2, 3, 4)] == ["orders", "order", "customer", "customer"]
        assert page.tree.topLevelItem(1).text(1).startswith("3 row")
        area.profile.customer.setText("C1")
        area.profile.show_customer()
        assert area.profile.answers.rowCount() == 1 and area.profile.records.rowCount() == 2
        headers = [area.profile.records.horizontalHeaderItem(c).text() for c in range(area.profile.records.columnCount())]
        amounts = [area.profile.records.item(r, headers.index("amount")).text() for r in range(2)]
        assert amounts == ["99.5", "12"]


def test_dropping_an_export_on_the_window_opens_the_wizard(window, qtbot: QtBot, demo_path: Path,  # noqa: ANN001
                                                           tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    window.open_study(str(demo_path))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(write_csv(tmp_path / "june.csv", WJX_TEXT)))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.study_page.current_area() == "import"
    wizard = window.study_page.areas["import"].wizard
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=20000)
    assert wizard.plan is not None and wizard.plan.file == "june.csv"
    assert PAGES[wizard.pages.currentIndex()] == "preview"


def test_the_check_names_options_found_after_the_sampled_rows(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    rows = [[str(n), "2024/5/1 10:30:00", "60秒", "链接", "1.2.3.4", "男" if n % 2 else "女", "满意", "微信",
             f"{n % 11}分", "好"] for n in range(1, SAMPLE_ROWS + 6)]
    rows[-1][5] = "不愿透露"
    path = write_csv(tmp_path / "late.csv", WJX_TEXT[:1] + rows)
    with Study.create(tmp_path / "s.xmd") as study:
        area = area_with_file(qtbot, study, path)
        wizard = area.wizard
        wizard.next.click()  # survey and columns
        row = next(r for r in range(wizard.target_page.shape.rowCount()) if wizard.target_page.shape.item(r, SOURCE).text() == "1、您的性别")
        assert wizard.target_page.shape.item(row, CHOICES).text() == "男 / 女"
        wizard.next.click()  # recode
        wizard.next.click()  # check, on a worker
        wait_for_job(qtbot, area, "check")
        assert wizard.check_page.problems.rowCount() == 0
        assert (f"New options of q1 after the first {SAMPLE_ROWS} rows, from which the survey was proposed: 不愿透露"
                in wizard.check_page.check_summary.text())
        wizard.back.click()
        wizard.back.click()  # the columns page shows the option the check found
        assert wizard.target_page.shape.item(row, CHOICES).text() == "男 / 女 / 不愿透露"
