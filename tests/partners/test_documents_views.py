"""The document pages, tried by each persona: staff preview, issue and download; everyone else is turned away."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from partners import services
from partners.models import Correspondence, DocumentKind, DocumentStatus, OutgoingDocument
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 3, 5)


@pytest.fixture
def issued_letter(letter_draft, staff_user):
    return services.document_issue(document=letter_draft, by=staff_user, on=ON)


@pytest.fixture
def staff_without_permissions(db):
    return UserFactory(username="staff-no-perms", is_staff=True)


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def urls_for(draft, issued, plan, training_class):
    return [
        reverse("partners:document_preview", args=[draft.pk]),
        reverse("partners:document_preview_pdf", args=[draft.pk]),
        reverse("partners:document_download", args=[issued.pk]),
        reverse("partners:source_preview", args=[DocumentKind.PLAN, plan.pk]),
        reverse("partners:source_preview_pdf", args=[DocumentKind.CLASS_DECISION, training_class.pk]),
        reverse("partners:source_download", args=[DocumentKind.LETTER, issued.correspondence_id]),
    ]


# --- staff -------------------------------------------------------------------------------------


def test_staff_previews_a_draft_as_html_in_the_state_format(client, staff_user, decision_draft):
    response = login(client, staff_user).get(reverse("partners:document_preview", args=[decision_draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUYẾT ĐỊNH", "DỰ THẢO", "Hoàng Thị Mai 01"):
        assert text in page


def test_staff_previews_a_draft_as_a_pdf_marked_draft(client, staff_user, notice_draft):
    response = login(client, staff_user).get(reverse("partners:document_preview_pdf", args=[notice_draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("kind", [DocumentKind.PLAN, DocumentKind.CLASS_DECISION, DocumentKind.RECRUITMENT_NOTICE])
def test_staff_previews_from_the_plan_or_the_class_without_saving_a_draft(
    client, staff_user, plan, training_class, kind
):
    source = plan if kind == DocumentKind.PLAN else training_class
    response = login(client, staff_user).get(reverse("partners:source_preview", args=[kind, source.pk]))
    assert response.status_code == 200
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in response.content.decode()
    assert not OutgoingDocument.objects.exists()


def test_staff_downloads_the_issued_pdf_byte_for_byte(client, staff_user, issued_letter):
    response = login(client, staff_user).get(reverse("partners:document_download", args=[issued_letter.pk]))
    assert response.status_code == 200
    with issued_letter.file.open("rb") as handle:
        assert response.content == handle.read()
    assert hashlib.sha256(response.content).hexdigest() == issued_letter.sha256 == response["X-Content-SHA256"]
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="cong-van-01-snv-ccvc-2025-03-05.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("draft", "name"),
    [
        ("plan_draft", "du-thao-ke-hoach-2025.pdf"),
        ("decision_draft", "du-thao-quyet-dinh-{code}.pdf"),
        ("notice_draft", "du-thao-thong-bao-{code}.pdf"),
    ],
)
def test_a_drafts_pdf_is_named_in_vietnamese_with_its_plans_year_or_its_class_code(
    client, request, staff_user, training_class, draft, name
):
    document = request.getfixturevalue(draft)
    response = login(client, staff_user).get(reverse("partners:document_preview_pdf", args=[document.pk]))
    expected = name.format(code=training_class.code.lower())
    assert f'filename="{expected}"' in response["Content-Disposition"]


def test_an_issued_decisions_name_has_no_diacritics(staff_user, decision_draft):
    issued = services.document_issue(document=decision_draft, by=staff_user, on=ON)
    assert issued.download_name == "quyet-dinh-01-qd-snv-2025-03-05.pdf"


def test_download_from_the_letter_gives_its_latest_issued_document(client, staff_user, issued_letter):
    url = reverse("partners:source_download", args=[DocumentKind.LETTER, issued_letter.correspondence_id])
    response = login(client, staff_user).get(url)
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == issued_letter.sha256


def test_a_draft_has_nothing_to_download_and_an_issued_one_is_not_previewed_again(
    client, staff_user, decision_draft, issued_letter
):
    login(client, staff_user)
    assert client.get(reverse("partners:document_download", args=[decision_draft.pk])).status_code == 404
    response = client.get(reverse("partners:document_preview_pdf", args=[issued_letter.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:document_download", args=[issued_letter.pk])


def test_staff_issues_from_the_class_page_and_returns_to_it(client, staff_user, decision_draft, training_class):
    back = reverse("admin:courses_trainingclass_change", args=[training_class.pk])
    response = login(client, staff_user).post(
        reverse("partners:source_issue", args=[DocumentKind.CLASS_DECISION, training_class.pk]),
        {"next": back, "confirm": "yes"},
    )
    assert response.status_code == 302 and response["Location"] == back
    decision_draft.refresh_from_db()
    assert decision_draft.status == DocumentStatus.ISSUED and decision_draft.reference.endswith("/QĐ-SNV")


def test_refused_issue_sends_the_clerk_to_the_draft_with_the_reason(client, staff_user, training_class):
    response = login(client, staff_user).post(
        reverse("partners:source_issue", args=[DocumentKind.RECRUITMENT_NOTICE, training_class.pk]),
        {"confirm": "yes"},  # a confirm the page would not have offered: the service still refuses it
        follow=True,
    )
    draft = OutgoingDocument.objects.get(kind=DocumentKind.RECRUITMENT_NOTICE)
    assert response.redirect_chain[0][0] == reverse("admin:partners_outgoingdocument_change", args=[draft.pk])
    assert draft.status == DocumentStatus.DRAFT
    messages = [str(message) for message in response.context["messages"]]
    assert any("cannot be issued yet" in message and "the signer's name" in message for message in messages)


def test_staff_issues_a_draft_from_its_page(client, staff_user, notice_draft):
    response = login(client, staff_user).post(
        reverse("partners:document_issue", args=[notice_draft.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    notice_draft.refresh_from_db()
    assert notice_draft.is_issued


def test_next_pointing_elsewhere_is_ignored(client, staff_user, notice_draft):
    response = login(client, staff_user).post(
        reverse("partners:document_issue", args=[notice_draft.pk]),
        {"next": "https://evil.example.com/", "confirm": "yes"},
    )
    assert response["Location"] == reverse("admin:partners_outgoingdocument_change", args=[notice_draft.pk])


def test_staff_drafts_a_reply_to_an_incoming_letter(client, staff_user, logodi_letter):
    response = login(client, staff_user).post(reverse("partners:correspondence_reply", args=[logodi_letter.pk]))
    reply = Correspondence.objects.get(in_reply_to=logodi_letter)
    assert response["Location"] == reverse("admin:partners_correspondence_change", args=[reply.pk])


def test_unknown_kind_of_document_is_not_found(client, staff_user, plan):
    response = login(client, staff_user).get(reverse("partners:source_preview", args=["memo", plan.pk]))
    assert response.status_code == 404


# --- everyone else -----------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(client, decision_draft, issued_letter, plan, training_class):
    for url in urls_for(decision_draft, issued_letter, plan, training_class):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"] and "next=" in response["Location"]


@pytest.mark.parametrize("persona", ["focal_point", "leader"])
def test_people_outside_the_staff_do_not_see_the_documents(
    client, request, persona, decision_draft, issued_letter, plan, training_class
):
    login(client, request.getfixturevalue(persona))
    for url in urls_for(decision_draft, issued_letter, plan, training_class):
        assert client.get(url).status_code == 403, url
    issue_url = reverse("partners:document_issue", args=[decision_draft.pk])
    assert client.post(issue_url).status_code == 403


def test_staff_without_the_permission_is_refused(client, staff_without_permissions, decision_draft):
    login(client, staff_without_permissions)
    assert client.get(reverse("partners:document_preview", args=[decision_draft.pk])).status_code == 403
    assert client.post(reverse("partners:document_issue", args=[decision_draft.pk])).status_code == 403


def test_viewing_is_not_issuing(client, staff_without_permissions, decision_draft):
    view = Permission.objects.get(codename="view_outgoingdocument")
    staff_without_permissions.user_permissions.add(view)
    login(client, staff_without_permissions)
    assert client.get(reverse("partners:document_preview", args=[decision_draft.pk])).status_code == 200
    assert client.post(reverse("partners:document_issue", args=[decision_draft.pk])).status_code == 403
    decision_draft.refresh_from_db()
    assert not decision_draft.is_issued


def test_wrong_methods_are_refused(client, staff_user, decision_draft, issued_letter, plan):
    login(client, staff_user)
    assert client.post(reverse("partners:document_preview", args=[decision_draft.pk])).status_code == 405
    assert client.post(reverse("partners:document_download", args=[issued_letter.pk])).status_code == 405
    assert client.put(reverse("partners:document_issue", args=[decision_draft.pk])).status_code == 405
    assert client.delete(reverse("partners:source_issue", args=[DocumentKind.PLAN, plan.pk])).status_code == 405
    assert client.delete(reverse("partners:source_preview", args=[DocumentKind.PLAN, plan.pk])).status_code == 405
    decision_draft.refresh_from_db()
    assert not decision_draft.is_issued


def test_an_altered_stored_pdf_is_explained_on_the_documents_page_not_a_crash(client, staff_user, issued_letter):
    with open(issued_letter.file.path, "ab") as handle:
        handle.write(b"% tampered")
    response = login(client, staff_user).get(
        reverse("partners:document_download", args=[issued_letter.pk]), follow=True
    )
    assert response.redirect_chain[0][0] == reverse("admin:partners_outgoingdocument_change", args=[issued_letter.pk])
    assert "has been changed since it was issued" in response.content.decode()


def test_a_stored_pdf_gone_from_the_server_is_explained_not_a_crash(client, staff_user, issued_letter):
    import os

    os.remove(issued_letter.file.path)
    response = login(client, staff_user).get(
        reverse("partners:document_download", args=[issued_letter.pk]), follow=True
    )
    assert response.redirect_chain[0][0] == reverse("admin:partners_outgoingdocument_change", args=[issued_letter.pk])
    assert "cannot be found on the server" in response.content.decode()


def test_an_issued_source_offers_no_second_issue_button(client, staff_user, issued_letter):
    page = login(client, staff_user).get(
        reverse("admin:partners_correspondence_change", args=[issued_letter.correspondence_id])
    )
    html = page.content.decode()
    assert reverse("partners:document_download", args=[issued_letter.pk]) in html  # the tools are there
    assert reverse("partners:source_issue", args=[DocumentKind.LETTER, issued_letter.correspondence_id]) not in html
