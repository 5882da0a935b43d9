from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners import selectors, services
from partners.models import (
    DOCUMENT_SOURCES,
    Agreement,
    AgreementArea,
    CooperationActivity,
    Correspondence,
    DatePrecision,
    DefaultCopy,
    Direction,
    DocumentKind,
    DocumentRegister,
    DocumentType,
    OutgoingDocument,
    Partner,
    PartnerContact,
)
from training_portal.admin_utils import (
    ExcelAdminMixin,
    FoldedSearchMixin,
    HistoryAdmin,
    JunkSafeAdminMixin,
    KeysOnlyFormfieldsMixin,
    check_by_dry_run,
    clipped_column,
    error_text,
    form_value,
    run_service_on_each,
)

# Under the number of a letter, a plan or a register entry: why it is not an input, and the way to change it.
REGISTER_HELP = gettext_lazy(
    "Given by the register when the document is issued, never typed by hand. An issued document is changed by a "
    "correction: a new document, issued under its own number (button “make a correction”)."
)


class PartnerContactInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = PartnerContact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(HistoryAdmin):
    # The partner as every list and document names it (its Vietnamese name first), then its own name.
    list_display = ["__str__", "name", "abbreviation", "kind", "country", "is_foreign", "parent"]
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


class AgreementAreaInline(KeysOnlyFormfieldsMixin, admin.TabularInline):
    model = AgreementArea
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(HistoryAdmin):
    list_display = ["title_clipped", "partner", "counterpart", "signed_on", "valid_to", "forms_display"]
    title_clipped = clipped_column(Agreement, "title")
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
    list_display = ["title_clipped", "partner", "years", "form", "courses_count", "participants_count", "funder"]
    title_clipped = clipped_column(CooperationActivity, "title")
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


