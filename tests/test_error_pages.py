"""The error pages are the site's own, in Vietnamese by default, with its header and a way back, in production
settings (DEBUG=False) too: never Django's English default pages."""

import pytest
from django.template import loader
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production")]

HOME_LINK = 'href="/"'
# What the site's pages say in each language: the header's name of the site and the way back.
SAYS = {
    "vi": ("Cổng quản lý đào tạo, bồi dưỡng", "Về trang chủ"),
    "en": ("Training Portal", "Back to the home page"),
}


@pytest.fixture
def production():
    with override_settings(DEBUG=False):
        yield


def in_language(client, language, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def assert_site_page(response, status, language, *django_defaults):
    assert response.status_code == status
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert f'<html lang="{language}">' in page
    assert HOME_LINK in page
    for text in SAYS[language]:
        assert text in page
    for text in django_defaults:
        assert text not in page
    return page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_server_error_is_the_sites_500_page(settings, language):
    client = in_language(Client(raise_request_exception=False), language, settings)
    with override_settings(ROOT_URLCONF="tests.urls_with_a_broken_view"):
        response = client.get("/broken/")
    assert_site_page(response, 500, language, "Server Error (500)")


def test_the_500_page_renders_with_no_context_and_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = loader.get_template("500.html").render()
    assert 'class="site-header"' in page
    assert HOME_LINK in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_form_refused_by_the_csrf_check_gets_the_sites_page_with_a_way_back(settings, focal_point, language):
    client = in_language(Client(enforce_csrf_checks=True), language, settings)
    client.force_login(focal_point)
    url = reverse("portal:switch_agency")
    page = assert_site_page(client.post(url, {"agency": "1"}), 403, language, "CSRF verification failed", "Forbidden")
    assert f'href="{url}"' in page  # open the page again


def test_the_csrf_page_says_why_in_english_when_asked(settings, client):
    client = in_language(Client(enforce_csrf_checks=True), "en", settings)
    page = client.post(reverse("login"), {"username": "x", "password": "y"}).content.decode()
    assert "the page was probably open too long" in page
    assert "cookies" in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_missing_page_is_the_sites_404_page(settings, client, language):
    in_language(client, language, settings)
    assert_site_page(client.get("/no-such-page/"), 404, language, "Not Found", "The requested resource")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_missing_console_page_is_the_sites_404_page_with_a_way_back_to_the_console(
    settings, client, staff_user, language
):
    in_language(client, language, settings).force_login(staff_user)
    page = assert_site_page(client.get("/admin/no-such-page/"), 404, language, "Not Found")
    assert f'href="{reverse("admin:index")}"' in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_console_page_refused_to_staff_is_the_sites_403_page(settings, client, django_user_model, language):
    officer = django_user_model.objects.create_user("no-perms", password="x", is_staff=True)
    in_language(client, language, settings).force_login(officer)
    response = client.get(reverse("admin:plans_trainingplan_history", args=[PlanFactory().pk]))
    page = assert_site_page(response, 403, language, "403 Forbidden")
    assert f'href="{reverse("admin:index")}"' in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_bad_request_is_the_sites_400_page(settings, client, language):
    in_language(client, language, settings)
    assert_site_page(client.get("/", HTTP_HOST="not allowed!"), 400, language, "Bad Request (400)")
