"""Writes with rules on plans: the plan workflow."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import PlanStatus, PlanTransition, TrainingPlan
from training_portal.locking import lock_one

# Which status a plan may move to from each status.
PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.SUBMITTED},
    PlanStatus.SUBMITTED: {PlanStatus.APPROVED, PlanStatus.DRAFT},
    PlanStatus.APPROVED: {PlanStatus.REVISED, PlanStatus.CLOSED},
    PlanStatus.REVISED: {PlanStatus.CLOSED},
    PlanStatus.CLOSED: set(),
}


@transaction.atomic
def _plan_move(*, plan: TrainingPlan, to_status: str, by, note: str = "") -> TrainingPlan:
    # Lock the row so two clicks on "approve" cannot both pass the check.
    locked = lock_one(plan)
    if to_status not in PLAN_TRANSITIONS[locked.status]:
        raise ValidationError(
            _("A plan that is “%(current)s” cannot be moved to “%(target)s”."),
            code="illegal_transition",
            params={"current": locked.get_status_display(), "target": PlanStatus(to_status).label},
        )
    if to_status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED) and not locked.targets.exists():
        raise ValidationError(
            _("The plan has no targets yet: add at least one target (chỉ tiêu) first."), code="no_targets"
        )
    transition = PlanTransition(plan=locked, from_status=locked.status, to_status=to_status, by=by, note=note)
    locked.status = to_status
    locked.full_clean()
    locked.save()
    transition.save()
    plan.status = locked.status
    return locked


def plan_submit(*, plan: TrainingPlan, by, note: str = "") -> TrainingPlan:
    return _plan_move(plan=plan, to_status=PlanStatus.SUBMITTED, by=by, note=note)


def plan_return_to_draft(*, plan: TrainingPlan, by, note: str = "") -> TrainingPlan:
    return _plan_move(plan=plan, to_status=PlanStatus.DRAFT, by=by, note=note)


def plan_approve(*, plan: TrainingPlan, by, note: str = "") -> TrainingPlan:
    return _plan_move(plan=plan, to_status=PlanStatus.APPROVED, by=by, note=note)


def plan_revise(*, plan: TrainingPlan, by, note: str) -> TrainingPlan:
    if not note.strip():
        raise ValidationError(_("Say what was revised in the plan."), code="note_required")
    return _plan_move(plan=plan, to_status=PlanStatus.REVISED, by=by, note=note)


def plan_close(*, plan: TrainingPlan, by, note: str = "") -> TrainingPlan:
    return _plan_move(plan=plan, to_status=PlanStatus.CLOSED, by=by, note=note)
