"""The study's areas, in navigation order: a stable key and a translatable name each."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

AREA_NAMES = {
    "surveys": QT_TRANSLATE_NOOP("Areas", "Surveys"),
    "entry": QT_TRANSLATE_NOOP("Areas", "Data entry"),
    "data": QT_TRANSLATE_NOOP("Areas", "Data"),
    "import": QT_TRANSLATE_NOOP("Areas", "Import"),
    "charts": QT_TRANSLATE_NOOP("Areas", "Charts"),
    "text": QT_TRANSLATE_NOOP("Areas", "Text analysis"),
    "journey": QT_TRANSLATE_NOOP("Areas", "Journey"),
    "cases": QT_TRANSLATE_NOOP("Areas", "Cases"),
    "reports": QT_TRANSLATE_NOOP("Areas", "Reports"),
    "collect": QT_TRANSLATE_NOOP("Areas", "Collect"),
}
AREA_KEYS = tuple(AREA_NAMES)
DEFAULT_AREA = "data"


def area_name(key: str) -> str:
    return QCoreApplication.translate("Areas", str(AREA_NAMES[key]))
