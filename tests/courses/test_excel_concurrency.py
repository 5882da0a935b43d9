"""A staff Excel import of nominations racing the portal for the same seats, on PostgreSQL."""

import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import translation
from openpyxl import Workbook

from courses import services
from courses.models import Nomination, SeatAllotment, Trainee, TrainingClass
from tests.factories import AgencyFactory, TraineeFactory, TrainingClassFactory
from tests.utils import requires_postgres
from training_portal.importing import ImportAborted, import_apply, import_check

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_an_import_and_the_portal_racing_for_the_last_seats_never_oversell(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agency = AgencyFactory()
    training_class = TrainingClassFactory(planned_seats=20)
    services.allotment_set(training_class=training_class, agency=agency, seats=8)
    in_file = TraineeFactory.create_batch(6, agency=agency)
    at_the_portal = TraineeFactory.create_batch(6, agency=agency)
    workbook = Workbook()
    workbook.active.append(["Class code", "Personal identification number"])
    for trainee in in_file:
        workbook.active.append([training_class.code, trainee.personal_id])
    buffer = io.BytesIO()
    workbook.save(buffer)
    record, plan = import_check(kind="nominations", uploaded=SimpleUploadedFile("ds.xlsx", buffer.getvalue()), by=None)
    assert not plan.errors  # 6 of the 8 seats are free at the check

    barrier = threading.Barrier(1 + len(at_the_portal))

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
            return "ok"
        except (ValidationError, ImportAborted):
            return "refused"
        finally:
            connection.close()

    jobs = [lambda: import_apply(record=record, by=None)]
    jobs += [lambda t=t: services.nomination_submit(trainee=t, training_class=training_class) for t in at_the_portal]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(run, jobs))

    allotment = SeatAllotment.objects.get(training_class=training_class, agency=agency)
    holding = Nomination.objects.holding_seats().filter(training_class=training_class).count()
    assert holding == allotment.taken_seats == TrainingClass.objects.get(pk=training_class.pk).taken_seats <= 8
    imported = Nomination.objects.filter(trainee__in=in_file).count()
    assert imported in (0, 6)  # the file went in whole or not at all
    assert results[0] == ("ok" if imported else "refused")


def _wait_for_a_blocked_lock(timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


@pytest.mark.parametrize("change", ["person moves to another agency", "class is cancelled"])
def test_a_change_committed_while_the_confirmation_waits_for_its_lock_is_seen_by_it(settings, tmp_path, change):
    """The confirmation re-checks the rows it locked, as they are once locked, not as they were before it waited."""
    settings.MEDIA_ROOT = tmp_path
    agency, elsewhere = AgencyFactory(), AgencyFactory(name="Sở Xây dựng")
    training_class = TrainingClassFactory(planned_seats=20)
    services.allotment_set(training_class=training_class, agency=agency, seats=8)
    in_file = TraineeFactory.create_batch(2, agency=agency)
    workbook = Workbook()
    workbook.active.append(["Class code", "Personal identification number"])
    for trainee in in_file:
        workbook.active.append([training_class.code, trainee.personal_id])
    buffer = io.BytesIO()
    workbook.save(buffer)
    record, plan = import_check(kind="nominations", uploaded=SimpleUploadedFile("ds.xlsx", buffer.getvalue()), by=None)
    assert not plan.errors

    changed, release = threading.Event(), threading.Event()

    def change_the_world():
        try:
            with transaction.atomic():
                if change == "class is cancelled":
                    TrainingClass.objects.filter(pk=training_class.pk).update(status="cancelled")
                else:
                    Trainee.objects.filter(pk=in_file[1].pk).update(agency=elsewhere)
                changed.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def confirm():
        try:
            changed.wait(timeout=30)
            with translation.override("en"):  # a thread starts in the site's language
                import_apply(record=record, by=None)
            return None
        except ImportAborted as exc:
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        other = pool.submit(change_the_world)
        confirmation = pool.submit(confirm)
        blocked = _wait_for_a_blocked_lock()
        release.set()
        other.result(timeout=30)
        refusal = confirmation.result(timeout=30)

    assert blocked, "the confirmation did not wait for the row being changed"
    assert isinstance(refusal, ImportAborted)
    reason = "cancelled or finished" if change == "class is cancelled" else "moved to another agency (Sở Xây dựng)"
    assert reason in str(refusal)
    assert not Nomination.objects.filter(trainee__in=in_file).exists()
    assert SeatAllotment.objects.get(training_class=training_class, agency=agency).taken_seats == 0
    assert TrainingClass.objects.get(pk=training_class.pk).taken_seats == 0
