"""Export files as the survey tools write them, made by the tests (and checked to be recognised).

The writers here are shared by the import tests of core, CLI and GUI.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from xmdesk.core.importing.layouts import detect
from xmdesk.core.importing.readers import open_source
from tests.messages import raises_message

Rows = Sequence[Sequence[Any]]


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Rows, merges: Sequence[str] = (), sheet: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    page = book.active
    page.title = sheet
    for row in rows:
        page.append(list(row))
    for cells in merges:
        page.merge_cells(cells)
    book.save(path)
    return path


QUALTRICS = [
    ["StartDate", "EndDate", "ResponseId", "Q1", "Q2", "Q3_1", "Q3_2", "Q4"],
    ["Start Date", "End Date", "Response ID", "How likely are you to recommend us?", "How satisfied are you?",
     "Rate the store - Staff", "Rate the store - Queue", "Any comments?"],
    ['{"ImportId":"startDate"}', '{"ImportId":"endDate"}', '{"ImportId":"_recordId"}', '{"ImportId":"QID1"}',
     '{"ImportId":"QID2"}', '{"ImportId":"QID3_1"}', '{"ImportId":"QID3_2"}', '{"ImportId":"QID4_TEXT"}'],
    ["2024-05-01 10:00:00", "2024-05-01 10:05:00", "R_aaa", "9", "Very satisfied", "5", "4", "Great staff"],
    ["2024-05-02 11:00:00", "2024-05-02 11:03:00", "R_bbb", "3", "Dissatisfied", "2", "1", "Long queue"],
    ["2024-05-03 12:00:00", "2024-05-03 12:09:00", "R_ccc", "10", "Satisfied", "4", "5", ""],
]

SURVEYMONKEY = [
    ["Respondent ID", "Collector ID", "Start Date", "您通过哪些渠道了解我们？", "", "", "您对门店的满意度"],
    ["", "", "", "微信", "电视", "朋友推荐", "Response"],
    [1001, 55, "05/01/2024 10:00:00", "微信", "", "朋友推荐", "非常满意"],
    [1002, 55, "05/02/2024 11:00:00", "", "电视", "", "一般"],
    [1003, 55, "05/03/2024 09:30:00", "微信", "", "", "不满意"],
]

WJX_TEXT = [
    ["序号", "提交答卷时间", "所用时间", "来源", "来自IP", "1、您的性别", "2、您对本次服务的满意度",
     "3、您通过哪些渠道了解我们？", "4、您向朋友推荐我们的可能性", "5、其他建议"],
    ["1", "2024/5/1 10:30:00", "120秒", "微信", "1.2.3.4(北京-北京)", "男", "非常满意", "微信┋朋友推荐", "9分", "很好"],
    ["2", "2024/5/2 11:00:00", "95秒", "手机提交", "1.2.3.5(上海-上海)", "女", "一般", "电视", "6分", "(跳过)"],
    ["3", "2024/5/3 09:00:00", "80秒", "链接", "1.2.3.6(广东-广州)", "女", "不满意", "微信", "3分", "排队太久"],
    ["4", "2024/5/4 09:00:00", "60秒", "链接", "1.2.3.7(广东-深圳)", "男", "满意", "(跳过)", "10分", "(跳过)"],
]

WJX_NUMBER = [
    ["序号", "提交答卷时间", "所用时间", "来源", "来自IP", "1、您的性别", "2、您对本次服务的满意度", "3、渠道(微信)",
     "3、渠道(电视)", "3、渠道(朋友推荐)", "4、您向朋友推荐我们的可能性"],
    [1, "2024/5/1 10:30:00", "120秒", "微信", "1.2.3.4", 1, 5, 1, 0, 1, 9],
    [2, "2024/5/2 11:00:00", "95秒", "手机提交", "1.2.3.5", 2, 3, 0, 1, 0, 6],
    [3, "2024/5/3 09:00:00", "80秒", "链接", "1.2.3.6", 2, -3, 1, 0, 0, 3],
]

TENCENT = [
    ["编号", "开始答题时间", "结束答题时间", "答题时长", "1.您的年龄段", "2.您对我们的服务满意吗？", "3.您的建议"],
    [1, dt.datetime(2024, 5, 1, 10, 0), dt.datetime(2024, 5, 1, 10, 4), "4分钟", "18-25岁", "非常满意", "继续保持"],
    [2, dt.datetime(2024, 5, 2, 11, 0), dt.datetime(2024, 5, 2, 11, 2), "2分钟", "26-35岁", "满意", ""],
    [3, dt.datetime(2024, 5, 3, 9, 0), dt.datetime(2024, 5, 3, 9, 6), "6分钟", "18-25岁", "不满意", "价格太贵"],
]

KOBO = [
    ["start", "end", "grp_visit/store", "grp_visit/nps", "grp_visit/reasons", "grp_visit/reasons/price",
     "grp_visit/reasons/staff", "grp_visit/reasons/queue", "_id", "_uuid", "_submission_time"],
    ["2024-05-01T10:00:00", "2024-05-01T10:04:00", "北京一店", "9", "price staff", "1", "1", "0", "1", "u-1",
     "2024-05-01T10:05:00"],
    ["2024-05-02T11:00:00", "2024-05-02T11:05:00", "上海二店", "4", "queue", "0", "0", "1", "2", "u-2",
     "2024-05-02T11:06:00"],
    ["2024-05-03T12:00:00", "2024-05-03T12:04:00", "北京一店", "7", "", "0", "0", "0", "3", "u-3",
     "2024-05-03T12:05:00"],
]

GENERIC = [
    ["客户编号", "门店", "满意度", "NPS", "到店日期", "评价"],
    ["C001", "北京一店", "5", "10", "2024-05-01", "服务很好"],
    ["C002", "上海二店", "3", "6", "2024/05/02", "排队太久"],
    ["C003", "北京一店", "4", "8", "2024年5月3日", "还行"],
    ["C004", "广州三店", "2", "2", "2024-05-04", "态度差"],
]


@pytest.mark.parametrize(("rows", "writer", "suffix", "layout", "header_rows"), [
    (QUALTRICS, "csv", ".csv", "qualtrics", 3),
    (QUALTRICS, "xlsx", ".xlsx", "qualtrics", 3),
    (SURVEYMONKEY, "xlsx", ".xlsx", "surveymonkey", 2),
    (WJX_TEXT, "gb18030", ".csv", "wjx", 1),
    (WJX_NUMBER, "xlsx", ".xlsx", "wjx", 1),
    (TENCENT, "xlsx", ".xlsx", "tencent", 1),
    (KOBO, "semicolon", ".csv", "kobo", 1),
    (GENERIC, "utf-16", ".txt", "generic", 1),
])
def test_each_layout_is_recognised(tmp_path: Path, rows: Rows, writer: str, suffix: str, layout: str,
                                   header_rows: int) -> None:
    path = tmp_path / f"export{suffix}"
    if writer == "xlsx":
        write_xlsx(path, rows)
    elif writer == "semicolon":
        write_csv(path, rows, delimiter=";")
    elif writer == "utf-16":
        write_csv(path, rows, encoding="utf-16", delimiter="\t")
    else:
        write_csv(path, rows, encoding=writer if writer != "csv" else "utf-8")
    source = open_source(path)
    found = detect(source.head)
    assert (found.name, found.header_rows) == (layout, header_rows)
    assert len(found.columns) == len(rows[0])


def test_wjx_by_number_and_by_text_are_told_apart(tmp_path: Path) -> None:
    by_number = detect(open_source(write_xlsx(tmp_path / "n.xlsx", WJX_NUMBER)).head)
    by_text = detect(open_source(write_csv(tmp_path / "t.csv", WJX_TEXT)).head)
    assert by_number.by_number and not by_text.by_number
    options = [c.option for c in by_number.columns if c.code == "3"]
    assert options == ["微信", "电视", "朋友推荐"]
    assert by_text.columns[by_text.id_column or 0].header == "序号"


def test_surveymonkey_options_sit_under_their_merged_question(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sm.xlsx", SURVEYMONKEY, merges=["D1:F1"])
    found = detect(open_source(path).head)
    channel = [c for c in found.columns if c.text == "您通过哪些渠道了解我们？"]
    assert [c.option for c in channel] == ["微信", "电视", "朋友推荐"]
    assert found.columns[0].meta and found.id_column == 0


def test_kobo_summary_column_and_option_columns(tmp_path: Path) -> None:
    found = detect(open_source(write_csv(tmp_path / "k.csv", KOBO, delimiter=";")).head)
    summary = found.column("grp_visit/reasons")
    assert summary is not None and summary.summary
    assert [c.option for c in found.columns if c.code == "reasons" and c.option] == ["price", "staff", "queue"]
    assert found.columns[found.id_column or 0].header == "_uuid"


def test_a_forced_layout_that_does_not_fit_is_refused(tmp_path: Path) -> None:
    from xmdesk.core import messages
    from xmdesk.core.importing.readers import ImportProblem

    messages.set_language("en")
    head = open_source(write_csv(tmp_path / "plain.csv", GENERIC)).head
    with raises_message(ImportProblem, "importing.layout_mismatch", "plain.csv", "qualtrics"):
        detect(head, "qualtrics", "plain.csv")
    with raises_message(ImportProblem, "importing.bad_layout", "excel"):
        detect(head, "excel", "plain.csv")
    assert detect(head, "generic").name == "generic"
