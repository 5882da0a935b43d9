"""Eligibility as data: the rules of who may be sent, the yearly ratings they read, and staff's recorded exceptions.

Imported by `courses.models` (Django finds the models there); the rules themselves run in `courses.eligibility`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from courses.refusals import MESSAGES, Refusal
from training_portal.constraints import one_of


class ProposalKind(models.TextChoices):
    """What a person is nominated or proposed for: the rules differ by kind."""

    DOMESTIC = "domestic", _("Domestic refresher class")
    OVERSEAS = "overseas", _("Overseas class")
    POSTGRADUATE = "postgraduate", _("Postgraduate training")


class RuleKind(models.TextChoices):
    MAX_AGE = "max_age", _("Age at the start, at most (years)")
    MIN_SERVICE = "min_service", _("Years of service, at least")
    SERVICE_LEFT = "service_left", _("Service left before retirement age, at least (months)")
    RATING = "rating", _("Yearly rating, at least, for the last years")
    LANGUAGE = "language", _("Foreign language level, at least")
    LEADERSHIP = "leadership", _("Leadership level, at least")
    FIELD = "field", _("Field of study matching the job")


# The rules an override may lift: the data rules, and the ones every nomination has (overlapping classes, target
# group and rank of the class).
class OverridableRule(models.TextChoices):
    MAX_AGE = "max_age", _("Age at the start")
    MIN_SERVICE = "min_service", _("Years of service")
    SERVICE_LEFT = "service_left", _("Service left before retirement age")
    RATING = "rating", _("Yearly rating")
    LANGUAGE = "language", _("Foreign language level")
    LEADERSHIP = "leadership", _("Leadership level")
    FIELD = "field", _("Field of study")
    OVERLAP = "overlap", _("Classes whose dates overlap")
    TARGET_GROUP = "target_group", _("Target group of the class")
    RANK = "rank", _("Rank of the class")


class Rating(models.TextChoices):
    """The yearly rating of a civil servant (xếp loại chất lượng hằng năm), best first."""

    EXCELLENT = "excellent", _("Excellently fulfilled duties")
    GOOD = "good", _("Well fulfilled duties")
    FULFILLED = "fulfilled", _("Fulfilled duties")
    NOT_FULFILLED = "not_fulfilled", _("Did not fulfil duties")


RATING_ORDER = {Rating.NOT_FULFILLED: 0, Rating.FULFILLED: 1, Rating.GOOD: 2, Rating.EXCELLENT: 3}


class LanguageLevel(models.IntegerChoices):
    """The six levels of the national foreign-language framework (Thông tư 01/2014/TT-BGDĐT), with CEFR's names."""

    A1 = 1, _("Level 1 (A1)")
    A2 = 2, _("Level 2 (A2)")
    B1 = 3, _("Level 3 (B1)")
    B2 = 4, _("Level 4 (B2)")
    C1 = 5, _("Level 5 (C1)")
    C2 = 6, _("Level 6 (C2)")


NEEDS_NUMBER = (RuleKind.MAX_AGE, RuleKind.MIN_SERVICE, RuleKind.SERVICE_LEFT, RuleKind.RATING)
NEEDS_LEVEL = (RuleKind.RATING, RuleKind.LEADERSHIP)


