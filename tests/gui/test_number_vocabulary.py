"""One chart spec, one text: what the charts view draws equals what every report format and the CLI print.

A real study is built so that its results are the awkward numbers of the issue (a mean of 3.7, a
mean of 1,234.5 and of 1,000,000, shares of 45 %, 0 % and 100 %, NPS of -12.5, 0 and +50 on bases
of 8, 29 and 30, an empty segment), the real ChartView draws each chart, and the same charts go
through the real exporters (PDF, PowerPoint, Excel, Word, HTML) and `xmdesk stats`. Each face's
text is read back the way a reader sees it: pyqtgraph's text items and tooltips, pypdf's text,
python-pptx's data labels rendered with their number format, openpyxl's cells rendered with
theirs, the Word and HTML tables and the SVG text, the CLI's stdout.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pyqtgraph as pg
import pypdf
import pytest

from xmdesk.core import messages
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.charts.build import spec_for
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.recipe import Block, Report
from xmdesk.core.survey.responses import insert_rows
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey
from xmdesk.gui.charts.view import ChartView

ROWS = 67
"""Segments: North rows 0-28 (n = 29), South rows 29-58 (n = 30), West rows 59-66 (n = 8)."""
WEST_NPS = (10, 10, 8, 8, 8, 3, 3, 3)


def _row(i: int) -> list[Any]:
    segment = 1 if i < 29 else 2 if i < 59 else 3
    nps = 8 if i < 29 or i >= 44 and i < 59 else 10 if i < 59 else WEST_NPS[i - 59]
    score = 4 if i < 7 else 3 if i < 10 else None
    amount = {0: 1234, 1: 1235}.get(i)
    big = 1_000_000 if i == 0 else None
    pick = 1 if i < 9 else 2 if i < 20 else None
    return [segment, nps, score, amount, big, pick, 1]


@dataclass(frozen=True)
class Case:
    name: str
    request: dict[str, Any]
    values: tuple[str, ...]
    """Texts every face prints for the chart's values."""
    counts: tuple[str, ...] = ()
    """Bases shown where a face shows them (the screen's tooltips, the data tables)."""


def _request(metric: str, question: str, by: str | None = None, chart: str = "") -> dict[str, Any]:
    return Request(metric, question, Query("v"), by=by, chart=chart, lang="en").to_dict()


CASES = (
    Case("mean of a 1-5 rating, an empty segment", _request("mean", "score", "seg"), ("3.70", "–"), ("10",)),
    Case("mean of an amount", _request("mean", "amount"), ("1,234.50",), ("2",)),
    Case("a mean of a million", _request("mean", "big"), ("1,000,000.00",), ("1",)),
    Case("shares of a choice", _request("freq", "pick"), ("45.0%", "55.0%", "0.0%"), ("9", "11", "0")),
    Case("a share of everyone", _request("freq", "one"), ("100.0%", "0.0%"), ("67",)),
    Case("NPS per segment", _request("nps", "nps", "seg", "bars"), ("+20.9", "0.0", "+50.0", "-12.5"),
         ("67", "29", "30", "8")),
    Case("NPS shares per segment", _request("nps", "nps", "seg"),
         ("100.0%", "50.0%", "37.5%", "25.0%", "+20.9", "-12.5"), ("29", "30", "8")),
)

TILES = Block("tiles", "Tiles", {"metrics": [{"metric": "nps", "question": "nps"}, {"metric": "csat", "question": "score"},
                                            {"metric": "mean", "question": "score"}, {"metric": "count", "question": ""}]})
TILE_TEXTS = ("+20.9", "70.0%", "3.70", "67")

NUMBER = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?%?|[–—]")


def tokens(texts: Any) -> list[str]:
    """The numbers (and missing-value dashes) in some texts, as printed."""
    text = texts if isinstance(texts, str) else "\n".join(texts)
    return [t.replace("−", "-") for t in NUMBER.findall(text)]


# -- Excel's rendering of a number format (the subset our exports could write) ---------------------------


