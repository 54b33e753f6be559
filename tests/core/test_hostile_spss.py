"""Damaged SPSS files (issue 16: importing must never take the process down). Found by changing a few bytes of the
pyreadstat sample files at random: ReadStat, the C library under pyreadstat, died of a segmentation fault on about
one copy in a hundred (the app with it), and pyreadstat raised OverflowError, ValueError, UnicodeDecodeError or
our dictionary reading a TypeError on others, each a traceback. Each file here is one of those copies, remade from
its sample by the byte changes that made it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xmdesk.core.importing.readers import ImportProblem, open_source
from tests.messages import raises_message

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "spss" / "pyreadstat"


def damaged(folder: Path, sample: str, changes: list[tuple[int, int]]) -> Path:
    """The sample with the byte at each position set to the value."""
    data = bytearray((SAMPLES / sample).read_bytes())
    for at, value in changes:
        data[at] = value
    path = folder / f"damaged{Path(sample).suffix}"
    path.write_bytes(bytes(data))
    return path


def read_all(path: Path) -> int:
    return sum(1 for _ in open_source(path).rows())


CRASHING = ("sample.sav", [(312, 180), (515, 223), (908, 220), (767, 73), (1294, 86)])


def test_the_crashing_file_does_crash_the_reader(tmp_path: Path) -> None:
    """The fixture is what it says: read by pyreadstat as our reader calls it, in a child, it dies by a signal."""
    path = damaged(tmp_path, *CRASHING)
    code = ("import sys, pyreadstat; pyreadstat.read_sav(sys.argv[1], metadataonly=True, user_missing=True); "
            "pyreadstat.read_sav(sys.argv[1], row_limit=60, encoding='GB18030')")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, timeout=60)
    assert done.returncode < 0, (done.returncode, done.stderr[-500:])


def test_a_file_the_reader_dies_on_is_refused_in_words_and_the_app_lives(tmp_path: Path) -> None:
    path = damaged(tmp_path, *CRASHING)
    with raises_message(ImportProblem, "importing.spss_died", "damaged.sav"):
        open_source(path)
    assert read_all(SAMPLES / "sample.sav") > 0  # this process is alive and reads the intact file


@pytest.mark.parametrize("sample, changes, message_id", [
    ("sample.sav", [(1220, 83), (1482, 253)], "importing.spss_date_range"),  # OverflowError: date out of range
    ("sample.por", [(1025, 56), (498, 221), (674, 224), (739, 85), (253, 21), (987, 54)],
     "importing.damaged"),  # ValueError: a NaN date
    ("simple_alltypes.sav", [(1660, 86), (2687, 148), (555, 59), (1983, 63)],
     "importing.damaged"),  # TypeError in our dictionary: a variable without a name
    ("simple_alltypes.sav", [(1432, 73), (1534, 247), (1885, 116), (2708, 74)],
     "importing.damaged"),  # UnicodeDecodeError decoding the file's names
])
def test_damage_pyreadstat_raises_on_is_refused_in_words(tmp_path: Path, sample: str,
                                                         changes: list[tuple[int, int]], message_id: str) -> None:
    with raises_message(ImportProblem, message_id, "damaged"):
        read_all(damaged(tmp_path, sample, changes))


@given(sample=st.sampled_from(["sample.sav", "sample.por", "simple_alltypes.sav", "sample.zsav"]),
       changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6))
@settings(max_examples=80, deadline=None)
def test_random_damage_is_read_or_refused_in_words(sample: str, changes: list[tuple[float, int]]) -> None:
    """A few bytes changed anywhere in a sample: every row is read, or ImportProblem says why; never another
    exception, never the end of this process."""
    size = (SAMPLES / sample).stat().st_size
    with TemporaryDirectory() as folder:
        path = damaged(Path(folder), sample, [(int(where * size), value) for where, value in changes])
        try:
            read_all(path)
        except ImportProblem:
            pass
