"""Reads of the agencies' training reports: who has reported in a round and who is late, and the accepted figures
per category that the annual report prints."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from plans.agency_reports.models import AgencyReportLine, AgencyTrainingReport, ReportingRound, ReportStatus
from plans.models import Agency, TrainingCategory, TrainingPlan


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
class ProvinceReported:
    """The accepted reports of one province's agencies (`agency_id` its people's committee, the plans' issuing
    agency), or of agencies outside every province of the year's plans (`agency_id` None)."""

    agency_id: int | None
    label: str
    classes: int = 0
    participants: int = 0
    periods: int = 0
    accepted: int = 0


@dataclass
class ReportedTraining:
    """The training agencies reported for a year and staff accepted: per category and in total, and how many reports
    were accepted, how many still await review; with the same figures per province (`by_province`)."""

    rows: list[ReportedRow]
    classes: int
    participants: int
    periods: int
    accepted: int
    pending: int
    by_province: list[ProvinceReported] = field(default_factory=list)


# An agency's own id, its parent's and its grandparent's: a province is its issuing body and two levels below, as the
# dashboard reads it (`plans.dashboard._letters_of`, `plans.dashboard_compliance`).
CHAIN = ("agency_id", "agency__parent_id", "agency__parent__parent_id")


def province_finder(provinces: set[int]):
    """The province an agency belongs to, from its chain (`CHAIN` values of a row): the nearest of itself, its parent
    and its grandparent that issued one of the year's plans. When the year's plans all come from one issuer, every
    agency is that province's (a department's portal: the round is its own, its reports its agencies'); otherwise an
    agency outside every plan's province belongs to none (None)."""
    only = next(iter(provinces)) if len(provinces) == 1 else None

    def province(row: dict) -> int | None:
        return next((row[key] for key in CHAIN if row[key] in provinces), only)

    return province


def reported_training(year: int | None, plans: Iterable[TrainingPlan] | None = None) -> ReportedTraining:
    """The accepted reports' figures per category for `year` (a report awaiting review or returned does not count;
    no year, nothing): of every agency (the round page, the country), or of the agencies of the `plans`' provinces
    (`province_finder`: a province's annual report). Four queries whatever the number of reports: the annual report's
    figures and the round page's are this one computation, each report counted once, in one province at most."""
    issuers = dict(
        TrainingPlan.objects.filter(year=year)
        .values_list("issuing_agency_id", "issuing_agency__name")
        .order_by("issuing_agency__name", "issuing_agency_id")
        .distinct()
    )
    province_of = province_finder(set(issuers))
    wanted = None if plans is None else {plan.issuing_agency_id for plan in plans}
    provinces = {pk: ProvinceReported(pk, name) for pk, name in issuers.items() if wanted is None or pk in wanted}
    if wanted is None:
        provinces[None] = ProvinceReported(None, _("Agencies outside the provinces of the year's plans"))

    def place_of(chain: dict) -> ProvinceReported | None:
        """The row a report of this agency chain counts in; None when it is not counted."""
        return provinces.get(province_of(chain))

    by_category: dict[int, dict] = {}
    sums = (
        AgencyReportLine.objects.filter(report__round__year=year, report__status=ReportStatus.ACCEPTED)
        .values("category", *(f"report__{key}" for key in CHAIN))
        .annotate(classes=Sum("classes"), participants=Sum("participants"), periods=Sum("periods"))
        .order_by()
    )
    for row in sums:
        place = place_of({key: row[f"report__{key}"] for key in CHAIN})
        if place is None:
            continue
        figures = by_category.setdefault(row["category"], dict.fromkeys(("classes", "participants", "periods"), 0))
        for name in figures:
            figures[name] += row[name]
            setattr(place, name, getattr(place, name) + row[name])
    accepted = pending = 0
    for row in (
        AgencyTrainingReport.objects.filter(
            round__year=year, status__in=(ReportStatus.ACCEPTED, ReportStatus.SUBMITTED)
        )
        .values("status", *CHAIN)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        place = place_of(row)
        if place is None:
            continue
        if row["status"] == ReportStatus.ACCEPTED:
            accepted += row["n"]
            place.accepted += row["n"]
        else:
            pending += row["n"]
    categories = TrainingCategory.objects.filter(pk__in=by_category).order_by("order", "code")
    rows = [ReportedRow(category=category, **by_category[category.pk]) for category in categories]
    return ReportedTraining(
        rows=rows,
        classes=sum(r.classes for r in rows),
        participants=sum(r.participants for r in rows),
        periods=sum(r.periods for r in rows),
        accepted=accepted,
        pending=pending,
        by_province=[row for pk, row in provinces.items() if pk is not None or row.accepted],
    )
