"""Open a 1,000,000-response study in the data view: time to first page, to the last row, peak memory.

    python benchmarks/open_large.py [--path /tmp/xmdesk_bench_1m.xmd] [--responses 1000000]

The study is built once (about a minute) and reused. Each measurement runs in a
fresh process so the timings include cold module and file caches of Python, not of the OS.
Targets: open + first page < 0.5 s, scroll to the end < 0.5 s, peak RSS < 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_PATH = Path("/tmp/xmdesk_bench_1m.xmd")

MEASURE = r"""
import json, resource, sys, time
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
app = QApplication([])
from xmdesk.core.study.file import Study
from xmdesk.gui.data.area import DataArea


def timed(action):
    started = time.perf_counter()
    action()
    area.view.viewport().grab()  # paint now: the model reads the pages the screen shows
    return time.perf_counter() - started


area = None
def open_study():
    global area, study
    study = Study.open(sys.argv[1], read_only=True)
    area = DataArea(study)
    area.resize(1280, 760)
    area.show()

figures = {"open_and_first_page_s": timed(open_study), "pages_after_open": area.model.pages_loaded}
figures["scroll_to_end_s"] = timed(area.view.scrollToBottom)
last_row = area.view.rowAt(area.view.viewport().height() - 2)
figures.update(rows=area.model.rowCount(), last_row=last_row, last_id=area.model.id_at(last_row),
               pages_after_scroll=area.model.pages_loaded)
nps = area.model.column_names().index("nps")


# Seconds until a sort/filter (built on a worker) is shown, and the longest the UI thread was
# unresponsive meanwhile (the largest gap between event-loop turns).
def settled(action):
    started = time.perf_counter()
    action()
    longest, last = 0.0, time.perf_counter()
    while area.model.busy:
        app.processEvents()
        time.sleep(0.005)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    area.view.viewport().grab()
    return round(time.perf_counter() - started, 3), round(longest, 3)


figures["sort_by_nps_s"], figures["sort_ui_blocked_max_s"] = settled(
    lambda: area.view.sortByColumn(nps, Qt.SortOrder.DescendingOrder))
figures["quick_filter_s"], figures["filter_ui_blocked_max_s"] = settled(lambda: area.model.set_search("排队"))
figures["filter_matches"] = area.model.rowCount()
figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(figures))
study.close()
"""


def ensure_study(path: Path, count: int) -> None:
    if path.exists():
        return
    from xmdesk.core.demo import build_demo

    print(f"building {count:,} responses into {path} (once) …", flush=True)
    started = time.perf_counter()
    build_demo(path, count)
    print(f"built in {time.perf_counter() - started:.1f} s, {path.stat().st_size / 1e6:.0f} MB", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=1_000_000)
    args = parser.parse_args()
    ensure_study(args.path, args.responses)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    result = subprocess.run([sys.executable, "-c", MEASURE, str(args.path)], capture_output=True, text=True,
                            env=env, check=False)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return 1
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    targets = {"open_and_first_page_s": 0.5, "scroll_to_end_s": 0.5, "peak_rss_mb": 400}
    for name, value in figures.items():
        verdict = ""
        if name in targets:
            verdict = "  ok" if value < targets[name] else f"  OVER target {targets[name]}"
        shown = f"{value:.3f}" if isinstance(value, float) else f"{value:,}"
        print(f"{name:24} {shown}{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
