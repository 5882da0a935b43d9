from django.shortcuts import render
from django.views.decorators.http import require_safe

from plans.access import is_leader


@require_safe
def home(request):
    """The landing page: where each kind of user goes next."""
    return render(request, "home.html", {"is_leader": is_leader(request.user)})
