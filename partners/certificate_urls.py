"""The public verification page of the certificates the department issues (no login)."""

from django.urls import path

from partners import certificate_views

app_name = "certificates"

urlpatterns = [
    path("", certificate_views.verify, name="verify"),
    path("<str:code>/", certificate_views.verify_code, name="verify_code"),
]
