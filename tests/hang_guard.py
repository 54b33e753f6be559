"""A hard time bound for code that might hang: shared by the hostile-input tests of the core, the CLI and the GUI.

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

BOUND = 30.0


@contextmanager
def hang_guard(seconds: float = BOUND) -> Iterator[None]:
    """End the whole test process, with tracebacks, if the block has not returned within `seconds`."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
