"""`xmdesk journey list` and `xmdesk journey export`, run as the real command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from xmdesk.core.journey import maps as J
from xmdesk.core.analysis import metrics
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey

DEMO_JOURNEY = "零售门店购物旅程"


def xmdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "xmdesk", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def test_list_json_has_stages_touchpoints_links_and_engine_scores(demo_path: Path) -> None:
    result = xmdesk("journey", "list", str(demo_path), "--json")
    assert result.returncode == 0, result.stderr
    (journey,) = json.loads(result.stdout)
    assert journey["name"] == DEMO_JOURNEY
    assert [s["name"] for s in journey["stages"]] == list(J.DEFAULT_STAGES)
    first = journey["stages"][0]["touchpoints"][0]
    assert first["name"] == "社交媒体广告" and first["channel"] == "线上"
    assert first["link"] == {"survey": "retail_cx", "question": "nps", "metric": "nps", "filter": "${channel} = 3"}
    with Study.open(demo_path, read_only=True) as study:
        frame = load_frame(study, load_survey(study, "retail_cx"), ["nps", "channel"])
        online = frame[(frame["channel"] == 3).to_numpy(dtype=bool, na_value=False)]
        expected = metrics.nps(online["nps"])
    assert first["score"] == pytest.approx(expected.nps, abs=1e-4) and first["n"] == expected.n
    assert all(set(p) >= {"name", "channel", "link", "score", "n"}
               for s in journey["stages"] for p in s["touchpoints"])


def test_list_text_and_unknown_journey(demo_path: Path) -> None:
    result = xmdesk("journey", "list", str(demo_path))
    assert result.returncode == 0 and "门店环境 [门店]: MEAN" in result.stdout
    missing = xmdesk("journey", "export", str(demo_path), "--journey", "没有", "-o", "x.png")
    assert missing.returncode == 1 and "没有" in missing.stderr


def test_exports_are_written_and_open(demo_path: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    outputs = {ext: tmp_path / f"旅程.{ext}" for ext in ("png", "svg", "pdf")}
    for ext, path in outputs.items():
        result = xmdesk("journey", "export", str(demo_path), "--journey", DEMO_JOURNEY, "-o", str(path),
                        "--page", "a4")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["path"] == str(path)
    image = QImage(str(outputs["png"]))
    # A4 landscape (297 × 210 mm) at 200 dpi.
    assert image.width() == pytest.approx(297 / 25.4 * 200, abs=2)
    assert image.height() == pytest.approx(210 / 25.4 * 200, abs=2)
    svg = ET.parse(outputs["svg"]).getroot()
    assert svg.tag.endswith("svg")
    texts = "".join(node.text or "" for node in svg.iter() if node.tag.endswith("text"))
    assert DEMO_JOURNEY in texts and "门店环境" in texts
    from pypdf import PdfReader

    reader = PdfReader(str(outputs["pdf"]))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    if shutil.which("pdftoppm"):
        page = tmp_path / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(outputs["pdf"]), str(page)], check=True)
        assert not QImage(str(page) + ".png").isNull()
    bad = xmdesk("journey", "export", str(demo_path), "--journey", DEMO_JOURNEY, "-o", str(tmp_path / "x.txt"))
    assert bad.returncode == 1 and ".png" in bad.stderr and not (tmp_path / "x.txt").exists()
