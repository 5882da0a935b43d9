"""The budget's pages: the leaders' budget page of the dashboard, the request workbook and the class settlement."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses.models import TrainingClass
from partners import selectors as document_selectors
from partners import services as document_services
from partners.models import DocumentKind
from plans import dashboard
from plans.access import dashboard_required, staff_required
from plans.annual_report import annual_report, report_sheets
from plans.budget import money, services
from plans.budget.exports import BudgetRequestExporter
from plans.budget.forms import SettleForm
from plans.budget.models import EXPLAIN_ABOVE_PERCENT, Settlement
from plans.budget.rollup import budget_of, lump_sums
from plans.fulfilment import fulfilment_of
from plans.models import TrainingPlan
from training_portal.admin_utils import error_text
from training_portal.keys import query_int
from training_portal.names import file_name
from training_portal.spreadsheets import SHEET_LANGUAGE, write_xlsx, xlsx_response


def category_rows(figures, fulfilment) -> list[dict]:
    """Per category: its money, its estimate per funding source, the trainees who attended (the dashboard's own
    count, `plans.fulfilment`) and the money spent per trainee."""
    attended = {row.key: row.attended for row in fulfilment.categories}
    sources = [source.label for source in figures.sources]
    rows = []
    for row in figures.categories:
        count = attended.get(row.key, 0)
        cells = list(zip(sources, figures.cells(row), strict=True))  # (source, amount): a phone labels each cell
        rows.append({"row": row, "cells": cells, "trainees": count, "each": money.per(row.money.spent, count)})
    return rows


@require_safe
@dashboard_required
def budget_dashboard(request):
    """Estimate, allocated, spent and settled per funding source and category; cost per trainee and per quarter;
    classes over their estimate. Read only, for leaders and staff, on the dashboard's scope."""
    today = timezone.localdate()
    scope = dashboard.scope_from(request.GET, today)
    figures = budget_of(scope.plans)
    fulfilment = fulfilment_of(scope.plans)
    lumps = lump_sums([p.pk for p in scope.plans])
    report_issued = None
    if scope.plan is not None and request.user.has_perm("partners.view_outgoingdocument"):
        report_issued = document_selectors.latest_issued(kind=DocumentKind.ANNUAL_REPORT, source=scope.plan)
    return render(
        request,
        "budget/dashboard.html",
        {
            "scope": scope,
            "scope_query": urlencode(scope.params),
            "b": figures,
            "categories": category_rows(figures, fulfilment),
            "trainees": fulfilment.total.attended,
            "per_trainee_total": money.per(figures.total.spent, fulfilment.total.attended),
            "quarters": [{"quarter": q, "spent": v} for q, v in figures.quarters.items()],
            "lump_count": lumps[0],
            "lump_sum": lumps[1],
            "computed_at": timezone.localtime(),
            "report_issued": report_issued,
        },
    )


@require_safe
@dashboard_required
def annual_report_xlsx(request):
    """The year's report (`plans.annual_report`) as a workbook, on the dashboard's scope (`?year=&plan=`)."""
    today = timezone.localdate()
    scope = dashboard.scope_from(request.GET, today)
    report = annual_report(scope, today)
    with translation.override(SHEET_LANGUAGE):
        data = write_xlsx(report_sheets(report))
    place = scope.plan.issuing_agency.abbreviation if scope.plan else "ca nuoc"
    return xlsx_response(file_name("bao cao dao tao", scope.year, place, extension="xlsx"), data)


@require_POST
@staff_required("partners.add_outgoingdocument")
def annual_report_draft(request, pk):
    """Draft the year's report on the plan as an official document (or open its draft): the console's page of the
    draft, to complete and issue with a number from the register. Its figures are `plans.annual_report`'s, as the
    workbook's; once issued it cannot be drafted again (a correction is a new document)."""
    plan = get_object_or_404(TrainingPlan, pk=pk)
    try:
        draft = document_services.document_prepare(kind=DocumentKind.ANNUAL_REPORT, source=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        issued = document_selectors.latest_issued(kind=DocumentKind.ANNUAL_REPORT, source=plan)
        if issued is not None:
            return redirect("admin:partners_outgoingdocument_change", issued.pk)
        return redirect(f"{reverse('budget:dashboard')}?{urlencode({'year': plan.year, 'plan': plan.pk})}")
    messages.success(
        request,
        _(
            "The report on %(year)s is drafted with the figures of today: complete its signer and recipients, "
            "preview it, then issue it."
        )
        % {"year": plan.year},
    )
    return redirect("admin:partners_outgoingdocument_change", draft.pk)


@require_safe
@staff_required("plans.view_estimateline")
def request_xlsx(request):
    """The plan's estimate as the workbook sent to the Department of Finance (`?plan=<id>`)."""
    plan = TrainingPlan.objects.select_related("issuing_agency").filter(pk=query_int(request.GET.get("plan"))).first()
    if plan is None:
        raise Http404
    return BudgetRequestExporter(plan).response(None)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required("plans.add_settlement")
def settle(request, pk):
    """A class's estimate beside its spending, per item and source; settling asks a reason for each difference
    beyond the threshold. A settled class shows its settlement."""
    training_class = get_object_or_404(TrainingClass.objects.select_related("target__plan"), pk=pk)
    settlement = (
        Settlement.objects.filter(training_class=training_class)
        .prefetch_related("lines__item", "lines__funding_source")
        .first()
    )
    rows = services.settlement_rows(training_class) if settlement is None else []
    form = SettleForm(request.POST or None, rows=rows)
    if request.method == "POST" and settlement is None and form.is_valid():
        try:
            services.class_settle(
                training_class=training_class,
                reasons=form.reasons(),
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, str(training_class))
            return redirect("budget:settle", pk=training_class.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "budget/settle.html",
        {
            "training_class": training_class,
            "settlement": settlement,
            "form": form,
            "rows": form.bound_rows(),
            "estimate": sum(r["estimate"] for r in rows),
            "actual": sum(r["actual"] for r in rows),
            "ended": training_class.end_date < timezone.localdate(),
            "threshold": EXPLAIN_ABOVE_PERCENT,
        },
        status=status,
    )
