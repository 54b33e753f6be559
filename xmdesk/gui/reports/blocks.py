"""The settings each kind of report block offers, and a form that edits one block's options in place.

Options are plain data in the recipe (`Block.options`); a chart block keeps its
analysis request under "request", which is exactly a chart spec's `source`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from xmdesk.core.journey import maps as journeys
from xmdesk.core.reports.build import option_codes
from xmdesk.core.reports.recipe import Block
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, Survey
from xmdesk.core.vocabulary import names, registry
from xmdesk.gui.i18n import current_language

NUMERIC = {QuestionType.NPS, QuestionType.RATING, QuestionType.NUMBER, QuestionType.MATRIX}
CHOICE = {QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.MULTIPLE}


@dataclass(frozen=True)
class Field:
    """One setting of a block kind: where it lives in the block's options (`path`), its label, and which editor
    shows it (text, multiline, int, choice, or a question of the `questions` types; `optional` offers none)."""

    path: tuple[str, ...]
    label: str
    kind: str  # "text", "multiline", "int", "choice", "question"
    choices: tuple[tuple[str, str], ...] = ()
    questions: frozenset[QuestionType] | None = None
    optional: bool = False


class BlockTexts(QObject):
    """The visible names of block kinds and their settings (a QObject so lupdate finds each `tr`)."""

    def kind_names(self) -> dict[str, str]:
        return {"title": self.tr("Title page"), "summary": self.tr("Executive summary"),
                "tiles": self.tr("Key metric tiles"), "chart": self.tr("Chart"),
                "crosstab": self.tr("Crosstab with significance letters"),
                "banner": self.tr("Banner table (rows × several column variables)"), "comments": self.tr("Top comments"),
                "journey": self.tr("Journey map"), "cases": self.tr("Cases and actions"),
                "methodology": self.tr("Methodology appendix")}

    def fields(self, kind: str, study: Study) -> list[Field]:
        """The editable options of a block kind."""
        if kind == "title":
            return [Field(("subtitle",), self.tr("Subtitle"), "text")]
        if kind == "summary":
            return [Field(("text",), self.tr("Text (empty: key figures are written from the data)"), "multiline")]
        if kind == "chart":
            metrics = tuple((m.name, m.label(current_language())) for m in registry.METRICS)
            variants = (("", self.tr("Usual chart")), ("bars", self.tr("Bars with intervals")),
                        ("ipa", self.tr("Importance-performance")))
            return [Field(("request", "metric"), self.tr("Measure"), "choice", metrics),
                    Field(("request", "question"), self.tr("Question"), "question"),
                    Field(("request", "by"), self.tr("Broken down by"), "question", questions=frozenset(CHOICE),
                          optional=True),
                    Field(("request", "chart"), self.tr("Variant"), "choice", variants)]
        if kind == "crosstab":
            return [Field(("row",), self.tr("Rows"), "question", questions=frozenset(CHOICE | NUMERIC)),
                    Field(("column",), self.tr("Columns (lettered)"), "question", questions=frozenset(CHOICE))]
        if kind == "banner":
            return [Field(("rows",), self.tr("Row variables (codes, comma-separated)"), "text"),
                    Field(("banner",), self.tr("Banner variables (codes, comma-separated)"), "text")]
        if kind == "comments":
            which = (("all", self.tr("All")), ("negative", self.tr("Negative")), ("positive", self.tr("Positive")),
                     ("quotable", self.tr("Marked quotable")))
            return [Field(("question",), self.tr("Comment question"), "question",
                          questions=frozenset({QuestionType.TEXT})),
                    Field(("sentiment",), self.tr("Which comments"), "choice", which),
                    Field(("limit",), self.tr("How many"), "int")]
        if kind == "journey":
            names = tuple((n, n) for n in journeys.journey_names(study))
            return [Field(("name",), self.tr("Journey"), "choice", names)]
        return []


def kind_names() -> dict[str, str]:
    """The block kinds as a consultant reads them, in the UI language."""
    return BlockTexts().kind_names()


def block_summary(block: Block, survey: Survey | None) -> str:
    """The list entry of a block: its heading, or its kind and what it shows by the labels of the block's survey
    in the UI language (`Chart · NPS · Likelihood to recommend × Region`, not `NPS nps × region`)."""
    if block.title:
        return block.title
    lang = current_language()

    def named(column: object) -> str:
        return names.column_name(survey, str(column), lang) if survey is not None else str(column)

    name = kind_names()[block.kind]
    options = block.options
    if block.kind == "chart":
        request = options.get("request", {})
        detail = f"{names.metric_name(str(request.get('metric', '')), lang)} · {named(request.get('question', ''))}"
        if request.get("by"):
            detail += f" × {named(request['by'])}"
        return f"{name} · {detail}"
    if block.kind == "crosstab":
        return f"{name} · {named(options.get('row', ''))} × {named(options.get('column', ''))}"
    if block.kind == "banner" and options.get("rows"):
        rows, banner = (", ".join(named(c) for c in option_codes(options.get(key))) for key in ("rows", "banner"))
        return f"{name} · {rows} × {banner}"
    if block.kind == "comments" and options.get("question"):
        return f"{name} · {named(options['question'])}"
    return name


def get_option(options: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = options
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def set_option(options: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = options
    for key in path[:-1]:
        target = target.setdefault(key, {})
    if value in (None, ""):
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value


class BlockForm(QWidget):
    """Edits the options of one block; emits `sig_changed` after each edit (the block is changed in place)."""

    sig_changed = Signal()

    def __init__(self, study: Study, survey: Survey, block: Block, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.block = block
        self.editors: dict[tuple[str, ...], QWidget] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a long question picker under its name
        for spec in BlockTexts().fields(block.kind, study):
            editor = self._editor(spec, survey)
            self.editors[spec.path] = editor
            layout.addRow(spec.label, editor)

    def _editor(self, spec: Field, survey: Survey) -> QWidget:
        current = get_option(self.block.options, spec.path)
        commit: Callable[[Any], None] = lambda value: self._set(spec.path, value)  # noqa: E731
        if spec.kind in ("choice", "question"):
            combo = QComboBox()
            items = list(spec.choices)
            if spec.kind == "question":
                lang = current_language()
                items = [(q.code, f"{q.code} · {q.label(lang)}") for q in survey.active_questions() + survey.derived
                         if spec.questions is None or q.type in spec.questions]
            if spec.optional:
                items.insert(0, ("", self.tr("(none)")))
            for value, text in items:
                combo.addItem(text, value)
            index = combo.findData(current if current is not None else "")
            combo.setCurrentIndex(max(0, index))
            combo.currentIndexChanged.connect(lambda _i: commit(combo.currentData()))
            return combo
        if spec.kind == "int":
            spin = QSpinBox()
            spin.setRange(1, 50)
            spin.setValue(int(current or 8))
            spin.valueChanged.connect(commit)
            return spin
        if spec.kind == "multiline":
            edit = QPlainTextEdit(str(current or ""))
            edit.setFixedHeight(90)
            edit.textChanged.connect(lambda: commit(edit.toPlainText()))
            return edit
        line = QLineEdit(", ".join(map(str, current)) if isinstance(current, list) else str(current or ""))
        line.textChanged.connect(commit)
        return line

    def _set(self, path: tuple[str, ...], value: Any) -> None:
        """Write the edited option into the block (the recipe is the truth; the list and preview follow)."""
        set_option(self.block.options, path, value)
        self.sig_changed.emit()
