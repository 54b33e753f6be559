"""Starting a survey: blank or from a template (NPS, CSAT, CES, mystery shopper), with its code and title."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from xmdesk.core.survey import edits as designer
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, create_survey, survey_codes
from xmdesk.gui.forms import Form
from xmdesk.gui.i18n import current_language

NAME_ROLE = Qt.ItemDataRole.UserRole


class NewSurveyDialog(QDialog):
    """A list of starting points; the chosen one becomes a new survey under the code typed in (laid out by
    ui/new_survey_dialog.ui)."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.survey: Survey | None = None
        self.templates = {t.name: t for t in designer.list_templates()}
        lang = current_language()
        form = Form(self, "new_survey_dialog")
        self.choices = form.child(QListWidget, "templateList")
        blank = QListWidgetItem(self.tr("Blank survey") + "\n" + self.tr("Start with no questions."))
        blank.setData(NAME_ROLE, "")
        self.choices.addItem(blank)
        for template in self.templates.values():
            item = QListWidgetItem(f"{template.title(lang)}\n{template.about(lang)}")
            item.setData(NAME_ROLE, template.name)
            self.choices.addItem(item)
        self.choices.currentItemChanged.connect(lambda *_: self._suggest())
        self.code = form.child(QLineEdit, "code_edit")
        self.title_zh = form.child(QLineEdit, "title_zh_edit")
        self.title_en = form.child(QLineEdit, "title_en_edit")
        self.problem = form.child(QLabel, "problem_label")
        buttons = form.child(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        self.choices.setCurrentRow(0)

    def choose(self, name: str) -> None:
        for row in range(self.choices.count()):
            if self.choices.item(row).data(NAME_ROLE) == name:
                self.choices.setCurrentRow(row)

    def _suggest(self) -> None:
        item = self.choices.currentItem()
        name = item.data(NAME_ROLE) if item else ""
        taken = {c.lower() for c in survey_codes(self.study)}
        if name:
            source = self.templates[name].survey
            stem, title_zh, title_en = source.code, source.title_zh, source.title_en
        else:
            stem, title_zh, title_en = "survey", "", ""
        code, number = stem, 2
        while code.lower() in taken:
            code, number = f"{stem}{number}", number + 1
        self.code.setText(code)
        self.title_zh.setText(title_zh)
        self.title_en.setText(title_en)

    def _create(self) -> None:
        from xmdesk.core.errors import XMDeskError

        item = self.choices.currentItem()
        name = item.data(NAME_ROLE) if item else ""
        code = self.code.text().strip()
        try:
            if name:
                self.survey = designer.create_from_template(self.study, name, code, self.title_zh.text().strip(),
                                                            self.title_en.text().strip())
            else:
                self.survey = create_survey(self.study, code, self.title_en.text().strip(),
                                            self.title_zh.text().strip())
        except XMDeskError as error:
            self.problem.setText(str(error))
            return
        self.accept()
