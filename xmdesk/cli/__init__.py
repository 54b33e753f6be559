"""The command line: the same core operations as the app, JSON on stdout, progress on stderr.

Each area of the app has its own module here with a `register(command)` function;
COMMAND_MODULES lists them in the order `xmdesk --help` shows them.
Errors meant for a person (XMDeskError) become one line on stderr and exit code 1;
usage errors exit 2 (argparse); an interrupt exits 130 after the core's
transaction has rolled back.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence

from xmdesk import __version__
from xmdesk.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, Handler
from xmdesk.cli.study import launch_gui
from xmdesk.core import messages
from xmdesk.core.errors import XMDeskError

COMMAND_MODULES = ("study", "importing", "text", "fieldwork", "reports", "journey", "xlsform", "stats", "derive", "value", "insights", "loop", "collect", "tables", "verify", "edit")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xmdesk", description="XMDesk: offline customer-experience research. "
                                     "Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"xmdesk {__version__}")
    parser.add_argument("--lang", choices=messages.LANGUAGES, help="language of messages (default: system locale)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    for module in COMMAND_MODULES:
        importlib.import_module(f"xmdesk.cli.{module}").register(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        messages.set_language(args.lang)
    if args.command is None:
        return launch_gui(None)
    try:
        return int(args.handler(args))
    except XMDeskError as error:
        sys.stderr.write(f"xmdesk: {error}\n")
        return EXIT_ERROR
    except sqlite3.DatabaseError as error:  # met reading the study: its damage said in words, a bug re-raised
        from xmdesk.core.study.file import damage_behind

        study = getattr(args, "study", None) or getattr(args, "path", None)  # commands name it either way
        damage = damage_behind(study, error) if isinstance(study, str) else None
        if damage is None:
            raise
        sys.stderr.write(f"xmdesk: {damage}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(f"\nxmdesk: {messages.text('cli.interrupted')}\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) left early; nothing is wrong with the study.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
