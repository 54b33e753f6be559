"""`xmdesk stats` as a subprocess: the JSON keys the issue names, equal to the engine's numbers."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np

from xmdesk.core.analysis import metrics as mt


def stats(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "zh", "stats", *args], capture_output=True,
                          text=True, timeout=120, env=os.environ.copy())


def column(path: Path, sql: str) -> list[tuple[float | None, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_nps_by_region_filtered(demo_path: Path) -> None:
    result = stats(str(demo_path), "--survey", "retail_cx", "--metric", "nps", "--question", "nps", "--by", "region",
                   "--filter", "${channel} = '门店' or ${csat} >= 4", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = column(demo_path, "SELECT nps, region FROM responses_retail_cx WHERE deleted = 0 AND (channel = 1 OR csat >= 4)")
    values = np.array([r[0] for r in rows], dtype=float)
    expected = mt.nps(values)
    assert data["question"]["code"] == "nps" and data["by"] == {"code": "region", "label": "所在区域"}
    for key, value in (("n", expected.n), ("nps", expected.nps), ("promoters", expected.pct_promoters),
                       ("passives", expected.pct_passives), ("detractors", expected.pct_detractors),
                       ("ci_low", expected.ci_low), ("ci_high", expected.ci_high)):
        assert math.isclose(data[key], value, abs_tol=1e-9), key
    assert len(data["groups"]) == 7 and data["groups"][0]["label"] == "华东"
    east = mt.nps(np.array([r[0] for r in rows if r[1] == 1], dtype=float))
    assert data["groups"][0]["code"] == "east" and math.isclose(data["groups"][0]["nps"], east.nps, abs_tol=1e-9)
    assert all(set(g) >= {"n", "nps", "promoters", "passives", "detractors", "ci_low", "ci_high", "small_base"}
               for g in data["groups"])


def test_csat_and_plain_output(demo_path: Path) -> None:
    data = json.loads(stats(str(demo_path), "--metric", "csat", "--question", "csat", "--json").stdout)
    values = np.array([r[0] for r in column(demo_path, "SELECT csat FROM responses_retail_cx WHERE deleted = 0")],
                      dtype=float)
    assert data["n"] == len(values) and math.isclose(data["mean"], float(values.mean()), abs_tol=1e-9)
    assert math.isclose(data["top2box"], 100.0 * float((values >= 4).mean()), abs_tol=1e-9)
    plain = stats(str(demo_path), "--metric", "trend", "--question", "nps", "--period", "month")
    assert plain.returncode == 0 and "2026-05" in plain.stdout


def test_crosstab_drivers_and_errors(demo_path: Path) -> None:
    table = json.loads(stats(str(demo_path), "--metric", "crosstab", "--question", "categories", "--by", "channel",
                             "--json").stdout)
    assert table["multiple"] and len(table["rows"]) == 6 and [c["letter"] for c in table["columns"]][:2] == ["A", "B"]
    drivers = json.loads(stats(str(demo_path), "--metric", "drivers", "--question", "csat", "--by", "attr",
                               "--json").stdout)
    assert [d["priority"] for d in drivers["drivers"]] == list(range(1, 10))
    assert math.isclose(sum(d["share"] for d in drivers["drivers"]), 100.0, abs_tol=1e-9)
    bad = stats(str(demo_path), "--metric", "nps", "--question", "nps", "--filter", "${nope} = 1")
    assert bad.returncode == 1 and "nope" in bad.stderr and "Traceback" not in bad.stderr
    wrong = stats(str(demo_path), "--metric", "crosstab", "--question", "region")
    assert wrong.returncode == 1 and "--by" in wrong.stderr
