"""What the workbook guard (core/importing/guard.py, issue 16) costs on the 100,000 × 40 import.

Four measurements, each in its own child process, alternated round by round so that a shared
machine's changing load falls on all of them alike; CPU time (user + system of the child, all its
threads: the guard inflates on a second thread, which wall time would hide), medians printed:

- calamine's bare read of the sheet (the floor of any import);
- the guard alone (`check_workbook`), and zipfile inflating the sheet alone, the floor of any check
  that reads the sheet before calamine does;
- the import end to end (`prepare` + `run_import`, as benchmarks/import_xlsx.py) with the guard, and
  with `guard.check_workbook` replaced by a no-op in the child (a benchmark-only switch: the product
  has none).

The issue asks that the guards cost at most 2 % of the import. Inflating alone is more than that, so
the printed share of inflation says how much of the guard no check before calamine can remove.

    python benchmarks/import_guard.py [--rows 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_xlsx import child_calamine, child_import, xlsx_file  # noqa: E402  (the same workbook and import)


def child_guard(path: Path) -> None:
    from xmdesk.core.importing.guard import check_workbook

    check_workbook(path)


def child_inflate(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            if entry.filename.startswith("xl/worksheets/"):
                with archive.open(entry) as handle:
                    while handle.read(4 * 1024 * 1024):
                        pass


def child_unguarded(path: Path) -> None:
    from xmdesk.core.importing import guard

    guard.check_workbook = lambda _path: {}  # the import's reader looks the guard up when it opens a file
    child_import(path)


CHILDREN = {"calamine": child_calamine, "inflate": child_inflate, "guard": child_guard, "import": child_import,
            "unguarded": child_unguarded}


def measure(kind: str, path: Path) -> float:
    output = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True,
                            check=True).stdout
    return float(json.loads(output)["cpu"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    args = parser.parse_args()
    if args.child:
        kind, path = args.child
        start = time.process_time()
        CHILDREN[kind](Path(path))
        print(json.dumps({"cpu": time.process_time() - start}))
        return
    workbook = xlsx_file(args.rows)
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus; {workbook.name}, "
          f"{workbook.stat().st_size / 1e6:.1f} MB; CPU seconds, medians of {args.rounds} alternated rounds")
    runs: dict[str, list[float]] = {kind: [] for kind in CHILDREN}
    for _ in range(args.rounds):
        for kind in CHILDREN:
            runs[kind].append(measure(kind, workbook))
    median = {kind: statistics.median(found) for kind, found in runs.items()}
    for kind, what in (("calamine", "calamine bare read"), ("inflate", "inflating the sheet (zipfile)"),
                       ("guard", "the guard alone"), ("import", "import with the guard"),
                       ("unguarded", "import without the guard")):
        print(f"{what:32} {median[kind]:6.2f} s   (runs: {', '.join(f'{v:.2f}' for v in runs[kind])})")
    base = median["unguarded"]
    print(f"import with / without the guard: {median['import'] / base:.3f} (issue 16: at most 1.02); "
          f"the guard alone is {median['guard'] / base:.1%} of the unguarded import, inflating alone "
          f"{median['inflate'] / base:.1%}")


if __name__ == "__main__":
    main()
