"""Save the screens a live language switch used to leave half translated, after switching, at laptop sizes.

    QT_QPA_PLATFORM=offscreen python tools/language_switch_screenshots.py [--out docs/screenshots/language]

For each laptop size and each direction (中文 → English, English → 中文) the window opens the demo study in
the first language, shows the areas below once, switches language from the View menu, and grabs: the Reports
form (whose labels were drawn on top of each other), the Journey toolbar and palette, the Cases actions
panel ('MEAN · attr__queue' before), the alert rules, and the Charts area on NPS by store (each group's base
and ↑/↓ against the rest of the sample, with the line under the chart that explains them).
"""

from __future__ import annotations

from shots import DEMO_NAME, LAPTOP_SIZES, SCREENSHOTS, grab_message_boxes, isolated_home, main_window, parse_args, \
    save_small, settle, wait_until

AREAS = ("reports", "journey", "cases", "charts")


def main() -> int:
    args = parse_args(__doc__, lambda parser: parser.set_defaults(out=SCREENSHOTS / "language"))
    home = isolated_home()

    from xmdesk.core.demo import build_demo
    from xmdesk.gui import workers
    from xmdesk.gui.app import make_application

    app = make_application()
    grab_message_boxes(lambda _box: None)  # nothing modal may stop the walk
    demo = build_demo(home / DEMO_NAME)
    for size_name, size in LAPTOP_SIZES.items():
        for first, then in (("zh", "en"), ("en", "zh")):
            window = main_window(size, language=first)
            window.open_study(demo)
            page = window.study_page
            for key in AREAS:
                page.show_area(key)
                wait_until(lambda: not workers.running_jobs(), 5_000)
            window.language_actions[then].trigger()
            settle(app)
            stem = f"{size_name}_{first}_to_{then}"
            page.show_area("reports")
            settle(app)
            save_small(window, args.out / f"reports_{stem}.png")
            page.show_area("journey")
            settle(app)
            save_small(window, args.out / f"journey_{stem}.png")
            cases = page.areas["cases"]
            page.show_area("cases")
            cases.tabs.setCurrentWidget(cases.actions_panel)
            settle(app)
            save_small(window, args.out / f"cases_actions_{stem}.png")
            cases.tabs.setCurrentWidget(cases.rules)
            settle(app)
            save_small(window, args.out / f"cases_rules_{stem}.png")
            charts = page.areas["charts"]
            page.show_area("charts")
            charts.select("nps", "nps", "store")
            wait_until(lambda: not workers.running_jobs(), 10_000)
            settle(app)
            save_small(window, args.out / f"charts_nps_by_store_{stem}.png")
            window.close()
            settle(app)
            print(stem, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
