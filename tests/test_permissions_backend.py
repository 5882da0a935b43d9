"""The model backend's permissions in one query (training_portal/backends.py): the same answers as Django's own."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission

from tests.factories import UserFactory
from training_portal.backends import ModelBackendOneQuery

pytestmark = pytest.mark.django_db


def permission(codename):
    return Permission.objects.get(codename=codename)


@pytest.fixture
def staff():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(permission("view_trainee"))
    group = Group.objects.create(name="Chuyên viên")
    group.permissions.add(permission("change_nomination"), permission("view_trainee"))
    user.groups.add(group)
    return user


def fresh(user):
    return type(user).objects.get(pk=user.pk)  # no permission cache yet


def test_a_users_own_and_group_permissions_come_in_one_query(staff, django_assert_num_queries):
    user = fresh(staff)
    with django_assert_num_queries(1):
        assert user.has_perm("courses.view_trainee") and user.has_perm("courses.change_nomination")
        assert not user.has_perm("courses.delete_trainee")
    assert ModelBackendOneQuery().get_all_permissions(fresh(staff)) == ModelBackend().get_all_permissions(fresh(staff))


def test_inactive_anonymous_and_object_permissions_are_none(staff, django_assert_num_queries):
    active = fresh(staff)
    staff.is_active = False
    with django_assert_num_queries(0):
        assert ModelBackendOneQuery().get_all_permissions(staff) == set()
        assert ModelBackendOneQuery().get_all_permissions(AnonymousUser()) == set()
        assert ModelBackendOneQuery().get_all_permissions(active, obj=object()) == set()


def test_a_superuser_holds_every_permission(django_assert_num_queries):
    user = fresh(UserFactory(is_staff=True, is_superuser=True))
    with django_assert_num_queries(0):
        assert user.has_perm("courses.delete_trainee")  # Django answers a superuser without asking the backends
    assert ModelBackendOneQuery().get_all_permissions(user) == ModelBackend().get_all_permissions(fresh(user))
