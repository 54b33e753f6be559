"""Switching language at runtime leaves no text of the other language on any visible widget of any area.

The window is walked widget by widget (labels, buttons, tabs, combo items, headers, group titles, placeholders,
menus' actions, chart axes); each text is compared with both sides of the translation catalogues (the GUI's .ts
and the core's message catalogue). In English no Chinese character may remain except the study's own data
(comments, names: what a person typed), which is removed from a text before it is checked.
"""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

from xmdesk.core.messages import CATALOGUE
from xmdesk.gui import workers
from xmdesk.gui.navigation import AREA_KEYS

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
CJK_WORD = re.compile(r"[\u3400-\u9fff]")
"""What is left of a text once its data is taken out may keep the data's Chinese separators (、；), no word."""
LANGUAGE_NAMES = ("中文", "English")
"""A language is named in its own words in both UIs (the entry form's language, 'Text (中文):')."""
ACCELERATOR = re.compile(r"\(&\w\)|&(?=\w)")


@dataclass(frozen=True)
class Sides:
    """Both languages' texts of every catalogue entry whose two sides differ."""

    en: frozenset[str]
    zh: frozenset[str]

    def other(self, language: str) -> frozenset[str]:
        return self.zh if language == "en" else self.en


def _clean(text: str) -> str:
    return ACCELERATOR.sub("", text).strip()


def catalogue_sides() -> Sides:
    """The .ts pairs plus the core catalogue's pairs, placeholder-free ones only (a text with {x} or %1 is
    checked through its constant parts by the CJK rule instead)."""
    en: set[str] = set()
    zh: set[str] = set()
    root = ET.parse(ROOT / "resources" / "translations" / "xmdesk_zh_CN.ts").getroot()
    pairs = [(m.findtext("source") or "", m.findtext("translation") or "") for m in root.iter("message")]
    pairs += list(CATALOGUE.values())
    kept: set[str] = set()
    for source, translation in pairs:
        source, translation = _clean(source), _clean(translation)
        if source in translation or re.search(r"%\d|\{", source):
            kept.add(source)  # untranslated, a name kept in both (ID, NPS, Qualtrics 格式) or a template
            continue
        en.add(source)
        zh.add(translation)
    return Sides(frozenset(en - zh - kept - set(LANGUAGE_NAMES)), frozenset(zh - en))


def study_data(path: Path) -> list[str]:
    """Texts people typed into the study (answers, names, titles of things they made) and the topics of the
    codebooks comments are coded with (in the comments' language), longest first so that a longer one is
    removed before a part of it."""
    texts: set[str] = set()
    for codebook in (ROOT / "resources" / "dictionaries").glob("codebook_*.json"):
        texts.update(_leaves(codebook.read_text(encoding="utf-8")))
    with sqlite3.connect(path) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                query = f'SELECT DISTINCT "{column}" FROM "{table}" WHERE typeof("{column}") = \'text\' LIMIT 5000'
                for (value,) in conn.execute(query):
                    texts.update(text for text in _leaves(value) if CJK.search(text))
    return sorted(texts, key=len, reverse=True)


def _leaves(value: str) -> Iterator[str]:
    """A stored text, or the texts inside it when it is JSON (rule definitions, pain points, codebooks)."""
    try:
        parsed = json.loads(value) if value[:1] in "[{" else value
    except ValueError:
        parsed = value
    stack = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item


