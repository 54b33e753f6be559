"""Survey edits on a study that already holds many responses, and XLSForm export/import of the demo survey.

    .venv/bin/python benchmarks/designer.py [--responses 200000]

Prints seconds per edit. Edits that only touch the question tables (labels, logic, moves)
do not depend on the number of responses; adding a question adds a column (constant
time in SQLite); removing an answered question archives it (one scan to see it has
answers); removing an unanswered one drops its column, which rewrites the table; a
recode rewrites the answers of that one column.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xmdesk.core.survey import edits as designer  # noqa: E402
from xmdesk.core.demo import SURVEY_CODE, build_demo  # noqa: E402
from xmdesk.core.study.file import Study  # noqa: E402
from xmdesk.core.survey.model import Choice, Question, QuestionType, load_survey  # noqa: E402
from xmdesk.core.survey.xlsform import read_xlsform, write_xlsform  # noqa: E402


def timed(label: str, action) -> None:  # noqa: ANN001 - any callable
    started = time.perf_counter()
    action()
    print(f"{label:<52} {time.perf_counter() - started:8.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=200_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    print(f"load average {os.getloadavg()[0]:.1f}; building a demo study with {args.responses:,} responses…")
    path = build_demo(folder / "bench.xmd", responses_count=args.responses)
    with Study.open(path) as study:
        survey = load_survey(study, SURVEY_CODE)
        apply = designer.apply
        timed("label change", lambda: apply(study, survey, designer.update("csat", label_zh="总体满意度")))
        timed("relevance on a question (logic checked)", lambda: apply(study, survey, designer.set_props(
            survey.question("improve_text"), relevant="${nps} <= 6")))
        timed("move a question", lambda: apply(study, survey, designer.move("ces", 5)))
        timed("add a question (new column)", lambda: apply(study, survey, designer.add(
            Question("visit_again", QuestionType.SINGLE, "Again?", "还会再来吗？",
                     choices=[Choice("yes", 1, "Yes", "会"), Choice("no", 2, "No", "不会")]))))
        timed("remove it again (unanswered: column dropped)", lambda: apply(study, survey,
                                                                           designer.remove("visit_again")))
        timed("remove an answered question (archived)", lambda: apply(study, survey, designer.remove("other_text")))
        channel = survey.question("channel").choices
        swapped = [Choice(c.code, len(channel) + 1 - c.value, c.label_en, c.label_zh) for c in channel]
        timed("recode every answer of one question", lambda: apply(study, survey, designer.recode(
            "channel", {c.code: c.code for c in channel}, swapped)))
        print(f"survey version now {survey.version}; integrity {study.integrity()}")
        timed("XLSForm export of the demo survey", lambda: write_xlsform(survey, folder / "demo.xlsx"))
        timed("XLSForm read back (all checks)", lambda: read_xlsform(folder / "demo.xlsx"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
