"""Time the analysis engine on a 1,000,000-response study.

    python benchmarks/analysis.py [--path /tmp/xmdesk_analysis_1m.xmd] [--responses 1000000]

The demo study is built once (about a minute) and reused. The first analysis runs in
a fresh process: open the study, load the columns it needs, compute NPS (imports of
pandas/numpy are timed separately, they happen once at start-up). Then `warm` reads every
analysable column once (what the app does in a background job after opening), and
each later analysis takes its columns from the cache and computes.
Then the requests the app runs (NPS by region, crosstabs with tests, a weekly trend, key
drivers), each with its chart spec; and, in a Qt process on a 100,000-response study, the
Charts area's redraw after a filter change.
Targets: first analysis < 2 s, each later one < 0.3 s, the panel's redraw < 0.2 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_PATH = Path("/tmp/xmdesk_analysis_1m.xmd")
PANEL_PATH = Path("/tmp/xmdesk_analysis_100k.xmd")

MEASURE = r"""
import sys, time
started = time.perf_counter()
import numpy, pandas
from xmdesk.core.analysis import (NPS_GROUPS, crosstab, load_frame, means_by, nps, nps_by, nps_groups)
from xmdesk.core.analysis.crosstab import NPS_GROUP_COLUMN
from xmdesk.core.analysis.frame import warm
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
imported = time.perf_counter()
print(f"imports (pandas, numpy, analysis)       {imported - started:7.3f} s")

t0 = time.perf_counter()
study = Study.open(sys.argv[1], read_only=True)
survey = load_survey(study, "retail_cx")
frame = load_frame(study, survey, ["nps", "region"])
overall = nps(frame["nps"])
first = time.perf_counter() - t0
print(f"first analysis: open + load nps,region + NPS {first:7.3f} s   (target < 2 s)")
print(f"  NPS {overall.nps:+.2f}  95% CI [{overall.ci_low:+.2f}, {overall.ci_high:+.2f}]  n={overall.n:,}")

def timed(label, action):
    t = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - t
    print(f"{label:<40} {elapsed:7.3f} s   (target < 0.3 s)")
    return result

def by_region():
    f = load_frame(study, survey, ["nps", "region"])
    return nps_by(f, "nps", survey.question("region"), lang="en")

rows = timed("NPS by region with CI (cached frame)", by_region)
for seg in rows:
    r = seg.result
    flag = " small base" if r.small_base else ""
    print(f"  {seg.label:<10} n={r.n:>7,}  NPS {r.nps:+6.2f}  [{r.ci_low:+6.2f}, {r.ci_high:+6.2f}]{flag}")

t = time.perf_counter()
columns = warm(study, survey)
print(f"warm: read all {columns} analysable columns   {time.perf_counter() - t:7.3f} s   (background job after opening)")

def region_by_csat():
    f = load_frame(study, survey, ["region", "csat"])
    return crosstab(f, survey.question("region"), survey.question("csat"), lang="en")

table = timed("crosstab region(7) x csat(5)", region_by_csat)
table = timed("crosstab region(7) x csat(5) (again)", region_by_csat)
print(f"  chi2={table.chi_square.statistic:.2f} df={table.chi_square.df} p={table.chi_square.p:.3g}")

def store_by_group():
    f = load_frame(study, survey, ["store", "nps"])
    g = f.assign(**{NPS_GROUP_COLUMN: nps_groups(f["nps"])})
    return crosstab(g, survey.question("store"), NPS_GROUPS, lang="en")

table = timed("crosstab store(20) x NPS group", store_by_group)
table = timed("crosstab store(20) x NPS group (again)", store_by_group)
print(f"  chi2={table.chi_square.statistic:.2f} df={table.chi_square.df} p={table.chi_square.p:.3g}")
print("  letters (A detractors, B passives, C promoters):")
for label, marks in list(zip(table.row_labels, table.significance))[:4]:
    print(f"    {label:<14} " + "  ".join(f"{l}:{m or '-'}" for l, m in zip(table.letters, marks)))

def csat_by_channel():
    f = load_frame(study, survey, ["csat", "channel"])
    return means_by(f, "csat", survey.question("channel"), lang="en")

