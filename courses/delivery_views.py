"""Staff pages of a class's delivery beside its attendance grid: the results grid, deciding the class by the
completion rule, and the class's own attendance and result sheets to fill in and import back. Thin: parse, call a
service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses import delivery_excel, results, services
from courses.forms import ResultsGridForm
from courses.models import NominationStatus, TrainingClass
from plans import access
from training_portal.spreadsheets import xlsx_response


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required("courses.change_result")
def results_grid(request, pk):
    """The results of a class on one page: a row per nominee holding a seat, with their attendance, their result and
    what the completion rule says of them; one submit saves every row (`results.results_save`), or nothing."""
    training_class = get_object_or_404(TrainingClass.objects.select_related("course"), pk=pk)
    rows, current = results.results_grid(training_class)
    data = request.POST if request.method == "POST" else None
    form = ResultsGridForm(data, rows=rows, results=current)
    problems = {}
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                results.results_save(training_class=training_class, entries=form.entries(), by=request.user)
            except results.GridRefused as exc:
                problems = exc.problems
                messages.error(request, _("Some rows are wrong: nothing was saved."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Results saved."))
                return redirect("portal:results", pk=training_class.pk)
        status = 400
    verdicts = {v.nomination.pk: v for v in services.completion_verdicts(training_class, rows)}
    shares = services.attendance_shares(training_class, [n.pk for n in rows])
    lines = [
        (nomination, fields, shares[nomination.pk], verdicts[nomination.pk], problems.get(nomination.pk, []))
        for nomination, fields in form.lines
    ]
    context = {
        "training_class": training_class,
        "form": form,
        "lines": lines,
        "decidable": any(v.outcome for v in verdicts.values()),
        "completed": NominationStatus.COMPLETED,
        "decidable_statuses": services.DECIDABLE_STATUSES,
    }
    return render(request, "portal/results.html", context, status=status)


@require_POST
@access.staff_required("courses.change_nomination")
def complete_by_rule(request, pk):
    """Decide every approved or attended nominee of the class by the completion rule, listing who could not be."""
    training_class = get_object_or_404(TrainingClass, pk=pk)
    verdicts = services.class_complete_by_rule(training_class=training_class, by=request.user)
    completed = sum(v.outcome == NominationStatus.COMPLETED for v in verdicts)
    failed = sum(v.outcome == NominationStatus.FAILED for v in verdicts)
    messages.success(
        request,
        _("By the rule: %(completed)s completed, %(failed)s did not complete.")
        % {"completed": completed, "failed": failed},
    )
    undecided = [v for v in verdicts if v.outcome is None]
    if undecided:
        messages.warning(
            request,
            ngettext(
                "%(count)s person could not be decided:",
                "%(count)s people could not be decided:",
                len(undecided),
            )
            % {"count": len(undecided)},
        )
    for verdict in undecided:
        reasons = " ".join(p.message for p in verdict.problems)
        messages.warning(request, f"{verdict.nomination.trainee.full_name}: {reasons}")
    return redirect("portal:results", pk=training_class.pk)


@require_safe
@access.staff_required("courses.change_attendance")
def attendance_sheet(request, pk):
    training_class = get_object_or_404(TrainingClass, pk=pk)
    filename, _mimetype, data = delivery_excel.attendance_sheet(training_class)
    return xlsx_response(filename, data)


@require_safe
@access.staff_required("courses.change_result")
def results_sheet(request, pk):
    training_class = get_object_or_404(TrainingClass, pk=pk)
    filename, _mimetype, data = delivery_excel.results_sheet(training_class)
    return xlsx_response(filename, data)
