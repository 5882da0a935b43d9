"""Who is behind, in the demo: the training requirements of Decree 171/2025/NĐ-CP, and a few leaders and rank
holders whose dates put them past or near their deadline, so that every list has rows on any load day.

The requirements' sources, as checked with the search tool (December 2026):
- Decree 171/2025/NĐ-CP "quy định về đào tạo, bồi dưỡng công chức" exists: Chính phủ, 30/06/2025, signed by
  Nguyễn Hòa Bình, 7 chapters and 42 articles, chapter III "Bồi dưỡng công chức" (thuviennhadat.vn and hoatieu.vn
  full texts; snv.dienbien.gov.vn summary). Only its opening articles (1, 2; the chapter II titles 4–13) could be read.
- The yearly minimum of 40 periods, the leadership course within 12 months of an appointment and the rank-standard
  course: the articles saying so could NOT be read in what the search reaches; the rows say so in `article` and
  `source_note`, for staff to complete from the official text. The predecessor, Decree 101/2017/NĐ-CP, art. 17(5),
  lists the pre-appointment programmes per level (2 to 4 weeks) (lawnet.vn, thuvienphapluat.vn answers).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from courses.compliance import add_months
from courses.models import (
    LeadershipLevel,
    Nomination,
    NominationStatus,
    PositionChange,
    PositionChangeKind,
    RequirementDeadline,
    Trainee,
    TrainingRequirement,
)

from .rows import upsert

UNVERIFIED = "Chương III (Bồi dưỡng công chức) – chưa đối chiếu được điều, khoản"
FOUND = (
    "Đã xác minh: Nghị định 171/2025/NĐ-CP ngày 30/6/2025 của Chính phủ quy định về đào tạo, bồi dưỡng công chức "
    "(7 chương, 42 điều; Chương III: Bồi dưỡng công chức) — thuviennhadat.vn, hoatieu.vn. "
)


@dataclass(frozen=True)
class RequirementData:
    code: str
    name: str
    deadline: str
    source: str
    periods: int | None = None
    course: str | None = None  # a course code of the catalogue
    rank: str | None = None
    leadership_level: str = ""
    months: int | None = None


REQUIREMENTS = (
    RequirementData(
        "toi-thieu-40-tiet",
        "Bồi dưỡng tối thiểu 40 tiết/năm",
        RequirementDeadline.YEARLY,
        FOUND + "Chưa tìm được điều quy định mức tối thiểu 40 tiết/năm trong văn bản tra cứu được.",
        periods=40,
    ),
    RequirementData(
        "lanh-dao-cap-phong-12-thang",
        "Bồi dưỡng lãnh đạo, quản lý cấp phòng trong 12 tháng kể từ ngày bổ nhiệm",
        RequirementDeadline.AFTER_APPOINTMENT,
        FOUND + "Chưa tìm được điều quy định thời hạn 12 tháng. Tham khảo: Nghị định 101/2017/NĐ-CP, Điều 17 khoản 5 "
        "(chương trình bồi dưỡng trước khi bổ nhiệm theo từng cấp, 2–4 tuần).",
        course="BD-LDP",
        leadership_level=LeadershipLevel.DIVISION,
        months=12,
    ),
    RequirementData(
        "lanh-dao-cap-so-12-thang",
        "Bồi dưỡng lãnh đạo, quản lý cấp sở trong 12 tháng kể từ ngày bổ nhiệm",
        RequirementDeadline.AFTER_APPOINTMENT,
        FOUND + "Chưa tìm được điều quy định thời hạn 12 tháng. Tham khảo: Nghị định 101/2017/NĐ-CP, Điều 17 khoản 5.",
        course="BD-LDS",
        leadership_level=LeadershipLevel.DEPARTMENT,
        months=12,
    ),
    RequirementData(
        "ngach-chuyen-vien",
        "Bồi dưỡng theo tiêu chuẩn ngạch chuyên viên",
        RequirementDeadline.AFTER_RANK,
        FOUND + "Chưa tìm được điều và thời hạn; 12 tháng là giả định của bản trình diễn.",
        course="BD-CV",
        rank="01.003",
        months=12,
    ),
    RequirementData(
        "ngach-chuyen-vien-chinh",
        "Bồi dưỡng theo tiêu chuẩn ngạch chuyên viên chính",
        RequirementDeadline.AFTER_RANK,
        FOUND + "Chưa tìm được điều và thời hạn; 12 tháng là giả định của bản trình diễn.",
        course="BD-CVC",
        rank="01.002",
        months=12,
    ),
)
# The other ranks of the demo (cán sự, nhân viên, the public employees' titles) have no course in the catalogue.

# (months and days before the load day, leadership level): past the deadline, near it, well within it.
APPOINTMENTS = ((14, 0, LeadershipLevel.DIVISION), (11, 10, LeadershipLevel.DIVISION), (3, 0, LeadershipLevel.DIVISION),
                (13, 0, LeadershipLevel.DEPARTMENT), (11, 20, LeadershipLevel.DEPARTMENT))  # fmt: skip
RANK_DATES = ((30, 0, "01.003"), (11, 15, "01.003"), (26, 0, "01.002"))


def load_compliance(loader) -> None:
    """The requirements (updated in place), then dated appointments and ranks for a few people who have not done the
    course: chosen in a fixed order, so a second load the same day changes nothing."""
    report, today = loader.report, loader.today or timezone.localdate()
    law = loader.legal_documents["nd-171-2025"]
    for data in REQUIREMENTS:
        upsert(
            TrainingRequirement,
            {"code": data.code},
            {
                "name": data.name,
                "deadline": data.deadline,
                "periods": data.periods,
                "course": loader.courses[data.course] if data.course else None,
                "rank": loader.ranks[data.rank] if data.rank else None,
                "leadership_level": data.leadership_level,
                "months": data.months,
                "legal_document": law,
                "article": UNVERIFIED,
                "source_note": data.source,
            },
            report,
        )
    course_of = {(d.leadership_level or d.rank): loader.courses[d.course] for d in REQUIREMENTS if d.course}
    for months, days, level in APPOINTMENTS:
        person = _without(course_of[level], leadership_level=level, taken=PositionChangeKind.APPOINTMENT, offset=months)
        if person is not None:
            date = add_months(today, -months) - datetime.timedelta(days=days)
            PositionChange.objects.get_or_create(
                trainee=person, kind=PositionChangeKind.APPOINTMENT, date=date,
                defaults={"leadership_level": level, "agency": person.agency, "position": person.position},
            )  # fmt: skip
    for months, days, rank in RANK_DATES:
        person = _without(course_of[rank], rank=loader.ranks[rank], taken=PositionChangeKind.RANK, offset=months)
        if person is not None:
            date = add_months(today, -months) - datetime.timedelta(days=days)
            PositionChange.objects.get_or_create(
                trainee=person, kind=PositionChangeKind.RANK, date=date,
                defaults={"rank": loader.ranks[rank], "agency": person.agency},
            )  # fmt: skip


def _without(course, *, taken: str, offset: int, **who) -> Trainee | None:
    """The `offset`-th person (in citizen-ID order, wrapping within the first 40) who is `who` and has no completed
    class of `course`: the same person on a second load the same day, so nothing is added twice."""
    done = Nomination.objects.filter(training_class__course=course, status=NominationStatus.COMPLETED).values(
        "trainee_id"
    )
    people = Trainee.objects.filter(**who).exclude(pk__in=done).select_related("agency").order_by("personal_id")
    return people[offset % max(1, min(people.count(), 40))] if people.exists() else None
