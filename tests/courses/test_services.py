import pytest
from django.core.exceptions import ValidationError

from courses import services
from courses.models import Nomination, NominationStatus, SeatAllotment, Trainee, TrainingClass
from tests.factories import AgencyFactory, TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def training_class():
    return TrainingClassFactory(planned_seats=10)


def seats_of(training_class, agency):
    allotment = SeatAllotment.objects.get(training_class=training_class, agency=agency)
    return allotment.seats, allotment.taken_seats


def test_allotments_are_summed_on_the_class(training_class):
    first, second = AgencyFactory(), AgencyFactory()
    services.allotment_set(training_class=training_class, agency=first, seats=6)
    services.allotment_set(training_class=training_class, agency=second, seats=4)
    training_class.refresh_from_db()
    assert training_class.allotted_seats == 10
    services.allotment_set(training_class=training_class, agency=first, seats=3)
    training_class.refresh_from_db()
    assert training_class.allotted_seats == 7


def test_allotment_beyond_the_class_seats_is_refused_with_the_total_it_would_make(training_class):
    services.allotment_set(training_class=training_class, agency=AgencyFactory(), seats=7)
    with pytest.raises(ValidationError, match="has 10 seats but its allotments would add up to 11"):
        services.allotment_set(training_class=training_class, agency=AgencyFactory(), seats=4)
    training_class.refresh_from_db()
    assert training_class.allotted_seats == 7


def test_allotment_cannot_drop_below_the_seats_already_taken(training_class):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=2)
    services.nomination_submit(trainee=trainee, training_class=training_class)
    with pytest.raises(ValidationError, match="cannot have fewer seats"):
        services.allotment_set(training_class=training_class, agency=trainee.agency, seats=0)
    assert seats_of(training_class, trainee.agency) == (2, 1)


def test_allotment_of_zero_without_nominations_removes_it(training_class):
    agency = AgencyFactory()
    services.allotment_set(training_class=training_class, agency=agency, seats=5)
    services.allotment_set(training_class=training_class, agency=agency, seats=0)
    assert not SeatAllotment.objects.filter(training_class=training_class, agency=agency).exists()
    training_class.refresh_from_db()
    assert training_class.allotted_seats == 0


def test_nomination_takes_one_of_the_agencys_seats(training_class):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=2)
    nomination = services.nomination_submit(trainee=trainee, training_class=training_class)
    assert nomination.status == NominationStatus.NOMINATED
    assert nomination.agency == trainee.agency
    assert seats_of(training_class, trainee.agency) == (2, 1)


def test_agency_cannot_nominate_beyond_its_allotment(training_class):
    agency = AgencyFactory()
    services.allotment_set(training_class=training_class, agency=agency, seats=1)
    services.nomination_submit(trainee=TraineeFactory(agency=agency), training_class=training_class)
    with pytest.raises(ValidationError, match="no seat left"):
        services.nomination_submit(trainee=TraineeFactory(agency=agency), training_class=training_class)
    assert Nomination.objects.count() == 1


def test_agency_without_allotment_cannot_nominate(training_class):
    with pytest.raises(ValidationError, match="no seats allotted"):
        services.nomination_submit(trainee=TraineeFactory(), training_class=training_class)
    assert not Nomination.objects.exists()


def test_double_submit_creates_one_nomination(training_class):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=3)
    services.nomination_submit(trainee=trainee, training_class=training_class)
    with pytest.raises(ValidationError, match="already nominated"):
        services.nomination_submit(trainee=trainee, training_class=training_class)
    assert Nomination.objects.count() == 1
    assert seats_of(training_class, trainee.agency) == (3, 1)


@pytest.mark.parametrize("status", ["cancelled", "finished"])
def test_closed_class_takes_no_nominations(status):
    training_class = TrainingClassFactory(status=status)
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=3)
    with pytest.raises(ValidationError, match="cancelled or finished"):
        services.nomination_submit(trainee=trainee, training_class=training_class)


def test_class_cancelled_after_the_page_was_read_takes_no_nomination(training_class):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=3)
    page_copy = type(training_class).objects.get(pk=training_class.pk)  # read before the cancellation
    type(training_class).objects.filter(pk=training_class.pk).update(status="cancelled")
    with pytest.raises(ValidationError, match="cancelled or finished"):
        services.nomination_submit(trainee=trainee, training_class=page_copy, enforce_window=True)
    assert not Nomination.objects.exists()
    assert seats_of(training_class, trainee.agency) == (3, 0)


