"""A study whose merge or import was SIGKILLed after its commit: shared by the core and GUI outbox tests."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from xmdesk.core.loop import alerts
from xmdesk.core.survey import responses
from xmdesk.core.fieldwork.merge import write_pack
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, create_survey, load_survey


def write_csv(path: Path, scores: list[int]) -> Path:
    path.write_text("nps\n" + "".join(f"{score}\n" for score in scores), encoding="utf-8")
    return path


def make_pack(tmp_path: Path, lead: Path, scores: list[int]) -> Path:
    """A field laptop's pack: a copy of the lead's study with `scores` typed in, packed."""
    laptop = tmp_path / "laptop.xmd"
    shutil.copyfile(lead, laptop)
    with Study.open(laptop) as study:
        rows = [(f"u{i}", "laptop", score) for i, score in enumerate(scores)]
        responses.insert_rows(study, load_survey(study, "cx"), ["uuid", "device_id", "nps"], rows)
        return Path(write_pack(study, tmp_path / "laptop.xmdpack", device="laptop").path)


# Runs a merge or an import in a process of its own and SIGKILLs it at the first statement after its
# `commits`-th COMMIT: 1 = right after the data's commit, before any rule ran; 2 = after the first
# rule's cases committed. SQLite's trace hook sees every statement of the study's connection.
CRASH_SCRIPT = """
import os, signal, sys
from xmdesk.core.study.file import Study

study_path, commits, what, source = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
study = Study.open(study_path)
seen = 0

def kill_after_commits(sql):
    global seen
    if seen >= commits:
        os.kill(os.getpid(), signal.SIGKILL)
    seen += sql.strip().upper() == "COMMIT"

study.conn.set_trace_callback(kill_after_commits)
if what == "merge":
    from xmdesk.core.fieldwork.merge import merge
    merge(study, [source])
else:
    from xmdesk.core.importing.run import prepare, run_import
    run_import(study, prepare(study, source, survey="cx"))
sys.exit("not killed")
"""

SCORES = [i % 11 for i in range(2000)]
DETRACTORS = sum(score <= 6 for score in SCORES)
ZEROS = SCORES.count(0)


def study_with_two_rules(path: Path) -> Path:
    with Study.create(path) as study:
        create_survey(study, "cx", questions=[Question("nps", QuestionType.NPS, "NPS", "推荐")])
        alerts.save_rule(study, alerts.Rule("detractors", "detractor", {"question": "nps", "max": 6}, "cx"))
        alerts.save_rule(study, alerts.Rule("zeros", "detractor", {"question": "nps", "max": 0}, "cx"))
    return path


def killed_after_commit(tmp_path: Path, what: str, commits: int = 1) -> Path:
    """A study whose merge (or import) of SCORES was killed after `commits` commits; checked raw."""
    lead = study_with_two_rules(tmp_path / "lead.xmd")
    source = make_pack(tmp_path, lead, SCORES) if what == "merge" else write_csv(tmp_path / "in.csv", SCORES)
    script = tmp_path / "crash.py"
    script.write_text(CRASH_SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(lead), str(commits), what, str(source)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    return lead


def cases_by_rule(path: Path) -> dict[str, int]:
    with Study.open(path, read_only=True) as study:
        return dict(study.conn.execute(
            "SELECT r.name, count(*) FROM cases c JOIN alert_rules r ON r.id = c.rule_id GROUP BY r.name"))
