"""Room for words: table columns as wide as their header's text, in whichever language is shown.

Columns were given fixed starting widths in pixels, measured on Chinese headers; in English 'Priority',
'Interviewer' or 'Question code' came out cut at 1280×800. A column may stay narrower than its header only where
the header's tooltip carries the whole text (a long question label in the data view, read on hover).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView


def elided_on_purpose(header: QHeaderView, section: int) -> bool:
    """The header's tooltip says the whole text: the column may be narrower than it."""
    model = header.model()
    text = str(model.headerData(section, header.orientation()) or "")
    tip = model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole)
    return bool(text) and isinstance(tip, str) and text in tip


def fit_sections(header: QHeaderView, widths: Sequence[int] = ()) -> None:
    """Each section at least as wide as its header's text, and as the width given for it (its current width when
    none is given). Call again after a language change: the header's words have changed."""
    if header.model() is None:
        return
    for section in range(header.count()):
        given = widths[section] if section < len(widths) else header.sectionSize(section)
        needed = 0 if elided_on_purpose(header, section) else header.sectionSizeHint(section)
        header.resizeSection(section, max(given, needed))
