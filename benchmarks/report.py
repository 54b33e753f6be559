"""Time a 20-page report with 15 charts on a 100,000-response study, as PDF and as PowerPoint, as `xmdesk report`
makes it: the blocks computed, the stamp (fingerprint and every number shown) and the file written.

    python benchmarks/report.py [--path /tmp/xmdesk_report_100k.xmd] [--responses 100000] [--keep DIR]
                                [--rounds 3] [--tree DIR ...]

The demo study is built once (`xmdesk demo PATH --responses 100000`) and reused. Each run is a fresh
process from the interpreter's start to the closed file. The machine is shared, so beside wall time
each run prints the child's CPU time (user + sys), which other processes inflate far less (here 5-15 %
at load 6-15 on 2 cores, against 2-4 times for wall time), and the breakdown imports / compute / stamp /
write in CPU seconds of the child; the formats (and the source trees, when `--tree` names several, e.g.
a checkout of an earlier commit to compare with) are alternated round by round so a load change hits
every variant alike. Target: < 3 s CPU for the whole process, PDF and PPTX. The load average is printed
before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path("/tmp/xmdesk_report_100k.xmd")
TARGET_CPU = 3.0

MEASURE = r"""
import json, sys, time
marks = [(time.perf_counter(), time.process_time())]
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.recipe import Block, Branding, Report
from xmdesk.core.reports.stamp import stamp_report
from xmdesk.core.study.file import Study
from xmdesk.render.pdf import export_report, journey_painter
try:
    from xmdesk.cli.common import freeze_imports
except ImportError:  # a tree from before it, compared with --tree
    freeze_imports = lambda: None
freeze_imports()  # as `xmdesk report` does after its imports
marks.append((time.perf_counter(), time.process_time()))

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
with Study.open(sys.argv[1], read_only=True) as study:
    built = build_report(study, report, journey_painter=journey_painter())
    marks.append((time.perf_counter(), time.process_time()))
    built = stamp_report(study, report, built)
    marks.append((time.perf_counter(), time.process_time()))
    size = export_report(built, sys.argv[2])
marks.append((time.perf_counter(), time.process_time()))
stages = ("imports", "compute", "stamp", "write")
print(json.dumps({"charts": sum(1 for s in built.sections if s.chart is not None), "size": size,
                  "wall": {s: b[0] - a[0] for s, a, b in zip(stages, marks, marks[1:])},
                  "cpu": {s: b[1] - a[1] for s, a, b in zip(stages, marks, marks[1:])}}))
"""


def ensure_study(path: Path, responses: int, tree: Path | None) -> None:
    """Build the cached study once; a cached one from an older schema is upgraded (opened writable once). Done in
    a child running `tree`'s code, as the timed runs do: the study must not be upgraded past what they know."""
    if path.exists():
        command = ["-c", "import sys; from xmdesk.core.study.file import Study; Study.open(sys.argv[1]).close()",
                   str(path)]
    else:
        print(f"building the demo study ({responses:,} responses) at {path} ...", flush=True)
        command = ["-m", "xmdesk", "demo", str(path), "--responses", str(responses)]
    subprocess.run([sys.executable, *command], check=True, stdout=subprocess.DEVNULL, env=child_env(tree),
                   cwd=tree or Path.cwd())


def compile_tree(tree: Path | None) -> None:
    """Byte-compile the code to run, as an installed app has it (pip and the PyInstaller bundle ship compiled
    modules). Where PYTHONDONTWRITEBYTECODE is set, as on our shared machines, nothing else writes the cache, and
    every timed run compiled ~90 modules from source again: 0.16-0.2 s of CPU that no user pays."""
    subprocess.run([sys.executable, "-c", "import compileall, sys, xmdesk; "
                    "sys.exit(not compileall.compile_dir(xmdesk.__path__[0], quiet=1))"],
                   check=True, env=child_env(tree), cwd=tree or Path.cwd())


def child_env(tree: Path | None) -> dict[str, str]:
    """The environment of a child process: Qt without a display, and `tree` first on the import path."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return env


def run_once(study: Path, target: Path, tree: Path | None) -> dict[str, Any]:
    """One fresh process; its own stage figures plus the whole process's wall time and CPU time (user + sys, from
    the kernel's account of the child: interpreter start-up and exit included)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", MEASURE, str(study), str(target)], env=child_env(tree),
                             cwd=tree or Path.cwd(), stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"the {target.suffix} run failed (its error is above)")
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    figures["whole_wall"] = time.perf_counter() - started
    figures["whole_cpu"] = usage.ru_utime + usage.ru_stime
    return figures


def line(fmt: str, name: str, figures: dict[str, Any]) -> str:
    cpu, wall = figures["cpu"], figures["wall"]
    unit = {"pdf": "pages", "pptx": "slides"}[fmt]
    parts = "  ".join(f"{stage} {cpu[stage]:4.2f}/{wall[stage]:4.2f}" for stage in cpu)
    return (f"{fmt:4} {name:10} whole {figures['whole_cpu']:5.2f} s CPU / {figures['whole_wall']:5.2f} s wall | "
            f"{parts} (CPU/wall s) | {figures['charts']} charts, {figures['size']} {unit}, "
            f"load {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the produced files in this folder")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each format (and tree), alternated")
    parser.add_argument("--tree", type=Path, action="append", default=[],
                        help="a source tree to run (repeat to compare trees, the oldest first: it builds or "
                             "upgrades the study); default: the installed xmdesk")
    args = parser.parse_args()
    trees: list[Path | None] = [t.resolve() for t in args.tree] or [None]
    ensure_study(args.path, args.responses, trees[0])
    for tree in trees:
        compile_tree(tree)
    out = args.keep or Path(tempfile.mkdtemp(prefix="xmdesk_report_bench_"))
    out.mkdir(parents=True, exist_ok=True)
    names = {tree: (tree.name if tree is not None else "installed") for tree in trees}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for _ in range(args.rounds):
        for fmt in ("pdf", "pptx"):
            for tree in trees:
                figures = run_once(args.path, out / f"report_100k_{names[tree]}.{fmt}", tree)
                results.setdefault((fmt, names[tree]), []).append(figures)
                print(line(fmt, names[tree], figures), flush=True)
    print("medians (whole process, CPU s / wall s):")
    for (fmt, name), runs in results.items():
        cpu = statistics.median(r["whole_cpu"] for r in runs)
        wall = statistics.median(r["whole_wall"] for r in runs)
        verdict = "ok" if cpu < TARGET_CPU else f"OVER the {TARGET_CPU:.0f} s target"
        print(f"  {fmt:4} {name:10} {cpu:5.2f} / {wall:5.2f}  [{verdict} on CPU]")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; files in {out}")


if __name__ == "__main__":
    main()
