"""The UI language: Qt translators for our strings and Qt's own, kept in step with the core catalogue."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QWidget

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


Text = Callable[[], str]
"""A text as the widget words it, asked again after each language change: `lambda: self.tr("Undo")` (the
literal `self.tr` call is what lupdate extracts, under the widget's class)."""


def _name_of(names: Callable[[], dict[str, str]], key: str) -> str:
    return names()[key]


class Texts(QObject):
    """A widget's translatable texts, each bound to the setter that shows it, set again on every language change.

    Qt's pattern is a `retranslateUi()` that repeats each `setText(tr(...))`; binding the setter to its text
    once keeps that list in one place instead of two. `then` runs after each retranslation for what is
    computed rather than bound (counts, lists, labels read from the study).
    """

    def __init__(self, owner: QWidget, then: Callable[[], object] | None = None) -> None:
        super().__init__(owner)
        self._owner = owner
        self._bound: list[Callable[[], object]] = []
        self._then = then
        owner.installEventFilter(self)

    def _keep(self, show: Callable[[], object]) -> None:
        self._bound.append(show)
        show()

    def bind(self, setter: Callable[[str], object], text: Text) -> None:
        """Show `text` through `setter` now and after each language change."""
        self._keep(lambda: setter(text()))

    def label(self, text: Text) -> QLabel:
        """A new label showing `text` in the current language."""
        label = QLabel()
        self.bind(label.setText, text)
        return label

    def button(self, text: Text) -> QPushButton:
        button = QPushButton()
        self.bind(button.setText, text)
        return button

    def rows(self, form: QFormLayout, rows: Sequence[tuple[Text, QWidget]]) -> None:
        """Form rows whose names follow the language."""
        for text, field in rows:
            form.addRow(self.label(text), field)

    def items(self, combo: QComboBox, names: Callable[[], dict[str, str]]) -> None:
        """Combo items for the keys of `names()` (key as the item's data), their texts following the language."""
        for key in names():
            combo.addItem("", key)
            self.bind(partial(combo.setItemText, combo.count() - 1), partial(_name_of, names, key))

    def headers(self, setter: Callable[[list[str]], object], labels: Callable[[], list[str]]) -> None:
        """Header labels (a QTableWidget's or a QTreeWidget's) that follow the language."""
        self._keep(lambda: setter(labels()))

    def retranslate(self) -> None:
        for show in self._bound:
            show()
        if self._then is not None:
            self._then()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._owner and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False
