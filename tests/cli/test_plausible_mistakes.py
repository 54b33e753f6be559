"""Plausible but wrong arguments end in one line saying what is wrong, never a traceback (issue 16).

Each case was found by probing every command with the arguments a user could type wrongly (a matrix where a
row is meant, an empty output name, a folder for a file...); each failed with a traceback before its fix.
"""

from __future__ import annotations

from pathlib import Path

from tests.cli.run import xmdesk


def _refused(*args: str) -> str:
    """Run the CLI, expect exit 1 and one message line without a traceback; return that line."""
    result = xmdesk(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_a_whole_matrix_as_the_outcome_of_key_drivers_names_its_rows(demo_path: Path) -> None:
    """`--metric drivers --question attr --by attr` (the matrix as outcome and attributes) was a KeyError: 'attr'."""
    line = _refused("stats", str(demo_path), "--survey", "retail_cx", "--metric", "drivers", "--question", "attr",
                    "--by", "attr")
    assert line.startswith("xmdesk: attr is a matrix of 9 rows: analyse one row (attr__env, ")
