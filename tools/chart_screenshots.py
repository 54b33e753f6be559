"""Save screenshots of every chart kind of the Charts area, and its dashboard, in Chinese.

    QT_QPA_PLATFORM=offscreen python tools/chart_screenshots.py [--out docs/screenshots]

Builds a 3,000-response demo study in a temporary XMDesk home and drives the real area.
"""

from __future__ import annotations

import sys

from shots import isolated_home, parse_args, settle

# name -> (chart, question, breakdown, filter, theme)
CHARTS = {
    "nps": ("nps", "nps", "region", "", "light"),
    "nps_bars": ("nps_bars", "nps", "channel", "", "light"),
    "segments": ("csat", "csat", "channel", "", "light"),
    "distribution": ("freq", "categories", None, "", "light"),
    "crosstab": ("crosstab", "csat", "channel", "", "light"),
    "trend": ("trend", "nps", "channel", "${channel} = 'store' or ${channel} = 'app'", "light"),
    "drivers": ("drivers", "nps", "attr", "", "light"),
    "ipa": ("ipa", "nps", "attr", "", "light"),
    "dark": ("nps", "nps", "channel", "${region} = 'east'", "dark"),
}


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home("xmdesk_charts_")

    from xmdesk.core import messages
    from xmdesk.core.demo import build_demo
    from xmdesk.core.study.file import Study
    from xmdesk.gui.app import make_application
    from xmdesk.gui.charts.area import ChartsArea
    from xmdesk.gui.i18n import apply_language

    app = make_application()
    apply_language("zh")
    messages.set_language("zh")
    study = Study.open(build_demo(home / "demo.xmd", responses_count=3000))
    area = ChartsArea(study)
    area.resize(1280, 860)
    area.show()

    def computed() -> None:
        while area.computation.busy or area.outcome is None or area.outcome.request != area.request():
            app.processEvents()
        settle(app)

    computed()
    for name, (chart, question, by, expression, theme) in CHARTS.items():
        area.theme_combo.setCurrentIndex(area.theme_combo.findData(theme))
        area.select(chart, question, by, expression)
        computed()
        area.view.grab().save(str(args.out / f"charts_{name}.png"))
    area.theme_combo.setCurrentIndex(area.theme_combo.findData("light"))
    area.select("nps", "nps", "region")
    computed()
    area.grab().save(str(args.out / "charts_explorer.png"))
    area.tabs.setCurrentIndex(1)
    while area.computation.busy or any(tile.view.spec is None for tile in area.tiles):
        app.processEvents()
    settle(app)
    area.resize(1280, 1500)
    settle(app)
    area.grab().save(str(args.out / "charts_dashboard.png"))
    study.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
