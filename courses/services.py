"""Writes with rules on classes: seat allotments, nominations and the waiting list.

Seats are counted in kept totals guarded by database CHECK constraints:
`TrainingClass.taken_seats <= planned_seats`, `SeatAllotment.taken_seats <= seats` and,
unless staff allowed over-allotment, `TrainingClass.allotted_seats <= planned_seats`.
Every change of them happens here, inside one transaction, under row locks taken through
`training_portal.locking` (which holds the one order of all locks), so that concurrent
requests queue instead of deadlocking.
"""

import dataclasses
import datetime
import logging
import operator
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from functools import reduce
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, IntegerField, Max, Q, Sum, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses import eligibility, notifications
from courses.models import (
    ACTIVE_NOMINATION_STATUSES,
    CLASS_LIFECYCLE,
    GRID_STATUSES,
    SEAT_HOLDING_STATUSES,
    Attendance,
    AttendanceStatus,
    ClassSession,
    ClassStatus,
    Nomination,
    NominationEvent,
    NominationStatus,
    RefusedIdAttempt,
    Result,
    SeatAllotment,
    SeatMove,
    Trainee,
    TrainingClass,
    allotment_problem,
    eligibility_problems,
)
from courses.refusals import Problem, Refusal, Refused, message
from courses.selectors import window_state
from plans.models import Agency
from training_portal import locking
from training_portal.history import create_with_history
from training_portal.spreadsheets import format_date

# Which status a nomination may move to from each status.
NOMINATION_TRANSITIONS: dict[str, set[str]] = {
    NominationStatus.NOMINATED: {NominationStatus.APPROVED, NominationStatus.REJECTED, NominationStatus.WITHDRAWN},
    NominationStatus.APPROVED: {
        NominationStatus.ATTENDED,
        NominationStatus.REJECTED,
        NominationStatus.WITHDRAWN,
    },
    NominationStatus.WAITLISTED: {NominationStatus.NOMINATED, NominationStatus.REJECTED, NominationStatus.WITHDRAWN},
    NominationStatus.ATTENDED: {NominationStatus.COMPLETED, NominationStatus.FAILED},
    NominationStatus.REJECTED: {NominationStatus.NOMINATED},
    NominationStatus.WITHDRAWN: {NominationStatus.NOMINATED},
    NominationStatus.COMPLETED: set(),
    NominationStatus.FAILED: set(),
}
CLOSED_CLASS_STATUSES = (ClassStatus.CANCELLED, ClassStatus.FINISHED)


# --- a merger hands classes over ---------------------------------------------------------------


@transaction.atomic
def classes_hand_over(*, agency: Agency, on: datetime.date | None = None) -> int:
    """Hand the classes `agency` organises that start on or after `on` (by default the day after its last day) to
    the agency it was merged into.

    Each keeps its plan's organiser and the day of the handover (`planned_organiser`, `organiser_since`): a
    document dated before `on` still names the agency that planned the class; nothing is rewritten backwards. A
    class handed over before keeps the organiser its plan named. Returns how many classes were handed over."""
    if agency.successor_id is None:
        raise ValidationError(_("%(agency)s was merged into no other agency.") % {"agency": agency.name})
    if on is None:
        if agency.valid_to is None:
            raise ValidationError(
                _("%(agency)s has no last day: say when it ended before handing its classes over.")
                % {"agency": agency.name}
            )
        on = agency.valid_to + datetime.timedelta(days=1)
    classes = list(
        TrainingClass.objects.select_for_update()
        .filter(organiser=agency, start_date__gte=on)
        .exclude(status=ClassStatus.CANCELLED)
    )
    for training_class in classes:
        if training_class.planned_organiser_id is None:
            training_class.planned_organiser = agency
        training_class.organiser_since = on
        training_class.organiser_id = agency.successor_id
        training_class.full_clean()
        training_class.save(update_fields=["organiser", "planned_organiser", "organiser_since"])
    return len(classes)


# --- a class's status on the calendar -----------------------------------------------------------


def class_statuses_follow_dates(*, today: datetime.date | None = None) -> list[TrainingClass]:
    """Move every class whose dates have moved it on to the status they give (`TrainingClass.status_on`):
    Planned -> Open on its opening day, Open -> Nomination closed after the deadline, -> In progress on its
    first day, -> Finished after its last. Cancelled classes and classes staff moved ahead stay as they are.

    Run daily by `manage.py update_class_statuses`; the rules do not wait for it (they read `status_on`),
    this keeps the stored status, which lists filter and show, in step with the dates beside it.
    Each class is changed under its own row lock, with a history record. Returns the classes changed.
    """
    today = today or timezone.localdate()
    moving = TrainingClass.objects.filter(status__in=CLASS_LIFECYCLE[:-1]).order_by("pk")
    changed = []
    for training_class in moving.only("pk", "status", "registration_opens", "registration_closes", "start_date",
                                      "end_date"):  # fmt: skip
        if training_class.status_on(today) == training_class.status:
            continue
        with transaction.atomic():
            locked = _lock_class(training_class)
            new_status = locked.status_on(today)
            if new_status != locked.status:
                locked.status = new_status
                locked._change_reason = _("The class's dates moved it on (update_class_statuses).")
                locked.save(update_fields=["status"])
                changed.append(locked)
    return changed


# --- seat allotments ---------------------------------------------------------------------------


# Where staff find the people a focal point could not add because another agency's staff list holds them.
staff_list_log = logging.getLogger("courses.staff_lists")


def new_person_problem(*, personal_id: str, agency: Agency, by=None) -> Problem | None:
    """Why a person with this ID number cannot be added to `agency`'s staff list, or None when they can.

    Someone already on another agency's list is refused in words that do not confirm it (an ID number must not
    tell one agency who works at another); the attempt is recorded (RefusedIdAttempt, the console's "refused ID
    numbers") and logged for the Department's staff, who resolve it (a move between agencies, or a mistyped number).
    The record is written in the caller's transaction: both callers (the portal's form, the nominee upload) check
    before theirs begins, so a refused attempt is kept although nothing else is saved.
    """
    holder = Trainee.objects.filter(personal_id=personal_id).values("pk", "agency_id", "agency__code").first()
    if holder is None:
        return None
    if holder["agency_id"] == agency.pk:
        return Problem(Refusal.ALREADY_ON_STAFF_LIST, field="personal_id")
    RefusedIdAttempt.objects.create(
        by=by if by is not None and by.is_authenticated else None,
        agency=agency,
        personal_id=personal_id,
        holder_id=holder["pk"],
        holder_agency_id=holder["agency_id"],
    )
    staff_list_log.warning(
        "%s of agency %s tried to add ID number %s, who is on the staff list of agency %s: "
        "check the number with them, or move the person (console, Trainees).",
        getattr(by, "username", "someone"),
        agency.code,
        personal_id,
        holder["agency__code"],
    )
    return Problem(Refusal.CANNOT_ADD_HERE, field="personal_id")


