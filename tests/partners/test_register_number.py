"""One register number, on the document: the plan and the outgoing letter read their number, symbol and date from
their issued document, issued here or recorded as issued on paper; nothing is copied back onto them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners import services
from partners.documents.content import plan_citation
from partners.models import Correspondence, Direction, DocumentRegister, DocumentStatus, OutgoingDocument
from plans.models import TrainingPlan
from tests.partners.conftest import make_plan

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 3, 5)
PAPER_DAY = datetime.date(2024, 9, 27)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def register_fields_of(model) -> set[str]:
    return {field.name for field in model._meta.get_fields()} & {"document_number", "document_symbol", "issued_on"}


# --- issuing writes nothing onto the plan or the letter ----------------------------------------


def test_a_plan_has_no_register_field_and_shows_its_issued_documents_number(plan_draft, staff_user):
    assert register_fields_of(TrainingPlan) == set()
    before = TrainingPlan.objects.filter(pk=plan_draft.plan_id).values().get()
    services.document_issue(document=plan_draft, by=staff_user, on=ON)
    after = TrainingPlan.objects.filter(pk=plan_draft.plan_id).values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
    plan = TrainingPlan.objects.get(pk=plan_draft.plan_id)
    assert plan.document_reference == "01/KH-UBND"
    assert plan.issued_document.issued_on == ON


def test_an_issued_letter_keeps_no_number_of_its_own_and_shows_its_documents(letter_draft, staff_user):
    services.document_issue(document=letter_draft, by=staff_user, on=ON)
    letter = Correspondence.objects.get(pk=letter_draft.correspondence_id)
    assert (letter.number, letter.symbol) == (None, "")
    assert (letter.reference, letter.letter_date) == ("01/SNV-CCVC", ON)
    assert str(letter).startswith("01/SNV-CCVC – V/v ")


def test_an_outgoing_letter_cannot_hold_a_number_in_the_database(reply_letter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Correspondence.objects.filter(pk=reply_letter.pk).update(number=7, symbol="SNV-CCVC")


def test_an_incoming_letter_keeps_the_senders_reference(logodi_letter):
    Correspondence.objects.filter(pk=logodi_letter.pk).update(number=5)
    logodi_letter.refresh_from_db()
    assert logodi_letter.reference == "05/SNgV-LSHTQT"
    assert logodi_letter.direction == Direction.INCOMING


def test_a_corrected_plan_shows_the_corrections_number(plan_draft, staff_user):
    first = services.document_issue(document=plan_draft, by=staff_user, on=ON)
    correction = services.document_correct(document=first, by=staff_user)
    services.document_issue(document=correction, by=staff_user, on=ON + datetime.timedelta(days=2))
    plan = TrainingPlan.objects.get(pk=first.plan_id)
    assert plan.document_reference == "02/KH-UBND"
    assert plan.issued_document.pk == correction.pk


def test_a_corrected_letter_shows_the_corrections_number_on_its_page(staff_client, letter_draft, staff_user):
    first = services.document_issue(document=letter_draft, by=staff_user, on=ON)
    correction = services.document_correct(document=first, by=staff_user)
    services.document_issue(document=correction, by=staff_user, on=ON)
    letter = Correspondence.objects.get(pk=first.correspondence_id)
    assert letter.reference == "02/SNV-CCVC"
    page = staff_client.get(reverse("admin:partners_correspondence_change", args=[letter.pk])).content.decode()
    assert "02/SNV-CCVC" in page
    assert reverse("admin:partners_outgoingdocument_change", args=[correction.pk]) in page


# --- issued on paper ---------------------------------------------------------------------------


def test_a_plan_issued_on_paper_shows_its_symbol_and_date(staff_client, plan, staff_user):
    recorded = services.document_record_paper(
        kind="plan", source=plan, symbol="KH-UBND", issued_on=PAPER_DAY, by=staff_user
    )
    assert (recorded.status, recorded.issued_on_paper, recorded.file.name, recorded.sha256) == (
        DocumentStatus.ISSUED,
        True,
        "",
        "",
    )
    plan.refresh_from_db()
    assert (plan.document_reference, plan.issued_document.issued_on) == ("…/KH-UBND", PAPER_DAY)
    page = staff_client.get(reverse("admin:plans_trainingplan_change", args=[plan.pk])).content.decode()
    assert "…/KH-UBND of 27/09/2024: issued outside the portal, its number not recorded" in page
    assert reverse("partners:document_download", args=[recorded.pk]) not in page  # no PDF to hand out
    listing = staff_client.get(reverse("admin:plans_trainingplan_changelist")).content.decode()
    assert "…/KH-UBND" in listing
    # A class's decision cites it by its date, without a number it does not know.
    assert plan_citation(plan, plan.issued_document).startswith("Kế hoạch ngày 27/9/2024 của UBND tỉnh Lạng Sơn")


def test_a_paper_document_is_never_printed_or_issued_again(plan, staff_user):
    recorded = services.document_record_paper(
        kind="plan", source=plan, number=5, symbol="KH-UBND", issued_on=PAPER_DAY, by=staff_user
    )
    assert plan.document_reference == "05/KH-UBND"
    with pytest.raises(ValidationError) as refused:
        services.stored_pdf(recorded)
    assert refused.value.code == "not_issued"
    with pytest.raises(ValidationError, match="already issued"):
        services.document_issue(document=recorded, by=staff_user)
    with pytest.raises(ValidationError, match="already issued"):
        services.document_prepare(kind="plan", source=plan)
    with pytest.raises(ValidationError, match="already issued"):
        services.document_record_paper(kind="plan", source=plan, issued_on=PAPER_DAY)


def test_a_number_recorded_from_paper_is_taken_in_the_register(province, staff_user):
    plan = make_plan(province, year=2024)
    services.document_record_paper(kind="plan", source=plan, number=7, issued_on=PAPER_DAY, by=staff_user)
    register = DocumentRegister.objects.get(issuing_agency=province["root"], year=2024)
    assert register.last_number == 7
    other = make_plan(province, year=2025)
    with pytest.raises(ValidationError, match="already taken"):
        services.document_record_paper(kind="plan", source=other, number=7, issued_on=PAPER_DAY, by=staff_user)


def test_a_paper_document_cannot_be_dated_in_the_future(plan):
    with pytest.raises(ValidationError, match="future"):
        services.document_record_paper(kind="plan", source=plan, issued_on=datetime.date.today().replace(year=2100))
    assert not OutgoingDocument.objects.exists()


def test_the_console_records_a_letter_issued_on_paper(staff_client, reply_letter, logodi_letter):
    url = reverse("admin:partners_outgoingdocument_add")
    data = {"kind": "letter", "correspondence": reply_letter.pk, "record_on_paper": "on", "paper_number": "12"}
    refused = staff_client.post(url, data)
    assert refused.status_code == 200
    assert "Give the date printed on the paper." in refused.content.decode()

    saved = staff_client.post(url, {**data, "paper_symbol": "SNV-CCVC", "paper_issued_on": "2023-05-15"}, follow=True)
    assert "12/SNV-CCVC is recorded as issued on paper." in saved.content.decode()
    recorded = OutgoingDocument.objects.get()
    assert (recorded.issued_on_paper, recorded.reference, recorded.issued_on) == (
        True,
        "12/SNV-CCVC",
        datetime.date(2023, 5, 15),
    )
    reply_letter.refresh_from_db()
    assert (reply_letter.number, reply_letter.reference, reply_letter.status) == (None, "12/SNV-CCVC", "sent")
    logodi_letter.refresh_from_db()
    assert logodi_letter.status == "answered"


def test_the_console_records_a_plan_whose_paper_leaves_the_day_blank_and_lists_it_by_its_month(staff_client, plan):
    url = reverse("admin:partners_outgoingdocument_add")
    data = {"kind": "plan", "plan": plan.pk, "record_on_paper": "on", "paper_issued_on": "2024-09-27"}
    form = staff_client.get(url).content.decode()
    assert 'name="paper_day_unknown"' in form
    saved = staff_client.post(url, {**data, "paper_symbol": "KH-UBND", "paper_day_unknown": "on"}, follow=True)
    assert "…/KH-UBND is recorded as issued on paper." in saved.content.decode()
    recorded = OutgoingDocument.objects.get()
    assert (recorded.issued_on, recorded.issued_on_precision) == (datetime.date(2024, 9, 1), "month")
    listed = staff_client.get(reverse("admin:partners_outgoingdocument_changelist")).content.decode()
    assert "09/2024" in listed and "01/09/2024" not in listed and "1 tháng 9" not in listed
    plan_page = staff_client.get(reverse("admin:plans_trainingplan_change", args=[plan.pk])).content.decode()
    assert "…/KH-UBND" in plan_page and "09/2024" in plan_page and "01/09/2024" not in plan_page


def test_an_outgoing_letter_recorded_on_paper_with_its_day_blank_is_listed_by_its_month(staff_client, reply_letter):
    services.document_record_paper(
        kind="letter", source=reply_letter, number=12, symbol="SNV-CCVC", issued_on=PAPER_DAY, precision="month"
    )
    listed = staff_client.get(reverse("admin:partners_correspondence_changelist")).content.decode()
    assert "12/SNV-CCVC" in listed and "09/2024" in listed and "01/09/2024" not in listed
    page = staff_client.get(reverse("admin:partners_correspondence_change", args=[reply_letter.pk]))
    assert "09/2024" in page.content.decode() and "01/09/2024" not in page.content.decode()


def test_the_console_refuses_a_class_document_recorded_on_paper(staff_client, training_class):
    response = staff_client.post(
        reverse("admin:partners_outgoingdocument_add"),
        {
            "kind": "class_decision",
            "training_class": training_class.pk,
            "record_on_paper": "on",
            "paper_issued_on": "2025-01-02",
        },
    )
    assert response.status_code == 200
    assert "Only a letter or a plan can be recorded as issued on paper." in response.content.decode()
    assert not OutgoingDocument.objects.exists()


# --- lists read the one home in a fixed number of queries --------------------------------------


def list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_list_reads_every_plans_number_in_a_fixed_number_of_queries(staff_client, province, staff_user):
    url = reverse("admin:plans_trainingplan_changelist")
    first = make_plan(province, year=2024, classes_per_kind=(1, 0, 0, 0, 0))
    services.document_record_paper(kind="plan", source=first, number=3, issued_on=PAPER_DAY, by=staff_user)
    one = list_queries(staff_client, url)
    for year in (2025, 2026, 2027):
        plan = make_plan(province, year=year, classes_per_kind=(1, 0, 0, 0, 0))
        services.issue_from_source(kind="plan", source=plan, by=staff_user, on=ON)
    page = staff_client.get(url).content.decode()
    assert "01/KH-UBND" in page and "02/KH-UBND" in page and "03/KH-UBND" in page
    assert list_queries(staff_client, url) == one


def test_the_letter_list_reads_every_letters_number_in_a_fixed_number_of_queries(
    staff_client, letter_draft, province, staff_user
):
    url = reverse("admin:partners_correspondence_changelist")
    services.document_issue(document=letter_draft, by=staff_user, on=ON)
    one = list_queries(staff_client, url)
    for index in range(3):
        letter = Correspondence.objects.create(
            direction=Direction.OUTGOING,
            dated=ON,
            status="draft",
            sender_agency=province["snv"],
            recipient_agency=province["stc"],
            subject=f"đề nghị {index}",
            body="Nội dung.",
            signer_title="GIÁM ĐỐC",
            signer_name="Lê Văn Bình",
        )
        draft = services.document_prepare(kind="letter", source=letter, by=staff_user)
        draft.drafting_unit = "CCVC"
        draft.save()
        services.document_issue(document=draft, by=staff_user, on=ON)
    page = staff_client.get(url).content.decode()
    assert "01/SNV-CCVC" in page and "04/SNV-CCVC" in page
    assert list_queries(staff_client, url) == one
