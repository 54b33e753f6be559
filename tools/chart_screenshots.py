"""Save screenshots of every chart kind of the Charts area, and its dashboard, in Chinese.

    QT_QPA_PLATFORM=offscreen python tools/chart_screenshots.py [--out docs/screenshots]

Builds a 3,000-response demo study in a temporary XMDesk home and drives the real area.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_SCALE_FACTOR", "1")
    home = Path(tempfile.mkdtemp(prefix="xmdesk_charts_"))
    os.environ["XMDESK_HOME"] = str(home)

    from xmdesk.core import messages
    from xmdesk.core.demo import build_demo
    from xmdesk.core.study import Study
    from xmdesk.gui.app import make_application
    from xmdesk.gui.areas.charts import ChartsArea
    from xmdesk.gui.i18n import apply_language

    app = make_application()
    apply_language("zh")
    messages.set_language("zh")
    study = Study.open(build_demo(home / "demo.xmd", responses_count=3000))
    area = ChartsArea(study)
    area.resize(1280, 860)
    area.show()

    def settle() -> None:
        while area.computation.busy or area.outcome is None or area.outcome.request != area.request():
            app.processEvents()
        for _ in range(5):
            app.processEvents()

    args.out.mkdir(parents=True, exist_ok=True)
    settle()
    for name, (chart, question, by, expression, theme) in CHARTS.items():
        area.theme_combo.setCurrentIndex(area.theme_combo.findData(theme))
        area.select(chart, question, by, expression)
        settle()
        area.view.grab().save(str(args.out / f"charts_{name}.png"))
    area.theme_combo.setCurrentIndex(area.theme_combo.findData("light"))
    area.select("nps", "nps", "region")
    settle()
    area.grab().save(str(args.out / "charts_explorer.png"))
    area.tabs.setCurrentIndex(1)
    while area.computation.busy or any(tile.view.spec is None for tile in area.tiles):
        app.processEvents()
    for _ in range(5):
        app.processEvents()
    area.resize(1280, 1500)
    for _ in range(5):
        app.processEvents()
    area.grab().save(str(args.out / "charts_dashboard.png"))
    study.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
