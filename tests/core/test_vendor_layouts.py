"""Each survey tool's export, written in the tool's documented layout, imported through the real import path:
its own columns (respondent id, times, duration, channel, IP…) become the response's fields, checked by
name, and never questions; the IP address is masked on the way out; a survey proposed from a file takes the
export's title or the file's name."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl

from xmdesk.core.export import export_responses
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.reports.defaults import default_report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, create_survey, load_survey

FIELDS = ("sys_respondent_id", "sys_started_at", "sys_ended_at", "sys_submitted_at", "sys_duration_s",
          "sys_channel", "sys_ip")


def xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list[Any]], encoding: str) -> Path:
    """CSV bytes as the tool writes them: utf-8-sig (with BOM) or gb18030, CRLF line ends."""
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def imported(study: Study, path: Path, code: str) -> tuple[Survey, dict[str, list[str]]]:
    result = run_import(study, prepare(study, path, new=code))
    assert result.problem_count == 0
    return load_survey(study, code), result.response_fields


def fields(study: Study, survey: Survey, *names: str) -> list[dict[str, Any]]:
    cursor = study.conn.execute(f'SELECT {", ".join(names)} FROM "{survey.response_table}" ORDER BY id')
    return [dict(zip(names, row)) for row in cursor]


WJX = [
    ["2024年5月门店满意度回访"],  # 问卷星 writes the survey's name above the header
    ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "总分", "答题序号", "store",
     "1、您对本次服务的满意度", "2、您向朋友推荐我们的可能性", "3、其他建议"],
    [1, "2024/5/1 10:30:00", "125秒", "微信", "朋友圈", "203.0.113.7(北京-北京)", 0, 1, "S01", "非常满意", "9分",
     "店员很热情"],
    [2, "2024/5/2 11:00:00", "2分15秒", "手机提交", "直接访问", "198.51.100.23(上海-上海)", 0, 2, "S02", "一般", "6分",
     "排队太久"],
]


def test_wjx_system_columns_are_response_fields_and_custom_parameters_are_kept(study: Study, tmp_path: Path) -> None:
    survey, mapped = imported(study, xlsx(tmp_path / "wjx.xlsx", WJX), "may")
    assert [q.code for q in survey.questions] == ["q1", "q2", "q3"]  # no question made of 序号…store
    assert fields(study, survey, *FIELDS) == [
        {"sys_respondent_id": "1", "sys_started_at": None, "sys_ended_at": None,
         "sys_submitted_at": "2024-05-01 10:30:00", "sys_duration_s": 125.0, "sys_channel": "微信",
         "sys_ip": "203.0.113.7(北京-北京)"},
        {"sys_respondent_id": "2", "sys_started_at": None, "sys_ended_at": None,
         "sys_submitted_at": "2024-05-02 11:00:00", "sys_duration_s": 135.0, "sys_channel": "手机提交",
         "sys_ip": "198.51.100.23(上海-上海)"}]
    extras = [json.loads(row["sys_extra"]) for row in fields(study, survey, "sys_extra")]
    assert extras[0] == {"来源详情": "朋友圈", "总分": "0", "答题序号": "1", "store": "S01"}
    assert mapped["sys_ip"] == ["来自IP"] and mapped["sys_extra"] == ["来源详情", "总分", "答题序号", "store"]
    assert survey.title_zh == "2024年5月门店满意度回访"


def test_wjx_gb18030_csv_is_titled_by_its_file_name(study: Study, tmp_path: Path) -> None:
    survey, _ = imported(study, csv_file(tmp_path / "门店回访_5月.csv", WJX[1:], "gb18030"), "nps_visit")
    assert (survey.title(), survey.title_zh) == ("门店回访_5月", "门店回访_5月")  # never the code nps_visit
    assert [q.code for q in survey.questions] == ["q1", "q2", "q3"]
    assert [row["sys_ip"] for row in fields(study, survey, "sys_ip")] == ["203.0.113.7(北京-北京)",
                                                                        "198.51.100.23(上海-上海)"]


def test_tencent_utf8_bom_csv(study: Study, tmp_path: Path) -> None:
    rows = [["编号", "用户", "开始答题时间", "结束答题时间", "答题时长", "IP", "地理位置", "1.您的年龄段",
             "2.您对我们的服务满意吗？", "3.您的建议"],
            ["1", "微信用户", "2024-05-01 10:00:00", "2024-05-01 10:04:00", "4分钟", "192.0.2.10", "广东 深圳",
             "18-25岁", "非常满意", "继续保持"],
            ["2", "微信用户", "2024-05-02 11:00:00", "2024-05-02 11:02:30", "2分30秒", "192.0.2.11", "北京",
             "26-35岁", "满意", ""]]
    survey, _ = imported(study, csv_file(tmp_path / "tencent.csv", rows, "utf-8-sig"), "tx")
    assert [q.code for q in survey.questions] == ["q1", "q2", "q3"]
    assert fields(study, survey, *FIELDS)[1] == {
        "sys_respondent_id": "2", "sys_started_at": "2024-05-02 11:00:00", "sys_ended_at": "2024-05-02 11:02:30",
        "sys_submitted_at": None, "sys_duration_s": 150.0, "sys_channel": None, "sys_ip": "192.0.2.11"}
    assert json.loads(fields(study, survey, "sys_extra")[0]["sys_extra"]) == {"用户": "微信用户", "地理位置": "广东 深圳"}


def test_qualtrics_three_header_csv(study: Study, tmp_path: Path) -> None:
    rows = [["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
             "RecordedDate", "ResponseId", "DistributionChannel", "UserLanguage", "Q1", "Q2"],
            ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished",
             "Recorded Date", "Response ID", "Distribution Channel", "User Language",
             "How likely are you to recommend us?", "Why?"],
            ['{"ImportId":"startDate","timeZone":"America/Denver"}', '{"ImportId":"endDate","timeZone":"America/Denver"}',
             '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
             '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"America/Denver"}',
             '{"ImportId":"_recordId"}', '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}',
             '{"ImportId":"QID1"}', '{"ImportId":"QID2_TEXT"}'],
            ["2024-05-01 10:00:00", "2024-05-01 10:03:20", "IP Address", "203.0.113.99", "100", "200", "True",
             "2024-05-01 10:03:21", "R_1abc", "anonymous", "EN", "9", "Friendly staff"]]
    survey, _ = imported(study, csv_file(tmp_path / "qualtrics.csv", rows, "utf-8-sig"), "qx")
    assert [q.code for q in survey.questions] == ["Q1", "Q2"]
    assert fields(study, survey, *FIELDS) == [{
        "sys_respondent_id": "R_1abc", "sys_started_at": "2024-05-01 10:00:00", "sys_ended_at": "2024-05-01 10:03:20",
        "sys_submitted_at": "2024-05-01 10:03:21", "sys_duration_s": 200.0, "sys_channel": "anonymous",
        "sys_ip": "203.0.113.99"}]
    assert json.loads(fields(study, survey, "sys_extra")[0]["sys_extra"]) == {
        "Status": "IP Address", "Progress": "100", "Finished": "True", "UserLanguage": "EN"}


QUALTRICS_LEGACY = [
    ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "Q1", "Q2_1", "Q2_2", "Q3", "LocationLatitude",
     "LocationLongitude", "LocationAccuracy"],
    ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status", "StartDate",
     "EndDate", "Finished", "How likely are you to recommend us?", "Please rate - Staff", "Please rate - Queue",
     "Anything else?", "LocationLatitude", "LocationLongitude", "LocationAccuracy"],
    ["R_3kd9", "Default Response Set", "Anonymous", "", "", "203.0.113.5", "0", "2015-03-02 09:14:07",
     "2015-03-02 09:16:40", "1", "8", "5", "3", "Great", "39.9042", "116.4074", "-1"],
]


def test_qualtrics_legacy_export_is_one_response_not_two(study: Study, tmp_path: Path) -> None:
    plan = prepare(study, csv_file(tmp_path / "legacy.csv", QUALTRICS_LEGACY, "utf-8"), new="legacy")
    assert plan.layout.name == "qualtrics"
    result = run_import(study, plan)
    assert (result.rows, result.imported) == (1, 1)  # the label row is no response
    survey = load_survey(study, "legacy")
    assert [(q.code, q.type) for q in survey.questions] == [("Q1", QuestionType.NPS), ("Q2", QuestionType.MATRIX),
                                                            ("Q3", QuestionType.TEXT)]
    assert survey.question("Q1").label_en == "How likely are you to recommend us?"
    assert fields(study, survey, "sys_respondent_id", "sys_ip", "sys_started_at", "sys_ended_at", "Q1", "Q2__staff",
                  "Q2__queue") == [{"sys_respondent_id": "R_3kd9", "sys_ip": "203.0.113.5",
                                    "sys_started_at": "2015-03-02 09:14:07", "sys_ended_at": "2015-03-02 09:16:40",
                                    "Q1": 8, "Q2__staff": 5, "Q2__queue": 3}]
    extra = json.loads(fields(study, survey, "sys_extra")[0]["sys_extra"])
    assert extra["ResponseSet"] == "Default Response Set" and extra["Finished"] == "1"


def test_surveymonkey_two_header_xlsx(study: Study, tmp_path: Path) -> None:
    rows = [["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
             "Last Name", "Custom Data 1", "How satisfied were you with the store?", "Any comments?"],
            ["", "", "", "", "", "", "", "", "", "Response", "Open-Ended Response"],
            [114250001, 401234, "05/01/2024 10:00:00 AM", "05/01/2024 10:05:00 AM", "198.51.100.4", "a@example.com",
             "", "", "S01", "Very satisfied", "Quick checkout"],
            [114250002, 401234, "05/02/2024 11:00:00 AM", "05/02/2024 11:01:00 AM", "198.51.100.5", "", "", "", "S02",
             "Dissatisfied", ""]]
    survey, _ = imported(study, xlsx(tmp_path / "sm.xlsx", rows), "sm")
    assert [q.label_en for q in survey.questions] == ["How satisfied were you with the store?", "Any comments?"]
    assert fields(study, survey, *FIELDS)[0] == {
        "sys_respondent_id": "114250001", "sys_started_at": "2024-05-01 10:00:00",
        "sys_ended_at": "2024-05-01 10:05:00", "sys_submitted_at": None, "sys_duration_s": None,
        "sys_channel": "401234", "sys_ip": "198.51.100.4"}
    assert json.loads(fields(study, survey, "sys_extra")[0]["sys_extra"]) == {
        "Email Address": "a@example.com", "Custom Data 1": "S01"}


def test_kobo_csv(study: Study, tmp_path: Path) -> None:
    rows = [["start", "end", "today", "deviceid", "store", "nps", "comment", "_id", "_uuid", "_submission_time",
             "_validation_status", "__version__", "_index"],
            ["2024-05-01T10:00:00.000+08:00", "2024-05-01T10:04:00.000+08:00", "2024-05-01", "collect:AbC123", "S01",
             "9", "很好", "101", "6f1c8a2e-0b1d-4c55-9f0e-1a2b3c4d5e6f", "2024-05-01T02:05:00", "",
             "vHx7dsUSYp", "1"]]
    survey, _ = imported(study, csv_file(tmp_path / "kobo.csv", rows, "utf-8"), "kobo")
    assert [q.code for q in survey.questions] == ["store", "nps", "comment"]
    assert fields(study, survey, *FIELDS) == [{
        "sys_respondent_id": "6f1c8a2e-0b1d-4c55-9f0e-1a2b3c4d5e6f", "sys_started_at": "2024-05-01 10:00:00",
        "sys_ended_at": "2024-05-01 10:04:00", "sys_submitted_at": "2024-05-01 02:05:00", "sys_duration_s": None,
        "sys_channel": None, "sys_ip": None}]
    assert json.loads(fields(study, survey, "sys_extra")[0]["sys_extra"]) == {
        "today": "2024-05-01", "deviceid": "collect:AbC123", "_id": "101", "__version__": "vHx7dsUSYp", "_index": "1"}


def test_the_ip_is_masked_in_exports_unless_asked_for(study: Study, tmp_path: Path) -> None:
    survey, _ = imported(study, xlsx(tmp_path / "wjx.xlsx", WJX), "may")
    for fmt in ("csv", "xlsx"):
        export_responses(study, survey, fmt, tmp_path / f"out.{fmt}")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as handle:
        exported = list(csv.DictReader(handle))
    assert [row["sys_ip"] for row in exported] == ["203.0.*.*(北京-北京)", "198.51.*.*(上海-上海)"]
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    ip_column = values[0].index("sys_ip")
    assert [row[ip_column] for row in values[1:]] == ["203.0.*.*(北京-北京)", "198.51.*.*(上海-上海)"]
    assert not any("203.0.113.7" in str(cell) for row in values for cell in row)
    export_responses(study, survey, "csv", tmp_path / "plain.csv", show_ip=True)
    assert "203.0.113.7" in (tmp_path / "plain.csv").read_text(encoding="utf-8-sig")


def test_the_standard_report_never_quotes_a_system_column(study: Study, tmp_path: Path) -> None:
    survey, _ = imported(study, xlsx(tmp_path / "wjx.xlsx", WJX), "may")
    comments = [b.options["question"] for b in default_report(survey).blocks if b.kind == "comments"]
    assert comments == ["q3"]  # 其他建议, not 来自IP


def test_the_standard_report_skips_a_system_column_an_older_import_made_a_question(study: Study) -> None:
    """A study imported before response fields holds 来自IP as a text question (group 'meta')."""
    old = create_survey(study, "old", title_zh="旧导入", questions=[
        Question("col4", QuestionType.TEXT, label_zh="来源", group="meta"),
        Question("IP", QuestionType.TEXT, label_zh="来自IP", group="meta"),
        Question("q1", QuestionType.RATING, label_zh="满意度", props={"points": 5}),
        Question("q5", QuestionType.TEXT, label_zh="其他建议")])
    comments = [b.options["question"] for b in default_report(old).blocks if b.kind == "comments"]
    assert comments == ["q5"]
