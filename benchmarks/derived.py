"""What a derived variable adds to a stats call on a 1,000,000-response study (issue 20).

    python benchmarks/derived.py [--path /tmp/xmdesk_derived_1m.xmd] [--responses 1000000] [--rounds 3]
                                 [--trees BEFORE AFTER]

The demo study is built once (about a minute) and reused; four derived variables are defined on it,
one of each kind. Each call runs in a fresh process (open the study, read the columns, compute), so
nothing is cached: "mean CSAT by region" (stored questions), then by the derived variable (which reads its
own sources and computes; a count, being a number, is the mean analysed by region instead), and for the
NPS groups by NPS itself (the same columns read: the difference is the computation alone). Rounds
alternate, medians of CPU seconds are printed. A cold call pays for reading the variable's sources (a recode reads
its question) as any question's would; a count and a straight-liner flag, which have an SQL form, are read from the
index SQLite keeps their values in (`survey/derived_columns.py`), and the last part prints what keeping them costs
an import. Then, in one process, the app's usual state: after
the background warm-up that reads every analysable column once after opening (`frame.warm`), each derived
variable's first use (its computation) and its second (cached); and the price of leaving excluded
responses out of the read (the NOT IN on an empty exclusion table). Target: under 0.3 s added.

--trees runs every cold call in each of two checkouts of XMDesk (e.g. a git worktree before a change and one
after it), alternating them call by call, so both meet the same load; the study must open in both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_PATH = Path("/tmp/xmdesk_derived_1m.xmd")
GROUPS = "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))"
# (label, stored question the derived one reads, derived code)
PAIRS = (("expression: NPS groups", "nps", "nps_group"), ("recode: spend bands", "spend", "spend_band"),
         ("count: categories bought", "categories", "n_categories"), ("flag: straight-liners", "attr", "straight"))

CALL = r"""
import sys, time
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
path, question, by, metric = sys.argv[1:5]
t, wall = time.process_time(), time.perf_counter()
with Study.open(path, read_only=True) as study:
    survey = load_survey(study, "retail_cx")
    outcome = run(study, Request(metric, question, Query("retail_cx"), by=by, lang="en"), survey)
print(time.process_time() - t, time.perf_counter() - wall)
"""

WARM = r"""
import sys, time
from xmdesk.core.analysis.frame import warm
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey

def timed(question, by):
    t = time.process_time()
    run(study, Request("mean", question, Query("retail_cx"), by=by, lang="en"), survey)
    return time.process_time() - t

with Study.open(sys.argv[1], read_only=True) as study:
    survey = load_survey(study, "retail_cx")
    t = time.perf_counter()
    warm(study, survey)
    print(f"after the background warm-up ({time.perf_counter() - t:.1f} s: every analysable column read once), "
          "each derived variable's first use:")
    bases = {"csat": timed("csat", "region"), "spend": timed("spend", "region")}
    for question, by, stored in (("csat", "nps_group", "csat"), ("csat", "spend_band", "csat"),
                                 ("n_categories", "region", "spend"), ("csat", "straight", "csat")):
        first = timed(question, by)
        again = timed(question, by)
        base = bases[stored]
        print(f"  mean {question} by {by:<12} {first:6.3f} s ({stored} by region {base:6.3f} s: added "
              f"{first - base:+6.3f} s), again (cached) {again:6.3f} s")
    conn = study.conn
    for label, where in (("read nps, csat: deleted = 0", ""),
                         ("  ... and not excluded", " AND id NOT IN (SELECT response_id FROM excluded_responses"
                                                    " WHERE survey_code = 'retail_cx')")):
        t = time.process_time()
        conn.execute("SELECT id, nps, csat FROM responses_retail_cx WHERE deleted = 0" + where).fetchall()
        print(f"{label:<42} {time.process_time() - t:7.3f} s")
    from xmdesk.core.analysis.derived import sql_value
    from xmdesk.core.analysis.frame import _scan
    matrix = [c.name for c in survey.question("attr").columns()]
    flag = sql_value(survey, survey.question("straight"))
    for label, select, table in ((f"read the {len(matrix)} columns of the matrix", ", ".join(matrix), _scan(study, survey, [])),
                                 ("the flag's SQL, computed from every row", flag, _scan(study, survey, [])),
                                 ("the flag's SQL, from the index SQLite keeps", flag, _scan(study, survey, ["straight"]))):
        t = time.process_time()
        conn.execute(f"SELECT id, {select} FROM {table} WHERE deleted = 0").fetchall()
        print(f"{label:<46} {time.process_time() - t:7.3f} s")
