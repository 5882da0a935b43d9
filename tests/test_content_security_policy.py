"""The Content-Security-Policy every page carries (django-csp, settings.CONTENT_SECURITY_POLICY): only the site's own
scripts, styles, images and forms; tests/browser/ checks that the pages keep to it in Chromium."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_the_login_page_allows_only_the_sites_own_scripts_styles_images_and_forms(client):
    assert directives(client.get(reverse("login"))) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }


def test_the_staff_console_carries_the_same_policy(client, superuser):
    client.force_login(superuser)
    assert directives(client.get(reverse("admin:index"))) == directives(client.get(reverse("login")))
