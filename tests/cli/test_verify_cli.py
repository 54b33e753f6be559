"""`xmdesk verify` and `xmdesk report --as-of/--since` as real subprocesses (issue 23): a delivered PDF proved
again, named as changed after new data came in, the next delivery's cover saying what changed since, and the
first reproduced number for number as of the day it was delivered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.core.test_report_stamp import _next_second, change_the_data
from xmdesk.core.reports.stamp import read_stamp
from xmdesk.core.study.file import Study
from tests.cli.run import xmdesk



def test_a_pdf_is_verified_then_named_as_changed_then_reproduced_as_of_its_date(demo_path: Path,
                                                                                tmp_path: Path) -> None:
    delivered = tmp_path / "october.pdf"
    made = xmdesk("report", str(demo_path), "--report-lang", "en", "-o", str(delivered))
    assert made.returncode == 0, made.stderr
    stamp = read_stamp(delivered)
    untouched = xmdesk("verify", str(delivered), str(demo_path))
    assert untouched.returncode == 0, untouched.stderr
    assert untouched.stdout == f"Same data, all {stamp.number_count} numbers reproduced.\n"

    _next_second()
    with Study.open(demo_path) as study:
        change_the_data(study)
    changed = xmdesk("verify", str(delivered), str(demo_path), "--json")
    assert changed.returncode == 3, changed.stderr
    verdict = json.loads(changed.stdout)
    assert not verdict["reproduced"] and not verdict["same_data"]
    assert verdict["reasons"] == {"added": 40, "edited": 2, "deleted": 1, "excluded": 2}
    named = {block["title"] for block in verdict["changed_blocks"]}
    assert {"Key metrics", "Executive summary", "Methodology"} <= named
    assert verdict["text"][-1].startswith("Since the report was made: responses added 40")

    november = tmp_path / "november.html"
    noted = xmdesk("report", str(demo_path), "--report-lang", "en", "--since", str(delivered), "-o", str(november))
    assert noted.returncode == 0, noted.stderr
    was, now = (next(b for b in s.blocks if b.kind == "tiles").numbers[0] for s in (stamp, read_stamp(november)))
    assert was != now  # 40 promoters more, one answer edited: the NPS moved
    assert (f"since the delivery of {stamp.made[:10]}: +37 responses, NPS {was} → {now}"  # +40 -1 deleted -2 excluded
            in november.read_text(encoding="utf-8"))

    again = tmp_path / "october_again.xlsx"
    rebuilt = xmdesk("report", str(demo_path), "--report-lang", "en", "--as-of", stamp.made, "-o", str(again))
    assert rebuilt.returncode == 0, rebuilt.stderr
    past = read_stamp(again)
    assert past.blocks == stamp.blocks and past.data == stamp.data and past.as_of == stamp.made
    proved = xmdesk("verify", str(again), str(demo_path))
    assert proved.returncode == 0 and proved.stdout.startswith("Same data, all "), proved.stdout + proved.stderr


def test_verify_refuses_a_file_without_a_stamp_in_one_line(demo_path: Path, tmp_path: Path) -> None:
    plain = tmp_path / "notes.html"
    plain.write_text("<html></html>", encoding="utf-8")
    result = xmdesk("verify", str(plain), str(demo_path))
    assert result.returncode == 1 and result.stdout == ""
    assert "carries no XMDesk stamp" in result.stderr and result.stderr.count("\n") == 1
    chinese = subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "zh", "verify", str(plain), str(demo_path)],
                             capture_output=True, text=True, timeout=120)
    assert "没有 XMDesk 印记" in chinese.stderr
    bad_date = xmdesk("report", str(demo_path), "--as-of", "31/10/2026", "-o", str(tmp_path / "r.html"))
    assert bad_date.returncode == 1 and "'31/10/2026' is not a date or time" in bad_date.stderr


def test_a_report_whose_stamp_part_is_broken_is_named_damaged_in_one_line(demo_path: Path, tmp_path: Path) -> None:
    """The stamp of a PowerPoint, Word or Excel report is a zip part: a changed byte made its CRC fail, or its
    deflate stream invalid, which raised zlib.error past the reader (a traceback)."""
    from tests.zips import break_deflate_stream

    deck = tmp_path / "r.pptx"
    assert xmdesk("report", str(demo_path), "-o", str(deck)).returncode == 0
    break_deflate_stream(deck, "docProps/custom.xml")
    result = xmdesk("verify", str(deck), str(demo_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr == f"xmdesk: The XMDesk stamp in {deck} is damaged and cannot be read.\n"
