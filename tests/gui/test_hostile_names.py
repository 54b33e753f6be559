"""Issue 16, case 11: a save dialog's suggestion never carries a path out of a name someone typed.

A report, a department or a journey map can be named anything (`/etc/cron.d/evil` was accepted and
pre-filled `/etc/cron.d/evil.pdf`); the dialog suggests a plain file name made from it (files.file_name),
in the folder the user last chose for that kind of file, so the file goes where the user chooses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from xmdesk.core.loop import cases
from xmdesk.core.reports.recipe import Block, Report, save_report
from xmdesk.core.study.file import Study
from xmdesk.gui.reports.area import ReportsArea
from xmdesk.gui.cases.board import CaseBoard

EVIL = "/etc/cron.d/evil"
WAIT_MS = 30_000


class Suggestion:
    """QFileDialog.getSaveFileName's stand-in: keeps the path the dialog would start on, answers Cancel."""

    def __init__(self) -> None:
        self.started_on: list[Path] = []

    def __call__(self, parent, title, start, filters, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN204
        self.started_on.append(Path(start))
        return "", ""


@pytest.fixture
def dialog(monkeypatch: pytest.MonkeyPatch) -> Suggestion:
    suggestion = Suggestion()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", suggestion)
    return suggestion


def test_a_report_named_like_a_path(qtbot: QtBot, demo_path: Path, dialog: Suggestion) -> None:
    with Study.open(demo_path) as study:
        save_report(study, Report(name=EVIL, survey="retail_cx", blocks=[Block("title")]))
        area = ReportsArea(study)
        qtbot.addWidget(area)
        with qtbot.waitSignal(area.sig_preview_ready, timeout=WAIT_MS):
            area.open_report(EVIL)
        area.choose_export("pdf")
        area.choose_export("pptx")
    assert [p.name for p in dialog.started_on] == ["etc_cron.d_evil.pdf", "etc_cron.d_evil.pptx"]
    assert all(p.parent == Path.home() for p in dialog.started_on)


def test_a_department_named_like_a_path(qtbot: QtBot, demo_path: Path, dialog: Suggestion) -> None:
    with Study.open(demo_path) as study:
        cases.add_department(study, EVIL)
        board = CaseBoard(study)
        qtbot.addWidget(board)
        board.department_combo.setCurrentIndex(board.department_combo.findData(EVIL))
        board.export_department()
    assert [p.name for p in dialog.started_on] == ["etc_cron.d_evil.xlsx"]
    assert dialog.started_on[0].parent == Path.home()
