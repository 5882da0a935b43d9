"""How far a plan's targets are fulfilled: one definition of each figure, counted in one place for the plan page,
the dashboard (one plan, or every plan of a year) and the dashboard's PDF and XLSX.

The figures are counted per category of the targets, then per subtotal (degree; refresher, of which domestic and
of which overseas) and in total, by two queries whatever the number of classes and nominations. Nominations are
read from `courses.ClassTally`, one row per class that database triggers keep equal to the nominations in the same
transaction: it is never stale. The figures are:

- classes: planned = the targets' planned classes; scheduled = classes not cancelled;
  held = classes in progress or finished; cancelled = classes cancelled;
- seats: planned = the targets' planned seats; scheduled = seats of the classes not cancelled;
  allotted = seats allotted to agencies in those classes; nominated = nominations holding a
  seat (nominated, approved, attended, completed, did not complete); approved = those past
  approval (approved, attended, completed, did not complete); attended = those who came
  (attended, completed, did not complete); completed = completed.

Each stage counts a subset of the one before, so the chain never grows from left to right
(allotted can exceed scheduled only where staff allowed over-allotment).

A postgraduate (degree) target is met by places for people, not by a class (`courses.PostgraduatePlace`): its
planned seats are the places planned, never seats of the class chain, and the places are counted apart, by one
more query:

- places: planned = the degree targets' planned seats; places = the places recorded toward them (every status);
  studying = enrolled or extended; graduated; dropped out.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractQuarter
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from courses import tally
from courses.models import (
    SEAT_HOLDING_STATUSES,
    ClassStatus,
    NominationStatus,
    PlaceStatus,
    PostgraduatePlace,
    TrainingClass,
)
from plans.models import CategoryKind, PlanTarget, TrainingCategory, TrainingPlan

HELD_STATUSES = (ClassStatus.IN_PROGRESS, ClassStatus.FINISHED)
PLACE_STUDYING = (PlaceStatus.ENROLLED, PlaceStatus.EXTENDED)
# The classes each class figure counts, as a filter on TrainingClass (the drill-downs list them).
CLASS_STATES = {
    "scheduled": ~Q(status=ClassStatus.CANCELLED),
    "held": Q(status__in=HELD_STATUSES),
    "cancelled": Q(status=ClassStatus.CANCELLED),
}
# The nomination statuses each stage of the chain counts (a stage includes the ones after it).
STAGE_STATUSES = {
    "nominated": tuple(SEAT_HOLDING_STATUSES),
    "approved": (
        NominationStatus.APPROVED,
        NominationStatus.ATTENDED,
        NominationStatus.COMPLETED,
        NominationStatus.FAILED,
    ),
    "attended": (NominationStatus.ATTENDED, NominationStatus.COMPLETED, NominationStatus.FAILED),
    "completed": (NominationStatus.COMPLETED,),
}
TALLIED = tally.STATUSES  # the statuses courses.ClassTally counts: every stage's are among them
SEAT_STAGES = ("planned_seats", "scheduled_seats", "allotted", "nominated", "approved", "attended", "completed")
STAGE_LABELS = {
    "planned_seats": pgettext_lazy("seat chain", "Planned"),
    "scheduled_seats": pgettext_lazy("seat chain", "Scheduled"),
    "allotted": pgettext_lazy("seat chain", "Allotted"),
    "nominated": pgettext_lazy("seat chain", "Nominated"),
    "approved": pgettext_lazy("seat chain", "Approved"),
    "attended": pgettext_lazy("seat chain", "Attended"),
    "completed": pgettext_lazy("seat chain", "Completed"),
}
STAGE_HELP = {
    "planned_seats": gettext_lazy("seats in the plan's targets"),
    "scheduled_seats": gettext_lazy("seats of the classes scheduled (not cancelled)"),
    "allotted": gettext_lazy("seats of those classes allotted to agencies"),
    "nominated": gettext_lazy("nominations holding a seat: nominated, approved, attended, completed or not"),
    "approved": gettext_lazy("nominations approved by staff (and those who went on to attend)"),
    "attended": gettext_lazy("trainees who attended: attending, completed or did not complete"),
    "completed": gettext_lazy("trainees who completed the class"),
}


# The place figures, in the order every table lists them (the plan page, the dashboard, its PDF and XLSX).
PLACE_FIGURES = {
    "planned_places": pgettext_lazy("postgraduate places", "Planned"),
    "places": pgettext_lazy("postgraduate places", "Places"),
    "places_studying": pgettext_lazy("postgraduate places", "Studying"),
    "places_graduated": pgettext_lazy("postgraduate places", "Graduated"),
    "places_dropped": pgettext_lazy("postgraduate places", "Dropped out"),
}


@dataclass(frozen=True)
class Group:
    """A subtotal of the categories: which ones it adds up, its row's title, its word in a drill-down's heading."""

    rule: dict  # the category's fields and values
    title: str | Promise
    word: str | Promise


# The subtotals, in the order the tables list them. A category of refresher training is in two: the refresher
# subtotal and its domestic or overseas part.
GROUPS = {
    "degree": Group({"kind": CategoryKind.DEGREE}, CategoryKind.DEGREE.label, CategoryKind.DEGREE.label),
    "refresher": Group({"kind": CategoryKind.REFRESHER}, CategoryKind.REFRESHER.label, CategoryKind.REFRESHER.label),
    "domestic": Group(
        {"kind": CategoryKind.REFRESHER, "is_overseas": False},
        gettext_lazy("of which domestic"),
        gettext_lazy("domestic"),
    ),
    "overseas": Group(
        {"kind": CategoryKind.REFRESHER, "is_overseas": True},
        gettext_lazy("of which overseas"),
        gettext_lazy("overseas"),
    ),
}


def groups_of(category: TrainingCategory) -> list[str]:
    """The subtotals a category's figures are added to."""
    return [name for name, group in GROUPS.items() if all(getattr(category, f) == v for f, v in group.rule.items())]


