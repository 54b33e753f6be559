"""Debian's headless Chromium at a phone's size (390×844) driven by Selenium, walking the survey server's
form as a customer would: for tests/web and tools/collect_screenshots.py; and at a desk's size, for the
interactive report file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

PHONE = (390, 844)


def browser_found() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


def _options(lang: str, *extra: str) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--lang={lang}", "--hide-scrollbars", *extra):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": f"{lang},{lang.split('-')[0]}"})
    return options


@contextmanager
def _running(options: webdriver.ChromeOptions) -> Iterator[WebDriver]:
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "chromedriver"))
    try:
        yield driver
    finally:
        driver.quit()


@contextmanager
def phone(lang: str) -> Iterator[WebDriver]:
    """A headless Chromium whose Accept-Language is `lang` (zh-CN or en-US), the size of an iPhone 14."""
    options = _options(lang)
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": PHONE[0], "height": PHONE[1], "pixelRatio": 2.0, "touch": True}})
    with _running(options) as driver:
        yield driver


@contextmanager
def desktop(width: int = 1100, height: int = 1300) -> Iterator[WebDriver]:
    """A headless Chromium window of a laptop's size, for pages read on a desk (the interactive report)."""
    with _running(_options("zh-CN", f"--window-size={width},{height}")) as driver:
        yield driver


def shown_questions(driver: WebDriver) -> list[str]:
    return [f.get_attribute("id")[2:] for f in driver.find_elements(By.CSS_SELECTOR, "fieldset.question")]


def errors(driver: WebDriver) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "p.error")]


def next_screen(driver: WebDriver) -> None:
    """Tap Next and wait for the server's next page (the script swaps the document in)."""
    button = driver.find_element(By.CSS_SELECTOR, "button[value=next]")
    button.click()
    wait = WebDriverWait(driver, 15)
    wait.until(expected_conditions.staleness_of(button))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#form, [data-submitted], section.refused"))


def tap(driver: WebDriver, name: str, value: str) -> None:
    """Tap the option (or scale point) `value` of the input `name`, by its label as a finger would."""
    option: WebElement = driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
    option.find_element(By.XPATH, "./ancestor::label").click()


def choose(driver: WebDriver, name: str, index: int) -> None:
    Select(driver.find_element(By.CSS_SELECTOR, f"select[name='{name}']")).select_by_index(index)


def type_into(driver: WebDriver, name: str, text: str) -> None:
    field = driver.find_element(By.CSS_SELECTOR, f"[name='{name}']")
    if field.get_attribute("type") == "date":  # the date picker's typed form depends on the locale
        driver.execute_script("arguments[0].value = arguments[1]", field, text)
    else:
        field.clear()
        field.send_keys(text)
