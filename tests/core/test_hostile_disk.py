"""Issue 16, case 9 (a full disk): every output, and every write into the study, on a disk with no room.

The real thing where the machine allows it: a small tmpfs the test mounts (root with mount rights, as
here and in CI's container), filled up to a few kilobytes. Where it does not, the tests of that kind are
skipped with the reason, and the same fault is injected instead: the system's ENOSPC at the flush of an
output, and SQLite's SQLITE_FULL through a page limit on the study. Either way the user reads one line,
"the disk is full ... nothing was changed", the old file is still there, and no half file is left.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from xmdesk.core import messages
from xmdesk.core.loop import workbook as case_workbook
from xmdesk.core.survey import responses
from xmdesk.core.errors import StudyError
from xmdesk.core.demo import build_demo
from xmdesk.core.export import export_responses
from xmdesk.core.files import OutputError
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.fieldwork.merge import write_pack
from xmdesk.core.reports.build import BuiltReport, build_report
from xmdesk.core.reports.recipe import Block, Report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys, load_survey
from xmdesk.core.text.codebook import load_codebook, write_codebook_file
from xmdesk.core.survey.xlsform import export_xlsform
from tests.messages import raises_message

OLD = b"the export of yesterday"
LEFT = 4096  # what the filled disk keeps free: one page, less than any of these files needs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system of the test's own, unmounted after it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here ({done.stderr.strip()}); the injected tests cover it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int = LEFT) -> None:
    """Take all the room on `disk` but `leave` bytes."""
    with open(disk / "filler", "wb") as handle:
        handle.write(b"\0" * (shutil.disk_usage(disk).free - leave))


def built_report(study: Study) -> BuiltReport:
    return build_report(study, Report(name="r", survey="retail_cx", blocks=[Block("title"), Block("tiles"), Block(
        "comments", options={"question": "like_text", "limit": 50})]))


def _report(study: Study, fmt: str, path: Path) -> None:
    built = built_report(study)
    from xmdesk.core.reports import docx_export, html_export, pptx_export, xlsx_export

    writer = {"pptx": pptx_export.write_pptx, "xlsx": xlsx_export.write_xlsx, "docx": docx_export.write_docx,
              "html": html_export.write_html}[fmt]
    writer(built, path)


def _pack(study: Study, path: Path) -> None:
    survey = load_survey(study, "retail_cx")
    for i in range(200):
        responses.add_response(study, survey, {"region": 1, "store": 1, "channel": 1, "nps": i % 11,
                                               "like_text": "排队太久，店员很热情" * 20})
    write_pack(study, path)


# Every output of the app without Qt: (name of the file, how to write it from the demo study). The PDF report
# and the journey picture are painted by Qt, whose application must be the GUI tests' (tests/gui/test_hostile_disk.py).
OUTPUTS: dict[str, Callable[[Study, Path], object]] = {
    "data.csv": lambda s, p: export_responses(s, load_survey(s, "retail_cx"), "csv", p),
    "data.xlsx": lambda s, p: export_responses(s, load_survey(s, "retail_cx"), "xlsx", p),
    "data.sav": lambda s, p: export_responses(s, load_survey(s, "retail_cx"), "sav", p),
    "cases.xlsx": lambda s, p: case_workbook.export_department(s, "售后服务部", p),
    "form.xlsx": lambda s, p: export_xlsform(s, "retail_cx", p),
    "report.pptx": lambda s, p: _report(s, "pptx", p),
    "report.xlsx": lambda s, p: _report(s, "xlsx", p),
    "report.docx": lambda s, p: _report(s, "docx", p),
    "report.html": lambda s, p: _report(s, "html", p),
    "laptop.xmdpack": _pack,
    "copy.xmd": lambda s, p: s.save_copy(p),
    "mapping.json": lambda s, p: prepare(s, _csv(p.parent.parent / "m.csv", 10), new="m").mapping.save(p),
    "codebook.json": lambda s, p: write_codebook_file(load_codebook(s), p),
}


SMALL = ("mapping.json", "codebook.json")  # a few hundred bytes: they need a disk with no room at all


def _assert_nothing_changed(target: Path) -> None:
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".partial")] == []


def assert_refused_on_a_full_disk(name: str, write: Callable[[Study, Path], object], study_path: Path,
                                  disk: Path) -> None:
    """Write `name` over yesterday's file on a full `disk`: the message, yesterday's file, no half file."""
    messages.set_language("en")
    target = disk / name
    target.write_bytes(OLD)
    fill(disk, 0 if name in SMALL else LEFT)
    with Study.open(study_path) as study, pytest.raises(OutputError) as raised:
        write(study, target)
    assert str(raised.value).startswith(f"The disk is full: {target} could not be written, nothing was changed.")
    _assert_nothing_changed(target)


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_every_output_on_a_full_disk(name: str, demo_path: Path, small_disk: Path) -> None:
    assert_refused_on_a_full_disk(name, OUTPUTS[name], demo_path, small_disk)


@pytest.mark.parametrize("name", ["data.xlsx", "report.docx", "cases.xlsx"])
def test_every_output_when_the_flush_finds_no_room(name: str, demo_path: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The same fault injected: the system says ENOSPC when the written file is flushed to the disk."""
    messages.set_language("en")
    target = tmp_path / name
    target.write_bytes(OLD)

    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with Study.open(demo_path) as study:
        monkeypatch.setattr(os, "fsync", no_room)
        with raises_message(OutputError, "files.disk_full"):
            OUTPUTS[name](study, target)
    _assert_nothing_changed(target)


