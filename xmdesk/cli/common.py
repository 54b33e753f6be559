"""What every command shares: progress on stderr, JSON on stdout, exit codes."""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from xmdesk.core.study.file import Study

EXIT_ERROR = 1
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace], int]


class CommandAdder(Protocol):
    """Adds one sub-command and returns its parser, for the arguments; given to each module's `register`."""

    def __call__(self, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser: ...


def subcommands(parent: argparse.ArgumentParser, dest: str) -> CommandAdder:
    """A CommandAdder for a command with sub-commands of its own (`xmdesk cases export ...`)."""
    group = parent.add_subparsers(dest=dest, metavar="SUBCOMMAND", required=True)

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    return command

def freeze_imports() -> None:
    """Keep the garbage collector off everything made so far: a command's modules (pandas', Qt's, python-pptx's
    functions, classes and tables, ~70,000 objects) live until the process exits anyway, yet every full collection,
    and the last one at exit, walked them again. Called by a heavy one-shot command after its imports: 0.1-0.2 s of
    the 100,000-response report's ~3 s (benchmarks/report.py mirrors it). Never in the window's long-lived process,
    where frozen garbage would stay for good."""
    gc.freeze()


class StderrProgress:
    """A progress bar on stderr: redrawn in place on a terminal, a few plain lines otherwise."""

    def __init__(self, stream: TextIO = sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.tty = stream.isatty()
        self._last_shown = -1.0
        self._last_percent = -10

    def __call__(self, done: int, total: int, message: str) -> None:
        percent = int(100 * done / total) if total else 100
        now = time.monotonic()
        if self.tty:
            if now - self._last_shown < 0.1 and percent < 100:
                return
            filled = self.width * percent // 100
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {percent:3d}% {message} ({done:,}/{total:,})")
            if percent >= 100:
                self.stream.write("\n")
        else:
            if percent < self._last_percent + 10 and percent < 100:
                return
            self._last_percent = percent
            self.stream.write(f"{percent:3d}% {message} ({done:,}/{total:,})\n")
        self._last_shown = now
        self.stream.flush()


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@contextmanager
def open_study(path: str | Path, read_only: bool = False) -> Iterator[Study]:
    """A study for one command. Opened for writing, it first runs the work a killed process left
    pending (alert rules over responses that had just arrived), with its progress on stderr."""
    from xmdesk.core.study.file import Study

    with Study.open(path, read_only=read_only, window=False) as study:
        if not study.read_only:
            run_left_over(study)
        yield study


def chosen_survey(study: Study, given: str | None, message: str = "analysis.choose_survey") -> str | None:
    """The survey a command works on: the one given, else the study's only one. With several (or none) it
    says which there are and gives None, for the command to exit 2 rather than guess."""
    from xmdesk.core import messages
    from xmdesk.core.survey.model import survey_codes

    if given is not None:
        return given
    codes = survey_codes(study)
    if len(codes) == 1:
        return codes[0]
    sys.stderr.write(f"xmdesk: {messages.text(message, surveys=', '.join(codes))}\n")
    return None


def run_left_over(study: Study) -> None:
    from xmdesk.core.loop import outbox

    for warning in outbox.settle(study, progress=StderrProgress()):
        sys.stderr.write(f"xmdesk: {warning}\n")
