"""Who may see what: the one door every page of the site goes through.

The roles:
- Home Affairs staff (`is_staff`): the staff console; the review page and the documents, each behind its permission;
- a leader (`plans.view_dashboard`): the dashboard, read only (staff see it too);
- a focal point (cán bộ đầu mối): the agency portal, for the agencies they serve (`FocalPoint`) and those only.

One refusal policy, the same on every page:
- an anonymous visitor is sent to the login page, and back after;
- a logged-in user whose role may not use the page gets the site's 403 page (templates/403.html), which says why;
- an object outside the user's agencies is "not found" (404), exactly like an id that does not exist: an outsider
  learns nothing of another agency's data. `restrict` is the one filter that makes it so.
The staff console (/admin/) keeps Django's own policy: its login page for anyone who is not staff.

Views take their decorator from here, never write the checks again; tests/test_url_matrix.py tries every URL as
every persona against this policy.
"""

from functools import cached_property, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from plans.models import Agency

# The agency a focal point of several agencies acts for, chosen in the portal.
ACTING_AGENCY_SESSION_KEY = "portal_agency_id"

NOT_A_FOCAL_POINT = _(
    "Your account is not linked to any agency, so there is nothing to show here. "
    "Ask the Department of Home Affairs to link it to your agency."
)
NOT_A_LEADER = _("The dashboard is for the Department of Home Affairs and the province's leaders.")
NOT_STAFF = _("This page is for the staff of the Department of Home Affairs.")
NO_PERMISSION = _("Your account does not have the permission this page needs. Ask the Department's administrator.")


# --- roles -------------------------------------------------------------------------------------


def is_leader(user) -> bool:
    return user.is_authenticated and user.has_perm("plans.view_dashboard")


def sees_all_agencies(user) -> bool:
    """Home Affairs staff and leaders see every agency's data; a focal point only their own."""
    return user.is_authenticated and (user.is_staff or is_leader(user))


def agencies_of(user) -> QuerySet[Agency]:
    """The agencies a focal point acts for (none for anyone else)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(focal_points__user=user).order_by("name")


class Places:
    """The parts of the site a user may open, and the one they land on after logging in.

    Each part is asked once, when a page first needs it: the header asks on every page, the portal's pages already
    know their user is a focal point.
    """

    def __init__(self, user):
        self.user = user

    @cached_property
    def console(self) -> bool:
        return self.user.is_authenticated and self.user.is_staff

    @cached_property
    def dashboard(self) -> bool:
        return sees_all_agencies(self.user)

    @cached_property
    def portal(self) -> bool:
        return agencies_of(self.user).exists()

    @property
    def any(self) -> bool:
        return self.console or self.portal or self.dashboard

    @property
    def landing(self) -> str:
        """The URL name of where the user works: staff in the console, a focal point in the portal, a leader on the
        dashboard; anyone else (no role yet) on the home page, which says what to ask for."""
        if self.console:
            return "admin:index"
        if self.portal:
            return "portal:class_list"
        if self.dashboard:
            return "dashboard:index"
        return "home"


# --- what they may see -------------------------------------------------------------------------


def restrict(queryset: QuerySet, user, *, agency: str = "agency") -> QuerySet:
    """The rows of `queryset` the user may see: all for staff and leaders, their agencies' for a focal point,
    none for anyone else. `agency` is the path from the rows to their agency ("pk" for agencies themselves)."""
    if sees_all_agencies(user):
        return queryset
    return queryset.filter(**{f"{agency}__in": agencies_of(user)})


def get_visible(queryset: QuerySet, user, *, agency: str = "agency", **lookup):
    """One row the user may see, or 404: another agency's id is as good as one that does not exist."""
    try:
        return restrict(queryset, user, agency=agency).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_in_portal(queryset: QuerySet, request, *, agency: str = "agency", **lookup):
    """One row of the agencies the focal point acts for in the portal (`focal_point_required` has read them into
    `request.portal_agencies`), or 404 — the portal's pages show their own agencies' rows, whatever other role the
    account also holds, and ask no permission of the database."""
    try:
        return queryset.filter(**{f"{agency}__in": [a.pk for a in request.portal_agencies]}).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def act_for(request, agency_id) -> Agency:
    """Make one of the focal point's agencies the one the portal acts for; 404 for any other."""
    try:
        chosen = agencies_of(request.user).get(pk=agency_id)
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    request.session[ACTING_AGENCY_SESSION_KEY] = chosen.pk
    return chosen


# --- the decorators views use ------------------------------------------------------------------


def door(refusal):
    """A view decorator from `refusal(user)`, the reason a logged-in user may not use the page (None: they may).

    Anonymous → the login page; refused → the 403 page, which shows the reason.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            reason = refusal(request.user)
            if reason is not None:
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# The dashboard: staff and leaders.
dashboard_required = door(lambda user: None if sees_all_agencies(user) else NOT_A_LEADER)


def staff_required(permission: str):
    """A staff page: Home Affairs staff holding `permission` (superusers hold every one)."""

    def refusal(user):
        if not user.is_staff:
            return NOT_STAFF
        return None if user.has_perm(permission) else NO_PERMISSION

    return door(refusal)


def focal_point_required(view):
    """The portal: a focal point, acting for one of their agencies, which is passed to the view after `request`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        agencies = list(agencies_of(request.user))
        if not agencies:
            raise PermissionDenied(NOT_A_FOCAL_POINT)
        chosen = request.session.get(ACTING_AGENCY_SESSION_KEY)
        agency = next((a for a in agencies if a.pk == chosen), agencies[0])
        request.portal_agencies = agencies
        return view(request, agency, *args, **kwargs)

    return wrapper
