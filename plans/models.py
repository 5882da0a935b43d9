"""Who trains, under which plan, with which targets: agencies, plans and their targets."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from plans.validators import validate_signer_authority
from training_portal.constraints import one_of, unique_code_in_any_case
from training_portal.importing import ImportStatus
from training_portal.search import Searchable, SearchKeyQuerySet, trigram_index


class AgencyKind(models.TextChoices):
    PARTY = "party", _("Party body or mass organisation")
    PEOPLES_COMMITTEE = "committee", _("People's committee")
    DEPARTMENT = "department", _("Provincial department or board")
    COMMUNE = "commune", _("Commune-level authority")
    PUBLIC_SERVICE_UNIT = "service_unit", _("Public service unit")
    TRAINING_INSTITUTION = "institution", _("Training institution")
    OTHER = "other", _("Other")


class AgencyQuerySet(SearchKeyQuerySet):
    def valid_on(self, day: datetime.date):
        """Agencies that existed on `day` (reforms merge, rename and close agencies)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Agency(Searchable):
    """A government agency or unit (cơ quan, đơn vị), with the dates it existed."""

    search_key_sources = ("name", "code", "abbreviation")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short unique code used to match rows in imports, e.g. LS-SNV."),
        validators=[
            RegexValidator(r"^[A-Za-z0-9._-]+$", _("Use only letters without accents, digits, '.', '_' or '-'."))
        ],
    )
    name = models.CharField(_("name"), max_length=255)
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=30,
        help_text=_("Used in document symbols, e.g. SNV, SNgV, UBND."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    place_name = models.CharField(
        _("place name"),
        max_length=80,
        blank=True,
        help_text=_("Written before the date of its documents, e.g. Lạng Sơn."),
    )
    headcount = models.PositiveIntegerField(
        _("staff headcount"), default=0, help_text=_("Number of staff, used for fair seat allotment.")
    )
    target_group = models.ForeignKey(
        "TargetGroup",
        verbose_name=_("usual target group of its staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into / renamed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    # Who usually signs what the agency issues: the draft of a class decision or recruitment notice starts from
    # these, and says before the issue button what is still missing. Empty in the database too (db_default): the
    # bulk writers (generate_data) insert agencies without them.
    signer_authority = models.TextField(
        _("usual signing authority"),
        blank=True,
        default="",
        db_default="",
        validators=[validate_signer_authority],
        help_text=_("One line per level, each starting with TM., KT., TL. or TUQ., e.g. 'KT. GIÁM ĐỐC'."),
    )
    signer_title = models.CharField(
        _("usual signer's title"),
        max_length=120,
        blank=True,
        default="",
        db_default="",
        help_text=_("e.g. PHÓ GIÁM ĐỐC"),
    )
    signer_name = models.CharField(_("usual signer's name"), max_length=120, blank=True, default="", db_default="")
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        indexes = [trigram_index("plans_agency")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_dates_ordered",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("An agency cannot be its own parent."),
            ),
            unique_code_in_any_case(),
        ]

    def __str__(self):
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class FocalPoint(models.Model):
    """A user who acts for an agency in the portal (cán bộ đầu mối); a person may serve several agencies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="focal_points"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="focal_points")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency focal point")
        verbose_name_plural = _("agency focal points")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"],
                name="%(app_label)s_%(class)s_unique_user_agency",
                violation_error_message=_("This user is already a focal point of this agency."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.agency}"


class LegalDocument(Searchable):
    """A legal document cited as a basis (căn cứ): decree, decision, circular, scheme."""

    search_key_sources = ("number", "title", "issuer")

    number = models.CharField(_("number and symbol"), max_length=60, help_text=_("e.g. 101/2017/NĐ-CP"))
    doc_type = models.CharField(_("document type"), max_length=60, help_text=_("e.g. Nghị định, Quyết định"))
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issuer"), max_length=160, help_text=_("e.g. Chính phủ, Thủ tướng Chính phủ"))
    title = models.TextField(pgettext_lazy("legal document", "title"))
    # When it governs, and whom: a document cites the bases in force on its own date (`selectors.bases_in_force`).
    effective_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("Empty: from the day it was issued.")
    )
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("The last day it governs, e.g. the end of a scheme's period; empty: still in force."),
    )
    applies_to = models.CharField(
        _("applies to"), max_length=255, blank=True, help_text=_("For whom, e.g. công chức; empty: as its title says.")
    )
    source = models.TextField(
        _("source of these facts"),
        blank=True,
        help_text=_("Where the dates and the scope were checked (address, article), and what could not be checked."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "issuer"],
                name="%(app_label)s_%(class)s_unique_number_issuer",
                violation_error_message=_("This issuer already has a document with this number."),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="%(app_label)s_%(class)s_effective_dates_ordered",
                violation_error_message=_("A document cannot stop being in force before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.doc_type} {self.number}"

    @property
    def in_force_from(self) -> datetime.date:
        return self.effective_from or self.issued_on

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.in_force_from <= day and (self.effective_to is None or day <= self.effective_to)


class LegalChangeKind(models.TextChoices):
    REPLACES = "replaces", _("Replaces")
    AMENDS = "amends", _("Amends")


class LegalDocumentChange(models.Model):
    """What a legal document does to an earlier one (thay thế, sửa đổi, bổ sung), and for whom."""

    document = models.ForeignKey(
        LegalDocument, verbose_name=_("the later document"), on_delete=models.CASCADE, related_name="changes_made"
    )
    changed = models.ForeignKey(
        LegalDocument, verbose_name=_("the earlier document"), on_delete=models.CASCADE, related_name="changed_by"
    )
    kind = models.CharField(_("what it does"), max_length=20, choices=LegalChangeKind.choices)
    scope = models.CharField(
        _("for whom"),
        max_length=255,
        blank=True,
        help_text=_("When only in part, for whom, e.g. công chức (the earlier one still governs the others)."),
    )
    source = models.TextField(_("source of this fact"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change to a legal document")
        verbose_name_plural = _("changes to legal documents")
        ordering = ["changed", "document"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "changed", "kind"],
                name="%(app_label)s_%(class)s_unique_change",
                violation_error_message=_("This change is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(document=models.F("changed")),
                name="%(app_label)s_%(class)s_not_itself",
                violation_error_message=_("A document cannot replace or amend itself."),
            ),
            one_of("kind", LegalChangeKind, _("Unknown kind of change.")),
        ]

    def __str__(self):
        return f"{self.document} – {self.get_kind_display()} – {self.changed}"


class TargetGroup(Searchable):
    """A group of people a plan or class is for (đối tượng)."""

    search_key_sources = ("name", "code")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class FundingSource(Searchable):
    """Where the money comes from (nguồn kinh phí): state budget by level, programmes, donors."""

    search_key_sources = ("name", "code")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CategoryKind(models.TextChoices):
    DEGREE = "degree", _("Degree training")
    REFRESHER = "refresher", _("Refresher training")


class TrainingCategory(Searchable):
    """A category of the plan's targets (chỉ tiêu): postgraduate, domestic kinds (a)–(d), overseas."""

    search_key_sources = ("name", "code")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    label = models.CharField(_("label in the plan"), max_length=10, blank=True, help_text=_("e.g. a), b), 2.2"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CategoryKind.choices, default=CategoryKind.REFRESHER)
    is_overseas = models.BooleanField(_("overseas"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training category")
        verbose_name_plural = _("training categories")
        ordering = ["order", "code"]
        constraints = [unique_code_in_any_case()]

    def __str__(self):
        return f"{self.label} {self.name}".strip()


class ContentArea(Searchable):
    """A content area of training (Decree 171/2025/NĐ-CP art. 14), used to tag classes."""

    search_key_sources = ("name", "code")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class SignatureBlock(models.Model):
    """The signature block of an official document: authority lines, title and name."""

    signer_authority = models.TextField(
        _("signing authority"),
        blank=True,
        validators=[validate_signer_authority],
        help_text=_(
            "One line per level, each starting with TM., KT., TL. or TUQ., "
            "e.g. 'TM. ỦY BAN NHÂN DÂN' then 'KT. CHỦ TỊCH'."
        ),
    )
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True, help_text=_("e.g. PHÓ CHỦ TỊCH"))
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def signer_authority_lines(self) -> list[str]:
        return [line.strip() for line in self.signer_authority.splitlines() if line.strip()]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REVISED = "revised", _("Revised")
    CLOSED = "closed", _("Closed")


class IssuedAsDocument:
    """A plan or a letter, issued as an official document (partners.OutgoingDocument, reverse name `documents`).

    Its number, symbol and date live only on that document, the one home of the register; a correction is a later
    document, so the latest issued one is the plan's or letter's. Read from a prefetch of `documents` when a list
    made one (one query for the page), otherwise once per instance (`refresh_from_db` forgets it)."""

    @property
    def issued_document(self):
        if self.pk is None:
            return None
        prefetch_related_objects([self], "documents")
        issued = [document for document in self.documents.all() if document.is_issued]
        return max(issued, key=lambda d: (d.issued_at is not None, d.issued_at, d.pk), default=None)


class TrainingPlan(IssuedAsDocument, SignatureBlock, Searchable):
    """An annual training plan (kế hoạch đào tạo, bồi dưỡng năm) of an issuing body."""

    search_key_sources = ("title",)

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=300)
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="issued_plans"
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    purposes = models.TextField(_("purposes"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    refresher_for = models.TextField(
        _("whom the refresher classes are for"),
        blank=True,
        help_text=_(
            "As section IV words it after the number of refresher classes, e.g. “cán bộ, công chức (bao gồm cán bộ, "
            "công chức cấp xã)”. Left empty: the section gives the numbers alone."
        ),
    )
    legal_bases = models.ManyToManyField(
        LegalDocument, verbose_name=_("legal bases"), through="PlanLegalBasis", related_name="plans", blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="plans", blank=True
    )
    funding_sources = models.ManyToManyField(
        FundingSource, verbose_name=_("funding sources"), related_name="plans", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[target_groups, funding_sources])

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "issuing_agency__name"]
        permissions = [("view_dashboard", _("Can view the leadership dashboard"))]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_agency", "year"],
                condition=~Q(status="closed"),
                name="%(app_label)s_%(class)s_one_open_plan_per_body_year",
                violation_error_message=_("This body already has an open plan for this year."),
            ),
            one_of("status", PlanStatus, _("Unknown plan status.")),
        ]

    def __str__(self):
        return self.title

    @property
    def document_reference(self) -> str:
        """'05/KH-UBND' as issued; '…/KH-UBND' issued on paper with its number not recorded; '…' not issued."""
        issued = self.issued_document
        return issued.reference if issued is not None else "…"


class PlanLegalBasis(models.Model):
    """A legal document cited by a plan, in the order the plan cites it."""

    class Role(models.TextChoices):
        BASIS = "basis", _("Legal basis (Căn cứ)")
        REFERENCE = "reference", _("Cited in the body")

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="basis_links")
    document = models.ForeignKey(LegalDocument, verbose_name=_("legal document"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.BASIS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "document"],
                name="%(app_label)s_%(class)s_unique_plan_document",
                violation_error_message=_("This document is already cited by the plan."),
            )
        ]

    def __str__(self):
        return str(self.document)


