"""Writes with rules on classes: seat allotments, nominations and the waiting list.

Seats are counted in kept totals guarded by database CHECK constraints:
`TrainingClass.taken_seats <= planned_seats`, `SeatAllotment.taken_seats <= seats` and,
unless staff allowed over-allotment, `TrainingClass.allotted_seats <= planned_seats`.
Every change of them happens here, inside one transaction, under row locks taken through
`training_portal.locking` (which holds the one order of all locks), so that concurrent
requests queue instead of deadlocking.
"""

import datetime
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import notifications
from courses.models import (
    ACTIVE_NOMINATION_STATUSES,
    SEAT_HOLDING_STATUSES,
    ClassStatus,
    Nomination,
    NominationEvent,
    NominationStatus,
    SeatAllotment,
    SeatMove,
    Trainee,
    TrainingClass,
    eligibility_problems,
)
from plans.models import Agency
from training_portal import locking
from training_portal.history import create_with_history

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


# --- seat allotments ---------------------------------------------------------------------------


def _lock_class(training_class: TrainingClass) -> TrainingClass:
    return locking.lock_one(training_class)


def _sync_allotted(locked_class: TrainingClass) -> None:
    total = SeatAllotment.objects.filter(training_class=locked_class).aggregate(total=Sum("seats"))["total"] or 0
    locked_class.allotted_seats = total
    locked_class.save(update_fields=["allotted_seats"])


def _check_pool(locked_class: TrainingClass, *, others: int, seats: int, agency: Agency) -> None:
    if not locked_class.allow_overallotment and others + seats > locked_class.planned_seats:
        raise ValidationError(
            _(
                "The class %(code)s has %(total)s seats and %(others)s are already allotted to other agencies: "
                "at most %(left)s can go to %(agency)s."
            ),
            code="over_allotted",
            params={
                "code": locked_class.code,
                "total": locked_class.planned_seats,
                "others": others,
                "left": max(locked_class.planned_seats - others, 0),
                "agency": agency,
            },
        )


@transaction.atomic
def allotment_set(
    *, training_class: TrainingClass, agency: Agency, seats: int, deadline: datetime.date | None = None, by=None
) -> SeatAllotment:
    """Give `agency` exactly `seats` seats of the class.

    Creates, changes or (with 0 seats and no nominations) removes the allotment; seats
    added to an agency go first to the people it has on the waiting list.
    """
    if seats < 0:
        raise ValidationError(_("The number of seats cannot be negative."), code="negative")
    locked_class = _lock_class(training_class)
    allotment = locking.lock_one(
        SeatAllotment.objects.filter(training_class=locked_class, agency=agency), missing_ok=True
    )
    taken = allotment.taken_seats if allotment else 0
    if seats < taken:
        raise ValidationError(
            _(
                "%(agency)s already has %(taken)s nominations holding seats in this class; "
                "it cannot have fewer seats than that."
            ),
            code="below_taken",
            params={"agency": agency, "taken": taken},
        )
    others = (
        SeatAllotment.objects.filter(training_class=locked_class)
        .exclude(agency=agency)
        .aggregate(total=Sum("seats"))["total"]
        or 0
    )
    _check_pool(locked_class, others=others, seats=seats, agency=agency)
    if allotment is None and seats == 0:
        return SeatAllotment(training_class=locked_class, agency=agency, seats=0)
    if allotment is not None and seats == 0 and taken == 0:
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
        raise ValidationError(_("Say why the seats are moved."), code="reason_required")
    return reason.strip()


