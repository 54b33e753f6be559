"""File dialogs that start where the user last was for that kind of file, and the message that ends an export.

A researcher keeps studies in one folder, survey exports from vendors in another and reports in a third:
each kind of file remembers its own folder (in the settings), so the second export of the day does not start
in the home folder again. Every open and save dialog of the app goes through `open_file`, `open_files` or
`save_file`; every export ends with `export_done`, which offers to open the file or its folder.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from xmdesk.gui.settings import Settings

# The kinds of file whose folders are remembered apart (keys of the settings' folders/ group).
STUDY, TABLE, XLSFORM, CODEBOOK, WORKBOOK, IMAGE, REPORT, DATA, PACK, MAPPING, PHOTO, LOGO = (
    "study", "table", "xlsform", "codebook", "workbook", "image", "report", "data", "pack", "mapping", "photo",
    "logo")


def start_path(kind: str, suggestion: str | Path = "", fallback: str | Path = "") -> str:
    """Where a dialog for `kind` opens: the folder last used for that kind (with the suggested file name),
    else the suggestion as given when it names a folder, else `fallback`'s folder, else the home folder."""
    suggested = Path(suggestion) if str(suggestion) else None
    remembered = Settings().last_folder(kind)
    if remembered and Path(remembered).is_dir():
        folder = Path(remembered)
    elif suggested is not None and suggested.is_absolute():
        return str(suggested)
    else:
        folder = Path(fallback) if str(fallback) else Path.home()
    return str(folder / suggested.name) if suggested is not None else str(folder)


def remember(kind: str, path: str) -> str:
    """Keep the folder of a chosen `path` for the next dialog of `kind`; returns `path` ('' when cancelled)."""
    if path:
        Settings().set_last_folder(kind, Path(path).parent)
    return path


def open_file(parent: QWidget | None, kind: str, title: str, filters: str, fallback: str | Path = "") -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, start_path(kind, fallback=fallback), filters)
    return remember(kind, path)


def open_files(parent: QWidget | None, kind: str, title: str, filters: str, fallback: str | Path = "") -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, start_path(kind, fallback=fallback), filters)
    if paths:
        remember(kind, paths[0])
    return paths


def save_file(parent: QWidget | None, kind: str, title: str, suggestion: str | Path, filters: str,
              fallback: str | Path = "") -> tuple[str, str]:
    """The save dialog: (path, chosen filter), path '' when cancelled. `suggestion` is a file name, or a full
    path used when this kind has no folder yet."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, start_path(kind, suggestion, fallback), filters)
    return remember(kind, path), chosen


def export_done(parent: QWidget | None, title: str, path: str | Path, summary: str = "") -> None:
    """Say where an export went, with a link to its folder and a button that opens the file itself."""
    target = Path(path).resolve()
    folder_link = f'<a href="{QUrl.fromLocalFile(str(target.parent)).toString()}">{escape(str(target.parent))}</a>'
    lines = [escape(summary)] if summary else []
    lines.append(QCoreApplication.translate("files", "Saved <b>{0}</b> in {1}.").format(escape(target.name), folder_link))
    answer = QMessageBox.information(parent, title, "<br>".join(lines),
                                     QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
                                     QMessageBox.StandardButton.Close)
    if answer == QMessageBox.StandardButton.Open:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