def excel_text(value: Any, number_format: str) -> str:
    """What Excel (and PowerPoint, for a data label) shows for `value` in `number_format`.

    ECMA-376 18.8.31: up to three sections (positive; negative; zero), quoted literals,
    '+'/'-' literals, 0/# digits with ',' grouping, a bare '%' multiplies by 100; values are
    rounded half away from zero.
    """
    if value is None or isinstance(value, str):
        return "" if value is None else value
    if number_format in ("General", ""):
        return f"{value:g}" if isinstance(value, float) else str(value)
    sections = re.findall(r'(?:"[^"]*"|[^;"])+', number_format)
    section, number, signed = sections[0], abs(float(value)), value < 0
    if value < 0 and len(sections) > 1:
        section, signed = sections[1], False
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    parts = re.fullmatch(r'((?:"[^"]*"|[+\-( ])*)([#0,]*0(?:\.0+)?)((?:"[^"]*"|[%) ])*)', section)
    assert parts is not None, f"a number format this test cannot render: {number_format!r}"
    before, digits, after = parts.groups()
    if "%" in after.replace('"%"', ""):
        number *= 100
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    rounded = Decimal(f"{number:.15g}").quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}" if "," in digits else f"{rounded:.{decimals}f}"
    literal = re.compile(r'"([^"]*)"')
    return ("-" if signed else "") + literal.sub(r"\1", before) + text + literal.sub(r"\1", after)


def test_excel_text_renders_like_excel() -> None:
    assert excel_text(3.7, "0.00") == "3.70"
    assert excel_text(1234.5, "#,##0.00") == "1,234.50"
    assert excel_text(-12.5, '+0.0;-0.0;0.0') == "-12.5"
    assert excel_text(0.0, '+0.0;-0.0;0.0') == "0.0"
    assert excel_text(45.0, '0.0"%"') == "45.0%"
    assert excel_text(0.45, "0.0%") == "45.0%"
    assert excel_text(2.675, "0.00") == "2.68"
    assert excel_text(-3.0, "0") == "-3"


# -- the study, the screen and the faces ------------------------------------------------------------------


@pytest.fixture(scope="module")
def study_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vocabulary") / "v.xmd"
    letters = [Choice("g1", 1, "North", "北区"), Choice("g2", 2, "South", "南区"), Choice("g3", 3, "West", "西区")]
    questions = [
        Question("seg", QuestionType.SINGLE, "Segment", "区域", choices=letters),
        Question("nps", QuestionType.NPS, "Recommend", "推荐"),
        Question("score", QuestionType.RATING, "Score", "评分", props={"points": 5}),
        Question("amount", QuestionType.NUMBER, "Amount", "金额"),
        Question("big", QuestionType.NUMBER, "Big", "大数"),
        Question("pick", QuestionType.SINGLE, "Pick", "选择",
                 choices=[Choice("a", 1, "Alpha", "甲"), Choice("b", 2, "Beta", "乙"), Choice("c", 3, "Gamma", "丙")]),
        Question("one", QuestionType.SINGLE, "One", "唯一", choices=[Choice("x", 1, "Only", "唯一"), Choice("y", 2, "Never", "从不")]),
    ]
    with Study.create(path) as study:
        survey = create_survey(study, "v", "Vocabulary", "词汇", questions)
        insert_rows(study, survey, [q.code for q in questions], [_row(i) for i in range(ROWS)])
    return path


@pytest.fixture(scope="module")
def exported(study_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The report of every case's chart, written in every format by the real export path."""
    from xmdesk.render.pdf import export_report, journey_painter

    language = messages.language()
    messages.set_language("en")
    folder = tmp_path_factory.mktemp("exports")
    report = Report("vocabulary", "v", title="Vocabulary", lang="en",
                    blocks=[Block("chart", case.name, {"request": case.request}) for case in CASES] + [TILES])
    with Study.open(study_path, read_only=True) as study:
        built = build_report(study, report, journey_painter=journey_painter())
    paths = {fmt: folder / f"report.{fmt}" for fmt in ("pdf", "pptx", "xlsx", "docx", "html")}
    for fmt, path in paths.items():
        export_report(built, path, fmt)
    from xmdesk.core.reports.docx_export import write_docx

    paths["docx_tables"] = folder / "tables.docx"
    write_docx(built, paths["docx_tables"])  # the core alone, without a painter: charts as their data tables
    yield paths
    messages.set_language(language)


def screen_texts(view: ChartView) -> list[str]:
    """Every text the view draws on the plot, and every tooltip it shows on hover."""
    drawn = [item.textItem.toPlainText() for item in view.plot_item.items if isinstance(item, pg.TextItem)]
    return drawn + [hit.text for hit in view.hits]


def pdf_sections(path: Path) -> list[str]:
    """The text of each case's section: from its heading to the next one (after the cover and contents pages)."""
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(str(path)).pages]
    body = " ".join(pages[2:])
    starts = [body.find(case.name) for case in CASES]
    assert all(start >= 0 for start in starts) and starts == sorted(starts), body
    return [body[start:end] for start, end in zip(starts, starts[1:] + [len(body)])]


