"""Hostile CSV files through `xmdesk import` as a user runs it (issue 16, cases 1, 7 and 9's giant lines):
the right rows with exit 0, or one line on stderr, in the chosen language, and a non-zero exit; never a
traceback and never fragments imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_hostile_csv import comments_csv, mixed_file
from xmdesk.core.study.file import Study


def xmdesk(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", lang, *args], capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "s.xmd"
    assert xmdesk("new", str(path)).returncode == 0
    return path


def refused(done: subprocess.CompletedProcess[str]) -> str:
    """The refusal: a non-zero exit and one line on stderr (the progress bar aside), no traceback."""
    assert done.returncode != 0 and "Traceback" not in done.stderr
    lines = [line for line in done.stderr.strip().splitlines() if line.strip() and "%" not in line]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_stray_separator_in_a_quoted_comment_imports_the_right_rows(study: Path, tmp_path: Path) -> None:
    done = xmdesk("import", str(study), str(comments_csv(tmp_path / "comments.csv", ";")), "--new", "c", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 4  # before: 3 fragment rows, a question named 2,3,"slow
    with Study.open(study, read_only=True) as opened:
        assert [q for (q,) in opened.conn.execute("SELECT code FROM questions ORDER BY id")] == ["id_src", "score",
                                                                                               "comment"]


def test_ragged_rows_and_giant_lines_are_one_line_refusals(study: Path, tmp_path: Path) -> None:
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("id,score,comment\n1,9,good\n2,3,slow, rude\n3,7,ok\n", encoding="utf-8")
    line = refused(xmdesk("import", str(study), str(ragged), "--new", "r"))
    assert line.startswith("xmdesk: ragged.csv, row 3: 4 fields where the rows above have 3")
    chinese = refused(xmdesk("import", str(study), str(ragged), "--new", "r", lang="zh"))
    assert chinese.startswith("xmdesk: ragged.csv 第 3 行：有 4 个字段")
    fields = tmp_path / "fields.csv"
    fields.write_bytes(b"id,score\n1,5\n" + b"1," * 200_000 + b"1\n")
    assert "line 3 is too long for a row: more than 131,072 separators" in refused(
        xmdesk("import", str(study), str(fields), "--new", "f"))
    with Study.open(study, read_only=True) as opened:
        assert opened.conn.execute("SELECT count(*) FROM surveys").fetchone() == (0,)


def test_a_gbk_line_in_a_utf8_file_is_named_then_skipped_on_request(study: Path, tmp_path: Path) -> None:
    path = mixed_file(tmp_path / "mixed.csv", rows=300, bad_row=5)
    line = refused(xmdesk("import", str(study), str(path), "--new", "mx"))
    assert line.startswith("xmdesk: mixed.csv, row 5, column 'store': not valid UTF-8 text")
    done = xmdesk("import", str(study), str(path), "--new", "mx", "--on-error", "skip", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["imported"], result["skipped"], result["problems"][0]["row"]) == (299, 1, 5)
