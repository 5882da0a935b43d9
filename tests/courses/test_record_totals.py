"""The record totals (courses.RecordTotal), kept by database triggers, always read what courses/records.py counts:
after each kind of change that moves a figure, the sums per person and year equal `periods_by_year`, and the courses
and categories done are those of the counted training. Runs on SQLite and PostgreSQL (each has its own triggers)."""

import datetime
from collections import defaultdict

import pytest
from django.conf import settings
from django.db import connection, transaction

from courses import tally
from courses.models import (
    Nomination,
    NominationStatus,
    OutsideTraining,
    OutsideTrainingKind,
    OutsideTrainingStatus,
    RecordTotal,
    Trainee,
    YearTotal,
)
from courses.records import periods_by_year
from tests.factories import CategoryFactory, CourseFactory, TargetFactory, TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db
D = datetime.date
CHECKED = datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC)


def totals() -> dict[tuple[int, int], int]:
    """The year totals, after checking that they are the sums of the totals per course and category."""
    found: dict[tuple[int, int], int] = defaultdict(int)
    for row in RecordTotal.objects.all():
        found[(row.trainee_id, row.year)] += row.periods + row.days * settings.PERIODS_PER_DAY
    years = {(r.trainee_id, r.year): r.periods + r.days * settings.PERIODS_PER_DAY for r in YearTotal.objects.all()}
    assert years == dict(found)
    return {key: value for key, value in years.items() if value}


def counted() -> dict[tuple[int, int], int]:
    return {key: value for key, value in periods_by_year(Trainee.objects.all()).items() if value}


def done_courses() -> set[tuple[int, int]]:
    return {(r.trainee_id, r.course_id) for r in RecordTotal.objects.filter(items__gt=0, course_id__isnull=False)}


NOVEMBER_2025 = D(2025, 11, 20)


def outside(trainee, *, periods=12, end=NOVEMBER_2025, status=OutsideTrainingStatus.VERIFIED, category=None):
    return OutsideTraining.objects.create(
        trainee=trainee, agency=trainee.agency, kind=OutsideTrainingKind.MINISTRY, title="Bồi dưỡng",
        organiser="Bộ Nội vụ", start_date=end - datetime.timedelta(days=1), end_date=end, periods=periods,
        evidence="evidence/2025/scan.pdf", status=status, category=category,
        checked_at=None if status == OutsideTrainingStatus.SUBMITTED else CHECKED,
    )  # fmt: skip


@pytest.fixture
def world():
    """Two people, a class counted by its own periods, one by its course's periods, one by its course's days."""
    anna, binh = TraineeFactory(), TraineeFactory()
    own = TrainingClassFactory(periods=24, start_date=D(2025, 6, 2), end_date=D(2025, 6, 6))
    by_course = TrainingClassFactory(course=CourseFactory(periods=40), start_date=D(2024, 12, 28),
                                     end_date=D(2025, 1, 3))  # fmt: skip
    by_days = TrainingClassFactory(course=CourseFactory(duration_days=3), start_date=D(2024, 5, 6),
                                   end_date=D(2024, 5, 8))  # fmt: skip
    nominations = {}
    for person in (anna, binh):
        for klass in (own, by_course, by_days):
            nominations[(person.pk, klass.pk)] = Nomination.objects.create(
                trainee=person, training_class=klass, agency=person.agency, status=NominationStatus.COMPLETED
            )
    return anna, binh, own, by_course, by_days, nominations


def test_the_totals_start_equal_to_the_records_count(world):
    anna, *_ = world
    assert totals() == counted()
    # 24 (its own) + 40 (its course's) in 2025, the year the class ended; 3 days × 8 in 2024
    assert counted()[(anna.pk, 2025)] == 64 and counted()[(anna.pk, 2024)] == 3 * settings.PERIODS_PER_DAY


