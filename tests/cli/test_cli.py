"""The real `xmdesk` command, run as a subprocess: JSON on stdout, one-line errors on stderr."""

from __future__ import annotations

import argparse

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_study_journal import (hold_the_lock, kill_an_import_halfway, leave_a_log_without_its_index,
                                          overwrite_page_header, study_with_three_answers)
from xmdesk import __version__
from xmdesk.core.study.migrations import SCHEMA_VERSION


def xmdesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xmdesk", *args], capture_output=True, text=True, timeout=120,
                          env=env or os.environ.copy())


def test_version() -> None:
    result = xmdesk("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"xmdesk {__version__}"


def test_new_then_info(tmp_path: Path) -> None:
    path = tmp_path / "empty.xmd"
    created = xmdesk("new", str(path), "--title", "空项目")
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["schema_version"] >= 2
    info = json.loads(xmdesk("info", str(path), "--json").stdout)
    assert (info["title"], info["integrity"], info["surveys"]) == ("空项目", "ok", [])
    again = xmdesk("new", str(path))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_demo_info_json(tmp_path: Path) -> None:
    path = tmp_path / "demo.xmd"
    built = xmdesk("demo", str(path), "--responses", "300", "--seed", "7")
    assert built.returncode == 0, built.stderr
    assert json.loads(built.stdout)["responses"] == 300
    assert "%" in built.stderr  # progress went to stderr, not into the JSON
    info = json.loads(xmdesk("info", str(path), "--json").stdout)
    assert info["schema_version"] == SCHEMA_VERSION and info["integrity"] == "ok"
    [survey] = info["surveys"]
    assert (survey["name"], survey["responses"]) == ("retail_cx", 300)
    nps = next(q for q in survey["questions"] if q["code"] == "nps")
    assert nps["type"] == "nps" and nps["label"]
    assert {"code", "type", "label"} <= set(nps)
    assert info["odata"][0]["name"] == "orders" and info["journeys"]
    text = xmdesk("info", str(path))
    assert "300 responses" in text.stdout and "retail_cx" in text.stdout


def test_info_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "demo.xmd"
    xmdesk("demo", str(path), "--responses", "10")
    info = json.loads(xmdesk("--lang", "zh", "info", str(path), "--json").stdout)
    labels = {q["code"]: q["label"] for q in info["surveys"][0]["questions"]}
    assert labels["nps"] == "您有多大可能向朋友或同事推荐我们？"


@pytest.mark.parametrize(("content", "expected"), [(b"", "is empty"), (b"\x00\x01garbage" * 20, "not an XMDesk")])
def test_bad_file_one_line_error(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.xmd"
    path.write_bytes(content)
    result = xmdesk("info", str(path), "--json")
    assert result.returncode == 1 and result.stdout == ""
    assert expected in result.stderr and result.stderr.count("\n") == 1
    assert path.read_bytes() == content


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert xmdesk("demo").returncode == 2
    assert xmdesk("frobnicate").returncode == 2
    bad_count = xmdesk("demo", str(tmp_path / "x.xmd"), "--responses", "0")
    assert bad_count.returncode == 1 and "between 1 and" in bad_count.stderr


def test_open_without_display_says_why(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = xmdesk("open", "--demo", env=env)
    assert result.returncode == 1 and "No display" in result.stderr
    missing = xmdesk("open", str(tmp_path / "missing.xmd"), env=env)
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_every_command_has_help() -> None:
    from xmdesk.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"open", "new", "demo", "info", "selftest"} <= set(commands)
    for name, sub in commands.items():
        assert sub.description, name
        readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
        assert f"xmdesk {name}" in readme, f"README does not document 'xmdesk {name}'"


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """A parser and every parser under it, subcommands of subcommands included."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers(sub)
    return found


def test_help_prints_for_the_program_and_every_command() -> None:
    """argparse %-formats every help text: one lone '%' (a banner table's 'column %,') made `xmdesk --help`
    itself a ValueError traceback."""
    from xmdesk.cli import build_parser

    result = xmdesk("--help")
    assert result.returncode == 0 and "tables" in result.stdout, result.stderr
    for parser in _parsers(build_parser()):
        assert parser.format_help(), parser.prog


def test_selftest_uses_every_lazy_component() -> None:
    result = xmdesk("selftest")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "排队" in report["jieba"] and report["excel_round_trip"] is True
    positive, negative = report["sentiment_model"]
    assert positive > 0.5 > negative
    assert report["scipy_chi2_p"] == 0.05


def test_info_after_an_import_killed_half_way_rolls_it_back_and_reports_the_study_whole(tmp_path: Path) -> None:
    """Issue 15: `info` used to call such a study damaged and tell the user to open a backup."""
    path = study_with_three_answers(tmp_path)
    kill_an_import_halfway(path, tmp_path)
    info = xmdesk("info", str(path), "--json")
    assert info.returncode == 0, info.stderr
    summary = json.loads(info.stdout)
    assert summary["integrity"] == "ok" and [s["responses"] for s in summary["surveys"]] == [3]


def test_info_says_interrupted_not_damaged_while_another_process_holds_the_study(tmp_path: Path) -> None:
    path = study_with_three_answers(tmp_path)
    kill_an_import_halfway(path, tmp_path)
    holder = hold_the_lock(path)
    try:
        info = xmdesk("info", str(path))
    finally:
        holder.communicate("")
    assert info.returncode == 1 and "interrupted" in info.stderr and "is damaged" not in info.stderr
    assert info.stderr.count("\n") == 1  # one line, no traceback


def test_info_calls_a_study_damaged_when_its_integrity_check_fails(tmp_path: Path) -> None:
    path = study_with_three_answers(tmp_path)
    overwrite_page_header(path, "responses_cx")
    info = xmdesk("info", str(path))
    assert info.returncode == 1 and "is damaged" in info.stderr and "xmdesk recover" in info.stderr
    assert info.stderr.count("\n") == 1  # one line, no traceback (counting the rows may meet the damage)


def info_on_a_read_only_folder(folder: Path, path: Path) -> subprocess.CompletedProcess[str]:
    """`xmdesk info` with `folder` mounted read-only (a CD, a share without write access), in a user and
    mount namespace of its own, so the test needs no privileges and the folder stays writable outside."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rm", "true"]).returncode != 0:
        pytest.skip("this system cannot make a private read-only mount (unshare -rm)")
    script = (f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && '
              f'"{sys.executable}" -m xmdesk info "{path}"')
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120)


