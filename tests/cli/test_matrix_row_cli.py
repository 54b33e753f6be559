"""`xmdesk stats --question attr__range`: one row of a matrix, named by its stored column, as a question."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def test_stats_of_a_matrix_row_equal_the_mean_of_its_stored_column(demo_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "zh", "stats", str(demo_path), "--survey",
                             "retail_cx", "--metric", "mean", "--question", "attr__range", "--json"],
                            capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    with sqlite3.connect(demo_path) as conn:
        values = [row[0] for row in conn.execute("SELECT attr__range FROM responses_retail_cx WHERE deleted = 0"
                                                 " AND attr__range IS NOT NULL")]
    assert data["question"]["code"] == "attr__range"
    assert data["n"] == len(values) and math.isclose(data["mean"], sum(values) / len(values), abs_tol=1e-9)


def test_a_whole_matrix_is_refused_in_one_line_naming_its_rows(demo_path: Path) -> None:
    """Every metric but NPS (and drivers, where the matrix is the attributes) ended in a KeyError traceback."""
    from tests.cli.run import xmdesk

    for metric in ("mean", "csat", "ces", "freq", "trend"):
        result = xmdesk("stats", str(demo_path), "--survey", "retail_cx", "--metric", metric, "--question", "attr")
        assert result.returncode == 1, (metric, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("xmdesk: attr is a matrix of 9 rows: analyse one row (attr__env, ")
    crosstab = xmdesk("stats", str(demo_path), "--survey", "retail_cx", "--metric", "crosstab", "--question", "attr",
                      "--by", "region")
    assert crosstab.returncode == 1 and "attr is a matrix of 9 rows" in crosstab.stderr
