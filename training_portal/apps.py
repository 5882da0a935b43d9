"""Logins: django-axes' tables (failed logins and lockouts) under the site's heading in the console, with a named
action that lifts a pause (training_portal/logins_admin.py), and the idle clock of a session
(training_portal.middleware.IdleSessionMiddleware) started as the user logs in."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig

from training_portal.middleware import IdleSessionMiddleware


class LoginsConfig(AxesAppConfig):
    verbose_name = _("Failed logins and lockouts")

    def ready(self):
        super().ready()
        # The console's page imports axes' models: only once every app is loaded, as Django's own checks do.
        from training_portal import logins_admin

        logins_admin.register()
        user_logged_in.connect(IdleSessionMiddleware.start_clock, dispatch_uid="training_portal.idle_session")


class ConsoleConfig(AdminConfig):
    """The staff console (django.contrib.admin) on our site class, whose login asks staff for their code."""

    default_site = "training_portal.twofactor_views.ConsoleSite"


class TwoFactorConfig(TOTPConfig):
    """django-otp's authenticator-app devices, with the console's page that lets staff remove a lost one."""

    verbose_name = _("Two-factor login")

    def ready(self):
        super().ready()
        # Registered in place of django-otp's own page, once the console has discovered every app's admin.
        from training_portal import twofactor_admin

        twofactor_admin.register()
