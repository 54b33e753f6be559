"""`xmdesk import` and `xmdesk import-odata`: survey exports and operational tables into a study."""

from __future__ import annotations

import argparse
import sys

from xmdesk.cli.common import CommandAdder, StderrProgress, emit_json, open_study
from xmdesk.core import messages
from xmdesk.core.importing.layouts import LAYOUTS
from xmdesk.core.importing.run import ON_ERROR, ImportResult


def cmd_import(args: argparse.Namespace) -> int:
    from xmdesk.core.importing.mapping import Mapping
    from xmdesk.core.importing.run import prepare, run_import, save_mapping

    mapping = Mapping.load(args.mapping) if args.mapping else None
    with open_study(args.study) as study:
        plan = prepare(study, args.file, survey=args.survey, new=args.new, sheet=args.sheet, layout=args.layout,
                       mapping=mapping, title=args.title or "")
        result = run_import(study, plan, on_error=args.on_error, progress=StderrProgress(),
                            skip_seen=not args.keep_seen)
        if args.save_mapping:
            plan.mapping.save(args.save_mapping)
            save_mapping(study, args.save_mapping, plan.mapping)
    _warn_previous(result)
    for warning in result.warnings:
        sys.stderr.write(f"xmdesk: {warning}\n")
    if args.json:
        emit_json(result.as_dict())
    else:
        _print_result(result)
    return 0


def _warn_previous(result: ImportResult) -> None:
    for earlier in result.previous:
        sys.stderr.write(messages.text("importing.cli.reimport", **earlier) + "\n")


def _print_result(result: ImportResult) -> None:
    print(messages.text("importing.cli.summary", layout=messages.text(f"importing.layout.{result.layout}"),
                        survey=result.survey, imported=result.imported, skipped=result.skipped,
                        already=result.already))
    if result.response_fields:
        fields = "; ".join(f"{name} ← {', '.join(sources)}" for name, sources in result.response_fields.items())
        print(messages.text("importing.cli.response_fields", fields=fields))
    for line in result.learned():
        print(line)
    for problem in result.problems[:50]:
        print(f"  {problem.row}\t{problem.column}\t{problem.value}\t{problem.problem}")
    if result.problem_count > 50:
        print(messages.text("importing.cli.more_problems", count=result.problem_count - 50))


def cmd_import_odata(args: argparse.Namespace) -> int:
    from xmdesk.core.importing.operational import import_odata

    with open_study(args.study) as study:
        result = import_odata(study, args.file, args.table, args.key, customer_column=args.customer_column,
                              response_column=args.joins, sheet=args.sheet, progress=StderrProgress())
    if args.json:
        emit_json(result.as_dict())
    else:
        print(messages.text("importing.cli.odata_summary", table=result.table, imported=result.imported,
                            key=result.key))
    return 0


def register(command: CommandAdder) -> None:
    sub = command("import", cmd_import, "Import a survey export (xlsx/xlsm/xls/csv/tsv/txt) into a study, "
                                         "all or nothing.")
    sub.add_argument("study", help="study file (.xmd)")
    sub.add_argument("file", help="the export to import")
    target = sub.add_mutually_exclusive_group()
    target.add_argument("--survey", metavar="NAME", help="code of the survey that receives the rows")
    target.add_argument("--new", metavar="NAME", help="create a new survey with this code from the file")
    sub.add_argument("--title", help="title of the new survey")
    sub.add_argument("--sheet", metavar="S", help="sheet name or number (default: the first visible sheet)")
    sub.add_argument("--layout", default="auto", choices=("auto", *LAYOUTS), help="export layout (default auto)")
    sub.add_argument("--mapping", metavar="M.json", help="a saved mapping to use")
    sub.add_argument("--save-mapping", metavar="M.json", help="save the mapping used, to reuse next time")
    sub.add_argument("--on-error", default="stop", choices=ON_ERROR,
                     help="bad values: stop (import nothing), skip their rows, or import them as missing")
    sub.add_argument("--keep-seen", action="store_true",
                     help="also import rows already imported before (same id or same content)")
    sub.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")

    sub = command("import-odata", cmd_import_odata, "Import a table (orders, visits, CRM...) as operational data.")
    sub.add_argument("study", help="study file (.xmd)")
    sub.add_argument("file", help="the table to import")
    sub.add_argument("--table", required=True, metavar="NAME", help="name of the O-data table")
    sub.add_argument("--key", required=True, metavar="COLUMN", help="the column that identifies a record")
    sub.add_argument("--customer-column", metavar="COLUMN", help="the column that joins records to responses")
    sub.add_argument("--joins", default="customer_id", metavar="RESPONSE_COLUMN",
                     help="the response column it joins to: customer_id (default) or a question code")
    sub.add_argument("--sheet", metavar="S", help="sheet name or number")
    sub.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
