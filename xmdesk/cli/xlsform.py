"""XLSForm commands: `xmdesk xlsform import STUDY FORM.xlsx`, `xmdesk xlsform export STUDY --survey NAME -o FORM`."""

from __future__ import annotations

import argparse

from xmdesk.cli.common import CommandAdder, emit_json, open_study, subcommands


def cmd_import(args: argparse.Namespace) -> int:
    from xmdesk.core.survey.xlsform import import_xlsform

    with open_study(args.study) as study:
        report = import_xlsform(study, args.form, code=args.code)
    emit_json(report.as_dict())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.xlsform import export_xlsform

    with Study.open(args.study, read_only=True) as study:
        report = export_xlsform(study, args.survey, args.output)
    emit_json(report.as_dict())
    return 0


def register(command: CommandAdder) -> None:
    parser = command("xlsform", lambda args: 2, "Import or export a survey as an XLSForm (ODK, KoboToolbox).")
    sub = subcommands(parser, "xlsform_command")
    importing = sub("import", cmd_import, "Create a survey in STUDY from an XLSForm that pyxform accepts; every "
                    "problem is listed with its sheet and row, and nothing is imported unless there are none. What "
                    "XMDesk does not ask (repeats, calculations, choice filters…) is kept, listed under 'notes' and "
                    "exported again.")
    importing.add_argument("study", help="the study file (.xmd)")
    importing.add_argument("form", help="the XLSForm (.xlsx, .xlsm, .xls, or pyxform's .csv / .md layout)")
    importing.add_argument("--code", help="code of the new survey (default: the form's form_id)")
    exporting = sub("export", cmd_export, "Write a survey of STUDY as an XLSForm; what became something else "
                    "(a matrix, archived questions) is listed under 'notes'.")
    exporting.add_argument("study", help="the study file (.xmd)")
    exporting.add_argument("--survey", required=True, help="the survey's code (see 'xmdesk info')")
    exporting.add_argument("-o", "--output", required=True, help="the workbook to write (.xlsx)")
