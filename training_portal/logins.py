"""Logins: the client's address and the page a locked-out login attempt answers (django-axes' hooks, settings.py)."""

import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The address the request came from.

    Behind the TLS proxy (BEHIND_TLS_PROXY) every request comes from the proxy, which appends the client's address
    to X-Forwarded-For: the last entry is the one it wrote, the earlier ones are whatever the client claimed.
    Anything that is not an address (a proxy that passes the header on unchanged) counts as the proxy's own.
    """
    if settings.BEHIND_TLS_PROXY:
        last = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page of a login attempt refused because of too many wrong passwords: it says when to try again.

    Every attempt during the lockout restarts the wait, so the time is counted from now.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    retry_at = timezone.localtime(timezone.now() + cool_off)
    response = render(
        request,
        "registration/locked_out.html",
        {"retry_at": retry_at, "minutes": int(cool_off.total_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
