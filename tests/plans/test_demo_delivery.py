"""The demo's finished classes as delivered: sessions, attendance and results agree with each nomination's status."""

import pytest

from courses import services
from courses.models import (
    Attendance,
    AttendanceStatus,
    ClassStatus,
    Nomination,
    NominationStatus,
    Result,
    TrainingClass,
)

pytestmark = pytest.mark.django_db


def test_every_decided_nominee_of_a_finished_class_meets_the_rule_exactly_when_completed(demo_output):
    finished = TrainingClass.objects.filter(status=ClassStatus.FINISHED).order_by("code")
    decided = (NominationStatus.COMPLETED, NominationStatus.FAILED)
    checked = {NominationStatus.COMPLETED: 0, NominationStatus.FAILED: 0}
    for training_class in finished:
        statuses = dict(
            Nomination.objects.filter(training_class=training_class, status__in=decided).values_list("pk", "status")
        )
        for pk, problems in services.completion_problems(training_class, statuses).items():
            assert (statuses[pk] == NominationStatus.COMPLETED) == (not problems), (training_class.code, pk, problems)
            checked[statuses[pk]] += 1
    assert checked[NominationStatus.COMPLETED] > 100 and checked[NominationStatus.FAILED] > 10


def test_finished_classes_have_sessions_some_excused_absences_and_assessed_results(demo_output):
    finished = TrainingClass.objects.filter(status=ClassStatus.FINISHED)
    without = finished.filter(sessions__isnull=True).exclude(code__contains="-SDH-")
    assert not without.exists(), list(without.values_list("code", flat=True))
    assert Attendance.objects.filter(status=AttendanceStatus.EXCUSED).exists()
    assert Attendance.objects.filter(status=AttendanceStatus.ABSENT).exists()
    assert finished.filter(assessed=True).exists() and finished.filter(assessed=False).exists()
    completed_assessed = Nomination.objects.filter(training_class__assessed=True, status=NominationStatus.COMPLETED)
    assert not completed_assessed.filter(result__isnull=True).exists()
    assert Result.objects.exclude(certificate_number="").count() > 100
