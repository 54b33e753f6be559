"""The import wizard's pages other than the survey and columns page (target.py): file, preview, recode,
check and import. Each draws one part of the plan; the wizard moves between them and runs the jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QPushButton, QRadioButton, QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core import messages
from xmdesk.core.errors import XMDeskError
from xmdesk.core.importing.layouts import LAYOUTS
from xmdesk.core.importing.mapping import Field, Mapping, propose_survey, question_code, recode_option
from xmdesk.core.importing.run import ImportResult, Plan, numbered_data_rows, save_mapping
from xmdesk.core.importing.spss import propose_from_dictionary
from xmdesk.core.importing.values import cell_text
from xmdesk.core.survey.model import SEPARATOR
from xmdesk.core.study.file import Study
from xmdesk.gui import files
from xmdesk.gui.i18n import Texts
from xmdesk.gui.importing.page import ERROR_STYLE, PlanPage, reading, translate, type_name
from xmdesk.gui.importing.tables import cell_item, make_table

PREVIEW_ROWS = 30
UNDECODABLE_BACKGROUND = "#fde4e8"
UNDECODABLE_NAMED = 12  # rows named on the preview; the check lists them all


class FilePage(QWidget):
    """1. The file: drop or choose one, its sheet and layout (a change reads it again), what was recognised."""

    sig_choose = Signal()
    """Choose a file… was pressed."""
    sig_reread = Signal()
    """Another sheet or layout was picked: the file is to be read again with it."""

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drop_label = texts.label(lambda: translate("ImportWizard", "Drop an Excel or CSV file here, or choose "
                                                        "one.\nExports of Qualtrics, SurveyMonkey, Wenjuanxing, "
                                                        "Tencent Survey, KoboToolbox/ODK and plain tables are "
                                                        "recognised."))
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setWordWrap(True)
        self.drop_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.drop_label.setMinimumHeight(140)
        choose = texts.button(lambda: translate("ImportWizard", "Choose a file…"))
        choose.clicked.connect(self.sig_choose)
        self.sheet_box = QComboBox()
        self.sheet_box.currentTextChanged.connect(self._reread)
        self.layout_box = QComboBox()
        self.layout_box.addItem(translate("ImportWizard", "Automatic"), "auto")
        for name in LAYOUTS:
            self.layout_box.addItem(messages.text(f"importing.layout.{name}"), name)
        self.layout_box.currentIndexChanged.connect(self._reread)
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)
        form = QFormLayout()
        texts.rows(form, [(lambda: translate("ImportWizard", "Sheet:"), self.sheet_box),
                          (lambda: translate("ImportWizard", "Layout:"), self.layout_box)])
        layout = QVBoxLayout(self)
        layout.addWidget(self.drop_label)
        layout.addWidget(choose, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.file_info)
        layout.addStretch(1)

    def word_layouts(self) -> None:
        """The layout names in the current language (they come from the core catalogue, not bound texts)."""
        self.layout_box.setItemText(0, translate("ImportWizard", "Automatic"))
        for index, name in enumerate(LAYOUTS, start=1):
            self.layout_box.setItemText(index, messages.text(f"importing.layout.{name}"))

    def _reread(self) -> None:
        if not self.sheet_box.signalsBlocked():  # not while show_file fills the sheets
            self.sig_reread.emit()

    def show_file(self, plan: Plan, earlier: list[dict[str, Any]], rows: str) -> None:
        """What was read: its sheets, the layout recognised, its rows (`rows` words a sheet's count), and an
        earlier import of the same file."""
        source, layout = plan.source, plan.layout
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(source.sheets)
        self.sheet_box.setCurrentText(source.sheet)
        self.sheet_box.setEnabled(len(source.sheets) > 1)
        self.sheet_box.blockSignals(False)
        details = [translate("ImportWizard", "File: %1").replace("%1", source.path.name),
                   translate("ImportWizard", "Layout recognised: %1").replace(
                       "%1", messages.text(f"importing.layout.{layout.name}"))]
        details.append(reading(source) if source.kind == "csv" else rows)
        if layout.by_number:
            details.append(translate("ImportWizard", "Answers are option numbers (\"by option number\" download)."))
        if earlier:
            details.append(translate("ImportWizard", "This file was already imported on %1 into %2; rows imported "
                                     "then will be skipped.").replace("%1", earlier[0]["at"][:16])
                           .replace("%2", earlier[0]["target"]))
        self.file_info.setText("\n".join(details))
        self.drop_label.setText(source.path.name)


class PreviewPage(PlanPage):
    """2. The first data rows as they were read, with the type found for each column, before any import."""

    def __init__(self, study: Study, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(study, texts, parent)
        self.preview_note = QLabel()
        self.preview_problem = QLabel()
        self.preview_problem.setWordWrap(True)
        self.preview_problem.setStyleSheet(ERROR_STYLE)
        self.preview_problem.hide()
        self.preview = make_table([])
        self.preview.verticalHeader().setVisible(True)  # the file's row numbers, as messages name them
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.preview_problem)
        layout.addWidget(self.preview, 1)

    def show_plan(self, plan: Plan) -> None:
        """The first data rows as they were read (for a CSV: decoded, with its encoding and separator),
        before anything is imported; cells of rows holding bytes not valid in the encoding are marked
        and those rows named."""
        super().show_plan(plan)
        layout, source = plan.layout, plan.source
        numbered = numbered_data_rows(source.head, layout)[:PREVIEW_ROWS]
        rows = [row for number, row in numbered if number not in source.undecodable]
        sample = rows or [row for _, row in numbered]
        proposed, mapping = (propose_from_dictionary("preview", layout, source.dictionary, sample)
                             if source.kind == "spss" else propose_survey("preview", layout, sample))
        questions = {q.code: q.type.value for q in proposed.questions}
        types = {f.source: questions.get(question_code(f), "field") for f in _by_question(mapping)}
        for item in mapping.fields:
            if item.kind == "flag":
                types[item.source] = "multiple"
        self.preview.clear()
        self.preview.setColumnCount(len(layout.columns))
        self.preview.setRowCount(len(numbered))
        self.preview.setHorizontalHeaderLabels(
            [f"{c.header}\n[{type_name(types.get(c.header, 'text'))}]" for c in layout.columns])
        self.preview.setVerticalHeaderLabels([str(number) for number, _ in numbered])
        for r, (number, row) in enumerate(numbered):
            for c, column in enumerate(layout.columns):
                value = row[column.index] if column.index < len(row) else ""
                self.preview.setItem(r, c, self._preview_item(cell_text(value)[:200], number in source.undecodable))
        self.preview.resizeColumnsToContents()
        for c in range(self.preview.columnCount()):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 220))
        note = [translate("ImportWizard", "First %1 data rows of %2, with the type found for each column.")
                .replace("%1", str(len(numbered))).replace("%2", plan.file)]
        if source.kind == "csv":
            note.append(reading(source))
        self.preview_note.setText("\n".join(note))
        self._name_undecodable()

    def _preview_item(self, text: str, undecodable_row: bool) -> QTableWidgetItem:
        item = cell_item(text)
        if undecodable_row and "\ufffd" in text:
            item.setBackground(QColor(UNDECODABLE_BACKGROUND))
            item.setToolTip(translate("ImportWizard", "Not valid %1 text: the marked characters could not be read.")
                            .replace("%1", self.plan.source.encoding_name))
        return item

    def _name_undecodable(self) -> None:
        """The rows read so far that hold bytes not valid in the file's encoding (a comment pasted from
        another system), named before the import; the check lists their cells."""
        source = self.plan.source
        rows = sorted(source.undecodable)
        self.preview_problem.setVisible(bool(rows))
        if rows:
            named = ", ".join(map(str, rows[:UNDECODABLE_NAMED])) + ("…" if len(rows) > UNDECODABLE_NAMED else "")
            self.preview_problem.setText(
                translate("ImportWizard", "Rows not valid %1 text (marked %3): %2. The check lists their cells; "
                          "skip such rows, or import those cells as missing.").replace("%1", source.encoding_name)
                .replace("%2", named).replace("%3", "\ufffd"))


class RecodePage(PlanPage):
    """4. The value labels of the file's coded columns and the codes they are stored as, editable."""

    def __init__(self, study: Study, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(study, texts, parent)
        self.recode_fields = QListWidget()
        self.recode_fields.setFixedWidth(280)
        self.recode_fields.currentRowChanged.connect(self._show_recode)
        self.recodes = self.table(lambda: [translate("ImportWizard", "Value in the file"),
                                           translate("ImportWizard", "Stored as")])
        self.recodes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        note = texts.label(lambda: translate(
            "ImportWizard",
            "Labels become codes: 非常满意 → 5, 是 → 1, \"10分\" → 10. Edit a code to change it; "
            "an empty code means the value is not an option. For answers with several options "
            "in one cell, the code is the option's choice code."))
        note.setWordWrap(True)
        self.recode_note = QLabel()
        self.recode_note.setWordWrap(True)
        self.recode_note.setStyleSheet(ERROR_STYLE)
        split = QHBoxLayout()
        split.addWidget(self.recode_fields)
        split.addWidget(self.recodes, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(split, 1)
        layout.addWidget(self.recode_note)
        self._recoded: list[Field] = []

    def fill(self) -> None:
        """The coded and split fields of the plan as the columns page left them (each time it is left)."""
        self._recoded = [f for f in self.plan.mapping.imported() if f.kind in ("code", "number") and f.recode]
        self._recoded += [f for f in self.plan.mapping.imported() if f.kind == "split"]
        self.recode_fields.blockSignals(True)
        self.recode_fields.clear()
        self.recode_fields.addItems([f.source for f in self._recoded])
        self.recode_fields.blockSignals(False)
        self.recode_fields.setCurrentRow(0 if self._recoded else -1)
        self._show_recode(0 if self._recoded else -1)

    def _show_recode(self, row: int) -> None:
        self.apply_recodes()  # the edits of the field shown until now
        self.recodes.setProperty("field", None)
        self.recodes.setRowCount(0)
        if row < 0 or row >= len(self._recoded):
            return
        item = self._recoded[row]
        pairs = _option_codes(item) if item.kind == "split" else item.recode
        self.recodes.setRowCount(len(pairs))
        for n, (label, code) in enumerate(pairs.items()):
            self.recodes.setItem(n, 0, cell_item(label))
            self.recodes.setItem(n, 1, cell_item(str(code), editable=True))
        self.recodes.setProperty("field", row)

    def apply_recodes(self) -> None:
        """The codes typed for the field shown, back into its field of the mapping."""
        row = self.recodes.property("field")
        if row is None or not (0 <= int(row) < len(self._recoded)):
            return
        item = self._recoded[int(row)]
        if item.kind == "split":
            self._apply_option_codes(item)
            return
        recode: dict[str, Any] = {}
        for n in range(self.recodes.rowCount()):
            label_item, code_item = self.recodes.item(n, 0), self.recodes.item(n, 1)
            if label_item is None or code_item is None:
                continue
            label, code = label_item.text(), code_item.text().strip()
            if code:
                recode[label] = int(code) if code.lstrip("-").isdigit() else float(code) if _is_float(code) else code
        item.recode = recode

    def _apply_option_codes(self, item: Field) -> None:
        """The choice codes typed for the answers of a split multiple-choice field; a code that is not an
        option of the question is refused with its message below the table."""
        self.recode_note.clear()
        codes = _option_codes(item)
        for n in range(self.recodes.rowCount()):
            label_item, code_item = self.recodes.item(n, 0), self.recodes.item(n, 1)
            if label_item is None or code_item is None or codes.get(label_item.text()) == code_item.text().strip():
                continue
            try:
                recode_option(item, self.plan.survey, label_item.text(), code_item.text().strip())
            except XMDeskError as error:
                self.recode_note.setText(str(error))
                code_item.setText(codes.get(label_item.text(), ""))


class CheckPage(PlanPage):
    """5. The check's report: rows read, problems by row and column, what to do with them; the mapping saved."""

    def __init__(self, study: Study, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(study, texts, parent)
        self.check_summary = QLabel()
        self.check_summary.setWordWrap(True)
        self.problems = self.table(lambda: [translate("ImportWizard", "Row"), translate("ImportWizard", "Column"),
                                            translate("ImportWizard", "Value"), translate("ImportWizard", "Problem")])
        self.problems.setColumnWidth(0, 60)
        self.problems.setColumnWidth(1, 260)
        self.problems.setColumnWidth(2, 160)
        self.skip_radio, self.missing_radio, self.stop_radio = QRadioButton(), QRadioButton(), QRadioButton()
        texts.bind(self.skip_radio.setText, lambda: translate("ImportWizard", "Skip the rows with problems"))
        texts.bind(self.missing_radio.setText, lambda: translate("ImportWizard", "Import those cells as missing"))
        texts.bind(self.stop_radio.setText,
                   lambda: translate("ImportWizard", "Stop: import nothing until the file is fixed"))
        self.skip_radio.setChecked(True)
        radios = QVBoxLayout()  # one under the other: side by side they were cut at 125 % scaling
        for radio in (self.skip_radio, self.missing_radio, self.stop_radio):
            radios.addWidget(radio)
        choice = QHBoxLayout()
        choice.addLayout(radios)
        choice.addStretch(1)
        save = texts.button(lambda: translate("ImportWizard", "Save mapping…"))
        save.clicked.connect(self.save_mapping)
        choice.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.check_summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(choice)

    def show_report(self, report: ImportResult, summary: str) -> None:
        """The check's problems, and its summary as the wizard words it (again after a language switch)."""
        self.problems.setRowCount(len(report.problems))
        for n, problem in enumerate(report.problems):
            for c, text in enumerate((str(problem.row), problem.column, problem.value, problem.problem)):
                self.problems.setItem(n, c, cell_item(text))
        self.check_summary.setText(summary)

    def on_error_choice(self) -> str:
        return "skip" if self.skip_radio.isChecked() else "missing" if self.missing_radio.isChecked() else "stop"

    def save_mapping(self) -> None:
        path, _ = files.save_file(self, files.MAPPING, translate("ImportWizard", "Save the mapping"),
                                  str(self.study.path.parent / f"{self.plan.survey.code}_mapping.json"),
                                  translate("ImportWizard", "Mappings (*.json)"))
        if path:
            self.plan.mapping.save(path)
            save_mapping(self.study, Path(path).stem, self.plan.mapping)


class ImportPage(QWidget):
    """6. What the import stored, and another file to import."""

    sig_another = Signal()
    """Import another file… was pressed."""

    def __init__(self, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        another: QPushButton = texts.button(lambda: translate("ImportWizard", "Import another file…"))
        another.clicked.connect(self.sig_another)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addWidget(another, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def show_result(self, outcome: str) -> None:
        """What the import stored, as the wizard words it (again after a language switch)."""
        self.outcome.setText(outcome)


def _by_question(mapping: Mapping) -> list[Field]:
    """The first field of each question, in question order (a multiple question has several fields)."""
    seen: set[str] = set()
    firsts = []
    for item in mapping.fields:
        targets = item.targets()
        if not targets:
            continue
        question = targets[0].split(SEPARATOR)[0]
        if question not in seen:
            seen.add(question)
            firsts.append(item)
    return firsts


def _option_codes(item: Field) -> dict[str, str]:
    """A split field's answers and the choice code each stands for (q3__wait → wait)."""
    return {label: name.split(SEPARATOR, 1)[-1] for label, name in item.options.items()}


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
