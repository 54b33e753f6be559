"""`xmdesk report` and `xmdesk export` run as the user runs them: a subprocess, JSON on stdout, progress on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyreadstat
import pypdf
from pptx import Presentation

from xmdesk.core.analysis import load_frame, nps
from xmdesk.core.reports.recipe import Block, Report, save_report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey

from tests.core.test_report_core import WAVE2, add_second_wave


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "en", *args], capture_output=True, text=True,
                          timeout=300)


def _save_brief(path: Path) -> float:
    """Save a report without charts in the study; return the engine's NPS of in-store responses."""
    with Study.open(path) as study:
        save_report(study, Report(name="门店简报", survey="retail_cx", filter="${channel} = 1", lang="zh",
                                  blocks=[Block("title"), Block("tiles"), Block("crosstab",
                                                                                options={"row": "channel",
                                                                                         "column": "region"}),
                                          Block("methodology")]))
        frame = load_frame(study, load_survey(study, "retail_cx"), ["channel", "nps"])
    in_store = frame[frame["channel"].astype(float) == 1]
    return nps(in_store["nps"].to_numpy(dtype=float)).nps


def test_saved_report_to_pdf_and_pptx(demo_path: Path, tmp_path: Path) -> None:
    value = _save_brief(demo_path)
    pdf = run("report", str(demo_path), "--report", "门店简报", "-o", str(tmp_path / "r.pdf"), "--client", "ACME")
    assert pdf.returncode == 0, pdf.stderr
    summary = json.loads(pdf.stdout)
    assert summary["report"] == "门店简报" and summary["format"] == "pdf" and summary["size"] >= 3
    assert "%" in pdf.stderr  # progress went to stderr
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(str(tmp_path / "r.pdf")).pages)
    assert f"{value:.1f}" in text and "ACME" in text and "研究方法" in text
    deck = run("report", str(demo_path), "--report", "门店简报", "-o", str(tmp_path / "r.pptx"))
    assert deck.returncode == 0, deck.stderr
    slides = Presentation(str(tmp_path / "r.pptx")).slides
    texts = [s.text_frame.text for slide in slides for s in slide.shapes if s.has_text_frame]
    assert f"{value:.1f}" in texts


def test_unknown_report_is_one_clear_line(demo_path: Path, tmp_path: Path) -> None:
    result = run("report", str(demo_path), "--report", "nope", "-o", str(tmp_path / "r.pdf"))
    assert result.returncode == 1
    assert "nope" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_export_sav_with_masking(demo_path: Path, tmp_path: Path) -> None:
    result = run("export", str(demo_path), "--survey", "retail_cx", "--format", "sav", "-o", str(tmp_path / "d.sav"),
                 "--mask-personal")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary == {**summary, "rows": 1000, "format": "sav", "masked": True}
    data, meta = pyreadstat.read_sav(str(tmp_path / "d.sav"))
    assert len(data) == 1000
    assert meta.variable_value_labels["channel"][1.0] == "In store"


def test_export_rejects_unknown_survey(demo_path: Path, tmp_path: Path) -> None:
    result = run("export", str(demo_path), "--survey", "nope", "--format", "csv", "-o", str(tmp_path / "d.csv"))
    assert result.returncode == 1 and "nope" in result.stderr


def test_default_report_to_excel_has_a_native_chart_per_chart(demo_path: Path, tmp_path: Path) -> None:
    import zipfile

    import openpyxl

    result = run("report", str(demo_path), "--default", "-o", str(tmp_path / "r.xlsx"))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert "零售门店购物旅程" not in summary["unavailable"]  # the journey map is drawn
    with zipfile.ZipFile(tmp_path / "r.xlsx") as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert len(charts) >= 6
    assert len(book.sheetnames) >= len(charts) + 3


def test_a_report_of_several_surveys_lists_them_and_needs_the_flag(demo_path: Path, tmp_path: Path) -> None:
    """Without --mixed-surveys nothing is written and stderr names the surveys and their blocks; with it the
    JSON lists them too and the PDF's notes name each block's survey and n."""
    add_second_wave(demo_path)
    with Study.open(demo_path) as study:
        save_report(study, Report(name="两波", survey="retail_cx", lang="en", blocks=[
            Block("title"), Block("tiles"), Block("tiles", survey=WAVE2), Block("methodology")]))
    refused = run("report", str(demo_path), "--report", "两波", "-o", str(tmp_path / "r.pdf"))
    assert refused.returncode == 1 and not (tmp_path / "r.pdf").exists()
    listing = "Retail store customer experience 2026 (retail_cx): blocks 2, 4; Retail CX wave 2 (wave2): block 3"
    assert listing in refused.stderr and "--mixed-surveys" in refused.stderr and "Traceback" not in refused.stderr
    written = run("report", str(demo_path), "--report", "两波", "-o", str(tmp_path / "r.pdf"), "--mixed-surveys")
    assert written.returncode == 0, written.stderr
    assert listing in written.stderr
    assert json.loads(written.stdout)["surveys"] == [
        {"survey": "retail_cx", "title": "Retail store customer experience 2026", "blocks": [2, 4]},
        {"survey": WAVE2, "title": "Retail CX wave 2", "blocks": [3]}]
    text = "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(str(tmp_path / "r.pdf")).pages)
    assert "Survey:RetailCXwave2(wave2),n=240" in text
    assert "Survey:Retailstorecustomerexperience2026(retail_cx),n=1,000" in text


def test_a_report_of_one_survey_says_it_in_the_json(demo_path: Path, tmp_path: Path) -> None:
    _save_brief(demo_path)
    result = run("report", str(demo_path), "--report", "门店简报", "-o", str(tmp_path / "r.html"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["surveys"] == [
        {"survey": "retail_cx", "title": "Retail store customer experience 2026", "blocks": [2, 3, 4]}]


def test_a_powerpoint_with_nothing_to_chart_shows_the_dash_the_pdf_shows(demo_path: Path, tmp_path: Path) -> None:
    """A report as of a date before any response: python-pptx refuses a chart of no categories, and the deck
    ended in 'ValueError: chart data contains no categories' (found by h2's probes); the PDF draws '–'."""
    deck = tmp_path / "before.pptx"
    done = run("report", str(demo_path), "--as-of", "1999-01-01", "-o", str(deck))
    assert done.returncode == 0, done.stderr[-800:]
    shapes = [shape for slide in Presentation(str(deck)).slides for shape in slide.shapes]
    assert any(shape.has_text_frame and shape.text_frame.text == "–" for shape in shapes)
