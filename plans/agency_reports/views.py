"""The agencies' training reports: the portal's pages (a focal point sends the acting agency's report, and sees only
that agency's) and the staff's page of a round (who has reported, who is late, accept or return)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans import access
from plans.agency_reports import excel, selectors, services
from plans.agency_reports.forms import DecisionForm, ReportForm, RoundForm, UploadForm
from plans.agency_reports.models import AgencyTrainingReport, ReportingRound, ReportStatus
from plans.models import TrainingCategory
from training_portal.spreadsheets import SpreadsheetError, xlsx_response


def report_categories():
    """The categories an agency reports by: those without subcategories, in the plan's order."""
    return TrainingCategory.objects.filter(children__isnull=True).order_by("order", "code")


def round_of_year(year) -> ReportingRound:
    found = ReportingRound.objects.filter(year=year).first()
    if found is None:
        raise Http404
    return found


# --- the portal ------------------------------------------------------------------------------------------------


@require_safe
@access.focal_point_required
def portal_reports(request, agency):
    """The rounds, each with the acting agency's report (or none yet)."""
    reports = {r.round_id: r for r in AgencyTrainingReport.objects.filter(agency=agency)}
    today = timezone.localdate()
    rounds = [
        {"round": r, "report": reports.get(r.pk), "past": today > r.deadline} for r in ReportingRound.objects.all()
    ]
    return render(request, "portal/reports.html", {"agency": agency, "rounds": rounds})


@require_http_methods(["GET", "HEAD", "POST"])
@access.focal_point_required
def portal_report(request, agency, year):
    """The acting agency's report for `year`: the form while it may be sent (not yet, or returned), else the report."""
    reporting_round = round_of_year(year)
    report = (
        AgencyTrainingReport.objects.filter(round=reporting_round, agency=agency)
        .prefetch_related("lines__category", "events__by")
        .first()
    )
    editable = report is None or report.status == ReportStatus.RETURNED
    initial = ReportForm.initial_from(report) if report else None
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, initial=initial, categories=report_categories())
    upload = UploadForm()
    errors = []
    status = 200
    if request.method == "POST" and "file" in request.FILES:
        form = ReportForm(None, initial=initial, categories=report_categories())
        upload = UploadForm(request.POST, request.FILES)
        status = 400
        if not editable:
            upload.add_error(None, _("The report was already sent; it can be changed only if it is returned."))
        elif upload.is_valid():
            try:
                lines, errors = excel.read_report(upload.cleaned_data["file"], report_categories())
                if not errors:
                    services.report_submit(agency=agency, reporting_round=reporting_round, lines=lines, by=request.user)
                    messages.success(request, _("The report was sent to the Department of Home Affairs."))
                    return redirect("portal:report", year=year)
            except SpreadsheetError as exc:
                upload.add_error("file", str(exc))
            except ValidationError as exc:
                upload.add_error(None, exc)
    elif request.method == "POST":
        status = 400
        if editable and form.is_valid():
            try:
                services.report_submit(
                    agency=agency,
                    reporting_round=reporting_round,
                    lines=form.lines(),
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The report was sent to the Department of Home Affairs."))
                return redirect("portal:report", year=year)
        elif not editable:
            form.is_valid()
            form.add_error(None, _("The report was already sent; it can be changed only if it is returned."))
    return render(
        request,
        "portal/report.html",
        {
            "agency": agency,
            "round": reporting_round,
            "report": report,
            "editable": editable,
            "form": form,
            "upload": upload,
            "errors": errors,
            "late_now": timezone.localdate() > reporting_round.deadline,
        },
        status=status,
    )


@require_safe
@access.focal_point_required
def portal_report_template(request, agency, year):
    """The Excel template of the year's report: one row per category, the figures to fill in."""
    reporting_round = round_of_year(year)
    filename, data = excel.report_template(reporting_round.year, report_categories())
    return xlsx_response(filename, data)


@require_safe
@access.focal_point_required
def portal_report_detail(request, agency, pk):
    """One report of the acting agency by its number (another agency's is not found)."""
    report = get_object_or_404(AgencyTrainingReport.objects.select_related("round"), pk=pk, agency=agency)
    return redirect("portal:report", year=report.round.year)


# --- the staff's page ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required("plans.view_agencytrainingreport")
def rounds(request):
    """The rounds; staff with the permission open one or move its deadline."""
    form = RoundForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if not request.user.has_perm("plans.add_reportinground"):
            raise PermissionDenied(access.NO_PERMISSION)
        if form.is_valid():
            try:
                opened = services.round_open(**form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("agency_reports:round", year=opened.year)
    return render(
        request,
        "agency_reports/rounds.html",
        {"rounds": ReportingRound.objects.annotate(sent=Count("reports")), "form": form},
        status=status,
    )


@require_safe
@access.staff_required("plans.view_agencytrainingreport")
def round_page(request, year):
    """Every agency expected to report in the round, late ones first, with its report and the decision forms."""
    reporting_round = round_of_year(year)
    rows = selectors.round_overview(reporting_round, timezone.localdate())
    return render(
        request,
        "agency_reports/round.html",
        {
            "round": reporting_round,
            "rows": rows,
            "late": [row for row in rows if row.late],
            "missing": sum(1 for row in rows if row.report is None),
            "reported": selectors.reported_training(reporting_round.year),  # what the annual report prints
        },
    )


@require_POST
@access.staff_required("plans.change_agencytrainingreport")
def decide(request, pk):
    """Accept a report awaiting review, or return it with the reason."""
    report = get_object_or_404(AgencyTrainingReport.objects.select_related("round", "agency"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or return the report."))
        return redirect("agency_reports:round", year=report.round.year)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.report_accept(report=report, by=request.user)
            messages.success(request, _("%(agency)s: report accepted.") % {"agency": report.agency})
        else:
            services.report_return(report=report, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("%(agency)s: report returned.") % {"agency": report.agency})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("agency_reports:round", year=report.round.year)
