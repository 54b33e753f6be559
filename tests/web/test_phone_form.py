"""The phone form in a real browser (issue 22): Debian's headless Chromium at 390×844 fills the demo
survey served on loopback, meets its skip logic and a validation message, submits, and the response
is in the study with its values and source; in Chinese and in English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.collect_browser import browser_found, choose, errors, next_screen, phone, shown_questions, tap, type_into
from xmdesk.core.survey import edits as designer
from xmdesk.core.collect.http import CollectServer
from xmdesk.core.demo import SURVEY_CODE
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey

pytestmark = pytest.mark.skipif(not browser_found(), reason="chromium and chromium-driver (run.sh test installs them)")

REQUIRED = {"zh-CN": "此题必答。", "en-US": "An answer is required."}
BELOW_MIN = {"zh-CN": "允许的最小值为 0。", "en-US": "The smallest allowed value is 0."}
THANKS = {"zh-CN": "感谢您的参与！", "en-US": "Thank you!"}


@pytest.fixture
def served(demo_path: Path) -> Iterator[CollectServer]:
    """The demo study served on loopback, with the skip logic a designer adds: only detractors and
    passives (NPS ≤ 8) are asked what to improve."""
    with Study.open(demo_path, window=False) as study:
        survey = load_survey(study, SURVEY_CODE)
        designer.apply(study, survey, designer.set_props(survey.question("improve_text"), relevant="${nps} <= 8"))
        server = CollectServer(study, SURVEY_CODE)
        server.start()
        yield server
        server.stop()


@pytest.mark.parametrize("lang", ["zh-CN", "en-US"])
def test_a_customer_fills_the_demo_survey_on_a_phone(served: CollectServer, lang: str) -> None:
    before = served.study.conn.execute(f"SELECT MAX(id) FROM responses_{SURVEY_CODE}").fetchone()[0]
    walked: list[str] = []
    with phone(lang) as driver:
        driver.get(served.link())
        assert driver.execute_script("return [innerWidth, innerHeight]") == [390, 844]
        next_screen(driver)  # nothing chosen: the core's required rule, in the phone's language
        assert errors(driver) == [REQUIRED[lang]]
        # the 6th store (option 0 is "Choose…")
        answers = {"region": lambda: tap(driver, "region", "2"), "store": lambda: choose(driver, "store", 6),
                   "channel": lambda: tap(driver, "channel", "1"),
                   "visit_date": lambda: type_into(driver, "visit_date", "2026-11-30"),
                   "nps": lambda: tap(driver, "nps", "9"), "csat": lambda: tap(driver, "csat", "5"),
                   "attr": lambda: [tap(driver, f"attr__{item}", "4") for item in ("env", "range")],
                   "ces": lambda: tap(driver, "ces", "6"), "categories": lambda: tap(driver, "categories", "fresh"),
                   "spend": lambda: type_into(driver, "spend", "-5"),
                   "like_text": lambda: type_into(driver, "like_text", "店员很热情 friendly staff"),
                   "improve_text": lambda: type_into(driver, "improve_text", "never asked"),
                   "other_text": lambda: None}
        while shown_questions(driver):
            (code,) = shown_questions(driver)
            walked.append(code)
            answers[code]()
            next_screen(driver)
            if code == "spend":  # below the question's minimum: said on the field, then corrected
                assert errors(driver) == [BELOW_MIN[lang]]
                type_into(driver, "spend", "128.5")
                next_screen(driver)
        assert THANKS[lang] in driver.page_source
    assert "improve_text" not in walked and walked[-2:] == ["like_text", "other_text"]  # NPS 9 skips it
    row = served.study.conn.execute(
        f"SELECT region, store, nps, csat, attr__range, categories__fresh, spend, like_text, improve_text, source"
        f" FROM responses_{SURVEY_CODE} WHERE id > ?", (before,)).fetchall()
    assert row == [(2, 6, 9, 5, 4, 1, 128.5, "店员很热情 friendly staff", None, "web")]


def test_answers_sent_while_offline_are_kept_and_sent_when_back(served: CollectServer) -> None:
    """Wi-Fi lost on the last screen: the phone keeps the answers (localStorage) and says so; back on the
    network, its script sends them again and the response is stored once."""
    before = served.study.conn.execute(f"SELECT MAX(id) FROM responses_{SURVEY_CODE}").fetchone()[0]
    with phone("zh-CN") as driver:
        driver.get(served.link())
        for code, value in (("region", "1"), ("store", 1), ("channel", "1"), ("visit_date", "2026-11-30"),
                            ("nps", "3"), ("csat", "2")):
            if code == "store":
                choose(driver, code, int(value))
            elif code == "visit_date":
                type_into(driver, code, str(value))
            else:
                tap(driver, code, str(value))
            next_screen(driver)
        while shown_questions(driver) != ["other_text"]:
            next_screen(driver)
        type_into(driver, "other_text", "断网时填写")
        driver.set_network_conditions(offline=True, latency=0, throughput=0)
        driver.find_element(By.CSS_SELECTOR, "button[value=next]").click()
        banner = WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.offline"))
        assert "已保存在本机" in banner[0].text
        assert driver.execute_script("return Object.keys(localStorage).length") == 1
        driver.set_network_conditions(offline=False, latency=0, throughput=500 * 1024)
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-submitted]"))
        assert driver.execute_script("return Object.keys(localStorage).length") == 0
    rows = served.study.conn.execute(f"SELECT nps, improve_text, other_text, source FROM responses_{SURVEY_CODE}"
                                     f" WHERE id > ?", (before,)).fetchall()
    assert rows == [(3, None, "断网时填写", "web")]
