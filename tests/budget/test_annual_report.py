"""The annual report reconciles with the dashboard, the budget page and the plan page: one computation each."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from plans.annual_report import annual_report, participants_by_group
from plans.dashboard import build_dashboard, scope_from
from plans.fulfilment import fulfilment_of
from tests.budget.test_budget import Budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return Budget()


def test_the_report_has_the_dashboard_and_budget_figures(world):
    today = timezone.localdate()
    scope = scope_from({"year": "2025", "plan": str(world.plan.pk)}, today)
    report = annual_report(scope, today)
    dashboard = build_dashboard(scope, today)
    fields = ("planned_classes", "held_classes", "planned_seats", "attended", "completed")
    figures = [[getattr(row, f) for f in fields] for row in report.dashboard.category_rows]
    assert figures == [[getattr(row, f) for f in fields] for row in dashboard.category_rows]
    plan_page = fulfilment_of([world.plan])  # what the plan's page in the console shows
    assert figures[-1] == [getattr(plan_page.total, f) for f in fields]
    assert report.budget.total.estimate == 26_500_000 and report.budget.total.spent == 28_000_000


def test_the_report_workbook_carries_the_same_figures(client, world, leader):
    client.force_login(leader)
    response = client.get(reverse("budget:annual_report_xlsx") + f"?year=2025&plan={world.plan.pk}")
    assert response.status_code == 200
    sheets = load_workbook(io.BytesIO(response.content)).worksheets
    budget_rows = list(sheets[3].iter_rows(values_only=True))
    assert budget_rows[-1][1:] == (26_500_000, 9_000_000, 28_000_000, 0)
    categories = list(sheets[0].iter_rows(values_only=True))
    assert categories[-1][3] == 200  # two targets of 100 seats each


def test_participants_are_counted_by_target_group_and_level_of_government(world):
    from courses import services as course_services
    from tests.factories import TraineeFactory

    klass = world.a1
    klass.status = "open"
    klass.save(update_fields=["status"])
    course_services.allotment_set(training_class=klass, agency=klass.organiser, seats=3)
    course_services.nomination_submit(trainee=TraineeFactory(agency=klass.organiser), training_class=klass)
    scope = scope_from({"year": "2025", "plan": str(world.plan.pk)}, timezone.localdate())
    rows = participants_by_group(scope)
    assert [(r["nominated"], r["attended"]) for r in rows] == [(1, 0)]


def test_the_agencies_reported_training_is_the_round_pages_figures(client, world, staff_user, leader):
    """Section 5 of the report (the agencies' own training) is the round page's accepted figures: one computation
    (`reported_training`), only accepted reports counted."""
    import datetime

    from plans.agency_reports import services as report_services
    from plans.agency_reports.selectors import reported_training
    from tests.factories import AgencyFactory

    reporting_round = report_services.round_open(year=2025, deadline=datetime.date(2026, 1, 15))
    category = world.plan.targets.first().category
    sent = {}
    for name, classes, participants in (("Sở A", 2, 50), ("Sở B", 4, 120)):
        sent[name] = report_services.report_submit(
            agency=AgencyFactory(name=name),
            reporting_round=reporting_round,
            lines=[report_services.LineFigures(category, classes, participants, 16 * classes)],
            by=None,
        )
    report_services.report_accept(report=sent["Sở A"], by=staff_user)
    today = timezone.localdate()
    report = annual_report(scope_from({"year": "2025", "plan": str(world.plan.pk)}, today), today)
    assert (report.reported.classes, report.reported.participants, report.reported.periods) == (2, 50, 32)
    assert report.reported == reported_training(2025)
    client.force_login(staff_user)
    page = client.get(reverse("agency_reports:round", kwargs={"year": 2025})).content.decode()
    assert 'data-total-classes="2"' in page and 'data-total-participants="50"' in page
    client.force_login(leader)
    response = client.get(reverse("budget:annual_report_xlsx") + f"?year=2025&plan={world.plan.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[4]
    assert list(sheet.iter_rows(values_only=True))[-1][1:] == (2, 50, 32)


def test_the_exceptions_the_plans_training_used_are_counted_by_rule(client, world, staff_user, leader):
    """Section 6: exceptions to the rules of eligibility decided for a class of the plan, or for a kind of training
    held by a person with a seat in it; another plan's, or a person's who holds nothing in the plan, are left out."""
    from courses import services as course_services
    from courses.models import EligibilityOverride, Nomination
    from tests.factories import TraineeFactory, TrainingClassFactory

    klass = world.a1
    klass.status = "open"
    klass.save(update_fields=["status"])
    course_services.allotment_set(training_class=klass, agency=klass.organiser, seats=3)
    seated = TraineeFactory(agency=klass.organiser)
    course_services.nomination_submit(trainee=seated, training_class=klass)
    assert Nomination.objects.filter(trainee=seated).exists()
    idle = TraineeFactory(agency=klass.organiser)
    other_plans_class = TrainingClassFactory()
    for trainee, rule, where in (
        (seated, "overlap", {"training_class": klass}),
        (seated, "rating", {"applies_to": "domestic"}),
        (idle, "rating", {"applies_to": "domestic"}),  # holds no seat in the plan
        (idle, "language", {"training_class": other_plans_class}),  # another plan's class
        (seated, "max_age", {"applies_to": "postgraduate"}),  # no place in the plan
    ):
        EligibilityOverride.objects.create(trainee=trainee, rule=rule, reason="Lý do.", decided_by=staff_user, **where)
    today = timezone.localdate()
    report = annual_report(scope_from({"year": "2025", "plan": str(world.plan.pk)}, today), today)
    assert [(r.rule, r.count) for r in report.exceptions] == [("rating", 1), ("overlap", 1)]
    client.force_login(leader)
    response = client.get(reverse("budget:annual_report_xlsx") + f"?year=2025&plan={world.plan.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[5]
    assert list(sheet.iter_rows(values_only=True))[-1][1:] == (2,)
