"""Study files on disk: create, open, close, copy, lock, and every kind of bad file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xmdesk.core.study import migrations
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ReadOnlyError, StudyError
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.file import APPLICATION_ID, Study
from tests.messages import raises_message


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(path.name))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_writes_a_single_current_file(tmp_path: Path) -> None:
    path = tmp_path / "new.xmd"
    with Study.create(path, title="门店研究") as study:
        assert study.schema_version == migrations.SCHEMA_VERSION
        assert study.meta("title") == "门店研究"
        assert len(study.meta("study_uuid") or "") == 36
        assert sidecars(path) == ["new.xmd-shm", "new.xmd-wal", "new.xmd.lock"]
    assert sidecars(path) == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "taken.xmd"
    path.write_bytes(b"precious")
    with raises_message(StudyError, "study.exists"):
        Study.create(path)
    assert path.read_bytes() == b"precious"


def test_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "s.xmd"
    Study.create(path).close()
    with Study.open(path) as study:
        study.set_meta("client", "某银行")
    with Study.open(path) as study:
        assert study.meta("client") == "某银行"
        assert study.integrity() == "ok"


def test_failed_transaction_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.xmd"
    with Study.create(path) as study:
        with pytest.raises(RuntimeError):
            with study.transaction(Changes.of("study")) as conn:
                conn.execute("INSERT INTO study_meta (key, value) VALUES ('a', '1')")
                raise RuntimeError("boom")
        assert study.meta("a") is None


def make_foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.commit()
    conn.close()


def make_truncated(path: Path, source: Path) -> None:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def make_newer(path: Path, source: Path) -> None:
    path.write_bytes(source.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('xmdesk', 'm099_future', 'x')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("empty", "is empty"),
        ("random", "not an SQLite database"),
        ("text", "not an SQLite database"),
        ("foreign", "another program"),
        ("truncated", "damaged"),
        ("newer", "newer version of XMDesk"),
    ],
)
def test_bad_files_get_a_clear_message_and_stay_untouched(tmp_path: Path, demo_path: Path, kind: str,
                                                          expected: str) -> None:
    path = tmp_path / f"{kind}.xmd"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "random":
        path.write_bytes(os.urandom(8192))
    elif kind == "text":
        path.write_text("id,name\n1,张三\n", encoding="utf-8")
    elif kind == "foreign":
        make_foreign_sqlite(path)
    elif kind == "truncated":
        make_truncated(path, demo_path)
    else:
        make_newer(path, demo_path)
    before = digest(path)
    with pytest.raises(StudyError) as caught:
        Study.open(path)
    assert expected in caught.value.message("en")
    assert str(path) in caught.value.message("en")
    assert caught.value.message("zh") != caught.value.message("en")
    assert digest(path) == before
    assert sidecars(path) == []


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with raises_message(StudyError, "study.not_found"):
        Study.open(tmp_path / "nope.xmd")
    with raises_message(StudyError, "study.is_directory"):
        Study.open(tmp_path)


def test_second_opener_gets_read_only_with_a_message(demo_path: Path) -> None:
    first = Study.open(demo_path)
    try:
        second = Study.open(demo_path)
        assert second.read_only and not first.read_only
        assert second.warning and "already open" in second.warning
        assert second.conn.execute("SELECT count(*) FROM responses_retail_cx").fetchone()[0] == 1000
        with pytest.raises(ReadOnlyError):
            second.set_meta("x", "y")
        second.close()
    finally:
        first.close()
    with Study.open(demo_path) as third:
        assert not third.read_only and third.warning is None
    assert sidecars(demo_path) == []


HOLDER = textwrap.dedent(
    """
    import sys
    from xmdesk.core.study.file import Study
    study = Study.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.readline()
    study.close()
    """
)


def test_lock_holds_across_processes_and_dies_with_the_holder(demo_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with Study.open(demo_path) as study:
            assert study.read_only
            assert f"pid {holder.pid}" in (study.warning or "")
    finally:
        holder.kill()
        holder.wait()
    # The OS dropped the killed holder's lock: the study opens writable again, intact.
    with Study.open(demo_path) as study:
        assert not study.read_only
        assert study.integrity() == "ok"


def test_save_copy_while_open_is_consistent_single_file(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.xmd"
    seen: list[tuple[int, int]] = []
    with Study.open(demo_path) as study:
        study.set_meta("note", "written before the copy")
        study.save_copy(copy, progress=lambda done, total, _: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert sidecars(copy) == []
    with Study.open(copy) as copied:
        assert copied.meta("note") == "written before the copy"
        assert copied.conn.execute("SELECT count(*) FROM responses_retail_cx").fetchone()[0] == 1000
        assert copied.integrity() == "ok"


def test_save_copy_holds_what_is_committed_and_leaves_an_open_write_alone(study: Study, tmp_path: Path) -> None:
    """Issue 19's rule: the copy reads on a connection of its own, so a write still open on the study's
    connection (a draft autosave, an edit) is neither copied half-done nor ended by the copy."""
    study.set_meta("note", "committed")
    study.conn.execute("BEGIN")
    study.conn.execute("INSERT INTO study_meta (key, value) VALUES ('draft', 'not committed')")
    copy = study.save_copy(tmp_path / "copy.xmd")
    assert study.conn.in_transaction
    assert study.meta("draft") == "not committed"
    study.conn.execute("ROLLBACK")
    with Study.open(copy) as copied:
        assert copied.meta("note") == "committed"
        assert copied.meta("draft") is None


def test_cancelled_copy_leaves_nothing(demo_path: Path, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with Study.open(demo_path) as study:
        with raises_message(Exception, "jobs.cancelled"):
            study.save_copy(tmp_path / "copy.xmd", cancel=token)
        with pytest.raises(StudyError):
            study.save_copy(demo_path)
    assert not (tmp_path / "copy.xmd").exists()
    assert not (tmp_path / "copy.xmd.partial").exists()


def test_read_only_open_never_writes(demo_path: Path) -> None:
    before = digest(demo_path)
    with Study.open(demo_path, read_only=True) as study:
        assert study.read_only
        assert study.schema_version == migrations.SCHEMA_VERSION
    assert digest(demo_path) == before
    assert sidecars(demo_path) == []
