"""Results, the completion rule with its result part, deciding a class by the rule, and the institution's attendance
and result sheets imported through the engine (all or nothing)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from courses import delivery_excel, services
from courses.models import (
    Attendance,
    ClassSession,
    Grade,
    HalfDay,
    Nomination,
    NominationEvent,
    NominationStatus,
    Result,
    grade_for_score,
)
from courses.refusals import Refusal
from courses.results import results_save
from plans.models import FocalPoint, ImportStatus
from tests.factories import AgencyFactory, TraineeFactory, TrainingClassFactory, UserFactory
from tests.spreadsheets import check, upload
from training_portal.importing import ImportAborted, import_apply, import_check

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)


def nominee(training_class, status=NominationStatus.ATTENDED, **trainee):
    person = TraineeFactory(**trainee)
    reason = "Bận công tác" if status == NominationStatus.WITHDRAWN else ""
    return Nomination.objects.create(
        trainee=person, training_class=training_class, agency=person.agency, status=status, reason=reason
    )


@pytest.fixture
def course_run():
    """A class of five sessions (Monday to Wednesday morning) with two attended nominees."""
    training_class = TrainingClassFactory()
    sessions = [
        ClassSession.objects.create(training_class=training_class, date=DAY + datetime.timedelta(days=d), half_day=h)
        for d, h in ((0, HalfDay.MORNING), (0, HalfDay.AFTERNOON), (1, HalfDay.MORNING), (1, HalfDay.AFTERNOON))
    ]
    sessions.append(ClassSession.objects.create(training_class=training_class, date=DAY + datetime.timedelta(days=2)))
    return training_class, sessions, [nominee(training_class), nominee(training_class)]


def mark(training_class, sessions, person, present, excused=0):
    statuses = ["present"] * present + ["excused"] * excused
    marks = {(person.pk, s.pk): statuses[i] if i < len(statuses) else "absent" for i, s in enumerate(sessions)}
    services.attendance_save(training_class=training_class, marks=marks)


def assessed(training_class):
    training_class.assessed = True
    training_class.save(update_fields=["assessed"])
    return training_class


# --- the grade scale ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("10", Grade.EXCELLENT),
        ("9", Grade.EXCELLENT),
        ("8.99", Grade.VERY_GOOD),
        ("8", Grade.VERY_GOOD),
        ("7.99", Grade.GOOD),
        ("7", Grade.GOOD),
        ("6.99", Grade.AVERAGE),
        ("5", Grade.AVERAGE),
        ("4.99", Grade.FAIL),
        ("0", Grade.FAIL),
    ],
)
def test_a_score_has_its_grade_on_the_usual_scale(score, grade):
    assert grade_for_score(Decimal(score)) == grade


def test_the_database_refuses_a_grade_that_disagrees_with_the_score(course_run):
    person = course_run[2][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.create(nomination=person, score=Decimal("7.5"), grade=Grade.VERY_GOOD)
    Result.objects.create(nomination=person, score=Decimal("8"), grade=Grade.VERY_GOOD)


# --- the completion rule -----------------------------------------------------------------------------------------


def test_completion_at_exactly_the_minimum_attendance_of_an_assessed_class_needs_a_result(course_run):
    training_class, sessions, (person, _other) = course_run
    mark(assessed(training_class), sessions, person, present=4)  # exactly 80 %
    with pytest.raises(ValidationError) as refused:
        services.nomination_record_result(nomination=person, completed=True)
    assert refused.value.code == Refusal.NO_RESULT
    Result.objects.create(nomination=person, score=Decimal("5"))  # exactly the pass score
    services.nomination_record_result(nomination=person, completed=True)
    assert Nomination.objects.get(pk=person.pk).status == NominationStatus.COMPLETED


def test_a_score_under_five_is_not_a_pass(course_run):
    training_class, sessions, (person, _other) = course_run
    mark(assessed(training_class), sessions, person, present=5)
    Result.objects.create(nomination=person, score=Decimal("4.99"))
    with pytest.raises(ValidationError) as refused:
        services.nomination_record_result(nomination=person, completed=True)
    assert refused.value.code == Refusal.RESULT_NOT_PASSING
    assert "4,99" in refused.value.messages[0]


def test_a_class_not_assessed_completes_on_attendance_alone(course_run):
    training_class, sessions, (person, _other) = course_run
    mark(training_class, sessions, person, present=4)
    Result.objects.create(nomination=person, grade=Grade.FAIL)  # a result is shown, but not required to pass
    services.nomination_record_result(nomination=person, completed=True)
    assert Nomination.objects.get(pk=person.pk).status == NominationStatus.COMPLETED


def test_a_class_may_set_its_own_minimum_attendance(course_run):
    training_class, sessions, (person, _other) = course_run
    training_class.min_attendance = 100
    training_class.save(update_fields=["min_attendance"])
    mark(training_class, sessions, person, present=4)
    with pytest.raises(ValidationError) as refused:
        services.nomination_record_result(nomination=person, completed=True)
    assert refused.value.code == Refusal.BELOW_MIN_ATTENDANCE


def test_staff_may_complete_without_a_passing_result_with_a_recorded_reason(course_run):
    training_class, sessions, (person, _other) = course_run
    mark(assessed(training_class), sessions, person, present=5)
    Result.objects.create(nomination=person, grade=Grade.FAIL)
    staff = UserFactory(is_staff=True)
    services.nomination_change_status(
        nomination=person, to_status=NominationStatus.COMPLETED, by=staff, reason="Thi lại đạt, chờ bảng điểm"
    )
    event = NominationEvent.objects.get(nomination=person, to_status=NominationStatus.COMPLETED)
    assert (event.kind, event.by, event.reason) == (NominationEvent.Kind.OVERRIDE, staff, "Thi lại đạt, chờ bảng điểm")


# --- deciding a whole class by the rule --------------------------------------------------------------------------


def test_a_class_decided_by_the_rule_completes_fails_and_lists_who_cannot_be_decided(course_run):
    training_class, sessions, (good, weak) = course_run
    assessed(training_class)
    approved = nominee(training_class, NominationStatus.APPROVED)
    no_result = nominee(training_class)
    unmarked = nominee(training_class)
    for person in (good, approved, no_result):
        mark(training_class, sessions, person, present=4, excused=1)
    mark(training_class, sessions, weak, present=3, excused=2)  # 60 %: excused absences are not presences
    services.attendance_save(training_class=training_class, marks={(unmarked.pk, sessions[0].pk): "present"})
    for person in (good, approved, weak):
        Result.objects.create(nomination=person, score=Decimal("7"))
    waiting = nominee(training_class, NominationStatus.WITHDRAWN)

    verdicts = {v.nomination.pk: v for v in services.class_complete_by_rule(training_class=training_class)}

    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses[good.pk] == statuses[approved.pk] == NominationStatus.COMPLETED
    assert statuses[weak.pk] == NominationStatus.FAILED
    assert "60" in Nomination.objects.get(pk=weak.pk).reason  # what was unmet, as the failure's reason
    assert statuses[no_result.pk] == statuses[unmarked.pk] == NominationStatus.ATTENDED
    assert [p.code for p in verdicts[no_result.pk].problems] == [Refusal.NO_RESULT]
    assert [p.code for p in verdicts[unmarked.pk].problems] == [Refusal.ATTENDANCE_INCOMPLETE, Refusal.NO_RESULT]
    assert waiting.pk not in verdicts and statuses[waiting.pk] == NominationStatus.WITHDRAWN
    assert not NominationEvent.objects.filter(kind=NominationEvent.Kind.OVERRIDE).exists()


def test_a_class_without_sessions_decides_nobody(course_run):
    training_class, _sessions, _people = course_run
    ClassSession.objects.filter(training_class=training_class).delete()
    verdicts = services.class_complete_by_rule(training_class=training_class)
    assert {v.problems[0].code for v in verdicts} == {Refusal.NO_SESSIONS}
    assert set(Nomination.objects.values_list("status", flat=True)) == {NominationStatus.ATTENDED}


# --- the results grid --------------------------------------------------------------------------------------------


def staff_client(client, *codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames or ["change_result"]))
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def grid_data(people):
    fields = ("score", "grade", "certificate_kind", "certificate_number", "certificate_date", "issued_by")
    return {f"r-{person.pk}-{field}": "" for person in people for field in fields}


def row(person, **values):
    return {f"r-{person.pk}-{name}": value for name, value in values.items()}


def test_the_results_grid_saves_every_row_in_one_post_and_a_score_alone_gets_its_grade(client, course_run):
    training_class, _sessions, (first, second) = course_run
    data = grid_data([first, second])
    data |= row(first, score="8,5", certificate_kind="certificate", certificate_number="CC-01")
    data |= row(first, certificate_date="30/06/2025", issued_by="Trường Chính trị Hoàng Văn Thụ")
    data |= row(second, grade="fail")
    url = reverse("portal:results", args=[training_class.pk])
    answer = staff_client(client).post(url, data)
    assert answer.status_code == 302
    saved = {r.nomination_id: r for r in Result.objects.all()}
    assert (saved[first.pk].score, saved[first.pk].grade) == (Decimal("8.50"), Grade.VERY_GOOD)
    assert saved[first.pk].certificate_number == "CC-01"
    assert (saved[second.pk].score, saved[second.pk].grade) == (None, Grade.FAIL)
    assert saved[first.pk].history.count() == 1
    # an emptied row loses its result
    data |= row(second, grade="")
    assert client.post(url, data).status_code == 302
    assert set(Result.objects.values_list("nomination_id", flat=True)) == {first.pk}


def test_a_wrong_row_of_the_results_grid_saves_nothing_and_says_why(client, course_run):
    training_class, _sessions, (first, second) = course_run
    data = grid_data([first, second]) | row(first, score="9") | row(second, score="7,5", grade="very_good")
    answer = staff_client(client).post(reverse("portal:results", args=[training_class.pk]), data)
    assert answer.status_code == 400
    assert "does not match the score 7,50" in answer.text
    assert not Result.objects.exists()


def test_a_certificate_number_an_institution_already_gave_is_refused_on_the_grid(course_run):
    training_class, _sessions, (first, _second) = course_run
    other = nominee(TrainingClassFactory())
    certificate = {"certificate_kind": "certificate", "certificate_date": DAY, "issued_by": "Trường Chính trị"}
    Result.objects.create(nomination=other, certificate_number="CC-01", **certificate)
    with pytest.raises(ValidationError) as refused:
        results_save(
            training_class=training_class,
            entries={first.pk: {"score": Decimal("8"), "certificate_number": "CC-01", **certificate}},
        )
    assert refused.value.code == Refusal.CERTIFICATE_NUMBER_TAKEN
    assert Result.objects.count() == 1


def test_the_results_grid_reads_the_same_queries_whatever_the_number_of_nominees(
    client, course_run, django_assert_max_num_queries
):
    training_class, _sessions, _people = course_run
    staff_client(client)
    url = reverse("portal:results", args=[training_class.pk])
    client.get(url)  # sessions, permissions and the like cached
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for _index in range(15):
        Result.objects.create(nomination=nominee(training_class), score=Decimal("6"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_deciding_by_the_rule_from_the_results_page_lists_who_could_not_be_decided(client, course_run):
    training_class, sessions, (first, second) = course_run
    mark(training_class, sessions, first, present=5)
    staff_client(client, "change_result", "change_nomination")
    answer = client.post(reverse("portal:complete_by_rule", args=[training_class.pk]), follow=True)
    assert Nomination.objects.get(pk=first.pk).status == NominationStatus.COMPLETED
    assert "1 person could not be decided" in answer.text
    assert f"{second.trainee.full_name}: Attendance is not entered for 5 of the 5 sessions." in answer.text


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("focal point", 403), ("staff without the permission", 403), ("staff", 200)],
)
@pytest.mark.parametrize("page", ["portal:results", "portal:results_sheet", "portal:attendance_sheet"])
def test_only_staff_with_the_permission_open_the_delivery_pages(client, course_run, who, expected, page):
    if who == "focal point":
        user = UserFactory()
        FocalPoint.objects.create(user=user, agency=AgencyFactory())
        client.force_login(user)
    elif who == "staff without the permission":
        client.force_login(UserFactory(is_staff=True))
    elif who == "staff":
        staff_client(client, "change_result", "change_attendance")
    assert client.get(reverse(page, args=[course_run[0].pk])).status_code == expected


def test_a_focal_point_cannot_decide_a_class(client, course_run):
    user = UserFactory()
    FocalPoint.objects.create(user=user, agency=course_run[2][0].agency)
    client.force_login(user)
    assert client.post(reverse("portal:complete_by_rule", args=[course_run[0].pk])).status_code == 403
    assert set(Nomination.objects.values_list("status", flat=True)) == {NominationStatus.ATTENDED}


# --- the attendance sheet ----------------------------------------------------------------------------------------

HEADERS = ["Class code", "Personal identification number", "Full name"]
SESSIONS = ["02/06/2025 Sáng", "02/06/2025 Chiều", "03/06/2025 Morning", "03/06/2025 PM", "04/06/2025 S"]


def test_a_good_attendance_sheet_is_checked_then_applied(course_run, staff_user):
    training_class, sessions, (first, second) = course_run
    code = training_class.code.lower()  # codes in any case
    rows = [
        [code, first.trainee.personal_id, first.trainee.full_name, "C", "x", "P", "Vắng có phép", "K"],
        [code, second.trainee.personal_id, "", "có mặt", "", "V", "c", "p"],
    ]
    record, plan = check("attendance", HEADERS + SESSIONS, rows, staff_user)
    assert not plan.errors, plan.errors
    assert (len(plan.creates), len(plan.updates)) == (2, 0)
    assert not Attendance.objects.exists()  # nothing before the confirmation
    import_apply(record=record, by=staff_user)
    saved = {(a.nomination_id, a.session_id): a.status for a in Attendance.objects.all()}
    assert [saved[(first.pk, s.pk)] for s in sessions] == ["present", "present", "excused", "excused", "absent"]
    assert (second.pk, sessions[1].pk) not in saved  # an empty cell changes nothing
    assert saved[(second.pk, sessions[2].pk)] == "absent"
    # the same marks again change nothing; one mark changed is an update
    rows[1][4] = "P"
    record, plan = check("attendance", HEADERS + SESSIONS, rows, staff_user)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (1, 0, 1)
    import_apply(record=record, by=staff_user)
    assert Attendance.objects.get(nomination=second, session=sessions[1]).status == "excused"
    rows[1][4] = "K"
    record, plan = check("attendance", HEADERS + SESSIONS, rows, staff_user)
    assert (len(plan.creates), len(plan.updates)) == (0, 1)


def test_every_bad_row_of_an_attendance_sheet_is_named_and_nothing_is_saved(course_run, staff_user):
    training_class, _sessions, (first, second) = course_run
    outsider = TraineeFactory()
    code = training_class.code
    rows = [
        [code, first.trainee.personal_id, "", "C", "C", "C", "C", "C"],  # good, but not saved
        [code, "079999999999", "", "C", "", "", "", ""],  # nobody has this ID number
        [code, outsider.personal_id, "", "C", "", "", "", ""],  # not on the class
        [code, second.trainee.personal_id, "", "C", "", "", "", "", "C"],  # a session the class does not have
        ["2099-KHONG-CO", second.trainee.personal_id, "", "C", "", "", "", ""],  # no such class
    ]
    headers = HEADERS + SESSIONS + ["06/06/2025 Chiều"]
    rows.append([code, nominee(training_class).trainee.personal_id, "", "ngủ", "", "", "", ""])  # an unknown mark
    record, plan = check("attendance", headers, rows, staff_user)
    reasons = {(e.row, e.column): e.reason for e in plan.errors}
    assert "Nobody with this identification number" in reasons[(3, "Personal identification number")]
    assert f"holds no approved seat in the class {code}" in reasons[(4, "Personal identification number")]
    assert "has no session on 06/06/2025" in reasons[(5, "06/06/2025 Chiều")]
    assert "Unknown class code" in reasons[(6, "Class code")]
    assert "Unknown mark" in reasons[(7, "02/06/2025 Sáng")]
    assert record.status == ImportStatus.REJECTED and record.plan is None
    assert not Attendance.objects.exists()


def test_a_header_that_is_no_session_is_refused_as_any_unknown_column(course_run, staff_user):
    training_class, _sessions, (first, _second) = course_run
    rows = [[training_class.code, first.trainee.personal_id, "", "C", "ghi chú"]]
    _record, plan = check("attendance", [*HEADERS, "02/06/2025 Sáng", "Ghi chú"], rows, staff_user)
    assert [(e.row, e.column) for e in plan.errors] == [(1, "Ghi chú")]


def test_the_class_attendance_sheet_comes_with_its_people_and_marks_and_imports_back_unchanged(course_run, staff_user):
    training_class, sessions, (first, _second) = course_run
    mark(training_class, sessions, first, present=3, excused=1)
    _name, _mimetype, data = delivery_excel.attendance_sheet(training_class)
    sheet = load_workbook(io.BytesIO(data)).worksheets[1]
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][3:] == (
        "02/06/2025 Sáng",
        "02/06/2025 Chiều",
        "03/06/2025 Sáng",
        "03/06/2025 Chiều",
        "04/06/2025 Sáng",
    )
    assert ["C", "C", "C", "P", "K"] in [list(line[3:]) for line in lines[1:]]
    _record, plan = import_check(kind="attendance", uploaded=upload(data), by=staff_user)
    assert not plan.errors and plan.changes_nothing


# --- the result sheet --------------------------------------------------------------------------------------------

RESULT_HEADERS = [
    "Class code",
    "Personal identification number",
    "Full name",
    "Score",
    "Grade",
    "Certificate kind",
    "Certificate number",
    "Certificate date",
    "Issuing institution",
]


def test_a_good_result_sheet_is_applied_with_history(course_run, staff_user):
    training_class, _sessions, (first, second) = course_run
    rows = [
        [
            training_class.code,
            first.trainee.personal_id,
            "",
            "9,25",
            "Xuất sắc",
            "Chứng chỉ",
            "CC-7",
            "30/06/2025",
            "HV",
        ],
        [training_class.code, second.trainee.personal_id, "", 6, "", "", "", "", ""],
    ]
    record, plan = check("results", RESULT_HEADERS, rows, staff_user)
    assert not plan.errors, plan.errors
    import_apply(record=record, by=staff_user)
    saved = {r.nomination_id: r for r in Result.objects.all()}
    assert (saved[first.pk].score, saved[first.pk].grade, saved[first.pk].certificate_kind) == (
        Decimal("9.25"),
        Grade.EXCELLENT,
        "certificate",
    )
    assert saved[second.pk].grade == Grade.AVERAGE  # a score alone gets its grade
    assert saved[first.pk].history.get().history_change_reason == record.change_reason
    # a second sheet changing a score is an update, and the grade follows the sheet
    rows[1][3:5] = ["8", "Giỏi"]
    record, plan = check("results", RESULT_HEADERS, rows, staff_user)
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (0, 1, 1)
    import_apply(record=record, by=staff_user)
    assert Result.objects.get(nomination=second).grade == Grade.VERY_GOOD


def test_every_bad_row_of_a_result_sheet_is_named_and_nothing_is_saved(course_run, staff_user):
    training_class, _sessions, (first, second) = course_run
    outsider = TraineeFactory()
    code = training_class.code
    rows = [
        [code, first.trainee.personal_id, "", "7,5", "Giỏi", "", "", "", ""],  # grade disagrees with the score
        [code, second.trainee.personal_id, "", "11", "", "", "", "", ""],  # score out of range
        [code, outsider.personal_id, "", "8", "", "", "", "", ""],  # not on the class
        [code, "079999999999", "", "8", "", "", "", "", ""],  # unknown person
        [code, first.trainee.personal_id, "", "8", "", "", "", "", ""],  # twice in the file
        [code, nominee(training_class).trainee.personal_id, "", "8", "", "", "CC-1", "", ""],  # incomplete certificate
        [code, nominee(training_class).trainee.personal_id, "", "", "Tốt", "", "", "", ""],  # unknown grade
    ]
    record, plan = check("results", RESULT_HEADERS, rows, staff_user)
    reasons = {e.row: e.reason for e in plan.errors}
    assert "does not match the score 7,50" in reasons[2]
    assert "from 0 to 10" in reasons[3]
    assert "holds no approved seat" in reasons[4]
    assert "Nobody with this identification number" in reasons[5]
    assert "already in the file, on row 2" in reasons[6]
    assert "needs its kind, its date and who issued it" in reasons[7]
    assert "Not one of the allowed values" in reasons[8]
    assert record.status == ImportStatus.REJECTED
    assert not Result.objects.exists()


def test_a_certificate_number_taken_since_the_check_refuses_the_whole_file(course_run, staff_user):
    training_class, _sessions, (first, second) = course_run
    rows = [[training_class.code, first.trainee.personal_id, "", "8", "", "Chứng chỉ", "CC-9", "30/06/2025", "HV"]]
    record, plan = check("results", RESULT_HEADERS, rows, staff_user)
    assert not plan.errors
    Result.objects.create(
        nomination=second,
        certificate_kind="certificate",
        certificate_number="CC-9",
        certificate_date=DAY,
        issued_by="HV",
    )
    with pytest.raises(ImportAborted) as refused:
        import_apply(record=record, by=staff_user)
    assert "HV has already issued the certificate number CC-9" in " ".join(refused.value.rows)
    assert Result.objects.count() == 1


def test_the_class_result_sheet_imports_back_unchanged(course_run, staff_user):
    training_class, _sessions, (first, _second) = course_run
    Result.objects.create(nomination=first, score=Decimal("8.5"), grade=Grade.VERY_GOOD)
    _name, _mimetype, data = delivery_excel.results_sheet(training_class)
    _record, plan = import_check(kind="results", uploaded=upload(data), by=staff_user)
    assert not plan.errors, plan.errors
    assert plan.changes_nothing
