"""A study written at an older schema step opens, migrates in place and keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from xmdesk.core.study import migrations
from xmdesk.core.errors import StudyError
from xmdesk.core.study.migrations.steps import STEP_NAMES
from xmdesk.core.study.file import APPLICATION_ID, Study
from tests.messages import raises_message


def file_before(path: Path, step: str) -> sqlite3.Connection:
    """A study file as the XMDesk before `step` wrote it, open for the test to put old data in."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(Database(conn, execute_plugins=False), stop_before=step)
    return conn


def write_version_1(path: Path) -> None:
    """What XMDesk 0.1's first schema step wrote, with a little data in it."""
    conn = file_before(path, STEP_NAMES[1])
    conn.execute("INSERT INTO study_meta (key, value) VALUES ('title', '旧项目')")
    conn.execute("INSERT INTO customers (id, name) VALUES ('C1', '王芳')")
    conn.close()


def test_version_1_file_is_migrated_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.xmd"
    write_version_1(path)
    raw = sqlite3.connect(path)
    assert migrations.applied_steps(raw) == ["m001_core"]
    assert raw.execute("SELECT 1 FROM sqlite_master WHERE name='journeys'").fetchone() is None
    raw.close()

    with Study.open(path) as study:
        assert study.schema_version == migrations.SCHEMA_VERSION == len(STEP_NAMES)
        assert study.meta("title") == "旧项目"
        assert study.conn.execute("SELECT name FROM customers").fetchone()[0] == "王芳"
        tables = {name for (name,) in study.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"journeys", "journey_items", "cases", "case_events", "alert_rules", "actions"} <= tables
        assert study.integrity() == "ok"
    with Study.open(path) as again:
        assert migrations.applied_steps(again.conn) == list(STEP_NAMES)


def test_old_file_opened_read_only_says_it_needs_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.xmd"
    write_version_1(path)
    before = path.read_bytes()
    with raises_message(StudyError, "study.needs_upgrade"):
        Study.open(path, read_only=True)
    assert path.read_bytes() == before


def test_a_failing_step_leaves_the_file_at_the_previous_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.xmd"
    write_version_1(path)
    from xmdesk.core.study.migrations import steps

    broken = dict(steps.STEPS)
    broken["m002_journeys_and_cases"] = (*steps.M002_JOURNEYS_AND_CASES[:2], "CREATE TABLE broken (")
    monkeypatch.setattr(steps, "STEPS", broken)
    with raises_message(StudyError, "study.upgrade_failed"):
        Study.open(path)
    raw = sqlite3.connect(path)
    assert migrations.applied_steps(raw) == ["m001_core"]
    assert raw.execute("SELECT 1 FROM sqlite_master WHERE name='journeys'").fetchone() is None
    raw.close()


def test_a_version_10_file_gains_the_outbox_and_keeps_its_rules(tmp_path: Path) -> None:
    """m011_outbox: pending work after a commit, and the last error of each alert rule."""
    path = tmp_path / "v10.xmd"
    conn = file_before(path, "m011_outbox")
    conn.execute("INSERT INTO alert_rules (name, kind, definition, survey_code) VALUES ('贬损者', 'detractor', '{}', 'cx')")
    conn.close()

    with Study.open(path) as study:
        assert "m011_outbox" in migrations.applied_steps(study.conn)
        assert study.conn.execute("SELECT name, last_error, last_error_at FROM alert_rules").fetchall() == [
            ("贬损者", None, None)]
        assert study.conn.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
        assert study.integrity() == "ok"


def test_a_version_11_file_gains_manual_text_codes_and_keeps_its_cache(tmp_path: Path) -> None:
    """m012_text_codes: each cached score's clause signs, and the analyst's codes of comments."""
    path = tmp_path / "v11.xmd"
    conn = file_before(path, "m012_text_codes")
    conn.execute("INSERT INTO text_sentiment_cache (model, text_hash, score) VALUES ('old', 42, 0.25)")
    conn.close()

    with Study.open(path) as study:
        assert "m012_text_codes" in migrations.applied_steps(study.conn)
        assert study.conn.execute("SELECT model, score, clauses FROM text_sentiment_cache").fetchall() == [
            ("old", 0.25, "")]
        from xmdesk.core.text.codes import load_codes, set_code

        set_code(study, "voc", "comment", 7, polarity="negative", quotable=True)
        assert load_codes(study, "voc", "comment")[7].polarity == "negative"
        assert study.integrity() == "ok"


def test_a_version_12_file_gains_derived_variables_and_exclusions(tmp_path: Path) -> None:
    """m014_derived: derived variables of a survey, and responses excluded from analysis with a reason."""
    path = tmp_path / "v12.xmd"
    conn = file_before(path, "m014_derived")
    conn.execute("INSERT INTO study_meta (key, value) VALUES ('title', '旧项目')")
    conn.close()

    with Study.open(path) as study:
        assert "m014_derived" in migrations.applied_steps(study.conn)
        assert study.meta("title") == "旧项目"
        assert study.conn.execute("SELECT count(*) FROM derived_variables").fetchone() == (0,)
        assert study.conn.execute("SELECT count(*) FROM excluded_responses").fetchone() == (0,)
        assert study.integrity() == "ok"


def test_a_version_12_file_gains_response_fields_and_keeps_its_responses(tmp_path: Path) -> None:
    """m013_response_fields: every survey's response table gains the respondent id, times, duration, channel,
    IP and the tool's other columns; a response stored before keeps its answers, its new fields empty."""
    path = tmp_path / "v12_fields.xmd"
    conn = file_before(path, "m013_response_fields")
    conn.execute("INSERT INTO surveys (code, response_table, created_at, updated_at) VALUES ('cx', 'responses_cx',"
                 " '2024-01-01', '2024-01-01')")
    conn.execute("CREATE TABLE responses_cx (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, status TEXT NOT NULL"
                 " DEFAULT 'complete', created_at TEXT NOT NULL, updated_at TEXT NOT NULL, survey_version INTEGER"
                 " NOT NULL DEFAULT 1, device_id TEXT NOT NULL DEFAULT '', worker TEXT NOT NULL DEFAULT '',"
                 " customer_id TEXT, source TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0, IP TEXT)")
    conn.execute("INSERT INTO responses_cx (uuid, created_at, updated_at, IP) VALUES ('u1', 'now', 'now', '1.2.3.4')")
    conn.close()

    with Study.open(path) as study:
        assert "m013_response_fields" in migrations.applied_steps(study.conn)
        names = [row[1] for row in study.conn.execute("PRAGMA table_info(responses_cx)")]
        assert names[-8:] == ["sys_respondent_id", "sys_started_at", "sys_ended_at", "sys_submitted_at",
                              "sys_duration_s", "sys_channel", "sys_ip", "sys_extra"]
        assert study.conn.execute("SELECT uuid, IP, sys_ip, sys_extra FROM responses_cx").fetchall() == [
            ("u1", "1.2.3.4", None, None)]  # an older import's question IP stays a column of its own
        assert study.integrity() == "ok"
