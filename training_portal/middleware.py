from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

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
