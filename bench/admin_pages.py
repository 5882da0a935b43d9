"""Server time and SQL queries of the staff console's pages on the demo data.

Prints, for each page, the median and 95th percentile of the time Django takes to
answer (in-process test client, no network) and the number of SQL queries, with the
admin index page as the baseline measured in the same run.

    .venv/bin/python bench/admin_pages.py [--repeat N]
"""

import argparse
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
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from plans.models import TrainingPlan  # noqa: E402


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    client.get(url)  # warm caches and templates
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    plan = TrainingPlan.objects.filter(year=2025).first()
    user = get_user_model().objects.filter(username="chuyenvien").first()
    if plan is None or user is None:
        raise SystemExit("Load the demo data first: python manage.py load_demo")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    reset_queries()

    pages = [
        ("baseline: admin index", reverse("admin:index")),
        ("plan page with fulfilment", reverse("admin:plans_trainingplan_change", args=[plan.pk])),
        ("class list", reverse("admin:courses_trainingclass_changelist")),
        ("nomination list", reverse("admin:courses_nomination_changelist")),
        ("trainee list", reverse("admin:courses_trainee_changelist")),
        ("seat allotment list", reverse("admin:courses_seatallotment_changelist")),
    ]
    print(f"database: {connection.vendor}, {args.repeat} requests per page")
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p50/baseline':>13}")
    baseline = None
    for name, url in pages:
        p50, p95, queries = measure(client, url, args.repeat)
        baseline = baseline or p50
        print(f"{name:32} {p50:8.1f} {p95:8.1f} {queries:8d} {p50 / baseline:12.1f}x")


if __name__ == "__main__":
    main()
