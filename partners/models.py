"""Training partners at home and abroad, what was agreed and done with them, and the letters exchanged."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from courses.models import CertificateKind
from plans.models import Agency, IssuedAsDocument, SignatureBlock
from training_portal.constraints import one_of
from training_portal.names import file_name
from training_portal.search import Searchable, SearchKeyQuerySet


class PartnerKind(models.TextChoices):
    TRAINING_INSTITUTE = "institute", _("Training institute")
    DONOR = "donor", _("Donor or funder")
    MINISTRY = "ministry", _("Ministry or government body")
    NETWORK = "network", _("Network")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class Partner(Searchable):
    """A training partner (đối tác), foreign or domestic: institute, donor, ministry, network."""

    search_key_sources = ("name", "name_vi", "abbreviation", "code")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.TRAINING_INSTITUTE
    )
    country = models.CharField(_("country"), max_length=80)
    is_foreign = models.BooleanField(_("foreign"), default=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent body"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("A partner cannot be its own parent body."),
            )
        ]

    def __str__(self):
        """Its Vietnamese name where it has one, as lists and documents name it, with its abbreviation."""
        name = self.name_vi or self.name
        if self.abbreviation and self.abbreviation not in name:
            return f"{name} ({self.abbreviation})"
        return name


class PartnerContact(Searchable):
    """A person to contact at a partner."""

    search_key_sources = ("name", "email")

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(pgettext_lazy("job", "title"), max_length=160, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["partner", "name"]

    def __str__(self):
        return self.name


class CooperationForm(models.TextChoices):
    ABROAD = "abroad", _("Abroad")
    IN_PROVINCE = "in_province", _("In the province")
    ONLINE = "online", _("Online")


class Agreement(Searchable):
    """An agreement or cooperation framework (thỏa thuận hợp tác) with a partner."""

    search_key_sources = ("title", "scope")

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="agreements")
    counterpart_agency = models.ForeignKey(
        Agency,
        verbose_name=_("our side (agency)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    counterpart_partner = models.ForeignKey(
        Partner,
        verbose_name=_("our side (national institution)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_agreements",
    )
    title = models.CharField(_("title"), max_length=300)
    scope = models.TextField(_("scope"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    form_abroad = models.BooleanField(_("abroad"), default=False)
    form_in_province = models.BooleanField(_("in the province"), default=False)
    form_online = models.BooleanField(_("online"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="%(app_label)s_%(class)s_valid_dates_ordered",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=Q(counterpart_agency__isnull=False) | Q(counterpart_partner__isnull=False),
                name="%(app_label)s_%(class)s_has_counterpart",
                violation_error_message=_("Name our side of the agreement: an agency or a national institution."),
            ),
            models.CheckConstraint(
                condition=~Q(counterpart_partner=F("partner")),
                name="%(app_label)s_%(class)s_two_distinct_sides",
                violation_error_message=_("An agreement needs two different sides."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def forms(self) -> list[str]:
        flags = [
            (self.form_abroad, CooperationForm.ABROAD),
            (self.form_in_province, CooperationForm.IN_PROVINCE),
            (self.form_online, CooperationForm.ONLINE),
        ]
        return [str(form.label) for on, form in flags if on]


class AgreementArea(Searchable):
    """One line of cooperation under an agreement, e.g. 'joint research on training needs'."""

    search_key_sources = ("description",)

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="areas"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area of cooperation")
        verbose_name_plural = _("areas of cooperation")
        ordering = ["agreement", "order"]

    def __str__(self):
        return self.description[:80]


class CooperationActivity(Searchable):
    """Something done with a partner (hoạt động hợp tác): courses held, how many took part, who paid."""

    search_key_sources = ("title", "location")

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="activities")
    funder = models.ForeignKey(
        Partner,
        verbose_name=_("funded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_activities",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("our agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=300)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    form = models.CharField(_("form"), max_length=20, choices=CooperationForm.choices)
    location = models.CharField(_("place"), max_length=200, blank=True)
    courses_count = models.PositiveIntegerField(_("number of courses"), default=0)
    participants_count = models.PositiveIntegerField(_("number of participants"), default=0)
    training_classes = models.ManyToManyField(
        "courses.TrainingClass",
        verbose_name=_("classes in the system"),
        blank=True,
        related_name="cooperation_activities",
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[training_classes])

    class Meta:
        verbose_name = _("cooperation activity")
        verbose_name_plural = _("cooperation activities")
        ordering = ["-year_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=F("year_from")),
                name="%(app_label)s_%(class)s_years_ordered",
                violation_error_message=_("The last year cannot be before the first."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def years(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"


class Direction(models.TextChoices):
    INCOMING = "in", _("Incoming")
    OUTGOING = "out", _("Outgoing")


class CorrespondenceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class DatePrecision(models.TextChoices):
    """How much of a letter's date is known: a copy may leave the day blank ("ngày … tháng 5 năm 2023")."""

    DAY = "day", _("Day, month and year")
    MONTH = "month", _("Month and year only (day unknown)")