@transaction.atomic
def allotment_transfer(
    *, training_class: TrainingClass, from_agency: Agency, to_agency: Agency, seats: int, reason: str, by=None
) -> SeatMove:
    """Move unused seats from one agency to another; the receiving agency's waiting list is served first."""
    reason = _require_reason(reason)
    if from_agency == to_agency:
        raise ValidationError(_("Choose two different agencies."), code="same_agency")
    if seats < 1:
        raise ValidationError(_("Move at least one seat."), code="no_seats")
    locked_class = _lock_class(training_class)
    source = locking.lock_one(
        SeatAllotment.objects.filter(training_class=locked_class, agency=from_agency), missing_ok=True
    )
    if source is None or source.free_seats < seats:
        raise ValidationError(
            _("%(agency)s has only %(free)s unused seats in this class."),
            code="not_enough_unused",
            params={"agency": from_agency, "free": source.free_seats if source else 0},
        )
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
        raise ValidationError(
            _("%(agency)s may nominate until %(deadline)s: its seats can be moved back to the pool after that."),
            code="before_deadline",
            params={"agency": locked.agency, "deadline": deadline.strftime("%d/%m/%Y")},
        )
    if seats < 1 or seats > locked.free_seats:
        raise ValidationError(
            _("%(agency)s has only %(free)s unused seats in this class."),
            code="not_enough_unused",
            params={"agency": locked.agency, "free": locked.free_seats},
        )
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
        raise ValidationError(_("The class is full: every seat is taken."), code="class_full")
    updated = SeatAllotment.objects.filter(
        training_class_id=training_class_id, agency=agency, taken_seats__lt=F("seats")
    ).update(taken_seats=F("taken_seats") + 1)
    if updated:
        return
    if not SeatAllotment.objects.filter(training_class_id=training_class_id, agency=agency, seats__gt=0).exists():
        raise ValidationError(
            _("%(agency)s has no seats allotted in this class."), code="no_allotment", params={"agency": agency}
        )
    raise ValidationError(
        _("%(agency)s has used all the seats allotted to it in this class."),
        code="no_seats_left",
        params={"agency": agency},
    )


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
    if training_class.status != ClassStatus.OPEN:
        raise ValidationError(
            _("The class %(code)s is not open for nomination (%(status)s)."),
            code="not_open",
            params={"code": training_class.code, "status": training_class.get_status_display().lower()},
        )
    opens = training_class.registration_opens
    deadline = (allotment.deadline if allotment else None) or training_class.registration_closes
    if opens and today < opens:
        raise ValidationError(
            _("Nominations open on %(date)s."), code="window_not_open", params={"date": opens.strftime("%d/%m/%Y")}
        )
    if deadline and today > deadline:
        raise ValidationError(
            _("The nomination deadline (%(date)s) has passed: ask the Department of Home Affairs."),
            code="window_closed",
            params={"date": deadline.strftime("%d/%m/%Y")},
        )


def eligibility_problem(
    *, group_id: int | None, rank_id: int | None, class_groups: Collection[int], class_ranks: Collection[int]
) -> str | None:
    """The first of `eligibility_problems` (courses.models): the refusal's code, or None when the person may."""
    problems = eligibility_problems(
        group_id=group_id, rank_id=rank_id, class_groups=class_groups, class_ranks=class_ranks
    )
    return problems[0] if problems else None


def check_eligibility(trainee: Trainee, training_class: TrainingClass) -> None:
    """Refuse a person outside the class's target groups or eligible ranks."""
    group = trainee.target_group or trainee.agency.target_group
    problem = eligibility_problem(
        group_id=group.pk if group else None,
        rank_id=trainee.rank_id,
        class_groups={g.pk for g in training_class.target_groups.all()},
        class_ranks={r.pk for r in training_class.eligible_ranks.all()},
    )
    if problem == "not_target_group":
        raise ValidationError(
            _("%(name)s (%(group)s) is not in the target groups of this class."),
            code="not_target_group",
            params={"name": trainee.full_name, "group": group},
        )
    if problem == "rank_not_eligible":
        raise ValidationError(
            _("The rank of %(name)s (%(rank)s) is not among the ranks this class is for."),
            code="rank_not_eligible",
            params={"name": trainee.full_name, "rank": trainee.rank or _("no rank recorded")},
        )


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
    # Nominations to one class queue on its row; the rules below read the locked row, not the caller's copy,
    # which may predate a cancellation.
    training_class = _lock_class(training_class)
    # The person too: one moved to another agency since the caller read them must not take a seat of the agency
    # they left.
    agency_now = dict(locking.lock(Trainee, [trainee.pk], values=("agency_id",))).get(trainee.pk)
    if agency_now != trainee.agency_id:
        raise ValidationError(
            _("%(name)s is no longer on the staff list of %(agency)s: they have moved to another agency."),
            code="moved",
            params={"name": trainee.full_name, "agency": agency},
        )
    if training_class.status in CLOSED_CLASS_STATUSES:
        raise ValidationError(
            _("The class %(code)s is %(status)s: nobody can be nominated to it."),
            code="class_closed",
            params={"code": training_class.code, "status": training_class.get_status_display().lower()},
        )
    if enforce_window:
        allotment = SeatAllotment.objects.filter(training_class=training_class, agency=agency).first()
        check_window(training_class, allotment, today or timezone.localdate())
    check_eligibility(trainee, training_class)
    # No lock of its own: every write of a class's nominations holds the class.
    existing = Nomination.objects.filter(trainee=trainee, training_class=training_class).first()
    if existing is not None and existing.status in ACTIVE_NOMINATION_STATUSES:
        raise ValidationError(
            _("%(name)s is already nominated to this class (%(status)s)."),
            code="duplicate",
            params={"name": trainee.full_name, "status": existing.get_status_display().lower()},
        )
    nomination = existing or Nomination(trainee=trainee, training_class=training_class)
    from_status = nomination.status if existing else ""
    try:
        with transaction.atomic():
            _take_seat(training_class_id=training_class.pk, agency=agency)
        nomination.status = NominationStatus.NOMINATED
        nomination.waitlist_rank = None
    except ValidationError as exc:
        if not waitlist_if_full or exc.code not in ("class_full", "no_seats_left", "no_allotment"):
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
        raise ValidationError(
            _("%(name)s is already nominated to this class."), code="duplicate", params={"name": trainee.full_name}
        ) from exc
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
        raise ValidationError(
            _("A nomination that is “%(current)s” cannot become “%(target)s”."),
            code="illegal_transition",
            params={"current": locked.get_status_display(), "target": NominationStatus(to_status).label},
        )
    if to_status in (NominationStatus.REJECTED, NominationStatus.WITHDRAWN) and not reason.strip():
        raise ValidationError(_("Give a reason for rejecting or withdrawing the nomination."), code="reason_required")
    if enforce_window:
        allotment = SeatAllotment.objects.filter(training_class=locked.training_class, agency=locked.agency).first()
        check_window(locked.training_class, allotment, timezone.localdate())
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
    _log(locked, kind=NominationEvent.Kind.STATUS, from_status=from_status, by=by, reason=reason.strip())
    if to_status in (NominationStatus.APPROVED, NominationStatus.REJECTED):
        notifications.nomination_decided(locked)
    if frees_seat or from_status == NominationStatus.WAITLISTED:
        _close_waitlist_gaps(locked.training_class_id)
    if frees_seat:
        _promote_waitlist(locked.training_class, by=by)
    nomination.status = locked.status
    return locked


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
    for nomination in waiting:
        if free_in_class <= 0:
            break
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
        raise ValidationError(_("Say why the order of the waiting list is changed."), code="reason_required")
    _lock_class(nomination.training_class)
    locked = locking.lock_one(nomination)
    if locked.status != NominationStatus.WAITLISTED:
        raise ValidationError(_("This person is not on the waiting list."), code="not_waitlisted")
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
                classes.only("code", "status", "planned_seats", "taken_seats", "allotted_seats", "allow_overallotment")
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


