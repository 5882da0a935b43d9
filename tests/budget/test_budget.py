"""The training budget: estimate lines and the class's figure, the roll-up counted by hand, the settlement's reasons,
the spending import's bad rows, and who may open the budget's pages."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from courses.models import ClassStatus
from plans.budget import services
from plans.budget.models import (
    Allocation,
    CostGroup,
    CostItem,
    CostRate,
    EstimateLine,
    Settlement,
    SettlementLine,
    SpendingLine,
)
from plans.budget.money import amount_of, per
from plans.budget.refusals import BudgetRefusal
from plans.budget.rollup import budget_of, lump_sums
from plans.models import FundingSource, ImportKind
from tests.factories import CategoryFactory, PlanFactory, TargetFactory, TrainingClassFactory
from tests.spreadsheets import check
from training_portal.importing import import_apply

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2025, 6, 6)
AFTER = datetime.date(2025, 7, 1)


class Budget:
    """One plan, two categories, two sources, three classes; every figure below is counted by hand."""

    def __init__(self):
        self.plan = PlanFactory(year=2025)
        self.cat_a = CategoryFactory(name="Loại A", order=1)
        self.cat_b = CategoryFactory(name="Loại B", order=2)
        target_a = TargetFactory(plan=self.plan, category=self.cat_a)
        target_b = TargetFactory(plan=self.plan, category=self.cat_b)
        self.province = FundingSource.objects.create(code="tinh", name="Ngân sách tỉnh")
        self.programme = FundingSource.objects.create(code="ctmt", name="Chương trình mục tiêu")
        self.lecturer = CostItem.objects.create(code="gv", name="Giảng viên", group=CostGroup.LECTURING, unit="buổi")
        self.hall = CostItem.objects.create(code="ht", name="Hội trường", group=CostGroup.VENUE, unit="ngày")
        CostRate.objects.create(item=self.lecturer, year=2025, rate=1_000_000)
        CostRate.objects.create(item=self.lecturer, year=2024, rate=800_000)
        CostRate.objects.create(item=self.hall, year=2024, rate=2_500_000)  # none for 2025: the 2024 rate holds
        self.a1 = TrainingClassFactory(target=target_a, code="2025-A-1", status=ClassStatus.FINISHED)
        self.b1 = TrainingClassFactory(target=target_b, code="2025-B-1", status=ClassStatus.FINISHED)
        self.cancelled = TrainingClassFactory(target=target_b, code="2025-B-2", status=ClassStatus.CANCELLED)
        line = services.estimate_line_set
        line(training_class=self.a1, item=self.lecturer, funding_source=self.province, quantity=10)  # 10.000.000
        line(training_class=self.a1, item=self.hall, funding_source=self.programme, quantity=5)  # 12.500.000
        line(training_class=self.b1, item=self.lecturer, funding_source=self.programme, quantity=4)  # 4.000.000
        line(training_class=self.cancelled, item=self.lecturer, funding_source=self.province, quantity=3)  # left out
        spend = services.spending_record
        spend(training_class=self.a1, item=self.lecturer, funding_source=self.province, voucher="PC1",
              spent_on=ENDED, amount=10_300_000)  # fmt: skip
        spend(training_class=self.a1, item=self.hall, funding_source=self.programme, voucher="PC2",
              spent_on=ENDED, amount=12_000_000)  # fmt: skip
        spend(training_class=self.b1, item=self.lecturer, funding_source=self.programme, voucher="PC3",
              spent_on=datetime.date(2025, 10, 2), amount=5_000_000)  # fmt: skip
        spend(training_class=self.cancelled, item=self.lecturer, funding_source=self.province, voucher="PC4",
              spent_on=ENDED, amount=700_000)  # fmt: skip
        services.allocation_record(plan=self.plan, funding_source=self.province, amount=9_000_000,
                                   decided_on=ENDED, decision="1/QĐ-UBND", by=None)  # fmt: skip


@pytest.fixture
def world(db):
    return Budget()


# --- money ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "rate", "amount"),
    [
        (Decimal("2.5"), 1, 3),  # half up, not to even
        (Decimal("3.5"), 1, 4),
        (Decimal("2.49"), 1, 2),
        (Decimal("0.1"), 3, 0),
        (Decimal("0.5"), 1, 1),
        (Decimal("1.25"), 150_001, 187_501),  # 187.501,25 đ → 187.501 đ
        (Decimal("12.75"), 80_000, 1_020_000),
        (3, 1_000_000, 3_000_000),
    ],
)
def test_an_amount_is_quantity_times_rate_rounded_half_up_to_the_dong(quantity, rate, amount):
    assert amount_of(quantity, rate) == amount
    assert isinstance(amount_of(quantity, rate), int)


def test_a_share_is_rounded_half_up_and_none_when_there_is_nobody():
    assert per(10, 4) == 3  # 2,5 đ
    assert per(10, 3) == 3
    assert per(5, 0) is None


# --- estimate lines and the class's estimate ------------------------------------------------------


def test_the_class_estimate_is_the_sum_of_its_lines_at_the_year_rate(world):
    world.a1.refresh_from_db()
    assert world.a1.budget_estimate == Decimal(10_000_000 + 12_500_000)
    line = EstimateLine.objects.get(training_class=world.a1, item=world.hall)
    assert (line.rate, line.amount) == (2_500_000, 12_500_000)  # the latest rate before 2025
    services.estimate_line_set(
        training_class=world.a1, item=world.hall, funding_source=world.programme, quantity=Decimal("2.5"), rate=1_001
    )
    world.a1.refresh_from_db()
    assert world.a1.budget_estimate == Decimal(10_000_000 + 2_503)  # 2.502,5 đ → 2.503 đ, one line, changed
    services.estimate_line_delete(line=EstimateLine.objects.get(training_class=world.a1, item=world.hall))
    services.estimate_line_delete(line=EstimateLine.objects.get(training_class=world.a1, item=world.lecturer))
    world.a1.refresh_from_db()
    assert world.a1.budget_estimate is None


def test_a_line_without_a_rate_or_a_quantity_is_refused(world):
    organisation = CostItem.objects.create(code="tc", name="Tổ chức", group=CostGroup.ORGANISATION, unit="lớp")
    with pytest.raises(Exception) as refused:
        services.estimate_line_set(
            training_class=world.a1, item=organisation, funding_source=world.province, quantity=1
        )
    assert refused.value.code == BudgetRefusal.NO_RATE
    with pytest.raises(Exception) as refused:
        services.estimate_line_set(training_class=world.a1, item=world.lecturer, funding_source=world.province,
                                   quantity=0)  # fmt: skip
    assert refused.value.code == BudgetRefusal.QUANTITY_NOT_POSITIVE


# --- the roll-up ----------------------------------------------------------------------------------


def test_the_roll_up_counts_each_figure_by_category_source_and_head_of_cost(world):
    b = budget_of([world.plan])
    assert (b.total.estimate, b.total.allocated, b.total.spent, b.total.settled) == (
        26_500_000,  # the cancelled class's 3.000.000 left out
        9_000_000,
        28_000_000,  # the cancelled class's 700.000 spent counted
        0,
    )
    by_category = {row.label: row for row in b.categories}
    a, bb = by_category[str(world.cat_a)], by_category[str(world.cat_b)]
    assert (a.money.estimate, a.money.spent) == (22_500_000, 22_300_000)
    assert (bb.money.estimate, bb.money.spent) == (4_000_000, 5_700_000)
    assert b.cells(a) == [{world.province.pk: 10_000_000, world.programme.pk: 12_500_000}[pk] for pk in b.source_ids]
    by_source = {row.label: row.money for row in b.sources}
    assert by_source["Ngân sách tỉnh"].estimate == 10_000_000
    assert by_source["Ngân sách tỉnh"].allocated == 9_000_000
    assert by_source["Chương trình mục tiêu"].spent == 17_000_000
    by_group = {row.key: row.money.estimate for row in b.groups}
    assert by_group == {f"group={CostGroup.LECTURING}": 14_000_000, f"group={CostGroup.VENUE}": 12_500_000}
    assert b.quarters == {1: 0, 2: 23_000_000, 3: 0, 4: 5_000_000}
    assert [c["training_class__code"] for c in b.over_estimate] == ["2025-B-1"]  # 5.000.000 over 4.000.000


def test_the_roll_up_adds_the_settled_amounts(world):
    services.class_settle(training_class=world.a1, reasons={}, by=None, today=AFTER)  # within 5%: no reason
    b = budget_of([world.plan])
    assert b.total.settled == 22_300_000
    assert {row.label: row.money.settled for row in b.categories}[str(world.cat_a)] == 22_300_000


def test_the_roll_up_runs_a_fixed_number_of_queries_whatever_the_lines(world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as small:
        budget_of([world.plan])
    for n in range(5):
        klass = TrainingClassFactory(target=world.a1.target, status=ClassStatus.FINISHED)
        services.estimate_line_set(training_class=klass, item=world.lecturer, funding_source=world.province,
                                   quantity=n + 1)  # fmt: skip
        services.spending_record(training_class=klass, item=world.hall, funding_source=world.province,
                                 voucher=f"X{n}", spent_on=ENDED, amount=1000)  # fmt: skip
    with django_assert_max_num_queries(8) as large:
        budget_of([world.plan])
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_funded_amount_of_the_plans_postgraduate_places_is_part_of_its_estimate(world):
    from courses.models import PlaceLevel, PostgraduatePlace, StudyMode
    from plans.models import CategoryKind
    from tests.factories import TraineeFactory

    degree = CategoryFactory(name="Đào tạo sau đại học", order=0, kind=CategoryKind.DEGREE)
    target = TargetFactory(plan=world.plan, category=degree)
    for amount, source in ((60_000_000, world.province), (75_500_000, world.province), (0, None)):
        trainee = TraineeFactory()
        PostgraduatePlace.objects.create(
            trainee=trainee, agency=trainee.agency, target=target, level=PlaceLevel.MASTER,
            mode=StudyMode.PART_TIME, institution="Học viện Hành chính và Quản trị công", field_of_study="Quản lý công",
            start_date=datetime.date(2025, 9, 1), expected_end=datetime.date(2027, 9, 1), funding_source=source,
            funded_amount=amount,
        )  # fmt: skip
    b = budget_of([world.plan])
    assert b.total.estimate == 26_500_000 + 135_500_000
    assert b.categories[0].label == str(degree) and b.categories[0].money.estimate == 135_500_000
    assert b.categories[0].by_source[world.province.pk].estimate == 135_500_000
    assert {g.key: g.money.estimate for g in b.groups}[f"group={CostGroup.LEARNERS}"] == 135_500_000
    assert b.total.spent == 27_300_000 + 700_000  # places carry no spending line


def test_classes_with_a_lump_sum_and_no_lines_are_counted_apart(world):
    TrainingClassFactory(target=world.a1.target, budget_estimate=Decimal(7_000_000))
    assert lump_sums([world.plan.pk]) == (1, 7_000_000)


# --- settlement -----------------------------------------------------------------------------------


def test_a_difference_beyond_the_threshold_needs_a_reason(world):
    with pytest.raises(Exception) as refused:
        services.class_settle(training_class=world.b1, reasons={}, by=None, today=AFTER)  # +25%
    assert refused.value.code == BudgetRefusal.DIFFERENCE_UNEXPLAINED
    assert not Settlement.objects.exists()
    key = f"{world.lecturer.pk}-{world.programme.pk}"
    settlement = services.class_settle(training_class=world.b1, reasons={key: "  Thêm   buổi học "}, by=None,
                                       today=AFTER)  # fmt: skip
    assert (settlement.estimate, settlement.amount) == (4_000_000, 5_000_000)
    assert settlement.lines.get().reason == "Thêm buổi học"


def test_a_class_is_settled_after_its_last_day_and_then_closed(world):
    with pytest.raises(Exception) as refused:
        services.class_settle(training_class=world.a1, reasons={}, by=None, today=ENDED)
    assert refused.value.code == BudgetRefusal.CLASS_NOT_ENDED
    services.class_settle(training_class=world.a1, reasons={}, by=None, today=AFTER)
    for attempt in (
        lambda: services.estimate_line_set(
            training_class=world.a1, item=world.lecturer, funding_source=world.province, quantity=1
        ),
        lambda: services.spending_record(
            training_class=world.a1,
            item=world.lecturer,
            funding_source=world.province,
            voucher="PC9",
            spent_on=AFTER,
            amount=1,
        ),
        lambda: services.class_settle(training_class=world.a1, reasons={}, by=None, today=AFTER),
    ):
        with pytest.raises(Exception) as refused:
            attempt()
        assert refused.value.code == BudgetRefusal.CLASS_SETTLED


def test_the_database_refuses_an_unexplained_difference(world):
    services.class_settle(training_class=world.a1, reasons={}, by=None, today=AFTER)
    settlement = Settlement.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        SettlementLine.objects.create(settlement=settlement, item=world.hall, funding_source=world.province,
                                      estimate=100, actual=106)  # fmt: skip
    SettlementLine.objects.create(settlement=settlement, item=world.hall, funding_source=world.province,
                                  estimate=100, actual=105)  # fmt: skip  # 5% is within


# --- the spending import --------------------------------------------------------------------------

HEADERS = ["Class code", "Cost item code", "Funding source code", "Voucher number", "Date spent", "Amount (VND)"]


def test_the_spending_import_lists_every_bad_row_and_saves_nothing(world, staff_user):
    services.class_settle(training_class=world.a1, reasons={}, by=None, today=AFTER)
    before = SpendingLine.objects.count()
    record, plan = check(
        ImportKind.SPENDING,
        HEADERS,
        [
            ["2025-B-1", "gv", "ctmt", "PC10", "03/10/2025", "1.000.000"],  # good
            ["2025-X-9", "gv", "ctmt", "PC11", "03/10/2025", "1000"],  # unknown class
            ["2025-B-1", "zz", "ctmt", "PC12", "03/10/2025", "1000"],  # unknown item
            ["2025-B-1", "gv", "ctmt", "PC13", "03/10/2025", "0"],  # not above zero
            ["2025-B-1", "gv", "ctmt", "PC14", "03/10/2025", "12,5"],  # not whole đồng
            ["2025-A-1", "gv", "tinh", "PC15", "03/10/2025", "1000"],  # settled class
            ["2025-B-1", "gv", "ctmt", "PC10", "04/10/2025", "2000"],  # the same voucher twice
        ],
        by=staff_user,
    )
    assert sorted({error.row for error in plan.errors}) == [3, 4, 5, 6, 7, 8]
    assert "already settled" in next(e.reason for e in plan.errors if e.row == 7)
    assert record.status == "rejected"
    assert SpendingLine.objects.count() == before


def test_a_good_spending_file_is_applied_and_again_changes_nothing(world, staff_user):
    rows = [["2025-B-1", "gv – Giảng viên", "ctmt", "PC20", "03/10/2025", "1.250.000"]]
    record, plan = check(ImportKind.SPENDING, HEADERS, rows, by=staff_user)
    assert not plan.errors and len(plan.creates) == 1
    import_apply(record=record, by=staff_user)
    line = SpendingLine.objects.get(voucher="PC20")
    assert (line.amount, line.spent_on) == (1_250_000, datetime.date(2025, 10, 3))
    _record, again = check(ImportKind.SPENDING, HEADERS, rows, by=staff_user)
    assert again.changes_nothing and again.unchanged == 1


# --- pages and who may open them ------------------------------------------------------------------


def test_the_budget_page_shows_the_roll_up_to_leaders_in_few_queries(
    client, world, leader, focal_point, django_assert_max_num_queries
):
    client.force_login(focal_point)
    assert client.get(reverse("budget:dashboard")).status_code == 403
    client.force_login(leader)
    url = reverse("budget:dashboard") + f"?year=2025&plan={world.plan.pk}"
    with CaptureQueriesContext(connection) as small:
        html = client.get(url).content.decode()
    assert "26.500.000" in html and "28.000.000" in html and "9.000.000" in html
    assert "2025-B-1" in html  # over its estimate
    for n in range(4):
        klass = TrainingClassFactory(target=world.b1.target, status=ClassStatus.FINISHED)
        services.estimate_line_set(training_class=klass, item=world.lecturer, funding_source=world.province,
                                   quantity=1)  # fmt: skip
        services.spending_record(training_class=klass, item=world.lecturer, funding_source=world.province,
                                 voucher=f"Y{n}", spent_on=ENDED, amount=2_000_000)  # fmt: skip
    with django_assert_max_num_queries(20) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_request_workbook_carries_the_roll_up(client, world, staff_user, leader):
    url = reverse("budget:request_xlsx") + f"?plan={world.plan.pk}"
    client.force_login(leader)
    assert client.get(url).status_code == 403
    client.force_login(staff_user)
    response = client.get(url)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    total, allocated = summary[-2:]  # after the categories: the total, then the amounts allocated
    assert [row[-1] for row in summary[1:-2]] == [22_500_000, 4_000_000]
    assert (total[-1], allocated[-1]) == (26_500_000, 9_000_000)
    detail = list(workbook.worksheets[2].iter_rows(values_only=True))[1:]
    assert sum(row[7] for row in detail) == 26_500_000  # every line of the classes not cancelled
    assert client.get(reverse("budget:request_xlsx") + "?plan=abc").status_code == 404


def test_staff_settle_a_class_on_its_page_with_the_reasons(client, world, staff_user):
    client.force_login(staff_user)
    url = reverse("budget:settle", args=[world.b1.pk])
    page = client.get(url)
    assert page.status_code == 200 and "+1.000.000" in page.content.decode()
    assert client.post(url, {}).status_code == 400  # the reason is missing
    key = f"{world.lecturer.pk}-{world.programme.pk}"
    assert client.post(url, {f"reason_{key}": "Thêm một buổi học"}).status_code == 302
    assert Settlement.objects.get(training_class=world.b1).lines.get().reason == "Thêm một buổi học"


def test_allocations_are_one_per_plan_and_source(world):
    services.allocation_record(plan=world.plan, funding_source=world.province, amount=9_500_000, decided_on=AFTER,
                               decision="2/QĐ-UBND", by=None)  # fmt: skip
    assert list(Allocation.objects.values_list("amount", "decision")) == [(9_500_000, "2/QĐ-UBND")]


def _plan_page(plan):
    from partners import services as document_services
    from partners.documents import build_page, render_html
    from partners.models import DocumentKind

    page = build_page(document_services.document_for_preview(kind=DocumentKind.PLAN, source=plan), draft=True)
    html = render_html(page, for_pdf=True)
    section_five = html[html.index("V. KINH PHÍ THỰC HIỆN") : html.index("VI. TỔ CHỨC THỰC HIỆN")]
    return page, section_five


def test_the_plan_pdf_section_five_prints_the_roll_up_by_category_and_source(world):
    page, section_five = _plan_page(world.plan)
    table = page.extra["budget_table"]
    assert table["sources"] == ["Chương trình mục tiêu", "Ngân sách tỉnh"]
    assert [(row["label"], row["cells"], row["total"]) for row in table["rows"]] == [
        ("Loại A", ["12.500.000", "10.000.000"], "22.500.000"),
        ("Loại B", ["4.000.000", "-"], "4.000.000"),
    ]
    assert table["total"] == {"cells": ["16.500.000", "10.000.000"], "total": "26.500.000"}
    assert table["allocated"] == {"cells": ["-", "9.000.000"], "total": "9.000.000"}
    assert 'class="grid budget-table"' in section_five and "Dự toán đã được giao" in section_five
    assert "Tổng dự toán" not in section_five  # no sentence of its own: its total is its last row


def test_a_plan_without_estimate_lines_keeps_section_five_to_its_funding_texts():
    plan = PlanFactory(year=2026)
    TrainingClassFactory(target=TargetFactory(plan=plan), budget_estimate=Decimal(50_000_000))  # one number
    page, section_five = _plan_page(plan)
    assert page.extra["budget_table"] is None
    assert "budget-table" not in section_five and "Tổng dự toán" not in section_five


def test_an_itemised_class_estimate_is_read_only_in_the_console(client, world, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("admin:courses_trainingclass_change", args=[world.a1.pk])).content.decode()
    assert 'name="budget_estimate"' not in page  # shown, not edited: the sum of its lines
    plain = TrainingClassFactory(target=world.a1.target)
    page = client.get(reverse("admin:courses_trainingclass_change", args=[plain.pk])).content.decode()
    assert 'name="budget_estimate"' in page  # a class not itemised keeps its typed figure
