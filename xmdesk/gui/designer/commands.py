"""Undo commands of the designer: each holds one core edit and its inverse, nothing else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from xmdesk.core.survey import edits as designer
from xmdesk.core.survey.edits import Edit
from xmdesk.core.errors import XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey


class EditCommand(QUndoCommand):
    """Pushed after the edit was applied (so a refused edit never reaches the stack); undo applies the inverse."""

    def __init__(self, study: Study, survey: Survey, edit: Edit, inverse: Edit, text: str,
                 changed: Callable[[str], None], failed: Callable[[XMDeskError], None]) -> None:
        super().__init__(text)
        self.study = study
        self.survey = survey
        self.edit = edit
        self.inverse = inverse
        self.changed = changed
        self.failed = failed
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # the first redo, from push(): already done
            self._applied = False
            return
        try:
            inverse = designer.apply(self.study, self.survey, self.edit).inverse
        except XMDeskError as error:  # the study changed under the stack (e.g. answers arrived): say so
            self.failed(error)
            return
        self._swap(inverse)

    def undo(self) -> None:
        try:
            back = designer.apply(self.study, self.survey, self.inverse)
        except XMDeskError as error:
            self.failed(error)
            return
        if back.inverse is not None:
            self.edit = back.inverse
        self.changed(self.inverse.code)

    def _swap(self, inverse: Edit | None) -> None:
        if inverse is not None:
            self.inverse = inverse
        self.changed(self.edit.code)
