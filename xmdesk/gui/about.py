"""Help → About: the versions a bug report needs, read without importing the heavy libraries."""

from __future__ import annotations

import platform
import sqlite3
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from xmdesk import APP_NAME, __version__

LIBRARIES = ("pandas", "numpy", "pyqtgraph", "sqlite-utils")


def package_version(name: str) -> str:
    """From the installed metadata: importing pandas just to print its version costs half a second."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def versions() -> dict[str, str]:
    found = {APP_NAME: __version__, "Python": platform.python_version(), "Qt": qVersion(),
             "PySide6": pyside_version, "SQLite": sqlite3.sqlite_version}
    found.update({name: package_version(name) for name in LIBRARIES})
    return found


def show_about(parent: QWidget) -> None:
    rows = "".join(f"<tr><td>{name}</td><td>&nbsp;&nbsp;{version}</td></tr>" for name, version in versions().items())
    text = QCoreApplication.translate("About", "Offline customer-experience research.")
    QMessageBox.about(parent, QCoreApplication.translate("About", "About XMDesk"),
                      f"<h3>{APP_NAME}</h3><p>{text}</p><table>{rows}</table>")
