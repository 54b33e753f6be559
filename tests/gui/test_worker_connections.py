"""Workers read through their own connection and write through the study's one writer: a chart computed while
the window has a write open shows committed data only, and the draft autosave never waits for a worker's write
nor is rolled back with it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from tests.core.test_study_journal import write_csv
from tests.gui.test_entry import type_keys
from xmdesk.core.fieldwork import entry
from xmdesk.core.survey import responses
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Outcome, Request
from xmdesk.core.study.changes import Changes
from xmdesk.core.charts.spec import ChartSpec
from xmdesk.core.errors import Cancelled
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.charts.area import Computation
from xmdesk.gui.entry.area import SurveyEntry
from xmdesk.gui.workers import JobWorker

WAIT_S = 10  # a bound on the worker's wait for the test, so a GUI that blocks fails instead of hanging


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Study]:
    """A study with a survey `cx` of three imported responses (col1 a name, col2 a rating 1-5)."""
    with Study.create(tmp_path / "s.xmd") as created:
        run_import(created, prepare(created, write_csv(tmp_path / "three.csv", 3), new="cx"))
        yield created


def test_a_chart_computed_while_the_window_has_a_write_open_counts_committed_responses_only(
        study: Study, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    survey = load_survey(study, "cx")
    shown: list[Outcome] = []
    with study.transaction(Changes.of("responses", surveys=["cx"])):
        entry.save_response(study, survey, entry.Draft("cx", answers={"col1": "K9", "col2": 5}))
        Computation(study).start(0, Request("mean", "col2", Query("cx")),
                                 lambda outcome, _spec: shown.append(outcome), pytest.fail)
        qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].result.n == 3  # the fourth response was not committed while the chart read


def test_an_autosave_while_an_import_writes_keeps_the_form_live_and_is_stored_after_the_import_is_cancelled(
        study: Study, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    survey = load_survey(study, "cx")
    page = SurveyEntry(study, survey)
    qtbot.addWidget(page)
    page.show()
    assert QTest.qWaitForWindowActive(page)
    plan = prepare(study, write_csv(tmp_path / "more.csv", 2000), survey="cx")
    writing, go_on, outcome = threading.Event(), threading.Event(), []

    def job(progress: Progress, cancel: CancelToken) -> object:
        def step(done: int, total: int, message: str) -> None:
            writing.set()  # inside the import's transaction: it holds the writer
            go_on.wait(WAIT_S)
            progress(done, total, message)

        return run_import(study, plan, progress=step, cancel=cancel, skip_seen=False)

    worker = JobWorker(job)
    worker.signals.sig_failed.connect(outcome.append)
    worker.start()
    qtbot.waitUntil(writing.is_set)
    page.form.focus_question("col2")
    type_keys(["4"])
    qtbot.waitUntil(lambda: "kept" in page.status_label.text())  # the autosave ran and returned at once
    assert not worker.done
    worker.cancel()
    go_on.set()
    qtbot.waitUntil(lambda: worker.settled)
    assert isinstance(outcome[0], Cancelled)
    qtbot.waitUntil(lambda: page.status_label.text().startswith("Draft saved"))  # a later tick stored it
    with study.read_view() as view:
        assert [d.answers["col2"] for d in entry.drafts(view.conn, "cx")] == [4]
        assert responses.count(view.conn, survey) == 3  # the import was rolled back, the draft was not
