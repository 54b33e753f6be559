"""Opening a study in the app runs the alert rules a killed merge or import left pending, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.outbox_crash import DETRACTORS, ZEROS, cases_by_rule, killed_after_commit
from xmdesk.core.loop import outbox


@pytest.mark.parametrize("what", ["merge", "import"])
def test_the_app_opens_a_study_killed_after_its_commit_and_runs_its_rules_once(window, qtbot, tmp_path: Path,
                                                                               what: str) -> None:
    lead = killed_after_commit(tmp_path, what)
    assert cases_by_rule(lead) == {}
    assert window.open_study(lead)
    qtbot.waitUntil(lambda: window.job is not None and window.job.done, timeout=60000)
    assert outbox.pending(window.study.conn) == []
    window.close_study()
    assert cases_by_rule(lead) == {"detractors": DETRACTORS, "zeros": ZEROS}
    assert window.open_study(lead)  # nothing pending any more: no job, no second set of cases
    window.close_study()
    assert cases_by_rule(lead) == {"detractors": DETRACTORS, "zeros": ZEROS}


def test_a_save_in_data_entry_keeps_its_id_and_cases_show_the_failed_rule(window, tmp_path: Path) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from xmdesk.core.loop import alerts
    from xmdesk.core.loop import cases
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import Question, QuestionType, create_survey
    from xmdesk.gui.cases.board import OVERDUE_TEXT

    path = tmp_path / "broken.xmd"
    with Study.create(path) as study:
        create_survey(study, "cx", questions=[Question("nps", QuestionType.NPS, "NPS", "推荐")])
        cases.add_rule(study, "q1 detractors", "detractor", {"question": "q1"}, survey_code="cx")  # q1 is gone
        alerts.save_rule(study, alerts.Rule("detractors", "detractor", {"question": "nps"}, "cx"))
    assert window.open_study(path)
    page = window.study_page
    page.show_area("entry")
    form_page = page.areas["entry"].current
    form_page.form.focus_question()
    QTest.keyClicks(QApplication.focusWidget(), "3")
    assert form_page.save()
    assert form_page.draft.response_id == 1
    assert "Response #1 saved" in form_page.status_label.text() and "q1" in form_page.status_label.text()
    assert form_page.save()  # saving again edits response 1 (no UNIQUE error)
    page.show_area("cases")
    rules = page.areas["cases"].rules
    rules.reload()
    broken = rules.list.topLevelItem(0)
    assert broken.text(0) == "q1 detractors" and broken.foreground(0).color() == OVERDUE_TEXT
    assert "q1" in broken.toolTip(0)
    rules.list.setCurrentItem(broken)
    assert rules.error_label.isVisibleTo(rules) and "q1" in rules.error_label.text()
    rules.list.setCurrentItem(rules.list.topLevelItem(1))
    assert not rules.error_label.isVisibleTo(rules)
    assert rules.list.topLevelItem(1).text(4) == "1"  # the other rule opened its case
