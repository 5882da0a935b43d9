"""Seats under real concurrency: threads on PostgreSQL, started together by a barrier."""

import pytest

from courses import services
from courses.models import Nomination, SeatAllotment, TrainingClass
from tests.factories import AgencyFactory, TraineeFactory, TrainingClassFactory
from tests.utils import race, requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_forty_focal_points_racing_for_ten_seats_get_exactly_ten():
    agency = AgencyFactory()
    training_class = TrainingClassFactory(planned_seats=50)
    services.allotment_set(training_class=training_class, agency=agency, seats=10)
    trainees = TraineeFactory.create_batch(40, agency=agency)

    results = race([lambda t=t: services.nomination_submit(trainee=t, training_class=training_class) for t in trainees])

    assert results.count("ok") == 10
    assert sorted(set(results)) == ["no_seats_left", "ok"]
    assert Nomination.objects.filter(training_class=training_class).count() == 10
    assert SeatAllotment.objects.get(training_class=training_class, agency=agency).taken_seats == 10


def test_same_person_submitted_twice_at_once_is_nominated_once():
    trainee = TraineeFactory()
    training_class = TrainingClassFactory(planned_seats=5)
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=5)

    results = race([lambda: services.nomination_submit(trainee=trainee, training_class=training_class)] * 6)

    assert results.count("ok") == 1
    assert set(results) == {"ok", "duplicate"}
    assert Nomination.objects.filter(trainee=trainee).count() == 1
    assert SeatAllotment.objects.get(training_class=training_class).taken_seats == 1


def test_staff_allotting_at_once_never_exceed_the_class_seats():
    training_class = TrainingClassFactory(planned_seats=10)
    agencies = AgencyFactory.create_batch(8)

    results = race(
        [lambda a=a: services.allotment_set(training_class=training_class, agency=a, seats=3) for a in agencies]
    )

    assert results.count("ok") == 3
    assert set(results) == {"ok", "over_allotted"}
    training_class.refresh_from_db()
    assert training_class.allotted_seats == 9
    assert sum(SeatAllotment.objects.filter(training_class=training_class).values_list("seats", flat=True)) == 9
    assert TrainingClass.objects.get(pk=training_class.pk).allotted_seats <= training_class.planned_seats


def test_forty_racing_with_the_waiting_list_fill_ten_seats_and_queue_thirty_in_order():
    agency = AgencyFactory()
    training_class = TrainingClassFactory(planned_seats=50)
    services.allotment_set(training_class=training_class, agency=agency, seats=10)
    trainees = TraineeFactory.create_batch(40, agency=agency)

    results = race(
        [
            lambda t=t: services.nomination_submit(trainee=t, training_class=training_class, waitlist_if_full=True)
            for t in trainees
        ]
    )

    assert results.count("ok") == 40
    nominations = Nomination.objects.filter(training_class=training_class)
    assert nominations.filter(status="nominated").count() == 10
    ranks = sorted(nominations.filter(status="waitlisted").values_list("waitlist_rank", flat=True))
    assert ranks == list(range(1, 31))
    assert SeatAllotment.objects.get(training_class=training_class).taken_seats == 10


def test_two_agencies_racing_for_the_last_seats_of_an_over_allotted_class_never_overfill_it():
    first, second = AgencyFactory(), AgencyFactory()
    training_class = TrainingClassFactory(planned_seats=10, allow_overallotment=True)
    services.allotment_set(training_class=training_class, agency=first, seats=8)
    services.allotment_set(training_class=training_class, agency=second, seats=8)
    for agency in (first, second):
        for trainee in TraineeFactory.create_batch(4, agency=agency):
            services.nomination_submit(trainee=trainee, training_class=training_class)
    racers = TraineeFactory.create_batch(4, agency=first) + TraineeFactory.create_batch(4, agency=second)

    results = race([lambda t=t: services.nomination_submit(trainee=t, training_class=training_class) for t in racers])

    assert results.count("ok") == 2
    assert set(results) == {"ok", "class_full"}
    training_class.refresh_from_db()
    assert training_class.taken_seats == 10
    assert Nomination.objects.filter(training_class=training_class, status="nominated").count() == 10
    taken = sum(SeatAllotment.objects.filter(training_class=training_class).values_list("taken_seats", flat=True))
    assert taken == 10


def test_one_person_nominated_at_once_to_two_classes_whose_dates_overlap_gets_one_seat():
    # The seats a person holds are read under the person's lock (the rules and ratings before any lock): two
    # nominations racing for the same days are taken one after the other, and the second sees the first.
    trainee = TraineeFactory()
    classes = TrainingClassFactory.create_batch(2, planned_seats=5)
    TrainingClass.objects.filter(pk__in=[c.pk for c in classes]).update(
        start_date=classes[0].start_date, end_date=classes[0].end_date
    )
    for training_class in classes:
        services.allotment_set(training_class=training_class, agency=trainee.agency, seats=5)

    results = race([lambda c=c: services.nomination_submit(trainee=trainee, training_class=c) for c in classes] * 3)

    assert results.count("ok") == 1
    assert set(results) == {"ok", "overlapping_class", "duplicate"}
    assert Nomination.objects.filter(trainee=trainee).count() == 1
