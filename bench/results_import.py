"""Importing the institution's result sheet at a province's scale: 10,000 results from upload to commit (the check
with its preview plan, then the confirmation), target ≤ 3 s; with two baselines measured in the same run:

- the floor: the same 10,000 results inserted by one `bulk_create` (no file, no rule, no history);
- the attendance sheet of the same size (10,000 rows of one person each, two session columns), through the same
  engine.

Makes its own data (an agency `BENCH-RES`, 50 classes `BENCH-RES-…` of 200 attended nominees each, people whose ID
numbers start with 07) and removes it at the end (also what an interrupted run left).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<database> .venv/bin/python bench/results_import.py [--rows 10000]

Runs on SQLite too (the default database), for a rough look.
"""

import argparse
import datetime
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_CLASS = 200
DAY = datetime.date(2099, 6, 1)


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings")
    import django

    django.setup()


def clear() -> None:
    from courses.models import (
        Attendance,
        ClassSession,
        ClassTally,
        Course,
        Nomination,
        Result,
        Trainee,
        TrainingClass,
    )
    from plans.models import Agency, ImportRecord, PlanTarget, TrainingPlan

    classes = TrainingClass.objects.filter(code__startswith="BENCH-RES-")
    for queryset in (
        Result.history.model.objects.filter(nomination__training_class__code__startswith="BENCH-RES-"),
        Result.objects.filter(nomination__training_class__in=classes),
        Attendance.objects.filter(session__training_class__in=classes),
        ClassSession.objects.filter(training_class__in=classes),
        Nomination.objects.filter(training_class__in=classes),
        ClassTally.objects.filter(training_class__in=classes),
        classes,
        Trainee.objects.filter(personal_id__startswith="07"),
    ):
        queryset._raw_delete(queryset.db)
    Course.objects.filter(code="BENCH-RES").delete()
    PlanTarget.objects.filter(plan__year=2098).delete()
    TrainingPlan.objects.filter(year=2098).delete()
    Agency.objects.filter(code="BENCH-RES").delete()
    ImportRecord.objects.filter(by__username="bench-results").delete()


