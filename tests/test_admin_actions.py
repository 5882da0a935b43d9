"""Workflow actions in the staff console call the services and explain refusals."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from courses import services
from courses.models import Nomination, SeatAllotment
from plans.models import PlanStatus
from tests.factories import AgencyFactory, PlanFactory, TargetFactory, TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def run_action(client, model_url, action, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    return client.post(reverse(model_url), data, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_staff_approve_a_submitted_plan_from_the_list(staff_client, staff_user):
    plan = PlanFactory()
    TargetFactory(plan=plan)
    run_action(staff_client, "admin:plans_trainingplan_changelist", "submit", [plan])
    response = run_action(staff_client, "admin:plans_trainingplan_changelist", "approve", [plan])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.transitions.last().by == staff_user
    assert any("approved" in m or "phê duyệt" in m for m in messages_of(response))


def test_illegal_plan_action_is_refused_with_a_message(staff_client):
    plan = PlanFactory()
    TargetFactory(plan=plan)
    response = run_action(staff_client, "admin:plans_trainingplan_changelist", "close", [plan], language="en")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert len(messages_of(response)) == 1


def test_rejecting_nominations_asks_for_a_reason_first(staff_client):
    trainee = TraineeFactory()
    training_class = TrainingClassFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=2)
    nomination = services.nomination_submit(trainee=trainee, training_class=training_class)

    page = run_action(staff_client, "admin:courses_nomination_changelist", "reject", [nomination])
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).status == "nominated"

    empty = run_action(
        staff_client, "admin:courses_nomination_changelist", "reject", [nomination], apply="1", reason=""
    )
    assert 'name="reason"' in empty.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).status == "nominated"

    run_action(
        staff_client, "admin:courses_nomination_changelist", "reject", [nomination], apply="1", reason="Sai đối tượng"
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.reason) == ("rejected", "Sai đối tượng")
    assert SeatAllotment.objects.get(training_class=training_class).taken_seats == 0


def test_class_page_refuses_allotments_beyond_its_seats_and_saves_nothing(staff_client):
    training_class = TrainingClassFactory(planned_seats=10)
    first, second = AgencyFactory(), AgencyFactory()
    url = reverse("admin:courses_trainingclass_change", args=[training_class.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: (value.isoformat() if hasattr(value, "isoformat") else value)
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "course": training_class.course_id,
            "target": training_class.target_id,
            "organiser": training_class.organiser_id,
            "start_date": "02/06/2025",
            "end_date": "06/06/2025",
            "allotments-TOTAL_FORMS": "2",
            "allotments-INITIAL_FORMS": "0",
            "allotments-0-agency": first.pk,
            "allotments-0-seats": "6",
            "allotments-1-agency": second.pk,
            "allotments-1-seats": "5",
            "sessions-TOTAL_FORMS": "0",  # the class's sessions, an inline of the page too
            "sessions-INITIAL_FORMS": "0",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200  # the form comes back with the error
    assert "11" in str(response.context["inline_admin_formsets"][0].formset.non_form_errors())
    assert not SeatAllotment.objects.exists()

    data["allotments-1-seats"] = "4"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    training_class.refresh_from_db()
    assert training_class.allotted_seats == 10


def test_adding_a_nomination_in_the_console_takes_a_seat_or_explains_why_not(staff_client):
    trainee = TraineeFactory()
    training_class = TrainingClassFactory()
    url = reverse("admin:courses_nomination_add")
    refused = staff_client.post(url, {"trainee": trainee.pk, "training_class": training_class.pk})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors()
    assert not Nomination.objects.exists()

    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=1)
    assert staff_client.post(url, {"trainee": trainee.pk, "training_class": training_class.pk}).status_code == 302
    assert SeatAllotment.objects.get(training_class=training_class).taken_seats == 1


def test_staff_hand_a_merged_agencys_classes_still_to_run_over_to_its_successor(staff_client):
    merged = AgencyFactory(code="M-NEW", valid_from=datetime.date(2025, 3, 1))
    farming = AgencyFactory(code="M-FARM", valid_to=datetime.date(2025, 2, 28), successor=merged)
    alone = AgencyFactory(code="M-ALONE")
    ran = TrainingClassFactory(
        organiser=farming, start_date=datetime.date(2025, 2, 3), end_date=datetime.date(2025, 2, 7)
    )
    to_run = TrainingClassFactory(
        organiser=farming, start_date=datetime.date(2025, 5, 5), end_date=datetime.date(2025, 5, 9)
    )
    response = run_action(staff_client, "admin:plans_agency_changelist", "hand_classes_over", [farming, alone])
    ran.refresh_from_db()
    to_run.refresh_from_db()
    assert ran.organiser == farming and ran.planned_organiser is None
    assert (to_run.organiser, to_run.planned_organiser, to_run.organiser_since) == (
        merged,
        farming,
        datetime.date(2025, 3, 1),
    )
    assert len(messages_of(response)) == 2  # one handed over, one with nothing to hand over
