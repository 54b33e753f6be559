"""Work after a commit (alert rules on arrival) cannot break the write it follows, and is never lost.

The rules' broken case is built the way it reaches users: a rule naming a question the survey does not
have (an old file, an import that replaced the survey), stored without the checks `save_rule` makes.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.outbox_crash import DETRACTORS, SCORES, ZEROS, cases_by_rule, killed_after_commit, make_pack, write_csv
from xmdesk.core.loop import alerts
from xmdesk.core.loop import cases
from xmdesk.core.fieldwork import entry
from xmdesk.core.loop import outbox
from xmdesk.core.importing.run import import_history, prepare, run_import
from xmdesk.core.fieldwork.merge import merge
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, create_survey


@pytest.fixture
def survey(study: Study) -> Survey:
    return create_survey(study, "cx", questions=[Question("nps", QuestionType.NPS, "NPS", "推荐")])


def broken_rule(study: Study) -> int:
    """A detractor rule on question q1, which the survey no longer has."""
    return cases.add_rule(study, "q1 detractors", "detractor", {"question": "q1", "max": 6}, survey_code="cx")


def test_a_rule_on_a_deleted_question_fails_alone_and_the_save_returns_its_id(study: Study, survey: Survey) -> None:
    broken = broken_rule(study)
    alerts.save_rule(study, alerts.Rule("detractors", "detractor", {"question": "nps", "max": 6}, "cx"))
    saved = entry.save_response(study, survey, entry.Draft("cx", answers={"nps": 3}))
    assert saved.id == 1 and saved.created
    assert [(c.rule, c.response_id) for c in cases.list_cases(study)] == [("detractors", 1)]
    rule = alerts.get_rule(study, broken)
    assert rule.last_error is not None and "q1" in rule.last_error
    assert rule.last_error_at
    assert alerts.get_rule(study, broken + 1).last_error is None


def test_the_error_clears_when_the_rule_next_runs_cleanly(study: Study, survey: Survey) -> None:
    broken = broken_rule(study)
    entry.save_response(study, survey, entry.Draft("cx", answers={"nps": 2}))
    assert alerts.get_rule(study, broken).last_error
    alerts.save_rule(study, replace(alerts.get_rule(study, broken), definition={"question": "nps", "max": 6}))
    entry.save_response(study, survey, entry.Draft("cx", answers={"nps": 5}))
    fixed = alerts.get_rule(study, broken)
    assert (fixed.last_error, fixed.last_error_at) == (None, None)
    # only the response that arrived after the fix: the first one is history ("Run rules now" covers it)
    assert [c.response_id for c in cases.list_cases(study)] == [2]
    assert outbox.pending(study.conn) == []


def test_a_failing_rule_does_not_stop_the_others_in_a_run_over_history(study: Study, survey: Survey) -> None:
    for nps in (1, 9, 4):
        entry.save_response(study, survey, entry.Draft("cx", answers={"nps": nps}))
    broken = broken_rule(study)
    alerts.save_rule(study, alerts.Rule("detractors", "detractor", {"question": "nps", "max": 6}, "cx"))
    result = alerts.run_rules(study)
    assert result.new_cases == 2
    assert [(e.rule, e.survey) for e in result.errors] == [("q1 detractors", "cx")]
    assert "q1" in str(alerts.get_rule(study, broken).last_error)
    assert result.as_dict()["errors"][0]["rule"] == "q1 detractors"


def test_an_import_reports_a_failing_rule_as_a_warning_and_is_logged_done(tmp_path: Path, study: Study,
                                                                           survey: Survey) -> None:
    broken_rule(study)
    alerts.save_rule(study, alerts.Rule("detractors", "detractor", {"question": "nps", "max": 6}, "cx"))
    plan = prepare(study, write_csv(tmp_path / "in.csv", [3, 10, 6, 9]), survey="cx")
    result = run_import(study, plan)
    assert result.imported == 4
    assert len(result.warnings) == 1 and "q1 detractors" in result.warnings[0] and "q1" in result.warnings[0]
    assert result.as_dict()["warnings"] == result.warnings
    assert import_history(study)[0]["status"] == "done"
    assert sorted(c.response_id for c in cases.list_cases(study)) == [1, 3]
    assert outbox.pending(study.conn) == []


def test_a_merge_reports_a_failing_rule_as_a_warning(tmp_path: Path, study: Study, survey: Survey) -> None:
    study.close()
    pack = make_pack(tmp_path, study.path, [0, 8, 5])
    with Study.open(study.path) as lead:
        broken_rule(lead)
        alerts.save_rule(lead, alerts.Rule("detractors", "detractor", {"question": "nps", "max": 6}, "cx"))
        report = merge(lead, [pack])
        assert report.added == 3
        assert len(report.warnings) == 1 and "q1 detractors" in report.warnings[0]
        assert report.as_dict()["warnings"] == report.warnings
        assert len(cases.list_cases(lead)) == 2
        assert outbox.pending(lead.conn) == []


# -- a process killed after the commit -------------------------------------------------------------


@pytest.mark.parametrize("what", ["merge", "import"])
def test_killed_right_after_the_commit_the_next_cli_open_runs_the_rules_once(tmp_path: Path, what: str) -> None:
    lead = killed_after_commit(tmp_path, what)
    raw = sqlite3.connect(lead)
    assert raw.execute("SELECT count(*) FROM responses_cx").fetchone() == (len(SCORES),)
    assert raw.execute("SELECT count(*) FROM cases").fetchone() == (0,)
    assert raw.execute("SELECT kind, survey_code, done_rules FROM outbox").fetchall() == [("arrival", "cx", "[]")]
    raw.close()
    # The lead merges (or imports) again: the open runs what was pending, and the same data adds nothing.
    again = (["merge", str(lead), str(tmp_path / "laptop.xmdpack")] if what == "merge"
             else ["import", str(lead), str(tmp_path / "in.csv"), "--survey", "cx"])
    run = subprocess.run([sys.executable, "-m", "xmdesk", *again], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert cases_by_rule(lead) == {"detractors": DETRACTORS, "zeros": ZEROS}
    run = subprocess.run([sys.executable, "-m", "xmdesk", *again], capture_output=True, text=True, timeout=120)
    assert cases_by_rule(lead) == {"detractors": DETRACTORS, "zeros": ZEROS}
    with Study.open(lead, read_only=True) as study:
        assert outbox.pending(study.conn) == []


def test_killed_between_two_rules_neither_loses_nor_doubles_cases(tmp_path: Path) -> None:
    lead = killed_after_commit(tmp_path, "merge", commits=2)
    assert cases_by_rule(lead) == {"detractors": DETRACTORS}
    with Study.open(lead, read_only=True) as study:
        (left,) = outbox.pending(study.conn)
        assert left.done_rules == {alerts.list_rules(study)[0].id}
    with Study.open(lead) as study:
        assert outbox.settle(study) == []
    assert cases_by_rule(lead) == {"detractors": DETRACTORS, "zeros": ZEROS}
