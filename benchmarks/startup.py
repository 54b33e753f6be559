"""Time from launching `python -m xmdesk open <demo>` to the main window shown on the study.

    python benchmarks/startup.py [--runs 7] [--path demo.xmd]

The app prints a marker with the wall-clock time once the window is shown and quits
(XMDESK_EXIT_AFTER_SHOWN=1); this script subtracts its own launch time. Target: < 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHOWN_MARKER = "XMDESK_SHOWN"  # printed by xmdesk.gui.app.run_gui


def launch_once(study: Path, env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run([sys.executable, "-m", "xmdesk", "open", str(study)], capture_output=True, text=True,
                            env=env, timeout=60, check=False)
    for line in result.stdout.splitlines():
        if line.startswith(SHOWN_MARKER):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no {SHOWN_MARKER} line (exit {result.returncode}): {result.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--path", type=Path, help="a study to open (default: a fresh 1,000-response demo)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="xmdesk_startup_"))
    study = args.path
    if study is None:
        from xmdesk.core.demo import build_demo

        study = build_demo(home / "demo.xmd")
    env = {**os.environ, "XMDESK_EXIT_AFTER_SHOWN": "1", "XMDESK_HOME": str(home),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    launch_once(study, env)  # warm the OS file cache; the first launch after boot is slower anyway
    times = [launch_once(study, env) for _ in range(args.runs)]
    print("runs (s):", " ".join(f"{t:.3f}" for t in times))
    print(f"median start to window shown: {statistics.median(times):.3f} s (target < 1.5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
