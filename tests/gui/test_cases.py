"""The Cases area on the demo study: board filters, overdue rows, bulk assign, detail, rules run, actions."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from xmdesk.core.loop import alerts
from xmdesk.core.loop import cases
from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.gui.cases.area import CasesArea
from xmdesk.gui.cases.board import OVERDUE_BACKGROUND
from xmdesk.gui.study_page import StudyPage


@pytest.fixture
def area(qtbot, demo_path: Path):  # noqa: ANN001, ANN201
    """The Cases area on its study page, which tells it (and the other areas) what each write changed."""
    study = Study.open(demo_path)
    page = StudyPage(study)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show_area("cases")
    yield page.areas["cases"]
    page.stop_listening()
    study.close()


def test_board_filters_by_department_status_and_overdue(area: CasesArea) -> None:
    board = area.board
    study = area.study
    open_total = len(cases.list_cases(study, status=cases.OPEN_STATUSES))
    assert board.model.rowCount() == open_total > 0
    board.department_combo.setCurrentIndex(board.department_combo.findData("售后服务部"))
    assert {c.department for c in board.model.rows} == {"售后服务部"}
    assert "售后服务部" in board.counts_label.text()
    late = board.model.rows[0].id
    with study.transaction(Changes.of("cases")) as conn:
        conn.execute("UPDATE cases SET due_at = '2026-01-01T00:00:00+00:00' WHERE id = ?", (late,))
    board.overdue_check.setChecked(True)
    assert [c.id for c in board.model.rows] == [late]
    index = board.model.index(0, 5)
    assert board.model.data(index, Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND
    assert "overdue" in board.model.data(index)


def test_bulk_assign_and_status_change_in_the_detail(area: CasesArea) -> None:
    board = area.board
    board.view.selectRow(0)
    board.view.selectionModel().select(board.model.index(1, 0), board.view.selectionModel().SelectionFlag.Select
                                       | board.view.selectionModel().SelectionFlag.Rows)
    ids = board.selected_ids()
    assert len(ids) == 2
    board.assign(ids, "李娜")
    assert {cases.get_case(area.study, i).owner for i in ids} == {"李娜"}
    board.view.selectRow(0)
    detail = board.detail
    case_id = detail.case.id
    detail.status_combo.setCurrentIndex(detail.status_combo.findData("in_progress"))
    detail.note_edit.setText("已电话回访")
    detail.apply_button.click()
    assert cases.get_case(area.study, case_id).status == "in_progress"
    assert detail.history.topLevelItemCount() == len(cases.history(area.study, case_id))
    assert "已电话回访" in detail.history.topLevelItem(detail.history.topLevelItemCount() - 1).text(2)


def test_export_and_import_from_the_board(area: CasesArea, tmp_path: Path, message_boxes) -> None:  # noqa: ANN001
    board = area.board
    path = tmp_path / "kf.xlsx"
    written = board.export_to("客服中心", str(path))
    assert written == len(cases.list_cases(area.study, status=cases.OPEN_STATUSES, department="客服中心"))
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    first = sheet["A3"].value
    sheet["B3"] = "已解决"
    sheet["A4"] = 123456
    book.save(path)
    result = board.import_from(str(path))
    assert result is not None and result.updated == 1 and [p["row"] for p in result.problems] == [4]
    assert cases.get_case(area.study, first).status == "resolved"
    assert "Row 4" in message_boxes.texts("warning")[-1]


def test_run_rules_now_on_a_worker(area: CasesArea, qtbot) -> None:  # noqa: ANN001
    rules = area.rules
    assert rules.list.topLevelItemCount() == 2
    alerts.save_rule(area.study, alerts.Rule("CSAT 最低分", "low_score", {"question": "csat"}, "retail_cx", "门店运营部"))
    rules.reload()
    before = area.board.model.rowCount()
    with qtbot.waitSignal(rules.sig_ran, timeout=20000) as ran:
        rules.run_button.click()
    assert ran.args[0].new_cases > 0
    qtbot.waitUntil(lambda: area.board.model.rowCount() == before + ran.args[0].new_cases, timeout=2000)
    assert "new cases" in rules.result_label.text()


def test_rule_editor_saves_a_new_rule(area: CasesArea) -> None:
    rules = area.rules
    rules.new_rule()
    rules.name_edit.setText("投诉 12315")
    rules.kind_combo.setCurrentIndex(rules.kind_combo.findData("comment"))
    rules.definition_edit.setText('{"words": ["12315"]}')
    rules.department_combo.setCurrentText("客服中心")
    rules.save()
    assert [r.name for r in alerts.list_rules(area.study)][-1] == "投诉 12315"


def test_actions_panel_shows_the_effect_review(area: CasesArea) -> None:
    panel = area.actions_panel
    assert panel.list.topLevelItemCount() == 1
    text = panel.numbers_label.text()
    assert "Welch t" in text and "n " in text
    assert panel.chart.spec is not None and len(panel.chart.spec.series[0].values) == 2


def test_a_long_board_lists_the_most_urgent_and_counts_the_rest(area: CasesArea, monkeypatch) -> None:  # noqa: ANN001
    from xmdesk.gui.cases import board as board_module

    study = area.study
    urgent = cases.list_cases(study)[-1].id
    with study.transaction(Changes.of("cases")) as conn:
        conn.execute("UPDATE cases SET due_at = '2026-01-01T00:00:00+00:00' WHERE id = ?", (urgent,))
    monkeypatch.setattr(board_module, "BOARD_LIMIT", 5)
    area.board.reload()
    assert area.board.model.rowCount() == 5
    assert area.board.model.rows[0].id == urgent
    total = cases.count_cases(study, status=cases.OPEN_STATUSES)
    assert f"of {total}" in area.board.shown_label.text()


def test_working_hours_dialog_saves_the_study_calendar(area: CasesArea, message_boxes) -> None:  # noqa: ANN001
    from xmdesk.core.loop import worktime
    from xmdesk.gui.cases.worktime_dialog import WorkTimeDialog

    dialog = WorkTimeDialog(area.study, area)
    dialog.day_checks[5].setChecked(True)
    dialog.periods_edit.setText("08:30-12:00, 13:30-20:00")
    dialog.holidays_edit.setPlainText("2026-10-01\n2026-10-02\n")
    dialog.accept()
    calendar = worktime.load_calendar(area.study)
    assert calendar.weekdays == (0, 1, 2, 3, 4, 5)
    assert calendar.periods == (("08:30", "12:00"), ("13:30", "20:00"))
    assert calendar.holidays == ("2026-10-01", "2026-10-02")
    dialog.periods_edit.setText("nine to five")
    dialog.accept()
    assert "nine to five" in message_boxes.texts("critical")[-1]
    assert worktime.load_calendar(area.study) == calendar


def test_new_action_from_the_dialog_gets_its_review(area: CasesArea) -> None:
    from PySide6.QtCore import QDate

    from xmdesk.core.loop import actions
    from xmdesk.gui.cases.action_dialog import ActionDialog

    dialog = ActionDialog(area.study, None, area)
    dialog.title_edit.setText("售后退款提速")
    dialog.question_combo.setCurrentIndex(dialog.question_combo.findData("attr__aftersales"))
    dialog.metric_combo.setCurrentIndex(dialog.metric_combo.findData("top2"))
    dialog.start_edit.setDate(QDate(2026, 9, 1))
    item = next(dialog.pain_list.item(i) for i in range(dialog.pain_list.count())
                if "售后退款" in dialog.pain_list.item(i).text())
    item.setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    saved = actions.get_action(area.study, dialog.saved_id)
    assert (saved.target_question, saved.target_metric, saved.start_date, saved.date_column) == \
        ("attr__aftersales", "top2", "2026-09-01", "visit_date")
    assert [p.kind for p in saved.pain_points] == ["touchpoint"]
    panel = area.actions_panel
    panel.reload()
    panel.list.setCurrentIndex(panel.list.model().index(1, 0))
    assert "z (two proportions)" in panel.numbers_label.text()
