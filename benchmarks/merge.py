"""Merge 20 response packs of 5,000 responses each into a lead's study; print seconds and confirm the count.

    .venv/bin/python benchmarks/merge.py [--packs 20] [--size 5000]

Each pack comes from its own "laptop" (a copy of the demo study whose responses carry
that laptop's device id). The merge runs twice: the second time must add nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xmdesk.core.survey import responses  # noqa: E402
from xmdesk.core.demo import RESPONSE_COLUMNS, SURVEY_CODE, _response_batch, _world, build_demo  # noqa: E402
from xmdesk.core.fieldwork.merge import merge, write_pack  # noqa: E402
from xmdesk.core.study.file import Study  # noqa: E402
from xmdesk.core.survey.model import load_survey  # noqa: E402


def make_packs(folder: Path, template: Path, count: int, size: int) -> list[Path]:
    import numpy as np

    packs = []
    for laptop in range(count):
        path = folder / f"laptop{laptop}.xmd"
        shutil.copyfile(template, path)
        device = f"laptop{laptop:02d}"
        with Study.open(path) as study:
            survey = load_survey(study, SURVEY_CODE)
            rng = np.random.default_rng(laptop + 1)
            rows = _response_batch(rng, _world(rng, size), size, seed=laptop + 1)
            device_at = RESPONSE_COLUMNS.index("device_id")
            rows = [row[:device_at] + (device,) + row[device_at + 1:] for row in rows]
            responses.insert_rows(study, survey, RESPONSE_COLUMNS, rows)
            packs.append(Path(write_pack(study, folder / f"{device}.xmdpack", device=device).path))
        path.unlink()
    return packs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--packs", type=int, default=20)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XMDESK_HOME"] = str(folder)
        template = build_demo(folder / "template.xmd", responses_count=1)
        started = time.perf_counter()
        packs = make_packs(folder, template, args.packs, args.size)
        print(f"wrote {len(packs)} packs of {args.size:,} responses in {time.perf_counter() - started:.1f} s")
        lead = folder / "lead.xmd"
        shutil.copyfile(template, lead)
        with Study.open(lead) as study:
            survey = load_survey(study, SURVEY_CODE)
            before = responses.count(study.conn, survey)
            study.health()  # the check before the first write: not the merge's cost
            started, cpu = time.perf_counter(), time.process_time()
            report = merge(study, packs)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            after = responses.count(study.conn, survey)
            started = time.perf_counter()
            again = merge(study, packs)
            seconds_again = time.perf_counter() - started
            final = responses.count(study.conn, survey)
        expected = args.packs * args.size
        print(f"merge: {seconds:.2f} s ({cpu:.2f} s CPU) for {expected:,} responses in {args.packs} packs "
              f"(target < 10 s); added {report.added:,}")
        print(f"count: {before:,} before, {after:,} after (+{after - before:,}, expected +{expected:,})")
        print(f"second merge of the same packs: {seconds_again:.2f} s, added {again.added}, "
              f"unchanged {again.unchanged:,}, count {final:,}")
        load = os.getloadavg()
        print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
        ok = after - before == expected and again.added == 0 and final == after
        print("OK" if ok else "COUNT MISMATCH")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
