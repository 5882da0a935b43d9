"""The browser tests: headless Debian Chromium driven by Selenium against pytest-django's live server.

One browser for the session; each test starts logged out, with an empty download folder and the browser's console
read. Every page a test visits must raise no Content-Security-Policy violation: the console is read when the test
ends (`page`). axe-core (tests/browser/package.json, installed by `make test` with `npm ci`) checks WCAG 2.1 A/AA.

The live server runs in another thread (on PostgreSQL, on its own connection), so these tests use a transactional
database, emptied after each test: they build their own data with the factories and run after the other database
tests, before the demo's (tests/conftest.py).
"""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.wait import WebDriverWait

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = (1366, 900)
PHONE = (390, 844)
# axe-core's tags for the success criteria of WCAG 2.1 levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct-horse-battery-staple"  # tests.factories.UserFactory's


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("Chromium and ChromeDriver are not installed (Debian: apt-get install chromium chromium-driver)")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, live_server):
    """The browser, logged out, at desktop size, with an empty download folder; fails the test if a page it
    visited broke the Content-Security-Policy."""
    browser.get(live_server.url + "/accounts/login/")
    browser.delete_all_cookies()
    browser.set_window_size(*DESKTOP)
    for file in browser.downloads.iterdir():
        file.unlink()
    browser.get_log("browser")  # what earlier tests left
    yield browser
    assert csp_violations(browser) == []


def csp_violations(driver) -> list[str]:
    """What the browser's console reported about the Content-Security-Policy since it was last read."""
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def log_in(driver, live_server, username: str, password: str = PASSWORD) -> None:
    driver.get(live_server.url + "/accounts/login/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form [type=submit]"))
    assert driver.get_cookie(settings.SESSION_COOKIE_NAME), f"{username} could not log in"


def use_english(driver) -> None:
    """Pages in English from now on, so that the tests read the source strings (the Vietnamese catalogue is
    merged separately)."""
    driver.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "path": "/"})


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.exists():
        pytest.skip(
            "axe-core is not installed: run `npm ci --prefix tests/browser` (`make test` does when npm is there)"
        )
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(driver, axe_source: str) -> list[str]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page shown, one line each with the elements concerned."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(axe_source)
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
          .then((r) => done(JSON.stringify(r.violations)), (e) => done(JSON.stringify({error: String(e)})));
        """,
        WCAG_21_AA,
    )
    violations = json.loads(result)
    if isinstance(violations, dict):
        raise AssertionError(f"axe-core failed: {violations['error']}")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations
    ]


def click_and_wait(driver, element, timeout: float = 10.0) -> None:
    """Click what sends a form or follows a link, and wait until the next page replaced this one."""
    current = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, timeout).until(staleness_of(current))


def page_width(driver) -> int:
    """How wide the page's content is, in CSS pixels: wider than the window means sideways scrolling."""
    return driver.execute_script("return document.documentElement.scrollWidth")