class CorrespondenceQuerySet(SearchKeyQuerySet):
    def awaiting_reply(self):
        return self.filter(
            reply_due__isnull=False, status__in=[CorrespondenceStatus.RECEIVED, CorrespondenceStatus.IN_PROGRESS]
        )

    def overdue(self, today):
        return self.awaiting_reply().filter(reply_due__lt=today)


class Correspondence(IssuedAsDocument, SignatureBlock, Searchable):
    """An official letter in or out (công văn đến/đi), with its number, deadline and links.

    An incoming letter's number, symbol and date are the sender's, typed from the paper. An outgoing letter has none
    of its own: they are its issued document's (`issued_document`), the register's one home; its `dated` is the
    date planned while it is a draft."""

    search_key_sources = ("subject", "symbol", "body")

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=60, blank=True, help_text=_("e.g. SNgV-LSHTQT"))
    dated = models.DateField(
        _("dated"), help_text=_("When only the month is known, any day of it (the first): it is not printed.")
    )
    dated_precision = models.CharField(
        _("date known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    sender_agency = models.ForeignKey(
        Agency,
        verbose_name=_("from agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_sent",
    )
    sender_partner = models.ForeignKey(
        Partner,
        verbose_name=_("from partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_sent",
    )
    recipient_agency = models.ForeignKey(
        Agency,
        verbose_name=_("to agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_received",
    )
    recipient_partner = models.ForeignKey(
        Partner,
        verbose_name=_("to partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_received",
    )
    subject = models.CharField(_("subject"), max_length=500, help_text=_("The 'V/v …' line, without 'V/v'."))
    body = models.TextField(_("body"), blank=True)
    copies_to = models.TextField(_("copies to (Nơi nhận)"), blank=True, help_text=_("One recipient per line."))
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("about partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correspondence",
    )
    plan = models.ForeignKey(
        "plans.TrainingPlan",
        verbose_name=_("about plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correspondence",
    )
    training_class = models.ForeignKey(
        "courses.TrainingClass",
        verbose_name=_("about class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correspondence",
    )
    activity = models.ForeignKey(
        CooperationActivity,
        verbose_name=_("about cooperation activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correspondence",
    )
    in_reply_to = models.ForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CorrespondenceStatus.choices)
    history = HistoricalRecords()

    objects = CorrespondenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("correspondence")
        verbose_name_plural = _("correspondence")
        ordering = ["-dated", "-id"]
        indexes = [models.Index(fields=["status", "reply_due"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(sender_agency__isnull=False) | Q(sender_partner__isnull=False),
                name="%(app_label)s_%(class)s_has_sender",
                violation_error_message=_("Name who sent the letter: an agency or a partner."),
            ),
            models.CheckConstraint(
                condition=Q(recipient_agency__isnull=False) | Q(recipient_partner__isnull=False),
                name="%(app_label)s_%(class)s_has_recipient",
                violation_error_message=_("Name who the letter is addressed to: an agency or a partner."),
            ),
            models.CheckConstraint(
                condition=Q(reply_due__isnull=True) | Q(reply_due__gte=F("dated")),
                name="%(app_label)s_%(class)s_reply_due_after_date",
                violation_error_message=_("The reply deadline cannot be before the letter's date."),
            ),
            one_of("status", CorrespondenceStatus, _("Unknown correspondence status.")),
            one_of("dated_precision", DatePrecision, _("Unknown precision of the date.")),
            models.CheckConstraint(
                condition=Q(direction=Direction.INCOMING) | (Q(number__isnull=True) & Q(symbol="")),
                name="%(app_label)s_%(class)s_outgoing_numbered_by_its_document",
                violation_error_message=_(
                    "An outgoing letter takes its number and symbol from the register when it is issued: "
                    "leave this empty."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – V/v {self.subject[:60]}"

    @property
    def reference(self) -> str:
        """The sender's '05/SNgV-LSHTQT' for an incoming letter; its issued document's for an outgoing one."""
        if self.direction == Direction.OUTGOING:
            issued = self.issued_document
            return issued.reference if issued is not None else "…"
        number = f"{self.number:02d}" if self.number else "…"
        return f"{number}/{self.symbol}" if self.symbol else number

    @property
    def letter_date(self):
        """The date the letter bears: the sender's, or the issue date of an outgoing letter (its plan while a draft)."""
        if self.direction == Direction.OUTGOING:
            issued = self.issued_document
            if issued is not None:
                return issued.issued_on
        return self.dated

    @property
    def date_known(self) -> bool:
        """Whether the day of the letter's date is known (not only its month)."""
        return self.dated_precision == DatePrecision.DAY

    @property
    def sender(self):
        return self.sender_agency or self.sender_partner

    @property
    def recipient(self):
        return self.recipient_agency or self.recipient_partner


# --- the register of outgoing documents (sổ văn bản đi) ----------------------------------------


class DocumentType(Searchable):
    """A type of administrative document (thể loại văn bản, Nghị định 30/2020): công văn, kế hoạch, quyết định…"""

    search_key_sources = ("name", "abbreviation", "code")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80, help_text=_("As printed on the document, e.g. Kế hoạch."))
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=10,
        blank=True,
        help_text=_("Used in the symbol, e.g. KH, QĐ, TB; empty for an official letter (công văn)."),
    )
    symbol_with_drafting_unit = models.BooleanField(
        _("drafting unit in the symbol"),
        default=False,
        help_text=_("An official letter's symbol ends with the drafting unit, e.g. SNV-CCVC."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class DocumentRegister(models.Model):
    """The register of outgoing documents (sổ văn bản đi) of one issuing body for one year: the last number given."""

    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="document_registers"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(
        _("last number given"),
        default=0,
        help_text=_("When the register was kept on paper until now, its last number: the next document follows it."),
    )

    class Meta:
        verbose_name = _("register of outgoing documents")
        verbose_name_plural = _("registers of outgoing documents")
        ordering = ["-year", "issuing_agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_agency", "year"],
                name="%(app_label)s_%(class)s_one_per_body_year",
                violation_error_message=_("This body already has a register for this year."),
            )
        ]

    def __str__(self):
        return f"{self.issuing_agency} – {self.year}"


class DocumentKind(models.TextChoices):
    """Which template lays out the document and where its content comes from."""

    LETTER = "letter", _("Official letter")
    PLAN = "plan", _("Annual training plan")
    CLASS_DECISION = "class_decision", _("Decision sending staff to a class")
    RECRUITMENT_NOTICE = "recruitment_notice", _("Recruitment notice of a class")
    # Postgraduate places and reimbursement (issue 15).
    PLACE_DECISION = "place_decision", _("Decision sending a person to postgraduate study")
    REIMBURSEMENT_DECISION = "reimbursement_decision", _("Decision on reimbursement of training costs")
    # The year's report to the Ministry of Home Affairs (issue 16, Decree 171/2025).
    ANNUAL_REPORT = "annual_report", _("Annual report on training")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


# The fields of OutgoingDocument that point to what a document is drawn from: exactly one is set.
DOCUMENT_SOURCES = (
    "correspondence",
    "plan",
    "training_class",
    "postgraduate_place",
    "reimbursement_case",
    "reported_plan",
)


def exactly_one_of(names: tuple[str, ...]) -> Q:
    condition = Q()
    for name in names:
        others = [Q(**{f"{other}__isnull": True}) for other in names if other != name]
        condition |= Q(*others, **{f"{name}__isnull": False})
    return condition


def issued_document_path(instance: "OutgoingDocument", filename: str) -> str:
    # A random name: files under MEDIA_ROOT must not be guessable from the document's number.
    return f"documents/{instance.year or 'draft'}/{uuid.uuid4().hex}.pdf"


class OutgoingDocument(SignatureBlock, Searchable):
    """An outgoing official document (văn bản đi): a draft, then issued with its number and a frozen PDF."""

    search_key_sources = ("subject", "symbol", "signer_name")

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="documents"
    )
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="outgoing_documents"
    )
    drafting_unit = models.CharField(
        _("drafting unit"),
        max_length=30,
        blank=True,
        help_text=_(
            "Abbreviation of the division that drafted it, e.g. CCVC: in a letter's symbol and in 'Lưu: VT, …'."
        ),
    )
    decision_authority = models.CharField(
        _("deciding authority"),
        max_length=200,
        blank=True,
        help_text=_("For a decision, the line above the legal bases, e.g. GIÁM ĐỐC SỞ NỘI VỤ. Empty: from the signer."),
    )
    subject = models.CharField(_("subject"), max_length=500, help_text=_("The summary (trích yếu) of the document."))
    recipients = models.TextField(_("addressed to (Kính gửi)"), blank=True, help_text=_("One recipient per line."))
    copies_to = models.TextField(_("copies to (Nơi nhận)"), blank=True, help_text=_("One recipient per line."))
    correspondence = models.ForeignKey(
        Correspondence,
        verbose_name=_("letter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    plan = models.ForeignKey(
        "plans.TrainingPlan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    training_class = models.ForeignKey(
        "courses.TrainingClass",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    postgraduate_place = models.ForeignKey(
        "courses.PostgraduatePlace",
        verbose_name=_("postgraduate place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    reimbursement_case = models.ForeignKey(
        "courses.ReimbursementCase",
        verbose_name=_("reimbursement case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # The annual report covers the year of one plan (a province's): its own field, so that the report is never
    # taken for the plan's own document (`TrainingPlan.issued_document`).
    reported_plan = models.ForeignKey(
        "plans.TrainingPlan",
        verbose_name=_("plan reported on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        help_text=_("An issued document is never changed: a correction is a new document that points to it."),
    )
    year = models.PositiveSmallIntegerField(_("register year"), null=True, blank=True, editable=False)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    symbol = models.CharField(_("symbol"), max_length=60, blank=True, editable=False)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, editable=False)
    file = models.FileField(_("issued PDF"), upload_to=issued_document_path, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, editable=False)
    # A document with tables (the annual report's appendix) keeps them as issued, for its workbook: the same figures
    # as the frozen PDF, whatever changes later. [[title, header, rows], …] of numbers and texts.
    tables = models.JSONField(_("tables as issued"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_on_paper = models.BooleanField(
        _("issued on paper"),
        default=False,
        editable=False,
        help_text=_(
            "Issued outside the portal (on paper, before the portal kept the register) and recorded here: "
            "its number is the one typed from the paper, if known; it has no stored PDF and is never printed again."
        ),
    )
    issued_on_precision = models.CharField(
        _("date known to"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        editable=False,
        help_text=_(
            "Only for a document issued on paper whose copy leaves the day blank ('ngày … tháng 9 năm 2024'): its "
            "date is then stored as the first of the month and printed without a day."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        ordering = ["-year", "-number", "-id"]
        indexes = [models.Index(fields=["issuing_agency", "year", "number"])]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_agency", "year", "number"],
                condition=Q(number__isnull=False),
                name="%(app_label)s_%(class)s_unique_number_in_register",
                violation_error_message=_("This number is already taken in the body's register for that year."),
            ),
            models.CheckConstraint(
                condition=exactly_one_of(DOCUMENT_SOURCES),
                name="%(app_label)s_%(class)s_one_source",
                violation_error_message=_(
                    "A document is drawn from exactly one letter, plan, class, place, case or plan reported on."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(issued_on_paper=True)
                | (Q(number__gte=1) & Q(year__isnull=False) & Q(issued_on__isnull=False) & ~Q(file="") & ~Q(sha256="")),
                name="%(app_label)s_%(class)s_issued_has_number_and_file",
                violation_error_message=_("An issued document has a number, a date and its stored PDF."),
            ),
            models.CheckConstraint(
                condition=Q(issued_on_paper=False)
                | (
                    Q(status="issued")
                    & Q(year__isnull=False)
                    & Q(issued_on__isnull=False)
                    & Q(file="")
                    & Q(sha256="")
                    & (Q(number__isnull=True) | Q(number__gte=1))
                ),
                name="%(app_label)s_%(class)s_paper_has_date_and_no_file",
                violation_error_message=_("A document issued on paper has its date, and no stored PDF."),
            ),
            models.CheckConstraint(
                condition=Q(issued_on_precision=DatePrecision.DAY) | Q(issued_on_paper=True),
                name="%(app_label)s_%(class)s_only_paper_leaves_the_day_blank",
                violation_error_message=_(
                    "Only a document issued on paper may have its day unknown: the portal dates what it issues."
                ),
            ),
            one_of("status", DocumentStatus, _("Unknown document status.")),
            one_of("kind", DocumentKind, _("Unknown kind of document.")),
            one_of("issued_on_precision", DatePrecision, _("Unknown precision of the date.")),
        ]

    def __str__(self):
        # Long enough for a report's subject to keep its year ("… viên chức năm 2025"): 67 characters.
        subject = self.subject if len(self.subject) <= 80 else self.subject[:79] + "…"
        return f"{self.reference} – {subject}"

    @property
    def issued_day_known(self) -> bool:
        """Whether the day of the issue date is known: always for a document issued here, not always on paper."""
        return self.issued_on_precision == DatePrecision.DAY

    @property
    def reference(self) -> str:
        """'05/KH-UBND' once issued; '…/KH-UBND' issued on paper with its number not recorded; '…' while a draft."""
        number = f"{self.number:02d}" if self.number else "…"
        return f"{number}/{self.symbol}" if self.symbol else number

    @property
    def has_stored_pdf(self) -> bool:
        """Issued by the portal, so its PDF is frozen; one issued on paper has none."""
        return self.is_issued and not self.issued_on_paper

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED

    @property
    def source(self):
        return (
            self.correspondence
            or self.plan
            or self.training_class
            or self.postgraduate_place
            or self.reimbursement_case
            or self.reported_plan
        )

    @property
    def download_name(self) -> str:
        """The file name offered on download, in Vietnamese without diacritics: 'ke-hoach-05-kh-ubnd-2025-03-05.pdf'
        once issued; a draft says so and names its plan's year or its class's code: 'du-thao-ke-hoach-2026.pdf'."""
        kind = self.document_type.name
        if self.is_issued:
            number = f"{self.number:02d}" if self.number else None
            return file_name(kind, number, self.symbol, self.issued_on, extension="pdf")
        if self.plan_id:
            about = [self.plan.year]
        elif self.training_class_id:
            about = [self.training_class.code]
        elif self.postgraduate_place_id:
            about = [self.postgraduate_place.trainee.full_name]
        elif self.reimbursement_case_id:
            about = ["den bu", self.reimbursement_case.commitment.place.trainee.full_name]
        elif self.reported_plan_id:
            about = [self.reported_plan.year]
        else:  # a letter: the year it was drafted and its own number in the register of drafts
            about = [timezone.localtime(self.created_at).year if self.created_at else None, self.pk]
        return file_name("du thao", kind, *about, extension="pdf")


class DefaultCopy(models.Model):
    """A line of the usual "Nơi nhận" (recipients of copies) of a kind of document of an issuing body.

    A new draft starts from the lines in force on its date; the clerk edits them before the issue. A line that names
    an agency is left out while that agency does not exist (before it was created, after it was merged)."""

    kind = models.CharField(_("kind of document"), max_length=30, choices=DocumentKind.choices)
    issuing_agency = models.ForeignKey(
        Agency,
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="default_copies",
        help_text=_("Empty: for every issuing body that has no list of its own."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("recipient"), max_length=255, help_text=_("As printed, e.g. 'Ban Tổ chức Tỉnh ủy'."))
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency named"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="named_in_copies",
        help_text=_("When the line names one agency: printed only on the days it exists."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("usual recipient of copies")
        verbose_name_plural = _("usual recipients of copies (Nơi nhận)")
        ordering = ["kind", "issuing_agency__name", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="%(app_label)s_%(class)s_valid_dates_ordered",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
            one_of("kind", DocumentKind, _("Unknown kind of document.")),
        ]

    def __str__(self):
        return self.text


# --- certificates the department issues itself (chứng chỉ, giấy chứng nhận) ---------------------------------------
# A class the department certifies itself gets a certificate per completed nomination, numbered from the issuing
# body's own certificate register (sổ cấp chứng chỉ, giấy chứng nhận) for the year. What the certificate says is
# frozen on its row when it is issued, so its PDF always prints the same and the public verification page reads the
# same; the nomination's `Result` carries its number, date, kind and issuer, the one place every record reads.


def new_verification_code() -> str:
    """The random code in a certificate's verification address and QR code: 128 bits, not guessable."""
    return secrets.token_urlsafe(16)


class ClassCertification(models.Model):
    """A class whose certificates the department issues itself (lớp do Sở tự cấp chứng chỉ, giấy chứng nhận): which
    body issues them and which kind."""

    training_class = models.OneToOneField(
        "courses.TrainingClass", verbose_name=_("class"), on_delete=models.CASCADE, related_name="certification"
    )
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="class_certifications"
    )
    kind = models.CharField(_("certificate kind"), max_length=12, choices=CertificateKind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("class certified by the department")
        verbose_name_plural = _("classes certified by the department")
        ordering = ["-training_class__end_date", "training_class__code"]
        constraints = [one_of("kind", CertificateKind, _("Unknown certificate kind."))]

    def __str__(self):
        return str(self.training_class)


class CertificateRegister(models.Model):
    """The register of certificates (sổ cấp chứng chỉ, giấy chứng nhận) of one issuing body for one year: the last
    number given."""

    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="certificate_registers"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("certificate register")
        verbose_name_plural = _("certificate registers")
        ordering = ["-year", "issuing_agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_agency", "year"],
                name="%(app_label)s_%(class)s_one_per_body_year",
                violation_error_message=_("This body already has a certificate register for this year."),
            )
        ]

    def __str__(self):
        return f"{self.issuing_agency} – {self.year}"


class Certificate(SignatureBlock):
    """A certificate the department issued (chứng chỉ, giấy chứng nhận), as it was printed; revoked, it stays in the
    register."""

    nomination = models.ForeignKey(
        "courses.Nomination", verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="certificates"
    )
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(_("certificate kind"), max_length=12, choices=CertificateKind.choices)
    year = models.PositiveSmallIntegerField(_("register year"))
    number = models.PositiveIntegerField(_("number in the register"))
    reference = models.CharField(_("certificate number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_verification_code)
    # What the certificate says, frozen when it is issued.
    holder_name = models.CharField(_("holder's name"), max_length=120)
    holder_birth_date = models.DateField(_("holder's date of birth"))
    holder_gender = models.CharField(_("holder's gender"), max_length=1, blank=True)
    holder_agency = models.CharField(_("holder's agency"), max_length=255, blank=True)
    class_code = models.CharField(_("class code"), max_length=40)
    class_title = models.CharField(_("class"), max_length=300)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    periods = models.PositiveSmallIntegerField(_("length (periods)"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    result = models.CharField(_("result"), max_length=60, blank=True)
    issuer_name = models.CharField(_("issuing body's name"), max_length=255)
    place_name = models.CharField(_("place name"), max_length=100)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-year", "-number"]
        indexes = [models.Index(fields=["reference"])]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_agency", "year", "number"],
                name="%(app_label)s_%(class)s_unique_number_in_register",
                violation_error_message=_("This number is already taken in the body's certificate register."),
            ),
            models.UniqueConstraint(
                fields=["nomination"],
                condition=Q(revoked_at__isnull=True),
                name="%(app_label)s_%(class)s_one_valid_per_nomination",
                violation_error_message=_("This person already holds a valid certificate of this class."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="%(app_label)s_%(class)s_number_from_one",
                violation_error_message=_("A register's numbers start at 1."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoke_reason="")
                | (Q(revoked_at__isnull=False) & ~Q(revoke_reason="")),
                name="%(app_label)s_%(class)s_revoked_with_reason",
                violation_error_message=_("A revoked certificate says when and why it was revoked."),
            ),
            one_of("kind", CertificateKind, _("Unknown certificate kind.")),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
