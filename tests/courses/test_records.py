"""What counts on a person's training record (courses/records.py), and the rules the new tables keep themselves."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from courses.models import (
    CertificateKind,
    Grade,
    Nomination,
    NominationStatus,
    OutsideTraining,
    OutsideTrainingKind,
    OutsideTrainingStatus,
    PositionChange,
    PositionChangeKind,
    Result,
)
from courses.records import periods_by_year
from tests.factories import CourseFactory, RankFactory, TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def _nominate(trainee, training_class, status):
    reason = "Bận công tác." if status == NominationStatus.WITHDRAWN else ""
    return Nomination.objects.create(
        trainee=trainee, training_class=training_class, agency=trainee.agency, status=status, reason=reason
    )


def _outside(trainee, *, periods, end, status=OutsideTrainingStatus.VERIFIED):
    return OutsideTraining.objects.create(
        trainee=trainee,
        agency=trainee.agency,
        kind=OutsideTrainingKind.MINISTRY,
        title="Bồi dưỡng kiến thức quản lý nhà nước",
        organiser="Bộ Nội vụ",
        start_date=end - datetime.timedelta(days=3),
        end_date=end,
        periods=periods,
        evidence="evidence/2025/scan.pdf",
        status=status,
        checked_at=None
        if status == OutsideTrainingStatus.SUBMITTED
        else datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC),
        staff_note="" if status != OutsideTrainingStatus.REJECTED else "Không có giấy chứng nhận.",
    )


@override_settings(PERIODS_PER_DAY=8)
def test_completed_classes_and_verified_outside_training_count_in_the_year_they_ended():
    person, other = TraineeFactory(), TraineeFactory()
    own_periods = TrainingClassFactory(periods=24, end_date=datetime.date(2025, 6, 6))
    course_periods = TrainingClassFactory(course=CourseFactory(periods=16), end_date=datetime.date(2025, 9, 5))
    course_days = TrainingClassFactory(
        course=CourseFactory(duration_days=3),
        start_date=datetime.date(2025, 12, 29),
        end_date=datetime.date(2026, 1, 2),
    )
    _nominate(person, own_periods, NominationStatus.COMPLETED)
    _nominate(person, course_periods, NominationStatus.COMPLETED)
    _nominate(person, course_days, NominationStatus.COMPLETED)
    _outside(person, periods=12, end=datetime.date(2025, 11, 20))
    _nominate(other, own_periods, NominationStatus.COMPLETED)

    assert periods_by_year([person.pk, other.pk]) == {
        (person.pk, 2025): 24 + 16 + 12,
        (person.pk, 2026): 24,
        (other.pk, 2025): 24,
    }
    assert periods_by_year([person.pk], years=[2026]) == {(person.pk, 2026): 24}


def test_what_was_not_completed_or_not_verified_counts_for_nothing():
    person = TraineeFactory()
    for status in (
        NominationStatus.APPROVED,
        NominationStatus.ATTENDED,
        NominationStatus.FAILED,
        NominationStatus.WITHDRAWN,
    ):
        _nominate(person, TrainingClassFactory(periods=40), status)
    _outside(person, periods=12, end=datetime.date(2025, 3, 1), status=OutsideTrainingStatus.SUBMITTED)
    _outside(person, periods=12, end=datetime.date(2025, 4, 1), status=OutsideTrainingStatus.REJECTED)
    assert periods_by_year([person.pk]) == {}


def test_the_yearly_totals_take_two_queries_whatever_the_number_of_people(django_assert_num_queries):
    people = [TraineeFactory() for _ in range(5)]
    training_class = TrainingClassFactory(periods=8)
    for person in people:
        _nominate(person, training_class, NominationStatus.COMPLETED)
        _outside(person, periods=4, end=datetime.date(2025, 2, 1))
    with django_assert_num_queries(2):
        totals = periods_by_year([p.pk for p in people])
    assert set(totals.values()) == {12}


def test_a_result_grade_decides_a_pass_before_its_score():
    nomination = _nominate(TraineeFactory(), TrainingClassFactory(), NominationStatus.COMPLETED)
    assert Result(nomination=nomination).passed is None
    assert Result(nomination=nomination, score=Decimal("4.99")).passed is False
    assert Result(nomination=nomination, score=Decimal("5")).passed is True
    assert Result(nomination=nomination, score=Decimal("9"), grade=Grade.FAIL).passed is False


def test_the_database_refuses_a_score_above_ten_and_a_certificate_number_alone():
    nomination = _nominate(TraineeFactory(), TrainingClassFactory(), NominationStatus.COMPLETED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(nomination=nomination, score=Decimal("10.5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(nomination=nomination, certificate_number="CC-01")
    Result.objects.create(
        nomination=nomination,
        certificate_number="CC-01",
        certificate_kind=CertificateKind.CERTIFICATE,
        certificate_date=datetime.date(2025, 6, 6),
        issued_by="Trường Chính trị Hoàng Văn Thụ",
    )


def test_an_institution_cannot_issue_the_same_certificate_number_twice():
    training_class = TrainingClassFactory()
    first, second = (_nominate(TraineeFactory(), training_class, NominationStatus.COMPLETED) for _ in range(2))
    fields = {
        "certificate_number": "CC-01",
        "certificate_kind": CertificateKind.ATTESTATION,
        "certificate_date": datetime.date(2025, 6, 6),
        "issued_by": "Trường Chính trị Hoàng Văn Thụ",
    }
    Result.objects.create(nomination=first, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(nomination=second, **fields)
    Result.objects.create(nomination=second, **{**fields, "issued_by": "Học viện Hành chính Quốc gia"})


def test_outside_training_refused_without_a_reason_or_ending_before_it_starts_is_refused_by_the_database():
    person = TraineeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        record = _outside(person, periods=8, end=datetime.date(2025, 5, 1), status=OutsideTrainingStatus.REJECTED)
        OutsideTraining.objects.filter(pk=record.pk).update(staff_note="")
    with pytest.raises(IntegrityError), transaction.atomic():
        record = _outside(person, periods=8, end=datetime.date(2025, 5, 1))
        OutsideTraining.objects.filter(pk=record.pk).update(start_date=datetime.date(2025, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _outside(person, periods=0, end=datetime.date(2025, 5, 1))


def test_a_position_change_says_what_changed():
    person = TraineeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionChange.objects.create(
            trainee=person, kind=PositionChangeKind.APPOINTMENT, date=datetime.date(2025, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionChange.objects.create(trainee=person, kind=PositionChangeKind.RANK, date=datetime.date(2025, 1, 1))
    PositionChange.objects.create(
        trainee=person, kind=PositionChangeKind.APPOINTMENT, date=datetime.date(2025, 1, 1), leadership_level="division"
    )
    PositionChange.objects.create(
        trainee=person, kind=PositionChangeKind.RANK, date=datetime.date(2025, 1, 1), rank=RankFactory()
    )