"""


def build(path: Path, count: int) -> None:
    from xmdesk.core.analysis import derived
    from xmdesk.core.demo import build_demo
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import Choice, QuestionType

    if not path.exists():
        print(f"building a {count:,}-response demo study at {path} ...", flush=True)
        build_demo(path, responses_count=count, seed=1)
    three = (Choice("high", 3, "High", "高"), Choice("mid", 2, "Mid", "中"), Choice("low", 1, "Low", "低"))
    definitions = (
        derived.Definition("nps_group", "expression", {"expression": GROUPS}, QuestionType.SINGLE,
                           choices=(Choice("promoter", 3), Choice("passive", 2), Choice("detractor", 1))),
        derived.Definition("spend_band", "recode", {"source": "spend", "rules": [
            {"choice": "low", "max": 100}, {"choice": "mid", "min": 100.01, "max": 300}, {"choice": "high", "min": 300.01}]},
            QuestionType.SINGLE, choices=three),
        derived.Definition("n_categories", "count", {"source": "categories"}),
        derived.Definition("straight", "flag", {"flag": "straightliner", "matrix": "attr"}),
    )
    with Study.open(path) as study:
        for definition in definitions:
            derived.save(study, "retail_cx", definition)


WALLS: list[float] = []
"""Wall seconds of every cold call, printed beside the CPU medians (under load they say little)."""


def call(path: Path, by: str, question: str = "csat", tree: Path | None = None, metric: str = "mean") -> float:
    """CPU seconds of `stats --metric METRIC --question QUESTION --by BY` in a fresh process (open, read, compute):
    CPU time, not wall time, because the shared 2-core machine runs at a load of 5-12 and a waiting process
    would be charged for the others' work. `tree`: the XMDesk checkout to run (default: this one)."""
    env = dict(os.environ, PYTHONPATH=str(tree)) if tree is not None else None
    out = subprocess.run([sys.executable, "-c", CALL, str(path), question, by, metric], check=True, cwd=tree,
                         env=env, capture_output=True, text=True).stdout
    cpu, wall = (float(v) for v in out.split())
    WALLS.append(wall)
    return cpu


def compare(path: Path, rounds: int, trees: list[Path]) -> None:
    """The cold calls in two checkouts, alternated call by call: what a change saves, under the same load."""
    print(f"load average {os.getloadavg()[0]:.1f}; CPU seconds, medians of {rounds} rounds, trees alternated")
    for label, stored, code in PAIRS:
        base, question = ("spend", "n_categories") if stored == "categories" else ("csat", "csat")
        by = "region" if stored == "categories" else code
        plain: dict[Path, list[float]] = {tree: [] for tree in trees}
        with_derived: dict[Path, list[float]] = {tree: [] for tree in trees}
        for _ in range(rounds):
            for tree in trees:
                plain[tree].append(call(path, "region", base, tree))
                with_derived[tree].append(call(path, by, question, tree))
        cells = []
        for tree in trees:
            a, b = statistics.median(plain[tree]), statistics.median(with_derived[tree])
            cells.append(f"{tree.name}: {b:6.3f} s, added {b - a:+6.3f} s")
        print(f"{label:<26} " + "   ".join(cells))
    print(f"wall seconds of the calls: median {statistics.median(WALLS):.2f}, load average now "
          f"{os.getloadavg()[0]:.1f}")


