"""The annual report on training (báo cáo kết quả đào tạo, bồi dưỡng năm) for a province or the whole country: every
figure counted once, by the dashboard's own computation (`plans.dashboard.build_dashboard`, itself
`plans.fulfilment`) and the budget's (`plans.budget.rollup.budget_of`), plus the participants by target group and level
of government, and the training agencies ran themselves and reported (the accepted reports of the year's round,
`plans.agency_reports.selectors.reported_training`, which the round's page shows too). A figure of the report is the
dashboard's, the budget page's or the round page's, never counted a second way.

The Ministry of Home Affairs' form for this report was not available: the tables follow the report's content as
Decree 171/2025/NĐ-CP lists it (results by category, domestic and overseas, partners, budget by source; not
verified against the decree's text, see README) and are to be matched to the Ministry's form when it is known.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from courses.compliance import AgencyShare, Filters, agency_shares
from courses.exceptions import RuleCount, exceptions_in_plans
from courses.models import Nomination
from plans.agency_reports.selectors import CHAIN, ReportedTraining, province_finder, reported_training
from plans.budget.rollup import BudgetFigures, budget_of
from plans.dashboard import Dashboard, Scope, build_dashboard, scope_from
from plans.dashboard_compliance import compliance_block
from plans.fulfilment import PLACE_FIGURES, STAGE_STATUSES
from plans.models import Agency, AgencyKind, TrainingPlan


@dataclass
class AnnualReport:
    scope: Scope
    dashboard: Dashboard
    budget: BudgetFigures
    by_group: list[dict]  # participants by target group and level of government (the agency's kind)
    # the agencies' own training they reported and staff accepted: the province's agencies', or for the country every
    # report (the round page's figures) with its split by province
    reported: ReportedTraining
    exceptions: list[RuleCount]  # exceptions to the rules of eligibility the plans' training used, by rule
    # who met the year's training requirements: per agency, or per province (an AgencyShare each: its `name` the
    # agency's or the province's)
    compliance: list[AgencyShare]


def compliance_rows(scope: Scope, today: datetime.date) -> list[AgencyShare]:
    """Who met the year's training requirements (courses/compliance.py). A province: each of its agencies, the
    dashboard's own block (`compliance_block`, one computation). The country: the same aggregate over every agency
    (`agency_shares`), each agency counted in its province as section 5 counts reports (`province_finder`), and the
    agencies outside every province in a row of their own. Three queries for the country, two for a province."""
    if scope.year is None or not scope.plans:
        return []
    if not scope.is_country:
        block = compliance_block(scope, today)
        return sorted(block.shares if block else [], key=lambda s: s.name)
    provinces = {plan.issuing_agency_id: plan.issuing_agency.name for plan in scope.plans}
    find = province_finder(set(provinces))
    chains = {
        pk: dict(zip(CHAIN, (pk, parent, grandparent), strict=True))
        for pk, parent, grandparent in Agency.objects.values_list("pk", "parent_id", "parent__parent_id")
    }
    rows: dict[int | None, AgencyShare] = {}
    for share in agency_shares(Filters(year=scope.year, today=today)):
        province = find(chains[share.agency_id])
        name = provinces[province] if province is not None else _("Agencies outside the provinces of the year's plans")
        row = rows.setdefault(province, AgencyShare(province or 0, name, 0, 0, 0))
        for figure in ("people", "behind", "near", "past_leaders", "near_leaders"):
            setattr(row, figure, getattr(row, figure) + getattr(share, figure))
    return [row for _pk, row in sorted(rows.items(), key=lambda item: (item[0] is None, item[1].name))]


def participants_by_group(scope: Scope) -> list[dict]:
    """Nominations holding a seat, attended and completed, by the trainee's target group and the agency's kind, in
    the classes of the scope not cancelled (the stages of `plans.fulfilment`). One query."""
    rows = (
        Nomination.objects.filter(training_class__target__plan__in=scope.plans)
        .exclude(training_class__status="cancelled")
        .values("trainee__target_group__name", "agency__kind")
        .annotate(
            **{
                stage: Count("pk", filter=Q(status__in=STAGE_STATUSES[stage]))
                for stage in ("nominated", "attended", "completed")
            }
        )
        .order_by("trainee__target_group__name", "agency__kind")
    )
    kinds = dict(AgencyKind.choices)
    return [
        {
            "group": row["trainee__target_group__name"] or _("Not recorded"),
            "level": str(kinds.get(row["agency__kind"], row["agency__kind"])),
            "nominated": row["nominated"],
            "attended": row["attended"],
            "completed": row["completed"],
        }
        for row in rows
        if row["nominated"]
    ]


def annual_report(scope: Scope, today: datetime.date) -> AnnualReport:
    return AnnualReport(
        scope=scope,
        dashboard=build_dashboard(scope, today),
        budget=budget_of(scope.plans),
        by_group=participants_by_group(scope),
        # a province's agencies' reports; the country's every report, each once, split by province
        reported=reported_training(scope.year, None if scope.is_country else scope.plans),
        exceptions=exceptions_in_plans(scope.plans),
        compliance=compliance_rows(scope, today),
    )


def annual_report_of_plan(plan: TrainingPlan, today: datetime.date) -> AnnualReport:
    """The report on one plan's year (a province's), on the dashboard's own scope for `?year=&plan=`: the issued
    report (`plans.annual_report_document`) and the workbook of that scope give the same figures."""
    return annual_report(scope_from({"year": str(plan.year), "plan": str(plan.pk)}, today), today)


def report_sheets(report: AnnualReport) -> list[tuple]:
    """The report's tables as the workbook's sheets (the appendix of the issued report has the same)."""
    d, b = report.dashboard, report.budget
    c = report.compliance
    total = AgencyShare(0, "", sum(r.people for r in c), sum(r.behind for r in c), 0, sum(r.past_leaders for r in c))
    chain = [_("Category"), _("Classes planned"), _("Classes held"), _("Seats planned"), _("Attended"), _("Completed")]

    def chain_row(row):
        return [row.label, row.planned_classes, row.held_classes, row.planned_seats, row.attended, row.completed]

    sheets = [
        (_("1. Results by category"), chain, [chain_row(r) for r in d.category_rows]),
        (
            _("2. Partners"),
            [_("Partner"), _("Country"), _("Classes"), _("Participants"), _("Completed")],
            [[p.name, p.country, p.classes, p.participants, p.completed] for p in d.partners],
        ),
        (
            _("3. By target group"),
            [_("Target group"), _("Level of government"), _("Nominated"), _("Attended"), _("Completed")],
            [[r["group"], r["level"], r["nominated"], r["attended"], r["completed"]] for r in report.by_group],
        ),
        (
            _("4. Budget by source"),
            [_("Funding source"), _("Estimate"), _("Allocated"), _("Spent"), _("Settled")],
            [
                *([s.label, s.money.estimate, s.money.allocated, s.money.spent, s.money.settled] for s in b.sources),
                [_("Total"), b.total.estimate, b.total.allocated, b.total.spent, b.total.settled],
            ],
        ),
        (
            _("5. Agencies' own training"),
            [_("Category"), _("Classes run"), _("Participants"), _("Periods")],
            [
                *([str(r.category), r.classes, r.participants, r.periods] for r in report.reported.rows),
                [_("Total"), report.reported.classes, report.reported.participants, report.reported.periods],
            ],
        ),
        (
            _("6. Eligibility exceptions"),
            [_("Rule lifted"), _("Exceptions")],
            [
                *([r.label, r.count] for r in report.exceptions),
                [_("Total"), sum(r.count for r in report.exceptions)],
            ],
        ),
        (
            _("7. Training requirements met"),
            [
                _("Province") if report.scope.is_country else _("Agency"),
                _("People"),
                _("Compliant"),
                _("Behind"),
                _("Share compliant (%)"),
                _("Leaders past their deadline"),
            ],
            [
                *([r.name, r.people, r.compliant, r.behind, r.share, r.past_leaders] for r in report.compliance),
                [_("Total"), total.people, total.compliant, total.behind, total.share, total.past_leaders],
            ],
        ),
        (
            # The places for people a degree target is met by (the dashboard's place table), apart from the classes.
            _("8. Postgraduate places"),
            [_("Category"), *(str(label) for label in PLACE_FIGURES.values())],
            [[row.label, *(getattr(row, name) for name in PLACE_FIGURES)] for row in d.place_rows],
        ),
    ]
    if report.scope.is_country:  # section 5 again, each province's agencies (every report in one row at most)
        r = report.reported
        sheets.append(
            (
                _("9. Agencies' own training by province"),
                [_("Province"), _("Reports accepted"), _("Classes run"), _("Participants"), _("Periods")],
                [
                    *([p.label, p.accepted, p.classes, p.participants, p.periods] for p in r.by_province),
                    [_("Total"), r.accepted, r.classes, r.participants, r.periods],
                ],
            )
        )
    return sheets
