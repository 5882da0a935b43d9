"""Every URL of the URLconf, tried as every persona, with real, another agency's and junk arguments.

One table (`TABLE`) says what each URL answers to each persona; the door it describes is plans/access.py:
an anonymous visitor is sent to the login page, a wrong role gets the 403 page, another agency's object (or one
that does not exist) is 404. A pattern of the URLconf missing from the table fails `test_every_url_is_in_the_table`:
a new view cannot ship unchecked. No answer is ever a 5xx, whatever the arguments or the query string.

The staff console (/admin/) keeps Django's own policy: anyone who is not staff is sent to the console's login page;
staff and superusers get 200, a redirect, 400 (a form with errors), 403 or 404 as their permissions and the
object decide. Its part is restricted to our apps' model pages, django-axes' (the failed logins and lockouts) and
our custom console URLs (the Excel export and import).
"""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from partners.models import DocumentKind
from tests.urlconf_walk import (
    ANON,
    FOCAL,
    JUNK_ID,
    LEADER,
    OTHER,
    PERSONAS,
    ROOT,
    STAFF,
    argument_sets,
    ask,
    clients,
    every_pattern,
    our_model_admins,
)

pytestmark = pytest.mark.django_db

LOGIN = "the login page"  # 302 to /accounts/login/?next=…
ADMIN_LOGIN = "the console's login page"  # 302 to /admin/login/?next=…
CONSOLE = {200, 302, 400, 403, 404}  # what the console may answer staff, as their permissions and the object decide
JUNK_QUERY = {"page": "abc", "year": "abc", "status": "zzz", "agency": "abc", "quarter": "abc", "category": "abc"}
JUNK_QUERY |= {"sort": "zzz", "all": "abc", "q": "x" * 500, "target": "abc", "stage": "zzz", "class": "abc"}
JUNK_QUERY |= {"kind": "zzz", "requirement": "abc"}


# --- the policies, per persona; a dict maps the argument set ("own", "other", "junk"…) to the answer -----------


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def portal(ok, *, lists=False):
    """The agency portal: focal points only, each for their own agency's objects."""
    if lists:
        own, other = ok, ok
    else:
        own, other = {"own": ok, "other": 404, "junk": 404}, {"own": 404, "other": ok, "junk": 404}
    return {ANON: LOGIN, FOCAL: own, OTHER: other, LEADER: 403, STAFF: 403, ROOT: 403}


def staff(ok, **by_argument):
    """A staff page: Home Affairs staff with the page's permission (both staff personas hold them all); staff see
    every agency's objects, so "own" and "other" are alike."""
    answer = {"obj": ok, "own": ok, "other": ok, "junk": 404, **by_argument}
    return {ANON: LOGIN, FOCAL: 403, OTHER: 403, LEADER: 403, STAFF: answer, ROOT: answer}


def dashboard(ok):
    return {ANON: LOGIN, FOCAL: 403, OTHER: 403, LEADER: ok, STAFF: ok, ROOT: ok}


def logged_in(ok):
    return {ANON: LOGIN, **dict.fromkeys(PERSONAS[1:], ok)}


NOT_ALLOWED = everyone(405)
FORBIDDEN_TO_STAFF = {LEADER: 403, STAFF: 403, ROOT: 403}
SOURCE = {"obj": 200, "junk": 404, "junk_kind": 404}

