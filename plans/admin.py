from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from courses import services as course_services
from partners.admin import (
    REGISTER_HELP,
    document_tools_context,
    issue_document_action,
    issued_date_shown,
    preview_document_action,
    register_entry,
)
from partners.models import DocumentKind
from plans import services
from plans.models import (
    Agency,
    ContentArea,
    FocalPoint,
    FundingSource,
    ImportKind,
    ImportRecord,
    LegalDocument,
    LegalDocumentChange,
    PlanFootnote,
    PlanLegalBasis,
    PlanResponsibility,
    PlanTarget,
    PlanTransition,
    TargetGroup,
    TrainingCategory,
    TrainingPlan,
)
from plans.selectors import plan_fulfilment, plans_with_target_totals
from training_portal.admin_utils import (
    HistoryAdmin,
    JunkSafeAdminMixin,
    KeysOnlyFormfieldsMixin,
    ReadOnlyAdmin,
    action_with_reason,
    clipped_column,
    error_text,
    person_column,
    run_service_on_each,
)
from training_portal.names import person_name


class PersonAdmin(JunkSafeAdminMixin, UserAdmin):
    """The console's accounts, each named as Vietnamese write it: family name first ("Hoàng Văn Tuấn")."""

    list_display = ["username", "full_name", "email", "is_staff", "is_active", "last_login"]
    search_fields = ["username", "last_name", "first_name", "email"]
    ordering = ["last_name", "first_name", "username"]
    # Family (and middle) names before the given name, as they are written: "Hoàng Văn" then "Tuấn".
    fieldsets = [
        (name, {**options, "fields": ("last_name", "first_name", "email")})
        if "first_name" in options["fields"]
        else (name, options)
        for name, options in UserAdmin.fieldsets
    ]

    @admin.display(description=gettext_lazy("full name"), ordering="last_name")
    def full_name(self, user):
        return person_name(user)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), PersonAdmin)


class GroupsAdmin(JunkSafeAdminMixin, GroupAdmin):
    """Django's groups page, answering junk ids and filters as every console page does (not found, not valid)."""


admin.site.unregister(Group)
admin.site.register(Group, GroupsAdmin)

admin.site.site_header = gettext_lazy("Training Portal – staff console")
admin.site.site_title = gettext_lazy("Training Portal")
admin.site.index_title = gettext_lazy("Training management")
# Lists of classes and nominations are wide: give them the whole width.
admin.site.enable_nav_sidebar = False


class FocalPointInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(HistoryAdmin):
    excel_import = ImportKind.AGENCIES
    list_display = ["name", "code", "abbreviation", "kind", "parent", "headcount", "valid_from", "valid_to"]
    list_filter = ["kind", ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["name", "code", "abbreviation"]
    autocomplete_fields = ["parent", "successor", "target_group"]
    list_select_related = ["parent"]
    inlines = [FocalPointInline]
    actions = ["hand_classes_over"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "code", "abbreviation", "kind", "parent", "place_name", "headcount", "target_group"]},
        ),
        (gettext_lazy("Validity (reforms, mergers, renames)"), {"fields": ["valid_from", "valid_to", "successor"]}),
        (
            gettext_lazy("Usual signer of its documents"),
            {"fields": ["signer_authority", "signer_title", "signer_name"]},
        ),
    ]

    @admin.action(
        description=gettext_lazy("Hand the classes still to run over to the agency it was merged into"),
        permissions=["change"],
    )
    def hand_classes_over(self, request, queryset):
        """On a merger: each selected agency that ended and names its successor hands it the classes that start
        after its last day; they keep the agency that planned them, for the documents dated before."""
        for agency in queryset.select_related("successor"):
            try:
                handed = course_services.classes_hand_over(agency=agency)
            except ValidationError as exc:
                self.message_user(request, error_text(exc), messages.WARNING)
                continue
            self.message_user(
                request,
                _("Classes handed over by %(agency)s to %(successor)s: %(count)d.")
                % {"agency": agency.name, "count": handed, "successor": agency.successor.name},
                messages.SUCCESS,
            )


