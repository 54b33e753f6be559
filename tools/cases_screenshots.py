"""Save the Cases area screenshots in Chinese: the case board and an action's effect review.

    QT_QPA_PLATFORM=offscreen python tools/cases_screenshots.py [--out docs/screenshots]

Builds the demo study (whose default rules have opened cases) in a temporary XMDesk home,
moves a few cases along (one overdue, one in progress with a note, one assigned) so the board
shows what a working week looks like, and grabs the main window on the Cases area.
"""

from __future__ import annotations

from shots import DEMO_NAME, isolated_home, main_window, parse_args, settle
from xmdesk.core.study.changes import Changes

SIZE = (1440, 860)


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home()

    from xmdesk.core import messages
    from xmdesk.core.loop import alerts
    from xmdesk.core.loop import cases
    from xmdesk.core.demo import build_demo
    from xmdesk.core.study.file import Study
    from xmdesk.gui.app import make_application

    app = make_application()
    demo = build_demo(home / DEMO_NAME)
    with Study.open(demo) as study:
        first = cases.list_cases(study, department="客服中心")[:3]
        with study.transaction(Changes.of("cases")) as conn:
            conn.execute("UPDATE cases SET due_at = '2026-11-20T10:00:00+00:00' WHERE id IN (?, ?)",
                         (first[0].id, first[2].id))
        cases.set_status(study, first[1].id, "in_progress", "已致电客户，约定周五回访")
        cases.assign(study, [first[0].id, first[1].id], owner="张敏")
        # A rule an older file kept on a question the survey no longer has: it fails on its own, in red.
        cases.add_rule(study, "旧版贬损者（q1）", "detractor", {"question": "q1"}, survey_code="retail_cx")
        messages.set_language("zh")  # the error is kept in the words of the session that met it
        alerts.run_rules(study)
    window = main_window(SIZE)
    window.set_language("zh")
    window.open_study(demo)
    page = window.study_page
    page.show_area("cases")
    area = page.areas["cases"]
    settle(app)
    window.grab().save(str(args.out / "cases_board_zh.png"))
    area.tabs.setCurrentWidget(area.actions_panel)
    settle(app)
    window.grab().save(str(args.out / "cases_effect_review_zh.png"))
    area.tabs.setCurrentWidget(area.rules)
    settle(app)
    window.grab().save(str(args.out / "cases_rules_zh.png"))
    area.rules.list.setCurrentItem(area.rules.list.topLevelItem(area.rules.list.topLevelItemCount() - 1))
    settle(app)
    window.grab().save(str(args.out / "cases_rule_error_zh.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
