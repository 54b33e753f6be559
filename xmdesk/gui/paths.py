"""Where the bundled resources are, for a source checkout, an installed wheel and a frozen build alike."""

from __future__ import annotations

import sys
from pathlib import Path

import xmdesk


def resources_dir() -> Path:
    """PyInstaller unpacks data next to `sys._MEIPASS`; a wheel carries it under `_bundled`."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    package = Path(xmdesk.__file__).resolve().parent
    bundled = package / "_bundled" / "resources"
    if bundled.is_dir():
        return bundled
    return package.parent / "resources"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"
