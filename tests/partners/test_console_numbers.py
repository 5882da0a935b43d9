"""The staff console never lets a clerk type a number the register gives: letters, plans, register entries.

An issued document keeps the number, symbol and date it was issued under, whatever is posted to its change page,
reverted from its history or uploaded from Excel; the way to change it is a correction. An incoming letter's
number is the sender's, typed from the paper, and stays editable.
"""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners import services
from partners.models import Correspondence, Direction, DocumentRegister, DocumentStatus, OutgoingDocument
from plans.models import TrainingPlan
from tests.utils import change_form_data
from training_portal import importing

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 3, 5)
# The fields only the register (partners.services.document_issue) writes, per model.
REGISTER_OWNED = {
    OutgoingDocument: {"year", "number", "symbol", "issued_on", "file", "sha256", "issued_by", "issued_at", "status"},
    DocumentRegister: {"last_number"},
    Correspondence: {"number", "symbol", "dated"},
    # The plan has no register field any more (its number is its document's): none can come back through a list.
    TrainingPlan: {"document_number", "document_symbol", "issued_on"},
}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def issued_letter(letter_draft, staff_user):
    return services.document_issue(document=letter_draft, by=staff_user, on=ON)


@pytest.fixture
def issued_plan(plan_draft, staff_user):
    return services.document_issue(document=plan_draft, by=staff_user, on=ON)


def letter_url(letter):
    return reverse("admin:partners_correspondence_change", args=[letter.pk])


def inputs(page, *names):
    return [name for name in names if f'name="{name}"' in page]


# --- letters -----------------------------------------------------------------------------------


def test_console_does_not_let_staff_type_over_an_issued_letter_number(staff_client, issued_letter, reply_letter):
    response = staff_client.get(letter_url(reply_letter))
    page = response.content.decode()
    assert inputs(page, "number", "symbol", "dated", "direction") == []
    assert "01/SNV-CCVC" in page
    assert reverse("admin:partners_outgoingdocument_change", args=[issued_letter.pk]) in page
    assert "never typed by hand" in page
    assert reverse("partners:document_correct", args=[issued_letter.pk]) in page

    forged = change_form_data(
        response, number="99", symbol="GIA-MAO", dated="2025-01-02", direction=Direction.INCOMING, subject="V/v khác"
    )
    saved = staff_client.post(letter_url(reply_letter), forged)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    reply_letter.refresh_from_db()
    assert (reply_letter.reference, reply_letter.letter_date) == ("01/SNV-CCVC", ON)
    assert reply_letter.direction == Direction.OUTGOING
    assert reply_letter.subject == "V/v khác"  # the rest of the letter is still edited (a correction draws on it)


def test_console_does_not_let_staff_number_an_outgoing_draft_by_hand(staff_client, reply_letter):
    response = staff_client.get(letter_url(reply_letter))
    page = response.content.decode()
    assert inputs(page, "number", "symbol") == []
    assert inputs(page, "dated", "direction") == ["dated", "direction"]  # a draft's date is still planned by hand
    assert "not issued yet" in page

    saved = staff_client.post(letter_url(reply_letter), change_form_data(response, number="7", symbol="SNV-CCVC"))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    reply_letter.refresh_from_db()
    assert (reply_letter.number, reply_letter.symbol) == (None, "")


def test_a_new_outgoing_letter_cannot_be_given_a_number_by_hand(staff_client, province):
    url = reverse("admin:partners_correspondence_add")
    data = {
        "direction": Direction.OUTGOING,
        "number": "12",
        "symbol": "SNV-CCVC",
        "dated": "2025-03-05",
        "dated_precision": "day",
        "status": "draft",
        "sender_agency": province["snv"].pk,
        "recipient_agency": province["sngv"].pk,
        "subject": "đề nghị cử cán bộ",
    }
    refused = staff_client.post(url, data)
    assert refused.status_code == 200
    assert "takes its number and symbol from the register" in refused.content.decode()
    assert not Correspondence.objects.exists()

    saved = staff_client.post(url, {**data, "number": "", "symbol": ""})
    assert saved.status_code == 302
    assert Correspondence.objects.get().number is None


