"""What the import wizard's pages share: the plan they are given, their tables, and the names they show.

The pages' texts keep the translation context "ImportWizard" (QCoreApplication.translate with that literal
context, which pyside6-lupdate reads): they were the wizard's before it was split, and stay translated.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTableWidget, QWidget

from xmdesk.core.importing.readers import Source
from xmdesk.core.importing.run import Plan
from xmdesk.core.study.file import Study
from xmdesk.gui.i18n import Texts
from xmdesk.gui.importing.tables import make_table

translate = QCoreApplication.translate
ERROR_STYLE = "color: #b00020;"


class PlanPage(QWidget):
    """A page that shows or edits the import's plan. The wizard gives the plan (show_plan) as soon as a file
    was read and again whenever it is replaced, before the page can be shown: Next stays off until then."""

    plan: Plan

    def __init__(self, study: Study, texts: Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.texts = texts

    def show_plan(self, plan: Plan) -> None:
        """The plan this page works on from now; pages that draw it override this and draw."""
        self.plan = plan

    def table(self, headers: Callable[[], list[str]]) -> QTableWidget:
        """A page's table whose headers follow the language."""
        table = make_table(headers())
        self.texts.headers(table.setHorizontalHeaderLabels, headers)
        return table


def reading(source: Source) -> str:
    """How a CSV was read: its encoding and separator (said on the file page and on the preview)."""
    delimiter = {"\t": translate("ImportWizard", "tab"), ",": ",", ";": ";", "|": "|"}[source.delimiter]
    return translate("ImportWizard", "Encoding %1, separated by %2").replace("%1", source.encoding_name) \
        .replace("%2", delimiter)


def type_name(qtype: str) -> str:
    names = {"single": translate("ImportWizard", "single choice"),
             "multiple": translate("ImportWizard", "multiple choice"), "rating": translate("ImportWizard", "rating"),
             "nps": translate("ImportWizard", "NPS 0-10"), "number": translate("ImportWizard", "number"),
             "date": translate("ImportWizard", "date"), "text": translate("ImportWizard", "text"),
             "matrix": translate("ImportWizard", "matrix"), "field": translate("ImportWizard", "response field")}
    return names.get(qtype, qtype)


def kind_name(kind: str) -> str:
    names = {"text": translate("ImportWizard", "text"), "number": translate("ImportWizard", "number"),
             "code": translate("ImportWizard", "option code"), "flag": translate("ImportWizard", "0/1 option"),
             "date": translate("ImportWizard", "date"), "split": translate("ImportWizard", "options in one cell"),
             "duration": translate("ImportWizard", "time taken"),
             "extra": translate("ImportWizard", "kept by column name")}
    return names.get(kind, kind)
