"""A command-line filter with hostile regular expressions (issue 16, case 4), the CLI run as a subprocess: a
catastrophic pattern returns its figures, a refused one is one line naming it and exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.hostile import BOUND, EVIL, with_comments


def stats_filtered(path: Path, expression: str) -> subprocess.CompletedProcess[str]:
    # The subprocess's timeout is the hang bound: before the fix this filter never returned.
    return subprocess.run([sys.executable, "-m", "xmdesk", "stats", str(path), "--survey", "retail_cx", "--metric",
                           "nps", "--question", "nps", "--filter", expression, "--json"],
                          capture_output=True, text=True, timeout=BOUND * 2, env=os.environ.copy())


def test_a_catastrophic_filter_returns_and_a_refused_one_is_one_line(demo_path: Path) -> None:
    with_comments(demo_path, [EVIL, "a" * 30, "a" * 12])
    result = stats_filtered(demo_path, "regex(${like_text}, '(a+)+$')")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["n"] == 2

    refused = stats_filtered(demo_path, "regex(${like_text}, '^(?!退款)')")
    assert refused.returncode == 1 and refused.stdout == ""
    line = refused.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "^(?!退款)" in line and "(?!" in line
