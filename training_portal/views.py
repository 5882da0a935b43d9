from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    """The landing page: where each kind of user goes next ."""
    return render(request, "home.html")


def redirect_back(request, fallback: str):
    """After a POST, back to the page it came from (its `next` field) when that is one of ours, else `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(target)  # an address, never a view name: `next=abc` is a page, not a reverse()
    return redirect(fallback)
