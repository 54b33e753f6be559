"""`xmdesk text` run as a subprocess on the demo study: summaries, JSON, the comments CSV, errors."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from xmdesk.core.study.file import Study
from xmdesk.core.text.analyze import comment_table


def xmdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env["XMDESK_LANG"] = "en"
    return subprocess.run([sys.executable, "-m", "xmdesk", *args], capture_output=True, text=True, timeout=180,
                          env=env)


def test_text_json_and_comments_csv(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "comments.csv"
    result = xmdesk("text", str(demo_path), "--survey", "retail_cx", "--question", "improve_text", "--json",
                    "--comments", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["comments"] == 1000 and data["computed"] == {"segmented": 31, "scored": 31}
    topics = {t["topic"]: t for t in data["topics"]}
    assert topics["排队"]["comments"] > 100 and topics["排队"]["nps_with"]["nps"] < topics["排队"]["nps_without"]["nps"]
    assert data["keywords"]["tfidf"][0][0] == "排队"
    assert "%" in result.stderr  # progress went to stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the Chinese
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["response_id", "text", "sentiment", "polarity", "topics", "topic_polarity", "coded",
                             "quotable"] and len(rows) == 1000
    assert {r["polarity"] for r in rows} == {"positive", "neutral", "negative"}
    assert data["sentiment"]["machine_coded"] == 1000 and data["sentiment"]["by_hand"] == 0
    with Study.open(demo_path, read_only=True) as study:
        table = comment_table(study, "retail_cx", "improve_text")
    first = table.iloc[0]
    assert rows[0]["response_id"] == str(first["response_id"]) and rows[0]["text"] == first["text"]
    assert float(rows[0]["sentiment"]) == round(float(first["sentiment"]), 4)
    assert rows[0]["topics"] == ";".join(first["topics"]) and rows[0]["polarity"] == first["polarity"]
    again = json.loads(xmdesk("text", str(demo_path), "--question", "improve_text", "--json").stdout)
    assert again["computed"] == {"segmented": 0, "scored": 0}  # cached in the study by the first run


def test_text_table_and_codebook_file(demo_path: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text("topic,rules\n等候,排队;等待\n", encoding="utf-8")
    result = xmdesk("text", str(demo_path), "--question", "improve_text", "--codebook", str(book))
    assert result.returncode == 0, result.stderr
    topic_lines = [line.split()[0] for line in result.stdout.splitlines()[4:] if line.strip()][:1]
    assert topic_lines == ["等候"] and "keywords (tfidf)" in result.stdout


def test_text_errors_are_one_line(demo_path: Path, tmp_path: Path) -> None:
    wrong = xmdesk("text", str(demo_path), "--question", "nps")
    assert wrong.returncode == 1 and "not an open-text question" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"topics": [{"name": "排队", "rules": ["/等了(分钟/"]}]}', encoding="utf-8")
    result = xmdesk("text", str(demo_path), "--question", "improve_text", "--codebook", str(bad))
    assert result.returncode == 1 and "排队" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_comments_json_carries_polarity_and_the_analysts_codes(demo_path: Path, tmp_path: Path) -> None:
    from xmdesk.core.text.codes import set_code

    with Study.open(demo_path) as study:
        first = comment_table(study, "retail_cx", "improve_text").iloc[0]
        set_code(study, "retail_cx", "improve_text", int(first["response_id"]), polarity="neutral", quotable=True)
    out = tmp_path / "comments.json"
    result = xmdesk("text", str(demo_path), "--question", "improve_text", "--comments", str(out))
    assert result.returncode == 0, result.stderr
    assert "999 machine-coded, 1 by hand" in result.stdout
    record = json.loads(out.read_text(encoding="utf-8"))[0]
    assert record["response_id"] == int(first["response_id"]) and record["polarity"] == "neutral"
    assert record["coded"] == "by hand" and record["quotable"] is True and 0.4 <= record["sentiment"] < 0.6
