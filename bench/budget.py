"""The budget's roll-up and the annual report: `plans.budget.rollup.budget_of` against
`plans.fulfilment.fulfilment_of` (the seat figures of the
same plans, the dashboard's own computation) as the baseline measured in the same run, and the budget page against
the dashboard's page.

What it does and prints (reads only, unless --add-lines):

1. For one province's plan (the year's biggest) and for the whole country (every plan of the year): N warm runs of
   `budget_of` and of `fulfilment_of`; p50, best, the ratio budget / fulfilment, and the SQL queries of each.
2. The annual report (`plans.annual_report.annual_report`, target <= 2 s for a province, 15 s for the country)
   against the dashboard's figures (`build_dashboard`) of the same scope, N warm runs each (`bench/annual_report.py`
   times it with its workbook and against a floor).
3. N warm requests (in-process django.test.Client, a superuser, the full middleware stack) of /budget/ and of
   /dashboard/ for the same scope: p50 and queries.
4. With --add-lines (a scratch database only, e.g. `generate_data`'s): gives every class without estimate lines six
   lines and six spending lines first (bulk insert; the classes' budget_estimate set to their sum), so that the
   roll-up runs on a country's data.

    DATABASE_URL=… .venv/bin/python bench/budget.py [--year 2025] [--repeat 20] [--add-lines]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")
os.environ.setdefault("DEBUG", "1")  # the demo refuses DEBUG=0 without a secret; timing is alike


def timed(function, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        function()
    return statistics.median(times), min(times), len(queries.captured_queries)


def add_lines() -> None:
    from django.db import transaction
    from django.db.models import Sum

    from courses.models import TrainingClass
    from plans.budget.models import CostGroup, CostItem, EstimateLine, SpendingLine
    from plans.models import FundingSource

    items = list(CostItem.objects.order_by("order")[:6])
    if len(items) < 6:
        items = [
            CostItem.objects.get_or_create(
                code=f"bench-{n}", defaults={"name": f"Bench {n}", "group": CostGroup.VENUE, "unit": "x"}
            )[0]
            for n in range(6)
        ]
    source = FundingSource.objects.order_by("pk").first() or FundingSource.objects.create(
        code="bench-state-budget", name="Bench: state budget"
    )  # generate_data makes no funding source
    todo = list(TrainingClass.objects.filter(estimate_lines__isnull=True).values_list("pk", "end_date"))
    print(f"adding 6 estimate and 6 spending lines to {len(todo)} classes…", flush=True)
    with transaction.atomic():
        EstimateLine.objects.bulk_create(
            (
                EstimateLine(
                    training_class_id=pk,
                    item=item,
                    funding_source=source,
                    quantity=n + 1,
                    rate=1_000_000,
                    amount=(n + 1) * 1_000_000,
                )
                for pk, _end in todo
                for n, item in enumerate(items)
            ),
            batch_size=5000,
        )
        SpendingLine.objects.bulk_create(
            (
                SpendingLine(
                    training_class_id=pk,
                    item=item,
                    funding_source=source,
                    voucher="B1",
                    spent_on=end,
                    amount=(n + 1) * 990_000,
                )
                for pk, end in todo
                for n, item in enumerate(items)
            ),
            batch_size=5000,
        )
        sums = EstimateLine.objects.values("training_class_id").annotate(total=Sum("amount"))
        for row in sums.iterator(chunk_size=5000):
            TrainingClass.objects.filter(pk=row["training_class_id"]).update(budget_estimate=row["total"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--add-lines", action="store_true")
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from plans.budget.models import EstimateLine, SpendingLine
    from plans.budget.rollup import budget_of
    from plans.fulfilment import fulfilment_of
    from plans.models import TrainingPlan

    settings.ALLOWED_HOSTS = ["*"]
    if options.add_lines:
        add_lines()
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the planner's statistics of the lines just added
                cursor.execute("ANALYZE")
    years = TrainingPlan.objects.values_list("year", flat=True).distinct()
    year = options.year or max(years)
    plans = list(TrainingPlan.objects.filter(year=year).annotate(n=Count("targets__classes")).order_by("-n"))
    if not plans:
        raise SystemExit(f"no plan in {year}")
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, year {year}, "
          f"{len(plans)} plans, {EstimateLine.objects.count()} estimate lines, "
          f"{SpendingLine.objects.count()} spending lines; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"{'what':44} {'p50 ms':>8} {'best ms':>8} {'queries':>8}")
    for label, scope in ((f"province ({plans[0].issuing_agency})", plans[:1]), ("country (every plan)", plans)):
        rollup = timed(lambda scope=scope: budget_of(scope), options.repeat)
        baseline = timed(lambda scope=scope: fulfilment_of(scope), options.repeat)
        print(f"{'budget_of, ' + label:44.44} {rollup[0] * 1000:8.1f} {rollup[1] * 1000:8.1f} {rollup[2]:8}")
        print(f"{'baseline fulfilment_of, ' + label:44.44} {baseline[0] * 1000:8.1f} {baseline[1] * 1000:8.1f} "
              f"{baseline[2]:8}   ratio {rollup[0] / baseline[0]:.2f}")  # fmt: skip
    from django.utils import timezone

    from plans.annual_report import annual_report
    from plans.dashboard import build_dashboard, scope_from

    today = timezone.localdate()
    for label, params in (("province", {"year": year, "plan": plans[0].pk}), ("country", {"year": year, "plan": ""})):
        scope = scope_from({k: str(v) for k, v in params.items()}, today)
        report = timed(lambda scope=scope: annual_report(scope, today), options.repeat)
        baseline = timed(lambda scope=scope: build_dashboard(scope, today), options.repeat)
        what = f"annual report, {label} (target <= {'2' if label == 'province' else '15'} s)"
        print(f"{what:44} {report[0] * 1000:8.1f} {report[1] * 1000:8.1f} "
              f"{report[2]:8}")  # fmt: skip
        print(f"{'baseline build_dashboard, ' + label:44} {baseline[0] * 1000:8.1f} {baseline[1] * 1000:8.1f} "
              f"{baseline[2]:8}   ratio {report[0] / baseline[0]:.2f}")  # fmt: skip
    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        print("no superuser: pages not timed")
        return
    client = Client()
    client.force_login(user)
    query = f"?year={year}&plan={plans[0].pk}"
    for label, url in (
        ("page /budget/ (province)", "/budget/" + query),
        ("baseline /dashboard/", "/dashboard/" + query),
    ):
        result = timed(lambda url=url: client.get(url), max(options.repeat // 2, 3))
        print(f"{label:44} {result[0] * 1000:8.1f} {result[1] * 1000:8.1f} {result[2]:8}")


if __name__ == "__main__":
    main()
