"""`xmdesk text --learn-from-codes` and `--remove-adjustment` (issue 21), run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.run import xmdesk
from tests.core.test_text_adjust import UNCODED, _code_all, _study


def _uncoded(data_file: Path) -> dict[str, str]:
    records = json.loads(data_file.read_text(encoding="utf-8"))
    return {r["text"]: r["polarity"] for r in records if r["text"] in dict(UNCODED)}


def test_the_cli_learns_from_the_codes_and_removes_what_it_learned(tmp_path: Path) -> None:
    path = tmp_path / "telecom.xmd"
    with _study(path) as study:
        _code_all(study)
    out = tmp_path / "comments.json"
    learned = xmdesk("text", str(path), "--question", "comment", "--learn-from-codes", "--json", "--comments", str(out))
    assert learned.returncode == 0, learned.stderr
    data = json.loads(learned.stdout)
    assert data["adjustment"]["learned_from"] == 25 and data["sentiment"]["adjusted_by_codes"] == 25
    assert data["adjustment"]["agree_after"] >= data["adjustment"]["agree_before"]
    assert "Learned from 25 codes" in learned.stderr
    assert _uncoded(out) == dict(UNCODED)

    again = xmdesk("text", str(path), "--question", "comment")  # kept in the study: used without the flag
    assert "(the model adjusted by 25 of this study's codes)" in again.stdout

    removed = xmdesk("text", str(path), "--question", "comment", "--remove-adjustment", "--json", "--comments",
                     str(out))
    assert removed.returncode == 0 and json.loads(removed.stdout)["adjustment"] == {"removed": True}
    assert set(_uncoded(out).values()) == {"neutral"}


def test_learning_without_enough_codes_says_so(tmp_path: Path) -> None:
    path = tmp_path / "telecom.xmd"
    _study(path).close()
    result = xmdesk("text", str(path), "--question", "comment", "--learn-from-codes")
    assert result.returncode == 1 and "at least 20 comments" in result.stderr
