"""The demo's budget: cost items and their rates, every class's estimate itemised, and for 2025 the allocation, the
spending and the settlement.

Made up, every figure of it: the seed (004, the 2025 plan) states no amount, only that the money comes from the
state budget by level and other lawful sources. The rates are illustrative, of the order of Circular 36/2018/TT-BTC's
ceilings (which Circular 100/2025/TT-BTC replaced; its own ceilings could not be read, see plans/budget/models.py).
Each class's lines add up exactly to the estimate the planner gives it (`ClassData.budget_estimate`), the class's
`budget_estimate` being the sum of its lines: lines at the year's rates scaled down to fit, the organisation line
taking the rest. The 2025 classes spent between 86% and 109% of each line (a seeded draw), settled a month after
their last day (those ended by then), each difference beyond the threshold with a reason. The postgraduate places
are not classes (plans/demo/places.py): their funded amounts join the plan's estimate in the roll-up, not as lines.
The province allocated 2025's estimate per funding source (`budget_of`'s, the places' included), rounded down to
the million.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from courses.models import ClassStatus, TrainingClass
from plans.budget import services as budget_services
from plans.budget.models import Allocation, CostGroup, CostItem, CostRate, EstimateLine, Settlement, SpendingLine
from plans.budget.rollup import budget_of
from plans.models import FundingSource

from .reference import CAT_C, CAT_OVERSEAS
from .rows import LoadReport, upsert

SEED = 16
BASIS = "TT 36/2018/TT-BTC (thay thế bởi TT 100/2025/TT-BTC)"

# code, name, head of cost, unit
COST_ITEMS = (
    ("gv-trung-uong", "Thù lao giảng viên, báo cáo viên cấp trung ương", CostGroup.LECTURING, "buổi"),
    ("gv-tinh", "Thù lao giảng viên, báo cáo viên cấp tỉnh", CostGroup.LECTURING, "buổi"),
    ("tai-lieu", "Tài liệu học tập", CostGroup.MATERIALS, "bộ"),
    ("hoi-truong", "Thuê hội trường, thiết bị giảng dạy", CostGroup.VENUE, "ngày"),
    ("ho-tro-an-o", "Hỗ trợ tiền ăn, chỗ ở, đi lại cho học viên", CostGroup.LEARNERS, "người-ngày"),
    ("to-chuc-lop", "Chi phí tổ chức, quản lý lớp", CostGroup.ORGANISATION, "lớp"),
    ("chung-chi", "In, cấp chứng chỉ, giấy chứng nhận", CostGroup.CERTIFICATES, "cái"),
    ("ve-may-bay", "Vé máy bay khứ hồi", CostGroup.OVERSEAS, "vé"),
    ("cong-tac-phi-nn", "Tiền ăn, tiêu vặt, ở tại nước ngoài", CostGroup.OVERSEAS, "người-ngày"),
    ("hoc-phi-nn", "Học phí khóa học ở nước ngoài", CostGroup.OVERSEAS, "người"),
    ("bao-hiem-visa", "Bảo hiểm, lệ phí thị thực", CostGroup.OVERSEAS, "người"),
    ("hoc-phi-sdh", "Hỗ trợ học phí đào tạo sau đại học", CostGroup.LEARNERS, "người"),
)
# The rates of each year from 2025 (whole đồng per unit, illustrative).
RATES = {
    "gv-trung-uong": 1_500_000,
    "gv-tinh": 1_000_000,
    "tai-lieu": 80_000,
    "hoi-truong": 3_000_000,
    "ho-tro-an-o": 150_000,
    "to-chuc-lop": 5_000_000,
    "chung-chi": 20_000,
    "ve-may-bay": 18_000_000,
    "cong-tac-phi-nn": 2_400_000,
    "hoc-phi-nn": 25_000_000,
    "bao-hiem-visa": 2_000_000,
    "hoc-phi-sdh": 30_000_000,
}
EXTRA_SOURCES = (
    ("co-quan-cu-di", "Kinh phí của cơ quan, đơn vị cử đi học", "Cơ quan, đơn vị cử người đi học chi trả."),
)
REASONS_OVER = "Số học viên thực tế và giá dịch vụ tăng so với dự toán; đã được thủ trưởng đơn vị phê duyệt."
REASONS_UNDER = "Số học viên thực tế ít hơn dự kiến; tiết kiệm chi tổ chức lớp."


@dataclass(frozen=True)
class Line:
    item: str
    source: str
    quantity: Decimal
    rate: int


def _days(start: datetime.date, end: datetime.date) -> int:
    return max((end - start).days + 1, 1)


def class_lines(*, category: str, seats: int, start, end, source: str, budget: int) -> list[Line]:
    """The lines of a class that add up to `budget`: natural quantities at the rates, scaled to leave the
    organisation (or, abroad, the insurance and visa) line at least a tenth."""
    days = min(_days(start, end), 30)
    if category == CAT_OVERSEAS:
        natural = [
            ("ve-may-bay", source, seats),
            ("cong-tac-phi-nn", source, seats * days),
            ("hoc-phi-nn", "tai-tro-nuoc-ngoai", seats),
        ]
        rest = "bao-hiem-visa"
    else:
        learners = "co-quan-cu-di" if category == CAT_C else source
        natural = [
            ("gv-tinh", source, 2 * days),
            ("tai-lieu", source, seats),
            ("hoi-truong", source, days),
            ("ho-tro-an-o", learners, seats * days),
            ("chung-chi", source, seats),
        ]
        rest = "to-chuc-lop"
    at_rates = sum(RATES[item] * quantity for item, _source, quantity in natural)
    scale = min(Decimal(1), Decimal(budget) * Decimal("0.9") / Decimal(at_rates))
    lines = [
        Line(item, line_source, Decimal(quantity), int(RATES[item] * scale) // 1000 * 1000)
        for item, line_source, quantity in natural
    ]
    lines = [line for line in lines if line.rate > 0]
    left = budget - sum(int(line.quantity) * line.rate for line in lines)
    return [*lines, Line(rest, source, Decimal(1), left)]


def load_budget(loader, classes, today: datetime.date) -> None:
    """Cost items, rates, every class's lines; 2025's allocation, spending and settlements. Idempotent."""
    report: LoadReport = loader.report
    funding = dict(loader.funding)
    for code, name, description in EXTRA_SOURCES:
        funding[code] = upsert(FundingSource, {"code": code}, {"name": name, "description": description}, report)
    items = {
        code: upsert(
            CostItem,
            {"code": code},
            {"name": name, "group": group, "unit": unit, "legal_basis": BASIS, "order": order},
            report,
        )
        for order, (code, name, group, unit) in enumerate(COST_ITEMS, start=1)
    }
    for year in sorted({2025, *(data.plan_year for data in classes)}):
        for code, rate in RATES.items():
            upsert(CostRate, {"item": items[code], "year": year}, {"rate": rate}, report)
    found = {c.code: c for c in TrainingClass.objects.filter(code__in=[d.code for d in classes])}
    rng = random.Random(SEED)
    spent_by_class: dict[str, list] = {}
    for data in classes:
        klass = found[data.code]
        lines = class_lines(
            category=data.category,
            seats=data.seats,
            start=data.start_date,
            end=data.end_date,
            source=data.funding_source,
            budget=int(data.budget_estimate),
        )
        settled = Settlement.objects.filter(training_class=klass).exists()
        current = {
            (line.item.code, line.funding_source.code): line
            for line in EstimateLine.objects.filter(training_class=klass).select_related("item", "funding_source")
        }
        if not settled:
            for line in lines:
                there = current.get((line.item, line.source))
                if there is None or there.quantity != line.quantity or there.rate != line.rate:
                    budget_services.estimate_line_set(
                        training_class=klass,
                        item=items[line.item],
                        funding_source=funding[line.source],
                        quantity=line.quantity,
                        rate=line.rate,
                    )
                    report.created[EstimateLine._meta.label] += there is None
        if data.plan_year == 2025:
            spent_by_class[data.code] = [(line, rng.uniform(0.86, 1.09)) for line in lines]
    _spend_and_settle(loader, found, spent_by_class, items, funding, today)
    _allocate(loader, funding, today)


def _spend_and_settle(loader, found, spent_by_class, items, funding, today) -> None:
    report = loader.report
    for code, lines in spent_by_class.items():
        klass = found[code]
        if klass.status == ClassStatus.CANCELLED or klass.start_date > today:
            continue
        if Settlement.objects.filter(training_class=klass).exists():
            continue
        if klass.end_date >= today:
            continue  # a class still running has paid nothing yet
        paid_on = min(klass.end_date + datetime.timedelta(days=7), today)
        existing = set(
            SpendingLine.objects.filter(training_class=klass).values_list("item__code", "funding_source__code")
        )
        for number, (line, factor) in enumerate(lines, start=1):
            amount = int(line.quantity * line.rate * Decimal(str(round(factor, 2)))) // 1000 * 1000
            if (line.item, line.source) in existing or amount <= 0:
                continue
            budget_services.spending_record(
                training_class=klass,
                item=items[line.item],
                funding_source=funding[line.source],
                voucher=f"PC-{klass.pk:04d}-{number:02d}",
                spent_on=paid_on,
                amount=amount,
            )
            report.created[SpendingLine._meta.label] += 1
        rows = budget_services.settlement_rows(klass)
        reasons = {
            row["key"]: (REASONS_OVER if row["difference"] > 0 else REASONS_UNDER)
            for row in rows
            if row["needs_reason"]
        }
        settled_on = min(klass.end_date + datetime.timedelta(days=30), today)
        budget_services.class_settle(
            training_class=klass, reasons=reasons, by=loader.users.get("staff"), today=settled_on
        )
        report.created[Settlement._meta.label] += 1


def _allocate(loader, funding, today) -> None:
    plan = loader.plans.get(2025)
    if plan is None:
        return
    estimates = {source.pk: source.money.estimate for source in budget_of([plan]).sources}
    by_id = {source.pk: source for source in funding.values()}
    for source_id, total in sorted(estimates.items()):
        allocated = total // 1_000_000 * 1_000_000
        current = Allocation.objects.filter(plan=plan, funding_source_id=source_id).first()
        if current is not None and current.amount == allocated:
            continue
        budget_services.allocation_record(
            plan=plan,
            funding_source=by_id[source_id],
            amount=allocated,
            decided_on=datetime.date(2024, 12, 10),
            decision="3150/QĐ-UBND",
            by=loader.users.get("staff"),
        )
        loader.report.created[Allocation._meta.label] += current is None