@transaction.atomic
def refused_attempt_resolve(*, attempt: RefusedIdAttempt, note: str, by) -> RefusedIdAttempt:
    """Mark a refused ID number attempt resolved, saying how; an attempt is resolved once (a conditional update, so
    two members of staff cannot both resolve it)."""
    note = (note or "").strip()
    if not note:
        raise Refused(Refusal.NOTE_TO_RESOLVE)
    done = RefusedIdAttempt.objects.filter(pk=attempt.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by, resolution_note=note
    )
    if not done:
        raise Refused(Refusal.ALREADY_RESOLVED)
    attempt.refresh_from_db()
    return attempt


def _lock_class(training_class: TrainingClass) -> TrainingClass:
    return locking.lock_one(training_class)


def _sync_allotted(locked_class: TrainingClass) -> None:
    total = SeatAllotment.objects.filter(training_class=locked_class).aggregate(total=Sum("seats"))["total"] or 0
    locked_class.allotted_seats = total
    locked_class.save(update_fields=["allotted_seats"])


@transaction.atomic
def allotment_set(
    *, training_class: TrainingClass, agency: Agency, seats: int, deadline: datetime.date | None = None, by=None
) -> SeatAllotment:
    """Give `agency` exactly `seats` seats of the class.

    Creates, changes or (with 0 seats and no nominations) removes the allotment; seats
    added to an agency go first to the people it has on the waiting list.
    """
    if seats < 0:
        raise Refused(Refusal.NEGATIVE_SEATS)
    locked_class = _lock_class(training_class)
    allotment = locking.lock_one(
        SeatAllotment.objects.filter(training_class=locked_class, agency=agency), missing_ok=True
    )
    others = (
        SeatAllotment.objects.filter(training_class=locked_class)
        .exclude(agency=agency)
        .aggregate(total=Sum("seats"))["total"]
        or 0
    )
    problem = allotment_problem(
        seats=seats,
        taken=allotment.taken_seats if allotment else 0,
        total=others + seats,
        class_seats=locked_class.planned_seats,
        allow_overallotment=locked_class.allow_overallotment,
        class_code=locked_class.code,
        agency=agency,
    )
    if problem:
        raise problem.error()
    if allotment is None and seats == 0:
        return SeatAllotment(training_class=locked_class, agency=agency, seats=0)
    if allotment is not None and seats == 0 and allotment.taken_seats == 0:
        allotment.delete()
        allotment.seats = 0
    else:
        if allotment is None:
            allotment = SeatAllotment(training_class=locked_class, agency=agency)
        allotment.seats = seats
        if deadline is not None:
            allotment.deadline = deadline
        allotment.full_clean(validate_unique=False, validate_constraints=False)
        allotment.save()
    _sync_allotted(locked_class)
    training_class.allotted_seats = locked_class.allotted_seats
    _promote_waitlist(locked_class, by=by)
    return allotment


@transaction.atomic
def allotment_delete(*, allotment: SeatAllotment) -> None:
    allotment_set(training_class=allotment.training_class, agency=allotment.agency, seats=0)


def _require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise Refused(Refusal.REASON_TO_MOVE_SEATS)
    return reason.strip()


@transaction.atomic
def allotment_transfer(
    *,
    training_class: TrainingClass,
    from_agency: Agency,
    to_agency: Agency,
    seats: int,
    reason: str,
    by=None,
    today: datetime.date | None = None,
) -> SeatMove:
    """Move unused seats from one agency to another; the receiving agency's waiting list is served first.
    Seats go only to an agency that exists today: one closed by a reform has nobody left to nominate."""
    reason = _require_reason(reason)
    if from_agency == to_agency:
        raise Refused(Refusal.SAME_AGENCY)
    today = today or timezone.localdate()
    if not Agency.objects.valid_on(today).filter(pk=to_agency.pk).exists():
        raise Refused(Refusal.AGENCY_NOT_ACTIVE, agency=to_agency, day=format_date(today))
    if seats < 1:
        raise Refused(Refusal.MOVE_NO_SEAT)
    locked_class = _lock_class(training_class)
    source = locking.lock_one(
        SeatAllotment.objects.filter(training_class=locked_class, agency=from_agency), missing_ok=True
    )
    if source is None or source.free_seats < seats:
        raise Refused(Refusal.NOT_ENOUGH_UNUSED, agency=from_agency, free=source.free_seats if source else 0)
    target = locking.lock_one(
        SeatAllotment.objects.filter(training_class=locked_class, agency=to_agency), missing_ok=True
    )
    if target is None:  # nobody else can add it meanwhile: allotments are written under the class's lock
        target = SeatAllotment.objects.create(training_class=locked_class, agency=to_agency, seats=0)
    SeatAllotment.objects.filter(pk=source.pk).update(seats=F("seats") - seats)
    SeatAllotment.objects.filter(pk=target.pk).update(seats=F("seats") + seats)
    move = SeatMove.objects.create(
        training_class=locked_class, from_agency=from_agency, to_agency=to_agency, seats=seats, reason=reason, by=by
    )
    _promote_waitlist(locked_class, by=by)
    return move


@transaction.atomic
def allotment_release(
    *, allotment: SeatAllotment, seats: int, reason: str, by=None, today: datetime.date | None = None
) -> SeatMove:
    """Return unused seats of an agency to the class's shared pool, once the agency's deadline has passed."""
    reason = _require_reason(reason)
    today = today or timezone.localdate()
    locked_class = _lock_class(allotment.training_class)
    locked = locking.lock_one(allotment)
    deadline = locked.deadline or locked_class.registration_closes
    if deadline is not None and today <= deadline:
        raise Refused(Refusal.BEFORE_DEADLINE, agency=locked.agency, deadline=format_date(deadline))
    if seats < 1 or seats > locked.free_seats:
        raise Refused(Refusal.NOT_ENOUGH_UNUSED, agency=locked.agency, free=locked.free_seats)
    SeatAllotment.objects.filter(pk=locked.pk).update(seats=F("seats") - seats)
    _sync_allotted(locked_class)
    move = SeatMove.objects.create(
        training_class=locked_class, from_agency=locked.agency, to_agency=None, seats=seats, reason=reason, by=by
    )
    _promote_waitlist(locked_class, by=by)
    return move


# --- seats of nominations ----------------------------------------------------------------------


