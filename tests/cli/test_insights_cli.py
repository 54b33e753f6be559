"""`xmdesk insights` as a subprocess: JSON on stdout with the planted findings, progress on stderr, bad input in words."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.insights_data import SURVEY, write_study


def insights(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "en", "insights", *args], capture_output=True,
                          text=True, timeout=180, env=os.environ.copy())


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_study(tmp_path_factory.mktemp("cli") / "planted.xmd", count=4000)


def test_json_holds_the_findings_and_how_many_comparisons_were_made(planted: Path) -> None:
    done = insights(str(planted), "--survey", SURVEY, "--json", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["correction"] == "benjamini-hochberg" and data["comparisons"] > data["kept"] > 0
    assert data["periods"] == ["2026-09", "2026-10"]
    south = next(f for f in data["findings"] if (f["segment"], f["group"], f["outcome"]) == ("region", "south", "nps"))
    assert south["difference"] < 0 and south["q"] <= 0.05 and south["sentence"].startswith("华南（区域）的 NPS 为")
    assert south["reason"]["outcome"].endswith(":排队")
    assert "Comparing every segment" in done.stderr  # progress, in the messages' language


def test_text_lists_sentences_in_the_asked_language(planted: Path) -> None:
    done = insights(str(planted), "--min-effect", "0.3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "comparisons made" in lines[0] and "effect size of at least 0.3" in lines[0]
    assert any(line.lstrip().startswith("1. ") for line in lines[1:])


def test_a_bad_floor_is_one_line_in_words(planted: Path) -> None:
    done = insights(str(planted), "--min-base", "1")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "xmdesk: The minimum base must be a whole number of at least 2 (got 1)."
