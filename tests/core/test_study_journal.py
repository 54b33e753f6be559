"""A big write alone with the study goes through a rollback journal; with a reader open it stays in WAL.
A read-only open after such a write was killed rolls it back, or says plainly that it was interrupted."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from xmdesk.core import messages
from xmdesk.core.errors import StudyError
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.study.file import JOURNAL_MAGIC, Study


def journal(study: Study) -> str:
    return str(study.conn.execute("PRAGMA main.journal_mode").fetchone()[0])


def write_csv(path: Path, rows: int) -> Path:
    path.write_text("客户,评分\n" + "".join(f"K{n},{n % 5 + 1}\n" for n in range(rows)), encoding="utf-8")
    return path


def test_an_import_alone_writes_through_a_rollback_journal_then_wal_again(tmp_path: Path) -> None:
    path = tmp_path / "s.xmd"
    with Study.create(path) as study:
        with study.single_write_journal() as switched:
            assert switched and journal(study) == "delete"
        assert journal(study) == "wal"
        result = run_import(study, prepare(study, write_csv(tmp_path / "a.csv", 5000), new="cx"))
        assert result.imported == 5000 and journal(study) == "wal"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("s.xmd")) == ["s.xmd"]
    with Study.open(path) as study:
        assert study.conn.execute("SELECT count(*), sum(col2) FROM responses_cx").fetchone() == (
            5000, sum(n % 5 + 1 for n in range(5000)))
        assert study.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_with_a_reader_open_the_import_stays_in_wal_and_the_reader_keeps_reading(tmp_path: Path) -> None:
    with Study.create(tmp_path / "s.xmd") as study:
        run_import(study, prepare(study, write_csv(tmp_path / "a.csv", 10), new="cx"))
        reader = study.reader()
        try:
            assert reader.execute("SELECT count(*) FROM responses_cx").fetchone() == (10,)
            with study.single_write_journal() as switched:
                assert not switched and journal(study) == "wal"
            result = run_import(study, prepare(study, write_csv(tmp_path / "b.csv", 3000), survey="cx"),
                                skip_seen=False)
            assert result.imported == 3000
            assert reader.execute("SELECT count(*) FROM responses_cx").fetchone() == (3010,)
        finally:
            reader.close()


def test_a_failed_switch_back_leaves_a_working_study(tmp_path: Path) -> None:
    """A reader that opens during the big write keeps the study in rollback mode until it is reopened;
    nothing is lost and the next open is WAL again."""
    path = tmp_path / "s.xmd"
    with Study.create(path) as study:
        with study.single_write_journal() as switched:
            assert switched
            late = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, isolation_level=None, timeout=0)
            late.execute("BEGIN")
            late.execute("SELECT count(*) FROM study_meta").fetchone()  # a read under way holds its lock
            study.conn.execute("PRAGMA busy_timeout = 200")  # how long the switch back waits for it (5 s by default)
        assert journal(study) == "delete"
        late.close()
        study.set_meta("after", "yes")
    with Study.open(path) as study:
        assert study.meta("after") == "yes" and journal(study) == "wal"


# -- opening read-only after an interrupted write --------------------------------------------------

KILL_HALFWAY = """
import os, signal, sys
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.study.file import Study

def halfway(done: int, total: int, message: str) -> None:
    if total and done * 2 > total:
        os.kill(os.getpid(), signal.SIGKILL)