class CorrespondenceForm(forms.ModelForm):
    """A letter in the console. An incoming letter's number and symbol are the sender's, typed from the paper;
    an outgoing letter's are given by the register when it is issued. Its fields are the admin's fieldsets."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("direction") == Direction.OUTGOING:
            for name in ("number", "symbol"):
                if cleaned.get(name) not in (None, ""):
                    self.add_error(
                        name,
                        _(
                            "An outgoing letter takes its number and symbol from the register when it is issued: "
                            "leave this empty."
                        ),
                    )
        return cleaned


@admin.register(Correspondence)
class CorrespondenceAdmin(HistoryAdmin):
    list_display = ["reference", "letter_date", "direction", "sender", "recipient", "subject", "reply_due", "status"]
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
        "activity",
        "in_reply_to",
    ]
    list_select_related = ["sender_agency", "sender_partner", "recipient_agency", "recipient_partner"]
    date_hierarchy = "dated"
    form = CorrespondenceForm
    fieldsets = [
        (None, {"fields": ["direction", ("number", "symbol"), ("dated", "received_on"), "dated_precision", "status"]}),
        (
            gettext_lazy("From and to"),
            {"fields": [("sender_agency", "sender_partner"), ("recipient_agency", "recipient_partner")]},
        ),
        (gettext_lazy("Content"), {"fields": ["subject", "body", "copies_to"]}),
        (
            gettext_lazy("Links and deadline"),
            {"fields": ["partner", "activity", "plan", "training_class", "in_reply_to", "reply_due"]},
        ),
        (gettext_lazy("Signature"), {"fields": ["signer_authority", "signer_title", "signer_name"]}),
    ]

    actions = ["draft_reply", "issue_letters"]

    def get_queryset(self, request):
        # An outgoing letter's number and date are its issued document's: one query for the page, not one a row.
        return super().get_queryset(request).prefetch_related("documents")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.direction != Direction.OUTGOING:
            return fieldsets
        # An outgoing letter shows its document's number (and, once issued, its date), not an input for them.
        replaced = {("number", "symbol"): "register_entry"}
        if obj.issued_document is not None:
            replaced[("dated", "received_on")] = ("issued_on", "received_on")
        (title, options), *rest = fieldsets
        fields = [replaced.get(field, field) for field in options["fields"]]
        return [(title, {**options, "fields": fields}), *rest]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.direction == Direction.OUTGOING:
            readonly.append("register_entry")
            if obj.issued_document is not None:
                # Issued, it stays outgoing: its document is drawn from an outgoing letter of ours.
                readonly += ["direction", "issued_on"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("help_texts", {"register_entry": REGISTER_HELP})
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=gettext_lazy("number and symbol"), ordering="number")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=gettext_lazy("dated"), ordering="dated")
    def letter_date(self, obj):
        """The letter's date; only its month when its day is unknown ('05/2023'), never an invented day."""
        if obj.direction == Direction.INCOMING and not obj.date_known:
            return f"{obj.dated.month:02d}/{obj.dated.year}"
        issued = obj.issued_document if obj.direction == Direction.OUTGOING else None
        if issued is not None:  # recorded on paper with its day blank: its month only
            return issued_date_shown(issued)
        return obj.letter_date

    @admin.display(description=gettext_lazy("dated"))
    def issued_on(self, obj):
        """An issued letter's date, on its change page: its document's (its month only when the paper has no day)."""
        issued = obj.issued_document
        return issued_date_shown(issued) if issued is not None else formats.localize(obj.letter_date)

    @admin.display(description=gettext_lazy("number and symbol"))
    def register_entry(self, obj):
        return register_entry(obj, DocumentKind.LETTER)

    @admin.display(description=gettext_lazy("from"))
    def sender(self, obj):
        return obj.sender

    def change_view(self, request, object_id, form_url="", extra_context=None):
        letter = self.get_object(request, object_id)
        if letter is not None and letter.direction == Direction.OUTGOING:
            extra_context = document_tools_context(letter, [(DocumentKind.LETTER, _("Letter"))], extra_context)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=gettext_lazy("Draft a reply to the selected incoming letter"))
    def draft_reply(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one incoming letter to answer."), messages.WARNING)
            return None
        try:
            reply = services.correspondence_reply_draft(original=queryset.get(), by=request.user)
        except ValidationError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:partners_correspondence_change", args=[reply.pk]))

    @admin.action(description=gettext_lazy("Issue the selected outgoing letters (number, date, PDF)"))
    def issue_letters(self, request, queryset):
        return issue_document_action(self, request, queryset, DocumentKind.LETTER)

    @admin.display(description=gettext_lazy("to"))
    def recipient(self, obj):
        return obj.recipient


# --- the register of outgoing documents --------------------------------------------------------


def issued_date_shown(document) -> str:
    """An issued document's date as the console shows it; only its month ('09/2024') when the paper leaves the day
    blank, never an invented day."""
    if not document.issued_day_known:
        return f"{document.issued_on.month:02d}/{document.issued_on.year}"
    return formats.localize(document.issued_on)


def register_entry(source, kind: str):
    """The number a letter or a plan was issued under, read from its latest issued document (the one home, as
    `source.issued_document`) and linked to its entry in the register; never an input."""
    issued = selectors.latest_issued(kind=kind, source=source) if source.pk else None
    if issued is None:
        return _("not issued yet")
    reference = issued.reference
    if issued.issued_on_paper and not issued.number and not issued.issued_day_known:
        reference = _(
            "%(reference)s of %(month)s (day not known): issued outside the portal, its number not recorded"
        ) % {"reference": issued.reference, "month": issued_date_shown(issued)}
    elif issued.issued_on_paper and not issued.number:
        reference = _("%(reference)s of %(date)s: issued outside the portal, its number not recorded") % {
            "reference": issued.reference,
            "date": issued.issued_on.strftime("%d/%m/%Y"),
        }
    url = reverse("admin:partners_outgoingdocument_change", args=[issued.pk])
    return format_html('{} (<a href="{}">{}</a>)', reference, url, _("its entry in the register"))


def document_tools_context(source, kinds: list[tuple[str, str]], extra_context=None) -> dict:
    """The change page's context with the preview / issue / download buttons of each kind of document."""
    if source is None:
        return extra_context or {}
    return {**(extra_context or {}), "document_tools": selectors.document_tools(source, kinds)}


def preview_document_action(modeladmin, request, queryset, kind: str):
    """Admin action: open the draft PDF of the one selected letter, plan or class."""
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Select exactly one row to preview its document."), messages.WARNING)
        return None
    return HttpResponseRedirect(reverse("partners:source_preview_pdf", args=[kind, queryset.get().pk]))


def confirm_issue_action(modeladmin, request, objects, documents) -> TemplateResponse | None:
    """The confirmation an issuing action asks first: each document with the number it takes or what it lacks. None
    once confirmed (`confirm=yes`), to go on and issue."""
    if request.POST.get("confirm") == "yes":
        return None
    previews = services.issue_previews(documents)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Issue documents"),
        "opts": modeladmin.model._meta,
        "previews": previews,
        "can_issue": any(p.can_issue for p in previews),
        "action": request.POST.get("action", ""),
        "selected": [obj.pk for obj in objects],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "cancel_url": request.get_full_path(),
        "next": "",
    }
    return TemplateResponse(request, "admin/partners/issue_confirm.html", context)


