"""What O-data variables add to a stats call: 100,000 responses and 500,000 orders (issue 20).

    python benchmarks/odata.py [--path /tmp/xmdesk_odata_100k.xmd] [--responses 100000] [--orders 500000] [--rounds 3]

The demo study is built once and reused, its orders topped up to `--orders` rows (random customers and days of
the demo's year); four O-data variables are defined on it: a customer field (customers.segment), the last
order's channel (orders.channel), spend in the 30 days before the response (orders.amount_30d) and repurchase
in the 90 days after (orders.rebuy_90d). Each call is `mean csat by X` in a fresh process (open the study, read
the columns, compute: nothing cached), by region (stored) and by each variable, and mean csat by region
filtered on ${orders.amount_30d} > 1000; the variants alternate within each round and medians are printed, CPU
seconds of the child (time.process_time) beside its wall seconds, with the load average before and after.
Then the value view (three window aggregates and the tests) in a fresh process, and a run of calls in one process
(the orders read once per column while the data stay the same). Target: well under a second added per variable.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

DEFAULT_PATH = Path("/tmp/xmdesk_odata_100k.xmd")
VARIANTS = (("by region (stored)", "region", ""), ("by customers.segment", "customers.segment", ""),
            ("by orders.channel (last row)", "orders.channel", ""),
            ("by orders.rebuy_90d (any, after)", "orders.rebuy_90d", ""),
            ("by region, filter amount_30d > 1000", "region", "${orders.amount_30d} > 1000"))

CALL = r"""
import sys, time
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
path, by, flt = sys.argv[1:4]
cpu, wall = time.process_time(), time.perf_counter()
with Study.open(path, read_only=True) as study:
    survey = load_survey(study, "retail_cx")
    run(study, Request("mean", "csat", Query("retail_cx", filter=flt), by=by, lang="en"), survey)
print(time.process_time() - cpu, time.perf_counter() - wall)
"""

VALUE = r"""
import sys, time
from xmdesk.core.analysis.value import value_view
from xmdesk.core.study.file import Study
cpu, wall = time.process_time(), time.perf_counter()
with Study.open(sys.argv[1], read_only=True) as study:
    value_view(study, "retail_cx", days=90)
print(time.process_time() - cpu, time.perf_counter() - wall)
"""


ONE_PROCESS = r"""
import sys, time
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
with Study.open(sys.argv[1], read_only=True) as study:
    survey = load_survey(study, "retail_cx")
    for label, by, flt in (("by region (stored, columns read)", "region", ""),
                           ("by orders.rebuy_90d (orders read)", "orders.rebuy_90d", ""),
                           ("filter orders.amount_30d (orders read again: another column)", "region",
                            "${orders.amount_30d} > 1000"),
                           ("by orders.channel (orders read again: another column)", "orders.channel", ""),
                           ("by orders.channel again (cached)", "orders.channel", "")):
        cpu, wall = time.process_time(), time.perf_counter()
        run(study, Request("mean", "csat", Query("retail_cx", filter=flt), by=by, lang="en"), survey)
        print(f"  {label:<62} CPU {time.process_time() - cpu:6.3f} s  wall {time.perf_counter() - wall:6.3f} s")
"""


def build(path: Path, responses: int, orders: int) -> None:
    """The demo study with `orders` orders and the four variables (built once; the variables defined again)."""
    import numpy as np

    from xmdesk.core import odata
    from xmdesk.core.analysis import derived, odata_vars
    from xmdesk.core.demo import DAYS, START_DATE, build_demo
    from xmdesk.core.study.file import Study

    if not path.exists():
        print(f"building a {responses:,}-response demo study at {path} ...", flush=True)
        build_demo(path, responses_count=responses, seed=2)
    with Study.open(path) as study:
        table = next(t for t in odata.list_tables(study) if t.name == "orders")
        have = odata.row_count(study, table)
        if have < orders:
            rng = np.random.default_rng(3)
            customers = odata.customer_count(study)
            days = np.datetime64(START_DATE) + rng.integers(0, DAYS, orders - have)
            rows = zip([f"X{i:09d}" for i in range(orders - have)],
                       [f"C{c + 1:07d}" for c in rng.integers(0, customers, orders - have)],
                       days.astype(str), rng.choice(["门店", "App", "官网", "微信小程序"], orders - have),
                       np.round(rng.lognormal(5.0, 0.9, orders - have), 2))
            odata.insert_rows(study, table, ["order_id", "customer_id", "order_date", "channel", "amount"],
                              ((a, b, c, d, float(e)) for a, b, c, d, e in rows))
        for code, options in (("customers.segment", {"table": "customers"}), ("orders.channel", {"table": "orders"}),
                              ("orders.amount_30d", {"table": "orders", "column": "amount", "agg": "sum",
                                                     "days_before": 30}),
                              ("orders.rebuy_90d", {"table": "orders", "agg": "any", "days_after": 90})):
            derived.save(study, "retail_cx", odata_vars.definition(study, code, **options))  # type: ignore[arg-type]
        print(f"{odata.row_count(study, table):,} orders, {odata.customer_count(study):,} customers", flush=True)


def child(script: str, *args: str) -> tuple[float, float]:
    """CPU and wall seconds the child measured around its own work (start-up of the interpreter left out)."""
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True).stdout
    cpu, wall = out.split()
    return float(cpu), float(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=500_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    build(args.path, args.responses, args.orders)
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    times: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in VARIANTS}
    times["value view (90 days)"] = []
    for _ in range(args.rounds):
        for label, by, flt in VARIANTS:
            times[label].append(child(CALL, str(args.path), by, flt))
        times["value view (90 days)"].append(child(VALUE, str(args.path)))
    base_cpu = statistics.median(c for c, _ in times[VARIANTS[0][0]])
    print(f"mean csat, fresh process per call, medians of {args.rounds} alternated rounds:")
    for label, runs in times.items():
        cpu, wall = statistics.median(c for c, _ in runs), statistics.median(w for _, w in runs)
        added = "" if label == VARIANTS[0][0] else f"  added CPU {cpu - base_cpu:+.3f} s"
        print(f"  {label:<38} CPU {cpu:6.3f} s  wall {wall:6.3f} s{added}")
    print("in one process, one call after another (what the app does):", flush=True)
    print(subprocess.run([sys.executable, "-c", ONE_PROCESS, str(args.path)], check=True, capture_output=True,
                         text=True).stdout, end="")
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
