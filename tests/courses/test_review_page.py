"""The staff review page of a class: each action a form of its own, the seats' destinations, what it says."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from courses import services
from courses.models import Nomination, SeatAllotment
from courses.refusals import Refusal
from tests.factories import AgencyFactory, TraineeFactory, open_class_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def open_class(agency):
    return open_class_for(agency, seats=4)


@pytest.fixture
def review(client, staff_user, open_class):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # asserted in the source language
    client.force_login(staff_user)
    return reverse("portal:review", args=[open_class.pk])


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def options_of(page: str, select_id: str) -> set[int]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', page, re.S).group(0)
    return {int(value) for value in re.findall(r'<option value="(\d+)"', select)}


def test_each_action_is_a_form_of_its_own_with_labelled_fields(client, review, open_class, agency):
    services.nomination_submit(trainee=TraineeFactory(agency=agency), training_class=open_class)
    page = client.get(review).content.decode()
    kinds = re.findall(r'<input type="hidden" name="form" value="(\w+)">', page)
    assert sorted(kinds) == ["review", "transfer"]  # no deadline passed yet: nothing to return to the pool
    prefix = f"id_transfer_{agency.pk}_"
    for field in ("to_agency", "seats", "reason"):
        assert f'<label for="{prefix}{field}"' in page
        assert f'id="{prefix}{field}"' in page
    assert '<label for="id_reason"' in page  # the reason of a rejection


def test_the_return_to_the_pool_form_appears_once_the_deadline_has_passed(client, review, open_class, agency):
    allotment = SeatAllotment.objects.get(training_class=open_class, agency=agency)
    SeatAllotment.objects.filter(pk=allotment.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    page = client.get(review).content.decode()
    assert 'name="form" value="release"' in page
    assert f'<label for="id_release_{allotment.pk}_seats"' in page


def test_seats_go_only_to_agencies_that_exist_today_and_never_back_to_their_source(client, review, agency):
    active = AgencyFactory()
    closed = AgencyFactory(valid_to=TODAY - datetime.timedelta(days=1))
    not_yet = AgencyFactory(valid_from=TODAY + datetime.timedelta(days=1))
    choices = options_of(client.get(review).content.decode(), f"id_transfer_{agency.pk}_to_agency")
    assert active.pk in choices
    assert not choices & {agency.pk, closed.pk, not_yet.pk}


def test_a_transfer_to_a_closed_agency_is_refused(client, review, open_class, agency):
    closed = AgencyFactory(valid_to=TODAY - datetime.timedelta(days=1))
    data = {"form": "transfer", "from_agency": agency.pk, "to_agency": closed.pk, "seats": 1, "reason": "Thử"}
    response = client.post(review, data)
    assert response.status_code == 400
    assert not SeatAllotment.objects.filter(training_class=open_class, agency=closed).exists()
    with pytest.raises(services.ValidationError) as refused:
        services.allotment_transfer(
            training_class=open_class, from_agency=agency, to_agency=closed, seats=1, reason="Thử"
        )
    assert refused.value.code == Refusal.AGENCY_NOT_ACTIVE


def test_approving_says_how_many_people_were_approved(client, review, open_class, agency):
    nominations = [
        services.nomination_submit(trainee=t, training_class=open_class)
        for t in TraineeFactory.create_batch(3, agency=agency)
    ]
    response = client.post(review, {"form": "review", "action": "approve", "nominations": [n.pk for n in nominations]})
    assert response.status_code == 302
    assert said(response) == ["Approved 3 people."]
    assert set(Nomination.objects.values_list("status", flat=True)) == {"approved"}


def test_rejecting_one_says_one_person(client, review, open_class, agency):
    nomination = services.nomination_submit(trainee=TraineeFactory(agency=agency), training_class=open_class)
    data = {"form": "review", "action": "reject", "nominations": [nomination.pk], "reason": "Không đúng đối tượng"}
    response = client.post(review, data)
    assert said(response) == ["Rejected 1 person."]


def test_a_transfer_says_how_many_seats_went_where(client, review, open_class, agency, other_agency):
    data = {"form": "transfer", "from_agency": agency.pk, "to_agency": other_agency.pk, "seats": 3, "reason": "Đổi"}
    response = client.post(review, data)
    assert said(response) == [f"Transferred 3 seats from {agency.name} to {other_agency.name}."]
    assert SeatAllotment.objects.get(training_class=open_class, agency=other_agency).seats == 3


def test_a_return_to_the_pool_says_how_many_seats(client, review, open_class, agency):
    allotment = SeatAllotment.objects.get(training_class=open_class, agency=agency)
    SeatAllotment.objects.filter(pk=allotment.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    data = {"form": "release", "allotment": allotment.pk, "seats": 1, "reason": "Không dùng"}
    response = client.post(review, data)
    assert said(response) == [f"Returned 1 seat of {agency.name} to the shared pool."]
    assert SeatAllotment.objects.get(pk=allotment.pk).seats == 3


def test_a_transfer_from_an_agency_without_seats_in_the_class_is_not_found(client, review, other_agency):
    stranger = AgencyFactory()
    data = {"form": "transfer", "from_agency": stranger.pk, "to_agency": other_agency.pk, "seats": 1, "reason": "x"}
    assert client.post(review, data).status_code == 404


def test_an_empty_waiting_list_says_so(client, review):
    page = client.get(review).content.decode()
    assert "Nobody is on the waiting list." in page


def test_a_waiting_list_shows_each_person_with_a_labelled_move_form(client, review, open_class, agency):
    for person in TraineeFactory.create_batch(5, agency=agency):
        services.nomination_submit(trainee=person, training_class=open_class, waitlist_if_full=True)
    waiting = Nomination.objects.get(training_class=open_class, status="waitlisted")
    page = client.get(review).content.decode()
    assert "Nobody is on the waiting list." not in page
    assert f'<label for="id_rank_{waiting.pk}"' in page
