"""Factories for the domain: each builds a valid object with the fewest choices made."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from courses import services
from courses.models import CivilServiceRank, Course, Trainee, TrainingClass
from partners import services as document_services
from partners.models import Correspondence, CorrespondenceStatus, Direction, DocumentKind, Partner
from plans.models import Agency, CategoryKind, PlanTarget, TrainingCategory, TrainingPlan


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    password = factory.django.Password("correct-horse-battery-staple")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"AG-{n:04d}")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm số {n}")
    abbreviation = factory.Sequence(lambda n: f"S{n}")
    place_name = "Lạng Sơn"
    headcount = 50


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCategory

    code = factory.Sequence(lambda n: f"cat-{n}")
    name = factory.Sequence(lambda n: f"Bồi dưỡng loại {n}")
    kind = CategoryKind.REFRESHER


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingPlan

    year = 2025
    title = factory.LazyAttribute(lambda o: f"Kế hoạch đào tạo, bồi dưỡng năm {o.year}")
    issuing_agency = factory.SubFactory(AgencyFactory)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanTarget

    plan = factory.SubFactory(PlanFactory)
    category = factory.SubFactory(CategoryFactory)
    planned_classes = 2
    planned_seats = 100


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"C-{n}")
    title = factory.Sequence(lambda n: f"Bồi dưỡng kỹ năng {n}")
    category = factory.SubFactory(CategoryFactory)


# Each class a test makes runs Monday to Friday of its own week (the first 2–6 June 2025, the next 9–13 June…), so
# that one person's seats in two factory classes never overlap unless a test gives them overlapping dates: the rule
# "no seat in two classes whose dates overlap" holds everywhere. `reset_class_weeks` (an autouse fixture) starts
# every test again from the first week.
FIRST_CLASS_WEEK = datetime.date(2025, 6, 2)
_class_weeks = itertools.count()


def reset_class_weeks() -> None:
    global _class_weeks
    _class_weeks = itertools.count()


def next_class_week() -> datetime.date:
    return FIRST_CLASS_WEEK + datetime.timedelta(weeks=next(_class_weeks))


class TrainingClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingClass

    code = factory.Sequence(lambda n: f"2025-T-{n:03d}")
    title = factory.Sequence(lambda n: f"Lớp bồi dưỡng số {n}")
    course = factory.SubFactory(CourseFactory)
    target = factory.SubFactory(TargetFactory)
    location = "Lạng Sơn"
    start_date = factory.LazyFunction(next_class_week)
    end_date = factory.LazyAttribute(lambda klass: klass.start_date + datetime.timedelta(days=4))
    planned_seats = 30
    organiser = factory.SubFactory(AgencyFactory)
    status = "open"


class RankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CivilServiceRank
        django_get_or_create = ("code",)

    code = "01.003"
    name = "Chuyên viên"


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    personal_id = factory.Sequence(lambda n: f"020{n:09d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    date_of_birth = datetime.date(1988, 3, 14)
    gender = "M"
    agency = factory.SubFactory(AgencyFactory)
    position = "Chuyên viên"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    code = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Training Institute {n}")
    country = "Hàn Quốc"


def open_class_for(agency, *, seats: int) -> TrainingClass:
    """A class taking nominations today (opened 5 days ago, closing in 10, starting in 30), with `seats` of its
    20 allotted to `agency`."""
    today = datetime.date.today()
    training_class = TrainingClassFactory(
        planned_seats=20,
        status="open",
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=34),
        registration_opens=today - datetime.timedelta(days=5),
        registration_closes=today + datetime.timedelta(days=10),
    )
    services.allotment_set(training_class=training_class, agency=agency, seats=seats)
    return training_class


def letter_drafts(count: int):
    """`count` outgoing letters of Sở Nội vụ to Sở Ngoại vụ, each with its document drafted and ready to issue."""
    root = AgencyFactory(name="UBND tỉnh Lạng Sơn", abbreviation="UBND")
    home_affairs = AgencyFactory(name="Sở Nội vụ", abbreviation="SNV", parent=root)
    foreign_affairs = AgencyFactory(name="Sở Ngoại vụ", abbreviation="SNgV", parent=root)
    drafts = []
    for index in range(count):
        letter = Correspondence.objects.create(
            direction=Direction.OUTGOING,
            status=CorrespondenceStatus.DRAFT,
            dated=datetime.date(2025, 3, 5),
            sender_agency=home_affairs,
            recipient_agency=foreign_affairs,
            subject=f"trao đổi số {index + 1}",
            body="Sở Nội vụ trao đổi như sau./.",
            signer_authority="KT. GIÁM ĐỐC",
            signer_title="PHÓ GIÁM ĐỐC",
            signer_name="Lê Văn Bình",
        )
        draft = document_services.document_prepare(kind=DocumentKind.LETTER, source=letter)
        draft.drafting_unit = "CCVC"
        draft.save()
        drafts.append(draft)
    return home_affairs, drafts