def group_filter(name: str, category: str = "category") -> Q:
    """The categories of subtotal `name`, as a filter through the relation `category` (e.g. "targets__category")."""
    return Q(**{f"{category}__{f}": v for f, v in GROUPS[name].rule.items()})


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Chain:
    """Targets and what became of them, for one slice of the plans (a category, a subtotal, a quarter, a total)."""

    label: str = ""
    planned_classes: int = 0
    scheduled_classes: int = 0
    held_classes: int = 0
    cancelled_classes: int = 0
    planned_seats: int = 0
    scheduled_seats: int = 0
    allotted: int = 0
    nominated: int = 0
    approved: int = 0
    attended: int = 0
    completed: int = 0
    # Postgraduate places (a degree target's planned seats are places planned, never seats of the class chain).
    planned_places: int = 0
    places: int = 0
    places_studying: int = 0
    places_graduated: int = 0
    places_dropped: int = 0
    key: str = ""  # how the drill-down links name this slice: "category=3", "group=overseas"
    is_total: bool = False

    def add(self, other: "Chain") -> "Chain":
        for f in fields(self):
            if f.type is int:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def add_target(self, target: PlanTarget) -> None:
        self.planned_classes += target.planned_classes
        if target.category.kind == CategoryKind.DEGREE:
            self.planned_places += target.planned_seats
        else:
            self.planned_seats += target.planned_seats

    def add_places(self, group: dict) -> None:
        """Counts one group of `place_groups`: the definition of every place figure after the planned."""
        self.places += group["n"]
        if group["status"] in PLACE_STUDYING:
            self.places_studying += group["n"]
        elif group["status"] == PlaceStatus.GRADUATED:
            self.places_graduated += group["n"]
        elif group["status"] == PlaceStatus.DROPPED_OUT:
            self.places_dropped += group["n"]

    def add_classes(self, group: dict) -> None:
        """Counts one group of `class_groups`: the definition of every class and seat figure after the planned."""
        if group["status"] == ClassStatus.CANCELLED:
            self.cancelled_classes += group["n"]
            return
        self.scheduled_classes += group["n"]
        self.scheduled_seats += group["seats"]
        self.allotted += group["allotted"]
        if group["status"] in HELD_STATUSES:
            self.held_classes += group["n"]
        for stage, value in stage_counts(group).items():
            setattr(self, stage, getattr(self, stage) + value)

    @property
    def stages(self) -> list[dict]:
        """The seat chain as (key, label, help, value, % of planned, % of the stage before)."""
        result, before = [], None
        for name in SEAT_STAGES:
            value = getattr(self, name)
            result.append(
                {
                    "key": name,
                    "label": STAGE_LABELS[name],
                    "help": STAGE_HELP[name],
                    "value": value,
                    "of_plan": percent(value, self.planned_seats),
                    "of_before": percent(value, before) if before is not None else None,
                }
            )
            before = value
        return result

    @property
    def has_places(self) -> bool:
        return bool(self.planned_places or self.places)

    @property
    def place_figures(self) -> list[dict]:
        """The place figures as (key, label, value), for the tables."""
        return [{"key": k, "label": label, "value": getattr(self, k)} for k, label in PLACE_FIGURES.items()]

    @property
    def scheduled_percent(self) -> int | None:
        return percent(self.scheduled_seats, self.planned_seats)

    @property
    def completed_percent(self) -> int | None:
        return percent(self.completed, self.planned_seats)