def _csv(path: Path, rows: int) -> Path:
    lines = ["id,nps,comment"] + [f"{i},{i % 11},{'排队太久，店员很热情' * 10}{i}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_into_a_study_on_a_full_disk(small_disk: Path, tmp_path: Path) -> None:
    """By the command line, as a user meets it: one line, exit code 1, the study as it was."""
    study_path = small_disk / "s.xmd"
    Study.create(study_path).close()
    source = _csv(tmp_path / "big.csv", 20_000)
    fill(small_disk, 256 * 1024)
    done = subprocess.run([sys.executable, "-m", "xmdesk", "import", str(study_path), str(source), "--new", "big"],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "XMDESK_LANG": "en"})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("xmdesk: The disk holding")
    assert "nothing was changed" in done.stderr
    with Study.open(study_path, read_only=True) as study:
        assert list_surveys(study) == []


def test_import_when_sqlite_finds_the_study_full(study: Study, tmp_path: Path) -> None:
    """The same fault injected: SQLite's SQLITE_FULL, from a page limit just above the study's size."""
    pages = int(study.conn.execute("PRAGMA page_count").fetchone()[0])
    study.conn.execute(f"PRAGMA max_page_count = {pages + 20}")
    plan = prepare(study, _csv(tmp_path / "big.csv", 5_000), new="big")
    with raises_message(StudyError, "files.study_disk_full"):
        run_import(study, plan)
    assert list_surveys(study) == []


@pytest.mark.parametrize("name", ["laptop.xmdpack", "copy.xmd", "form.xlsx", "data.csv"])
def test_a_killed_writers_leftovers_are_cleared_before_writing(name: str, demo_path: Path, tmp_path: Path) -> None:
    """A write killed half-way leaves `name.partial` (and SQLite's -wal/-journal beside it): the next write of
    the same file starts from nothing, so no stale page of the killed one can end up in the new file."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / name
    leftovers = [folder / f"{name}.partial{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]
    for leftover in leftovers:
        leftover.write_bytes(b"half of a killed write" * 100)
    with Study.open(demo_path) as study:
        OUTPUTS[name](study, target)
    assert target.stat().st_size > 0 and b"half of a killed write" not in target.read_bytes()
    assert [p.name for p in folder.iterdir()] == [name]


def test_the_demo_leaves_only_the_study(tmp_path: Path) -> None:
    """The demo is built in a partial file and renamed: nothing else is left beside it, before or after."""
    target = tmp_path / "demo.xmd"
    (tmp_path / "demo.xmd.partial-wal").write_bytes(b"junk")
    build_demo(target, responses_count=50)
    with Study.open(target) as study:
        assert study.integrity() == "ok"
    assert [p.name for p in tmp_path.iterdir()] == ["demo.xmd"]
