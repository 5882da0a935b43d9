import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from partners.models import Agreement, CooperationActivity, Correspondence
from tests.factories import AgencyFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def assert_db_refuses(change):
    with pytest.raises(IntegrityError), transaction.atomic():
        change()


def letter(**values):
    defaults = {
        "direction": "in",
        "dated": datetime.date(2023, 5, 8),
        "subject": "đề nghị phối hợp",
        "status": "received",
        "sender_agency": AgencyFactory(),
        "recipient_agency": AgencyFactory(),
    }
    return Correspondence(**{**defaults, **values})


def test_agreement_needs_our_side_and_two_distinct_sides():
    partner = PartnerFactory()
    assert_db_refuses(lambda: Agreement.objects.create(partner=partner, title="Thỏa thuận"))
    assert_db_refuses(
        lambda: Agreement.objects.create(partner=partner, counterpart_partner=partner, title="Thỏa thuận")
    )
    Agreement.objects.create(partner=partner, counterpart_agency=AgencyFactory(), title="Thỏa thuận")


def test_agreement_validity_is_ordered():
    assert_db_refuses(
        lambda: Agreement.objects.create(
            partner=PartnerFactory(),
            counterpart_agency=AgencyFactory(),
            title="x",
            valid_from=datetime.date(2024, 1, 1),
            valid_to=datetime.date(2023, 1, 1),
        )
    )


def test_agreement_lists_its_forms_of_cooperation():
    agreement = Agreement(form_abroad=True, form_online=True)
    with translation.override("en"):
        assert agreement.forms == ["Abroad", "Online"]


def test_cooperation_activity_years_are_ordered():
    assert_db_refuses(
        lambda: CooperationActivity.objects.create(
            partner=PartnerFactory(), title="x", year_from=2016, year_to=2014, form="abroad"
        )
    )
    activity = CooperationActivity(year_from=2014, year_to=2016)
    assert activity.years == "2014–2016"


def test_letter_names_a_sender_and_a_recipient():
    assert_db_refuses(letter(sender_agency=None).save)
    assert_db_refuses(letter(recipient_agency=None).save)
    letter(sender_agency=None, sender_partner=PartnerFactory()).save()


def test_reply_cannot_be_due_before_the_letter():
    assert_db_refuses(letter(reply_due=datetime.date(2023, 5, 1)).save)


def test_letter_past_its_reply_deadline_is_overdue_until_answered():
    overdue = letter(reply_due=datetime.date(2023, 5, 16))
    overdue.save()
    assert list(Correspondence.objects.overdue(datetime.date(2023, 5, 17))) == [overdue]
    assert list(Correspondence.objects.overdue(datetime.date(2023, 5, 16))) == []
    Correspondence.objects.filter(pk=overdue.pk).update(status="answered")
    assert list(Correspondence.objects.overdue(datetime.date(2023, 5, 17))) == []


def test_reference_pads_the_number_and_keeps_a_blank_one_visible():
    assert letter(number=7, symbol="SNgV-LSHTQT").reference == "07/SNgV-LSHTQT"
    assert letter(number=None, symbol="SNgV-LSHTQT").reference == "…/SNgV-LSHTQT"
