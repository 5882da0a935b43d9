"""Reads of the agencies' training reports: who has reported in a round and who is late, and the accepted figures
per category that the annual report prints."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from plans.agency_reports.models import AgencyReportLine, AgencyTrainingReport, ReportingRound, ReportStatus
from plans.models import Agency, TrainingCategory


def agencies_expected(reporting_round: ReportingRound):
    """The agencies that report: those with a focal point in the portal, existing on the round's deadline."""
    return (
        Agency.objects.valid_on(reporting_round.deadline).filter(focal_points__isnull=False).distinct().order_by("name")
    )


@dataclass
class RoundRow:
    agency: Agency
    report: AgencyTrainingReport | None
    late: bool  # sent after the deadline, or not sent and the deadline has passed

    @property
    def classes(self):
        return self.report.classes if self.report else None

    @property
    def participants(self):
        return self.report.participants if self.report else None


def round_overview(reporting_round: ReportingRound, today: datetime.date) -> list[RoundRow]:
    """Every agency expected to report and every one that did, with its report and whether it is late. Two queries."""
    reports = {
        report.agency_id: report
        for report in reporting_round.reports.select_related("agency", "submitted_by", "decided_by").annotate(
            classes=Sum("lines__classes"), participants=Sum("lines__participants")
        )
    }
    agencies = {agency.pk: agency for agency in agencies_expected(reporting_round)}
    agencies.update({pk: report.agency for pk, report in reports.items() if pk not in agencies})
    past = today > reporting_round.deadline
    rows = []
    for pk, agency in agencies.items():
        report = reports.get(pk)
        late = report.late if report else past
        rows.append(RoundRow(agency=agency, report=report, late=late))
    rows.sort(key=lambda row: (not row.late, row.agency.name))
    return rows


@dataclass
class ReportedRow:
    category: TrainingCategory
    classes: int
    participants: int
    periods: int


@dataclass
class ReportedTraining:
    """The training agencies reported for a year and staff accepted: per category and in total, and how many reports
    were accepted, how many still await review."""

    rows: list[ReportedRow]
    classes: int
    participants: int
    periods: int
    accepted: int
    pending: int


def reported_training(year: int | None) -> ReportedTraining:
    """The accepted reports' figures per category for `year` (a report awaiting review or returned does not count;
    no year, nothing). Three queries: the annual report's figures and the round page's are this one computation."""
    sums = (
        AgencyReportLine.objects.filter(report__round__year=year, report__status=ReportStatus.ACCEPTED)
        .values("category")
        .annotate(classes=Sum("classes"), participants=Sum("participants"), periods=Sum("periods"))
    )
    by_category = {row["category"]: row for row in sums}
    categories = TrainingCategory.objects.filter(pk__in=by_category).order_by("order", "code")
    rows = [
        ReportedRow(
            category=category,
            classes=by_category[category.pk]["classes"],
            participants=by_category[category.pk]["participants"],
            periods=by_category[category.pk]["periods"],
        )
        for category in categories
    ]
    counts = AgencyTrainingReport.objects.filter(round__year=year).aggregate(
        accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
        pending=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
    )
    return ReportedTraining(
        rows=rows,
        classes=sum(r.classes for r in rows),
        participants=sum(r.participants for r in rows),
        periods=sum(r.periods for r in rows),
        accepted=counts["accepted"],
        pending=counts["pending"],
    )
