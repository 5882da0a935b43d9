"""The console's page of staff members' authenticator apps (django-otp's TOTP devices): read only; deleting one is
how a lost phone is reset (the owner logs in with the password alone, then enrols again).

Registered in place of django-otp's own page (which shows the secret and adds devices for others) by
training_portal.apps.TwoFactorConfig.ready(), after the console has discovered every app's admin.
"""

from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from training_portal.admin_utils import JunkSafeAdminMixin


class DeviceAdmin(JunkSafeAdminMixin, admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at", "throttling_failure_count"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # a device is enrolled by its owner, on their "Login security" page

    def has_change_permission(self, request, obj=None):
        return False


def register(site=admin.site) -> None:
    if site.is_registered(TOTPDevice):
        site.unregister(TOTPDevice)
    site.register(TOTPDevice, DeviceAdmin)
