"""One self-contained HTML file: CSS inline, charts as inline SVG, pictures as base64, no network at all.

It opens in any browser, can be mailed as one attachment, and prints reasonably. All
text is HTML-escaped; table cells also go through `safe_cell`, so pasting a table
from the page into Excel cannot start a formula.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from pathlib import Path

from xmdesk.core.files import safe_cell, write_output
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.reports.build import BuiltReport, ChartImages, Section, Table, chart_table
from xmdesk.core.reports.stamp import html_meta

CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Noto Sans SC",sans-serif;color:#26323d;
margin:0;background:#f4f6f9;line-height:1.55}
main{max-width:960px;margin:0 auto;background:#fff;padding:0 48px 48px}
.cover{background:var(--primary);color:#fff;padding:56px 48px 40px;margin:0 -48px 32px;border-bottom:8px solid var(--accent)}
.cover h1{font-size:34px;margin:24px 0 8px}.cover p{margin:4px 0;opacity:.9}.cover img{max-height:64px}
h2{color:var(--primary);border-left:5px solid var(--accent);padding-left:10px;margin-top:40px}
nav ol{columns:2}nav a{color:var(--primary);text-decoration:none}
.tiles{display:flex;flex-wrap:wrap;gap:12px}.tile{flex:1 1 180px;background:#f5f7fa;border:1px solid #d5dbe3;
border-left:5px solid var(--primary);border-radius:6px;padding:10px 14px}
.tile .label{color:#6b7785;font-size:13px}.tile .value{font-size:30px;font-weight:700;color:var(--primary)}
.tile .sub{color:#6b7785;font-size:11px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th{background:var(--primary);color:#fff;text-align:left;padding:6px 8px}
td{padding:5px 8px;border-bottom:1px solid #e1e5ea}tr:nth-child(even) td{background:#f3f5f8}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.notes{color:#6b7785;font-size:12px}.message{color:#6b7785;font-style:italic}
.chart svg{width:100%;height:auto}.picture img{max-width:100%}
@media print{body{background:#fff}main{padding:0}section{break-inside:avoid}}
"""
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(table: Table) -> str:
    head = "".join(f"<th>{_e(safe_cell(h))}</th>" for h in table.header)
    rows = []
    for i, row in enumerate(table.rows):
        cells = []
        for j, value in enumerate(row):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            cells.append(f'<td{" class=num" if numeric else ""}>{_e(safe_cell(table.cell_text(i, j)))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = f"<thead><tr>{head}</tr></thead>" if any(table.header) else ""
    return f"<table>{header}<tbody>{''.join(rows)}</tbody></table>"


def _svg_body(svg: str) -> str:
    """Qt's SVG document without its XML prolog, so it can sit inside the page."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _section(index: int, section: Section, images: ChartImages | None, category: str) -> str:
    parts = [f'<section id="s{index}"><h2>{_e(section.title)}</h2>']
    if section.message:
        parts.append(f'<p class="message">{_e(section.message)}</p>')
    if section.text:
        parts.append(f"<p>{_e(section.text)}</p>")
    if section.tiles:
        tiles = "".join(
            f'<div class="tile"><div class="label">{_e(t.label)}</div><div class="value">{_e(t.text)}</div>'
            f'<div class="sub">n = {t.n:,}{" · " + _e(t.note) if t.note else ""}</div></div>' for t in section.tiles)
        parts.append(f'<div class="tiles">{tiles}</div>')
    if section.chart is not None:
        if images is not None:
            parts.append(f'<div class="chart">{_svg_body(images.svg(section.chart, 880, 440))}</div>')
        parts.append(f"<details><summary>{_e(category)}</summary>{_table(chart_table(section.chart, ''))}</details>"
                     if images is not None else _table(chart_table(section.chart, "")))
    if section.image is not None:
        data = base64.b64encode(section.image).decode("ascii")
        parts.append(f'<div class="picture"><img alt="{_e(section.title)}" src="data:image/png;base64,{data}"></div>')
    if section.table is not None:
        parts.append(_table(section.table))
    if section.notes:
        parts.append(f'<p class="notes">{" · ".join(_e(n) for n in section.notes)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _logo(report: BuiltReport) -> str:
    logo = Path(report.branding.logo_path) if report.branding.logo_path else None
    if logo is None or not logo.is_file():
        return ""
    kind = "svg+xml" if logo.suffix.lower() == ".svg" else logo.suffix.lower().lstrip(".").replace("jpg", "jpeg")
    return f'<img alt="logo" src="data:image/{kind};base64,{base64.b64encode(logo.read_bytes()).decode("ascii")}">'


SectionWriter = Callable[[int, Section], str | None]
"""Writes the section at an index itself (the interactive file's filtered blocks), or None to leave it to the page."""


def render_html(report: BuiltReport, images: ChartImages | None = None, progress: Progress = no_progress,
                cancel: CancelToken | None = None, writer: SectionWriter | None = None, tail: str = "") -> str:
    """The built report as one HTML page: a cover in the brand's colours (a colour that is not #rrggbb falls back to
    the default, as it goes into CSS), a contents list, then each section. Without `images` a chart is shown as its
    data table; with them, as inline SVG with the table folded under it. `writer` and `tail` (put at the end of the
    body) are how the interactive file (`reports.interactive_html`) adds its filters and script to the same page."""
    primary = report.branding.primary if COLOUR.match(report.branding.primary) else "#1f4e79"
    accent = report.branding.accent if COLOUR.match(report.branding.accent) else "#e07b28"
    sections = [(i, s) for i, s in enumerate(report.sections) if s.kind != "title"]
    body = []
    for k, (i, section) in enumerate(sections):
        if cancel is not None:
            cancel.check()
        own = writer(i, section) if writer is not None else None
        body.append(own if own is not None else _section(i, section, images, report.text("report.chart_data")))
        progress(k + 1, len(sections), "")
    toc = "".join(f'<li><a href="#s{i}">{_e(s.title)}</a></li>' for i, s in sections)
    client = f"<p>{_e(report.text('report.prepared_for', client=report.branding.client))}</p>" \
        if report.branding.client else ""
    return (f'<!DOCTYPE html><html lang="{"zh-CN" if report.lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"{html_meta(report.stamp)}"
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(report.title)}</title>'
            f"<style>:root{{--primary:{primary};--accent:{accent}}}{CSS}</style></head><body><main>"
            f'<header class="cover">{_logo(report)}<h1>{_e(report.title)}</h1><p>{_e(report.subtitle)}</p>{client}'
            f"<p>{_e(report.text('report.generated', date=report.generated))}</p></header>"
            f"<nav><h2>{_e(report.text('report.contents'))}</h2><ol>{toc}</ol></nav>"
            f"{''.join(body)}</main>{tail}</body></html>")


def write_html(report: BuiltReport, path: str | Path, images: ChartImages | None = None,
               progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
    """Write the page; returns its size in bytes."""
    text = render_html(report, images, progress, cancel)
    write_output(path, lambda target: Path(target).write_text(text, encoding="utf-8"))
    return len(text.encode("utf-8"))
