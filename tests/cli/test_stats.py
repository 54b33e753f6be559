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
import pandas as pd

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


RIM = "region=east:30,north:20,south:15,central:10,southwest:10,northwest:8,northeast:7;channel=store:40,app:30,4:20,5:5,3:5"


def test_rim_weighted_nps_reports_the_weighting_efficiency(demo_path: Path) -> None:
    result = stats(str(demo_path), "--metric", "nps", "--question", "nps", "--by", "channel", "--rake", RIM, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = column(demo_path, "SELECT nps, region, channel FROM responses_retail_cx WHERE deleted = 0 ORDER BY id")
    frame = pd.DataFrame(rows, columns=["nps", "region", "channel"])
    targets = {"region": {1: 30, 2: 20, 3: 15, 4: 10, 5: 10, 6: 8, 7: 7},
               "channel": {1: 40, 2: 30, 3: 5, 4: 20, 5: 5}}
    raked = mt.rake(frame, targets)
    weights = raked.weights
    expected = mt.nps(frame["nps"].to_numpy(dtype=float), weights)
    assert math.isclose(data["nps"], expected.nps, abs_tol=1e-9)
    app = (frame["channel"] == 2).to_numpy()
    assert math.isclose(data["groups"][1]["nps"], mt.nps(frame["nps"].to_numpy(dtype=float)[app], weights[app]).nps,
                        abs_tol=1e-9)
    weighting = data["weighting"]
    assert math.isclose(weighting["efficiency"], raked.efficiency, abs_tol=1e-9) and 0 < weighting["efficiency"] < 100
    assert math.isclose(weighting["effective_n"], raked.effective_n, abs_tol=1e-6) and weighting["converged"]
    assert weighting["rim"]["channel"]["web"] == 0.2 and math.isclose(weighting["rim"]["region"]["east"], 0.3)
    east = (frame["region"] == 1).to_numpy()
    assert math.isclose(float(weights[east].sum() / weights.sum()), 0.3, abs_tol=1e-9)
    assert any(f"{raked.efficiency:.1f}" in note for note in data["notes"])


def test_rim_targets_bad_input_is_said_plainly(demo_path: Path) -> None:
    for targets, words in (("region=east:30,nowhere:70", "nowhere"), ("region=east", "region=east:30"),
                           ("nps=1:50,2:50", "nps"), ("region=east:lots", "east:lots"),
                           ("region=east:30,north:70", "region")):
        result = stats(str(demo_path), "--metric", "nps", "--question", "nps", "--rake", targets)
        assert result.returncode == 1 and words in result.stderr and "Traceback" not in result.stderr, targets
