"""Save the README screenshots: welcome and main window (Data area), in Chinese and English.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--out docs/screenshots]

Builds a demo study in a temporary XMDesk home, so the user's settings and recent
files are neither used nor changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1280, 800)


def settle(app) -> None:  # noqa: ANN001 - QApplication, imported late on purpose
    """LanguageChange, then the layout requests it causes, arrive as separate posted events."""
    for _ in range(5):
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_SCALE_FACTOR", "1")
    home = Path(tempfile.mkdtemp(prefix="xmdesk_shots_"))
    os.environ["XMDESK_HOME"] = str(home)

    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import create_main_window, make_application
    from xmdesk.gui.settings import Settings

    app = make_application()
    demo = build_demo(home / "零售门店顾客体验 Demo.xmd")
    settings = Settings()
    settings.add_recent(demo)
    settings.add_recent(home / "2025 年度会员满意度.xmd")  # a moved file: shows how missing ones look
    settings.add_recent(demo)
    window = create_main_window(settings)
    window.resize(*SIZE)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    for language in ("zh", "en"):
        window.set_language(language)
        settle(app)
        window.grab().save(str(args.out / f"welcome_{language}.png"))
        window.open_study(demo)
        settle(app)
        window.grab().save(str(args.out / f"main_{language}.png"))
        window.close_study()
    window.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
