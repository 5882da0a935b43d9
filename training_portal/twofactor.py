"""Two-factor login for the Department's staff: a code from an authenticator app (TOTP, django-otp) after the password.

Who is asked: a staff member (or superuser) with a confirmed device; focal points and leaders keep their password
alone. The password step does not log in such a user: it holds the login in the session (`hold_login`) until the
code step verifies a code (`verify_code`), so a session is never logged in on the password only. When
CONSOLE_REQUIRE_2FA is on, `StaffTwoFactorMiddleware` sends a staff member without a device to enrol before any
other page, and logs out a staff session that was not verified by a code.

A wrong code counts as a failed login for django-axes (the same LOGIN_FAILURE_LIMIT as wrong passwords, then the
same pause), on top of django-otp's own throttle of each device (after n wrong codes in a row, the device refuses
any code for 2^(n-1) seconds).
"""

import time
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import get_user_model, login, logout, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

PENDING_KEY = "twofactor_pending"
ENROL_KEY = "twofactor_enrol_key"
# How long the code step waits after the right password before the password must be given again.
PENDING_SECONDS = 300
DEVICE_NAME = _("Authenticator app")


def may_enrol(user) -> bool:
    """Only the Department's staff (and superusers) turn on two-factor login; focal points and leaders never do."""
    return user.is_authenticated and user.is_active and user.is_staff


def confirmed_device(user) -> TOTPDevice | None:
    if not may_enrol(user):
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def asks_for_code(user) -> bool:
    """Whether logging in as `user` needs a code after the password."""
    return confirmed_device(user) is not None


# --- the login held between the password and the code -------------------------------------------------------------


def hold_login(request, user, *, next_url: str) -> None:
    """The password was right: remember who is logging in (not logged in yet) until the code step."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": int(time.time()),
    }


def held_login(request):
    """(user, backend, next URL) of the login waiting for its code, or None when there is none or it is too old."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model()._default_manager.filter(pk=pending.get("user"), is_active=True).first()
    if user is None or not asks_for_code(user):
        request.session.pop(PENDING_KEY, None)
        return None
    return user, pending["backend"], pending.get("next") or ""


def drop_held_login(request) -> None:
    request.session.pop(PENDING_KEY, None)


def finish_login(request, user, *, backend: str, device: TOTPDevice) -> None:
    """The code was right: log the user in, the session counted as verified by `device`."""
    drop_held_login(request)
    login(request, user, backend=backend)
    otp_login(request, device)


def axes_credentials(user) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def paused(request, user):
    """While django-axes pauses this login (wrong passwords or codes in a row), the page that says until when;
    else None."""
    credentials = axes_credentials(user)
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    return get_lockout_response(request, None, credentials)


def digits(token: str) -> str:
    """A code as typed ("123 456" too), or "" when it is not made of digits."""
    token = "".join(token.split())
    return token if token.isascii() and token.isdigit() and len(token) <= 8 else ""


def verify_code(request, user, token: str) -> TOTPDevice | None:
    """The device that accepts `token` for `user`, or None. A code already used (or an older one) is refused by the
    device (its last verified time step); a wrong code is counted as a failed login by django-axes."""
    token = digits(token)
    device = match_token(user, token) if token else None
    if device is None:
        user_login_failed.send(sender=__name__, credentials=axes_credentials(user), request=request)
    return device


# --- enrolment ------------------------------------------------------------------------------------------------------


def enrolment_device(request, user) -> TOTPDevice:
    """The device being enrolled, not saved: its secret is kept in the session until a code confirms it."""
    key = request.session.get(ENROL_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = request.session[ENROL_KEY] = random_hex(20)
    return TOTPDevice(user=user, key=key, name=str(DEVICE_NAME), confirmed=True)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code, an SVG data URI (nothing loaded from elsewhere)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret as the apps ask for it when typed by hand: base32, in groups of four."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def enrol(request, user, token: str) -> TOTPDevice | None:
    """Confirm the device being enrolled with a code from the app; saved, and this session counted as verified.
    The code confirming it cannot be used again to log in."""
    token = digits(token)
    if not may_enrol(user) or not token:
        return None
    device = enrolment_device(request, user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(token), device.tolerance):
        return None
    device.last_t = totp.t()
    device.save()
    request.session.pop(ENROL_KEY, None)
    otp_login(request, device)
    return device


# --- the setting that makes it required -----------------------------------------------------------------------------


def open_paths() -> set[str]:
    """What a staff member not yet verified may still reach: the enrolment page, logging out, the language switch."""
    return {reverse("login_security"), reverse("logout"), reverse("admin:logout"), reverse("set_language")}


class StaffTwoFactorMiddleware:
    """With CONSOLE_REQUIRE_2FA, a staff session is good only once verified by a code: a staff member without a device
    is sent to enrol first; a session of one with a device that was not verified (logged in before the device was
    enrolled elsewhere) is logged out. Users who are not staff are never concerned."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.CONSOLE_REQUIRE_2FA:
            user = request.user
            if user.is_authenticated and user.is_staff and not user.is_verified() and request.path not in open_paths():
                if asks_for_code(user):
                    logout(request)
                    return redirect_to_login(request.get_full_path())
                return redirect(f"{reverse('login_security')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
