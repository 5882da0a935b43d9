"""Screenshots of the console lists, the portal, the review page and the dashboard at 1366 px and at a 390 px phone,
with each page's width (document.documentElement.scrollWidth) and any box that scrolls sideways inside it.

Nothing is asserted: it prints a table and writes PNGs to look at. Serve the app first (DEBUG=1, demo loaded):

    DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8000
    .venv/bin/python bench/page_widths.py [--base http://127.0.0.1:8000] [--out /tmp/widths] [--only REGEX]

Needs headless Chromium and chromedriver (/usr/bin/chromium, /usr/bin/chromedriver) and the demo's passwords.
"""

import argparse
import pathlib
import re

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PASSWORDS = {
    "chuyenvien": "demo-2025-chuyenvien",
    "daumoi.sotaichinh": "demo-2025-daumoi-stc",
    "lanhdao": "demo-2025-lanhdao",
}
CONSOLE_LISTS = [
    "plans/agency", "plans/legaldocument", "plans/trainingcategory", "plans/trainingplan", "plans/plantarget",
    "plans/planresponsibility", "plans/planlegalbasis", "plans/plantransition", "plans/importrecord",
    "courses/course", "courses/trainingclass", "courses/seatallotment", "courses/trainee", "courses/nomination",
    "courses/nominationevent", "courses/seatmove", "courses/classtally",
    "partners/partner", "partners/partnercontact", "partners/agreement", "partners/cooperationactivity",
    "partners/correspondence", "partners/documenttype", "partners/documentregister", "partners/outgoingdocument",
]  # fmt: skip
# Measured in the page: its width, and every box that scrolls sideways (the console's list, a wide table).
MEASURE = """
const inner = [];
for (const e of document.querySelectorAll('body *')) {
  const x = getComputedStyle(e).overflowX;
  if ((x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1)
    inner.push((e.id || e.className || e.tagName) + '=' + e.scrollWidth + '/' + e.clientWidth);
}
return [document.documentElement.scrollWidth, document.documentElement.clientWidth, inner.join(' ')];
"""


def pages(driver, base):
    """(user, URL) of each page; a class's page and its review page are found by the first link of a list."""
    yield from (("chuyenvien", f"/admin/{name}/") for name in CONSOLE_LISTS)
    open_classes = "/admin/courses/trainingclass/?status__exact=open"
    yield "chuyenvien", first_link(driver, base, "chuyenvien", open_classes, "/portal/review/")
    yield from (("daumoi.sotaichinh", url) for url in ("/portal/", "/portal/nominations/"))
    yield "daumoi.sotaichinh", first_link(driver, base, "daumoi.sotaichinh", "/portal/", "/portal/classes/")
    dashboard = ("/dashboard/", "/dashboard/classes/", "/dashboard/allotments/", "/dashboard/nominations/")
    yield from (("lanhdao", url) for url in dashboard)


def first_link(driver, base, user, page, prefix):
    log_in(driver, base, user)
    driver.get(base + page)
    for link in driver.find_elements(By.TAG_NAME, "a"):
        href = link.get_attribute("href") or ""
        if prefix in href:
            return href.removeprefix(base)
    return page


def chromium(width):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(argument)
    if width < 800:
        metrics = {"width": width, "height": 844, "pixelRatio": 1}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    else:
        options.add_argument(f"--window-size={width},900")
    return webdriver.Chrome(service=webdriver.ChromeService("/usr/bin/chromedriver"), options=options)


def log_in(driver, base, user):
    driver.delete_all_cookies()
    driver.get(base + "/accounts/login/")
    driver.find_element(By.NAME, "username").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(PASSWORDS[user])
    driver.find_element(By.CSS_SELECTOR, "form [type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: "/accounts/login/" not in d.current_url)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/page-widths")
    parser.add_argument("--only", default="", help="a regular expression the page's URL must match")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'page':60} {'width':>8} {'of':>5}  boxes scrolling sideways")
    for width in (1366, 390):
        driver = chromium(width)
        current = None
        for user, url in list(pages(driver, args.base)):
            if args.only and not re.search(args.only, url):
                continue
            if user != current:
                log_in(driver, args.base, user)
                current = user
            driver.get(args.base + url)
            page_width, viewport, inner = driver.execute_script(MEASURE)
            name = re.sub(r"[^a-z0-9]+", "_", url.strip("/")) or "home"
            driver.save_screenshot(str(out / f"{name}_{width}.png"))
            flag = " WIDER" if page_width > viewport else ""
            print(f"{url:60} {page_width:>8} {viewport:>5}{flag}  {inner}")
        driver.quit()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
