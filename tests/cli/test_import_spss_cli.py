"""`xmdesk import` of SPSS files as the user runs it: a subprocess, JSON on stdout, one line on a bad file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_import_cli import new_study, xmdesk
from tests.core.test_import_spss import PYREADSTAT, ROWS, SATISFACTION, write_gbk_sav
from xmdesk.core.study.file import Study


def test_import_a_gbk_sav_then_a_por_from_the_command_line(tmp_path: Path) -> None:
    study = new_study(tmp_path)
    write_gbk_sav(tmp_path / "wave1.sav", SATISFACTION, ROWS, 1252)  # GBK bytes under a Western code page
    done = xmdesk("import", str(study), str(tmp_path / "wave1.sav"), "--new", "wave1", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["layout"], result["imported"], result["problems"]) == ("spss", 4, [])
    portable = xmdesk("import", str(study), str(PYREADSTAT / "sample.por"), "--new", "portable", "--json")
    assert portable.returncode == 0 and json.loads(portable.stdout)["imported"] == 5, portable.stderr
    with Study.open(study, read_only=True) as opened:
        assert opened.conn.execute("SELECT label_zh FROM questions WHERE code = 'q1'").fetchone() == ("您对本店的总体满意度",)
        assert opened.conn.execute("SELECT q1, city FROM responses_wave1 ORDER BY id").fetchall() == [
            (1, "上海"), (3, "北京"), (None, "广州"), (2, "深圳")]


def test_a_cut_sav_is_one_line_and_exit_1(tmp_path: Path) -> None:
    study = new_study(tmp_path)
    (tmp_path / "cut.sav").write_bytes((PYREADSTAT / "sample.sav").read_bytes()[:700])
    failed = xmdesk("import", str(study), str(tmp_path / "cut.sav"), "--new", "cut")
    assert failed.returncode == 1 and failed.stderr.startswith("xmdesk: cut.sav is damaged or incomplete")
    assert len(failed.stderr.strip().splitlines()) == 1
