"""The department round trip: open cases out as a locked Excel workbook, replies back in.

Departments without XMDesk get their open cases as an .xlsx whose structure they cannot
break: the sheet is protected and only the reply columns (status, note, owner) are
unlocked; the status cell offers a list of the Chinese labels and the codes. Each row
also carries, locked, the status the case had at export, so an import can tell a reply
from a change made in XMDesk meanwhile (a conflict). Importing applies every good row
in one transaction and reports each bad row with its row number and reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from xmdesk.core import messages
from xmdesk.core.loop import cases
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError, StudyError
from xmdesk.core.files import check_suffix, sheet_row, write_output, xml_untext
from xmdesk.core.study.file import Study, now_iso

SHEET = "cases"
REPLY_COLUMNS = ("status", "note", "owner")
# (header, width): the first three are what a department fills in; the rest describes the case.
COLUMNS = (("case_id", 9), ("status", 12), ("note", 40), ("owner", 12), ("status_at_export", 14),
           ("title", 48), ("priority", 9), ("due", 21), ("customer_id", 12), ("customer", 10), ("phone", 14),
           ("do_not_disturb", 14), ("rule", 24), ("created_at", 21))
STATUS_CHOICES = [cases.STATUS_LABELS_ZH[s] for s in cases.STATUSES] + list(cases.STATUSES)
HEADER_HELP_ZH = {"case_id": "工单号", "status": "状态（可填）", "note": "处理说明（可填）", "owner": "负责人（可填）",
                  "status_at_export": "导出时状态", "title": "内容", "priority": "优先级", "due": "截止时间",
                  "customer_id": "客户编号", "customer": "客户", "phone": "电话", "do_not_disturb": "免打扰",
                  "rule": "预警规则", "created_at": "创建时间"}


def _department_id(study: Study, department: str) -> int:
    row = study.conn.execute("SELECT id FROM departments WHERE name = ?", (department,)).fetchone()
    if row is None:
        raise ModelError("loop.no_department", department=department,
                         known=", ".join(cases.department_names(study)) or "-")
    return int(row[0])


def export_department(study: Study, department: str, path: str | Path) -> int:
    """Write the department's open cases to `path`; returns how many rows were written."""
    check_suffix(Path(path), ".xlsx")
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    _department_id(study, department)
    open_cases = cases.list_cases(study, status=cases.OPEN_STATUSES, department=department)
    contacts = _contacts(study, [c.customer_id for c in open_cases if c.customer_id])
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([name for name, _ in COLUMNS])
    sheet.append([HEADER_HELP_ZH[name] for name, _ in COLUMNS])
    for case in open_cases:
        name, phone = contacts.get(case.customer_id or "", ("", ""))
        sheet.append(sheet_row(sheet, [
            case.id, cases.STATUS_LABELS_ZH[case.status], case.note, case.owner, cases.STATUS_LABELS_ZH[case.status],
            case.title, case.priority, _local(case.due_at), case.customer_id or "", name, phone,
            "是" if case.do_not_disturb else "", case.rule or "", _local(case.created_at)]))
    bold, reply_fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for column, (name, width) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = width
        sheet.cell(row=1, column=column).font = bold
        if name in REPLY_COLUMNS:
            for row in range(3, len(open_cases) + 3):
                cell = sheet.cell(row=row, column=column)
                cell.protection = Protection(locked=False)
                cell.fill = reply_fill
    validation = DataValidation(type="list", formula1=f'"{",".join(STATUS_CHOICES)}"', allow_blank=False,
                                showErrorMessage=True, errorTitle="状态 / status",
                                error="请选择 新建、处理中、已解决 或 已关闭")
    sheet.add_data_validation(validation)
    if open_cases:
        validation.add(f"B3:B{len(open_cases) + 2}")
    sheet.freeze_panes = "B3"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column is fine; inserting or deleting is not
    about = book.create_sheet("about")
    for line in (("study", study.meta("title") or study.path.stem), ("study_uuid", study.meta("study_uuid") or ""),
                 ("department", department), ("exported_at", now_iso()), ("cases", len(open_cases))):
        about.append(sheet_row(about, line))
    about.protection.sheet = True
    write_output(path, book.save)
    return len(open_cases)


