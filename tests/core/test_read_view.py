"""A worker reads through a read view (its own connection); all writes go through the study's one writer, so
a draft autosave during a worker's read or write is neither lost nor rolled back with someone else's work."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from xmdesk.core.fieldwork import entry
from xmdesk.core.analysis.frame import cache_info, load_frame
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ReadOnlyError, StudyBusy
from xmdesk.core.importing.run import check, prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, load_survey
from tests.core.test_study_journal import write_csv

WAIT_S = 30  # a generous bound on waiting for the other thread, so a broken test fails instead of hanging


@pytest.fixture
def cx(study: Study, tmp_path: Path) -> Iterator[Survey]:
    """A survey of three imported responses (col1 a name, col2 a rating)."""
    run_import(study, prepare(study, write_csv(tmp_path / "three.csv", 3), new="cx"))
    yield load_survey(study, "cx")


def stored_drafts(study: Study) -> list[dict[str, object]]:
    with study.read_view() as view:
        return [d.answers for d in entry.drafts(view.conn, "cx")]


def typed(answers: dict[str, object]) -> entry.Draft:
    return entry.Draft("cx", answers=dict(answers))


def test_a_read_view_sees_committed_data_only_and_cannot_write(study: Study, cx: Survey) -> None:
    with study.transaction(Changes.of("drafts")):
        entry.save_draft(study, typed({"col2": 5}))
        with study.read_view() as view:
            assert entry.drafts(view.conn, "cx") == []  # the open write is not there half-done
            assert view.read_only and view.origin is study
            with pytest.raises(ReadOnlyError):
                entry.save_draft(view, typed({"col2": 1}))
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                view.conn.execute("DELETE FROM entry_drafts")
    assert stored_drafts(study) == [{"col2": 5}] and not study.closed


def test_an_autosave_during_a_long_worker_read_is_stored_and_stays(study: Study, cx: Survey) -> None:
    reading, saved, seen = threading.Event(), threading.Event(), []

    def worker_read() -> None:
        with study.read_view() as view:
            view.conn.execute("BEGIN")  # one read of many statements: the same snapshot throughout
            seen.append(view.conn.execute("SELECT count(*) FROM responses_cx").fetchone()[0])
            reading.set()
            saved.wait(WAIT_S)
            seen.append(len(entry.drafts(view.conn, "cx")))
            view.conn.execute("COMMIT")

    thread = threading.Thread(target=worker_read)
    thread.start()
    assert reading.wait(WAIT_S)
    entry.save_draft(study, typed({"col2": 4}), wait=False)  # the reader holds no writer: stored at once
    saved.set()
    thread.join(WAIT_S)
    assert seen == [3, 0]  # the worker kept reading its snapshot
    assert stored_drafts(study) == [{"col2": 4}]


def test_an_autosave_during_a_worker_write_does_not_join_it_and_is_stored_after_its_rollback(
        study: Study, cx: Survey, tmp_path: Path) -> None:
    """The import's check writes a scratch table in a savepoint it rolls back: an autosave that joined it
    was rolled back with it. Now it is refused at once while the check holds the writer, and stored after."""
    plan = prepare(study, write_csv(tmp_path / "more.csv", 500), survey="cx")
    checking, autosaved = threading.Event(), threading.Event()

    def progress(done: int, total: int, message: str) -> None:
        checking.set()
        autosaved.wait(WAIT_S)

    thread = threading.Thread(target=lambda: check(study, plan, progress=progress))
    thread.start()
    assert checking.wait(WAIT_S)
    draft = typed({"col2": 2})
    try:
        with pytest.raises(StudyBusy):
            entry.save_draft(study, draft, wait=False)
    finally:
        autosaved.set()
        thread.join(WAIT_S)
    assert stored_drafts(study) == []
    entry.save_draft(study, draft, wait=False)  # the next tick
    assert stored_drafts(study) == [{"col2": 2}]


def test_read_views_share_the_study_cache_while_nothing_changes(study: Study, cx: Survey) -> None:
    with study.read_view() as first:
        frame = load_frame(first, cx, ["col2"])
    with study.read_view() as second:
        assert load_frame(second, cx, ["col2"]) is frame  # found, not read again
    assert cache_info(study) == 1
    entry.save_response(study, cx, typed({"col1": "K9", "col2": 5}))
    with study.read_view() as third:
        assert len(load_frame(third, cx, ["col2"])) == 4


def test_a_read_view_keeps_nothing_while_the_study_has_a_write_open(study: Study, cx: Survey) -> None:
    """The study's counters already count the open write's rows, which the view cannot see yet: what it reads
    must not be kept under them (after the commit they would name data without those rows)."""
    with study.transaction(Changes.of("responses", surveys=["cx"])):
        entry.save_response(study, cx, typed({"col1": "K9", "col2": 5}))
        with study.read_view() as view:
            assert len(load_frame(view, cx, ["col2"])) == 3
    with study.read_view() as view:
        assert len(load_frame(view, cx, ["col2"])) == 4
