"""Postgraduate and long courses as places for people, the service commitment after state-funded study, and the
reimbursement owed when it is broken (Nghị định 171/2025/NĐ-CP, Chương II).

A place (suất đào tạo sau đại học) belongs to one person: it counts toward the plan's postgraduate target, as a
class counts toward a refresher target. Imported by `courses.models`, so its models are the courses app's.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from courses.refusals import MESSAGES, Refusal
from training_portal.constraints import one_of
from training_portal.search import Searchable


class PlaceLevel(models.TextChoices):
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")
    OVERSEAS_LONG = "overseas_long", _("Long overseas programme")


class StudyMode(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time (work and study)")


class PlaceStatus(models.TextChoices):
    """Where a place stands: proposed (before the decision), then enrolled, possibly extended, then graduated or
    dropped out."""

    PROPOSED = "proposed", pgettext_lazy("place status", "Proposed")
    ENROLLED = "enrolled", pgettext_lazy("place status", "Enrolled")
    EXTENDED = "extended", pgettext_lazy("place status", "Extended")
    GRADUATED = "graduated", pgettext_lazy("place status", "Graduated")
    DROPPED_OUT = "dropped_out", pgettext_lazy("place status", "Dropped out")


OPEN_PLACE_STATUSES = (PlaceStatus.PROPOSED, PlaceStatus.ENROLLED, PlaceStatus.EXTENDED)
STUDYING_STATUSES = (PlaceStatus.ENROLLED, PlaceStatus.EXTENDED)
ENDED_PLACE_STATUSES = (PlaceStatus.GRADUATED, PlaceStatus.DROPPED_OUT)
AMOUNT_DIGITS = 15  # đồng, no fraction


class PostgraduatePlace(Searchable):
    """A postgraduate or long-course place (suất đào tạo sau đại học) held by one person."""

    search_key_sources = ("institution", "field_of_study", "degree")

    trainee = models.ForeignKey(
        "courses.Trainee", verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="places"
    )
    agency = models.ForeignKey(
        "plans.Agency",
        verbose_name=_("sending agency"),
        on_delete=models.PROTECT,
        related_name="places",
        help_text=_("The agency that sends the person (their agency when the place was proposed)."),
    )
    target = models.ForeignKey(
        "plans.PlanTarget",
        verbose_name=_("plan target"),
        on_delete=models.PROTECT,
        related_name="places",
        help_text=_("The plan's postgraduate target this place counts toward."),
    )
    level = models.CharField(_("level"), max_length=20, choices=PlaceLevel.choices)
    mode = models.CharField(_("mode of study"), max_length=20, choices=StudyMode.choices)
    institution = models.CharField(_("institution"), max_length=255)
    field_of_study = models.CharField(_("field of study"), max_length=200)
    country = models.CharField(_("country"), max_length=80, default="Việt Nam")
    start_date = models.DateField(_("start"))
    expected_end = models.DateField(_("expected end"))
    extended_to = models.DateField(
        _("extended to"), null=True, blank=True, help_text=_("The new end date when the study was extended.")
    )
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("The day of graduation or of dropping out.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlaceStatus.choices, default=PlaceStatus.PROPOSED, db_index=True
    )
    funding_source = models.ForeignKey(
        "plans.FundingSource",
        verbose_name=_("funding source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="places",
    )
    funded_amount = models.DecimalField(
        _("funded amount (VND)"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=0,
        default=0,
        help_text=_("Tuition and every other cost paid for the course, salary and allowances excluded."),
    )
    degree = models.CharField(
        _("degree obtained"), max_length=200, blank=True, help_text=_("e.g. Thạc sĩ Quản lý công")
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Why the study was extended or abandoned."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("postgraduate place")
        verbose_name_plural = _("postgraduate places")
        ordering = ["-start_date", "trainee__full_name", "pk"]
        indexes = [models.Index(fields=["target", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "level"],
                condition=Q(status__in=OPEN_PLACE_STATUSES),
                name="%(app_label)s_%(class)s_one_open_per_person_level",
                violation_error_message=MESSAGES[Refusal.PLACE_ALREADY_OPEN_AT_LEVEL],
            ),
            models.CheckConstraint(
                condition=Q(expected_end__gt=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=MESSAGES[Refusal.PLACE_END_BEFORE_START],
            ),
            models.CheckConstraint(
                condition=Q(extended_to__isnull=True) | Q(extended_to__gt=F("expected_end")),
                name="%(app_label)s_%(class)s_extension_after_end",
                violation_error_message=MESSAGES[Refusal.PLACE_EXTENSION_NOT_LATER],
            ),
            models.CheckConstraint(
                condition=Q(funded_amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=MESSAGES[Refusal.AMOUNT_NEGATIVE],
            ),
            models.CheckConstraint(
                condition=(Q(status__in=ENDED_PLACE_STATUSES) & Q(ended_on__gte=F("start_date")))
                | (~Q(status__in=ENDED_PLACE_STATUSES) & Q(ended_on__isnull=True)),
                name="%(app_label)s_%(class)s_ended_has_its_day",
                violation_error_message=MESSAGES[Refusal.PLACE_ENDED_WITHOUT_DAY],
            ),
            one_of("status", PlaceStatus, _("Unknown status of a place.")),
            one_of("level", PlaceLevel, _("Unknown level of study.")),
            one_of("mode", StudyMode, _("Unknown mode of study.")),
        ]

    def __str__(self):
        return f"{self.trainee} – {self.get_level_display()}, {self.institution}"

    @property
    def end_date(self):
        """The end the study is expected at now: the extension's, else the one first planned."""
        return self.extended_to or self.expected_end

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PLACE_STATUSES


