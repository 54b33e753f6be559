"""`xmdesk insights`: the insight finder, the same scan as the Charts area's Insights tab."""

from __future__ import annotations

import argparse

from xmdesk.cli.common import CommandAdder, StderrProgress, chosen_survey, emit_json
from xmdesk.core import messages


def cmd_insights(args: argparse.Namespace) -> int:
    from xmdesk.core.insights import Options, find_insights, insights_json
    from xmdesk.core.study.file import Study

    lang = args.sentence_lang or messages.language()
    given = {"min_base": args.min_base, "min_effect": args.min_effect, "fdr": args.fdr, "period": args.period}
    options = Options(**{name: value for name, value in given.items() if value is not None})
    with Study.open(args.path, read_only=True, window=False) as study:
        survey = chosen_survey(study, args.survey)
        if survey is None:
            return 2
        insights = find_insights(study, survey, options, StderrProgress())
    if args.json:
        emit_json(insights_json(insights, lang))
        return 0
    print(insights.summary(lang))
    for number, finding in enumerate(insights.findings, 1):
        print(f"{number:>3}. {insights.sentence(finding, lang)}")
    return 0


def register(command: CommandAdder) -> None:
    sub = command("insights", cmd_insights, "Find what differs: every segment against NPS, CSAT, CES, comment topics "
                  "and case rates, whole period and last period against the one before, kept when significant after "
                  "the Benjamini-Hochberg correction and large enough to matter")
    sub.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    sub.add_argument("--survey", help="survey code (may be left out when the study has one survey)")
    sub.add_argument("--json", action="store_true", help="print JSON (every finding with its numbers and sentence)")
    sub.add_argument("--lang", dest="sentence_lang", choices=messages.LANGUAGES,
                     help="language of the sentences (default: the language of messages)")
    sub.add_argument("--min-base", type=int, help="fewest answers on each side of a comparison (default 50)")
    sub.add_argument("--min-effect", type=float,
                     help="smallest standardised difference (Cohen's d) kept (default 0.1)")
    sub.add_argument("--fdr", type=float, help="false-discovery rate of the correction (default 0.05)")
    sub.add_argument("--period", choices=("day", "week", "month"),
                     help="period of the period-on-period comparisons (default month)")
