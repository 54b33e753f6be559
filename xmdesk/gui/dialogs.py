"""Messages to the user: core errors as the core words them, never a traceback."""

from __future__ import annotations

import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from xmdesk import APP_NAME
from xmdesk.core.errors import XMDeskError


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """A core error's own message is already what the user should read and do."""
    if isinstance(error, XMDeskError):
        QMessageBox.critical(parent, APP_NAME, str(error))
    else:
        text = QCoreApplication.translate("Dialogs", "Something went wrong inside XMDesk: {0}\n\n"
                                          "Please report this with what you were doing.")
        QMessageBox.critical(parent, APP_NAME, text.format(error))


def show_warning(parent: QWidget | None, text: str) -> None:
    QMessageBox.warning(parent, APP_NAME, text)


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Unexpected errors in slots get a dialog (and stderr for the bug report), not a silent crash."""
    traceback.print_exception(kind, error, tb)
    show_error(None, error)
