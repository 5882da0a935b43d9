"""Pieces shared by the staff console of every app."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """A model admin with the audit history ("Lịch sử") button."""

    list_per_page = 50
    show_full_result_count = False  # one COUNT(*) fewer on big tables


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def check_by_dry_run(service, /, **kwargs) -> None:
    """Run a service in a savepoint that is always rolled back, so a form can show the rule it breaks as a
    message instead of a crash page; raises ValidationError with the service's plain words."""
    try:
        with transaction.atomic():
            service(**kwargs)
            transaction.set_rollback(True)
    except ValidationError as exc:
        raise ValidationError(error_text(exc)) from exc


def run_service_on_each(modeladmin, request, queryset, service, success_message: str, **kwargs) -> None:
    """Call `service` for each selected object; report how many succeeded and why the others did not."""
    done = 0
    for obj in queryset:
        try:
            service(obj, by=request.user, **kwargs)
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {error_text(exc)}", messages.ERROR)
    if done:
        modeladmin.message_user(request, success_message % {"count": done}, messages.SUCCESS)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Recorded with the change and shown to the agency."),
    )


def action_with_reason(modeladmin, request, queryset, *, title: str, service, success_message: str):
    """An admin action that first asks for a reason on an intermediate page, then runs the service."""
    if "apply" in request.POST:
        form = ReasonForm(request.POST)
        if form.is_valid():
            run_service_on_each(
                modeladmin, request, queryset, service, success_message, reason=form.cleaned_data["reason"]
            )
            return None
    else:
        form = ReasonForm()
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