# The one table: URL name → method → persona → answer.
TABLE = {
    "home": {"GET": everyone(200), "POST": NOT_ALLOWED},
    "landing": {"GET": logged_in(302), "POST": NOT_ALLOWED},  # where a login ends: each role's own pages
    "set_language": {"GET": everyone(302), "POST": everyone(302)},
    # django.contrib.auth's pages
    "login": {"GET": everyone(200), "POST": everyone(200)},
    "logout": {"GET": NOT_ALLOWED, "POST": everyone(302)},
    "password_change": {"GET": logged_in(200), "POST": logged_in(200)},
    "password_change_done": {"GET": logged_in(200), "POST": logged_in(405)},
    "password_reset": {"GET": everyone(200), "POST": everyone(200)},
    "password_reset_done": {"GET": everyone(200), "POST": NOT_ALLOWED},
    "password_reset_confirm": {"GET": everyone(200), "POST": everyone(200)},
    "password_reset_complete": {"GET": everyone(200), "POST": NOT_ALLOWED},
    # two-factor login: the code step (back to the login page when no right password came first) and enrolment
    "login_code": {"GET": everyone(302), "POST": everyone(302)},
    "login_security": {
        "GET": {ANON: LOGIN, FOCAL: 403, OTHER: 403, LEADER: 403, STAFF: 200, ROOT: 200},
        "POST": {ANON: LOGIN, FOCAL: 403, OTHER: 403, LEADER: 403, STAFF: 400, ROOT: 400},
    },
    # the agency portal
    "portal:class_list": {"GET": portal(200, lists=True), "POST": NOT_ALLOWED},
    "portal:switch_agency": {"GET": NOT_ALLOWED, "POST": portal(404, lists=True)},
    "portal:class_detail": {"GET": portal(200), "POST": NOT_ALLOWED},
    "portal:nominate": {"GET": NOT_ALLOWED, "POST": portal(302)},
    "portal:nominate_new": {"GET": NOT_ALLOWED, "POST": portal(400)},
    "portal:upload": {"GET": portal(200), "POST": portal(400)},
    "portal:upload_template": {"GET": portal(200), "POST": NOT_ALLOWED},
    "portal:nomination_list": {"GET": portal(200, lists=True), "POST": NOT_ALLOWED},
    "portal:nomination_export": {"GET": portal(200, lists=True), "POST": NOT_ALLOWED},
    "portal:staff_export": {"GET": portal(200, lists=True), "POST": NOT_ALLOWED},
    "portal:withdraw": {"GET": portal(200), "POST": portal(400)},
    "portal:compliance": {"GET": portal(200, lists=True), "POST": NOT_ALLOWED},
    "portal:compliance_xlsx": {"GET": portal(200, lists=True), "POST": NOT_ALLOWED},
    # each person's record: the portal's own staff (training outside the plan, its evidence), and the console's
    "portal:people": {"GET": portal(200, lists=True), "POST": NOT_ALLOWED},
    "portal:person_record": {"GET": portal(200), "POST": NOT_ALLOWED},
    "portal:person_record_xlsx": {"GET": portal(200), "POST": NOT_ALLOWED},
    "portal:person_record_pdf": {"GET": portal(200), "POST": NOT_ALLOWED},
    "portal:outside_training_add": {"GET": portal(200), "POST": portal(400)},
    "portal:evidence": {"GET": portal(200), "POST": NOT_ALLOWED},
    "portal:staff_record": {"GET": staff(200), "POST": NOT_ALLOWED},
    "portal:staff_record_xlsx": {"GET": staff(200), "POST": NOT_ALLOWED},
    "portal:staff_record_pdf": {"GET": staff(200), "POST": NOT_ALLOWED},
    "portal:staff_evidence": {"GET": staff(200), "POST": NOT_ALLOWED},
    # the staff review page
    "portal:review": {"GET": staff(200), "POST": staff(400)},
    "portal:attendance": {"GET": staff(200), "POST": staff(302)},
    "portal:attendance_sheet": {"GET": staff(200), "POST": NOT_ALLOWED},
    "portal:results": {"GET": staff(200), "POST": staff(302)},
    "portal:results_sheet": {"GET": staff(200), "POST": NOT_ALLOWED},
    "portal:complete_by_rule": {"GET": NOT_ALLOWED, "POST": staff(302)},
    "portal:candidates_staff": {"GET": staff(200), "POST": staff(400)},
    "portal:candidates": {"GET": portal(200), "POST": NOT_ALLOWED},
    # the leadership dashboard
    "dashboard:index": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:classes": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:allotments": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:nominations": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:export_xlsx": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:export_pdf": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:compliance": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:compliance_people": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:compliance_xlsx": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:exceptions": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:exceptions_xlsx": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    # official documents (staff)
    "partners:document_preview": {"GET": staff(200), "POST": NOT_ALLOWED},
    "partners:document_preview_pdf": {"GET": staff(200), "POST": NOT_ALLOWED},
    "partners:document_download": {"GET": staff(404), "POST": NOT_ALLOWED},  # a draft has no PDF yet
    "partners:document_tables": {"GET": staff(404), "POST": NOT_ALLOWED},  # a draft has no tables as issued
    # Issuing asks first (GET, or a POST without confirm=yes): the confirmation page.
    "partners:document_issue": {"GET": staff(200), "POST": staff(200)},
    "partners:document_correct": {"GET": NOT_ALLOWED, "POST": staff(302)},
    "partners:correspondence_reply": {"GET": NOT_ALLOWED, "POST": staff(302)},
    "partners:source_preview": {"GET": staff(200, **SOURCE), "POST": NOT_ALLOWED},
    "partners:source_preview_pdf": {"GET": staff(200, **SOURCE), "POST": NOT_ALLOWED},
    "partners:source_download": {"GET": staff(404, **SOURCE | {"obj": 404}), "POST": NOT_ALLOWED},
    "partners:source_issue": {"GET": staff(200, **SOURCE), "POST": staff(200, **SOURCE)},
    # certificates the department issues itself: the staff's pages (a POST without confirm=yes only shows the page)
    "partners:class_certificates": {"GET": staff(200), "POST": staff(200)},
    "partners:class_certificates_pdf": {"GET": staff(404), "POST": NOT_ALLOWED},  # the world's classes have none
    "partners:certificate_pdf": {"GET": staff(200), "POST": NOT_ALLOWED},
    "partners:certificate_revoke": {"GET": staff(200), "POST": staff(400)},  # no reason given
    # and the public verification page: anyone, no login; a form without a number and name is a 400
    "certificates:verify": {"GET": everyone(200), "POST": everyone(400)},
    "certificates:verify_code": {"GET": everyone({"obj": 200, "junk": 404}), "POST": NOT_ALLOWED},
    # the budget (issue 16): the leaders' page, the request workbook (`?plan=`: none is 404), a class's settlement
    "budget:dashboard": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "budget:annual_report_xlsx": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    # the staff's button drafting the year's report as an official document: to its draft in the register
    "budget:annual_report_draft": {"GET": NOT_ALLOWED, "POST": staff(302)},
    "budget:request_xlsx": {
        "GET": {ANON: LOGIN, FOCAL: 403, OTHER: 403, LEADER: 403, STAFF: 404, ROOT: 404},
        "POST": NOT_ALLOWED,
    },
    "budget:settle": {"GET": staff(200), "POST": staff(400)},  # the class has not ended: refused, with the form
    # the agencies' own training reports (issue 16): the portal's pages (a year's report: the acting agency's own;
    # each side has sent one, so a second POST is refused with the page), the staff's round page and decisions
    "portal:reports": {"GET": portal(200, lists=True), "POST": NOT_ALLOWED},
    "portal:report": {
        "GET": {ANON: LOGIN, **{key: {"obj": 200, "junk": 404} for key in (FOCAL, OTHER)}, **FORBIDDEN_TO_STAFF},
        "POST": {ANON: LOGIN, **{key: {"obj": 400, "junk": 404} for key in (FOCAL, OTHER)}, **FORBIDDEN_TO_STAFF},
    },
    "portal:report_template": {
        "GET": {ANON: LOGIN, **{key: {"obj": 200, "junk": 404} for key in (FOCAL, OTHER)}, **FORBIDDEN_TO_STAFF},
        "POST": NOT_ALLOWED,
    },
    "portal:report_detail": {"GET": portal(302), "POST": NOT_ALLOWED},  # to the year's page; another's is 404
    "agency_reports:rounds": {
        "GET": {ANON: LOGIN, FOCAL: 403, OTHER: 403, LEADER: 403, STAFF: 200, ROOT: 200},
        "POST": {ANON: LOGIN, FOCAL: 403, OTHER: 403, LEADER: 403, STAFF: 400, ROOT: 400},
    },
    "agency_reports:round": {"GET": staff(200, obj=200, junk=404), "POST": NOT_ALLOWED},
    "agency_reports:decide": {"GET": NOT_ALLOWED, "POST": staff(302)},  # a junk decision: back to the page, said
}

