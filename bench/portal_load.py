"""The agency portal under load: PostgreSQL, gunicorn on loopback, 20 concurrent focal points.

What it does and prints, in one run:

1. Prepares PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/training_portal_bench;
   anything but PostgreSQL is refused): creates the database when missing, migrates, loads the demo
   (`load_demo --force`) and scales it up in bulk (COPY, bulk_create, no history rows): 21 agencies
   with a focal point each (bench.daumoi01-20 / bench-pass-01-20, and bench.daumoi.tiny whose agency
   has 3 classes), 100,000 trainees, 2,000 open classes of the 2026 plan (nominations open today;
   60 of them over-allotted with 1-3 seats left) and 500 finished ones, all coded "BENCH-", ~21,000
   seat allotments and ~330,000 nominations; then sets the kept seat counters with SQL UPDATEs (the
   CHECK constraints verify them). Prints the rows made, the time and the rate. Skipped when the
   "BENCH-" classes are there already; drop the database to rebuild.
2. Runs collectstatic and starts gunicorn as the README deploys it (4 sync workers, DEBUG=0; other
   shapes with --workers and --threads) on a free port; its logs go to bench/out/. It is always stopped
   at the end, unless --keep-server.
3. Logs the clients in through the login form (the demo focal points of LS-STC and LS-TPLS, then the
   bench ones) and runs phases bounded in requests and time: two baselines, the floor (the stylesheet
   served by WhiteNoise, the home page), the class list (/portal/, ?quarter=4, ?q=, ?page=2), the class
   detail page, and nomination POSTs (60% to classes where the agency has seats left, 25% where it has
   0-1, 15% to 10 over-allotted classes every client hits at once, given 2 free seats again on each
   run; half with the waiting list on).
   Per phase: requests, errors (non-2xx/3xx, or a redirect to the wrong place), p50/p95/max latency seen
   by the clients, requests/s, p50/p95 of gunicorn's own time (its access log: without the wait for a
   worker thread), the CPU cores used by gunicorn, PostgreSQL, the clients and the rest of the machine,
   and how many requests each worker served. For the POSTs: the outcomes read from the messages cookie
   (nominated, waitlisted, refused and why), checked against the new rows in the database.
4. Counts SQL queries in-process (django.test.Client) on the class list (pages 1 and 2, filters), the
   class detail page, and the same pages of a tiny agency (the count must not grow with rows), with
   the time of one request alone and the slowest SQL of the list (EXPLAIN ANALYZE when the list missed
   its target, in full with --explain).
5. Checks from the database that no seat is oversold and that every kept counter equals the real count
   of seat-holding nominations; exits 1 otherwise. Ends with the targets met or missed: class list p95
   <= 150 ms with a query count that does not grow with rows, nomination POST p95 <= 200 ms, 0 oversold.

    .venv/bin/python bench/portal_load.py [--clients 20] [--requests 50] [--keep-server] [--keep-alive]

Clients open a connection per request, as nginx does towards gunicorn; with --keep-alive each keeps one
(gunicorn's gthread worker then keeps the connections it accepted, and the load spreads unevenly).
On a shared machine each phase first waits up to --wait-quiet seconds (30) for other work to stop; the
CPU the rest of the machine used during a phase is printed with it.
About 5 minutes on 2 cores for the first run, 3 for the next ones.
"""

import argparse
import datetime
import io
import math
import os
import random
import re
import secrets
import socket
import statistics
import string
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/training_portal_bench"

# The scale-up.
SEED = 2026
PREFIX = "BENCH-"
N_OPEN, N_FINISHED, N_TIGHT, N_CROWDED = 2_000, 500, 400, 60
N_BENCH_AGENCIES = 20
N_TRAINEES = 100_000
TRAINEES_PER_FOCAL_AGENCY = 3_000
TINY_TRAINEES, TINY_CLASSES = 40, 3
FOCAL_PER_CLASS, OTHERS_PER_CLASS = 6, 2
DEMO_FOCAL_POINTS = (
    ("daumoi.sotaichinh", "demo-2025-daumoi-stc", "LS-STC"),
    ("daumoi.tpls", "demo-2025-daumoi-tpls", "LS-TPLS"),
)
TINY_USER = "bench.daumoi.tiny"

# The load.
SEARCH_WORD = "chuyển đổi số"
TARGET_LIST_P95_MS, TARGET_NOMINATE_P95_MS = 150, 200
SEAT_HOLDING = ("nominated", "approved", "attended", "completed", "failed")


# --- small helpers --------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0-100); NaN when there is nothing."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def run(cmd: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{what} failed (exit {done.returncode})")
    return done.stdout


def database_params(url: str) -> dict:
    parsed = urlparse(url)
    if parsed.scheme.lower() not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"DATABASE_URL must point to PostgreSQL (got {parsed.scheme or url!r}): this bench is for it.")
    name = unquote(parsed.path.lstrip("/"))
    if not name:
        raise SystemExit(f"DATABASE_URL={url!r} names no database.")
    return {
        "dbname": name,
        "user": unquote(parsed.username or ""),
        "password": unquote(parsed.password or ""),
        "host": parsed.hostname or "",
        "port": parsed.port or 5432,
    }


def ensure_database(url: str) -> bool:
    """Create the database when missing; True when it was created."""
    import psycopg2
    from psycopg2 import sql

    params = database_params(url)
    name = params.pop("dbname")
    connection = psycopg2.connect(dbname="postgres", **{k: v for k, v in params.items() if v})
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return False
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    finally:
        connection.close()


