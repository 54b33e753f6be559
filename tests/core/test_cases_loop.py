"""Cases: SLA due times in working hours, the workflow and its history, and the Excel round trip."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest

from xmdesk.core.loop import workbook as case_workbook
from xmdesk.core.loop import cases
from xmdesk.core.loop import worktime
from xmdesk.core.errors import ModelError, StudyError
from xmdesk.core.study.file import Study
from tests.messages import raises_message

MON_0800_CST = datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)  # Monday 08:00 in UTC+8


def test_sla_counts_working_hours_only() -> None:
    calendar = worktime.WorkCalendar()  # Mon-Fri 9-12, 13-18 (8 h a day), UTC+8
    due = calendar.add_working_hours(MON_0800_CST, 4)
    assert due == datetime(2026, 11, 23, 6, 0, tzinfo=timezone.utc)  # 09-12 + 13-14 local = 14:00
    friday_5pm = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)  # Friday 17:00 local
    assert calendar.add_working_hours(friday_5pm, 24) == datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
    assert calendar.working_hours_between(friday_5pm, datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)) == 24


def test_holidays_and_make_up_days() -> None:
    calendar = worktime.WorkCalendar(holidays=("2026-11-24",), workdays=("2026-11-28",))
    # Monday 8 h, Tuesday a holiday, Wednesday to Friday 24 h, Saturday a make-up day: 40 h end Saturday 18:00.
    due = calendar.add_working_hours(MON_0800_CST, 40)
    assert due == datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
    assert worktime.WorkCalendar.from_json(calendar.to_json()) == calendar
    with pytest.raises(ModelError):
        worktime.WorkCalendar(periods=(("18:00", "09:00"),))


def test_open_case_due_time_uses_the_study_calendar(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        worktime.save_calendar(study, worktime.WorkCalendar(weekdays=(0, 1, 2, 3, 4, 5, 6),
                                                            periods=(("00:00", "23:59:59"),), utc_offset_minutes=0))
        rule = cases.add_rule(study, "测试", "detractor", {}, department="客服中心", sla_hours=2)
        routing = cases.rule_routing(study, rule)
        (case_id,) = cases.open_cases(study, routing, [cases.NewCase("t", "retail_cx", "u-1")], now=MON_0800_CST)
        assert cases.get_case(study, case_id).due_at == "2026-11-23T02:00:00+00:00"
        assert cases.get_case(study, case_id).is_overdue(datetime(2026, 11, 23, 3, tzinfo=timezone.utc))
        assert case_id in [c.id for c in cases.list_cases(study, overdue=True)]


def test_workflow_notes_assign_and_history(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        case = cases.list_cases(study, status="new", department="客服中心")[0]
        cases.set_status(study, case.id, "in_progress", "已致电客户")
        cases.add_note(study, case.id, "客户同意补偿")
        assert cases.assign(study, [case.id], owner="李娜", department="门店运营部") == 2
        cases.set_status(study, case.id, "resolved")
        cases.set_status(study, case.id, "closed")
        cases.set_status(study, case.id, "in_progress", "客户再次来电")  # reopened
        with pytest.raises(ModelError):
            cases.set_status(study, case.id, "new")
        steps = [(h["kind"], h["old_value"], h["new_value"]) for h in cases.history(study, case.id)]
        assert steps == [("opened", None, "new"), ("status", "new", "in_progress"), ("note", None, None),
                         ("owner", "", "李娜"), ("department", "客服中心", "门店运营部"),
                         ("status", "in_progress", "resolved"), ("status", "resolved", "closed"),
                         ("status", "closed", "in_progress")]
        assert all(h["at"] and h["actor"] is not None for h in cases.history(study, case.id))
        again = cases.get_case(study, case.id)
        assert (again.owner, again.department, again.note) == ("李娜", "门店运营部", "客户再次来电")
        counts = {c.department: c for c in cases.counts_by_department(study)}
        assert counts["门店运营部"].by_status == {"in_progress": 1}


def test_status_accepts_codes_and_chinese_labels() -> None:
    assert [cases.parse_status(t) for t in ("新建", "处理中", "resolved", " Closed ", "done", None)] == \
        ["new", "in_progress", "resolved", "closed", None, None]


def _reply(path: Path, out: Path, edits: dict[tuple[int, str], object]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for (row, column), value in edits.items():
        sheet.cell(row=row, column=header.index(column) + 1, value=value)
    book.save(out)


def test_department_round_trip_through_excel(demo_path: Path, tmp_path: Path) -> None:
    exported = tmp_path / "售后.xlsx"
    with Study.open(demo_path) as study:
        open_before = cases.list_cases(study, status=cases.OPEN_STATUSES, department="售后服务部")
        assert case_workbook.export_department(study, "售后服务部", exported) == len(open_before)
    book = openpyxl.load_workbook(exported)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["case_id", "status", "note"]
    assert sheet.protection.sheet
    assert not sheet["B3"].protection.locked and not sheet["C3"].protection.locked
    assert sheet["A3"].protection.locked and sheet["F3"].protection.locked
    (validation,) = sheet.data_validations.dataValidation
    assert "已解决" in validation.formula1 and "in_progress" in validation.formula1
    first, second = sheet["A3"].value, sheet["A4"].value
    returned = tmp_path / "returned.xlsx"
    _reply(exported, returned, {(3, "status"): "已解决", (3, "note"): "已退款并致歉",  # changed
                                (5, "case_id"): 999999,                              # unknown
                                (6, "status"): "搞定了"})                             # bad status
    with Study.open(demo_path) as study:
        result = case_workbook.import_replies(study, returned)
        assert result.updated == 1
        assert result.unchanged == len(open_before) - 3
        assert [(p["row"], p["case_id"]) for p in result.problems] == [(5, 999999), (6, sheet["A6"].value)]
        assert "999999" in result.problems[0]["reason"]
        assert cases.get_case(study, first).status == "resolved"
        assert cases.get_case(study, first).note == "已退款并致歉"
        assert cases.get_case(study, second).status == "new"  # unchanged row left alone
        # The same file again: the case moved on since the export, so its row is now a conflict.
        cases.set_status(study, second, "in_progress")
        conflict = tmp_path / "conflict.xlsx"
        _reply(exported, conflict, {(4, "status"): "已关闭"})
        again = case_workbook.import_replies(study, conflict)
        assert [p["row"] for p in again.problems] == [4]
        assert cases.get_case(study, second).status == "in_progress"


def test_a_file_that_is_not_a_case_workbook(demo_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["门店", "NPS"])
    book.save(other)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    with Study.open(demo_path) as study:
        with raises_message(StudyError, "loop.workbook_no_columns", "case_id"):
            case_workbook.import_replies(study, other)
        with raises_message(StudyError, "loop.workbook_unreadable", "junk.xlsx"):
            case_workbook.import_replies(study, junk)
        with raises_message(ModelError, "loop.no_department"):
            case_workbook.export_department(study, "财务部", tmp_path / "x.xlsx")


def test_a_status_change_is_undone_with_a_history_entry_unless_the_case_moved_on(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        case = cases.list_cases(study, status="new")[0]
        cases.set_status(study, case.id, "resolved", "已退款")
        assert cases.undo_status(study, case.id, "resolved") == "new"
        assert cases.get_case(study, case.id).status == "new"
        steps = [(h["kind"], h["old_value"], h["new_value"], h["note"]) for h in cases.history(study, case.id)]
        assert steps[-2:] == [("status", "new", "resolved", "已退款"), ("status", "resolved", "new", cases.UNDONE)]
        with pytest.raises(ModelError) as stale:  # it is back at new: nothing of that change is left to undo
            cases.undo_status(study, case.id, "resolved")
        assert stale.value.message_id == "loop.undo_stale"
        cases.set_status(study, case.id, "in_progress")
        cases.set_status(study, case.id, "resolved")
        cases.set_status(study, case.id, "closed")  # moved on before the undo of 'resolved'
        with pytest.raises(ModelError):
            cases.undo_status(study, case.id, "resolved")
        assert cases.get_case(study, case.id).status == "closed"
