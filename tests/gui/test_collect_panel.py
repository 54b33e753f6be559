"""The Collect area (issue 22): the survey server started and stopped from the window on loopback, its QR
code and live counts after a phone's submission over real HTTP, stopped when the study closes, and the
store posters from the panel."""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

import aiohttp
import pytest
from PySide6.QtCore import Qt

from tests.collect_client import walk_survey
from tests.core.test_collect import CODE, demo_with_logic
from xmdesk.core.errors import Cancelled
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.file import Study
from xmdesk.gui.workers import JobWorker


def small_study(path: Path) -> Path:
    with Study.create(path) as study:
        demo_with_logic(study)
    return path


def collect_area(window, path: Path):  # noqa: ANN001, ANN201 - the window fixture's types are Qt's
    window.open_study(path)
    window.study_page.show_area("collect")
    area = window.study_page.areas["collect"]
    area.host_combo.setCurrentText("127.0.0.1")
    area.port_spin.setValue(0)  # any free port: tests run side by side
    return area


async def _phone(link: str) -> str:
    async with aiohttp.ClientSession() as session:
        return (await walk_survey(session, link, seed=7, lang="en-US")).acknowledged


def test_start_shows_address_and_qr_counts_follow_a_phone_and_stop_ends_the_server(window, tmp_path: Path,
                                                                                   qtbot) -> None:  # noqa: ANN001
    area = collect_area(window, small_study(tmp_path / "c.xmd"))
    assert area.survey_combo.currentData() == CODE and area.start_button.text() == "Start"
    qtbot.mouseClick(area.start_button, Qt.MouseButton.LeftButton)
    assert area.server is not None and area.start_button.text() == "Stop"
    link = area.address_label.text()
    assert link.startswith("http://127.0.0.1:") and f"/s/{area.server.keys.token}/" in link
    assert not area.qr_label.pixmap().isNull() and area.qr_label.pixmap().width() > 150
    assert "Visitors: 0   Submitted: 0" in area.counts_label.text()

    acknowledged = asyncio.run(_phone(link))
    assert acknowledged
    qtbot.waitUntil(lambda: "Visitors: 1   Submitted: 1   In progress: 0" in area.counts_label.text())
    stored = window.study.conn.execute(f"SELECT uuid, source FROM responses_{CODE}").fetchall()
    assert stored == [(acknowledged, "web")]

    threads = (area.server._thread, area.server._writer._thread)
    qtbot.mouseClick(area.start_button, Qt.MouseButton.LeftButton)
    assert area.server is None and area.start_button.text() == "Start" and area.qr_label.pixmap().isNull()
    assert not any(thread.is_alive() for thread in threads)


def test_closing_the_study_stops_the_server(window, tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    area = collect_area(window, small_study(tmp_path / "c.xmd"))
    area.start()
    server = area.server
    assert server is not None
    window.close_study()
    assert area.server is None and server._thread is not None and not server._thread.is_alive()


def test_posters_from_the_panel_one_page_per_store(window, tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    area = collect_area(window, small_study(tmp_path / "c.xmd"))
    assert not area.posters_button.isEnabled()  # posters carry the address being served
    area.start()
    pdf = tmp_path / "posters.pdf"
    assert area.write_posters(pdf) == 20
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages: +20$", info, re.MULTILINE)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "store=sh_njl&sig=" in first and area.server.base_url in first
    area.stop()


def test_posters_are_drawn_off_the_window_with_progress(window, tmp_path: Path, qtbot,  # noqa: ANN001
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain's hundreds of stores are hundreds of QR codes: the panel draws them as a job (progress, Cancel)."""
    from xmdesk.gui.collect import area as collect

    area = collect_area(window, small_study(tmp_path / "c.xmd"))
    area.start()
    target = tmp_path / "posters.pdf"
    said: list[str] = []
    monkeypatch.setattr(collect, "save_file", lambda *args: (str(target), ""))  # the file dialog's answer
    monkeypatch.setattr(collect, "export_done", lambda parent, title, path, summary="": said.append(summary))
    assert isinstance(area.save_posters(), JobWorker)  # started, not drawn before it returns
    qtbot.waitUntil(lambda: bool(said), timeout=60_000)
    assert "20" in said[0] and target.exists() and not list(tmp_path.glob("*.partial"))
    area.stop()


def test_cancelled_posters_leave_no_half_pdf(window, tmp_path: Path) -> None:  # noqa: ANN001
    area = collect_area(window, small_study(tmp_path / "c.xmd"))
    area.start()
    pdf = tmp_path / "posters.pdf"
    token = CancelToken()
    with pytest.raises(Cancelled):
        area.write_posters(pdf, lambda done, total, store: token.cancel(), token)  # Cancel after the first page
    assert not pdf.exists() and not list(tmp_path.glob("*.partial"))
    area.stop()
