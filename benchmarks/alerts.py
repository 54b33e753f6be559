"""Time the alert rules on a 1,000,000-response demo study.

    python benchmarks/alerts.py [--path /tmp/xmdesk_alerts_1m.xmd] [--responses 1000000]

The demo study is built once (about 1.5 minutes; building it already runs the two default
rules) and reused. Measured, each in one process on a fresh copy of the study:
- the rules evaluated without writing (`xmdesk alerts STUDY`): reading the NPS column,
  scanning the comments for the chosen words with SQL, scoring the matching comments;
- a re-run over history: every hit already has its case, so nothing is opened;
- a first run with every case deleted beforehand: every hit opens a case, with its history row
  and the do-not-disturb look-ups, in one transaction.
Plus a store-level drop rule (NPS by store and month, z tests). Target: < 5 s for the rules.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from xmdesk.core.study.changes import Changes

DEFAULT_PATH = Path("/tmp/xmdesk_alerts_1m.xmd")


def build(path: Path, responses: int) -> None:
    if path.exists():
        return
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xmdesk", "demo", str(path), "--responses", str(responses)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"built {responses:,}-response demo in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=1_000_000)
    args = parser.parse_args()
    build(args.path, args.responses)

    t0 = time.perf_counter()
    import scipy.stats  # noqa: F401 - imported once per process, timed apart from the rules

    import xmdesk.core.analysis  # noqa: F401
    from xmdesk.core.loop import alerts
    from xmdesk.core.study.file import Study
    from xmdesk.core.text.sentiment import SentimentModel

    SentimentModel.load()
    print(f"imports (pandas, scipy, analysis) and sentiment model load   {time.perf_counter() - t0:6.2f} s")

    work = args.path.with_name(args.path.stem + "_work.xmd")
    shutil.copyfile(args.path, work)
    print(f"load average {os.getloadavg()[0]:.2f} (machine shared with other work: figures are noisy)")
    with Study.open(work) as study:
        (responses,) = study.conn.execute("SELECT count(*) FROM responses_retail_cx").fetchone()
        t0 = time.perf_counter()
        counted = alerts.run_rules(study, write=False)
        evaluated = time.perf_counter() - t0
        print(f"evaluate default rules over {responses:,} responses (no writes)  {evaluated:6.2f} s"
              f"  hits {counted.hits:,}")
        t0 = time.perf_counter()
        rerun = alerts.run_rules(study)
        print(f"re-run over history (all cases exist)                       {time.perf_counter() - t0:6.2f} s"
              f"  new cases {rerun.new_cases:,}")
        with study.transaction(Changes.of("cases", "odata")) as conn:
            conn.execute("DELETE FROM cases")
            conn.execute("UPDATE customers SET last_contacted_at = NULL")
        t0 = time.perf_counter()
        first = alerts.run_rules(study)
        print(f"first run, opening every case                               {time.perf_counter() - t0:6.2f} s"
              f"  new cases {first.new_cases:,} ({first.do_not_disturb:,} do-not-disturb)")
        alerts.save_rule(study, alerts.Rule("门店 NPS 月度下滑", "drop", {
            "question": "nps", "metric": "nps", "segment": "store", "date_column": "visit_date", "period": "month",
            "drop": 3, "min_base": 100}, "retail_cx", "门店运营部"))
        rule = alerts.list_rules(study)[-1]
        t0 = time.perf_counter()
        drop = alerts.run_rules(study, rule_ids=[rule.id])
        print(f"store x month NPS drop rule (z tests)                       {time.perf_counter() - t0:6.2f} s"
              f"  hits {drop.hits:,}")
    work.unlink()


if __name__ == "__main__":
    main()