def _take_seat(*, training_class_id: int, agency: Agency) -> None:
    """Take one seat of the class and of the agency's allotment, or explain why there is none.

    Two conditional UPDATEs, class row first: each succeeds only while a seat is free,
    and the row locks they take serialise concurrent nominations.
    """
    class_updated = TrainingClass.objects.filter(pk=training_class_id, taken_seats__lt=F("planned_seats")).update(
        taken_seats=F("taken_seats") + 1
    )
    if not class_updated:
        raise Refused(Refusal.CLASS_FULL)
    updated = SeatAllotment.objects.filter(
        training_class_id=training_class_id, agency=agency, taken_seats__lt=F("seats")
    ).update(taken_seats=F("taken_seats") + 1)
    if updated:
        return
    if not SeatAllotment.objects.filter(training_class_id=training_class_id, agency=agency, seats__gt=0).exists():
        raise Refused(Refusal.NO_ALLOTMENT)
    raise Refused(Refusal.NO_SEATS_LEFT)


def _release_seat(*, training_class_id: int, agency_id: int) -> None:
    TrainingClass.objects.filter(pk=training_class_id, taken_seats__gt=0).update(taken_seats=F("taken_seats") - 1)
    SeatAllotment.objects.filter(training_class_id=training_class_id, agency_id=agency_id, taken_seats__gt=0).update(
        taken_seats=F("taken_seats") - 1
    )


def _log(nomination: Nomination, *, kind: str, from_status: str, by, reason: str = "") -> None:
    NominationEvent.objects.create(
        nomination=nomination, kind=kind, from_status=from_status, to_status=nomination.status, reason=reason, by=by
    )


def _next_waitlist_rank(training_class_id: int) -> int:
    last = Nomination.objects.filter(training_class_id=training_class_id, status=NominationStatus.WAITLISTED).aggregate(
        last=Max("waitlist_rank")
    )["last"]
    return (last or 0) + 1


# --- nominations -------------------------------------------------------------------------------


def check_window(training_class: TrainingClass, allotment: SeatAllotment | None, today: datetime.date) -> None:
    """Refuse a focal point's change outside the nomination window (staff are not bound by it)."""
    deadline = (allotment.deadline if allotment else None) or training_class.registration_closes
    problem = window_state(training_class, deadline, today)
    if problem:
        raise problem.error()


# A new nomination from a staff batch starts as one of these; the rest of the workflow belongs to the console.
NEW_NOMINATION_STATUSES = (NominationStatus.NOMINATED, NominationStatus.APPROVED)


class Person(NamedTuple):
    """A person to nominate, as the rules read them (the person's row locked, when it is)."""

    agency_id: int
    agency_name: str
    rank_id: int | None
    group_id: int | None  # the person's own target group, else their agency's usual one
    facts: eligibility.Facts | None = None  # what the rules of eligibility read (courses.eligibility)


def nomination_problem(
    *,
    training_class: TrainingClass | None,
    person: Person | None,
    agency_id: int,
    status: str = NominationStatus.NOMINATED,
    existing: str | None,
    class_groups: Collection[int],
    class_ranks: Collection[int],
    window: Problem | None = None,
    renominate: bool = False,
    trainee_id: int | None = None,
    proposal: eligibility.Proposal | None = None,
    context: eligibility.Context | None = None,
    extra_seats: Sequence[eligibility.Seat] = (),
) -> Problem | None:
    """The rules of a new nomination, but for the seats (`seat_problem`): the first one it breaks, or None.

    The one rule set of a nomination from the portal or the console (`nomination_submit`, a batch of
    one), of a portal upload and of a staff batch (`nomination_batch_problems`), in this order: the class
    and the person exist; the class is not cancelled or finished; a focal point's `window` is open; a new
    nomination is Nominated or Approved; the person is still in `agency_id`; they are not nominated to
    the class yet (`existing` is the status of their nomination, if any; with `renominate`, one rejected
    or withdrawn is nominated again); then eligibility (`courses.eligibility.problems`, given the class's
    `proposal` and the people's `context`): target groups and ranks, the rules as data, and no seat in a class
    whose dates overlap (`extra_seats`: those the rows before in a batch gave the person), but what staff lifted.
    """
    if training_class is None:
        return Problem(Refusal.UNKNOWN_CLASS, field="training_class_id")
    if person is None:
        return Problem(Refusal.UNKNOWN_PERSON, field="trainee_id")
    if training_class.status in CLOSED_CLASS_STATUSES:
        return Problem(Refusal.CLASS_CLOSED, field="training_class_id")
    if window is not None:
        return window
    if status not in NEW_NOMINATION_STATUSES:
        return Problem(Refusal.STATUS_NOT_NEW, field="status")
    if person.agency_id != agency_id:
        return Problem(Refusal.MOVED, {"agency": person.agency_name}, "trainee_id")
    if existing is not None and (not renominate or existing in ACTIVE_NOMINATION_STATUSES):
        return Problem(Refusal.DUPLICATE, {"status": NominationStatus(existing).label}, "trainee_id")
    if proposal is None or context is None:
        refusals = eligibility_problems(
            group_id=person.group_id, rank_id=person.rank_id, class_groups=class_groups, class_ranks=class_ranks
        )
        return Problem(refusals[0], field="trainee_id") if refusals else None
    found = eligibility.problems(
        trainee_id=trainee_id,
        facts=person.facts,
        proposal=proposal,
        context=context,
        group_id=person.group_id,
        rank_id=person.rank_id,
        class_groups=class_groups,
        class_ranks=class_ranks,
        extra_seats=extra_seats,
    )
    return found[0] if found else None


def seat_problem(*, class_free: int, agency_seats: int, agency_free: int) -> Problem | None:
    """Whether a seat holding nomination finds a seat of the class and of its agency's allotment."""
    if class_free < 1:
        return Problem(Refusal.CLASS_FULL, field="training_class_id")
    if agency_seats < 1:
        return Problem(Refusal.NO_ALLOTMENT, field="trainee_id")
    if agency_free < 1:
        return Problem(Refusal.NO_SEATS_LEFT, field="trainee_id")
    return None


