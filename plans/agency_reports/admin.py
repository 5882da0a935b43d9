"""The agencies' training reports in the staff console: the rounds (year and deadline) staff set, the reports (read
only except through the accept and return actions, which call the services), their lines and their steps."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from plans.agency_reports import services
from plans.agency_reports.models import (
    AgencyReportEvent,
    AgencyReportLine,
    AgencyTrainingReport,
    ReportingRound,
)
from training_portal.admin_utils import HistoryAdmin, ReadOnlyAdmin, action_with_reason, run_service_on_each


@admin.register(ReportingRound)
class ReportingRoundAdmin(HistoryAdmin):
    list_display = ["year", "deadline", "round_page", "note"]
    search_fields = ["year", "note"]

    @admin.display(description=gettext_lazy("who has reported, who is late"))
    def round_page(self, obj):
        url = reverse("agency_reports:round", kwargs={"year": obj.year})
        return format_html('<a href="{}">{}</a>', url, gettext_lazy("Open the round's page"))


class AgencyReportLineInline(admin.TabularInline):
    model = AgencyReportLine
    extra = 0
    can_delete = False
    readonly_fields = ["category", "classes", "participants", "periods"]

    def has_add_permission(self, request, obj=None):
        return False


class AgencyReportEventInline(admin.TabularInline):
    model = AgencyReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "at", "by", "late", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AgencyTrainingReport)
class AgencyTrainingReportAdmin(HistoryAdmin):
    list_display = ["agency", "round", "status", "late", "submitted_at", "decided_at", "decided_by"]
    list_filter = ["round", "status", "late"]
    search_fields = ["agency__name", "agency__code"]
    list_select_related = ["agency", "round", "decided_by"]
    readonly_fields = [
        "round",
        "agency",
        "status",
        "note",
        "submitted_at",
        "submitted_by",
        "first_submitted_at",
        "late",
        "decided_at",
        "decided_by",
        "return_reason",
    ]
    inlines = [AgencyReportLineInline, AgencyReportEventInline]
    actions = ["accept", "return_to_agency"]

    def has_add_permission(self, request):
        return False  # an agency sends its report in the portal

    @admin.action(description=gettext_lazy("Accept the selected reports"), permissions=["change"])
    def accept(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda report, by: services.report_accept(report=report, by=by),
            gettext_lazy("%(count)s reports accepted."),
        )

    @admin.action(description=gettext_lazy("Return the selected reports, with a reason"), permissions=["change"])
    def return_to_agency(self, request, queryset):
        return action_with_reason(
            self,
            request,
            queryset,
            title=gettext_lazy("Return reports to their agencies"),
            service=lambda report, by, reason: services.report_return(report=report, by=by, reason=reason),
            success_message=gettext_lazy("%(count)s reports returned."),
        )


@admin.register(AgencyReportLine)
class AgencyReportLineAdmin(ReadOnlyAdmin):
    list_display = ["report", "category", "classes", "participants", "periods"]
    list_filter = ["report__round", "category"]
    search_fields = ["report__agency__name"]
    list_select_related = ["report__agency", "report__round", "category"]


@admin.register(AgencyReportEvent)
class AgencyReportEventAdmin(ReadOnlyAdmin):
    list_display = ["report", "kind", "at", "by", "late", "reason"]
    list_filter = ["kind", "late"]
    search_fields = ["report__agency__name", "reason"]
    list_select_related = ["report__agency", "report__round", "by"]
