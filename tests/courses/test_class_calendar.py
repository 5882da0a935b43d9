"""A class's status follows its dates: it opens on its opening day, closes after its deadline, runs and
finishes, without anyone clicking. The rules read it on the day (`TrainingClass.status_on`); the daily
`update_class_statuses` keeps the stored status, which the lists show, in step."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from courses import selectors, services
from courses.models import ClassStatus, Nomination, NominationStatus, TrainingClass, status_by_dates
from courses.refusals import Refusal
from tests.factories import TraineeFactory, TrainingClassFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def dated_class(status, *, opens, closes, start, end, **extra):
    return TrainingClassFactory(
        status=status,
        registration_opens=TODAY + opens * DAY if opens is not None else None,
        registration_closes=TODAY + closes * DAY if closes is not None else None,
        start_date=TODAY + start * DAY,
        end_date=TODAY + end * DAY,
        **extra,
    )


@pytest.mark.parametrize(
    ("opens", "closes", "start", "end", "expected"),
    [
        (1, 5, 10, 12, ClassStatus.PLANNED),
        (0, 5, 10, 12, ClassStatus.OPEN),  # opens on its opening day
        (-5, 0, 10, 12, ClassStatus.OPEN),  # the deadline day is still open
        (-5, -1, 10, 12, ClassStatus.CLOSED),
        (-20, -10, 0, 12, ClassStatus.IN_PROGRESS),
        (-20, -10, -5, 0, ClassStatus.IN_PROGRESS),  # the last day still runs
        (-20, -10, -5, -1, ClassStatus.FINISHED),
        (None, None, 10, 12, ClassStatus.PLANNED),  # without an opening day staff open it
        (-5, None, 10, 12, ClassStatus.OPEN),  # without a deadline open until it starts
    ],
)
def test_status_by_dates_moves_a_class_along_its_dates(opens, closes, start, end, expected):
    def day(offset):
        return None if offset is None else TODAY + offset * DAY

    status = status_by_dates(opens=day(opens), closes=day(closes), start=day(start), end=day(end), today=TODAY)
    assert status == expected


@pytest.mark.django_db
def test_a_planned_class_is_open_to_focal_points_on_its_opening_day_without_anyone_clicking():
    training_class = dated_class(ClassStatus.PLANNED, opens=0, closes=10, start=20, end=22)
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=2)

    assert selectors.window_state(training_class, training_class.registration_closes, TODAY) is None
    nomination = services.nomination_submit(trainee=trainee, training_class=training_class, enforce_window=True)
    assert nomination.status == NominationStatus.NOMINATED
    # the day before, it was not open yet
    problem = selectors.window_state(training_class, training_class.registration_closes, TODAY - DAY)
    assert problem.code == Refusal.CLASS_NOT_OPEN


@pytest.mark.django_db
def test_an_open_class_that_has_started_is_not_open_to_focal_points_any_more():
    training_class = dated_class(ClassStatus.OPEN, opens=-20, closes=None, start=-1, end=3)
    problem = selectors.window_state(training_class, None, TODAY)
    assert problem.code == Refusal.CLASS_NOT_OPEN
    assert "in progress" in problem.message


@pytest.mark.django_db
def test_an_agencys_own_later_deadline_still_counts_after_the_class_deadline():
    training_class = dated_class(ClassStatus.OPEN, opens=-20, closes=-1, start=10, end=12)
    assert selectors.window_state(training_class, TODAY + 2 * DAY, TODAY) is None
    assert selectors.window_state(training_class, training_class.registration_closes, TODAY).code == (
        Refusal.WINDOW_CLOSED
    )


@pytest.mark.django_db
def test_update_class_statuses_moves_every_class_to_the_status_its_dates_give_and_records_it():
    classes = {
        "opening": dated_class(ClassStatus.PLANNED, opens=0, closes=10, start=20, end=22),
        "closing": dated_class(ClassStatus.OPEN, opens=-10, closes=-1, start=5, end=7),
        "starting": dated_class(ClassStatus.CLOSED, opens=-20, closes=-5, start=0, end=7),
        "finishing": dated_class(ClassStatus.IN_PROGRESS, opens=-30, closes=-20, start=-10, end=-1),
        "late and never opened": dated_class(ClassStatus.PLANNED, opens=-30, closes=-20, start=-10, end=-1),
        "cancelled": dated_class(ClassStatus.CANCELLED, opens=-30, closes=-20, start=-10, end=-1),
        "closed early by staff": dated_class(ClassStatus.CLOSED, opens=-10, closes=5, start=10, end=12),
        "planned": dated_class(ClassStatus.PLANNED, opens=3, closes=10, start=20, end=22),
        "no opening day": dated_class(ClassStatus.PLANNED, opens=None, closes=10, start=20, end=22),
    }
    out = StringIO()
    call_command("update_class_statuses", stdout=out)

    statuses = {name: TrainingClass.objects.get(pk=c.pk).status for name, c in classes.items()}
    assert statuses == {
        "opening": ClassStatus.OPEN,
        "closing": ClassStatus.CLOSED,
        "starting": ClassStatus.IN_PROGRESS,
        "finishing": ClassStatus.FINISHED,
        "late and never opened": ClassStatus.FINISHED,
        "cancelled": ClassStatus.CANCELLED,
        "closed early by staff": ClassStatus.CLOSED,
        "planned": ClassStatus.PLANNED,
        "no opening day": ClassStatus.PLANNED,
    }
    assert "5 classes changed status." in out.getvalue()
    opened = TrainingClass.objects.get(pk=classes["opening"].pk)
    assert [record.status for record in opened.history.order_by("history_date")][-1] == ClassStatus.OPEN
    assert opened.history.latest("history_date").history_change_reason
    # a second run the same day has nothing to do
    out = StringIO()
    call_command("update_class_statuses", stdout=out)
    assert "0 classes changed status." in out.getvalue()


@pytest.mark.django_db
def test_update_class_statuses_leaves_nominations_and_seats_as_they_are():
    training_class = dated_class(ClassStatus.OPEN, opens=-10, closes=-1, start=5, end=7)
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=2)
    services.nomination_submit(trainee=trainee, training_class=training_class)
    services.class_statuses_follow_dates()
    training_class.refresh_from_db()
    assert (training_class.status, training_class.taken_seats, training_class.allotted_seats) == (
        ClassStatus.CLOSED,
        1,
        2,
    )
    assert Nomination.objects.get(training_class=training_class).status == NominationStatus.NOMINATED
