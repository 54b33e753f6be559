"""Exceptions the core raises: each carries a catalogue message a person can act on."""

from __future__ import annotations

from xmdesk.core import messages


class XMDeskError(Exception):
    """Base of every error meant for a person; str() gives the message in the current language."""

    def __init__(self, message_id: str, **values: object) -> None:
        self.message_id = message_id
        self.values = values
        super().__init__(messages.text(message_id, **values))

    def message(self, lang: str | None = None) -> str:
        """The message again in `lang` (None: the current language): str() is fixed at raising, a
        person who switched language gets theirs from here."""
        return messages.text(self.message_id, lang, **self.values)


class StudyError(XMDeskError):
    """The study file cannot be created, opened or written as asked."""


class ReadOnlyError(StudyError):
    """A write was attempted on a study opened read-only."""

    def __init__(self) -> None:
        super().__init__("study.read_only")


class StudyBusy(StudyError):
    """Another thread is writing to the study and the caller asked not to wait."""

    def __init__(self) -> None:
        super().__init__("study.busy")


class ModelError(XMDeskError):
    """A survey, question, journey or case definition is not valid."""


class Cancelled(XMDeskError):
    """Long work was cancelled by the user; whatever it wrote was rolled back."""

    def __init__(self) -> None:
        super().__init__("jobs.cancelled")