@admin.register(FocalPoint)
class FocalPointAdmin(HistoryAdmin):
    list_display = ["user_name", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    user_name = person_column(FocalPoint, "user")
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]


# A text typed in a row of a tabular inline: a small box, so that the row stays within the page.
SMALL_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 28})}}


class LegalDocumentChangeInline(KeysOnlyFormfieldsMixin, admin.StackedInline):
    model = LegalDocumentChange
    fk_name = "document"
    extra = 0
    autocomplete_fields = ["changed"]
    fields = [("kind", "changed", "scope"), "source"]
    verbose_name_plural = gettext_lazy("What it replaces or amends")


@admin.register(LegalDocument)
class LegalDocumentAdmin(HistoryAdmin):
    list_display = ["number", "doc_type", "issued_on", "effective_from", "effective_to", "applies_to", "short_title"]
    list_filter = ["doc_type", "issuer"]
    search_fields = ["number", "title", "issuer"]
    date_hierarchy = "issued_on"
    inlines = [LegalDocumentChangeInline]

    @admin.display(description=pgettext_lazy("legal document", "title"))
    def short_title(self, obj):
        return obj.title if len(obj.title) <= 90 else obj.title[:88] + "…"


@admin.register(LegalDocumentChange)
class LegalDocumentChangeAdmin(HistoryAdmin):
    list_display = ["document", "kind", "changed", "scope"]
    list_filter = ["kind"]
    search_fields = ["document__number", "changed__number", "scope"]
    autocomplete_fields = ["document", "changed"]
    list_select_related = ["document", "changed"]


