"""`xmdesk serve --posters` (issue 22): a PDF of QR posters, one page per store, each page's link carrying its
store and opening the survey on the running server."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.cli.test_collect_cli import served_study
from tests.core.test_collect import CODE
from xmdesk.core.demo import demo_survey

STORES = demo_survey().question("store").answer_choices()


def pdf_page_text(pdf: Path, page: int) -> str:
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return done.stdout


def test_serve_writes_one_poster_per_store_whose_link_carries_the_store(tmp_path: Path) -> None:
    study, _ = served_study(tmp_path / "s.xmd")
    posters = tmp_path / "posters.pdf"
    child = subprocess.Popen([sys.executable, "-m", "xmdesk", "--lang", "en", "serve", str(study), "--survey", CODE,
                              "--port", "0", "--posters", str(posters)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    try:
        events = [json.loads(child.stdout.readline()) for _ in range(2)]
        assert [e["event"] for e in events] == ["listening", "posters"]
        assert events[1]["pages"] == len(STORES) == 20
        second = pdf_page_text(posters, 2)
        assert STORES[1].label_en in second and "scan with your phone" in second
        link = next(word for word in second.split() if word.startswith("http://"))
        assert link.startswith(events[0]["url"]) and f"store={STORES[1].code}&sig=" in link
        assert link.isascii() and all(pdf_page_text(posters, n).isascii() for n in range(1, 21))  # no "ﬀ" ligature
        with urllib.request.urlopen(link, timeout=30) as answer:
            page = answer.read().decode("utf-8")
        assert answer.status == 200 and 'name="store"' not in page  # the store comes from the poster, not asked
    finally:
        child.send_signal(signal.SIGTERM)
        child.communicate(timeout=60)
    assert child.returncode == 0
