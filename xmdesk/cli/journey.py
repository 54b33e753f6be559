"""Journey commands: `xmdesk journey list` (stages, touchpoints, live scores) and `xmdesk journey export`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from xmdesk.cli.common import CommandAdder, emit_json, subcommands


EXTRA_FIELDS = ("change", "change_significant", "period", "band", "small_base", "broken")
"""What a touchpoint carries besides its score and n."""


def journey_summary(study: Any, name: str) -> dict[str, Any]:
    """One journey as `journey list --json` prints it: stages, their touchpoints, each link's score now."""
    from xmdesk.core.journey import maps as journeys
    from xmdesk.core.journey.scores import score_journey

    journey = journeys.load_journey(study, name)
    scores = score_journey(study, journey)
    stages = []
    for index, stage in enumerate(journey.stages):
        touchpoints = []
        for position, item in enumerate(journey.items):
            if item.kind != "touchpoint" or item.stage != index:
                continue
            card = scores.cards.get(position)
            touchpoints.append({
                "name": item.name, "channel": item.channel,
                "link": item.link.as_dict() if item.link else None,
                "score": None if card is None or card.value is None else round(card.value, 4),
                "n": None if card is None else card.n,
                **({} if card is None else {k: v for k, v in card.as_dict().items() if k in EXTRA_FIELDS}),
            })
        aggregate = scores.stages[index]
        stages.append({"name": stage.name, "index": None if aggregate.index is None else round(aggregate.index, 2),
                       "touchpoints": touchpoints})
    others = [{"kind": item.kind, "name": item.name} for item in journey.items
              if item.kind in ("pain_point", "opportunity", "note", "persona")]
    return {"name": journey.name, "description": journey.description, "stages": stages, "stickers": others}


def cmd_list(args: argparse.Namespace) -> int:
    from xmdesk.core.journey import maps as journeys
    from xmdesk.core.study.file import Study

    with Study.open(args.path, read_only=True) as study:
        result = [journey_summary(study, name) for name in journeys.journey_names(study)]
    if args.json:
        emit_json(result)
        return 0
    out = sys.stdout
    for journey in result:
        out.write(f"{journey['name']}\n")
        for stage in journey["stages"]:
            index = "" if stage["index"] is None else f"  index {stage['index']:.0f}"
            out.write(f"  {stage['name']}{index}\n")
            for point in stage["touchpoints"]:
                link = point["link"]
                if link is None:
                    detail = "not linked"
                elif point.get("broken"):
                    detail = point["broken"]
                else:
                    score = "-" if point["score"] is None else f"{point['score']:.2f}"
                    where = f" where {link['filter']}" if link["filter"] else ""
                    detail = f"{link['metric'].upper()} {score} (n={point['n']}) {link['question']}{where}"
                out.write(f"    {point['name']} [{point['channel']}]: {detail}\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from xmdesk.core.journey import maps as journeys
    from xmdesk.core.journey.scores import score_journey
    from xmdesk.core.study.file import Study
    from xmdesk.render.journey import export_journey

    with Study.open(args.path, read_only=True) as study:
        journey = journeys.load_journey(study, args.journey)
        scores = score_journey(study, journey)
        path = export_journey(journey, scores, args.output, page=args.page, dpi=args.dpi)
    emit_json({"journey": journey.name, "path": str(path), "bytes": path.stat().st_size})
    return 0


def register(command: CommandAdder) -> None:
    # The parent handler is never called: a sub-command is required and sets its own.
    parent = command("journey", lambda args: 2, "Journey maps: list them with live scores, export them")
    sub = subcommands(parent, "journey_command")
    listing = sub("list", cmd_list, "List the study's journeys: stages, touchpoints, links and their scores now")
    listing.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    export = sub("export", cmd_export, "Draw a journey map to PNG, SVG or PDF (landscape page), as the canvas shows it")
    export.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    export.add_argument("--journey", required=True, help="name of the journey")
    export.add_argument("-o", "--output", type=Path, required=True, help="OUT.png, OUT.svg or OUT.pdf")
    export.add_argument("--page", choices=("a4", "a3"), default="a3", help="page size, landscape (default a3)")
    export.add_argument("--dpi", type=int, default=200, help="resolution of a PNG (default 200)")
