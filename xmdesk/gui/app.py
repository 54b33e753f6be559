"""Start-up: the QApplication, translations, style, the main window, and the event loop.

Only Qt and the light core modules load here; pandas, numpy, sqlite-utils and the
text libraries load where they are first used, so the window is up in about a second.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from xmdesk import APP_NAME, __version__
from xmdesk.gui import i18n
from xmdesk.gui.dialogs import excepthook
from xmdesk.gui.main_window import MainWindow
from xmdesk.gui.paths import icon_path, resources_dir
from xmdesk.gui.settings import Settings

# Benchmarks set this: quit as soon as the window is shown and print when that was.
EXIT_AFTER_SHOWN = "XMDESK_EXIT_AFTER_SHOWN"
SHOWN_MARKER = "XMDESK_SHOWN"


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName("xmdesk")  # ties the window to packaging/xmdesk.desktop on Wayland/GNOME
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(icon_path("xmdesk"))))
    style = resources_dir() / "themes" / "light.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def create_main_window(settings: Settings | None = None) -> MainWindow:
    """The window with translations installed: also what tests and screenshots use."""
    settings = settings or Settings()
    i18n.apply_language(settings.language() or i18n.system_language())
    return MainWindow(settings)


def run_gui(study_path: str | None = None, entry_only: bool = False) -> int:
    app = make_application()
    sys.excepthook = excepthook
    window = create_main_window()
    if study_path:
        window.open_study(study_path, entry_only=entry_only)
    window.show()
    if os.environ.get(EXIT_AFTER_SHOWN):
        QTimer.singleShot(0, lambda: (print(f"{SHOWN_MARKER} {time.time():.6f}", flush=True), window.close()))
    return app.exec()
