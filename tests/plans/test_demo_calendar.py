"""The demo loaded on other days than today: it never goes stale.

Each day's demo is loaded once for this module (about ten seconds each), inside a transaction rolled back when
the module moves on to the next day, with the clock travelled to that day (time-machine) for the load and the
tests. The days: 31 December (the current plan's open classes start in the next year), 1 January (its finished
ones ran in the year before, and last year's plan is a recent one), and 200 days from today.
"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone, translation

from courses import selectors
from courses.models import ClassStatus, Nomination, NominationStatus, SeatAllotment, TrainingClass
from plans import demo
from plans.models import Agency, CategoryKind, PlanTarget, TrainingPlan
from tests.plans.test_demo import assert_current_classes_fit_their_dates, assert_loading_again_changes_nothing
from tests.utils import rolled_back

REAL_TODAY = datetime.date.today()
DAYS = (
    datetime.date(REAL_TODAY.year, 12, 31),
    datetime.date(REAL_TODAY.year + 1, 1, 1),
    REAL_TODAY + datetime.timedelta(days=200),
)
FOCAL_POINTS = {"daumoi.sotaichinh": "LS-STC", "daumoi.tpls": "LS-TPLS"}


@pytest.fixture(scope="module", params=DAYS, ids=lambda day: day.isoformat())
def demo_day(request, django_db_setup, django_db_blocker, fast_password_hashing):
    """The demo as loaded at ten in the morning (Hà Nội) of the day; the clock stays on that day for the tests."""
    day = request.param
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(moment), django_db_blocker.unblock(), rolled_back():
        call_command("load_demo", force=True, stdout=StringIO())
        yield day


@pytest.mark.django_db
def test_the_clock_is_on_the_load_day(demo_day):
    assert timezone.localdate() == demo_day


@pytest.mark.django_db
def test_current_plan_has_every_state_around_the_load_day(demo_day):
    assert_current_classes_fit_their_dates(demo_day)


@pytest.mark.django_db
def test_no_class_status_contradicts_its_dates(demo_day):
    classes = list(TrainingClass.objects.all())
    assert classes
    contradicting = [(c.code, c.status, c.status_on(demo_day)) for c in classes if c.status != c.status_on(demo_day)]
    assert contradicting == []


@pytest.mark.django_db
def test_2025_keeps_the_seed_figures(demo_day):
    plan = TrainingPlan.objects.get(issuing_agency__code=demo.ROOT, year=2025)

    def targets(**filters):
        totals = PlanTarget.objects.filter(plan=plan, **filters).aggregate(
            c=Sum("planned_classes"), s=Sum("planned_seats")
        )
        return totals["c"], totals["s"]

    assert targets(category__kind=CategoryKind.DEGREE) == (0, 55)
    assert targets(category__kind=CategoryKind.REFRESHER) == (75, 10_635)
    assert targets(category__kind=CategoryKind.REFRESHER, category__is_overseas=False) == (74, 10_625)
    assert targets(category__kind=CategoryKind.REFRESHER, category__is_overseas=True) == (1, 10)
    classes = TrainingClass.objects.filter(target__plan=plan, target__category__kind=CategoryKind.REFRESHER)
    assert classes.aggregate(n=Count("id"), s=Sum("planned_seats")) == {"n": 75, "s": 10_635}


@pytest.mark.django_db
def test_last_years_plan_is_finished(demo_day):
    last_year = demo_day.year - 1
    classes = TrainingClass.objects.filter(target__plan__issuing_agency__code=demo.ROOT, target__plan__year=last_year)
    assert classes.exists()
    assert set(classes.values_list("status", flat=True)) == {ClassStatus.FINISHED}
    assert not Nomination.objects.filter(
        training_class__in=classes, status__in=[NominationStatus.NOMINATED, NominationStatus.APPROVED]
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", FOCAL_POINTS)
def test_each_focal_point_sees_classes_open_now_and_nominates_someone_into_a_real_seat(demo_day, client, username):
    agency = Agency.objects.get(code=FOCAL_POINTS[username])
    user = get_user_model().objects.get(username=username)
    open_now = [
        c
        for c in selectors.classes_open_to(agency, status=ClassStatus.OPEN)
        if selectors.window_state(c, c.agency_deadline, demo_day) is None
    ]
    assert open_now, f"{username} has no class open for nomination on {demo_day}"

    client.force_login(user)
    with translation.override("vi"):
        page = client.get(reverse("portal:class_list")).content.decode()
    for training_class in open_now:
        assert training_class.code in page
    with translation.override("vi"):
        open_label = str(ClassStatus.OPEN.label)
    assert open_label in page

    nominated = None
    for training_class in open_now:
        if training_class.agency_free <= 0:
            continue
        candidate = next(
            (c for c in selectors.candidates_for(agency, training_class, limit=500) if c.can_nominate), None
        )
        if candidate is not None:
            nominated = (training_class, candidate.trainee)
            break
    assert nominated, f"{username} finds nobody to nominate into a free seat on {demo_day}"
    training_class, trainee = nominated
    allotment = SeatAllotment.objects.get(training_class=training_class, agency=agency)
    taken_before = allotment.taken_seats

    response = client.post(reverse("portal:nominate", args=[training_class.pk]), {"trainee": trainee.pk})

    assert response.status_code == 302
    nomination = Nomination.objects.get(training_class=training_class, trainee=trainee)
    assert (nomination.status, nomination.agency_id) == (NominationStatus.NOMINATED, agency.pk)
    allotment.refresh_from_db()
    assert allotment.taken_seats == taken_before + 1  # a real seat, not the waiting list


@pytest.mark.django_db
def test_loading_again_the_same_day_changes_nothing(demo_day):
    assert_loading_again_changes_nothing()
