"""The comment browser's table: the filtered rows of a comment table, with keywords highlighted.

The model holds the analysis' comment table and an array of the row positions the filters let
through, so filtering swaps one array and never copies the comments. The comment column is drawn
by `HighlightDelegate` as rich text: codebook words and the searched words in bold colour.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt, QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAbstractTextDocumentLayout, QBrush, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from xmdesk.core.text.analyze import sentiment_label
from xmdesk.gui.text.charts import sentiment_color

Index = QModelIndex | QPersistentModelIndex
HtmlRole = Qt.ItemDataRole.UserRole + 1
ID, SENTIMENT, TOPICS, COMMENT = range(4)
HIGHLIGHT = "#b3541e"
SENTIMENT_LABELS = {"negative": QT_TRANSLATE_NOOP("Sentiment", "Negative"),
                    "neutral": QT_TRANSLATE_NOOP("Sentiment", "Neutral"),
                    "positive": QT_TRANSLATE_NOOP("Sentiment", "Positive")}


def sentiment_name(label: str) -> str:
    return QCoreApplication.translate("Sentiment", str(SENTIMENT_LABELS[label]))


def highlight_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One alternation of the words to mark, longest first (so 快递小哥 wins over 快递)."""
    clean = sorted({w.lower() for w in words if w.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, clean)), re.IGNORECASE) if clean else None


def highlight_html(text: str, pattern: re.Pattern[str] | None) -> str:
    """The text as HTML with every match in bold colour (the rest escaped)."""
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f'<b style="color:{HIGHLIGHT}">{html.escape(match.group())}</b>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


class CommentsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = pd.DataFrame({"response_id": [], "text": [], "sentiment": [], "topics": []})
        self.rows = np.zeros(0, dtype=np.int64)
        self.pattern: re.Pattern[str] | None = None
        self._ids: list[int] = []
        self._texts: list[str] = []
        self._scores: list[float] = []
        self._topics: list[list[str]] = []

    def set_table(self, table: pd.DataFrame) -> None:
        self.beginResetModel()
        self.table = table
        self._ids = table["response_id"].astype(int).tolist()
        self._texts = table["text"].astype(str).tolist()
        self._scores = table["sentiment"].astype(float).tolist()
        self._topics = table["topics"].tolist()
        self.rows = np.arange(len(table), dtype=np.int64)
        self.endResetModel()

    def set_rows(self, rows: np.ndarray, pattern: re.Pattern[str] | None) -> None:
        self.beginResetModel()
        self.rows = rows.astype(np.int64)
        self.pattern = pattern
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def response_id(self, row: int) -> int:
        return self._ids[int(self.rows[row])]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = int(self.rows[index.row()])
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ID:
                return str(self._ids[row])
            if column == SENTIMENT:
                score = self._scores[row]
                return f"{score:.2f}  {sentiment_name(sentiment_label(score))}"
            if column == TOPICS:
                return "、".join(self._topics[row])
            return self._texts[row]
        if role == HtmlRole and column == COMMENT:
            return highlight_html(self._texts[row], self.pattern)
        if role == Qt.ItemDataRole.ForegroundRole and column == SENTIMENT:
            return QBrush(sentiment_color(self._scores[row]))
        if role == Qt.ItemDataRole.ToolTipRole and column == COMMENT:
            return self._texts[row]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [self.tr("ID"), self.tr("Sentiment"), self.tr("Topics"), self.tr("Comment")][section]


class HighlightDelegate(QStyledItemDelegate):
    """Draws the HtmlRole of a cell as rich text, on one line like the other cells.

    It paints the panel and the text itself instead of calling `initStyleOption`/`super().paint`,
    which would also ask the model for every role of the cell once more per paint.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(str(index.data(HtmlRole)))
        painter.save()
        rect = option.rect
        painter.translate(rect.left() + 2, rect.top() + max(0.0, (rect.height() - document.size().height()) / 2))
        painter.setClipRect(QRectF(0, 0, rect.width() - 4, rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        document.documentLayout().draw(painter, context)
        painter.restore()
