"""The journey editor: the study's journeys, a toolbar, the palette and the canvas.

Every edit goes through the scene's QUndoStack; after each one (and each undo or
redo) the journey is saved to the study, so what is on the canvas is what is stored
and a reopened study shows the map exactly as it was left.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QInputDialog, QLabel, QMenu, QToolBar,
                               QToolButton, QVBoxLayout, QWidget)

from xmdesk.core.journey import maps as J
from xmdesk.core.errors import XMDeskError
from xmdesk.core.files import file_name
from xmdesk.core.study.file import Study
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import Text, Texts, current_language
from xmdesk.gui.journey.dialogs import BehindDialog, LinkDialog, ThresholdsDialog
from xmdesk.gui.journey.scene import JourneyScene
from xmdesk.gui.journey.view import JourneyView, Palette

MIME_ITEMS = "application/x-xmdesk-journey-items"
PASTE_OFFSET = 20.0


class JourneyEditor(QWidget):
    """Edits the study's journey maps: every edit is undoable and saved to the study at once, so the canvas is
    always what is stored; nothing is editable in a read-only study."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.scene: JourneyScene | None = None
        self.journey_combo = QComboBox()
        self.status = QLabel()
        self.status.setObjectName("areaStatus")
        self.elements = Palette()
        self.legend = QLabel()
        self.legend.setObjectName("journeyLegend")
        self.legend.setWordWrap(True)
        self.legend.setFixedWidth(self.elements.width())
        self.legend.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.view = JourneyView()
        self.view.sig_dropped.connect(self.drop)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.toolbar = QToolBar()
        self.commands: dict[str, QAction] = {}
        self.texts = Texts(self, then=self._retranslate_computed)
        self._build_actions()

        # The journey's name sits over the palette, so the toolbar has the whole width: beside the name it spilled
        # Score colours, Refresh scores and Export into » at 1280×800.
        self.journey_combo.setFixedWidth(self.elements.width())
        top = QHBoxLayout()
        top.addWidget(self.journey_combo)
        top.addWidget(self.toolbar, 1)
        body = QHBoxLayout()
        body.setSpacing(6)
        side = QVBoxLayout()
        side.addWidget(self.elements, 1)
        side.addWidget(self.legend)
        side.addWidget(self.thresholds_button)
        body.addLayout(side)
        body.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        self.journey_combo.currentTextChanged.connect(self.open_journey)
        self.reload_names()

    # -- actions ---------------------------------------------------------------------------

    def _action(self, key: str, text: Text, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                toolbar: bool = True) -> QAction:
        """An action whose text follows the language."""
        action = QAction(self)
        self.texts.bind(action.setText, text)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.commands[key] = action
        return action

    def _build_actions(self) -> None:
        self._action("rename", lambda: self.tr("Rename…"), self.rename_journey, toolbar=False)
        self._action("delete_journey", lambda: self.tr("Delete journey"), self.delete_journey, toolbar=False)
        self._action("export", lambda: self.tr("Export…"), self.export, toolbar=False)
        self.new_menu = QMenu(self)
        """New journeys, then renaming, exporting and deleting this one: what is done to a whole journey, under one
        button."""
        new_button = QToolButton()
        self.texts.bind(new_button.setText, lambda: self.tr("Journey"))
        new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        new_button.setMenu(self.new_menu)
        self._fill_new_menu()
        self.toolbar.addWidget(new_button)
        self.toolbar.addSeparator()
        self._action("undo", lambda: self.tr("Undo"), self.undo, QKeySequence.StandardKey.Undo)
        self._action("redo", lambda: self.tr("Redo"), self.redo, QKeySequence.StandardKey.Redo)
        self.toolbar.addSeparator()
        self._action("zoom_in", lambda: self.tr("Zoom in"), lambda: self.view.zoom_by(1.2),
                     QKeySequence.StandardKey.ZoomIn)
        self._action("zoom_out", lambda: self.tr("Zoom out"), lambda: self.view.zoom_by(1 / 1.2),
                     QKeySequence.StandardKey.ZoomOut)
        # The sign on the toolbar, the words in its tooltip and shortcut: the whole toolbar fits at 125 % scaling.
        for key, sign in (("undo", "↶"), ("redo", "↷"), ("zoom_in", "+"), ("zoom_out", "−")):
            self.commands[key].setIconText(sign)
        self._action("fit", lambda: self.tr("Fit"), self.view.fit, "Ctrl+0")
        self.toolbar.addSeparator()
        align = QMenu(self)
        for how, text in (("left", lambda: self.tr("Align left")), ("hcenter", lambda: self.tr("Align centres")),
                          ("right", lambda: self.tr("Align right")), ("top", lambda: self.tr("Align top")),
                          ("vcenter", lambda: self.tr("Align middles")),
                          ("bottom", lambda: self.tr("Align bottom"))):
            self.texts.bind(align.addAction("", partial(self.align, how)).setText, text)
        align_button = QToolButton()
        self.texts.bind(align_button.setText, lambda: self.tr("Align"))
        align_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        align_button.setMenu(align)
        self.toolbar.addWidget(align_button)
        self._action("snap", lambda: self.tr("Snap to grid"), self.toggle_snap)
        self.commands["snap"].setCheckable(True)
        self.commands["snap"].setChecked(True)
        self._action("emotion", lambda: self.tr("Emotion from scores"), self.toggle_emotion)
        self.commands["emotion"].setCheckable(True)
        # Under the legend of the colours it changes rather than on the toolbar, which has no room for it at 125 %.
        self._action("thresholds", lambda: self.tr("Score colours…"), self.edit_thresholds, toolbar=False)
        self.thresholds_button = QToolButton()
        self.thresholds_button.setDefaultAction(self.commands["thresholds"])
        self.thresholds_button.setFixedWidth(self.elements.width())
        self._action("refresh", lambda: self.tr("Refresh scores"), self.refresh_scores, "F5")
        self._action("copy", lambda: self.tr("Copy"), self.copy, QKeySequence.StandardKey.Copy, toolbar=False)
        self._action("paste", lambda: self.tr("Paste"), self.paste, QKeySequence.StandardKey.Paste, toolbar=False)
        self._action("duplicate", lambda: self.tr("Duplicate"), self.duplicate, "Ctrl+D", toolbar=False)
        self._action("delete", lambda: self.tr("Delete"), self.delete_selected, QKeySequence.StandardKey.Delete,
                     toolbar=False)
        self._action("select_all", lambda: self.tr("Select all"), self.select_all, QKeySequence.StandardKey.SelectAll,
                     toolbar=False)

    def _fill_new_menu(self) -> None:
        """The Journey menu names the templates in the app's language, so it is filled again when that changes."""
        self.new_menu.clear()
        self.new_menu.addAction(self.tr("New blank journey"), partial(self.new_journey, None))
        for key in J.template_keys():
            title = J.template_title(key, current_language())
            self.new_menu.addAction(self.tr("New from template: %1").replace("%1", title),
                                    partial(self.new_journey, key))
        self.new_menu.addSeparator()
        for key in ("rename", "export", "delete_journey"):
            self.new_menu.addAction(self.commands[key])

    def _retranslate_computed(self) -> None:
        self._fill_new_menu()
        if self.scene is None:
            self.reload_names()
        else:
            self.scene.rebuild()  # the cards' own words (index, emotion, source) are drawn in the new language
            self._show_status()

    # -- journeys --------------------------------------------------------------------------

    def reload_names(self, current: str | None = None) -> None:
        names = J.journey_names(self.study)
        self.journey_combo.blockSignals(True)
        self.journey_combo.clear()
        self.journey_combo.addItems(names)
        self.journey_combo.blockSignals(False)
        if names:
            self.journey_combo.setCurrentIndex(names.index(current) if current in names else 0)
            self.open_journey(self.journey_combo.currentText())
        else:
            self.scene = None
            self.view.setScene(None)
            self.status.setText(self.tr("No journey yet: choose New to start from a template or a blank map."))

    def follow_stored(self) -> None:
        """Journeys were saved, renamed or deleted: a map saved elsewhere is opened as stored, and the list
        of names follows. The map this editor saved itself stays as it is, with its undo history."""
        current = self.scene.journey.name if self.scene is not None else None
        names = J.journey_names(self.study)
        listed = [self.journey_combo.itemText(i) for i in range(self.journey_combo.count())]
        if self.scene is not None and current in names and self._shows_stored(current):
            if names != listed:
                self.journey_combo.blockSignals(True)
                self.journey_combo.clear()
                self.journey_combo.addItems(names)
                self.journey_combo.setCurrentIndex(names.index(current))
                self.journey_combo.blockSignals(False)
            return
        self.reload_names(current)

    def _shows_stored(self, name: str) -> bool:
        assert self.scene is not None
        try:
            stored = J.load_journey(self.study, name)
        except XMDeskError:
            return False
        return J.journey_to_dict(stored) == J.journey_to_dict(self.scene.journey)

    def open_journey(self, name: str) -> None:
        if not name:
            return
        try:
            journey = J.load_journey(self.study, name)
        except XMDeskError as error:
            show_error(self, error)
            return
        self.scene = JourneyScene(self.study, journey, self)
        self.scene.sig_changed.connect(self.save)
        self.scene.sig_item_activated.connect(self.activate_item)
        self.scene.sig_stage_activated.connect(self.rename_stage)
        self.view.setScene(self.scene)
        self.commands["emotion"].setChecked(journey.setting("emotion") == "scores")
        self.view.fit()
        self._show_status()

    def _show_status(self) -> None:
        if self.scene is None:
            return
        journey = self.scene.journey
        cards = self.scene.scores.cards if self.scene.scores else {}
        broken = sum(1 for card in cards.values() if card.broken)
        text = self.tr("%n stage(s)", "", len(journey.stages)) + " · " + \
            self.tr("%n linked touchpoint(s)", "", len(cards))
        if broken:
            text += " · " + self.tr("%n broken link(s)", "", broken)
        hint = self.tr("Double-click a card for the responses behind it; right-click for its link.")
        self.status.setText(f"{text} · {hint}")
        self._show_legend()

    def _show_legend(self) -> None:
        """What the score colours mean, for every metric the map's cards show (each against its own thresholds)."""
        from xmdesk.render.journey import legends

        if self.scene is None:
            return
        lines = [html.escape(line) for line in legends(self.scene.journey, self.scene.scores)]
        self.legend.setText(f"<b>{html.escape(self.tr('Score colours'))}</b><br>" + "<br>".join(lines))

    def save(self) -> None:
        if self.scene is None or self.study.read_only:
            return
        try:
            J.save_journey(self.study, self.scene.journey)
        except XMDeskError as error:
            show_error(self, error)
        self._show_status()

    def new_journey(self, template: str | None) -> None:
        lang = current_language()
        wanted = J.template_title(template, lang) if template else self.tr("New journey")
        name, ok = QInputDialog.getText(self, self.tr("New journey"), self.tr("Name"),
                                        text=J.unique_name(self.study, wanted))
        if not ok or not name.strip():
            return
        try:
            journey = J.load_template(template, name.strip(), lang) if template else J.Journey(name.strip())
            if journey.name in J.journey_names(self.study):
                raise XMDeskError("journey.exists", name=journey.name)
            J.save_journey(self.study, journey)
        except XMDeskError as error:
            show_error(self, error)
            return
        self.reload_names(journey.name)

    def rename_journey(self) -> None:
        if self.scene is None:
            return
        old = self.scene.journey.name
        name, ok = QInputDialog.getText(self, self.tr("Rename journey"), self.tr("Name"), text=old)
        if not ok or not name.strip() or name.strip() == old:
            return
        self.scene.journey.name = name.strip()
        try:
            J.save_journey(self.study, self.scene.journey, replacing=old)
        except XMDeskError as error:
            self.scene.journey.name = old
            show_error(self, error)
            return
        self.reload_names(name.strip())

    def delete_journey(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.scene is None:
            return
        name = self.scene.journey.name
        answer = QMessageBox.question(self, self.tr("Delete journey"),
                                      self.tr("Delete the journey '%1'? This cannot be undone.").replace("%1", name))
        if answer == QMessageBox.StandardButton.Yes:
            J.delete_journey(self.study, name)
            self.reload_names()

    # -- editing ---------------------------------------------------------------------------

    def undo(self) -> None:
        if self.scene is not None:
            self.scene.undo_stack.undo()

    def redo(self) -> None:
        if self.scene is not None:
            self.scene.undo_stack.redo()

    def drop(self, kind: str, at: QPointF) -> None:
        if self.scene is not None:
            self.scene.add_new(kind, at)

    def align(self, how: str) -> None:
        if self.scene is not None:
            indices = self.scene.selected_indices()
            self.scene.edit_items(lambda journey: J.align_items(journey, indices, how), self.tr("Align"))

    def toggle_snap(self, on: bool) -> None:
        if self.scene is not None:
            self.scene.snap = on

    def toggle_emotion(self, on: bool) -> None:
        if self.scene is not None:
            self.scene.edit_items(lambda journey: J.set_settings(journey, emotion="scores" if on else "hand"),
                                  self.tr("Emotion curve"))

    def edit_thresholds(self) -> None:
        if self.scene is None:
            return
        dialog = ThresholdsDialog(self.scene.journey, self)
        if dialog.exec():
            thresholds = dialog.thresholds()
            self.scene.edit_items(lambda journey: J.set_settings(journey, thresholds=thresholds),
                                  self.tr("Score colours"))

    def refresh_scores(self) -> None:
        if self.scene is not None:
            self.scene.recompute_scores(fresh=True)
            self.scene.rebuild()
            self._show_status()

    def copy(self) -> None:
        if self.scene is None or not self.scene.selected_indices():
            return
        # Emotion points belong to their lane (one each): they are moved, not copied.
        items = [J.journey_to_dict(J.Journey("clip", items=[self.scene.journey.items[i]]))["items"][0]
                 for i in self.scene.selected_indices() if self.scene.journey.items[i].kind != "emotion"]
        if not items:
            return
        data = QMimeData()
        data.setData(MIME_ITEMS, json.dumps(items, ensure_ascii=False).encode("utf-8"))
        data.setText("\n".join(item["name"] for item in items if item["name"]))
        QGuiApplication.clipboard().setMimeData(data)

    def paste(self) -> None:
        data = QGuiApplication.clipboard().mimeData()
        if self.scene is None or data is None or not data.hasFormat(MIME_ITEMS):
            return
        raw = json.loads(bytes(data.data(MIME_ITEMS).data()).decode("utf-8"))
        pasted = J.journey_from_dict({"stages": [{"name": s.name, "width": s.width} for s in self.scene.journey.stages],
                                      "items": [{**item, "stage": None} for item in raw]}, "clip")
        journey = self.scene.journey
        first = len(journey.items)
        items = [J.move_items(J.Journey("clip", stages=journey.stages, items=[item]),
                              {0: (item.x + PASTE_OFFSET, item.y + PASTE_OFFSET)}) for item in pasted.items]
        placed = [edit.items[0][1] for edit in items if isinstance(edit, J.SetItems)]
        self.scene.push(J.InsertItems(tuple((first + n, item) for n, item in enumerate(placed))), self.tr("Paste"))
        self.scene.clearSelection()
        for card in self.scene.cards[first:]:
            card.setSelected(True)

    def duplicate(self) -> None:
        self.copy()
        self.paste()

    def delete_selected(self) -> None:
        if self.scene is None:
            return
        indices = self.scene.selected_indices()
        if indices:
            self.scene.push(J.remove_items(indices), self.tr("Delete"))
        elif self.scene.current_stage is not None:
            stage = self.scene.current_stage
            try:
                self.scene.edit_items(lambda journey: J.remove_stage(journey, stage), self.tr("Delete stage"))
            except XMDeskError as error:
                show_error(self, error)
            self.scene.select_stage(None)

    def select_all(self) -> None:
        if self.scene is not None:
            for card in self.scene.cards:
                card.setSelected(card.isVisible())

    # -- items -----------------------------------------------------------------------------

    def activate_item(self, index: int) -> None:
        """Double-click: a linked card shows its responses; anything else is renamed."""
        if self.scene is None:
            return
        item = self.scene.journey.items[index]
        card = self.scene.card(index)
        if item.link is not None and card is not None and not card.broken:
            BehindDialog(self.study, item.name, item.link, self).exec()
        elif item.kind != "emotion":
            self.edit_text(index)

    def edit_text(self, index: int) -> None:
        assert self.scene is not None
        item = self.scene.journey.items[index]
        if item.kind in ("note", "pain_point", "opportunity"):
            text, ok = QInputDialog.getMultiLineText(self, self.tr("Edit text"), self.tr("Text"), item.name)
        else:
            text, ok = QInputDialog.getText(self, self.tr("Edit name"), self.tr("Name"), text=item.name)
        if ok:
            self.scene.edit_items(lambda journey: J.update_item(journey, index, name=text.strip()),
                                  self.tr("Edit text"))

    def edit_channel(self, index: int) -> None:
        assert self.scene is not None
        item = self.scene.journey.items[index]
        text, ok = QInputDialog.getText(self, self.tr("Channel"), self.tr("Channel"), text=item.channel)
        if ok:
            self.scene.edit_items(lambda journey: J.update_item(journey, index, channel=text.strip(),
                                                                props={**item.props, "icon": text.strip()}),
                                  self.tr("Channel"))

    def edit_link(self, index: int) -> None:
        assert self.scene is not None
        dialog = LinkDialog(self.study, self.scene.journey.items[index].link, self)
        if dialog.exec():
            link = dialog.link()
            self.scene.edit_items(lambda journey: J.update_item(journey, index, link=link), self.tr("Link"))

    def edit_persona(self, index: int) -> None:
        assert self.scene is not None
        item = self.scene.journey.items[index]
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Persona"), self.tr("Who they are and what they want"),
                                                 str(item.props.get("text", "")))
        if ok:
            self.scene.edit_items(lambda journey: J.update_item(journey, index, props={**item.props, "text": text}),
                                  self.tr("Persona"))

    def rename_stage(self, index: int) -> None:
        if self.scene is None:
            return
        old = self.scene.journey.stages[index].name
        name, ok = QInputDialog.getText(self, self.tr("Rename stage"), self.tr("Name"), text=old)
        if ok and name.strip() and name.strip() != old:
            self.scene.edit_items(lambda journey: J.rename_stage(journey, index, name.strip()), self.tr("Rename stage"))

    def _context_menu(self, position: object) -> None:
        from PySide6.QtCore import QPoint

        from xmdesk.gui.journey.scene import CardItem, LaneItem

        if self.scene is None or not isinstance(position, QPoint):
            return
        menu = QMenu(self)
        hit = self.view.itemAt(position)
        if isinstance(hit, CardItem):
            index, item = hit.index, self.scene.journey.items[hit.index]
            if item.kind == "touchpoint":
                menu.addAction(self.tr("Link to survey data…"), partial(self.edit_link, index))
                menu.addAction(self.tr("Channel…"), partial(self.edit_channel, index))
                if item.link is not None:
                    menu.addAction(self.tr("Show responses"), partial(self.activate_item, index))
            if item.kind == "persona":
                menu.addAction(self.tr("Describe persona…"), partial(self.edit_persona, index))
            if item.kind != "emotion":
                menu.addAction(self.tr("Edit text…"), partial(self.edit_text, index))
            if not hit.isSelected():
                self.scene.clearSelection()
                hit.setSelected(True)
            menu.addAction(self.commands["copy"])
            menu.addAction(self.commands["duplicate"])
            menu.addAction(self.commands["delete"])
        elif isinstance(hit, LaneItem):
            stage = hit.index
            menu.addAction(self.tr("Rename stage…"), partial(self.rename_stage, stage))
            menu.addAction(self.tr("Add stage after"), partial(self._stage_edit, lambda journey: J.add_stage(
                journey, self.tr("New stage"), stage + 1), self.tr("Add stage")))
            if stage > 0:
                menu.addAction(self.tr("Move stage left"), partial(self._stage_edit, lambda journey: J.move_stage(
                    journey, stage, stage - 1), self.tr("Reorder stages")))
            if stage < len(self.scene.journey.stages) - 1:
                menu.addAction(self.tr("Move stage right"), partial(self._stage_edit, lambda journey: J.move_stage(
                    journey, stage, stage + 1), self.tr("Reorder stages")))
            menu.addAction(self.tr("Delete stage"), partial(self._delete_stage, stage))
        else:
            menu.addAction(self.commands["paste"])
            menu.addAction(self.commands["select_all"])
            menu.addAction(self.commands["fit"])
        menu.exec(self.view.viewport().mapToGlobal(position))

    def _stage_edit(self, edit_of: Callable[[J.Journey], J.Edit], text: str) -> None:
        if self.scene is not None:
            self.scene.edit_items(edit_of, text)

    def _delete_stage(self, stage: int) -> None:
        if self.scene is not None:
            self.scene.select_stage(stage)
            self.scene.clearSelection()
            self.delete_selected()

    # -- export ----------------------------------------------------------------------------

    def export(self) -> None:
        from xmdesk.render.journey import export_journey

        if self.scene is None:
            return
        suggested = file_name(self.scene.journey.name, ".png", "journey")  # never a path out of a name
        path, _ = files.save_file(self, files.IMAGE, self.tr("Export journey"), suggested,
                                  self.tr("Images and documents (*.png *.svg *.pdf)"))
        if not path:
            return
        try:
            export_journey(self.scene.journey, self.scene.scores, path)
        except XMDeskError as error:
            show_error(self, error)
            return
        files.export_done(self, self.tr("Export journey"), path)
