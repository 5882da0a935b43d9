"""Server time and SQL queries of the staff console's pages, on the demo data or on a country's.

Prints, for each page, the median, 95th percentile and best of the time Django takes
to answer (in-process test client, no network), the number of SQL queries, and the
ratios to the admin index page, the baseline measured in the same run (the best
ratio is the steadier one on a busy machine; the load average is printed). Goal: every list,
search and deep page at most 3x the index and at most 100 ms.

On `generate_data`'s database (500,000 trainees, 1,000,000 nominations) it also
searches as people type, without diacritics ("nguyen van", "duc") and with them, and
pages deep into the nominations; "matches" is the number of rows the search finds.

    .venv/bin/python bench/admin_pages.py [--repeat N]
    DATABASE_URL=postgres://…/country .venv/bin/python bench/admin_pages.py --repeat 15
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")

import django

django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from courses.models import Nomination, Trainee, TrainingClass  # noqa: E402
from plans.models import TrainingPlan  # noqa: E402

RATIO_GOAL, MS_GOAL = 3.0, 100.0


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, float, int]:
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
    return statistics.median(times), p95, times[0], len(queries)


def matches(model, term: str, user) -> int:
    """How many rows the console's search finds for `term` (the list's own search, counted once)."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[model]
    queryset, _duplicates = model_admin.get_search_results(request, model._default_manager.all(), term)
    return queryset.count()


def staff_user():
    users = get_user_model().objects
    user = users.filter(username="chuyenvien").first() or users.filter(is_superuser=True, is_active=True).first()
    if user is None:  # generate_data makes no login: a superuser for the bench, without a password
        user = users.create(username="bench.admin", is_staff=True, is_superuser=True)
    return user


def changelist(model, **query) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    if not Trainee.objects.exists():
        raise SystemExit("Load data first: python manage.py load_demo, or generate_data on a new database")
    user = staff_user()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    reset_queries()

    searches = [(Trainee, "nguyen van"), (Trainee, "Nguyễn Văn"), (Trainee, "duc"), (Trainee, "Đức")]
    pages = [("baseline: admin index", reverse("admin:index"), None)]
    plan = TrainingPlan.objects.filter(year=2025).first()
    if plan is not None and TrainingClass.objects.filter(target__plan=plan).count() < 1000:  # the demo's plan
        pages.append(("plan page with fulfilment", reverse("admin:plans_trainingplan_change", args=[plan.pk]), None))
    pages += [
        ("class list", changelist(TrainingClass), None),
        ("class search 'duc'", changelist(TrainingClass, q="duc"), (TrainingClass, "duc")),
        ("trainee list", changelist(Trainee), None),
        *[(f"trainee search '{term}'", changelist(model, q=term), (model, term)) for model, term in searches],
        ("nomination list", changelist(Nomination), None),
        ("nomination list page 500", changelist(Nomination, p=500), None),
        ("nomination search 'nguyen van'", changelist(Nomination, q="nguyen van"), (Nomination, "nguyen van")),
        ("nomination search 'tran duc hung'", changelist(Nomination, q="tran duc hung"), (Nomination, "tran duc hung")),
        ("seat allotment list", reverse("admin:courses_seatallotment_changelist"), None),
        ("agency list", reverse("admin:plans_agency_changelist"), None),
    ]
    if Nomination.objects.count() < 500 * 50:  # page 500 exists only at a country's scale
        pages = [page for page in pages if "page 500" not in page[0]]
    print(
        f"database: {connection.vendor}, {Trainee.objects.count():,} trainees, "
        f"{Nomination.objects.count():,} nominations; {args.repeat} requests per page; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"{'page':34} {'p50 ms':>7} {'p95 ms':>7} {'best ms':>7} {'queries':>7} "
        f"{'p50/index':>9} {'best/index':>10} {'goal':>5} {'matches':>8}"
    )
    baseline = None
    for name, url, search in pages:
        p50, p95, best, queries = measure(client, url, args.repeat)
        baseline = baseline or (p50, best)
        ratio = p50 / baseline[0]
        goal = "" if name.startswith("baseline") else ("ok" if ratio <= RATIO_GOAL and p50 <= MS_GOAL else "MISS")
        found = f"{matches(*search, user):8,}" if search else ""
        print(
            f"{name:34} {p50:7.1f} {p95:7.1f} {best:7.1f} {queries:7d} "
            f"{ratio:8.1f}x {best / baseline[1]:9.1f}x {goal:>5} {found}"
        )
    print(f"goal: p50 at most {RATIO_GOAL:g}x the index and at most {MS_GOAL:g} ms; 'best' is the fastest request")


if __name__ == "__main__":
    main()
