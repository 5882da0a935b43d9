"""Every write of the budget that has a rule. A class's estimate, spending and settlement change with the class's row
locked (`courses.TrainingClass` in `training_portal.locking.LOCK_ORDER`), so its `budget_estimate`, the sum of its
estimate lines, is written in the same transaction as the lines and two clerks never settle a class twice."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from courses.models import TrainingClass
from plans.budget.models import (
    EXPLAIN_ABOVE_PERCENT,
    Allocation,
    CostItem,
    CostRate,
    EstimateLine,
    Settlement,
    SettlementLine,
    SpendingLine,
)
from plans.budget.money import amount_of
from plans.budget.refusals import BudgetRefusal, BudgetRefused
from plans.models import FundingSource, TrainingPlan
from training_portal import locking


def rate_for(item: CostItem, year: int) -> int | None:
    """The rate of `item` for `year`, else its latest rate before it (a year whose rates were not entered yet)."""
    found = CostRate.objects.filter(item=item, year__lte=year).order_by("-year").values_list("rate", flat=True)
    return found.first()


def class_estimate_sync(class_ids) -> None:
    """Write each class's `budget_estimate` as the sum of its estimate lines (none: no estimate). Inside the
    transaction that changed the lines, with the classes locked."""
    sums = dict(
        EstimateLine.objects.filter(training_class_id__in=class_ids)
        .values("training_class_id")
        .annotate(total=Sum("amount"))
        .values_list("training_class_id", "total")
    )
    for class_id in class_ids:
        total = sums.get(class_id)
        TrainingClass.objects.filter(pk=class_id).update(budget_estimate=None if total is None else Decimal(total))


def _open_class(training_class_id: int) -> TrainingClass:
    """The class, locked, refused when its budget is settled (closed)."""
    training_class = locking.lock_one(TrainingClass, training_class_id)
    if Settlement.objects.filter(training_class_id=training_class.pk).exists():
        raise BudgetRefused(BudgetRefusal.CLASS_SETTLED, code=training_class.code)
    return training_class


@transaction.atomic
def estimate_line_set(
    *,
    training_class: TrainingClass,
    item: CostItem,
    funding_source: FundingSource,
    quantity,
    rate: int | None = None,
    note: str = "",
) -> EstimateLine:
    """Put a line in a class's estimate (or change the line of the same item and source): quantity × rate, the rate
    of the class's plan year unless given, rounded to the đồng; the class's estimate follows."""
    klass = _open_class(training_class.pk)
    quantity = Decimal(str(quantity))
    if quantity <= 0:
        raise BudgetRefused(BudgetRefusal.QUANTITY_NOT_POSITIVE)
    year = TrainingPlan.objects.filter(targets__classes=klass).values_list("year", flat=True).first() or (
        klass.start_date.year
    )
    if rate is None:
        rate = rate_for(item, year)
        if rate is None:
            raise BudgetRefused(BudgetRefusal.NO_RATE, item=item.name, year=year)
    line = EstimateLine.objects.filter(training_class=klass, item=item, funding_source=funding_source).first()
    line = line or EstimateLine(training_class=klass, item=item, funding_source=funding_source)
    line.quantity, line.rate, line.note = quantity, int(rate), note
    line.amount = amount_of(quantity, line.rate)
    line.full_clean(exclude=["training_class", "item", "funding_source"])
    line.save()
    class_estimate_sync([klass.pk])
    return line


@transaction.atomic
def estimate_line_delete(*, line: EstimateLine) -> None:
    klass = _open_class(line.training_class_id)
    EstimateLine.objects.filter(pk=line.pk).delete()
    class_estimate_sync([klass.pk])


@transaction.atomic
def spending_record(
    *,
    training_class: TrainingClass,
    item: CostItem,
    funding_source: FundingSource,
    voucher: str,
    spent_on: datetime.date,
    amount: int,
    note: str = "",
) -> SpendingLine:
    """Record (or correct) what a voucher paid for a class, until the class is settled."""
    klass = _open_class(training_class.pk)
    if int(amount) <= 0:
        raise BudgetRefused(BudgetRefusal.AMOUNT_NOT_POSITIVE)
    line = SpendingLine.objects.filter(
        training_class=klass, item=item, funding_source=funding_source, voucher=voucher
    ).first() or SpendingLine(training_class=klass, item=item, funding_source=funding_source, voucher=voucher)
    line.spent_on, line.amount, line.note = spent_on, int(amount), note
    line.full_clean(exclude=["training_class", "item", "funding_source"])
    line.save()
    return line


@transaction.atomic
def allocation_record(
    *, plan: TrainingPlan, funding_source: FundingSource, amount: int, decided_on: datetime.date, decision: str, by
) -> Allocation:
    """Record the amount allocated to a plan from a source when the decision comes back (a second one replaces it)."""
    locking.lock_one(TrainingPlan, plan.pk)
    if int(amount) < 0:
        raise BudgetRefused(BudgetRefusal.ALLOCATION_NEGATIVE)
    allocation, _created = Allocation.objects.update_or_create(
        plan=plan,
        funding_source=funding_source,
        defaults={"amount": int(amount), "decided_on": decided_on, "decision": decision, "recorded_by": by},
    )
    return allocation


def needs_reason(estimate: int, actual: int) -> bool:
    """A difference the settlement must explain: beyond EXPLAIN_ABOVE_PERCENT of the estimate (any, with none)."""
    return abs(actual - estimate) * 100 > estimate * EXPLAIN_ABOVE_PERCENT


def settlement_rows(training_class: TrainingClass) -> list[dict]:
    """The class's estimate and spending side by side, per item and funding source, in the items' order. Two
    queries; what the settlement page shows and `class_settle` records."""
    rows: dict[tuple[int, int], dict] = defaultdict(lambda: {"estimate": 0, "actual": 0})
    for line in EstimateLine.objects.filter(training_class=training_class).values(
        "item_id", "funding_source_id", "amount"
    ):
        rows[(line["item_id"], line["funding_source_id"])]["estimate"] += line["amount"]
    for line in (
        SpendingLine.objects.filter(training_class=training_class)
        .values("item_id", "funding_source_id")
        .annotate(total=Sum("amount"))
    ):
        rows[(line["item_id"], line["funding_source_id"])]["actual"] += line["total"]
    items = CostItem.objects.in_bulk({item for item, _source in rows})
    sources = FundingSource.objects.in_bulk({source for _item, source in rows})
    result = []
    for (item_id, source_id), row in rows.items():
        result.append(
            {
                "key": f"{item_id}-{source_id}",
                "item": items[item_id],
                "funding_source": sources[source_id],
                "estimate": row["estimate"],
                "actual": row["actual"],
                "difference": row["actual"] - row["estimate"],
                "needs_reason": needs_reason(row["estimate"], row["actual"]),
            }
        )
    return sorted(result, key=lambda r: (r["item"].order, r["item"].code, r["funding_source"].name))


@transaction.atomic
def class_settle(
    *, training_class: TrainingClass, reasons: dict[str, str], by, note: str = "", today: datetime.date | None = None
) -> Settlement:
    """Settle a class's budget after its last day: its spending becomes the amount settled, each item and source
    beyond the threshold with its reason (`reasons` by the rows' `key`). Then its estimate and spending are closed."""
    today = today or timezone.localdate()
    klass = _open_class(training_class.pk)
    if klass.end_date >= today:
        raise BudgetRefused(BudgetRefusal.CLASS_NOT_ENDED, code=klass.code)
    rows = settlement_rows(klass)
    if not any(row["actual"] for row in rows):
        raise BudgetRefused(BudgetRefusal.NOTHING_SPENT, code=klass.code)
    for row in rows:
        row["reason"] = " ".join(str(reasons.get(row["key"], "")).split())
        if row["needs_reason"] and not row["reason"]:
            raise BudgetRefused(
                BudgetRefusal.DIFFERENCE_UNEXPLAINED, item=row["item"].name, source=row["funding_source"].name
            )
    settlement = Settlement.objects.create(
        training_class=klass,
        settled_on=today,
        settled_by=by,
        estimate=sum(row["estimate"] for row in rows),
        amount=sum(row["actual"] for row in rows),
        note=note,
    )
    SettlementLine.objects.bulk_create(
        SettlementLine(
            settlement=settlement,
            item=row["item"],
            funding_source=row["funding_source"],
            estimate=row["estimate"],
            actual=row["actual"],
            reason=row["reason"] if row["needs_reason"] or row["difference"] else "",
        )
        for row in rows
    )
    return settlement
