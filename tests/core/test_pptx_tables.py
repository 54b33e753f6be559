"""A slide table is written as generated XML in one parse (issue 23, faster reports): its cells must be exactly what
python-pptx's own cell API makes of the same texts and styles, plain or not (line breaks, control characters,
formulas, markup), so the PowerPoint a client opens is the same deck, only written faster."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Pt

from xmdesk.core.files import safe_cell
from xmdesk.core.reports.build import BuiltReport, Section, Table
from xmdesk.core.reports.pptx_export import FONT, TEXT, write_pptx
from xmdesk.core.reports.recipe import Branding

HEADER = ("", "华东 (A)", "华北 (B)", "=1+1")
ROWS = (("门店", 12.5, 3, "a < b & c > d"),
        ("排队\n太久", float("nan"), 0, "门店\x0b排队\x00太久"),
        ("@SUM(1)", 1234567, -4.25, ""),
        ("  spaces  ", "tab\there", "🙂 emoji", "_x0041_"))


def _report() -> BuiltReport:
    table = Table(HEADER, ROWS)
    return BuiltReport(name="t", title="t", subtitle="", lang="zh", layout="", branding=Branding(),
                       generated="2026-12-07", sections=(Section("crosstab", "表", table=table),))


def _by_api(cell: object, text: str, size: float, colour: str, bold: bool) -> None:
    """A cell as python-pptx's documented API writes it."""
    cell.text = text  # type: ignore[attr-defined]
    for paragraph in cell.text_frame.paragraphs:  # type: ignore[attr-defined]
        for run in paragraph.runs:
            run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
            run.font.color.rgb = RGBColor.from_string(colour)


def test_a_slide_tables_cells_are_those_python_pptx_writes(tmp_path: Path) -> None:
    report = _report()
    write_pptx(report, tmp_path / "r.pptx")
    deck = Presentation(str(tmp_path / "r.pptx"))
    grid = next(shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table)

    reference = Presentation()
    expected = reference.slides.add_slide(reference.slide_layouts[6]).shapes.add_table(
        len(ROWS) + 1, len(HEADER), 0, 0, 100, 100).table
    table = report.sections[0].table
    assert table is not None
    primary = "1F4E79"  # the default brand colour, as the deck uses it
    for j, head in enumerate(HEADER):
        _by_api(expected.cell(0, j), str(safe_cell(head)), 12, "FFFFFF", True)
        expected.cell(0, j).fill.solid()
        expected.cell(0, j).fill.fore_color.rgb = RGBColor.from_string(primary)
    for i in range(len(ROWS)):
        for j in range(len(HEADER)):
            _by_api(expected.cell(i + 1, j), str(safe_cell(table.cell_text(i, j))), 12, TEXT, False)

    def cells(made: object) -> list[bytes]:
        return [etree.tostring(tc, method="c14n") for tr in made._tbl.tr_lst for tc in tr.tc_lst]  # type: ignore[attr-defined]

    assert cells(grid) == cells(expected)
    assert grid.cell(2, 0).text == "排队\n太久" and grid.cell(1, 3).text == "a < b & c > d"
    assert grid.cell(0, 3).text == "'=1+1"
