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
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from courses import services as course_services
from partners import services as partner_services
from partners.models import Correspondence, CorrespondenceStatus, Direction, DocumentKind
from plans.models import FocalPoint
from tests.factories import PlanFactory, TraineeFactory, TrainingClassFactory, UserFactory
from tests.utils import rolled_back

pytestmark = pytest.mark.django_db

ANON, FOCAL, OTHER, LEADER, STAFF, ROOT = "anonymous", "focal_point", "other_focal_point", "leader", "staff", "root"
PERSONAS = (ANON, FOCAL, OTHER, LEADER, STAFF, ROOT)
LOGIN = "the login page"  # 302 to /accounts/login/?next=…
ADMIN_LOGIN = "the console's login page"  # 302 to /admin/login/?next=…
CONSOLE = {200, 302, 400, 403, 404}  # what the console may answer staff, as their permissions and the object decide
JUNK_ID = 999999
JUNK_QUERY = {"page": "abc", "year": "abc", "status": "zzz", "agency": "abc", "quarter": "abc", "category": "abc"}
JUNK_QUERY |= {"sort": "zzz", "all": "abc", "q": "x\x00y", "target": "abc", "stage": "zzz", "class": "abc"}


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
    # the staff review page
    "portal:review": {"GET": staff(200), "POST": staff(400)},
    # the leadership dashboard
    "dashboard:index": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:classes": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:allotments": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:nominations": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:export_xlsx": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    "dashboard:export_pdf": {"GET": dashboard(200), "POST": NOT_ALLOWED},
    # official documents (staff)
    "partners:document_preview": {"GET": staff(200), "POST": NOT_ALLOWED},
    "partners:document_preview_pdf": {"GET": staff(200), "POST": NOT_ALLOWED},
    "partners:document_download": {"GET": staff(404), "POST": NOT_ALLOWED},  # a draft has no PDF yet
    # Issuing asks first (GET, or a POST without confirm=yes): the confirmation page.
    "partners:document_issue": {"GET": staff(200), "POST": staff(200)},
    "partners:document_correct": {"GET": NOT_ALLOWED, "POST": staff(302)},
    "partners:correspondence_reply": {"GET": NOT_ALLOWED, "POST": staff(302)},
    "partners:source_preview": {"GET": staff(200, **SOURCE), "POST": NOT_ALLOWED},
    "partners:source_preview_pdf": {"GET": staff(200, **SOURCE), "POST": NOT_ALLOWED},
    "partners:source_download": {"GET": staff(404, **SOURCE | {"obj": 404}), "POST": NOT_ALLOWED},
    "partners:source_issue": {"GET": staff(200, **SOURCE), "POST": staff(200, **SOURCE)},
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
OUR_APPS = ("plans", "courses", "partners")
# The console's other model pages, tried the same way: django-axes' failed logins and lockouts (staff lift a lockout)
# and django-otp's authenticator apps (staff remove a lost one).
CONSOLE_APPS = (*OUR_APPS, "axes", "otp_totp")
# What each of our model admins serves: Django's pages, django-simple-history's, and our Excel export and import.
MODEL_PAGES = ("changelist", "add", "change", "delete", "history", "simple_history", "export_xlsx")
IMPORT_PAGES = ("import_xlsx", "import_template", "import_errors", "import_result")


