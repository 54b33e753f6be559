"""`xmdesk derive` as a subprocess, and `stats --by/--filter` naming what it defined (issue 20)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from xmdesk.core.analysis import metrics as mt
from tests.cli.run import rows, xmdesk

GROUPS = "promoter=3:推荐者:Promoter,passive=2:中立者:Passive,detractor=1:贬损者:Detractor"
NPS_GROUPS = "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))"



def derive(path: Path, *args: str) -> dict[str, object]:
    result = xmdesk("derive", str(path), "--survey", "retail_cx", *args)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_add_list_use_in_stats_exclude_restore_remove(demo_path: Path) -> None:
    added = derive(demo_path, "add", "nps_group", "--type", "single", "--expression", NPS_GROUPS, "--choices", GROUPS,
                   "--label-zh", "推荐者分组", "--label-en", "NPS group")
    scores = np.array([r[0] for r in rows(demo_path, "SELECT nps FROM responses_retail_cx WHERE deleted = 0"
                                                     " ORDER BY id")], dtype=float)
    assert added["n"] == int((~np.isnan(scores)).sum()) and added["missing"] == int(np.isnan(scores).sum())
    first = ["promoter" if s >= 9 else "passive" if s >= 7 else "detractor" for s in scores[:10]]
    assert added["first"] == first
    listed = derive(demo_path, "list")
    assert [d["code"] for d in listed["derived"]] == ["nps_group"]  # type: ignore[index]

    stats = xmdesk("stats", str(demo_path), "--survey", "retail_cx", "--metric", "mean", "--question", "csat",
                   "--by", "nps_group", "--filter", "${nps_group} != 'detractor'", "--json")
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    pairs = rows(demo_path, "SELECT nps, csat FROM responses_retail_cx WHERE deleted = 0 AND nps >= 7")
    for group in data["groups"]:
        wanted = [c for n, c in pairs if c is not None and (n >= 9) == (group["code"] == "promoter")]
        if group["code"] == "detractor":
            assert group["n"] == 0
            continue
        assert group["n"] == len(wanted) and math.isclose(group["mean"], float(np.mean(wanted)), abs_tol=1e-9)

    derive(demo_path, "add", "fast", "--kind", "flag", "--flag", "outlier", "--spec", '{"column": "spend"}')
    excluded = derive(demo_path, "exclude", "--flag", "fast")
    assert excluded["excluded"] and excluded["excluded_total"] == len(excluded["excluded"])  # type: ignore[arg-type]
    left_out = set(excluded["excluded"])  # type: ignore[call-overload]
    nps = xmdesk("stats", str(demo_path), "--survey", "retail_cx", "--metric", "nps", "--question", "nps", "--json")
    kept = np.array([n for i, n in rows(demo_path, "SELECT id, nps FROM responses_retail_cx WHERE deleted = 0")
                     if i not in left_out and n is not None], dtype=float)
    result = json.loads(nps.stdout)
    assert result["n"] == len(kept) and math.isclose(result["nps"], mt.nps(kept).nps, abs_tol=1e-9)
    restored = derive(demo_path, "restore", "--ids", ",".join(map(str, sorted(left_out))))
    assert restored["excluded_total"] == 0
    removed = derive(demo_path, "remove", "nps_group")
    assert removed == {"survey": "retail_cx", "removed": "nps_group"}


def test_a_bad_definition_is_one_line_on_stderr(demo_path: Path) -> None:
    result = xmdesk("derive", str(demo_path), "--survey", "retail_cx", "add", "x", "--expression", "${nope} + 1")
    assert result.returncode == 1 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("xmdesk: ")]
    assert len(errors) == 1 and "has no question 'nope'" in errors[0]
    result = xmdesk("derive", str(demo_path), "--survey", "retail_cx", "add", "x", "--kind", "flag",
                    "--flag", "speeder")
    assert result.returncode == 1 and "duration" in result.stderr
