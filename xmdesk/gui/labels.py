"""Names of things the core stores as codes, translated for display."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from xmdesk.core.survey.model import QuestionType

QUESTION_TYPES = {
    QuestionType.SINGLE: QT_TRANSLATE_NOOP("Labels", "Single choice"),
    QuestionType.MULTIPLE: QT_TRANSLATE_NOOP("Labels", "Multiple choice"),
    QuestionType.DROPDOWN: QT_TRANSLATE_NOOP("Labels", "Dropdown"),
    QuestionType.NPS: QT_TRANSLATE_NOOP("Labels", "NPS (0-10)"),
    QuestionType.RATING: QT_TRANSLATE_NOOP("Labels", "Rating scale"),
    QuestionType.MATRIX: QT_TRANSLATE_NOOP("Labels", "Matrix"),
    QuestionType.TEXT: QT_TRANSLATE_NOOP("Labels", "Open text"),
    QuestionType.NUMBER: QT_TRANSLATE_NOOP("Labels", "Number"),
    QuestionType.DATE: QT_TRANSLATE_NOOP("Labels", "Date"),
    QuestionType.CHECKLIST: QT_TRANSLATE_NOOP("Labels", "Checklist"),
}

CASE_STATUSES = {
    "new": QT_TRANSLATE_NOOP("Labels", "New"),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
    "resolved": QT_TRANSLATE_NOOP("Labels", "Resolved"),
    "closed": QT_TRANSLATE_NOOP("Labels", "Closed"),
}


def question_type(kind: QuestionType) -> str:
    return QCoreApplication.translate("Labels", str(QUESTION_TYPES[kind]))


def case_status(status: str) -> str:
    source = CASE_STATUSES.get(status)
    return QCoreApplication.translate("Labels", str(source)) if source else status
