"""The CLI as a user runs it: `python -m xmdesk` in a child process, English messages unless asked."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def xmdesk(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `xmdesk --lang en ARGS…` and return what it printed (stdout: JSON, stderr: progress and messages)."""
    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "en", *args], capture_output=True, text=True,
                          timeout=timeout, env=os.environ.copy())


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """What a command left in the study file, read with plain sqlite3 (no XMDesk code between)."""
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()