def test_person_moved_to_another_agency_after_being_read_takes_no_seat_of_the_old_one(training_class):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=3)
    Trainee.objects.filter(pk=trainee.pk).update(agency=AgencyFactory())  # meanwhile, in the staff console
    with pytest.raises(ValidationError, match="moved to another agency"):
        services.nomination_submit(trainee=trainee, training_class=training_class)
    assert not Nomination.objects.exists()
    assert seats_of(training_class, trainee.agency) == (3, 0)


def test_rejection_needs_a_reason_and_frees_the_seat(training_class):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=1)
    nomination = services.nomination_submit(trainee=trainee, training_class=training_class)
    with pytest.raises(ValidationError, match="Give a reason"):
        services.nomination_reject(nomination=nomination, reason=" ")
    services.nomination_reject(nomination=nomination, reason="Không thuộc đối tượng của lớp")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.reason) == ("rejected", "Không thuộc đối tượng của lớp")
    assert seats_of(training_class, trainee.agency) == (1, 0)


def test_withdrawn_person_can_be_nominated_again_on_the_same_record(training_class):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=1)
    nomination = services.nomination_submit(trainee=trainee, training_class=training_class)
    services.nomination_withdraw(nomination=nomination, reason="Bận công tác")
    again = services.nomination_submit(trainee=trainee, training_class=training_class)
    assert again.pk == nomination.pk
    assert (again.status, again.reason) == ("nominated", "")
    assert seats_of(training_class, trainee.agency) == (1, 1)


def test_nomination_follows_the_chain_to_completion_keeping_its_seat(training_class):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=1)
    nomination = services.nomination_submit(trainee=trainee, training_class=training_class)
    services.nomination_approve(nomination=nomination)
    services.nomination_record_attendance(nomination=nomination)
    services.nomination_record_result(nomination=nomination, completed=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.COMPLETED
    assert nomination.decided_at is not None
    assert seats_of(training_class, trainee.agency) == (1, 1)


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], NominationStatus.COMPLETED),
        ([], NominationStatus.ATTENDED),
        (["approved", "attended", "completed"], NominationStatus.WITHDRAWN),
    ],
)
def test_illegal_nomination_step_is_refused_and_changes_nothing(training_class, path, target):
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=1)
    nomination = services.nomination_submit(trainee=trainee, training_class=training_class)
    for status in path:
        services.nomination_change_status(nomination=nomination, to_status=status)
    before = Nomination.objects.get(pk=nomination.pk).status
    with pytest.raises(ValidationError, match="cannot become"):
        services.nomination_change_status(nomination=nomination, to_status=target, reason="x")
    assert Nomination.objects.get(pk=nomination.pk).status == before


def test_a_staff_batch_is_refused_whole_naming_each_row_that_breaks_a_rule_of_a_single_nomination(training_class):
    agency, elsewhere = AgencyFactory(), AgencyFactory(name="Sở Y tế")
    services.allotment_set(training_class=training_class, agency=agency, seats=2)
    people = TraineeFactory.create_batch(3, agency=agency)
    rows = [
        {"trainee_id": p.pk, "training_class_id": training_class.pk, "agency_id": agency.pk, "status": "nominated"}
        for p in people
    ]
    people[0].agency = elsewhere
    people[0].save()

    with pytest.raises(services.BatchRefused) as refused:
        services.nominations_import(rows=rows, by=None, reason="test")

    # Row 0 moved away, so rows 1 and 2 both find a seat of the two: the batch is refused for row 0 alone.
    assert refused.value.problems == {0: ("trainee_id", "This person has moved to another agency (Sở Y tế).")}
    assert not Nomination.objects.exists()
    assert seats_of(training_class, agency) == (2, 0)


def eligibility_problem(*, group_id, rank_id, class_groups, class_ranks):
    """The refusal of the one rule set of a nomination for a person of the right agency, not yet nominated."""
    problem = services.nomination_problem(
        training_class=TrainingClass(status="open"),
        person=services.Person(1, "Sở A", rank_id, group_id),
        agency_id=1,
        existing=None,
        class_groups=class_groups,
        class_ranks=class_ranks,
    )
    return problem and problem.code


def test_single_and_batch_nominations_share_one_eligibility_rule():
    assert eligibility_problem(group_id=1, rank_id=None, class_groups=set(), class_ranks=set()) is None
    assert eligibility_problem(group_id=None, rank_id=5, class_groups={1}, class_ranks={5}) is None
    assert eligibility_problem(group_id=2, rank_id=5, class_groups={1}, class_ranks={5}) == "not_target_group"
    assert eligibility_problem(group_id=1, rank_id=None, class_groups={1}, class_ranks={5}) == ("rank_not_eligible")
