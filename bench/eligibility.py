"""What the rules of eligibility cost: a nomination with and without the check, and the portal's candidate list's
queries at two sizes of staff list.

Runs on the database of DATABASE_URL (the demo's, after `migrate` and `load_demo`, or any), inside one transaction
that is rolled back at the end: nothing is left behind. In it: an overseas class (the kind with the most rules:
service left, last year's rating, the course's language level) with room for every nomination, and people who meet
the rules, each with a rating and other seats held (so that the overlap check has rows to read).

- nomination: `services.nomination_submit` of N people, one by one, alternating the real check with a baseline in
  which eligibility is stubbed (no rules, no reads), in the same run; prints the median and p95 of each and the
  difference (goal: ≤ 5 ms added);
- candidate list: the queries of `selectors.candidates_for` and of the portal's class page for an agency of 10 and
  of 50 people, some refused (goal: the same count).

    .venv/bin/python bench/eligibility.py [--people 200]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from courses import eligibility, selectors, services  # noqa: E402
from courses.models import (  # noqa: E402
    ClassStatus,
    Course,
    Nomination,
    Rating,
    Trainee,
    TrainingClass,
    YearlyRating,
)
from plans.models import Agency, FocalPoint, PlanTarget, TrainingCategory, TrainingPlan  # noqa: E402
from training_portal import locking  # noqa: E402


class Rollback(Exception):
    pass


def make_class(code: str, start: datetime.date, days: int, seats: int, *, overseas: bool) -> TrainingClass:
    category = TrainingCategory.objects.filter(is_overseas=overseas).first() or TrainingCategory.objects.create(
        code=f"bench-{code}", name=f"Bench {code}", is_overseas=overseas
    )
    plan = TrainingPlan.objects.order_by("-year").first()
    target = PlanTarget.objects.filter(plan=plan, category=category).first() or PlanTarget.objects.create(
        plan=plan, category=category, planned_classes=1, planned_seats=seats
    )
    course = Course.objects.create(code=f"BENCH-{code}", title=f"Bench {code}", category=category)
    if overseas:
        course.required_language_level = 3
        course.save()
    return TrainingClass.objects.create(
        code=f"BENCH-{code}",
        title=f"Bench {code}",
        course=course,
        target=target,
        country="Hàn Quốc" if overseas else "Việt Nam",
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        planned_seats=seats,
        organiser=Agency.objects.order_by("pk").first(),
        status=ClassStatus.OPEN,
    )


def people(agency: Agency, count: int, prefix: str, year: int, *, refused: int = 0) -> list[Trainee]:
    """`count` people who meet the rules, but the first `refused`, who have no foreign language recorded."""
    made = Trainee.objects.bulk_create(
        Trainee(
            personal_id=f"{prefix}{index:06d}",
            full_name=f"Bench {prefix} {index}",
            date_of_birth=datetime.date(1985, 1, 1) + datetime.timedelta(days=index),
            gender="F" if index % 2 else "M",
            agency=agency,
            language_level=None if index < refused else 4,
            service_start_date=datetime.date(2010, 1, 1),
        )
        for index in range(count)
    )
    YearlyRating.objects.bulk_create(
        YearlyRating(trainee=t, year=y, rating=Rating.GOOD) for t in made for y in range(year - 4, year)
    )
    return made


class Stubbed:
    """Eligibility stubbed out: the baseline of a nomination without the check (the class's rules of old only)."""

    def __enter__(self):
        self.saved = (eligibility.load, eligibility.class_proposals, eligibility.problems)
        proposals = {}

        def class_proposals(class_ids):
            missing = [pk for pk in class_ids if pk not in proposals]
            if missing:
                proposals.update(self.saved[1](missing))
            return {pk: proposals[pk] for pk in class_ids}

        eligibility.load = lambda *args, **kwargs: eligibility.Context()
        eligibility.class_proposals = class_proposals
        eligibility.problems = lambda **kwargs: []
        return self

    def __exit__(self, *exc):
        eligibility.load, eligibility.class_proposals, eligibility.problems = self.saved


def nominate_timings(count: int) -> tuple[list[float], list[float]]:
    today = timezone.localdate()
    agency = Agency.objects.create(code="BENCH-AG", name="Cơ quan đo thử", abbreviation="BENCH")
    target = make_class("NN", today + datetime.timedelta(days=60), 10, count * 2, overseas=True)
    services.allotment_set(training_class=target, agency=agency, seats=count * 2)
    # Each person holds two other seats (classes before and after), as real people do.
    before = make_class("A", today - datetime.timedelta(days=40), 5, count, overseas=False)
    after = make_class("B", today + datetime.timedelta(days=120), 5, count, overseas=False)
    for other in (before, after):
        services.allotment_set(training_class=other, agency=agency, seats=count)
    everyone = people(agency, count, "0209", target.start_date.year)
    Nomination.objects.bulk_create(
        Nomination(trainee=t, training_class=c, agency=agency) for t in everyone for c in (before, after)
    )
    with_check, without = [], []
    for index, person in enumerate(everyone):
        checked = index % 2 == 0
        if checked:
            started = time.perf_counter()
            services.nomination_submit(trainee=person, training_class=target)
            with_check.append((time.perf_counter() - started) * 1000)
        else:
            with Stubbed():
                started = time.perf_counter()
                services.nomination_submit(trainee=person, training_class=target)
                without.append((time.perf_counter() - started) * 1000)
    return with_check, without


def candidate_queries() -> list[tuple[int, int, int]]:
    today = timezone.localdate()
    agency = Agency.objects.create(code="BENCH-AG2", name="Cơ quan đo thử 2", abbreviation="BENCH2")
    target = make_class("NN2", today + datetime.timedelta(days=30), 10, 100, overseas=True)
    target.registration_opens = today - datetime.timedelta(days=3)
    target.registration_closes = today + datetime.timedelta(days=10)
    target.save()
    services.allotment_set(training_class=target, agency=agency, seats=60)
    focal = get_user_model().objects.create_user("bench.focal", password=None)
    FocalPoint.objects.create(user=focal, agency=agency)
    client = Client()
    client.force_login(focal)
    found = []
    made = 0
    for size in (10, 50):
        people(agency, size - made, f"0208{size:02d}", target.start_date.year, refused=1)
        made = size
        with CaptureQueriesContext(connection) as selector:
            selectors.candidates_for(agency, target)
        with override_settings(ALLOWED_HOSTS=["*"]), CaptureQueriesContext(connection) as page:
            response = client.get(f"/portal/classes/{target.pk}/")
        assert response.status_code == 200, response.status_code
        found.append((size, len(selector), len(page)))
    return found


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return f"median {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms   (n={len(ordered)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    print(f"database: {connection.vendor}   load average: {os.getloadavg()[0]:.2f}")
    try:
        # One transaction for the whole run, rolled back: its locks are taken in the order of the story.
        with transaction.atomic(), locking.any_order():
            with_check, without = nominate_timings(args.people)
            counts = candidate_queries()
            raise Rollback
    except Rollback:
        pass
    print("A nomination (services.nomination_submit) to an overseas class:")
    print(f"  with the rules of eligibility     {summary(with_check)}")
    print(f"  baseline, eligibility stubbed     {summary(without)}")
    added = statistics.median(with_check) - statistics.median(without)
    print(f"  added by the check (medians)      {added:6.2f} ms   (goal ≤ 5 ms)")
    print("The portal's candidate list (queries):")
    for size, selector, page in counts:
        print(f"  {size:3d} people on the staff list   candidates_for: {selector:3d}   class page: {page:3d}")
    same = len({c[1] for c in counts}) == 1 and len({c[2] for c in counts}) == 1
    print(f"  fixed whatever the size: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
