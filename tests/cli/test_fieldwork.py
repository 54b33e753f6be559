"""xmdesk pack / xmdesk merge, run as the real command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from xmdesk.core.fieldwork import entry
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey


def xmdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XMDESK_HOME=str(home), XMDESK_LANG="en")
    return subprocess.run([sys.executable, "-m", "xmdesk", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_pack_and_merge_twice(demo_path: Path, tmp_path: Path) -> None:
    laptop_home = tmp_path / "laptop_home"
    laptop_study = tmp_path / "laptop.xmd"
    shutil.copyfile(demo_path, laptop_study)
    result = xmdesk(laptop_home, "pack", str(laptop_study), "-o", str(tmp_path / "empty"))
    assert result.returncode == 1 and "no responses to pack" in result.stderr
    device = (laptop_home / "device_id").read_text().strip()
    with Study.open(laptop_study) as study:
        survey = load_survey(study, "retail_cx")
        for nps in (3, 9):
            answers = {"region": 1, "store": 1, "channel": 1, "visit_date": "2026-06-01", "nps": nps, "csat": 4}
            draft = entry.Draft("retail_cx", answers=answers, worker="王芳")
            entry.save_response(study, survey, draft)
        study.conn.execute("UPDATE responses_retail_cx SET device_id = ? WHERE id > 1000", (device,))
    packed = xmdesk(laptop_home, "pack", str(laptop_study), "-o", str(tmp_path / "field"))
    assert packed.returncode == 0, packed.stderr
    summary = json.loads(packed.stdout)
    assert summary["responses"] == {"retail_cx": 2} and summary["path"].endswith(".xmdpack")

    first = xmdesk(tmp_path, "merge", str(demo_path), summary["path"], "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["added"] == 2
    second = json.loads(xmdesk(tmp_path, "merge", str(demo_path), summary["path"], "--json").stdout)
    assert (second["added"], second["unchanged"], second["conflicting"]) == (0, 2, 0)
    info = json.loads(xmdesk(tmp_path, "info", str(demo_path), "--json").stdout)
    assert info["surveys"][0]["responses"] == 1002 and info["integrity"] == "ok"


def test_merge_of_a_file_that_is_not_a_pack_says_so(demo_path: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.xmdpack"
    bogus.write_text("hello", encoding="utf-8")
    result = xmdesk(tmp_path, "merge", str(demo_path), str(bogus))
    assert result.returncode == 1
    assert "neither a response pack nor an XMDesk study" in result.stderr


def test_merge_into_a_study_open_in_a_window_writes_beside_it(demo_path: Path, tmp_path: Path) -> None:
    """The lead merges from the command line while the study is open in the app: the merge lands, and the
    app's connection sees another process commit (data_version), which is how its views know to refresh."""
    laptop = tmp_path / "laptop.xmd"
    shutil.copyfile(demo_path, laptop)
    with Study.open(laptop) as study:
        survey = load_survey(study, "retail_cx")
        answers = {"region": 1, "store": 1, "channel": 1, "visit_date": "2026-06-01", "nps": 4, "csat": 2}
        entry.save_response(study, survey, entry.Draft("retail_cx", answers=answers, worker="王芳"))
    with Study.open(demo_path) as window:  # the lead has it open in the app
        before = window.data_version()
        result = xmdesk(tmp_path, "merge", str(demo_path), str(laptop), "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["added"] == 1
        assert window.data_version() != before
        assert window.conn.execute("SELECT count(*) FROM responses_retail_cx").fetchone() == (1001,)
