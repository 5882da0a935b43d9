"""Excel in and out at a province's scale, on PostgreSQL, against django-import-export's defaults.

Generates its own input files and data, then runs each case in a fresh Python
process (so peak memory is that case's alone: the child's `ru_maxrss`, read with
`resource.getrusage(RUSAGE_SELF)` when it ends; the "floor" row is Django set up and
nothing else):

- 10,000 new trainees imported from upload to commit (check + preview plan + apply);
  target ≤ 3 s and ≤ 300 MB;
- the baseline: the same 10,000 rows through django-import-export's default
  `ModelResource` for Trainee, as its admin does it (a dry run, then the import again
  on confirm), from a file with the same rows in the headers that resource expects
  (field names and database ids); goal ≥ 6× slower than ours;
- 100,000 nominations imported (target ≤ 30 s);
- 100,000 nominations exported to XLSX (target ≤ 15 s and ≤ 250 MB).

    make bench-deps   # once: django-import-export, the baseline (bench/requirements.txt), not a runtime dependency
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/training_portal_excel_bench .venv/bin/python bench/excel.py

The database is created when missing and migrated; the bench data (agencies coded
`BENCH-…`, classes `BENCH-…`, trainees whose ids start with 09) is replaced on each run.
"""

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/training_portal_excel_bench"
AGENCIES = 20
CLASSES = 500
SEATS_PER_AGENCY = 10  # 20 agencies × 10 seats = 200 seats per class; 500 classes = 100,000 seats
TRAINEES_TO_IMPORT = 10_000
NOMINATIONS = CLASSES * AGENCIES * SEATS_PER_AGENCY


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# --- data and files ----------------------------------------------------------------------------


def prepare(folder: Path) -> None:
    """The province the cases run against, and the files they read."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from openpyxl import Workbook

    from courses.models import Course, NominationStatus, SeatAllotment, Trainee, TrainingClass
    from courses.resources import NominationImporter, TraineeImporter
    from plans.models import Agency, PlanTarget, TrainingCategory, TrainingPlan
    from training_portal.spreadsheets import SHEET_LANGUAGE

    with transaction.atomic():
        clear_bench()
        agencies = Agency.objects.bulk_create(
            [Agency(code=f"BENCH-{i:03d}", name=f"Sở thử tải {i}", abbreviation=f"BT{i}") for i in range(AGENCIES)]
        )
        category, _created = TrainingCategory.objects.get_or_create(code="bench", defaults={"name": "Thử tải"})
        plan, _created = TrainingPlan.objects.get_or_create(
            year=2099, issuing_agency=agencies[0], defaults={"title": "Kế hoạch thử tải"}
        )
        target, _created = PlanTarget.objects.get_or_create(plan=plan, category=category, defaults={"planned_seats": 1})
        course, _created = Course.objects.get_or_create(
            code="BENCH", defaults={"title": "Thử tải", "category": category}
        )
        classes = TrainingClass.objects.bulk_create(
            [
                TrainingClass(
                    code=f"BENCH-{i:04d}",
                    title=f"Lớp thử tải số {i}",
                    course=course,
                    target=target,
                    start_date=datetime.date(2099, 6, 1),
                    end_date=datetime.date(2099, 6, 5),
                    planned_seats=AGENCIES * SEATS_PER_AGENCY,
                    allotted_seats=AGENCIES * SEATS_PER_AGENCY,
                    organiser=agencies[0],
                    status="open",
                )
                for i in range(CLASSES)
            ]
        )
        SeatAllotment.objects.bulk_create(
            [SeatAllotment(training_class=c, agency=a, seats=SEATS_PER_AGENCY) for c in classes for a in agencies]
        )
        # The people to nominate: 100,000 already on the staff lists (ids 08…).
        Trainee.objects.bulk_create(
            [
                Trainee(
                    personal_id=f"08{i:010d}",
                    full_name=f"Người thử tải {i}",
                    date_of_birth=datetime.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                    gender="F" if i % 2 else "M",
                    agency=agencies[(i % (AGENCIES * SEATS_PER_AGENCY)) // SEATS_PER_AGENCY],
                )
                for i in range(NOMINATIONS)
            ],
            batch_size=5000,
        )
        get_user_model().objects.get_or_create(username="bench-excel", defaults={"is_staff": True})
    analyze()

    from django.utils import translation

    with translation.override(SHEET_LANGUAGE):
        trainee_headers = {c.name: str(c.header) for c in TraineeImporter().columns()}
        nomination_headers = {c.name: str(c.header) for c in NominationImporter().columns()}
        nominated = str(NominationStatus.NOMINATED.label)

    def save(name, header, rows):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Data")
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        workbook.save(folder / name)

    people = [
        (f"09{i:010d}", f"Nguyễn Thị Thử {i}", datetime.date(1980 + i % 20, 1 + i % 12, 1 + i % 28), i % 2)
        for i in range(TRAINEES_TO_IMPORT)
    ]
    names = ["personal_id", "full_name", "date_of_birth", "gender", "agency_id", "position"]
    save(
        "trainees.xlsx",
        [trainee_headers[n] for n in names],
        (
            [pid, name, born.strftime("%d/%m/%Y"), "Nữ" if f else "Nam", agencies[i % AGENCIES].code, "Chuyên viên"]
            for i, (pid, name, born, f) in enumerate(people)
        ),
    )
    # The same rows in the shape django-import-export's default resource reads: field names, ids, codes.
    save(
        "trainees-default-resource.xlsx",
        ["id", "personal_id", "full_name", "date_of_birth", "gender", "agency", "position"],
        (
            [None, pid, name, born, "F" if f else "M", agencies[i % AGENCIES].pk, "Chuyên viên"]
            for i, (pid, name, born, f) in enumerate(people)
        ),
    )
    save(
        "nominations.xlsx",
        [nomination_headers[n] for n in ("training_class_id", "trainee_id", "status")],
        ([f"BENCH-{i // (AGENCIES * SEATS_PER_AGENCY):04d}", f"08{i:010d}", nominated] for i in range(NOMINATIONS)),
    )


def wipe(queryset) -> None:
    """Delete rows of the bench with one DELETE, no signals and no history (cascades are done by hand)."""
    queryset._raw_delete(queryset.db)


def analyze() -> None:
    """Fresh planner statistics: after 100,000 rows inserted, a stale plan turns a DELETE into minutes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def reset_nominations() -> None:
    from courses.models import Nomination, NominationEvent, SeatAllotment, TrainingClass

    analyze()
    bench_classes = TrainingClass.objects.filter(code__startswith="BENCH-")
    wipe(NominationEvent.objects.filter(nomination__training_class__in=bench_classes))
    wipe(Nomination.objects.filter(training_class__in=bench_classes))
    wipe(Nomination.history.model.objects.filter(training_class__code__startswith="BENCH-"))
    bench_classes.update(taken_seats=0)
    SeatAllotment.objects.filter(training_class__in=bench_classes).update(taken_seats=0)


