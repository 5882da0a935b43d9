"""An exception staff decided to a rule of eligibility (issue 15), so that the demo shows one where the product shows
them: on the person's record (console and portal), in the dashboard's list of exceptions and its Excel, and in the
candidate lists.

Sở Tài chính wants to propose an officer past 45 for a master's in public finance, past the age limit
for postgraduate study (`courses.eligibility`'s MAX_AGE rule); the Department of Home Affairs lifts that rule for
postgraduate training for this person, with the reason and who decided. Nothing else in the demo breaks a rule
(tests/plans/test_demo_places.py): this exception is recorded before any proposal that would need it.
"""

import datetime

from courses.models import EligibilityOverride, OverridableRule, PostgraduatePlace, ProposalKind, Trainee

REASON = (
    "Chuyên ngành Tài chính công tỉnh đang thiếu người có trình độ thạc sĩ; Sở Tài chính đề nghị tại Tờ trình "
    "ngày 10 tháng 11, Giám đốc Sở Nội vụ đồng ý cho đăng ký dự tuyển dù đã quá 45 tuổi khi bắt đầu khóa học."
)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def load_exceptions(loader, today: datetime.date) -> None:
    agency = loader.agencies["LS-STC"]
    person = (
        Trainee.objects.filter(
            agency=agency,
            # past the age limit, not yet near retirement: the demo's birth years (1968–2000) keep someone there
            # for years whatever day the demo is loaded
            date_of_birth__gt=_years_before(today, 58),
            date_of_birth__lte=_years_before(today, 46),
        )
        .exclude(pk__in=PostgraduatePlace.objects.values("trainee_id"))
        .order_by("-date_of_birth", "personal_id")  # the youngest past the limit
        .first()
    )
    if person is None:
        return
    EligibilityOverride.objects.get_or_create(
        trainee=person,
        rule=OverridableRule.MAX_AGE,
        applies_to=ProposalKind.POSTGRADUATE,
        training_class=None,
        defaults={"reason": REASON, "decided_by": loader.users["staff"]},
    )
