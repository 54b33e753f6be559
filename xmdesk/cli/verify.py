"""`xmdesk verify REPORT STUDY`: recompute an exported report from its stamp and say whether its numbers hold."""

from __future__ import annotations

import argparse

from xmdesk.cli.common import CommandAdder, emit_json

EXIT_CHANGED = 3
"""Not an error: the report was read and recomputed, and some of its numbers are no longer what the study gives
(1 stays the exit code of a report or study that could not be read)."""


def cmd_verify(args: argparse.Namespace) -> int:
    from xmdesk.core import messages
    from xmdesk.core.reports.stamp import read_stamp, verdict_lines, verify
    from xmdesk.core.study.file import Study

    stamp = read_stamp(args.report)
    with Study.open(args.study, read_only=True) as study:
        verdict = verify(study, stamp)
    lines = verdict_lines(verdict, messages.language())
    if args.json:
        emit_json({**verdict.to_dict(), "text": lines})
    else:
        print("\n".join(lines))
    return 0 if verdict.reproduced else EXIT_CHANGED


def register(command: CommandAdder) -> None:
    verify = command("verify", cmd_verify, "recompute an exported report from its stamp and compare every number "
                                           f"(exit 0: all reproduced, {EXIT_CHANGED}: some changed)")
    verify.add_argument("report", help="a report exported by XMDesk (pdf, pptx, xlsx, docx or html)")
    verify.add_argument("study", help="the study file (.xmd) it was computed from")
    verify.add_argument("--json", action="store_true", help="the verdict as JSON, with every changed number")
