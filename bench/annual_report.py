"""The annual report (`plans.annual_report.annual_report`) and its workbook download, for the year's biggest province
plan (target <= 2 s) and for the whole country, every plan of the year (target <= 15 s), against a baseline and a
floor measured in the same run.

What it does and prints (reads only, unless --add-lines, --add-reports or --add-requirements):

1. For the province (the plan of the year with the most classes) and for the country (every plan of the year):
   N warm runs of `annual_report(scope, today)`, p50 and best, its SQL queries, and the nominations it counts;
2. the workbook end to end: N requests of /budget/annual-report.xlsx (in-process django.test.Client, a superuser,
   the full middleware stack), p50, best, queries and the bytes of the .xlsx;
3. the baseline: `build_dashboard` of the same scope (the report's section 1 is its figures), and the floor: one
   hand-written SQL aggregate counting the same nominations by stage (seat held, attended, completed) in the
   scope's classes not cancelled, the least any report of those nominations must read.

Options for a scratch database (e.g. `generate_data`'s, which has no budget and no agency report):
--add-lines gives every class six estimate and six spending lines (as bench/budget.py --add-lines);
--add-reports opens the year's reporting round and gives every agency without a report an accepted report of two
categories, so that the report's section 5 counts thousands of reports; --add-requirements adds the three
requirements of bench/compliance.py (table 7, who met them, reads every person's record totals). Each then runs
ANALYZE on PostgreSQL: with the statistics of before (no line), the planner reads a province's 3,500 spending lines
through all 120,000.

    DATABASE_URL=postgres://…/tp_country .venv/bin/python bench/annual_report.py [--year Y] [--repeat 7]
        [--add-lines] [--add-reports] [--add-requirements]

Prints the load average before and after (figures from a busy machine are not comparable).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")
os.environ.setdefault("DEBUG", "1")  # the demo refuses DEBUG=0 without a secret; timing is alike

PROVINCE_TARGET = 2.0
COUNTRY_TARGET = 15.0


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(function, repeat: int) -> tuple[float, float, int, object]:
    """p50 and best of `repeat` warm runs (after one), the queries of one more run, and its result."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    function()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    reset_queries()  # the query log keeps 9,000 queries: a long --add-* run fills it
    with CaptureQueriesContext(connection) as queries:
        result = function()
    return statistics.median(times), min(times), len(queries.captured_queries), result


def add_reports(year: int) -> None:
    """The year's round and an accepted report of two categories for every agency that has none (bulk insert)."""
    from django.db import transaction
    from django.utils import timezone

    from plans.agency_reports.models import AgencyReportLine, AgencyTrainingReport, ReportingRound, ReportStatus
    from plans.models import Agency, TrainingCategory

    categories = list(TrainingCategory.objects.filter(children__isnull=True).order_by("order", "code")[:2])  # leaves
    if not categories:
        raise SystemExit("no training category")
    reporting_round = ReportingRound.objects.get_or_create(
        year=year, defaults={"deadline": datetime.date(year + 1, 1, 15)}
    )[0]
    todo = list(Agency.objects.exclude(training_reports__round=reporting_round).values_list("pk", flat=True))
    print(f"adding an accepted report to {len(todo)} agencies…", flush=True)
    now = timezone.now()
    with transaction.atomic():
        AgencyTrainingReport.objects.bulk_create(
            (
                AgencyTrainingReport(
                    round=reporting_round,
                    agency_id=pk,
                    status=ReportStatus.ACCEPTED,
                    submitted_at=now,
                    first_submitted_at=now,
                    decided_at=now,
                )
                for pk in todo
            ),
            batch_size=2000,
        )
        reports = AgencyTrainingReport.objects.filter(round=reporting_round, agency_id__in=todo).values_list(
            "pk", flat=True
        )
        AgencyReportLine.objects.bulk_create(
            (
                AgencyReportLine(
                    report_id=pk, category=category, classes=n + 1, participants=30 * (n + 1), periods=16 * (n + 1)
                )
                for pk in reports.iterator()
                for n, category in enumerate(categories)
            ),
            batch_size=5000,
        )


