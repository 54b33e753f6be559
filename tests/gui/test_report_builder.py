"""The report builder driven like a user: blocks, settings, live preview, export on a worker, data export."""

from __future__ import annotations

from pathlib import Path

import pypdf
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from xmdesk.core.analysis import load_frame
from xmdesk.core.reports.recipe import Block, Report, load_report, save_report
from xmdesk.core.study import Study
from xmdesk.core.survey import load_survey
from xmdesk.gui.areas.reports import ReportsArea
from xmdesk.gui.reports.data_export import DataExportDialog

WAIT_MS = 30_000


def _open(qtbot: QtBot, demo_path: Path) -> tuple[Study, ReportsArea]:
    study = Study.open(demo_path)
    save_report(study, Report(name="简报", survey="retail_cx", blocks=[Block("title"), Block("tiles"),
                                                                     Block("methodology")]))
    area = ReportsArea(study)
    qtbot.addWidget(area)
    with qtbot.waitSignal(area.sig_preview_ready, timeout=WAIT_MS):
        area.open_report("简报")
    return study, area


def test_blocks_are_added_moved_configured_and_saved(qtbot: QtBot, demo_path: Path) -> None:
    study, area = _open(qtbot, demo_path)
    area.block_list.setCurrentRow(1)
    area.add_block("crosstab")
    assert [b.kind for b in area.report.blocks] == ["title", "tiles", "crosstab", "methodology"]
    assert area.block_list.currentRow() == 2
    assert "×" in area.block_list.item(2).text()
    area.move_block(-1)
    assert [b.kind for b in area.report.blocks] == ["title", "crosstab", "tiles", "methodology"]
    qtbot.keyClicks(area.block_filter_edit, "${channel} = 2")
    assert area.report.blocks[1].filter == "${channel} = 2"
    with qtbot.waitSignal(area.sig_preview_ready, timeout=WAIT_MS) as shown:
        qtbot.keyClicks(area.client_edit, "Acme Retail")
    assert shown.args[0] >= 3
    area.save()
    assert load_report(study, "简报") == area.report
    study.close()


def test_preview_shows_a_bad_filter_as_a_message(qtbot: QtBot, demo_path: Path) -> None:
    study, area = _open(qtbot, demo_path)
    with qtbot.waitSignal(area.sig_preview_ready, timeout=WAIT_MS) as shown:
        qtbot.keyClicks(area.filter_edit, "${nope} = 1")
    assert shown.args[0] == 0
    assert "nope" in area.preview_message.text()
    study.close()


def test_export_runs_on_a_worker_and_writes_the_numbers(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> None:
    study, area = _open(qtbot, demo_path)
    area.report.filter = "${channel} = 1"
    with qtbot.waitSignal(area.sig_exported, timeout=WAIT_MS):
        area.export_to(str(tmp_path / "简报.pdf"))
    frame = load_frame(study, load_survey(study, "retail_cx"), ["channel"])
    in_store = int((frame["channel"].astype(float) == 1).sum())
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(tmp_path / "简报.pdf")).pages)
    assert f"{in_store:,}" in text
    assert "研究方法" in text
    study.close()


def test_data_export_dialog_writes_masked_csv(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> None:
    study = Study.open(demo_path)
    dialog = DataExportDialog(study)
    qtbot.addWidget(dialog)
    assert dialog.mask_check.isChecked()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    with qtbot.waitSignal(dialog.sig_exported, timeout=WAIT_MS) as finished:
        dialog.export_to(str(tmp_path / "data.csv"))
    result = finished.args[0]
    raw = (tmp_path / "data.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert result.rows == 1000 and result.masked
    assert raw.decode("utf-8-sig").count("\n") == 1001
    study.close()


def test_add_menu_offers_every_block_kind(qtbot: QtBot, demo_path: Path) -> None:
    study, area = _open(qtbot, demo_path)
    assert len(area.add_menu.actions()) == 9
    before = len(area.report.blocks)
    area.add_menu.actions()[-1].trigger()
    assert len(area.report.blocks) == before + 1
    assert area.block_box.isEnabled()
    area.block_list.setCurrentRow(0)
    assert area.block_list.currentItem().flags() & Qt.ItemFlag.ItemIsEnabled
    study.close()


def test_weight_column_is_chosen_from_number_questions(qtbot: QtBot, demo_path: Path) -> None:
    study, area = _open(qtbot, demo_path)
    assert [area.weight_combo.itemData(i) for i in range(area.weight_combo.count())] == ["", "spend"]
    area.weight_combo.setCurrentIndex(1)
    with qtbot.waitSignal(area.sig_preview_ready, timeout=WAIT_MS):
        area.weight_combo.activated.emit(1)
    assert area.report.weight == "spend"
    study.close()
