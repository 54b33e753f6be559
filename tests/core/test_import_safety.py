"""No input crashes the CSV importer or leaves a half-written study; a killed import leaves it intact."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xmdesk.core.errors import XMDeskError
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys

CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["", "5", "10分", "非常满意", "是", "(跳过)", "2024/5/1",
                                                         '"', ",", ";", "\t", "\n", "┋", "-3", "1e308", "NaN"]))
TABLES = st.lists(st.lists(CELLS, min_size=0, max_size=6), min_size=0, max_size=8)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])


def dump(study: Study) -> str:
    return hashlib.sha256("\n".join(line for line in study.conn.iterdump() if "import_log" not in line
                                    and "audit_log" not in line).encode()).hexdigest()


SHARED: dict[str, Study] = {}


def shared_study(tmp_path: Path) -> Study:
    """One study for all examples (creating a study per example would dominate the run)."""
    if "study" not in SHARED or SHARED["study"].closed:
        SHARED["study"] = Study.create(tmp_path / "fuzz.xmd")
    return SHARED["study"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=TABLES, encoding=ENCODINGS, delimiter=st.sampled_from([",", ";", "\t"]),
       junk=st.binary(max_size=40), on_error=st.sampled_from(["stop", "skip", "missing"]))
def test_any_csv_imports_whole_or_not_at_all(tmp_path: Path, table: list[list[str]], encoding: str,
                                             delimiter: str, junk: bytes, on_error: str) -> None:
    import csv
    import io

    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(table)
    try:
        data = text.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = text.getvalue().encode("utf-8")
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data + junk)
    study = shared_study(tmp_path)
    code = f"fuzz{len(list_surveys(study))}"
    before = dump(study)
    try:
        result = run_import(study, prepare(study, path, new=code), on_error=on_error)
    except XMDeskError:
        assert dump(study) == before  # not a row, not a survey left behind
    else:
        survey = list_surveys(study)[-1]
        assert survey.code == code
        stored = study.conn.execute(f'SELECT count(*) FROM "{survey.response_table}"').fetchone()[0]
        assert stored == result.imported
    assert study.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_sigkill_halfway_leaves_the_study_unchanged_and_intact(tmp_path: Path) -> None:
    study_path = tmp_path / "kill.xmd"
    with Study.create(study_path) as study:
        small = tmp_path / "small.csv"
        small.write_text("客户,评分\nC1,5\nC2,4\n", encoding="utf-8")
        run_import(study, prepare(study, small, new="cx"))
        before = dump(study)
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("客户,评分,评论\n")
        for number in range(400_000):
            handle.write(f"K{number},{number % 5 + 1},第{number}条评论内容\n")
    process = subprocess.Popen([sys.executable, "-m", "xmdesk", "import", str(study_path), str(big), "--survey",
                                "cx", "--on-error", "missing"], stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    assert process.stderr is not None
    seen = ""
    for line in process.stderr:
        seen += line
        percent = line.strip().split("%")[0]
        if percent.isdigit() and 30 <= int(percent) < 100:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, seen
    # Alone with the study, the import wrote through a rollback journal: the hot journal it left is
    # what SQLite rolls back on the next open.
    assert Path(str(study_path) + "-journal").exists() and not Path(str(study_path) + "-wal").exists()
    time.sleep(0.1)
    with Study.open(study_path) as study:
        assert dump(study) == before
        assert study.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [row[0] for row in study.conn.execute("SELECT col1 FROM responses_cx ORDER BY id")] == ["C1", "C2"]
