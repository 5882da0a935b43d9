"""Confirming a checked Excel file: the rules of the check run again, and a row that no longer passes saves nothing.

Each test checks a good file, changes the world the way another user could in between,
then confirms: nothing is written, the seat counters do not move, and the refusal names
the row, what it is about and why, in the words the check would use.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from courses import services
from courses.models import ClassStatus, Nomination, SeatAllotment, Trainee, TrainingClass
from plans.models import Agency, ImportStatus, PlanStatus, TargetGroup, TrainingPlan
from tests.factories import AgencyFactory, RankFactory, TraineeFactory, TrainingClassFactory
from training_portal.importing import ImportAborted, import_apply, import_check

NOMINATION_HEADERS = ["Class code", "Personal identification number"]


def upload(headers, rows) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("ds.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def checked(kind, headers, rows, by):
    record, plan = import_check(kind=kind, uploaded=upload(headers, rows), by=by)
    assert not plan.errors, plan.errors
    return record


def refused(record, by) -> ImportAborted:
    with pytest.raises(ImportAborted) as refusal:
        import_apply(record=record, by=by)
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED  # nothing applied
    return refusal.value


def counters(*classes) -> list[int]:
    """Every seat counter of the classes: taken and allotted per class, then taken per allotment."""
    pks = [c.pk for c in classes]
    found = list(TrainingClass.objects.filter(pk__in=pks).order_by("pk").values_list("taken_seats", "allotted_seats"))
    found += list(SeatAllotment.objects.filter(training_class__in=pks).order_by("pk").values_list("taken_seats"))
    return found


def line(row, training_class, trainee, reason) -> str:
    return f"Row {row} – class {training_class.code}, {trainee.full_name} ({trainee.personal_id}): {reason}"


@pytest.fixture
def classes(db, agency, other_agency):
    """Two open classes with seats for both agencies, one person of each agency already nominated to the first."""
    first = TrainingClassFactory(code="2025-QLNN-01", planned_seats=10, registration_closes=None)
    second = TrainingClassFactory(code="2025-QLNN-02", planned_seats=10, registration_closes=None)
    for training_class in (first, second):
        services.allotment_set(training_class=training_class, agency=agency, seats=4)
        services.allotment_set(training_class=training_class, agency=other_agency, seats=3)
    services.nomination_submit(trainee=TraineeFactory(agency=agency), training_class=first)
    services.nomination_submit(trainee=TraineeFactory(agency=other_agency), training_class=first)
    return first, second


@pytest.fixture
def people(db, agency):
    return [TraineeFactory(agency=agency, full_name=name) for name in ("Hoàng Thị Lan", "Nông Văn Tú", "Lý Thị Hoa")]


def test_confirm_refuses_whole_import_when_a_class_was_cancelled_after_the_check(media, staff_user, classes, people):
    first, second = classes
    rows = [[first.code, people[0].personal_id], [second.code, people[1].personal_id]]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    TrainingClass.objects.filter(pk=second.pk).update(status=ClassStatus.CANCELLED)
    before = counters(first, second)

    refusal = refused(record, staff_user)

    assert "Nothing was saved" in refusal.message and "Check the file again" in refusal.message
    assert refusal.rows == [line(3, second, people[1], "The class is cancelled or finished.")]
    # The row for the first class passed, yet it was not saved either: all or nothing.
    assert not Nomination.objects.filter(trainee__in=people).exists()
    assert counters(first, second) == before


def test_confirm_refuses_whole_import_when_a_trainee_moved_to_another_agency_after_the_check(
    media, staff_user, classes, people, other_agency
):
    first, _second = classes
    rows = [[first.code, p.personal_id] for p in people[:2]]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    moved = Trainee.objects.get(pk=people[1].pk)
    moved.agency = other_agency
    moved.save()
    before = counters(first)

    refusal = refused(record, staff_user)

    assert refusal.rows == [
        line(3, first, people[1], "This person has moved to another agency (UBND thành phố Lạng Sơn).")
    ]
    assert not Nomination.objects.filter(trainee__in=people).exists()
    assert counters(first) == before


def test_confirm_refuses_whole_import_when_the_same_person_was_nominated_meanwhile(media, staff_user, classes, people):
    first, _second = classes
    rows = [[first.code, p.personal_id] for p in people[:2]]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    through_the_portal = services.nomination_submit(trainee=people[0], training_class=first)
    before = counters(first)

    refusal = refused(record, staff_user)

    assert refusal.rows == [line(2, first, people[0], "This person is already nominated to this class (Nominated).")]
    assert list(Nomination.objects.filter(trainee__in=people)) == [through_the_portal]
    assert counters(first) == before


def test_confirm_refuses_whole_import_when_the_agencys_allotment_was_removed_after_the_check(
    media, staff_user, classes, people, agency
):
    _first, second = classes
    rows = [[second.code, p.personal_id] for p in people[:2]]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    services.allotment_set(training_class=second, agency=agency, seats=0)  # nobody held one: the allotment goes
    assert not SeatAllotment.objects.filter(training_class=second, agency=agency).exists()
    before = counters(second)

    refusal = refused(record, staff_user)

    reason = "The person's agency has no seats allotted in this class."
    assert refusal.rows == [line(2, second, people[0], reason), line(3, second, people[1], reason)]
    assert not Nomination.objects.filter(trainee__in=people).exists()
    assert counters(second) == before


def test_confirm_refuses_whole_import_when_a_person_no_longer_fits_the_class(media, staff_user, classes, people):
    first, second = classes
    rows = [[first.code, people[0].personal_id], [second.code, people[1].personal_id]]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    first.eligible_ranks.add(RankFactory())  # nobody in the file has that rank
    group = TargetGroup.objects.create(code="lanh-dao", name="Lãnh đạo")
    Trainee.objects.filter(pk=people[1].pk).update(target_group=group)
    second.target_groups.add(TargetGroup.objects.create(code="cong-chuc", name="Công chức"))
    before = counters(first, second)

    refusal = refused(record, staff_user)

    assert refusal.rows == [
        line(2, first, people[0], "This person's rank is not among the class's ranks."),
        line(3, second, people[1], "This person is not in the target groups of the class."),
    ]
    assert not Nomination.objects.filter(trainee__in=people).exists()
    assert counters(first, second) == before


def test_confirm_refuses_whole_import_when_a_person_left_the_staff_list_after_the_check(
    media, staff_user, classes, people
):
    first, _second = classes
    rows = [[first.code, p.personal_id] for p in people[:2]]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    gone = people[1]
    Trainee.objects.filter(pk=gone.pk).delete()
    before = counters(first)

    refusal = refused(record, staff_user)

    assert refusal.rows == [
        f"Row 3 – class {first.code}, {gone.personal_id}: "
        "Nobody with this identification number is in the staff list: import them first."
    ]
    assert not Nomination.objects.filter(trainee=people[0]).exists()
    assert counters(first) == before


def test_confirm_names_every_row_that_no_longer_passes_and_only_those(media, staff_user, classes, people, other_agency):
    first, second = classes
    rows = [
        [first.code, people[0].personal_id],  # still fine
        [second.code, people[1].personal_id],  # its class gets cancelled
        [first.code, people[2].personal_id],  # moves to another agency
    ]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    TrainingClass.objects.filter(pk=second.pk).update(status=ClassStatus.CANCELLED)
    Trainee.objects.filter(pk=people[2].pk).update(agency=other_agency)

    refusal = refused(record, staff_user)

    assert [r.split(" – ")[0] for r in refusal.rows] == ["Row 3", "Row 4"]
    assert str(refusal).splitlines() == [refusal.message, *refusal.rows]
    assert not Nomination.objects.filter(trainee__in=people).exists()


def test_the_check_run_again_gives_the_reason_the_refused_confirmation_gave(media, staff_user, classes, people):
    _first, second = classes
    rows = [[second.code, people[0].personal_id]]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    TrainingClass.objects.filter(pk=second.pk).update(status=ClassStatus.FINISHED)

    refusal = refused(record, staff_user)
    _record, plan = import_check(kind="nominations", uploaded=upload(NOMINATION_HEADERS, rows), by=staff_user)

    assert [(e.row, e.column, e.value) for e in plan.errors] == [(2, "Class code", second.code)]
    assert refusal.rows[0].endswith(": " + plan.errors[0].reason)


def test_a_file_still_good_at_the_confirmation_is_applied(media, staff_user, classes, people, agency):
    first, second = classes
    rows = [[first.code, people[0].personal_id], [second.code, people[1].personal_id]]
    record = checked("nominations", NOMINATION_HEADERS, rows, staff_user)
    services.nomination_submit(trainee=TraineeFactory(agency=agency), training_class=first)  # seats still left

    assert import_apply(record=record, by=staff_user).created_count == 2
    assert Nomination.objects.filter(trainee__in=people[:2]).count() == 2
    first.refresh_from_db()
    assert first.taken_seats == Nomination.objects.holding_seats().filter(training_class=first).count() == 4


def test_the_console_lists_each_refused_row_after_a_refused_confirmation(media, client, staff_user, classes, people):
    _first, second = classes
    record = checked("nominations", NOMINATION_HEADERS, [[second.code, people[0].personal_id]], staff_user)
    TrainingClass.objects.filter(pk=second.pk).update(status=ClassStatus.CANCELLED)
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"

    response = client.post("/admin/courses/nomination/import/", {"record": record.pk, "confirm": "1"}, follow=True)

    shown = [str(m) for m in response.context["messages"]]
    assert shown[0].startswith("Nothing was saved")
    assert shown[1] == line(2, second, people[0], "The class is cancelled or finished.")
    assert not Nomination.objects.filter(trainee=people[0]).exists()


# --- the other kinds ----------------------------------------------------------------------------

CLASS_HEADERS = ["Class code", "Plan year", "Category code", "Seats"]


def test_class_import_confirm_refuses_fewer_seats_than_were_allotted_meanwhile(media, staff_user, agency, other_agency):
    training_class = TrainingClassFactory(code="2025-KN-01", planned_seats=10)
    services.allotment_set(training_class=training_class, agency=agency, seats=3)
    row = [training_class.code, 2025, training_class.target.category.code, 3]
    record = checked("classes", CLASS_HEADERS, [row], staff_user)
    services.allotment_set(training_class=training_class, agency=other_agency, seats=2)

    refusal = refused(record, staff_user)

    assert refusal.rows == [
        "Row 2 – 2025-KN-01: 5 seats are already allotted to agencies: reduce the allotments first."
    ]
    assert TrainingClass.objects.get(pk=training_class.pk).planned_seats == 10


def test_class_import_confirm_refuses_a_class_whose_plan_was_closed_meanwhile(media, staff_user):
    training_class = TrainingClassFactory(code="2025-KN-01", planned_seats=10)
    row = [training_class.code, 2025, training_class.target.category.code, 12]
    record = checked("classes", CLASS_HEADERS, [row], staff_user)
    TrainingPlan.objects.filter(pk=training_class.target.plan_id).update(status=PlanStatus.CLOSED)

    refusal = refused(record, staff_user)

    assert refusal.rows == ["Row 2 – 2025-KN-01: The open plan of that year has no target for this category."]
    assert TrainingClass.objects.get(pk=training_class.pk).planned_seats == 10


def test_allotment_import_confirm_names_every_row_that_no_longer_fits(media, staff_user, agency, other_agency):
    full = TrainingClassFactory(code="2025-KN-01", planned_seats=10)
    gone = TrainingClassFactory(code="2025-KN-02", planned_seats=10)
    headers = ["Class code", "Agency code", "Seats"]
    rows = [[full.code, agency.code, 5], [gone.code, agency.code, 5]]
    record = checked("allotments", headers, rows, staff_user)
    services.allotment_set(training_class=full, agency=other_agency, seats=8)
    gone.delete()

    refusal = refused(record, staff_user)

    assert refusal.rows == [
        "Row 2 – 2025-KN-01, LS-STC, 5: The class 2025-KN-01 has 10 seats but its allotments would add up to 13.",
        "Row 3 – 2025-KN-02, LS-STC, 5: Unknown class code.",
    ]
    assert not SeatAllotment.objects.filter(agency=agency).exists()
    assert TrainingClass.objects.get(pk=full.pk).allotted_seats == 8


def test_agency_import_confirm_refuses_a_parent_removed_meanwhile(media, staff_user):
    parent = AgencyFactory(code="LS-UBND-CL", name="UBND huyện Cao Lộc")
    headers = ["Agency code", "Agency name", "Abbreviation", "Parent agency code"]
    record = checked("agencies", headers, [["LS-PNV-CL", "Phòng Nội vụ", "PNV", "LS-UBND-CL"]], staff_user)
    parent.delete()

    refusal = refused(record, staff_user)

    assert refusal.rows == [
        "Row 2 – LS-PNV-CL, Phòng Nội vụ, PNV: Unknown agency code: it is neither in the database nor in this file."
    ]
    assert not Agency.objects.filter(code="LS-PNV-CL").exists()


def test_trainee_import_confirm_names_each_row_changed_or_added_by_someone_else(media, staff_user, agency):
    person = TraineeFactory(personal_id="020190001234", agency=agency, full_name="Hoàng Thị Lan")
    headers = ["Personal identification number", "Full name", "Date of birth", "Gender", "Agency code"]
    rows = [
        ["020190001234", "Hoàng Thị Lan Anh", "14/03/1988", "Nữ", "LS-STC"],
        ["020190009999", "Lý Thị Hoa", "14/03/1990", "Nữ", "LS-STC"],
    ]
    record = checked("trainees", headers, rows, staff_user)
    Trainee.objects.filter(pk=person.pk).update(full_name="Hoàng Lan")
    TraineeFactory(personal_id="020190009999", agency=agency)

    refusal = refused(record, staff_user)

    assert refusal.rows == [
        "Row 2 – 020190001234, Hoàng Thị Lan Anh, 14/03/1988: It was changed by someone else since the check.",
        "Row 3 – 020190009999, Lý Thị Hoa, 14/03/1990: It was created by someone else since the check.",
    ]
    assert Trainee.objects.get(pk=person.pk).full_name == "Hoàng Lan"


def test_a_long_refusal_names_the_first_rows_and_counts_the_rest(media, staff_user, classes, people, monkeypatch):
    from training_portal import importing

    _first, second = classes
    record = checked("nominations", NOMINATION_HEADERS, [[second.code, p.personal_id] for p in people], staff_user)
    TrainingClass.objects.filter(pk=second.pk).update(status=ClassStatus.CANCELLED)
    monkeypatch.setattr(importing, "REFUSED_ROWS_TOLD", 2)

    refusal = refused(record, staff_user)

    assert [r.split(" – ")[0] for r in refusal.rows[:2]] == ["Row 2", "Row 3"]
    assert refusal.rows[2:] == ["… and 1 more row."]