def test_an_incoming_letter_keeps_its_senders_number_editable(staff_client, logodi_letter, province):
    response = staff_client.get(letter_url(logodi_letter))
    assert inputs(response.content.decode(), "number", "symbol", "dated") == ["number", "symbol", "dated"]
    saved = staff_client.post(letter_url(logodi_letter), change_form_data(response, number="1234"))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    logodi_letter.refresh_from_db()
    assert (logodi_letter.number, logodi_letter.reference) == (1234, "1234/SNgV-LSHTQT")

    added = staff_client.post(
        reverse("admin:partners_correspondence_add"),
        {
            "direction": Direction.INCOMING,
            "number": "56",
            "symbol": "STC-NS",
            "dated": "2025-03-05",
            "dated_precision": "day",
            "received_on": "2025-03-06",
            "status": "received",
            "sender_agency": province["stc"].pk,
            "recipient_agency": province["snv"].pk,
            "subject": "đề nghị cử cán bộ",
        },
    )
    assert added.status_code == 302
    assert Correspondence.objects.get(symbol="STC-NS").reference == "56/STC-NS"


def test_reverting_an_issued_letter_from_its_history_keeps_its_number(staff_client, issued_letter, reply_letter):
    before_issue = reply_letter.history.filter(status="draft").order_by("history_date").last()
    url = reverse("admin:partners_correspondence_simple_history", args=[reply_letter.pk, before_issue.history_id])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()  # shown, with no "Revert" button
    assert staff_client.post(url, change_form_data(response)).status_code == 405
    reply_letter.refresh_from_db()
    assert (reply_letter.reference, reply_letter.letter_date) == ("01/SNV-CCVC", ON)


# --- plans -------------------------------------------------------------------------------------


def plan_url(plan):
    return reverse("admin:plans_trainingplan_change", args=[plan.pk])


def test_console_does_not_let_staff_type_over_an_issued_plan_number(staff_client, issued_plan):
    plan = issued_plan.plan
    response = staff_client.get(plan_url(plan))
    page = response.content.decode()
    assert inputs(page, "document_number", "document_symbol", "issued_on") == []
    assert "01/KH-UBND" in page
    assert reverse("admin:partners_outgoingdocument_change", args=[issued_plan.pk]) in page
    assert reverse("partners:document_correct", args=[issued_plan.pk]) in page

    forged = change_form_data(
        response, document_number="42", document_symbol="KH-GIA", issued_on="2025-01-02", purposes="Mục đích mới."
    )
    saved = staff_client.post(plan_url(plan), forged)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    plan.refresh_from_db()
    assert (plan.issued_document.number, plan.issued_document.symbol, plan.issued_document.issued_on) == (
        1,
        "KH-UBND",
        ON,
    )
    assert plan.purposes == "Mục đích mới."


def test_a_plan_is_never_numbered_by_hand_even_before_it_is_issued(staff_client, plan):
    add = staff_client.get(reverse("admin:plans_trainingplan_add")).content.decode()
    assert inputs(add, "document_number", "document_symbol", "issued_on") == []
    response = staff_client.get(plan_url(plan))
    assert "not issued yet" in response.content.decode()
    saved = staff_client.post(plan_url(plan), change_form_data(response, document_number="5", issued_on="2025-01-02"))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    plan.refresh_from_db()
    assert plan.issued_document is None and plan.document_reference == "…"


def test_a_plan_issued_on_paper_before_the_portal_says_so_instead_of_not_issued(staff_client, plan):
    services.document_record_paper(kind="plan", source=plan, symbol="KH-UBND", issued_on=ON)
    staff_client.cookies["django_language"] = "en"
    page = staff_client.get(plan_url(plan)).content.decode()
    assert f"…/KH-UBND of {ON:%d/%m/%Y}: issued outside the portal, its number not recorded" in page
    assert "not issued yet" not in page


def test_adding_a_second_document_for_an_issued_plan_is_refused_in_favour_of_a_correction(staff_client, issued_plan):
    plan = issued_plan.plan
    staff_client.cookies["django_language"] = "en"
    response = staff_client.post(
        reverse("admin:partners_outgoingdocument_add"), {"kind": "plan", "plan": plan.pk, "issuing_agency": ""}
    )
    assert response.status_code == 200
    assert "already issued and cannot change: make a correction" in response.content.decode()
    assert OutgoingDocument.objects.filter(plan=plan).count() == 1
    with pytest.raises(ValidationError, match="already issued"):
        services.document_prepare(kind="plan", source=plan)
    assert DocumentRegister.objects.get().last_number == 1