def test_info_in_a_read_only_folder_after_a_killed_import_says_a_write_was_interrupted(tmp_path: Path) -> None:
    path = study_with_three_answers(tmp_path)
    kill_an_import_halfway(path, tmp_path)
    info = info_on_a_read_only_folder(tmp_path, path)
    assert info.returncode == 1 and "was interrupted" in info.stderr and "is damaged" not in info.stderr


def test_info_in_a_read_only_folder_says_a_log_left_without_its_index_must_be_brought_back(tmp_path: Path) -> None:
    """SQLite cannot read a WAL log without its -shm where it cannot create one ("unable to open
    database file"): that is a study not closed, not a damaged one."""
    path = study_with_three_answers(tmp_path)
    leave_a_log_without_its_index(path)
    info = info_on_a_read_only_folder(tmp_path, path)
    assert info.returncode == 1 and "not closed properly" in info.stderr and "s.xmd-wal" in info.stderr
    assert "is damaged" not in info.stderr
    assert xmdesk("info", str(path)).returncode == 0  # where it can be written, the log is brought back


# -- issue 16, cases 9 and 10: damaged studies ------------------------------------------------------------

@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.core.test_hostile_study import demo_study

    return demo_study(tmp_path_factory.mktemp("demo"), responses=300)


def commands_on(path: Path, folder: Path, other: Path) -> dict[str, list[str]]:
    rows = folder / "rows.csv"
    rows.write_text("客户,评分\n" + "".join(f"K{n},{n % 5 + 1}\n" for n in range(500)), encoding="utf-8")
    return {"info": ["info", str(path)], "info --no-check": ["info", str(path), "--no-check"],
            "stats": ["stats", str(path), "--metric", "nps", "--question", "nps"],
            "import": ["import", str(path), str(rows), "--new", "extra"],
            "merge": ["merge", str(path), str(other)],
            "report": ["report", str(path), "--default", "-o", str(folder / "r.xlsx")]}


