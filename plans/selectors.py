"""Reads on plans that span relations; each runs a fixed number of queries."""

from django.db.models import Sum
from django.db.models.functions import Coalesce

from plans.fulfilment import Fulfilment, fulfilment_of, group_filter
from plans.models import TrainingPlan


def plan_fulfilment(plan: TrainingPlan) -> Fulfilment:
    """The plan page's table: per category and subtotal, the targets against the classes and seats scheduled, the
    seats allotted and the nominations; the dashboard counts the same figures for the plan. Two queries."""
    return fulfilment_of([plan])


def plans_with_target_totals(queryset=None):
    """Plans annotated with their total planned refresher classes and seats (for lists)."""
    queryset = queryset if queryset is not None else TrainingPlan.objects.all()
    refresher = group_filter("refresher", "targets__category")
    return queryset.annotate(
        total_planned_seats=Coalesce(Sum("targets__planned_seats", filter=refresher), 0),
        total_planned_classes=Coalesce(Sum("targets__planned_classes", filter=refresher), 0),
    )