class CommitmentStatus(models.TextChoices):
    STUDYING = "studying", pgettext_lazy("commitment status", "Studying")
    SERVING = "serving", pgettext_lazy("commitment status", "Serving")
    FULFILLED = "fulfilled", pgettext_lazy("commitment status", "Fulfilled")
    BROKEN = "broken", pgettext_lazy("commitment status", "Broken")
    RELEASED = "released", pgettext_lazy("commitment status", "Released")


OPEN_COMMITMENT_STATUSES = (CommitmentStatus.STUDYING, CommitmentStatus.SERVING)


class ServiceCommitment(models.Model):
    """The commitment to keep serving after state-funded study (cam kết thời gian phục vụ), with the funded cost."""

    place = models.OneToOneField(
        PostgraduatePlace, verbose_name=_("place"), on_delete=models.PROTECT, related_name="commitment"
    )
    study_months = models.PositiveSmallIntegerField(_("study time (months)"))
    required_months = models.PositiveSmallIntegerField(
        _("service required (months)"), help_text=_("Computed from the study time by the rule cited.")
    )
    rule = models.CharField(_("legal rule"), max_length=200)
    funded_cost = models.DecimalField(_("funded cost (VND)"), max_digits=AMOUNT_DIGITS, decimal_places=0)
    serve_from = models.DateField(_("serves from"), null=True, blank=True)
    serve_until = models.DateField(_("serves until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.STUDYING
    )
    leaving_on = models.DateField(
        _("reported leaving on"),
        null=True,
        blank=True,
        help_text=_("The day the agency says the person leaves (resigns, moves outside the public service)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service commitment")
        verbose_name_plural = _("service commitments")
        ordering = ["serve_until", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(study_months__gte=1) & Q(required_months__gte=F("study_months")),
                name="%(app_label)s_%(class)s_required_at_least_study",
                violation_error_message=MESSAGES[Refusal.COMMITMENT_TOO_SHORT],
            ),
            models.CheckConstraint(
                condition=Q(funded_cost__gte=0),
                name="%(app_label)s_%(class)s_cost_not_negative",
                violation_error_message=MESSAGES[Refusal.AMOUNT_NEGATIVE],
            ),
            models.CheckConstraint(
                condition=Q(serve_from__isnull=True) | Q(serve_until__gt=F("serve_from")),
                name="%(app_label)s_%(class)s_until_after_from",
                violation_error_message=MESSAGES[Refusal.PLACE_END_BEFORE_START],
            ),
            one_of("status", CommitmentStatus, _("Unknown status of a commitment.")),
        ]

    def __str__(self):
        return _("%(person)s: %(months)s months") % {"person": self.place.trainee, "months": self.required_months}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATUSES


class ReimbursementReason(models.TextChoices):
    """The cases of Nghị định 171/2025/NĐ-CP, Điều 6 (verified through press summaries of the decree)."""

    LEFT_DURING_STUDY = "left_during_study", _("Left the course or the job during the study")
    DISMISSED = "dismissed", _("Dismissed by discipline")
    NO_DEGREE = "no_degree", _("Not awarded the degree")
    LEFT_BEFORE_SERVING = "left_before_serving", _("Left before serving the committed time")


class CaseStatus(models.TextChoices):
    OWING = "owing", pgettext_lazy("reimbursement", "Owing")
    SETTLED = "settled", pgettext_lazy("reimbursement", "Settled")


class ReimbursementCase(models.Model):
    """A case of reimbursement of training costs (đền bù chi phí đào tạo), kept until it is settled."""

    commitment = models.ForeignKey(
        ServiceCommitment, verbose_name=_("commitment"), on_delete=models.PROTECT, related_name="cases"
    )
    reason = models.CharField(_("reason"), max_length=30, choices=ReimbursementReason.choices)
    event_on = models.DateField(_("happened on"), help_text=_("The day the person left, dropped out or was dismissed."))
    cost = models.DecimalField(_("cost F (VND)"), max_digits=AMOUNT_DIGITS, decimal_places=0)
    required_months = models.PositiveSmallIntegerField(_("required service T1 (months)"))
    served_months = models.PositiveSmallIntegerField(_("served T2 (months)"))
    amount = models.DecimalField(_("amount owed S (VND)"), max_digits=AMOUNT_DIGITS, decimal_places=0)
    formula = models.CharField(_("how it was computed"), max_length=300)
    instalments = models.PositiveSmallIntegerField(_("instalments"), default=1)
    due_by = models.DateField(_("due by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OWING)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reimbursement case")
        verbose_name_plural = _("reimbursement cases")
        ordering = ["status", "-event_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(status="owing"),
                name="%(app_label)s_%(class)s_one_owing_per_commitment",
                violation_error_message=MESSAGES[Refusal.CASE_ALREADY_OPEN],
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0) & Q(amount__gte=0) & Q(amount__lte=F("cost")),
                name="%(app_label)s_%(class)s_amount_within_cost",
                violation_error_message=MESSAGES[Refusal.AMOUNT_NEGATIVE],
            ),
            models.CheckConstraint(
                condition=Q(instalments__gte=1),
                name="%(app_label)s_%(class)s_at_least_one_instalment",
                violation_error_message=MESSAGES[Refusal.INSTALMENTS_AT_LEAST_ONE],
            ),
            models.CheckConstraint(
                condition=(Q(status="settled") & Q(settled_on__isnull=False))
                | (Q(status="owing") & Q(settled_on__isnull=True)),
                name="%(app_label)s_%(class)s_settled_has_its_day",
                violation_error_message=MESSAGES[Refusal.CASE_NOT_PAID],
            ),
            one_of("status", CaseStatus, _("Unknown status of a reimbursement case.")),
            one_of("reason", ReimbursementReason, _("Unknown reason of a reimbursement.")),
        ]

    def __str__(self):
        return _("Reimbursement of %(person)s") % {"person": self.commitment.place.trainee}


class ReimbursementPayment(models.Model):
    """A payment toward a reimbursement case (một lần nộp tiền đền bù)."""

    case = models.ForeignKey(
        ReimbursementCase, verbose_name=_("reimbursement case"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (VND)"), max_digits=AMOUNT_DIGITS, decimal_places=0)
    receipt = models.CharField(_("receipt"), max_length=120, blank=True, help_text=_("The receipt or transfer number."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reimbursement payment")
        verbose_name_plural = _("reimbursement payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="%(app_label)s_%(class)s_amount_positive",
                violation_error_message=MESSAGES[Refusal.PAYMENT_NOT_POSITIVE],
            ),
        ]

    def __str__(self):
        return f"{self.paid_on:%d/%m/%Y}: {self.amount}"
