"""Each tool's export imported into a new survey, and the VALUES stored checked cell by cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.core.test_import_samples import (GENERIC, KOBO, QUALTRICS, SURVEYMONKEY, TENCENT, WJX_NUMBER, WJX_TEXT,
                                            write_csv, write_xlsx)
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, Survey, load_survey


def stored(study: Study, survey: Survey, *columns: str) -> list[tuple[Any, ...]]:
    names = ", ".join(f'"{c}"' for c in columns)
    return list(study.conn.execute(f'SELECT {names} FROM "{survey.response_table}" ORDER BY id'))


def imported(study: Study, path: Path, code: str, **options: Any) -> Survey:
    result = run_import(study, prepare(study, path, new=code, **options))
    assert result.imported > 0
    return load_survey(study, code)


def test_qualtrics_csv(study: Study, tmp_path: Path) -> None:
    survey = imported(study, write_csv(tmp_path / "q.csv", QUALTRICS), "qx")
    assert survey.question("Q1").type is QuestionType.NPS
    q2 = survey.question("Q2")
    assert q2.type is QuestionType.RATING  # Very satisfied … Dissatisfied: a 5-point scale
    assert stored(study, survey, "sys_respondent_id", "Q1", "Q2", "Q3__staff", "Q3__queue", "Q4") == [
        ("R_aaa", 9, 5, 5, 4, "Great staff"), ("R_bbb", 3, 2, 2, 1, "Long queue"), ("R_ccc", 10, 4, 4, 5, None)]
    grid = survey.question("Q3")  # Q3_1, Q3_2 "Rate the store - Staff/Queue": one matrix, its rows as items
    assert (grid.type, grid.label_en, grid.scale()) == (QuestionType.MATRIX, "Rate the store", (1, 5))
    assert [(i.code, i.label_en) for i in grid.items] == [("staff", "Staff"), ("queue", "Queue")]


def test_surveymonkey_xlsx_with_merged_question_cells(study: Study, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sm.xlsx", SURVEYMONKEY, merges=["D1:F1"])
    survey = imported(study, path, "sm")
    channel = next(q for q in survey.questions if q.type is QuestionType.MULTIPLE)
    assert [c.label_zh for c in channel.choices] == ["微信", "电视", "朋友推荐"]
    flags = [c.name for c in channel.columns()]
    assert stored(study, survey, *flags) == [(1, 0, 1), (0, 1, 0), (1, 0, 0)]
    satisfaction = next(q for q in survey.questions if q.label_zh == "您对门店的满意度")
    assert stored(study, survey, satisfaction.code) == [(5,), (3,), (2,)]
    assert stored(study, survey, "sys_started_at")[0] == ("2024-05-01 10:00:00",)  # US month/day text date


def test_wjx_by_text_gb18030(study: Study, tmp_path: Path) -> None:
    survey = imported(study, write_csv(tmp_path / "wjx.csv", WJX_TEXT, encoding="gb18030"), "wjx")
    gender = survey.question("q1")
    assert [c.label_zh for c in gender.choices] == ["男", "女"]
    channels = survey.question("q3")
    assert channels.type is QuestionType.MULTIPLE
    assert [c.label_zh for c in channels.choices] == ["微信", "朋友推荐", "电视"]
    rows = stored(study, survey, "q1", "q2", *[c.name for c in channels.columns()], "q4", "q5")
    assert rows == [(1, 5, 1, 1, 0, 9, "很好"), (2, 3, 0, 0, 1, 6, None), (2, 2, 1, 0, 0, 3, "排队太久"),
                    (1, 4, None, None, None, 10, None)]  # (跳过): skipped, so missing, not "not chosen"
    assert survey.question("q4").type is QuestionType.NPS


def test_wjx_by_number_xlsx(study: Study, tmp_path: Path) -> None:
    survey = imported(study, write_xlsx(tmp_path / "wjx.xlsx", WJX_NUMBER), "wjxn")
    channels = survey.question("q3")
    assert channels.type is QuestionType.MULTIPLE
    rows = stored(study, survey, "q1", "q2", *[c.name for c in channels.columns()], "q4")
    assert rows == [(1, 5, 1, 0, 1, 9), (2, 3, 0, 1, 0, 6), (2, None, 1, 0, 0, 3)]  # -3 = skipped


def test_tencent_xlsx_with_real_dates(study: Study, tmp_path: Path) -> None:
    survey = imported(study, write_xlsx(tmp_path / "tx.xlsx", TENCENT), "tx")
    assert survey.question("q2").type is QuestionType.RATING
    assert stored(study, survey, "sys_started_at", "q1", "q2", "q3") == [
        ("2024-05-01 10:00:00", "18-25岁", 5, "继续保持"), ("2024-05-02 11:00:00", "26-35岁", 4, None),
        ("2024-05-03 09:00:00", "18-25岁", 2, "价格太贵")]


def test_kobo_semicolon_csv_uses_option_columns(study: Study, tmp_path: Path) -> None:
    survey = imported(study, write_csv(tmp_path / "k.csv", KOBO, delimiter=";"), "kobo")
    reasons = survey.question("reasons")
    assert [c.label_en for c in reasons.choices] == ["price", "staff", "queue"]
    assert stored(study, survey, "store", "nps", *[c.name for c in reasons.columns()]) == [
        ("北京一店", 9, 1, 1, 0), ("上海二店", 4, 0, 0, 1), ("北京一店", 7, 0, 0, 0)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_plain_table_in_each_encoding(study: Study, tmp_path: Path, encoding: str) -> None:
    delimiter = "\t" if encoding == "utf-16" else ","
    path = write_csv(tmp_path / "plain.csv", GENERIC, encoding=encoding, delimiter=delimiter)
    survey = imported(study, path, "plain")
    codes = [q.code for q in survey.questions]
    assert codes == ["col1", "col2", "col3", "NPS", "col5", "col6"]
    assert stored(study, survey, "col1", "col2", "col3", "NPS", "col5", "col6") == [
        ("C001", "北京一店", 5, 10, "2024-05-01", "服务很好"), ("C002", "上海二店", 3, 6, "2024-05-02", "排队太久"),
        ("C003", "北京一店", 4, 8, "2024-05-03", "还行"), ("C004", "广州三店", 2, 2, "2024-05-04", "态度差")]
