"""What linear-time patterns cost on the normal path: a regex() filter over 100,000 comments, RE2 against re.

    .venv/bin/python benchmarks/regex_filter.py [--comments 100000] [--repeat 3]

A study with one survey (NPS and a comment) gets `--comments` distinct comments (the demo study's
remarks with a number, a phone number in some). For each pattern the filter `regex(${comment}, '…')`
runs as the Data area and `xmdesk stats --filter` run it: the frame is loaded from the study and the
compiled expression masks it. The match step is then timed on the same texts with Python's re (the
engine before issue 16) and with core/patterns.py (RE2), in the same process, so their ratio is not
blurred by the machine's load; both must find the same rows. The whole filter with re is the measured
one with re's match step in place of RE2's. The comments are all distinct: the filter's one call per
distinct text gains nothing here. RE2's answers are remembered per pattern (core/patterns.py), so RE2 is
timed twice: cold (its answers forgotten before each run: a filter's first run) and again over the same texts
(every later page, sort and chart of that filter). Best of `--repeat` runs, in CPU time of this process
(time.process_time), the wall time beside it; the machine is shared, so the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from xmdesk.core import demo
from xmdesk.core.survey import responses  # noqa: E402
from xmdesk.core.analysis.frame import load_frame  # noqa: E402
from xmdesk.core.survey.logic import compile_expression  # noqa: E402
from xmdesk.core.patterns import compile_pattern  # noqa: E402
from xmdesk.core.study.file import Study  # noqa: E402
from xmdesk.core.survey.model import Question, QuestionType, create_survey  # noqa: E402

PATTERNS = ["排队|退款", "^1[3-9][0-9]{9}", "等了.{0,6}(分钟|小时)", "(很|太)(慢|贵)", "[0-9]{3}$"]


def make_comments(count: int) -> list[str]:
    rng = random.Random(0)
    remarks = [p for pool in (demo.PRAISE, demo.COMPLAINTS) for items in pool.values() for p in items]
    remarks += demo.OTHER_POSITIVE + demo.OTHER_NEGATIVE
    comments = []
    for i in range(count):
        text = f"{rng.choice(remarks)}，等了{rng.randint(1, 90)}分钟，第{i}次"
        comments.append(f"1{rng.randint(3, 9)}{rng.randint(10**8, 10**9 - 1)} {text}" if i % 10 == 0 else text)
    return comments


def best(run: Callable[[], object], repeat: int, before: Callable[[], object] = lambda: None
         ) -> tuple[float, object, float]:
    """(least CPU seconds, the result, the wall seconds of that run) over `repeat` runs, `before` each."""
    runs, result = [], None
    for _ in range(repeat):
        before()
        cpu, wall = time.process_time(), time.perf_counter()
        result = run()
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    cpu, wall = min(runs)
    return cpu, result, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder, Study.create(Path(folder) / "b.xmd") as study:
        survey = create_survey(study, "b", questions=[Question("nps", QuestionType.NPS, "NPS", "推荐"),
                                                      Question("comment", QuestionType.TEXT, "Comment", "意见")])
        comments = make_comments(args.comments)
        responses.insert_rows(study, survey, ["nps", "comment"], [(i % 11, c) for i, c in enumerate(comments)])
        print(f"{len(comments):,} comments")
        for pattern in PATTERNS:
            compiled = compile_expression(f"regex(${{comment}}, '{pattern}')", survey)
            python_re, linear = re.compile(pattern), compile_pattern(pattern)
            forget = linear.answers.clear
            whole, mask, whole_wall = best(lambda: compiled.mask(load_frame(study, survey, compiled.columns)),
                                           args.repeat, forget)
            again, _, again_wall = best(lambda: compiled.mask(load_frame(study, survey, compiled.columns)),
                                        args.repeat)
            texts = load_frame(study, survey, ["comment"])["comment"].fillna("").tolist()
            before, old, _ = best(lambda: np.fromiter((python_re.search(t) is not None for t in texts), bool),
                                  args.repeat)
            after, new, _ = best(lambda: np.fromiter((linear.search(t) for t in texts), bool), args.repeat, forget)
            warm, _, _ = best(lambda: np.fromiter((linear.search(t) for t in texts), bool), args.repeat)
            assert (np.asarray(old) == np.asarray(new)).all() and (np.asarray(mask) == np.asarray(new)).all()
            with_re = whole - after + before  # the same filter with re's match step in place of RE2's
            print(f"{pattern:24} {int(np.sum(new)):>7,} rows | match step CPU: re {before * 1000:4.0f} ms, "
                  f"RE2 {after * 1000:4.0f} ms cold (x{after / before:.1f}), {warm * 1000:4.0f} ms again "
                  f"(x{warm / before:.1f}) | whole filter CPU: {with_re * 1000:4.0f} ms with re, RE2 "
                  f"{whole * 1000:4.0f} ms cold (x{whole / with_re:.2f}; wall {whole_wall * 1000:.0f}), "
                  f"{again * 1000:4.0f} ms again (x{again / with_re:.2f}; wall {again_wall * 1000:.0f})")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
