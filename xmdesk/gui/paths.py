"""Where the bundled resources are, for a source checkout, an installed wheel and a frozen build alike."""

from __future__ import annotations

from pathlib import Path

from xmdesk.core.study.resources import resources_dir

__all__ = ["forms_dir", "icon_path", "resources_dir", "translations_dir"]


def translations_dir() -> Path:
    return resources_dir() / "translations"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def forms_dir() -> Path:
    """ui/ ships beside resources/: the checkout's top level, the wheel's _bundled/, the bundle's _internal/."""
    return resources_dir().parent / "ui"
