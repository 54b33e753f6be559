"""The import wizard: file → preview → survey and columns → recoding → validation report → import.

Each page (pages.py, target.py) edits one part of a core `Plan` (xmdesk.core.importing.run) and is given
the plan once a file was read; the wizard reads the file, moves between the pages, and runs the checking
and the import on a worker with a progress dialog and Cancel, which either land whole or leave the study
as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMessageBox, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from xmdesk.core.survey import responses
from xmdesk.core.errors import Cancelled
from xmdesk.core.importing.layouts import SourceColumn
from xmdesk.core.importing.mapping import unique_code
from xmdesk.core.importing.readers import EXCEL_SUFFIXES, content_hash
from xmdesk.core.importing.spss import SPSS_SUFFIXES
from xmdesk.core.importing.run import ImportResult, Plan, check, open_file, plan_for, previous_imports, run_import
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import Texts
from xmdesk.gui.importing.page import PlanPage
from xmdesk.gui.importing.pages import CheckPage, FilePage, ImportPage, PreviewPage, RecodePage
from xmdesk.gui.importing.target import TargetPage
from xmdesk.gui.workers import JobWorker, run_job

IMPORT_SUFFIXES = EXCEL_SUFFIXES | {".csv", ".tsv", ".txt"} | SPSS_SUFFIXES
PAGES = ("file", "preview", "target", "recode", "check", "import")


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
        self.plan: Plan | None = None  # None until a file was read; the pages are given it then
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
        self.file_page = FilePage(self.texts)
        self.file_page.sig_choose.connect(self.choose_file)
        self.file_page.sig_reread.connect(self._reopen)
        self.preview_page = PreviewPage(study, self.texts)
        self.target_page = TargetPage(study, self.texts)
        self.target_page.sig_replanned.connect(self._replanned)
        self.recode_page = RecodePage(study, self.texts)
        self.check_page = CheckPage(study, self.texts)
        self.import_page = ImportPage(self.texts)
        self.import_page.sig_another.connect(self.choose_file)
        self.pages = QStackedWidget()
        for page in (self.file_page, self.preview_page, self.target_page, self.recode_page, self.check_page,
                     self.import_page):
            self.pages.addWidget(page)
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

    def retranslate_steps(self) -> None:
        self.steps.clear()
        self.steps.addItems([self.tr("1. File"), self.tr("2. Preview"), self.tr("3. Survey and columns"),
                             self.tr("4. Recode values"), self.tr("5. Check"), self.tr("6. Import")])

    def _retranslate_computed(self) -> None:
        """Steps, the Next button and the layout names in the new language, on the same page."""
        self.retranslate_steps()
        self.file_page.word_layouts()
        self._word_later_pages()
        self.go(self.pages.currentIndex())

    def _word_later_pages(self) -> None:
        """What the later pages computed from the file, worded again: the columns' hint, types and kinds, the
        check's summary, the outcome (a switch left them in the language they were made in)."""
        if self.plan is None:
            return
        self.target_page.reword()
        if self.report is not None:
            self.check_page.show_report(self.report, self._summary(self.report))
        if self.result is not None:
            self.import_page.show_result(self._outcome(self.result))

    # The counted texts are worded here, not on the pages: pyside6-lupdate takes a plural (%n) only from a tr()
    # call, whose context is its class, and these keep the wizard's context and translations.

    def _sheet_rows(self, plan: Plan) -> str:
        return self.tr("%n row(s) in the sheet", "", plan.source.total_rows or 0)

    def _summary(self, report: ImportResult) -> str:
        """The check's summary: rows read, rows imported before, problems, what the check learned."""
        lines = [self.tr("%n data row(s) read.", "", report.rows)]
        if report.already:
            lines.append(self.tr("%n row(s) were imported before and will be skipped.", "", report.already))
        lines.append(self.tr("%n problem(s) found.", "", report.problem_count) if report.problem_count
                     else self.tr("No problems: every value can be stored."))
        return "\n".join([" ".join(lines), *report.learned()])

    def _outcome(self, result: ImportResult) -> str:
        """What was imported, rows skipped, and the alert rules that failed (the rows are in all the same)."""
        text = self.tr("Imported %1 row(s) into survey %2.").replace("%1", str(result.imported)) \
            .replace("%2", result.survey)
        if result.skipped:
            text += "\n" + self.tr("%n row(s) with problems were skipped.", "", result.skipped)
        if result.already:
            text += "\n" + self.tr("%n row(s) imported before were skipped.", "", result.already)
        return text + "".join("\n" + warning for warning in result.warnings)

    # -- the plan --------------------------------------------------------------------------------

    def _plan_pages(self) -> tuple[PlanPage, ...]:
        """The pages that work on the plan after the columns page has made it again."""
        return self.recode_page, self.check_page

    def _replanned(self, plan: Plan) -> None:
        """The columns page made the plan again (another target or saved mapping): the later pages get it."""
        self.plan = plan
        for page in self._plan_pages():
            page.show_plan(plan)

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
            self.target_page.fill_columns()
        self.go(index)

    def _next(self) -> None:
        plan = self.plan
        if plan is None:  # Next is off until a file was read
            return
        page = PAGES[self.pages.currentIndex()]
        if page == "target":
            self.target_page.apply_target()
            self.recode_page.fill()
        if page == "recode":
            self.recode_page.apply_recodes()
            self.run_check(plan)
            return
        if page == "check":
            self.run_import(plan)
            return
        self.go(self.pages.currentIndex() + 1)

    # -- 1. reading the file ---------------------------------------------------------------------

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
        layout_name = self.file_page.layout_box.currentData() or "auto"
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
        """A file was read: every page is given its plan, then the preview is shown."""
        plan, self.earlier = outcome
        self.plan = plan
        self.result = None
        self.file_page.show_file(plan, self.earlier, self._sheet_rows(plan))
        self.preview_page.show_plan(plan)
        self.target_page.show_plan(plan)
        for page in self._plan_pages():
            page.show_plan(plan)
        self.go(1)

    def _reopen(self) -> None:
        """Another sheet or layout picked on the file page: the file read again with it."""
        if self.plan is not None and self.pages.currentIndex() == 0:
            self.open_file(str(self.plan.source.path), self.file_page.sheet_box.currentText() or None)

    def _free_code(self, stem: str) -> str:
        taken = {s.code.lower() for s in list_surveys(self.study)}
        ascii_part = "".join(ch for ch in stem if ch.isascii() and ch.isalpha())
        return unique_code(SourceColumn(0, stem if ascii_part else "imported"), taken)

    # -- 5. check and 6. import ------------------------------------------------------------------

    def run_check(self, plan: Plan) -> None:
        def job(progress: Progress, cancel: CancelToken) -> ImportResult:
            return check(self.study, plan, progress=progress, cancel=cancel)

        self.worker = run_job(self, self.tr("Checking the file"), job, self.show_report,
                              lambda error: show_error(self, error))

    def show_report(self, report: ImportResult) -> None:
        self.report = report
        self.check_page.show_report(report, self._summary(report))
        self.go(PAGES.index("check"))

    def run_import(self, plan: Plan) -> None:
        on_error = self.check_page.on_error_choice()
        before = self.stored_responses(plan.survey.code)

        def job(progress: Progress, cancel: CancelToken) -> ImportResult:
            return run_import(self.study, plan, on_error=on_error, progress=progress, cancel=cancel)

        self.worker = run_job(self, self.tr("Importing %1").replace("%1", plan.file), job, self.show_result,
                              lambda error: show_error(self, error))
        # run_job is silent on Cancel; an import says what the study holds after it.
        self.worker.signals.sig_failed.connect(
            lambda error: self.import_cancelled(plan, before) if isinstance(error, Cancelled) else None)

    def stored_responses(self, code: str) -> int | None:
        """The survey's stored responses; None while it does not exist (an import that would create it)."""
        survey = next((s for s in list_surveys(self.study) if s.code == code), None)
        return None if survey is None else responses.count(self.study.conn, survey)

    def import_cancelled(self, plan: Plan, before: int | None) -> None:
        """After Cancel, say what the study holds now, read from the study: Cancel pressed as the last rows
        were committed cannot take them back, and 'nothing was imported' would then be untrue."""
        code, file = plan.survey.code, plan.file
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
        self.check_page.check_summary.setText(text)
        QMessageBox.information(self, self.tr("Import cancelled"), text)

    def show_result(self, result: ImportResult) -> None:
        self.result = result
        self.import_page.show_result(self._outcome(result))
        self.go(PAGES.index("import"))
        self.sig_imported.emit(result)
