"""Two-factor login: staff enrol an authenticator app, and then log in with its code after the password on both login
pages; a wrong or reused code is refused and counted by django-axes; CONSOLE_REQUIRE_2FA sends staff without an app
to enrol first; focal points and leaders are never asked."""

import datetime
import os
import subprocess
import sys

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from training_portal import twofactor

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
LOGIN_PAGES = ["login", "admin:login"]
NOON = datetime.datetime(2026, 3, 2, 5, 0, tzinfo=datetime.UTC)


def code_for(key_hex: str, at: datetime.datetime = NOON, steps: int = 0) -> str:
    """The code an authenticator app shows for this secret at that moment (or `steps` periods later)."""
    clock = TOTP(bytes.fromhex(key_hex))
    clock.time = at.timestamp() + 30 * steps
    return f"{clock.token():06d}"


@pytest.fixture(autouse=True)
def frozen_clock():
    """The codes are those of one moment; sessions are created, read and expire on the same clock."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer(db):
    return UserFactory(username="canbo", is_staff=True)


@pytest.fixture
def device(officer):
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def logged_in(client):
    return SESSION_KEY in client.session


def password_step(client, page, username="canbo", **data):
    return client.post(reverse(page), {"username": username, "password": PASSWORD, **data})


def code_step(client, code):
    return client.post(reverse("login_code"), {"code": code})


# --- enrolment ------------------------------------------------------------------------------------------------------


def test_a_staff_member_enrols_an_app_by_scanning_the_qr_code_and_confirming_a_code(client, officer):
    client.force_login(officer)
    page = client.get(reverse("login_security"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    key = client.session[twofactor.ENROL_KEY]
    response = client.post(reverse("login_security"), {"code": code_for(key)})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed and device.key == key
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # this session counts as verified
    assert twofactor.ENROL_KEY not in client.session


def test_a_wrong_code_does_not_enrol_the_app(client, officer):
    client.force_login(officer)
    client.get(reverse("login_security"))
    key = client.session[twofactor.ENROL_KEY]
    response = client.post(reverse("login_security"), {"code": code_for(key, steps=5)})
    assert response.status_code == 400
    assert not TOTPDevice.objects.exists()


def test_the_code_that_confirmed_the_enrolment_cannot_log_in_again(client, officer):
    client.force_login(officer)
    client.get(reverse("login_security"))
    key = client.session[twofactor.ENROL_KEY]
    client.post(reverse("login_security"), {"code": code_for(key)})
    other = Client()
    password_step(other, "login")
    assert code_step(other, code_for(key)).status_code == 400
    assert not logged_in(other)


def test_focal_points_and_leaders_have_no_enrolment_page(client, focal_point, leader):
    for user in (focal_point, leader):
        client.force_login(user)
        assert client.get(reverse("login_security")).status_code == 403


# --- the code after the password ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_staff_with_an_app_give_its_code_after_the_password(client, device, page):
    response = password_step(client, page, next="/admin/plans/")
    assert response.status_code == 302 and response["Location"] == reverse("login_code")
    assert not logged_in(client)  # the password alone logs nobody in
    assert client.get(reverse("admin:index")).status_code == 302
    response = code_step(client, code_for(device.key))
    assert response.status_code == 302 and response["Location"] == "/admin/plans/"
    assert logged_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_a_wrong_code_is_refused(client, device, page):
    password_step(client, page)
    response = code_step(client, code_for(device.key, steps=4))
    assert response.status_code == 400
    assert not logged_in(client)


def test_a_code_already_used_is_refused(client, device):
    code = code_for(device.key)
    password_step(client, "login")
    assert code_step(client, code).status_code == 302
    client.post(reverse("logout"))
    password_step(client, "login")
    response = code_step(client, code)
    assert response.status_code == 400
    assert not logged_in(client)


def test_wrong_codes_count_as_failed_logins_and_pause_the_login(client, device):
    password_step(client, "login")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert code_step(client, "000000").status_code == 400
    assert code_step(client, "000000").status_code == 429  # the same pause as for wrong passwords
    assert AccessAttempt.objects.get(username="canbo").failures_since_start == settings.LOGIN_FAILURE_LIMIT
    # Paused: even the password step is refused now, and the right code no longer helps.
    assert password_step(Client(), "login").status_code == 429
    assert code_step(client, code_for(device.key)).status_code == 429
    assert not logged_in(client)
    assert code_step(client, code_for(device.key))["Location"] == reverse("login")  # the held login is dropped


def test_the_code_step_without_a_right_password_first_goes_back_to_the_login(client, device):
    assert code_step(client, "123456")["Location"] == reverse("login")
    assert client.get(reverse("login_code"))["Location"] == reverse("login")


def test_the_code_step_expires_and_the_password_is_asked_again(client, device, frozen_clock):
    password_step(client, "login")
    later = NOON + datetime.timedelta(seconds=twofactor.PENDING_SECONDS + 1)
    frozen_clock.move_to(later)
    response = code_step(client, code_for(device.key, at=later))
    assert response["Location"] == reverse("login")
    assert not logged_in(client)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_staff_without_an_app_log_in_with_the_password(client, officer, page):
    assert password_step(client, page).status_code == 302
    assert logged_in(client)


def test_focal_points_are_never_asked_for_a_code(client, focal_point):
    # Even with a device somehow recorded for them, a focal point logs in with the password alone.
    TOTPDevice.objects.create(user=focal_point, name="phone", confirmed=True)
    response = password_step(client, "login", username="focal")
    assert response.status_code == 302 and response["Location"] != reverse("login_code")
    assert logged_in(client)


# --- required for the console -----------------------------------------------------------------------------------


@override_settings(CONSOLE_REQUIRE_2FA=True)
def test_when_required_a_staff_member_without_an_app_is_sent_to_enrol_first(client, officer):
    client.force_login(officer)
    for url in (reverse("admin:index"), reverse("admin:plans_agency_changelist"), reverse("home")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login_security") + "?next=")
    assert client.get(reverse("login_security")).status_code == 200


@override_settings(CONSOLE_REQUIRE_2FA=True)
def test_when_required_a_session_not_verified_by_a_code_is_logged_out(client, device):
    client.force_login(device.user)  # e.g. a session opened before the app was enrolled elsewhere
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not logged_in(client)


@override_settings(CONSOLE_REQUIRE_2FA=True)
def test_when_required_a_staff_member_verified_by_a_code_reaches_the_console(client, device):
    password_step(client, "admin:login")
    code_step(client, code_for(device.key))
    assert client.get(reverse("admin:index")).status_code == 200


@override_settings(CONSOLE_REQUIRE_2FA=True)
def test_when_required_focal_points_are_still_not_asked(client, focal_point):
    assert password_step(client, "login", username="focal").status_code == 302
    assert client.get(reverse("portal:class_list")).status_code == 200


def test_the_requirement_is_on_in_production_and_off_in_development():
    def setting(debug):
        env = {**os.environ, "DEBUG": debug, "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.gov.vn"}
        env.pop("CONSOLE_REQUIRE_2FA", None)
        code = "from django.conf import settings; print(settings.CONSOLE_REQUIRE_2FA)"
        env["DJANGO_SETTINGS_MODULE"] = "training_portal.settings"
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    assert setting("0") == "True"
    assert setting("1") == "False"


# --- a lost phone ---------------------------------------------------------------------------------------------------


def test_staff_remove_a_lost_device_in_the_console_and_its_owner_logs_in_with_the_password(client, device, superuser):
    console = Client()
    console.force_login(superuser)
    assert console.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    response = console.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert password_step(client, "login").status_code == 302
    assert logged_in(client)


def test_the_console_shows_no_device_secret_and_adds_none(device, superuser):
    console = Client()
    console.force_login(superuser)
    assert device.key not in console.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert console.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
