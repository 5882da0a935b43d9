"""The URLconf walked by the URL tests: its patterns, the personas that try them and the small province they are
tried on (tests/test_url_matrix.py says what each URL answers each persona; tests/test_junk_requests.py that no
junk input gives a 5xx)."""

import datetime

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from courses import record_services
from courses import services as course_services
from courses.models import CertificateKind, Nomination
from partners import services as partner_services
from partners.certificates import services as certificate_services
from partners.models import Correspondence, CorrespondenceStatus, Direction, DocumentKind
from plans.agency_reports import services as report_services
from plans.models import FocalPoint
from tests.factories import AgencyFactory, PlanFactory, TraineeFactory, TrainingClassFactory, UserFactory
from tests.utils import rolled_back

ANON, FOCAL, OTHER, LEADER, STAFF, ROOT = "anonymous", "focal_point", "other_focal_point", "leader", "staff", "root"
PERSONAS = (ANON, FOCAL, OTHER, LEADER, STAFF, ROOT)
JUNK_ID = 999999
OUR_APPS = ("plans", "courses", "partners")
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
        outside = record_services.outside_training_record(
            trainee=person,
            evidence=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
            kind="ministry",
            title="Bồi dưỡng kiến thức quốc phòng và an ninh",
            organiser="Bộ Quốc phòng",
            start_date=training_class.start_date.replace(year=2024),
            end_date=training_class.start_date.replace(year=2024),
            periods=16,
        )
        sides[persona] = {
            "class": training_class,
            "nomination": nomination,
            "agency": agency,
            "person": person,
            "outside": outside,
        }
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
    certificate = certificate_issued(plan)

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
    for name in ("person", "outside"):  # a person's record, and their training outside the plan
        arguments[name] = {"own": {"pk": own[name].pk}, "other": {"pk": other[name].pk}, "junk": {"pk": JUNK_ID}}
    arguments["certificate"] = {"obj": {"pk": certificate.pk}, "junk": {"pk": JUNK_ID}}
    arguments["verification"] = {"obj": {"code": certificate.code}, "junk": {"code": "zzz"}}
    # the agencies' training reports (issue 16): a round, and each side's report awaiting review
    reporting_round = report_services.round_open(year=2025, deadline=datetime.date(2026, 1, 15))
    reports = {
        persona: report_services.report_submit(
            agency=side["agency"],
            reporting_round=reporting_round,
            lines=[report_services.LineFigures(side["class"].target.category, 2, 40, 32)],
            by=users[persona],
        )
        for persona, side in sides.items()
    }
    arguments["round"] = {"obj": {"year": reporting_round.year}, "junk": {"year": 1999}}
    arguments["report"] = {
        "own": {"pk": reports[FOCAL].pk},
        "other": {"pk": reports[OTHER].pk},
        "junk": {"pk": JUNK_ID},
    }
    arguments["plan"] = {"obj": {"pk": plan.pk}, "junk": {"pk": JUNK_ID}}  # the year's report drafted on a plan
    sources = {"plan": plan, "letter": letter, "class": own["class"]}
    return {"users": users, "arguments": arguments, "draft": draft, "sources": sources}


def certificate_issued(plan):
    """A finished class the department certified, and the certificate of its one completed nominee."""
    department = AgencyFactory(
        signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="Nguyễn Văn An"
    )
    finished = TrainingClassFactory(target__plan=plan, planned_seats=5, status="finished", organiser=department)
    person = TraineeFactory(agency=department)
    Nomination.objects.create(trainee=person, training_class=finished, agency=department, status="completed")
    certificate_services.class_certify(
        training_class=finished, issuing_agency=department, kind=CertificateKind.ATTESTATION
    )
    on = finished.end_date + datetime.timedelta(days=1)
    (certificate,) = certificate_services.certificates_issue(training_class=finished, on=on)
    return certificate


ARGUMENTS_OF = {
    "portal:withdraw": "nomination",
    "partners:class_certificates": "class",
    "partners:class_certificates_pdf": "class",
    "partners:certificate_pdf": "certificate",
    "partners:certificate_revoke": "certificate",
    "certificates:verify_code": "verification",
    "portal:review": "class",
    "partners:correspondence_reply": "letter",
    "password_reset_confirm": "reset",
    "portal:person_record": "person",
    "portal:person_record_xlsx": "person",
    "portal:person_record_pdf": "person",
    "portal:outside_training_add": "person",
    "portal:evidence": "outside",
    "portal:staff_record": "person",
    "portal:staff_record_xlsx": "person",
    "portal:staff_record_pdf": "person",
    "portal:staff_evidence": "outside",
    "portal:report": "round",
    "portal:report_template": "round",
    "portal:report_detail": "report",
    "agency_reports:round": "round",
    "agency_reports:decide": "report",
    "budget:annual_report_draft": "plan",
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
