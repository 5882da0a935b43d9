"""The leadership dashboard's figures: the chain of DESIGN.md for one plan or every plan of a year.

Everything is counted by a fixed number of aggregate queries (at most eight, whatever the number
of rows). The targets and what became of them (per category, subtotal, quarter, province and partner)
are `plans.fulfilment`'s figures, defined and counted there for the plan page too; this module adds
the agencies, the alerts and the drill-downs behind each figure.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Min, Q, Sum, When, Window
from django.db.models.functions import Coalesce, ExtractQuarter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import ClassStatus, Nomination, SeatAllotment
from courses.models import TrainingClass as Class
from partners.models import Correspondence, Partner
from plans.fulfilment import (
    CLASS_STATES,
    GROUPS,
    HELD_STATUSES,
    STAGE_LABELS,
    STAGE_STATUSES,
    Chain,
    Fulfilment,
    fulfilment_of,
    group_filter,
    percent,
    stage_counts,
)
from plans.models import Agency, PlanTarget, TrainingCategory, TrainingPlan
from training_portal.keys import query_int

SOON_DAYS = 14
ALERT_LIMIT = 30  # rows listed per alert; each row also carries the number of all rows (a window count)
ALL_ROWS = Window(Count("pk"))
STARTED_OR_CANCELLED = (*HELD_STATUSES, ClassStatus.CANCELLED)
AGENCY_SORTS = (
    "name",
    "allotted",
    "nominated",
    "approved",
    "attended",
    "completed",
    "use",
    "unfilled",
    "unfilled_allotments",
)


@dataclass
class AgencyRow:
    agency_id: int
    name: str
    allotted: int = 0
    classes: int = 0
    nominated: int = 0
    approved: int = 0
    attended: int = 0
    completed: int = 0
    # A record of use, not the alert: see `_unfilled_after_deadline` (past classes included).
    unfilled: int = 0  # seats still free after the agency's nomination deadline
    unfilled_allotments: int = 0  # allotments in that state

    @property
    def use(self) -> int | None:
        return percent(self.nominated, self.allotted)


@dataclass
class PartnerRow:
    partner_id: int
    name: str
    country: str
    classes: int = 0
    seats: int = 0
    participants: int = 0
    completed: int = 0


@dataclass
class Scope:
    """What the dashboard looks at: one plan (a province's), or every plan of a year (the whole country)."""

    year: int | None
    plan: TrainingPlan | None
    plans: list[TrainingPlan]  # the plans counted
    years: list[int]
    choices: list[TrainingPlan]  # the plans of the year, to choose from

    @property
    def is_country(self) -> bool:
        return self.plan is None

    @property
    def title(self) -> str:
        if self.plan is not None:
            return str(self.plan)
        return _("All plans of %(year)s (%(count)s)") % {"year": self.year, "count": len(self.plans)}

    @property
    def params(self) -> dict[str, str]:
        return {"year": str(self.year or ""), "plan": str(self.plan.pk) if self.plan else ""}


def scope_from(params, today: datetime.date) -> Scope:
    """The scope chosen in the query string; by default this year's plans (or the latest year's). One query."""
    every = list(
        TrainingPlan.objects.select_related("issuing_agency")
        .only("year", "title", "issuing_agency__name")
        .order_by("-year", "issuing_agency__name")
    )
    years = sorted({p.year for p in every}, reverse=True)
    year = query_int(params.get("year"))
    if year not in years:
        year = today.year if today.year in years else (years[0] if years else None)
    choices = [p for p in every if p.year == year]
    plan_id = query_int(params.get("plan"))
    plan = next((p for p in choices if p.pk == plan_id), None)
    if plan is None and plan_id is None and len(choices) == 1:
        plan = choices[0]
    return Scope(year=year, plan=plan, plans=[plan] if plan else choices, years=years, choices=choices)


@dataclass
class Dashboard:
    scope: Scope
    today: datetime.date
    fulfilment: Fulfilment  # per category, subtotal and in total: what the plan page shows of one plan
    quarters: list[Chain]
    agencies: list[AgencyRow]
    partners: list[PartnerRow]
    provinces: list[Chain]  # one row per plan, when the scope is the whole country
    soon: list = field(default_factory=list)  # classes starting soon with free seats
    late_agencies: list = field(default_factory=list)  # agencies with seats to reassign (`_seats_to_reassign`)
    overdue_letters: list = field(default_factory=list)

    @staticmethod
    def _total(rows) -> int:
        if not rows:
            return 0
        first = rows[0]
        return first["total"] if isinstance(first, dict) else first.total

    @property
    def soon_total(self) -> int:
        return self._total(self.soon)

    @property
    def late_total(self) -> int:
        return self._total(self.late_agencies)

    @property
    def letters_total(self) -> int:
        return self._total(self.overdue_letters)

    @property
    def total(self) -> Chain:
        return self.fulfilment.total

    @property
    def categories(self) -> list[Chain]:
        return self.fulfilment.categories

    @property
    def subtotals(self) -> list[Chain]:
        """Degree, refresher, of which domestic, of which overseas."""
        return self.fulfilment.subtotals

    @property
    def category_rows(self) -> list[Chain]:
        """The categories, their subtotals and the total, as the table lists them."""
        return [*self.categories, *self.subtotals, self.total]

    @property
    def place_rows(self) -> list[Chain]:
        """The postgraduate places: each degree category that has some, then the total."""
        return [*(row for row in self.categories if row.has_places), self.total]

    @property
    def domestic(self) -> Chain:
        return self.subtotals[2]

    @property
    def overseas(self) -> Chain:
        return self.subtotals[3]


def build_dashboard(scope: Scope, today: datetime.date, *, every_alert_row: bool = False) -> Dashboard:
    """Every figure of the dashboard for `scope`: six queries for a country, eight for one plan (and the scope's).

    Each alert lists its first ALERT_LIMIT rows with the count of all, or all of them with `every_alert_row`."""
    alert_limit = None if every_alert_row else ALERT_LIMIT
    fulfilment = fulfilment_of(scope.plans)
    targets = fulfilment.targets
    target_ids = [t.pk for t in targets]
    quarters = [Chain(label=_("Quarter %(n)s") % {"n": q}, key=f"quarter={q}") for q in range(1, 5)]
    partners: dict[int, PartnerRow] = {}
    plan_of = {t.pk: t.plan_id for t in targets}
    provinces = {p.pk: Chain(label=p.issuing_agency.name, key=f"plan={p.pk}") for p in scope.plans}
    for target in targets:
        provinces[target.plan_id].add_target(target)
    # The classes the categories were counted from, broken down again by the quarter of their start, by province
    # and by partner: each class's nominations already counted by status in its tally.
    for group in fulfilment.classes:
        quarters[group["quarter"] - 1].add_classes(group)
        provinces[plan_of[group["target_id"]]].add_classes(group)
        if group["provider_id"] and group["status"] != ClassStatus.CANCELLED:
            stages = stage_counts(group)
            partner = partners.setdefault(
                group["provider_id"],
                PartnerRow(
                    group["provider_id"],
                    group["provider__name_vi"] or group["provider__name"],  # Vietnamese first, as Partner.__str__
                    group["provider__country"],
                ),
            )
            partner.classes += group["n"]
            partner.seats += group["seats"]
            partner.participants += stages["nominated"]
            partner.completed += stages["completed"]
    for group in fulfilment.places:
        provinces[plan_of[group["target_id"]]].add_places(group)
    total = fulfilment.total
    # Targets are annual: the plan's line in the timeline is its seats spread evenly over the quarters.
    for q, row in enumerate(quarters, start=1):
        row.planned_seats = round(total.planned_seats * q / 4) - round(total.planned_seats * (q - 1) / 4)
        row.planned_classes = round(total.planned_classes * q / 4) - round(total.planned_classes * (q - 1) / 4)

    allotments = SeatAllotment.objects.filter(training_class__target_id__in=target_ids)
    # A whole country has thousands of agencies: its table is by province, each province's by agency.
    agencies = [] if scope.is_country else _agency_rows(allotments, today, target_ids)

    soon = list(
        Class.objects.filter(_starting_soon_with_free_seats(today), target_id__in=target_ids)
        .select_related("target__plan__issuing_agency")
        .annotate(total=ALL_ROWS)
        .order_by("start_date", "code")[:alert_limit]
    )
    late_agencies = list(
        allotments.filter(_seats_to_reassign(today))
        .values("agency_id", "agency__name")
        .annotate(
            free_seats=Sum(F("seats") - F("taken_seats")),
            classes=Count("id"),  # one allotment per class and agency
            first_start=Min("training_class__start_date"),
            total=Window(Count("agency_id")),  # over the groups: the number of agencies
        )
        .order_by("-free_seats", "agency__name")[:alert_limit]
    )
    letters = Correspondence.objects.overdue(today)
    if not scope.is_country:
        letters = letters.filter(_letters_of(scope.plan))
    overdue_letters = list(
        letters.select_related("sender_agency", "sender_partner", "recipient_agency")
        .annotate(total=ALL_ROWS)
        .order_by("reply_due", "id")[:alert_limit]
    )
    return Dashboard(
        scope=scope,
        today=today,
        fulfilment=fulfilment,
        quarters=quarters,
        agencies=agencies,
        provinces=list(provinces.values()) if scope.is_country else [],
        partners=sorted(partners.values(), key=lambda p: (-p.participants, p.name)),
        soon=soon,
        late_agencies=late_agencies,
        overdue_letters=overdue_letters,
    )


def _agency_rows(allotments, today: datetime.date, target_ids: list[int]) -> list[AgencyRow]:
    """Per agency: seats allotted, the chain of its nominations, seats left unfilled after its deadlines. Two
    queries (a third only to name an agency holding seats without an allotment, which the services never make)."""
    rows: dict[int, AgencyRow] = {}
    unfilled = _unfilled_after_deadline(today)
    for group in (
        allotments.exclude(training_class__status=ClassStatus.CANCELLED)
        .values("agency_id", "agency__name")
        .annotate(
            allotted=Sum("seats"),
            classes=Count("id"),
            unfilled=Sum(
                Case(When(unfilled, then=F("seats") - F("taken_seats")), default=0, output_field=IntegerField())
            ),
            unfilled_allotments=Count("id", filter=unfilled),
        )
        .order_by()
    ):
        rows[group["agency_id"]] = AgencyRow(
            group["agency_id"],
            group["agency__name"],
            allotted=group["allotted"],
            classes=group["classes"],
            unfilled=group["unfilled"],
            unfilled_allotments=group["unfilled_allotments"],
        )
    for group in (
        Nomination.objects.filter(training_class__target_id__in=target_ids, status__in=STAGE_STATUSES["nominated"])
        .exclude(training_class__status=ClassStatus.CANCELLED)
        .values("agency_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row = rows.get(group["agency_id"])
        if row is None:  # seats are taken within an allotment: only a hand-made row lands here
            row = rows[group["agency_id"]] = AgencyRow(group["agency_id"], "")
        for stage, statuses in STAGE_STATUSES.items():
            if group["status"] in statuses:
                setattr(row, stage, getattr(row, stage) + group["n"])
    unnamed = [row for row in rows.values() if not row.name]
    if unnamed:  # at most one more query, whatever the number of rows
        names = dict(Agency.objects.filter(pk__in=[row.agency_id for row in unnamed]).values_list("pk", "name"))
        for row in unnamed:
            row.name = names.get(row.agency_id, "")
    return list(rows.values())


def _starting_soon_with_free_seats(today: datetime.date) -> Q:
    """Classes of the alert: starting within SOON_DAYS, seats still free, neither cancelled nor over."""
    return (
        Q(start_date__gte=today, start_date__lte=today + datetime.timedelta(days=SOON_DAYS))
        & Q(taken_seats__lt=F("planned_seats"))
        & ~Q(status__in=(ClassStatus.CANCELLED, ClassStatus.FINISHED))
    )


def _deadline_passed(today: datetime.date) -> Q:
    """Allotments whose nomination deadline (the agency's own, else the class's) is over."""
    return Q(deadline__lt=today) | Q(deadline__isnull=True, training_class__registration_closes__lt=today)


def _free_after_deadline(today: datetime.date) -> Q:
    """Allotments whose agency let its nomination deadline pass with seats still free."""
    return _deadline_passed(today) & Q(taken_seats__lt=F("seats"))


def _seats_to_reassign(today: datetime.date) -> Q:
    """Allotments of the "seats to reassign" alert and its drill-down: free seats past the agency's deadline in a
    class that has neither started nor been cancelled, the only seats staff can still give to another agency."""
    return (
        _free_after_deadline(today)
        & Q(training_class__start_date__gte=today)
        & ~Q(training_class__status__in=STARTED_OR_CANCELLED)
    )


def _unfilled_after_deadline(today: datetime.date) -> Q:
    """Allotments of the agency table's "left unfilled" columns and their drill-down: free seats past the agency's
    deadline in any class not cancelled, past ones included. A record of use, not the alert (`_seats_to_reassign`):
    a class already held can no longer take anyone."""
    return _free_after_deadline(today) & ~Q(training_class__status=ClassStatus.CANCELLED)


def _letters_of(plan: TrainingPlan) -> Q:
    """Letters about the plan or its classes, or to or from its province: the issuing body and two levels below."""
    root = plan.issuing_agency_id
    province = Q(pk=root) | Q(parent_id=root) | Q(parent__parent_id=root)
    agencies = Agency.objects.filter(province).values("pk")
    return (
        Q(plan=plan)
        | Q(training_class__in=Class.objects.filter(target__plan=plan).values("pk"))
        | Q(recipient_agency__in=agencies)
        | Q(sender_agency__in=agencies)
    )


def sort_agencies(rows: list[AgencyRow], sort: str) -> tuple[list[AgencyRow], str]:
    """Rows sorted by a column; '-name' descending. By default who is most behind first (lowest use)."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in AGENCY_SORTS:
        key, descending = "use", False
    if key == "name":
        ordered = sorted(rows, key=lambda r: r.name.casefold(), reverse=descending)
    else:
        missing = -1 if not descending else 10**12
        ordered = sorted(
            rows,
            key=lambda r: (getattr(r, key) if getattr(r, key) is not None else missing, r.name.casefold()),
            reverse=descending,
        )
    return ordered, ("-" if descending else "") + key


# -- drill-down: the rows behind a figure ------------------------------------------------------------------------


@dataclass
class Drill:
    """The filters of a drill-down, as read from the query string (unknown values are ignored)."""

    category: int | None = None
    group: str = ""
    quarter: int | None = None
    state: str = ""
    stage: str = ""
    agency: int | None = None
    partner: int | None = None
    soon: bool = False
    late: bool = False  # the alert's seats to reassign
    unfilled: bool = False  # the agency table's seats left unfilled after the deadline

    @classmethod
    def from_params(cls, params) -> "Drill":
        quarter = query_int(params.get("quarter"))
        return cls(
            category=query_int(params.get("category")),
            group=params.get("group", "") if params.get("group") in GROUPS else "",
            quarter=quarter if quarter in (1, 2, 3, 4) else None,
            state=params.get("state", "") if params.get("state") in CLASS_STATES else "",
            stage=params.get("stage", "") if params.get("stage") in STAGE_STATUSES else "",
            agency=query_int(params.get("agency")),
            partner=query_int(params.get("partner")),
            soon=params.get("soon") == "1",
            late=params.get("late") == "1",
            unfilled=params.get("unfilled") == "1",
        )

    def target_filter(self, scope: Scope) -> Q:
        q = Q(plan__in=[p.pk for p in scope.plans])
        if self.category:
            q &= Q(category_id=self.category)
        if self.group:
            q &= group_filter(self.group)
        return q


STATE_LABELS = {
    "scheduled": gettext_lazy("classes scheduled"),
    "held": gettext_lazy("classes held"),
    "cancelled": gettext_lazy("classes cancelled"),
}


def drill_filters(drill: Drill) -> list[str]:
    """The filters of a drill-down in words, for its heading (a query per named row, at most three)."""
    words = []
    if drill.stage:
        words.append(str(STAGE_LABELS[drill.stage]))
    if drill.state:
        words.append(str(STATE_LABELS[drill.state]))
    if drill.group:
        words.append(str(GROUPS[drill.group].word))
    if drill.category:
        words += [str(c) for c in TrainingCategory.objects.filter(pk=drill.category)]
    if drill.quarter:
        words.append(_("Quarter %(n)s") % {"n": drill.quarter})
    if drill.agency:
        words += list(Agency.objects.filter(pk=drill.agency).values_list("name", flat=True))
    if drill.partner:
        words += [str(p) for p in Partner.objects.filter(pk=drill.partner)]
    if drill.soon:
        words.append(_("starting within %(n)s days with free seats") % {"n": SOON_DAYS})
    if drill.late:
        words.append(_("seats to reassign: deadline passed, class neither started nor cancelled"))
    if drill.unfilled:
        words.append(_("seats left unfilled after the deadline, in classes not cancelled (past ones included)"))
    return words


def _drill_class_filter(scope: Scope, drill: Drill, today: datetime.date):
    """The classes a drill-down keeps, by what the class itself is (its plan, category, state, quarter, partner)."""
    classes = Class.objects.filter(target__in=PlanTarget.objects.filter(drill.target_filter(scope)))
    if drill.state:
        classes = classes.filter(CLASS_STATES[drill.state])
    if drill.quarter:
        classes = classes.annotate(q=ExtractQuarter("start_date")).filter(q=drill.quarter)
    if drill.partner:
        classes = classes.filter(provider_id=drill.partner)
    if drill.soon:
        classes = classes.filter(_starting_soon_with_free_seats(today))
    return classes


def _drill_allotment_filter(drill: Drill, today: datetime.date) -> Q | None:
    """The allotments a drill-down keeps (an agency's, the alert's, the agency table's), or None for any."""
    q = Q()
    if drill.agency:
        q &= Q(agency_id=drill.agency)
    if drill.late:
        q &= _seats_to_reassign(today)
    if drill.unfilled:
        q &= _unfilled_after_deadline(today)
    return q or None


def drill_classes(scope: Scope, drill: Drill, today: datetime.date):
    """The classes behind a figure, read only."""
    classes = _drill_class_filter(scope, drill, today)
    allotments = _drill_allotment_filter(drill, today)
    if allotments is not None:
        classes = classes.filter(pk__in=SeatAllotment.objects.filter(allotments).values("training_class_id"))
    return classes.select_related("target__category", "target__plan__issuing_agency", "provider").order_by(
        "start_date", "code"
    )


def drill_allotments(scope: Scope, drill: Drill, today: datetime.date):
    """The seat allotments behind a figure (an agency's seats in one class each), read only."""
    allotments = SeatAllotment.objects.filter(training_class__in=_drill_class_filter(scope, drill, today).values("pk"))
    condition = _drill_allotment_filter(drill, today)
    if condition is not None:
        allotments = allotments.filter(condition)
    return allotments.select_related("agency", "training_class__target__plan__issuing_agency").order_by(
        "agency__name", "training_class__start_date", "training_class__code", "pk"
    )


def allotment_totals(allotments) -> dict:
    """The sums of a drill-down's allotments, over every page: what the figure clicked adds up to. One query."""
    return allotments.order_by().aggregate(
        allotted=Coalesce(Sum("seats"), 0),
        taken=Coalesce(Sum("taken_seats"), 0),
        free=Coalesce(Sum(F("seats") - F("taken_seats")), 0),
        agencies=Count("agency_id", distinct=True),
    )


def drill_nominations(scope: Scope, drill: Drill):
    """The nominations behind a figure, read only (classes cancelled are left out, as in the figures)."""
    nominations = Nomination.objects.filter(
        training_class__target__in=PlanTarget.objects.filter(drill.target_filter(scope)),
        status__in=STAGE_STATUSES[drill.stage or "nominated"],
    ).exclude(training_class__status=ClassStatus.CANCELLED)
    if drill.quarter:
        nominations = nominations.annotate(q=ExtractQuarter("training_class__start_date")).filter(q=drill.quarter)
    if drill.agency:
        nominations = nominations.filter(agency_id=drill.agency)
    if drill.partner:
        nominations = nominations.filter(training_class__provider_id=drill.partner)
    return nominations.select_related("trainee", "agency", "training_class").order_by(
        "training_class__start_date", "training_class__code", "trainee__full_name", "pk"
    )