def test_reverting_an_issued_plan_from_its_history_keeps_its_number(staff_client, issued_plan):
    plan = issued_plan.plan
    before_issue = plan.history.order_by("history_date").first()
    url = reverse("admin:plans_trainingplan_simple_history", args=[plan.pk, before_issue.history_id])
    assert staff_client.post(url, change_form_data(staff_client.get(url))).status_code == 405
    plan.refresh_from_db()
    assert (plan.issued_document.number, plan.issued_document.symbol, plan.issued_document.issued_on) == (
        1,
        "KH-UBND",
        ON,
    )


# --- the register and the way to correct -------------------------------------------------------


def test_issued_document_page_explains_the_number_and_offers_a_correction(staff_client, issued_letter):
    page = staff_client.get(reverse("admin:partners_outgoingdocument_change", args=[issued_letter.pk])).content.decode()
    assert inputs(page, "number", "symbol", "issued_on", "sha256", "file") == []
    assert "never typed by hand" in page
    assert reverse("partners:document_correct", args=[issued_letter.pk]) in page


def test_reverting_an_issued_document_to_its_draft_is_refused(staff_client, issued_letter):
    draft_version = issued_letter.history.filter(status=DocumentStatus.DRAFT).order_by("history_date").last()
    url = reverse("admin:partners_outgoingdocument_simple_history", args=[issued_letter.pk, draft_version.history_id])
    assert staff_client.post(url, change_form_data(staff_client.get(url))).status_code == 405
    issued_letter.refresh_from_db()
    assert (issued_letter.status, issued_letter.reference) == (DocumentStatus.ISSUED, "01/SNV-CCVC")


def test_correcting_an_issued_letter_opens_a_new_draft_and_leaves_the_issued_one(staff_client, issued_letter):
    url = reverse("partners:document_correct", args=[issued_letter.pk])
    response = staff_client.post(url, follow=True)
    correction = OutgoingDocument.objects.get(replaces=issued_letter)
    assert response.redirect_chain[-1][0] == reverse("admin:partners_outgoingdocument_change", args=[correction.pk])
    assert "The correction of 01/SNV-CCVC is drafted" in response.content.decode()
    assert correction.status == DocumentStatus.DRAFT and correction.number is None
    assert staff_client.post(url)["Location"].endswith(f"/{correction.pk}/change/")  # a second click: the same draft
    issued_letter.refresh_from_db()
    assert (issued_letter.status, issued_letter.reference) == (DocumentStatus.ISSUED, "01/SNV-CCVC")

    letter_page = staff_client.get(letter_url(issued_letter.correspondence)).content.decode()
    assert reverse("admin:partners_outgoingdocument_change", args=[correction.pk]) in letter_page  # edit the draft
    assert reverse("partners:document_correct", args=[issued_letter.pk]) not in letter_page  # already pending


def test_a_draft_is_not_corrected_but_edited(staff_client, letter_draft):
    response = staff_client.post(reverse("partners:document_correct", args=[letter_draft.pk]), follow=True)
    assert "Only an issued document can be corrected" in response.content.decode()
    assert not OutgoingDocument.objects.filter(replaces__isnull=False).exists()


def test_correction_is_for_staff_only_and_by_post(client, staff_client, focal_point, issued_letter):
    url = reverse("partners:document_correct", args=[issued_letter.pk])
    assert staff_client.get(url).status_code == 405
    client.logout()
    assert client.post(url)["Location"].startswith(reverse("login"))
    client.force_login(focal_point)
    assert client.post(url).status_code == 403
    assert not OutgoingDocument.objects.filter(replaces=issued_letter).exists()


# --- every other way in ------------------------------------------------------------------------


def test_no_list_in_the_console_edits_a_register_field_in_bulk():
    for model, model_admin in admin.site._registry.items():
        assert not set(model_admin.list_editable) & REGISTER_OWNED.get(model, set()), model


def test_no_excel_import_can_write_a_register_field():
    for kind, importer_class in importing.importers().items():
        importer = importer_class()
        written = {column.name for column in importer.columns() if "__" not in column.name}
        assert importer.model not in (OutgoingDocument, DocumentRegister), kind
        assert not written & REGISTER_OWNED.get(importer.model, set()), kind
