"""File dialogs remember the last folder per kind of file, and an export ends with a message that opens the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from xmdesk.gui import files
from xmdesk.gui.settings import Settings


class SaveDialog:
    """QFileDialog.getSaveFileName's stand-in: answers `answer` and keeps the folder each dialog started in."""

    def __init__(self, answer: Path) -> None:
        self.answer = answer
        self.started_in: list[str] = []

    def __call__(self, parent, title, start, filters, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN204
        self.started_in.append(start)
        return str(self.answer), filters


class OpenedUrls(QObject):
    """Catches what QDesktopServices.openUrl would hand the desktop (Qt's own URL-handler hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_journey_export_ends_with_a_message_and_the_next_starts_where_it_went(window, demo_path: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch,
                                                                               message_boxes) -> None:  # noqa: ANN001
    window.open_study(demo_path)
    window.study_page.show_area("journey")
    editor = window.study_page.areas["journey"].editor
    maps = tmp_path / "maps"
    maps.mkdir()
    dialog = SaveDialog(maps / "旅程.png")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)

    editor.export()
    assert (maps / "旅程.png").is_file()
    [said] = message_boxes.texts("information")
    assert "旅程.png" in said and QUrl.fromLocalFile(str(maps)).toString() in said  # the folder, as a link

    editor.export()
    assert Path(dialog.started_in[1]).parent == maps  # the second export starts where the first went
    assert Path(dialog.started_in[0]).parent != maps


def test_each_kind_of_file_keeps_its_own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports, images = tmp_path / "reports", tmp_path / "images"
    reports.mkdir()
    images.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(reports / "月报.pdf"))
    files.save_file(None, files.REPORT, "Export", "report.pdf", "PDF (*.pdf)")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", SaveDialog(images / "chart.png"))
    files.save_file(None, files.IMAGE, "Save", "chart.png", "PNG (*.png)")

    assert files.start_path(files.REPORT, "report.pdf") == str(reports / "report.pdf")
    assert files.start_path(files.IMAGE, "chart.png") == str(images / "chart.png")
    assert files.start_path(files.TABLE, fallback=tmp_path) == str(tmp_path)  # never chosen: the caller's folder
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert files.save_file(None, files.REPORT, "Export", "x.pdf", "PDF (*.pdf)") == ("", "")
    assert Settings().last_folder(files.REPORT) == str(reports)  # a cancelled dialog forgets nothing


def test_open_on_the_export_message_opens_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp) -> None:  # noqa: ANN001
    written = tmp_path / "cases.xlsx"
    written.write_bytes(b"x")
    opened = OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Open)
    try:
        files.export_done(None, "Export", written, "3 cases written.")
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in opened.urls] == [str(written.resolve())]


def test_the_one_remembered_folder_of_older_settings_becomes_the_studies_folder(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("settings_version", 1)
    old.setValue("session/last_folder", str(tmp_path))
    old.sync()
    del old
    settings = Settings(path)
    assert settings.last_folder(files.STUDY) == str(tmp_path)
    assert settings.last_folder(files.REPORT) == ""
