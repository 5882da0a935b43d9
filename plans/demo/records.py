"""The demo's records: training outside the plan (verified, awaiting verification, not accepted) with a scan as
evidence, and the position history of the demo's leaders (appointments, some within the last 12 months and some
before, and the rank each holds), all dated from the load day.

Idempotent: a row is found by its natural key (the person and the training's title; the person and the kind of
change) and changed only when a value differs; the evidence file is written once.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from courses.models import (
    LeadershipLevel,
    OutsideTraining,
    OutsideTrainingKind,
    OutsideTrainingStatus,
    PositionChange,
    PositionChangeKind,
    Trainee,
)

from .rows import upsert_row

# (agency, index of the person in the agency's list by ID number, kind, title, organiser, days before the load day
#  it ended, days it lasted, periods, status, staff's note)
OUTSIDE_TRAINING = (
    ("LS-STC", 0, OutsideTrainingKind.MINISTRY, "Bồi dưỡng kiến thức quản lý tài chính công", "Bộ Tài chính",
     120, 5, 40, OutsideTrainingStatus.VERIFIED, ""),
    ("LS-STC", 1, OutsideTrainingKind.AGENCY, "Tập huấn nghiệp vụ quản lý ngân sách nhà nước", "Sở Tài chính",
     60, 2, 16, OutsideTrainingStatus.VERIFIED, ""),
    ("LS-STC", 2, OutsideTrainingKind.ABROAD, "Quản trị địa phương và chính quyền số", "LOGODI (Hàn Quốc)",
     200, 12, 80, OutsideTrainingStatus.VERIFIED, ""),
    ("LS-STC", 0, OutsideTrainingKind.OTHER, "Bồi dưỡng kỹ năng lãnh đạo, quản lý cấp phòng", "Học viện Hành chính",
     20, 10, 64, OutsideTrainingStatus.SUBMITTED, ""),
    ("LS-TPLS", 0, OutsideTrainingKind.AGENCY, "Tập huấn công tác văn thư, lưu trữ", "UBND thành phố Lạng Sơn",
     90, 1, 8, OutsideTrainingStatus.REJECTED,
     "Bản chụp không có dấu của cơ sở đào tạo: đề nghị gửi lại giấy chứng nhận có dấu."),
)  # fmt: skip
# Appointment dates of the leaders, in days before the load day, taken in turn: within 12 months and past it.
APPOINTED_DAYS_AGO = (45, 150, 300, 364, 366, 420, 700, 1500)
EVIDENCE_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _evidence(name: str) -> str:
    path = f"evidence/demo/{name}.pdf"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(EVIDENCE_SCAN))
    return path


def load_records(*, agencies: dict, today: datetime.date, staff, focal_points: dict, report) -> None:
    checked_at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9)))
    staff_lists: dict[str, list[Trainee]] = {}
    for number, (code, index, kind, title, organiser, ago, days, periods, status, note) in enumerate(
        OUTSIDE_TRAINING, start=1
    ):
        if code not in staff_lists:
            staff_lists[code] = list(Trainee.objects.filter(agency=agencies[code]).order_by("personal_id"))
        trainee = staff_lists[code][index]
        end = today - datetime.timedelta(days=ago)
        decided = status != OutsideTrainingStatus.SUBMITTED
        upsert_row(
            OutsideTraining,
            {"trainee": trainee, "title": title},
            {
                "agency": agencies[code],
                "kind": kind,
                "organiser": organiser,
                "start_date": end - datetime.timedelta(days=days - 1),
                "end_date": end,
                "periods": periods,
                "evidence": _evidence(f"minh-chung-{number:02d}"),
                "status": status,
                "staff_note": note,
                "recorded_by": focal_points.get(code),
                "checked_by": staff if decided else None,
                "checked_at": checked_at - datetime.timedelta(days=max(ago - 10, 1)) if decided else None,
            },
            report,
        )

    leaders = Trainee.objects.exclude(leadership_level=LeadershipLevel.NONE).order_by("personal_id")
    for turn, leader in enumerate(leaders.select_related("agency", "rank")):
        appointed = today - datetime.timedelta(days=APPOINTED_DAYS_AGO[turn % len(APPOINTED_DAYS_AGO)])
        decision = f"Quyết định số {turn + 10}/QĐ-{leader.agency.abbreviation}"
        # Rows keyed by their decision, and a person another part of the demo has already dated (the "who is
        # behind" demo, plans/demo/compliance.py) left as it is: a second load the same day changes nothing.
        if not leader.positions.filter(kind=PositionChangeKind.APPOINTMENT).exclude(decision=decision).exists():
            upsert_row(
                PositionChange,
                {"trainee": leader, "kind": PositionChangeKind.APPOINTMENT, "decision": decision},
                {
                    "date": appointed,
                    "leadership_level": leader.leadership_level,
                    "agency": leader.agency,
                    "position": leader.position,
                },
                report,
            )
        rank_decision = f"Quyết định số {turn + 10}/QĐ-{leader.agency.abbreviation} (ngạch)"
        if (
            leader.rank_id
            and not leader.positions.filter(kind=PositionChangeKind.RANK).exclude(decision=rank_decision).exists()
        ):
            upsert_row(
                PositionChange,
                {"trainee": leader, "kind": PositionChangeKind.RANK, "decision": rank_decision},
                {"date": appointed - datetime.timedelta(days=3 * 365), "rank": leader.rank, "agency": leader.agency},
                report,
            )
