"""The leadership dashboard on a whole country's data: server time of /dashboard/ against hand-written SQL.

What it does and prints, in one run (PostgreSQL only):

1. Drops and recreates the database (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/training_portal_dashboard_bench; --reuse keeps it when it already
   holds generated data), migrates it and runs `generate_data --scale S` (default 1: 34 provinces,
   3,000 agencies, 20,000 classes, 500,000 trainees, about 1,000,000 nominations), printing its rows,
   its time and its rate (rows/s), then the time of VACUUM ANALYZE.
2. Times the view server-side, in-process (django.test.Client, a logged-in leader, DEBUG=0, the full
   middleware stack, template and SVG included): N warm requests of /dashboard/ for one province's plan (the
   biggest) and for the whole country (every plan of the year); p50, p95, and the SQL queries of one.
3. In the same run, the floor: the same figures computed by hand-written SQL (psycopg2 cursor, same
   tables, the rows fetched and nothing else), N runs each; and the ratio page p50 / floor p50 (goal
   <= 2). For context, the SQL the country's figures would need without the class tally (nominations
   aggregated from courses_nomination), 3 runs; and the home page, the Django floor of any page here.
4. Checks that the page's figures equal the floor's (nominated and completed seats); exits 1 otherwise.

    .venv/bin/python bench/dashboard.py [--scale 1] [--repeat 30] [--reuse]

About 2 minutes at scale 1 on 2 cores (most of it generate_data and VACUUM).
"""

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/training_portal_dashboard_bench"
HOLDING = ("nominated", "approved", "attended", "completed", "failed")


def run_manage(*args: str, url: str, debug: str = "1") -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**os.environ, "DATABASE_URL": url, "DEBUG": debug},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def connect(url: str, dbname: str = "postgres"):
    """A psycopg2 connection in autocommit (CREATE DATABASE and VACUUM run outside transactions)."""
    import psycopg2

    parsed = urlparse(url)
    connection = psycopg2.connect(
        dbname=dbname, host=parsed.hostname, port=parsed.port or 5432, user=parsed.username, password=parsed.password
    )
    connection.autocommit = True
    return connection


