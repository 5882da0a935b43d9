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

from courses.models import Nomination
from plans.agency_reports.selectors import ReportedTraining, reported_training
from plans.budget.rollup import BudgetFigures, budget_of
from plans.dashboard import Dashboard, Scope, build_dashboard, scope_from
from plans.fulfilment import PLACE_FIGURES, STAGE_STATUSES
from plans.models import AgencyKind, TrainingPlan


@dataclass
class AnnualReport:
    scope: Scope
    dashboard: Dashboard
    budget: BudgetFigures
    by_group: list[dict]  # participants by target group and level of government (the agency's kind)
    reported: ReportedTraining  # the agencies' own training they reported and staff accepted (the round's page)


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
        reported=reported_training(scope.year),
    )


def annual_report_of_plan(plan: TrainingPlan, today: datetime.date) -> AnnualReport:
    """The report on one plan's year (a province's), on the dashboard's own scope for `?year=&plan=`: the issued
    report (`plans.annual_report_document`) and the workbook of that scope give the same figures."""
    return annual_report(scope_from({"year": str(plan.year), "plan": str(plan.pk)}, today), today)


def report_sheets(report: AnnualReport) -> list[tuple]:
    """The report's tables as the workbook's sheets (the appendix of the issued report has the same)."""
    d, b = report.dashboard, report.budget
    chain = [_("Category"), _("Classes planned"), _("Classes held"), _("Seats planned"), _("Attended"), _("Completed")]

    def chain_row(row):
        return [row.label, row.planned_classes, row.held_classes, row.planned_seats, row.attended, row.completed]

    return [
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
            # The places for people a degree target is met by (the dashboard's place table), apart from the classes.
            _("6. Postgraduate places"),
            [_("Category"), *(str(label) for label in PLACE_FIGURES.values())],
            [[row.label, *(getattr(row, name) for name in PLACE_FIGURES)] for row in d.place_rows],
        ),
    ]
