"""What the browser tests do in a page: log in, click and wait, read the console, run axe-core, measure."""

import json
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = (1366, 900)
PHONE = (390, 844)
# axe-core's tags for the success criteria of WCAG 2.1 levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct-horse-battery-staple"  # tests.factories.UserFactory's


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
    """Click what sends a form or follows a link, and wait until the next page has loaded in place of this one."""
    with next_page(driver, timeout):
        element.click()


@contextmanager
def next_page(driver, timeout: float = 10.0):
    """Wait, after the block, until another page has replaced the one shown and has loaded."""
    driver.execute_script("window.__leaving = true")
    yield
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return window.__leaving === undefined && document.readyState === 'complete'")
    )


def page_width(driver) -> int:
    """How wide the page's content is, in CSS pixels: wider than the window means sideways scrolling."""
    return driver.execute_script("return document.documentElement.scrollWidth")


def status_code(driver) -> int:
    """The HTTP status of the page shown (the Navigation Timing API)."""
    return driver.execute_script("return performance.getEntriesByType('navigation')[0].responseStatus")
