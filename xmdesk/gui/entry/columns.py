"""A list of answers laid out in as many columns as fit (up to the number the list asks for), filled down each
column first so the numbers run as a reader expects; or a scale's points, filled along each row (0-5 over 6-10 where
0-10 does not fit on one line).

A fixed grid of four columns of store names was 780 px wide: at 1280 px with the response list beside it, and in
the designer's preview, the form scrolled sideways. This layout asks only for its widest answer and takes more
columns when the width allows.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem


class ChoiceColumns(QLayout):
    """A Qt layout for a question's answers: it asks for one column of its widest answer at least and takes more
    columns as the width allows, so a form never scrolls sideways."""

    def __init__(self, columns: int, spacing: tuple[int, int] = (18, 6), across: bool = False) -> None:
        super().__init__()
        self.wanted = max(1, columns)
        """The most columns this list uses however wide the form is (a 30-item checklist stays at four)."""
        self.gaps = spacing
        self.across = across
        """Filled row by row (a scale) instead of column by column (a list of answers)."""
        self._items: list[QLayoutItem] = []

    # -- QLayout's item list --------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # -- sizes ----------------------------------------------------------------------------

    def _cell(self) -> QSize:
        """Every answer gets the widest answer's width, so the columns line up."""
        width = max((item.sizeHint().width() for item in self._items), default=0)
        height = max((item.sizeHint().height() for item in self._items), default=0)
        return QSize(width, height)

    def columns_for(self, width: int) -> int:
        """As many as fit, then as few as keep that many rows (0-10 in two rows is 0-5 over 6-10, not 0-8 over
        9-10)."""
        cell = self._cell().width()
        fit = (width + self.gaps[0]) // (cell + self.gaps[0]) if cell else self.wanted
        columns = max(1, min(self.wanted, fit, len(self._items) or 1))
        return -(-len(self._items) // self._rows(columns)) if self._items else columns

    def _rows(self, columns: int) -> int:
        return -(-len(self._items) // columns) if self._items else 0

    def _height(self, rows: int) -> int:
        return rows * self._cell().height() + max(0, rows - 1) * self.gaps[1] if rows else 0

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        return self._height(self._rows(self.columns_for(inner))) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:  # noqa: N802
        """As wide as all the wanted columns."""
        cell, margins = self._cell(), self.contentsMargins()
        columns = min(self.wanted, len(self._items) or 1)
        return QSize(columns * cell.width() + (columns - 1) * self.gaps[0] + margins.left() + margins.right(),
                     self._height(self._rows(columns)) + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """One column: the widest answer."""
        cell, margins = self._cell(), self.contentsMargins()
        return QSize(cell.width() + margins.left() + margins.right(), cell.height() + margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        inner = rect.marginsRemoved(self.contentsMargins())
        columns = self.columns_for(inner.width())
        rows = self._rows(columns)
        cell = self._cell()
        for index, item in enumerate(self._items):
            row, column = divmod(index, columns) if self.across else divmod(index, rows)[::-1]
            origin = QPoint(inner.x() + column * (cell.width() + self.gaps[0]),
                            inner.y() + row * (cell.height() + self.gaps[1]))
            item.setGeometry(QRect(origin, cell))