def reset_imported_trainees() -> None:
    from courses.models import Trainee

    analyze()
    wipe(Trainee.objects.filter(personal_id__startswith="09"))
    wipe(Trainee.history.model.objects.filter(personal_id__startswith="09"))


def clear_bench() -> None:
    from django.db.models import Q

    from courses.models import Course, SeatAllotment, Trainee, TrainingClass
    from plans.models import Agency, ImportRecord, PlanTarget, TrainingPlan

    reset_nominations()
    reset_imported_trainees()
    wipe(SeatAllotment.objects.filter(training_class__code__startswith="BENCH-"))
    wipe(TrainingClass.objects.filter(code__startswith="BENCH-"))
    wipe(Trainee.objects.filter(Q(personal_id__startswith="08") | Q(agency__code__startswith="BENCH-")))
    Course.objects.filter(code="BENCH").delete()
    PlanTarget.objects.filter(plan__year=2099).delete()
    TrainingPlan.objects.filter(year=2099).delete()
    wipe(Agency.objects.filter(code__startswith="BENCH-"))
    ImportRecord.objects.filter(by__username="bench-excel").delete()


# --- the cases, each in its own process --------------------------------------------------------


def case(name: str, folder: Path) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses.models import Nomination, Trainee
    from training_portal.importing import import_apply, import_check

    user, _created = get_user_model().objects.get_or_create(username="bench-excel", defaults={"is_staff": True})

    def upload(filename):
        return SimpleUploadedFile(filename, (folder / filename).read_bytes())

    result: dict = {}
    if name == "prepare":
        start = time.perf_counter()
        prepare(folder)
    elif name == "reset-trainees":
        start = time.perf_counter()
        reset_imported_trainees()
    elif name == "reset-nominations":
        start = time.perf_counter()
        reset_nominations()
    elif name == "floor":
        start = time.perf_counter()
    elif name == "trainees":
        start = time.perf_counter()
        record, plan = import_check(kind="trainees", uploaded=upload("trainees.xlsx"), by=user)
        checked = time.perf_counter()
        assert not plan.errors, plan.errors[:3]
        import_apply(record=record, by=user)
        result["check_s"] = checked - start
        assert Trainee.objects.filter(personal_id__startswith="09").count() == TRAINEES_TO_IMPORT
    elif name == "trainees-default":
        import tablib
        from import_export.resources import modelresource_factory

        start = time.perf_counter()
        dataset = tablib.Dataset().load(upload("trainees-default-resource.xlsx").read(), format="xlsx")
        resource_class = modelresource_factory(Trainee)
        dry = resource_class().import_data(dataset, dry_run=True)  # the admin's preview
        assert not dry.has_errors() and not dry.has_validation_errors()
        checked = time.perf_counter()
        resource_class().import_data(dataset, dry_run=False)  # and again on confirm
        result["check_s"] = checked - start
        assert Trainee.objects.filter(personal_id__startswith="09").count() == TRAINEES_TO_IMPORT
    elif name == "nominations":
        from courses.models import TrainingClass

        start = time.perf_counter()
        record, plan = import_check(kind="nominations", uploaded=upload("nominations.xlsx"), by=user)
        checked = time.perf_counter()
        assert not plan.errors, plan.errors[:3]
        import_apply(record=record, by=user)
        result["check_s"] = checked - start
        assert Nomination.objects.filter(training_class__code__startswith="BENCH-").count() == NOMINATIONS
        assert not TrainingClass.objects.filter(code__startswith="BENCH-").exclude(taken_seats=200).exists()
    elif name == "export":
        from courses.resources import NominationExporter

        start = time.perf_counter()
        response = NominationExporter().response(
            Nomination.objects.filter(training_class__code__startswith="BENCH-").order_by("pk")
        )
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        result["bytes"] = size
    else:
        raise SystemExit(f"unknown case {name}")
    result["seconds"] = time.perf_counter() - start
    result["peak_mb"] = peak_mb()
    return result


