"""The staff console of postgraduate places, service commitments and reimbursement cases.

Thin: every change with a rule goes through `courses.places` (proposing a place, its progress, the commitment, a
case, a payment); the forms only collect the values and show the rule's refusal as a form error.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import places
from courses.place_models import (
    PlaceStatus,
    PostgraduatePlace,
    ReimbursementCase,
    ReimbursementPayment,
    ReimbursementReason,
    ServiceCommitment,
)
from partners.admin import document_tools_context, issue_document_action, preview_document_action
from partners.models import DocumentKind
from training_portal.admin_utils import (
    HistoryAdmin,
    check_by_dry_run,
    clipped_column,
    error_text,
    run_service_on_each,
)

PROPOSE_FIELDS = [
    "trainee",
    "target",
    "level",
    "mode",
    "institution",
    "field_of_study",
    "country",
    "start_date",
    "expected_end",
    "funding_source",
    "funded_amount",
]


class PlaceAddForm(forms.ModelForm):
    class Meta:
        model = PostgraduatePlace
        fields = PROPOSE_FIELDS

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            check_by_dry_run(places.place_propose, **{name: cleaned.get(name) for name in PROPOSE_FIELDS})
        return cleaned

    def validate_unique(self):
        pass  # the service says it, in its words

    def _post_clean(self):
        pass  # no model validation of a row the service builds (its agency comes from the person)


class ProgressForm(forms.Form):
    """One step of a place's progress, with its day."""

    step = forms.ChoiceField(
        label=gettext_lazy("Step"),
        choices=[
            (PlaceStatus.EXTENDED, gettext_lazy("Extended (new end date)")),
            (PlaceStatus.GRADUATED, gettext_lazy("Graduated")),
            (PlaceStatus.DROPPED_OUT, gettext_lazy("Dropped out")),
        ],
    )
    day = forms.DateField(label=gettext_lazy("Day (graduation, drop-out, or the new end date)"))
    degree = forms.CharField(label=gettext_lazy("Degree obtained"), required=False, max_length=200)
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


class BreakForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=ReimbursementReason.choices)
    day = forms.DateField(label=gettext_lazy("Day the person left, dropped out or was dismissed"))
    instalments = forms.IntegerField(label=gettext_lazy("Instalments"), min_value=1, max_value=120, initial=1)
    due_by = forms.DateField(label=gettext_lazy("Due by"), required=False)


class LeavingForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Day the person leaves"))


def form_action(modeladmin, request, queryset, *, title: str, form_class, service, success_message: str):
    """An admin action that first asks for its values on an intermediate page, then runs `service(obj, by, **values)`
    on each selected row (the page of `action_with_reason`, with another form)."""
    if "apply" in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            run_service_on_each(modeladmin, request, queryset, service, success_message, **form.cleaned_data)
            return None
    else:
        form = form_class()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": queryset,
        "form": form,
        "action": request.POST.get("action"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "submit_label": _("Confirm"),
    }
    return TemplateResponse(request, "admin/action_with_reason.html", context)


def _progress(place, by, *, step, day, degree="", reason=""):
    if step == PlaceStatus.EXTENDED:
        return places.place_extend(place=place, to=day, reason=reason)
    if step == PlaceStatus.GRADUATED:
        return places.place_graduate(place=place, on=day, degree=degree)
    return places.place_drop_out(place=place, on=day, reason=reason, by=by)


@admin.register(PostgraduatePlace)
class PostgraduatePlaceAdmin(HistoryAdmin):
    list_display = [
        "trainee",
        "agency_clipped",
        "level",
        "institution_clipped",
        "field_clipped",
        "start_date",
        "end_shown",
        "status",
        "funded_amount",
    ]
    agency_clipped = clipped_column(PostgraduatePlace, "agency", ordering="agency__name")
    institution_clipped = clipped_column(PostgraduatePlace, "institution")
    field_clipped = clipped_column(PostgraduatePlace, "field_of_study")
    list_filter = ["status", "level", "mode", "country", "target__plan__year", "funding_source"]
    search_fields = ["trainee__full_name", "trainee__personal_id", "institution", "field_of_study", "agency__name"]
    list_select_related = ["trainee", "agency"]
    autocomplete_fields = ["trainee", "target", "funding_source"]
    date_hierarchy = None
    readonly_fields = ["trainee", "agency", "target", "level", "start_date", "expected_end", "status",
                       "extended_to", "ended_on", "degree", "commitment_shown"]  # fmt: skip
    fields = [*PROPOSE_FIELDS[:2], "agency", *PROPOSE_FIELDS[2:], "status", "extended_to", "ended_on", "degree",
              "reason", "commitment_shown"]  # fmt: skip
    actions = ["enrol", "record_progress", "preview_decision", "issue_decision"]

    def has_delete_permission(self, request, obj=None):
        # Only a proposal may be deleted: an enrolled place carries its commitment, decision and history.
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == PlaceStatus.PROPOSED)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PlaceAddForm
            kwargs["fields"] = PROPOSE_FIELDS
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return PROPOSE_FIELDS if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = places.place_propose(**{name: form.cleaned_data.get(name) for name in PROPOSE_FIELDS})
        for field in created._meta.concrete_fields:  # the console's log and redirect name the row the service made
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    @admin.display(description=gettext_lazy("end"), ordering="expected_end")
    def end_shown(self, obj):
        return obj.end_date.strftime("%d/%m/%Y")

    @admin.display(description=gettext_lazy("service commitment"))
    def commitment_shown(self, obj):
        commitment = ServiceCommitment.objects.filter(place=obj).first() if obj.pk else None
        if commitment is None:
            return "–"
        until = commitment.serve_until.strftime("%d/%m/%Y") if commitment.serve_until else "…"
        return _("%(months)s months (%(rule)s), until %(until)s: %(status)s") % {
            "months": commitment.required_months,
            "rule": commitment.rule,
            "until": until,
            "status": commitment.get_status_display(),
        }

    def changelist_view(self, request, extra_context=None):
        alerts = places.commitment_alerts(today=timezone.localdate())
        return super().changelist_view(request, {**(extra_context or {}), "commitment_alerts": alerts})

    change_list_template = "admin/courses/postgraduateplace/change_list.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        kinds = [(DocumentKind.PLACE_DECISION, _("Decision"))]
        context = document_tools_context(self.get_object(request, object_id), kinds, extra_context)
        return super().change_view(request, object_id, form_url, context)

    @admin.action(description=gettext_lazy("Enrol: the study starts (records the service commitment)"))
    def enrol(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda place, by: places.place_enrol(place=place),
            _("%(count)s place(s) enrolled."),
        )

    @admin.action(description=gettext_lazy("Record progress: extended, graduated or dropped out…"))
    def record_progress(self, request, queryset):
        return form_action(
            self,
            request,
            queryset,
            title=_("Record the progress of the study"),
            form_class=ProgressForm,
            service=_progress,
            success_message=_("%(count)s place(s) updated."),
        )

    @admin.action(description=gettext_lazy("Preview the sending decision"))
    def preview_decision(self, request, queryset):
        return preview_document_action(self, request, queryset, DocumentKind.PLACE_DECISION)

    @admin.action(description=gettext_lazy("Issue the sending decision"))
    def issue_decision(self, request, queryset):
        return issue_document_action(self, request, queryset, DocumentKind.PLACE_DECISION)


