"""Data export and the report files that need no painter, each opened with its own reader."""

from __future__ import annotations

import csv
import dataclasses
import zipfile
from pathlib import Path

import openpyxl
import pyreadstat
import pytest
from pptx import Presentation

from xmdesk.core.survey import responses
from xmdesk.core.analysis import load_frame, nps
from xmdesk.core.charts.spec import ChartKind, ChartSpec, Orientation, Series
from xmdesk.core.export import ExportError, export_responses
from xmdesk.core.files import OutputError, safe_cell
from xmdesk.core.privacy import Masker, mask_text
from xmdesk.core.reports.build import BuiltReport, Section, Table, build_report
from xmdesk.core.reports.pptx_export import write_pptx
from xmdesk.core.reports.recipe import Block, Report
from xmdesk.core.reports.xlsx_export import write_xlsx
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from tests.messages import raises_message

ATTACK = "=HYPERLINK(\"http://x\",\"点我\")"


# -- formula injection and masking ---------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+2", "+A1", "-1+1", "@SUM(A1)", "\tcmd", "\r=1"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["门店 = 好", "1+1", -5, 3.2, None, "hello@example.com", "-10.2", "+3.5%", "-1,000"])
def test_other_values_pass_unchanged(value: object) -> None:
    assert safe_cell(value) == value


@pytest.mark.parametrize(("text", "expected"), [
    ("电话13812345678", "电话1*********8"),
    ("手机 +86 138-1234-5678 联系", "手机 +8* ***-****-***8 联系"),
    ("座机010-12345678", "座机0**-*******8"),
    ("邮箱 zhang.wei@example.com 谢谢", "邮箱 z***@example.com 谢谢"),
    ("身份证11010119900307123X", "身份证1****************X"),
    ("我叫李娜，很满意", "我叫李*，很满意"),
    ("姓名：王小明", "姓名：王**"),
    ("王先生态度很好", "*先生态度很好"),
    ("订单号 12345678901234567890 未到", "订单号 12345678901234567890 未到"),
    ("排队太久", "排队太久"),
])
def test_masking_patterns(text: str, expected: str) -> None:
    assert mask_text(text) == expected


def test_known_names_are_masked_anywhere() -> None:
    masker = Masker(["欧阳娜娜", "陈静"])
    assert masker.mask("欧阳娜娜和陈静都来了") == "欧***和陈*都来了"


# -- data export ---------------------------------------------------------------------------------


def _add_attack(study: Study) -> str:
    """A response with a formula and personal data; returns the customer name it quotes (from the study)."""
    survey = load_survey(study, "retail_cx")
    (name,) = study.conn.execute("SELECT name FROM customers WHERE length(name) = 3 LIMIT 1").fetchone()
    responses.add_response(study, survey, {"region": 1, "store": 1, "channel": 1, "nps": 10, "other_text": ATTACK,
                                           "like_text": f"我叫李娜，电话13912345678，{name}也来了"})
    return str(name)


def test_csv_has_bom_labels_injection_guard_and_masking(demo_path: Path, tmp_path: Path) -> None:
    with Study.open(demo_path) as study:
        name = _add_attack(study)
        survey = load_survey(study, "retail_cx")
        total = responses.count(study.conn, survey)
        result = export_responses(study, survey, "csv", tmp_path / "out.csv", mask_personal=True, labels=True,
                                  lang="zh")
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert result.rows == len(rows) == total
    last = rows[-1]
    assert last["other_text"] == "'" + ATTACK
    assert last["like_text"] == f"我叫李*，电话1*********8，{name[0]}**也来了"
    assert last["region"] == "华东" and last["channel"] == "门店"
    assert not (tmp_path / "out.csv.partial").exists()


def test_xlsx_export_reads_back_with_codebook(demo_path: Path, tmp_path: Path) -> None:
    with Study.open(demo_path) as study:
        _add_attack(study)
        survey = load_survey(study, "retail_cx")
        export_responses(study, survey, "xlsx", tmp_path / "out.xlsx", lang="zh")
        nps_values = load_frame(study, survey, ["nps"])["nps"].tolist()
    book = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    data = list(book["数据"].iter_rows(values_only=True))
    header = list(data[0])
    assert [r[header.index("nps")] for r in data[1:]] == nps_values
    assert data[-1][header.index("other_text")] == ATTACK  # as stored, in a text cell (files.sheet_cell)
    codebook = {r[0]: r for r in book["变量"].iter_rows(values_only=True)}
    assert codebook["attr__queue"][1] == "请对以下方面进行评价 - 排队等待时间"
    assert "1 = 华东" in codebook["region"][2]


def test_sav_has_variable_and_value_labels(demo_path: Path, tmp_path: Path) -> None:
    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        export_responses(study, survey, "sav", tmp_path / "out.sav", mask_personal=True, lang="zh")
        frame = load_frame(study, survey, ["nps", "like_text"])
    data, meta = pyreadstat.read_sav(str(tmp_path / "out.sav"))
    assert len(data) == len(frame)
    assert data["nps"].tolist() == frame["nps"].tolist()
    assert meta.column_names_to_labels["nps"] == "您有多大可能向朋友或同事推荐我们？"
    assert meta.variable_value_labels["region"][1.0] == "华东"
    assert meta.variable_value_labels["categories__fresh"] == {0.0: "未选", 1.0: "选中"}
    assert meta.variable_measure["nps"] == "ordinal"
    assert data["like_text"].iloc[0] == frame["like_text"].iloc[0]  # comments without personal data stay as they are


