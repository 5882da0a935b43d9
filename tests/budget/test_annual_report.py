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


def _accepted_report(reporting_round, agency, category, classes, staff_user):
    from plans.agency_reports import services as report_services

    report = report_services.report_submit(
        agency=agency,
        reporting_round=reporting_round,
        lines=[report_services.LineFigures(category, classes, 10 * classes, 8 * classes)],
        by=None,
    )
    return report_services.report_accept(report=report, by=staff_user)


def test_with_several_provinces_each_report_counts_in_its_own_province_once(client, world, staff_user, leader):
    """Several provinces' plans in one year (a country's data): a province's section 5 counts its own agencies'
    reports (the plan's issuing body and two levels below, as the dashboard's province); the country counts every
    report once, split by province, with the agencies outside every province on a row of their own."""
    import datetime

    from plans.agency_reports import services as report_services
    from plans.agency_reports.selectors import reported_training
    from tests.factories import AgencyFactory, PlanFactory

    province_a = world.plan.issuing_agency
    province_b = AgencyFactory(name="UBND tỉnh B")
    plan_b = PlanFactory(year=2025, issuing_agency=province_b)
    department = AgencyFactory(name="Sở của A", parent=province_a)
    reporting_round = report_services.round_open(year=2025, deadline=datetime.date(2026, 1, 15))
    category = world.plan.targets.first().category
    for agency, classes in (
        (department, 1),
        (AgencyFactory(name="Xã của A", parent=department), 2),  # the grandchild: still province A's
        (province_b, 4),  # the people's committee's own training
        (AgencyFactory(name="Sở của B", parent=province_b), 8),
        (AgencyFactory(name="Ban không thuộc tỉnh nào"), 16),  # no parent, no plan: in no province
    ):
        _accepted_report(reporting_round, agency, category, classes, staff_user)
    today = timezone.localdate()

    def reported(plan):
        params = {"year": "2025", "plan": str(plan.pk) if plan else ""}
        return annual_report(scope_from(params, today), today).reported

    assert (reported(world.plan).classes, reported(world.plan).accepted) == (3, 2)
    assert (reported(plan_b).classes, reported(plan_b).accepted) == (12, 2)
    country = reported(None)
    assert (country.classes, country.participants, country.periods, country.accepted) == (31, 310, 248, 5)
    split = {row.label: (row.accepted, row.classes) for row in country.by_province}
    assert split == {
        province_a.name: (2, 3),
        "UBND tỉnh B": (2, 12),
        "Agencies outside the provinces of the year's plans": (1, 16),
    }
    assert country.classes == reported_training(2025).classes, "the round page's total: every report once"
    client.force_login(leader)
    response = client.get(reverse("budget:annual_report_xlsx") + "?year=2025&plan=")
    sheets = load_workbook(io.BytesIO(response.content)).worksheets
    assert len(sheets) == 9, "the split by province is the country's sheet only"
    rows = list(sheets[8].iter_rows(values_only=True))[1:]
    assert rows[-1][1:] == (5, 31, 310, 248)
    assert [sum(row[i] for row in rows[:-1]) for i in range(1, 5)] == [5, 31, 310, 248], "the provinces add up"
    province_sheets = client.get(reverse("budget:annual_report_xlsx") + f"?year=2025&plan={world.plan.pk}")
    assert len(load_workbook(io.BytesIO(province_sheets.content)).worksheets) == 8


def test_with_one_province_every_agencys_report_is_the_provinces(world, staff_user):
    """A department's own portal (the year's plans all from one issuer): an agency with no parent, such as a party
    body, reports to the same department, and its report is the province's."""
    import datetime

    from plans.agency_reports import services as report_services
    from tests.factories import AgencyFactory

    reporting_round = report_services.round_open(year=2025, deadline=datetime.date(2026, 1, 15))
    category = world.plan.targets.first().category
    _accepted_report(reporting_round, AgencyFactory(name="Ban Tổ chức Tỉnh ủy"), category, 3, staff_user)
    today = timezone.localdate()
    province = annual_report(scope_from({"year": "2025", "plan": str(world.plan.pk)}, today), today).reported
    assert (province.classes, province.accepted) == (3, 1)
    assert [(row.label, row.classes) for row in province.by_province] == [(world.plan.issuing_agency.name, 3)]


def test_who_met_the_requirements_is_the_dashboards_block_per_agency_and_per_province_for_the_country(
    client, world, leader
):
    """Table 7: a province's agencies as the dashboard's block counts them (one computation); the country adds every
    agency to its province, the agencies outside every province on a row of their own; the totals add up."""
    from courses.models import TrainingRequirement
    from plans.dashboard_compliance import compliance_block
    from tests.factories import AgencyFactory, PlanFactory, TraineeFactory

    TrainingRequirement.objects.create(code="toi-thieu", name="Tối thiểu 40 tiết/năm", periods=40)
    province_a = world.plan.issuing_agency
    province_b = AgencyFactory(name="UBND tỉnh B")
    PlanFactory(year=2025, issuing_agency=province_b)
    people = (
        (AgencyFactory(name="Sở của A", parent=province_a), 3),
        (AgencyFactory(name="Sở khác của A", parent=province_a), 2),
        (AgencyFactory(name="Sở của B", parent=province_b), 4),
        (AgencyFactory(name="Ban không thuộc tỉnh nào"), 1),
    )
    for agency, count in people:
        for _index in range(count):
            TraineeFactory(agency=agency)
    today = timezone.localdate()
    scope_a = scope_from({"year": "2025", "plan": str(world.plan.pk)}, today)
    report = annual_report(scope_a, today)
    block = compliance_block(scope_a, today)
    assert [(r.name, r.people, r.behind) for r in report.compliance] == sorted(
        (s.name, s.people, s.behind) for s in block.shares
    )
    assert [(r.name, r.people) for r in report.compliance] == [("Sở của A", 3), ("Sở khác của A", 2)]
    assert all(r.behind == r.people and r.share == 0 for r in report.compliance)  # nobody has 40 periods
    country = annual_report(scope_from({"year": "2025", "plan": ""}, today), today).compliance
    provinces = sorted([(province_a.name, 5), ("UBND tỉnh B", 4)])  # by name; the outsiders last
    outside = ("Agencies outside the provinces of the year's plans", 1)
    assert [(r.name, r.people) for r in country] == [*provinces, outside]
    client.force_login(leader)
    response = client.get(reverse("budget:annual_report_xlsx") + f"?year=2025&plan={world.plan.pk}")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[6].iter_rows(values_only=True))
    assert rows[-1][1:] == (5, 0, 5, 0, 0)
