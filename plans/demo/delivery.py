"""The demo's finished classes as delivered: sessions, attendance and results that agree with each nomination's
status, so that deciding a class by its rule (`courses.services.class_complete_by_rule`) would give the same.

- Every finished class gets its sessions: the morning and afternoon of up to `MAX_DAYS` weekdays spread over its
  dates (the postgraduate course, a degree of several years, has none: it is judged on its result alone).
- A completed nominee was present at the class's minimum attendance or more, a few with an excused absence; one who
  did not complete was present under it (at least once, the rest mostly excused), or, in an assessed class, sat it
  all and failed the final test.
- The classes of the rank-standard and pre-appointment kinds and the postgraduate course are assessed: their
  completed nominees pass (a score of 5 or more, its grade on the usual scale) and get a certificate ("chứng chỉ"
  for the rank standard, a "giấy chứng nhận" otherwise); a class not assessed gives its completed nominees a
  certificate of completion without a score.

Deterministic: each class draws from its own `random.Random` seeded with its code, whatever order classes load in.
Idempotent: a class whose sessions are already within its dates is left as it is; one whose dates moved since (the
current year's, loaded another day) gets its sessions and attendance anew. Written in bulk (a few thousand rows a
class at most), with the history records of sessions and results made by the database.
"""

import datetime
import math
import random
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from courses.models import (
    Attendance,
    AttendanceStatus,
    CertificateKind,
    ClassSession,
    ClassStatus,
    Grade,
    HalfDay,
    Nomination,
    NominationStatus,
    Result,
    TrainingClass,
    grade_for_score,
)
from training_portal.history import create_with_history

from .planner import ClassData
from .reference import CAT_A, CAT_B, CAT_POSTGRAD
from .rows import HISTORY_REASON, LoadReport

MAX_DAYS = 6
ASSESSED = {CAT_A, CAT_B, CAT_POSTGRAD}
TOPICS = (
    "Khai giảng, giới thiệu chương trình",
    "Chuyên đề: Tổ chức bộ máy hành chính nhà nước",
    "Chuyên đề: Kỹ năng soạn thảo văn bản",
    "Chuyên đề: Chuyển đổi số trong cơ quan nhà nước",
    "Thảo luận nhóm, thực hành",
    "Ôn tập, viết bài thu hoạch",
)
LECTURERS = ("TS. Hoàng Văn Bình", "ThS. Nông Thị Mai", "TS. Lương Văn Hải", "ThS. Vi Thị Thu", "PGS.TS. Trần Minh")


def load_delivery(classes: Iterable[ClassData], report: LoadReport) -> None:
    codes = [data.code for data in classes if data.status == ClassStatus.FINISHED]
    rows = TrainingClass.objects.filter(code__in=codes).select_related(
        "target__category", "organiser", "provider", "course"
    )
    with transaction.atomic():
        for training_class in rows.order_by("code"):
            _deliver(training_class, report)


def _weekdays(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    days = [day for day in days if day.weekday() < 5] or [start]
    if len(days) <= MAX_DAYS:
        return days
    return [days[round(i * (len(days) - 1) / (MAX_DAYS - 1))] for i in range(MAX_DAYS)]


def _deliver(training_class: TrainingClass, report: LoadReport) -> None:
    rng = random.Random(f"delivery-{training_class.code}")
    category = training_class.target.category.code
    postgraduate = category == CAT_POSTGRAD
    sessions = list(training_class.sessions.all())
    within = all(training_class.start_date <= s.date <= training_class.end_date for s in sessions)
    if sessions and within:
        return  # delivered on an earlier run
    if sessions:  # the class's dates moved since: its sessions (and their marks) go with them
        training_class.sessions.all().delete()
    assessed = category in ASSESSED
    if training_class.assessed != assessed:
        TrainingClass.objects.filter(pk=training_class.pk).update(assessed=assessed)
    if not postgraduate:
        days = _weekdays(training_class.start_date, training_class.end_date)
        sessions = [
            ClassSession(
                training_class=training_class,
                date=day,
                half_day=half,
                topic=TOPICS[min(index, len(TOPICS) - 1)],
                lecturer=rng.choice(LECTURERS),
            )
            for index, day in enumerate(days)
            for half in (HalfDay.MORNING, HalfDay.AFTERNOON)
        ]
        sessions = create_with_history(ClassSession, sessions, reason=HISTORY_REASON)
        report.created[ClassSession._meta.label] += len(sessions)
    nominations = list(
        Nomination.objects.filter(
            training_class=training_class, status__in=(NominationStatus.COMPLETED, NominationStatus.FAILED)
        ).order_by("pk")
    )
    done = set(Result.objects.filter(nomination__in=nominations).values_list("nomination_id", flat=True))
    marks, results = [], []
    minimum = math.ceil(training_class.minimum_attendance * len(sessions) / 100)
    issuer = training_class.provider.name if training_class.provider else training_class.organiser.name
    kind = CertificateKind.CERTIFICATE if category == CAT_A else CertificateKind.ATTESTATION
    for number, nomination in enumerate(nominations, start=1):
        completed = nomination.status == NominationStatus.COMPLETED
        by_result = not completed and assessed and (postgraduate or rng.random() < 0.5)
        if sessions:
            if completed or by_result:  # at the minimum or over it: most never away, a few once or twice
                away = min(rng.choice((0, 0, 0, 0, 1, 2)), len(sessions) - minimum)
            else:  # under the minimum, but present at least once
                away = rng.randint(len(sessions) - minimum + 1, len(sessions) - 1)
            missed = set(rng.sample(range(len(sessions)), away))
            excused_share = 0.8 if completed else 0.5
            for index, session in enumerate(sessions):
                if index not in missed:
                    status = AttendanceStatus.PRESENT
                elif rng.random() < excused_share:
                    status = AttendanceStatus.EXCUSED
                else:
                    status = AttendanceStatus.ABSENT
                marks.append(Attendance(nomination=nomination, session=session, status=status))
        if nomination.pk in done:
            continue
        result = None
        if completed and assessed:
            score = Decimal(str(round(rng.triangular(5.5, 9.8, 8.0), 1)))
            result = Result(nomination=nomination, score=score, grade=grade_for_score(score))
        elif by_result:
            result = Result(
                nomination=nomination, score=Decimal(str(round(rng.uniform(2.5, 4.9), 1))), grade=Grade.FAIL
            )
        elif completed:
            result = Result(nomination=nomination)
        if result is not None and completed and not postgraduate:
            result.certificate_kind = kind
            result.certificate_number = f"{training_class.code}/{number:03d}"
            result.certificate_date = training_class.end_date
            result.issued_by = issuer
        if result is not None:
            results.append(result)
    Attendance.objects.bulk_create(marks, batch_size=2000, ignore_conflicts=True)
    report.created[Attendance._meta.label] += len(marks)
    if results:
        create_with_history(Result, results, reason=HISTORY_REASON)
        report.created[Result._meta.label] += len(results)
