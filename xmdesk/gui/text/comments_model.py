"""The comment browser's table: the filtered rows of a comment table, with keywords and drivers highlighted.

The model holds the analysis' comment table and an array of the row positions the filters let
through, so filtering swaps one array and never copies the comments. The comment column is drawn
by `HighlightDelegate` as rich text: codebook words and the searched words in bold colour, and
"why this score": the words and clauses that drove the polarity on a green or red ground
(`polarity.explain`, worked out for the rows on screen only). With the study's adjustment learned from
the codes, a comment it moved is marked ↑ or ↓ beside its score, the words it moved it for are underlined,
and the tooltips give its score without the adjustment and those words with their signs (`adjust.why_moved`).
The topics column gives each topic its own polarity (价格 − · 服务态度 +); a comment coded by hand is marked ✎,
a quotable one ★.
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

from xmdesk.core.text.adjust import Adjustment, AdjustmentWhy, LearnedWord, why_moved
from xmdesk.core.text.polarity import Explanation, explain
from xmdesk.core.vocabulary import palette
from xmdesk.gui.text.charts import sentiment_color

Index = QModelIndex | QPersistentModelIndex
HtmlRole = Qt.ItemDataRole.UserRole + 1
ID, SENTIMENT, TOPICS, COMMENT = range(4)
HIGHLIGHT = "#b3541e"
# Light grounds of the palette's positive and negative roles, so the words on them stay readable.
DRIVER_GROUND = {1: "#d9efe0", -1: "#f7d9d6"}
TOPIC_SIGN = {"positive": "+", "negative": "−", "neutral": "○"}
BY_HAND = "✎"
MOVED = {1: "↑", -1: "↓"}  # beside a score the study's adjustment moved, the way it moved it
QUOTABLE = "★"
SENTIMENT_LABELS = {"negative": QT_TRANSLATE_NOOP("Sentiment", "Negative"),
                    "neutral": QT_TRANSLATE_NOOP("Sentiment", "Neutral"),
                    "positive": QT_TRANSLATE_NOOP("Sentiment", "Positive")}


def sentiment_name(label: str) -> str:
    return QCoreApplication.translate("Sentiment", str(SENTIMENT_LABELS[label]))


def highlight_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One alternation of the words to mark, longest first (so 快递小哥 wins over 快递)."""
    clean = sorted({w.lower() for w in words if w.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, clean)), re.IGNORECASE) if clean else None


def highlight_html(text: str, pattern: re.Pattern[str] | None, why: Explanation | None = None,
                   learned: Sequence[LearnedWord] = ()) -> str:
    """The text as HTML: every match in bold colour, the drivers of its polarity on their colour's ground, and the
    words the study's adjustment moved it for underlined.

    Drivers and learned words are spans of the normalised text; they are shown when normalising kept every
    character in place (it does for Chinese, full-width and traditional characters).
    """
    bold = np.zeros(len(text), dtype=bool)
    under = np.zeros(len(text), dtype=bool)
    ground = np.zeros(len(text), dtype=np.int8)
    if pattern is not None:
        for match in pattern.finditer(text):
            bold[match.start():match.end()] = True
    if why is not None and len(why.text) == len(text):
        for span in why.drivers:
            ground[span.start:span.end] = span.sign
        for word in learned:
            for span in word.spans:
                under[span.start:span.end] = True
    out, start = [], 0
    for end in range(1, len(text) + 1):
        if end < len(text) and bold[end] == bold[start] and ground[end] == ground[start] \
                and under[end] == under[start]:
            continue
        piece = html.escape(text[start:end])
        if under[start]:
            piece = f"<u>{piece}</u>"
        if bold[start]:
            piece = f'<b style="color:{HIGHLIGHT}">{piece}</b>'
        if ground[start]:
            piece = f'<span style="background-color:{DRIVER_GROUND[int(ground[start])]}">{piece}</span>'
        out.append(piece)
        start = end
    return "".join(out)


def topics_html(topic_polarity: dict[str, str], topics: Sequence[str]) -> str:
    """Each topic with its own polarity: green +, red −, grey ○; a topic set by hand outside the codebook plain."""
    parts = []
    for topic in topics:
        polarity = topic_polarity.get(topic)
        if polarity is None:
            parts.append(html.escape(topic))
            continue
        colour = palette.ROLES[polarity]
        parts.append(f'{html.escape(topic)} <b style="color:{colour}">{TOPIC_SIGN[polarity]}</b>')
    return "、".join(parts)


