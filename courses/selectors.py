"""Reads on classes and nominations that span relations, each in a fixed number of queries.

Every read a focal point can trigger starts from the agency `plans.access` let them act for, or goes
through `access.restrict`: the one door through which the portal reaches an agency's data.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.http import Http404

from courses import eligibility
from courses.models import (
    ACTIVE_NOMINATION_STATUSES,
    ClassStatus,
    Nomination,
    NominationStatus,
    SeatAllotment,
    Trainee,
    TrainingClass,
)
from courses.refusals import Problem, Refusal, message
from plans import access
from plans.models import Agency
from training_portal.search import key_matches, search_terms
from training_portal.spreadsheets import format_date

PORTAL_CLASS_STATUSES = (ClassStatus.PLANNED, ClassStatus.OPEN, ClassStatus.CLOSED, ClassStatus.IN_PROGRESS)


def classes_open_to(
    agency: Agency,
    *,
    category_id: int | None = None,
    quarter: int | None = None,
    status: str | None = None,
    search: str = "",
    include_past: bool = False,
) -> QuerySet[TrainingClass]:
    """Classes in which `agency` has seats, with its own seats, taken and waiting counts."""
    waiting = (
        Nomination.objects.filter(training_class=OuterRef("pk"), agency=agency, status=NominationStatus.WAITLISTED)
        .order_by()
        .values("training_class")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    classes = (
        _with_seats_for(agency)
        .select_related("target__category")
        .annotate(
            agency_seats=F("allotments__seats"),
            agency_taken=F("allotments__taken_seats"),
            agency_free=F("allotments__seats") - F("allotments__taken_seats"),
            agency_deadline=Coalesce(F("allotments__deadline"), F("registration_closes")),
            agency_waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)),
        )
        .order_by("start_date", "code")
    )
    if not include_past:
        classes = classes.filter(status__in=PORTAL_CLASS_STATUSES)
    if status:
        classes = classes.filter(status=status)
    if category_id:
        classes = classes.filter(target__category_id=category_id)
    if quarter in (1, 2, 3, 4):
        months = range(3 * quarter - 2, 3 * quarter + 1)
        classes = classes.annotate(start_month=ExtractMonth("start_date")).filter(start_month__in=months)
    if search:
        classes = classes.filter(key_matches(search_terms(search)))  # title, code or place, without diacritics
    return classes


def _with_seats_for(agency: Agency) -> QuerySet[TrainingClass]:
    """The classes an agency may see at all: those in which it has seats allotted."""
    return TrainingClass.objects.filter(allotments__agency=agency, allotments__seats__gt=0)


def class_for_agency(agency: Agency, pk, *, figures: bool = True) -> TrainingClass:
    """A class in which the agency has seats, or 404.

    With `figures` (pages), it carries the agency's seats, taken, free, waiting and deadline as
    `classes_open_to` does; without (the POSTs, whose service locks and re-reads the class), the row alone.
    """
    classes = (
        classes_open_to(agency, include_past=True)
        if figures
        # What the rules of eligibility read of the class (its kind, its course's language level), in the same query.
        else _with_seats_for(agency).select_related("target__category", "course")
    )
    try:
        return classes.get(pk=pk)
    except (TrainingClass.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def nominations_of(agencies, *, status: str | None = None, class_id=None) -> QuerySet[Nomination]:
    """Nominations made by the given agencies (a focal point's only)."""
    nominations = (
        Nomination.objects.filter(agency__in=agencies)
        .select_related("trainee", "training_class", "agency", "trainee__rank")
        .order_by("-training_class__start_date", "training_class__code", "trainee__full_name")
    )
    if status:
        nominations = nominations.filter(status=status)
    if class_id:
        nominations = nominations.filter(training_class_id=class_id)
    return nominations


def staff_of(agency: Agency) -> QuerySet[Trainee]:
    """The agency's staff list (reached by a focal point only for an agency `plans.access` let them act for)."""
    return Trainee.objects.filter(agency=agency).order_by("full_name", "personal_id")


def nomination_of(user, pk) -> Nomination:
    """A nomination of one of the user's agencies, or 404."""
    nominations = Nomination.objects.select_related("trainee", "training_class", "agency", "trainee__rank")
    return access.get_visible(nominations, user, pk=pk)


@dataclass
class Candidate:
    """A member of the agency's staff, and why they can or cannot be nominated to a class."""

    trainee: Trainee
    nomination: Nomination | None
    blockers: list[str]
    excepted: list[str] = field(default_factory=list)  # the rules staff lifted for this person, that they needed

    @property
    def can_nominate(self) -> bool:
        return not self.blockers


def candidates_for(
    agency: Agency, training_class: TrainingClass, *, search: str = "", limit: int = 50
) -> list[Candidate]:
    """The agency's staff matching `search`, each with the reasons that keep them out of the class.

    Nine queries whatever the number of people: the people, their nominations to the class, the class's target
    groups, ranks and kind, then what eligibility reads (`eligibility.load`: rules, ratings, exceptions, seats
    held). The reasons are the words of the rules' refusals, those of a nomination (`services.nomination_problem`).
    """
    trainees = Trainee.objects.filter(agency=agency).select_related("rank", "target_group", "agency__target_group")
    if search:
        trainees = trainees.filter(key_matches(search_terms(search)))  # name, ID or e-mail, without diacritics
    trainees = list(trainees.order_by("full_name")[:limit])
    existing = {
        n.trainee_id: n
        for n in Nomination.objects.filter(training_class=training_class, trainee__in=[t.pk for t in trainees])
    }
    groups = set(training_class.target_groups.values_list("pk", flat=True))
    ranks = set(training_class.eligible_ranks.values_list("pk", flat=True))
    proposal = eligibility.class_proposals([training_class.pk])[training_class.pk]
    context = eligibility.load([t.pk for t in trainees], kinds={proposal.kind})
    result = []
    for trainee in trainees:
        blockers = []
        nomination = existing.get(trainee.pk)
        if nomination and nomination.status in ACTIVE_NOMINATION_STATUSES:
            blockers.append(message(Refusal.DUPLICATE, status=nomination.get_status_display()))
        group = trainee.target_group or trainee.agency.target_group
        excepted: list[str] = []
        problems = eligibility.problems(
            trainee_id=trainee.pk,
            facts=eligibility.Facts.of(trainee),
            proposal=proposal,
            context=context,
            group_id=group.pk if group else None,
            rank_id=trainee.rank_id,
            class_groups=groups,
            class_ranks=ranks,
            excepted=excepted,
        )
        blockers += [problem.message for problem in problems]
        result.append(Candidate(trainee=trainee, nomination=nomination, blockers=blockers, excepted=excepted))
    return result


def window_state(training_class: TrainingClass, deadline: datetime.date | None, today: datetime.date) -> Problem | None:
    """The nomination window of a focal point (staff are not bound by it): None while it is open, else the refusal
    (Refusal.CLASS_NOT_OPEN, WINDOW_NOT_OPEN or WINDOW_CLOSED). `deadline` is the agency's, else the class's.

    The one rule for the portal's class page and the services that refuse a focal point's change. It reads the
    class's status on `today` (`TrainingClass.status_on`): the stored one moved forward by the class's dates."""
    # Its dates open it (and start or finish it) whether or not anyone has clicked; the deadline is judged below.
    status = training_class.status_on(today, by_deadline=False)
    if status != ClassStatus.OPEN:
        return Problem(
            Refusal.CLASS_NOT_OPEN,
            {"code": training_class.code, "status": str(ClassStatus(status).label).lower()},
        )
    opens = training_class.registration_opens
    if opens and today < opens:
        return Problem(Refusal.WINDOW_NOT_OPEN, {"date": format_date(opens)})
    if deadline and today > deadline:
        return Problem(Refusal.WINDOW_CLOSED, {"date": format_date(deadline)})
    return None


def allotments_for_review(training_class: TrainingClass) -> QuerySet[SeatAllotment]:
    """The class's allotments with each agency's nominations by status (staff review page)."""
    counts = {
        status: Count(
            "agency__nominations",
            filter=Q(agency__nominations__training_class=training_class, agency__nominations__status=status),
        )
        for status in (NominationStatus.NOMINATED, NominationStatus.APPROVED, NominationStatus.WAITLISTED)
    }
    return (
        SeatAllotment.objects.filter(training_class=training_class)
        .select_related("agency", "training_class")  # the page shows each row's effective deadline
        .annotate(
            n_nominated=counts[NominationStatus.NOMINATED],
            n_approved=counts[NominationStatus.APPROVED],
            n_waiting=counts[NominationStatus.WAITLISTED],
        )
        .order_by("agency__name")
    )