class _Person(NamedTuple):
    agency_id: int
    agency_name: str
    rank_id: int | None
    group_id: int | None  # the person's own target group, else their agency's usual one


def _batch_people(trainee_ids: Iterable[int], *, lock: bool) -> dict[int, _Person]:
    """The people of a batch as they are now; locked when `lock`, so that nobody moves them to another agency or
    changes their rank before the batch is written."""
    found: list[tuple] = []
    for chunk in _chunks(sorted(set(trainee_ids))):
        # No join in the locking query: PostgreSQL re-checks a join against the version of the other
        # table it started from, so a person moved by the transaction it waited for would vanish.
        query = Trainee.objects.filter(pk__in=chunk).order_by("pk")
        if lock:
            found += locking.lock(query, values=("agency_id", "rank_id", "target_group_id"))
        else:
            found += query.values_list("pk", "agency_id", "rank_id", "target_group_id")
    agencies = {
        pk: (name, group)
        for pk, name, group in Agency.objects.filter(pk__in={row[1] for row in found}).values_list(
            "pk", "name", "target_group_id"
        )
    }
    return {
        pk: _Person(agency_id, agencies[agency_id][0], rank_id, group_id or agencies[agency_id][1])
        for pk, agency_id, rank_id, group_id in found
    }


def _class_rules(class_ids: Iterable[int]) -> tuple[dict[int, set], dict[int, set]]:
    """Target groups and eligible ranks of classes, two queries per chunk of classes."""
    groups: dict[int, set] = {}
    ranks: dict[int, set] = {}
    for chunk in _chunks(sorted(set(class_ids))):
        through = TrainingClass.target_groups.through.objects.filter(trainingclass_id__in=chunk)
        for class_id, group_id in through.values_list("trainingclass_id", "targetgroup_id"):
            groups.setdefault(class_id, set()).add(group_id)
        through = TrainingClass.eligible_ranks.through.objects.filter(trainingclass_id__in=chunk)
        for class_id, rank_id in through.values_list("trainingclass_id", "civilservicerank_id"):
            ranks.setdefault(class_id, set()).add(rank_id)
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


# A new nomination from a staff batch starts as one of these; the rest of the workflow belongs to the console.
NEW_NOMINATION_STATUSES = (NominationStatus.NOMINATED, NominationStatus.APPROVED)


class BatchRefused(ValidationError):
    """A staff batch refused as a whole: `problems` maps the index of each row refused to (field, reason)."""

    def __init__(self, problems: dict[int, tuple[str, str]]):
        self.problems = problems
        super().__init__([reason for _field, reason in problems.values()])


