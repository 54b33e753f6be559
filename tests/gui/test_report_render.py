"""Reports drawn with Qt's painter (PDF, and the chart pictures of Word and HTML), read back with their own readers."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import docx
import pypdf
import pytest

from xmdesk.core.analysis import load_frame, nps
from xmdesk.core.charts.spec import ChartKind, ChartSpec, Series
from xmdesk.core.reports.build import BuiltReport, Section, build_report
from xmdesk.core.reports.recipe import Block, Branding, Report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.render.charts import chart_png, chart_svg
from xmdesk.render.pdf import export_report
from tests.messages import raises_message



@pytest.fixture(autouse=True)
def _widgets_app(qapp: object) -> None:
    """pytest-qt's QApplication first: a bare QGuiApplication made by the renderer would break later widget tests."""


CHART = ChartSpec(ChartKind.BARS, "各渠道净推荐值", ("门店", "微信小程序", "客服电话"),
                  (Series("NPS", (12.5, 20.25, -3.0), marks=("C", "", "")),), unit="pts", notes=("样本量：n = 1,000",))


@pytest.fixture
def built(demo_path: Path) -> tuple[BuiltReport, float]:
    """A report with every kind of content, and the engine's NPS to compare with."""
    report = Report(name="r", survey="retail_cx", title="零售门店顾客体验", branding=Branding(client="某零售集团"),
                    blocks=[Block("title"), Block("summary"), Block("tiles"),
                            Block("crosstab", options={"row": "channel", "column": "region"}),
                            Block("comments", options={"question": "improve_text"}), Block("methodology")])
    with Study.open(demo_path, read_only=True) as study:
        result = build_report(study, report)
        value = nps(load_frame(study, load_survey(study, "retail_cx"), ["nps"])["nps"].to_numpy(dtype=float)).nps
    chart = Section("chart", CHART.title, chart=CHART, notes=CHART.notes)
    return dataclasses.replace(result, sections=result.sections[:3] + (chart,) + result.sections[3:]), value


def _pdf_text(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(str(path)).pages]


def test_pdf_has_contents_page_numbers_numbers_and_intact_chinese(built: tuple[BuiltReport, float],
                                                                  tmp_path: Path) -> None:
    report, value = built
    pages = export_report(report, tmp_path / "r.pdf")
    text = _pdf_text(tmp_path / "r.pdf")
    assert len(text) == pages >= 4
    assert "零售门店顾客体验" in text[0] and "呈送：某零售集团" in text[0]
    assert "目录" in text[1]
    for page, words in enumerate(text[1:], start=2):
        assert f"第 {page} 页，共 {pages} 页" in words
    body = " ".join(text[2:])
    assert f"{value:.1f}" in body  # the NPS tile, as the engine computes it
    for words in ("购物渠道 × 所在区域", "研究方法", "门店", "您觉得我们最需要改进的是什么？", "各渠道净推荐值"):
        assert words in body
    assert not re.search(r"[\u2e80-\u2fdf]", body)  # radicals would mean the text layer lies about what is drawn
    # The contents page points at the page each section starts on.
    contents = dict(re.findall(r"(研究方法|关键指标) (\d+)", text[1]))
    assert "研究方法" in text[int(contents["研究方法"]) - 1]
    fonts = {f.get_object()["/BaseFont"]: f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
             for p in pypdf.PdfReader(str(tmp_path / "r.pdf")).pages for f in p["/Resources"]["/Font"].values()}
    cjk = [name for name in fonts if "NotoSansCJK" in name]
    assert cjk and all("/FontFile2" in fonts[name].get_object() for name in cjk)  # embedded, not just named


def test_pdf_charts_are_vector_not_pictures(built: tuple[BuiltReport, float], tmp_path: Path) -> None:
    report, _ = built
    export_report(report, tmp_path / "r.pdf")
    reader = pypdf.PdfReader(str(tmp_path / "r.pdf"))
    chart_page = next(p for p in reader.pages if "各渠道净推荐值" in p.extract_text())
    assert not chart_page.images
    assert "+12.5 C" in re.sub(r"\s+", " ", chart_page.extract_text()).replace("+12.5C", "+12.5 C")


def test_slides_layout_is_16_by_9_one_section_per_page(built: tuple[BuiltReport, float], tmp_path: Path) -> None:
    report, _ = built
    slides = dataclasses.replace(report, layout="slides")
    pages = export_report(slides, tmp_path / "s.pdf")
    box = pypdf.PdfReader(str(tmp_path / "s.pdf")).pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(16 / 9, rel=0.01)
    assert pages >= 2 + len([s for s in report.sections if s.kind != "title"])


def test_docx_has_headings_tables_and_chart_pictures(built: tuple[BuiltReport, float], tmp_path: Path) -> None:
    report, value = built
    export_report(report, tmp_path / "r.docx")
    document = docx.Document(str(tmp_path / "r.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "关键指标" in headings and "研究方法" in headings
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert f"{value:.1f}" in cells
    assert "门店" in cells
    assert len(document.inline_shapes) == 1  # the chart


def test_html_is_one_self_contained_file(built: tuple[BuiltReport, float], tmp_path: Path) -> None:
    report, value = built
    export_report(report, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 1 and "各渠道净推荐值" in page
    assert not re.search(r"""(src|href)=["']https?:""", page)
    assert f">{value:.1f}<" in page
    assert 'href="#s' in page and "呈送：某零售集团" in page


def test_chart_pictures_are_drawn(tmp_path: Path) -> None:
    png = chart_png(CHART, 400, 240)
    assert png.startswith(b"\x89PNG")
    svg = chart_svg(CHART, 400, 240)
    assert "<svg" in svg and "门店" in svg


def test_unknown_report_format_is_refused(built: tuple[BuiltReport, float], tmp_path: Path) -> None:
    from xmdesk.core.errors import ModelError

    with raises_message(ModelError, "report.bad_format", "odt"):
        export_report(built[0], tmp_path / "r.odt")


def test_journey_block_draws_the_journey_map(demo_path: Path, tmp_path: Path) -> None:
    from xmdesk.render.pdf import journey_painter

    report = Report(name="j", survey="retail_cx", blocks=[Block("journey")])
    with Study.open(demo_path, read_only=True) as study:
        section = build_report(study, report, journey_painter=journey_painter()).sections[0]
    assert section.title == "零售门店购物旅程" and not section.message
    assert section.image is not None and section.image.startswith(b"\x89PNG")


def test_english_report_and_cancelled_export(built: tuple[BuiltReport, float], tmp_path: Path) -> None:
    from xmdesk.core.errors import Cancelled
    from xmdesk.core.jobs import CancelToken

    report = dataclasses.replace(built[0], lang="en")
    export_report(report, tmp_path / "en.pdf")
    text = _pdf_text(tmp_path / "en.pdf")
    assert "Contents" in text[1] and f"Page 2 of {len(text)}" in text[1]
    token = CancelToken()
    token.cancel()
    for fmt in ("pdf", "pptx", "xlsx", "docx", "html"):
        with pytest.raises(Cancelled):
            export_report(report, tmp_path / f"c.{fmt}", cancel=token)
    assert not list(tmp_path.glob("c.*"))  # nothing half-written is left
