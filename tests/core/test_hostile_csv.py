"""Hostile and broken CSV files (issue 16, cases 1, 7 and the giant lines of 9): what the reader gives is
what Python's csv module reads from the text that was written, or a clear refusal naming the file, the
row or line and the limit; never fragments, mojibake, a hang or gigabytes of memory.

The giant-line tests write files just past the limits (about 17 MB at most), never the blow-up itself.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xmdesk.core import odata
from xmdesk.core.importing import readers
from xmdesk.core.importing.operational import import_odata
from xmdesk.core.importing.readers import ImportProblem, open_source
from xmdesk.core.importing.run import check, prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys, load_survey
from tests.messages import raises_message


def stored(study: Study, code: str) -> list[tuple[object, ...]]:
    """The survey's stored answers, a tuple per response in the file's column order."""
    survey = load_survey(study, code)
    names = ", ".join(f'"{column.name}"' for column in survey.columns())
    return study.conn.execute(f'SELECT {names} FROM "{survey.response_table}" ORDER BY id').fetchall()


# -- case 1: the delimiter, found on parsed records --------------------------------------------------------


def comments_csv(path: Path, stray: str) -> Path:
    """A survey export whose quoted comments hold line breaks, and one of them a `stray` separator."""
    rows = [["id", "score", "comment"], ["1", "9", "fast\nfriendly"], ["2", "3", f"slow{stray} rude\nstaff"],
            ["3", "7", "ok"], ["4", "10", "great\r\nservice\nagain"]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize("stray", [";", "|", "\t"])
def test_quoted_line_breaks_and_a_stray_separator_keep_the_comma(study: Study, tmp_path: Path, stray: str) -> None:
    path = comments_csv(tmp_path / "comments.csv", stray)
    source = open_source(path)
    assert source.delimiter == ","
    plan = prepare(study, path, new="c")
    assert [f.source for f in plan.mapping.fields] == ["id", "score", "comment"]
    run_import(study, plan)
    assert [comment for _, _, comment in stored(study, "c")] == ["fast\nfriendly", f"slow{stray} rude\nstaff", "ok",
                                              "great\r\nservice\nagain"]


def test_the_separator_giving_a_steady_field_count_wins(tmp_path: Path) -> None:
    """Semicolons with decimal commas: ',' splits the data rows evenly but not the header, ';' splits all."""
    path = tmp_path / "eu.csv"
    path.write_text("id;score;price\n1;4,5;3,20\n2;3,5;2,10\n3;5,0;1,00\n", encoding="utf-8")
    source = open_source(path)
    assert source.delimiter == ";"
    assert source.head[1] == ["1", "4,5", "3,20"]


def test_a_title_line_above_the_header_is_no_ragged_row(study: Study, tmp_path: Path) -> None:
    """Some tools write a one-cell title above the header; the layout skips it, the width starts below it."""
    path = tmp_path / "titled.csv"
    path.write_text("门店服务满意度调查（导出于2024-05-01）\nid,store,score\n1,北京,5\n2,上海,4\n", encoding="utf-8")
    result = run_import(study, prepare(study, path, new="t"))
    assert result.imported == 2 and stored(study, "t") == [(1, "北京", 5), (2, "上海", 4)]


def test_rows_that_disagree_in_field_count_are_reported_not_imported(study: Study, tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("id,score,comment\n1,9,good\n2,3,slow, rude\n3,7,ok\n", encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        run_import(study, prepare(study, path, new="r"))
    message = str(caught.value)
    assert "ragged.csv, row 3" in message and "4 fields" in message and "3" in message
    assert list_surveys(study) == []


def test_a_ragged_row_after_the_sample_stops_the_import(study: Study, tmp_path: Path) -> None:
    """The sample decides the width; a row far below it that disagrees is named when the import reaches it."""
    path = tmp_path / "late.csv"
    body = "".join(f"{n},{n % 10},好评{n}\n" for n in range(1, 30001))
    path.write_text("id,score,comment\n" + body + "30001,5,差评,多一列\n", encoding="utf-8")
    assert path.stat().st_size > readers.SAMPLE_BYTES
    with raises_message(ImportProblem, "importing.ragged", "late.csv", "30002"):
        run_import(study, prepare(study, path, new="late"))
    assert list_surveys(study) == []


def test_a_sample_cut_inside_a_quoted_comment_still_finds_the_separator(tmp_path: Path) -> None:
    long_comment = "第一行;\n" + "很长的评论，|" * 30000  # crosses the sniffed 256 KB
    rows = [["id", "comment", "score"]] + [[str(n), long_comment if n == 3 else f"短评{n}", "5"] for n in range(1, 9)]
    path = tmp_path / "cut.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert path.stat().st_size > readers.SAMPLE_BYTES
    source = open_source(path)
    assert source.delimiter == ","
    assert list(source.rows()) == rows


# -- the property: generated files read as csv reads them, or refused ------------------------------------

# CJK characters whose GB18030 bytes are all >= 0xC0: no run of them is valid UTF-8 (a UTF-8 continuation
# byte is 0x80-0xBF), so a GB18030 file written with them cannot be mistaken for UTF-8. With other
# characters a short GB18030 text can be valid UTF-8 by chance, which no reader can tell.
CJK = "".join(ch for ch in "满意服务很好差评价格你我他的是不了人们中国北京上海店员排队时间太长环境干净"
              if all(byte >= 0xC0 for byte in ch.encode("gb18030")))
CHARACTERS = list("ab xyz019.-'\"\n\r,;|\t") + list(CJK) + ["😀", "é"]
TEXT = st.text(alphabet=st.sampled_from(CHARACTERS), max_size=12)
NAME = st.text(alphabet=st.sampled_from(list("abcdefgh") + list(CJK)), min_size=1, max_size=6)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[str]], str, str]:
    """A header of plain names and rows of any text (quotes, line breaks, all four separators, CJK, emoji),
    with the separator and encoding it is written in."""
    width = draw(st.integers(1, 5))
    header = draw(st.lists(NAME, min_size=width, max_size=width, unique=True))
    rows = draw(st.lists(st.lists(TEXT, min_size=width, max_size=width), min_size=1, max_size=8))
    if width == 1:
        rows = [row for row in rows if row[0].strip()] or [["x"]]  # a blank line is no row
    delimiter = draw(st.sampled_from(readers.DELIMITERS))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    if encoding == "gb18030":
        rows = [[cell.replace("😀", "").replace("é", "") for cell in row] for row in rows]
    return [header] + rows, delimiter, encoding


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables(), sample=st.sampled_from([256, 1024, readers.SAMPLE_BYTES]))
def test_generated_files_read_as_the_csv_module_reads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            table: tuple[list[list[str]], str, str],
                                                            sample: int) -> None:
    rows, delimiter, encoding = table
    # Short samples cut quoted fields and rows anywhere below the header, which they hold whole (as 256 KB
    # holds a real export's): a sample inside a header's first name cannot show its separator.
    monkeypatch.setattr(readers, "SAMPLE_BYTES", sample)
    written = io.StringIO(newline="")
    # A one-column file has no separator to find: one whose every value holds a bare ',' below a one-word
    # first line is, to any reader, a table under a title line. Such files quote their values here.
    quoting = csv.QUOTE_ALL if len(rows[0]) == 1 else csv.QUOTE_MINIMAL
    csv.writer(written, delimiter=delimiter, quoting=quoting).writerows(rows)
    path = tmp_path / "generated.csv"
    path.write_bytes(written.getvalue().encode(encoding))
    expected = list(csv.reader(io.StringIO(written.getvalue(), newline=""), delimiter=delimiter))
    try:
        source = open_source(path)
        read = list(source.rows())
    except ImportProblem as problem:  # a refusal is allowed only as one clear line naming the file
        assert "generated.csv" in str(problem) and "\n" not in str(problem)
        return
    assert read == expected
    assert source.undecodable == set()


# -- case 7: the encoding, decided on the whole file's evidence -------------------------------------------


def mixed_file(path: Path, rows: int = 20000, bad_row: int = 5) -> Path:
    """A UTF-8 export with one comment in GBK (pasted from an old system) at file row `bad_row`."""
    lines = ["id,store,comment"] + [f"{n},北京朝阳,服务很好{n}" for n in range(1, rows + 1)]
    data = [line.encode("utf-8") for line in lines]
    data[bad_row - 1] = f"{bad_row - 1},上海徐汇店,排队太久".encode("gbk")
    path.write_bytes(b"\n".join(data) + b"\n")
    return path


def test_one_gbk_line_in_a_utf8_file_is_that_line_reported(study: Study, tmp_path: Path) -> None:
    path = mixed_file(tmp_path / "mixed.csv")
    source = open_source(path)
    assert source.encoding == "utf-8"
    assert source.head[1] == ["1", "北京朝阳", "服务很好1"]  # before: GB18030 mojibake, 鍖椾含鏈濋槼
    assert source.undecodable == {5}  # named among the first rows the wizard shows
    report = check(study, prepare(study, path, new="mx"))
    assert [(p.row, p.column, p.problem) for p in report.problems] == [(5, "store", "not valid UTF-8 text"),
                                                                       (5, "comment", "not valid UTF-8 text")]
    with raises_message(ImportProblem, "importing.stopped", "mixed.csv", "store", "not valid UTF-8 text"):
        run_import(study, prepare(study, path, new="mx"))
    assert list_surveys(study) == []
    result = run_import(study, prepare(study, path, new="mx"), on_error="skip")
    assert (result.imported, result.skipped) == (19999, 1)
    rows = stored(study, "mx")
    assert rows[3] == (5, "北京朝阳", "服务很好5") and rows[-1] == (20000, "北京朝阳", "服务很好20000")


def test_cells_of_a_badly_encoded_row_can_be_imported_as_missing(study: Study, tmp_path: Path) -> None:
    path = mixed_file(tmp_path / "mixed.csv", rows=40)
    result = run_import(study, prepare(study, path, new="mx"), on_error="missing")
    assert (result.imported, result.problem_count) == (40, 2)
    assert stored(study, "mx")[3] == (4, None, None)


def test_operational_data_with_a_gbk_line_is_refused_naming_the_row(study: Study, tmp_path: Path) -> None:
    """O-data imports all or nothing, so a badly encoded row stops it (before: GB18030 mojibake stored)."""
    path = mixed_file(tmp_path / "calls.csv", rows=50, bad_row=5)
    with raises_message(ImportProblem, "importing.encoding", "calls.csv", "UTF-8"):
        import_odata(study, path, "calls", "id")
    assert odata.list_tables(study) == []


def test_a_gbk_file_with_a_utf8_line_is_read_as_gbk(tmp_path: Path) -> None:
    lines = ["编号,门店,评论"] + [f"{n},北京朝阳店,服务很好{n}" for n in range(1, 200)]
    data = [line.encode("gbk") for line in lines]
    data[3] = "3,上海徐汇店,排队太久".encode("utf-8")
    path = tmp_path / "gbk.csv"
    path.write_bytes(b"\n".join(data) + b"\n")
    source = open_source(path)
    assert source.encoding == "gb18030"
    assert source.head[0] == ["编号", "门店", "评论"]
    assert source.head[10] == ["10", "北京朝阳店", "服务很好10"]


# -- case 9 (part): giant rows, fields and lines are refused past a limit, streaming -----------------------


def test_a_row_wider_than_excel_is_refused_naming_the_limit(study: Study, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"q{n}" for n in range(20000)) + "\n" + ",".join("1" * 20000) + "\n",
                    encoding="utf-8")
    with raises_message(ImportProblem, "importing.too_wide", "wide.csv"):
        prepare(study, path, new="w")
    assert list_surveys(study) == []


def test_a_line_of_millions_of_separators_is_refused_before_it_is_split(tmp_path: Path) -> None:
    """The 25-million-field line, cut to 2 million: refused from the bytes, before csv builds the row."""
    path = tmp_path / "fields.csv"
    path.write_bytes(b"id,score\n1,5\n" + b"1," * 2_000_000 + b"1\n")
    with raises_message(ImportProblem, "importing.too_many_separators", "fields.csv"):
        list(open_source(path).rows())


def test_a_line_without_a_newline_is_refused_past_the_line_limit(tmp_path: Path) -> None:
    path = tmp_path / "oneline.csv"
    path.write_bytes(b"id,comment\n1," + b"x" * (readers.MAX_LINE_BYTES + 10))
    with raises_message(ImportProblem, "importing.line_too_long", "oneline.csv", "16"):
        list(open_source(path).rows())


def test_a_gigantic_quoted_field_is_refused_naming_the_limit(study: Study, tmp_path: Path) -> None:
    """A quote opened and never closed swallows the rest of the file into one value."""
    path = tmp_path / "quote.csv"
    body = "".join(f"{n},好评{n}\n" for n in range(3, 120000))
    path.write_text('id,comment\n1,"unclosed\n2,ok\n' + body, encoding="utf-8")
    with raises_message(ImportProblem, "importing.field_too_long", "quote.csv"):
        run_import(study, prepare(study, path, new="q"))
    assert list_surveys(study) == []
