"""A 40 × 6-variable banner book on 100,000 responses, computed and written to Excel (issue 20). Target: under 5 s.

    python benchmarks/tables.py [--path /tmp/xmdesk_tables_100k.xmd] [--responses 100000] [--weight]
                                [--trees BEFORE AFTER]

The study is built once and reused: 40 row questions (single choices of 3-8 categories, 5-point ratings, NPS) and
six banner variables (gender 2, age band 5, region 7, member tier 3, channel 5, and a derived NPS group 3), so the
banner has 1 + 25 columns and each table 26 crosstabs. The measure is one cold run in a fresh process as the CLI
does it: open the study, read the 46 columns, compute every table with its letters, write the .xlsx. Wall and CPU
seconds are printed, with the machine's load (two cores shared with other work: wall time then says little).
--trees runs each round in each of two checkouts of XMDesk, alternated, to measure a change under the same load.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DEFAULT_PATH = Path("/tmp/xmdesk_tables_100k.xmd")
ROW_QUESTIONS = 40
BANNER = {"gender": 2, "age_band": 5, "region": 7, "tier": 3, "channel": 5}
GROUPS = "if(${q1} >= 9, 'promoter', if(${q1} >= 7, 'passive', 'detractor'))"

RUN = r"""
import sys, time
from xmdesk.core.analysis.banner import banner_book
from xmdesk.core.reports.tables_xlsx import write_tables
from xmdesk.core.study.file import Study
path, output, weight = sys.argv[1], sys.argv[2], sys.argv[3] or None
wall, cpu = time.perf_counter(), time.process_time()
with Study.open(path, read_only=True) as study:
    book = banner_book(study, "bench", [f"q{i}" for i in range(1, 41)],
                       ["gender", "age_band", "region", "tier", "channel", "nps_group"], weight=weight, lang="en")
computed = time.perf_counter() - wall
write_tables(book, output, "Banner benchmark", "en")
print(time.perf_counter() - wall, time.process_time() - cpu, computed, sum(len(t.base_n) for t in book.tables[:1]))
"""


def build(path: Path, responses: int) -> None:
    """The benchmark study: 40 row questions, five stored banner variables, a weight, and the derived NPS group."""
    from xmdesk.core.analysis import derived
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey, load_survey
    from xmdesk.core.survey.responses import insert_rows

    def choices(n: int) -> list[Choice]:
        return [Choice(f"c{k}", k, f"Category {k}", f"类别{k}") for k in range(1, n + 1)]

    rng = np.random.default_rng(7)
    questions = [Question("q1", QuestionType.NPS, "Recommend", "推荐")]
    for i in range(2, ROW_QUESTIONS + 1):
        questions.append(Question(f"q{i}", QuestionType.RATING, f"Rating {i}", f"评分{i}") if i % 2 else
                         Question(f"q{i}", QuestionType.SINGLE, f"Choice {i}", f"选择{i}", choices=choices(3 + i % 6)))
    questions += [Question(code, QuestionType.SINGLE, code.title(), code, choices=choices(n)) for code, n in BANNER.items()]
    questions.append(Question("w", QuestionType.NUMBER, "Weight", "权重"))
    columns: dict[str, np.ndarray] = {"q1": rng.integers(0, 11, responses)}
    for q in questions[1:ROW_QUESTIONS]:
        columns[q.code] = rng.integers(1, (len(q.choices) or 5) + 1, responses)
    for code, n in BANNER.items():
        columns[code] = rng.integers(1, n + 1, responses)
    columns["w"] = rng.uniform(0.3, 2.5, responses)
    names = list(columns)
    rows = zip(*(columns[name].tolist() for name in names))
    with Study.create(path) as study:
        survey = create_survey(study, "bench", questions=questions)
        insert_rows(study, survey, names, rows, total=responses)
        survey = load_survey(study, "bench")
        derived.save(study, "bench", derived.Definition(
            "nps_group", "expression", {"expression": GROUPS}, QuestionType.SINGLE, "NPS group", "NPS 分组",
            (Choice("promoter", 3, "Promoter", "推荐者"), Choice("passive", 2, "Passive", "中立者"),
             Choice("detractor", 1, "Detractor", "贬损者"))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--weight", action="store_true", help="weight by the study's weight column")
    parser.add_argument("--trees", type=Path, nargs=2, help="two XMDesk checkouts to compare, alternated")
    args = parser.parse_args()
    if not args.path.exists():
        started = time.perf_counter()
        build(args.path, args.responses)
        print(f"built {args.path} ({args.responses:,} responses) in {time.perf_counter() - started:.1f} s")
    output = Path("/tmp/xmdesk_tables_bench.xlsx")
    trees: list[Path | None] = list(args.trees) if args.trees else [None]
    for round_, tree in ((r, t) for r in range(1, args.rounds + 1) for t in trees):
        load = os.getloadavg()[0]
        env = dict(os.environ, PYTHONPATH=str(tree)) if tree is not None else None
        result = subprocess.run([sys.executable, "-c", RUN, str(args.path), str(output), "w" if args.weight else ""],
                                capture_output=True, text=True, check=True, cwd=tree, env=env)
        wall, cpu, computed, columns = result.stdout.split()
        print(f"round {round_}{f' ({tree.name})' if tree else ''}: {ROW_QUESTIONS} tables × {columns} banner columns, "
              f"{'weighted' if args.weight else 'unweighted'}: {float(wall):.2f} s wall "
              f"(computed in {float(computed):.2f} s), {float(cpu):.2f} s CPU, load {load:.1f}; "
              f"{output.stat().st_size / 1e6:.1f} MB  (target: under 5 s)")


if __name__ == "__main__":
    main()
