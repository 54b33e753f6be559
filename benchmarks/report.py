"""Time a 20-page report with 15 charts on a 100,000-response study, as PDF and as PowerPoint.

    python benchmarks/report.py [--path /tmp/xmdesk_report_100k.xmd] [--responses 100000] [--keep DIR]

The demo study is built once (`xmdesk demo PATH --responses 100000`) and reused. Each
format is timed in a fresh process from opening the study to the closed file:
computing every block on the data (frames read once, then cached) and writing the file.
Targets: PDF < 10 s, PPTX < 10 s. The load average is printed, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_PATH = Path("/tmp/xmdesk_report_100k.xmd")

MEASURE = r"""
import sys, time
started = time.perf_counter()
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.recipe import Block, Branding, Report
from xmdesk.core.study.file import Study
from xmdesk.render.pdf import export_report, journey_painter
imported = time.perf_counter()

# Row × column pairs of the benchmark's crosstab blocks.
CROSSTABS = (("channel", "region"), ("store", "channel"), ("store", "region"), ("region", "channel"),
             ("nps", "channel"), ("nps", "region"), ("csat", "region"), ("ces", "region"), ("csat", "channel"),
             ("ces", "channel"), ("store", "csat"), ("store", "ces"), ("store", "nps"))


def chart(metric, question, by=None, **extra):
    request = {"survey": "retail_cx", "metric": metric, "question": question, **extra}
    if by:
        request["by"] = by
    return Block("chart", options={"request": request})

blocks = [Block("title"), Block("summary"), Block("tiles"),
          chart("nps", "nps"), chart("nps", "nps", "channel", chart="bars"), chart("nps", "nps", "region", chart="bars"),
          chart("nps", "nps", "store", chart="bars"), chart("csat", "csat"), chart("csat", "csat", "channel"),
          chart("csat", "csat", "region"), chart("ces", "ces", "channel"), chart("ces", "ces", "region"),
          chart("freq", "categories"), chart("freq", "channel"), chart("trend", "nps", period="month"),
          chart("trend", "csat", period="month"), chart("mean", "spend", "channel"),
          chart("mean", "spend", "region"),
          *(Block("crosstab", options={"row": row, "column": column}) for row, column in CROSSTABS),
          Block("comments", options={"question": "improve_text", "sentiment": "negative", "limit": 10}),
          Block("comments", options={"question": "like_text", "sentiment": "positive", "limit": 10}),
          Block("comments", options={"question": "improve_text", "limit": 30}),
          Block("comments", options={"question": "like_text", "limit": 30}),
          Block("comments", options={"question": "other_text", "limit": 20}),
          Block("journey"), Block("cases"), Block("methodology")]
report = Report(name="benchmark", survey="retail_cx", title="零售门店顾客体验调研 2026", lang="zh",
                branding=Branding(client="某零售集团"), blocks=blocks)
t0 = time.perf_counter()
with Study.open(sys.argv[1], read_only=True) as study:
    built = build_report(study, report, journey_painter=journey_painter())
    t1 = time.perf_counter()
    size = export_report(built, sys.argv[2])
t2 = time.perf_counter()
charts = sum(1 for s in built.sections if s.chart is not None)
unit = {"pdf": "pages", "pptx": "slides"}[sys.argv[2].rsplit(".", 1)[1]]
print(f"{sys.argv[2].rsplit('.', 1)[1]:5} {charts} charts, {size} {unit}: imports {imported - started:5.2f} s, "
      f"compute {t1 - t0:5.2f} s, write {t2 - t1:5.2f} s, open-to-file {t2 - t0:5.2f} s")
"""


def ensure_study(path: Path, responses: int) -> None:
    """Build the cached study once; a cached one from an older schema is upgraded (opened writable once)."""
    if path.exists():
        from xmdesk.core.study.file import Study

        Study.open(path).close()
        return
    print(f"building the demo study ({responses:,} responses) at {path} ...", flush=True)
    subprocess.run([sys.executable, "-m", "xmdesk", "demo", str(path), "--responses", str(responses)], check=True,
                   stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the produced files in this folder")
    args = parser.parse_args()
    ensure_study(args.path, args.responses)
    out = args.keep or Path(tempfile.mkdtemp(prefix="xmdesk_report_bench_"))
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for fmt in ("pdf", "pptx"):
        target = out / f"report_100k.{fmt}"
        started = time.perf_counter()
        if subprocess.run([sys.executable, "-c", MEASURE, str(args.path), str(target)], env=env).returncode:
            raise SystemExit(f"the {fmt} run failed (its error is above)")
        total = time.perf_counter() - started
        verdict = "ok" if total < 10 else "OVER the 10 s target"
        print(f"      whole process (start-up included): {total:5.2f} s  [{verdict}]")
    print(f"load average after: {os.getloadavg()[0]:.2f}; files in {out}")


if __name__ == "__main__":
    main()
