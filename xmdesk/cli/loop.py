"""The closed loop on the command line: alerts, cases, and the department workbook round trip.

`xmdesk cases` has a plain form (`xmdesk cases STUDY ...`, a list) and two sub-commands
(`xmdesk cases export ...`, `xmdesk cases import ...`). argparse cannot have both a
positional study and sub-commands on one parser, so the first positional decides: the
words `export` and `import` pick the sub-command, anything else is the study.
"""

from __future__ import annotations

import argparse
import sys

from xmdesk.cli.common import CommandAdder, StderrProgress, emit_json, open_study

SUBCOMMANDS = ("export", "import")


def cmd_alerts(args: argparse.Namespace) -> int:
    from xmdesk.core.loop import alerts

    with open_study(args.study, read_only=not args.run) as study:
        result = alerts.run_rules(study, survey_code=args.survey, progress=StderrProgress(), write=args.run)
    if args.json:
        emit_json(result.as_dict())
        return 0
    verb = "opened" if args.run else "would open"
    for outcome in result.rules:
        sys.stdout.write(f"{outcome.rule} [{outcome.survey}]: {outcome.hits} hits, {verb} {outcome.new_cases} "
                         f"new cases ({outcome.do_not_disturb} do-not-disturb)\n")
    sys.stdout.write(f"total: {result.hits} hits, {verb} {result.new_cases} new cases\n")
    for warning in result.warnings():
        sys.stdout.write(f"{warning}\n")
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    """Dispatch on the first positional: `export` / `import`, or a study to list."""
    first, rest = args.first, list(args.rest)
    if first in SUBCOMMANDS:
        if not rest:
            args.parser.error(f"cases {first}: the study file is missing")
        return (_export if first == "export" else _import)(args, rest)
    if rest:
        args.parser.error(f"unexpected arguments: {' '.join(rest)}")
    return _list(args, first)


def _list(args: argparse.Namespace, path: str) -> int:
    from xmdesk.core.loop import cases
    from xmdesk.core.study.file import Study

    if args.status and args.status not in cases.STATUSES:
        parsed = cases.parse_status(args.status)
        if parsed is None:
            args.parser.error(f"--status must be one of {', '.join(cases.STATUSES)} (or 新建/处理中/已解决/已关闭)")
        args.status = parsed
    with Study.open(path, read_only=True) as study:
        found = cases.list_cases(study, status=args.status, department=args.department, overdue=args.overdue)
        listed = [case.as_dict() for case in found]
    if args.json:
        emit_json(listed)
        return 0
    for case in listed:
        late = " OVERDUE" if case["overdue"] else ""
        sys.stdout.write(f"#{case['id']:<6} {case['status']:<11} {case['department'] or '-':<8} due {case['due']}"
                         f"{late}  {case['title']}\n")
    sys.stdout.write(f"{len(listed)} cases\n")
    return 0


def _export(args: argparse.Namespace, rest: list[str]) -> int:
    from xmdesk.core.loop.workbook import export_department
    from xmdesk.core.study.file import Study

    if len(rest) != 1 or not args.department or not args.output:
        args.parser.error("usage: xmdesk cases export STUDY --department D -o FILE.xlsx")
    with Study.open(rest[0], read_only=True) as study:
        written = export_department(study, args.department, args.output)
    emit_json({"file": args.output, "department": args.department, "cases": written})
    return 0


def _import(args: argparse.Namespace, rest: list[str]) -> int:
    from xmdesk.core.loop.workbook import import_replies

    if len(rest) != 2:
        args.parser.error("usage: xmdesk cases import STUDY FILE.xlsx [--json]")
    with open_study(rest[0]) as study:
        result = import_replies(study, rest[1])
    if args.json:
        emit_json(result.as_dict())
    else:
        sys.stdout.write(f"updated {result.updated}, unchanged {result.unchanged}, "
                         f"problems {len(result.problems)}\n")
        for problem in result.problems:
            sys.stdout.write(f"  row {problem['row']}: {problem['reason']}\n")
    return 0


def register(command: CommandAdder) -> None:
    sub = command("alerts", cmd_alerts, "Evaluate the study's alert rules; --run opens the cases they call for.")
    sub.add_argument("study", help="study file (.xmd)")
    sub.add_argument("--run", action="store_true", help="open the cases (without it, only count)")
    sub.add_argument("--survey", help="only this survey's responses")
    sub.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")

    sub = command("cases", cmd_cases,
                  "List cases (xmdesk cases STUDY), or send them to a department and back: "
                  "xmdesk cases export STUDY --department D -o FILE.xlsx; xmdesk cases import STUDY FILE.xlsx.")
    sub.add_argument("first", metavar="STUDY|export|import", help="a study to list, or a sub-command")
    sub.add_argument("rest", nargs="*", metavar="ARG", help="for export: STUDY; for import: STUDY FILE.xlsx")
    sub.add_argument("--department", help="only this department's cases (required by export)")
    sub.add_argument("--status", help="only cases in this status: new, in_progress, resolved, closed")
    sub.add_argument("--overdue", action="store_true", help="only open cases past their due time")
    sub.add_argument("-o", "--output", help="export: the workbook to write (.xlsx)")
    sub.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    sub.set_defaults(parser=sub)
