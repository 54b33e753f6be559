"""The one owner of QSettings: preferences and remembered session state, in one INI file.

Tests never touch the user's file: with XMDESK_HOME set (tests/conftest.py does it per
test) the file lives there; otherwise in the platform's configuration folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from xmdesk.core.study.audit import user_data_dir

SETTINGS_VERSION = 2
MAX_RECENT = 10


def default_settings_path() -> Path:
    if os.environ.get("XMDESK_HOME"):
        return user_data_dir() / "settings.ini"
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(folder) / "xmdesk" / "settings.ini"


class Settings:
    """Typed access to the keys XMDesk keeps; nothing else reads or writes QSettings."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_settings_path()
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._migrate()

    def _migrate(self) -> None:
        """Older files are upgraded here, one version step at a time, before any key is read."""
        version = cast(int, self._qs.value("settings_version", 0, type=int))
        if version < 2 and self._qs.contains("session/last_folder"):  # one folder for all files -> one per kind
            self._qs.setValue("folders/study", self._qs.value("session/last_folder"))
            self._qs.remove("session/last_folder")
        if version < SETTINGS_VERSION:
            self._qs.setValue("settings_version", SETTINGS_VERSION)

    def sync(self) -> None:
        self._qs.sync()

    # -- preferences -----------------------------------------------------------------------

    def language(self) -> str | None:
        """'zh' or 'en' when the user chose one, None to follow the system."""
        value = self._qs.value("ui/language", "")
        return value if value in ("zh", "en") else None

    def set_language(self, language: str) -> None:
        self._qs.setValue("ui/language", language)

    # -- session state ---------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = cast(list, self._qs.value("session/recent_files", [], type=list))  # type=list: INI keeps 1 item as a str
        return [str(item) for item in value if item]

    def add_recent(self, path: str | Path) -> None:
        text = str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        self._qs.setValue("session/recent_files", files[:MAX_RECENT])

    def remove_recent(self, paths: list[str]) -> None:
        self._qs.setValue("session/recent_files", [f for f in self.recent_files() if f not in paths])

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        return self._qs.value("window/geometry"), self._qs.value("window/state")

    def set_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)

    def last_folder(self, kind: str) -> str:
        """The folder a file dialog for `kind` (xmdesk.gui.files: study, table, report...) last chose; '' if none."""
        return str(self._qs.value(f"folders/{kind}", "") or "")

    def set_last_folder(self, kind: str, folder: str | Path) -> None:
        self._qs.setValue(f"folders/{kind}", str(folder))
