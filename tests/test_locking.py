"""Row locks through one helper: inside a transaction only, in one global order, and never waiting for ever."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import OperationalError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import Nomination, SeatAllotment, TrainingClass
from tests.factories import AgencyFactory, TraineeFactory, TrainingClassFactory
from tests.utils import requires_postgres
from training_portal.admin_utils import run_service_on_each
from training_portal.env import lock_timeout_option
from training_portal.locking import LOCK_ORDER, LockBusy, LockOrderError, any_order, lock, lock_one

TODAY = datetime.date.today()


class Boom(Exception):
    pass


@pytest.fixture(
    params=[
        pytest.param("test case", marks=pytest.mark.django_db),
        pytest.param("committed", marks=pytest.mark.django_db(transaction=True)),
    ]
)
def database(request):
    """Each rule holds both in a test case's wrapping transaction and against a real database's commits."""
    return request.param


@pytest.fixture
def training_class(database):
    return TrainingClassFactory()


@transaction.atomic
def lock_in_turn(*rows):
    """A service's transaction: the same decorated function (one Atomic object, reused) for every call."""
    return [lock_one(row) for row in rows]


# --- inside a transaction only -----------------------------------------------------------------


def test_locking_outside_a_transaction_is_refused(training_class):
    with pytest.raises(TransactionManagementError, match="only inside a transaction"):
        lock_one(training_class)
    with pytest.raises(TransactionManagementError):
        lock(TrainingClass, [training_class.pk], values=())


def test_inside_a_transaction_a_row_is_read_again_as_it_is_now(training_class):
    TrainingClass.objects.filter(pk=training_class.pk).update(planned_seats=12)
    with transaction.atomic():
        locked = lock_one(training_class)
    assert locked.planned_seats == 12
    assert locked is not training_class


def test_a_row_deleted_meanwhile_is_reported_as_get_would(training_class):
    agency = AgencyFactory()
    with transaction.atomic():
        assert (
            lock_one(SeatAllotment.objects.filter(training_class=training_class, agency=agency), missing_ok=True)
            is None
        )
        with pytest.raises(TrainingClass.DoesNotExist):
            lock_one(TrainingClass, training_class.pk + 1000)


# --- one global order --------------------------------------------------------------------------


def test_every_name_in_the_lock_order_is_a_model():
    assert len(set(LOCK_ORDER)) == len(LOCK_ORDER)
    for label in LOCK_ORDER:
        assert apps.get_model(label)


def test_a_model_earlier_in_the_order_cannot_be_locked_after_a_later_one(training_class):
    plan = training_class.target.plan
    with pytest.raises(LockOrderError, match=r"courses.TrainingClass locked after plans.TrainingPlan"):
        lock_in_turn(plan, training_class)
    assert lock_in_turn(training_class, plan)


def test_a_model_with_no_place_in_the_order_cannot_be_locked(database):
    group = Group.objects.create(name="Chuyên viên")
    with transaction.atomic(), pytest.raises(LockOrderError, match=r"auth\.Group has no place in LOCK_ORDER"):
        lock_one(group)


def test_a_row_already_held_can_be_locked_again_in_any_order(training_class):
    plan = training_class.target.plan
    assert lock_in_turn(training_class, plan, training_class)


def test_rows_locked_with_a_row_count_as_held(training_class):
    agency = AgencyFactory()
    services.allotment_set(training_class=training_class, agency=agency, seats=2)
    nominee, other = TraineeFactory.create_batch(2, agency=agency)
    nomination = services.nomination_submit(trainee=nominee, training_class=training_class)
    with transaction.atomic():
        locked = lock_one(nomination, related=("trainee", "training_class"))
        assert locked.trainee == nominee
        assert lock_one(nominee)  # locked with the nomination: no wait, no breach of the order
        with pytest.raises(LockOrderError):
            lock_one(other)


def test_the_order_starts_again_after_a_commit(training_class):
    lock_in_turn(training_class.target.plan)
    assert lock_in_turn(training_class)


def test_the_order_starts_again_after_a_rollback(training_class):
    with pytest.raises(Boom), transaction.atomic():
        lock_one(training_class.target.plan)
        raise Boom
    assert lock_in_turn(training_class)


def test_a_savepoint_rolled_back_takes_its_locks_with_it(training_class):
    with transaction.atomic():
        with pytest.raises(Boom), transaction.atomic():
            lock_one(training_class.target.plan)
            raise Boom
        assert lock_one(training_class)


def test_a_long_transaction_chaining_services_may_lift_the_order_for_its_block(training_class):
    plan = training_class.target.plan
    with transaction.atomic():
        with any_order():
            assert lock_one(plan) and lock_one(training_class)
        with pytest.raises(LockOrderError):
            lock_one(AgencyFactory())


def test_rows_of_a_model_are_locked_in_primary_key_order(database):
    classes = TrainingClassFactory.create_batch(3)
    wanted = [classes[2].pk, classes[0].pk, classes[1].pk]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = lock(TrainingClass.objects.filter(pk__in=wanted).order_by("-pk"))
    assert [c.pk for c in locked] == sorted(wanted)
    sql = queries.captured_queries[0]["sql"]
    assert 'ORDER BY "courses_trainingclass"."id" ASC' in sql
    if connection.vendor == "postgresql":
        assert sql.endswith('FOR UPDATE OF "courses_trainingclass"')


