"""`xmdesk serve`: the survey on the local network (address and QR code on stderr, events as JSON
lines on stdout), or with --links a CSV of personal links for a customer list."""

from __future__ import annotations

import argparse
import csv
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from xmdesk.cli.common import EXIT_ERROR, CommandAdder, open_study
from xmdesk.core import messages


def cmd_serve(args: argparse.Namespace) -> int:
    from xmdesk.core.collect.http import CollectServer

    with open_study(args.path) as study:
        if study.read_only:  # e.g. open in the app: say why, not just "read-only"
            sys.stderr.write(f"xmdesk: {study.warning or messages.text('study.read_only')}\n")
            return EXIT_ERROR
        server = CollectServer(study, args.survey, host=args.host, port=args.port, on_event=_json_line)
        if args.links:
            return _write_links(server, Path(args.links), args.output)
        _stop_on_term(server)
        server.serve_forever(ready=lambda url: _announce(args.survey, url, server, args.posters))
    return 0


def _json_line(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _announce(survey: str, url: str, server: Any, posters: str | None) -> None:
    """The address and a QR code a phone can scan off the terminal; the posters once the address is known."""
    import segno

    sys.stderr.write(messages.text("collect.listening", survey=survey, url=url) + "\n")
    segno.make(url, error="m").terminal(out=sys.stderr, compact=True)
    if posters:
        _write_posters(server, Path(posters))
    sys.stderr.flush()


def _write_posters(server: Any, path: Path) -> None:
    """A PDF of QR posters, one page per store, each link carrying its store (see render/posters.py)."""
    from xmdesk.core.collect.links import store_links
    from xmdesk.render.posters import write_posters

    pages = store_links(server.keys, server.survey, server.base_url)
    if pages[0][0] is None:
        sys.stderr.write(messages.text("collect.no_store_question", survey=server.survey.code) + "\n")
    count = write_posters(server.survey, pages, path)
    sys.stderr.write(messages.text("collect.posters_written", pages=count, path=path) + "\n")
    _json_line({"event": "posters", "path": str(path), "pages": count})


def _stop_on_term(server: Any) -> None:
    """Ctrl+C and SIGTERM stop the server cleanly: the queued submissions committed, the study closed."""
    if threading.current_thread() is threading.main_thread():
        for name in (signal.SIGINT, signal.SIGTERM):
            signal.signal(name, lambda *_: server.stop())


def _write_links(server: Any, customers: Path, output: str | None) -> int:
    """One personal link per row of `customers` (a CSV with customer_id and optional store, channel…)."""
    from xmdesk.core.collect.links import personal_links, read_customers

    from xmdesk.core.files import safe_cell, write_output

    rows = read_customers(customers)
    found = personal_links(server.keys, server.survey, server.base_url, rows)

    def write(handle: TextIO) -> None:  # the list's own columns go back out: through the one cell rule (case 5)
        writer = csv.DictWriter(handle, fieldnames=[*rows[0], "link"])
        writer.writeheader()
        writer.writerows({key: safe_cell(value) for key, value in {**row, "link": link}.items()}
                         for row, link in zip(rows, found))

    if not output:
        write(sys.stdout)
        return 0

    def write_file(target: str) -> None:  # as every output: a missing folder said, never half a file
        with open(target, "w", newline="", encoding="utf-8") as handle:
            write(handle)

    write_output(output, write_file)
    return 0


def register(command: CommandAdder) -> None:
    sub = command("serve", cmd_serve, "Serve a survey to phones on the local network (no cloud): the address and "
                  "a QR code on stderr, one JSON line per event on stdout; Ctrl+C stops.")
    sub.add_argument("path", help="study file (.xmd)")
    sub.add_argument("--survey", required=True, help="code of the survey to serve")
    sub.add_argument("--host", default="127.0.0.1",
                     help="address of the interface to listen on (default 127.0.0.1: this computer only; "
                          "the laptop's Wi-Fi address to reach phones)")
    sub.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    sub.add_argument("--links", metavar="CSV", help="write personal links for this customer list (a customer_id "
                     "column, optionally store/channel/visit_date) instead of serving")
    sub.add_argument("--posters", metavar="PDF", help="also write a PDF of QR posters, one page per store (each "
                     "link carrying its store), for the address served")
    sub.add_argument("-o", "--output", help="with --links: the CSV to write (default stdout)")