class PlanTarget(models.Model):
    """A target (chỉ tiêu) of a plan: planned classes and seats for one category."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    category = models.ForeignKey(
        TrainingCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="targets"
    )
    planned_classes = models.PositiveIntegerField(
        _("planned classes"), default=0, help_text=_("0 when the target is counted in seats only, e.g. postgraduate.")
    )
    planned_seats = models.PositiveIntegerField(_("planned seats"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    wording = models.TextField(
        _("wording in section III"),
        blank=True,
        help_text=_("What the plan says of this category's content (scope, scheme), as printed; **bold** allowed."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["plan", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "category"],
                name="%(app_label)s_%(class)s_unique_plan_category",
                violation_error_message=_("This plan already has a target for this category."),
            ),
            models.CheckConstraint(
                condition=Q(planned_seats__gte=models.F("planned_classes")),
                name="%(app_label)s_%(class)s_seats_cover_classes",
                violation_error_message=_("Planned seats cannot be fewer than planned classes."),
            ),
        ]

    def __str__(self):
        return f"{self.plan.year} – {self.category}"


class PlanResponsibility(Searchable):
    """What an agency (or a group of agencies) must do under a plan (tổ chức thực hiện)."""

    search_key_sources = ("heading", "duties")

    plan = models.ForeignKey(
        TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsibilities",
    )
    heading = models.CharField(
        _("heading"),
        max_length=255,
        blank=True,
        help_text=_("Who, when not a single agency, e.g. 'Các sở, ban, ngành'."),
    )
    duties = models.TextField(_("duties"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["plan", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | ~Q(heading=""),
                name="%(app_label)s_%(class)s_agency_or_heading",
                violation_error_message=_("Name the agency or write a heading."),
            )
        ]

    def __str__(self):
        return self.heading or str(self.agency)


class PlanFootnote(models.Model):
    """A footnote of the plan's text (chú thích), printed at the foot of the page where its anchor words are."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="footnotes")
    anchor = models.CharField(
        _("after the words"),
        max_length=255,
        help_text=_("The words of the plan the note is attached to (their first occurrence in the text)."),
    )
    text = models.TextField(_("note text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return self.text[:80]


class PlanTransition(models.Model):
    """One step of a plan's workflow: who moved it from which status to which, and when."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(pgettext_lazy("status change", "from"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(pgettext_lazy("status change", "to"), max_length=20, choices=PlanStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plan status change")
        verbose_name_plural = _("plan status changes")
        ordering = ["plan", "at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ImportKind(models.TextChoices):
    AGENCIES = "agencies", _("Agencies")
    TRAINEES = "trainees", _("Trainees (staff lists)")
    CLASSES = "classes", _("Classes (the plan's appendix)")
    ALLOTMENTS = "allotments", _("Seat allotments")
    NOMINATIONS = "nominations", _("Nominations")
    ATTENDANCE = "attendance", _("Attendance (the institution's sheet)")
    RESULTS = "results", _("Results (the institution's sheet)")
    SPENDING = "spending", _("Spending on classes")


class ImportRecord(Searchable):
    """One Excel file uploaded by staff (nhập dữ liệu từ Excel): who, when, which file, what it changed."""

    search_key_sources = ("file_name", "checksum")

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    message = models.TextField(_("message"), blank=True)
    # The checked plan waiting for confirmation, as JSON data (never code), and the file sent back with the errors
    # marked: in the database, so that any app server confirms or serves what another one checked.
    plan = models.JSONField(_("checked plan"), null=True, blank=True, editable=False)
    error_file = models.BinaryField(_("file with the errors marked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Excel import")
        verbose_name_plural = _("Excel imports")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            one_of("kind", ImportKind, _("Unknown kind of import.")),
            one_of("status", ImportStatus, _("Unknown import status.")),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} – {self.file_name}"

    @property
    def change_reason(self) -> str:
        """Written on every history row the import creates, so each row's history names its import.

        Stored text, so in the site's language (Vietnamese) whatever the language of the user importing."""
        with translation.override(settings.LANGUAGE_CODE):
            return _("Excel import #%(id)s: %(file)s (SHA-256 %(checksum)s)") % {
                "id": self.pk,
                "file": self.file_name,
                "checksum": self.checksum[:12],
            }


# --- Issue 16's modules, the app's models: the training budget; agencies' own training reported to the department
from plans.agency_reports.models import (  # noqa: E402, F401
    AgencyReportEvent,
    AgencyReportLine,
    AgencyTrainingReport,
    ReportEventKind,
    ReportingRound,
    ReportStatus,
)
from plans.budget.models import (  # noqa: E402, F401
    EXPLAIN_ABOVE_PERCENT,
    Allocation,
    CostGroup,
    CostItem,
    CostRate,
    EstimateLine,
    Settlement,
    SettlementLine,
    SpendingLine,
)
