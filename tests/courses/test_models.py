import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from courses.models import Nomination, SeatAllotment, TrainingClass
from tests.factories import AgencyFactory, PartnerFactory, TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def assert_db_refuses(change):
    with pytest.raises(IntegrityError), transaction.atomic():
        change()


def update_class(training_class, **values):
    return lambda: TrainingClass.objects.filter(pk=training_class.pk).update(**values)


def test_class_cannot_end_before_it_starts():
    training_class = TrainingClassFactory()
    assert_db_refuses(update_class(training_class, end_date=datetime.date(2025, 6, 1)))


def test_class_needs_at_least_one_seat():
    assert_db_refuses(update_class(TrainingClassFactory(), planned_seats=0))


def test_class_cannot_allot_more_seats_than_it_has():
    training_class = TrainingClassFactory(planned_seats=30)
    assert_db_refuses(update_class(training_class, allotted_seats=31))


def test_lowering_a_class_below_its_allotments_is_explained():
    training_class = TrainingClassFactory(planned_seats=30)
    TrainingClass.objects.filter(pk=training_class.pk).update(allotted_seats=25)
    training_class.refresh_from_db()
    training_class.planned_seats = 20
    with pytest.raises(ValidationError, match="25 seats are already allotted"):
        training_class.full_clean()


def test_class_has_an_organiser_or_a_provider():
    training_class = TrainingClassFactory()
    assert_db_refuses(update_class(training_class, organiser=None))
    TrainingClass.objects.filter(pk=training_class.pk).update(organiser=None, provider=PartnerFactory())


def test_nominations_cannot_close_before_they_open_or_after_the_class_starts():
    training_class = TrainingClassFactory()
    assert_db_refuses(
        update_class(
            training_class, registration_opens=datetime.date(2025, 5, 10), registration_closes=datetime.date(2025, 5, 1)
        )
    )
    assert_db_refuses(update_class(training_class, registration_closes=datetime.date(2025, 6, 3)))


def test_class_quarter_comes_from_its_start_date():
    assert TrainingClassFactory.build(start_date=datetime.date(2025, 3, 31)).quarter == 1
    assert TrainingClassFactory.build(start_date=datetime.date(2025, 10, 1)).quarter == 4


def test_agency_has_one_allotment_per_class():
    training_class, agency = TrainingClassFactory(), AgencyFactory()
    SeatAllotment.objects.create(training_class=training_class, agency=agency, seats=5)
    assert_db_refuses(lambda: SeatAllotment.objects.create(training_class=training_class, agency=agency, seats=3))


def test_allotment_cannot_hold_more_nominations_than_seats():
    allotment = SeatAllotment.objects.create(training_class=TrainingClassFactory(), agency=AgencyFactory(), seats=2)
    assert_db_refuses(lambda: SeatAllotment.objects.filter(pk=allotment.pk).update(taken_seats=3))


def test_personal_identifier_is_unique_and_well_formed():
    TraineeFactory(personal_id="020088001234")
    assert_db_refuses(lambda: TraineeFactory(personal_id="020088001234"))
    with pytest.raises(ValidationError, match="12-digit"):
        TraineeFactory.build(personal_id="02008800123X", agency=AgencyFactory()).full_clean()


def test_person_is_nominated_once_per_class():
    trainee, training_class = TraineeFactory(), TrainingClassFactory()
    Nomination.objects.create(trainee=trainee, training_class=training_class, agency=trainee.agency)
    assert_db_refuses(
        lambda: Nomination.objects.create(trainee=trainee, training_class=training_class, agency=trainee.agency)
    )


def test_rejection_without_a_reason_is_refused():
    trainee = TraineeFactory()
    nomination = Nomination.objects.create(
        trainee=trainee, training_class=TrainingClassFactory(), agency=trainee.agency
    )
    assert_db_refuses(lambda: Nomination.objects.filter(pk=nomination.pk).update(status="rejected"))
    Nomination.objects.filter(pk=nomination.pk).update(status="rejected", reason="Không đúng đối tượng")
