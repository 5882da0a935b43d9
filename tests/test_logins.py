"""Logins: wrong passwords lock a login out for a while (django-axes, counted in the database), on both login
pages; staff lift a lockout from the console; an idle session ends."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
LOGIN_PAGES = ["login", "admin:login"]


@pytest.fixture
def officer(db):
    return UserFactory(username="canbo", is_staff=True)


def attempt(client, page, username, password, **extra):
    return client.post(reverse(page), {"username": username, "password": password}, **extra)


def logged_in(client):
    return SESSION_KEY in client.session


def fail_until_locked(client, page, username):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, page, username, "wrong-password")


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_wrong_passwords_below_the_limit_leave_the_right_one_working(client, officer, page):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert attempt(client, page, "canbo", "wrong-password").status_code == 200
    assert attempt(client, page, "canbo", PASSWORD).status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_after_the_limit_even_the_right_password_is_refused_with_a_page_saying_when_to_try_again(client, officer, page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # asserted in the source language
    fail_until_locked(client, page, "canbo")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        response = attempt(client, page, "canbo", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    assert response["Retry-After"] == str(settings.LOGIN_COOLOFF_MINUTES * 60)
    html = response.content.decode()
    # 09:00 UTC is 16:00 in Hà Nội; the wait restarts with this attempt.
    assert "Please try again after 16:15 on 02/03/2026." in html
    assert "Too many wrong passwords" in html


def test_the_lockout_page_speaks_vietnamese_by_default(client, officer):
    fail_until_locked(client, "login", "canbo")
    html = attempt(client, "login", "canbo", PASSWORD).content.decode()
    assert "Đăng nhập sai mật khẩu quá nhiều lần" in html


def test_a_lockout_on_one_login_page_holds_on_the_other(client, officer):
    fail_until_locked(client, "login", "canbo")
    assert attempt(Client(), "admin:login", "canbo", PASSWORD).status_code == 429


def test_the_lockout_is_kept_in_the_database_so_every_worker_sees_it(client, officer):
    fail_until_locked(client, "login", "canbo")
    assert AccessAttempt.objects.get(username="canbo").failures_since_start == settings.LOGIN_FAILURE_LIMIT
    # A new client (another worker, another server) from the same address is refused as well.
    assert attempt(Client(), "login", "canbo", PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_cool_off(client, officer):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        fail_until_locked(client, "login", "canbo")
    later = start + datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES, seconds=1)
    with time_machine.travel(later, tick=False):
        assert attempt(client, "login", "canbo", PASSWORD).status_code == 302
        assert logged_in(client)


def test_one_user_name_locked_out_leaves_another_user_and_another_address_free(client, officer):
    UserFactory(username="dongnghiep")
    fail_until_locked(client, "login", "canbo")
    assert attempt(client, "login", "dongnghiep", PASSWORD).status_code == 302
    # The same user name from another address: a stranger cannot lock a colleague out.
    assert attempt(Client(), "login", "canbo", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


@override_settings(BEHIND_TLS_PROXY=True)
def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(client, officer):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        # The client claims a new address each time; the proxy appends the real one.
        attempt(client, "login", "canbo", "wrong", HTTP_X_FORWARDED_FOR=f"1.2.3.{_}, 203.0.113.7", **proxy)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    locked = attempt(Client(), "login", "canbo", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert locked.status_code == 429
    other = attempt(Client(), "login", "canbo", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert other.status_code == 302


@override_settings(BEHIND_TLS_PROXY=True)
def test_behind_the_proxy_a_forwarded_value_that_is_no_address_counts_as_the_proxys(client, officer):
    for junk in ("abc", "1.2.3.4, not-an-address", ""):
        attempt(client, "login", "canbo", "wrong", HTTP_X_FORWARDED_FOR=junk, REMOTE_ADDR="10.0.0.1")
    assert AccessAttempt.objects.get().ip_address == "10.0.0.1"


def test_staff_lift_a_lockout_from_the_console(client, officer, superuser):
    fail_until_locked(client, "login", "canbo")
    staff = Client()
    staff.force_login(superuser)
    changelist = staff.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "canbo" in changelist.content.decode()
    pk = AccessAttempt.objects.get(username="canbo").pk
    response = staff.post(reverse("admin:axes_accessattempt_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert attempt(client, "login", "canbo", PASSWORD).status_code == 302
    assert logged_in(client)


def test_staff_lift_a_pause_with_the_consoles_action_and_are_told(client, officer, superuser):
    fail_until_locked(client, "login", "canbo")
    staff = Client()
    staff.force_login(superuser)
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pk = AccessAttempt.objects.get(username="canbo").pk
    response = staff.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "lift_pause", "_selected_action": [pk]},
        follow=True,
    )
    assert "The pause is lifted for 1 login." in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert attempt(client, "login", "canbo", PASSWORD).status_code == 302


def test_a_right_password_resets_the_count(client, officer):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        attempt(client, "login", "canbo", "wrong-password")
    assert attempt(client, "login", "canbo", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        attempt(client, "login", "canbo", "wrong-password")
    assert attempt(client, "login", "canbo", PASSWORD).status_code == 302


# --- the idle timeout ---------------------------------------------------------------------------------------------


def test_a_session_idle_longer_than_the_timeout_is_logged_out(client, officer):
    start = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 1))
        response = client.get(reverse("admin:index"))
        assert not logged_in(client)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_a_session_in_use_stays_open_past_the_idle_timeout(client, officer):
    start = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)
    step = datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT * 2 // 3)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        for _ in range(3):  # twice the timeout in all, never idle for as long as it
            assert client.get(reverse("admin:index")).status_code == 200
            clock.shift(step)
        assert client.get(reverse("admin:index")).status_code == 200
        assert logged_in(client)


def test_the_last_activity_is_written_at_most_once_a_minute(client, officer):
    start = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        client.get(reverse("home"))
        first = client.session["last_activity"]
        clock.shift(datetime.timedelta(seconds=30))
        client.get(reverse("home"))
        assert client.session["last_activity"] == first
        clock.shift(datetime.timedelta(seconds=31))
        client.get(reverse("home"))
        assert client.session["last_activity"] == first + 61


@override_settings(SESSION_IDLE_TIMEOUT=600)
def test_the_idle_timeout_is_a_setting(client, officer):
    start = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        client.get(reverse("home"))
        clock.shift(datetime.timedelta(seconds=599))
        client.get(reverse("home"))
        assert logged_in(client)
        clock.shift(datetime.timedelta(seconds=601))
        client.get(reverse("home"))
        assert not logged_in(client)


def test_the_default_idle_timeout_is_a_working_day_and_shorter_than_the_session_lifetime():
    assert settings.SESSION_IDLE_TIMEOUT == 8 * 3600 < settings.SESSION_COOKIE_AGE
