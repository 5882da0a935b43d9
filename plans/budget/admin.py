"""The budget in the staff console: cost items and their yearly rates, each class's estimate lines, spending (with
its Excel import), the allocations recorded per plan and funding source, and the settlements (read only: a class is
settled on its settlement page, `budget:settle`, which asks for the reasons)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from plans.budget import services
from plans.budget.models import Allocation, CostItem, CostRate, EstimateLine, Settlement, SettlementLine, SpendingLine
from plans.models import ImportKind
from training_portal.admin_utils import (
    HistoryAdmin,
    KeysOnlyFormfieldsMixin,
    ReadOnlyAdmin,
    check_by_dry_run,
    clipped_column,
    error_text,
    form_value,
)


@admin.register(CostItem)
class CostItemAdmin(HistoryAdmin):
    list_display = ["name", "code", "group", "unit", "legal_basis", "order"]
    list_filter = ["group"]
    search_fields = ["name", "code"]


@admin.register(CostRate)
class CostRateAdmin(HistoryAdmin):
    list_display = ["item", "year", "rate", "note"]
    list_filter = ["year", "item__group"]
    search_fields = ["item__name", "item__code"]
    autocomplete_fields = ["item"]
    list_select_related = ["item"]


class EstimateLineForm(forms.ModelForm):
    rate = forms.IntegerField(
        label=gettext_lazy("rate (VND per unit)"),
        required=False,
        min_value=0,
        help_text=gettext_lazy("Left empty: the item's rate for the plan's year."),
    )

    class Meta:
        model = EstimateLine
        fields = ["training_class", "item", "funding_source", "quantity", "rate", "note"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        check_by_dry_run(services.estimate_line_set, **self.service_arguments())
        return cleaned

    def service_arguments(self) -> dict:
        return {
            "training_class": form_value(self, "training_class"),
            "item": form_value(self, "item"),
            "funding_source": form_value(self, "funding_source"),
            "quantity": self.cleaned_data["quantity"],
            "rate": self.cleaned_data.get("rate"),
            "note": self.cleaned_data.get("note", ""),
        }

    def validate_unique(self):
        pass  # the same class, item and source changes that line


@admin.register(EstimateLine)
class EstimateLineAdmin(HistoryAdmin):
    form = EstimateLineForm
    list_display = ["training_class_clipped", "item", "funding_source", "quantity", "rate", "amount"]
    training_class_clipped = clipped_column(EstimateLine, "training_class", ordering="training_class__code")
    list_filter = ["training_class__target__plan__year", "item__group", "funding_source"]
    search_fields = ["training_class__code", "training_class__title", "item__name", "item__code"]
    autocomplete_fields = ["training_class", "item", "funding_source"]
    list_select_related = ["training_class", "item", "funding_source"]
    readonly_fields = ["amount"]

    def get_readonly_fields(self, request, obj=None):
        return ["amount", "training_class", "item", "funding_source"] if obj else ["amount"]

    def save_model(self, request, obj, form, change):
        arguments = form.service_arguments()
        if change:
            arguments |= {"training_class": obj.training_class, "item": obj.item, "funding_source": obj.funding_source}
        saved = services.estimate_line_set(**arguments)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        try:
            services.estimate_line_delete(line=obj)
        except ValidationError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class SpendingLineForm(forms.ModelForm):
    class Meta:
        model = SpendingLine
        fields = ["training_class", "item", "funding_source", "voucher", "spent_on", "amount", "note"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        check_by_dry_run(services.spending_record, **self.service_arguments())
        return cleaned

    def service_arguments(self) -> dict:
        return {
            "training_class": form_value(self, "training_class"),
            "item": form_value(self, "item"),
            "funding_source": form_value(self, "funding_source"),
            "voucher": form_value(self, "voucher"),
            "spent_on": self.cleaned_data["spent_on"],
            "amount": self.cleaned_data["amount"],
            "note": self.cleaned_data.get("note", ""),
        }

    def validate_unique(self):
        pass  # the same voucher of the same class, item and source corrects that line


@admin.register(SpendingLine)
class SpendingLineAdmin(HistoryAdmin):
    excel_import = ImportKind.SPENDING
    form = SpendingLineForm
    list_display = ["training_class_clipped", "item", "funding_source", "voucher", "spent_on", "amount", "settle"]
    training_class_clipped = clipped_column(SpendingLine, "training_class", ordering="training_class__code")

    @admin.display(description=gettext_lazy("settlement page"))
    def settle(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("budget:settle", args=[obj.training_class_id]), obj.voucher)

    list_filter = ["training_class__target__plan__year", "item__group", "funding_source"]
    search_fields = ["training_class__code", "training_class__title", "voucher"]
    autocomplete_fields = ["training_class", "item", "funding_source"]
    list_select_related = ["training_class", "item", "funding_source"]
    date_hierarchy = "spent_on"

    def get_readonly_fields(self, request, obj=None):
        return ["training_class", "item", "funding_source", "voucher"] if obj else []

    def save_model(self, request, obj, form, change):
        arguments = form.service_arguments()
        if change:
            arguments |= {
                "training_class": obj.training_class,
                "item": obj.item,
                "funding_source": obj.funding_source,
                "voucher": obj.voucher,
            }
        obj.pk = services.spending_record(**arguments).pk


class AllocationForm(forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["plan", "funding_source", "amount", "decided_on", "decision"]

    def validate_unique(self):
        pass  # a second decision for the same plan and source replaces the first


@admin.register(Allocation)
class AllocationAdmin(HistoryAdmin):
    form = AllocationForm
    list_display = ["plan", "funding_source", "amount", "decided_on", "decision", "recorded_by"]
    list_filter = ["plan__year", "funding_source"]
    search_fields = ["plan__title", "decision"]
    autocomplete_fields = ["plan", "funding_source"]
    list_select_related = ["plan", "funding_source", "recorded_by"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.allocation_record(
            plan=data["plan"],
            funding_source=data["funding_source"],
            amount=data["amount"],
            decided_on=data["decided_on"],
            decision=data.get("decision", ""),
            by=request.user,
        )
        obj.pk = saved.pk


class SettlementLineInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = SettlementLine
    extra = 0
    can_delete = False
    fields = ["item", "funding_source", "estimate", "actual", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Settlement)
class SettlementAdmin(HistoryAdmin):
    list_display = ["training_class_clipped", "settled_on", "estimate", "amount", "settled_by"]
    training_class_clipped = clipped_column(Settlement, "training_class", ordering="training_class__code")
    list_filter = ["training_class__target__plan__year", "settled_on"]
    search_fields = ["training_class__code", "training_class__title"]
    list_select_related = ["training_class", "settled_by"]
    inlines = [SettlementLineInline]
    readonly_fields = ["training_class", "settled_on", "settled_by", "estimate", "amount", "note", "settle_link"]

    @admin.display(description=gettext_lazy("settlement page"))
    def settle_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("budget:settle", args=[obj.training_class_id]), obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SettlementLine)
class SettlementLineAdmin(ReadOnlyAdmin):
    """The settled items of every class, with the reasons of their differences (written by the settlement only)."""

    list_display = ["settlement", "item", "funding_source", "estimate", "actual", "reason"]
    list_filter = ["settlement__training_class__target__plan__year", "item__group", "funding_source"]
    search_fields = ["settlement__training_class__code", "settlement__training_class__title", "reason"]
    list_select_related = ["settlement__training_class", "item", "funding_source"]
