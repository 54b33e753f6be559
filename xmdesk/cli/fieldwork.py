"""Field work commands: pack this laptop's responses, merge packs or studies into the lead's study."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xmdesk.cli.common import EXIT_ERROR, CommandAdder, StderrProgress, emit_json, open_study
from xmdesk.core import messages


def cmd_pack(args: argparse.Namespace) -> int:
    from xmdesk.core.fieldwork.merge import PACK_SUFFIX, write_pack
    from xmdesk.core.files import check_target
    from xmdesk.core.study.file import Study

    output = Path(args.output)
    check_target(output)  # before the suffix is added to a name `-o ""` does not give
    if output.suffix != PACK_SUFFIX:
        output = output.with_name(output.name + PACK_SUFFIX)
    with Study.open(args.path, read_only=True) as study:
        summary = write_pack(study, output, device=args.device, progress=StderrProgress())
    emit_json({"path": summary.path, "device": summary.device, "responses": summary.responses,
               "photos": summary.photos})
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from xmdesk.core.fieldwork.merge import merge

    resolutions = {uuid: "mine" for uuid in args.mine} | {uuid: "theirs" for uuid in args.theirs}
    with open_study(args.path) as study:
        if study.read_only:  # e.g. open in the app: say why, not just "read-only"
            sys.stderr.write(f"xmdesk: {study.warning or messages.text('study.read_only')}\n")
            return EXIT_ERROR
        report = merge(study, args.packs, resolutions=resolutions, apply=not args.dry_run,
                       progress=StderrProgress())
    if args.json:
        emit_json(report.as_dict())
    else:
        _print_report(report.as_dict())
    return EXIT_ERROR if report.conflicts and args.strict else 0


def _print_report(data: dict[str, object]) -> None:
    out = sys.stdout
    heading = "merged" if data["applied"] else "dry run (nothing changed)"
    out.write(f"{heading}: added {data['added']}, updated {data['updated']}, unchanged {data['unchanged']}, "
              f"conflicting {data['conflicting']}, refused {data['refused']}, photos {data['photos']}\n")
    for conflict in data["conflicts"]:  # type: ignore[attr-defined]
        columns = ", ".join(d["column"] for d in conflict["differences"])
        out.write(f"  conflict {conflict['survey']} #{conflict['id']} {conflict['uuid']} from {conflict['source']}: "
                  f"{columns}  (--mine UUID / --theirs UUID)\n")
    for refusal in data["refusals"]:  # type: ignore[attr-defined]
        what = f"response {refusal['uuid']}" if refusal["uuid"] else f"{refusal['responses']} responses"
        out.write(f"  refused {what} of {refusal['survey']} from {refusal['source']}: {refusal['reason']}\n")
    for warning in data["warnings"]:  # type: ignore[attr-defined]
        out.write(f"  {warning}\n")


def register(command: CommandAdder) -> None:
    sub = command("pack", cmd_pack, "Write this laptop's responses to a response pack (one file) for the lead.")
    sub.add_argument("path", help="study file (.xmd)")
    sub.add_argument("-o", "--output", required=True, help="pack file to write (.xmdpack)")
    sub.add_argument("--device", help="pack the responses of this device id instead of this laptop's")

    sub = command("merge", cmd_merge, "Merge response packs or whole studies of the same survey into a study.")
    sub.add_argument("path", help="the lead's study file (.xmd)")
    sub.add_argument("packs", nargs="+", metavar="PACK", help="response packs (.xmdpack) or studies (.xmd)")
    sub.add_argument("--json", action="store_true", help="the merge report as JSON on stdout")
    sub.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")
    sub.add_argument("--mine", action="append", default=[], metavar="UUID",
                     help="resolve this conflicting response by keeping this study's version (repeatable)")
    sub.add_argument("--theirs", action="append", default=[], metavar="UUID",
                     help="resolve this conflicting response by taking the pack's version (repeatable)")
    sub.add_argument("--strict", action="store_true", help="exit with 1 while conflicts remain unresolved")
