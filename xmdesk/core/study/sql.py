"""SQL identifier quoting: codes are validated, but O-data column names come from files."""

from __future__ import annotations

from collections.abc import Iterable


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def idents(names: Iterable[str]) -> str:
    return ", ".join(ident(name) for name in names)