def test_values_come_back_with_their_primary_key(database):
    agency = AgencyFactory()
    trainee = TraineeFactory(agency=agency)
    with transaction.atomic():
        assert lock(TrainingClass.objects.none()) == []
        assert dict(lock(type(trainee), [trainee.pk], values=("agency_id",))) == {trainee.pk: agency.pk}


# --- the answer when someone holds the rows too long -------------------------------------------


def test_a_lock_timeout_answers_with_a_page_that_says_to_try_again(client, focal_point, agency, monkeypatch):
    training_class = TrainingClassFactory()
    services.allotment_set(training_class=training_class, agency=agency, seats=2)
    person = TraineeFactory(agency=agency)

    def busy(**kwargs):
        raise LockBusy

    monkeypatch.setattr(services, "nomination_submit", busy)
    client.force_login(focal_point)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = reverse("portal:class_detail", args=[training_class.pk])
    response = client.post(
        reverse("portal:nominate", args=[training_class.pk]), {"trainee": person.pk}, HTTP_REFERER=page
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "base.html" in [template.name for template in response.templates]
    content = response.content.decode()
    assert "Someone else is changing the same data right now. Please try again in a moment." in content
    assert f'href="{page}"' in content


def test_the_database_giving_up_on_a_lock_in_any_statement_gets_the_same_page(client, focal_point, agency, monkeypatch):
    class LockNotAvailable(Exception):
        pgcode = "55P03"

    def timed_out(**kwargs):
        raise OperationalError("canceling statement due to lock timeout") from LockNotAvailable()

    training_class = TrainingClassFactory()
    services.allotment_set(training_class=training_class, agency=agency, seats=2)
    monkeypatch.setattr(services, "nomination_submit", timed_out)
    client.force_login(focal_point)
    response = client.post(
        reverse("portal:nominate", args=[training_class.pk]),
        {"trainee": TraineeFactory(agency=agency).pk},
        HTTP_REFERER="https://elsewhere.example/",
    )
    assert response.status_code == 503
    assert f'href="{reverse("home")}"' in response.content.decode()  # never back to another site


def test_an_admin_action_names_the_object_that_was_busy_and_goes_on():
    said = []

    class Console:
        def message_user(self, request, message, level):
            said.append(str(message))

    def service(obj, *, by):
        if obj == "busy":
            raise LockBusy

    run_service_on_each(Console(), type("Request", (), {"user": None}), ["busy", "free"], service, "%(count)s done")
    assert said == [
        "busy: Someone else is changing the same data right now. Please try again in a moment.",
        "1 done",
    ]


# --- on PostgreSQL: the wait is bounded ----------------------------------------------------------


@pytest.fixture
def short_lock_timeout(monkeypatch):
    """Connections opened from now on give up after one second, as LOCK_TIMEOUT=1 would have them."""
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "options", lock_timeout_option(1))


def while_held(row, job):
    """Run `job` in another thread (its own connection) while this one holds `row` locked; its result, or the
    exception it raised. If the job waited for the lock to be released, the 30 s guard fails the test."""

    def run():
        try:
            return job()
        except Exception as exc:  # handed back to the test to assert on
            return exc
        finally:
            connection.close()

    with transaction.atomic():
        lock_one(row)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(run).result(timeout=30)


@requires_postgres
def test_connections_wait_for_a_lock_at_most_lock_timeout(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == f"{settings.LOCK_TIMEOUT}s"


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_transaction_waiting_longer_than_the_lock_timeout_gets_lock_busy(short_lock_timeout):
    training_class = TrainingClassFactory()

    @transaction.atomic
    def second():
        return lock_one(training_class)

    outcome = while_held(training_class, second)

    assert isinstance(outcome, LockBusy)
    assert outcome.message == "Someone else is changing the same data right now. Please try again in a moment."


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_nomination_blocked_by_a_held_class_answers_503_and_changes_nothing(
    client, focal_point, agency, short_lock_timeout
):
    training_class = TrainingClassFactory(
        start_date=TODAY + datetime.timedelta(days=30),
        end_date=TODAY + datetime.timedelta(days=34),
        registration_opens=TODAY - datetime.timedelta(days=1),
        registration_closes=TODAY + datetime.timedelta(days=10),
    )
    services.allotment_set(training_class=training_class, agency=agency, seats=2)
    person = TraineeFactory(agency=agency)
    client.force_login(focal_point)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def post():
        return client.post(reverse("portal:nominate", args=[training_class.pk]), {"trainee": person.pk})

    response = while_held(training_class, post)

    assert response.status_code == 503
    assert "Someone else is changing the same data right now." in response.content.decode()
    assert not Nomination.objects.filter(trainee=person).exists()
    assert TrainingClass.objects.get(pk=training_class.pk).taken_seats == 0
    assert SeatAllotment.objects.get(training_class=training_class, agency=agency).taken_seats == 0
