"""Personas every view is tried by, the demo province shared by the session, and small helpers."""

import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import translation

from plans.models import FocalPoint
from tests import factories
from tests.factories import AgencyFactory, UserFactory
from tests.urlconf_walk import build_world
from tests.utils import rolled_back

# Test users' passwords are hashed once per user: the production hasher's 1,000,000 PBKDF2 rounds cost a few
# tenths of a second each, which made most of the suite's set-up time. Nothing here tests the hasher itself.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The tests that use the demo province run after every other test (see pytest_collection_modifyitems).
DEMO_FIXTURE = "demo_output"


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


def seed_eligibility_rules() -> None:
    """The rules of eligibility the data migration seeds, put back where missing: a transactional test's flush
    (tests/test_locking.py, the PostgreSQL races) empties the table for the tests that run after it."""
    migration = importlib.import_module("courses.migrations.0013_seed_eligibility_rules")
    migration.seed(django_apps, None)


@pytest.fixture
def seeded_eligibility_rules(db):
    seed_eligibility_rules()


@pytest.fixture(scope="session")
def demo_output(django_db_setup, django_db_blocker, fast_password_hashing, tmp_path_factory):
    """The demo province, loaded once for the whole session through the services; what load_demo printed.

    It stays inside one transaction, rolled back when the session ends; each test runs in a savepoint of it.
    The tests that use it are moved to the end of the run, so no other test ever sees its rows.
    """
    # The demo writes its evidence scans: to a folder of the session's, never to the working tree's media/.
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), rolled_back():
        seed_eligibility_rules()  # the demo's nominees and places are chosen by the rules a real database has
        out = StringIO()
        call_command("load_demo", force=True, stdout=out)
        yield out.getvalue()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the demo's tests last, in their order: the demo is loaded once and no earlier test sees it.

    trylast: after pytest-django has put the database tests in their order.
    """
    items[:] = [item for item in items if DEMO_FIXTURE not in getattr(item, "fixturenames", ())] + [
        item for item in items if DEMO_FIXTURE in getattr(item, "fixturenames", ())
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The province the URL tests walk the URLconf on (tests/urlconf_walk.py), built once per module: two agencies,
    each with its focal point, a class, a person and a nomination; a leader, staff and a superuser; a plan, its draft
    document and an incoming letter. Rolled back at the end of the module."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), rolled_back():
        yield build_world()


@pytest.fixture
def agency(db):
    return AgencyFactory(code="LS-STC", name="Sở Tài chính", abbreviation="STC")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="LS-TPLS", name="UBND thành phố Lạng Sơn", abbreviation="UBND")


@pytest.fixture
def media(settings, tmp_path):
    """Stored files (import plans, marked files) go to a temporary MEDIA_ROOT, never to the working tree."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def lang_son(agency):
    """The agency the Excel tests' files name by its code (LS-STC, Sở Tài chính)."""
    return agency


@pytest.fixture
def staff_user(db):
    """A Home Affairs officer: staff console, with the domain permissions but not a superuser."""
    user = UserFactory(username="staff", is_staff=True)
    group, _ = Group.objects.get_or_create(name="Chuyên viên Sở Nội vụ")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=["plans", "courses", "partners"]))
    user.groups.add(group)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def focal_point(db, agency):
    user = UserFactory(username="focal")
    FocalPoint.objects.create(user=user, agency=agency)
    return user


@pytest.fixture
def other_focal_point(db, other_agency):
    user = UserFactory(username="other-focal")
    FocalPoint.objects.create(user=user, agency=other_agency)
    return user


@pytest.fixture
def leader(db):
    user = UserFactory(username="leader")
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard", content_type__app_label="plans"))
    return user


@pytest.fixture(autouse=True)
def factory_classes_in_weeks_of_their_own():
    """Every test's factory classes start again from the week of 2 June 2025, one week each (tests.factories)."""
    factories.reset_class_weeks()


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are asserted in English (the source language); pages choose their own language per request."""
    with translation.override("en"):
        yield
