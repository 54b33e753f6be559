"""The one undo command both the designer and the journey canvas push: apply an edit, keep its inverse."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from xmdesk.core.errors import ModelError
from xmdesk.gui.undo import EditCommand

Edit = tuple[str, str]
"""(key, new value) set on a plain dict, whose apply returns the (key, old value) that undoes it."""


class Ledger:
    """A model in the core's manner: apply gives back the inverse; a locked key refuses any edit."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {"title": "old"}
        self.locked = False
        self.shown: list[Edit] = []
        self.refused: list[str] = []

    def apply(self, edit: Edit) -> Edit:
        if self.locked:
            raise ModelError("designer.unknown_edit", kind=edit[0])
        key, value = edit
        before = self.values[key]
        self.values[key] = value
        return key, before


def test_applies_on_push_and_undoes_with_the_inverse_it_got(qtbot: object) -> None:
    ledger, stack = Ledger(), QUndoStack()
    stack.push(EditCommand("Rename", ledger.apply, ("title", "new"), after=ledger.shown.append))
    assert ledger.values["title"] == "new" and stack.undoText() == "Rename"
    stack.undo()
    assert ledger.values["title"] == "old"
    stack.redo()
    assert ledger.values["title"] == "new"
    assert ledger.shown == [("title", "new"), ("title", "old"), ("title", "new")]


def test_an_edit_applied_before_the_push_is_not_applied_twice(qtbot: object) -> None:
    ledger, stack = Ledger(), QUndoStack()
    inverse = ledger.apply(("title", "new"))
    ledger.values["title"] = "newer"  # a second apply from push() would have been seen as 'new' here
    stack.push(EditCommand("Rename", ledger.apply, ("title", "new"), inverse=inverse, after=ledger.shown.append))
    assert ledger.values["title"] == "newer" and ledger.shown == []
    stack.undo()
    assert ledger.values["title"] == "old"


def test_a_refused_undo_is_told_and_changes_nothing(qtbot: object) -> None:
    ledger, stack = Ledger(), QUndoStack()
    stack.push(EditCommand("Rename", ledger.apply, ("title", "new"), after=ledger.shown.append,
                           failed=lambda error: ledger.refused.append(error.message_id)))
    ledger.locked = True
    stack.undo()
    assert ledger.values["title"] == "new"
    assert ledger.refused == ["designer.unknown_edit"] and ledger.shown == [("title", "new")]
