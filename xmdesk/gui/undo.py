"""One undo command for every editor whose core model works by "apply an edit, get back its inverse".

The designer (survey edits, written to the study), the journey canvas (map edits, in memory) and the Data
area (corrections and exclusions, written to the study) all keep their truth in the core and undo by applying
the inverse the core returned; only what happens around an apply differs (refresh the view, say a refusal),
so that is what a command is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QUndoCommand

from xmdesk.core.errors import XMDeskError

EditT = TypeVar("EditT")


class EditCommand(QUndoCommand, Generic[EditT]):
    """Redo applies the edit, undo applies its inverse; each apply's returned inverse replaces the stored one.

    Given `inverse`, the edit was applied before the push (so a refused edit never reaches the stack) and the
    stack's first redo does nothing. `after`, when given, gets the edit just applied (to refresh what shows it;
    an editor whose views follow the study's own change notices needs none); `failed`,
    when given, is told of a refused apply (the model changed under the stack) and nothing else happens.
    An `apply` returning None keeps the stored counterpart (the core could not say how to undo it again).
    """

    def __init__(self, text: str, apply: Callable[[EditT], EditT | None], edit: EditT, *,
                 after: Callable[[EditT], None] | None = None, inverse: EditT | None = None,
                 failed: Callable[[XMDeskError], None] | None = None) -> None:
        super().__init__(text)
        self.edit = edit
        self.inverse = inverse
        self._apply = apply
        self._after = after
        self._failed = failed
        self._done = inverse is not None

    def redo(self) -> None:
        if self._done:  # the first redo, from push(): already applied
            self._done = False
            return
        applied, inverse = self._attempt(self.edit)
        if not applied:
            return
        if inverse is not None:
            self.inverse = inverse
        self._applied(self.edit)

    def undo(self) -> None:
        assert self.inverse is not None, "the stack undoes only a command it applied, which gave an inverse"
        undone = self.inverse
        applied, back = self._attempt(undone)
        if not applied:
            return
        if back is not None:
            self.edit = back
        self._applied(undone)

    def _applied(self, edit: EditT) -> None:
        if self._after is not None:
            self._after(edit)

    def _attempt(self, edit: EditT) -> tuple[bool, EditT | None]:
        """Apply `edit` and give its inverse; not applied when refused and `failed` was told (else it rises)."""
        if self._failed is None:
            return True, self._apply(edit)
        try:
            return True, self._apply(edit)
        except XMDeskError as error:
            self._failed(error)
            return False, None
