"""Issue 16, case 11: a name a user typed becomes a file name, never a path (files.file_name)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xmdesk.core.files import FILE_NAME_BYTES, file_name


@pytest.mark.parametrize(("text", "suffix", "expected"), [
    ("/etc/cron.d/evil", ".pdf", "etc_cron.d_evil.pdf"),
    ("../../.bashrc", "", "bashrc"),
    ("..\\..\\Windows\\System32\\x", ".xlsx", "Windows_System32_x.xlsx"),
    ("C:\\Users\\Public\\run", ".png", "C_Users_Public_run.png"),
    ("六月门店月报：华东/华北", ".pptx", "六月门店月报：华东_华北.pptx"),
    ("售后服务部", ".xlsx", "售后服务部.xlsx"),
    ("CON", ".pdf", "_CON.pdf"),
    ("nul.txt", "", "_nul.txt"),
    ("com1", ".xlsx", "_com1.xlsx"),
    ("a\x00b\nc\td", ".csv", "a_b_c_d.csv"),
    ('what?*<>|"', ".html", "what.html"),
    ("report. . .", ".docx", "report.docx"),
    ("..", ".pdf", "export.pdf"),
    ("", ".pdf", "export.pdf"),
    ("   ", "", "export"),
])
def test_names_from_typed_text(text: str, suffix: str, expected: str) -> None:
    assert file_name(text, suffix) == expected


def test_a_long_chinese_name_is_cut_within_the_file_systems_limit() -> None:
    name = file_name("顾客体验" * 100, ".pdf")
    assert name.endswith(".pdf") and name.startswith("顾客体验")
    assert len(name.encode("utf-8")) <= FILE_NAME_BYTES


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["", ".pdf", ".xlsx", ".xmdpack"]))
def test_any_text_gives_one_plain_file_name(text: str, suffix: str) -> None:
    name = file_name(text, suffix)
    stem = name[: len(name) - len(suffix)] if suffix else name
    assert name.endswith(suffix) and stem
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f\x7f]', name)
    assert not stem.startswith((".", " ")) and not stem.endswith((".", " "))
    assert not re.match(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", stem, re.IGNORECASE)
    assert len(name.encode("utf-8")) <= FILE_NAME_BYTES