def pptx_charts(path: Path) -> list[list[str]]:
    """Per chart slide, the data labels as PowerPoint draws them, category names and table cells."""
    from pptx import Presentation

    slides = []
    for slide in Presentation(str(path)).slides:
        texts: list[str] = []
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                plot = chart.plots[0]
                label_format = plot.data_labels.number_format if plot.has_data_labels else "General"
                texts += [str(c) for c in plot.categories]
                for series in plot.series:
                    texts += [excel_text(v, label_format) for v in series.values if v is not None]
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        if texts:
            slides.append(texts)
    return slides


def xlsx_sheets(path: Path) -> list[list[str]]:
    """Per chart sheet, every cell as Excel shows it; numbers must stay numbers."""
    from openpyxl import load_workbook

    book = load_workbook(str(path))
    sheets = []
    for ws in book.worksheets[1:]:
        texts = []
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                if cell.data_type == "n":
                    texts.append(excel_text(cell.value, cell.number_format))
                else:
                    assert not NUMBER.fullmatch(str(cell.value)), f"a number written as text: {cell.value!r}"
                    texts.append(str(cell.value))
        sheets.append(texts)
    return sheets


def docx_sections(path: Path) -> list[str]:
    from docx import Document

    document = Document(str(path))
    return ["\n".join(cell.text for row in table.rows for cell in row.cells) for table in document.tables]


def html_sections(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [html.unescape(re.sub(r"<[^>]+>", " ", part)) for part in text.split('<section id="s')[1:]]


def cli_text(path: Path, request: dict[str, Any]) -> str:
    args = [sys.executable, "-m", "xmdesk", "--lang", "en", "stats", str(path), "--survey", "v", "--metric",
            request["metric"], "--question", request["question"]] + (["--by", request["by"]] if "by" in request else [])
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    return result.stdout


def missing(expected: tuple[str, ...], texts: Any) -> list[str]:
    found = tokens(texts)
    return [e for e in expected if e not in found]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case.name for case in CASES])
def test_screen_and_every_report_print_the_same_text(index: int, study_path: Path, exported: dict[str, Path],
                                                     qtbot) -> None:  # noqa: ANN001
    case = CASES[index]
    with Study.open(study_path, read_only=True) as study:
        spec = spec_for(run(study, Request.from_dict(case.request)))
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(900, 560)
    view.set_spec(spec)
    screen = screen_texts(view)
    assert missing(case.values + case.counts, screen) == [], screen

    faces = {
        "pdf": pdf_sections(exported["pdf"])[index],
        "pptx": pptx_charts(exported["pptx"])[index],
        "xlsx": xlsx_sheets(exported["xlsx"])[index],
        "docx": docx_sections(exported["docx_tables"])[index],
        "html": html_sections(exported["html"])[index],
    }
    # Excel and PowerPoint keep a missing value as an empty cell (no bar), never as a dash in a number column.
    numeric = tuple(v for v in case.values if v != "–")
    wrong = {face: missing(numeric if face in ("pptx", "xlsx") else case.values, text) for face, text in faces.items()}
    wrong.update({f"{face} n": missing(case.counts, faces[face]) for face in ("xlsx", "docx", "html")})
    assert {face: gone for face, gone in wrong.items() if gone} == {}, faces


@pytest.mark.parametrize("index", [0, 1, 2, 5], ids=[CASES[i].name for i in (0, 1, 2, 5)])
def test_the_cli_prints_the_screen_text(index: int, study_path: Path) -> None:
    case = CASES[index]
    printed = cli_text(study_path, case.request)
    expected = tuple(v for v in case.values if v != "–")
    assert missing(expected, printed) == [], printed


def test_excel_summary_tiles_print_the_tile_texts(exported: dict[str, Path]) -> None:
    """The key-figure tiles: the PDF prints their texts, the Excel summary holds their numbers in the same form."""
    from openpyxl import load_workbook

    summary = load_workbook(str(exported["xlsx"])).worksheets[0]
    cells = [excel_text(row[1].value, row[1].number_format) for row in summary.iter_rows(min_row=6)
             if len(row) > 1 and isinstance(row[1].value, (int, float))]
    assert cells == list(TILE_TEXTS)
    assert missing(TILE_TEXTS, pdf_sections(exported["pdf"])[-1]) == []
