"""Writes with rules on classes: seat allotments and nominations.

Seats are counted in two kept totals guarded by database CHECK constraints
(`TrainingClass.allotted_seats <= planned_seats`, `SeatAllotment.taken_seats <= seats`);
every change of them happens here, inside one transaction, on a locked row.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import (
    SEAT_HOLDING_STATUSES,
    ClassStatus,
    Nomination,
    NominationStatus,
    SeatAllotment,
    Trainee,
    TrainingClass,
)
from plans.models import Agency

# Which status a nomination may move to from each status.
NOMINATION_TRANSITIONS: dict[str, set[str]] = {
    NominationStatus.NOMINATED: {NominationStatus.APPROVED, NominationStatus.REJECTED, NominationStatus.WITHDRAWN},
    NominationStatus.APPROVED: {
        NominationStatus.ATTENDED,
        NominationStatus.REJECTED,
        NominationStatus.WITHDRAWN,
    },
    NominationStatus.ATTENDED: {NominationStatus.COMPLETED, NominationStatus.FAILED},
    NominationStatus.REJECTED: {NominationStatus.NOMINATED},
    NominationStatus.WITHDRAWN: {NominationStatus.NOMINATED},
    NominationStatus.COMPLETED: set(),
    NominationStatus.FAILED: set(),
}
CLOSED_CLASS_STATUSES = (ClassStatus.CANCELLED, ClassStatus.FINISHED)


# --- seat allotments ---------------------------------------------------------------------------


@transaction.atomic
def allotment_set(*, training_class: TrainingClass, agency: Agency, seats: int) -> SeatAllotment:
    """Give `agency` exactly `seats` seats of the class.

    Creates, changes or (with 0 seats and no nominations) removes the allotment.
    """
    if seats < 0:
        raise ValidationError(_("The number of seats cannot be negative."), code="negative")
    locked_class = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    allotment = SeatAllotment.objects.filter(training_class=locked_class, agency=agency).first()
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
    if others + seats > locked_class.planned_seats:
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
                "left": locked_class.planned_seats - others,
                "agency": agency,
            },
        )
    if allotment is None and seats == 0:
        return SeatAllotment(training_class=locked_class, agency=agency, seats=0)
    if allotment is not None and seats == 0 and taken == 0:
        allotment.delete()
        allotment.seats = 0
    else:
        if allotment is None:
            allotment = SeatAllotment(training_class=locked_class, agency=agency)
        allotment.seats = seats
        allotment.full_clean(validate_unique=False)
        allotment.save()
    locked_class.allotted_seats = others + seats
    locked_class.save(update_fields=["allotted_seats"])
    training_class.allotted_seats = locked_class.allotted_seats
    return allotment


@transaction.atomic
def allotment_delete(*, allotment: SeatAllotment) -> None:
    allotment_set(training_class=allotment.training_class, agency=allotment.agency, seats=0)


# --- nominations -------------------------------------------------------------------------------


def _take_seat(*, training_class_id: int, agency: Agency) -> None:
    """Take one seat of the agency's allotment, or explain why there is none.

    A conditional UPDATE on the allotment row: it succeeds only while a seat is
    free, and the row lock it takes serialises concurrent nominations.
    """
    updated = SeatAllotment.objects.filter(
        training_class_id=training_class_id, agency=agency, taken_seats__lt=F("seats")
    ).update(taken_seats=F("taken_seats") + 1)
    if updated:
        return
    if not SeatAllotment.objects.filter(training_class_id=training_class_id, agency=agency).exists():
        raise ValidationError(
            _("%(agency)s has no seats allotted in this class."), code="no_allotment", params={"agency": agency}
        )
    raise ValidationError(
        _("%(agency)s has used all the seats allotted to it in this class."),
        code="no_seats_left",
        params={"agency": agency},
    )


def _release_seat(*, training_class_id: int, agency_id: int) -> None:
    SeatAllotment.objects.filter(training_class_id=training_class_id, agency_id=agency_id, taken_seats__gt=0).update(
        taken_seats=F("taken_seats") - 1
    )


@transaction.atomic
def nomination_submit(*, trainee: Trainee, training_class: TrainingClass, by=None) -> Nomination:
    """Nominate `trainee` to the class for the trainee's agency, taking one of its allotted seats."""
    agency = trainee.agency
    if training_class.status in CLOSED_CLASS_STATUSES:
        raise ValidationError(
            _("The class %(code)s is %(status)s: nobody can be nominated to it."),
            code="class_closed",
            params={"code": training_class.code, "status": training_class.get_status_display().lower()},
        )
    existing = Nomination.objects.select_for_update().filter(trainee=trainee, training_class=training_class).first()
    if existing is not None and existing.status in SEAT_HOLDING_STATUSES:
        raise ValidationError(
            _("%(name)s is already nominated to this class."), code="duplicate", params={"name": trainee.full_name}
        )
    _take_seat(training_class_id=training_class.pk, agency=agency)
    if existing is not None:
        # A person withdrawn or rejected earlier is nominated again on the same record.
        existing.status = NominationStatus.NOMINATED
        existing.agency = agency
        existing.reason = ""
        existing.nominated_by = by
        existing.decided_by = None
        existing.decided_at = None
        existing.save()
        return existing
    nomination = Nomination(
        trainee=trainee,
        training_class=training_class,
        agency=agency,
        status=NominationStatus.NOMINATED,
        nominated_by=by,
    )
    try:
        # A savepoint, so a double submit that lost the race leaves the transaction usable.
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("%(name)s is already nominated to this class."), code="duplicate", params={"name": trainee.full_name}
        ) from exc
    return nomination


@transaction.atomic
def nomination_change_status(*, nomination: Nomination, to_status: str, by=None, reason: str = "") -> Nomination:
    """Move a nomination along its workflow, releasing or taking its seat as needed."""
    locked = Nomination.objects.select_for_update().select_related("trainee").get(pk=nomination.pk)
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
    if to_status == NominationStatus.NOMINATED:
        return nomination_submit(trainee=locked.trainee, training_class=locked.training_class, by=by)
    was_holding = locked.status in SEAT_HOLDING_STATUSES
    if was_holding and to_status not in SEAT_HOLDING_STATUSES:
        _release_seat(training_class_id=locked.training_class_id, agency_id=locked.agency_id)
    locked.status = to_status
    if reason:
        locked.reason = reason.strip()
    if to_status in (NominationStatus.APPROVED, NominationStatus.REJECTED):
        locked.decided_by = by
        locked.decided_at = timezone.now()
    locked.save()
    nomination.status = locked.status
    return locked


def nomination_approve(*, nomination: Nomination, by=None) -> Nomination:
    return nomination_change_status(nomination=nomination, to_status=NominationStatus.APPROVED, by=by)


def nomination_reject(*, nomination: Nomination, reason: str, by=None) -> Nomination:
    return nomination_change_status(nomination=nomination, to_status=NominationStatus.REJECTED, by=by, reason=reason)


def nomination_withdraw(*, nomination: Nomination, reason: str, by=None) -> Nomination:
    return nomination_change_status(nomination=nomination, to_status=NominationStatus.WITHDRAWN, by=by, reason=reason)


def nomination_record_attendance(*, nomination: Nomination, by=None) -> Nomination:
    return nomination_change_status(nomination=nomination, to_status=NominationStatus.ATTENDED, by=by)


def nomination_record_result(*, nomination: Nomination, completed: bool, by=None) -> Nomination:
    to_status = NominationStatus.COMPLETED if completed else NominationStatus.FAILED
    return nomination_change_status(nomination=nomination, to_status=to_status, by=by)
