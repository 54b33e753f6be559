"""`xmdesk edit` as a subprocess on the demo study (issue 20): one answer corrected and seen by `stats`, a bulk edit
whose preview lists exactly the rows it then writes, bad input refused in words with nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from tests.cli.run import rows, xmdesk

WHERE = "${store} = 'bj_zgc' and ${channel} = '门店'"



def edit(path: Path, *args: str) -> dict[str, object]:
    result = xmdesk("edit", str(path), "--survey", "retail_cx", *args)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def _mean_nps(path: Path) -> float:
    result = xmdesk("stats", str(path), "--survey", "retail_cx", "--metric", "mean", "--question", "nps", "--json")
    assert result.returncode == 0, result.stderr
    return float(json.loads(result.stdout)["mean"])


def test_one_answer_corrected_logged_and_seen_by_stats(demo_path: Path) -> None:
    (old,), = rows(demo_path, "SELECT nps FROM responses_retail_cx WHERE id = 5")
    scores = [v for (v,) in rows(demo_path, "SELECT nps FROM responses_retail_cx WHERE deleted = 0 AND nps IS NOT NULL")]
    before = _mean_nps(demo_path)
    done = edit(demo_path, "--response", "5", "--set", "nps=10" if old != 10 else "nps=0")
    new = 10 if old != 10 else 0
    assert done["changes"] == [{"id": 5, "column": "nps", "old": old, "new": new}] and done["committed"] is True
    assert abs(_mean_nps(demo_path) - (before + (new - old) / len(scores))) < 1e-9
    (detail,), = rows(demo_path, "SELECT detail FROM audit_log WHERE action = 'clean' AND entity_id = 'retail_cx:5'")
    assert json.loads(str(detail)) == {"changed": {"nps": [old, new]}, "kind": "set"}


def test_bulk_preview_lists_exactly_what_the_edit_writes(demo_path: Path) -> None:
    chosen = [i for (i,) in rows(demo_path, "SELECT id FROM responses_retail_cx WHERE deleted = 0 AND store = 7"
                                           " AND channel = 1 ORDER BY id")]
    assert chosen
    preview = edit(demo_path, "--where", WHERE, "--set", "store=北京王府井店", "--preview")
    assert preview["committed"] is False and [c["id"] for c in preview["changes"]] == chosen  # type: ignore[index]
    assert rows(demo_path, "SELECT count(*) FROM audit_log WHERE action = 'clean'") == [(0,)]
    done = edit(demo_path, "--where", WHERE, "--set", "store=北京王府井店")
    assert done["changes"] == preview["changes"] and done["committed"] is True
    assert all(store == 6 for (store,) in rows(
        demo_path, f"SELECT store FROM responses_retail_cx WHERE id IN ({', '.join(map(str, chosen))})"))
    assert rows(demo_path, "SELECT count(*) FROM audit_log WHERE action = 'clean'") == [(len(chosen),)]


def test_bad_values_are_refused_in_words_and_nothing_written(demo_path: Path) -> None:
    before = rows(demo_path, "SELECT nps, store FROM responses_retail_cx ORDER BY id")
    out_of_scale = xmdesk("edit", str(demo_path), "--survey", "retail_cx", "--response", "5", "--set", "nps=12")
    assert out_of_scale.returncode != 0 and "from 0 to 10" in out_of_scale.stderr
    no_store = xmdesk("edit", str(demo_path), "--survey", "retail_cx", "--where", WHERE, "--set", "store=上海外滩店")
    assert no_store.returncode != 0 and "上海外滩店" in no_store.stderr and "Traceback" not in no_store.stderr
    no_form = xmdesk("edit", str(demo_path), "--survey", "retail_cx", "--response", "5", "--set", "nps")
    assert no_form.returncode != 0 and "nps=9" in no_form.stderr
    assert rows(demo_path, "SELECT nps, store FROM responses_retail_cx ORDER BY id") == before


def test_several_answers_of_one_response_are_set_together_and_a_bulk_edit_takes_one(demo_path: Path) -> None:
    """Each --set used to replace the one before: `--set attr__env=3 --set attr__range=3` changed attr__range alone
    and said nothing of attr__env."""
    (env, rng), = rows(demo_path, "SELECT attr__env, attr__range FROM responses_retail_cx WHERE id = 3")
    new_env, new_rng = (2 if env != 2 else 4), (2 if rng != 2 else 4)
    done = edit(demo_path, "--response", "3", "--set", f"attr__env={new_env}", "--set", f"attr__range={new_rng}")
    assert sorted((c["column"], c["old"], c["new"]) for c in done["changes"]) == [  # type: ignore[attr-defined]
        ("attr__env", env, new_env), ("attr__range", rng, new_rng)]
    assert rows(demo_path, "SELECT attr__env, attr__range FROM responses_retail_cx WHERE id = 3") == [(new_env, new_rng)]
    before = rows(demo_path, "SELECT count(*) FROM audit_log")
    refused = xmdesk("edit", str(demo_path), "--survey", "retail_cx", "--where", WHERE, "--set", "nps=9",
                     "--set", "csat=5")
    assert refused.returncode != 0 and "one column at a time" in refused.stderr and "--set csat=5" in refused.stderr
    assert rows(demo_path, "SELECT count(*) FROM audit_log") == before
