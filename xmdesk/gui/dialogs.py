"""Messages to the user: core errors as the core words them, never a traceback."""

from __future__ import annotations

import sqlite3
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from xmdesk import APP_NAME
from xmdesk.core.errors import XMDeskError


def show_error(parent: QWidget | None, error: BaseException, study: Path | None = None) -> None:
    """A core error's own message is already what the user should read and do. An SQLite error is the damage of
    the study it met (`study`, else the open one of the window) when the study's checks find damage: a study
    whose text is not UTF-8 opened on an "inside XMDesk" box before, as if XMDesk were at fault."""
    damage = _damage(parent, error, study) if isinstance(error, sqlite3.DatabaseError) else None
    if damage is not None:
        QMessageBox.critical(parent, APP_NAME, str(damage))
    elif isinstance(error, XMDeskError):
        QMessageBox.critical(parent, APP_NAME, str(error))
    else:
        text = QCoreApplication.translate("Dialogs", "Something went wrong inside XMDesk: {0}\n\n"
                                          "Please report this with what you were doing.")
        QMessageBox.critical(parent, APP_NAME, text.format(error))


def _damage(parent: QWidget | None, error: sqlite3.DatabaseError, study: Path | None) -> XMDeskError | None:
    from xmdesk.core.study.file import damage_behind

    if study is None:
        window = parent.window() if parent is not None else QApplication.activeWindow()
        opened = getattr(window, "study", None)
        study = getattr(opened, "path", None)
    return damage_behind(study, error) if study is not None else None


def show_warning(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, APP_NAME, text)


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Unexpected errors in slots get a dialog (and stderr for the bug report), not a silent crash."""
    traceback.print_exception(kind, error, tb)
    show_error(None, error)