def issue_document_action(modeladmin, request, queryset, kind: str) -> TemplateResponse | None:
    """Admin action: issue the document of `kind` of each selected row, once the clerk has seen the numbers they
    take and what any of them lacks; refusals say what is missing."""
    sources = list(queryset)
    confirm = confirm_issue_action(
        modeladmin, request, sources, [services.document_for_preview(kind=kind, source=s) for s in sources]
    )
    if confirm is not None:
        return confirm
    run_service_on_each(
        modeladmin,
        request,
        queryset,
        lambda source, by: services.issue_from_source(kind=kind, source=source, by=by),
        _("%(count)s document(s) issued."),
    )
    return None


@admin.register(DocumentType)
class DocumentTypeAdmin(HistoryAdmin):
    list_display = ["name", "abbreviation", "code", "symbol_with_drafting_unit", "order"]
    search_fields = ["name", "abbreviation", "code"]


class DocumentRegisterForm(forms.ModelForm):
    class Meta:
        model = DocumentRegister
        fields = ["issuing_agency", "year", "last_number"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        check_by_dry_run(
            services.register_move_to,
            agency=form_value(self, "issuing_agency"),
            year=form_value(self, "year"),
            last_number=cleaned["last_number"],
        )
        return cleaned

    def validate_unique(self):
        # Opening a register that exists moves it forward.
        pass


@admin.register(DocumentRegister)
class DocumentRegisterAdmin(JunkSafeAdminMixin, FoldedSearchMixin, ExcelAdminMixin, admin.ModelAdmin):
    """The counters of the registers: kept by the issuing service; opened or moved forward by hand only when a
    register was kept on paper until now. Never deleted, never moved back."""

    form = DocumentRegisterForm
    list_display = ["issuing_agency", "year", "last_number"]
    list_filter = ["year"]
    search_fields = ["issuing_agency__name"]
    list_select_related = ["issuing_agency"]
    autocomplete_fields = ["issuing_agency"]

    def get_readonly_fields(self, request, obj=None):
        return ["issuing_agency", "year"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.register_move_to(agency=obj.issuing_agency, year=obj.year, last_number=obj.last_number)
        obj.pk = saved.pk
        obj.refresh_from_db()


class OutgoingDocumentAddForm(forms.ModelForm):
    """A new draft: what kind of document, drawn from which letter, plan or class; or the record of a letter or a
    plan issued on paper, outside the portal, with the number, symbol and date printed on it."""

    PAPER_FIELDS = ["record_on_paper", "paper_number", "paper_symbol", "paper_issued_on", "paper_day_unknown"]

    record_on_paper = forms.BooleanField(
        label=gettext_lazy("issued on paper"),
        required=False,
        help_text=gettext_lazy(
            "Tick to record a letter or a plan already issued outside the portal (on paper, before the portal kept "
            "the register), with what is printed on it; the portal will not print it."
        ),
    )
    paper_number = forms.IntegerField(
        label=gettext_lazy("number on the paper"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Empty when the number is not known; the register moves past a number given here."),
    )
    paper_symbol = forms.CharField(
        label=gettext_lazy("symbol on the paper"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("e.g. KH-UBND; empty: the symbol the register would give."),
    )
    paper_issued_on = forms.DateField(label=gettext_lazy("date on the paper"), required=False)
    paper_day_unknown = forms.BooleanField(
        label=gettext_lazy("day left blank on the paper"),
        required=False,
        help_text=gettext_lazy(
            "Tick when the copy leaves the day blank ('ngày … tháng 9 năm 2024'): give any day of the month; only "
            "the month and year are kept and printed."
        ),
    )

    @property
    def paper_precision(self) -> str:
        return DatePrecision.MONTH if self.cleaned_data.get("paper_day_unknown") else DatePrecision.DAY

    class Meta:
        model = OutgoingDocument
        fields = ["kind", *DOCUMENT_SOURCES, "issuing_agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_agency"].required = False
        self.fields["issuing_agency"].help_text = _("For a class's decision or notice; otherwise the source's body.")

    def clean_paper(self, kind: str, source) -> None:
        """The record of a paper document is checked by the service itself, run and rolled back."""
        if not self.cleaned_data.get("paper_issued_on"):
            self.add_error("paper_issued_on", _("Give the date printed on the paper."))
            return
        try:
            check_by_dry_run(
                services.document_record_paper,
                kind=kind,
                source=source,
                number=self.cleaned_data.get("paper_number"),
                symbol=self.cleaned_data.get("paper_symbol", ""),
                issued_on=self.cleaned_data["paper_issued_on"],
                precision=self.paper_precision,
            )
        except ValidationError as exc:
            self.add_error(None, exc)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned
        wanted = selectors.source_field(kind)
        for name in DOCUMENT_SOURCES:
            if name != wanted and cleaned.get(name):
                self.add_error(name, _("Leave this empty for this kind of document."))
        source = cleaned.get(wanted)
        if not source:
            self.add_error(wanted, _("Choose what this document is drawn from."))
        elif cleaned.get("record_on_paper"):
            self.clean_paper(kind, source)
        elif selectors.current_draft(kind=kind, source=source) is None:
            issued = selectors.latest_issued(kind=kind, source=source)
            if issued is not None:  # the service refuses it too, under the source's lock
                self.add_error(wanted, services.already_issued(issued))
        return cleaned

    def _post_clean(self):
        # The draft is made by the service (which fills it from its source), not from this form's instance.
        pass


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(HistoryAdmin):
    """Issued documents and drafts. Drafts are made from a letter, a plan or a class (its "issue" button, or "add")."""

    list_display = [
        "reference_display",
        "issued_date",
        "document_type",
        "issuing_agency",
        "subject_display",
        "signer_name",
        "status",
        "file_link",
    ]
    list_filter = [
        "status",
        "issued_on_paper",
        "document_type",
        ("issuing_agency", admin.RelatedOnlyFieldListFilter),
        "year",
        "kind",
    ]
    search_fields = ["subject", "symbol", "signer_name", "issuing_agency__name"]
    list_select_related = ["document_type", "issuing_agency"]
    autocomplete_fields = ["issuing_agency", *DOCUMENT_SOURCES]
    date_hierarchy = "issued_on"
    register_fields = [
        "status",
        "issued_on_paper",
        "reference_display",
        "issued_date",
        "sha256",
        "issued_by",
        "issued_at",
        "file_link",
    ]
    source_fields = ["kind", "document_type", "source_link", "replaces_link", "created_by", "created_at"]
    fieldsets = [
        (gettext_lazy("Register"), {"fields": register_fields}),
        (gettext_lazy("Drawn from"), {"fields": source_fields}),
        (
            gettext_lazy("Header and subject"),
            {"fields": ["issuing_agency", "drafting_unit", "subject", "decision_authority", "recipients"]},
        ),
        (
            gettext_lazy("Signature and copies"),
            {"fields": ["signer_authority", "signer_title", "signer_name", "copies_to"]},
        ),
    ]
    actions = ["issue_drafts", "correct_issued"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = OutgoingDocumentAddForm
        else:
            kwargs.setdefault("help_texts", {"reference_display": REGISTER_HELP})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (None, {"fields": OutgoingDocumentAddForm.Meta.fields}),
                (gettext_lazy("Issued on paper"), {"fields": OutgoingDocumentAddForm.PAPER_FIELDS}),
            ]
        return super().get_fieldsets(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            # Only the draft's own fields, under a lock: a full save would write back a stale status and number
            # over a document another clerk issued meanwhile.
            try:
                services.draft_save(document=obj, changes=form.cleaned_data)
            except ValidationError as exc:
                request.draft_refused = True
                self.message_user(request, error_text(exc), messages.ERROR)
            return
        kind = form.cleaned_data["kind"]
        source = form.cleaned_data[selectors.source_field(kind)]
        if form.cleaned_data.get("record_on_paper"):
            request.recorded_on_paper = True
            draft = services.document_record_paper(
                kind=kind,
                source=source,
                number=form.cleaned_data.get("paper_number"),
                symbol=form.cleaned_data.get("paper_symbol", ""),
                issued_on=form.cleaned_data["paper_issued_on"],
                precision=form.paper_precision,
                by=request.user,
            )
        else:
            draft = services.document_prepare(
                kind=kind, source=source, by=request.user, issuing_agency=form.cleaned_data.get("issuing_agency")
            )
        obj.pk = draft.pk
        obj.refresh_from_db()

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        if getattr(request, "recorded_on_paper", False):
            self.message_user(
                request, _("%(reference)s is recorded as issued on paper.") % {"reference": obj.reference}
            )
            return HttpResponseRedirect(reverse("admin:partners_outgoingdocument_change", args=[obj.pk]))
        # A new draft is not finished: open it to fill in the signer and the copies.
        self.message_user(
            request, _("The draft was made from its source: complete it, preview it, then issue it."), messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:partners_outgoingdocument_change", args=[obj.pk]))

    def response_change(self, request, obj):
        if getattr(request, "draft_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        # An issued document stays in the register for ever; a draft may be thrown away.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_issued)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would not spare the issued ones
        return actions

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        readonly = [*self.register_fields, *self.source_fields]
        if obj is not None and obj.is_issued:
            readonly += [name for _title, options in self.fieldsets[2:] for name in options["fields"]]
        return readonly

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "is_register": True})

    @admin.display(description=gettext_lazy("number and symbol"), ordering="number")
    def reference_display(self, obj):
        return obj.reference

    @admin.display(description=gettext_lazy("issued on"), ordering="issued_on")
    def issued_date(self, obj):
        return issued_date_shown(obj) if obj.issued_on else "–"

    @admin.display(description=gettext_lazy("subject"))
    def subject_display(self, obj):
        return obj.subject if len(obj.subject) <= 80 else obj.subject[:78] + "…"

    @admin.display(description=gettext_lazy("issued PDF"))
    def file_link(self, obj):
        if not obj.is_issued:
            return "–"
        if obj.issued_on_paper:
            return _("none: issued on paper")
        return format_html('<a href="{}">{}</a>', reverse("partners:document_download", args=[obj.pk]), _("Download"))

    @admin.display(description=gettext_lazy("drawn from"))
    def source_link(self, obj):
        source = obj.source
        opts = source._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[source.pk])
        return format_html('<a href="{}">{}</a>', url, source)

    @admin.display(description=gettext_lazy("corrects"))
    def replaces_link(self, obj):
        if obj.replaces_id is None:
            return "–"
        url = reverse("admin:partners_outgoingdocument_change", args=[obj.replaces_id])
        return format_html('<a href="{}">{}</a>', url, obj.replaces)

    @admin.action(description=gettext_lazy("Issue the selected drafts (number, date, frozen PDF)"))
    def issue_drafts(self, request, queryset):
        documents = list(queryset.select_related("document_type", "issuing_agency"))
        confirm = confirm_issue_action(self, request, documents, documents)
        if confirm is not None:
            return confirm
        run_service_on_each(
            self,
            request,
            queryset.select_related("document_type", "issuing_agency"),
            lambda document, by: services.document_issue(document=document, by=by),
            _("%(count)s document(s) issued."),
        )

    @admin.action(description=gettext_lazy("Make a correction of the selected issued documents (a new draft)"))
    def correct_issued(self, request, queryset):
        run_service_on_each(
            self,
            request,
            queryset,
            lambda document, by: services.document_correct(document=document, by=by),
            _("%(count)s correction(s) drafted."),
        )


@admin.register(DefaultCopy)
class DefaultCopyAdmin(HistoryAdmin):
    list_display = ["text", "kind", "issuing_agency", "order", "agency", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["text", "issuing_agency__name", "agency__name"]
    autocomplete_fields = ["issuing_agency", "agency"]
    list_select_related = ["issuing_agency", "agency"]


from partners import certificate_admin  # noqa: E402, F401  (the certificates' console, a module of its own)
