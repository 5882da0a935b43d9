"""Delivery: a class's length in periods, its sessions, the attendance grid."""

import pytest
from django.test import override_settings

from tests.factories import CourseFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


# --- periods -----------------------------------------------------------------------------------------------------


def test_a_class_without_periods_of_its_own_takes_its_courses():
    training_class = TrainingClassFactory(course=CourseFactory(periods=40))
    assert training_class.length_in_periods == 40


def test_a_class_may_differ_from_its_course():
    training_class = TrainingClassFactory(course=CourseFactory(periods=40), periods=24)
    assert training_class.length_in_periods == 24


@override_settings(PERIODS_PER_DAY=6)
def test_where_only_the_days_are_known_the_setting_converts_them():
    training_class = TrainingClassFactory(course=CourseFactory(duration_days=5))
    assert training_class.length_in_periods == 30


def test_a_day_is_eight_periods_by_default():
    assert TrainingClassFactory(course=CourseFactory(duration_days=3)).length_in_periods == 24


def test_without_periods_or_days_the_length_is_not_known():
    assert TrainingClassFactory(course=CourseFactory()).length_in_periods is None