@admin.register(ServiceCommitment)
class ServiceCommitmentAdmin(HistoryAdmin):
    list_display = ["place", "study_months", "required_months", "funded_cost", "serve_from", "serve_until", "status",
                    "leaving_on"]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["place__trainee__full_name", "place__trainee__personal_id", "place__institution"]
    list_select_related = ["place__trainee"]
    actions = ["report_leaving", "open_case"]

    def has_add_permission(self, request):
        return False  # recorded by the place's enrolment

    def has_change_permission(self, request, obj=None):
        return False  # its figures come from the place and the decree; its moves are the actions

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Report that the person leaves…"))
    def report_leaving(self, request, queryset):
        return form_action(
            self,
            request,
            queryset,
            title=_("Report that the person leaves"),
            form_class=LeavingForm,
            service=lambda commitment, by, day: places.commitment_report_leaving(commitment=commitment, on=day),
            success_message=_("%(count)s commitment(s) marked as leaving."),
        )

    @admin.action(description=gettext_lazy("Open a reimbursement case…"))
    def open_case(self, request, queryset):
        return form_action(
            self,
            request,
            queryset,
            title=_("Open a reimbursement case"),
            form_class=BreakForm,
            service=lambda commitment, by, reason, day, instalments, due_by: places.commitment_break(
                commitment=commitment, reason=reason, on=day, by=by, instalments=instalments, due_by=due_by
            ),
            success_message=_("%(count)s case(s) opened: draft the decision from the case."),
        )


class PaymentForm(forms.ModelForm):
    class Meta:
        model = ReimbursementPayment
        fields = ["case", "paid_on", "amount", "receipt"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            check_by_dry_run(
                places.payment_record,
                case=cleaned["case"],
                paid_on=cleaned["paid_on"],
                amount=cleaned["amount"],
                receipt=cleaned.get("receipt", ""),
            )
        return cleaned


@admin.register(ReimbursementCase)
class ReimbursementCaseAdmin(HistoryAdmin):
    list_display = ["commitment", "reason", "event_on", "amount", "instalments", "due_by", "status", "settled_on"]
    list_filter = ["status", "reason"]
    search_fields = ["commitment__place__trainee__full_name", "commitment__place__trainee__personal_id"]
    list_select_related = ["commitment__place__trainee"]
    actions = ["preview_decision", "issue_decision"]

    def has_add_permission(self, request):
        return False  # opened from the commitment (its action), which computes the amount

    def has_change_permission(self, request, obj=None):
        return False  # figures of the decree; payments are recorded apart

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        kinds = [(DocumentKind.REIMBURSEMENT_DECISION, _("Decision"))]
        context = document_tools_context(self.get_object(request, object_id), kinds, extra_context)
        return super().change_view(request, object_id, form_url, context)

    @admin.action(description=gettext_lazy("Preview the reimbursement decision"))
    def preview_decision(self, request, queryset):
        return preview_document_action(self, request, queryset, DocumentKind.REIMBURSEMENT_DECISION)

    @admin.action(description=gettext_lazy("Issue the reimbursement decision"))
    def issue_decision(self, request, queryset):
        return issue_document_action(self, request, queryset, DocumentKind.REIMBURSEMENT_DECISION)


@admin.register(ReimbursementPayment)
class ReimbursementPaymentAdmin(HistoryAdmin):
    form = PaymentForm
    list_display = ["case", "paid_on", "amount", "receipt"]
    search_fields = ["case__commitment__place__trainee__full_name", "receipt"]
    list_select_related = ["case__commitment__place__trainee"]
    autocomplete_fields = ["case"]

    def has_change_permission(self, request, obj=None):
        return False  # a payment is recorded once; a wrong one is corrected by staff with a history

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            payment = places.payment_record(
                case=obj.case, paid_on=obj.paid_on, amount=obj.amount, receipt=obj.receipt, by=request.user
            )
        except ValidationError as exc:  # lost a race with another clerk since the form was checked
            self.message_user(request, error_text(exc), messages.ERROR)
            return
        obj.pk = payment.pk
        obj._state.adding = False
