"""The staff console around documents: buttons on the letter, plan and class pages, actions, and the register."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from partners import services
from partners.models import Correspondence, DocumentKind, DocumentRegister, DocumentStatus, OutgoingDocument

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 3, 5)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_plan_page_offers_preview_issue_and_download(staff_client, plan_draft, staff_user):
    plan = plan_draft.plan
    url = reverse("admin:plans_trainingplan_change", args=[plan.pk])
    page = staff_client.get(url).content.decode()
    assert reverse("partners:source_preview", args=[DocumentKind.PLAN, plan.pk]) in page
    assert reverse("partners:source_preview_pdf", args=[DocumentKind.PLAN, plan.pk]) in page
    assert reverse("partners:source_issue", args=[DocumentKind.PLAN, plan.pk]) in page
    assert reverse("admin:partners_outgoingdocument_change", args=[plan_draft.pk]) in page

    issued = services.document_issue(document=plan_draft, by=staff_user, on=ON)
    page = staff_client.get(url).content.decode()
    assert reverse("partners:document_download", args=[issued.pk]) in page
    assert "01/KH-UBND" in page


def test_class_page_offers_the_decision_and_the_notice(staff_client, training_class):
    page = staff_client.get(reverse("admin:courses_trainingclass_change", args=[training_class.pk])).content.decode()
    for kind in (DocumentKind.CLASS_DECISION, DocumentKind.RECRUITMENT_NOTICE):
        assert reverse("partners:source_preview_pdf", args=[kind, training_class.pk]) in page
        assert reverse("partners:source_issue", args=[kind, training_class.pk]) in page


def test_letter_pages_offer_a_reply_when_incoming_and_the_document_when_outgoing(
    staff_client, logodi_letter, reply_letter
):
    incoming = staff_client.get(reverse("admin:partners_correspondence_change", args=[logodi_letter.pk]))
    assert reverse("partners:correspondence_reply", args=[logodi_letter.pk]) in incoming.content.decode()
    assert "source_issue" not in incoming.content.decode()
    outgoing = staff_client.get(reverse("admin:partners_correspondence_change", args=[reply_letter.pk]))
    assert reverse("partners:source_issue", args=[DocumentKind.LETTER, reply_letter.pk]) in outgoing.content.decode()


def test_plan_action_issues_the_selected_plan(staff_client, plan):
    response = staff_client.post(
        reverse("admin:plans_trainingplan_changelist"),
        {"action": "issue_document", ACTION_CHECKBOX_NAME: [plan.pk], "confirm": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    document = OutgoingDocument.objects.get(plan=plan)
    assert document.status == DocumentStatus.ISSUED and document.reference == "01/KH-UBND"


def test_class_action_explains_why_the_decision_cannot_be_issued(staff_client, training_class):
    response = staff_client.post(
        reverse("admin:courses_trainingclass_changelist"),
        {"action": "issue_decision", ACTION_CHECKBOX_NAME: [training_class.pk], "confirm": "yes"},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any("the signer's title, the signer's name" in message for message in messages), messages
    assert OutgoingDocument.objects.get(training_class=training_class).status == DocumentStatus.DRAFT


def test_preview_action_opens_the_draft_pdf(staff_client, training_class):
    response = staff_client.post(
        reverse("admin:courses_trainingclass_changelist"),
        {"action": "preview_notice", ACTION_CHECKBOX_NAME: [training_class.pk]},
    )
    assert response["Location"] == reverse(
        "partners:source_preview_pdf", args=[DocumentKind.RECRUITMENT_NOTICE, training_class.pk]
    )


def test_reply_action_drafts_the_answer(staff_client, logodi_letter):
    response = staff_client.post(
        reverse("admin:partners_correspondence_changelist"),
        {"action": "draft_reply", ACTION_CHECKBOX_NAME: [logodi_letter.pk]},
    )
    reply = Correspondence.objects.get(in_reply_to=logodi_letter)
    assert response["Location"] == reverse("admin:partners_correspondence_change", args=[reply.pk])


def test_register_lists_documents_with_filters_in_few_queries(
    staff_client, letter_draft, decision_draft, notice_draft, plan_draft, staff_user, django_assert_max_num_queries
):
    for draft in (letter_draft, decision_draft, plan_draft):
        services.document_issue(document=draft, by=staff_user, on=ON)
    services.document_issue(document=notice_draft, by=staff_user, on=datetime.date(2026, 1, 5))
    url = reverse("admin:partners_outgoingdocument_changelist")
    with django_assert_max_num_queries(15):
        response = staff_client.get(url)
    page = response.content.decode()
    assert "01/SNV-CCVC" in page and "02/QĐ-SNV" in page and "01/TB-SNV" in page and "01/KH-UBND" in page
    for parameter in ("document_type__id__exact=", "issuing_agency__id__exact=", "year=2026", "status__exact="):
        assert parameter in page
    filtered = staff_client.get(url, {"year": 2025, "document_type__id__exact": decision_draft.document_type_id})
    assert "02/QĐ-SNV" in filtered.content.decode() and "01/SNV-CCVC" not in filtered.content.decode()


def test_issued_document_is_read_only_and_cannot_be_deleted(staff_client, decision_draft, staff_user):
    issued = services.document_issue(document=decision_draft, by=staff_user, on=ON)
    url = reverse("admin:partners_outgoingdocument_change", args=[issued.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="signer_name"' not in page
    assert reverse("partners:document_download", args=[issued.pk]) in page
    staff_client.post(url, {"signer_name": "Người khác"})
    issued.refresh_from_db()
    assert issued.signer_name == "Lê Văn Bình"
    delete = staff_client.post(reverse("admin:partners_outgoingdocument_delete", args=[issued.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert OutgoingDocument.objects.filter(pk=issued.pk).exists()


def test_draft_is_edited_in_the_console(staff_client, training_class, province, staff_user):
    draft = services.document_prepare(
        kind=DocumentKind.CLASS_DECISION, source=training_class, by=staff_user, issuing_agency=province["snv"]
    )
    url = reverse("admin:partners_outgoingdocument_change", args=[draft.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="signer_name"' in page
    assert reverse("partners:document_preview_pdf", args=[draft.pk]) in page
    data = {
        "issuing_agency": province["snv"].pk,
        "drafting_unit": "CCVC",
        "subject": draft.subject,
        "decision_authority": "",
        "recipients": "",
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Lê Văn Bình",
        "copies_to": "Như Điều 3;",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert (draft.signer_name, draft.drafting_unit) == ("Lê Văn Bình", "CCVC")


def test_a_draft_is_added_from_its_source_in_the_console(staff_client, training_class, province):
    url = reverse("admin:partners_outgoingdocument_add")
    assert staff_client.get(url).status_code == 200
    refused = staff_client.post(url, {"kind": DocumentKind.CLASS_DECISION, "plan": training_class.target.plan_id})
    assert refused.status_code == 200 and not OutgoingDocument.objects.exists()
    response = staff_client.post(
        url,
        {
            "kind": DocumentKind.CLASS_DECISION,
            "training_class": training_class.pk,
            "issuing_agency": province["snv"].pk,
        },
    )
    draft = OutgoingDocument.objects.get()
    assert response["Location"] == reverse("admin:partners_outgoingdocument_change", args=[draft.pk])
    assert (draft.kind, draft.training_class, draft.issuing_agency) == (
        DocumentKind.CLASS_DECISION,
        training_class,
        province["snv"],
    )
    assert draft.subject.startswith("Về việc cử cán bộ")


def test_a_register_kept_on_paper_is_moved_forward_and_never_back(staff_client, letter_draft, province, staff_user):
    url = reverse("admin:partners_documentregister_add")
    data = {"issuing_agency": province["snv"].pk, "year": 2025, "last_number": 57}
    assert staff_client.post(url, data).status_code == 302
    issued = services.document_issue(document=letter_draft, by=staff_user, on=ON)
    assert issued.reference == "58/SNV-CCVC"

    back = staff_client.post(url, {**data, "last_number": 12})
    assert back.status_code == 200
    assert "never goes back" in back.content.decode()
    register = DocumentRegister.objects.get()
    assert register.last_number == 58
    delete = staff_client.get(reverse("admin:partners_documentregister_delete", args=[register.pk]))
    assert delete.status_code == 403