def _item_texts(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    for row in range(min(model.rowCount(QModelIndex()), 30)):
        for column in range(12):
            index = model.index(row, column)
            if not index.isValid():
                break
            if isinstance(index.data(), str):
                yield index.data()


def widget_texts(widget: QWidget) -> Iterator[str]:
    """What a person reads on one widget (tooltips are not walked)."""
    if isinstance(widget, QLabel):
        yield widget.text()
    elif isinstance(widget, QAbstractButton):
        yield widget.text()
        if isinstance(widget, QToolButton) and widget.menu() is not None:
            yield from (action.text() for action in widget.menu().actions())
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(index) for index in range(widget.count()))
    elif isinstance(widget, QTabBar):
        yield from (widget.tabText(index) for index in range(widget.count()))
    elif isinstance(widget, QHeaderView):
        model = widget.model()
        if model is not None and widget.orientation() == Qt.Orientation.Horizontal:
            yield from (str(model.headerData(section, widget.orientation()) or "") for section in range(widget.count()))
    elif isinstance(widget, QAbstractItemView):
        yield from _item_texts(widget)
    if not isinstance(widget, QMenu):
        yield from (action.text() for action in widget.actions() if action.isVisible())


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every visible widget under root, the charts' drawn texts included."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        where = f"{type(widget).__name__}:{widget.objectName()}"
        for text in widget_texts(widget):
            if text and text.strip():
                yield where, _clean(text)
        chart_texts = getattr(widget, "drawn_texts", None)
        if callable(chart_texts):
            yield from ((where, text) for text in chart_texts())


def foreign(texts: Iterator[tuple[str, str]], language: str, sides: Sides, data: list[str]) -> list[str]:
    """The texts that belong to the other language."""
    found = []
    other = sides.other(language)
    stored = set(data)
    for where, text in texts:
        if text in stored:
            continue  # a name the study keeps (a rule named when it was made, in that language)
        if text in other:
            found.append(f"{where}: {text!r}")
            continue
        if language == "en":
            rest = text
            for datum in [*data, *LANGUAGE_NAMES]:
                if datum in rest:
                    rest = rest.replace(datum, " ")
            if CJK_WORD.search(rest):
                found.append(f"{where}: {text!r}")
    return sorted(set(found))


def settle(qtbot) -> None:  # noqa: ANN001
    """Jobs done (a job's progress says its own words), then their answers delivered and the layouts they asked
    for made: what a user sees a moment later. Measured in between, a label whose text a job's answer had just
    set still had the width of its empty text (the Text area's count, 6 px)."""
    from PySide6.QtCore import QCoreApplication

    qtbot.waitUntil(lambda: not workers.running_jobs(), timeout=30_000)
    for _ in range(3):
        QCoreApplication.processEvents()


def show_everything(window, qtbot) -> Iterator[str]:  # noqa: ANN001 - the main window fixture
    """Show each area and each tab of it in turn, yielding the area key (a tab's contents are walked as shown)."""
    page = window.study_page
    for key in AREA_KEYS:
        page.show_area(key)
        settle(qtbot)
        area = page.areas[key]
        tabs = [tab for tab in area.findChildren(QTabWidget) if tab.isVisible()]
        if not tabs:
            yield key
            continue
        for tab in tabs:
            for index in range(tab.count()):
                tab.setCurrentIndex(index)
                settle(qtbot)
                yield f"{key}/{tab.tabText(index)}"


def switch(window, qtbot, language: str) -> None:  # noqa: ANN001
    window.language_actions[language].trigger()
    expected = {"zh": "问卷", "en": "Surveys"}[language]
    qtbot.waitUntil(lambda: window.study_page.nav.item(0).text() == expected)


@pytest.mark.parametrize(("first", "then"), [("zh", "en"), ("en", "zh")])
def test_no_text_of_the_other_language_after_a_switch(window, demo_path: Path, qtbot, first: str, then: str) -> None:
    sides = catalogue_sides()
    window.open_study(demo_path)
    switch(window, qtbot, first)
    for _ in show_everything(window, qtbot):
        pass  # every area and tab built in the first language
    switch(window, qtbot, then)
    data = study_data(demo_path)  # with what the areas stored on first showing (the demo's alert rules)
    problems: list[str] = []
    for where in show_everything(window, qtbot):
        problems += [f"{where} | {text}" for text in foreign(visible_texts(window), then, sides, data)]
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))