def run_case(name: str, folder: Path, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--case", name, "--folder", str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"case {name} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"DATABASE_URL must point to PostgreSQL (got {parsed.scheme!r}).")
    dbname = parsed.path.lstrip("/")
    connection = psycopg2.connect(
        dbname="postgres",
        user=parsed.username or "postgres",
        password=parsed.password or None,
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{dbname}"')
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case")
    parser.add_argument("--folder", type=Path, default=ROOT / "media" / "bench-excel")
    args = parser.parse_args()
    if importlib.util.find_spec("import_export") is None:
        sys.exit(
            "django-import-export, the baseline of this bench, is not installed (the portal does not use it): "
            "run `make bench-deps`, or `.venv/bin/pip install -r bench/requirements.txt`."
        )
    if args.case:
        django_setup()
        print(json.dumps(case(args.case, args.folder)))
        return

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    ensure_database(url)
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(args.folder / "media")}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    args.folder.mkdir(parents=True, exist_ok=True)
    # This process stays small and never loads Django: Linux carries a parent's peak memory into
    # the ru_maxrss of the children it forks, so every case (and the set-up) runs in its own process.
    made = run_case("prepare", args.folder, env)
    print(f"database: PostgreSQL {urlparse(url).path.lstrip('/')}; data and files made in {made['seconds']:.1f} s")
    print("each case in a fresh process; peak = that process's ru_maxrss (Django loaded counts: see 'floor')")
    print(f"{'case':58} {'seconds':>8} {'of which check':>15} {'peak MB':>8}  target")
    rows = [
        ("floor", "floor: Django set up, nothing else", ""),
        ("trainees-default", f"baseline: {TRAINEES_TO_IMPORT:,} trainees, django-import-export defaults", ""),
        ("trainees", f"{TRAINEES_TO_IMPORT:,} trainees, upload to commit", "≤ 3 s, ≤ 300 MB"),
        ("nominations", f"{NOMINATIONS:,} nominations, upload to commit", "≤ 30 s"),
        ("export", f"export of {NOMINATIONS:,} nominations to XLSX", "≤ 15 s, ≤ 250 MB"),
    ]
    resets = {"trainees-default": "reset-trainees", "trainees": "reset-trainees", "nominations": "reset-nominations"}
    results = {}
    for name, label, target in rows:
        if name in resets:
            run_case(resets[name], args.folder, env)  # in its own process, so it weighs on no case
        result = results[name] = run_case(name, args.folder, env)
        check = f"{result['check_s']:.2f}" if "check_s" in result else ""
        print(f"{label:58} {result['seconds']:8.2f} {check:>15} {result['peak_mb']:8.0f}  {target}")
    ratio = results["trainees-default"]["seconds"] / results["trainees"]["seconds"]
    print(f"trainee import: {ratio:.1f}× faster than django-import-export's default (goal ≥ 6×)")
    print(f"export file: {results['export']['bytes'] / 1_048_576:.1f} MB")


if __name__ == "__main__":
    main()