@admin.register(TargetGroup)
class TargetGroupAdmin(HistoryAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(FundingSource)
class FundingSourceAdmin(HistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(TrainingCategory)
class TrainingCategoryAdmin(HistoryAdmin):
    list_display = ["__str__", "code", "kind", "is_overseas", "parent", "order"]
    list_filter = ["kind", "is_overseas"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(ContentArea)
class ContentAreaAdmin(HistoryAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


class PlanLegalBasisInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = PlanLegalBasis
    extra = 0
    autocomplete_fields = ["document"]


class PlanTargetInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = PlanTarget
    extra = 0
    autocomplete_fields = ["category"]
    fields = ["category", "planned_classes", "planned_seats", "note", "wording"]
    formfield_overrides = SMALL_TEXT


class PlanFootnoteInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = PlanFootnote
    extra = 0
    fields = ["order", "anchor", "text"]
    formfield_overrides = SMALL_TEXT


class PlanResponsibilityInline(KeysOnlyFormfieldsMixin, admin.StackedInline):
    model = PlanResponsibility
    extra = 0
    autocomplete_fields = ["agency"]
    fields = [("order", "agency", "heading"), "duties"]


class PlanTransitionInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = PlanTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _plan_action(service, success_message):
    def action(modeladmin, request, queryset):
        run_service_on_each(modeladmin, request, queryset, lambda plan, by: service(plan=plan, by=by), success_message)

    return action


@admin.register(TrainingPlan)
class TrainingPlanAdmin(HistoryAdmin):
    list_display = [
        "title",
        "year_display",
        "issuing_agency",
        "document_reference",
        "status",
        "total_classes",
        "total_seats",
    ]
    list_filter = ["status", "year", "issuing_agency__kind"]
    search_fields = ["title", "issuing_agency__name"]
    autocomplete_fields = ["issuing_agency", "target_groups", "funding_sources"]
    list_select_related = ["issuing_agency"]
    # The number, symbol and date are the plan's issued document's (partners.OutgoingDocument), shown here.
    readonly_fields = ["status", "fulfilment_summary", "register_entry", "issued_on"]
    inlines = [
        PlanTargetInline,
        PlanLegalBasisInline,
        PlanResponsibilityInline,
        PlanFootnoteInline,
        PlanTransitionInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("year", "status"),
                    "title",
                    "issuing_agency",
                    ("register_entry", "issued_on"),
                ]
            },
        ),
        (gettext_lazy("Fulfilment of the targets"), {"fields": ["fulfilment_summary"]}),
        (
            gettext_lazy("Content"),
            {"fields": ["purposes", "requirements", "target_groups", "refresher_for", "funding_sources"]},
        ),
        (gettext_lazy("Signature"), {"fields": ["signer_authority", "signer_title", "signer_name"]}),
    ]
    actions = ["submit", "approve", "return_to_draft", "revise", "close", "preview_document", "issue_document"]

    def get_queryset(self, request):
        # The reference column reads each plan's issued document: one query for the page, not one a row.
        return plans_with_target_totals(super().get_queryset(request)).prefetch_related("documents")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("help_texts", {"register_entry": REGISTER_HELP})
        return super().get_form(request, obj, change=change, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        plan = self.get_object(request, object_id)
        kinds = [(DocumentKind.PLAN, _("Plan document")), (DocumentKind.ANNUAL_REPORT, _("Report on the year"))]
        context = document_tools_context(plan, kinds, extra_context)
        return super().change_view(request, object_id, form_url, context)

    @admin.action(description=gettext_lazy("Preview the selected plan as an official document"))
    def preview_document(self, request, queryset):
        return preview_document_action(self, request, queryset, DocumentKind.PLAN)

    @admin.action(description=gettext_lazy("Issue the selected plans as official documents (number, date, PDF)"))
    def issue_document(self, request, queryset):
        return issue_document_action(self, request, queryset, DocumentKind.PLAN)

    @admin.display(description=gettext_lazy("number and symbol"))
    def document_reference(self, obj):
        return obj.document_reference

    @admin.display(description=gettext_lazy("issued on"))
    def issued_on(self, obj):
        issued = obj.issued_document
        return issued_date_shown(issued) if issued is not None else None

    @admin.display(description=gettext_lazy("number and symbol"))
    def register_entry(self, obj):
        return register_entry(obj, DocumentKind.PLAN)

    @admin.display(description=gettext_lazy("year"), ordering="year")
    def year_display(self, obj):
        # A year is not a quantity: no thousands separator.
        return str(obj.year)

    @admin.display(description=gettext_lazy("refresher classes planned"), ordering="total_planned_classes")
    def total_classes(self, obj):
        return obj.total_planned_classes

    @admin.display(description=gettext_lazy("refresher seats planned"), ordering="total_planned_seats")
    def total_seats(self, obj):
        return obj.total_planned_seats

    @admin.display(description=gettext_lazy("Targets against classes scheduled"))
    def fulfilment_summary(self, obj):
        if obj.pk is None:
            return _("Save the plan and add its targets first.")
        return render_to_string("admin/plans/fulfilment_summary.html", {"fulfilment": plan_fulfilment(obj)})

    @admin.action(description=gettext_lazy("Submit the selected plans for approval"))
    def submit(self, request, queryset):
        _plan_action(services.plan_submit, _("%(count)s plan(s) submitted."))(self, request, queryset)

    @admin.action(description=gettext_lazy("Approve the selected plans"))
    def approve(self, request, queryset):
        _plan_action(services.plan_approve, _("%(count)s plan(s) approved."))(self, request, queryset)

    @admin.action(description=gettext_lazy("Return the selected plans to draft"))
    def return_to_draft(self, request, queryset):
        _plan_action(services.plan_return_to_draft, _("%(count)s plan(s) returned to draft."))(self, request, queryset)

    @admin.action(description=gettext_lazy("Record a revision of the selected plans"))
    def revise(self, request, queryset):
        return action_with_reason(
            self,
            request,
            queryset,
            title=_("What was revised?"),
            service=lambda plan, by, reason: services.plan_revise(plan=plan, by=by, note=reason),
            success_message=_("%(count)s plan(s) marked as revised."),
        )

    @admin.action(description=gettext_lazy("Close the selected plans"))
    def close(self, request, queryset):
        _plan_action(services.plan_close, _("%(count)s plan(s) closed."))(self, request, queryset)


@admin.register(PlanTarget)
class PlanTargetAdmin(HistoryAdmin):
    list_display = ["category_clipped", "plan_clipped", "planned_classes", "planned_seats"]
    category_clipped = clipped_column(PlanTarget, "category", ordering="category__order")
    plan_clipped = clipped_column(PlanTarget, "plan", ordering="plan__year")
    list_filter = ["plan__year", "category__kind", "category__is_overseas"]
    search_fields = ["plan__title", "category__name"]
    autocomplete_fields = ["plan", "category"]
    list_select_related = ["plan", "category"]


@admin.register(PlanResponsibility)
class PlanResponsibilityAdmin(HistoryAdmin):
    list_display = ["__str__", "plan", "order"]
    list_filter = ["plan__year"]
    search_fields = ["heading", "agency__name", "duties"]
    autocomplete_fields = ["plan", "agency"]
    list_select_related = ["plan", "agency"]


@admin.register(PlanLegalBasis)
class PlanLegalBasisAdmin(HistoryAdmin):
    list_display = ["document", "plan", "role", "order"]
    list_filter = ["role", "plan__year"]
    search_fields = ["document__number", "plan__title"]
    autocomplete_fields = ["plan", "document"]
    list_select_related = ["plan", "document"]


@admin.register(PlanTransition)
class PlanTransitionAdmin(ReadOnlyAdmin):
    """Read only: the workflow log is written by the plan services."""

    list_display = ["plan_clipped", "from_status", "to_status", "by_name", "at"]
    plan_clipped = clipped_column(PlanTransition, "plan", ordering="plan__year")
    list_filter = ["to_status"]
    search_fields = ["plan__title", "note"]
    list_select_related = ["plan", "by"]
    by_name = person_column(PlanTransition, "by")


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
    """Read only: every Excel file uploaded by staff, written by the import services."""

    list_display = [
        "uploaded_at",
        "kind",
        "file_name",
        "by_name",
        "status",
        "rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        "error_file_link",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "checksum", "by__username"]
    list_select_related = ["by"]
    date_hierarchy = "uploaded_at"
    by_name = person_column(ImportRecord, "by")

    def get_queryset(self, request):
        # The plan and the marked file can be megabytes: the list shows only whether the file is still kept.
        kept = ExpressionWrapper(Q(error_file__isnull=False), output_field=BooleanField())
        return super().get_queryset(request).defer("plan", "error_file").annotate(has_error_file=kept)

    @admin.display(description=gettext_lazy("errors marked"))
    def error_file_link(self, obj):
        if obj.status != "rejected" or not obj.has_error_file:
            return ""
        owner = next(m for m in self.admin_site._registry.values() if getattr(m, "excel_import", None) == obj.kind)
        url = reverse(f"admin:{owner.opts.app_label}_{owner.opts.model_name}_import_errors", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


@admin.register(PlanFootnote)
class PlanFootnoteAdmin(HistoryAdmin):
    list_display = ["__str__", "plan", "anchor", "order"]
    list_filter = ["plan__year"]
    search_fields = ["text", "anchor", "plan__title"]
    autocomplete_fields = ["plan"]
    list_select_related = ["plan"]


# Issue 16: the training budget (cost items and rates, estimate and spending lines, allocations, settlements) and the
# agencies' own training reported to the department (rounds, reports, their lines and steps).
from plans.agency_reports import admin as agency_reports_admin  # noqa: E402, F401
from plans.budget import admin as budget_admin  # noqa: E402, F401