class EligibilityRule(models.Model):
    """A condition for sending a person to training (điều kiện cử đi đào tạo, bồi dưỡng), with its legal basis."""

    rule = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    applies_to = models.CharField(_("applies to"), max_length=20, choices=ProposalKind.choices)
    number = models.PositiveSmallIntegerField(
        _("figure"),
        null=True,
        blank=True,
        help_text=_(
            "Years (age, service), months (service left), years in a row (rating) or the language level "
            "(1–6) asked when the course names none."
        ),
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        blank=True,
        help_text=_("The lowest rating (excellent, good, fulfilled) or leadership level (division, department…)."),
    )
    min_days = models.PositiveSmallIntegerField(
        _("for courses of at least (days)"), null=True, blank=True, help_text=_("Empty: whatever the length.")
    )
    max_days = models.PositiveSmallIntegerField(
        _("for courses of at most (days)"), null=True, blank=True, help_text=_("Empty: whatever the length.")
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, help_text=_("The article of the decree the rule comes from.")
    )
    source_url = models.URLField(_("source"), blank=True, max_length=500)
    verification = models.TextField(
        _("how the figure was checked"), blank=True, help_text=_("What text the figure was checked against.")
    )
    active = models.BooleanField(_("in force"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["applies_to", "rule", "min_days"]
        constraints = [
            one_of("rule", RuleKind, _("Unknown rule.")),
            one_of("applies_to", ProposalKind, _("Unknown kind of training.")),
            models.CheckConstraint(
                condition=~Q(rule__in=NEEDS_NUMBER) | Q(number__isnull=False),
                name="%(app_label)s_%(class)s_number_when_needed",
                violation_error_message=MESSAGES[Refusal.RULE_NEEDS_NUMBER],
            ),
            models.CheckConstraint(
                condition=~Q(rule__in=NEEDS_LEVEL) | ~Q(level=""),
                name="%(app_label)s_%(class)s_level_when_needed",
                violation_error_message=MESSAGES[Refusal.RULE_NEEDS_LEVEL],
            ),
            models.CheckConstraint(
                condition=~Q(legal_basis=""),
                name="%(app_label)s_%(class)s_has_legal_basis",
                violation_error_message=MESSAGES[Refusal.RULE_NEEDS_BASIS],
            ),
            models.CheckConstraint(
                condition=Q(min_days__isnull=True) | Q(max_days__isnull=True) | Q(max_days__gte=F("min_days")),
                name="%(app_label)s_%(class)s_days_in_order",
                violation_error_message=MESSAGES[Refusal.RULE_DAYS_ORDER],
            ),
        ]

    def __str__(self):
        return f"{self.get_applies_to_display()}: {self.get_rule_display()}"


class YearlyRating(models.Model):
    """A person's rating for one year (kết quả đánh giá, xếp loại chất lượng hằng năm)."""

    trainee = models.ForeignKey(
        "courses.Trainee", verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly rating")
        verbose_name_plural = _("yearly ratings")
        ordering = ["trainee", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "year"],
                name="%(app_label)s_%(class)s_once_a_year",
                violation_error_message=MESSAGES[Refusal.RATING_TWICE],
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100),
                name="%(app_label)s_%(class)s_year_plausible",
                violation_error_message=MESSAGES[Refusal.RATING_YEAR],
            ),
            one_of("rating", Rating, _("Unknown rating.")),
        ]

    def __str__(self):
        return f"{self.trainee} – {self.year}: {self.get_rating_display()}"


class EligibilityOverride(models.Model):
    """An exception to a rule for one person (ngoại lệ), for one class or one kind of training, decided by staff."""

    trainee = models.ForeignKey(
        "courses.Trainee", verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="overrides"
    )
    rule = models.CharField(_("rule lifted"), max_length=20, choices=OverridableRule.choices)
    training_class = models.ForeignKey(
        "courses.TrainingClass",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overrides",
        help_text=_("The class the exception is for; leave empty for a kind of training (e.g. postgraduate)."),
    )
    applies_to = models.CharField(
        _("kind of training"),
        max_length=20,
        choices=ProposalKind.choices,
        blank=True,
        help_text=_("When no class is named: the exception holds for the person's proposals of this kind."),
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("eligibility exception")
        verbose_name_plural = _("eligibility exceptions")
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["trainee", "rule"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="%(app_label)s_%(class)s_reason_required",
                violation_error_message=MESSAGES[Refusal.OVERRIDE_REASON],
            ),
            models.CheckConstraint(
                condition=Q(training_class__isnull=False) | ~Q(applies_to=""),
                name="%(app_label)s_%(class)s_class_or_kind",
                violation_error_message=MESSAGES[Refusal.OVERRIDE_SCOPE],
            ),
            one_of("rule", OverridableRule, _("Unknown rule.")),
        ]

    def __str__(self):
        scope = self.training_class.code if self.training_class_id else self.get_applies_to_display()
        return f"{self.trainee} – {self.get_rule_display()} ({scope})"
