"""Each rule once: a refusal is a code, worded by one table, whoever meets it (portal, console, importer)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from courses import selectors, services
from courses.models import NominationStatus, TrainingClass, class_problems
from courses.refusals import MESSAGES, Refusal, Refused
from courses.resources import ClassImporter
from tests.factories import AgencyFactory, RankFactory, TraineeFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def test_every_refusal_code_has_one_message():
    assert set(MESSAGES) == set(Refusal)
    assert len({str(text) for text in MESSAGES.values()}) == len(Refusal)  # no two codes for one wording


def test_a_refusal_raised_by_a_service_carries_its_code_and_its_words():
    refused = Refused(Refusal.OVER_ALLOTTED, code="2025-A", seats=10, total=12)
    assert isinstance(refused, ValidationError)
    assert (refused.code, refused.refusal) == ("over_allotted", Refusal.OVER_ALLOTTED)
    assert refused.messages == ["The class 2025-A has 10 seats but its allotments would add up to 12."]


def _one_and_batch(trainee, training_class):
    """The refusal of one person through nomination_submit, and of the same person as a row of a staff batch."""
    row = {
        "trainee_id": trainee.pk,
        "training_class_id": training_class.pk,
        "agency_id": trainee.agency_id,
        "status": NominationStatus.NOMINATED,
    }
    batch = services.nomination_batch_problems([row])
    with pytest.raises(ValidationError) as single:
        services.nomination_submit(trainee=trainee, training_class=training_class)
    return " ".join(single.value.messages), batch[0][1]


def test_one_person_and_a_batch_of_one_are_refused_in_the_same_words_when_the_person_moved():
    training_class = TrainingClassFactory(planned_seats=5)
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=2)
    type(trainee).objects.filter(pk=trainee.pk).update(agency=AgencyFactory(name="Sở Y tế"))
    single, batch = _one_and_batch(trainee, training_class)
    assert single == batch == "This person has moved to another agency (Sở Y tế)."


def test_one_person_and_a_batch_of_one_are_refused_in_the_same_words_outside_the_ranks():
    training_class = TrainingClassFactory(planned_seats=5)
    training_class.eligible_ranks.add(RankFactory(code="01.002", name="Chuyên viên chính"))
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=2)
    single, batch = _one_and_batch(trainee, training_class)
    assert single == batch == "This person's rank is not among the class's ranks."


def test_one_person_and_a_batch_of_one_are_refused_in_the_same_words_without_a_seat():
    training_class = TrainingClassFactory(planned_seats=5)
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=1)
    services.nomination_submit(trainee=TraineeFactory(agency=trainee.agency), training_class=training_class)
    single, batch = _one_and_batch(trainee, training_class)
    assert single == batch == "The person's agency has no seat left in this class."


def test_the_portal_page_and_the_service_read_one_nomination_window():
    training_class = TrainingClassFactory(
        status="open",
        start_date=TODAY + datetime.timedelta(days=30),
        end_date=TODAY + datetime.timedelta(days=31),
        registration_opens=TODAY - datetime.timedelta(days=9),
        registration_closes=TODAY - datetime.timedelta(days=1),
    )
    trainee = TraineeFactory()
    services.allotment_set(training_class=training_class, agency=trainee.agency, seats=2)
    state = selectors.window_state(training_class, training_class.registration_closes, TODAY)
    assert state.code == Refusal.WINDOW_CLOSED
    with pytest.raises(ValidationError) as refused:
        services.nomination_submit(trainee=trainee, training_class=training_class, enforce_window=True)
    assert (refused.value.code, refused.value.messages) == (state.code, [state.message])


def test_the_console_and_the_class_import_refuse_a_class_in_the_same_words():
    start = TODAY + datetime.timedelta(days=30)
    values = {
        "start_date": start,
        "end_date": start - datetime.timedelta(days=1),
        "registration_closes": start + datetime.timedelta(days=1),
        "organiser_id": None,
        "provider_id": None,
        "planned_seats": 5,
    }
    training_class = TrainingClass(**values)
    with pytest.raises(ValidationError) as refused:
        training_class.clean()
    assert refused.value.message_dict == {
        "end_date": ["The class cannot end before it starts."],
        "registration_closes": ["The nomination deadline cannot be after the class starts."],
        "organiser": ["Name the organising agency or the provider partner."],
    }
    assert [(p.field, p.message) for p in class_problems(values)] == [
        ("end_date", "The class cannot end before it starts."),
        ("registration_closes", "The nomination deadline cannot be after the class starts."),
        ("organiser_id", "Name the organising agency or the provider partner."),
    ]
    assert not hasattr(ClassImporter, "row_problems")  # the importer has no rules of its own


def test_allotment_set_and_the_allotment_import_refuse_in_the_same_words():
    training_class = TrainingClassFactory(code="2025-A", planned_seats=10)
    first, second = AgencyFactory(), AgencyFactory()
    services.allotment_set(training_class=training_class, agency=first, seats=7)
    problems = services.allotment_problems({(training_class.pk, second.pk): 4})
    with pytest.raises(ValidationError) as refused:
        services.allotment_set(training_class=training_class, agency=second, seats=4)
    assert refused.value.messages == [problems[(training_class.pk, second.pk)]]
    assert refused.value.messages == ["The class 2025-A has 10 seats but its allotments would add up to 11."]
