"""Who is behind at scale: the compliance list (courses.compliance) against hand-written SQL of the same rows.

What it does and prints, in one run (PostgreSQL only):

1. Recreates the database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/tp_r14_compliance_bench;
   --reuse keeps one that already holds the bench's rows), migrates it, runs `generate_data --scale S --years Y`
   (default 0.2 and 5: 100,000 people with five years of plans, about 1 M nominations, and their training outside
   the plan and position history: the issue's 1.5 M nominations and records), then adds the three requirements (40
   periods a year, the division leaders' course within 12 months of an appointment, a rank's course within 12
   months of taking it). VACUUM ANALYZE. "The province" is the agencies holding about --people people, biggest
   first (at the default scale, all of them).
2. Times, N warm runs each, for the province and for the whole country: the selector `behind_page` (the rows of a
   list page and their count) and the page /dashboard/compliance/people/ (in-process client, a leader, DEBUG=0) for
   the whole country; the floor: the same rows by hand-written SQL (psycopg2, same tables, fetched and nothing
   else); prints p50 of each and the ratio selector / floor (goal: p50 <= 300 ms and ratio <= 2).
3. Checks that the selector's count equals the floor's; exits 1 otherwise.

    .venv/bin/python bench/compliance.py [--scale 0.2] [--years 5] [--people 100000] [--repeat 15] [--reuse]
"""

import argparse
import datetime
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from dashboard import run_manage, timed  # the dashboard bench's helpers: same subprocess and timer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tp_r14_compliance_bench"
MARK = "bench-compliance"  # the requirements' code prefix: their presence says the rows were added


def connect(url: str, dbname: str = "postgres"):
    import psycopg2

    parsed = urlparse(url)
    connection = psycopg2.connect(
        dbname=dbname,
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        options="-c jit=off",  # as the app's connections (training_portal/env.py)
    )
    connection.autocommit = True
    return connection


