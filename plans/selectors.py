"""Reads on plans that span relations; each runs a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from courses.models import SEAT_HOLDING_STATUSES, ClassStatus, Nomination, TrainingClass
from plans.models import CategoryKind, PlanTarget, TrainingPlan


@dataclass
class FulfilmentRow:
    """Targets against what has been scheduled for one category (or a subtotal)."""

    label: str
    planned_classes: int = 0
    planned_seats: int = 0
    scheduled_classes: int = 0
    scheduled_seats: int = 0
    allotted_seats: int = 0
    nominated: int = 0
    is_total: bool = False

    def add(self, other: "FulfilmentRow") -> None:
        for name in (
            "planned_classes",
            "planned_seats",
            "scheduled_classes",
            "scheduled_seats",
            "allotted_seats",
            "nominated",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def seats_scheduled_percent(self) -> int | None:
        return round(100 * self.scheduled_seats / self.planned_seats) if self.planned_seats else None


@dataclass
class PlanFulfilment:
    rows: list[FulfilmentRow] = field(default_factory=list)
    degree: FulfilmentRow | None = None
    refresher: FulfilmentRow | None = None
    domestic: FulfilmentRow | None = None
    overseas: FulfilmentRow | None = None

    @property
    def totals(self) -> list[FulfilmentRow]:
        return [row for row in (self.degree, self.refresher, self.domestic, self.overseas) if row is not None]


def _int_subquery(queryset, expression) -> Coalesce:
    """A correlated aggregate over `queryset`, 0 when it finds no rows."""
    return Coalesce(
        Subquery(queryset.values("target").annotate(v=expression).values("v")[:1], output_field=IntegerField()),
        Value(0),
    )


def plan_fulfilment(plan: TrainingPlan) -> PlanFulfilment:
    """Per category: planned classes and seats vs classes and seats scheduled, seats allotted and nominated.

    Cancelled classes are not counted as scheduled. One query, whatever the number of classes.
    """
    live_classes = TrainingClass.objects.filter(target=OuterRef("pk")).exclude(status=ClassStatus.CANCELLED)
    nominations = Nomination.objects.filter(
        training_class__target=OuterRef("pk"), status__in=SEAT_HOLDING_STATUSES
    ).exclude(training_class__status=ClassStatus.CANCELLED)
    targets = (
        PlanTarget.objects.filter(plan=plan)
        .select_related("category")
        .annotate(
            scheduled_classes=_int_subquery(live_classes, Count("id")),
            scheduled_seats=_int_subquery(live_classes, Sum("planned_seats")),
            allotted=_int_subquery(live_classes, Sum("allotted_seats")),
            nominated=Coalesce(
                Subquery(
                    nominations.values("training_class__target").annotate(v=Count("id")).values("v")[:1],
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        .order_by("category__order", "category__code")
    )
    result = PlanFulfilment(
        degree=FulfilmentRow(label=str(CategoryKind.DEGREE.label), is_total=True),
        refresher=FulfilmentRow(label=str(CategoryKind.REFRESHER.label), is_total=True),
        domestic=FulfilmentRow(label=_("of which domestic"), is_total=True),
        overseas=FulfilmentRow(label=_("of which overseas"), is_total=True),
    )
    for target in targets:
        row = FulfilmentRow(
            label=str(target.category),
            planned_classes=target.planned_classes,
            planned_seats=target.planned_seats,
            scheduled_classes=target.scheduled_classes,
            scheduled_seats=target.scheduled_seats,
            allotted_seats=target.allotted,
            nominated=target.nominated,
        )
        result.rows.append(row)
        if target.category.kind == CategoryKind.DEGREE:
            result.degree.add(row)
        else:
            result.refresher.add(row)
            (result.overseas if target.category.is_overseas else result.domestic).add(row)
    return result


def plans_with_target_totals(queryset=None):
    """Plans annotated with their total planned classes and seats (for lists)."""
    queryset = queryset if queryset is not None else TrainingPlan.objects.all()
    return queryset.annotate(
        total_planned_seats=Coalesce(
            Sum("targets__planned_seats", filter=Q(targets__category__kind=CategoryKind.REFRESHER)), 0
        ),
        total_planned_classes=Coalesce(
            Sum("targets__planned_classes", filter=Q(targets__category__kind=CategoryKind.REFRESHER)), 0
        ),
    )
