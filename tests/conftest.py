"""Personas every view is tried by, and small helpers shared by the tests."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from plans.models import FocalPoint
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def agency(db):
    return AgencyFactory(code="LS-STC", name="Sở Tài chính", abbreviation="STC")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(code="LS-TPLS", name="UBND thành phố Lạng Sơn", abbreviation="UBND")


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
def english_messages():
    """Service messages are asserted in English (the source language); pages choose their own language per request."""
    with translation.override("en"):
        yield
