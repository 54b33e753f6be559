"""Screenshots of the survey server's phone form (issue 22) from headless Chromium at 390×844, in Chinese:
the first screen with the required message, the NPS row, and the thank-you page.

    python tools/collect_screenshots.py [--out docs/screenshots]

Writes collect/phone_required_zh.png, collect/phone_nps_zh.png, collect/phone_thanks_zh.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.collect_browser import choose, next_screen, phone, shown_questions, tap, type_into  # noqa: E402
from xmdesk.core.collect.http import CollectServer  # noqa: E402
from xmdesk.core.demo import SURVEY_CODE, build_demo  # noqa: E402
from xmdesk.core.study.file import Study  # noqa: E402

STEPS = {"region": ("tap", "1"), "store": ("choose", 1), "channel": ("tap", "1"), "visit_date": ("type", "2026-11-30")}


def main() -> None:
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else ROOT / "docs" / "screenshots"
    target = out / "collect"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        study_path = build_demo(Path(folder) / "demo.xmd", responses_count=20)
        with Study.open(study_path, window=False) as study:
            server = CollectServer(study, SURVEY_CODE)
            server.start()
            try:
                with phone("zh-CN") as driver:
                    driver.get(server.link())
                    next_screen(driver)
                    driver.save_screenshot(str(target / "phone_required_zh.png"))
                    while shown_questions(driver) != ["nps"]:
                        (code,) = shown_questions(driver)
                        how, value = STEPS[code]
                        if how == "tap":
                            tap(driver, code, str(value))
                        elif how == "choose":
                            choose(driver, code, int(value))
                        else:
                            type_into(driver, code, str(value))
                        next_screen(driver)
                    tap(driver, "nps", "9")
                    driver.save_screenshot(str(target / "phone_nps_zh.png"))
                    while shown_questions(driver):
                        next_screen(driver)
                        if shown_questions(driver) == ["csat"]:
                            tap(driver, "csat", "4")
                    driver.save_screenshot(str(target / "phone_thanks_zh.png"))
            finally:
                server.stop()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