result = timed("CSAT mean by channel + ANOVA", csat_by_channel)
result = timed("CSAT mean by channel + ANOVA (again)", csat_by_channel)
for g in result.groups:
    print(f"  {g.label:<22} n={g.n:>7,} mean {g.mean:.4f} sd {g.sd:.4f}")
a = result.anova
print(f"  F={a.f:.3f} df=({a.df_between},{a.df_within}) p={a.p:.3g}")

from xmdesk.core.analysis import Condition, Filter, load_filtered
def filtered_nps():
    flt = Filter((Condition("channel", "in", [2, 3]), Condition("csat", ">=", 4)))
    f = load_filtered(study, survey, ["nps"], flt)
    return nps(f["nps"])

r = timed("NPS where channel in (2,3) and csat>=4", filtered_nps)
print(f"  NPS {r.nps:+.2f} [{r.ci_low:+.2f}, {r.ci_high:+.2f}] n={r.n:,}")

# The request layer: what the Charts area, dashboards, reports and `xmdesk stats` run.
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.charts.build import spec_for
everything = Query("retail_cx")

def request(metric, question, by=None, **extra):
    return lambda: spec_for(run(study, Request(metric, question, everything, by=by, **extra), survey))

timed("request: NPS by region with CI + chart", request("nps", "nps", "region"))
spec = timed("request: NPS(11) x store(20) crosstab + tests", request("crosstab", "nps", "store"))
print(f"  {len(spec.categories)} x {len(spec.series)} cells; {spec.notes[-2]}")
spec = timed("request: NPS(11) x region(7) crosstab + tests", request("crosstab", "nps", "region"))
spec = timed("request: weekly NPS trend + change tests", request("trend", "nps", period="week"))
print(f"  {len(spec.categories)} weeks, n per week {min(spec.series[0].n):,}..{max(spec.series[0].n):,}, "
      f"{sum(1 for m in spec.series[0].marks if m)} significant changes")
spec = timed("request: key drivers of NPS (9 attributes)", request("drivers", "nps", "attr", chart="ipa"))
print(f"  fix first: {spec.notes[0]}")
timed("request: filtered CSAT by channel (expression)",
      lambda: spec_for(run(study, Request("csat", "csat", Query("retail_cx", filter="${region} = 'east' and ${nps} >= 7"),
                                          by="channel"), survey)))
study.close()
"""

PANEL = r"""
import os, sys, time, statistics
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication
app = QApplication([])
from xmdesk.core.analysis.frame import warm
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.charts.area import ChartsArea

study = Study.open(sys.argv[1])
warm(study, load_survey(study, "retail_cx"))
area = ChartsArea(study)
area.resize(1200, 800)
area.show()

def settle():
    while area.computation.busy or area.outcome is None or area.outcome.request != area.request():
        app.processEvents()
    app.processEvents()

area.select("nps", "nps", "region")
settle()
timings = []
for expression in ("${channel} = 'app'", "${csat} >= 4", "${channel} = 'store' and ${nps} <= 6",
                   "selected(${categories}, 'fresh')", "${region} = 'east' or ${region} = 'north'", ""):
    started = time.perf_counter()
    area.filter_edit.setText(expression)
    area.refresh()
    settle()
    timings.append(time.perf_counter() - started)
print(f"panel redraw after a filter change, 100,000 responses: median {statistics.median(timings):.3f} s, "
      f"max {max(timings):.3f} s   (target < 0.2 s)")
study.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=1_000_000)
    args = parser.parse_args()
    for path, count in ((args.path, args.responses), (PANEL_PATH, 100_000)):
        prepare(path, count)
    subprocess.run([sys.executable, "-c", MEASURE, str(args.path)], check=True)
    subprocess.run([sys.executable, "-c", PANEL, str(PANEL_PATH)], check=True)


def prepare(path: Path, count: int) -> None:
    """Build the demo study once; bring a cached one up to the current schema (a read-only open cannot)."""
    from xmdesk.core.study.file import Study

    if path.exists():
        Study.open(path).close()
        return
    from xmdesk.core.demo import build_demo

    print(f"building {count:,} responses in {path} …", flush=True)
    started = time.perf_counter()
    build_demo(path, responses_count=count, seed=1)
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
