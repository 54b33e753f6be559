"""Time the insight finder on 100,000 responses with 30 segment variables and 5 outcomes (target: under 10 s).

    python benchmarks/insights.py [--path /tmp/xmdesk_insights_100k.xmd] [--responses 100000] [--runs 3]

The study is written once through the core by the tests' generator (tests/insights_data.py: the planted
differences, 27 single-choice questions, the customers' segment, the NPS groups and the CSAT points as
segments) with a codebook of two topics, so the outcomes are NPS, CSAT, the shares of comments on 排队 and 价格,
and the case rate. Each run is a fresh process (`xmdesk insights --json`, as a consultant runs it): opening
the study, reading the columns (the column cache is empty), tagging the comments, every comparison, the
correction, merging and the sentences. The imports are timed apart; the process time is what the user waits.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_PATH = Path("/tmp/xmdesk_insights_100k.xmd")
CHOICE_SEGMENTS = 27
TOPICS = [("排队", ["排队", "排长队", "收银台开得太少"]), ("价格", ["价格", "贵"])]

MEASURE = r"""
import sys, time, json
started = time.perf_counter()
from xmdesk.core.insights import Options, find_insights, insights_json
from xmdesk.core.study.file import Study
imported = time.perf_counter()
with Study.open(sys.argv[1], read_only=True) as study:
    insights = find_insights(study, "planted", Options())
    data = insights_json(insights, "zh")
done = time.perf_counter()
print(json.dumps({"imports": imported - started, "find": done - imported, "segments": len(insights.variables.segments),
                  "outcomes": [o.key for o in insights.variables.outcomes], "comparisons": data["comparisons"],
                  "kept": data["kept"], "first": data["findings"][0]["sentence"] if data["findings"] else ""},
                 ensure_ascii=False))
"""


def build(path: Path, responses: int) -> None:
    from tests.insights_data import write_study
    from xmdesk.core.study.file import Study
    from xmdesk.core.text.codebook import make_codebook, save_codebook

    started = time.perf_counter()
    write_study(path, count=responses, extra_segments=CHOICE_SEGMENTS - 4)
    with Study.open(path) as study:
        save_codebook(study, make_codebook(TOPICS))
    print(f"built {path} ({responses:,} responses) in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.path.exists():
        build(args.path, args.responses)
    else:  # a study cached by an older XMDesk is upgraded once (the timed runs open it read-only)
        from xmdesk.core.study.file import Study

        Study.open(args.path).close()
    processes, finds = [], []
    for run in range(args.runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", MEASURE, str(args.path)], capture_output=True, text=True,
                              check=True)
        processes.append(time.perf_counter() - started)
        figures = json.loads(done.stdout)
        finds.append(figures["find"])
        if run == 0:
            print(f"segments {figures['segments']}, outcomes {len(figures['outcomes'])} ({', '.join(figures['outcomes'])})")
            print(f"comparisons {figures['comparisons']:,}, findings kept {figures['kept']}")
            print(f"first finding: {figures['first']}")
        print(f"run {run + 1}: imports {figures['imports']:.2f} s, find {figures['find']:.2f} s, "
              f"whole process {processes[-1]:.2f} s")
    print(f"median of {args.runs}: find {statistics.median(finds):.2f} s, whole process {statistics.median(processes):.2f} s"
          f" (target < 10 s)")


if __name__ == "__main__":
    main()
