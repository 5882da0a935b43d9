"""The URLconf walked by the URL tests: its patterns, the personas that try them and the small province they are
tried on (tests/test_url_matrix.py says what each URL answers each persona; tests/test_junk_requests.py that no
junk input gives a 5xx)."""

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from courses import services as course_services
from partners import services as partner_services
from partners.models import Correspondence, CorrespondenceStatus, Direction, DocumentKind
from plans.models import FocalPoint
from tests.factories import PlanFactory, TraineeFactory, TrainingClassFactory, UserFactory
from tests.utils import rolled_back

ANON, FOCAL, OTHER, LEADER, STAFF, ROOT = "anonymous", "focal_point", "other_focal_point", "leader", "staff", "root"
PERSONAS = (ANON, FOCAL, OTHER, LEADER, STAFF, ROOT)
JUNK_ID = 999999
OUR_APPS = ("plans", "courses", "partners", "budget")
# The console's other model pages, tried the same way: django-axes' failed logins and lockouts (staff lift a lockout)
# and django-otp's authenticator apps (staff remove a lost one).
CONSOLE_APPS = (*OUR_APPS, "axes", "otp_totp")


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
    sources = {"plan": plan, "letter": letter, "class": own["class"]}
    return {"users": users, "arguments": arguments, "draft": draft, "sources": sources}


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


def clients(world, **options):
    """A test client per persona, logged in; `options` go to each Client (e.g. raise_request_exception)."""
    result = {ANON: Client(**options)}
    for persona, user in world["users"].items():
        result[persona] = Client(**options)
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
