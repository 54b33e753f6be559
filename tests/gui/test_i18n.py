"""Switching language retranslates the live window; the .ts files are complete and up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import Qt

from xmdesk.core import messages
from xmdesk.gui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_switch_language_live_and_back(window, demo_path: Path, qtbot) -> None:
    window.open_study(demo_path)
    page = window.study_page
    model = page.areas["data"].model
    status = model.column_names().index("status")
    assert page.nav.item(0).text() == "Surveys"
    window.language_actions["zh"].trigger()
    qtbot.waitUntil(lambda: page.nav.item(0).text() == "问卷")  # Qt delivers LanguageChange as an event
    assert [page.nav.item(row).text() for row in range(3)] == ["问卷", "数据录入", "数据"]
    assert window.file_menu.title() == "文件(&F)"
    assert model.headerData(status, Qt.Orientation.Horizontal) == "状态"
    assert model.headerData(model.column_names().index("store"), Qt.Orientation.Horizontal) == "到访门店"
    assert window.count_label.text() == "1000 份答卷"
    assert messages.language() == "zh"
    assert Settings().language() == "zh"
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: page.nav.item(0).text() == "Surveys")
    assert model.headerData(status, Qt.Orientation.Horizontal) == "Status"
    assert messages.language() == "en"


def test_translations_complete_and_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("build_translations", ROOT / "tools" / "build_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.problems() == []
    for name in module.CATALOGUES:
        assert (ROOT / "resources" / "translations" / name).with_suffix(".qm").is_file()
