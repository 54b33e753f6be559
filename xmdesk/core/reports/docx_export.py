"""Word: headings a Word table of contents can pick up, charts as pictures, tables as Word tables.

Charts need a painter (`ChartImages` from `xmdesk.render`); without one a chart is
written as the table of its data, so the numbers are never missing.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from xmdesk.core.files import text_cell, write_output, xml_text
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.reports.build import BuiltReport, ChartImages, Section, Table, chart_table
from xmdesk.core.reports.stamp import saved_with_stamp

EAST_ASIAN_FONT = "Microsoft YaHei"
MUTED = (0x6B, 0x77, 0x85)


def _east_asian(style_or_run: Any, name: str = EAST_ASIAN_FONT) -> None:
    """Word takes Chinese glyphs from the east-Asian font slot, which python-docx does not expose directly."""
    from docx.oxml.ns import qn

    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _toc_field(document: Any) -> None:
    """A Word TOC field over headings 1-2: Word fills it when the reader updates fields (F9)."""
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None), ("end", None)):
        if kind is None:
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._r.append(instr)
        else:
            run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))


def _table(document: Any, table: Table, colour: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    grid = document.add_table(rows=len(table.rows) + 1, cols=len(table.header))
    grid.style = "Table Grid"
    for j, head in enumerate(table.header):
        cell = grid.cell(0, j)
        cell.text = text_cell(head)
        shading = cell._tc.get_or_add_tcPr().makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:fill"): colour})
        cell._tc.get_or_add_tcPr().append(shading)
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
            run.font.size = Pt(9)
            run.font.color.rgb = _rgb((255, 255, 255))
    for i in range(len(table.rows)):
        for j in range(len(table.header)):
            cell = grid.cell(i + 1, j)
            cell.text = text_cell(table.cell_text(i, j))
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)


def _rgb(rgb: tuple[int, int, int]) -> Any:
    from docx.shared import RGBColor

    return RGBColor(*rgb)


def _note(document: Any, text: str) -> None:
    from docx.shared import Pt

    run = document.add_paragraph().add_run(xml_text(text))
    run.font.size = Pt(8)
    run.font.color.rgb = _rgb(MUTED)


def _section(document: Any, section: Section, images: ChartImages | None, colour: str, category: str) -> None:
    from docx.shared import Cm

    document.add_heading(xml_text(section.title), level=1)
    if section.message:
        document.add_paragraph(xml_text(section.message)).runs[0].italic = True
    if section.text:
        document.add_paragraph(xml_text(section.text))
    if section.tiles:
        _table(document, Table(("", "", "n", ""), tuple((t.label, t.text, t.n, t.note) for t in section.tiles),
                               decimals=0), colour)
    if section.chart is not None:
        if images is not None:
            document.add_picture(io.BytesIO(images.png(section.chart, 800, 450)), width=Cm(16))
        else:
            _table(document, chart_table(section.chart, category), colour)
    if section.image is not None:
        document.add_picture(io.BytesIO(section.image), width=Cm(16))
    if section.table is not None:
        _table(document, section.table, colour)
    for note in section.notes:
        _note(document, note)


def write_docx(report: BuiltReport, path: str | Path, images: ChartImages | None = None,
               progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
    """Write the document; returns the number of sections written."""
    from docx import Document
    from docx.shared import Cm

    document = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        _east_asian(document.styles[name])
    colour = (report.branding.primary or "#1f4e79").lstrip("#").upper()
    logo = Path(report.branding.logo_path) if report.branding.logo_path else None
    if logo is not None and logo.is_file():
        document.add_picture(str(logo), height=Cm(1.8))
    document.add_heading(xml_text(report.title), level=0)
    document.add_paragraph(xml_text(report.subtitle))
    if report.branding.client:
        document.add_paragraph(xml_text(report.text("report.prepared_for", client=report.branding.client)))
    document.add_paragraph(report.text("report.generated", date=report.generated))
    document.add_heading(report.text("report.contents"), level=1)
    _toc_field(document)
    document.add_page_break()
    category = report.text("report.category")
    written = 0
    for i, section in enumerate(report.sections):
        if cancel is not None:
            cancel.check()
        if section.kind != "title":
            _section(document, section, images, colour, category)
            written += 1
        progress(i + 1, len(report.sections), "")
    write_output(path, saved_with_stamp(document.save, report.stamp))
    return written