def _local(stamp: str | None) -> str:
    """A stored UTC time as the study calendar's local time, as people read it."""
    if not stamp:
        return ""
    from xmdesk.core.loop.worktime import WorkCalendar, parse_utc

    return parse_utc(stamp).astimezone(WorkCalendar().zone).strftime("%Y-%m-%d %H:%M")


def _contacts(study: Study, ids: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for cid, name, phone in study.conn.execute(
                f"SELECT id, coalesce(name, ''), coalesce(phone, '') FROM customers"
                f" WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            found[cid] = (name, phone)
    return found


@dataclass
class ImportResult:
    updated: int = 0
    unchanged: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The result as the CLI's JSON prints it: counts, and each refused row with its problem."""
        return asdict(self)


def import_replies(study: Study, path: str | Path) -> ImportResult:
    """Apply a returned workbook: status/note/owner changes of good rows, problems for the others."""
    path = Path(path)
    rows = _read_rows(path)
    result = ImportResult()
    department = _workbook_department(path)
    with study.transaction(Changes.of("cases")):
        for row_number, values in rows:
            problem = _apply_row(study, values, department)
            if problem is None:
                result.unchanged += 1
            elif problem == "updated":
                result.updated += 1
            else:
                result.problems.append({"row": row_number, "case_id": values.get("case_id"), "reason": problem})
    return result


def _read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    from xmdesk.core.importing.guard import check_workbook

    if not path.is_file():  # a folder reached openpyxl as IsADirectoryError; a missing file was no *study*
        raise StudyError("loop.workbook_not_a_file", path=path)
    check_workbook(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise StudyError("loop.workbook_unreadable", path=path, detail=type(error).__name__) from error
    try:
        sheet = book.worksheets[0]
        lines = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    header = [str(v).strip() if v is not None else "" for v in (lines[0] if lines else [])]
    for needed in ("case_id", "status", "note"):
        if needed not in header:
            raise StudyError("loop.workbook_no_columns", path=path, column=needed)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = dict(zip(header, (xml_untext(v) if isinstance(v, str) else v for v in line)))
        case_id = values.get("case_id")
        if case_id in (None, "") or str(case_id).strip() == HEADER_HELP_ZH["case_id"]:
            continue  # blank rows and the Chinese help row under the header
        rows.append((number, values))
    return rows


def _workbook_department(path: Path) -> str | None:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        if "about" not in book.sheetnames:
            return None
        facts = {str(k): v for k, v, *_ in book["about"].iter_rows(values_only=True) if k}
        return str(facts["department"]) if facts.get("department") else None
    finally:
        book.close()


def _apply_row(study: Study, values: dict[str, Any], department: str | None) -> str | None:
    """'updated', None (nothing to change), or the reason the row cannot be applied."""
    try:
        case_id = int(str(values.get("case_id")).strip())
    except ValueError:
        return messages.text("loop.row_bad_case_id", value=values.get("case_id"))
    try:
        case = cases.get_case(study, case_id)
    except ModelError:
        return messages.text("loop.row_unknown_case", case=case_id)
    if department and case.department != department:
        return messages.text("loop.row_other_department", case=case_id, department=case.department or "-")
    status = cases.parse_status(values.get("status"))
    if status is None:
        return messages.text("loop.row_bad_status", value=values.get("status") or "")
    exported = cases.parse_status(values.get("status_at_export")) or case.status
    note = str(values.get("note") or "").strip()
    owner = str(values.get("owner") or "").strip()
    if status != exported and case.status != exported:
        return messages.text("loop.row_conflict", now=cases.STATUS_LABELS_ZH[case.status],
                             then=cases.STATUS_LABELS_ZH[exported])
    changed = False
    if status != case.status and status != exported:
        try:
            cases.check_transition(case.status, status)
        except ModelError:
            return messages.text("loop.row_bad_step", old=cases.STATUS_LABELS_ZH[case.status],
                                 new=cases.STATUS_LABELS_ZH[status])
        cases.set_status(study, case_id, status, note)
        changed = True
    elif note and note != case.note.strip():  # a note that starts with a tab comes back stripped: unchanged
        cases.add_note(study, case_id, note)
        changed = True
    if owner and owner != (case.owner or "").strip():
        cases.assign(study, [case_id], owner=owner)
        changed = True
    return "updated" if changed else None

