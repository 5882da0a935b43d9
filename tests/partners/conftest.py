"""A small province for the documents: the bodies, a 2025 plan with its classes, the LOGODI letter and its reply."""

import datetime

import pytest

from courses.models import ClassMode, Nomination, NominationStatus, SeatAllotment, TrainingClass
from partners import services
from partners.models import Correspondence, CorrespondenceStatus, Direction, DocumentKind
from plans.demo.partners import REPLY_BODY  # the reply's body as a clerk types it: paragraphs, a dash list, **bold**
from plans.models import (
    AgencyKind,
    CategoryKind,
    FundingSource,
    LegalDocument,
    PlanLegalBasis,
    PlanResponsibility,
    PlanStatus,
    PlanTarget,
    TargetGroup,
    TrainingCategory,
    TrainingPlan,
)
from tests.factories import AgencyFactory, CourseFactory, TraineeFactory

D = datetime.date


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Issued PDFs go to a temporary MEDIA_ROOT, never to the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """Pages answer in English too (the language switch's cookie), so messages are asserted in the source language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def province(db):
    root = AgencyFactory(
        code="DOC-UBND", name="UBND tỉnh Lạng Sơn", abbreviation="UBND", kind=AgencyKind.PEOPLES_COMMITTEE
    )
    return {
        "root": root,
        "snv": AgencyFactory(code="DOC-SNV", name="Sở Nội vụ", abbreviation="SNV", parent=root),
        "sngv": AgencyFactory(code="DOC-SNGV", name="Sở Ngoại vụ", abbreviation="SNgV", parent=root),
        "stc": AgencyFactory(code="DOC-STC", name="Sở Tài chính", abbreviation="STC", parent=root),
        "tct": AgencyFactory(
            code="DOC-TCT",
            name="Trường Chính trị Hoàng Văn Thụ",
            abbreviation="TCT",
            kind=AgencyKind.TRAINING_INSTITUTION,
        ),
    }


def _category(code, name, label, order, parent=None, kind=CategoryKind.REFRESHER, overseas=False):
    return TrainingCategory.objects.create(
        code=code, name=name, label=label, order=order, parent=parent, kind=kind, is_overseas=overseas
    )


# The 2025 seed's targets (category, planned classes, planned seats): 75 refresher classes and 10.635 seats.
SEED_TARGETS = (
    ("a", "Bồi dưỡng theo tiêu chuẩn ngạch công chức", "a)", 12, 1_150),
    ("b", "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo, quản lý", "b)", 6, 420),
    ("c", "Bồi dưỡng theo yêu cầu của vị trí việc làm", "c)", 38, 5_455),
    ("d", "Bồi dưỡng người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố", "d)", 18, 3_600),
)


def make_plan(province, *, classes_per_kind=(4, 2, 6, 3, 1), year=2025, status=PlanStatus.APPROVED) -> TrainingPlan:
    """A plan with the seed's targets (55 postgraduate seats; 74 + 1 classes, 10.625 + 10 seats) and a few classes
    scheduled under each of kinds a)–d) and overseas (the appendix lists the classes, not the targets)."""
    plan = TrainingPlan.objects.create(
        year=year,
        title=f"Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Lạng Sơn năm {year}",
        issuing_agency=province["root"],
        status=status,
        purposes="Đào tạo, bồi dưỡng nhằm trang bị kiến thức, nâng cao năng lực cho đội ngũ cán bộ, công chức.",
        requirements="Bảo đảm đúng đối tượng, nội dung phù hợp với yêu cầu vị trí việc làm.",
        signer_authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn An",
    )
    for order, (number, issued_on, title) in enumerate(
        (
            ("101/2017/NĐ-CP", D(2017, 9, 1), "về đào tạo, bồi dưỡng cán bộ, công chức, viên chức"),
            ("89/2021/NĐ-CP", D(2021, 10, 18), "sửa đổi, bổ sung một số điều của Nghị định số 101/2017/NĐ-CP"),
        ),
        start=1,
    ):
        document, _created = LegalDocument.objects.get_or_create(
            number=number,
            issuer="Chính phủ",
            defaults={"doc_type": "Nghị định", "issued_on": issued_on, "title": title},
        )
        PlanLegalBasis.objects.create(plan=plan, document=document, order=order)
    cited, _created = LegalDocument.objects.get_or_create(
        number="63/2018/QĐ-UBND",
        issuer="UBND tỉnh",
        defaults={"doc_type": "Quyết định", "issued_on": D(2018, 12, 10), "title": "quy chế"},
    )
    PlanLegalBasis.objects.create(plan=plan, document=cited, role=PlanLegalBasis.Role.REFERENCE, order=9)
    for order, name in enumerate(("Cán bộ, công chức cấp tỉnh", "Cán bộ, công chức cấp xã"), start=1):
        plan.target_groups.add(TargetGroup.objects.create(code=f"tg-{year}-{order}", name=name, order=order))
    budget = FundingSource.objects.create(
        code=f"nsnn-{year}",
        name="Ngân sách nhà nước cấp tỉnh",
        description="Kinh phí từ nguồn ngân sách nhà nước theo phân cấp ngân sách hiện hành.",
    )
    plan.funding_sources.add(budget)
    PlanResponsibility.objects.create(plan=plan, agency=province["snv"], duties="1.1. Chủ trì triển khai.", order=1)
    PlanResponsibility.objects.create(
        plan=plan, heading="Các sở, ban, ngành", duties="2.1. Cử cán bộ đi học.\n- Báo cáo kết quả.", order=2
    )

    postgraduate = _category(f"sdh-{year}", "Đào tạo sau đại học", "1.", 10, kind=CategoryKind.DEGREE)
    refresher = _category(f"bd-{year}", "Bồi dưỡng", "2.", 20)
    domestic = _category(f"bd-tn-{year}", "Bồi dưỡng trong nước", "2.1", 30, parent=refresher)
    targets = [
        (_category(f"bd-{key}-{year}", name, label, 31 + index, parent=domestic), classes, seats)
        for index, (key, name, label, classes, seats) in enumerate(SEED_TARGETS)
    ]
    overseas = _category(f"bd-nn-{year}", "Bồi dưỡng tại nước ngoài", "2.2", 40, parent=refresher, overseas=True)
    targets.append((overseas, 1, 10))
    PlanTarget.objects.create(plan=plan, category=postgraduate, planned_classes=0, planned_seats=55)
    for (category, planned_classes, planned_seats), count in zip(targets, classes_per_kind, strict=True):
        target = PlanTarget.objects.create(
            plan=plan, category=category, planned_classes=planned_classes, planned_seats=planned_seats
        )
        course = CourseFactory(category=category)
        for index in range(count):
            start = D(year, 2 + index % 10, 3 + index % 20)
            TrainingClass.objects.create(
                code=f"{year}-{category.code}-{index + 1:02d}",
                title=f"{course.title} (lớp {index + 1:02d} năm {year})",
                course=course,
                target=target,
                location="Trường Chính trị Hoàng Văn Thụ, thành phố Lạng Sơn",
                start_date=start,
                end_date=start + datetime.timedelta(days=4),
                planned_seats=max(planned_seats // max(planned_classes, 1), 1),
                organiser=province["tct"],
                funding_source=budget,
                status="planned",
            )
    return plan


@pytest.fixture
def plan(province):
    return make_plan(province)


@pytest.fixture
def logodi_letter(province):
    """The incoming letter of Sở Ngoại vụ (seed 000), awaiting a reply by 16/5/2023."""
    return Correspondence.objects.create(
        direction=Direction.INCOMING,
        symbol="SNgV-LSHTQT",
        dated=D(2023, 5, 8),
        received_on=D(2023, 5, 8),
        sender_agency=province["sngv"],
        recipient_agency=province["snv"],
        subject="đề nghị phối hợp đề xuất nhu cầu hợp tác đào tạo xây dựng năng lực cho cán bộ tỉnh trong khuôn khổ "
        "hợp tác với Viện Phát triển cán bộ chính quyền địa phương (LOGODI), Hàn Quốc",
        body="Sở Ngoại vụ đề nghị Sở Nội vụ gửi ý kiến **chậm nhất trong ngày 16/5/2023**.",
        copies_to="Như trên;\nLưu: VT.",
        reply_due=D(2023, 5, 16),
        status=CorrespondenceStatus.RECEIVED,
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Trần Thị Vân Thùy",
    )


@pytest.fixture
def reply_letter(logodi_letter, staff_user):
    """Sở Nội vụ's reply, drafted from the incoming letter, with its body and signer filled in by the clerk."""
    reply = services.correspondence_reply_draft(original=logodi_letter, by=staff_user)
    reply.body = f"{reply.body}\n{REPLY_BODY}"
    reply.copies_to = "Như trên;\nUBND tỉnh (b/c);\nLãnh đạo Sở;"
    reply.signer_authority = "KT. GIÁM ĐỐC"
    reply.signer_title = "PHÓ GIÁM ĐỐC"
    reply.signer_name = "Lê Văn Bình"
    reply.save()
    return reply


