"""The main pages meet WCAG 2.1 A/AA as axe-core checks them in Chromium, in Vietnamese (as people see them), and
break no Content-Security-Policy (the `page` fixture)."""

import pytest

from courses import services
from tests.browser.browsing import axe_violations, csp_violations, log_in, status_code
from tests.factories import TraineeFactory, open_class_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def busy_class(agency, focal_point):
    """An open class whose agency's one seat is taken and one person waits: every status the pages show."""
    training_class = open_class_for(agency, seats=1)
    for _ in range(2):
        services.nomination_submit(
            trainee=TraineeFactory(agency=agency), training_class=training_class, by=focal_point, waitlist_if_full=True
        )
    TraineeFactory(agency=agency)  # still on the staff list, to nominate
    return training_class


def _violations_on(driver, live_server, axe_source, paths) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        driver.get(live_server.url + path)
        assert (driver.current_url, status_code(driver)) == (live_server.url + path, 200)
        found[path] = axe_violations(driver, axe_source)
    return {path: problems for path, problems in found.items() if problems}


def test_the_pages_seen_before_logging_in_pass_axe(page, live_server, axe_source):
    assert _violations_on(page, live_server, axe_source, ["/", "/accounts/login/", "/admin/login/"]) == {}


def test_the_focal_points_pages_pass_axe(page, live_server, axe_source, focal_point, busy_class):
    log_in(page, live_server, focal_point.username)
    paths = ["/", "/portal/", f"/portal/classes/{busy_class.pk}/", "/portal/nominations/"]
    assert _violations_on(page, live_server, axe_source, paths) == {}


def test_the_leaders_dashboard_passes_axe(page, live_server, axe_source, leader, busy_class):
    plan = busy_class.target.plan
    log_in(page, live_server, leader.username)
    assert _violations_on(page, live_server, axe_source, [f"/dashboard/?year={plan.year}&plan={plan.pk}"]) == {}


def test_the_review_page_passes_axe(page, live_server, axe_source, staff_user, busy_class):
    log_in(page, live_server, staff_user.username)
    assert _violations_on(page, live_server, axe_source, [f"/portal/review/{busy_class.pk}/"]) == {}


def test_a_record_with_an_exception_and_the_list_of_exceptions_pass_axe(
    page, live_server, axe_source, staff_user, agency
):
    from courses.models import EligibilityOverride

    person = TraineeFactory(agency=agency)
    EligibilityOverride.objects.create(
        trainee=person, rule="max_age", applies_to="postgraduate", reason="Chuyên ngành tỉnh đang thiếu.",
        decided_by=staff_user,
    )  # fmt: skip
    log_in(page, live_server, staff_user.username)
    paths = [f"/portal/records/{person.pk}/", "/dashboard/exceptions/"]
    assert _violations_on(page, live_server, axe_source, paths) == {}


def test_an_inline_script_is_refused_and_reported(page, live_server):
    """The policy is in force, and the `page` fixture would see a page that breaks it."""
    page.get(live_server.url + "/accounts/login/")
    page.execute_script(
        "const s = document.createElement('script'); s.textContent = 'document.title = \"injected\"';"
        "document.body.appendChild(s);"
    )
    assert page.title != "injected"
    assert [m for m in csp_violations(page) if "script-src" in m] != []


def test_axe_reports_a_field_without_a_label_and_text_without_contrast(page, live_server, axe_source):
    """The check would see a page that fails: what it reports for a field added without a label and pale text."""
    page.get(live_server.url + "/accounts/login/")
    page.execute_script(
        "const main = document.querySelector('main');"
        "main.insertAdjacentHTML('beforeend', '<input type=\"text\" name=\"unlabelled\">');"
        "const p = document.createElement('p'); p.textContent = 'pale'; p.style.color = '#ddd'; main.appendChild(p);"
    )
    assert {line.split(" ")[0] for line in axe_violations(page, axe_source)} == {"label", "color-contrast"}
