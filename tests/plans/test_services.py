import pytest
from django.core.exceptions import ValidationError

from plans import services
from plans.models import PlanStatus, PlanTransition
from tests.factories import PlanFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory()
    TargetFactory(plan=plan)
    return plan


def test_plan_goes_from_draft_to_closed_and_every_step_is_recorded(plan):
    officer, leader = UserFactory(), UserFactory()
    services.plan_submit(plan=plan, by=officer)
    services.plan_approve(plan=plan, by=leader, note="Đồng ý")
    services.plan_revise(plan=plan, by=officer, note="Bổ sung 02 lớp bồi dưỡng")
    services.plan_close(plan=plan, by=officer)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    steps = list(PlanTransition.objects.filter(plan=plan).values_list("from_status", "to_status", "by"))
    assert steps == [
        ("draft", "submitted", officer.pk),
        ("submitted", "approved", leader.pk),
        ("approved", "revised", officer.pk),
        ("revised", "closed", officer.pk),
    ]


def test_submitted_plan_can_be_returned_to_draft(plan):
    services.plan_submit(plan=plan, by=None)
    services.plan_return_to_draft(plan=plan, by=None, note="Thiếu chỉ tiêu lớp nước ngoài")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.parametrize(
    ("start", "service"),
    [
        ("draft", services.plan_approve),
        ("draft", services.plan_close),
        ("submitted", services.plan_close),
        ("approved", services.plan_submit),
        ("closed", services.plan_approve),
    ],
)
def test_illegal_plan_transition_is_refused_and_changes_nothing(plan, start, service):
    type(plan).objects.filter(pk=plan.pk).update(status=start)
    with pytest.raises(ValidationError, match="cannot be moved"):
        service(plan=plan, by=None)
    plan.refresh_from_db()
    assert plan.status == start
    assert not PlanTransition.objects.exists()


def test_plan_without_targets_cannot_be_submitted():
    plan = PlanFactory()
    with pytest.raises(ValidationError, match="no targets"):
        services.plan_submit(plan=plan, by=None)


def test_revision_must_say_what_changed(plan):
    services.plan_submit(plan=plan, by=None)
    services.plan_approve(plan=plan, by=None)
    with pytest.raises(ValidationError, match="what was revised"):
        services.plan_revise(plan=plan, by=None, note="  ")