def prepare(url: str, scale: float, years: int, reuse: bool) -> bool:
    """A database with generate_data's rows; True when the bench's own rows are still to be added."""
    from psycopg2 import sql

    name = urlparse(url).path.lstrip("/")
    connection = connect(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and reuse:
            connection.close()
            with connect(url, name) as db, db.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM courses_trainingrequirement WHERE code LIKE %s", [MARK + "%"])
                added = cursor.fetchone()[0] > 0
            print(f"database {name}: reused (--reuse)")
            return not added
        if exists:
            cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    run_manage("migrate", "--noinput", "-v0", url=url)
    print(f"database {name}: created and migrated; generate_data --scale {scale} --years {years} ...")
    started = time.perf_counter()
    print(run_manage("generate_data", "--scale", str(scale), "--years", str(years), url=url).rstrip())
    print(f"generate_data: {time.perf_counter() - started:.1f} s")
    return True


def province_agencies(cursor, people: int) -> list[int]:
    """The agencies holding about `people` people, biggest first: the list of one big province."""
    cursor.execute("SELECT agency_id, COUNT(*) FROM courses_trainee GROUP BY 1 ORDER BY 2 DESC, 1")
    chosen, total = [], 0
    for agency_id, n in cursor.fetchall():
        if total >= people:
            break
        chosen.append(agency_id)
        total += n
    return chosen


def add_requirements(url: str) -> None:
    """The three requirements the bench lists (generate_data makes the people's records: their classes over the
    years, training outside the plan and position history, but no requirement): 40 periods a year, the division
    leaders' course within 12 months of an appointment, the rank "Chuyên viên"'s course within 12 months of taking it.
    VACUUM ANALYZE."""
    name = urlparse(url).path.lstrip("/")
    connection = connect(url, name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM courses_civilservicerank WHERE code = '01.003'")
        rank_id = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM courses_course WHERE code LIKE 'GEN-%%' ORDER BY id")
        courses = [r[0] for r in cursor.fetchall()]
        requirement = (
            "INSERT INTO courses_trainingrequirement (code, name, leadership_level, periods, course_id, rank_id, "
            "deadline, months, article, source_note, active) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', '', true)"
        )
        cursor.execute(requirement, [f"{MARK}-40", "40 tiết", "", 40, None, None, "yearly", None])
        cursor.execute(requirement, [f"{MARK}-ld", "Lãnh đạo", "division", None, courses[0], None,
                                     "after_appointment", 12])  # fmt: skip
        cursor.execute(requirement, [f"{MARK}-ngach", "Ngạch", "", None, courses[1], rank_id, "after_rank", 12])
    connection.close()
    started = time.perf_counter()
    connection = connect(url, name)  # not `with connection`: psycopg2 would open a transaction, VACUUM refuses one
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    print(f"3 requirements added; VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")


def floor_sql(agencies: list[int] | None, year: int, today: datetime.date, thresholds: dict) -> tuple[str, dict]:
    """The list's rows by hand: the three requirements' rows behind, ordered as the page, 50 with the count."""
    scope = "t.agency_id = ANY(%(agencies)s)" if agencies is not None else "TRUE"
    params = {"agencies": agencies, "start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31),
              **thresholds}  # fmt: skip
    people = f"SELECT t.id, t.rank_id FROM courses_trainee t WHERE {scope}"
    completed_of = (
        "SELECT DISTINCT n.trainee_id FROM courses_nomination n JOIN courses_trainingclass c "
        "ON c.id = n.training_class_id WHERE n.status = 'completed' AND c.course_id = %({course})s"
    )
    # Derived tables, as the selector's SQL: a CTE of the people would hide their number from the planner.
    sql = f"""
    SELECT x.trainee_id, x.requirement_id, x.done, x.since, x.total FROM (
    SELECT b.trainee_id, b.requirement_id, b.done, b.since, g.name AS agency_name, t.full_name,
           COUNT(*) OVER () AS total
    FROM (
        SELECT p.id AS trainee_id, %(r40)s AS requirement_id, COALESCE(SUM(d.total), 0) AS done,
               CAST(NULL AS DATE) AS since
        FROM ({people}) p LEFT JOIN (
            SELECT n.trainee_id, SUM(COALESCE(c.periods, co.periods, co.duration_days * 8, 0)) AS total
            FROM courses_nomination n JOIN courses_trainingclass c ON c.id = n.training_class_id
            JOIN courses_course co ON co.id = c.course_id
            WHERE n.status = 'completed' AND c.end_date BETWEEN %(start)s AND %(end)s
              AND n.trainee_id IN (SELECT id FROM ({people}) q) GROUP BY 1
            UNION ALL
            SELECT o.trainee_id, SUM(o.periods) FROM courses_outsidetraining o
            WHERE o.status = 'verified' AND o.end_date BETWEEN %(start)s AND %(end)s
              AND o.trainee_id IN (SELECT id FROM ({people}) q) GROUP BY 1
        ) d ON d.trainee_id = p.id
        GROUP BY p.id HAVING COALESCE(SUM(d.total), 0) < 40
        UNION ALL
        SELECT s.trainee_id, %(rld)s, 0, s.since FROM (
            SELECT a.trainee_id, MAX(a.date) AS since FROM courses_positionchange a
            WHERE a.kind = 'appointment' AND a.leadership_level = 'division'
              AND a.trainee_id IN (SELECT id FROM ({people}) q) GROUP BY 1
        ) s LEFT JOIN ({completed_of.format(course="cld")}) x ON x.trainee_id = s.trainee_id
        WHERE s.since < %(ld_listed)s AND x.trainee_id IS NULL
        UNION ALL
        SELECT p.id, %(rng)s, 0, s.since FROM ({people}) p
        LEFT JOIN (SELECT trainee_id, rank_id, MAX(date) AS since FROM courses_positionchange WHERE kind = 'rank'
                   GROUP BY 1, 2) s ON s.trainee_id = p.id AND s.rank_id = p.rank_id
        LEFT JOIN ({completed_of.format(course="cng")}) x ON x.trainee_id = p.id
        WHERE p.rank_id = %(rank)s AND (s.since IS NULL OR s.since < %(ng_listed)s) AND x.trainee_id IS NULL
    ) b JOIN courses_trainee t ON t.id = b.trainee_id JOIN plans_agency g ON g.id = t.agency_id
    OFFSET 0  -- a fence: without it the planner reads LIMIT 50 as "stop early" and joins row by row
    ) x ORDER BY x.agency_name, x.full_name, x.trainee_id, x.requirement_id LIMIT 50
    """
    return sql, params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.2, help="generate_data scale (0.2: 100,000 people)")
    parser.add_argument("--years", type=int, default=5, help="years of plans generate_data makes (default 5)")
    parser.add_argument("--people", type=int, default=100_000, help="people of the province (default 100,000)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per case (default 15)")
    parser.add_argument("--reuse", action="store_true", help="keep the database when it holds the bench's rows")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("PostgreSQL only: set DATABASE_URL=postgres://…")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    year = datetime.date.today().year
    if prepare(url, args.scale, args.years, args.reuse):
        add_requirements(url)

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")
    os.environ.update(DEBUG="0", ALLOWED_HOSTS="localhost", SECRET_KEY=secrets.token_urlsafe(40))
    run_manage("collectstatic", "--noinput", "-v0", url=url, debug="0")  # the page's manifest, as deployed
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from courses.compliance import Filters, behind_page, first_start_due_on_or_after
    from courses.models import TrainingRequirement

    logging.disable(logging.WARNING)
    today = timezone.localdate()
    requirements = {
        r.code.removeprefix(MARK + "-"): r for r in TrainingRequirement.objects.filter(code__startswith=MARK)
    }
    TrainingRequirement.objects.exclude(code__startswith=MARK).update(active=False)
    soon = datetime.timedelta(days=int(os.environ.get("COMPLIANCE_SOON_DAYS", 60)) + 1)
    thresholds = {
        "r40": requirements["40"].pk,
        "rld": requirements["ld"].pk,
        "rng": requirements["ngach"].pk,
        "cld": requirements["ld"].course_id,
        "cng": requirements["ngach"].course_id,
        "rank": requirements["ngach"].rank_id,
        "ld_listed": first_start_due_on_or_after(today + soon, 12),
        "ng_listed": first_start_due_on_or_after(today + soon, 12),
    }
    raw = connect(url, urlparse(url).path.lstrip("/"))
    with raw.cursor() as cursor:
        agencies = province_agencies(cursor, args.people)
        cursor.execute("SELECT COUNT(*) FROM courses_trainee WHERE agency_id = ANY(%s)", [agencies])
        in_province = cursor.fetchone()[0]
        counts = ", ".join(f"(SELECT COUNT(*) FROM courses_{table})"
                           for table in ("trainee", "nomination", "outsidetraining", "positionchange"))  # fmt: skip
        cursor.execute(f"SELECT {counts}")
        people, nominations, outside, changes = cursor.fetchone()
    print(f"data: {people:,} people, {nominations:,} nominations, {outside:,} outside training, {changes:,} position "
          f"changes; the province: {in_province:,} people in {len(agencies)} agencies")  # fmt: skip

    def floor(scope):
        sql, params = floor_sql(scope, year, today, thresholds)
        with raw.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    failed = False
    print(f"{'case':<42}{'p50 ms':>10}{'floor p50':>12}{'ratio':>8}{'rows':>10}{'queries':>9}")
    for label, scope in (
        ("province: behind_page (selector)", tuple(agencies)),
        ("country: behind_page (selector)", None),
    ):
        filters = Filters(year=year, today=today, agency_ids=scope)
        selector_times, page = timed(lambda f=filters: behind_page(f), args.repeat)
        floor_times, rows = timed(lambda s=scope: floor(list(s) if s is not None else None), args.repeat)
        with CaptureQueriesContext(connection) as queries:
            behind_page(filters)
        s50, f50 = statistics.median(selector_times), statistics.median(floor_times)
        count = rows[0][4] if rows else 0
        print(
            f"{label:<42}{s50:>10.1f}{f50:>12.1f}{s50 / f50:>8.2f}{page.count:>10,}{len(queries.captured_queries):>9}"
        )
        if count != page.count:
            print(f"  MISMATCH: the floor counts {count:,} rows, the selector {page.count:,}")
            failed = True

    user = get_user_model().objects.filter(username="bench.leader").first() or get_user_model().objects.create(
        username="bench.leader"
    )
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard", content_type__app_label="plans"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    page = "/dashboard/compliance/people/"
    page_times, response = timed(lambda: client.get(page, {"year": year}, secure=True), args.repeat)
    with CaptureQueriesContext(connection) as queries:
        client.get("/dashboard/compliance/people/", {"year": year}, secure=True)
    print(f"{'country: /dashboard/compliance/people/ (page)':<42}{statistics.median(page_times):>10.1f}"
          f"{'':>12}{'':>8}{'':>10}{len(queries.captured_queries):>9}  (status {response.status_code})")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.2f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
