"""`xmdesk value`: spend and repurchase of promoters, passives and detractors, from the study's orders.

    xmdesk value STUDY --survey S [--question nps] [--table orders --column amount] [--days 90]
        [--response-date visit_date] [--filter "${region} = 'east'"] [--weight w] [--json]

Per NPS group: n, mean spend per respondent in the N days before and after the response, the share who bought
again within N days; promoters against detractors by Welch's t (spend) and chi-square (repurchase).
Progress on stderr; the figures as a table, or JSON on stdout with --json.
"""

from __future__ import annotations

import argparse

from xmdesk.cli.common import CommandAdder, StderrProgress, emit_json
from xmdesk.core import messages


def cmd_value(args: argparse.Namespace) -> int:
    from xmdesk.core.analysis.value import DEFAULT_DAYS, value_json, value_table, value_view
    from xmdesk.core.study.file import Study

    lang = messages.language()
    with Study.open(args.path, read_only=True, window=False) as study:
        view = value_view(study, args.survey, args.question, args.table, args.column, args.days or DEFAULT_DAYS,
                          args.response_date, args.filter or "", args.weight, lang, StderrProgress())
    if args.json:
        emit_json(value_json(view))
        return 0
    headers, rows = value_table(view, lang)
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


def register(command: CommandAdder) -> None:
    from xmdesk.core.analysis.odata_vars import DEFAULT_RESPONSE_DATE

    sub = command("value", cmd_value, "Spend and repurchase of promoters, passives and detractors from an "
                  "operational table (orders), with n and a test")
    sub.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    sub.add_argument("--survey", required=True, help="survey code")
    sub.add_argument("--question", help="the NPS question (default: the survey's first)")
    sub.add_argument("--table", default="orders", help="the operational table, linked to responses by customer "
                                                       "(default orders)")
    sub.add_argument("--column", default="amount", help="the numeric column spent (default amount)")
    sub.add_argument("--days", type=int, help="the window in days before and after the response (default 90): "
                                              "before includes the response's day, after starts the day after")
    sub.add_argument("--response-date", default=DEFAULT_RESPONSE_DATE,
                     help="the response's date column or date question (default created_at)")
    sub.add_argument("--filter", help="an expression such as \"${region} = 'east'\"")
    sub.add_argument("--weight", help="a numeric question holding a weight per response (means and rates weighted; "
                                      "the tests are not)")
    sub.add_argument("--json", action="store_true", help="JSON on stdout")
