"""Issuing takes a register number for good: the clerk sees the register and the number, or what is missing, first."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from partners import services
from partners.models import DocumentKind, DocumentRegister, DocumentStatus, OutgoingDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def last_number(agency) -> int:
    register = DocumentRegister.objects.filter(issuing_agency=agency, year=timezone.localdate().year).first()
    return register.last_number if register else 0


def test_opening_the_issue_page_says_the_register_and_number_and_takes_nothing(staff_client, notice_draft, province):
    url = reverse("partners:document_issue", args=[notice_draft.pk])
    response = staff_client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Issue as number 1" in page and 'name="confirm" value="yes"' in page
    assert province["snv"].name in page
    notice_draft.refresh_from_db()
    assert notice_draft.status == DocumentStatus.DRAFT and last_number(province["snv"]) == 0


def test_a_post_without_confirmation_does_not_take_a_number(staff_client, decision_draft, province, training_class):
    for url in (
        reverse("partners:document_issue", args=[decision_draft.pk]),
        reverse("partners:source_issue", args=[DocumentKind.CLASS_DECISION, training_class.pk]),
    ):
        assert staff_client.post(url, {"next": "/admin/"}).status_code == 200
    decision_draft.refresh_from_db()
    assert decision_draft.status == DocumentStatus.DRAFT and last_number(province["snv"]) == 0


def test_confirming_twice_takes_one_number(staff_client, decision_draft, province):
    url = reverse("partners:document_issue", args=[decision_draft.pk])
    staff_client.post(url, {"confirm": "yes"})
    staff_client.post(url, {"confirm": "yes"})  # the double click, or the back button and submit again
    assert last_number(province["snv"]) == 1
    decision_draft.refresh_from_db()
    assert decision_draft.number == 1
    # And the page now says it is issued, with no button.
    page = staff_client.get(url).content.decode()
    assert "Already issued as" in page and 'name="confirm"' not in page


def test_a_missing_signer_is_listed_before_the_issue_button_which_is_not_offered(staff_client, training_class):
    url = reverse("partners:source_issue", args=[DocumentKind.CLASS_DECISION, training_class.pk])
    page = staff_client.get(url).content.decode()
    assert "It cannot be issued yet" in page
    assert "the signer&#x27;s title" in page and "the signer&#x27;s name" in page
    assert 'name="confirm"' not in page
    # The way to fill it in: the console drafts it from the class.
    assert reverse("admin:partners_outgoingdocument_add") + "?kind=class_decision" in page
    assert not OutgoingDocument.objects.filter(training_class=training_class).exists()  # a GET writes nothing


def test_a_class_decision_is_signed_by_the_organisers_usual_signer(training_class, province, staff_user):
    organiser = province["snv"]
    organiser.signer_authority = "KT. GIÁM ĐỐC"
    organiser.signer_title = "PHÓ GIÁM ĐỐC"
    organiser.signer_name = "Lê Văn Bình"
    organiser.save()
    training_class.organiser = organiser
    training_class.save()
    draft = services.document_prepare(kind=DocumentKind.CLASS_DECISION, source=training_class, by=staff_user)
    assert (draft.issuing_agency, draft.signer_authority, draft.signer_title, draft.signer_name) == (
        organiser,
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lê Văn Bình",
    )
    assert "the signer" not in " ".join(services.document_missing(draft))


def test_the_issue_action_asks_first_with_the_numbers_it_takes(staff_client, plan):
    url = reverse("admin:plans_trainingplan_changelist")
    response = staff_client.post(url, {"action": "issue_document", ACTION_CHECKBOX_NAME: [plan.pk]})
    page = response.content.decode()
    assert response.status_code == 200 and "Issue as number 1" in page
    assert f'name="{ACTION_CHECKBOX_NAME}" value="{plan.pk}"' in page
    assert not OutgoingDocument.objects.filter(plan=plan, status=DocumentStatus.ISSUED).exists()


def test_issuing_several_drafts_announces_consecutive_numbers(staff_client, decision_draft, notice_draft):
    url = reverse("admin:partners_outgoingdocument_changelist")
    data = {"action": "issue_drafts", ACTION_CHECKBOX_NAME: [decision_draft.pk, notice_draft.pk]}
    page = staff_client.post(url, data).content.decode()
    assert "<strong>1</strong>" in page and "<strong>2</strong>" in page
    assert OutgoingDocument.objects.filter(status=DocumentStatus.ISSUED).count() == 0
