"""`xmdesk stats`: one analysis of a study, the same request the charts panel runs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from xmdesk.cli.common import CommandAdder, emit_json
from xmdesk.core import messages

METRIC_HELP = ("nps, csat, ces, freq (frequencies), mean, crosstab (needs --by), drivers (--question is the "
               "outcome, --by the matrix of attribute ratings), trend (--period)")


def cmd_stats(args: argparse.Namespace) -> int:
    from xmdesk.core.analysis.query import Query
    from xmdesk.core.analysis.request import Request, outcome_json, run
    from xmdesk.core.study import Study
    from xmdesk.core.survey import survey_codes

    lang = messages.language()
    with Study.open(args.path, read_only=True) as study:
        survey = args.survey
        if survey is None:
            codes = survey_codes(study)
            if len(codes) != 1:
                sys.stderr.write(f"xmdesk: {messages.text('analysis.choose_survey', surveys=', '.join(codes))}\n")
                return 2
            survey = codes[0]
        query = Query(survey, filter=args.filter or "", date_from=args.date_from, date_to=args.date_to,
                      weight=args.weight)
        request = Request(args.metric, args.question, query, by=args.by, period=args.period, lang=lang)
        data = outcome_json(run(study, request))
    if args.json:
        emit_json(data)
    else:
        _print(data)
    return 0


def _print(data: dict[str, Any]) -> None:
    """A short human summary; --json has everything."""
    print(f"{data['metric']}  {data['question']['code']}  {data['question']['label']}")
    for line in _lines(data):
        print("  " + line)
    for group in data.get("groups", []):
        print(f"  [{group['label']}]")
        for line in _lines(group):
            print("    " + line)
    for note in data.get("notes", []):
        print(f"  * {note}")


def _lines(data: dict[str, Any]) -> list[str]:
    def f(value: Any) -> str:
        return "—" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)

    keys = [k for k in ("n", "nps", "promoters", "passives", "detractors", "mean", "sd", "top2box", "low_effort",
                        "ci_low", "ci_high", "r_squared", "missing") if k in data]
    lines = ["  ".join(f"{k}={f(data[k])}" for k in keys) + ("  (n < 30)" if data.get("small_base") else "")]
    lines += [f"{r['label_zh'] or r['label_en']}: {r['count']} ({f(r['pct'])}%)" for r in data.get("rows", [])
              if isinstance(r, dict) and "count" in r]
    lines += [f"{d['priority']}. {d['label']}: {f(d['share'])}% r={f(d['correlation'])} mean={f(d['performance'])} "
              f"[{d['quadrant']}]" for d in data.get("drivers", [])]
    lines += [f"{p['period']}: {f(p['value'])} n={p['n']}" + (" *" if p["significant"] else "")
              for p in data.get("points", [])]
    return lines


def register(command: CommandAdder) -> None:
    sub = command("stats", cmd_stats, "Statistics of one question: NPS, CSAT, CES, frequencies, means, crosstabs, "
                  "key drivers, trends; by segment, filtered and weighted")
    sub.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    sub.add_argument("--survey", help="survey code (may be left out when the study has one survey)")
    sub.add_argument("--metric", required=True, choices=("nps", "csat", "ces", "freq", "mean", "crosstab", "drivers",
                                                         "trend"), help=METRIC_HELP)
    sub.add_argument("--question", required=True, help="code of the question analysed")
    sub.add_argument("--by", help="code of the question to split by (segments, crosstab columns, driver matrix)")
    sub.add_argument("--filter", help="an expression such as \"${region} = 'east' and ${csat} >= 4\"")
    sub.add_argument("--weight", help="a numeric question holding a weight per response")
    sub.add_argument("--period", choices=("day", "week", "month"), default="week", help="trend period (default week)")
    sub.add_argument("--from", dest="date_from", help="first date included (YYYY-MM-DD)")
    sub.add_argument("--to", dest="date_to", help="last date included (YYYY-MM-DD)")
    sub.add_argument("--json", action="store_true", help="print JSON")