@pytest.fixture
def letter_draft(reply_letter, staff_user):
    draft = services.document_prepare(kind=DocumentKind.LETTER, source=reply_letter, by=staff_user)
    draft.drafting_unit = "CCVC"
    draft.save()
    return draft


def class_with_people(plan, province, *, approved=5, nominated=2) -> TrainingClass:
    """The plan's first class, with seats allotted to three bodies and people nominated and approved."""
    training_class = TrainingClass.objects.for_plan(plan).order_by("code").first()
    training_class.registration_opens = training_class.start_date - datetime.timedelta(days=40)
    training_class.registration_closes = training_class.start_date - datetime.timedelta(days=10)
    training_class.mode = ClassMode.IN_PERSON
    training_class.status = "open"
    training_class.save()
    seats = {"snv": 20, "stc": 15, "sngv": 10}
    for key, count in seats.items():
        SeatAllotment.objects.create(training_class=training_class, agency=province[key], seats=count)
    people = approved + nominated
    for index in range(people):
        agency = province[list(seats)[index % len(seats)]]
        trainee = TraineeFactory(agency=agency, full_name=f"Hoàng Thị Mai {index + 1:02d}", position="Chuyên viên")
        Nomination.objects.create(
            trainee=trainee,
            training_class=training_class,
            agency=agency,
            status=NominationStatus.APPROVED if index < approved else NominationStatus.NOMINATED,
        )
    return training_class


@pytest.fixture
def training_class(plan, province):
    return class_with_people(plan, province)


def class_document(kind, training_class, province, staff_user):
    draft = services.document_prepare(kind=kind, source=training_class, by=staff_user, issuing_agency=province["snv"])
    draft.drafting_unit = "CCVC"
    draft.signer_authority = "KT. GIÁM ĐỐC"
    draft.signer_title = "PHÓ GIÁM ĐỐC"
    draft.signer_name = "Lê Văn Bình"
    draft.save()
    return draft


@pytest.fixture
def decision_draft(training_class, province, staff_user):
    return class_document(DocumentKind.CLASS_DECISION, training_class, province, staff_user)


@pytest.fixture
def notice_draft(training_class, province, staff_user):
    return class_document(DocumentKind.RECRUITMENT_NOTICE, training_class, province, staff_user)


@pytest.fixture
def plan_draft(plan, staff_user):
    draft = services.document_prepare(kind=DocumentKind.PLAN, source=plan, by=staff_user)
    draft.copies_to = "Thường trực Tỉnh ủy;\nCác sở, ban, ngành tỉnh;\nLưu: VT, NC."
    draft.save()
    return draft
