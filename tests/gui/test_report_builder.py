"""The report builder driven like a user: blocks, settings, live preview, export on a worker, data export."""

from __future__ import annotations

import threading
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from xmdesk.core.analysis import load_frame
from xmdesk.core.reports.recipe import Block, Report, load_report, save_report
from xmdesk.core.reports.surveys import block_bases
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.reports import area as reports_area
from xmdesk.gui.reports.area import ReportsArea
from xmdesk.gui.reports.data_export import DataExportDialog

from tests.core.test_report_core import WAVE2, add_second_wave

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


def _counted(qtbot: QtBot, area: ReportsArea) -> None:
    """Until every block's n in the list is the recipe's as it is now (they are counted on a worker)."""
    qtbot.waitUntil(lambda: not area.counting(), timeout=WAIT_MS)


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


def test_a_blocks_n_is_counted_off_the_window_thread_and_follows_each_edit(
        qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19's rule: each base filters the survey's responses (a pause per edit on 100,000), so the list is
    labelled at once and the numbers come from a worker; what is shown at the end is the last edit's n."""
    counted_on: list[int] = []

    def noted(*args: object) -> object:
        counted_on.append(threading.get_ident())
        return block_bases(*args)

    monkeypatch.setattr(reports_area, "block_bases", noted)
    study, area = _open(qtbot, demo_path)
    area.block_list.setCurrentRow(1)
    qtbot.keyClicks(area.block_filter_edit, "${channel} = 2")
    expected = block_bases(study, area.report, "en")[1]
    assert expected is not None and expected.n is not None and 0 < expected.n < 1000
    qtbot.waitUntil(lambda: f"n = {expected.n:,} · " in area.block_list.item(1).text(), timeout=WAIT_MS)
    assert counted_on and threading.get_ident() not in counted_on
    qtbot.keyClicks(area.filter_edit, "${channel} = 1")  # the report's filter: every block's n follows it
    after = block_bases(study, area.report, "en")
    assert after[2] is not None and after[2].n not in (None, 0, 1000, expected.n)
    lines = {1: "n = 0 · ", 2: f"n = {after[2].n:,} · "}
    qtbot.waitUntil(lambda: all(line in area.block_list.item(i).text() for i, line in lines.items()), timeout=WAIT_MS)
    _counted(qtbot, area)
    assert all(line in area.block_list.item(i).text() for i, line in lines.items())  # no older count came after
    assert threading.get_ident() not in counted_on
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
    assert len(area.add_menu.actions()) == 10  # the nine kinds and the banner table
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


def test_builder_shows_each_blocks_survey_and_n_and_asks_before_a_mixed_export(
        qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's report: blocks of two surveys, each saying its survey and n; a switch moves the followers;
    exporting asks first, naming the surveys and their blocks."""
    add_second_wave(demo_path)
    study = Study.open(demo_path)
    save_report(study, Report(name="两波", survey="retail_cx", blocks=[
        Block("title"), Block("tiles"), Block("tiles", filter="${channel} = 1", survey=WAVE2), Block("methodology")]))
    area = ReportsArea(study)
    qtbot.addWidget(area)
    with qtbot.waitSignal(area.sig_preview_ready, timeout=WAIT_MS):
        area.open_report("两波")
    _counted(qtbot, area)
    texts = [area.block_list.item(i).text() for i in range(4)]
    assert "n =" not in texts[0]
    assert "n = 1,000 · Retail store customer experience 2026" in texts[1] and "n = 1,000 · Retail store customer experience 2026" in texts[3]
    assert "n = 120 · Retail CX wave 2" in texts[2]
    area.block_list.setCurrentRow(1)
    combo = area.block_survey_combo
    assert combo.isEnabled() and combo.itemData(0) == "" and combo.currentIndex() == 0
    assert combo.itemText(0) == "(report's survey)"
    area.block_list.setCurrentRow(2)
    assert combo.currentData() == WAVE2

    area.survey_combo.setCurrentIndex(area.survey_combo.findData(WAVE2))
    area.survey_combo.activated.emit(area.survey_combo.currentIndex())
    assert [b.survey for b in area.report.blocks] == ["", "", WAVE2, ""]
    _counted(qtbot, area)
    assert "n = 240 · Retail CX wave 2" in area.block_list.item(1).text()
    assert "n = 120 · Retail CX wave 2" in area.block_list.item(2).text()
    area.block_list.setCurrentRow(1)
    combo.setCurrentIndex(combo.findData("retail_cx"))
    combo.activated.emit(combo.currentIndex())
    assert area.report.blocks[1].survey == "retail_cx"
    _counted(qtbot, area)
    assert "n = 1,000 · Retail store customer experience 2026" in area.block_list.item(1).text()

    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    chosen = [str(tmp_path / "两波.pdf")]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: asked.append(args[2]) or answer[0])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (chosen.pop(), ""))
    area.choose_export("pdf")
    assert len(asked) == 1 and chosen  # asked, and no file was chosen
    assert "Retail store customer experience 2026 (retail_cx): 2." in asked[0] and "Retail CX wave 2 (wave2): 3." in asked[0]
    assert "4." in asked[0].split("(wave2)")[1]  # the methodology follows the report, now wave 2
    answer[0] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(area.sig_exported, timeout=WAIT_MS):
        area.choose_export("pdf")
    text = "".join("".join(page.extract_text().split()) for page in pypdf.PdfReader(str(tmp_path / "两波.pdf")).pages)
    assert "问卷：零售体验第二波（wave2），n=120" in text  # the PDF's words come without their spaces
    assert "问卷：零售门店顾客体验调研2026（retail_cx），n=1,000" in text
    study.close()
