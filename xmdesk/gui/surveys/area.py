"""The Surveys area: the study's surveys (new, from a template, XLSForm in and out) and the designer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

from xmdesk import APP_NAME
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import XMDeskError
from xmdesk.core.files import file_name
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, list_surveys, survey_to_dict
from xmdesk.gui import files
from xmdesk.gui.designer.new_survey import NewSurveyDialog
from xmdesk.gui.designer.widget import DesignerWidget
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import current_language

CODE_ROLE = Qt.ItemDataRole.UserRole


class SurveysArea(QWidget):
    """The Surveys area: the study's surveys, and the designer of the one selected; in a read-only study only
    the XLSForm export is offered."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.surveys: list[Survey] = list_surveys(study)
        self.designers: dict[str, DesignerWidget] = {}

        self.title_label = QLabel()
        self.title_label.setObjectName("areaTitle")
        self.survey_list = QListWidget()
        self.survey_list.setObjectName("surveyList")
        self.survey_list.setMaximumWidth(160)
        self.survey_list.setWordWrap(True)
        self.survey_list.currentItemChanged.connect(lambda *_: self._show_current())
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_survey)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_form)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_form)
        for button in (self.new_button, self.import_button, self.export_button):
            button.setEnabled(not study.read_only or button is self.export_button)
        self.stack = QStackedWidget()
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty_label)

        side = QVBoxLayout()
        side.addWidget(self.title_label)
        side.addWidget(self.survey_list, 1)
        for button in (self.new_button, self.import_button, self.export_button):
            side.addWidget(button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        self.retranslate()
        self._fill()

    def _fill(self, select: str = "") -> None:
        lang = current_language()
        self.survey_list.blockSignals(True)
        self.survey_list.clear()
        for survey in self.surveys:
            item = QListWidgetItem(f"{survey.title(lang)}\n{survey.code} · v{survey.version}")
            item.setData(CODE_ROLE, survey.code)
            self.survey_list.addItem(item)
            if survey.code == select:
                self.survey_list.setCurrentItem(item)
        if self.survey_list.currentRow() < 0 and self.surveys:
            self.survey_list.setCurrentRow(0)
        self.survey_list.blockSignals(False)
        self._show_current()

    def apply_changes(self, changes: Changes) -> None:
        """Surveys made or changed elsewhere (an import, the CLI, a merge, another window) show at once. A
        designer whose survey another writer changed shows the stored survey: its undo history described
        a survey that is no longer there. The designer's own edits leave it as it is."""
        if not changes.touches("surveys"):
            return
        current = self.current_survey()
        self.surveys = list_surveys(self.study)
        stored = {survey.code: survey for survey in self.surveys}
        for code, widget in list(self.designers.items()):
            if code not in stored or survey_to_dict(stored[code]) != survey_to_dict(widget.survey):
                self.stack.removeWidget(widget)
                widget.deleteLater()
                del self.designers[code]
        self._fill(current.code if current else "")

    def current_survey(self) -> Survey | None:
        item = self.survey_list.currentItem()
        code = item.data(CODE_ROLE) if item else None
        return next((s for s in self.surveys if s.code == code), None)

    def designer(self) -> DesignerWidget | None:
        survey = self.current_survey()
        return self.designers.get(survey.code) if survey else None

    def _show_current(self) -> None:
        survey = self.current_survey()
        self.export_button.setEnabled(survey is not None)
        if survey is None:
            self.stack.setCurrentWidget(self.empty_label)
            return
        if survey.code not in self.designers:
            widget = DesignerWidget(self.study, survey)
            widget.setEnabled(not self.study.read_only)
            widget.sig_changed.connect(self._update_item)
            self.designers[survey.code] = widget
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(self.designers[survey.code])

    def _update_item(self) -> None:
        survey, item = self.current_survey(), self.survey_list.currentItem()
        if survey and item:
            item.setText(f"{survey.title(current_language())}\n{survey.code} · v{survey.version}")

    def _added(self, survey: Survey) -> None:
        self.surveys.append(survey)
        self._fill(survey.code)

    def new_survey(self, template: str = "") -> NewSurveyDialog:
        dialog = NewSurveyDialog(self.study, self)
        if template:
            dialog.choose(template)
        dialog.accepted.connect(lambda: self._added(dialog.survey) if dialog.survey else None)
        dialog.open()
        return dialog

    def import_form(self) -> None:
        # every form pyxform (XLSForm's reference converter) reads; the export writes .xlsx
        path = files.open_file(self, files.XLSFORM, self.tr("Import XLSForm"),
                               self.tr("XLSForm (*.xlsx *.xlsm *.xls *.csv *.md)"))
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> bool:
        from xmdesk.core.survey.model import load_survey
        from xmdesk.core.survey.xlsform import import_xlsform

        try:
            report = import_xlsform(self.study, path)
        except XMDeskError as error:
            show_error(self, error)
            return False
        survey = load_survey(self.study, report.survey)
        self._added(survey)
        # Named by its title, the code only as a hint after it (the message said 'Imported survey nps_visit').
        text = self.tr("Imported the survey “{0}” ({1}), questions: {2}.").format(
            survey.title(current_language()), survey.code, report.questions)
        if report.notes:
            text += "\n\n" + "\n".join(f"• {note}" for note in report.notes)
        QMessageBox.information(self, APP_NAME, text)
        return True

    def export_form(self) -> None:
        survey = self.current_survey()
        if survey is None:
            return
        path, _ = files.save_file(self, files.XLSFORM, self.tr("Export XLSForm"), file_name(survey.code, ".xlsx"),
                                  self.tr("XLSForm (*.xlsx)"))
        if path:
            self.export_path(path)

    def export_path(self, path: str) -> bool:
        from xmdesk.core.survey.xlsform import write_xlsform

        survey = self.current_survey()
        if survey is None:
            return False
        try:
            report = write_xlsform(survey, path)
        except (XMDeskError, OSError) as error:
            show_error(self, error)
            return False
        files.export_done(self, self.tr("Export XLSForm"), path, "\n".join(f"• {note}" for note in report.notes))
        return True

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Surveys"))
        self.new_button.setText(self.tr("New survey…"))
        self.import_button.setText(self.tr("Import XLSForm…"))
        self.export_button.setText(self.tr("Export XLSForm…"))
        self.empty_label.setText(self.tr("This study has no survey yet: start one from a template or an XLSForm."))
        current = self.current_survey()
        if self.surveys:
            self._fill(current.code if current else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
