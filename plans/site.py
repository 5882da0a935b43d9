"""The site's own pages, the same for every role: the home page and where a user lands after logging in.

What each user may open is decided in one place, `plans.access.Places`; the home page, the header (the `places`
context processor) and the landing only ask it.
"""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from plans.access import Places


def places(request):
    """Context processor: `places`, what the user may open; nothing is asked until a template reads it."""
    return {"places": SimpleLazyObject(lambda: Places(request.user))}


@require_safe
def home(request):
    """The home page: for a visitor, what the site is and the way in; for a user, the parts they may open."""
    return render(request, "home.html")


@require_safe
def landing(request):
    """Where a login ends when no safe `next` was asked for (settings.LOGIN_REDIRECT_URL): the user's place of work."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return redirect(Places(request.user).landing)
