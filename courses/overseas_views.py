"""Overseas classes: the candidates of each agency ranked by the province's scheme, then the selection.

Staff see every agency with seats in the class and nominate the chosen ones as a batch (the rules of every
nomination, `services.nominations_import`); a focal point sees their own agency's ranking and nominates one
person at a time through the portal's nominate action (a batch of one).
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from courses import overseas, selectors, services
from courses.models import NominationStatus, SeatAllotment, TrainingClass
from courses.refusals import Refusal, message
from plans import access


class SelectionForm(forms.Form):
    """The people staff choose among an agency's ranked candidates."""

    trainees = forms.TypedMultipleChoiceField(label=gettext_lazy("People chosen"), coerce=int, choices=())
    reason = forms.CharField(
        label=gettext_lazy("Note for the record"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("e.g. the meeting or letter that chose them."),
    )

    def __init__(self, *args, selectable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainees"].choices = [(pk, str(pk)) for pk in selectable]
        self.fields["trainees"].error_messages["required"] = message(Refusal.NOT_SELECTED)


def _chosen_allotment(allotments: list[SeatAllotment], value) -> SeatAllotment | None:
    by_pk = {str(a.agency_id): a for a in allotments}
    return by_pk.get(str(value)) or (allotments[0] if allotments else None)


@require_http_methods(["GET", "HEAD", "POST"])
@access.staff_required("courses.add_nomination")
def staff_candidates(request, pk):
    training_class = get_object_or_404(TrainingClass.objects.select_related("target__category", "course"), pk=pk)
    allotments = list(
        SeatAllotment.objects.filter(training_class=training_class).select_related("agency").order_by("agency__name")
    )
    chosen = _chosen_allotment(allotments, request.POST.get("agency") or request.GET.get("agency"))
    candidates = overseas.ranked_candidates(training_class, chosen.agency) if chosen else []
    form = SelectionForm(
        request.POST if request.method == "POST" else None,
        selectable=[c.trainee.pk for c in candidates if c.can_select],
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and chosen is not None:
            rows = [
                {
                    "trainee_id": trainee_id,
                    "training_class_id": training_class.pk,
                    "agency_id": chosen.agency_id,
                    "status": NominationStatus.NOMINATED,
                    "reason": "",
                }
                for trainee_id in form.cleaned_data["trainees"]
            ]
            reason = form.cleaned_data["reason"] or _("Chosen from the ranked candidates of %(agency)s.") % {
                "agency": chosen.agency.name
            }
            try:
                services.nominations_import(rows=rows, by=request.user, reason=reason)
            except services.BatchRefused as exc:
                messages.error(request, " ".join(why for _field, why in exc.problems.values()))
            else:
                messages.success(request, _("%(count)s people nominated.") % {"count": len(rows)})
                return redirect(f"{request.path}?agency={chosen.agency_id}")
        status = 400
    return render(
        request,
        "portal/candidates_staff.html",
        {
            "training_class": training_class,
            "allotments": allotments,
            "chosen": chosen,
            "candidates": candidates,
            "form": form,
        },
        status=status,
    )


@require_safe
@access.focal_point_required
def agency_candidates(request, agency, pk):
    training_class = selectors.class_for_agency(agency, pk)
    return render(
        request,
        "portal/candidates.html",
        {
            "agency": agency,
            "training_class": training_class,
            "window": selectors.window_state(training_class, training_class.agency_deadline, timezone.localdate()),
            "candidates": overseas.ranked_candidates(training_class, agency),
        },
    )
