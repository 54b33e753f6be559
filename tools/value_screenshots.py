"""Save the value view's screenshots (issue 20): the Charts area's Value tab on the demo study, spend and
repurchase of promoters, passives and detractors from the orders; in Chinese and in English.

    QT_QPA_PLATFORM=offscreen python tools/value_screenshots.py [--out docs/screenshots]

Pictures go to <out>/value/.
"""

from __future__ import annotations

from shots import demo_area, parse_args, settle, wait_until

SIZE = (1366, 768)


def main() -> int:
    args = parse_args(__doc__)
    out = args.out / "value"
    app, window, area = demo_area(out, "charts", SIZE)
    panel = area.value_panel
    area.tabs.setCurrentWidget(panel)
    for lang in ("zh", "en"):
        window.set_language(lang)
        settle(app)
        wait_until(lambda: panel.worker is not None and panel.worker.done and panel.result is not None)
        settle(app)
        window.grab().save(str(out / f"value_{lang}.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
