"""The main journeys in a real browser: a focal point nominates (and lands on the waiting list when the agency's
seats are gone), staff approve on the review page and the leader's dashboard moves, staff import an Excel file
from the console's template. No page may break the Content-Security-Policy (the `page` fixture)."""

import time

import pytest
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from courses import services
from courses.models import Nomination, NominationStatus, Trainee
from tests.browser.browsing import DESKTOP, PHONE, click_and_wait, log_in, next_page, page_width, use_english
from tests.factories import TraineeFactory, open_class_for
from tests.spreadsheets import TRAINEE_HEADERS, in_sheets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row_of(driver, text: str):
    """The table row that shows `text` (a person's name)."""
    return driver.find_element(By.XPATH, f"//tr[td[contains(normalize-space(.), '{text}')]]")


def _message(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "ul.messages li").text


@pytest.mark.parametrize("window", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_focal_point_nominates_then_lands_on_the_waiting_list_when_the_seats_are_gone(
    page, live_server, focal_point, agency, window
):
    training_class = open_class_for(agency, seats=1)
    first, second = TraineeFactory(agency=agency), TraineeFactory(agency=agency)
    page.set_window_size(*window)
    assert page.execute_script("return window.innerWidth") == window[0]
    log_in(page, live_server, focal_point.username)
    widths = {}

    page.get(live_server.url + "/portal/")
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    # Choosing a language sends the form at once (static/js/autosubmit.js, the page runs no inline handler).
    with next_page(page):
        Select(page.find_element(By.ID, "language-select")).select_by_value("en")
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    widths["class list"] = page_width(page)
    click_and_wait(page, page.find_element(By.LINK_TEXT, training_class.title))
    assert page.find_element(By.TAG_NAME, "h1").text == training_class.title
    widths["class page"] = page_width(page)

    click_and_wait(
        page, _row_of(page, first.full_name).find_element(By.XPATH, ".//button[normalize-space()='Nominate']")
    )
    assert _message(page) == f"{first.full_name} is nominated."
    click_and_wait(
        page, _row_of(page, second.full_name).find_element(By.XPATH, ".//button[normalize-space()='Nominate']")
    )
    assert _message(page) == (
        f"No seat is left: {second.full_name} is number 1 on the waiting list and will be nominated when a seat frees."
    )
    widths["class page with messages"] = page_width(page)

    click_and_wait(page, page.find_element(By.LINK_TEXT, "Our nominations"))
    assert "status-nominated" in _row_of(page, first.full_name).get_attribute("innerHTML")
    assert "status-waitlisted" in _row_of(page, second.full_name).get_attribute("innerHTML")
    widths["our nominations"] = page_width(page)
    assert dict(Nomination.objects.values_list("trainee__full_name", "status")) == {
        first.full_name: NominationStatus.NOMINATED,
        second.full_name: NominationStatus.WAITLISTED,
    }
    assert {name: width for name, width in widths.items() if width > window[0]} == {}


def _approved_on_dashboard(driver, live_server, plan) -> int:
    driver.get(f"{live_server.url}/dashboard/?year={plan.year}&plan={plan.pk}")
    return int(driver.find_element(By.CSS_SELECTOR, ".chain-table a[href$='stage=approved']").text)


def test_staff_approve_on_the_review_page_and_the_leaders_dashboard_moves(
    page, live_server, focal_point, agency, staff_user, leader
):
    training_class = open_class_for(agency, seats=2)
    trainee = TraineeFactory(agency=agency)
    services.nomination_submit(trainee=trainee, training_class=training_class, by=focal_point)
    plan = training_class.target.plan

    log_in(page, live_server, leader.username)
    assert _approved_on_dashboard(page, live_server, plan) == 0
    page.delete_all_cookies()

    log_in(page, live_server, staff_user.username)
    use_english(page)
    page.get(f"{live_server.url}/admin/courses/trainingclass/{training_class.pk}/change/")
    assert page.find_elements(By.CSS_SELECTOR, ".document-tools a")  # the official documents' buttons, styled
    page.get(f"{live_server.url}/admin/courses/trainingclass/{training_class.pk}/history/")
    page.get(f"{live_server.url}/admin/courses/trainingclass/")
    click_and_wait(page, page.find_element(By.CSS_SELECTOR, f"a[href$='/portal/review/{training_class.pk}/']"))
    page.find_element(By.XPATH, f"//label[normalize-space()='{trainee.full_name}']").click()  # ticks its box
    click_and_wait(page, page.find_element(By.XPATH, "//button[normalize-space()='Approve the ticked people']"))
    assert "Approved 1 person." in page.find_element(By.TAG_NAME, "body").text
    assert "status-approved" in _row_of(page, trainee.full_name).get_attribute("innerHTML")
    page.delete_all_cookies()

    log_in(page, live_server, leader.username)
    assert _approved_on_dashboard(page, live_server, plan) == 1


def _downloaded(folder, timeout: float = 10.0):
    """The file the browser finished downloading into `folder`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = [f for f in folder.iterdir() if not f.name.endswith(".crdownload")]
        if files:
            return files[0]
        time.sleep(0.1)
    raise AssertionError(f"nothing was downloaded into {folder} in {timeout} s")


def test_staff_fill_the_downloaded_template_import_it_and_confirm(
    page, live_server, staff_user, agency, tmp_path, media
):
    log_in(page, live_server, staff_user.username)
    use_english(page)
    page.get(f"{live_server.url}/admin/courses/trainee/")
    click_and_wait(page, page.find_element(By.CSS_SELECTOR, ".object-tools a[href$='/import/']"))  # shown in capitals
    page.find_element(By.LINK_TEXT, "Download the Excel template").click()
    template = _downloaded(page.downloads)

    workbook = load_workbook(template)
    sheet = workbook.worksheets[1]  # the instructions come first, then the sheet to fill in
    headers = [cell.value for cell in sheet[1]]
    row = dict(zip(TRAINEE_HEADERS, ["020190001234", "Hoàng Thị Lan", "14/03/1988", "Nữ", agency.code], strict=True))
    for header, value in row.items():
        sheet.cell(row=2, column=headers.index(in_sheets(header)) + 1, value=value)
    filled = tmp_path / "danh-sach.xlsx"
    workbook.save(filled)

    page.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(filled))
    click_and_wait(page, page.find_element(By.CSS_SELECTOR, "input[type=submit][value='Check the file']"))
    assert page.find_element(By.CSS_SELECTOR, ".excel-counts").text.split() == [
        "to", "create", "1", "to", "update", "0", "unchanged", "0",
    ]  # fmt: skip
    assert not Trainee.objects.filter(personal_id="020190001234").exists()

    click_and_wait(page, page.find_element(By.CSS_SELECTOR, "input[name=confirm]"))
    # The rows just written, each linked to its page.
    written = page.find_element(By.CSS_SELECTOR, "table.excel-rows").text
    assert "Hoàng Thị Lan" in written and "created" in written
    assert Trainee.objects.get(personal_id="020190001234").agency == agency