def prepare(rows: int):
    from django.contrib.auth import get_user_model

    from courses.models import ClassSession, Course, Nomination, NominationStatus, Trainee, TrainingClass
    from plans.models import Agency, PlanTarget, TrainingCategory, TrainingPlan

    agency = Agency.objects.create(code="BENCH-RES", name="Sở thử tải kết quả")
    category, _created = TrainingCategory.objects.get_or_create(code="bench-res", defaults={"name": "Thử tải"})
    plan = TrainingPlan.objects.create(year=2098, issuing_agency=agency, title="Kế hoạch thử tải")
    target = PlanTarget.objects.create(plan=plan, category=category, planned_seats=rows)
    course = Course.objects.create(code="BENCH-RES", title="Thử tải", category=category)
    count = -(-rows // PER_CLASS)
    classes = TrainingClass.objects.bulk_create(
        TrainingClass(
            code=f"BENCH-RES-{i:03d}",
            title=f"Lớp thử tải kết quả {i}",
            course=course,
            target=target,
            start_date=DAY,
            end_date=DAY + datetime.timedelta(days=4),
            planned_seats=PER_CLASS,
            organiser=agency,
            status="finished",
            assessed=True,
        )
        for i in range(count)
    )
    people = Trainee.objects.bulk_create(
        (
            Trainee(
                personal_id=f"07{i:010d}",
                full_name=f"Người thử tải {i}",
                date_of_birth=datetime.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                gender="F" if i % 2 else "M",
                agency=agency,
            )
            for i in range(rows)
        ),
        batch_size=5000,
    )
    nominations = Nomination.objects.bulk_create(
        (
            Nomination(
                trainee=person,
                training_class=classes[i // PER_CLASS],
                agency=agency,
                status=NominationStatus.ATTENDED,
            )
            for i, person in enumerate(people)
        ),
        batch_size=5000,
    )
    ClassSession.objects.bulk_create(
        ClassSession(training_class=c, date=DAY, half_day=half) for c in classes for half in ("am", "pm")
    )
    user, _created = get_user_model().objects.get_or_create(username="bench-results", defaults={"is_staff": True})
    return user, people, nominations, classes


def workbook(header, lines) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def files(rows: int) -> tuple[bytes, bytes]:
    from django.utils import translation

    from courses.delivery_excel import AttendanceImporter, ResultImporter, session_header
    from training_portal.spreadsheets import SHEET_LANGUAGE

    with translation.override(SHEET_LANGUAGE):
        results = [str(c.header) for c in ResultImporter().columns()]
        attendance = [str(c.header) for c in AttendanceImporter().columns()]
        attendance += [session_header(DAY, "am"), session_header(DAY, "pm")]
    grades = [("Xuất sắc", "9,5"), ("Giỏi", "8,25"), ("Khá", "7"), ("", "6")]  # a score alone gets its grade
    results_file = workbook(
        results,
        (
            [
                f"BENCH-RES-{i // PER_CLASS:03d}",
                f"07{i:010d}",
                f"Người thử tải {i}",
                grades[i % 4][1],
                grades[i % 4][0],
                "Chứng chỉ",
                f"CC-{i:05d}",
                "05/06/2099",
                "Trường Chính trị thử tải",
            ]
            for i in range(rows)
        ),
    )
    attendance_file = workbook(
        attendance,
        ([f"BENCH-RES-{i // PER_CLASS:03d}", f"07{i:010d}", "", "C", "P" if i % 7 == 0 else "C"] for i in range(rows)),
    )
    return results_file, attendance_file


def saved_by_calc(data: bytes) -> bytes | None:
    """The same workbook opened and saved again by a spreadsheet program (LibreOffice Calc, headless), as an
    institution's sheet reaches us: Excel and Calc write shared strings and the sheet's dimension, where openpyxl's
    write-only mode writes every text inline and no dimension (so openpyxl reads the whole sheet once more to size
    it). None when LibreOffice is not installed."""
    import shutil
    import subprocess
    import tempfile

    program = shutil.which("libreoffice") or shutil.which("soffice")
    if program is None:
        return None
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "sheet.xlsx"
        source.write_bytes(data)
        out = Path(directory) / "out"
        subprocess.run(
            [program, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
            capture_output=True,
            check=False,
            timeout=300,
        )
        saved = out / "sheet.xlsx"
        return saved.read_bytes() if saved.exists() else None


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def import_file(kind: str, data: bytes, user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from training_portal.importing import import_apply, import_check

    record, plan = import_check(kind=kind, uploaded=SimpleUploadedFile(f"{kind}.xlsx", data), by=user)
    if plan.errors:
        raise SystemExit(f"{kind}: {len(plan.errors)} errors, first {plan.errors[0]}")
    import_apply(record=record, by=user)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    django_setup()
    from django.db import connection

    from courses.models import Attendance, Result

    clear()
    try:
        user, _people, nominations, _classes = prepare(args.rows)
        results_file, attendance_file = files(args.rows)
        calc_file = saved_by_calc(results_file)

        def floor():
            Result.objects.bulk_create(
                (
                    Result(nomination=n, score=Decimal("8.25"), grade="very_good", certificate_kind="certificate")
                    for n in nominations
                ),
                batch_size=2000,
            )

        floor_time = timed(floor)
        Result.objects.filter(nomination__training_class__code__startswith="BENCH-RES-")._raw_delete(connection.alias)
        attendance_time = timed(lambda: import_file("attendance", attendance_file, user))
        results_time = timed(lambda: import_file("results", results_file, user))
        calc_time = None
        if calc_file is not None:  # the same results again from the sheet as Calc saved it: each row unchanged
            Result.objects.filter(nomination__training_class__code__startswith="BENCH-RES-")._raw_delete(
                connection.alias
            )
            calc_time = timed(lambda: import_file("results", calc_file, user))
        written = Result.objects.filter(nomination__training_class__code__startswith="BENCH-RES-").count()
        marks = Attendance.objects.filter(session__training_class__code__startswith="BENCH-RES-").count()
        print(f"database: {connection.vendor}; load average: {os.getloadavg()[0]:.2f}")
        print(
            f"results imported (check + confirm): {results_time:6.2f} s, {args.rows / results_time:8.0f} rows/s "
            f"({written} results written; target ≤ 3 s)"
        )
        if calc_time is None:
            print("the sheet as a spreadsheet program saves it: not measured (LibreOffice is not installed)")
        else:
            print(
                f"the same sheet saved by LibreOffice Calc (shared strings, dimension): {calc_time:6.2f} s, "
                f"{args.rows / calc_time:8.0f} rows/s (target ≤ 3 s)"
            )
        print(
            f"floor, one bulk_create of the same results: {floor_time:6.2f} s, {args.rows / floor_time:8.0f} rows/s "
            f"(ratio {results_time / floor_time:.1f}×)"
        )
        print(
            f"attendance sheet of the same size (2 sessions): {attendance_time:6.2f} s, "
            f"{args.rows / attendance_time:8.0f} rows/s ({marks} marks written)"
        )
    finally:
        clear()


if __name__ == "__main__":
    main()
