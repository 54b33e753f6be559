"""A report exported from the builder carries the stamp `xmdesk verify` reads (issue 23)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.gui.test_report_builder import WAIT_MS, _open
from xmdesk.core.reports.stamp import read_stamp, verify


def test_an_export_from_the_builder_is_stamped_and_verifies(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> None:
    study, area = _open(qtbot, demo_path)
    target = tmp_path / "简报.docx"
    with qtbot.waitSignal(area.sig_exported, timeout=WAIT_MS):
        area.export_to(str(target))
    stamp = read_stamp(target)
    assert stamp.report() == area.report and stamp.study == study.meta("study_uuid")
    assert [b.kind for b in stamp.blocks] == ["title", "tiles", "methodology"]
    verdict = verify(study, stamp)
    assert verdict.reproduced and verdict.same_data and verdict.numbers == stamp.number_count > 0
    study.close()
