"""The rules of the agencies' training reports: open a year's round, send (or send again after a return), accept,
return with a reason. Each write is one transaction and leaves an event saying who did it and when."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.agency_reports.models import (
    AgencyReportEvent,
    AgencyReportLine,
    AgencyTrainingReport,
    ReportEventKind,
    ReportingRound,
    ReportStatus,
)
from plans.models import Agency, TrainingCategory


@dataclass(frozen=True)
class LineFigures:
    """One category's figures as an agency gives them (the form's row, the template's row)."""

    category: TrainingCategory
    classes: int
    participants: int
    periods: int

    @property
    def empty(self) -> bool:
        return not (self.classes or self.participants or self.periods)


@transaction.atomic
def round_open(*, year: int, deadline: datetime.date, note: str = "") -> ReportingRound:
    """Open the year's round, or move its deadline (reports already sent keep whether they were late)."""
    found = ReportingRound.objects.select_for_update().filter(year=year).first()
    reporting_round = found or ReportingRound(year=year)
    reporting_round.deadline = deadline
    reporting_round.note = note
    reporting_round.full_clean()
    reporting_round.save()
    return reporting_round


def is_late(reporting_round: ReportingRound, when: datetime.datetime) -> bool:
    """Sent after the deadline: the deadline's own day (local time) is still in time."""
    return timezone.localdate(when) > reporting_round.deadline


@transaction.atomic
def report_submit(
    *,
    agency: Agency,
    reporting_round: ReportingRound,
    lines: list[LineFigures],
    by,
    note: str = "",
    now: datetime.datetime | None = None,
) -> AgencyTrainingReport:
    """Send the agency's report for the round's year: the first time, or again after staff returned it. A report
    sent after the deadline is taken and marked late; one awaiting review or accepted cannot be sent again."""
    now = now or timezone.now()
    kept = [line for line in lines if not line.empty]
    if not kept:
        raise ValidationError(_("Give the figures of at least one category (classes, participants, periods)."))
    categories = [line.category.pk for line in kept]
    if len(categories) != len(set(categories)):
        raise ValidationError(_("Each category can be given only once."))
    for line in kept:
        if line.classes == 0:
            raise ValidationError(
                _("%(category)s: participants and periods need at least one class.") % {"category": line.category}
            )
    report = AgencyTrainingReport.objects.select_for_update().filter(round=reporting_round, agency=agency).first()
    late = is_late(reporting_round, now)
    if report is None:
        report = AgencyTrainingReport(round=reporting_round, agency=agency, first_submitted_at=now, late=late)
    elif report.status == ReportStatus.SUBMITTED:
        raise ValidationError(_("The report was already sent and awaits review by the Department of Home Affairs."))
    elif report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("The report was accepted: it can no longer be changed."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by
    report.note = note
    report.decided_at = None
    report.decided_by = None
    report.full_clean(exclude=["round", "agency"] if report.pk else None)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the same agency sent its first report at the same moment
        raise ValidationError(_("This agency has already reported for this year.")) from None
    report.lines.all().delete()
    AgencyReportLine.objects.bulk_create(
        AgencyReportLine(
            report=report,
            category=line.category,
            classes=line.classes,
            participants=line.participants,
            periods=line.periods,
        )
        for line in kept
    )
    AgencyReportEvent.objects.create(report=report, kind=ReportEventKind.SUBMITTED, at=now, by=by, late=late)
    return report


def _decide(report: AgencyTrainingReport, *, status: str, by, reason: str, now) -> AgencyTrainingReport:
    report = AgencyTrainingReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a report awaiting review can be accepted or returned."))
    report.status = status
    report.decided_at = now or timezone.now()
    report.decided_by = by
    report.return_reason = reason
    report.full_clean()
    report.save()
    AgencyReportEvent.objects.create(report=report, kind=status, at=report.decided_at, by=by, reason=reason)
    return report


@transaction.atomic
def report_accept(*, report: AgencyTrainingReport, by, now: datetime.datetime | None = None) -> AgencyTrainingReport:
    """Accept a report awaiting review: its figures count in the annual report."""
    return _decide(report, status=ReportStatus.ACCEPTED, by=by, reason="", now=now)


@transaction.atomic
def report_return(
    *, report: AgencyTrainingReport, by, reason: str, now: datetime.datetime | None = None
) -> AgencyTrainingReport:
    """Return a report awaiting review to its agency, with the reason; the agency corrects it and sends it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the report is returned."))
    return _decide(report, status=ReportStatus.RETURNED, by=by, reason=reason, now=now)