@transaction.atomic
def nomination_submit(
    *,
    trainee: Trainee,
    training_class: TrainingClass,
    by=None,
    enforce_window: bool = False,
    waitlist_if_full: bool = False,
    today: datetime.date | None = None,
) -> Nomination:
    """Nominate `trainee` to the class for the trainee's agency, taking one of its allotted seats.

    With `enforce_window` (focal points), the class must be open and its deadline not passed.
    With `waitlist_if_full`, a person who finds no seat is put on the waiting list instead.
    """
    agency = trainee.agency
    # What eligibility reads that no lock guards, before the class's lock (whose holders queue on it): the class's
    # kind (from the caller's row when its target's category and course came with it), the rules in force and the
    # person's ratings. Under the locks, only what they guard: the class's dates, the person's row, their seats.
    proposal = eligibility.proposal_of(training_class)
    context = (
        None
        if proposal is None
        else eligibility.load([trainee.pk], seats=False, kinds={proposal.kind}, rules=eligibility.active_rules())
    )
    # Nominations to one class queue on its row; the rules below read the locked row, not the caller's copy,
    # which may predate a cancellation.
    training_class = _lock_class(training_class)
    if proposal is not None:
        proposal = dataclasses.replace(proposal, start=training_class.start_date, end=training_class.end_date)
    # The person too (after the class, as the staff batch does): one moved to another agency since the caller
    # read them must not take a seat of the agency they left.
    locked_person = {
        pk: values
        for pk, *values in locking.lock(Trainee, [trainee.pk], values=("agency_id", *eligibility.FACT_FIELDS))
    }.get(trainee.pk)
    agency_now = locked_person[0] if locked_person else None
    window = None
    if enforce_window:
        allotment = SeatAllotment.objects.filter(training_class=training_class, agency=agency).first()
        deadline = (allotment.deadline if allotment else None) or training_class.registration_closes
        window = window_state(training_class, deadline, today or timezone.localdate())
    # No lock of its own: every write of a class's nominations holds the class, and of a person's seats the person.
    # One query: the person's nomination to this class, if any, and the seats they hold in classes whose dates meet
    # this one's (the overlap rule's).
    mine = Q(training_class=training_class)
    if proposal is not None and proposal.end is not None:
        mine |= Q(
            status__in=SEAT_HOLDING_STATUSES,
            training_class__start_date__lte=proposal.end,
            training_class__end_date__gte=proposal.start,
        )
    held = list(Nomination.objects.filter(mine, trainee=trainee).select_related("training_class"))
    existing = next((n for n in held if n.training_class_id == training_class.pk), None)
    if context is not None:
        context.seats[trainee.pk] = [
            eligibility.Seat(n.training_class_id, c.code, c.title, c.start_date, c.end_date)
            for n in held
            if n.training_class_id != training_class.pk and n.status in SEAT_HOLDING_STATUSES
            for c in (n.training_class,)
        ]
    # A batch of one: the rules of every nomination (nomination_problem), on the rows locked above. The person's
    # rank and target group are the caller's; their agency is the one read under the lock.
    moved_to = agency.name
    if agency_now is not None and agency_now != trainee.agency_id:
        moved_to = Agency.objects.filter(pk=agency_now).values_list("name", flat=True).first()
    groups, ranks = _class_rules([training_class.pk])
    problem = nomination_problem(
        training_class=training_class,
        person=None
        if agency_now is None
        else Person(
            agency_now,
            moved_to,
            trainee.rank_id,
            trainee.target_group_id or agency.target_group_id,
            eligibility.Facts(*locked_person[1:]),
        ),
        agency_id=trainee.agency_id,
        existing=existing.status if existing else None,
        class_groups=groups.get(training_class.pk, set()),
        class_ranks=ranks.get(training_class.pk, set()),
        window=window,
        renominate=True,
        trainee_id=trainee.pk,
        proposal=proposal,
        context=context,
    )
    if problem:
        raise problem.error()
    nomination = existing or Nomination(trainee=trainee, training_class=training_class)
    from_status = nomination.status if existing else ""
    try:
        with transaction.atomic():
            _take_seat(training_class_id=training_class.pk, agency=agency)
        nomination.status = NominationStatus.NOMINATED
        nomination.waitlist_rank = None
    except Refused as exc:
        if not waitlist_if_full or exc.refusal not in (Refusal.CLASS_FULL, Refusal.NO_SEATS_LEFT, Refusal.NO_ALLOTMENT):
            raise
        nomination.status = NominationStatus.WAITLISTED
        nomination.waitlist_rank = _next_waitlist_rank(training_class.pk)
    nomination.agency = agency
    nomination.reason = ""
    nomination.nominated_by = by
    nomination.decided_by = None
    nomination.decided_at = None
    try:
        # A savepoint, so a double submit that lost the race leaves the transaction usable.
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:
        raise Refused(Refusal.ONCE_PER_CLASS) from exc
    _log(nomination, kind=NominationEvent.Kind.STATUS, from_status=from_status, by=by)
    return nomination


@transaction.atomic
def nomination_change_status(
    *, nomination: Nomination, to_status: str, by=None, reason: str = "", enforce_window: bool = False
) -> Nomination:
    """Move a nomination along its workflow, releasing or taking its seat as needed.

    A seat freed here goes at once to the next person on the agency's waiting list.
    """
    _lock_class(nomination.training_class)
    # Back to Nominated is a new nomination of the person, who is locked with it as nomination_submit locks them.
    with_person = ("trainee",) if to_status == NominationStatus.NOMINATED else ()
    rows = Nomination.objects.select_related("trainee", "training_class")
    locked = locking.lock_one(rows, nomination.pk, related=with_person)
    if to_status == locked.status:
        return locked
    if to_status not in NOMINATION_TRANSITIONS[locked.status]:
        raise Refused(
            Refusal.ILLEGAL_TRANSITION, current=locked.get_status_display(), target=NominationStatus(to_status).label
        )
    if to_status in (NominationStatus.REJECTED, NominationStatus.WITHDRAWN) and not reason.strip():
        raise Refused(Refusal.REASON_TO_REFUSE)
    overridden = to_status == NominationStatus.COMPLETED and completion_check(locked, reason)
    if enforce_window:
        allotment = SeatAllotment.objects.filter(training_class=locked.training_class, agency=locked.agency).first()
        check_window(locked.training_class, allotment, timezone.localdate())
    if to_status in (NominationStatus.NOMINATED, NominationStatus.APPROVED) and locked.status in (
        NominationStatus.NOMINATED,
        NominationStatus.WAITLISTED,
    ):
        # The review and approval path: a seat already held in a class whose dates overlap stops it too.
        overlap = eligibility.overlap_refusals([locked.trainee_id], locked.training_class_id).get(locked.trainee_id)
        if overlap is not None:
            raise overlap.error()
    if to_status == NominationStatus.NOMINATED:
        if locked.status == NominationStatus.WAITLISTED:
            return _promote(locked, by=by, reason=reason)
        return nomination_submit(trainee=locked.trainee, training_class=locked.training_class, by=by)
    from_status = locked.status
    frees_seat = from_status in SEAT_HOLDING_STATUSES and to_status not in SEAT_HOLDING_STATUSES
    if frees_seat:
        _release_seat(training_class_id=locked.training_class_id, agency_id=locked.agency_id)
    locked.status = to_status
    locked.waitlist_rank = None
    if reason:
        locked.reason = reason.strip()
    if to_status in (NominationStatus.APPROVED, NominationStatus.REJECTED):
        locked.decided_by = by
        locked.decided_at = timezone.now()
    locked.save()
    kind = NominationEvent.Kind.OVERRIDE if overridden else NominationEvent.Kind.STATUS
    _log(locked, kind=kind, from_status=from_status, by=by, reason=reason.strip())
    if to_status in (NominationStatus.APPROVED, NominationStatus.REJECTED):
        notifications.nomination_decided(locked)
    if frees_seat or from_status == NominationStatus.WAITLISTED:
        _close_waitlist_gaps(locked.training_class_id)
    if frees_seat:
        _promote_waitlist(locked.training_class, by=by)
    nomination.status = locked.status
    return locked


