"""Save the Charts area refusing a filter that means nothing, and weighting by a numeric derived variable (issue 16).

    QT_QPA_PLATFORM=offscreen python tools/meaningless_input_screenshots.py [--out docs/screenshots] [--lang en]

Builds a 500-response demo study with a count of the categories bought (a numeric derived variable) in a temporary
XMDesk home and drives the real area in one language (zh by default; run again with --lang en): `${spend} > 'abc'` as the filter (refused, the message
under the chart), then CSAT by channel weighted by the count (which the weight menu did not offer before).
"""

from __future__ import annotations

import argparse
import sys
import time

from shots import isolated_home, parse_args, settle


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="the area's language (default zh)")


def main() -> int:
    args = parse_args(__doc__, _language_option)
    home = isolated_home("xmdesk_meaningless_")

    from xmdesk.core import messages
    from xmdesk.core.analysis.derived import Definition, save
    from xmdesk.core.demo import build_demo
    from xmdesk.core.study.file import Study
    from xmdesk.gui.app import make_application
    from xmdesk.gui.charts.area import ChartsArea
    from xmdesk.gui.i18n import apply_language

    app = make_application()
    path = build_demo(home / "demo.xmd", responses_count=500)
    with Study.open(path) as study:
        save(study, "retail_cx", Definition("ncat", "count", {"source": "categories"}, label_en="Categories bought",
                                            label_zh="购买品类数"))
    lang = args.lang
    apply_language(lang)
    messages.set_language(lang)
    study = Study.open(path)
    area = ChartsArea(study)
    area.resize(1280, 760)
    area.show()

    def computed(failing: bool = False) -> None:
        """Until the area's job ended (and, unless it fails, showed the outcome of what is asked), 30 s at most."""
        end = time.monotonic() + 30
        while time.monotonic() < end and (area.computation.busy or not failing and (
                area.outcome is None or area.outcome.request != area.request())):
            app.processEvents()
            time.sleep(0.01)
        settle(app)

    computed()
    area.select("nps", "nps", "region", "${spend} > 'abc'")
    area.refresh()
    computed(failing=True)
    area.grab().save(str(args.out / f"filter_refused_{lang}.png"))
    area.select("csat", "csat", "channel", "")
    area.weight_combo.setCurrentIndex(area.weight_combo.findData("ncat"))
    area.refresh()
    computed()
    area.grab().save(str(args.out / f"weight_derived_{lang}.png"))
    study.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
