"""Each person lands where they work after logging in, and the home page offers only what they may open."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"  # tests.factories.UserFactory's
PORTAL, DASHBOARD, CONSOLE = "/portal/", "/dashboard/", "/admin/"


def log_in(client, user, **query):
    url = reverse("login") + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    response = client.post(url, {"username": user.username, "password": PASSWORD, **query}, follow=True)
    assert response.context["user"] == user
    return response


@pytest.mark.parametrize(
    ("persona", "place"),
    [("focal_point", PORTAL), ("leader", DASHBOARD), ("staff_user", CONSOLE), ("superuser", CONSOLE)],
)
def test_after_logging_in_each_person_lands_where_they_work(client, request, persona, place):
    response = log_in(client, request.getfixturevalue(persona))
    assert response.redirect_chain[-1][0] == place
    assert response.status_code == 200


def test_an_account_without_a_role_lands_on_the_home_page_which_says_whom_to_ask(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = log_in(client, UserFactory(username="nobody"))
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Your account has no role on this site yet" in response.content.decode()


def test_a_safe_next_still_wins_over_the_landing(client, focal_point):
    wanted = reverse("portal:nomination_list")
    response = log_in(client, focal_point, next=wanted)
    assert response.redirect_chain[-1][0] == wanted


def test_a_next_to_another_site_is_ignored_and_the_person_lands_where_they_work(client, leader):
    response = log_in(client, leader, next="https://evil.example.com/")
    assert response.redirect_chain[-1][0] == DASHBOARD


def test_the_landing_sends_a_visitor_to_the_login_page(client):
    response = client.get(reverse("landing"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def links(page: str) -> set[str]:
    """The site's three places linked from a page (header and cards)."""
    return {place for place in (PORTAL, DASHBOARD, CONSOLE) if re.search(f'href="{place}"', page)}


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("focal_point", {PORTAL}),
        ("leader", {DASHBOARD}),
        ("staff_user", {CONSOLE, DASHBOARD}),
        ("superuser", {CONSOLE, DASHBOARD}),
    ],
)
def test_the_home_page_offers_only_what_the_person_may_open(client, request, persona, offered):
    client.force_login(request.getfixturevalue(persona))
    assert links(client.get(reverse("home")).content.decode()) == offered


def test_the_home_page_offers_a_visitor_the_login_and_nothing_behind_it(client):
    page = client.get(reverse("home")).content.decode()
    assert links(page) == set()
    assert f'href="{reverse("login")}"' in page


def test_a_focal_point_who_is_also_a_leader_is_offered_both_and_lands_in_the_portal(client, focal_point):
    focal_point.user_permissions.add(Permission.objects.get(codename="view_dashboard", content_type__app_label="plans"))
    client.force_login(focal_point)
    assert links(client.get(reverse("home")).content.decode()) == {PORTAL, DASHBOARD}
    assert client.get(reverse("landing"))["Location"] == PORTAL
