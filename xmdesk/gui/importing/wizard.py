"""The import wizard: file → preview → survey and columns → recoding → validation report → import.

Each page edits one part of a core `Plan` (xmdesk.core.importing.run); the checking and
the import run on a worker with a progress dialog and Cancel, and either land whole
or leave the study as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFormLayout, QFrame, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QPushButton, QRadioButton, QStackedWidget,
                               QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from xmdesk.core import messages
from xmdesk.core.survey import responses
from xmdesk.core.errors import Cancelled, XMDeskError
from xmdesk.core.importing.layouts import LAYOUTS, SourceColumn
from xmdesk.core.importing.mapping import (Field, Mapping, Proposal, field_for, leave_out, possible_types,
                                           propose_survey, put_back, question_code, recode_option, rename_question,
                                           rename_survey, retitle_survey, retype_question, set_label, unique_code)
from xmdesk.core.importing.readers import EXCEL_SUFFIXES, content_hash
from xmdesk.core.importing.spss import SPSS_SUFFIXES, propose_from_dictionary
from xmdesk.core.importing.run import (ImportResult, Plan, check, numbered_data_rows, open_file, plan_for,
                                       previous_imports, run_import, save_mapping, saved_mappings)
from xmdesk.core.importing.values import cell_text
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.survey.response_fields import RESPONSE_FIELDS, field_kind
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import CHOICE_TYPES, SEPARATOR, QuestionType, list_surveys
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import Texts
from xmdesk.gui.importing.choices import ChoicesDialog
from xmdesk.gui.importing.tables import cell_item, make_table
from xmdesk.gui.widths import fit_sections
from xmdesk.gui.workers import JobWorker, run_job

IMPORT_SUFFIXES = EXCEL_SUFFIXES | {".csv", ".tsv", ".txt"} | SPSS_SUFFIXES
PREVIEW_ROWS = 30
PAGES = ("file", "preview", "target", "recode", "check", "import")
# The columns of the table that shapes a new survey's questions.
SOURCE, CODE, TYPE, LABEL_ZH, LABEL_EN, CHOICES = range(6)
SHAPE_WIDTHS = (200, 90, 100, 190, 120)
"""Starting widths of the shaping table's columns, widened to their headers' words and the type names."""
ERROR_STYLE = "color: #b00020;"
UNDECODABLE_BACKGROUND = "#fde4e8"
UNDECODABLE_NAMED = 12  # rows named on the preview; the check lists them all


def importable(mime: QMimeData) -> str | None:
    """The first dropped local file the wizard can read, if any."""
    for url in mime.urls():
        if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in IMPORT_SUFFIXES:
            return url.toLocalFile()
    return None


class ImportWizard(QWidget):
    """The import of one file, page by page over a core `Plan`; `sig_imported` only after an import committed,
    so a cancelled or failed one leaves nothing to refresh."""

    sig_imported = Signal(object)
    """The ImportResult of an import that was committed."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.plan: Plan | None = None
        self.proposal: Proposal | None = None  # the new survey being shaped, when one is proposed
        self.earlier: list[dict[str, Any]] = []  # earlier imports of the same file
        self.report: ImportResult | None = None
        self.result: ImportResult | None = None
        self.worker: JobWorker | None = None
        self.setAcceptDrops(True)
        self.texts = Texts(self, then=self._retranslate_computed)
        self.steps = QListWidget()
        self.steps.setFixedWidth(170)
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # it shows the step, Next moves
        self.pages = QStackedWidget()
        self._build_file_page()
        self._build_preview_page()
        self._build_target_page()
        self._build_recode_page()
        self._build_check_page()
        self._build_import_page()
        self.back = self.texts.button(lambda: self.tr("< Back"))
        self.next = QPushButton(self.tr("Next >"))
        self.back.clicked.connect(self._back)
        self.next.clicked.connect(self._next)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)
        self.retranslate_steps()
        self.go(0)

    def _table(self, headers: Callable[[], list[str]]) -> QTableWidget:
        """A page's table whose headers follow the language."""
        table = make_table(headers())
        self.texts.headers(table.setHorizontalHeaderLabels, headers)
        return table

    def retranslate_steps(self) -> None:
        self.steps.clear()
        self.steps.addItems([self.tr("1. File"), self.tr("2. Preview"), self.tr("3. Survey and columns"),
                             self.tr("4. Recode values"), self.tr("5. Check"), self.tr("6. Import")])

    def _retranslate_computed(self) -> None:
        """Steps, the Next button and the layout names in the new language, on the same page."""
        self.retranslate_steps()
        self.layout_box.setItemText(0, self.tr("Automatic"))
        for index, name in enumerate(LAYOUTS, start=1):
            self.layout_box.setItemText(index, messages.text(f"importing.layout.{name}"))
        self._word_later_pages()
        self.go(self.pages.currentIndex())

    def _word_later_pages(self) -> None:
        """What the later pages computed from the file, worded again: the columns' hint, types and kinds, the
        check's summary, the outcome (a switch left them in the language they were made in)."""
        if self.plan is None:
            return
        self._word_columns_hint()
        if self.proposal is not None:
            self._show_shape()
        else:
            for row, item in enumerate(self.plan.mapping.fields[:self.columns.rowCount()]):
                self.columns.setItem(row, 2, cell_item(_kind_name(item.kind) if item.targets() else "—"))
        if self.report is not None:
            self._word_report(self.report)
        if self.result is not None:
            self._word_result(self.result)

    # -- navigation ------------------------------------------------------------------------------

    def go(self, index: int) -> None:
        index = max(0, min(index, len(PAGES) - 1))
        self.pages.setCurrentIndex(index)
        self.steps.setCurrentRow(index)
        self.back.setEnabled(0 < index < len(PAGES) - 1 or (index == len(PAGES) - 1 and self.result is None))
        self.next.setEnabled(self.plan is not None and index < len(PAGES) - 1)
        self.next.setText(self.tr("Import") if PAGES[index] == "check" else self.tr("Next >"))

    def _back(self) -> None:
        """One page back; the columns page is drawn again, as the check may have found new options."""
        index = self.pages.currentIndex() - 1
        if PAGES[index] == "target" and self.plan is not None:
            self._fill_columns()
        self.go(index)

    def _next(self) -> None:
        page = PAGES[self.pages.currentIndex()]
        if page == "target":
            self._apply_target()
            self._fill_recodes()
        if page == "recode":
            self._apply_recodes()
            self.run_check()
            return
        if page == "check":
            self.run_import()
            return
        self.go(self.pages.currentIndex() + 1)

    # -- 1. file ---------------------------------------------------------------------------------

    def _build_file_page(self) -> None:
        page = QWidget()
        self.drop_label = self.texts.label(lambda: self.tr("Drop an Excel or CSV file here, or choose one.\n"
                                                           "Exports of Qualtrics, SurveyMonkey, Wenjuanxing, "
                                                           "Tencent Survey, KoboToolbox/ODK and plain tables are "
                                                           "recognised."))
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setWordWrap(True)
        self.drop_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.drop_label.setMinimumHeight(140)
        choose = self.texts.button(lambda: self.tr("Choose a file…"))
        choose.clicked.connect(self.choose_file)
        self.sheet_box = QComboBox()
        self.sheet_box.currentTextChanged.connect(self._reopen)
        self.layout_box = QComboBox()
        self.layout_box.addItem(self.tr("Automatic"), "auto")
        for name in LAYOUTS:
            self.layout_box.addItem(messages.text(f"importing.layout.{name}"), name)
        self.layout_box.currentIndexChanged.connect(self._reopen)
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)
        form = QFormLayout()
        self.texts.rows(form, [(lambda: self.tr("Sheet:"), self.sheet_box),
                               (lambda: self.tr("Layout:"), self.layout_box)])
        layout = QVBoxLayout(page)
        layout.addWidget(self.drop_label)
        layout.addWidget(choose, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.file_info)
        layout.addStretch(1)
        self.pages.addWidget(page)

    def choose_file(self) -> None:
        path = files.open_file(self, files.TABLE, self.tr("Choose a file to import"),
                               self.tr("Excel, CSV and SPSS files (*.xlsx *.xlsm *.xls *.csv *.tsv *.txt *.sav *.zsav"
                                       " *.por)"),
                               self.study.path.parent)
        if path:
            self.open_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if importable(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = importable(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.open_file(path)

    def open_file(self, path: str, sheet: str | None = None) -> None:
        """Open a file, recognise its layout and propose a new survey from it (the user may pick another).

        On a worker: a large workbook takes seconds to parse, and the file's hash is read whole."""
        layout_name = self.layout_box.currentData() or "auto"
        code, study = self._free_code(Path(path).stem), self.study

        def job(progress: Progress, cancel: CancelToken) -> tuple[Plan, list[dict[str, Any]]]:
            source, layout = open_file(path, sheet, layout_name)
            cancel.check()  # each step takes seconds on a large workbook and does not look at the token itself
            with study.read_view() as view:  # its own connection: committed data only, the writer never waits
                plan = plan_for(view, source, layout, new=code)  # titled by the export, else the file's name
                cancel.check()
                plan.file_hash = content_hash(source.path)
                return plan, previous_imports(view, plan.file_hash)

        self.worker = run_job(self, self.tr("Reading %1").replace("%1", Path(path).name), job, self._opened,
                              lambda error: show_error(self, error))

    def _opened(self, outcome: tuple[Plan, list[dict[str, Any]]]) -> None:
        self.plan, self.earlier = outcome
        self._propose()
        self.result = None
        self._show_file()
        self._fill_preview()
        self._fill_target()
        self.go(1)

    def _reopen(self) -> None:
        if self.plan is not None and self.pages.currentIndex() == 0 and not self.sheet_box.signalsBlocked():
            self.open_file(str(self.plan.source.path), self.sheet_box.currentText() or None)

    def _free_code(self, stem: str) -> str:
        taken = {s.code.lower() for s in list_surveys(self.study)}
        ascii_part = "".join(ch for ch in stem if ch.isascii() and ch.isalpha())
        return unique_code(SourceColumn(0, stem if ascii_part else "imported"), taken)

    def _show_file(self) -> None:
        assert self.plan is not None
        source, layout = self.plan.source, self.plan.layout
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(source.sheets)
        self.sheet_box.setCurrentText(source.sheet)
        self.sheet_box.setEnabled(len(source.sheets) > 1)
        self.sheet_box.blockSignals(False)
        details = [self.tr("File: %1").replace("%1", source.path.name),
                   self.tr("Layout recognised: %1").replace("%1", messages.text(f"importing.layout.{layout.name}"))]
        if source.kind == "csv":
            details.append(self._reading())
        else:
            details.append(self.tr("%n row(s) in the sheet", "", source.total_rows or 0))
        if layout.by_number:
            details.append(self.tr("Answers are option numbers (\"by option number\" download)."))
        earlier = self.earlier
        if earlier:
            details.append(self.tr("This file was already imported on %1 into %2; rows imported then will be "
                                   "skipped.").replace("%1", earlier[0]["at"][:16]).replace("%2", earlier[0]["target"]))
        self.file_info.setText("\n".join(details))
        self.drop_label.setText(source.path.name)

    def _reading(self) -> str:
        """How a CSV was read: its encoding and separator."""
        assert self.plan is not None
        source = self.plan.source
        delimiter = {"\t": self.tr("tab"), ",": ",", ";": ";", "|": "|"}[source.delimiter]
        return self.tr("Encoding %1, separated by %2").replace("%1", source.encoding_name).replace("%2", delimiter)

    # -- 2. preview ------------------------------------------------------------------------------

    def _build_preview_page(self) -> None:
        page = QWidget()
        self.preview_note = QLabel()
        self.preview_problem = QLabel()
        self.preview_problem.setWordWrap(True)
        self.preview_problem.setStyleSheet(ERROR_STYLE)
        self.preview_problem.hide()
        self.preview = make_table([])
        self.preview.verticalHeader().setVisible(True)  # the file's row numbers, as messages name them
        layout = QVBoxLayout(page)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.preview_problem)
        layout.addWidget(self.preview, 1)
        self.pages.addWidget(page)

    def _fill_preview(self) -> None:
        """The first data rows as they were read (for a CSV: decoded, with its encoding and separator),
        before anything is imported; cells of rows holding bytes not valid in the encoding are marked
        and those rows named."""
        assert self.plan is not None
        layout, source = self.plan.layout, self.plan.source
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
            [f"{c.header}\n[{_type_name(types.get(c.header, 'text'))}]" for c in layout.columns])
        self.preview.setVerticalHeaderLabels([str(number) for number, _ in numbered])
        for r, (number, row) in enumerate(numbered):
            for c, column in enumerate(layout.columns):
                value = row[column.index] if column.index < len(row) else ""
                self.preview.setItem(r, c, self._preview_item(cell_text(value)[:200], number in source.undecodable))
        self.preview.resizeColumnsToContents()
        for c in range(self.preview.columnCount()):
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 220))
        note = [self.tr("First %1 data rows of %2, with the type found for each column.")
                .replace("%1", str(len(numbered))).replace("%2", self.plan.file)]
        if source.kind == "csv":
            note.append(self._reading())
        self.preview_note.setText("\n".join(note))
        self._name_undecodable()

    def _preview_item(self, text: str, undecodable_row: bool) -> QTableWidgetItem:
        item = cell_item(text)
        if undecodable_row and "\ufffd" in text:
            assert self.plan is not None
            item.setBackground(QColor(UNDECODABLE_BACKGROUND))
            item.setToolTip(self.tr("Not valid %1 text: the marked characters could not be read.")
                            .replace("%1", self.plan.source.encoding_name))
        return item

    def _name_undecodable(self) -> None:
        """The rows read so far that hold bytes not valid in the file's encoding (a comment pasted from
        another system), named before the import; the check lists their cells."""
        assert self.plan is not None
        source = self.plan.source
        rows = sorted(source.undecodable)
        self.preview_problem.setVisible(bool(rows))
        if rows:
            named = ", ".join(map(str, rows[:UNDECODABLE_NAMED])) + ("…" if len(rows) > UNDECODABLE_NAMED else "")
            self.preview_problem.setText(
                self.tr("Rows not valid %1 text (marked %3): %2. The check lists their cells; skip such rows, "
                        "or import those cells as missing.").replace("%1", source.encoding_name)
                .replace("%2", named).replace("%3", "\ufffd"))

    # -- 3. target and columns -------------------------------------------------------------------

    def _build_target_page(self) -> None:
        page = QWidget()
        self.new_radio = QRadioButton()
        self.existing_radio = QRadioButton()
        self.texts.bind(self.new_radio.setText, lambda: self.tr("Create a new survey from this file, code:"))
        self.texts.bind(self.existing_radio.setText, lambda: self.tr("Add the rows to an existing survey:"))
        group = QButtonGroup(page)
        group.addButton(self.new_radio)
        group.addButton(self.existing_radio)
        self.new_code = QLineEdit()
        self.survey_box = QComboBox()
        self.saved_box = QComboBox()
        self.new_radio.setChecked(True)
        self.new_radio.toggled.connect(self._target_changed)
        self.survey_box.currentIndexChanged.connect(self._target_changed)
        self.saved_box.currentIndexChanged.connect(self._target_changed)
        self.new_code.editingFinished.connect(self._target_changed)
        self.new_title = QLineEdit()
        self.new_title.editingFinished.connect(self._retitle)
        grid = QFormLayout()
        grid.addRow(self.new_radio, self.new_code)
        self.title_label = self.texts.label(lambda: self.tr("Title of the new survey:"))
        grid.addRow(self.title_label, self.new_title)
        grid.addRow(self.existing_radio, self.survey_box)
        grid.addRow(self.texts.label(lambda: self.tr("Saved mapping:")), self.saved_box)
        self.columns = self._table(lambda: [self.tr("Column in the file"), self.tr("Goes to"), self.tr("Read as")])
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.setColumnWidth(1, 260)
        self.columns.setColumnWidth(2, 120)
        self._build_shape_table()
        self.column_tables = QStackedWidget()
        self.column_tables.addWidget(self.columns)
        self.column_tables.addWidget(self.shape)
        self.columns_hint = QLabel()
        self.columns_hint.setWordWrap(True)
        self.shape_note = QLabel()
        self.shape_note.setWordWrap(True)
        self.shape_note.setStyleSheet(ERROR_STYLE)
        self.choices_button = self.texts.button(lambda: self.tr("Edit choices…"))
        self.choices_button.clicked.connect(lambda: self.edit_choices(self.shape.currentRow()))
        below = QHBoxLayout()
        below.addWidget(self.shape_note, 1)
        below.addWidget(self.choices_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(page)
        layout.addLayout(grid)
        layout.addWidget(self.columns_hint)
        layout.addWidget(self.column_tables, 1)
        layout.addLayout(below)
        self.pages.addWidget(page)

    def _build_shape_table(self) -> None:
        """The table that shapes a new survey: per file column, whether it is imported, the question's code,
        type and texts, and its choices (double-click or Edit choices…)."""
        self.shape = self._table(lambda: [self.tr("Column in the file"), self.tr("Question code"), self.tr("Type"),
                                          self.tr("Text (Chinese)"), self.tr("Text (English)"), self.tr("Choices")])
        fit_sections(self.shape.horizontalHeader(), SHAPE_WIDTHS)
        self.shape.itemChanged.connect(self._shape_edited)
        self.shape.cellDoubleClicked.connect(lambda row, column: self.edit_choices(row) if column == CHOICES else None)

    def _fill_target(self) -> None:
        assert self.plan is not None
        for box in (self.survey_box, self.saved_box, self.new_radio):
            box.blockSignals(True)
        self.survey_box.clear()
        self.saved_box.clear()
        (self.new_radio if self.plan.new_survey else self.existing_radio).setChecked(True)  # a new file: new survey
        self.new_code.setText(self.plan.survey.code if self.plan.new_survey else self.new_code.text())
        for survey in list_surveys(self.study):
            self.survey_box.addItem(f"{survey.title() or survey.code} ({survey.code})", survey.code)
        self.existing_radio.setEnabled(self.survey_box.count() > 0)
        self.saved_box.addItem(self.tr("(none)"), None)
        for name in saved_mappings(self.study):
            self.saved_box.addItem(name, name)
        for box in (self.survey_box, self.saved_box, self.new_radio):
            box.blockSignals(False)
        self._fill_columns()

    def _target_changed(self) -> None:
        if self.plan is None:
            return
        saved = self.saved_box.currentData()
        mapping = saved_mappings(self.study).get(saved) if saved else None
        try:
            if self.new_radio.isChecked() and mapping is None and self.proposal is not None:
                rename_survey(self.proposal, self.new_code.text().strip())  # the user's shaping stays
            elif self.new_radio.isChecked():
                self.plan = plan_for(self.study, self.plan.source, self.plan.layout, new=self.new_code.text().strip(),
                                     mapping=mapping)
            else:
                code = mapping.survey if mapping else self.survey_box.currentData()
                self.plan = plan_for(self.study, self.plan.source, self.plan.layout, survey=code, mapping=mapping)
        except Exception as error:
            show_error(self, error)
            return
        self._propose(mapping)
        self._fill_columns()

    def _retitle(self) -> None:
        """The title typed for the survey to be created (the export's title or the file's name is proposed)."""
        if self.proposal is None:
            return
        self.shape_note.clear()
        try:
            retitle_survey(self.proposal, self.new_title.text())
        except XMDeskError as error:
            self.shape_note.setText(str(error))
            self.new_title.setText(self.proposal.survey.title())

    def _propose(self, mapping: Mapping | None = None) -> None:
        """A new survey proposed from the file (not from a saved mapping) is shaped in the table."""
        plan = self.plan
        if plan is None or not plan.new_survey or mapping is not None:
            self.proposal = None
        elif self.proposal is None or self.proposal.survey is not plan.survey:
            self.proposal = Proposal.of(plan.survey, plan.mapping, plan.layout, plan.sample)

    def _fill_columns(self) -> None:
        assert self.plan is not None
        shaping = self.proposal is not None
        self.column_tables.setCurrentWidget(self.shape if shaping else self.columns)
        self.title_label.setVisible(shaping)
        self.new_title.setVisible(shaping)
        if self.proposal is not None:
            self.new_title.setText(self.proposal.survey.title())
        self.choices_button.setVisible(shaping)
        self.shape_note.clear()
        self._word_columns_hint()
        if shaping:
            self._fill_shape()
            return
        fields = self.plan.mapping.fields
        self.columns.setRowCount(len(fields))
        targets = self._target_choices()
        for row, item in enumerate(fields):
            self.columns.setItem(row, 0, cell_item(item.source))
            box = QComboBox()
            for label, value in targets:
                box.addItem(label, value)
            wanted = item.target or (next(iter(item.options.values()), "").split(SEPARATOR)[0] if item.options else "")
            index = box.findData(wanted)
            box.setCurrentIndex(index if index >= 0 else 0)
            box.setEnabled(not self.plan.new_survey)
            self.columns.setCellWidget(row, 1, box)
            self.columns.setItem(row, 2, cell_item(_kind_name(item.kind) if item.targets() else "—"))

    def _word_columns_hint(self) -> None:
        self.columns_hint.setText(
            self.tr("Each column becomes a question (the rows of a grid, one matrix question): fix its code, type "
                    "and text, untick a column to leave it out, double-click Choices to edit a choice question's "
                    "options.") if self.proposal is not None else
            self.tr("Columns are matched by code and by the similarity of question texts; change any that is wrong."))

    # -- 3b. shaping a new survey ---------------------------------------------------------------

    def _fill_shape(self) -> None:
        assert self.proposal is not None
        sources = [item.source for item in self.proposal.mapping.fields]
        self.shape.blockSignals(True)
        self.shape.setRowCount(0)
        self.shape.setRowCount(len(sources))
        for row, source in enumerate(sources):
            head = cell_item(source)
            head.setFlags(head.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self.shape.setItem(row, SOURCE, head)
            for column in (CODE, LABEL_ZH, LABEL_EN):
                self.shape.setItem(row, column, cell_item("", editable=True))
            self.shape.setItem(row, CHOICES, cell_item(""))
            box = QComboBox()
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # its width follows its type names
            box.currentIndexChanged.connect(lambda _index, box=box, source=source: self._retype(source, box))
            self.shape.setCellWidget(row, TYPE, box)
        self.shape.blockSignals(False)
        self._show_shape()

    def _show_shape(self) -> None:
        """Every row as the proposal now is (a rename or retype can change other rows of the question)."""
        assert self.proposal is not None
        self.shape.blockSignals(True)
        for row in range(self.shape.rowCount()):
            self._show_shape_row(row)
        self.shape.blockSignals(False)
        fit_sections(self.shape.horizontalHeader())
        boxes = [self.shape.cellWidget(row, TYPE) for row in range(self.shape.rowCount())]
        widest = max((box.sizeHint().width() for box in boxes if box is not None), default=0)
        self.shape.setColumnWidth(TYPE, max(self.shape.columnWidth(TYPE), widest))  # 'multiple choice' was cut

    def _show_shape_row(self, row: int) -> None:
        assert self.proposal is not None
        source = self._shape_source(row)
        question = self.proposal.question(source)
        included = self.proposal.included(source)
        self._item(row, SOURCE).setCheckState(Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)
        field = self.proposal.field_of(source).target if question is None else ""
        for column, text in ((CODE, question.code if question else field if field in RESPONSE_FIELDS else ""),
                             (LABEL_ZH, question.label_zh if question else ""),
                             (LABEL_EN, question.label_en if question else "")):
            item = self._item(row, column)
            item.setText(text)
            editable = question is not None
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable if editable
                          else item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self._item(row, CHOICES).setText(self._choices_text(source)[:60])
        box = self.shape.cellWidget(row, TYPE)
        assert isinstance(box, QComboBox)
        box.blockSignals(True)
        box.clear()
        for qtype in possible_types(self.proposal, source) if question else []:
            box.addItem(_type_name(qtype.value), qtype.value)
        box.setCurrentIndex(box.findData(question.type.value) if question else -1)
        box.setEnabled(box.count() > 1)
        box.blockSignals(False)

    def _choices_text(self, source: str) -> str:
        """The Choices cell: a choice question's options; for a matrix row, the row and its scale."""
        assert self.proposal is not None
        question = self.proposal.question(source)
        target = self.proposal.field_of(source).target
        if question is None and target in RESPONSE_FIELDS:
            return messages.text("importing.response_field", field=messages.text(f"importing.field.{target}"))
        if question is None or question.type not in CHOICE_TYPES | {QuestionType.MATRIX}:
            return ""
        language = messages.language()
        shown = " / ".join(c.label(language) for c in question.choices)
        row = self.proposal.matrix_row(source)
        if row is None:
            return shown
        scale = question.scale()
        points = self.tr("scale 1-%1").replace("%1", str(scale[1] if scale else ""))
        return f"{row.label(language)}: {shown or points}"

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.shape.item(row, column)
        assert item is not None
        return item

    def _shape_source(self, row: int) -> str:
        return self._item(row, SOURCE).text()

    def _shape_edited(self, item: QTableWidgetItem) -> None:
        """A cell of the shape table was edited: the change goes to the core, or its message beside the table."""
        assert self.proposal is not None
        source = self._shape_source(item.row())
        question = self.proposal.question(source)
        self.shape_note.clear()
        try:
            if item.column() == SOURCE:
                checked = item.checkState() == Qt.CheckState.Checked
                (put_back if checked else leave_out)(self.proposal, source)
            elif question is not None and item.column() == CODE:
                rename_question(self.proposal, question.code, item.text().strip())
            elif question is not None and item.column() in (LABEL_ZH, LABEL_EN):
                language = "zh" if item.column() == LABEL_ZH else "en"
                set_label(self.proposal, question.code, **{language: item.text()})
        except XMDeskError as error:
            self.shape_note.setText(str(error))
        self._show_shape()

    def _retype(self, source: str, box: QComboBox) -> None:
        assert self.proposal is not None
        self.shape_note.clear()
        try:
            retype_question(self.proposal, source, QuestionType(box.currentData()))
        except XMDeskError as error:
            self.shape_note.setText(str(error))
        self._show_shape()

    def edit_choices(self, row: int) -> None:
        """The choices of the row's question in a dialog (choice questions only)."""
        if self.proposal is None or row < 0:
            return
        question = self.proposal.question(self._shape_source(row))
        if question is None or not (question.type in CHOICE_TYPES or question.type is QuestionType.MATRIX
                                    and question.choices):
            self.shape_note.setText(
                self.tr("Only choice questions and matrices answered with choices have choices to edit."))
            return
        self.choices_dialog = ChoicesDialog(self.proposal, question.code, self)
        self.choices_dialog.finished.connect(lambda _result: self._show_shape())
        self.choices_dialog.open()

    def _target_choices(self) -> list[tuple[str, str]]:
        assert self.plan is not None
        choices = [(self.tr("(not imported)"), "")]
        every_option = self.tr("all options")
        for question in self.plan.survey.questions:
            for column in question.columns():
                label = question.label()
                if column.part:
                    part = next((c.label() for c in question.choices if c.code == column.part),
                                next((i.label() for i in question.items if i.code == column.part), column.part))
                    label = f"{label} — {part}"
                choices.append((f"{column.name}  {label}"[:80], column.name))
            if question.type.value == "multiple":
                choices.append((f"{question.code}  {question.label()} [{every_option}]"[:80], question.code))
        choices.append((self.tr("customer_id  (joins O-data)"), "customer_id"))
        choices += [(f"{name}  ({messages.text(f'importing.field.{name}')})"[:80], name) for name in RESPONSE_FIELDS]
        return choices

    def _apply_target(self) -> None:
        """The user's choices in the column table, back into the mapping."""
        assert self.plan is not None
        if self.plan.new_survey:
            return

        for row, item in enumerate(self.plan.mapping.fields):
            box = self.columns.cellWidget(row, 1)
            assert isinstance(box, QComboBox)
            chosen = box.currentData() or ""
            if chosen == (item.target or _split_question(item)):
                continue
            question = next((q for q in self.plan.survey.questions
                             if chosen == q.code or chosen.startswith(q.code + SEPARATOR)), None)
            column = self.plan.layout.column(item.source) or SourceColumn(0, item.source)
            replacement = field_for(question, column, self.plan.layout.by_number) if question else Field(item.source)
            if question is not None and chosen != question.code and replacement.kind != "split":
                replacement.target = chosen
            if chosen == "customer_id":
                replacement = Field(item.source, "customer_id", "text")
            if chosen in RESPONSE_FIELDS:
                replacement = Field(item.source, chosen, field_kind(chosen))
            self.plan.mapping.fields[row] = replacement

    # -- 4. recode -------------------------------------------------------------------------------

    def _build_recode_page(self) -> None:
        page = QWidget()
        self.recode_fields = QListWidget()
        self.recode_fields.setFixedWidth(280)
        self.recode_fields.currentRowChanged.connect(self._show_recode)
        self.recodes = self._table(lambda: [self.tr("Value in the file"), self.tr("Stored as")])
        self.recodes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        note = self.texts.label(lambda: self.tr(
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
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addLayout(split, 1)
        layout.addWidget(self.recode_note)
        self.pages.addWidget(page)
        self._recoded: list[Field] = []

    def _fill_recodes(self) -> None:
        assert self.plan is not None
        self._recoded = [f for f in self.plan.mapping.imported() if f.kind in ("code", "number") and f.recode]
        self._recoded += [f for f in self.plan.mapping.imported() if f.kind == "split"]
        self.recode_fields.blockSignals(True)
        self.recode_fields.clear()
        self.recode_fields.addItems([f.source for f in self._recoded])
        self.recode_fields.blockSignals(False)
        self.recode_fields.setCurrentRow(0 if self._recoded else -1)
        self._show_recode(0 if self._recoded else -1)

    def _show_recode(self, row: int) -> None:
        self._apply_recodes()  # the edits of the field shown until now
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

    def _apply_recodes(self) -> None:
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
        assert self.plan is not None
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

    # -- 5. check --------------------------------------------------------------------------------

    def _build_check_page(self) -> None:
        page = QWidget()
        self.check_summary = QLabel()
        self.check_summary.setWordWrap(True)
        self.problems = self._table(lambda: [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Problem")])
        self.problems.setColumnWidth(0, 60)
        self.problems.setColumnWidth(1, 260)
        self.problems.setColumnWidth(2, 160)
        self.skip_radio, self.missing_radio, self.stop_radio = QRadioButton(), QRadioButton(), QRadioButton()
        self.texts.bind(self.skip_radio.setText, lambda: self.tr("Skip the rows with problems"))
        self.texts.bind(self.missing_radio.setText, lambda: self.tr("Import those cells as missing"))
        self.texts.bind(self.stop_radio.setText, lambda: self.tr("Stop: import nothing until the file is fixed"))
        self.skip_radio.setChecked(True)
        radios = QVBoxLayout()  # one under the other: side by side they were cut at 125 % scaling
        for radio in (self.skip_radio, self.missing_radio, self.stop_radio):
            radios.addWidget(radio)
        choice = QHBoxLayout()
        choice.addLayout(radios)
        choice.addStretch(1)
        save = self.texts.button(lambda: self.tr("Save mapping…"))
        save.clicked.connect(self.save_mapping)
        choice.addWidget(save)
        layout = QVBoxLayout(page)
        layout.addWidget(self.check_summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(choice)
        self.pages.addWidget(page)

    def run_check(self) -> None:
        plan = self.plan
        assert plan is not None

        def job(progress: Progress, cancel: CancelToken) -> ImportResult:
            return check(self.study, plan, progress=progress, cancel=cancel)

        self.worker = run_job(self, self.tr("Checking the file"), job, self.show_report,
                              lambda error: show_error(self, error))

    def show_report(self, report: ImportResult) -> None:
        self.report = report
        self._word_report(report)
        self.go(PAGES.index("check"))

    def _word_report(self, report: ImportResult) -> None:
        """The check's problems and summary in the UI's language (again after a switch)."""
        self.problems.setRowCount(len(report.problems))
        for n, problem in enumerate(report.problems):
            for c, text in enumerate((str(problem.row), problem.column, problem.value, problem.problem)):
                self.problems.setItem(n, c, cell_item(text))
        lines = [self.tr("%n data row(s) read.", "", report.rows)]
        if report.already:
            lines.append(self.tr("%n row(s) were imported before and will be skipped.", "", report.already))
        lines.append(self.tr("%n problem(s) found.", "", report.problem_count) if report.problem_count
                     else self.tr("No problems: every value can be stored."))
        self.check_summary.setText("\n".join([" ".join(lines), *report.learned()]))

    def on_error_choice(self) -> str:
        return "skip" if self.skip_radio.isChecked() else "missing" if self.missing_radio.isChecked() else "stop"

    def save_mapping(self) -> None:
        assert self.plan is not None
        path, _ = files.save_file(self, files.MAPPING, self.tr("Save the mapping"),
                                  str(self.study.path.parent / f"{self.plan.survey.code}_mapping.json"),
                                  self.tr("Mappings (*.json)"))
        if path:
            self.plan.mapping.save(path)
            save_mapping(self.study, Path(path).stem, self.plan.mapping)

    # -- 6. import -------------------------------------------------------------------------------

    def _build_import_page(self) -> None:
        page = QWidget()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        another = self.texts.button(lambda: self.tr("Import another file…"))
        another.clicked.connect(self.choose_file)
        layout = QVBoxLayout(page)
        layout.addWidget(self.outcome)
        layout.addWidget(another, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.pages.addWidget(page)

    def run_import(self) -> None:
        plan = self.plan
        assert plan is not None
        on_error = self.on_error_choice()
        before = self.stored_responses(plan.survey.code)

        def job(progress: Progress, cancel: CancelToken) -> ImportResult:
            return run_import(self.study, plan, on_error=on_error, progress=progress, cancel=cancel)

        self.worker = run_job(self, self.tr("Importing %1").replace("%1", plan.file), job, self.show_result,
                              lambda error: show_error(self, error))
        # run_job is silent on Cancel; an import says what the study holds after it.
        self.worker.signals.sig_failed.connect(
            lambda error: self.import_cancelled(before) if isinstance(error, Cancelled) else None)

    def stored_responses(self, code: str) -> int | None:
        """The survey's stored responses; None while it does not exist (an import that would create it)."""
        survey = next((s for s in list_surveys(self.study) if s.code == code), None)
        return None if survey is None else responses.count(self.study.conn, survey)

    def import_cancelled(self, before: int | None) -> None:
        """After Cancel, say what the study holds now, read from the study: Cancel pressed as the last rows
        were committed cannot take them back, and 'nothing was imported' would then be untrue."""
        assert self.plan is not None
        code, file = self.plan.survey.code, self.plan.file
        now = self.stored_responses(code)
        if now is None:
            text = self.tr("Import cancelled: no row of %1 was imported, and survey %2 was not created.")
        elif now > (before or 0):
            text = self.tr("Cancel came after the import had finished: %n row(s) of %1 are in survey %2.", "",
                           now - (before or 0))
        else:
            text = self.tr("Import cancelled: no row of %1 was imported; survey %2 still has %n response(s).",
                           "", now)
        text = text.replace("%1", file).replace("%2", code)
        self.check_summary.setText(text)
        QMessageBox.information(self, self.tr("Import cancelled"), text)

    def show_result(self, result: ImportResult) -> None:
        self.result = result
        self._word_result(result)
        self.go(PAGES.index("import"))
        self.sig_imported.emit(result)

    def _word_result(self, result: ImportResult) -> None:
        """What was imported, in the UI's language (again after a switch)."""
        text = self.tr("Imported %1 row(s) into survey %2.").replace("%1", str(result.imported)) \
            .replace("%2", result.survey)
        if result.skipped:
            text += "\n" + self.tr("%n row(s) with problems were skipped.", "", result.skipped)
        if result.already:
            text += "\n" + self.tr("%n row(s) imported before were skipped.", "", result.already)
        text += "".join("\n" + warning for warning in result.warnings)  # failed alert rules: the rows are in
        self.outcome.setText(text)


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


def _split_question(item: Field) -> str:
    return next(iter(item.options.values()), "").split(SEPARATOR)[0] if item.options else ""


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _type_name(qtype: str) -> str:
    translate = QCoreApplication.translate
    names = {"single": translate("ImportWizard", "single choice"),
             "multiple": translate("ImportWizard", "multiple choice"), "rating": translate("ImportWizard", "rating"),
             "nps": translate("ImportWizard", "NPS 0-10"), "number": translate("ImportWizard", "number"),
             "date": translate("ImportWizard", "date"), "text": translate("ImportWizard", "text"),
             "matrix": translate("ImportWizard", "matrix"), "field": translate("ImportWizard", "response field")}
    return names.get(qtype, qtype)


def _kind_name(kind: str) -> str:
    translate = QCoreApplication.translate
    names = {"text": translate("ImportWizard", "text"), "number": translate("ImportWizard", "number"),
             "code": translate("ImportWizard", "option code"), "flag": translate("ImportWizard", "0/1 option"),
             "date": translate("ImportWizard", "date"), "split": translate("ImportWizard", "options in one cell"),
             "duration": translate("ImportWizard", "time taken"),
             "extra": translate("ImportWizard", "kept by column name")}
    return names.get(kind, kind)