# Django's own console pages, outside our apps: listed so that the table stays complete, tried by Django's tests.
DJANGO_ADMIN = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
    "admin/(?P<url>.*)$",  # the console's catch-all: its login page, or 404 for staff
}
DJANGO_ADMIN_MODELS = re.compile(r"^admin:auth_(user|group)_|^admin/auth/(user|group)/<path:object_id>/$")
# What each of our model admins serves: Django's pages, django-simple-history's, and our Excel export and import.
MODEL_PAGES = ("changelist", "add", "change", "delete", "history", "simple_history", "export_xlsx")
IMPORT_PAGES = ("import_xlsx", "import_template", "import_errors", "import_result")


def admin_key_is_known(key: str, route: str) -> bool:
    if key in DJANGO_ADMIN or DJANGO_ADMIN_MODELS.search(key):
        return True
    for prefix, model, _model_admin in our_model_admins():
        if key in {f"admin:{prefix}_{page}" for page in MODEL_PAGES + IMPORT_PAGES}:
            return True
        if route == f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/":
            return True  # Django's redirect from an object's old URL to its change page
    return False


def test_every_url_is_in_the_table():
    missing = [
        f"{key} ({route})"
        for key, route, _converters in every_pattern()
        if key not in TABLE and not (route.startswith("admin/") and admin_key_is_known(key, route))
    ]
    assert not missing, f"URLs without an expected answer per persona in tests/test_url_matrix.py: {missing}"
    stale = set(TABLE) - {key for key, _route, _converters in every_pattern()}
    assert not stale, f"the table names URLs the URLconf no longer has: {stale}"


