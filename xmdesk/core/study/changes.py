"""What a write changed, said once: the record every committed transaction leaves behind.

Each write names what it changes when it opens its transaction (`study.transaction(Changes(...))`);
nested writes add theirs to the outer one. When the outermost transaction commits, the study hands
the record to whoever listens (the GUI's study page, which tells every area) and keeps it for the
caller (`Study.take_changes`). A rolled-back transaction leaves no record: nothing changed.
Writes by another process cannot be described, so they arrive as `Changes.all()`.

Kinds are plain strings from KINDS, so a new kind of thing needs no new plumbing: a view
says which kinds it shows (`changes.touches("cases", "rules")`) and refreshes only then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# What a view may show. "responses" goes with the survey codes whose rows changed.
KINDS = frozenset({
    "study",        # title and other study metadata
    "surveys",      # survey definitions: questions, choices, versions, new or deleted surveys
    "responses",    # answers of the surveys in `surveys`
    "drafts",       # unfinished data-entry drafts
    "odata",        # operational data and customer profiles
    "imports",      # the import log
    "rules",        # alert rules and their last errors
    "cases",        # cases, their history and departments
    "actions",      # improvement actions
    "journeys",     # journey maps and their links
    "reports",      # report recipes
    "dashboards",   # dashboards and their tiles
    "text",         # what text analysis is made from: codebooks, dictionaries, manual codes
    "text_cache",   # what it computed and keeps (segmentation, sentiment): no view shows it as such
    "audit",        # the audit log alone
})


@dataclass(frozen=True)
class Changes:
    """Kinds of things a write changed, and the surveys whose definition or responses it changed."""

    kinds: frozenset[str] = frozenset()
    surveys: frozenset[str] = frozenset()
    everything: bool = False
    """Another process wrote: every view of the study may be stale."""

    def __post_init__(self) -> None:
        unknown = self.kinds - KINDS
        if unknown:
            raise ValueError(f"unknown kinds of change: {sorted(unknown)}")

    @classmethod
    def of(cls, *kinds: str, surveys: Iterable[str] = ()) -> Changes:
        """What a write names when it opens its transaction: kinds from KINDS (an unknown one raises
        ValueError) and, for survey or response writes, the survey codes."""
        return cls(frozenset(kinds), frozenset(surveys))

    @classmethod
    def all(cls) -> Changes:
        """Every kind, marked `everything`: what another process's write becomes, since it cannot be described."""
        return cls(KINDS, everything=True)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.surveys | other.surveys, self.everything or other.everything)

    def __bool__(self) -> bool:
        return bool(self.kinds) or self.everything

    def touches(self, *kinds: str) -> bool:
        """Whether a view showing these kinds must refresh."""
        return self.everything or not self.kinds.isdisjoint(kinds)

    def touches_survey(self, code: str, *kinds: str) -> bool:
        """Whether a view of one survey showing these kinds must refresh."""
        if self.everything:
            return True
        if self.kinds.isdisjoint(kinds):
            return False
        return not self.surveys or code in self.surveys

    def as_dict(self) -> dict[str, object]:
        """For the CLI's JSON and the logs."""
        return {"kinds": sorted(self.kinds), "surveys": sorted(self.surveys), "everything": self.everything}


NOTHING = Changes()


@dataclass
class ChangeLog:
    """The study's accumulator: what the open transaction will have changed, and what committed since
    the caller last asked. Not thread-safe by itself: the study's writer lock guards it."""

    pending: Changes = NOTHING
    committed: Changes = NOTHING
    depth: int = 0