def completion_check(nomination: Nomination, reason: str) -> bool:
    """The completion rule (`completion_problems`): "completed" needs the class's minimum attendance and, where the
    class is assessed, a passing result. When the rule is not met staff must give a reason (True: the completion
    overrides the rule, recorded as such); without one the first unmet condition refuses it."""
    problems = completion_problems(nomination.training_class, [nomination.pk])[nomination.pk]
    if not problems:
        return False
    if not reason.strip():
        raise problems[0].error()
    return True


def nomination_approve(*, nomination: Nomination, by=None) -> Nomination:
    return nomination_change_status(nomination=nomination, to_status=NominationStatus.APPROVED, by=by)


def nomination_reject(*, nomination: Nomination, reason: str, by=None) -> Nomination:
    return nomination_change_status(nomination=nomination, to_status=NominationStatus.REJECTED, by=by, reason=reason)


def nomination_withdraw(*, nomination: Nomination, reason: str, by=None, enforce_window: bool = False) -> Nomination:
    return nomination_change_status(
        nomination=nomination, to_status=NominationStatus.WITHDRAWN, by=by, reason=reason, enforce_window=enforce_window
    )


def nomination_record_attendance(*, nomination: Nomination, by=None) -> Nomination:
    return nomination_change_status(nomination=nomination, to_status=NominationStatus.ATTENDED, by=by)


def nomination_record_result(*, nomination: Nomination, completed: bool, by=None) -> Nomination:
    to_status = NominationStatus.COMPLETED if completed else NominationStatus.FAILED
    return nomination_change_status(nomination=nomination, to_status=to_status, by=by)


# --- the waiting list --------------------------------------------------------------------------


def _close_waitlist_gaps(training_class_id: int) -> None:
    waiting = list(
        Nomination.objects.filter(training_class_id=training_class_id, status=NominationStatus.WAITLISTED)
        .order_by("waitlist_rank", "id")
        .values_list("pk", "waitlist_rank")
    )
    for position, (pk, rank) in enumerate(waiting, start=1):
        if rank != position:
            Nomination.objects.filter(pk=pk).update(waitlist_rank=position)


def _promote(nomination: Nomination, *, by=None, reason: str = "", from_pool: bool = False) -> Nomination:
    """Give a waiting person a seat (the caller holds the class lock and checked one is free)."""
    if from_pool:
        allotment, _created = SeatAllotment.objects.get_or_create(
            training_class_id=nomination.training_class_id, agency_id=nomination.agency_id, defaults={"seats": 0}
        )
        SeatAllotment.objects.filter(pk=allotment.pk).update(seats=F("seats") + 1)
        _sync_allotted(TrainingClass.objects.get(pk=nomination.training_class_id))
        SeatMove.objects.create(
            training_class_id=nomination.training_class_id,
            from_agency=None,
            to_agency_id=nomination.agency_id,
            seats=1,
            reason=_("Seat from the shared pool for %(name)s, next on the waiting list.")
            % {"name": nomination.trainee.full_name},
            by=by,
        )
    _take_seat(training_class_id=nomination.training_class_id, agency=nomination.agency)
    nomination.status = NominationStatus.NOMINATED
    nomination.waitlist_rank = None
    nomination.save(update_fields=["status", "waitlist_rank"])
    _log(nomination, kind=NominationEvent.Kind.PROMOTED, from_status=NominationStatus.WAITLISTED, by=by, reason=reason)
    _close_waitlist_gaps(nomination.training_class_id)
    notifications.nomination_promoted(nomination)
    return nomination


def _promote_waitlist(training_class: TrainingClass, *, by=None) -> list[Nomination]:
    """Fill free seats from the waiting list: each agency's own seats first, then the shared pool, in order.

    The caller holds the class row lock.
    """
    locked_class = TrainingClass.objects.get(pk=training_class.pk)
    promoted: list[Nomination] = []
    waiting = list(
        Nomination.objects.filter(training_class=locked_class, status=NominationStatus.WAITLISTED)
        .select_related("trainee", "agency")
        .order_by("waitlist_rank", "id")
    )
    if not waiting:
        return promoted
    free_by_agency = {
        a.agency_id: a.free_seats
        for a in SeatAllotment.objects.filter(training_class=locked_class).only("seats", "taken_seats", "agency")
    }
    free_in_class = locked_class.planned_seats - locked_class.taken_seats
    pool = 0 if locked_class.allow_overallotment else locked_class.unallotted_seats
    # Someone who holds a seat in a class whose dates overlap keeps waiting: the next one gets the seat.
    busy = eligibility.overlap_refusals([n.trainee_id for n in waiting], locked_class.pk)
    for nomination in waiting:
        if free_in_class <= 0:
            break
        if nomination.trainee_id in busy:
            continue
        if free_by_agency.get(nomination.agency_id, 0) > 0:
            free_by_agency[nomination.agency_id] -= 1
            promoted.append(_promote(nomination, by=by))
        elif pool > 0:
            pool -= 1
            promoted.append(_promote(nomination, by=by, from_pool=True))
        else:
            continue
        free_in_class -= 1
    return promoted


@transaction.atomic
def waitlist_move(*, nomination: Nomination, rank: int, reason: str, by=None) -> Nomination:
    """Staff change a person's place on the waiting list; the reason is recorded."""
    if not reason or not reason.strip():
        raise Refused(Refusal.REASON_TO_REORDER)
    _lock_class(nomination.training_class)
    locked = locking.lock_one(nomination)
    if locked.status != NominationStatus.WAITLISTED:
        raise Refused(Refusal.NOT_WAITLISTED)
    waiting = list(
        Nomination.objects.filter(training_class_id=locked.training_class_id, status=NominationStatus.WAITLISTED)
        .exclude(pk=locked.pk)
        .order_by("waitlist_rank", "id")
        .values_list("pk", flat=True)
    )
    rank = max(1, min(rank, len(waiting) + 1))
    waiting.insert(rank - 1, locked.pk)
    for position, pk in enumerate(waiting, start=1):
        Nomination.objects.filter(pk=pk).update(waitlist_rank=position)
    locked.refresh_from_db()
    _log(locked, kind=NominationEvent.Kind.REORDERED, from_status=locked.status, by=by, reason=reason.strip())
    return locked


# --- batches from staff imports (Excel) --------------------------------------------------------


def _locked_seats(class_ids: Iterable[int], *, lock: bool):
    """Classes and allotments of a batch (in id order), their rows locked when `lock`."""
    class_ids = sorted(set(class_ids))
    classes = TrainingClass.objects.filter(pk__in=class_ids).order_by("pk")
    allotments = SeatAllotment.objects.filter(training_class_id__in=class_ids).order_by("pk")
    rows = locking.lock if lock else list
    return (
        {
            c.pk: c
            for c in rows(
                classes.only(
                    "code", "title", "status", "planned_seats", "taken_seats", "allotted_seats", "allow_overallotment"
                )
            )
        },
        {
            (a.training_class_id, a.agency_id): a
            for a in rows(allotments.only("training_class", "agency", "seats", "taken_seats"))
        },
    )


