"""`xmdesk tables`: a banner book (many row variables × Total and banner variables side by side) to Excel.

    xmdesk tables STUDY --survey S --rows nps,csat,categories --banner gender,age_band,region,tier \\
        [--filter "${channel} = 'store'"] [--weight w] -o tables.xlsx

Progress on stderr; a JSON summary (tables, columns, base, notes, file) on stdout.
"""

from __future__ import annotations

import argparse
from typing import Any

from xmdesk.cli.common import CommandAdder, StderrProgress, emit_json
from xmdesk.core import messages


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def cmd_tables(args: argparse.Namespace) -> int:
    from xmdesk.core.analysis.banner import banner_book
    from xmdesk.core.reports.tables_xlsx import write_tables
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import load_survey

    lang = messages.language()
    progress, writing = StderrProgress(), StderrProgress()
    with Study.open(args.path, read_only=True, window=False) as study:
        book = banner_book(study, args.survey, _codes(args.rows), _codes(args.banner), filter=args.filter or "",
                           weight=args.weight, lang=lang, progress=progress)
        title = args.title or load_survey(study, args.survey).title(lang)
    path = write_tables(book, args.output, title, lang, lambda done, total, code: writing(done, total, f"→ {code}"))
    emit_json(_summary(book, str(path)))
    return 0


def _summary(book: Any, path: str) -> dict[str, Any]:
    return {
        "file": path, "survey": book.survey, "n": book.n, "weighted": book.weighted,
        "banner": [{"code": g.code, "label": g.label, "columns": list(g.labels), "letters": list(g.letters)}
                   for g in book.groups],
        "tables": [{"code": t.code, "label": t.label, "rows": len(t.row_labels), "base": t.base_n[0]}
                   for t in book.tables],
        "notes": list(book.notes),
    }


def register(command: CommandAdder) -> None:
    sub = command("tables", cmd_tables, "Banner tables to Excel: row variables × Total and banner variables, "
                  "column percentages, bases and significance letters within each banner group")
    sub.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    sub.add_argument("--survey", required=True, help="survey code")
    sub.add_argument("--rows", required=True, help="row variables, comma-separated question or derived codes")
    sub.add_argument("--banner", required=True, help="banner variables, comma-separated (the Total comes first)")
    sub.add_argument("--filter", help="an expression such as \"${region} = 'east' and ${csat} >= 4\"")
    sub.add_argument("--weight", help="a numeric question holding a weight per response")
    sub.add_argument("--title", help="title on the contents sheet (default: the survey's title)")
    sub.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
