"""The dead-code check's whitelist names only what exists (issue 19). `run.sh test` runs vulture, which fails on
code nothing uses unless tools/vulture_whitelist.py names it; an entry left behind when its function was
renamed or removed would let new dead code of that name through, so every entry is a real import or attribute
and running the file fails on a stale one."""

from __future__ import annotations

import runpy
from pathlib import Path

WHITELIST = Path(__file__).resolve().parent.parent / "tools" / "vulture_whitelist.py"


def test_every_whitelisted_name_still_exists() -> None:
    runpy.run_path(str(WHITELIST))
