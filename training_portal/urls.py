from django.contrib import admin
from django.urls import include, path

from training_portal import twofactor_views

urlpatterns = [
    # The home page and the landing after login ask plans.access what the user may open.
    path("", include("plans.site_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("documents/", include("partners.urls")),
    # The public verification page of the certificates the department issues (no login).
    path("verify/", include("partners.certificate_urls")),
    # Django's login page, with the code step after it for staff who turned two-factor login on.
    path("accounts/login/", twofactor_views.TwoStepLoginView.as_view(), name="login"),
    path("accounts/login/code/", twofactor_views.login_code, name="login_code"),
    path("accounts/security/", twofactor_views.login_security, name="login_security"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("portal/", include("courses.urls")),
    path("dashboard/", include("plans.urls")),
    path("budget/", include("plans.budget.urls")),
    path("agency-reports/", include("plans.agency_reports.urls")),
]

# MEDIA_ROOT is never served as files, not even in development: issued documents are
# downloaded through partners.views, which checks who is asking.
