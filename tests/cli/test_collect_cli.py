"""`xmdesk serve` as a real child process (issue 22): its address, QR code and JSON lines, personal
links, and a server SIGKILLed in the middle of a load that loses no acknowledged submission."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.collect_client import Load, demo_answers, many_phones, start_server
from tests.core.test_collect import CODE, demo_with_logic
from xmdesk.core.collect import links
from xmdesk.core.collect.flow import Flow
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey


def served_study(path: Path) -> tuple[Path, int]:
    """A study with the demo survey (only detractors asked what to improve); its last screen's index."""
    with Study.create(path) as study:
        demo_with_logic(study)
        return path, len(Flow(load_survey(study, CODE)).screens) - 1


def stored(path: Path) -> list[str]:
    with Study.open(path, window=False) as study:
        return [row[0] for row in study.conn.execute(f"SELECT uuid FROM responses_{CODE} WHERE source = 'web'")]


def test_serve_prints_the_address_and_a_qr_code_and_stops_on_sigterm(tmp_path: Path) -> None:
    study, _ = served_study(tmp_path / "s.xmd")
    child = subprocess.Popen([sys.executable, "-m", "xmdesk", "--lang", "zh", "serve", str(study), "--survey", CODE,
                              "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stderr is not None
    listening = json.loads(child.stdout.readline())
    assert listening["event"] == "listening" and listening["url"].startswith("http://127.0.0.1:")
    address = child.stderr.readline()
    assert "正在发布问卷 retail_cx" in address and listening["url"] in address
    assert "█" in child.stderr.readline() + child.stderr.readline()  # the QR code, drawn in blocks
    child.send_signal(signal.SIGTERM)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0 and json.loads(out.splitlines()[-1])["event"] == "stopped"


def test_personal_links_for_a_customer_list(tmp_path: Path) -> None:
    study, _ = served_study(tmp_path / "s.xmd")
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_id,store,name\nC001,sh_njl,王芳\nC002,bj_wfj,李强\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "xmdesk", "serve", str(study), "--survey", CODE, "--host", "10.0.0.5",
                           "--links", str(customers)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["name"] for r in rows] == ["王芳", "李强"]
    with Study.open(study, window=False) as opened:
        keys = links.keys(opened, CODE)
        survey = load_survey(opened, CODE)
    first = rows[0]["link"]
    assert first.startswith(f"http://10.0.0.5:8765/s/{keys.token}/?")
    query = dict(part.split("=") for part in first.split("?")[1].split("&"))
    assert links.verified_prefill(keys, survey, query).customer_id == "C001"


def test_a_server_killed_mid_load_loses_no_acknowledged_submission(tmp_path: Path) -> None:
    study, last = served_study(tmp_path / "s.xmd")
    child, link = start_server(study, tmp_path / "events.jsonl", CODE)
    load = Load()

    async def load_then_kill() -> None:
        phones = asyncio.ensure_future(many_phones(link, 120, 20, last, demo_answers, resend_every=5, load=load))
        while len(load.acknowledged) < 40 and not phones.done():
            await asyncio.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        await phones

    asyncio.run(load_then_kill())
    child.wait(timeout=60)
    assert 40 <= len(load.acknowledged) < 120 and load.failures > 0  # killed while phones were sending
    after_restart = stored(study)
    assert load.acknowledged <= set(after_restart) and len(after_restart) == len(set(after_restart))