study = Study.open(sys.argv[1])
run_import(study, prepare(study, sys.argv[2], survey="cx"), skip_seen=False, progress=halfway)
"""


def study_with_three_answers(tmp_path: Path) -> Path:
    path = tmp_path / "s.xmd"
    with Study.create(path) as study:
        run_import(study, prepare(study, write_csv(tmp_path / "three.csv", 3), new="cx"))
    return path


def kill_an_import_halfway(path: Path, tmp_path: Path) -> None:
    """SIGKILL an import of 60,000 rows half-way, as the issue did: alone with the study it writes
    through a rollback journal, and leaves that journal hot (its header still marks it live)."""
    process = subprocess.run([sys.executable, "-c", KILL_HALFWAY, str(path), str(write_csv(tmp_path / "big.csv", 60_000))],
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == -signal.SIGKILL, process.stderr
    assert Path(f"{path}-journal").read_bytes()[:8] == JOURNAL_MAGIC


def test_a_read_only_open_after_a_killed_import_rolls_it_back_and_reads_the_study_as_it_was(tmp_path: Path) -> None:
    path = study_with_three_answers(tmp_path)
    kill_an_import_halfway(path, tmp_path)
    with Study.open(path, read_only=True) as study:
        assert study.conn.execute("SELECT count(*) FROM responses_cx").fetchone() == (3,)
        assert study.integrity() == "ok" and study.read_only
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("s.xmd")) == ["s.xmd"]


def hold_the_lock(path: Path) -> subprocess.Popen[str]:
    """Another process holding the study's lock file, as a second XMDesk with the study open does."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


HOLD_LOCK = """
import sys
from pathlib import Path
from xmdesk.core.study.file import _LockFile

lock = _LockFile(Path(sys.argv[1]))
assert lock.acquire() is None
print("held", flush=True)
sys.stdin.read()
"""


def test_while_another_process_holds_the_study_a_read_only_open_says_a_write_was_interrupted(
        tmp_path: Path) -> None:
    messages.set_language("en")
    path = study_with_three_answers(tmp_path)
    kill_an_import_halfway(path, tmp_path)
    holder = hold_the_lock(path)
    try:
        with pytest.raises(StudyError) as raised:
            Study.open(path, read_only=True)
        with pytest.raises(StudyError) as fallen_back:
            Study.open(path)  # the lock is taken: read-only, the same answer
    finally:
        holder.communicate("")
    for error in (raised.value, fallen_back.value):
        assert error.message_id == "study.interrupted_write" and "is damaged" not in str(error)
        assert "interrupted" in str(error) and "undoes" in str(error) and "backup" not in str(error)
    assert Path(f"{path}-journal").read_bytes()[:8] == JOURNAL_MAGIC  # left for the writer to roll back
    with Study.open(path) as study:
        assert study.conn.execute("SELECT count(*) FROM responses_cx").fetchone() == (3,)


def test_a_log_left_beside_a_study_without_its_index_is_read_and_folded_back_in(tmp_path: Path) -> None:
    """A study copied with its -wal but not its -shm (or an XMDesk killed after a commit whose -shm went
    away): a read-only open sees the committed rows, and the study is one file again afterwards."""
    path = study_with_three_answers(tmp_path)
    leave_a_log_without_its_index(path)
    with Study.open(path, read_only=True) as study:
        assert study.meta("after") == "yes"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("s.xmd")) == ["s.xmd"]


def leave_a_log_without_its_index(path: Path) -> None:
    """A study whose last commit is only in its -wal: the XMDesk that wrote it was killed, and its -shm
    went away (left behind when the study was copied)."""
    kill = ("import os, signal, sys\nfrom xmdesk.core.study.file import Study\n"
            "Study.open(sys.argv[1]).set_meta('after', 'yes')\nos.kill(os.getpid(), signal.SIGKILL)\n")
    assert subprocess.run([sys.executable, "-c", kill, str(path)]).returncode == -signal.SIGKILL
    Path(f"{path}-shm").unlink()
    assert Path(f"{path}-wal").stat().st_size > 0


def overwrite_page_header(path: Path, table: str) -> None:
    """Garbage over the page type, the cell count and first cell pointers of the table's root page (the page
    type too, so that SQLite meets the damage on every run: see tests/core/test_hostile_study.py)."""
    with Study.open(path) as study:
        (root,) = study.conn.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()
        (page_size,) = study.conn.execute("PRAGMA page_size").fetchone()
    with open(path, "r+b") as handle:
        handle.seek(page_size * (root - 1))
        handle.write(b"\xff\x00\x00" + b"\x00\x50" + b"\xff" * 30)