def test_unknown_format_and_unwritable_path_are_clear(demo_path: Path, tmp_path: Path) -> None:
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        with raises_message(ExportError, "export.bad_format", "parquet"):
            export_responses(study, survey, "parquet", tmp_path / "x")
        with raises_message(OutputError, "files.no_folder", "nowhere"):
            export_responses(study, survey, "csv", tmp_path / "nowhere" / "x.csv")


# -- report files without a painter: PowerPoint and Excel -----------------------------------------


NPS_BY_CHANNEL = ChartSpec(ChartKind.BARS, "各渠道 NPS", ("门店", "App", "=cmd|' /C calc'!A0"),
                           (Series("NPS", (12.5, 20.25, -3.0), n=(500, 200, 40), marks=("C", "", "")),), unit="pts")
STACKED = ChartSpec(ChartKind.STACKED_BARS, "NPS 构成", ("华东", "华北"),
                    (Series("贬损者", (30.0, 35.0), role="detractor"), Series("推荐者", (40.0, 35.0), role="promoter")),
                    unit="%", orientation=Orientation.HORIZONTAL, value_range=(0, 100))


HEATMAP = ChartSpec(ChartKind.HEATMAP, "渠道热力", ("门店", "App"),
                    (Series("华东", (51.7, 18.4), marks=("B", "")), Series("华北", (56.3, 16.7))), unit="%")


@pytest.fixture
def built(demo_path: Path) -> BuiltReport:
    report = Report(name="r", survey="retail_cx", title="零售门店顾客体验", blocks=[
        Block("title"), Block("tiles"), Block("crosstab", options={"row": "channel", "column": "region"}),
        Block("methodology")])
    with Study.open(demo_path, read_only=True) as study:
        result = build_report(study, report)
    charts = (Section("chart", NPS_BY_CHANNEL.title, chart=NPS_BY_CHANNEL),
              Section("chart", HEATMAP.title, chart=HEATMAP),
              Section("chart", STACKED.title, chart=STACKED),
              Section("comments", "评论", table=Table(("评论", "情感", "数量"), ((ATTACK, "负面", 3),), decimals=0)))
    return dataclasses.replace(result, sections=result.sections + charts)


def test_pptx_has_native_charts_with_the_spec_numbers(built: BuiltReport, demo_path: Path, tmp_path: Path) -> None:
    slides = write_pptx(built, tmp_path / "r.pptx")
    deck = Presentation(str(tmp_path / "r.pptx"))
    assert len(deck.slides) == slides
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 2  # the heatmap is a table on its slide
    bars = charts[0]
    assert list(bars.plots[0].categories) == ["门店", "App", "'=cmd|' /C calc'!A0"]
    assert list(bars.plots[0].series[0].values) == [12.5, 20.25, -3.0]
    assert [s.name for s in charts[1].plots[0].series] == ["贬损者", "推荐者"]
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    assert "零售门店顾客体验" in texts
    with Study.open(demo_path, read_only=True) as study:
        value = nps(load_frame(study, load_survey(study, "retail_cx"), ["nps"])["nps"].to_numpy(dtype=float)).nps
    assert f"{value:.1f}" in texts
    cells = [cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table
             for row in shape.table.rows for cell in row.cells]
    assert "'" + ATTACK in cells
    assert ATTACK not in cells
    assert "门店" in cells and "华东 (A)" in cells


def test_xlsx_report_has_data_sheet_and_native_chart_per_chart(built: BuiltReport, tmp_path: Path) -> None:
    write_xlsx(built, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    sheet = book[next(n for n in book.sheetnames if "各渠道 NPS" in n)]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("类别", "NPS (pts)", "NPS n")
    assert [r[1] for r in rows[1:4]] == [12.5, 20.25, -3.0]
    assert rows[3][0] == "=cmd|' /C calc'!A0"  # text as it was, typed as text
    with zipfile.ZipFile(tmp_path / "r.xlsx") as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        xml = archive.read(charts[0]).decode("utf-8")
    assert len(charts) == 2  # the heatmap stays a table, coloured by a colour scale
    assert "barChart" in xml and "各渠道 NPS" in xml
    heat = book[next(n for n in book.sheetnames if "渠道热力" in n)]
    assert [str(r.sqref) for r in heat.conditional_formatting] == ["B2:C3"]
    assert heat["B2"].value == 51.7
    comments = book[next(n for n in book.sheetnames if "评论" in n)]
    assert comments["A2"].value == ATTACK and comments["A2"].data_type == "s"
    crosstab = book[next(n for n in book.sheetnames if "×" in n)]
    table = next(s.table for s in built.sections if s.kind == "crosstab")
    assert table is not None
    assert not any(m for row in table.marks for m in row)  # no letters here: no letter columns either
    assert [c.value for c in crosstab[1]][1:3] == ["华东 (A)", "华北 (B)"]
    assert crosstab["A2"].value == "门店"
    assert crosstab["B2"].value == pytest.approx(table.rows[0][1])