def _free_seats(classes: dict, allotments: dict) -> tuple[dict, dict]:
    class_free = {pk: c.planned_seats - c.taken_seats for pk, c in classes.items()}
    agency_free = {key: a.seats - a.taken_seats for key, a in allotments.items()}
    return class_free, agency_free


def _chunks(values: list, size: int = 2000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _batch_people(trainee_ids: Iterable[int], *, lock: bool) -> dict[int, Person]:
    """The people of a batch as they are now; locked when `lock`, so that nobody moves them to another agency or
    changes their rank before the batch is written."""
    found: list[tuple] = []
    for chunk in _chunks(sorted(set(trainee_ids))):
        # No join in the locking query: PostgreSQL re-checks a join against the version of the other
        # table it started from, so a person moved by the transaction it waited for would vanish.
        query = Trainee.objects.filter(pk__in=chunk).order_by("pk")
        values = ("agency_id", "rank_id", "target_group_id", *eligibility.FACT_FIELDS)
        if lock:
            found += locking.lock(query, values=values)
        else:
            found += query.values_list("pk", *values)
    agencies = {
        pk: (name, group)
        for pk, name, group in Agency.objects.filter(pk__in={row[1] for row in found}).values_list(
            "pk", "name", "target_group_id"
        )
    }
    return {
        pk: Person(
            agency_id, agencies[agency_id][0], rank_id, group_id or agencies[agency_id][1], eligibility.Facts(*facts)
        )
        for pk, agency_id, rank_id, group_id, *facts in found
    }


def _class_rules(class_ids: Iterable[int]) -> tuple[dict[int, set], dict[int, set]]:
    """Target groups and eligible ranks of classes: one query per chunk of classes (the two link tables in a UNION)."""
    groups: dict[int, set] = {}
    ranks: dict[int, set] = {}
    for chunk in _chunks(sorted(set(class_ids))):
        linked_groups = TrainingClass.target_groups.through.objects.filter(trainingclass_id__in=chunk).values_list(
            "trainingclass_id", "targetgroup_id", Value(1, output_field=IntegerField())
        )
        linked_ranks = TrainingClass.eligible_ranks.through.objects.filter(trainingclass_id__in=chunk).values_list(
            "trainingclass_id", "civilservicerank_id", Value(0, output_field=IntegerField())
        )
        for class_id, pk, is_group in linked_groups.union(linked_ranks, all=True):
            (groups if is_group else ranks).setdefault(class_id, set()).add(pk)
    return groups, ranks


def _nominated_pairs(rows: Sequence[dict], class_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    """(trainee, class) pairs of the batch that already have a nomination, whatever its status, with that status.

    Read by class: a class has about as many nominations as seats, so this stays linear in the batch.
    No lock is needed: every nomination to a class is written under the class's row lock.
    """
    pairs = {(r["trainee_id"], r["training_class_id"]) for r in rows}
    found: dict[tuple[int, int], str] = {}
    for chunk in _chunks(sorted(set(class_ids))):
        for trainee_id, class_id, status in Nomination.objects.filter(training_class_id__in=chunk).values_list(
            "trainee_id", "training_class_id", "status"
        ):
            if (trainee_id, class_id) in pairs:
                found[(trainee_id, class_id)] = status
    return found


class BatchRefused(ValidationError):
    """A staff batch refused as a whole: `problems` maps the index of each row refused to (field, reason)."""

    def __init__(self, problems: dict[int, tuple[str, str]]):
        self.problems = problems
        super().__init__([reason for _field, reason in problems.values()])


def _nomination_batch(rows: Sequence[dict], *, lock: bool) -> tuple[dict[int, tuple[str, str]], dict]:
    """The problems of a batch of new nominations (see `nomination_batch_problems`) and its classes' allotments."""
    class_ids = {r["training_class_id"] for r in rows}
    # What eligibility reads that no lock guards, before the locks (others queue on them): the classes' kinds and
    # dates, the rules in force, the people's ratings. Under the locks, the seats the people hold.
    proposals = eligibility.class_proposals(class_ids)
    context = eligibility.load((r["trainee_id"] for r in rows), seats=False, kinds={p.kind for p in proposals.values()})
    classes, allotments = _locked_seats(class_ids, lock=lock)
    people = _batch_people((r["trainee_id"] for r in rows), lock=lock)
    context.seats = eligibility.load(people, rules={}).seats
    groups, ranks = _class_rules(classes)
    nominated = _nominated_pairs(rows, classes)
    class_free, agency_free = _free_seats(classes, allotments)
    given: dict[int, list[eligibility.Seat]] = {}  # seats the rows before gave each person, for overlapping dates
    problems: dict[int, tuple[str, str]] = {}
    for index, row in enumerate(rows):
        class_id, trainee_id = row["training_class_id"], row["trainee_id"]
        nominated_as = nominated.get((trainee_id, class_id))
        problem = nomination_problem(
            training_class=classes.get(class_id),
            person=people.get(trainee_id),
            agency_id=row["agency_id"],
            status=row["status"],
            existing=nominated_as,
            class_groups=groups.get(class_id, ()),
            class_ranks=ranks.get(class_id, ()),
            trainee_id=trainee_id,
            proposal=proposals.get(class_id),
            context=context,
            extra_seats=given.get(trainee_id, ()),
        )
        if problem is None and row["status"] in SEAT_HOLDING_STATUSES:
            # Seats go to the rows in the order of the file, as if each were nominated in turn.
            key = (class_id, row["agency_id"])
            problem = seat_problem(
                class_free=class_free[class_id],
                agency_seats=allotments[key].seats if key in allotments else 0,
                agency_free=agency_free.get(key, 0),
            )
            if problem is None:
                class_free[class_id] -= 1
                agency_free[key] -= 1
                proposal = proposals[class_id]
                seat = eligibility.Seat(
                    class_id, classes[class_id].code, classes[class_id].title, proposal.start, proposal.end
                )
                given.setdefault(trainee_id, []).append(seat)
        if problem is not None:
            problems[index] = (problem.field, problem.message)
    return problems, allotments


def nomination_batch_problems(rows: Sequence[dict], *, lock: bool = False) -> dict[int, tuple[str, str]]:
    """Why rows of a staff batch of new nominations break a rule of `nomination_submit`, against the database now.

    Each row is a dict of trainee_id, training_class_id, status and agency_id (the person's agency
    when the batch was put together); the answer maps a row's index to the field it is about and
    the reason, in the words of the refusal table. The rules are `nomination_problem`'s, those of
    one person's nomination, then `seat_problem` for each row in the order of the rows. Staff are
    not bound by the nomination window, so neither is a batch.
    """
    return _nomination_batch(rows, lock=lock)[0]


@transaction.atomic
def nominations_import(*, rows: list[dict], by, reason: str) -> list[Nomination]:
    """Nominate many people at once for staff, under the rules of `nomination_submit` checked for the whole batch.

    Every row is a dict of trainee_id, training_class_id, agency_id, status and reason. The
    classes, their allotments and the people are locked, and every rule of
    `nomination_batch_problems` is checked again on the locked rows: BatchRefused, having
    written nothing, names every row that breaks one. Then the nominations go in with one bulk
    insert (with their history) and the counters move by one UPDATE per distinct count; the
    CHECK constraints stay the last guard.
    """
    problems, allotments = _nomination_batch(rows, lock=True)
    if problems:
        raise BatchRefused(problems)
    holding = [r for r in rows if r["status"] in SEAT_HOLDING_STATUSES]
    demand = Counter((r["training_class_id"], r["agency_id"]) for r in holding)
    per_class = Counter(r["training_class_id"] for r in holding)
    now = timezone.now()
    nominations = [
        Nomination(
            trainee_id=r["trainee_id"],
            training_class_id=r["training_class_id"],
            agency_id=r["agency_id"],
            status=r["status"],
            reason=r.get("reason") or "",
            nominated_by=by,
            decided_by=by if r["status"] == NominationStatus.APPROVED else None,
            decided_at=now if r["status"] == NominationStatus.APPROVED else None,
        )
        for r in rows
    ]
    create_with_history(Nomination, nominations, by=by, reason=reason)
    NominationEvent.objects.bulk_create(
        [
            NominationEvent(nomination_id=n.pk, from_status="", to_status=n.status, by=by, reason=reason)
            for n in nominations
        ],
        batch_size=2000,
    )
    # The rows are locked: move each counter by its count, one UPDATE per distinct count.
    _add_to_counters(TrainingClass, {pk: per_class[pk] for pk in per_class})
    _add_to_counters(SeatAllotment, {allotments[key].pk: taken for key, taken in demand.items()})
    return nominations


def _add_to_counters(model, added: dict[int, int]) -> None:
    by_count: dict[int, list[int]] = {}
    for pk, count in added.items():
        by_count.setdefault(count, []).append(pk)
    for count, pks in by_count.items():
        for start in range(0, len(pks), 2000):
            model.objects.filter(pk__in=pks[start : start + 2000]).update(taken_seats=F("taken_seats") + count)


def allotment_problems(proposed: dict[tuple[int, int], int], *, lock: bool = False) -> dict[tuple[int, int], str]:
    """Why each (class, agency) → seats of a batch breaks a rule of `allotment_set`, against the database as it is.

    An agency cannot get fewer seats than its nominations hold; a class's allotments
    cannot add up to more than its seats unless staff allowed over-allotment.
    """
    classes, allotments = _locked_seats((c for c, _a in proposed), lock=lock)
    totals = Counter()
    for (class_id, agency_id), allotment in allotments.items():
        totals[class_id] += proposed.get((class_id, agency_id), allotment.seats)
    for key, seats in proposed.items():
        if key not in allotments:
            totals[key[0]] += seats
    # The agencies are named only in a refusal: read their names when one is below its nominations.
    below = {
        agency_id
        for key, seats in proposed.items()
        if key in allotments
        for agency_id in [key[1]]
        if seats < allotments[key].taken_seats
    }
    names = dict(Agency.objects.filter(pk__in=below).values_list("pk", "name")) if below else {}
    problems: dict[tuple[int, int], str] = {}
    for key, seats in proposed.items():
        training_class = classes.get(key[0])
        if training_class is None:  # deleted since the batch was put together
            problems[key] = message(Refusal.UNKNOWN_CLASS)
            continue
        problem = allotment_problem(
            seats=seats,
            taken=allotments[key].taken_seats if key in allotments else 0,
            total=totals[key[0]],
            class_seats=training_class.planned_seats,
            allow_overallotment=training_class.allow_overallotment,
            class_code=training_class.code,
            agency=names.get(key[1], ""),
        )
        if problem:
            problems[key] = problem.message
    return problems


def allotments_settle(class_ids: Iterable[int], *, by=None, reason: str = "") -> None:
    """After a batch of allotments (the caller holds the class locks): recount each class, serve its waiting list."""
    for training_class in TrainingClass.objects.filter(pk__in=sorted(set(class_ids))).order_by("pk"):
        training_class._change_reason = reason
        _sync_allotted(training_class)
        _promote_waitlist(training_class, by=by)


# --- delivery: the attendance grid -------------------------------------------------------------------------------


def attendance_grid(training_class: TrainingClass) -> tuple[list[Nomination], list[ClassSession], dict]:
    """The rows (nominees holding a seat past the nomination: approved, attended, completed, failed), the columns
    (the class's sessions) and the marks entered, keyed (nomination id, session id)."""
    rows = list(
        Nomination.objects.filter(training_class=training_class, status__in=GRID_STATUSES)
        .select_related("trainee", "agency")
        .order_by("trainee__full_name", "pk")
    )
    sessions = list(training_class.sessions.order_by("date", "half_day"))
    marks = {
        (a.nomination_id, a.session_id): a.status
        for a in Attendance.objects.filter(session__training_class=training_class, nomination__in=rows)
    }
    return rows, sessions, marks


class AttendanceShare(NamedTuple):
    """A nominee's attendance over their class's sessions: an excused absence is shown, but is not a presence."""

    present: int
    excused: int
    absent: int
    sessions: int
    minimum: int | None = None  # the class's minimum attendance (%), else the setting's

    @property
    def percent(self) -> int | None:
        """The share of the sessions present, in whole percent (rounded down); None when there are no sessions."""
        return self.present * 100 // self.sessions if self.sessions else None

    @property
    def required(self) -> int:
        return settings.COMPLETION_MIN_ATTENDANCE if self.minimum is None else self.minimum

    @property
    def below_minimum(self) -> bool:
        return bool(self.sessions) and self.present * 100 < self.required * self.sessions

    @property
    def unmarked(self) -> int:
        return self.sessions - self.present - self.excused - self.absent


def attendance_shares(training_class: TrainingClass, nomination_ids: Iterable[int]) -> dict[int, AttendanceShare]:
    """Each nominee's attendance over all the class's sessions (a session without a mark is not a presence)."""
    ids = list(nomination_ids)
    sessions = training_class.sessions.count()
    counts = Counter(
        Attendance.objects.filter(session__training_class=training_class, nomination_id__in=ids).values_list(
            "nomination_id", "status"
        )
    )
    return {
        n: AttendanceShare(
            present=counts[(n, AttendanceStatus.PRESENT)],
            excused=counts[(n, AttendanceStatus.EXCUSED)],
            absent=counts[(n, AttendanceStatus.ABSENT)],
            sessions=sessions,
            minimum=training_class.minimum_attendance,
        )
        for n in ids
    }


def completion_overrides(nomination_ids: Iterable[int]) -> dict[int, NominationEvent]:
    """The last completion below the minimum attendance of each nomination that has one: who, when and why."""
    events = NominationEvent.objects.filter(nomination_id__in=list(nomination_ids), kind=NominationEvent.Kind.OVERRIDE)
    return {e.nomination_id: e for e in events.select_related("by").order_by("at", "id")}


@transaction.atomic
def attendance_save(*, training_class: TrainingClass, marks: dict[tuple[int, int], str]) -> None:
    """Save a class's whole attendance grid in one transaction: each (nomination id, session id) gets its status,
    or loses its mark when the status is empty. A cell outside the grid refuses the whole grid (nothing saved)."""
    _lock_class(training_class)
    rows, sessions, _marks = attendance_grid(training_class)
    row_ids, session_ids = {n.pk for n in rows}, {s.pk for s in sessions}
    statuses = set(AttendanceStatus.values) | {""}
    for (nomination_id, session_id), status in marks.items():
        if nomination_id not in row_ids or session_id not in session_ids or status not in statuses:
            raise Refused(Refusal.NOT_ON_THE_GRID)
    cleared = [Q(nomination_id=n, session_id=s) for (n, s), status in marks.items() if not status]
    if cleared:  # one DELETE for every cell emptied, whatever the size of the grid
        Attendance.objects.filter(reduce(operator.or_, cleared)).delete()
    Attendance.objects.bulk_create(
        [Attendance(nomination_id=n, session_id=s, status=status) for (n, s), status in marks.items() if status],
        update_conflicts=True,
        unique_fields=["nomination", "session"],
        update_fields=["status"],
    )


# --- delivery: the completion rule and deciding a whole class by it ----------------------------------------------
# One rule for the single change of status (`completion_check`, the console, the review pages) and for the whole
# class at once (`class_complete_by_rule`): a class decided in bulk is a batch of single decisions by the same rule.


def completion_problems(training_class: TrainingClass, nomination_ids: Iterable[int]) -> dict[int, list[Problem]]:
    """What keeps each of these nominees from completing the class by its rule ([] when nothing): attendance under
    the class's minimum (a class without sessions sets none), and where the class is assessed, a result that is not
    there or not a pass. Two queries (three when assessed) whatever the number of nominees."""
    ids = list(nomination_ids)
    shares = attendance_shares(training_class, ids)
    results = (
        {r.nomination_id: r for r in Result.objects.filter(nomination_id__in=ids)} if training_class.assessed else {}
    )
    problems: dict[int, list[Problem]] = {}
    for pk in ids:
        found = []
        share = shares[pk]
        if share.below_minimum:
            found.append(Problem(Refusal.BELOW_MIN_ATTENDANCE, {"share": share.percent, "minimum": share.required}))
        if training_class.assessed:
            result = results.get(pk)
            passed = result.passed if result is not None else None
            if passed is None:
                found.append(Problem(Refusal.NO_RESULT))
            elif not passed:
                found.append(Problem(Refusal.RESULT_NOT_PASSING, {"result": result_text(result)}))
        problems[pk] = found
    return problems


def result_text(result: Result) -> str:
    """A result as a list shows it: "8,50 – Very good", or the score or the grade alone when only one is known."""
    parts = []
    if result.score is not None:
        parts.append(f"{result.score:.2f}".replace(".", ","))
    if result.grade:
        parts.append(result.get_grade_display())
    return " – ".join(parts)


# The statuses a class decided by the rule moves on: approved (who sat the class) and attended.
DECIDABLE_STATUSES = (NominationStatus.APPROVED, NominationStatus.ATTENDED)


class Verdict(NamedTuple):
    """What the rule says of one nominee: completed or failed, each with what was unmet; or, when the facts are not
    all in (`outcome` None), what is missing to decide."""

    nomination: Nomination
    outcome: str | None
    problems: list[Problem]


def completion_verdicts(training_class: TrainingClass, nominations: Sequence[Nomination]) -> list[Verdict]:
    """The rule applied to each nominee of a class, from the attendance and results entered. Undecided when the
    class has no sessions, when a session has no mark for the person, when the person was present at none, or when
    the class is assessed and their result is missing; a nomination past "attended" is not decided again."""
    ids = [n.pk for n in nominations]
    shares = attendance_shares(training_class, ids)
    problems = completion_problems(training_class, ids)
    verdicts = []
    for nomination in nominations:
        share = shares[nomination.pk]
        missing = []
        if nomination.status not in DECIDABLE_STATUSES:
            missing.append(Problem(Refusal.NOT_DECIDABLE_NOW, {"status": nomination.get_status_display()}))
        elif not share.sessions:
            missing.append(Problem(Refusal.NO_SESSIONS))
        elif share.unmarked:
            missing.append(
                Problem(Refusal.ATTENDANCE_INCOMPLETE, {"missing": share.unmarked, "sessions": share.sessions})
            )
        elif not share.present:
            missing.append(Problem(Refusal.NEVER_PRESENT))
        missing += [p for p in problems[nomination.pk] if p.code == Refusal.NO_RESULT]
        if missing:
            verdicts.append(Verdict(nomination, None, missing))
            continue
        unmet = problems[nomination.pk]
        outcome = NominationStatus.FAILED if unmet else NominationStatus.COMPLETED
        verdicts.append(Verdict(nomination, outcome, unmet))
    return verdicts


@transaction.atomic
def class_complete_by_rule(*, training_class: TrainingClass, by=None) -> list[Verdict]:
    """Mark every approved or attended nominee of a class completed or "did not complete" by the rule, each through
    `nomination_change_status` (a batch of single decisions: the same rule, the same events); a failure records what
    was unmet as its reason. Returns every verdict, the undecided ones with what is missing."""
    _lock_class(training_class)
    nominations = list(
        Nomination.objects.filter(training_class=training_class, status__in=DECIDABLE_STATUSES)
        .select_related("trainee", "training_class")
        .order_by("trainee__full_name", "pk")
    )
    verdicts = completion_verdicts(training_class, nominations)
    with translation.override(settings.LANGUAGE_CODE):  # a stored reason is in the site's language
        reasons = {v.nomination.pk: " ".join(p.message for p in v.problems) for v in verdicts}
    for verdict in verdicts:
        if verdict.outcome is None:
            continue
        nomination = verdict.nomination
        if nomination.status == NominationStatus.APPROVED:
            nomination = nomination_change_status(nomination=nomination, to_status=NominationStatus.ATTENDED, by=by)
        reason = reasons[nomination.pk] if verdict.outcome == NominationStatus.FAILED else ""
        nomination_change_status(nomination=nomination, to_status=verdict.outcome, by=by, reason=reason)
    return verdicts
