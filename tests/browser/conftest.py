"""The browser tests: headless Debian Chromium driven by Selenium against pytest-django's live server.

One browser for the session; each test starts logged out, with an empty download folder and the browser's console
read. Every page a test visits must raise no Content-Security-Policy violation: the console is read when the test
ends (`page`). axe-core (tests/browser/package.json, installed by `make test` with `npm ci`) checks WCAG 2.1 A/AA.

The live server runs in another thread (on PostgreSQL, on its own connection), so these tests use a transactional
database, emptied after each test: they build their own data with the factories and run after the other database
tests, before the demo's (tests/conftest.py).
"""

import threading

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.browser.browsing import AXE_JS, CHROMEDRIVER, CHROMIUM, DESKTOP, csp_violations


@pytest.fixture(scope="session")
def browser(live_server, tmp_path_factory):
    """Chromium, quit before the live server stops: its keep-alive connections end their server threads, which
    close their database connection, while the server still shares it (SQLite in memory)."""
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
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=10)


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


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.exists():
        pytest.skip(
            "axe-core is not installed: run `npm ci --prefix tests/browser` (`make test` does when npm is there)"
        )
    return AXE_JS.read_text(encoding="utf-8")
