"""Save the Cases area screenshots in Chinese: the case board and an action's effect review.

    QT_QPA_PLATFORM=offscreen python tools/cases_screenshots.py [--out docs/screenshots]

Builds the demo study (whose default rules have opened cases) in a temporary XMDesk home,
moves a few cases along (one overdue, one in progress with a note, one assigned) so the board
shows what a working week looks like, and grabs the main window on the Cases area.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1440, 860)


def settle(app) -> None:  # noqa: ANN001 - QApplication, imported late on purpose
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

    from xmdesk.core import cases
    from xmdesk.core.demo import build_demo
    from xmdesk.core.study import Study
    from xmdesk.gui.app import create_main_window, make_application
    from xmdesk.gui.settings import Settings

    app = make_application()
    demo = build_demo(home / "零售门店顾客体验 Demo.xmd")
    with Study.open(demo) as study:
        first = cases.list_cases(study, department="客服中心")[:3]
        with study.transaction() as conn:
            conn.execute("UPDATE cases SET due_at = '2026-11-20T10:00:00+00:00' WHERE id IN (?, ?)",
                         (first[0].id, first[2].id))
        cases.set_status(study, first[1].id, "in_progress", "已致电客户，约定周五回访")
        cases.assign(study, [first[0].id, first[1].id], owner="张敏")
    settings = Settings()
    settings.set_language("zh")
    window = create_main_window(settings)
    window.resize(*SIZE)
    window.show()
    window.set_language("zh")
    window.open_study(demo)
    page = window.study_page
    page.show_area("cases")
    area = page.areas["cases"]
    settle(app)
    args.out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out / "cases_board_zh.png"))
    area.tabs.setCurrentWidget(area.actions_panel)
    settle(app)
    window.grab().save(str(args.out / "cases_effect_review_zh.png"))
    area.tabs.setCurrentWidget(area.rules)
    settle(app)
    window.grab().save(str(args.out / "cases_rules_zh.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
