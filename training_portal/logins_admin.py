"""The console's page of failed logins (django-axes' AccessAttempt), with a named action that lifts a pause; axes'
two logs, safe from junk input as our own lists.

Registered in place of axes' own admin by training_portal.apps.LoginsConfig.ready(), after the console has
discovered every app's admin.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from training_portal.admin_utils import JunkSafeAdminMixin


class LoginPauseAdmin(JunkSafeAdminMixin, AccessAttemptAdmin):
    actions = ["lift_pause", *AccessAttemptAdmin.actions]

    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)

    @admin.action(description=_("Lift the pause: let these logins try again now"), permissions=["delete"])
    def lift_pause(self, request, queryset):
        count = queryset.count()
        queryset.delete()
        self.message_user(
            request,
            ngettext("The pause is lifted for %(count)d login.", "The pause is lifted for %(count)d logins.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class LoginLogAdmin(JunkSafeAdminMixin, AccessLogAdmin):
    """axes' log of logins, answering junk ids and filters as our own lists do."""


class FailedLoginLogAdmin(JunkSafeAdminMixin, AccessFailureLogAdmin):
    """axes' log of failed logins, answering junk ids and filters as our own lists do."""


def register(site=admin.site) -> None:
    for model, model_admin in (
        (AccessAttempt, LoginPauseAdmin),
        (AccessLog, LoginLogAdmin),
        (AccessFailureLog, FailedLoginLogAdmin),
    ):
        site.unregister(model)
        site.register(model, model_admin)
