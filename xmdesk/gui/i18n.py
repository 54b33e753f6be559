"""The UI language: Qt translators for our strings and Qt's own, kept in step with the core catalogue."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from xmdesk.core import messages
from xmdesk.gui.paths import translations_dir

LANGUAGES = ("zh", "en")
_QT_LOCALE = {"zh": "zh_CN", "en": "en"}

_installed: list[QTranslator] = []
_current = "en"


def system_language() -> str:
    """XMDESK_LANG wins (as in the core), then the system locale."""
    forced = os.environ.get("XMDESK_LANG")
    return messages.language_from_locale(forced or QLocale.system().name())


def current_language() -> str:
    return _current


def apply_language(language: str) -> None:
    """Swap translators; Qt then sends LanguageChange to every widget, which retranslates itself."""
    global _current
    language = language if language in LANGUAGES else "en"
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("apply_language needs the QApplication first")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale = _QT_LOCALE[language]
    candidates = [(f"xmdesk_{locale}", str(translations_dir()))]
    if language == "zh":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates.append((f"qtbase_{locale}", qt_dir))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    _current = language
    messages.set_language(language)
    QLocale.setDefault(QLocale(locale))
