"""Ids in the forms of the pages are written as plain numbers: with the thousands separator on (USE_THOUSAND_SEPARATOR,
"1.234" in Vietnamese), a person, agency or nomination numbered 1,000 or more was sent back as "12.345" and refused."""

import re

import pytest
from django.urls import reverse

from courses import services
from courses.models import Nomination, NominationEvent, NominationStatus
from tests.factories import TraineeFactory, open_class_for

pytestmark = pytest.mark.django_db
BIG = 12345


def test_a_focal_point_nominates_a_person_whose_id_passes_a_thousand(client, focal_point, agency):
    training_class = open_class_for(agency, seats=2)
    TraineeFactory(pk=BIG, agency=agency)
    client.force_login(focal_point)
    page = client.get(reverse("portal:class_detail", args=[training_class.pk])).content.decode()
    assert re.findall(r'name="trainee" value="([^"]*)"', page) == [str(BIG)]
    client.post(reverse("portal:nominate", args=[training_class.pk]), {"trainee": str(BIG), "waitlist": "on"})
    assert Nomination.objects.get(trainee_id=BIG).status == NominationStatus.NOMINATED


def test_the_review_page_ticks_a_nomination_whose_id_passes_a_thousand(client, staff_user, focal_point, agency):
    training_class = open_class_for(agency, seats=2)
    nomination = services.nomination_submit(
        trainee=TraineeFactory(agency=agency), training_class=training_class, by=focal_point
    )
    Nomination.objects.filter(pk=nomination.pk).update(id=BIG)  # as if many came before it
    NominationEvent.objects.filter(nomination_id=nomination.pk).update(nomination_id=BIG)
    client.force_login(staff_user)
    page = client.get(reverse("portal:review", args=[training_class.pk])).content.decode()
    assert re.findall(r'name="nominations" value="([^"]*)"', page) == [str(BIG)]
