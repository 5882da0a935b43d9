"""Agencies' own training reported to the department (báo cáo kết quả đào tạo, bồi dưỡng của cơ quan, đơn vị).

Each year staff open a reporting round with a deadline (like an allotment's nomination deadline); every agency with a
focal point reports, through the portal, the training it ran itself: per category, the classes, participants and
periods. A report sent after the deadline is accepted but marked late; staff accept it or return it with a reason,
and a returned report is corrected and sent again. One report per agency and year; every step is kept as an event
(who, when, why).

Imported by `plans.models`, so its models are the plans app's (app label `plans`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Agency, TrainingCategory
from training_portal.constraints import one_of


class ReportingRound(models.Model):
    """A year's call for the agencies' training reports, with the deadline staff set (đợt báo cáo)."""

    year = models.PositiveSmallIntegerField(_("year reported"), unique=True)
    deadline = models.DateField(_("reporting deadline"))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="%(app_label)s_%(class)s_year_sensible",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__year__gte=models.F("year")),
                name="%(app_label)s_%(class)s_deadline_not_before_year",
                violation_error_message=_("The deadline cannot be before the year it reports on."),
            ),
        ]

    def __str__(self):
        return str(_("Training reports %(year)s") % {"year": self.year})


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")


class AgencyTrainingReport(models.Model):
    """An agency's report of the training it ran itself in a year (báo cáo của cơ quan, đơn vị)."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("reporting round"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="training_reports"
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    note = models.TextField(_("agency's note"), blank=True)
    submitted_at = models.DateTimeField(_("last submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"))
    late = models.BooleanField(_("late"), default=False, help_text=_("First submitted after the deadline."))
    decided_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency training report")
        verbose_name_plural = _("agency training reports")
        ordering = ["-round__year", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "agency"],
                name="%(app_label)s_%(class)s_one_per_agency_and_year",
                violation_error_message=_("This agency has already reported for this year."),
            ),
            one_of("status", ReportStatus, _("Unknown report status.")),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.RETURNED) | ~Q(return_reason=""),
                name="%(app_label)s_%(class)s_returned_with_reason",
                violation_error_message=_("A returned report needs the reason."),
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.SUBMITTED, decided_at__isnull=True)
                | (~Q(status=ReportStatus.SUBMITTED) & Q(decided_at__isnull=False)),
                name="%(app_label)s_%(class)s_reviewed_when_decided",
                violation_error_message=_("An accepted or returned report records when it was reviewed."),
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__gte=models.F("first_submitted_at")),
                name="%(app_label)s_%(class)s_submitted_in_order",
                violation_error_message=_("A report is last submitted after it was first submitted."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.round.year}"


class AgencyReportLine(models.Model):
    """One category's figures in an agency's report: classes it ran, participants and periods (tiết)."""

    report = models.ForeignKey(
        AgencyTrainingReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="lines"
    )
    category = models.ForeignKey(
        TrainingCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    classes = models.PositiveIntegerField(_("classes run"))
    participants = models.PositiveIntegerField(_("participants"))
    periods = models.PositiveIntegerField(_("periods"), help_text=_("Teaching periods (tiết) of all its classes."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency report line")
        verbose_name_plural = _("agency report lines")
        ordering = ["report", "category__order", "category__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "category"],
                name="%(app_label)s_%(class)s_one_per_category",
                violation_error_message=_("The report already has a line for this category."),
            ),
            models.CheckConstraint(
                condition=Q(classes__gt=0) | (Q(participants=0) & Q(periods=0)),
                name="%(app_label)s_%(class)s_no_participants_without_classes",
                violation_error_message=_("Participants and periods need at least one class."),
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.category}"


class ReportEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class AgencyReportEvent(models.Model):
    """A step of a report: sent, accepted or returned, by whom and when (and why, for a return)."""

    report = models.ForeignKey(
        AgencyTrainingReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("step"), max_length=20, choices=ReportEventKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late = models.BooleanField(_("after the deadline"), default=False)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("agency report event")
        verbose_name_plural = _("agency report events")
        ordering = ["report", "at", "pk"]
        constraints = [
            one_of("kind", ReportEventKind, _("Unknown report step.")),
            models.CheckConstraint(
                condition=~Q(kind=ReportEventKind.RETURNED) | ~Q(reason=""),
                name="%(app_label)s_%(class)s_return_with_reason",
                violation_error_message=_("A return needs the reason."),
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.get_kind_display()}"
