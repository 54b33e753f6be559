"""Copying and pasting blocks of cells in the Data area as tab-separated text, as Excel and WPS exchange them
(issue 20).

Excel writes a block as rows of tab-separated cells, quoting a cell that holds a tab, a line break or a quote, and
ends the last row with a line break; both directions go through the csv module's tab dialect so such cells keep
their place. What a pasted value means is decided by the core (`cleaning.plan_paste`), as for a typed one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from xmdesk.core.survey.model import QuestionType
from xmdesk.gui.models.responses_model import ResponsesModel


def read_block(text: str) -> list[list[str]]:
    """The rows of cells of a clipboard text; the line break that ends the last row is not an empty row."""
    rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter="\t"))
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def write_block(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as Excel reads them back (quoted only where a cell needs it)."""
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(rows)
    return out.getvalue()


def copied_text(model: ResponsesModel, index: QModelIndex) -> str:
    """A cell as it would be typed back: the text the table shows (a choice by its label), except an option's
    tick, written 1 or 0, since an unticked and an unanswered option both show blank."""
    question = model.question_at(index.column())
    if question is not None and question.type is QuestionType.MULTIPLE:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        return "" if value is None else str(int(value))
    return str(index.data() or "")


def block_of(model: ResponsesModel, indexes: Sequence[QModelIndex]) -> str:
    """The selected cells as a block: the rectangle around them, cells not selected within it left empty."""
    if not indexes:
        return ""
    rows = sorted({i.row() for i in indexes})
    columns = sorted({i.column() for i in indexes})
    chosen = {(i.row(), i.column()) for i in indexes}
    return write_block([[copied_text(model, model.index(row, column)) if (row, column) in chosen else ""
                         for column in range(columns[0], columns[-1] + 1)]
                        for row in range(rows[0], rows[-1] + 1)])


def pasted_cells(model: ResponsesModel, top: int, left: int,
                 block: Sequence[Sequence[str]]) -> list[tuple[int, str, str]] | None:
    """(response id, column, text) of each cell the block covers with its first cell at (top, left); None when
    it reaches past the table's last row or column."""
    names = model.column_names()
    width = max((len(row) for row in block), default=0)
    if top + len(block) > model.rowCount() or left + width > len(names):
        return None
    return [(model.id_at(top + r), names[left + c], text) for r, row in enumerate(block) for c, text in enumerate(row)]
