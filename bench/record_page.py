"""A person's record page (portal:staff_record, portal:person_record): queries and time at a person with a long record,
against a baseline measured in the same run, the same page for a person with an empty record.

The long record is made here, inside a transaction rolled back at the end (nothing stays): N years, each with
classes completed and not, results with certificates, training outside the plan in every status, and position
changes. Target (issue 14): ≤ 10 queries whatever the length of the record.

    export DATABASE_URL=sqlite:////tmp/bench_record.sqlite3        # or a PostgreSQL database of your own
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo
    .venv/bin/python bench/record_page.py [--years 30] [--per-year 12] [--repeat 20]
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

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from courses.models import (  # noqa: E402
    CertificateKind,
    Course,
    Nomination,
    NominationStatus,
    OutsideTraining,
    OutsideTrainingKind,
    OutsideTrainingStatus,
    PositionChange,
    Result,
    Trainee,
    TrainingClass,
    grade_for_score,
)
from plans.models import FocalPoint  # noqa: E402

TARGET_QUERIES = 10


def long_record(person: Trainee, *, years: int, per_year: int) -> int:
    """Classes and outside training for `years` years before this one: `per_year` lines a year. Returns the lines."""
    template = TrainingClass.objects.filter(status="finished").select_related("course").first()
    course = template.course if template else Course.objects.first()
    this_year = datetime.date.today().year
    classes, nominations, results, outside = [], [], [], []
    for y in range(years):
        year = this_year - 1 - y
        for k in range(per_year // 2):
            start = datetime.date(year, 1 + k % 12, 3)
            classes.append(
                TrainingClass(
                    code=f"BENCH-{year}-{k}",
                    title=f"Lớp bồi dưỡng số {k + 1} năm {year}",
                    course=course,
                    target=template.target,
                    start_date=start,
                    end_date=start + datetime.timedelta(days=4),
                    periods=8 + k,
                    planned_seats=30,
                    organiser=template.organiser,
                    provider=template.provider,
                    status="finished",
                )
            )
        for k in range(per_year - per_year // 2):
            end = datetime.date(year, 1 + k % 12, 20)
            outside.append(
                OutsideTraining(
                    trainee=person,
                    agency=person.agency,
                    kind=OutsideTrainingKind.MINISTRY,
                    title=f"Khóa ngoài kế hoạch {k + 1} năm {year}",
                    organiser="Bộ Nội vụ",
                    start_date=end - datetime.timedelta(days=2),
                    end_date=end,
                    periods=16,
                    evidence="evidence/bench/scan.pdf",
                    status=(OutsideTrainingStatus.VERIFIED, OutsideTrainingStatus.SUBMITTED)[k % 2],
                    checked_at=None if k % 2 else timezone.now(),
                )
            )
    TrainingClass.objects.bulk_create(classes)
    for n, training_class in enumerate(TrainingClass.objects.filter(code__startswith="BENCH-")):
        status = NominationStatus.COMPLETED if n % 3 else NominationStatus.FAILED
        nominations.append(
            Nomination(trainee=person, training_class=training_class, agency=person.agency, status=status)
        )
    Nomination.objects.bulk_create(nominations)
    made = Nomination.objects.filter(trainee=person, training_class__code__startswith="BENCH-")
    for n, nomination in enumerate(made.select_related("training_class")):
        results.append(
            Result(
                nomination=nomination,
                score=7 + n % 3,
                grade=grade_for_score(7 + n % 3),  # the grade the score gives (a database constraint)
                certificate_kind=CertificateKind.ATTESTATION,
                certificate_number=f"BENCH-{n}",
                certificate_date=nomination.training_class.end_date,
                issued_by="Trường Chính trị",
            )
        )
    Result.objects.bulk_create(results)
    OutsideTraining.objects.bulk_create(outside)
    for y in range(0, years, 5):
        PositionChange.objects.create(
            trainee=person, kind="appointment", date=datetime.date(this_year - 1 - y, 3, 1), leadership_level="division"
        )
    return len(nominations) + len(outside)


def measure(client: Client, url: str, repeat: int) -> tuple[int, float, int]:
    client.get(url)  # warm: templates, translations
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries), statistics.median(timings), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--per-year", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    focal = FocalPoint.objects.select_related("user", "agency").first()
    if focal is None:
        print("Load the demo first (manage.py load_demo).")
        return 2
    staff = type(focal.user).objects.filter(is_superuser=True).first()
    people = list(Trainee.objects.filter(agency=focal.agency).order_by("pk")[:2])
    empty, long = people
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False), transaction.atomic():
        Nomination.objects.filter(trainee=empty).delete()
        OutsideTraining.objects.filter(trainee=empty).delete()
        PositionChange.objects.filter(trainee=empty).delete()
        lines = long_record(long, years=options.years, per_year=options.per_year)
        rows = []
        pages = (("console", staff, "portal:staff_record"), ("portal", focal.user, "portal:person_record"))
        for label, user, name in pages:
            client = Client()
            client.force_login(user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
            for who, person in (("empty record (baseline)", empty), (f"long record ({lines} lines)", long)):
                queries, ms, size = measure(client, reverse(name, args=[person.pk]), options.repeat)
                rows.append((label, who, queries, ms, size))
        transaction.set_rollback(True)
    print(f"database: {connection.vendor}; median of {options.repeat} warm requests")
    print(f"{'page':8} {'person':28} {'queries':>7} {'ms':>8} {'KB':>6}")
    for label, who, queries, ms, size in rows:
        print(f"{label:8} {who:28} {queries:7d} {ms:8.1f} {size / 1024:6.0f}")
    worst = max(row[2] for row in rows)
    same = all(rows[i][2] == rows[i + 1][2] for i in (0, 2))
    print(f"queries ≤ {TARGET_QUERIES}: {'yes' if worst <= TARGET_QUERIES else 'NO'} (at most {worst}); "
          f"the same for an empty and a long record: {'yes' if same else 'NO'}")  # fmt: skip
    return 0 if worst <= TARGET_QUERIES and same else 1


if __name__ == "__main__":
    sys.exit(main())
