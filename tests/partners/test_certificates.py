"""Certificates the department issues itself: numbering from its own register, what goes into the result, revoking."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.models import CertificateKind, Grade, Result
from partners.certificates import services
from partners.certificates.refusals import CertificateRefusal
from partners.models import Certificate, CertificateRegister
from tests.factories import UserFactory
from tests.partners.certificates_world import END, ON, certified_class, department, give_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return UserFactory(username="clerk", is_staff=True)


@pytest.fixture
def world():
    return certified_class()


def refusal_of(excinfo) -> str:
    return excinfo.value.code


def test_a_class_gets_consecutive_numbers_in_the_order_of_the_names(world, clerk):
    issued = services.certificates_issue(training_class=world.training_class, by=clerk, on=ON)

    assert [c.holder_name for c in issued] == ["Hoàng Thị An", "Lê Văn Cường", "Trần Thị Bình"]
    assert [c.reference for c in issued] == ["0001/2025/GCN-SNV", "0002/2025/GCN-SNV", "0003/2025/GCN-SNV"]
    assert [c.number for c in issued] == [1, 2, 3]
    assert CertificateRegister.objects.get(issuing_agency=world.snv, year=2025).last_number == 3
    assert all(c.issued_by == clerk and c.issued_on == ON and not c.is_revoked for c in issued)


def test_the_register_continues_across_classes_and_restarts_each_year(world, clerk):
    services.certificates_issue(training_class=world.training_class, by=clerk, on=ON)
    second = certified_class(world.snv, people=("Phạm Văn Giang",))
    (next_one,) = services.certificates_issue(training_class=second.training_class, by=clerk, on=ON)
    third = certified_class(world.snv, people=("Ngô Thị Hà",), start=datetime.date(2026, 1, 5), end=END.replace(2026))
    (new_year,) = services.certificates_issue(
        training_class=third.training_class, by=clerk, on=datetime.date(2026, 6, 8)
    )

    assert next_one.reference == "0004/2025/GCN-SNV"
    assert new_year.reference == "0001/2026/GCN-SNV"


def test_issuing_writes_number_date_kind_and_issuer_into_each_result(world, clerk):
    first, second, _third = world.completed
    give_result(first, grade=Grade.GOOD)
    give_result(second, score=Decimal("8.50"))

    issued = {c.nomination_id: c for c in services.certificates_issue(training_class=world.training_class, on=ON)}

    for nomination in world.completed:
        result = Result.objects.get(nomination=nomination)
        certificate = issued[nomination.pk]
        assert (result.certificate_number, result.certificate_date) == (certificate.reference, ON)
        assert (result.certificate_kind, result.issued_by) == (CertificateKind.ATTESTATION, "Sở Nội vụ")
    assert Result.objects.get(nomination=first).grade == Grade.GOOD  # the result itself is kept
    assert [issued[n.pk].result for n in world.completed] == ["Khá", "8,5 điểm", ""]


def test_what_a_certificate_says_is_frozen_when_it_is_issued(world, clerk):
    (certificate, *_rest) = services.certificates_issue(training_class=world.training_class, on=ON)
    person = certificate.nomination.trainee
    person.full_name = "Hoàng Thị Ánh"
    person.save()
    world.training_class.title = "Another title"
    world.training_class.save()

    certificate.refresh_from_db()
    assert (certificate.holder_name, certificate.class_title) == ("Hoàng Thị An", "Bồi dưỡng kỹ năng quản lý nhà nước")
    assert (certificate.periods, certificate.signer_name, certificate.place) == (40, "Nguyễn Văn An", "Lạng Sơn")


def test_only_completed_nominees_who_passed_and_hold_no_other_certificate_get_one(world, clerk):
    first, second, third = world.completed
    give_result(first, grade=Grade.FAIL)
    give_result(
        second,
        certificate_kind=CertificateKind.CERTIFICATE,
        certificate_number="123/TCT",
        certificate_date=ON,
        issued_by="Trường Chính trị Hoàng Văn Thụ",
    )

    plan = services.issue_plan(training_class=world.training_class, on=ON)
    issued = services.certificates_issue(training_class=world.training_class, on=ON)

    assert [c.nomination_id for c in issued] == [third.pk]
    problems = {c.nomination.pk: c.problem for c in plan.candidates}
    assert problems[first.pk] == "The result is a fail."
    assert "123/TCT" in problems[second.pk]
    assert problems[world.failed.pk].startswith("Not completed")
    assert problems[world.attended.pk].startswith("Not completed")


def test_a_second_issue_finds_nobody_and_takes_no_number(world, clerk):
    services.certificates_issue(training_class=world.training_class, on=ON)

    with pytest.raises(ValidationError) as excinfo:
        services.certificates_issue(training_class=world.training_class, on=ON)

    assert refusal_of(excinfo) == CertificateRefusal.NOBODY_TO_CERTIFY
    assert CertificateRegister.objects.get(issuing_agency=world.snv, year=2025).last_number == 3
    assert Certificate.objects.count() == 3


def test_a_failed_issue_leaves_no_gap_in_the_register(world, clerk, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "_record_in_results", broken)
    with pytest.raises(RuntimeError):
        services.certificates_issue(training_class=world.training_class, on=ON)
    assert not Certificate.objects.exists()
    assert CertificateRegister.objects.filter(issuing_agency=world.snv, last_number__gt=0).count() == 0

    monkeypatch.undo()
    issued = services.certificates_issue(training_class=world.training_class, on=ON)
    assert [c.number for c in issued] == [1, 2, 3]


def test_a_batch_of_one_issues_only_the_person_chosen(world, clerk):
    chosen = world.completed[1]
    (certificate,) = services.certificates_issue(training_class=world.training_class, on=ON, only=[chosen.pk])
    assert (certificate.nomination_id, certificate.number) == (chosen.pk, 1)


@pytest.mark.parametrize(
    "change, code",
    [
        ("not_certified", CertificateRefusal.NOT_CERTIFIED),
        ("not_over", CertificateRefusal.CLASS_NOT_OVER),
        ("before_end", CertificateRefusal.ISSUED_BEFORE_END),
        ("future", CertificateRefusal.FUTURE_DATE),
        ("no_signer", CertificateRefusal.ISSUER_INCOMPLETE),
    ],
)
def test_a_class_that_cannot_be_certified_yet_is_refused_whole(world, change, code):
    on = ON
    if change == "not_certified":
        world.certification.delete()
    elif change == "not_over":
        world.training_class.end_date = timezone.localdate() + datetime.timedelta(days=3)
        world.training_class.save()
    elif change == "before_end":
        on = END - datetime.timedelta(days=1)
    elif change == "future":
        on = timezone.localdate() + datetime.timedelta(days=1)
    elif change == "no_signer":
        world.snv.signer_name = ""
        world.snv.save()

    with pytest.raises(ValidationError) as excinfo:
        services.certificates_issue(training_class=world.training_class, on=on)

    assert refusal_of(excinfo) == code
    assert not Certificate.objects.exists()
    assert not CertificateRegister.objects.filter(last_number__gt=0).exists()


def test_a_certificate_may_be_dated_the_last_day_of_the_class(world):
    issued = services.certificates_issue(training_class=world.training_class, on=END)
    assert {c.issued_on for c in issued} == {END}


def test_revoking_keeps_the_certificate_in_the_register_and_clears_the_result(world, clerk):
    certificate, *_rest = services.certificates_issue(training_class=world.training_class, on=ON)

    services.certificate_revoke(certificate=certificate, reason="Sai họ tên", by=clerk)

    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_by == clerk and certificate.revoke_reason == "Sai họ tên"
    assert Certificate.objects.filter(reference="0001/2025/GCN-SNV").exists()
    result = Result.objects.get(nomination=certificate.nomination)
    assert (result.certificate_number, result.certificate_date, result.issued_by) == ("", None, "")


def test_a_revoked_certificate_is_replaced_under_a_new_number(world, clerk):
    certificate, *_rest = services.certificates_issue(training_class=world.training_class, on=ON)
    services.certificate_revoke(certificate=certificate, reason="Sai họ tên", by=clerk)

    (replacement,) = services.certificates_issue(training_class=world.training_class, on=ON)

    assert replacement.nomination_id == certificate.nomination_id
    assert replacement.reference == "0004/2025/GCN-SNV"
    assert Result.objects.get(nomination=certificate.nomination).certificate_number == "0004/2025/GCN-SNV"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_revoking_needs_a_reason(world, reason):
    certificate, *_rest = services.certificates_issue(training_class=world.training_class, on=ON)
    with pytest.raises(ValidationError) as excinfo:
        services.certificate_revoke(certificate=certificate, reason=reason)
    assert refusal_of(excinfo) == CertificateRefusal.REASON_TO_REVOKE
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_a_certificate_is_revoked_once(world, clerk):
    certificate, *_rest = services.certificates_issue(training_class=world.training_class, on=ON)
    services.certificate_revoke(certificate=certificate, reason="Sai họ tên", by=clerk)
    with pytest.raises(ValidationError) as excinfo:
        services.certificate_revoke(certificate=certificate, reason="again", by=clerk)
    assert refusal_of(excinfo) == CertificateRefusal.ALREADY_REVOKED


def test_verification_codes_are_random_and_distinct(world):
    issued = services.certificates_issue(training_class=world.training_class, on=ON)
    codes = [c.code for c in issued]
    assert len(set(codes)) == 3 and all(len(code) >= 22 for code in codes)
    assert not any(c.reference in code or str(c.number) == code for c, code in zip(issued, codes, strict=True))


def test_the_issuing_body_needs_what_the_certificate_prints():
    snv = department()
    snv.abbreviation, snv.place_name, snv.signer_title = "", "", ""
    assert len(services.issuer_missing(snv)) == 3
