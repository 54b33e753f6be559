"""Bad files and bad values: a clear message naming file/row/column, and a study left exactly as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from tests.core.test_import_samples import GENERIC, WJX_TEXT, write_csv, write_xlsx
from xmdesk.core.errors import Cancelled
from xmdesk.core.importing.readers import ImportProblem, open_source
from xmdesk.core.importing.run import check, import_history, prepare, run_import
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey, list_surveys, load_survey
from tests.messages import raises_message


def snapshot(study: Study) -> str:
    """Everything in the study except the import log: what 'unchanged' means."""
    digest = hashlib.sha256()
    for line in study.conn.iterdump():
        if "import_log" not in line and "audit_log" not in line:
            digest.update(line.encode())
    return digest.hexdigest()


def problem_of(path: Path, study: Study, **options: Any) -> str:
    before = snapshot(study)
    with pytest.raises(ImportProblem) as caught:
        run_import(study, prepare(study, path, **options))
    assert snapshot(study) == before
    return str(caught.value)


def test_empty_file(study: Study, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    assert "empty.csv is empty" in problem_of(tmp_path / "empty.csv", study, new="x")
    write_xlsx(tmp_path / "blank.xlsx", [])
    assert "blank.xlsx is empty" in problem_of(tmp_path / "blank.xlsx", study, new="x")


def test_headers_only(study: Study, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "headers.csv", [GENERIC[0]])
    assert "headers.csv has column names but no data rows" in problem_of(path, study, new="x")


def test_password_protected_truncated_and_renamed_files(study: Study, tmp_path: Path) -> None:
    encrypted = tmp_path / "locked.xlsx"
    # An OLE/CFB compound file (what Excel writes for a password) whose directory names EncryptedPackage.
    directory = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0")
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory + b"\0" * 4000)
    assert "protected by a password" in problem_of(encrypted, study, new="x")
    whole = write_xlsx(tmp_path / "whole.xlsx", GENERIC).read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(whole[: len(whole) // 2])
    assert "cut.xlsx is damaged or incomplete" in problem_of(tmp_path / "cut.xlsx", study, new="x")
    (tmp_path / "page.xlsx").write_text("<html><body>not a workbook</body></html>", encoding="utf-8")
    assert "page.xlsx is not an Excel workbook" in problem_of(tmp_path / "page.xlsx", study, new="x")


def test_formulas_give_their_cached_values_and_serial_dates_become_dates(study: Study, tmp_path: Path) -> None:
    path = tmp_path / "formulas.xlsx"
    book = xlsxwriter.Workbook(str(path))
    page = book.add_worksheet()
    page.write_row(0, 0, ["客户", "单价", "数量", "金额", "日期"])
    for row, (name, price, count) in enumerate([("甲", 10, 3), ("乙", 2.5, 4)], start=1):
        page.write_row(row, 0, [name, price, count])
        page.write_formula(row, 3, f"=B{row + 1}*C{row + 1}", None, price * count)  # cached value kept
        page.write_number(row, 4, 45413 + row)  # an Excel serial date without a date format
    book.close()
    plan = prepare(study, path, new="f")
    for item in plan.mapping.fields:
        if item.source == "日期":
            item.kind = "date"
    run_import(study, plan)
    survey = load_survey(study, "f")
    rows = list(study.conn.execute(f'SELECT col4, col5 FROM "{survey.response_table}" ORDER BY id'))
    assert rows == [(30, "2024-05-02"), (10, "2024-05-03")]


def test_text_dates_in_several_formats(study: Study, tmp_path: Path) -> None:
    rows = [["id", "visit"], ["1", "2024-05-01"], ["2", "2024/5/2"], ["3", "2024年5月3日"], ["4", "05/04/2024"],
            ["5", "2024.05.05"], ["6", "20240506"]]
    run_import(study, prepare(study, write_csv(tmp_path / "d.csv", rows), new="d"))
    survey = load_survey(study, "d")
    assert survey.question("visit").type is QuestionType.DATE
    assert [v for (v,) in study.conn.execute(f'SELECT visit FROM "{survey.response_table}"')] == [
        "2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05", "2024-05-06"]


def test_duplicated_empty_and_hostile_column_names(study: Study, tmp_path: Path) -> None:
    header = ["满意度", "满意度", "", 'say "hi"', "x]; DROP TABLE surveys; --", "[a]"]
    rows = [header, ["5", "4", "a", "q1", "s1", "b1"], ["3", "2", "b", "q2", "s2", "b2"]]
    plan = prepare(study, write_csv(tmp_path / "names.csv", rows), new="n")
    assert [f.source for f in plan.mapping.fields] == ["满意度", "满意度 (2)", "column 3", 'say "hi"',
                                                      "x]; DROP TABLE surveys; --", "[a]"]
    run_import(study, plan)
    survey = load_survey(study, "n")
    names = [c.name for c in survey.columns()]
    assert len(set(names)) == 6
    values = study.conn.execute(f'SELECT {", ".join(chr(34) + n + chr(34) for n in names)} FROM '
                                f'"{survey.response_table}" ORDER BY id').fetchall()
    assert values == [(5, 4, "a", "q1", "s1", "b1"), (3, 2, "b", "q2", "s2", "b2")]
    assert [s.code for s in list_surveys(study)] == ["n"]


def test_ten_thousand_character_cells_and_mixed_types(study: Study, tmp_path: Path) -> None:
    long_text = "很长的评论" * 2000
    rows = [["id", "评论", "混合"], [1, long_text, 5], [2, "短", "五"], [3, "", dt.datetime(2024, 5, 1)]]
    run_import(study, prepare(study, write_xlsx(tmp_path / "long.xlsx", rows), new="m"))
    survey = load_survey(study, "m")
    stored = study.conn.execute(f'SELECT col2, col3 FROM "{survey.response_table}" ORDER BY id').fetchall()
    assert stored == [(long_text, "5"), ("短", "五"), (None, "2024-05-01")]
    assert len(stored[0][0]) == 10_000


def test_wrong_encoding_names_the_row(study: Study, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    good = "\n".join(f"{i},好评{i}" for i in range(30000)).encode("utf-8")  # more than the sniffed start
    path.write_bytes("id,评论\n".encode("utf-8") + good + "\n9999,".encode() + "差评".encode("gbk") + b"\n")
    message = problem_of(path, study, new="x")
    assert "mixed.csv, row 30002" in message and "UTF-8" in message
    assert list_surveys(study) == []


def test_merged_cells_in_data_rows_are_read_as_their_top_left_value(study: Study, tmp_path: Path) -> None:
    rows = [["门店", "月份", "评分"], ["北京一店", "5月", 5], ["", "6月", 4], ["上海二店", "5月", 3]]
    path = write_xlsx(tmp_path / "merged.xlsx", rows, merges=["A2:A3"])
    run_import(study, prepare(study, path, new="mg"))
    survey = load_survey(study, "mg")
    assert study.conn.execute(f'SELECT col1, col3 FROM "{survey.response_table}"').fetchall() == [
        ("北京一店", 5), (None, 4), ("上海二店", 3)]


@pytest.fixture
def target(study: Study) -> Study:
    create_survey(study, "cx", questions=[
        Question("gender", QuestionType.SINGLE, label_zh="您的性别",
                 choices=[Choice("m", 1, "Male", "男"), Choice("f", 2, "Female", "女")]),
        Question("sat", QuestionType.RATING, label_zh="您对本次服务的满意度", props={"points": 5}),
        Question("nps", QuestionType.NPS, label_zh="您向朋友推荐我们的可能性"),
        Question("channel", QuestionType.MULTIPLE, label_zh="您通过哪些渠道了解我们？",
                 choices=[Choice("wechat", 1, "WeChat", "微信"), Choice("tv", 2, "TV", "电视"),
                          Choice("friend", 3, "Friend", "朋友推荐")]),
    ])
    return study


BAD_ROWS = WJX_TEXT[:2] + [
    ["2", "2024/5/2 11:00:00", "95秒", "手机提交", "1.2.3.5", "其他", "一般", "电视", "6分", ""],  # unknown option
    ["3", "2024/5/3 09:00:00", "80秒", "链接", "1.2.3.6", "女", "不满意", "微信", "11分", ""],  # out of range
    ["3", "2024/5/4 09:00:00", "60秒", "链接", "1.2.3.7", "男", "满意", "电视", "8分", ""],  # duplicate id
]


def test_mapping_onto_an_existing_survey_by_text(target: Study, tmp_path: Path) -> None:
    plan = prepare(target, write_csv(tmp_path / "wjx.csv", WJX_TEXT), survey="cx")
    assert {f.source: f.target for f in plan.mapping.fields if f.target} == {
        "1、您的性别": "gender", "2、您对本次服务的满意度": "sat", "4、您向朋友推荐我们的可能性": "nps",
        "序号": "sys_respondent_id", "提交答卷时间": "sys_submitted_at", "所用时间": "sys_duration_s",
        "来源": "sys_channel", "来自IP": "sys_ip"}
    assert next(f for f in plan.mapping.fields if f.source.startswith("3、")).kind == "split"
    result = run_import(target, plan)
    survey = load_survey(target, "cx")
    rows = target.conn.execute(f'SELECT gender, sat, nps, channel__wechat, channel__tv, channel__friend FROM '
                               f'"{survey.response_table}" ORDER BY id').fetchall()
    assert rows == [(1, 5, 9, 1, 0, 1), (2, 3, 6, 0, 1, 0), (2, 2, 3, 1, 0, 0), (1, 4, 10, None, None, None)]
    assert result.new_ids == range(1, 5)


def test_validation_report_and_the_three_choices(target: Study, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    plan = prepare(target, path, survey="cx")
    report = check(target, plan)
    assert [(p.row, p.column, p.value, p.problem) for p in report.problems] == [
        (3, "1、您的性别", "其他", "not one of the options"),
        (4, "4、您向朋友推荐我们的可能性", "11分", "out of range 0–10"),
        (5, "序号", "3", "duplicate id (also in row 4)")]
    before = snapshot(target)
    message = problem_of(path, target, survey="cx")
    assert "bad.csv, row 3, column '1、您的性别'" in message and "Nothing was imported" in message
    assert snapshot(target) == before
    skipped = run_import(target, prepare(target, path, survey="cx"), on_error="skip")
    assert (skipped.imported, skipped.skipped) == (1, 3)
    survey = load_survey(target, "cx")
    target.conn.execute(f'DELETE FROM "{survey.response_table}"')
    target.conn.execute("DELETE FROM import_keys")
    target.conn.commit()
    missing = run_import(target, prepare(target, path, survey="cx"), on_error="missing")
    assert (missing.imported, missing.skipped) == (3, 1)  # a duplicate id is never imported twice
    assert target.conn.execute(f'SELECT gender, nps FROM "{survey.response_table}" ORDER BY id').fetchall() == [
        (1, 9), (None, 6), (2, None)]


def test_reimport_warns_and_skips_rows_already_there(target: Study, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "wjx.csv", WJX_TEXT)
    first = run_import(target, prepare(target, path, survey="cx"))
    again = run_import(target, prepare(target, path, survey="cx"))
    assert (first.imported, again.imported, again.already) == (4, 0, 4)
    assert again.previous and again.previous[0]["imported"] == 4
    grown = write_csv(tmp_path / "june.csv", WJX_TEXT + [["5", "2024/6/1 10:00:00", "50秒", "微信", "1.1.1.1", "女",
                                                          "非常满意", "微信", "10分", ""]])
    june = run_import(target, prepare(target, grown, survey="cx"))
    assert (june.imported, june.already, june.previous) == (1, 4, [])
    log = import_history(target)
    assert [entry["status"] for entry in log] == ["done", "done", "done"]
    assert log[0]["content_hash"] == hashlib.sha256(grown.read_bytes()).hexdigest()


def test_saved_mapping_is_reused_for_next_months_file(target: Study, tmp_path: Path) -> None:
    plan = prepare(target, write_csv(tmp_path / "may.csv", WJX_TEXT), survey="cx")
    plan.mapping.fields[6].recode["一般"] = 3
    plan.mapping.save(tmp_path / "m.json")
    from xmdesk.core.importing.mapping import Mapping

    loaded = Mapping.load(tmp_path / "m.json")
    assert loaded == plan.mapping
    june = prepare(target, write_csv(tmp_path / "june.csv", WJX_TEXT), mapping=loaded)
    assert june.survey.code == "cx" and june.mapping.fields == plan.mapping.fields
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with raises_message(ImportProblem, "importing.bad_mapping", "broken.json"):
        Mapping.load(tmp_path / "broken.json")


def test_cancel_halfway_leaves_nothing(target: Study, tmp_path: Path) -> None:
    rows = [GENERIC[0]] + [[f"C{i}", "北京一店", "5", "9", "2024-05-01", "好"] for i in range(30000)]
    path = write_csv(tmp_path / "big.csv", rows)
    token = CancelToken()
    before = snapshot(target)

    def progress(done: int, total: int, message: str) -> None:
        if done > total // 3:
            token.cancel()

    with pytest.raises(Cancelled):
        run_import(target, prepare(target, path, new="big"), progress=progress, cancel=token)
    assert snapshot(target) == before
    assert import_history(target)[0]["status"] == "cancelled"


def test_choosing_a_sheet_by_name_or_number(study: Study, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["这是说明页"])
    data = book.create_sheet("数据")
    for row in GENERIC:
        data.append(row)
    book.save(tmp_path / "two.xlsx")
    assert open_source(tmp_path / "two.xlsx").sheets == ["说明", "数据"]
    by_name = run_import(study, prepare(study, tmp_path / "two.xlsx", new="a", sheet="数据"))
    by_number = run_import(study, prepare(study, tmp_path / "two.xlsx", new="b", sheet="2"))
    assert by_name.imported == by_number.imported == 4
    with raises_message(ImportProblem, "importing.no_sheet", "two.xlsx", "月报", "说明, 数据"):
        prepare(study, tmp_path / "two.xlsx", new="c", sheet="月报")


def test_imported_detractors_open_their_cases(target: Study, tmp_path: Path) -> None:
    from xmdesk.core.loop import cases

    cases.add_rule(target, "贬损者", "detractor", {"question": "nps", "max": 6}, department="客服", sla_hours=24)
    result = run_import(target, prepare(target, write_csv(tmp_path / "wjx.csv", WJX_TEXT), survey="cx"))
    detractors = {uuid for (uuid,) in target.conn.execute(
        "SELECT uuid FROM responses_cx WHERE nps <= 6 AND id BETWEEN ? AND ?",
        (result.new_ids.start, result.new_ids.stop - 1))}
    assert len(detractors) == 2  # the 6分 and the 3分 rows
    assert {c.response_uuid for c in cases.list_cases(target)} == detractors
