"""The survey server under load on loopback (issue 22): many phones submitting at once, nothing lost,
nothing twice, and the same with the server SIGKILLed at a random moment.

    .venv/bin/python benchmarks/serve.py [--responses 10000] [--concurrency 200] [--think 2] [--kill-responses 3000]

The server is `xmdesk serve` in a child process on the demo study (its alert rules on, a designer's
skip logic: only detractors are asked what to improve). Each simulated phone has a loopback address
of its own (127.x.y.z), so the server's per-client limits apply as on a shop's Wi-Fi; it opens the
form (GET), takes about --think seconds (0.5x-1.5x) and sends the last screen's post carrying all its
answers, as a phone does at the end of the survey; every 10th phone sends that post twice more (it
did not see the answer). 200 phones thinking 2 s are 100 submissions a second, far busier than a
shop (a customer takes a minute or more). Figures: the responses acknowledged, stored, lost
(acknowledged and not stored) and duplicated (stored twice), request times (p50/p95/max), the
throughput, and the CPU time per request of the server and of the simulated phones (figures the
machine's other load changes little, unlike the times: on 2 shared cores the phones' Python takes
CPU from the server they measure). The kill run SIGKILLs the server at a random moment
during the load (once a random 20-60% of its phones were acknowledged, while the others are
sending), reopens the study and checks every acknowledged id is stored. Bounded: each run stops
when its phones are done (or, killed, when they have all failed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.collect_client import Load, demo_answers, many_phones, start_server  # noqa: E402
from xmdesk.core.survey import edits as designer  # noqa: E402
from xmdesk.core.collect.flow import Flow  # noqa: E402
from xmdesk.core.demo import SURVEY_CODE, build_demo  # noqa: E402
from xmdesk.core.study.file import Study  # noqa: E402
from xmdesk.core.survey.model import load_survey  # noqa: E402


def make_study(folder: Path) -> tuple[Path, int]:
    """The demo study with skip logic on improve_text; the index of the survey's last screen."""
    path = build_demo(folder / "demo.xmd", responses_count=200)
    with Study.open(path, window=False) as study:
        survey = load_survey(study, SURVEY_CODE)
        designer.apply(study, survey, designer.set_props(survey.question("improve_text"), relevant="${nps} <= 6"))
        return path, len(Flow(load_survey(study, SURVEY_CODE)).screens) - 1


def stored_ids(study: Path) -> list[str]:
    with Study.open(study, window=False) as opened:
        rows = opened.conn.execute(f"SELECT uuid FROM responses_{SURVEY_CODE} WHERE source = 'web'").fetchall()
    return [row[0] for row in rows]


def report(title: str, load: Load, stored: list[str], seconds: float, cpu: float | None = None,
           phones_cpu: float | None = None) -> dict[str, object]:
    timings = sorted(load.timings)
    p95 = timings[int(0.95 * (len(timings) - 1))] if timings else 0.0
    lost = load.acknowledged - set(stored)
    figures = {"run": title, "acknowledged": len(load.acknowledged), "stored": len(stored),
               "lost": len(lost), "duplicated": len(stored) - len(set(stored)), "resent_and_acknowledged": load.resent,
               "failed_phones": load.failures, "requests": len(timings), "statuses": load.statuses,
               "p50_ms": round(1000 * statistics.median(timings), 1) if timings else None,
               "p95_ms": round(1000 * p95, 1), "max_ms": round(1000 * timings[-1], 1) if timings else None,
               "seconds": round(seconds, 1), "requests_per_s": round(len(timings) / seconds, 1),
               "server_cpu_ms_per_request": round(1000 * cpu / len(timings), 2) if cpu and timings else None,
               "phones_cpu_ms_per_request": round(1000 * phones_cpu / len(timings), 2) if phones_cpu and timings
               else None,
               "load_average": round(os.getloadavg()[0], 1)}
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return figures


def normal_run(folder: Path, total: int, concurrency: int, think: float) -> dict[str, object]:
    study, last = make_study(folder / "normal")
    child, link = start_server(study, folder / "normal" / "events.jsonl", SURVEY_CODE)
    server, phones = psutil.Process(child.pid), psutil.Process()
    cpu_before = sum(server.cpu_times()[:2])
    phones_before = sum(phones.cpu_times()[:2])
    started = time.perf_counter()
    try:
        load = asyncio.run(many_phones(link, total, concurrency, last, demo_answers, think=think))
    finally:
        seconds = time.perf_counter() - started
        cpu = sum(server.cpu_times()[:2]) - cpu_before
        phones_cpu = sum(phones.cpu_times()[:2]) - phones_before
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=120)
    return report("normal", load, stored_ids(study), seconds, cpu, phones_cpu)


def kill_run(folder: Path, total: int, concurrency: int, think: float, seed: int) -> dict[str, object]:
    study, last = make_study(folder / "kill")
    child, link = start_server(study, folder / "kill" / "events.jsonl", SURVEY_CODE)
    kill_at = int(total * random.Random(seed).uniform(0.2, 0.6))
    load = Load()

    async def load_then_kill() -> None:
        phones = asyncio.ensure_future(many_phones(link, total, concurrency, last, demo_answers, load=load,
                                                   think=think))
        while len(load.acknowledged) < kill_at and not phones.done():
            await asyncio.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        await phones

    started = time.perf_counter()
    asyncio.run(load_then_kill())
    child.wait()
    return report(f"SIGKILL after {kill_at} acknowledged", load, stored_ids(study), time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--think", type=float, default=2.0, help="seconds a phone takes to answer (mean)")
    parser.add_argument("--kill-responses", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name in ("normal", "kill"):
            (Path(folder) / name).mkdir()
        normal = normal_run(Path(folder), args.responses, args.concurrency, args.think)
        killed = kill_run(Path(folder), args.kill_responses, args.concurrency, args.think, args.seed)
    ok = (normal["lost"] == 0 and normal["duplicated"] == 0 and killed["lost"] == 0 and killed["duplicated"] == 0
          and normal["acknowledged"] == args.responses)
    print(f"load average {os.getloadavg()[0]:.1f}; p95 {normal['p95_ms']} ms (target < 200); "
          f"{'OK' if ok else 'FAILED'}: lost {normal['lost']}+{killed['lost']}, "
          f"duplicated {normal['duplicated']}+{killed['duplicated']}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
