"""The budget of one or more plans, counted once: estimate, allocated, spent and settled, per funding source, per
category of the targets (and their cross table) and per head of cost, with the spending per quarter and the classes
over their estimate. The dashboard's budget page, the plan PDF's section V, the request to the Department of Finance
and the annual report all read `budget_of`; a figure is never summed a second way (as `plans.fulfilment` for seats).

Definitions:
- estimate: the estimate lines of the plans' classes not cancelled (a class's `budget_estimate` is their sum), and
  the funded amount of the plans' postgraduate places (issue 15: tuition and every cost paid for the course, in the
  place's category and funding source, under accommodation and study support);
- allocated: the allocations recorded per plan and funding source (per source only: the province allocates a
  source's amount to the plan, not to a category);
- spent: every spending line of the plans' classes, cancelled or not (money spent is spent);
- settled: the actual amounts of the settled classes (`SettlementLine.actual`).

Other costs outside classes and places come in through `EXTRA_COSTS`: a function of the plans returning `CostRow`s,
registered by the app that keeps them; nothing else here changes.
Eight queries whatever the number of classes, places and lines.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import F, Sum
from django.db.models.functions import ExtractQuarter
from django.utils.translation import gettext as _

from courses.models import ClassStatus, PostgraduatePlace, TrainingClass
from plans.budget.models import Allocation, CostGroup, EstimateLine, SettlementLine, SpendingLine
from plans.models import FundingSource, TrainingCategory, TrainingPlan

MONEY_FIGURES = ("estimate", "allocated", "spent", "settled")
PLACE_GROUP = CostGroup.LEARNERS  # a postgraduate place's funded amount: tuition and support of the person studying


@dataclass
class Money:
    """The four figures of a slice of the budget, in whole đồng."""

    estimate: int = 0
    allocated: int = 0
    spent: int = 0
    settled: int = 0

    def add(self, other: "Money") -> "Money":
        for name in MONEY_FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def spent_percent(self) -> int | None:
        return round(100 * self.spent / self.estimate) if self.estimate else None


@dataclass(frozen=True)
class CostRow:
    """One amount to add: a figure of `MONEY_FIGURES` for a category, a funding source and a head of cost."""

    figure: str
    category_id: int | None
    source_id: int | None
    group: str
    amount: int
    quarter: int | None = None


# Functions of the plans (a list of TrainingPlan) returning CostRows for costs neither on a class's lines nor a place's.
EXTRA_COSTS: list[Callable[[list[TrainingPlan]], Iterable[CostRow]]] = []


@dataclass
class Slice:
    """A row of a budget table: its label, its figures, and its figures per funding source."""

    label: str
    key: str = ""
    pk: int | None = None
    money: Money = field(default_factory=Money)
    by_source: dict[int, Money] = field(default_factory=dict)

    def source(self, source_id: int) -> Money:
        return self.by_source.setdefault(source_id, Money())


@dataclass
class BudgetFigures:
    plans: list[TrainingPlan]
    sources: list[Slice]  # per funding source, by name
    categories: list[Slice]  # per category of the targets, in their order, each per source
    groups: list[Slice]  # per head of cost, in CostGroup's order
    quarters: dict[int, int]  # money spent per quarter of the year (1–4) by the date spent
    total: Money
    over_estimate: list[dict]  # classes whose spending is above their estimate
    source_ids: list[int] = field(default_factory=list)

    def cells(self, row: Slice, figure: str = "estimate") -> list[int]:
        """A category's figure per source, in the order of `sources`: a row of the cross table."""
        return [getattr(row.by_source.get(source_id, Money()), figure) for source_id in self.source_ids]


