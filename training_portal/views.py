from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback: str):
    """After a POST, back to the page it came from (its `next` field) when that is one of ours, else `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)  # an address, never a view name: `next=abc` is a page, not a reverse()
    return redirect(fallback)


def csrf_failure(request, reason=""):
    """The site's page for a form refused by the CSRF check (settings.CSRF_FAILURE_VIEW), instead of Django's English
    one: most often the form was open longer than the session, or the browser refuses cookies."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
