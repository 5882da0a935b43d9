"""The training budget, from estimate to settlement (dự toán → phân bổ → thực chi → quyết toán).

Cost items and their yearly rates follow the circular on the budget of civil-servant training: Circular
100/2025/TT-BTC of 28/10/2025 (Ministry of Finance, in force the same day), which replaced Circular 36/2018/TT-BTC.
The circular's number, date and title were verified (nhansu.vn's copy of its text); its articles, items and ceilings
could not be read from any stored copy, so the items seeded by the demo follow the heads of Circular 36/2018/TT-BTC
as amended (lecturers' fees by title, materials, hall and equipment, accommodation and travel support, organisation,
certificates; overseas: air fares, per diem, tuition, insurance, visas) and the rates are data a year at a time,
which staff correct in the console.

Imported by `plans.models`, so its models are the plans app's (app label `plans`); a class is named by its label
("courses.TrainingClass"), never imported, since courses' models import the plans app's.

Money is whole đồng in integer columns, never a float: an amount is quantity × rate rounded half up to the đồng
(`plans.budget.money.amount_of`), and it is what is paid, with no VAT added on top (teaching and training services are
outside VAT: the amounts of the estimate are the amounts settled).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import FundingSource, TrainingPlan
from training_portal.constraints import one_of
from training_portal.search import Searchable

# A settled item whose actual spending differs from its estimate by more than this (per cent of the estimate) needs a
# reason written on the settlement (and any difference when there was no estimate).
EXPLAIN_ABOVE_PERCENT = 5


class CostGroup(models.TextChoices):
    """The heads of cost of a class, in the order of the estimate's table."""

    LECTURING = "lecturing", _("Lecturers and reporters")
    MATERIALS = "materials", _("Materials and documents")
    VENUE = "venue", _("Hall and equipment")
    LEARNERS = "learners", _("Accommodation and travel support")
    ORGANISATION = "organisation", _("Organisation and management")
    CERTIFICATES = "certificates", _("Certificates")
    OVERSEAS = "overseas", _("Overseas training")


class CostItem(Searchable):
    """A cost item of a class's estimate (nội dung chi), e.g. a lecturer's fee by title, per session."""

    search_key_sources = ("name", "code")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    group = models.CharField(_("head of cost"), max_length=20, choices=CostGroup.choices)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. session, person-day, ticket"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=255, blank=True, help_text=_("The article of the circular that sets the item.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["order", "code"]
        constraints = [one_of("group", CostGroup, _("Unknown head of cost."))]

    def __str__(self):
        return self.name


