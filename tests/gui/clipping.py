"""Which visible texts of a window are cut: a button, label, check box, combo, tab or header section narrower than
its text, a toolbar that spilled actions into its » menu, a form cut by a scroll area that cannot scroll sideways or
that scrolls sideways, a widget pushed outside its parent.

Shared by the laptop clipping test and the screenshot walk (tools/laptop_screenshots.py prints what it finds). Each
check compares what Qt computes the text needs (size hints, font metrics in the widget's own font, the style's
content rectangles) with what the widget got; nothing is read from pixels, so it holds offscreen. A widget that
elides on purpose (a long study path, a comment in a list) says so with the dynamic property `elides` = True; a
table column may be narrower than its header where the header's tooltip says the whole text
(xmdesk.gui.widths.elided_on_purpose).
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QComboBox, QGroupBox, QHeaderView, QLabel,
                               QPushButton, QScrollArea, QSplitter, QStyle, QStyleOptionButton, QStyleOptionComboBox,
                               QTabBar, QToolBar, QWidget)

from xmdesk.gui.widths import elided_on_purpose

SLACK = 1
"""Pixels of rounding a text may miss its room by without being cut."""
COMBO_SLACK = 8


def _text(widget: QWidget) -> str:
    return str(getattr(widget, "text", lambda: "")()).replace("&&", "\0").replace("&", "").replace("\0", "&")


def _cut_button(widget: QAbstractButton) -> str | None:
    text = _text(widget)
    if not text.strip():
        return None
    if isinstance(widget, QPushButton):  # its size hint is at least 80 px wide for any text: compare the text
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        room = widget.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, widget).width()
        needed = widget.fontMetrics().horizontalAdvance(text) + (option.iconSize.width() + 4 if not widget.icon().isNull()
                                                                  else 0)
        if widget.menu() is not None:
            needed += widget.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option, widget)
    else:
        room, needed = widget.width(), widget.sizeHint().width()
    return f"{room} < {needed} px" if room + SLACK < needed else None


def _cut_label(label: QLabel) -> str | None:
    if not label.text().strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if label.wordWrap():
        needed = label.heightForWidth(label.contentsRect().width() + 2 * label.margin())
        return f"height {label.height()} < {needed} px" if label.height() + SLACK < needed else None
    needed = label.sizeHint().width()
    return f"{label.width()} < {needed} px" if label.width() + SLACK < needed else None


def _cut_combo(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text or combo.isEditable():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()
    needed = combo.fontMetrics().horizontalAdvance(text)
    # Qt sizes a combo to its longest item a few pixels short of the edit field the style then reports under our
    # stylesheet's padding: up to COMBO_SLACK px is the last glyph's side bearing (a full-width ）), not a cut.
    return f"{room} < {needed} px" if room + COMBO_SLACK < needed else None


def _cut_sections(header: QHeaderView) -> Iterator[tuple[str, str]]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionViewportPosition(section) > header.viewport().width():
            continue  # scrolled out of sight is not cut
        if elided_on_purpose(header, section):
            continue  # its tooltip says the whole text
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        size, needed = header.sectionSize(section), header.sectionSizeFromContents(section).width()
        if text and size + SLACK < needed:
            yield text, f"{size} < {needed} px"


def _cut_tabs(bar: QTabBar) -> Iterator[tuple[str, str]]:
    for index in range(bar.count()):
        size, needed = bar.tabRect(index).width(), bar.tabSizeHint(index).width()
        if size + SLACK < needed:
            yield bar.tabText(index), f"{size} < {needed} px"


def _cut_group(box: QGroupBox) -> str | None:
    needed = box.fontMetrics().horizontalAdvance(box.title()) + 16
    return f"{box.width()} < {needed} px" if box.title() and box.width() < needed else None


def _cut_scroll(area: QScrollArea) -> str | None:
    """A form in a scroll area is cut when it is wider than the view and cannot scroll sideways, and is awkward
    (a form read by scrolling left and right) when it can, unless it says it may (property `sideways`: a preview
    of a form in a pane narrower than any form)."""
    inner = area.widget()
    if inner is None:
        return None
    sizes = f"({inner.width()} > {area.viewport().width()} px)"
    if inner.width() <= area.viewport().width() + SLACK:
        return None
    if area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        return f"cut at the right {sizes}"
    return None if area.property("sideways") else f"scrolls sideways {sizes}"


def _outside_parent(widget: QWidget) -> str | None:
    parent = widget.parentWidget()
    if parent is None or widget.isWindow() or parent.objectName() == "qt_scrollarea_viewport":
        return None
    if isinstance(parent, QAbstractScrollArea) or isinstance(parent, QToolBar):
        return None  # scroll bars and corner widgets; toolbar buttons are checked by the toolbar
    geometry, room = widget.geometry(), parent.rect()
    if geometry.right() > room.right() + SLACK and geometry.width() > 0 and geometry.left() < room.right():
        return f"right edge {geometry.right()} beyond its parent's {room.right()}"
    if geometry.bottom() > room.bottom() + SLACK and geometry.height() > 0 and geometry.top() < room.bottom():
        return f"bottom edge {geometry.bottom()} beyond its parent's {room.bottom()}"
    return None


def _overlapping(splitter: QSplitter) -> str | None:
    """Panes wider together than their splitter lie over each other (the one drawn last hides the other's edge)."""
    panes = [splitter.widget(i) for i in range(splitter.count()) if splitter.widget(i).isVisible()]
    across = splitter.orientation() == Qt.Orientation.Horizontal
    for first, then in zip(panes, panes[1:]):
        end = first.geometry().right() if across else first.geometry().bottom()
        if end >= (then.geometry().left() if across else then.geometry().top()):
            return f"{type(first).__name__} lies over {type(then).__name__}"
    return None


def _findings(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(text, why) for each cut text of one widget."""
    single = None
    if isinstance(widget, QAbstractButton):
        single = _cut_button(widget)
    elif isinstance(widget, QLabel):
        single = _cut_label(widget)
    elif isinstance(widget, QComboBox):
        single = _cut_combo(widget)
    elif isinstance(widget, QGroupBox):
        single = _cut_group(widget)
    elif isinstance(widget, QScrollArea):
        single = _cut_scroll(widget)
    elif isinstance(widget, QSplitter):
        single = _overlapping(widget)
    elif isinstance(widget, QHeaderView):
        yield from _cut_sections(widget)
    elif isinstance(widget, QTabBar):
        yield from _cut_tabs(widget)
    elif isinstance(widget, QToolBar):
        spill = widget.findChild(QWidget, "qt_toolbar_ext_button")
        if spill is not None and spill.isVisible():
            hidden = [action.text() for action in widget.actions() if not _shown_in(widget, action)]
            single = "spills into » (" + ", ".join(hidden) + ")"
    if single is not None:
        yield _text(widget) or widget.objectName(), single
    outside = _outside_parent(widget)
    if outside is not None:
        yield _text(widget) or type(widget).__name__, outside


def _shown_in(toolbar: QToolBar, action: object) -> bool:
    button = toolbar.widgetForAction(action)  # type: ignore[arg-type]
    return button is None or button.isVisible()


def clipped(root: QWidget) -> list[str]:
    """'Class "text": why' for every visible widget under root whose text is cut (the root itself included)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.property("elides"):
            continue
        parent = widget.parentWidget()
        where = type(widget).__name__ + (f" in {type(parent).__name__}" if parent is not None else "")
        for text, why in _findings(widget):
            found.append(f"{where} {text!r}: {why}")
    return found