def test_a_new_view_missing_from_the_table_fails_the_check():
    """The check above is not vacuous: a URLconf with one more view fails it."""
    with (
        override_settings(ROOT_URLCONF="tests.urls_with_a_new_view"),
        pytest.raises(AssertionError, match="portal:brand_new"),
    ):
        test_every_url_is_in_the_table()


def matches(expected, status, location) -> bool:
    if expected == LOGIN:
        return status == 302 and location.startswith(reverse("login") + "?next=")
    if expected == ADMIN_LOGIN:
        return status == 302 and location.startswith(reverse("admin:login") + "?next=")
    if isinstance(expected, set):
        return status in expected
    return status == expected


def site_patterns():
    return [(key, route, conv) for key, route, conv in every_pattern() if not route.startswith("admin/")]


@pytest.mark.parametrize("key", sorted(TABLE))
def test_every_url_answers_every_persona_as_the_table_says(world, key):
    converters = next(conv for k, _route, conv in site_patterns() if k == key)
    sessions = clients(world)
    wrong = []
    for label, kwargs in argument_sets(world, key, converters).items():
        url = reverse(key, kwargs=kwargs)
        for method, by_persona in TABLE[key].items():
            for persona in PERSONAS:
                expected = by_persona[persona]
                if isinstance(expected, dict):
                    expected = expected[label]
                for data in ({}, {"form": "zzz", "agency": "abc", "pk": "abc", "file": "abc"}):
                    if method == "GET" and data:
                        continue
                    status, detail = ask(sessions[persona], method, url, data)
                    assert status < 500, f"{method} {url} as {persona} with {data}: {status} {detail}"
                    if not matches(expected, status, detail):
                        wrong.append(f"{method} {url} ({label or '-'}) as {persona}: {status}, not {expected}")
    assert not wrong, "\n".join(wrong)


# The annual report's document (issue 16) on the pages every kind shares, which the table tries with a plan's own
# document: the same door for the report drawn from the plan. Nothing is issued yet, so there is nothing to download.
ANNUAL_REPORT_PAGES = {
    "partners:source_preview": 200,
    "partners:source_preview_pdf": 200,
    "partners:source_issue": 200,
    "partners:source_download": 404,
}


@pytest.mark.parametrize("key", sorted(ANNUAL_REPORT_PAGES))
def test_the_annual_reports_document_pages_answer_every_persona(world, key):
    sessions = clients(world)
    url = reverse(key, kwargs={"kind": DocumentKind.ANNUAL_REPORT, "source_pk": world["sources"]["plan"].pk})
    wrong = []
    for method in ("GET", "POST") if key == "partners:source_issue" else ("GET",):
        for persona, expected in staff(ANNUAL_REPORT_PAGES[key]).items():
            status, detail = ask(sessions[persona], method, url)
            expected = expected["obj"] if isinstance(expected, dict) else expected
            if not matches(expected, status, detail):
                wrong.append(f"{method} {url} as {persona}: {status}, not {expected}")
    assert not wrong, "\n".join(wrong)


