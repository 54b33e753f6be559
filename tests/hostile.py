"""Shared by the hostile-input tests of the core, the CLI and the GUI: a hard time bound, the issue's comment.

A catastrophic regular-expression backtrack runs inside C and holds the GIL, so no Python timer, signal
handler or thread can stop it. faulthandler's watchdog is a C thread of its own: past the bound it prints
every thread's traceback and ends the test process, so a hang fails the run (pytest-xdist reports the
crashed test by name) instead of freezing it. The bound is far above the time the code needs and far
below "hung"; it is a guard, not a timing.
"""

from __future__ import annotations

import faulthandler
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BOUND = 30.0

EVIL = "a" * 34 + "!"
"""The issue's 35-character comment: `(a+)+$` backtracks 2^34 times over it in a backtracking engine."""


@contextmanager
def hang_guard(seconds: float = BOUND) -> Iterator[None]:
    """End the whole test process, with tracebacks, if the block has not returned within `seconds`."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def with_comments(path: Path, comments: list[str]) -> list[int]:
    """Detractors whose like_text is each comment, added to the demo study at `path`; their ids."""
    from xmdesk.core.survey import responses
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import load_survey

    with Study.open(path) as study:
        survey = load_survey(study, "retail_cx")
        (before,) = study.conn.execute("SELECT max(id) FROM responses_retail_cx").fetchone()
        responses.insert_rows(study, survey, ["like_text", "nps"], [(text, 3) for text in comments])
        return [before + i + 1 for i in range(len(comments))]
