"""Every committed write says what it changed; one writer at a time on a study's connection."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from xmdesk.core.fieldwork import entry
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import StudyBusy
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, create_survey


def test_listeners_hear_each_committed_write_once_with_what_its_nested_writes_said(study: Study) -> None:
    study.take_changes()
    heard: list[Changes] = []
    study.add_listener(heard.append)
    with study.transaction(Changes.of("cases")):
        with study.transaction(Changes.of("responses", surveys=["s1"])):
            study.set_meta("x", "1")
        assert heard == []  # nothing is said before the outermost commit
    assert heard == [Changes.of("cases", "responses", "study", surveys=["s1"])]
    assert study.take_changes() == heard[0]
    assert not study.take_changes()


def test_a_rolled_back_write_says_nothing(study: Study) -> None:
    study.take_changes()
    heard: list[Changes] = []
    study.add_listener(heard.append)
    with pytest.raises(RuntimeError), study.transaction(Changes.of("cases")):
        study.set_meta("x", "1")
        raise RuntimeError("boom")
    assert heard == [] and not study.take_changes()
    study.set_meta("y", "2")
    assert heard == [Changes.of("study")]


def test_core_writes_report_their_survey(study: Study) -> None:
    survey = create_survey(study, "s1", questions=[Question("nps", QuestionType.NPS, "NPS")])
    study.take_changes()
    entry.save_response(study, survey, entry.Draft("s1", answers={"nps": 9}, worker="w"))
    changed = study.take_changes()
    assert changed.touches_survey("s1", "responses")
    assert not changed.touches_survey("s2", "responses")
    assert not changed.touches("cases", "journeys")


def test_a_failing_listener_does_not_fail_the_committed_write(study: Study) -> None:
    def broken(_changes: Changes) -> None:
        raise RuntimeError("view crashed")

    study.add_listener(broken)
    study.set_meta("kept", "yes")
    assert study.meta("kept") == "yes"


def test_a_write_from_another_thread_never_joins_an_open_transaction(tmp_path: Path) -> None:
    """The draft autosave on the GUI thread during a worker's write: it waits (or is told the study is
    busy) instead of landing inside the worker's transaction and being rolled back with it."""
    study = Study.create(tmp_path / "s.xmd")
    inside, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def worker_write() -> None:
        try:
            with study.transaction(Changes.of("cases")):
                study.conn.execute("INSERT INTO study_meta (key, value) VALUES ('worker', '1')")
                inside.set()
                release.wait(5)
                raise RuntimeError("cancelled")
        except RuntimeError:
            outcome.append("rolled back")

    thread = threading.Thread(target=worker_write)
    thread.start()
    assert inside.wait(5)
    with pytest.raises(StudyBusy), study.transaction(Changes.of("drafts"), blocking=False):
        pass
    waiting = threading.Thread(target=lambda: study.set_meta("autosave", "kept"))
    waiting.start()
    release.set()
    thread.join(5)
    waiting.join(5)
    assert outcome == ["rolled back"]
    assert study.meta("worker") is None
    assert study.meta("autosave") == "kept"
    study.close()
    with Study.open(tmp_path / "s.xmd", read_only=True) as again:
        assert again.meta("autosave") == "kept"


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ValueError):
        Changes.of("everything-ish")