class CostRate(models.Model):
    """The rate of a cost item for a year (định mức chi), in whole đồng per unit, at most the circular's ceiling."""

    item = models.ForeignKey(CostItem, verbose_name=_("cost item"), on_delete=models.PROTECT, related_name="rates")
    year = models.PositiveSmallIntegerField(_("year"))
    rate = models.BigIntegerField(_("rate (VND per unit)"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost rate")
        verbose_name_plural = _("cost rates")
        ordering = ["-year", "item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "year"],
                name="%(app_label)s_%(class)s_one_per_item_year",
                violation_error_message=_("This item already has a rate for this year."),
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0),
                name="%(app_label)s_%(class)s_rate_not_negative",
                violation_error_message=_("A rate cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.item} {self.year}"


class EstimateLine(models.Model):
    """A line of a class's estimate (dòng dự toán): quantity × rate of one item, paid from one funding source.

    The class's `budget_estimate` is the sum of its lines, kept in step by `plans.budget.services` in the same
    transaction as every change of a line."""

    training_class = models.ForeignKey(
        "courses.TrainingClass", verbose_name=_("class"), on_delete=models.CASCADE, related_name="estimate_lines"
    )
    item = models.ForeignKey(CostItem, verbose_name=_("cost item"), on_delete=models.PROTECT, related_name="+")
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    rate = models.BigIntegerField(_("rate (VND per unit)"))
    amount = models.BigIntegerField(_("amount (VND)"), editable=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("estimate line")
        verbose_name_plural = _("estimate lines")
        ordering = ["training_class", "item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "item", "funding_source"],
                name="%(app_label)s_%(class)s_one_per_item_source",
                violation_error_message=_("The class's estimate already has this item from this funding source."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(rate__gte=0) & Q(amount__gte=0),
                name="%(app_label)s_%(class)s_positive",
                violation_error_message=_("Quantity must be above zero, rate and amount not negative."),
            ),
        ]

    def __str__(self):
        return f"{self.training_class.code} – {self.item}"


class SpendingLine(models.Model):
    """Money actually spent on a class (thực chi): one voucher for one item from one funding source."""

    training_class = models.ForeignKey(
        "courses.TrainingClass", verbose_name=_("class"), on_delete=models.CASCADE, related_name="spending_lines"
    )
    item = models.ForeignKey(CostItem, verbose_name=_("cost item"), on_delete=models.PROTECT, related_name="+")
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    voucher = models.CharField(_("voucher"), max_length=60, help_text=_("The number of the payment voucher."))
    spent_on = models.DateField(_("date spent"))
    amount = models.BigIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spending line")
        verbose_name_plural = _("spending lines")
        ordering = ["training_class", "spent_on", "voucher"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "item", "funding_source", "voucher"],
                name="%(app_label)s_%(class)s_one_per_voucher",
                violation_error_message=_("This voucher is already recorded for this item and funding source."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="%(app_label)s_%(class)s_amount_positive",
                violation_error_message=_("An amount spent must be above zero."),
            ),
        ]

    def __str__(self):
        return f"{self.training_class.code} – {self.item} – {self.voucher}"


class Allocation(models.Model):
    """The amount allocated to a plan from a funding source (giao dự toán), recorded when the decision comes back."""

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="allocations")
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("amount allocated (VND)"))
    decided_on = models.DateField(_("date of the decision"))
    decision = models.CharField(_("decision"), max_length=120, blank=True, help_text=_("e.g. 2150/QĐ-UBND"))
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
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        ordering = ["plan", "funding_source__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "funding_source"],
                name="%(app_label)s_%(class)s_one_per_plan_source",
                violation_error_message=_("This plan already has an allocation from this funding source."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=_("An allocation cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.plan} – {self.funding_source}"


class Settlement(models.Model):
    """The settlement of a class's budget (quyết toán): its spending accepted, each difference explained."""

    training_class = models.OneToOneField(
        "courses.TrainingClass", verbose_name=_("class"), on_delete=models.CASCADE, related_name="settlement"
    )
    settled_on = models.DateField(_("date settled"))
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    estimate = models.BigIntegerField(_("estimate (VND)"))
    amount = models.BigIntegerField(_("amount settled (VND)"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-settled_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimate__gte=0) & Q(amount__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            )
        ]

    def __str__(self):
        return str(self.training_class)


class SettlementLine(models.Model):
    """One item and funding source of a settlement: the estimate, the actual spending, and why they differ."""

    settlement = models.ForeignKey(
        Settlement, verbose_name=_("settlement"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(CostItem, verbose_name=_("cost item"), on_delete=models.PROTECT, related_name="+")
    funding_source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="+"
    )
    estimate = models.BigIntegerField(_("estimate (VND)"))
    actual = models.BigIntegerField(_("actual (VND)"))
    reason = models.TextField(_("reason for the difference"), blank=True)

    class Meta:
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        ordering = ["settlement", "item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement", "item", "funding_source"],
                name="%(app_label)s_%(class)s_one_per_item_source",
                violation_error_message=_("The settlement already has this item from this funding source."),
            ),
            # The last guard of `settlement_problems`: a difference beyond EXPLAIN_ABOVE_PERCENT has its reason.
            models.CheckConstraint(
                condition=Q(reason__gt="")
                | (
                    LessThanOrEqual(F("actual") * 100, F("estimate") * (100 + EXPLAIN_ABOVE_PERCENT))
                    & GreaterThanOrEqual(F("actual") * 100, F("estimate") * (100 - EXPLAIN_ABOVE_PERCENT))
                ),
                name="%(app_label)s_%(class)s_difference_explained",
                violation_error_message=_("A difference from the estimate beyond the threshold needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.settlement} – {self.item}"
