"""The staff console's class and allotment pages: saves go through the seat services and lose nothing."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import SeatAllotment, TrainingClass
from partners.models import DocumentRegister
from tests.factories import AgencyFactory, TraineeFactory, TrainingClassFactory
from tests.utils import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def full_class():
    """10 seats, allotted 5 and 5 to two agencies."""
    training_class = TrainingClassFactory(planned_seats=10)
    first, second = AgencyFactory(name="Sở A"), AgencyFactory(name="Sở B")
    services.allotment_set(training_class=training_class, agency=first, seats=5)
    services.allotment_set(training_class=training_class, agency=second, seats=5)
    return training_class


def class_url(training_class):
    return reverse("admin:courses_trainingclass_change", args=[training_class.pk])


def allotment_fields(data, seats_by_agency: dict[str, int]) -> dict:
    """The inline's rows given new seats, by agency name."""
    for allotment in SeatAllotment.objects.select_related("agency"):
        for key, value in list(data.items()):
            if key.endswith("-id") and value == str(allotment.pk):
                prefix = key[: -len("-id")]
                if allotment.agency.name in seats_by_agency:
                    data[f"{prefix}-seats"] = str(seats_by_agency[allotment.agency.name])
    return data


def test_saving_a_class_keeps_a_nomination_made_while_the_save_was_under_way(staff_client, full_class, monkeypatch):
    page = staff_client.get(class_url(full_class))
    person = TraineeFactory(agency=full_class.allotments.first().agency)
    checked = TrainingClass.clean

    def nominated_meanwhile(training_class):  # after the console read the row, before it writes it
        checked(training_class)
        if not full_class.nominations.exists():
            services.nomination_submit(trainee=person, training_class=full_class)

    monkeypatch.setattr(TrainingClass, "clean", nominated_meanwhile)
    saved = staff_client.post(class_url(full_class), change_form_data(page, location="Hội trường mới"))
    assert saved.status_code == 302
    full_class.refresh_from_db()
    assert (full_class.location, full_class.taken_seats, full_class.allotted_seats) == ("Hội trường mới", 1, 10)


def test_moving_seats_between_agencies_of_a_full_class_in_one_save(staff_client, full_class):
    page = staff_client.get(class_url(full_class))
    saved = staff_client.post(class_url(full_class), allotment_fields(change_form_data(page), {"Sở A": 7, "Sở B": 3}))
    assert saved.status_code == 302
    seats = dict(SeatAllotment.objects.values_list("agency__name", "seats"))
    assert seats == {"Sở A": 7, "Sở B": 3}
    assert TrainingClass.objects.get(pk=full_class.pk).allotted_seats == 10


def test_a_class_open_to_over_allotment_accepts_more_seats_allotted_than_it_has(staff_client, full_class):
    TrainingClass.objects.filter(pk=full_class.pk).update(allow_overallotment=True)
    page = staff_client.get(class_url(full_class))
    saved = staff_client.post(class_url(full_class), allotment_fields(change_form_data(page), {"Sở B": 8}))
    assert saved.status_code == 302
    assert TrainingClass.objects.get(pk=full_class.pk).allotted_seats == 13


def test_the_change_page_of_an_allotment_saves_its_seats(staff_client, full_class):
    allotment = full_class.allotments.get(agency__name="Sở A")
    url = reverse("admin:courses_seatallotment_change", args=[allotment.pk])
    saved = staff_client.post(url, change_form_data(staff_client.get(url), seats="4"))
    assert saved.status_code == 302
    allotment.refresh_from_db()
    assert allotment.seats == 4


def test_the_change_page_of_a_register_moves_it_forward(staff_client):
    register = DocumentRegister.objects.create(issuing_agency=AgencyFactory(), year=2026, last_number=3)
    url = reverse("admin:partners_documentregister_change", args=[register.pk])
    saved = staff_client.post(url, change_form_data(staff_client.get(url), last_number="12"))
    assert saved.status_code == 302
    register.refresh_from_db()
    assert register.last_number == 12
