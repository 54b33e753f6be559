"""No visible button, label, header, combo or tab of any area is cut at laptop sizes, in either language: at 1280×800
and at 125 % scaling of the same screen (a 1024×640 window at scale 1 lays out as QT_SCALE_FACTOR=1.25 on 1280×800
does: fonts are in points, so only the room shrinks). Every tab of every area is shown, and the import wizard is
walked page by page with a 问卷星 export. What counts as cut is tests/gui/clipping.py's (text against room, from Qt's
own metrics, no pixels)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from tests.core.test_import_samples import WJX_TEXT, write_csv
from tests.gui.clipping import clipped
from tests.gui.test_import_wizard import wait_for_job
from tests.gui.test_language_switch import show_everything, switch
from xmdesk.gui.importing.wizard import PAGES

SIZES = {"1280x800": (1280, 800), "125%": (1024, 640)}


def _at(window, qtbot: QtBot, size: str, language: str) -> None:  # noqa: ANN001 - the main window fixture
    window.resize(*SIZES[size])
    switch(window, qtbot, language)


def cut(window) -> list[str]:  # noqa: ANN001
    """What clipping finds once the layouts have settled (a shown tab lays itself out on the next turns)."""
    for _ in range(5):
        QCoreApplication.processEvents()
    return clipped(window)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("size", list(SIZES))
def test_no_text_of_an_area_is_cut(window, demo_path: Path, qtbot: QtBot, size: str, language: str) -> None:
    window.open_study(demo_path)
    _at(window, qtbot, size, language)
    problems = []
    for where in show_everything(window, qtbot):
        problems += [f"{where} | {problem}" for problem in cut(window)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("size", list(SIZES))
def test_no_text_of_the_import_wizard_is_cut(window, demo_path: Path, qtbot: QtBot, tmp_path: Path, size: str,
                                             language: str) -> None:
    window.open_study(demo_path)
    _at(window, qtbot, size, language)
    window.study_page.show_area("import")
    area = window.study_page.areas["import"]
    area.open_file(str(write_csv(tmp_path / "may.csv", WJX_TEXT, encoding="gb18030")))
    qtbot.waitUntil(lambda: area.wizard.plan is not None, timeout=20_000)
    problems = []
    for page in PAGES[1:-1]:  # preview … check: the pages a file fills
        area.wizard.go(PAGES.index(page))
        if page == "check":
            wait_for_job(qtbot, area, "check")
        problems += [f"{page} | {problem}" for problem in cut(window)]
    assert problems == [], "\n".join(problems)