@pytest.mark.parametrize("kind", ["table page", "index page", "schema page", "freelist trunk", "lying page count",
                                  "b-tree cycle"])
def test_every_command_on_a_damaged_study_reads_or_says_damaged_never_a_traceback(
        small_demo: Path, tmp_path: Path, kind: str) -> None:
    """Before: stats, merge and report ended in a sqlite3.DatabaseError traceback on a damaged table page or a
    b-tree cycle, an import into a damaged freelist too; imports into a damaged table or index succeeded."""
    from tests.core.test_hostile_study import damaged_copy

    path = damaged_copy(small_demo, tmp_path, kind)
    other = tmp_path / "other.xmd"
    shutil.copy(small_demo, other)
    for name, args in commands_on(path, tmp_path, other).items():
        result = xmdesk("--lang", "en", *args)
        assert "Traceback" not in result.stderr, (name, result.stderr[-500:])
        if result.returncode != 0 or name in ("import", "merge"):
            last = result.stderr.strip().splitlines()[-1]
            assert result.returncode == 1 and "is damaged" in last and "xmdesk recover" in last, (name, result.stderr)


def test_recover_command_saves_a_damaged_study_and_says_what_was_lost(small_demo: Path, tmp_path: Path) -> None:
    from tests.core.test_hostile_study import damaged_copy

    path = damaged_copy(small_demo, tmp_path, "table page")
    saved = tmp_path / "saved.xmd"
    result = xmdesk("recover", str(path), "-o", str(saved))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    [table] = report["tables"]
    assert report["integrity"] == "ok" and table["table"] == "responses_retail_cx"
    assert table["saved"] + table["lost_at_most"] == 300 and table["saved"] > 200
    info = json.loads(xmdesk("info", str(saved), "--json").stdout)
    assert info["integrity"] == "ok" and info["surveys"][0]["responses"] == table["saved"]
    again = xmdesk("recover", str(path), "-o", str(saved))
    assert again.returncode == 1 and "already exists" in again.stderr and again.stderr.count("\n") == 1


def test_text_that_is_not_utf8_in_a_study_is_damage_said_in_words(small_demo: Path, tmp_path: Path) -> None:
    """One byte of a store's English name changed to one no UTF-8 text holds: SQLite's checks pass (they read
    pages, not text), and stats, info and report ended in 'OperationalError: Could not decode to UTF-8' (found
    by changing bytes of a demo study at random: 7 commands in 400)."""
    from tests.core.test_hostile_study import undecodable_copy

    path = undecodable_copy(small_demo, tmp_path / "text.xmd")
    for args in (["stats", str(path), "--metric", "nps", "--question", "nps", "--by", "store"], ["info", str(path)],
                 ["report", str(path), "--default", "-o", str(tmp_path / "r.html")]):
        result = xmdesk("--lang", "en", *args)
        assert "Traceback" not in result.stderr, (args[0], result.stderr[-500:])
        if result.returncode != 0:
            last = result.stderr.strip().splitlines()[-1]
            assert result.returncode == 1 and "is damaged (Could not decode to UTF-8" in last, (args[0], last)
            assert "xmdesk recover" in last


def test_a_question_whose_stored_properties_are_not_json_is_damage_said_in_words(small_demo: Path,
                                                                                 tmp_path: Path) -> None:
    """Before: info and report ended in a JSONDecodeError traceback (found by random damage, 2 commands in 400)."""
    from tests.core.test_hostile_study import unparsable_copy

    path = unparsable_copy(small_demo, tmp_path / "json.xmd")
    for args in (["info", str(path)], ["stats", str(path), "--metric", "nps", "--question", "nps"]):
        result = xmdesk("--lang", "en", *args)
        last = result.stderr.strip().splitlines()[-1]
        assert result.returncode == 1 and "Traceback" not in result.stderr, (args[0], result.stderr[-500:])
        assert "json.xmd is damaged (survey retail_cx: " in last and "xmdesk recover" in last, (args[0], last)