def prepare(url: str, scale: float, reuse: bool) -> None:
    from psycopg2 import sql

    name = urlparse(url).path.lstrip("/")
    connection = connect(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and reuse:
            print(f"database {name}: reused (--reuse); generate_data not run")
            connection.close()
            return
        if exists:
            cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    run_manage("migrate", "--noinput", "-v0", url=url)
    print(f"database {name}: created and migrated; generate_data --scale {scale} ...")
    started = time.perf_counter()
    output = run_manage("generate_data", "--scale", str(scale), url=url)
    wall = time.perf_counter() - started
    print(output.rstrip())
    print(f"generate_data wall time (with Django start-up): {wall:.1f} s")
    started = time.perf_counter()
    connection = connect(url, name)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")


def floor_statements(target_ids: list[int], plan_id: int | None, root_id: int | None, today) -> list[tuple]:
    """The dashboard's figures in hand-written SQL, statement by statement (with their parameters)."""
    late = "(a.deadline < %(today)s OR (a.deadline IS NULL AND c.registration_closes < %(today)s))"
    params = {"targets": target_ids, "today": today, "plan": plan_id, "root": root_id}
    statements = [
        (
            "SELECT t.id, t.category_id, t.plan_id, t.planned_classes, t.planned_seats, g.kind, g.is_overseas "
            "FROM plans_plantarget t JOIN plans_trainingcategory g ON g.id = t.category_id "
            "WHERE t.id = ANY(%(targets)s)"
        ),
        (
            "SELECT c.target_id, c.status, c.provider_id, p.name, EXTRACT(QUARTER FROM c.start_date) AS q, "
            "COUNT(*), SUM(c.planned_seats), SUM(c.allotted_seats), "
            + ", ".join(f"SUM(k.{s})" for s in HOLDING)
            + " FROM courses_trainingclass c JOIN courses_classtally k ON k.training_class_id = c.id "
            "LEFT JOIN partners_partner p ON p.id = c.provider_id "
            "WHERE c.target_id = ANY(%(targets)s) GROUP BY 1, 2, 3, 4, 5"
        ),
        (
            "SELECT c.id, c.code, c.title, c.start_date, c.planned_seats, c.taken_seats "
            "FROM courses_trainingclass c WHERE c.target_id = ANY(%(targets)s) "
            "AND c.start_date BETWEEN %(today)s AND %(today)s + 14 AND c.taken_seats < c.planned_seats "
            "AND c.status NOT IN ('cancelled', 'finished') ORDER BY c.start_date, c.code LIMIT 30"
        ),
        (
            "SELECT a.agency_id, g.name, SUM(a.seats - a.taken_seats), COUNT(*), MIN(c.start_date) "
            "FROM courses_seatallotment a JOIN courses_trainingclass c ON c.id = a.training_class_id "
            "JOIN plans_agency g ON g.id = a.agency_id "
            f"WHERE c.target_id = ANY(%(targets)s) AND c.status <> 'cancelled' AND {late} "
            "AND a.taken_seats < a.seats AND c.start_date >= %(today)s GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 30"
        ),
    ]
    letters = (
        "SELECT l.id, l.subject, l.reply_due FROM partners_correspondence l WHERE l.reply_due < %(today)s "
        "AND l.status IN ('received', 'in_progress')"
    )
    if plan_id is None:
        statements.append(letters + " ORDER BY l.reply_due, l.id LIMIT 30")
        return [(sql, params) for sql in statements]
    province = (
        "SELECT id FROM plans_agency WHERE id = %(root)s OR parent_id = %(root)s "
        "OR parent_id IN (SELECT id FROM plans_agency WHERE parent_id = %(root)s)"
    )
    statements += [
        (
            letters + " AND (l.plan_id = %(plan)s OR l.training_class_id IN (SELECT c.id FROM courses_trainingclass c "
            "JOIN plans_plantarget t ON t.id = c.target_id WHERE t.plan_id = %(plan)s) "
            f"OR l.recipient_agency_id IN ({province}) OR l.sender_agency_id IN ({province})) "
            "ORDER BY l.reply_due, l.id LIMIT 30"
        ),
        (
            "SELECT a.agency_id, g.name, SUM(a.seats), COUNT(*), "
            f"SUM(CASE WHEN {late} AND a.taken_seats < a.seats THEN a.seats - a.taken_seats ELSE 0 END), "
            f"COUNT(*) FILTER (WHERE {late} AND a.taken_seats < a.seats) "
            "FROM courses_seatallotment a JOIN courses_trainingclass c ON c.id = a.training_class_id "
            "JOIN plans_agency g ON g.id = a.agency_id "
            "WHERE c.target_id = ANY(%(targets)s) AND c.status <> 'cancelled' GROUP BY 1, 2"
        ),
        (
            "SELECT n.agency_id, n.status, COUNT(*) FROM courses_nomination n "
            "JOIN courses_trainingclass c ON c.id = n.training_class_id "
            "WHERE c.target_id = ANY(%(targets)s) AND c.status <> 'cancelled' "
            f"AND n.status IN ({', '.join(repr(s) for s in HOLDING)}) GROUP BY 1, 2"
        ),
    ]
    return [(sql, params) for sql in statements]


def timed(function, repeat: int) -> tuple[list[float], object]:
    function()  # warm
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="generate_data scale (1 = a country)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per scope (default 30)")
    parser.add_argument("--reuse", action="store_true", help="keep the database when it holds generated data")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("PostgreSQL only: set DATABASE_URL=postgres://…")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    prepare(url, args.scale, args.reuse)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")
    # Production settings: DEBUG off (no query log, cached templates), HTTPS as behind the TLS proxy.
    os.environ.update(DEBUG="0", ALLOWED_HOSTS="localhost", SECRET_KEY=secrets.token_urlsafe(40))
    run_manage("collectstatic", "--noinput", "-v0", url=url, debug="0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from plans.dashboard import build_dashboard, scope_from
    from plans.models import TrainingPlan

    logging.disable(logging.WARNING)
    today = timezone.localdate()
    leader, _created = get_user_model().objects.get_or_create(username="bench.lanhdao")
    leader.user_permissions.add(Permission.objects.get(codename="view_dashboard", content_type__app_label="plans"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(leader)
    year = scope_from({}, today).year
    plans = TrainingPlan.objects.filter(year=year).annotate(n=Count("targets__classes")).order_by("-n", "pk")
    biggest = plans.select_related("issuing_agency").first()
    scopes = {
        f"one province ({biggest.issuing_agency.name}, {biggest.n:,} classes)": biggest,
        f"whole country ({plans.count()} plans of {year})": None,
    }
    print(f"\nmedian of {args.repeat} warm runs per row, milliseconds\n")
    header = f"{'scope':<44} {'page p50':>9} {'page p95':>9} {'queries':>8} {'SQL p50':>8} {'SQL p95':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    failed = False
    for label, plan in scopes.items():
        query = {"year": year, "plan": plan.pk if plan else ""}
        page_times, response = timed(lambda query=query: client.get("/dashboard/", query, secure=True), args.repeat)
        assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get("/dashboard/", query, secure=True)
        scope = scope_from({"year": str(year), "plan": str(plan.pk) if plan else ""}, today)
        figures = build_dashboard(scope, today)
        target_ids = list(
            TrainingPlan.objects.filter(pk__in=[p.pk for p in scope.plans]).values_list("targets", flat=True)
        )
        statements = floor_statements(
            target_ids, plan.pk if plan else None, plan.issuing_agency_id if plan else None, today
        )

        def floor(statements=statements):
            results = []
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    results.append(cursor.fetchall())
            return results

        floor_times, results = timed(floor, args.repeat)
        by_status = dict.fromkeys(HOLDING, 0)
        for row in results[1]:
            if row[1] != "cancelled":
                for i, status in enumerate(HOLDING):
                    by_status[status] += row[8 + i] or 0
        floor_nominated, floor_completed = sum(by_status.values()), by_status["completed"]
        if (floor_nominated, floor_completed) != (figures.total.nominated, figures.total.completed):
            failed = True
            print(f"  MISMATCH: page {figures.total.nominated}/{figures.total.completed}, "
                  f"SQL {floor_nominated}/{floor_completed}")  # fmt: skip
        page50, floor50 = statistics.median(page_times), statistics.median(floor_times)
        print(
            f"{label:<44} {page50:>9.1f} {p(page_times, 0.95):>9.1f} {len(queries.captured_queries):>8} "
            f"{floor50:>8.1f} {p(floor_times, 0.95):>8.1f} {page50 / floor50:>5.1f}x"
        )
        print(f"{'':<44} nominated {figures.total.nominated:,}, completed {figures.total.completed:,} "
              f"(page and SQL agree)" if not failed else "")  # fmt: skip
    home_times, _response = timed(lambda: client.get("/", secure=True), args.repeat)
    print(f"\nfor scale, the home page (same session, middleware and base template, no figures): "
          f"p50 {statistics.median(home_times):.1f} ms")  # fmt: skip
    # What the whole country would cost without the tally: the nominations themselves, aggregated.
    scope = scope_from({"year": str(year)}, today)
    targets = list(TrainingPlan.objects.filter(pk__in=[p.pk for p in scope.plans]).values_list("targets", flat=True))
    raw = (
        "SELECT c.target_id, c.provider_id, EXTRACT(QUARTER FROM c.start_date), n.status, COUNT(*) "
        "FROM courses_nomination n JOIN courses_trainingclass c ON c.id = n.training_class_id "
        "WHERE c.target_id = ANY(%s) AND c.status <> 'cancelled' "
        f"AND n.status IN ({', '.join(repr(s) for s in HOLDING)}) GROUP BY 1, 2, 3, 4"
    )

    def without_tally():
        with connection.cursor() as cursor:
            cursor.execute(raw, [targets])
            return cursor.fetchall()

    raw_times, _rows = timed(without_tally, 3)
    print(
        f"without the class tally, the country's nominations alone by hand-written SQL: "
        f"p50 {statistics.median(raw_times):.1f} ms (3 runs)"
    )
    print(f"targets: page p50 <= 200 ms, ratio <= 2x; load average now {os.getloadavg()[0]:.2f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
