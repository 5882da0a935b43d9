"""The certificate register under real concurrency: clerks issuing at the same instant, threads on PostgreSQL."""

import pytest

from partners.certificates import services
from partners.models import Certificate, CertificateRegister
from tests.partners.certificates_world import ON, certified_class, department
from tests.utils import race, requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def test_clerks_issuing_different_classes_at_once_get_distinct_consecutive_numbers():
    snv = department()
    classes = [certified_class(snv, people=[f"Học viên {index}-{person}" for person in range(3)]) for index in range(4)]

    results = race(
        [lambda c=c: services.certificates_issue(training_class=c.training_class, on=ON) for c in classes],
        keep_results=True,
    )

    assert all(isinstance(result, list) and len(result) == 3 for result in results)
    numbers = sorted(certificate.number for result in results for certificate in result)
    assert numbers == list(range(1, 13))  # no gap, no double
    for result in results:  # each class's certificates are a run of consecutive numbers
        own = [certificate.number for certificate in result]
        assert own == list(range(own[0], own[0] + 3))
    assert CertificateRegister.objects.get(issuing_agency=snv, year=ON.year).last_number == 12


def test_the_same_class_issued_twice_at_once_is_issued_once():
    world = certified_class()

    results = race([lambda: services.certificates_issue(training_class=world.training_class, on=ON)] * 3)

    assert sorted(results) == ["nobody_to_certify", "nobody_to_certify", "ok"]
    assert Certificate.objects.count() == 3
    assert CertificateRegister.objects.get(issuing_agency=world.snv, year=ON.year).last_number == 3


def test_revoking_while_the_class_is_issued_neither_deadlocks_nor_loses_a_number():
    world = certified_class()
    first = services.certificates_issue(training_class=world.training_class, on=ON, only=[world.completed[0].pk])[0]

    results = race(
        [
            lambda: services.certificate_revoke(certificate=first, reason="Cấp nhầm"),
            lambda: services.certificates_issue(training_class=world.training_class, on=ON),
        ]
    )

    assert results == ["ok", "ok"]
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers[:3] == [1, 2, 3] and len(numbers) in (3, 4)  # 4 when the revoke came first: the person again
    assert CertificateRegister.objects.get(issuing_agency=world.snv).last_number == len(numbers)