def test_a_nomination_completed_failed_moved_or_deleted_moves_the_totals(world):
    anna, binh, own, by_course, _by_days, nominations = world
    nominations[(anna.pk, own.pk)].status = NominationStatus.FAILED
    nominations[(anna.pk, own.pk)].save()
    assert totals() == counted()
    Nomination.objects.filter(pk=nominations[(binh.pk, by_course.pk)].pk).update(status=NominationStatus.ATTENDED)
    assert totals() == counted()
    Nomination.objects.filter(pk=nominations[(anna.pk, own.pk)].pk).update(status=NominationStatus.COMPLETED)
    assert totals() == counted()
    other = TrainingClassFactory(periods=8, start_date=D(2026, 2, 2), end_date=D(2026, 2, 3))
    Nomination.objects.filter(pk=nominations[(anna.pk, own.pk)].pk).update(training_class=other)
    assert totals() == counted() and totals()[(anna.pk, 2026)] == 8
    Nomination.objects.filter(pk=nominations[(binh.pk, own.pk)].pk).update(trainee=anna)
    assert totals() == counted()
    Nomination.objects.filter(trainee=anna).delete()
    assert totals() == counted() and not any(person == anna.pk for person, _year in totals())


def test_a_class_or_course_changing_its_length_dates_or_course_moves_everyones_totals(world):
    anna, _binh, own, by_course, by_days, _n = world
    own.periods = 30
    own.save()
    assert totals() == counted()
    by_course.course.periods = 56
    by_course.course.save()
    assert totals() == counted() and totals()[(anna.pk, 2025)] == 30 + 56
    by_days.course.duration_days = 5
    by_days.course.save()
    assert totals() == counted() and totals()[(anna.pk, 2024)] == 5 * settings.PERIODS_PER_DAY
    own.periods = None  # now counted by its course (no periods, no days): 0
    own.end_date = D(2026, 1, 5)
    own.save()
    assert totals() == counted()
    by_days.course = CourseFactory(periods=12)
    by_days.save()
    assert totals() == counted() and (anna.pk, by_days.course_id) in done_courses()


def test_a_targets_category_moves_the_categories_done(world):
    anna, _binh, own, *_rest = world
    category = CategoryFactory()
    target = own.target
    target.category = category
    target.save()
    assert RecordTotal.objects.filter(trainee=anna, category_id=category.pk, year=2025, items=1).exists()
    own.target = TargetFactory()
    own.save()
    assert not RecordTotal.objects.filter(trainee=anna, category_id=category.pk).exists()


def test_training_outside_the_plan_counts_once_verified_and_moves_with_its_changes(world):
    anna, *_ = world
    category = CategoryFactory()
    record = outside(anna, status=OutsideTrainingStatus.SUBMITTED, category=category)
    assert totals() == counted()
    record.status, record.checked_at = OutsideTrainingStatus.VERIFIED, CHECKED
    record.save()
    assert totals() == counted() and totals()[(anna.pk, 2025)] == 64 + 12
    assert RecordTotal.objects.filter(trainee=anna, category_id=category.pk, course_id__isnull=True).exists()
    OutsideTraining.objects.filter(pk=record.pk).update(
        periods=20, start_date=D(2023, 3, 1), end_date=D(2023, 3, 3), category=None
    )
    assert totals() == counted() and totals()[(anna.pk, 2023)] == 20
    refused = {"status": OutsideTrainingStatus.REJECTED, "staff_note": "Không có minh chứng."}
    OutsideTraining.objects.filter(pk=record.pk).update(**refused)
    assert totals() == counted()
    outside(anna, periods=6).delete()
    assert totals() == counted()


def test_a_person_deleted_leaves_no_totals(world):
    anna, binh, *_ = world
    outside(anna)
    Nomination.objects.filter(trainee=anna).delete()  # a person with training on record is protected
    OutsideTraining.objects.filter(trainee=anna).delete()
    anna.delete()
    assert totals() == counted()
    assert set(RecordTotal.objects.values_list("trainee_id", flat=True)) == {binh.pk}
    assert set(YearTotal.objects.values_list("trainee_id", flat=True)) == {binh.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk loads switch the triggers off on PostgreSQL only")
def test_a_bulk_load_with_the_triggers_off_rebuilds_the_totals(world):
    anna, *_ = world
    with transaction.atomic(), tally.bulk_load():
        klass = TrainingClassFactory(periods=16, start_date=D(2025, 3, 3), end_date=D(2025, 3, 4))
        Nomination.objects.create(trainee=anna, training_class=klass, agency=anna.agency,
                                  status=NominationStatus.COMPLETED)  # fmt: skip
        outside(anna, periods=4)
    assert totals() == counted() and totals()[(anna.pk, 2025)] == 64 + 16 + 4
