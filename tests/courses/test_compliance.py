"""Who is behind (courses/compliance.py): each kind of requirement at its edges, counted by the record's definition."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from courses.compliance import (
    Filters,
    ListKind,
    Reason,
    add_months,
    agency_shares,
    behind_page,
    evaluate_person,
    first_start_due_on_or_after,
    reason_counts,
)
from courses.models import (
    LeadershipLevel,
    Nomination,
    NominationStatus,
    OutsideTraining,
    OutsideTrainingKind,
    OutsideTrainingStatus,
    PositionChange,
    PositionChangeKind,
    RequirementDeadline,
    TrainingRequirement,
)
from plans.models import TargetGroup
from tests.factories import AgencyFactory, CourseFactory, RankFactory, TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 5)
D = datetime.date
CHECKED = datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC)


def completed(trainee, *, periods, end, course=None):
    klass = TrainingClassFactory(
        course=course or CourseFactory(), periods=periods, start_date=end - datetime.timedelta(days=2), end_date=end
    )
    return Nomination.objects.create(
        trainee=trainee, training_class=klass, agency=trainee.agency, status=NominationStatus.COMPLETED
    )


def outside(trainee, *, periods, end, status=OutsideTrainingStatus.VERIFIED):
    return OutsideTraining.objects.create(
        trainee=trainee, agency=trainee.agency, kind=OutsideTrainingKind.MINISTRY, title="Bồi dưỡng",
        organiser="Bộ Nội vụ", start_date=end - datetime.timedelta(days=1), end_date=end, periods=periods,
        evidence="evidence/2025/scan.pdf", status=status,
        checked_at=None if status == OutsideTrainingStatus.SUBMITTED else CHECKED,
    )  # fmt: skip


def minimum(periods=40):
    return TrainingRequirement.objects.create(code="toi-thieu", name="Tối thiểu 40 tiết/năm", periods=periods)


def leaders_course(course, level=LeadershipLevel.DIVISION, months=12):
    return TrainingRequirement.objects.create(
        code=f"lanh-dao-{level}", name="Lãnh đạo cấp phòng", course=course, leadership_level=level,
        deadline=RequirementDeadline.AFTER_APPOINTMENT, months=months,
    )  # fmt: skip


def rank_course(rank, course, months=12):
    return TrainingRequirement.objects.create(
        code=f"ngach-{rank.pk}", name="Ngạch chuyên viên", rank=rank, course=course,
        deadline=RequirementDeadline.AFTER_RANK, months=months,
    )  # fmt: skip


def listed(filters):
    return {(row.trainee.full_name, row.reason): row for row in behind_page(filters)}


def test_a_month_later_keeps_the_day_or_takes_the_months_last():
    assert add_months(D(2025, 3, 5), 12) == D(2026, 3, 5)
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    # every start before the threshold is due before the day, none from it on
    for day in (D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 31)):
        start = first_start_due_on_or_after(day, 6)
        assert add_months(start, 6) >= day > add_months(start - datetime.timedelta(days=1), 6)


def test_39_periods_is_under_the_minimum_and_40_is_not():
    minimum()
    agency = AgencyFactory()
    short = TraineeFactory(full_name="Thiếu", agency=agency)
    enough = TraineeFactory(full_name="Đủ", agency=agency)
    TraineeFactory(full_name="Chưa học", agency=agency)
    completed(short, periods=24, end=D(2025, 5, 9))
    outside(short, periods=15, end=D(2025, 11, 20))  # 39
    completed(enough, periods=24, end=D(2025, 5, 9))
    outside(enough, periods=16, end=D(2025, 11, 20))  # 40
    outside(enough, periods=16, end=D(2025, 11, 21), status=OutsideTrainingStatus.SUBMITTED)  # not counted
    rows = listed(Filters(year=2025, today=TODAY))
    assert set(rows) == {("Thiếu", Reason.UNDER_MINIMUM), ("Chưa học", Reason.UNDER_MINIMUM)}
    row = rows[("Thiếu", Reason.UNDER_MINIMUM)]
    assert (row.done, row.missing, row.deadline) == (39, 1, D(2025, 12, 31))
    assert rows[("Chưa học", Reason.UNDER_MINIMUM)].missing == 40
    assert "39" in row.message and "1" in row.message


def test_training_that_spans_two_years_counts_in_the_year_it_ended():
    minimum()
    person = TraineeFactory(full_name="Vắt năm")
    klass = TrainingClassFactory(periods=40, start_date=D(2025, 12, 29), end_date=D(2026, 1, 9))
    Nomination.objects.create(trainee=person, training_class=klass, agency=person.agency, status="completed")
    assert ("Vắt năm", Reason.UNDER_MINIMUM) in listed(Filters(year=2025, today=TODAY))
    assert listed(Filters(year=2026, today=TODAY)) == {}


def test_a_leader_appointed_exactly_12_months_ago_is_due_today_and_past_it_tomorrow():
    course = CourseFactory(code="BD-LDP")
    leaders_course(course)
    person = TraineeFactory(full_name="Trưởng phòng", leadership_level=LeadershipLevel.DIVISION)
    PositionChange.objects.create(trainee=person, kind=PositionChangeKind.APPOINTMENT, date=D(2025, 3, 5),
                                  leadership_level=LeadershipLevel.DIVISION)  # fmt: skip
    on_the_day = listed(Filters(year=2026, today=D(2026, 3, 5), kind=ListKind.LEADERS))
    row = on_the_day[("Trưởng phòng", Reason.NEAR_DEADLINE)]
    assert row.deadline == D(2026, 3, 5) and row.is_near
    assert set(listed(Filters(year=2026, today=D(2026, 3, 6), kind=ListKind.LEADERS))) == {
        ("Trưởng phòng", Reason.PAST_DEADLINE)
    }
    # more than the set days before the deadline, nobody is listed
    assert listed(Filters(year=2025, today=D(2025, 12, 1), kind=ListKind.LEADERS, soon_days=30)) == {}
    assert listed(Filters(year=2025, today=D(2026, 2, 3), kind=ListKind.LEADERS, soon_days=30)) != {}
    # the course, done whenever (here before the appointment), settles it
    completed(person, periods=80, end=D(2024, 10, 4), course=course)
    assert listed(Filters(year=2026, today=D(2026, 3, 6), kind=ListKind.LEADERS)) == {}


def test_an_appointment_to_another_level_does_not_ask_for_this_levels_course():
    leaders_course(CourseFactory(), level=LeadershipLevel.DEPARTMENT)
    person = TraineeFactory(full_name="Trưởng phòng")
    PositionChange.objects.create(trainee=person, kind=PositionChangeKind.APPOINTMENT, date=D(2024, 1, 2),
                                  leadership_level=LeadershipLevel.DIVISION)  # fmt: skip
    assert listed(Filters(year=2026, today=TODAY)) == {}


def test_a_rank_course_done_before_or_after_taking_the_rank_counts_and_one_never_done_is_behind():
    rank = RankFactory()
    course = CourseFactory(code="BD-CV")
    rank_course(rank, course)
    before = TraineeFactory(full_name="Học trước", rank=rank)
    after = TraineeFactory(full_name="Học sau", rank=rank)
    never = TraineeFactory(full_name="Chưa học", rank=rank)
    TraineeFactory(full_name="Không rõ ngày", rank=rank)
    other_rank = TraineeFactory(full_name="Ngạch khác", rank=RankFactory(code="01.002", name="Chuyên viên chính"))
    for person in (before, after, never):
        PositionChange.objects.create(trainee=person, kind=PositionChangeKind.RANK, date=D(2024, 6, 1), rank=rank)
    completed(before, periods=200, end=D(2023, 11, 30), course=course)
    completed(after, periods=200, end=D(2025, 4, 30), course=course)
    rows = listed(Filters(year=2026, today=TODAY, kind=ListKind.RANKS))
    assert set(rows) == {("Chưa học", Reason.NO_RANK_COURSE), ("Không rõ ngày", Reason.RANK_DATE_UNKNOWN)}
    assert rows[("Chưa học", Reason.NO_RANK_COURSE)].deadline == D(2025, 6, 1)
    assert other_rank.full_name not in {name for name, _ in rows}


def test_a_requirement_is_for_its_target_group_the_agencys_when_the_person_has_none():
    civil = TargetGroup.objects.create(code="cbcc", name="Công chức")
    employees = TargetGroup.objects.create(code="vc", name="Viên chức")
    TrainingRequirement.objects.create(code="cbcc-40", name="Tối thiểu", periods=40, target_group=civil)
    TraineeFactory(full_name="Công chức", agency=AgencyFactory(target_group=civil))
    TraineeFactory(full_name="Viên chức ở sở", agency=AgencyFactory(target_group=civil), target_group=employees)
    TraineeFactory(full_name="Viên chức", agency=AgencyFactory(target_group=employees))
    assert {name for name, _ in listed(Filters(year=2025, today=TODAY))} == {"Công chức"}


def test_the_list_is_for_the_chosen_agencies_and_requirement_and_counts_shares():
    minimum()
    here, there = AgencyFactory(name="Sở A"), AgencyFactory(name="Sở B")
    done = TraineeFactory(full_name="Đủ", agency=here)
    completed(done, periods=40, end=D(2025, 6, 6))
    TraineeFactory(full_name="Thiếu ở A", agency=here)
    TraineeFactory(full_name="Thiếu ở B", agency=there)
    assert {n for n, _ in listed(Filters(year=2025, today=TODAY, agency_ids=(here.pk,)))} == {"Thiếu ở A"}
    assert listed(Filters(year=2025, today=TODAY, agency_ids=())) == {}
    shares = {s.name: (s.people, s.behind, s.share) for s in agency_shares(Filters(year=2025, today=TODAY))}
    assert shares == {"Sở A": (2, 1, 50), "Sở B": (1, 1, 0)}
    assert reason_counts(Filters(year=2025, today=TODAY)) == {Reason.UNDER_MINIMUM: 2}


def test_a_page_past_the_end_shows_the_last_one():
    minimum()
    for n in range(5):
        TraineeFactory(full_name=f"Người {n}")
    page = behind_page(Filters(year=2025, today=TODAY), page=99)
    assert (page.count, page.number, len(page.rows)) == (5, 1, 5)


def test_one_persons_evaluation_says_what_applies_and_whether_it_is_met():
    minimum()
    course = CourseFactory()
    leaders_course(course)
    person = TraineeFactory(leadership_level=LeadershipLevel.DIVISION)
    completed(person, periods=32, end=D(2025, 9, 9))
    PositionChange.objects.create(trainee=person, kind=PositionChangeKind.APPOINTMENT, date=D(2025, 9, 1),
                                  leadership_level=LeadershipLevel.DIVISION)  # fmt: skip
    result = {e.requirement.code: e for e in evaluate_person(person, year=2025, today=D(2025, 10, 1))}
    assert (result["toi-thieu"].reason, result["toi-thieu"].missing) == (Reason.UNDER_MINIMUM, 8)
    assert (result["lanh-dao-division"].reason, result["lanh-dao-division"].deadline) == (
        Reason.NOT_YET_DUE,
        D(2026, 9, 1),
    )


def test_a_requirement_asks_for_exactly_one_thing_with_its_deadline():
    for values in (
        {"periods": 40, "course": CourseFactory()},
        {"periods": 40, "deadline": RequirementDeadline.AFTER_APPOINTMENT, "months": 12},
        {"course": CourseFactory(), "deadline": RequirementDeadline.AFTER_RANK},
        {"periods": 40, "months": 12},
        {},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            TrainingRequirement.objects.create(code="x", name="x", **values)
