"""The interactive report file (issue 23) in a real browser: `xmdesk report --interactive` on the demo's standard
report with region, store and month as filters, opened from disk in Debian's headless Chromium; a filter changed,
the NPS shown compared with `xmdesk stats` for the same filter; and the file searched for response-level data."""

from __future__ import annotations

import html
import json
import re
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from tests.collect_browser import browser_found, desktop
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.defaults import default_report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.core.vocabulary import numbers

FILTERS = "region,store,period"
MIN_BASE = 30
SOUTH = 3
"""华南 in the demo's region question."""


def xmdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "zh", *args], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "XMDESK_HOME": str(home)})


@pytest.fixture(scope="module")
def deliverable(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo study and its standard report as one interactive file, written once for the module."""
    folder = tmp_path_factory.mktemp("interactive")
    study, page = folder / "demo.xmd", folder / "deliverable.html"
    shutil.copyfile(demo_template, study)
    result = xmdesk(folder, "report", str(study), "--default", "-o", str(page), "--interactive", "--filter-by",
                    FILTERS)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "html"
    return study, page


def stats_nps(study: Path, expression: str) -> tuple[str, int]:
    """The NPS as `xmdesk stats` computes it under `expression`, written as every face writes an NPS, and its n."""
    args = ["stats", str(study), "--metric", "nps", "--question", "nps", "--json"]
    result = xmdesk(study.parent, *args, *(["--filter", expression] if expression else []))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    return numbers.nps(data["nps"]), int(data["n"])


def month(key: str) -> str:
    year, number = (int(part) for part in key.split("-"))
    following = f"{year + number // 12}-{number % 12 + 1:02d}-01"
    return f"${{visit_date}} >= '{key}-01' and ${{visit_date}} < '{following}'"


def tiles_block(driver: WebDriver) -> WebElement:
    """The key-figures block: the first filtered block of the standard report."""
    return driver.find_element(By.CSS_SELECTOR, "section.xi")


def choose(block: WebElement, facet: str, value: str) -> None:
    Select(block.find_element(By.CSS_SELECTOR, f"select[data-facet='{facet}']")).select_by_value(value)


def nps_shown(block: WebElement) -> str:
    tiles = block.find_elements(By.CSS_SELECTOR, ".tile")
    return next(t.find_element(By.CSS_SELECTOR, ".value").text for t in tiles
                if "NPS" in t.find_element(By.CSS_SELECTOR, ".label").text)


def combinations(study: Path) -> tuple[tuple[int, str], tuple[int, str]]:
    """A region × month with a base of at least MIN_BASE and a store × month under it (the demo has both)."""
    sql = ("SELECT {0}, substr(visit_date, 1, 7) AS m, count(*) AS n FROM responses_retail_cx WHERE deleted = 0 "
           "GROUP BY {0}, m ORDER BY n {1} LIMIT 1")
    with sqlite3.connect(study) as conn:
        large = conn.execute(sql.format("region", "DESC")).fetchone()
        small = conn.execute(sql.format("store", "ASC")).fetchone()
    assert large[2] >= MIN_BASE > small[2]
    return (int(large[0]), str(large[1])), (int(small[0]), str(small[1]))


@pytest.mark.skipif(not browser_found(), reason="chromium and chromium-driver (run.sh test installs them)")
def test_filters_change_the_nps_as_xmdesk_stats_computes_it(deliverable: tuple[Path, Path]) -> None:
    study, page = deliverable
    (region, region_month), (store, store_month) = combinations(study)
    with desktop() as driver:
        driver.get(page.as_uri())
        block = tiles_block(driver)
        assert nps_shown(block) == stats_nps(study, "")[0]
        choose(block, "region", str(SOUTH))
        assert nps_shown(block) == stats_nps(study, f"${{region}} = {SOUTH}")[0]
        choose(block, "region", str(region))
        choose(block, "period", region_month)
        expected, n = stats_nps(study, f"${{region}} = {region} and {month(region_month)}")
        assert nps_shown(block) == expected and f"n = {n:,}" in block.text
        choose(block, "region", "")
        choose(block, "store", str(store))
        choose(block, "period", store_month)
        assert block.find_elements(By.CSS_SELECTOR, ".tile") == []
        assert "少于 30 个" in block.find_element(By.CSS_SELECTOR, ".message").text
        assert driver.get_log("browser") == []  # the script ran without an error


def test_the_file_holds_no_response_level_data(deliverable: tuple[Path, Path]) -> None:
    """No response's uuid or customer id is in the file, nor any comment but the quotes the report chose (answers
    of one character, such as 无, are words of the page too and cannot be searched for); the file is one page
    with nothing to fetch."""
    study, page = deliverable
    text = page.read_text(encoding="utf-8")
    with Study.open(study, read_only=True) as opened:
        built = build_report(opened, default_report(load_survey(opened, "retail_cx"), "zh"))
    quoted = {str(row[0]) for s in built.sections if s.kind == "comments" and s.table for row in s.table.rows}
    assert quoted and all(html.escape(q) in text for q in quoted)
    with sqlite3.connect(study) as conn:
        rows = conn.execute("SELECT uuid, customer_id, like_text, improve_text, other_text FROM responses_retail_cx")
        values = {str(v) for row in rows for v in row if v is not None and len(str(v)) > 1} - quoted
    assert len(values) > 1000
    assert [v for v in values if v in text or html.escape(v) in text] == []
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
    assert page.stat().st_size < 5_000_000


def test_values_on_small_bases_are_not_in_the_file(deliverable: tuple[Path, Path]) -> None:
    """Inside a view, a chart's category on fewer than the minimum has no value, only its base."""
    text = deliverable[1].read_text(encoding="utf-8")
    start = text.index('id="xm-data">') + len('id="xm-data">')
    data = json.loads(text[start:text.index("</script>", start)])
    small = 0
    for group in data["groups"]:
        for view in group.values():
            for section in view.values():
                chart = section.get("chart")
                for i, category in enumerate(chart["categories"] if chart else []):
                    base = re.search(r"\(n=([\d,]+)\)$", category)
                    if base and int(base.group(1).replace(",", "")) < MIN_BASE:
                        small += 1
                        assert all(s["values"][i] is None and s["texts"][i] == numbers.MISSING
                                   for s in chart["series"]), category
    assert small > 0


def test_bad_requests_are_refused_in_words(demo_path: Path, tmp_path: Path) -> None:
    not_a_filter = xmdesk(tmp_path, "report", str(demo_path), "-o", str(tmp_path / "r.html"), "--interactive",
                          "--filter-by", "region,nps")
    assert not_a_filter.returncode != 0 and "“nps” 不能作为交互报告的筛选项" in not_a_filter.stderr
    not_html = xmdesk(tmp_path, "report", str(demo_path), "-o", str(tmp_path / "r.pdf"), "--interactive",
                      "--filter-by", "region")
    assert not_html.returncode != 0 and "--interactive 只生成 HTML 文件" in not_html.stderr
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "r.pdf").exists()
