"""Django's model backend, reading a user's permissions in one query instead of two.

`ModelBackend.get_all_permissions` reads the user's own permissions, then their groups', in two queries, the first
time a request asks a permission. Every staff page asks one (`plans.access.staff_required`), so that is two queries
on each page for every staff member who is not a superuser (superusers are answered without a query). Here both
come in one query; what it answers, and every cache it fills, is Django's own: `user_permissions` and `groups`
permissions of an active user, none for an inactive or anonymous one or for an object.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class ModelBackendOneQuery(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                permissions = Permission.objects.all()
            else:
                permissions = Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list("content_type__app_label", "codename").order_by()
            }
        return user_obj._perm_cache
