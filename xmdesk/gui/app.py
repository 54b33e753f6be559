"""Start-up: the QApplication, translations, style, the main window, and the event loop.

Only Qt and the light core modules load here; pandas, numpy, sqlite-utils and the
text libraries load where they are first used, so the window is up in about a second.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QPalette
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
    apply_theme(app)
    return app


# The stylesheet's colours, as the palette roles the widgets it does not restyle draw with.
THEME_PALETTE: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#f4f6f9", QPalette.ColorRole.WindowText: "#1f2937",
    QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f7f9fc",
    QPalette.ColorRole.Text: "#1f2937", QPalette.ColorRole.PlaceholderText: "#8a94a6",
    QPalette.ColorRole.Button: "#f0f3f7", QPalette.ColorRole.ButtonText: "#1f2937",
    QPalette.ColorRole.Highlight: "#d7e6ff", QPalette.ColorRole.HighlightedText: "#111827",
    QPalette.ColorRole.ToolTipBase: "#ffffff", QPalette.ColorRole.ToolTipText: "#1f2937",
    QPalette.ColorRole.Link: "#1f6feb", QPalette.ColorRole.BrightText: "#b3261e",
}
DISABLED_TEXT = "#a0a8b5"


def theme_palette() -> QPalette:
    palette = QPalette()
    for role, colour in THEME_PALETTE.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


def apply_theme(app: QApplication) -> None:
    """The one stylesheet and a palette of its colours. The sheet paints inputs, lists and headers light; on a
    desktop in dark mode the widgets it leaves to the palette would draw light text on them (white on white),
    so the app brings its own palette whatever the desktop's."""
    app.setPalette(theme_palette())
    style = resources_dir() / "themes" / "light.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


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
