"""Save the insight finder's screenshots (issue 23): the Charts area's Insights tab with the findings of the demo
study (5,000 responses), in Chinese and in English, in the whole window.

    QT_QPA_PLATFORM=offscreen python tools/insights_screenshots.py [--out docs/screenshots]

Pictures go to <out>/insights/.
"""

from __future__ import annotations

from shots import DEMO_NAME, isolated_home, main_window, parse_args, settle, wait_until

SIZE = (1366, 768)
RESPONSES = 5000


def main() -> int:
    args = parse_args(__doc__)
    out = args.out / "insights"
    out.mkdir(parents=True, exist_ok=True)
    home = isolated_home()

    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import make_application

    app = make_application()
    demo = build_demo(home / DEMO_NAME, RESPONSES)
    window = main_window(SIZE)
    window.open_study(demo)
    window.study_page.show_area("charts")
    area = window.study_page.areas["charts"]
    area.tabs.setCurrentIndex(2)
    panel = area.insights
    panel.start_scan()
    wait_until(lambda: panel.insights is not None, 120_000)
    for lang in ("zh", "en"):
        window.set_language(lang)
        settle(app)
        panel.list.setCurrentRow(0)
        settle(app)
        window.grab().save(str(out / f"insights_{lang}.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
