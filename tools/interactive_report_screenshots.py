"""Screenshots of the interactive report file (issue 23) from headless Chromium, in Chinese: the demo's standard
report written by `xmdesk report --interactive --filter-by region,store,period`, opened from disk, with the key
figures filtered to one region and the NPS-by-channel chart to that region and a month.

    python tools/interactive_report_screenshots.py [--out docs/screenshots]

Writes reports/interactive_tiles_region_zh.png and reports/interactive_chart_region_month_zh.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from tests.collect_browser import desktop  # noqa: E402
from xmdesk.core.demo import build_demo  # noqa: E402

SOUTH, JULY = "3", "2026-07"


def choose(section: WebElement, facet: str, value: str) -> None:
    Select(section.find_element(By.CSS_SELECTOR, f"select[data-facet='{facet}']")).select_by_value(value)


def main() -> None:
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else ROOT / "docs" / "screenshots"
    target = out / "reports"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        study, page = build_demo(Path(folder) / "demo.xmd"), Path(folder) / "deliverable.html"
        subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "zh", "report", str(study), "--default", "-o",
                        str(page), "--interactive", "--filter-by", "region,store,period"], check=True,
                       env={**os.environ, "XMDESK_HOME": folder}, stdout=subprocess.DEVNULL)
        with desktop(1100, 1000) as driver:
            driver.get(page.as_uri())
            sections = driver.find_elements(By.CSS_SELECTOR, "section.xi")
            choose(sections[0], "region", SOUTH)
            driver.execute_script("arguments[0].scrollIntoView()", sections[0])
            driver.save_screenshot(str(target / "interactive_tiles_region_zh.png"))
            channel = sections[3]  # tiles, NPS, NPS by region, NPS by channel
            choose(channel, "region", SOUTH)
            choose(channel, "period", JULY)
            driver.execute_script("arguments[0].scrollIntoView()", channel)
            driver.save_screenshot(str(target / "interactive_chart_region_month_zh.png"))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
