"""SPSS files in (.sav, .zsav, .por): files from pyreadstat's test suite (tests/data/spss), files written with
pyreadstat, GBK files written byte by byte as Chinese SPSS writes them, and our own .sav export read back."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat
import pytest

from xmdesk.core.export import export_responses
from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.importing.run import check, prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, load_survey
from tests.messages import raises_message

DATA = Path(__file__).parents[1] / "data" / "spss"
PYREADSTAT = DATA / "pyreadstat"


def imported(study: Study, path: Path, code: str = "s") -> Survey:
    """The file imported as a new survey, every row (a problem stops the import)."""
    run_import(study, prepare(study, path, new=code), on_error="stop")
    return load_survey(study, code)


def stored(study: Study, survey: Survey, columns: str) -> list[tuple[Any, ...]]:
    return study.conn.execute(f"SELECT {columns} FROM {survey.response_table} ORDER BY id").fetchall()


def shape(question: Question) -> tuple[str, str, list[tuple[int, str]]]:
    return question.type.value, question.label(), [(c.value, c.label()) for c in question.choices]


# -- files from pyreadstat's test suite ----------------------------------------------------------


@pytest.mark.parametrize("name", ["sample.sav", "sample.zsav", "sample.por"])
def test_every_spss_format_gives_the_same_survey_and_values(study: Study, name: str) -> None:
    survey = imported(study, PYREADSTAT / name)
    by_label = {q.label(): q for q in survey.questions}
    assert shape(by_label["character"]) == ("text", "character", [])
    assert shape(by_label["numeric"]) == ("number", "numeric", [])
    assert by_label["date"].type is by_label["datetime"].type is QuestionType.DATE
    assert shape(by_label["labeled"]) == ("single", "labeled", [(1, "Male"), (2, "Female")])
    assert shape(by_label["ordinal"]) == ("single", "ordinal", [(1, "low"), (2, "medium"), (3, "high")])
    frame, _ = (pyreadstat.read_por if name.endswith(".por") else pyreadstat.read_sav)(str(PYREADSTAT / name))
    codes = [by_label[label].code for label in ("character", "numeric", "date", "labeled", "ordinal")]
    rows = stored(study, survey, ", ".join(codes))
    assert [row[0] for row in rows] == [text or None for text in frame.iloc[:, 0]]
    assert [row[1] for row in rows] == pytest.approx(frame.iloc[:, 1].tolist(), nan_ok=True)
    assert rows[0][2] == "2018-05-06" and rows[1][2] == "1880-05-06"
    assert [row[3:] for row in rows] == [tuple(None if pd.isna(v) else int(v) for v in values)
                                        for values in frame.iloc[:, 4:6].itertuples(index=False)]


def test_user_missing_values_are_missing_and_their_labels_no_choices(study: Study) -> None:
    survey = imported(study, PYREADSTAT / "sample_missing.sav")
    assert [c.label() for c in survey.question("mylabl").choices] == ["Male", "Female"]  # not -1 undetermined
    assert [c.label() for c in survey.question("myord").choices] == ["low", "medium", "high"]
    raw, _ = pyreadstat.read_sav(str(PYREADSTAT / "sample_missing.sav"), user_missing=True)
    rows = stored(study, survey, "mynum, mylabl, myord")
    assert -1 in raw["mylabl"].tolist() and 2000 <= raw["mynum"].max() <= 3000  # the file holds such values
    for (mynum, mylabl, myord), (raw_num, raw_labl, raw_ord) in zip(rows, raw[["mynum", "mylabl", "myord"]].values):
        assert mylabl == (None if raw_labl == -1 or pd.isna(raw_labl) else raw_labl)
        assert myord == (None if raw_ord in (-1, -2, -3) or pd.isna(raw_ord) else raw_ord)
        assert mynum == (None if raw_num == -1 or 2000 <= raw_num <= 3000 or pd.isna(raw_num) else pytest.approx(raw_num))


def test_a_multiple_dichotomy_set_is_one_multiple_choice_question(study: Study) -> None:
    survey = imported(study, PYREADSTAT / "simple_alltypes.sav")
    question = survey.question("mymrset")
    assert shape(question) == ("multiple", "My multiple response set",
                               [(1, "Response #1"), (2, "Response #2"), (3, "Response #3")])
    raw, _ = pyreadstat.read_sav(str(PYREADSTAT / "simple_alltypes.sav"))
    columns = [c.name for c in question.columns()]
    assert columns == ["mymrset__bool1", "mymrset__bool2", "mymrset__bool3"]
    assert stored(study, survey, ", ".join(columns)) == [tuple(None if pd.isna(v) else int(v) for v in row)
                                                       for row in raw[["bool1", "bool2", "bool3"]].values]
    assert [c.label() for c in survey.question("x").choices] == ["red", "green", "blue"]  # 7, 8, 99 are missing
    # an answer without a value label is kept as the number it is, as SPSS keeps it
    assert [row[0] for row in stored(study, survey, "x")] == [None if pd.isna(v) else v for v in raw["x"]]
    assert survey.question("str").type is QuestionType.TEXT


# -- files written with pyreadstat ---------------------------------------------------------------


def test_types_follow_measurement_levels_label_sets_and_names(study: Study, tmp_path: Path) -> None:
    frame = pd.DataFrame({"rec": [0.0, 7, 10, 9], "sat": [1.0, 3, 5, 4], "gender": [1.0, 2, 2, 1],
                          "spend": [12.5, 300, 88.8, 0], "why": ["价格太贵", "", "服务好", "一般"]})
    path = tmp_path / "cx.sav"
    pyreadstat.write_sav(frame, str(path), column_labels=["您向朋友推荐我们的可能性有多大？", "总体满意度", "性别",
                                                         "消费金额", "原因"],
                         variable_value_labels={"rec": {0.0: "完全不可能", 10.0: "非常可能"},
                                                "sat": {1.0: "非常不满意", 5.0: "非常满意"},
                                                "gender": {1.0: "男", 2.0: "女"}},
                         variable_measure={"rec": "ordinal", "sat": "ordinal", "gender": "nominal", "spend": "scale",
                                           "why": "nominal"})
    survey = imported(study, path)
    rec, sat, gender, spend, why = survey.questions
    assert rec.type is QuestionType.NPS and rec.props == {"low_zh": "完全不可能", "high_zh": "非常可能"}
    assert sat.type is QuestionType.RATING and sat.props == {"points": 5, "low_zh": "非常不满意", "high_zh": "非常满意"}
    assert shape(gender) == ("single", "性别", [(1, "男"), (2, "女")])
    assert spend.type is QuestionType.NUMBER and why.type is QuestionType.TEXT and why.label() == "原因"
    assert stored(study, survey, "rec, sat, gender, spend, why") == [
        (0, 1, 1, 12.5, "价格太贵"), (7, 3, 2, 300, None), (10, 5, 2, 88.8, "服务好"), (9, 4, 1, 0, "一般")]


def test_our_own_sav_export_comes_back_as_the_same_survey_and_values(demo_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "retail.sav"
    with Study.open(demo_path) as study:
        original = load_survey(study, "retail_cx")
        export_responses(study, original, "sav", path, lang="zh")
        back = imported(study, path, "back")
        columns = ", ".join(c.name for c in original.columns())
        assert stored(study, back, columns) == stored(study, original, columns)
    assert [q.code for q in back.questions] == [q.code for q in original.questions]
    for was, now in zip(original.questions, back.questions):
        kind = QuestionType.SINGLE if was.type is QuestionType.DROPDOWN else was.type  # SPSS has no dropdown
        assert (now.type, now.label("zh")) == (kind, was.label("zh"))
        assert [(c.value, c.label("zh")) for c in now.choices] == [(c.value, c.label("zh")) for c in was.choices]
        assert [(i.code, i.label("zh")) for i in now.items] == [(i.code, i.label("zh")) for i in was.items]
        assert {k: v for k, v in now.props.items()} == {k: v for k, v in was.props.items()
                                                      if k in ("points", "low_zh", "high_zh")}
    assert [c.code for c in back.question("categories").choices] == [c.code for c in
                                                                     original.question("categories").choices]


# -- Chinese labels in GBK, as Chinese SPSS writes them --------------------------------------------

Spec = tuple[str, int, str, dict[float, str], Sequence[float]]  # name, string width (0: numeric), label, values, missing
SATISFACTION: list[Spec] = [("q1", 0, "您对本店的总体满意度", {1.0: "不满意", 2.0: "一般", 3.0: "满意", 9.0: "不知道"}, [9.0]),
                            ("city", 16, "所在城市", {}, [])]
ROWS = [[1.0, "上海"], [3.0, "北京"], [9.0, "广州"], [2.0, "深圳"]]


def write_gbk_sav(path: Path, variables: Sequence[Spec], rows: Sequence[Sequence[Any]], code_page: int,
                  encoding_record: str = "") -> None:
    """An uncompressed SPSS system file with its text in GBK, after the layout the PSPP manual documents:
    header, variable records (continuations for strings past 8 bytes), value labels, the machine integer
    record naming the code page, an optional encoding record, then the cases."""
    def padded(data: bytes, size: int) -> bytes:
        return data[:size].ljust(size, b" ")

    slots = [max(1, -(-width // 8)) for _, width, *_ in variables]
    out = bytearray(b"$FL2" + padded(b"@(#) SPSS DATA FILE MS Windows 22.0.0.0", 60))
    out += struct.pack("<5id", 2, sum(slots), 0, 0, len(rows), 100.0)
    out += b"07 Dec 26" + b"17:00:00" + padded(b"", 64) + b"\0\0\0"
    labelled, index = [], 1
    for (name, width, label, labels, missing), size in zip(variables, slots):
        kind = (1 << 16 | width << 8) if width else (5 << 16 | 8 << 8)
        text = label.encode("gbk")
        out += struct.pack("<6i", 2, width, 1, len(missing), kind, kind) + padded(name.encode(), 8)
        out += struct.pack("<i", len(text)) + text + b" " * (-len(text) % 4)
        out += b"".join(struct.pack("<d", value) for value in missing)
        out += struct.pack("<6i", 2, -1, 0, 0, 0, 0) * (size - 1) + b" " * 8 * (size - 1)
        labelled += [(index, labels)] if labels else []
        index += size
    for at, labels in labelled:
        out += struct.pack("<2i", 3, len(labels))
        for value, text in labels.items():
            data = text.encode("gbk")
            out += struct.pack("<dB", value, len(data)) + data + b" " * (-(len(data) + 1) % 8)
        out += struct.pack("<3i", 4, 1, at)
    out += struct.pack("<4i8i", 7, 3, 4, 8, 22, 0, 0, -1, 1, 1, 2, code_page)
    if encoding_record:
        out += struct.pack("<4i", 7, 20, 1, len(encoding_record)) + encoding_record.encode()
    out += struct.pack("<2i", 999, 0)
    for row in rows:
        for (_, width, *_), size, value in zip(variables, slots, row):
            out += padded(str(value).encode("gbk"), 8 * size) if width else struct.pack("<d", value)
    path.write_bytes(bytes(out))


@pytest.mark.parametrize("code_page, record", [(936, ""), (936, "GBK"), (1252, ""), (2, ""), (65001, "UTF-8")],
                         ids=["code page 936", "encoding GBK", "claims windows-1252", "says nothing", "claims UTF-8"])
def test_gbk_labels_and_values_come_in_right(study: Study, tmp_path: Path, code_page: int, record: str) -> None:
    path = tmp_path / "gbk.sav"
    write_gbk_sav(path, SATISFACTION, ROWS, code_page, record)
    survey = imported(study, path)
    assert shape(survey.question("q1")) == ("single", "您对本店的总体满意度", [(1, "不满意"), (2, "一般"), (3, "满意")])
    assert survey.question("city").label() == "所在城市"
    assert stored(study, survey, "q1, city") == [(1, "上海"), (3, "北京"), (None, "广州"), (2, "深圳")]


def test_utf8_chinese_labels_come_in_right(study: Study, tmp_path: Path) -> None:
    path = tmp_path / "utf8.sav"
    pyreadstat.write_sav(pd.DataFrame({"q1": [1.0, 3, 9], "city": ["上海", "北京", "广州"]}), str(path),
                         column_labels=["您对本店的总体满意度", "所在城市"],
                         variable_value_labels={"q1": {1.0: "不满意", 2.0: "一般", 3.0: "满意", 9.0: "不知道"}},
                         missing_ranges={"q1": [9.0]}, variable_measure={"q1": "nominal", "city": "nominal"})
    survey = imported(study, path)
    assert shape(survey.question("q1")) == ("single", "您对本店的总体满意度", [(1, "不满意"), (2, "一般"), (3, "满意")])
    assert stored(study, survey, "q1, city") == [(1, "上海"), (3, "北京"), (None, "广州")]


# -- the same check page and all-or-nothing import as every file ----------------------------------


def test_the_check_lists_bad_rows_and_a_stopped_import_writes_nothing(study: Study, tmp_path: Path) -> None:
    first, second = tmp_path / "june.sav", tmp_path / "july.sav"
    write_gbk_sav(first, SATISFACTION, ROWS, 936)
    survey = imported(study, first, "monthly")
    labels = {3.0: "满意", 4.0: "非常满意"}  # July's file has a choice June's survey does not know
    write_gbk_sav(second, [("q1", 0, "您对本店的总体满意度", labels, []), SATISFACTION[1]], [[3.0, "上海"], [4.0, "北京"]],
                  936)
    plan = prepare(study, second, survey="monthly")
    found = check(study, plan)
    assert [(p.row, p.column, p.value) for p in found.problems] == [(3, "q1", "4")]
    with pytest.raises(ImportProblem):
        run_import(study, plan, on_error="stop")
    assert stored(study, survey, "q1") == [(1,), (3,), (None,), (2,)]  # June's rows only


def test_a_damaged_spss_file_is_refused_with_a_message(study: Study, tmp_path: Path) -> None:
    path = tmp_path / "cut.sav"
    path.write_bytes((PYREADSTAT / "sample.sav").read_bytes()[:700])
    with raises_message(ImportProblem, "importing.damaged", "cut.sav"):
        prepare(study, path, new="cut")
    renamed = tmp_path / "export.csv"
    shutil.copyfile(PYREADSTAT / "sample.sav", renamed)  # told by its bytes, not its name
    assert prepare(study, renamed, new="renamed").source.kind == "spss"


def test_response_fields_of_our_export_come_back_as_response_fields(study: Study, tmp_path: Path) -> None:
    from tests.core.test_import_samples import WJX_TEXT, write_csv

    run_import(study, prepare(study, write_csv(tmp_path / "may.csv", WJX_TEXT), new="may"), on_error="stop")
    may = load_survey(study, "may")
    export_responses(study, may, "sav", tmp_path / "may.sav", lang="zh", show_ip=True)
    back = imported(study, tmp_path / "may.sav", "back")
    fields = "sys_respondent_id, sys_submitted_at, sys_duration_s, sys_channel, sys_ip"
    assert stored(study, back, fields) == stored(study, may, fields)
    assert stored(study, back, "sys_ip")[0] == ("1.2.3.4(北京-北京)",)
    assert not any(q.code.startswith("sys_") for q in back.questions)
    assert [q.code for q in back.questions] == [q.code for q in may.questions]