def _rows(plan_ids: list[int]) -> Iterable[CostRow]:
    category = "training_class__target__category_id"
    classes = {"training_class__target__plan_id__in": plan_ids}
    estimates = (
        EstimateLine.objects.filter(**classes)
        .exclude(training_class__status=ClassStatus.CANCELLED)
        .values(category, "funding_source_id", "item__group")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in estimates:
        yield CostRow("estimate", row[category], row["funding_source_id"], row["item__group"], row["total"])
    places = (
        PostgraduatePlace.objects.filter(target__plan_id__in=plan_ids, funded_amount__gt=0)
        .values("target__category_id", "funding_source_id")
        .annotate(total=Sum("funded_amount"))
        .order_by()
    )
    for row in places:
        yield CostRow("estimate", row["target__category_id"], row["funding_source_id"], PLACE_GROUP, int(row["total"]))
    spent = (
        SpendingLine.objects.filter(**classes)
        .values(category, "funding_source_id", "item__group")
        .annotate(quarter=ExtractQuarter("spent_on"), total=Sum("amount"))
        .order_by()
    )
    for row in spent:
        yield CostRow(
            "spent", row[category], row["funding_source_id"], row["item__group"], row["total"], row["quarter"]
        )
    settled = (
        SettlementLine.objects.filter(**{f"settlement__{k}": v for k, v in classes.items()})
        .values(f"settlement__{category}", "funding_source_id", "item__group")
        .annotate(total=Sum("actual"))
        .order_by()
    )
    for row in settled:
        yield CostRow(
            "settled", row[f"settlement__{category}"], row["funding_source_id"], row["item__group"], row["total"]
        )
    for row in (
        Allocation.objects.filter(plan_id__in=plan_ids).values("funding_source_id").annotate(total=Sum("amount"))
    ):
        yield CostRow("allocated", None, row["funding_source_id"], "", row["total"])


def over_estimate(plan_ids: list[int]) -> list[dict]:
    """The classes of the plans that spent more than their estimate, the largest excess first. One query."""
    return list(
        SpendingLine.objects.filter(training_class__target__plan_id__in=plan_ids)
        .values("training_class_id", "training_class__code", "training_class__title")
        .annotate(spent=Sum("amount"), estimate=F("training_class__budget_estimate"))
        .filter(spent__gt=F("training_class__budget_estimate"))
        .annotate(excess=F("spent") - F("training_class__budget_estimate"))
        .order_by("-excess", "training_class__code")
    )


def budget_of(plans: Iterable[TrainingPlan]) -> BudgetFigures:
    """The budget of the plans (see the module's definitions)."""
    plans = list(plans)
    plan_ids = [p.pk for p in plans]
    rows = list(_rows(plan_ids))
    for extra in EXTRA_COSTS:
        rows += list(extra(plans))
    category_ids = {r.category_id for r in rows if r.category_id is not None}
    categories = {
        c.pk: Slice(label=str(c), key=f"category={c.pk}", pk=c.pk)
        for c in TrainingCategory.objects.filter(pk__in=category_ids).order_by("order", "code")
    }
    sources = {s.pk: Slice(label=s.name, key=f"source={s.pk}", pk=s.pk) for s in FundingSource.objects.order_by("name")}
    groups = {value: Slice(label=str(label), key=f"group={value}") for value, label in CostGroup.choices}
    total = Money()
    quarters = dict.fromkeys(range(1, 5), 0)
    for row in rows:
        money = Money(**{row.figure: row.amount})
        total.add(money)
        if row.source_id in sources:
            sources[row.source_id].money.add(money)
        if row.category_id in categories:
            categories[row.category_id].money.add(money)
            if row.source_id is not None:
                categories[row.category_id].source(row.source_id).add(money)
        if row.group in groups:
            groups[row.group].money.add(money)
            if row.source_id is not None:
                groups[row.group].source(row.source_id).add(money)
        if row.figure == "spent" and row.quarter in quarters:
            quarters[row.quarter] += row.amount
    used = [s for s in sources.values() if any(getattr(s.money, f) for f in MONEY_FIGURES)]
    return BudgetFigures(
        plans=plans,
        sources=used,
        categories=list(categories.values()),
        groups=[g for g in groups.values() if any(getattr(g.money, f) for f in MONEY_FIGURES)],
        quarters=quarters,
        total=total,
        over_estimate=over_estimate(plan_ids),
        source_ids=[s.pk for s in used],
    )


def lump_sums(plan_ids: list[int]) -> tuple[int, int]:
    """Classes with an estimate typed as one number and no lines (not itemised yet): how many, and their sum."""
    found = (
        TrainingClass.objects.filter(target__plan_id__in=plan_ids, budget_estimate__isnull=False)
        .exclude(status=ClassStatus.CANCELLED)
        .filter(estimate_lines__isnull=True)
        .values_list("budget_estimate", flat=True)
    )
    amounts = list(found)
    return len(amounts), int(sum(amounts))


def total_label() -> str:
    return _("Total")
