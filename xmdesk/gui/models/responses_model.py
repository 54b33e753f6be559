"""A table model over one survey's responses that never loads the whole table.

The row count and the order come from `responses.build_index` (one COUNT, or the ids
in sort order); rows are read `PAGE_SIZE` at a time when the view paints them and
kept in a small LRU cache, so a million responses show at once and jumping to the
last row reads one page. Row heights are fixed by the view, so Qt never asks for
rows it does not paint. No canFetchMore/fetchMore: growing the model while
scrolling would read every row on the way to the end.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QModelIndex,
                            QPersistentModelIndex, Qt, Signal)

from PySide6.QtGui import QColor

from xmdesk.core.survey import responses
from xmdesk.core.errors import Cancelled
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.survey.model import Question, QuestionType, Survey
from xmdesk.gui.workers import JobWorker

PAGE_SIZE = 200
EXCLUDED_GREY = "#9aa0a6"
MAX_PAGES = 16
CHECK = "✓"

Index = QModelIndex | QPersistentModelIndex
Formatter = Callable[[Any], str]
Ordering = tuple[str, bool, str]
"""(order_by column, descending, search text): what an index was built for."""

# System columns get a translated header; QT_TRANSLATE_NOOP lets lupdate see the strings.
SYSTEM_HEADERS = {
    "id": QT_TRANSLATE_NOOP("ResponsesModel", "ID"),
    "status": QT_TRANSLATE_NOOP("ResponsesModel", "Status"),
    "created_at": QT_TRANSLATE_NOOP("ResponsesModel", "Created"),
    "customer_id": QT_TRANSLATE_NOOP("ResponsesModel", "Customer"),
    "worker": QT_TRANSLATE_NOOP("ResponsesModel", "Interviewer"),
    "source": QT_TRANSLATE_NOOP("ResponsesModel", "Source"),
}
# Where a response came from; an import is stored as 'import:<import id>'.
SOURCE_LABELS = {
    "web": QT_TRANSLATE_NOOP("ResponsesModel", "Phone (web)"),
    "kiosk": QT_TRANSLATE_NOOP("ResponsesModel", "Kiosk"),
    "entry": QT_TRANSLATE_NOOP("ResponsesModel", "Typed in"),
    "import": QT_TRANSLATE_NOOP("ResponsesModel", "Import"),
}
STATUS_LABELS = {
    "complete": QT_TRANSLATE_NOOP("ResponsesModel", "Complete"),
    "draft": QT_TRANSLATE_NOOP("ResponsesModel", "Draft"),
}


@dataclass(frozen=True)
class ColumnInfo:
    """How one response column is titled and shown, in one language."""

    name: str
    header: str
    tooltip: str
    format: Formatter
    align_right: bool = False
    width: int = 120
    """A starting width in pixels; measuring contents would read rows the view does not show."""


def _plain(value: Any) -> str:
    """A cell as written; a whole number stored as REAL (an imported id or amount) without its '.0'."""
    if value is None:
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _checkmark(value: Any) -> str:
    return CHECK if value else ""


def _choice_formatter(question: Question, lang: str) -> Formatter:
    labels = {choice.value: choice.label(lang) for choice in question.choices}
    return lambda value: "" if value is None else labels.get(value, str(value))


def _timestamp(value: Any) -> str:
    """'2026-09-12T12:33:00+08:00' reads as '2026-09-12 12:33 +08:00': minutes, and the zone it was taken in."""
    text = _plain(value)
    if len(text) < 16 or text[10] != "T":
        return text
    zone = text[19:].replace("+00:00", " UTC").strip()
    return f"{text[:10]} {text[11:16]} {zone}".strip()


def _source(value: Any) -> str:
    label = SOURCE_LABELS.get(_plain(value).partition(":")[0])
    return QCoreApplication.translate("ResponsesModel", str(label)) if label else _plain(value)


def _status(value: Any) -> str:
    source = STATUS_LABELS.get(value)
    return QCoreApplication.translate("ResponsesModel", str(source)) if source else _plain(value)


SYSTEM_WIDTHS = {"id": 70, "status": 80, "created_at": 170, "customer_id": 100, "worker": 90, "source": 100}
TYPE_WIDTHS = {QuestionType.TEXT: 280, QuestionType.DROPDOWN: 170, QuestionType.SINGLE: 120,
               QuestionType.DATE: 110, QuestionType.MULTIPLE: 110, QuestionType.MATRIX: 110}


def _system_column(name: str) -> ColumnInfo:
    header = QCoreApplication.translate("ResponsesModel", str(SYSTEM_HEADERS[name]))
    formats = {"status": _status, "created_at": _timestamp, "source": _source}
    return ColumnInfo(name, header, name, formats.get(name, _plain), align_right=name == "id",
                      width=SYSTEM_WIDTHS[name])


def column_infos(survey: Survey, lang: str) -> list[ColumnInfo]:
    """Headers and formatters for `responses.display_columns`, labels in `lang`."""
    parts: dict[str, tuple[Question, str]] = {}
    for question in survey.questions:
        for column in question.columns():
            parts[column.name] = (question, column.part)
    infos = []
    for name in responses.display_columns(survey):
        if name not in parts:
            infos.append(_system_column(name))
            continue
        question, part = parts[name]
        header = question.label(lang)
        fmt: Formatter
        if question.type is QuestionType.MULTIPLE:
            choice = next(c for c in question.choices if c.code == part)
            header, fmt = f"{header}: {choice.label(lang)}", _checkmark
        elif question.type is QuestionType.MATRIX:
            item = next(i for i in question.items if i.code == part)
            header, fmt = f"{header}: {item.label(lang)}", _plain
        elif question.type in (QuestionType.SINGLE, QuestionType.DROPDOWN):
            fmt = _choice_formatter(question, lang)
        else:
            fmt = _plain
        numeric = question.type in (QuestionType.NPS, QuestionType.RATING, QuestionType.NUMBER,
                                    QuestionType.MATRIX)
        infos.append(ColumnInfo(name, header, f"{name} ({question.type.value})\n{header}", fmt,  # the whole header
                                align_right=numeric, width=TYPE_WIDTHS.get(question.type, 90)))
    return infos


class ResponsesModel(QAbstractTableModel):
    """One survey's responses for a table view, read a page at a time as they are painted, in an order built on
    a worker: a million rows show at once and a new sort or search never freezes the window."""

    sig_busy = Signal(bool)
    """True while a new order or filter is being computed on a worker, False once it is shown."""
    sig_failed = Signal(object)
    """The exception a rebuild raised (never `Cancelled`: a superseded rebuild is silent)."""

    def __init__(self, conn: sqlite3.Connection, survey: Survey, lang: str,
                 reader: Callable[[], sqlite3.Connection] | None = None) -> None:
        super().__init__()
        self._conn = conn
        self._reader = reader
        self._worker: JobWorker | None = None
        self.survey = survey
        self._columns = column_infos(survey, lang)
        self._names = [c.name for c in self._columns]
        self._pages: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        self.pages_loaded = 0
        """How many pages were read from the study since the model was made (tests and benchmarks)."""
        self.order_by = "id"
        self.descending = False
        self.search = ""
        self._requested: Ordering = ("id", False, "")
        self._index = responses.build_index(conn, survey)  # unsorted and unfiltered: a few index look-ups
        self._answers = {c.name: q for q in survey.active_questions() for c in q.columns()}
        self.on_edit: Callable[[int, str, Any], bool] | None = None
        """Set by the Data area to make answer cells editable: (response id, column, value typed) -> written."""
        self.excluded: dict[int, str] = responses.excluded_reasons(conn, survey.code)
        """Responses left out of analysis and why: shown greyed, the reason as their tooltip."""

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._index.count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.format(self.row(index.row())[index.column()])
        if role == Qt.ItemDataRole.EditRole:
            return self.row(index.row())[index.column()]
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole) and self.excluded:
            reason = self.excluded.get(self.id_at(index.row()))
            if reason is not None:
                return QColor(EXCLUDED_GREY) if role == Qt.ItemDataRole.ForegroundRole else \
                    QCoreApplication.translate("ResponsesModel", "Excluded from analysis: %1").replace("%1", reason)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Answers are editable once the area handles edits; system columns (id, created…) never are."""
        editable = index.isValid() and self.on_edit is not None and self.question_at(index.column()) is not None
        return super().flags(index) | (Qt.ItemFlag.ItemIsEditable if editable else Qt.ItemFlag.NoItemFlags)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A typed value goes to the area, which checks and writes it; the table refreshes from the study."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.on_edit is None:
            return False
        return self.on_edit(self.id_at(index.row()), self._names[index.column()], value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._columns[section].tooltip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        self.rebuild(self._names[column], descending, self.search)

    # -- our interface ---------------------------------------------------------------------

    def column_widths(self) -> list[int]:
        return [c.width for c in self._columns]

    def column_names(self) -> list[str]:
        return list(self._names)

    def id_at(self, row: int) -> int:
        return self._index.id_at(row)

    def question_at(self, column: int) -> Question | None:
        """The question whose answer a column holds; None for a system column."""
        return self._answers.get(self._names[column])

    def header_of(self, name: str) -> str:
        """A stored column's header as the table shows it (its name when not shown)."""
        return next((c.header for c in self._columns if c.name == name), name)

    def value_text(self, name: str, value: Any) -> str:
        """A value of a stored column as the table shows it (a choice by its label)."""
        return next((c.format(value) for c in self._columns if c.name == name), _plain(value))

    def set_search(self, text: str) -> None:
        self.rebuild(self.order_by, self.descending, text.strip())

    def set_language(self, lang: str) -> None:
        """Labels change, rows and order do not: no reset, the view keeps its place."""
        self._columns = column_infos(self.survey, lang)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._index.count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._index.count - 1, len(self._columns) - 1))

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def refresh(self) -> None:
        """Responses were added, edited, deleted or merged: the same order and filter, counted and read again."""
        self.rebuild(self.order_by, self.descending, self.search, again=True)

    def rebuild(self, order_by: str, descending: bool, search: str, again: bool = False) -> None:
        """A new order or filter (`again`: the same one over changed rows). On a million responses a sort
        or a search reads the whole table (1-2 s), so with a reader connection it runs on a worker,
        cancelling one still running; the view keeps showing the old order until the new one is ready."""
        wanted: Ordering = (order_by, descending, search)
        if wanted == self._requested and not again:
            return
        self._requested = wanted
        if self._worker is not None:
            self._worker.cancel()
        if self._reader is None:
            self._show_index(wanted, responses.build_index(self._conn, self.survey, *wanted))
            return
        worker = JobWorker(self._index_job(wanted))
        worker.signals.sig_finished.connect(lambda result: self._index_ready(worker, result))
        worker.signals.sig_failed.connect(lambda error: self._index_failed(worker, error))
        self._worker = worker
        self.sig_busy.emit(True)
        worker.start()

    def _index_job(self, wanted: Ordering) -> Callable[[Progress, CancelToken], responses.RowIndex]:
        assert self._reader is not None
        reader, survey = self._reader, self.survey

        def job(progress: Progress, cancel: CancelToken) -> responses.RowIndex:
            conn = reader()  # its own connection: the view keeps paging on the UI thread's one
            try:
                return responses.build_index(conn, survey, *wanted, cancel=cancel)
            finally:
                conn.close()

        return job

    def _index_ready(self, worker: JobWorker, index: responses.RowIndex) -> None:
        if worker is not self._worker:
            return  # superseded by a newer request
        self._worker = None
        self._show_index(self._requested, index)
        self.sig_busy.emit(False)

    def _index_failed(self, worker: JobWorker, error: BaseException) -> None:
        if worker is not self._worker:
            return
        self._worker = None
        self._requested = (self.order_by, self.descending, self.search)
        self.sig_busy.emit(False)
        if not isinstance(error, Cancelled):
            self.sig_failed.emit(error)

    def _show_index(self, ordering: Ordering, index: responses.RowIndex) -> None:
        """The cached pages no longer match positions: a reset, then pages load as they are painted."""
        self.beginResetModel()
        self.excluded = responses.excluded_reasons(self._conn, self.survey.code)
        self.order_by, self.descending, self.search = ordering
        self._index = index
        self._pages.clear()
        self.endResetModel()

    def row(self, position: int) -> tuple[Any, ...]:
        page_number, offset = divmod(position, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            page = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        return page[offset]

    def _load_page(self, page_number: int) -> list[tuple[Any, ...]]:
        start = page_number * PAGE_SIZE
        ids = self._index.ids_between(start, min(start + PAGE_SIZE, self._index.count))
        try:
            page = responses.fetch_rows(self._conn, self.survey, self._names, ids)
        except sqlite3.DatabaseError:
            # A damaged page of the study: its rows show empty (painting must not raise once per cell); the
            # study's health check, run when it opened, tells the user it is damaged and how to recover it.
            page = [(None,) * len(self._names) for _ in ids]
        self._pages[page_number] = page
        self.pages_loaded += 1
        if len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page
