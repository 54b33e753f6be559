"""SQL identifier quoting: codes are validated, but O-data column names come from files."""

from __future__ import annotations

from collections.abc import Iterable


def ident(name: str) -> str:
    """`name` as a quoted SQL identifier (inner quotes doubled), safe for any column name a file brings."""
    return '"' + name.replace('"', '""') + '"'


def idents(names: Iterable[str]) -> str:
    """Several names quoted, comma-separated, for a column list."""
    return ", ".join(ident(name) for name in names)
