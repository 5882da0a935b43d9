"""The leadership dashboard (/dashboard/): figures, drill-downs and exports, read only."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from plans import dashboard, dashboard_compliance, dashboard_documents
from plans.access import dashboard_required

AGENCY_ROWS_SHOWN = 30
DRILL_PAGE_SIZE = 50


def _figures(request, *, every_alert_row: bool = False):
    today = timezone.localdate()
    scope = dashboard.scope_from(request.GET, today)
    return dashboard.build_dashboard(scope, today, every_alert_row=every_alert_row)


def _download(rendered) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.mimetype)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    return response


@require_safe
@dashboard_required
def index(request):
    figures = _figures(request)
    scope_query = urlencode(figures.scope.params)
    agencies, sort = dashboard.sort_agencies(figures.agencies, request.GET.get("sort", ""))
    show_all = request.GET.get("all") == "1"
    columns = []
    for key, label in dashboard_documents.agency_columns():
        current = sort.lstrip("-") == key
        wanted = key if (not current or sort.startswith("-")) else f"-{key}"
        columns.append(
            {
                "key": key,
                "label": label,
                "url": f"?{scope_query}&{urlencode({'sort': wanted, 'all': '1' if show_all else ''})}#agencies",
                "arrow": ("▼" if sort.startswith("-") else "▲") if current else "",
            }
        )
    return render(
        request,
        "dashboard/index.html",
        {
            "d": figures,
            "scope": figures.scope,
            "scope_query": scope_query,
            # Resolved once: the page links every figure to its rows, hundreds of links.
            "classes_url": reverse("dashboard:classes"),
            "allotments_url": reverse("dashboard:allotments"),
            "nominations_url": reverse("dashboard:nominations"),
            "charts": dashboard_documents.charts_for(figures),
            "agencies": agencies if show_all else agencies[:AGENCY_ROWS_SHOWN],
            "agencies_hidden": 0 if show_all else max(0, len(agencies) - AGENCY_ROWS_SHOWN),
            "all_agencies_url": f"?{scope_query}&{urlencode({'sort': sort, 'all': '1'})}#agencies",
            "columns": columns,
            "computed_at": timezone.localtime(),
            # Who is behind on the training requirements: its own block (templates/compliance/_dashboard_block.html).
            "compliance": dashboard_compliance.compliance_block(figures.scope, figures.today),
        },
    )


def _drill_page(request, template: str, rows, heading: str, totals=None):
    today = timezone.localdate()
    scope = dashboard.scope_from(request.GET, today)
    query = request.GET.copy()
    query.pop("page", None)
    drill = dashboard.Drill.from_params(request.GET)
    found = rows(scope, drill, today)
    page = Paginator(found, DRILL_PAGE_SIZE).get_page(request.GET.get("page"))
    back = reverse("dashboard:index") + "?" + urlencode(scope.params)
    return render(
        request,
        template,
        {
            "scope": scope,
            "page": page,
            "query": query.urlencode(),
            "heading": heading,
            "back": back,
            "filters": dashboard.drill_filters(drill),
            "totals": totals(found) if totals else None,
        },
    )


@require_safe
@dashboard_required
def classes(request):
    """The classes behind a figure of the dashboard."""
    return _drill_page(request, "dashboard/classes.html", dashboard.drill_classes, _("Classes behind the figure"))


@require_safe
@dashboard_required
def allotments(request):
    """The seat allotments behind a figure of the dashboard, with their sums (the figure clicked)."""
    return _drill_page(
        request,
        "dashboard/allotments.html",
        dashboard.drill_allotments,
        _("Seat allotments behind the figure"),
        totals=dashboard.allotment_totals,
    )


@require_safe
@dashboard_required
def nominations(request):
    """The nominations behind a figure of the dashboard."""
    return _drill_page(
        request,
        "dashboard/nominations.html",
        lambda scope, drill, today: dashboard.drill_nominations(scope, drill),
        _("Nominations behind the figure"),
    )


@require_safe
@dashboard_required
def export_xlsx(request):
    # A spreadsheet lists every row of each alert (the page and the PDF show the first ones and the count).
    return _download(dashboard_documents.render_xlsx(_figures(request, every_alert_row=True)))


@require_safe
@dashboard_required
def export_pdf(request):
    return _download(dashboard_documents.render_pdf(_figures(request)))