def class_groups(target_ids: list[int]) -> list[dict]:
    """The classes of the targets counted in one query, grouped by target, status, quarter of the start and
    partner: the number of classes, their seats, the seats allotted and the tallied nominations by status."""
    return list(
        TrainingClass.objects.filter(target_id__in=target_ids)
        .values("target_id", "status", "provider_id", "provider__name", "provider__name_vi", "provider__country")
        .annotate(
            quarter=ExtractQuarter("start_date"),
            n=Count("pk"),
            seats=Sum("planned_seats"),
            allotted=Sum("allotted_seats"),
            **{f"n_{status}": Sum(f"tally__{status}") for status in TALLIED},
        )
        .order_by()
    )


def place_groups(target_ids: list[int]) -> list[dict]:
    """The places of the targets counted in one query, by target and status."""
    return list(
        PostgraduatePlace.objects.filter(target_id__in=target_ids)
        .values("target_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def stage_counts(group: dict) -> dict[str, int]:
    """The nominations of a group of `class_groups` at each stage of the chain."""
    return {stage: sum(group[f"n_{status}"] or 0 for status in statuses) for stage, statuses in STAGE_STATUSES.items()}


@dataclass
class Fulfilment:
    """The targets of one or more plans and what became of them, per category, per subtotal and in total."""

    targets: list[PlanTarget]
    classes: list[dict]  # the `class_groups` counted, for other breakdowns of the same classes
    places: list[dict]  # the `place_groups` counted, for other breakdowns of the same places
    categories: list[Chain]  # in the categories' order
    subtotals: list[Chain]  # degree, refresher, of which domestic, of which overseas
    total: Chain


def fulfilment_of(plans: Iterable[TrainingPlan]) -> Fulfilment:
    """The fulfilment of the plans' targets, a category's figures added over the plans. Three queries."""
    targets = list(PlanTarget.objects.filter(plan__in=[p.pk for p in plans]).select_related("category"))
    classes = class_groups([t.pk for t in targets])
    places = place_groups([t.pk for t in targets])
    by_category: dict[int, Chain] = {}
    for target in targets:
        category = target.category
        row = by_category.setdefault(category.pk, Chain(label=str(category), key=f"category={category.pk}"))
        row.add_target(target)
    category_of = {t.pk: t.category_id for t in targets}
    for group in classes:
        by_category[category_of[group["target_id"]]].add_classes(group)
    for group in places:
        by_category[category_of[group["target_id"]]].add_places(group)

    ordered = sorted({t.category.pk: t.category for t in targets}.values(), key=lambda c: (c.order, c.code))
    subtotals = {name: Chain(label=str(g.title), key=f"group={name}", is_total=True) for name, g in GROUPS.items()}
    total = Chain(label=_("Total"), is_total=True)
    for category in ordered:
        row = by_category[category.pk]
        for name in groups_of(category):
            subtotals[name].add(row)
        total.add(row)
    return Fulfilment(
        targets=targets,
        classes=classes,
        places=places,
        categories=[by_category[c.pk] for c in ordered],
        subtotals=list(subtotals.values()),
        total=total,
    )