LIST_PAGES = {
    "portal:class_list": FOCAL,
    "portal:nomination_list": FOCAL,
    "portal:nomination_export": FOCAL,
    "portal:people": FOCAL,
    "portal:person_record": FOCAL,
    "portal:class_detail": FOCAL,
    "dashboard:index": LEADER,
    "dashboard:classes": LEADER,
    "dashboard:allotments": LEADER,
    "dashboard:nominations": LEADER,
    "dashboard:export_xlsx": LEADER,
    "dashboard:export_pdf": LEADER,
    "dashboard:compliance": LEADER,
    "dashboard:compliance_people": LEADER,
    "dashboard:compliance_xlsx": LEADER,
    "dashboard:exceptions": LEADER,
    "dashboard:exceptions_xlsx": LEADER,
    "portal:compliance": FOCAL,
    "portal:compliance_xlsx": FOCAL,
    "budget:dashboard": LEADER,
    "budget:annual_report_xlsx": LEADER,
    "portal:reports": FOCAL,
}


@pytest.mark.parametrize("key", sorted(LIST_PAGES))
def test_junk_query_strings_never_break_a_list_page(world, key):
    converters = next(conv for k, _route, conv in site_patterns() if k == key)
    kwargs = argument_sets(world, key, converters).get("own", {})
    client = clients(world)[LIST_PAGES[key]]
    url = reverse(key, kwargs=kwargs)
    for name, value in JUNK_QUERY.items():
        status, detail = ask(client, "GET", url, {name: value})
        assert status == 200, f"{url}?{name}={value!r}: {status} {detail}"
    status, detail = ask(client, "GET", url, JUNK_QUERY)
    assert status == 200, f"{url} with every junk parameter: {status} {detail}"
    status, detail = ask(client, "GET", url, JUNK_QUERY | {"q": "x\x00y"})  # no text holds a NUL: the 400 page
    assert status == 400, f"{url} with a NUL in its search: {status} {detail}"


# --- the staff console: Django's policy, our model pages -------------------------------------------------------


@pytest.mark.parametrize("prefix", [prefix for prefix, _m, _ma in our_model_admins()])
def test_every_console_page_of_our_models_answers_staff_and_sends_others_to_the_console_login(world, prefix):
    model = next(m for p, m, _ma in our_model_admins() if p == prefix)
    first = model._default_manager.order_by("pk").first()
    object_id = first.pk if first else JUNK_ID
    names = {
        f"admin:{prefix}_{page}": args
        for page, args in {
            "changelist": [],
            "add": [],
            "change": [object_id],
            "delete": [object_id],
            "history": [object_id],
            "export_xlsx": [],
            "import_xlsx": [],
            "import_template": [],
            "import_errors": [JUNK_ID],
            "import_result": [JUNK_ID],
        }.items()
    }
    keys = {key for key, _route, _conv in every_pattern()}
    urls = [reverse(name, args=args) for name, args in names.items() if name in keys]
    urls += [reverse(f"admin:{prefix}_change", args=[JUNK_ID]), reverse(f"admin:{prefix}_change", args=["zzz"])]
    sessions = clients(world)
    wrong = []
    for url in urls:
        for persona, expected in ((STAFF, CONSOLE), (ROOT, CONSOLE), (FOCAL, ADMIN_LOGIN)):
            for method in ("GET", "POST"):
                if method == "POST" and persona != FOCAL and "/delete/" in url:
                    continue  # an empty POST to a delete page deletes: not a junk request
                status, detail = ask(sessions[persona], method, url)
                assert status < 500, f"{method} {url} as {persona}: {status} {detail}"
                if not matches(expected, status, detail):
                    wrong.append(f"{method} {url} as {persona}: {status}, not {expected}")
        changelist = reverse(f"admin:{prefix}_changelist")
        status, detail = ask(sessions[ROOT], "GET", changelist, {"p": "abc", "o": "abc", "zzz": "1", "q": "zzz"})
        assert status in (200, 302), f"{changelist} with a junk query: {status} {detail}"
    assert not wrong, "\n".join(wrong)