def _nomination_batch(rows: Sequence[dict], *, lock: bool) -> tuple[dict[int, tuple[str, str]], dict]:
    """The problems of a batch of new nominations (see `nomination_batch_problems`) and its classes' allotments."""
    class_ids = {r["training_class_id"] for r in rows}
    classes, allotments = _locked_seats(class_ids, lock=lock)
    people = _batch_people((r["trainee_id"] for r in rows), lock=lock)
    groups, ranks = _class_rules(classes)
    nominated = _nominated_pairs(rows, classes)
    class_free, agency_free = _free_seats(classes, allotments)
    problems: dict[int, tuple[str, str]] = {}
    for index, row in enumerate(rows):
        class_id, trainee_id = row["training_class_id"], row["trainee_id"]
        training_class, person = classes.get(class_id), people.get(trainee_id)
        problem = None
        if training_class is None:
            problem = ("training_class_id", _("Unknown class code."))
        elif person is None:
            problem = (
                "trainee_id",
                _("Nobody with this identification number is in the staff list: import them first."),
            )
        elif training_class.status in CLOSED_CLASS_STATUSES:
            problem = ("training_class_id", _("The class is cancelled or finished."))
        elif row["status"] not in NEW_NOMINATION_STATUSES:
            problem = ("status", _("A new nomination can only be Nominated or Approved."))
        elif person.agency_id != row["agency_id"]:
            moved_to = person.agency_name
            problem = ("trainee_id", _("This person has moved to another agency (%(agency)s).") % {"agency": moved_to})
        elif (trainee_id, class_id) in nominated:
            problem = (
                "trainee_id",
                _("This person is already nominated to this class (%(status)s): change it in the console.")
                % {"status": NominationStatus(nominated[(trainee_id, class_id)]).label},
            )
        else:
            refusal = eligibility_problem(
                group_id=person.group_id,
                rank_id=person.rank_id,
                class_groups=groups.get(class_id, ()),
                class_ranks=ranks.get(class_id, ()),
            )
            if refusal == "not_target_group":
                problem = ("trainee_id", _("This person is not in the target groups of the class."))
            elif refusal == "rank_not_eligible":
                problem = ("trainee_id", _("This person's rank is not among the class's ranks."))
        if problem is None and row["status"] in SEAT_HOLDING_STATUSES:
            # Seats go to the rows in the order of the file, as if each were nominated in turn.
            key = (class_id, row["agency_id"])
            if class_free[class_id] < 1:
                problem = ("training_class_id", _("The class is full."))
            elif key not in allotments or allotments[key].seats == 0:
                problem = ("trainee_id", _("The person's agency has no seats allotted in this class."))
            elif agency_free[key] < 1:
                problem = ("trainee_id", _("The person's agency has no seat left in this class."))
            else:
                class_free[class_id] -= 1
                agency_free[key] -= 1
        if problem is not None:
            problems[index] = problem
    return problems, allotments


def nomination_batch_problems(rows: Sequence[dict], *, lock: bool = False) -> dict[int, tuple[str, str]]:
    """Why rows of a staff batch of new nominations break a rule of `nomination_submit`, against the database now.

    Each row is a dict of trainee_id, training_class_id, status and agency_id (the person's agency
    when the batch was put together); the answer maps a row's index to the field it is about and
    the reason. The rules, in this order: the class and the person exist; the class is not
    cancelled or finished; a new nomination is Nominated or Approved; the person is still in that
    agency; the person is not nominated to the class yet; target groups and ranks; then a seat of
    the class and of the agency's allotment for each row, in the order of the rows. Staff are not
    bound by the nomination window, so neither is a batch.
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
    problems: dict[tuple[int, int], str] = {}
    totals = Counter()
    for (class_id, agency_id), allotment in allotments.items():
        totals[class_id] += proposed.get((class_id, agency_id), allotment.seats)
    for key, seats in proposed.items():
        class_id = key[0]
        if key not in allotments:
            totals[class_id] += seats
        taken = allotments[key].taken_seats if key in allotments else 0
        if seats < taken:
            problems[key] = _("%(taken)s nominations already hold seats: the agency cannot have fewer.") % {
                "taken": taken
            }
    for key in proposed:
        training_class = classes.get(key[0])
        if training_class is None:  # deleted since the batch was put together
            problems[key] = _("Unknown class code.")
            continue
        total = totals[key[0]]
        if key not in problems and not training_class.allow_overallotment and total > training_class.planned_seats:
            problems[key] = _(
                "The class %(code)s has %(seats)s seats but its allotments would add up to %(total)s."
            ) % {
                "code": training_class.code,
                "seats": training_class.planned_seats,
                "total": total,
            }
    return problems


def allotments_settle(class_ids: Iterable[int], *, by=None, reason: str = "") -> None:
    """After a batch of allotments (the caller holds the class locks): recount each class, serve its waiting list."""
    for training_class in TrainingClass.objects.filter(pk__in=sorted(set(class_ids))).order_by("pk"):
        training_class._change_reason = reason
        _sync_allotted(training_class)
        _promote_waitlist(training_class, by=by)