def every_pattern():
    """(key, route, converters) of every pattern of the URLconf, through every include; the key is the URL's name
    (with its namespace), or its route when it has none."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                assert isinstance(pattern, URLPattern)
                route = prefix + str(pattern.pattern)
                key = f"{namespace}{pattern.name}" if pattern.name else route
                yield key, route, getattr(pattern.pattern, "converters", {})

    return list(walk(get_resolver().url_patterns, "", ""))


def our_model_admins():
    return sorted(
        (f"{m._meta.app_label}_{m._meta.model_name}", m, ma)
        for m, ma in admin.site._registry.items()
        if m._meta.app_label in CONSOLE_APPS
    )


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


# --- the province the URLs are tried on, built once for the module --------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two agencies, each with its focal point, a class, a person and a nomination; a leader, staff and a superuser;
    a plan, its draft document and an incoming letter. Rolled back at the end of the module."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), rolled_back():
        yield build_world()


def build_world():
    users = {
        LEADER: UserFactory(username="m-leader", password="!"),
        STAFF: UserFactory(username="m-staff", password="!", is_staff=True),
        ROOT: UserFactory(username="m-root", password="!", is_staff=True, is_superuser=True),
        FOCAL: UserFactory(username="m-focal", password="!"),
        OTHER: UserFactory(username="m-other-focal", password="!"),
    }
    users[LEADER].user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    users[STAFF].user_permissions.set(Permission.objects.filter(content_type__app_label__in=OUR_APPS))
    plan = PlanFactory()
    sides = {}
    for persona in (FOCAL, OTHER):
        training_class = TrainingClassFactory(target__plan=plan, planned_seats=10, status="open")
        agency = training_class.organiser
        FocalPoint.objects.create(user=users[persona], agency=agency)
        course_services.allotment_set(training_class=training_class, agency=agency, seats=3)
        person = TraineeFactory(agency=agency)
        nomination = course_services.nomination_submit(trainee=person, training_class=training_class)
        sides[persona] = {"class": training_class, "nomination": nomination, "agency": agency}
    own, other = sides[FOCAL], sides[OTHER]
    letter = Correspondence.objects.create(
        direction=Direction.INCOMING,
        symbol="SNgV-LSHTQT",
        dated=own["class"].start_date,
        received_on=own["class"].start_date,
        sender_agency=other["agency"],
        recipient_agency=own["agency"],
        subject="đề nghị phối hợp",
        status=CorrespondenceStatus.RECEIVED,
    )
    draft = partner_services.document_prepare(kind=DocumentKind.PLAN, source=plan, by=users[STAFF])

    def class_args(side):
        return {"pk": side["class"].pk}

    arguments = {
        # portal objects: the focal point's own agency's, the other agency's, one that does not exist
        "class": {"own": class_args(own), "other": class_args(other), "junk": {"pk": JUNK_ID}},
        "nomination": {"own": {"pk": own["nomination"].pk}, "other": {"pk": other["nomination"].pk}},
        "document": {"obj": {"pk": draft.pk}, "junk": {"pk": JUNK_ID}},
        "letter": {"obj": {"pk": letter.pk}, "junk": {"pk": JUNK_ID}},
        "source": {
            "obj": {"kind": DocumentKind.PLAN, "source_pk": plan.pk},
            "junk": {"kind": DocumentKind.PLAN, "source_pk": JUNK_ID},
            "junk_kind": {"kind": "zzz", "source_pk": plan.pk},
        },
        "reset": {"junk": {"uidb64": "zzz", "token": "set-password"}},
    }
    arguments["nomination"]["junk"] = {"pk": JUNK_ID}
    return {"users": users, "arguments": arguments, "draft": draft}


ARGUMENTS_OF = {
    "portal:withdraw": "nomination",
    "portal:review": "class",
    "partners:correspondence_reply": "letter",
    "password_reset_confirm": "reset",
}


def argument_sets(world, key, converters):
    """The argument sets a URL is tried with: none, or each labelled set its parameters take."""
    if not converters:
        return {"": {}}
    if key in ARGUMENTS_OF:
        return world["arguments"][ARGUMENTS_OF[key]]
    if "source_pk" in converters:
        return world["arguments"]["source"]
    if key.startswith("partners:"):
        return world["arguments"]["document"]
    return world["arguments"]["class"]


def clients(world):
    result = {ANON: Client()}
    for persona, user in world["users"].items():
        result[persona] = Client()
        result[persona].force_login(user)
    return result


def ask(client, method, url, data=None):
    """One request, undone afterwards (an issued document or a moved seat must not change the next answer);
    an exception in the view is reported as the 500 it would be."""
    try:
        with rolled_back():
            response = getattr(client, method.lower())(url, data or {})
    except Exception as exc:  # any exception is the 500 this test exists to catch
        return 500, f"{type(exc).__name__}: {exc}"
    return response.status_code, response.get("Location", "")


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


LIST_PAGES = {
    "portal:class_list": FOCAL,
    "portal:nomination_list": FOCAL,
    "portal:nomination_export": FOCAL,
    "portal:class_detail": FOCAL,
    "dashboard:index": LEADER,
    "dashboard:classes": LEADER,
    "dashboard:allotments": LEADER,
    "dashboard:nominations": LEADER,
    "dashboard:export_xlsx": LEADER,
    "dashboard:export_pdf": LEADER,
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
