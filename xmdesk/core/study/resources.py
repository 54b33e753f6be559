"""Where the bundled resources are, for a source checkout, an installed wheel and a frozen build alike.

One place for the lookup (the GUI's translations and themes, the core's models), so
the three layouts cannot drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """PyInstaller unpacks data next to `sys._MEIPASS`; a wheel carries it under `xmdesk/_bundled`."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    package = Path(__file__).resolve().parent.parent.parent
    bundled = package / "_bundled" / "resources"
    if bundled.is_dir():
        return bundled
    return package.parent / "resources"
