"""Save the README screenshots: welcome and main window (Data area), in Chinese and English,
and the Data area filtered by an expression (data_filter_zh.png).

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--out docs/screenshots]

Builds a demo study in a temporary XMDesk home, so the user's settings and recent
files are neither used nor changed.
"""

from __future__ import annotations

import sys

from shots import DEMO_NAME, isolated_home, main_window, parse_args, settle

SIZE = (1280, 800)


FILTER = "${nps} <= 6 and ${channel} = '门店' and selected(${categories}, 'fresh')"


def show_expression_filter(app, window, target) -> None:  # noqa: ANN001 - Qt objects, imported late
    """The Data area narrowed by an expression, as a user types it and presses Enter."""
    import time

    area = window.study_page.areas["data"]
    area.search_edit.setText(FILTER)
    area.search_edit.returnPressed.emit()
    deadline = time.monotonic() + 30
    while area.model.search != FILTER and time.monotonic() < deadline:
        settle(app)
    settle(app)
    window.grab().save(str(target))
    area.search_edit.clear()
    area.search_edit.returnPressed.emit()


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home()

    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import make_application
    from xmdesk.gui.settings import Settings

    app = make_application()
    demo = build_demo(home / DEMO_NAME)
    settings = Settings()
    settings.add_recent(demo)
    settings.add_recent(home / "2025 年度会员满意度.xmd")  # a moved file: shows how missing ones look
    settings.add_recent(demo)
    window = main_window(SIZE, language=None, settings=settings)
    for language in ("zh", "en"):
        window.set_language(language)
        settle(app)
        window.grab().save(str(args.out / f"welcome_{language}.png"))
        window.open_study(demo)
        settle(app)
        window.grab().save(str(args.out / f"main_{language}.png"))
        if language == "zh":
            show_expression_filter(app, window, args.out / "data_filter_zh.png")
        window.close_study()
    window.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