class CommentsModel(QAbstractTableModel):
    """The comment browser's rows: a filter swaps the array of row positions and never copies the comments."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = pd.DataFrame({"response_id": [], "text": [], "sentiment": [], "topics": [], "polarity": [],
                                   "topic_polarity": [], "coded": [], "quotable": []})
        self.rows = np.zeros(0, dtype=np.int64)
        self.pattern: re.Pattern[str] | None = None
        self._ids: list[int] = []
        self._texts: list[str] = []
        self._why: dict[int, Explanation] = {}
        self.adjustment: Adjustment | None = None
        self._moved: dict[int, AdjustmentWhy | None] = {}

    def set_table(self, table: pd.DataFrame, adjustment: Adjustment | None = None) -> None:
        """Show `table`, scored with the study's `adjustment` (None: the shipped model as it is)."""
        self.beginResetModel()
        self.table = table
        self.adjustment = adjustment
        self._ids = table["response_id"].astype(int).tolist()
        self._texts = table["text"].astype(str).tolist()
        self._why = {}
        self._moved = {}
        self.rows = np.arange(len(table), dtype=np.int64)
        self.endResetModel()

    def row_changed(self, row: int) -> None:
        """The table's row `row` (a position in the table, not on screen) was coded again: redraw it."""
        shown = np.flatnonzero(self.rows == row)
        if shown.size:
            self.dataChanged.emit(self.index(int(shown[0]), 0), self.index(int(shown[0]), self.columnCount() - 1))

    def table_row(self, row: int) -> int:
        """The position in the table of the comment on screen row `row`."""
        return int(self.rows[row])

    def explanation(self, row: int) -> Explanation:
        """Why the model scored this comment as it did (worked out once, when the row is first drawn)."""
        found = self._why.get(row)
        if found is None:
            found = self._why[row] = explain(self._texts[row])
        return found

    def moved(self, row: int) -> AdjustmentWhy | None:
        """How the study's adjustment moved this comment (None: it did not, or the analyst's code decides it);
        worked out once, when the row is first drawn."""
        if self.adjustment is None or self.table.at[row, "coded"]:
            return None
        if row not in self._moved:
            self._moved[row] = why_moved(self.adjustment, self._texts[row])
        return self._moved[row]

    def _learned_tip(self, row: int) -> str:
        """For the tooltips: the score without the adjustment, and the words it moved the comment for."""
        moved = self.moved(row)
        if moved is None:
            return ""
        before = f"{moved.before.score:.2f} {sentiment_name(moved.before.polarity)}"
        words = ", ".join(f"{w.text} ({TOPIC_SIGN['positive' if w.sign > 0 else 'negative']})" for w in moved.words)
        return "\n\n" + self.tr("Moved by what was learned from your codes; without it: %1.").replace("%1", before) \
            + ("\n" + self.tr("Learned from your codes: %1").replace("%1", words) if words else "")

    def _sentiment_text(self, row: int) -> str:
        score = float(self.table.at[row, "sentiment"])
        moved = self.moved(row)
        marks = (f" {BY_HAND}" if self.table.at[row, "coded"] else "") + \
            (f" {MOVED[1 if moved.after.score > moved.before.score else -1]}" if moved else "") + \
            (f" {QUOTABLE}" if self.table.at[row, "quotable"] else "")
        return f"{score:.2f}  {sentiment_name(str(self.table.at[row, 'polarity']))}{marks}"

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
                return self._sentiment_text(row)
            if column == TOPICS:
                return "、".join(self.table.at[row, "topics"])
            return self._texts[row]
        if role == HtmlRole and column == COMMENT:
            moved = self.moved(row)
            return highlight_html(self._texts[row], self.pattern, self.explanation(row), moved.words if moved else ())
        if role == HtmlRole and column == TOPICS:
            return topics_html(self.table.at[row, "topic_polarity"], self.table.at[row, "topics"])
        if role == Qt.ItemDataRole.ForegroundRole and column == SENTIMENT:
            return QBrush(sentiment_color(float(self.table.at[row, "sentiment"])))
        if role == Qt.ItemDataRole.ToolTipRole and column == COMMENT:
            return self._texts[row] + self._learned_tip(row)
        if role == Qt.ItemDataRole.ToolTipRole and column == SENTIMENT:
            return self.tr("Set by hand: it wins over the model on every analysis.") if self.table.at[row, "coded"] \
                else self.tr("Set by the model. Keys 1, 2, 3 set it by hand.") + self._learned_tip(row)
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
