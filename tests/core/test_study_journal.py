"""A big write alone with the study goes through a rollback journal; with a reader open it stays in WAL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.study import Study


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
