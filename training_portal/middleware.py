import time

from django.conf import settings
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from training_portal.locking import LockBusy, is_lock_timeout


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switch.

    Many office computers run an English browser; the browser's Accept-Language
    must not turn the interface to English for staff who work in Vietnamese.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class RefuseNulMiddleware:
    """Answer a request with a NUL character in its address, query string or form fields with the 400 page.

    No text of ours holds one, PostgreSQL refuses it in any text (a search for `?q=%00` was a server error there),
    and a browser never sends one: it is junk, refused here once for every view rather than in each search."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            message = _("The address or the form sent holds a character no text may contain (NUL).")
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


class LockBusyMiddleware:
    """Answer a request that gave up waiting for rows someone else holds (LOCK_TIMEOUT) with a page that says so,
    status 503, instead of a crash page: its transaction was rolled back and it can simply be tried again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_lock_timeout(exception):
            return None
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("home")
        response = render(request, "busy.html", {"message": LockBusy.message, "back": back}, status=503)
        response["Retry-After"] = "5"
        return response


class IdleSessionMiddleware:
    """Log out a session left idle longer than SESSION_IDLE_TIMEOUT, on top of its absolute lifetime
    (SESSION_COOKIE_AGE).

    The time of the last request is kept in the session, rewritten at most once a minute (ACTIVITY_GRAIN) so that
    not every request saves the session. The clock starts at the login (`start_clock`, connected in
    training_portal/apps.py), whose session is saved anyway.
    """

    KEY = "last_activity"
    ACTIVITY_GRAIN = 60

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def start_clock(cls, sender, request, user, **kwargs):
        if request is not None and hasattr(request, "session"):
            request.session[cls.KEY] = int(time.time())

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if isinstance(last, int) and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif not isinstance(last, int) or now - last >= self.ACTIVITY_GRAIN:
                request.session[self.KEY] = now
        return self.get_response(request)
