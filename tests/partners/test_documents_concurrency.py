"""The register under real concurrency: clerks issuing at the same instant, threads on PostgreSQL."""

import datetime

import pytest

from partners import services
from partners.models import DocumentKind, DocumentRegister
from tests.factories import UserFactory, letter_drafts
from tests.utils import race, requires_postgres

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]

ON = datetime.date(2025, 3, 5)


def test_clerks_issuing_at_the_same_moment_get_distinct_consecutive_numbers():
    clerk = UserFactory(username="clerk", is_staff=True)
    agency, drafts = letter_drafts(4)

    issued = race([lambda d=d: services.document_issue(document=d, by=clerk, on=ON) for d in drafts], keep_results=True)

    numbers = sorted(document.number for document in issued)
    assert numbers == [1, 2, 3, 4]
    assert sorted(document.reference for document in issued) == [f"0{n}/SNV-CCVC" for n in range(1, 5)]
    assert DocumentRegister.objects.get(issuing_agency=agency, year=2025).last_number == 4


def test_the_same_draft_issued_twice_at_once_is_issued_once():
    clerk = UserFactory(username="clerk", is_staff=True)
    agency, (draft,) = letter_drafts(1)

    results = race([lambda: services.document_issue(document=draft, by=clerk, on=ON)] * 3, keep_results=True)

    assert sorted(result if isinstance(result, str) else "ok" for result in results) == [
        "already_issued",
        "already_issued",
        "ok",
    ]
    assert DocumentRegister.objects.get(issuing_agency=agency, year=2025).last_number == 1


def test_a_double_click_on_issue_from_a_letter_issues_it_once_without_a_deadlock():
    """Both requests prepare (locking the letter) then issue (the draft, the register, the letter again)."""
    clerk = UserFactory(username="clerk", is_staff=True)
    agency, (draft,) = letter_drafts(1)
    letter = draft.correspondence

    results = race([lambda: services.issue_from_source(kind=DocumentKind.LETTER, source=letter, by=clerk, on=ON)] * 2)

    assert sorted(results) == ["already_issued", "ok"]
    assert DocumentRegister.objects.get(issuing_agency=agency, year=2025).last_number == 1