def write_cost(rounds: int, responses: int = 50_000) -> None:
    """What keeping a flag's values costs the writes: the same CSV of `responses` rows imported into a survey
    without derived variables and into one with a straight-liner flag (its values kept in an index, recomputed
    in the import's transaction), in fresh copies, alternated; CPU seconds of the import process."""
    import resource
    import shutil
    import tempfile

    def xmdesk(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "xmdesk", *args], check=True, capture_output=True)

    with tempfile.TemporaryDirectory() as folder:
        base, rows = Path(folder) / "base.xmd", Path(folder) / "rows.csv"
        xmdesk("demo", str(base), "--responses", str(responses), "--seed", "3")
        xmdesk("export", str(base), "--survey", "retail_cx", "--format", "csv", "-o", str(rows))
        kept = Path(folder) / "kept.xmd"
        shutil.copy(base, kept)
        xmdesk("derive", str(kept), "add", "straight", "--survey", "retail_cx", "--kind", "flag",
               "--flag", "straightliner", "--spec", '{"matrix": "attr"}')
        cpu: dict[str, list[float]] = {"no derived variable": [], "a straight-liner flag kept": []}
        for _ in range(rounds):
            for label, source in zip(cpu, (base, kept)):
                target = Path(folder) / "target.xmd"
                shutil.copy(source, target)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                xmdesk("import", str(target), str(rows), "--survey", "retail_cx", "--keep-seen")
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[label].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    plain, flagged = (statistics.median(v) for v in cpu.values())
    print(f"importing {responses:,} rows (CSV) into the survey, CPU seconds, medians of {rounds}: no derived variable "
          f"{plain:.3f} s, with a straight-liner flag kept {flagged:.3f} s ({flagged / plain - 1:+.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--trees", type=Path, nargs=2, help="two XMDesk checkouts to compare, alternated")
    args = parser.parse_args()
    if args.trees:  # the study as it is: defining the variables again would upgrade it to this checkout's schema
        compare(args.path, args.rounds, args.trees)
        return
    build(args.path, args.responses)
    print(f"{args.responses:,} responses; fresh process per call; CPU seconds, medians of {args.rounds} alternated rounds")
    for label, stored, code in PAIRS:
        plain, same_columns, with_derived = [], [], []
        for _ in range(args.rounds):
            # A count is a number: its mean by region is set against another number's (spend), not a rating's.
            plain.append(call(args.path, "region", "spend") if stored == "categories" else call(args.path, "region"))
            if stored == "nps":  # a breakdown by the stored question itself reads the same columns
                same_columns.append(call(args.path, stored))
            if stored == "attr":  # the drivers of CSAT over the matrix read the same ten columns (and fit a model)
                same_columns.append(call(args.path, stored, metric="drivers"))
            # A count is a number: analysed by region rather than split by.
            with_derived.append(call(args.path, "region", code) if stored == "categories" else call(args.path, code))
        a, b = statistics.median(plain), statistics.median(with_derived)
        shown = f"{code} by region" if stored == "categories" else f"by {code}"
        base = "spend by region" if stored == "categories" else "csat by region"
        line = f"{label:<26} {base} {a:6.3f} s   {shown:<24} {b:6.3f} s   added {b - a:+6.3f} s"
        if same_columns and stored == "attr":
            c = statistics.median(same_columns)
            line += f"   (drivers of csat over {stored}, the same columns: {c:6.3f} s, the flag {b - c:+6.3f} s)"
        elif same_columns:
            c = statistics.median(same_columns)
            line += f"   (by {stored} itself {c:6.3f} s: computing adds {b - c:+6.3f} s)"
        print(line + "   (target < 0.3 s)")
    subprocess.run([sys.executable, "-c", WARM, str(args.path)], check=True)
    write_cost(args.rounds)


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"(benchmark {time.perf_counter() - started:.0f} s)")
