"""Export one survey's responses as CSV, Excel or SPSS, optionally with personal data masked."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QWidget

from xmdesk.core.export import ExportResult, export_responses
from xmdesk.core.files import file_name
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.forms import Form
from xmdesk.gui.i18n import current_language
from xmdesk.gui.workers import JobWorker, run_job

SUFFIXES = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)", "sav": "SPSS (*.sav)"}


class DataExportDialog(QDialog):
    """Export one survey's responses on a worker (laid out by ui/data_export_dialog.ui); personal data are masked
    unless the user unticks it, and `sig_exported` carries the finished export's result."""

    sig_exported = Signal(object)
    """The ExportResult of a finished export."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.job: JobWorker | None = None
        form = Form(self, "data_export_dialog")
        self.survey_combo = form.child(QComboBox, "survey_combo")
        for survey in list_surveys(study):
            self.survey_combo.addItem(survey.title(current_language()), survey.code)
        self.format_combo = form.child(QComboBox, "format_combo")
        self.format_combo.addItem(self.tr("CSV, UTF-8 (opens in Excel)"), "csv")
        self.format_combo.addItem(self.tr("Excel workbook with a codebook sheet"), "xlsx")
        self.format_combo.addItem(self.tr("SPSS with variable and value labels"), "sav")
        self.labels_check = form.child(QCheckBox, "labels_check")
        self.mask_check = form.child(QCheckBox, "mask_check")
        buttons = form.child(QDialogButtonBox, "buttons")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.accepted.connect(self.choose_file)
        buttons.rejected.connect(self.reject)

    def choose_file(self) -> None:
        fmt = str(self.format_combo.currentData())
        suggested = file_name(str(self.survey_combo.currentData()), f".{fmt}")
        path, _ = files.save_file(self, files.DATA, self.tr("Export data"), suggested, SUFFIXES[fmt])
        if path:
            self.export_to(path if path.lower().endswith(f".{fmt}") else f"{path}.{fmt}")

    def export_to(self, path: str) -> JobWorker:
        from xmdesk.core.survey.model import load_survey

        fmt, code = str(self.format_combo.currentData()), str(self.survey_combo.currentData())
        labels, mask, lang = self.labels_check.isChecked(), self.mask_check.isChecked(), current_language()

        def job(progress: Progress, cancel: CancelToken) -> ExportResult:
            with self.study.read_view() as view:  # its own connection: committed data only, the writer never waits
                survey = load_survey(view, code)
                return export_responses(view, survey, fmt, path, mask_personal=mask, labels=labels, lang=lang,
                                        progress=progress, cancel=cancel)

        def done(result: ExportResult) -> None:
            self.sig_exported.emit(result)
            self.accept()
            files.export_done(self.parentWidget(), self.tr("Export data"), path)

        self.job = run_job(self, self.tr("Exporting data"), job, done, lambda e: show_error(self, e))
        return self.job
