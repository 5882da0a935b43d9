import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import OutgoingDocument
from plans.models import Agency, FocalPoint, LegalDocument, PlanResponsibility, PlanTarget, TrainingPlan
from tests.factories import AgencyFactory, CategoryFactory, PlanFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_db_refuses(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_agency_cannot_end_before_it_starts():
    agency = AgencyFactory.build(valid_from=datetime.date(2025, 3, 1), valid_to=datetime.date(2025, 2, 28))
    with pytest.raises(ValidationError, match="end of validity"):
        agency.full_clean()
    assert_db_refuses(agency.save)


def test_agency_cannot_be_its_own_parent():
    agency = AgencyFactory()
    assert_db_refuses(lambda: Agency.objects.filter(pk=agency.pk).update(parent=agency))


def test_agency_code_is_unique():
    AgencyFactory(code="LS-SNV")
    assert_db_refuses(lambda: AgencyFactory(code="LS-SNV"))


def test_agency_validity_follows_reforms():
    merged = AgencyFactory(valid_to=datetime.date(2025, 2, 28))
    new = AgencyFactory(valid_from=datetime.date(2025, 3, 1))
    always = AgencyFactory()
    before = set(Agency.objects.valid_on(datetime.date(2025, 1, 15)))
    after = set(Agency.objects.valid_on(datetime.date(2025, 7, 1)))
    assert before == {merged, always}
    assert after == {new, always}
    assert merged.is_valid_on(datetime.date(2025, 2, 28)) and not merged.is_valid_on(datetime.date(2025, 3, 1))


def test_user_is_focal_point_of_an_agency_once():
    user, agency = UserFactory(), AgencyFactory()
    FocalPoint.objects.create(user=user, agency=agency)
    assert_db_refuses(lambda: FocalPoint.objects.create(user=user, agency=agency))


def test_legal_document_number_is_unique_per_issuer():
    LegalDocument.objects.create(
        number="101/2017/NĐ-CP",
        doc_type="Nghị định",
        issued_on=datetime.date(2017, 9, 1),
        issuer="Chính phủ",
        title="x",
    )
    assert_db_refuses(
        lambda: LegalDocument.objects.create(
            number="101/2017/NĐ-CP",
            doc_type="Nghị định",
            issued_on=datetime.date(2017, 9, 1),
            issuer="Chính phủ",
            title="y",
        )
    )


def test_body_has_one_open_plan_per_year_but_closed_ones_do_not_count():
    plan = PlanFactory(year=2025)
    assert_db_refuses(lambda: PlanFactory(year=2025, issuing_agency=plan.issuing_agency))
    TrainingPlan.objects.filter(pk=plan.pk).update(status="closed")
    PlanFactory(year=2025, issuing_agency=plan.issuing_agency)


def test_plan_status_must_be_known():
    plan = PlanFactory()
    assert_db_refuses(lambda: TrainingPlan.objects.filter(pk=plan.pk).update(status="lost"))


def test_plan_has_one_target_per_category():
    target = TargetFactory()
    assert_db_refuses(lambda: TargetFactory(plan=target.plan, category=target.category))


def test_target_cannot_plan_fewer_seats_than_classes():
    target = TargetFactory.build(plan=PlanFactory(), category=CategoryFactory(), planned_classes=5, planned_seats=4)
    with pytest.raises(ValidationError, match="fewer than planned classes"):
        target.full_clean()
    assert_db_refuses(target.save)


def test_target_seats_cannot_be_negative():
    target = TargetFactory()
    assert_db_refuses(lambda: PlanTarget.objects.filter(pk=target.pk).update(planned_seats=-1))


def test_responsibility_names_an_agency_or_a_heading():
    plan = PlanFactory()
    assert_db_refuses(lambda: PlanResponsibility.objects.create(plan=plan, duties="Phối hợp"))
    PlanResponsibility.objects.create(plan=plan, heading="Các sở, ban, ngành", duties="Phối hợp")


@pytest.mark.parametrize(
    ("authority", "valid"),
    [
        ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", True),
        ("KT. GIÁM ĐỐC", True),
        ("TUQ. CHỦ TỊCH", True),
        ("", True),
        ("CHỦ TỊCH", False),
        ("TM. ỦY BAN NHÂN DÂN\nPHÓ CHỦ TỊCH", False),
    ],
)
def test_signature_authority_lines_start_with_a_legal_prefix(authority, valid):
    plan = PlanFactory.build(issuing_agency=AgencyFactory(), signer_authority=authority)
    if valid:
        plan.full_clean()
    else:
        with pytest.raises(ValidationError, match=re.escape("TM., KT., TL. or TUQ.")):
            plan.full_clean()


def test_document_reference_pads_the_number_to_two_digits():
    # A plan's reference is its issued document's (partners.OutgoingDocument), issued here or on paper.
    assert OutgoingDocument(number=5, symbol="KH-UBND").reference == "05/KH-UBND"
    assert OutgoingDocument(number=None, symbol="KH-UBND", issued_on_paper=True).reference == "…/KH-UBND"
