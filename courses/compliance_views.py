"""Who is behind, as pages: the province's agencies and people for staff and leaders (on the dashboard, read only),
one agency's people for its focal point (in the portal, their own agency only), and each list as Excel.

Thin: read the filters, ask courses.compliance, render. Junk in the query string falls back to the defaults.
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from courses.compliance import LIST_TITLES, BehindExporter, Filters, agency_shares, behind_page
from courses.exceptions import (
    ExceptionExporter,
    ExceptionFilters,
    exception_years,
    exceptions_in,
    nomination_status_label,
)
from courses.models import OverridableRule, TrainingRequirement
from plans import access
from plans.models import Agency
from training_portal.keys import query_int

KIND_CHOICES = [("", _("Every list")), *((kind.value, title) for kind, title in LIST_TITLES.items())]


class BehindFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(label=_("List"), choices=KIND_CHOICES, required=False)
    requirement = forms.ModelChoiceField(
        label=_("Requirement"),
        queryset=TrainingRequirement.objects.filter(active=True).order_by("deadline", "code"),
        required=False,
        empty_label=_("Every requirement"),
    )


def _filters(request, *, agency_ids) -> tuple[BehindFilterForm, Filters, dict]:
    today = timezone.localdate()
    form = BehindFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    requirement = data.get("requirement")
    filters = Filters(
        year=data.get("year") or today.year,
        today=today,
        agency_ids=agency_ids,
        requirement_id=requirement.pk if requirement else None,
        kind=data.get("kind") or "",
    )
    query = {
        "year": filters.year,
        "kind": filters.kind,
        "requirement": filters.requirement_id or "",
    }
    return form, filters, query


def _page_number(request) -> int:
    return max(1, min(query_int(request.GET.get("page")) or 1, 10**6))


# --- staff and leaders: the province -------------------------------------------------------------------------------


@require_safe
@access.dashboard_required
def province(request):
    """Per agency: its people, how many are behind, the share compliant; each links to its people."""
    form, filters, query = _filters(request, agency_ids=None)
    shares = sorted(agency_shares(filters), key=lambda s: (s.share if s.share is not None else 101, s.name))
    return render(
        request,
        "compliance/province.html",
        {
            "form": form,
            "filters": filters,
            "shares": shares,
            "query": urlencode(query),
            "people_url": reverse("dashboard:compliance_people"),
            "totals": {
                "people": sum(s.people for s in shares),
                "behind": sum(s.behind for s in shares),
                "near": sum(s.near for s in shares),
            },
        },
    )


@require_safe
@access.dashboard_required
def people(request):
    """The people behind (or near a deadline), with the reason: the province's, or one agency's."""
    agency_id = query_int(request.GET.get("agency"))
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id is not None else None
    form, filters, query = _filters(request, agency_ids=(agency.pk,) if agency else None)
    if agency:
        query["agency"] = agency.pk
    return render(
        request,
        "compliance/people.html",
        {
            "form": form,
            "filters": filters,
            "agency": agency,
            "page": behind_page(filters, _page_number(request)),
            "query": urlencode(query),
            "back": reverse("dashboard:compliance")
            + "?"
            + urlencode({k: v for k, v in query.items() if k != "agency"}),
            "export_url": reverse("dashboard:compliance_xlsx") + "?" + urlencode(query),
        },
    )


@require_safe
@access.dashboard_required
def people_xlsx(request):
    agency_id = query_int(request.GET.get("agency"))
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id is not None else None
    _form, filters, _query = _filters(request, agency_ids=(agency.pk,) if agency else None)
    return BehindExporter().response(filters)


# --- a focal point: their own agency -------------------------------------------------------------------------------


@require_safe
@access.focal_point_required
def portal_people(request, agency):
    form, filters, query = _filters(request, agency_ids=(agency.pk,))
    return render(
        request,
        "compliance/portal.html",
        {
            "agency": agency,
            "form": form,
            "filters": filters,
            "page": behind_page(filters, _page_number(request)),
            "query": urlencode(query),
            "export_url": reverse("portal:compliance_xlsx") + "?" + urlencode(query),
        },
    )


@require_safe
@access.focal_point_required
def portal_people_xlsx(request, agency):
    _form, filters, _query = _filters(request, agency_ids=(agency.pk,))
    return BehindExporter().response(filters)


# --- exceptions to the rules of eligibility: staff and leaders (courses/exceptions.py) ------------------------------


RULE_CHOICES = [("", _("Every rule")), *OverridableRule.choices]


class ExceptionFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year decided"), coerce=int, required=False, empty_value=None)
    rule = forms.ChoiceField(label=_("Rule lifted"), choices=RULE_CHOICES, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Every year")), *((year, str(year)) for year in years)]


def _exception_filters(request) -> tuple[ExceptionFilterForm, ExceptionFilters, dict]:
    years = exception_years()
    data = request.GET if "year" in request.GET or "rule" in request.GET else {"year": str(years[0])}
    form = ExceptionFilterForm(data, years=years)
    cleaned = form.cleaned_data if form.is_valid() else {"year": years[0], "rule": ""}
    filters = ExceptionFilters(year=cleaned.get("year"), rule=cleaned.get("rule") or "")
    return form, filters, {"year": filters.year or "", "rule": filters.rule}


@require_safe
@access.dashboard_required
def exceptions(request):
    """The exceptions staff decided: whom, which rule, for what, why, who and when, and whether it was used."""
    form, filters, query = _exception_filters(request)
    page = Paginator(exceptions_in(filters), 50).get_page(_page_number(request))
    for exception in page:
        exception.nomination_status_label = nomination_status_label(exception.nomination_status)
    return render(
        request,
        "compliance/exceptions.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": urlencode(query),
            "export_url": reverse("dashboard:exceptions_xlsx") + "?" + urlencode(query),
        },
    )


@require_safe
@access.dashboard_required
def exceptions_xlsx(request):
    _form, filters, _query = _exception_filters(request)
    return ExceptionExporter().response(filters)
