"""The derived-variable editor's forms, one per kind a researcher defines by picking rather than typing (issue 20).

Each form writes exactly the definition `xmdesk derive` and the core take (`core.analysis.derived`): a recode
into bands is {"source", "rules": [{"choice", "min", "max"}]}, merged choices {"source", "rules": [{"choice",
"values"}]}, a count {"source", "options"}, a flag {"flag", …its parameters}. A band's or group's labels become
the variable's choices, so the form says them once. A value the form cannot turn into a definition (a bound that
is not a number, a band without a label) is refused in words by the core's message catalogue, as the JSON text
was; checking the definition itself stays the core's (`derived.check`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QStackedWidget,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core import odata
from xmdesk.core.analysis import derived, odata_vars
from xmdesk.core.errors import ModelError
from xmdesk.core.fieldwork.entry import scale_values
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import (CHOICE_TYPES, SYSTEM_COLUMN_NAMES, Choice, Question, QuestionType, Survey)
from xmdesk.gui.i18n import current_language

NUMERIC_TYPES = (QuestionType.NUMBER, QuestionType.NPS, QuestionType.RATING)
GROUPED_TYPES = (*CHOICE_TYPES, QuestionType.NPS, QuestionType.RATING)
CUSTOMER_COLUMN = "customer_id"


def number_text(value: Any) -> str:
    """A bound as typed back: 24, not 24.0; empty for an open end; text as it was typed."""
    if value is None or isinstance(value, str):
        return value or ""
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)


def fill_questions(combo: QComboBox, questions: Sequence[Question]) -> None:
    """A picker of questions, each shown by code and label, its code as the data."""
    combo.blockSignals(True)
    combo.clear()
    for question in questions:
        combo.addItem(f"{question.code} · {question.label(current_language())}", question.code)
    combo.blockSignals(False)


def pick(combo: QComboBox, data: Any) -> None:
    """Make the item holding `data` current (the first one when there is none)."""
    combo.setCurrentIndex(max(combo.findData(data), 0))


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


class KindForm(QWidget):
    """What the forms share: the study and survey they offer columns of, and a signal on every change, which
    the dialog turns into a preview after a pause."""

    sig_changed = Signal()
    kind = ""
    """The core's kind the form writes."""

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study, self.survey = study, survey

    def spec(self) -> dict[str, Any]:
        """The kind's parameters as the core takes them."""
        raise NotImplementedError

    def choices(self) -> tuple[Choice, ...] | None:
        """The variable's choices when the form defines them (bands, groups); None when the dialog's field does."""
        return None

    def show_spec(self, spec: Mapping[str, Any], question: Question) -> None:
        """Fill the form from a stored variable's parameters (and its choices' labels)."""
        raise NotImplementedError

    def definition(self, code: str, label_en: str, label_zh: str) -> derived.Definition:
        """The variable the form says: a single choice when the form names choices, else a number."""
        choices = self.choices()
        qtype = QuestionType.SINGLE if choices is not None else QuestionType.NUMBER
        return derived.Definition(code, self.kind, self.spec(), qtype, label_en, label_zh, choices or ())

    def proposed_code(self) -> str:
        """A code the form's choices suggest ('' for none); the dialog fills it in while the code is not typed."""
        return ""

    def _buttons(self, add: str, remove: str) -> QHBoxLayout:
        """Add and Remove under a table whose rows are the variable's choices (bands, groups)."""
        self.add_button, self.remove_button = QPushButton(add), QPushButton(remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        return buttons

    def _table(self, headers: Sequence[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().setDefaultSectionSize(24)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.itemChanged.connect(self.sig_changed)
        return table


class LabelledRows:
    """A table whose rows each become one of the variable's choices (a band, a group): its labels in two columns,
    numbered codes and values in row order."""

    def __init__(self, table: QTableWidget, first_label: int, prefix: str) -> None:
        self.table, self.first_label, self.prefix = table, first_label, prefix

    def add(self, texts: Sequence[str]) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for column, text in enumerate(texts):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def code(self, row: int) -> str:
        return f"{self.prefix}{row + 1}"

    def choices(self, message_id: str) -> tuple[Choice, ...]:
        """One choice per row; a row without a label in either language is refused (`message_id`, row number)."""
        made = []
        for row in range(self.table.rowCount()):
            zh, en = cell_text(self.table, row, self.first_label), cell_text(self.table, row, self.first_label + 1)
            if not zh and not en:
                raise ModelError(message_id, row=row + 1)
            made.append(Choice(self.code(row), row + 1, en, zh))
        return tuple(made)

    def labels_of(self, question: Question, code: str) -> list[str]:
        choice = next((c for c in question.choices if c.code == code), None)
        return [choice.label_zh, choice.label_en] if choice is not None else ["", ""]


class BandsForm(KindForm):
    """A number (age, spend, a score) into bands: from and to, both included and either left open, with labels.
    The source's range is shown so bands can be drawn to cover it."""

    kind = "recode"

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(study, survey, parent)
        self.source = QComboBox()
        fill_questions(self.source, [q for q in survey.active_questions() + list(survey.derived)
                                     if q.type in NUMERIC_TYPES])
        self.range_label = QLabel()
        self.range_label.setObjectName("countLabel")
        self.table = self._table([self.tr("From"), self.tr("To"), self.tr("Label (Chinese)"),
                                  self.tr("Label (English)")])
        self.rows = LabelledRows(self.table, 2, "band")
        buttons = self._buttons(self.tr("Add band"), self.tr("Remove band"))
        hint = QLabel(self.tr("Both ends are included; leave one empty for an open band. The first band that "
                              "holds a value takes it."))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Source:"), self.source)
        form.addRow("", self.range_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.add_button.clicked.connect(lambda: self.add_band())
        self.remove_button.clicked.connect(self._remove)
        self._source_changed()

    def add_band(self, low: Any = None, high: Any = None, label_zh: str = "", label_en: str = "") -> None:
        """One more band (empty, for the user to fill in, or as given)."""
        self.rows.add([number_text(low), number_text(high), label_zh, label_en])
        self.sig_changed.emit()

    def _remove(self) -> None:
        self.rows.remove_current()
        self.sig_changed.emit()

    def _source_changed(self) -> None:
        self.range_label.setText(self._range_text(str(self.source.currentData() or "")))
        self.sig_changed.emit()

    def _range_text(self, code: str) -> str:
        """'Answers from 16 to 78 (954 answered)': the answered values' range, read as analysis reads them."""
        from xmdesk.core.analysis.frame import load_frame

        if not code:
            return ""
        column = load_frame(self.study, self.survey, [code])[code]
        values = pd.to_numeric(pd.Series(column.to_numpy(dtype=object)), errors="coerce").dropna()
        if values.empty:
            return self.tr("No answers yet.")
        return (self.tr("Answers from %1 to %2 (%3 answered)").replace("%1", number_text(values.min()))
                .replace("%2", number_text(values.max())).replace("%3", str(len(values))))

    def spec(self) -> dict[str, Any]:
        rules = []
        for row in range(self.table.rowCount()):
            rule: dict[str, Any] = {"choice": self.rows.code(row)}
            for key, column in (("min", 0), ("max", 1)):
                text = cell_text(self.table, row, column).replace("，", ".").replace(",", ".")
                if text:
                    rule[key] = _bound(text, row)
            rules.append(rule)
        return {"source": self.source.currentData() or "", "rules": rules}

    def choices(self) -> tuple[Choice, ...]:
        return self.rows.choices("derived.form_band_label")

    def show_spec(self, spec: Mapping[str, Any], question: Question) -> None:
        pick(self.source, spec.get("source"))
        self.table.setRowCount(0)
        for rule in spec.get("rules") or []:
            self.add_band(rule.get("min"), rule.get("max"), *self.rows.labels_of(question, str(rule.get("choice"))))


def _bound(text: str, row: int) -> float:
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        raise ModelError("derived.form_band_bound", row=row + 1, value=text) from None


class GroupsForm(KindForm):
    """A choice or scale question's answers merged into new groups (five stores → two regions, eleven NPS points →
    three): the groups with their labels, then each answer's group picked beside it (or left out: missing)."""

    kind = "recode"

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(study, survey, parent)
        self.source = QComboBox()
        fill_questions(self.source, [q for q in survey.active_questions() if q.type in GROUPED_TYPES])
        self.groups = self._table([self.tr("Group: label (Chinese)"), self.tr("Label (English)")])
        self.rows = LabelledRows(self.groups, 0, "group")
        self.answers = self._table([self.tr("Answer"), self.tr("Goes to group")])
        self.answers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        buttons = self._buttons(self.tr("Add group"), self.tr("Remove group"))
        form = QFormLayout()
        form.addRow(self.tr("Source:"), self.source)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        tables = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.groups, 1)
        left.addLayout(buttons)
        tables.addLayout(left, 2)
        tables.addWidget(self.answers, 3)
        layout.addLayout(tables, 1)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.groups.itemChanged.connect(self._groups_changed)
        self.add_button.clicked.connect(lambda: self.add_group())
        self.remove_button.clicked.connect(self._remove)
        self._source_changed()

    def source_values(self) -> list[tuple[int | str, str]]:
        """(value as a rule names it: a choice's code, a scale's point; text shown) of each answer the source
        question can have."""
        code = self.source.currentData()
        if code is None:
            return []
        question = self.survey.question(str(code))
        if question.type in (QuestionType.NPS, QuestionType.RATING) and not question.choices:
            return [(v, str(v)) for v in scale_values(question)]
        return [(c.code, f"{c.value} · {c.label(current_language())}") for c in question.answer_choices()]

    def add_group(self, label_zh: str = "", label_en: str = "") -> None:
        """One more group (empty, for the user to name, or as given); every answer's picker offers it."""
        self.rows.add([label_zh, label_en])
        self._groups_changed()

    def _remove(self) -> None:
        self.rows.remove_current()
        self._groups_changed()

    def _source_changed(self) -> None:
        self.answers.setRowCount(0)
        for row, (value, text) in enumerate(self.source_values()):
            self.answers.insertRow(row)
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.answers.setItem(row, 0, item)
            combo = QComboBox()
            combo.currentIndexChanged.connect(self.sig_changed)
            self.answers.setCellWidget(row, 1, combo)
        self._groups_changed()

    def _groups_changed(self) -> None:
        """Each answer's picker lists the groups as named now, keeping the group it had by position."""
        names = [self._group_name(row) for row in range(self.groups.rowCount())]
        for row in range(self.answers.rowCount()):
            combo = self.group_picker(row)
            chosen = combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(left out)"), -1)
            for position, name in enumerate(names):
                combo.addItem(name, position)
            combo.setCurrentIndex(chosen if 0 <= chosen < combo.count() else 0)
            combo.blockSignals(False)
        self.sig_changed.emit()

    def _group_name(self, row: int) -> str:
        texts = [cell_text(self.groups, row, column) for column in (0, 1)]
        shown = texts[0] if current_language() == "zh" else texts[1]
        return shown or texts[0] or texts[1] or self.tr("Group %1").replace("%1", str(row + 1))

    def group_picker(self, row: int) -> QComboBox:
        combo = self.answers.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        return combo

    def answer_value(self, row: int) -> Any:
        item = self.answers.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def set_group(self, answer: str, group: int) -> None:
        """Put the answer named `answer` (its choice code or scale value) in group `group` (0-based; -1 leaves it
        out)."""
        for row in range(self.answers.rowCount()):
            if str(self.answer_value(row)) == answer:
                pick(self.group_picker(row), group)

    def spec(self) -> dict[str, Any]:
        members: dict[int, list[Any]] = {}
        for row in range(self.answers.rowCount()):
            group = self.group_picker(row).currentData()
            value = self.answer_value(row)
            if isinstance(group, int) and group >= 0:
                members.setdefault(group, []).append(value)
        return {"source": self.source.currentData() or "",
                "rules": [{"choice": self.rows.code(g), "values": members[g]} for g in sorted(members)]}

    def choices(self) -> tuple[Choice, ...]:
        return self.rows.choices("derived.form_group_label")

    def show_spec(self, spec: Mapping[str, Any], question: Question) -> None:
        pick(self.source, spec.get("source"))
        self.groups.setRowCount(0)
        for choice in question.choices:
            self.add_group(choice.label_zh, choice.label_en)
        codes = [c.code for c in question.choices]
        for rule in spec.get("rules") or []:
            group = codes.index(str(rule.get("choice"))) if str(rule.get("choice")) in codes else -1
            for value in rule.get("values") or []:
                self.set_group(str(value), group)


class CountForm(KindForm):
    """How many options of a multiple-choice question were ticked: of all of them, or of those picked."""

    kind = "count"

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(study, survey, parent)
        self.source = QComboBox()
        fill_questions(self.source, [q for q in survey.active_questions() if q.type is QuestionType.MULTIPLE])
        self.options = QListWidget()
        form = QFormLayout()
        form.addRow(self.tr("Question:"), self.source)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Count these options:")))
        layout.addWidget(self.options, 1)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.options.itemChanged.connect(self.sig_changed)
        self._source_changed()

    def _source_changed(self) -> None:
        code = self.source.currentData()
        self.options.blockSignals(True)
        self.options.clear()
        for choice in self.survey.question(str(code)).choices if code is not None else []:
            item = QListWidgetItem(choice.label(current_language()))
            item.setData(Qt.ItemDataRole.UserRole, choice.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.options.addItem(item)
        self.options.blockSignals(False)
        self.sig_changed.emit()

    def set_options(self, codes: Sequence[str] | None) -> None:
        """Tick exactly these options (all when None)."""
        for row in range(self.options.count()):
            item = self.options.item(row)
            wanted = codes is None or item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def spec(self) -> dict[str, Any]:
        """All options ticked is written as the question alone (so an option added later is counted too)."""
        items = [self.options.item(row) for row in range(self.options.count())]
        ticked = [str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked]
        spec: dict[str, Any] = {"source": self.source.currentData() or ""}
        if len(ticked) < len(items):
            spec["options"] = ticked
        return spec

    def show_spec(self, spec: Mapping[str, Any], question: Question) -> None:
        pick(self.source, spec.get("source"))
        self.set_options(spec.get("options"))


class FlagForm(KindForm):
    """A quality flag and its settings: speeders (under a share of the median duration), straight-liners (one
    answer across a matrix), duplicates (same customer, IP or text) and out-of-pattern numbers."""

    kind = "flag"

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(study, survey, parent)
        questions = survey.active_questions()
        self.flag = QComboBox()
        for flag, text in (("speeder", self.tr("Speeders")), ("straightliner", self.tr("Straight-liners")),
                           ("duplicate", self.tr("Duplicates")), ("outlier", self.tr("Out-of-pattern answers"))):
            self.flag.addItem(text, flag)
        self.pages = QStackedWidget()

        self.duration = QComboBox()
        for name in sorted(n for n in SYSTEM_COLUMN_NAMES if n == derived.DURATION_COLUMN):
            self.duration.addItem(name, name)
        for question in questions:
            if question.type is QuestionType.NUMBER:
                self.duration.addItem(f"{question.code} · {question.label(current_language())}", question.code)
        self.share = self._spin(QDoubleSpinBox(), 0.05, 1.0, derived.SPEEDER_SHARE, 0.05)
        self._page([(self.tr("Duration (seconds):"), self.duration), (self.tr("Faster than this share of the median:"),
                                                                     self.share)])
        self.matrix = QComboBox()
        fill_questions(self.matrix, [q for q in questions if q.type is QuestionType.MATRIX])
        self.min_items = self._spin(QSpinBox(), 2, 50, derived.STRAIGHT_MIN_ITEMS, 1)
        self._page([(self.tr("Matrix:"), self.matrix), (self.tr("At least this many rows answered:"), self.min_items)])
        self.keys = QListWidget()
        for name, text in self._duplicate_keys(questions):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.keys.addItem(item)
        self.keys.itemChanged.connect(self.sig_changed)
        self.min_length = self._spin(QSpinBox(), 1, 500, 1, 1)
        self._page([(self.tr("Same answers in:"), self.keys), (self.tr("Ignore keys shorter than (characters):"),
                                                              self.min_length)])
        self.column = QComboBox()
        fill_questions(self.column, [q for q in questions if q.type in NUMERIC_TYPES])
        self.k = self._spin(QDoubleSpinBox(), 0.5, 20.0, derived.OUTLIER_K, 0.5)
        self._page([(self.tr("Number:"), self.column), (self.tr("Beyond the quartiles by this many IQRs:"), self.k)])

        form = QFormLayout()
        form.addRow(self.tr("Flag:"), self.flag)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.pages, 1)
        self.flag.currentIndexChanged.connect(self.pages.setCurrentIndex)
        for combo in (self.flag, self.duration, self.matrix, self.column):
            combo.currentIndexChanged.connect(self.sig_changed)

    def _duplicate_keys(self, questions: Sequence[Question]) -> list[tuple[str, str]]:
        """The columns duplicates can be found by: the customer, the IP when responses carry it, each text."""
        keys = [(CUSTOMER_COLUMN, self.tr("Customer"))]
        if derived.IP_COLUMN in SYSTEM_COLUMN_NAMES:
            keys.append((derived.IP_COLUMN, self.tr("IP address")))
        keys += [(q.code, f"{q.code} · {q.label(current_language())}") for q in questions
                 if q.type is QuestionType.TEXT]
        return keys

    def _spin(self, spin: QSpinBox | QDoubleSpinBox, low: float, high: float, value: float,
              step: float) -> Any:
        spin.setRange(low, high)  # type: ignore[arg-type]
        spin.setSingleStep(step)  # type: ignore[arg-type]
        spin.setValue(value)  # type: ignore[arg-type]
        spin.valueChanged.connect(self.sig_changed)
        return spin

    def _page(self, rows: Sequence[tuple[str, QWidget]]) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        for text, widget in rows:
            form.addRow(text, widget)
        self.pages.addWidget(page)

    def set_keys(self, names: Sequence[str]) -> None:
        """Tick exactly the columns duplicates are found by."""
        for row in range(self.keys.count()):
            item = self.keys.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def spec(self) -> dict[str, Any]:
        flag = str(self.flag.currentData())
        settings: dict[str, Callable[[], dict[str, Any]]] = {
            "speeder": lambda: {"duration": self.duration.currentData() or "", "share": round(self.share.value(), 4)},
            "straightliner": lambda: {"matrix": self.matrix.currentData() or "", "min_items": self.min_items.value()},
            "duplicate": lambda: {"by": [str(self.keys.item(r).data(Qt.ItemDataRole.UserRole))
                                         for r in range(self.keys.count())
                                         if self.keys.item(r).checkState() == Qt.CheckState.Checked],
                                  "min_length": self.min_length.value()},
            "outlier": lambda: {"column": self.column.currentData() or "", "k": round(self.k.value(), 4)}}
        return {"flag": flag, **settings[flag]()}

    def show_spec(self, spec: Mapping[str, Any], question: Question) -> None:
        pick(self.flag, spec.get("flag"))
        pick(self.duration, spec.get("duration"))
        self.share.setValue(float(spec.get("share", derived.SPEEDER_SHARE)))
        pick(self.matrix, spec.get("matrix"))
        self.min_items.setValue(int(spec.get("min_items", derived.STRAIGHT_MIN_ITEMS)))
        self.set_keys([str(name) for name in spec.get("by") or []])
        self.min_length.setValue(int(spec.get("min_length", 1)))
        pick(self.column, spec.get("column"))
        self.k.setValue(float(spec.get("k", derived.OUTLIER_K)))


NO_DAYS = -1
"""A window's spin box at this value shows 'none': no bound on that side."""


class OdataForm(KindForm):
    """A customer field or an operational table's rows around the response's day (issue 20): the table, its
    column, an aggregate and a window, as `xmdesk derive … --odata` takes them. The core's `odata_vars.definition`
    makes the variable from these choices, so its type, choices and default labels (read from the table) are the
    CLI's; a customer has one row, so the customers table has no aggregate, window or dates."""

    kind = "odata"

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(study, survey, parent)
        self.table = QComboBox()
        for table in (odata_vars.CUSTOMERS, *odata_vars.linked_tables(study)):
            self.table.addItem(table, table)
        self.column = QComboBox()
        self.agg = QComboBox()
        self.agg.addItem(self.tr("None: the last row on or before the response's day"), None)
        for agg, text in (("count", self.tr("Count of rows")), ("sum", self.tr("Sum")), ("mean", self.tr("Mean")),
                          ("last", self.tr("Last")), ("first", self.tr("First")), ("min", self.tr("Lowest")),
                          ("max", self.tr("Highest")), ("any", self.tr("Any row (yes/no)"))):
            self.agg.addItem(text, agg)
        self.days_before, self.days_after = self._days(), self._days()
        self.date_column = QComboBox()
        self.response_date = QComboBox()
        self.response_date.addItem(self.tr("Response created (created_at)"), odata_vars.DEFAULT_RESPONSE_DATE)
        for question in survey.active_questions():
            if question.type is QuestionType.DATE:
                self.response_date.addItem(f"{question.code} · {question.label(current_language())}", question.code)
        self.hint = QLabel(self.tr("Days before: from that many days before the response's day to that day, both "
                                   "included. Days after: the days after it. Neither: every row up to and including "
                                   "the response's day."))
        self.hint.setWordWrap(True)
        self.form = QFormLayout()
        self.form.addRow(self.tr("Table:"), self.table)
        self.form.addRow(self.tr("Column:"), self.column)
        self.form.addRow(self.tr("Aggregate:"), self.agg)
        self.form.addRow(self.tr("Days before:"), self.days_before)
        self.form.addRow(self.tr("Days after:"), self.days_after)
        self.form.addRow(self.tr("Date column:"), self.date_column)
        self.form.addRow(self.tr("Response date:"), self.response_date)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.table.currentIndexChanged.connect(self._table_changed)
        self.agg.currentIndexChanged.connect(self._agg_changed)
        for combo in (self.column, self.date_column, self.response_date):
            combo.currentIndexChanged.connect(self.sig_changed)
        self._table_changed()

    def _days(self) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(NO_DAYS, 36500)
        spin.setSpecialValueText(self.tr("none"))
        spin.setValue(NO_DAYS)
        spin.valueChanged.connect(self.sig_changed)
        return spin

    def is_windowed(self) -> bool:
        """Whether the table's rows are dated (an operational table), so an aggregate and a window apply."""
        return self.table.currentData() != odata_vars.CUSTOMERS

    def _table_changed(self) -> None:
        """The table's columns to read and to date its rows by (the core's default date column proposed)."""
        table = str(self.table.currentData() or "")
        windowed = self.is_windowed()
        columns = list(odata.CUSTOMER_FIELDS) if not windowed else next(
            (odata.table_columns(self.study, t) for t in odata.list_tables(self.study) if t.name == table), [])
        found = self._link(table)
        for combo, names in ((self.column, [c for c in columns if found is None or c != found.key]),
                             (self.date_column, columns if windowed else [])):
            combo.blockSignals(True)
            combo.clear()
            for name in names:
                combo.addItem(name, name)
            combo.blockSignals(False)
        self.date_column.setCurrentIndex(self.date_column.findData(found.date if found is not None else None))
        for row in (self.agg, self.days_before, self.days_after, self.date_column, self.response_date):
            self.form.setRowVisible(row, windowed)
        self.hint.setVisible(windowed)
        if not windowed:
            self.agg.setCurrentIndex(0)
            self.days_before.setValue(NO_DAYS)
            self.days_after.setValue(NO_DAYS)
        self._agg_changed()

    def _link(self, table: str) -> odata_vars.Link | None:
        """The table's link with its default date column, or None when the core refuses it (said in the preview)."""
        try:
            return odata_vars.link(self.study, table)
        except ModelError:
            return None

    def _agg_changed(self) -> None:
        """A count or 'any' reads no column, so none is written (as the CLI without --column)."""
        self.column.setEnabled(self.agg.currentData() not in ("count", "any"))
        self.sig_changed.emit()

    def _days_value(self, spin: QSpinBox) -> int | None:
        return None if spin.value() == NO_DAYS else spin.value()

    def definition(self, code: str, label_en: str, label_zh: str) -> derived.Definition:
        """The core's definition of these choices: exactly what `xmdesk derive … --odata` writes for them."""
        windowed = self.is_windowed()
        return odata_vars.definition(
            self.study, code, str(self.table.currentData() or ""),
            self.column.currentData() if self.column.isEnabled() else None, self.agg.currentData(),
            self._days_value(self.days_before), self._days_value(self.days_after),
            self.date_column.currentData() if windowed else None,
            str(self.response_date.currentData()) if windowed else odata_vars.DEFAULT_RESPONSE_DATE,
            label_en, label_zh)

    def proposed_code(self) -> str:
        """table.column for a field, with the aggregate and window after it: orders.amount_sum_30d,
        orders.count_after90d, customers.segment."""
        column = _code_part(str(self.column.currentData() or "")) if self.column.isEnabled() else ""
        agg = self.agg.currentData()
        parts = [column, agg] if agg not in ("count", "any") else [agg]
        before, after = self._days_value(self.days_before), self._days_value(self.days_after)
        parts += [f"{before}d" if before is not None else "", f"after{after}d" if after is not None else ""]
        return f"{self.table.currentData()}.{'_'.join(p for p in parts if p)[:48]}"

    def show_spec(self, spec: Mapping[str, Any], question: Question) -> None:
        pick(self.table, spec.get("table"))
        pick(self.agg, spec.get("agg"))
        pick(self.column, spec.get("column"))
        for spin, key in ((self.days_before, "days_before"), (self.days_after, "days_after")):
            spin.setValue(NO_DAYS if spec.get(key) is None else int(spec[key]))
        if spec.get("date"):
            pick(self.date_column, spec.get("date"))
            response_date = str(spec.get("response_date") or odata_vars.DEFAULT_RESPONSE_DATE)
            if self.response_date.findData(response_date) < 0:  # a column the CLI was given, kept as it was
                self.response_date.addItem(response_date, response_date)
            pick(self.response_date, response_date)


def _code_part(name: str) -> str:
    """A column's name as part of a code: letters, digits and underscores, starting with a letter."""
    part = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in name).strip("_")
    return part if part[:1].isalpha() else f"v_{part}".rstrip("_")


def recode_form(spec: Mapping[str, Any]) -> str:
    """Which form shows a stored recode: merged choices when its rules list values, bands otherwise."""
    return "groups" if any("values" in rule for rule in spec.get("rules") or []) else "bands"


FORMS: dict[str, type[KindForm]] = {"bands": BandsForm, "groups": GroupsForm, "count": CountForm, "flag": FlagForm,
                                    "odata": OdataForm}
"""The editor's kinds that have a form, by the key its kind picker holds."""
