"""Delivery: a class's length in periods, its sessions, the attendance grid."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Attendance, ClassSession, HalfDay, Nomination, NominationEvent, NominationStatus
from courses.refusals import Refusal
from plans.models import FocalPoint
from tests.factories import AgencyFactory, CourseFactory, TraineeFactory, TrainingClassFactory, UserFactory

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


# --- sessions and attendance ---------------------------------------------------------------------------------------


def nominee(training_class, status=NominationStatus.APPROVED):
    trainee = TraineeFactory()
    rank = 1 if status == NominationStatus.WAITLISTED else None
    return Nomination.objects.create(
        trainee=trainee, training_class=training_class, agency=trainee.agency, status=status, waitlist_rank=rank
    )


def test_a_session_outside_the_class_dates_is_refused():
    training_class = TrainingClassFactory(start_date=datetime.date(2025, 6, 2), end_date=datetime.date(2025, 6, 6))
    session = ClassSession(training_class=training_class, date=datetime.date(2025, 6, 9), half_day=HalfDay.MORNING)
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert refused.value.error_dict["date"][0].code == Refusal.SESSION_OUTSIDE_CLASS
    session.date = datetime.date(2025, 6, 6)
    session.full_clean()


def test_a_class_has_one_session_per_half_day():
    training_class = TrainingClassFactory()
    ClassSession.objects.create(training_class=training_class, date=training_class.start_date)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassSession.objects.create(training_class=training_class, date=training_class.start_date)


@pytest.fixture
def grid():
    training_class = TrainingClassFactory()
    day = training_class.start_date
    sessions = [
        ClassSession.objects.create(training_class=training_class, date=day, half_day=HalfDay.MORNING),
        ClassSession.objects.create(training_class=training_class, date=day, half_day=HalfDay.AFTERNOON),
    ]
    people = [nominee(training_class), nominee(training_class, NominationStatus.ATTENDED)]
    return training_class, sessions, people


def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_grid_shows_nominees_holding_a_seat_and_not_the_others(client, grid):
    training_class, sessions, people = grid
    waiting = nominee(training_class, NominationStatus.WAITLISTED)
    page = staff_client(client).get(reverse("portal:attendance", args=[training_class.pk]))
    assert page.status_code == 200
    for person in people:
        assert f'name="a-{person.pk}-{sessions[0].pk}"' in page.text
    assert f'name="a-{waiting.pk}-' not in page.text
    assert f'for="id_a-{people[0].pk}-{sessions[0].pk}"' in page.text  # each cell labelled for screen readers


def test_the_grid_saves_every_cell_in_one_post(client, grid):
    training_class, sessions, people = grid
    data = {
        f"a-{people[0].pk}-{sessions[0].pk}": "present",
        f"a-{people[0].pk}-{sessions[1].pk}": "excused",
        f"a-{people[1].pk}-{sessions[0].pk}": "absent",
        f"a-{people[1].pk}-{sessions[1].pk}": "",
    }
    answer = staff_client(client).post(reverse("portal:attendance", args=[training_class.pk]), data)
    assert answer.status_code == 302
    saved = {(a.nomination_id, a.session_id): a.status for a in Attendance.objects.all()}
    assert saved == {
        (people[0].pk, sessions[0].pk): "present",
        (people[0].pk, sessions[1].pk): "excused",
        (people[1].pk, sessions[0].pk): "absent",
    }
    # a second submit changes and clears marks
    data[f"a-{people[0].pk}-{sessions[0].pk}"] = ""
    data[f"a-{people[1].pk}-{sessions[0].pk}"] = "present"
    client.post(reverse("portal:attendance", args=[training_class.pk]), data)
    saved = {(a.nomination_id, a.session_id): a.status for a in Attendance.objects.all()}
    assert saved == {(people[0].pk, sessions[1].pk): "excused", (people[1].pk, sessions[0].pk): "present"}


def test_a_bad_cell_saves_nothing(client, grid):
    training_class, sessions, people = grid
    data = {f"a-{people[0].pk}-{sessions[0].pk}": "present", f"a-{people[1].pk}-{sessions[0].pk}": "asleep"}
    answer = staff_client(client).post(reverse("portal:attendance", args=[training_class.pk]), data)
    assert answer.status_code == 400
    assert not Attendance.objects.exists()


def test_the_service_refuses_a_cell_off_the_grid_and_saves_nothing(grid):
    training_class, sessions, people = grid
    other = TrainingClassFactory()
    stranger = nominee(other)
    marks = {(people[0].pk, sessions[0].pk): "present", (stranger.pk, sessions[0].pk): "present"}
    with pytest.raises(ValidationError) as refused:
        services.attendance_save(training_class=training_class, marks=marks)
    assert refused.value.code == Refusal.NOT_ON_THE_GRID
    assert not Attendance.objects.exists()


def test_saving_the_grid_takes_the_same_queries_however_many_cells_are_emptied(grid):
    training_class, sessions, people = grid
    every_cell = [(p.pk, s.pk) for p in people for s in sessions]
    services.attendance_save(training_class=training_class, marks=dict.fromkeys(every_cell, "present"))
    with CaptureQueriesContext(connection) as one_emptied:
        services.attendance_save(training_class=training_class, marks={every_cell[0]: ""})
    services.attendance_save(training_class=training_class, marks=dict.fromkeys(every_cell, "present"))
    with CaptureQueriesContext(connection) as all_emptied:
        services.attendance_save(training_class=training_class, marks=dict.fromkeys(every_cell, ""))
    assert len(all_emptied) == len(one_emptied)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("focal point", 403), ("staff without the permission", 403), ("staff", 200)],
)
def test_only_staff_with_the_permission_open_the_grid(client, grid, who, expected):
    training_class = grid[0]
    if who == "focal point":
        user = UserFactory()
        FocalPoint.objects.create(user=user, agency=AgencyFactory())
        client.force_login(user)
    elif who == "staff without the permission":
        client.force_login(UserFactory(is_staff=True))
    elif who == "staff":
        user = UserFactory(is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="change_attendance"))
        client.force_login(user)
    assert client.get(reverse("portal:attendance", args=[training_class.pk])).status_code == expected


# --- the completion rule -------------------------------------------------------------------------------------------


def attended(grid, present: int, excused: int = 0):
    """The first nominee of `grid`, attended, present at `present` of 5 sessions and excused at `excused`."""
    training_class, sessions, people = grid
    day = training_class.start_date
    sessions += [
        ClassSession.objects.create(training_class=training_class, date=day + datetime.timedelta(days=d))
        for d in (1, 2, 3)
    ]
    person = people[1]
    statuses = ["present"] * present + ["excused"] * excused
    marks = {(person.pk, s.pk): statuses[i] if i < len(statuses) else "absent" for i, s in enumerate(sessions)}
    services.attendance_save(training_class=training_class, marks=marks)
    return person


def test_completion_is_refused_under_the_minimum_attendance(grid):
    person = attended(grid, present=3, excused=1)  # 60 %: an excused absence is not a presence
    with pytest.raises(ValidationError) as refused:
        services.nomination_record_result(nomination=person, completed=True)
    assert refused.value.code == Refusal.BELOW_MIN_ATTENDANCE
    person.refresh_from_db()
    assert person.status == NominationStatus.ATTENDED


def test_completion_at_the_minimum_attendance_needs_no_reason(grid):
    person = attended(grid, present=4)  # 80 %
    services.nomination_record_result(nomination=person, completed=True)
    assert Nomination.objects.get(pk=person.pk).status == NominationStatus.COMPLETED


@override_settings(COMPLETION_MIN_ATTENDANCE=50)
def test_the_minimum_attendance_is_a_setting(grid):
    person = attended(grid, present=3)
    services.nomination_record_result(nomination=person, completed=True)
    assert Nomination.objects.get(pk=person.pk).status == NominationStatus.COMPLETED


def test_staff_may_complete_under_the_minimum_with_a_recorded_reason(grid):
    person = attended(grid, present=2)
    staff = UserFactory(is_staff=True)
    services.nomination_change_status(
        nomination=person, to_status=NominationStatus.COMPLETED, by=staff, reason="Ốm có giấy, đã học bù"
    )
    assert Nomination.objects.get(pk=person.pk).status == NominationStatus.COMPLETED
    event = NominationEvent.objects.get(nomination=person, to_status=NominationStatus.COMPLETED)
    assert (event.kind, event.by, event.reason) == (NominationEvent.Kind.OVERRIDE, staff, "Ốm có giấy, đã học bù")
    assert event.at is not None


def test_did_not_complete_needs_no_attendance(grid):
    person = attended(grid, present=0)
    services.nomination_record_result(nomination=person, completed=False)
    assert Nomination.objects.get(pk=person.pk).status == NominationStatus.FAILED


def test_the_grid_shows_each_share_and_the_override_with_its_reason(client, grid):
    person = attended(grid, present=2, excused=1)
    services.nomination_change_status(
        nomination=person, to_status=NominationStatus.COMPLETED, by=UserFactory(), reason="Học bù đủ giờ"
    )
    page = staff_client(client).get(reverse("portal:attendance", args=[grid[0].pk]))
    assert "2/5 (40 %)" in page.text
    assert "Học bù đủ giờ" in page.text


def test_the_class_page_refuses_a_session_outside_the_class_dates(client):
    training_class = TrainingClassFactory(start_date=datetime.date(2025, 6, 2), end_date=datetime.date(2025, 6, 6))
    url = reverse("admin:courses_trainingclass_change", args=[training_class.pk])
    page = staff_client(client).get(url)
    initial = page.context["adminform"].form.initial
    data = {k: v for k, v in initial.items() if v is not None and not isinstance(v, list)}
    data |= {"start_date": "02/06/2025", "end_date": "06/06/2025", "allotments-TOTAL_FORMS": "0"}
    data |= {"allotments-INITIAL_FORMS": "0", "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0"}
    data |= {"sessions-0-date": "09/06/2025", "sessions-0-half_day": "am", "sessions-0-topic": "Ôn tập"}
    answer = client.post(url, data)
    assert answer.status_code == 200  # the page again, with the error
    assert "outside the class&#x27;s dates" in answer.text
    assert not ClassSession.objects.exists()
    data["sessions-0-date"] = "05/06/2025"
    assert client.post(url, data).status_code == 302
    assert ClassSession.objects.get().topic == "Ôn tập"


def test_the_console_asks_for_a_reason_to_complete_under_the_minimum(client, grid):
    person = attended(grid, present=2)
    url = reverse("admin:courses_nomination_change", args=[person.pk])
    answer = staff_client(client).post(url, {"status": "completed", "reason": ""})
    assert answer.status_code == 200  # the form again, with the refusal
    assert "under the 80%" in answer.text
    assert Nomination.objects.get(pk=person.pk).status == NominationStatus.ATTENDED
    assert client.post(url, {"status": "completed", "reason": "Học bù"}).status_code == 302
    assert NominationEvent.objects.get(nomination=person, kind=NominationEvent.Kind.OVERRIDE).reason == "Học bù"
