from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from partners.models import (
    Agreement,
    AgreementArea,
    CooperationActivity,
    Correspondence,
    Partner,
    PartnerContact,
)
from training_portal.admin_utils import HistoryAdmin


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(HistoryAdmin):
    list_display = ["name", "abbreviation", "name_vi", "kind", "country", "is_foreign", "parent"]
    list_filter = ["kind", "is_foreign", "country"]
    search_fields = ["name", "name_vi", "abbreviation", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [PartnerContactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(PartnerContact)
class PartnerContactAdmin(HistoryAdmin):
    list_display = ["name", "title", "partner", "email", "phone"]
    search_fields = ["name", "email", "partner__name"]
    autocomplete_fields = ["partner"]
    list_select_related = ["partner"]


class AgreementAreaInline(admin.TabularInline):
    model = AgreementArea
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    list_display = ["title", "partner", "counterpart", "signed_on", "valid_from", "valid_to", "forms_display"]
    list_filter = ["form_abroad", "form_in_province", "form_online"]
    search_fields = ["title", "scope", "partner__name", "partner__abbreviation"]
    autocomplete_fields = ["partner", "counterpart_agency", "counterpart_partner"]
    list_select_related = ["partner", "counterpart_agency", "counterpart_partner"]
    inlines = [AgreementAreaInline]

    @admin.display(description=gettext_lazy("our side"))
    def counterpart(self, obj):
        return obj.counterpart_agency or obj.counterpart_partner

    @admin.display(description=gettext_lazy("forms of cooperation"))
    def forms_display(self, obj):
        return ", ".join(obj.forms)


@admin.register(AgreementArea)
class AgreementAreaAdmin(HistoryAdmin):
    list_display = ["__str__", "agreement", "order"]
    search_fields = ["description", "agreement__title"]
    autocomplete_fields = ["agreement"]
    list_select_related = ["agreement"]


@admin.register(CooperationActivity)
class CooperationActivityAdmin(HistoryAdmin):
    list_display = ["title", "partner", "years", "form", "courses_count", "participants_count", "funder"]
    list_filter = ["form", "partner"]
    search_fields = ["title", "location", "partner__name", "partner__abbreviation"]
    autocomplete_fields = ["partner", "funder", "agreement", "agency", "training_classes"]
    list_select_related = ["partner", "funder"]

    @admin.display(description=gettext_lazy("years"), ordering="year_from")
    def years(self, obj):
        return obj.years


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("reply deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", gettext_lazy("Overdue")), ("awaiting", gettext_lazy("Awaiting reply"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue(timezone.localdate())
        if self.value() == "awaiting":
            return queryset.awaiting_reply()
        return queryset


@admin.register(Correspondence)
class CorrespondenceAdmin(HistoryAdmin):
    list_display = ["reference", "dated", "direction", "sender", "recipient", "subject", "reply_due", "status"]
    list_filter = ["direction", "status", OverdueFilter]
    search_fields = ["subject", "symbol", "body"]
    autocomplete_fields = [
        "sender_agency",
        "sender_partner",
        "recipient_agency",
        "recipient_partner",
        "partner",
        "plan",
        "training_class",
        "in_reply_to",
    ]
    list_select_related = ["sender_agency", "sender_partner", "recipient_agency", "recipient_partner"]
    date_hierarchy = "dated"
    fieldsets = [
        (None, {"fields": ["direction", ("number", "symbol"), ("dated", "received_on"), "status"]}),
        (
            gettext_lazy("From and to"),
            {"fields": [("sender_agency", "sender_partner"), ("recipient_agency", "recipient_partner")]},
        ),
        (gettext_lazy("Content"), {"fields": ["subject", "body", "copies_to"]}),
        (
            gettext_lazy("Links and deadline"),
            {"fields": ["partner", "plan", "training_class", "in_reply_to", "reply_due"]},
        ),
        (gettext_lazy("Signature"), {"fields": ["signer_authority", "signer_title", "signer_name"]}),
    ]

    @admin.display(description=gettext_lazy("number and symbol"), ordering="number")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=gettext_lazy("from"))
    def sender(self, obj):
        return obj.sender

    @admin.display(description=gettext_lazy("to"))
    def recipient(self, obj):
        return obj.recipient