def with_conn_max_age(url: str, seconds: int = 60) -> str:
    parsed = urlparse(url)
    query = dict(parse_qsl(parsed.query))
    query.setdefault("conn_max_age", str(seconds))
    return parsed._replace(query=urlencode(query)).geturl()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_rows(cursor, table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples in `columns` order) into `table`; returns how many."""

    def text(value) -> str:
        if value is None:
            return r"\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(text(value) for value in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


# --- 1. the data ----------------------------------------------------------------------------------


def bench_class_count() -> int:
    from courses.models import TrainingClass

    return TrainingClass.objects.filter(code__startswith=PREFIX).count()


@dataclass
class PlannedClass:
    kind: str  # roomy, tight, crowded, finished
    course: object
    start: datetime.date
    end: datetime.date
    opens: datetime.date
    closes: datetime.date
    # (agency id, seats, [(trainee id, status, waitlist rank)]) per allotment
    allotments: list = field(default_factory=list)
    planned_seats: int = 0


def scale_up() -> tuple[Counter, dict[str, float]]:
    """Agencies, focal points, trainees, classes, allotments and nominations in bulk; counters by SQL."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from courses.models import CivilServiceRank, ClassMode, ClassStatus, Course, TrainingClass
    from plans.demo.people import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
    from plans.models import Agency, AgencyKind, FocalPoint, FundingSource, PlanStatus, TrainingPlan

    rng = random.Random(SEED)
    today = timezone.localdate()
    now = timezone.now()
    tz = timezone.get_current_timezone()
    user_model = get_user_model()
    created: Counter = Counter()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    with transaction.atomic():
        root = Agency.objects.get(code="LS-UBND")
        staff = user_model.objects.get(username="chuyenvien")
        plan = TrainingPlan.objects.filter(year=2026).exclude(status=PlanStatus.CLOSED).get()
        targets = {target.category_id: target for target in plan.targets.select_related("category")}
        courses = [
            course
            for course in Course.objects.select_related("category").order_by("code")
            if course.category_id in targets and not course.category.is_overseas
        ]
        organisers = list(Agency.objects.filter(code__in=("LS-SNV", "LS-TCT")).order_by("code"))
        funding = FundingSource.objects.get(code="nsnn-tinh")
        ranks = list(CivilServiceRank.objects.filter(code__startswith="01.").values_list("pk", flat=True))

        # Agencies and their focal points.
        bench_agencies = [
            Agency.objects.create(
                code=f"{PREFIX}AG-{n:02d}",
                name=f"Đơn vị đo tải số {n:02d}",
                abbreviation=f"ĐVĐT{n:02d}",
                kind=AgencyKind.DEPARTMENT,
                parent=root,
                headcount=TRAINEES_PER_FOCAL_AGENCY,
            )
            for n in range(1, N_BENCH_AGENCIES + 1)
        ]
        tiny = Agency.objects.create(
            code=f"{PREFIX}AG-TINY",
            name="Đơn vị đo tải nhỏ",
            abbreviation="ĐVĐTN",
            kind=AgencyKind.PUBLIC_SERVICE_UNIT,
            parent=root,
            headcount=TINY_TRAINEES,
        )
        created["plans.Agency"] += len(bench_agencies) + 1
        accounts = [(f"bench.daumoi{n:02d}", f"bench-pass-{n:02d}", a) for n, a in enumerate(bench_agencies, 1)]
        accounts.append((TINY_USER, "bench-pass-tiny", tiny))
        with ThreadPoolExecutor(max_workers=2) as pool:  # PBKDF2 releases the GIL
            hashes = list(pool.map(make_password, [password for _, password, _ in accounts]))
        users = user_model.objects.bulk_create(
            [
                user_model(username=username, password=hashed, first_name="Đầu mối", last_name=agency.abbreviation)
                for (username, _, agency), hashed in zip(accounts, hashes, strict=True)
            ]
        )
        FocalPoint.objects.bulk_create(
            [FocalPoint(user=user, agency=agency) for user, (_, _, agency) in zip(users, accounts, strict=True)]
        )
        created["auth.User"] += len(users)
        created["plans.FocalPoint"] += len(users)
        timings["agencies and accounts (password hashing)"] = time.perf_counter() - started

        demo_focal = [Agency.objects.get(code=code) for _, _, code in DEMO_FOCAL_POINTS]
        focal = demo_focal + bench_agencies
        focal_ids = {agency.pk for agency in focal}
        others = list(
            Agency.objects.valid_on(today).exclude(code__startswith=PREFIX).exclude(pk__in=focal_ids).order_by("code")
        )
        nominators = {point.agency_id: point.user_id for point in FocalPoint.objects.filter(agency__in=[*focal, tiny])}

        # Trainees: 3,000 per focal agency, 40 in the tiny one, the rest spread over the other agencies.
        started = time.perf_counter()
        quota = {agency.pk: TRAINEES_PER_FOCAL_AGENCY for agency in focal}
        quota[tiny.pk] = TINY_TRAINEES
        rest = N_TRAINEES - sum(quota.values())
        for i, agency in enumerate(others):
            quota[agency.pk] = rest // len(others) + (1 if i < rest % len(others) else 0)
        positions = ("Chuyên viên", "Chuyên viên chính", "Cán sự", "Phó Trưởng phòng", "Trưởng phòng")
        theory = ("none", "elementary", "intermediate", "advanced")

        def trainee_rows():
            serial = 0
            for agency_id, count in quota.items():
                for _ in range(count):
                    gender = rng.choice("MF")
                    born = datetime.date(1966, 1, 1) + datetime.timedelta(days=rng.randrange(34 * 365))
                    century_gender = (0 if born.year < 2000 else 2) + (gender == "F")
                    name = " ".join(
                        (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES[gender]), rng.choice(GIVEN_NAMES[gender]))
                    )
                    serial += 1
                    yield (
                        f"099{century_gender}{born.year % 100:02d}{serial:06d}",  # 099: no real province code
                        name,
                        born,
                        gender,
                        agency_id,
                        rng.choice(positions),
                        rng.choice(ranks) if ranks else None,
                        "none",
                        rng.choice(theory),
                        "",
                        "",
                        "",
                    )

        with connection.cursor() as cursor:
            created["courses.Trainee"] += copy_rows(
                cursor,
                "courses_trainee",
                [
                    "personal_id",
                    "full_name",
                    "date_of_birth",
                    "gender",
                    "agency_id",
                    "position",
                    "rank_id",
                    "leadership_level",
                    "political_theory_level",
                    "foreign_language_level",
                    "email",
                    "phone",
                ],
                trainee_rows(),
            )
            cursor.execute(
                "SELECT agency_id, id FROM courses_trainee WHERE agency_id = ANY(%s) ORDER BY id", [list(quota)]
            )
            pools: dict[int, list[int]] = defaultdict(list)
            for agency_id, trainee_id in cursor.fetchall():
                pools[agency_id].append(trainee_id)

        # Classes, planned in memory first: their seats depend on the allotments.
        kinds = ["crowded"] * N_CROWDED + ["tight"] * N_TIGHT + ["roomy"] * (N_OPEN - N_CROWDED - N_TIGHT)
        rng.shuffle(kinds)
        kinds += ["finished"] * N_FINISHED
        planned: list[PlannedClass] = []
        tiny_left = TINY_CLASSES
        for kind in kinds:
            course = rng.choice(courses)
            length = datetime.timedelta(days=max(1, course.duration_days or rng.randint(2, 20)) - 1)
            if kind == "finished":
                start = today - datetime.timedelta(days=rng.randint(30, 320))
                opens, closes = start - datetime.timedelta(days=40), start - datetime.timedelta(days=5)
                start_end = (start, min(start + length, today - datetime.timedelta(days=1)))
            else:
                start = today + datetime.timedelta(days=rng.randint(20, 380))
                opens = today - datetime.timedelta(days=rng.randint(5, 45))
                closes = start - datetime.timedelta(days=rng.randint(1, 10))
                start_end = (start, start + length)
            klass = PlannedClass(kind, course, *start_end, opens, closes)
            if kind == "crowded":
                agencies = list(focal)
            else:
                agencies = rng.sample(focal, FOCAL_PER_CLASS) + rng.sample(others, OTHERS_PER_CLASS)
            if kind == "roomy" and tiny_left:
                agencies.append(tiny)
                tiny_left -= 1
            seats_total = held_total = 0
            waiting_rank = 0
            for agency in agencies:
                if agency is tiny:
                    seats, free = 3, 2
                elif kind == "crowded":
                    seats, free = rng.randint(6, 10), rng.randint(2, 4)
                elif kind == "tight" and agency.pk in focal_ids:
                    seats, free = rng.randint(10, 24), rng.choice((0, 0, 1, 1, 2))
                elif kind == "finished":
                    seats, free = rng.randint(14, 28), rng.randint(0, 4)
                else:
                    seats, free = rng.randint(14, 28), rng.randint(3, 9)
                held = seats - free
                refused = rng.choice((0, 0, 0, 1, 1, 2))
                waiting = rng.randint(1, 3) if kind == "tight" and free == 0 else 0
                people = rng.sample(pools[agency.pk], held + refused + waiting)
                nominations = []
                for trainee_id in people[:held]:
                    if kind == "finished":
                        status = rng.choices(("completed", "failed", "attended"), (88, 6, 6))[0]
                    else:
                        status = "approved" if rng.random() < 0.55 else "nominated"
                    nominations.append((trainee_id, status, None))
                for trainee_id in people[held : held + refused]:
                    nominations.append((trainee_id, rng.choice(("rejected", "withdrawn")), None))
                for trainee_id in people[held + refused :]:
                    waiting_rank += 1
                    nominations.append((trainee_id, "waitlisted", waiting_rank))
                klass.allotments.append((agency.pk, seats, nominations))
                seats_total += seats
                held_total += held
            # Over-allotted classes keep 1-3 seats free for the whole class: the POSTs race for them.
            klass.planned_seats = (
                held_total + rng.randint(1, 3) if kind == "crowded" else seats_total + rng.randint(0, 10)
            )
            planned.append(klass)

        modes = (ClassMode.IN_PERSON, ClassMode.ONLINE, ClassMode.BLENDED)
        places = ("Trường Chính trị Hoàng Văn Thụ", "Hội trường Sở Nội vụ", "Trung tâm Hội nghị tỉnh", "Trực tuyến")
        classes = TrainingClass.objects.bulk_create(
            [
                TrainingClass(
                    code=f"{PREFIX}{n:05d}",
                    title=f"{p.course.title} – lớp {n:04d}",
                    course=p.course,
                    target=targets[p.course.category_id],
                    mode=rng.choices(modes, (6, 2, 2))[0],
                    location=rng.choice(places),
                    start_date=p.start,
                    end_date=p.end,
                    planned_seats=p.planned_seats,
                    allow_overallotment=p.kind == "crowded",
                    organiser=rng.choice(organisers),
                    registration_opens=p.opens,
                    registration_closes=p.closes,
                    funding_source=funding,
                    budget_estimate=rng.randint(50, 900) * 1_000_000,
                    status=ClassStatus.FINISHED if p.kind == "finished" else ClassStatus.OPEN,
                )
                for n, p in enumerate(planned, start=1)
            ],
            batch_size=1_000,
        )
        created["courses.TrainingClass"] += len(classes)

        def moment(first: datetime.date, last: datetime.date) -> datetime.datetime:
            day = first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))
            at = datetime.datetime.combine(day, datetime.time(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=tz)
            return min(at, now - datetime.timedelta(hours=1))

        reasons = {
            "rejected": "Không đúng đối tượng của lớp (dữ liệu đo tải).",
            "withdrawn": "Đơn vị rút cử do bận công tác (dữ liệu đo tải).",
        }
        allotment_rows, nomination_rows = [], []
        for klass, p in zip(classes, planned, strict=True):
            last_day = p.closes if p.kind == "finished" else today - datetime.timedelta(days=1)
            for agency_id, seats, nominations in p.allotments:
                allotment_rows.append((klass.pk, agency_id, seats, 0, None))
                for trainee_id, status, rank in nominations:
                    at = moment(p.opens, last_day)
                    decided = status not in ("nominated", "waitlisted")
                    nomination_rows.append(
                        (
                            trainee_id,
                            klass.pk,
                            agency_id,
                            status,
                            reasons.get(status, ""),
                            nominators.get(agency_id, staff.pk),
                            at,
                            staff.pk if decided else None,
                            min(at + datetime.timedelta(days=rng.randint(1, 4)), now) if decided else None,
                            rank,
                        )
                    )
        with connection.cursor() as cursor:
            created["courses.SeatAllotment"] += copy_rows(
                cursor,
                "courses_seatallotment",
                ["training_class_id", "agency_id", "seats", "taken_seats", "deadline"],
                allotment_rows,
            )
            created["courses.Nomination"] += copy_rows(
                cursor,
                "courses_nomination",
                [
                    "trainee_id",
                    "training_class_id",
                    "agency_id",
                    "status",
                    "reason",
                    "nominated_by_id",
                    "nominated_at",
                    "decided_by_id",
                    "decided_at",
                    "waitlist_rank",
                ],
                nomination_rows,
            )
            # The kept counters, exactly: the database CHECK constraints verify them as they are set.
            cursor.execute(
                """
                UPDATE courses_seatallotment a SET taken_seats = c.n
                FROM (SELECT n.training_class_id, n.agency_id, count(*) AS n
                      FROM courses_nomination n JOIN courses_trainingclass t ON t.id = n.training_class_id
                      WHERE t.code LIKE %s AND n.status = ANY(%s) GROUP BY 1, 2) c
                WHERE a.training_class_id = c.training_class_id AND a.agency_id = c.agency_id
                """,
                [PREFIX + "%", list(SEAT_HOLDING)],
            )
            cursor.execute(
                """
                UPDATE courses_trainingclass t SET
                    taken_seats = COALESCE((SELECT count(*) FROM courses_nomination n
                                            WHERE n.training_class_id = t.id AND n.status = ANY(%s)), 0),
                    allotted_seats = COALESCE((SELECT sum(seats) FROM courses_seatallotment a
                                               WHERE a.training_class_id = t.id), 0)
                WHERE t.code LIKE %s
                """,
                [list(SEAT_HOLDING), PREFIX + "%"],
            )
    timings["bulk rows"] = time.perf_counter() - started  # with the commit, which checks the deferred foreign keys
    started = time.perf_counter()
    with connection.cursor() as cursor:  # outside the transaction: fresh statistics, as autovacuum would leave
        for table in ("courses_trainee", "courses_trainingclass", "courses_seatallotment", "courses_nomination"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    timings["VACUUM ANALYZE"] = time.perf_counter() - started
    return created, timings


def prepare_database(url: str, env: dict[str, str]) -> None:
    print("== 1. data")
    made = ensure_database(url)
    print(f"database {database_params(url)['dbname']}: {'created' if made else 'exists'}")
    started = time.perf_counter()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("The settings did not select PostgreSQL: check DATABASE_URL.")
    if bench_class_count() >= N_OPEN + N_FINISHED:
        print(f"scale-up: already done ({bench_class_count()} {PREFIX} classes), skipped")
    else:
        started = time.perf_counter()
        out = run([PYTHON, "manage.py", "load_demo", "--force"], env, "load_demo")
        print(f"load_demo: {out.splitlines()[0] if out else ''} ({time.perf_counter() - started:.1f} s)")
        started = time.perf_counter()
        created, timings = scale_up()
        seconds = time.perf_counter() - started
        rows = sum(created.values())
        bulk = rows - created["plans.Agency"] - created["auth.User"] - created["plans.FocalPoint"]
        print(f"scale-up: {rows:,} rows in {seconds:.1f} s, {rows / seconds:,.0f} rows/s")
        for label, count in sorted(created.items()):
            print(f"  {label:24} {count:>9,}")
        for label, spent in timings.items():
            rate = f" ({bulk / spent:,.0f} rows/s)" if label == "bulk rows" else ""
            print(f"  {label + ':':42} {spent:5.1f} s{rate}")
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT (SELECT count(*) FROM plans_agency), (SELECT count(*) FROM courses_trainee),
                      (SELECT count(*) FROM courses_trainingclass),
                      (SELECT count(*) FROM courses_trainingclass WHERE status = 'open'),
                      (SELECT count(*) FROM courses_seatallotment), (SELECT count(*) FROM courses_nomination)"""
        )
        agencies, trainees, classes, open_classes, allotments, nominations = cursor.fetchone()
    print(
        f"in the database: {agencies:,} agencies, {trainees:,} trainees, {classes:,} classes ({open_classes:,} open), "
        f"{allotments:,} seat allotments, {nominations:,} nominations"
    )


# --- 2. the server --------------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict[str, str], workers: int = 4, threads: int = 1):
        self.env = env
        self.workers, self.threads = workers, threads
        self.dbname = database_params(env["DATABASE_URL"])["dbname"]
        self.port = free_port()
        self.access_log = OUT / "gunicorn-access.log"
        self.error_log = OUT / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        OUT.mkdir(exist_ok=True)
        self.access_log.write_text("")
        self._log = self.error_log.open("w")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "training_portal.wsgi:application",
                "--workers",
                str(self.workers),
                "--threads",
                str(self.threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                "%(p)s %(m)s %(U)s %(s)s %(D)s",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start-up: see {self.error_log}")
            try:
                connection = HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/")
                if connection.getresponse().status == 200:
                    connection.close()
                    print(f"gunicorn: {self.describe()} on 127.0.0.1:{self.port} (pid {self.process.pid})")
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 60 s: see {self.error_log}")

    def describe(self) -> str:
        if self.threads > 1:
            return f"{self.workers} gthread workers x {self.threads} threads"
        return f"{self.workers} sync workers"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def access_offset(self) -> int:
        return self.access_log.stat().st_size

    def server_times(self, start: int, end: int) -> tuple[list[float], list[int]]:
        """From the access log between two offsets: the milliseconds gunicorn spent on each request (from
        the moment a worker thread picked it up, so without the wait for a thread), and the number of
        requests each worker served."""
        with self.access_log.open("rb") as log:
            log.seek(start)
            lines = [line.split() for line in log.read(end - start).decode("utf-8", "replace").splitlines()]
        lines = [line for line in lines if len(line) == 5 and line[4].isdigit()]
        per_worker = Counter(line[0] for line in lines)
        return [int(line[4]) / 1000 for line in lines], sorted(per_worker.values(), reverse=True)

    def problems(self) -> list[str]:
        text = self.error_log.read_text("utf-8", "replace")
        return [
            line
            for line in text.splitlines()
            if "Traceback" in line or "[ERROR]" in line or "WORKER TIMEOUT" in line or line.startswith("ERROR")
        ]


# --- 3. the clients -------------------------------------------------------------------------------


def cpu_snapshot(server_pid: int, dbname: str) -> dict:
    """CPU seconds used so far by the whole machine ("busy") and by each process ("procs": pid -> (what, seconds)),
    where `what` is "srv" (gunicorn), "pg" (a backend of `dbname` or one of PostgreSQL's own processes), "cli"
    (this process) or the process's command line."""
    tick = os.sysconf("SC_CLK_TCK")
    cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    busy = (sum(map(int, cpu[:8])) - int(cpu[3]) - int(cpu[4])) / tick  # all but idle and iowait
    me, procs = os.getpid(), {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            text = (entry / "stat").read_text()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            fields = text[text.rindex(")") + 2 :].split()
            pid, ppid, used = int(entry.name), int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
            if server_pid in (pid, ppid):
                procs[pid] = ("srv", used)
            elif pid == me:
                procs[pid] = ("cli", used)
            elif used:
                words = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").split()
                ours = comm.startswith("postgres") and (dbname in words or not any("(" in w for w in words))
                procs[pid] = ("pg" if ours else " ".join(words)[:70] or comm, used)
        except (OSError, ValueError):
            continue
    return {"busy": busy, "procs": procs}


def cpu_used(before: dict, after: dict) -> Counter:
    """CPU seconds used between two snapshots by srv, pg, cli and "other" (the rest of the machine: other work,
    and processes that ended meanwhile, e.g. PostgreSQL backends Django closed after conn_max_age), and by each
    other process still there (keyed "pid command")."""
    used: Counter = Counter()
    for pid, (what, seconds) in after["procs"].items():
        spent = seconds - before["procs"].get(pid, (what, 0.0))[1]
        used[what if what in ("srv", "pg", "cli") else f"{pid} {what}"] += max(spent, 0.0)
    used["other"] = max(0.0, after["busy"] - before["busy"] - used["srv"] - used["pg"] - used["cli"])
    return used


@dataclass
class Result:
    label: str
    ms: float
    status: int
    outcome: str = ""


class WebClient:
    """One browser and its cookies (the messages cookie is read, not kept).

    With `keep_alive` it holds one connection, which gunicorn's gthread worker then keeps for
    itself; without, it opens one per request, as nginx does towards gunicorn by default.
    """

    def __init__(self, port: int, username: str, password: str, keep_alive: bool = False):
        self.port = port
        self.username, self.password = username, password
        self.keep_alive = keep_alive
        self.cookies: dict[str, str] = {}
        self.connection = HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None, referer: str = ""):
        """(status, headers, body, milliseconds, messages cookie value)."""
        headers = {} if self.keep_alive else {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if referer:
            headers["Referer"] = f"http://127.0.0.1:{self.port}{referer}"
        for attempt in (1, 2):
            try:
                started = time.perf_counter()
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                ms = (time.perf_counter() - started) * 1000
                if not self.keep_alive:
                    self.connection.close()
                break
            except (HTTPException, ConnectionError):
                # A kept-alive connection the server closed meanwhile: open a new one, once.
                self.connection.close()
                self.connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        messages = ""
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if name == "messages":
                    messages = morsel.value
                elif morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, data, ms, messages

    def login(self) -> None:
        status, _, body, _, _ = self.request("GET", "/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match or "csrftoken" not in self.cookies:
            raise SystemExit(f"login page: {status}, no CSRF token")
        form = {"username": self.username, "password": self.password, "csrfmiddlewaretoken": match[1].decode()}
        status, headers, _, _, _ = self.request("POST", "/accounts/login/", form, referer="/accounts/login/")
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {self.username} failed: {status} {headers.get('Location')}")


@dataclass
class Phase:
    name: str
    results: list[Result]
    seconds: float
    server_ms: list[float]
    per_worker: list[int]
    cpu: Counter  # CPU seconds used during the phase (see cpu_used)

    def latencies(self, label: str | None = None) -> list[float]:
        return [r.ms for r in self.results if (label is None or r.label == label) and not math.isnan(r.ms)]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.results if r.outcome.startswith("error"))


def wait_until_quiet(server: Server, limit: float) -> float:
    """Wait (at most `limit` seconds) until the rest of the machine uses less than 0.2 cores; the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        before = cpu_snapshot(server.process.pid, server.dbname)
        time.sleep(1)
        if cpu_used(before, cpu_snapshot(server.process.pid, server.dbname))["other"] < 0.2:
            break
    return time.monotonic() - started


def run_phase(
    name: str, clients: list[WebClient], plans: list[list], seconds: float, server: Server, quiet: float = 0
) -> Phase:
    """Each client sends its planned requests back to back, all starting together, bounded in time.

    First waits up to `quiet` seconds for the rest of the machine to be idle (a shared machine's other work
    would be measured too).
    """
    if quiet and wait_until_quiet(server, quiet) >= quiet:
        print(f"(the machine was still busy with other work after {quiet:.0f} s: {name} measured anyway)")
    barrier = threading.Barrier(len(clients) + 1)
    deadline_box: list[float] = []

    def work(client: WebClient, plan: list) -> list[Result]:
        barrier.wait()
        results = []
        for label, method, path, form, check in plan:
            if time.monotonic() > deadline_box[0]:
                break
            if form is not None:
                form = {**form, "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")}
            try:
                status, headers, body, ms, messages = client.request(method, path, form, referer=path)
            except (OSError, HTTPException) as exc:
                results.append(Result(label, math.nan, 0, f"error: {type(exc).__name__}"))
                continue
            results.append(Result(label, ms, status, check(status, headers, body, messages)))
        return results

    offset = server.access_offset()
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        futures = [pool.submit(work, client, plan) for client, plan in zip(clients, plans, strict=True)]
        deadline_box.append(time.monotonic() + seconds)
        cpu = cpu_snapshot(server.process.pid, server.dbname)
        started = time.perf_counter()
        barrier.wait()
        results = [result for future in futures for result in future.result()]
        elapsed = time.perf_counter() - started
        cpu = cpu_used(cpu, cpu_snapshot(server.process.pid, server.dbname))
    time.sleep(0.3)  # the last access-log lines
    return Phase(name, results, elapsed, *server.server_times(offset, server.access_offset()), cpu)


def expect_200(status, headers, body, messages) -> str:
    return "ok" if status == 200 else f"error: {status} {headers.get('Location', '')}"


class OutcomeReader:
    """Reads what a nomination POST did from the messages cookie of its redirect."""

    def __init__(self):
        from django.contrib.messages.storage.cookie import CookieStorage, MessageSerializer
        from django.core import signing
        from django.utils import translation

        self.signer = signing.get_cookie_signer(salt=CookieStorage.key_salt)
        self.bad_signature = signing.BadSignature
        self.serializer = MessageSerializer
        texts = {
            "class full": ["The class is full: every seat is taken."],
            "no seats left": ["%(agency)s has used all the seats allotted to it in this class."],
            "no allotment": ["%(agency)s has no seats allotted in this class."],
            "duplicate": [
                "%(name)s is already nominated to this class (%(status)s).",
                "%(name)s is already nominated to this class.",
            ],
            "window": [
                "The class %(code)s is not open for nomination (%(status)s).",
                "Nominations open on %(date)s.",
                "The nomination deadline (%(date)s) has passed: ask the Department of Home Affairs.",
            ],
        }
        self.patterns = []
        with translation.override("vi"):
            for kind, msgids in texts.items():
                for msgid in msgids:
                    pattern = re.sub(r"%\\\(\w+\\\)s", ".+?", re.escape(translation.gettext(msgid)))
                    self.patterns.append((kind, re.compile(pattern)))
        self.unknown: Counter = Counter()

    def __call__(self, status, headers, body, messages) -> str:
        location = headers.get("Location", "")
        if status != 302 or "/portal/classes/" not in location:
            return f"error: {status} {location}"
        try:
            decoded = self.signer.unsign_object(messages, serializer=self.serializer) if messages else []
        except (self.bad_signature, ValueError):  # unreadable: counted as "no message"
            decoded = []
        found = [m for m in decoded if hasattr(m, "level")]
        if not found:
            return "no message"
        message = found[-1]
        if message.level == 25:
            return "nominated"
        if message.level == 30:
            return "waitlisted"
        for kind, pattern in self.patterns:
            if pattern.fullmatch(message.message):
                return f"refused: {kind}"
        self.unknown[message.message[:100]] += 1
        return "refused: other"


@dataclass
class Actor:
    username: str
    password: str
    user_id: int
    agency_id: int
    agency_code: str


def actors() -> list[Actor]:
    from plans.models import FocalPoint

    points = {
        p.user.username: p
        for p in FocalPoint.objects.select_related("user", "agency").filter(
            user__username__in=[u for u, _, _ in DEMO_FOCAL_POINTS] + [f"bench.daumoi{n:02d}" for n in range(1, 21)]
        )
    }
    found = [(username, password) for username, password, _ in DEMO_FOCAL_POINTS]
    found += [(f"bench.daumoi{n:02d}", f"bench-pass-{n:02d}") for n in range(1, N_BENCH_AGENCIES + 1)]
    return [
        Actor(u, pw, points[u].user_id, points[u].agency_id, points[u].agency.code) for u, pw in found if u in points
    ]


def refill_hot_classes(hot: list[int]) -> None:
    """Earlier runs filled the over-allotted classes the POSTs race for: give each 2 free seats again, and each
    agency a free seat in it, as staff would (bench classes only; the kept counters stay exact)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_seatallotment SET seats = taken_seats + 1 WHERE training_class_id = ANY(%s) "
            "AND seats <= taken_seats",
            [hot],
        )
        cursor.execute(
            """UPDATE courses_trainingclass t SET
                   allotted_seats = (SELECT sum(seats) FROM courses_seatallotment a WHERE a.training_class_id = t.id),
                   planned_seats = GREATEST(planned_seats, taken_seats + 2)
               WHERE t.id = ANY(%s) AND t.allow_overallotment AND t.code LIKE %s""",
            [hot, PREFIX + "%"],
        )


def nomination_plans(client_actors: list[Actor], requests: int) -> tuple[list[list[tuple]], dict]:
    """Per client: (class id, trainee id, waitlist) POSTs — 60% roomy, 25% tight, 15% the hot over-allotted classes.

    Trainees are of the client's agency and not yet nominated to that class; no pair is used twice.
    """
    from django.db.models import F

    from courses.models import Nomination, SeatAllotment, Trainee, TrainingClass

    rng = random.Random(time.time_ns())
    open_bench = {"training_class__code__startswith": PREFIX, "training_class__status": "open"}
    agency_ids = sorted({a.agency_id for a in client_actors})
    allotments = list(
        SeatAllotment.objects.filter(agency_id__in=agency_ids, seats__gt=0, **open_bench)
        .annotate(free=F("seats") - F("taken_seats"))
        .values("training_class_id", "agency_id", "free", "training_class__allow_overallotment")
    )
    roomy, tight = defaultdict(list), defaultdict(list)
    for a in allotments:
        if a["training_class__allow_overallotment"]:
            continue
        if a["free"] >= 3:
            roomy[a["agency_id"]].append(a["training_class_id"])
        elif a["free"] <= 1:
            tight[a["agency_id"]].append(a["training_class_id"])
    hot = list(
        TrainingClass.objects.filter(code__startswith=PREFIX, status="open", allow_overallotment=True)
        .order_by("id")
        .values_list("pk", flat=True)[:10]
    )
    refill_hot_classes(hot)
    crowded = list(
        TrainingClass.objects.filter(pk__in=hot)
        .annotate(free=F("planned_seats") - F("taken_seats"))
        .values_list("pk", "free")
    )
    trainees = defaultdict(list)
    for agency_id, trainee_id in Trainee.objects.filter(agency_id__in=agency_ids).values_list("agency_id", "pk"):
        trainees[agency_id].append(trainee_id)

    picks = []
    for actor in client_actors:
        mine = []
        for _ in range(requests):
            draw = rng.random()
            if draw < 0.15 and hot:
                class_id = rng.choice(hot)
            elif draw < 0.40 and tight[actor.agency_id]:
                class_id = rng.choice(tight[actor.agency_id])
            else:
                class_id = rng.choice(roomy[actor.agency_id] or tight[actor.agency_id] or hot)
            mine.append((class_id, actor.agency_id, rng.random() < 0.5))
        picks.append(mine)
    classes = {p[0] for mine in picks for p in mine}
    used = set(
        Nomination.objects.filter(training_class_id__in=classes, agency_id__in=agency_ids).values_list(
            "trainee_id", "training_class_id"
        )
    )
    plans = []
    for mine in picks:
        plan = []
        for class_id, agency_id, waitlist in mine:
            while True:
                trainee_id = rng.choice(trainees[agency_id])
                if (trainee_id, class_id) not in used:
                    used.add((trainee_id, class_id))
                    break
            plan.append((class_id, trainee_id, waitlist))
        plans.append(plan)
    info = {
        "classes with seats (min per agency)": min(len(roomy[a]) + len(tight[a]) for a in agency_ids),
        "roomy classes (min per agency)": min(len(roomy[a]) for a in agency_ids),
        "tight classes (min per agency)": min(len(tight[a]) for a in agency_ids),
        "hot over-allotted classes": len(hot),
        "seats left in them": sum(free for pk, free in crowded if pk in hot),
    }
    return plans, info


def print_phase(phase: Phase, target: float | None = None, by_label: bool = False) -> None:
    latencies = [ms for ms in phase.latencies() if not math.isnan(ms)]
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    verdict = ""
    if target is not None:
        verdict = f"  target p95 <= {target} ms: {'met' if p95 <= target else 'MISSED'}"
    print(
        f"{phase.name:34} {len(phase.results):5d} {phase.errors:5d} {p50:8.1f} {p95:8.1f} "
        f"{max(latencies, default=math.nan):8.1f} {len(phase.results) / phase.seconds:7.1f} "
        f"{percentile(phase.server_ms, 50):8.1f} {percentile(phase.server_ms, 95):8.1f} "
        f"{' '.join(f'{phase.cpu[group] / phase.seconds:4.1f}' for group in CPU_GROUPS)} "
        f"{'/'.join(map(str, phase.per_worker)):>15}{verdict}"
    )
    if by_label:
        for label in sorted({r.label for r in phase.results}):
            values = [ms for ms in phase.latencies(label) if not math.isnan(ms)]
            print(
                f"  {label:32} {len(values):5d} {'':5} {percentile(values, 50):8.1f} {percentile(values, 95):8.1f} "
                f"{max(values, default=math.nan):8.1f}"
            )


CPU_GROUPS = ("srv", "pg", "cli", "other")
HEADER = (
    f"{'phase':34} {'reqs':>5} {'errs':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7} "
    f"{'srv p50':>8} {'srv p95':>8} {' '.join(f'{group:>4}' for group in CPU_GROUPS)} {'per worker':>15}"
)


def load_test(server: Server, args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils import timezone

    from courses.models import Nomination

    print("\n== 3. load")
    all_actors = actors()
    if len(all_actors) < 2:
        raise SystemExit("No focal points found: is the scale-up done?")
    client_actors = [all_actors[i % len(all_actors)] for i in range(args.clients)]
    clients = [WebClient(server.port, a.username, a.password, args.keep_alive) for a in client_actors]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        list(pool.map(WebClient.login, clients))
    print(
        f"{len(clients)} clients logged in through the login form as {len({a.username for a in client_actors})} "
        f"focal points of {len({a.agency_id for a in client_actors})} agencies ({time.perf_counter() - started:.1f} s)"
    )
    _status, _, home, _, _ = clients[0].request("GET", "/")
    match = re.search(rb'<link rel="stylesheet" href="([^"]+)"', home)
    stylesheet = match[1].decode() if match else "/static/css/site.css"

    n = args.requests
    phases: dict[str, Phase] = {}

    def same_for_all(label: str, path: str) -> list[list]:
        return [[(label, "GET", path, None, expect_200)] * n for _ in clients]

    print(
        f"{n} requests per client per phase, at most {args.phase_seconds:.0f} s per phase, "
        f"{'one kept-alive connection per client' if args.keep_alive else 'a new connection per request'}"
    )
    print("p50/p95/max: latency seen by the clients; srv p50/p95: gunicorn's own time per request (access log,")
    print("without the wait for a worker thread); srv pg cli other: CPU cores used by gunicorn, PostgreSQL, the")
    print(f"clients and the rest of the machine ({os.cpu_count()} cores); per worker: requests each worker served")
    print(HEADER)
    phases["static"] = run_phase(
        f"baseline: {stylesheet[:24]}",
        clients,
        same_for_all("css", stylesheet),
        args.phase_seconds,
        server,
        args.wait_quiet,
    )
    print_phase(phases["static"])
    phases["home"] = run_phase(
        "baseline: home page /", clients, same_for_all("home", "/"), args.phase_seconds, server, args.wait_quiet
    )
    print_phase(phases["home"])

    variants = [
        ("/portal/", "/portal/"),
        ("/portal/?quarter=4", "/portal/?quarter=4"),
        (f"/portal/?q={SEARCH_WORD}", f"/portal/?q={quote(SEARCH_WORD)}"),
        ("/portal/?page=2", "/portal/?page=2"),
    ]
    list_plans = [
        [(variants[(c + i) % 4][0], "GET", variants[(c + i) % 4][1], None, expect_200) for i in range(n)]
        for c in range(len(clients))
    ]
    phases["list"] = run_phase(
        "class list (4 variants)", clients, list_plans, args.phase_seconds, server, args.wait_quiet
    )
    print_phase(phases["list"], TARGET_LIST_P95_MS, by_label=True)

    post_plans, info = nomination_plans(client_actors, n)
    detail_plans = [
        [("detail", "GET", f"/portal/classes/{class_id}/", None, expect_200) for class_id, _, _ in plan]
        for plan in post_plans
    ]
    phases["detail"] = run_phase("class detail", clients, detail_plans, args.phase_seconds, server, args.wait_quiet)
    print_phase(phases["detail"])

    reader = OutcomeReader()
    requests = []
    for plan in post_plans:
        mine = []
        for class_id, trainee_id, waitlist in plan:
            form = {"trainee": trainee_id, **({"waitlist": "on"} if waitlist else {})}
            label = "waitlist on" if waitlist else "waitlist off"
            mine.append((label, "POST", f"/portal/classes/{class_id}/nominate/", form, reader))
        requests.append(mine)
    since = timezone.now()
    phases["nominate"] = run_phase("nomination POST", clients, requests, args.phase_seconds, server, args.wait_quiet)
    print_phase(phases["nominate"], TARGET_NOMINATE_P95_MS, by_label=True)

    busiest = max(phases.values(), key=lambda phase: phase.cpu["other"] / phase.seconds)
    if busiest.cpu["other"] / busiest.seconds > 0.2:
        print(
            f"note: other work used up to {busiest.cpu['other'] / busiest.seconds:.1f} cores during a phase "
            f"({busiest.name}): these figures are pessimistic. Its biggest users still running:"
        )
        users = [(key, spent) for key, spent in busiest.cpu.items() if key[0].isdigit()]
        for key, spent in sorted(users, key=lambda item: -item[1])[:3]:
            print(f"  {spent / busiest.seconds:4.1f} cores  pid {key}")
    print("\nthe POSTs' classes: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    outcomes = Counter(r.outcome for r in phases["nominate"].results)
    print("outcomes (from the messages cookie): " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    for text, count in reader.unknown.most_common(5):
        print(f"  other refusal x{count}: {text}")
    bench_users = get_user_model().objects.filter(pk__in={a.user_id for a in client_actors})
    made = Counter(
        dict(
            Nomination.objects.filter(nominated_by__in=bench_users, nominated_at__gte=since)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )
    print(
        f"in the database since the phase began: {made.get('nominated', 0)} nominated, "
        f"{made.get('waitlisted', 0)} waitlisted "
        f"(cookie said {outcomes.get('nominated', 0)} and {outcomes.get('waitlisted', 0)})"
    )
    return phases


# --- 4. queries per page --------------------------------------------------------------------------


def query_counts(explain: str) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from courses import selectors
    from plans.models import Agency

    print("\n== 4. SQL queries per page (in-process, one client)")
    users = get_user_model().objects
    big = users.get(username="bench.daumoi01")
    tiny = users.get(username=TINY_USER)
    demo = users.get(username=DEMO_FOCAL_POINTS[0][0])

    def agency(user):
        return Agency.objects.get(focal_points__user=user)

    def class_of(user) -> int:
        return selectors.classes_open_to(agency(user)).filter(code__startswith=PREFIX).values_list("pk", flat=True)[0]

    pages = [
        ("big agency: /portal/", big, "/portal/"),
        ("big agency: /portal/?page=2", big, "/portal/?page=2"),
        ("big agency: /portal/?quarter=4", big, "/portal/?quarter=4"),
        (f"big agency: /portal/?q={SEARCH_WORD}", big, f"/portal/?q={quote(SEARCH_WORD)}"),
        ("big agency: class detail", big, f"/portal/classes/{class_of(big)}/"),
        ("demo LS-STC: /portal/", demo, "/portal/"),
        ("tiny agency: /portal/", tiny, "/portal/"),
        ("tiny agency: class detail", tiny, f"/portal/classes/{class_of(tiny)}/"),
    ]
    print(f"{'page':40} {'classes':>7} {'queries':>7} {'p50 ms':>7}")
    counts, slowest = {}, []
    for name, user, path in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get(path)
        times = []
        for _ in range(7):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} as {user}: {response.status_code}")
        classes = selectors.classes_open_to(agency(user)).count()
        counts[name] = len(captured)
        print(f"{name:40} {classes:7,} {len(captured):7d} {statistics.median(times):7.1f}")
        if name == "big agency: /portal/":
            slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    same = counts["big agency: /portal/"] == counts["tiny agency: /portal/"] == counts["demo LS-STC: /portal/"]
    print(f"class list query count independent of rows: {'yes' if same else 'NO'}")
    print("slowest SQL of the big agency's class list:")
    for query in slowest:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}")
    if explain and slowest:
        with connection.cursor() as cursor:
            for _ in range(3):  # warm: the figures of a reused connection, as under gunicorn
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[0]["sql"])
            plan = [line for (line,) in cursor.fetchall()]
        keep = ("Scan", "Sort", "Planning Time", "Execution Time", "SubPlan", "Limit")
        print(f"EXPLAIN ANALYZE of the slowest{'' if explain == 'full' else ' (scans and timings; --explain: all)'}:")
        for line in plan:
            if explain == "full" or any(word in line for word in keep):
                print("  " + line)
    return {"same": same}


# --- 5. oversold? ---------------------------------------------------------------------------------

CHECKS = {
    "allotments with taken_seats > seats": "SELECT count(*) FROM courses_seatallotment WHERE taken_seats > seats",
    "classes with taken_seats > planned_seats": (
        "SELECT count(*) FROM courses_trainingclass WHERE taken_seats > planned_seats"
    ),
    "allotments whose counter differs from their nominations": """
        SELECT count(*) FROM courses_seatallotment a
        FULL JOIN (SELECT training_class_id, agency_id, count(*) AS n FROM courses_nomination
                   WHERE status = ANY(%(holding)s) GROUP BY 1, 2) c
          ON c.training_class_id = a.training_class_id AND c.agency_id = a.agency_id
        WHERE COALESCE(a.taken_seats, -1) <> COALESCE(c.n, 0)""",
    "classes whose counter differs from their nominations": """
        SELECT count(*) FROM courses_trainingclass t
        LEFT JOIN (SELECT training_class_id, count(*) AS n FROM courses_nomination
                   WHERE status = ANY(%(holding)s) GROUP BY 1) c ON c.training_class_id = t.id
        WHERE t.taken_seats <> COALESCE(c.n, 0)""",
    "classes whose allotted_seats differs from their allotments": """
        SELECT count(*) FROM courses_trainingclass t
        LEFT JOIN (SELECT training_class_id, sum(seats) AS n FROM courses_seatallotment GROUP BY 1) a
          ON a.training_class_id = t.id
        WHERE t.allotted_seats <> COALESCE(a.n, 0)""",
    "places on a waiting list held twice": """
        SELECT count(*) FROM (SELECT training_class_id, waitlist_rank FROM courses_nomination
                              WHERE status = 'waitlisted' GROUP BY 1, 2 HAVING count(*) > 1) d""",
}


def oversold() -> int:
    from django.db import connection

    print("\n== 5. seats, from the database")
    bad = 0
    with connection.cursor() as cursor:
        for name, query in CHECKS.items():
            cursor.execute(query, {"holding": list(SEAT_HOLDING)})
            (count,) = cursor.fetchone()
            bad += count
            print(f"{name:60} {count:5d}")
    return bad


# --- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--requests", type=int, default=50, help="requests per client per phase (default 50)")
    parser.add_argument("--phase-seconds", type=float, default=90, help="time bound of each phase (default 90)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4, as the README deploys)")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (default 1: sync workers, as the README deploys)"
    )
    parser.add_argument("--keep-server", action="store_true", help="leave gunicorn running at the end")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=30,
        help="before each phase, wait up to this many seconds for other work on the machine to stop (default 30)",
    )
    parser.add_argument(
        "--keep-alive", action="store_true", help="one kept-alive connection per client (default: one per request)"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the class list's slowest query")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    database_params(url)  # refuses anything but PostgreSQL
    secret = "".join(secrets.choice(string.ascii_letters + string.digits + "-_") for _ in range(60))
    production = {
        "DJANGO_SETTINGS_MODULE": "training_portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DATABASE_URL": url,
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("SECRET_KEY_FILE", "DATABASE_URL_FILE", "DEBUG_FILE", "ALLOWED_HOSTS_FILE"):
        os.environ.pop(name, None)
    os.environ.update(production)  # this process reads the same settings as the server (and its cookies' key)
    sys.path.insert(0, str(ROOT))
    env = dict(os.environ)
    wall = time.perf_counter()

    prepare_database(url, env)

    print("\n== 2. server")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, "collectstatic")
    server = Server({**env, "DATABASE_URL": with_conn_max_age(url)}, args.workers, args.threads)
    server.start()
    try:
        phases = load_test(server, args)
    finally:
        if args.keep_server:
            print(f"\ngunicorn left running on http://127.0.0.1:{server.port}/ (pid {server.process.pid})")
        else:
            server.stop()
    problems = server.problems()
    print(f"\ngunicorn log ({server.error_log.relative_to(ROOT)}): {len(problems)} errors or tracebacks")
    for line in problems[:5]:
        print("  " + line[:200])

    list_p95 = percentile(phases["list"].latencies(), 95)
    queries = query_counts("full" if args.explain else "short" if list_p95 > TARGET_LIST_P95_MS else "")
    bad = oversold()

    nominate_p95 = percentile(phases["nominate"].latencies(), 95)
    print("\n== summary")
    print(
        f"class list p95 {list_p95:.0f} ms (target <= {TARGET_LIST_P95_MS}): "
        f"{'met' if list_p95 <= TARGET_LIST_P95_MS else 'MISSED'}"
    )
    print(f"class list query count independent of rows: {'met' if queries['same'] else 'MISSED'}")
    print(
        f"nomination POST p95 {nominate_p95:.0f} ms (target <= {TARGET_NOMINATE_P95_MS}): "
        f"{'met' if nominate_p95 <= TARGET_NOMINATE_P95_MS else 'MISSED'}"
    )
    print(f"seats oversold or counters wrong: {bad} ({'met' if bad == 0 else 'FAILED'})")
    print(
        f"floor (home page, same clients) p95 {percentile(phases['home'].latencies(), 95):.0f} ms; "
        f"whole run {time.perf_counter() - wall:.0f} s"
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
