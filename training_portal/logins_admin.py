"""The console's page of failed logins (django-axes' AccessAttempt), with a named action that lifts a pause.

Registered in place of axes' own admin by training_portal.apps.LoginsConfig.ready(), after the console has
discovered every app's admin.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class LoginPauseAdmin(AccessAttemptAdmin):
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


def register(site=admin.site) -> None:
    site.unregister(AccessAttempt)
    site.register(AccessAttempt, LoginPauseAdmin)
