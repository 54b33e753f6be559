"""Excel 97-2003 .xls files (still what many Chinese survey tools and old CRMs export), written by xlwt."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import xlwt

from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, load_survey

HEADER = ["序号", "提交答卷时间", "1、您的性别", "2、您对本次服务的满意度", "3、您向朋友推荐我们的可能性", "4、其他建议"]
ROWS = [
    [1, datetime(2024, 5, 1, 10, 30), "男", "非常满意", 9, "店员很热情，下次还来"],
    [2, datetime(2024, 5, 2, 11, 0), "女", "一般", 6, ""],
    [3, datetime(2024, 5, 3, 9, 15), "女", "不满意", 3, "排队太久了"],
    [4, datetime(2024, 5, 4, 16, 45), "男", "满意", 10, "(跳过)"],
]


def write_xls(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A real .xls: text, whole numbers and real Excel dates (a date format on the cell), several sheets."""
    book = xlwt.Workbook(encoding="utf-8")
    when = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM")
    for name, rows in sheets.items():
        page = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime):
                    page.write(r, c, value, when)
                else:
                    page.write(r, c, value)
    book.save(str(path))
    return path


def test_an_xls_export_imports_with_its_types_and_values(study: Study, tmp_path: Path) -> None:
    path = write_xls(tmp_path / "问卷星.xls", {"说明": [["本文件由系统导出"]], "答卷数据": [HEADER] + ROWS})
    plan = prepare(study, path, new="xls", sheet="答卷数据")
    assert plan.layout.name == "wjx"
    result = run_import(study, plan)
    assert (result.imported, result.problem_count) == (4, 0)
    survey = load_survey(study, "xls")
    assert [q.type for q in survey.questions] == [QuestionType.SINGLE, QuestionType.RATING, QuestionType.NPS,
                                                       QuestionType.TEXT]
    stored = study.conn.execute(f'SELECT sys_submitted_at, q1, q2, q3, q4 FROM "{survey.response_table}" ORDER BY id').fetchall()
    gender = {c.label_zh: c.value for c in survey.question("q1").choices}
    assert stored == [
        ("2024-05-01 10:30:00", gender["男"], 5, 9, "店员很热情，下次还来"),
        ("2024-05-02 11:00:00", gender["女"], 3, 6, None),
        ("2024-05-03 09:15:00", gender["女"], 2, 3, "排队太久了"),
        ("2024-05-04 16:45:00", gender["男"], 4, 10, None)]


def test_a_missing_sheet_of_an_xls_names_the_sheets_it_has(study: Study, tmp_path: Path) -> None:
    path = write_xls(tmp_path / "crm.xls", {"订单": [["订单号", "金额"], ["A1", 12.5]]})
    with pytest.raises(ImportProblem) as raised:
        prepare(study, path, new="crm", sheet="客户")
    assert "crm.xls" in str(raised.value) and "订单" in str(raised.value)
