"""The import wizard driven like a user: open a file, map it, recode, check, import; and the O-data pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from tests.core.test_import_samples import WJX_TEXT, write_csv
from xmdesk.core import messages
from xmdesk.core.study import Study
from xmdesk.core.survey import Choice, Question, QuestionType, create_survey, load_survey
from xmdesk.gui.areas.importing import ImportArea
from xmdesk.gui.importing.wizard import PAGES


def open_in(qtbot: QtBot, area: ImportArea, path: Path) -> None:
    area.open_file(str(path))
    wait_for_job(qtbot, area, "preview")


def wait_for_job(qtbot: QtBot, area: ImportArea, page: str) -> None:
    qtbot.waitUntil(lambda: PAGES[area.wizard.pages.currentIndex()] == page, timeout=20000)
    QThreadPool.globalInstance().waitForDone(5000)


BAD_ROW = ["5", "2024/5/5 10:00:00", "70秒", "微信", "1.1.1.1", "男", "满意", "微信", "15分", "好"]


def test_wizard_new_survey_from_a_wjx_export(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    path = write_csv(tmp_path / "may.csv", WJX_TEXT, encoding="gb18030")
    with Study.create(tmp_path / "s.xmd") as study:
        area = ImportArea(study)
        qtbot.addWidget(area)
        open_in(qtbot, area, path)
        wizard = area.wizard
        assert "Wenjuanxing" in wizard.file_info.text() and "GB18030" in wizard.file_info.text()
        assert PAGES[wizard.pages.currentIndex()] == "preview"
        assert "[NPS 0-10]" in wizard.preview.horizontalHeaderItem(8).text()
        assert wizard.preview.item(0, 5).text() == "男"
        wizard.next.click()  # to survey and columns
        assert wizard.new_radio.isChecked() and wizard.new_code.text() == "may"
        wizard.next.click()  # to recode
        fields = [wizard.recode_fields.item(i).text() for i in range(wizard.recode_fields.count())]
        assert "2、您对本次服务的满意度" in fields
        wizard.recode_fields.setCurrentRow(fields.index("2、您对本次服务的满意度"))
        labels = {wizard.recodes.item(r, 0).text(): wizard.recodes.item(r, 1).text()
                  for r in range(wizard.recodes.rowCount())}
        assert labels["非常满意"] == "5" and labels["不满意"] == "2"
        wizard.next.click()  # check, on a worker
        wait_for_job(qtbot, area, "check")
        assert wizard.problems.rowCount() == 0 and "No problems" in wizard.check_summary.text()
        wizard.next.click()  # import, on a worker
        wait_for_job(qtbot, area, "import")
        assert "Imported 4 row(s) into survey may" in wizard.outcome.text()
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
        area = ImportArea(study)
        qtbot.addWidget(area)
        open_in(qtbot, area, write_csv(tmp_path / "wjx.csv", WJX_TEXT + [BAD_ROW]))
        wizard = area.wizard
        wizard.next.click()
        wizard.existing_radio.setChecked(True)
        sources = [wizard.columns.item(r, 0).text() for r in range(wizard.columns.rowCount())]
        boxes = {s: wizard.columns.cellWidget(r, 1) for r, s in enumerate(sources)}
        assert all(isinstance(b, QComboBox) for b in boxes.values())
        assert boxes["1、您的性别"].currentData() == "gender"  # matched by text
        assert boxes["4、您向朋友推荐我们的可能性"].currentData() == ""  # not similar enough: the user maps it
        boxes["4、您向朋友推荐我们的可能性"].setCurrentIndex(boxes["4、您向朋友推荐我们的可能性"].findData("likely"))
        boxes["5、其他建议"].setCurrentIndex(boxes["5、其他建议"].findData("note"))
        wizard.next.click()
        wizard.next.click()
        wait_for_job(qtbot, area, "check")
        assert [wizard.problems.item(0, c).text() for c in range(4)] == [
            "6", "4、您向朋友推荐我们的可能性", "15分", "out of range 0–10"]
        wizard.skip_radio.setChecked(True)
        wizard.next.click()
        wait_for_job(qtbot, area, "import")
        assert "1 row" in wizard.outcome.text() and "with problems" in wizard.outcome.text()
        rows = study.conn.execute('SELECT gender, likely, note FROM responses_cx ORDER BY id').fetchall()
        assert rows == [(1, 9, "很好"), (2, 6, None), (2, 3, "排队太久"), (1, 10, None)]


def test_odata_page_and_customer_profile(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        answers = write_csv(tmp_path / "answers.csv", [["customer", "满意度"], ["C1", "非常满意"], ["C2", "不满意"]])
        area = ImportArea(study)
        qtbot.addWidget(area)
        open_in(qtbot, area, answers)
        area.wizard.next.click()
        boxes = [area.wizard.columns.cellWidget(0, 1)]
        assert boxes  # a new survey: the proposed columns are shown
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