def floor_sql(plan_ids: list[int]) -> tuple[int, int, int]:
    """The scope's nominations by stage in its classes not cancelled, by one hand-written aggregate."""
    from django.db import connection

    from courses.models import Nomination, TrainingClass
    from plans.fulfilment import STAGE_STATUSES
    from plans.models import PlanTarget

    def listed(statuses):
        return ", ".join(f"'{s}'" for s in statuses)

    sql = f"""
        SELECT count(*) FILTER (WHERE n.status IN ({listed(STAGE_STATUSES["nominated"])})),
               count(*) FILTER (WHERE n.status IN ({listed(STAGE_STATUSES["attended"])})),
               count(*) FILTER (WHERE n.status IN ({listed(STAGE_STATUSES["completed"])}))
          FROM {Nomination._meta.db_table} n
          JOIN {TrainingClass._meta.db_table} c ON c.id = n.training_class_id
          JOIN {PlanTarget._meta.db_table} t ON t.id = c.target_id
         WHERE t.plan_id IN ({", ".join(str(pk) for pk in plan_ids)}) AND c.status <> 'cancelled'
    """  # the ids and statuses are the code's own
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def superuser():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    user = users.filter(is_superuser=True, is_active=True).first()
    if user is None:  # generate_data makes no login: a superuser for the bench, without a password
        user = users.create(username="bench.admin", is_staff=True, is_superuser=True)
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--add-lines", action="store_true")
    parser.add_argument("--add-reports", action="store_true")
    parser.add_argument("--add-requirements", action="store_true")
    parser.add_argument("--only", choices=("province", "country"), default=None)
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from courses.models import Nomination
    from plans.agency_reports.models import AgencyTrainingReport
    from plans.annual_report import annual_report
    from plans.budget.models import EstimateLine, SpendingLine
    from plans.dashboard import build_dashboard, scope_from
    from plans.models import TrainingPlan

    settings.ALLOWED_HOSTS = ["*"]
    years = TrainingPlan.objects.values_list("year", flat=True).distinct()
    if not years:
        raise SystemExit("no plan: load the demo or run generate_data first")
    year = options.year or max(years)
    if options.add_lines:
        from bench.budget import add_lines

        add_lines()
    if options.add_reports:
        add_reports(year)
    if options.add_requirements:  # table 7 (who met the requirements) reads them; generate_data makes none
        from bench.compliance import add_requirements

        add_requirements(os.environ["DATABASE_URL"])
    if (options.add_lines or options.add_reports) and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner's statistics of the rows just added
            cursor.execute("ANALYZE")
    plans = list(TrainingPlan.objects.filter(year=year).annotate(n=Count("targets__classes")).order_by("-n", "pk"))
    if not plans:
        raise SystemExit(f"no plan in {year}")
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} "
        f"{settings.DATABASES['default']['NAME']}, year {year}: {len(plans)} plans, "
        f"{Nomination.objects.count():,} nominations in all, {EstimateLine.objects.count():,} estimate lines, "
        f"{SpendingLine.objects.count():,} spending lines, "
        f"{AgencyTrainingReport.objects.filter(round__year=year).count():,} agency reports; {load()}",
        flush=True,
    )
    client = Client()
    client.force_login(superuser())
    today = timezone.localdate()
    print(f"{'what':52} {'p50 ms':>9} {'best ms':>9} {'queries':>8}")
    missed = []
    scopes = (("province", plans[0].pk, PROVINCE_TARGET), ("country", "", COUNTRY_TARGET))
    for label, plan, target in scopes:
        if options.only and options.only != label:
            continue
        params = {"year": str(year), "plan": str(plan)}
        scope = scope_from(params, today)
        what = f"{label} ({scope.title})"
        floor = timed(lambda scope=scope: floor_sql([p.pk for p in scope.plans]), options.repeat)
        nominated, attended, completed = floor[3]
        print(f"{what}: {len(scope.plans)} plans, {nominated:,} nominations holding a seat (attended {attended:,}, "
              f"completed {completed:,}); {load()}", flush=True)  # fmt: skip
        report = timed(lambda scope=scope: annual_report(scope, today), options.repeat)
        counted = sum(row["nominated"] for row in report[3].by_group)
        url = reverse("budget:annual_report_xlsx") + f"?year={year}&plan={plan}"
        download = timed(lambda url=url: client.get(url), options.repeat)
        response = download[3]
        assert response.status_code == 200, response.status_code
        dashboard = timed(lambda scope=scope: build_dashboard(scope, today), options.repeat)
        rows = (
            (f"annual_report() (target <= {target:.0f} s)", report),
            ("workbook /budget/annual-report.xlsx, end to end", download),
            ("baseline build_dashboard()", dashboard),
            ("floor: one SQL aggregate of the nominations", floor),
        )
        for name, (p50, best, queries, _result) in rows:
            print(f"  {name:50} {p50 * 1000:9.1f} {best * 1000:9.1f} {queries:8}")
        people = sum(row.people for row in report[3].compliance)
        behind = sum(row.behind for row in report[3].compliance)
        print(f"  table 7: {people:,} people in {len(report[3].compliance):,} rows, {behind:,} behind on a requirement")
        print(f"  nominations counted by the report: {counted:,} (the floor's {nominated:,}); workbook "
              f"{len(response.content):,} bytes; report / dashboard {report[0] / dashboard[0]:.2f}, "
              f"report / floor {report[0] / floor[0]:.2f}; {load()}", flush=True)  # fmt: skip
        if counted != nominated:
            missed.append(f"{label}: the report counts {counted:,} nominations, the floor {nominated:,}")
        if max(report[0], download[0]) > target:
            missed.append(f"{label}: {max(report[0], download[0]):.2f} s > {target:.0f} s")
    print("targets met" if not missed else "MISSED: " + "; ".join(missed))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
