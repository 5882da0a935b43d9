"""The register of outgoing documents: drafting, issuing with the next number, freezing the PDF, correcting."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners import services
from partners.models import (
    Correspondence,
    CorrespondenceStatus,
    Direction,
    DocumentKind,
    DocumentRegister,
    DocumentStatus,
    OutgoingDocument,
)
from plans.models import PlanStatus
from tests.partners.conftest import make_plan

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2025, 3, 5)


def issue(document, user, on=ON):
    return services.document_issue(document=document, by=user, on=on)


# --- numbering ---------------------------------------------------------------------------------


def test_each_body_numbers_its_own_register_from_one(letter_draft, decision_draft, plan_draft, staff_user):
    letter = issue(letter_draft, staff_user)
    decision = issue(decision_draft, staff_user)
    plan = issue(plan_draft, staff_user)

    assert (letter.reference, decision.reference, plan.reference) == ("01/SNV-CCVC", "02/QĐ-SNV", "01/KH-UBND")
    registers = {(r.issuing_agency.abbreviation, r.year): r.last_number for r in DocumentRegister.objects.all()}
    assert registers == {("SNV", 2025): 2, ("UBND", 2025): 1}


def test_register_starts_again_at_one_each_year(decision_draft, notice_draft, staff_user):
    assert issue(decision_draft, staff_user, on=D(2025, 12, 31)).reference == "01/QĐ-SNV"
    notice = issue(notice_draft, staff_user, on=D(2026, 1, 2))
    assert (notice.year, notice.number, notice.reference) == (2026, 1, "01/TB-SNV")


def test_database_refuses_two_documents_with_one_number_in_a_register(letter_draft, decision_draft, staff_user):
    letter = issue(letter_draft, staff_user)
    decision_draft.year, decision_draft.number = letter.year, letter.number
    with pytest.raises(IntegrityError), transaction.atomic():
        decision_draft.save()


# --- freezing ----------------------------------------------------------------------------------


def test_issuing_freezes_the_pdf_with_its_checksum(letter_draft, staff_user):
    issued = issue(letter_draft, staff_user)

    stored = services.stored_pdf(issued)
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == issued.sha256
    assert issued.status == DocumentStatus.ISSUED and issued.issued_on == ON and issued.issued_by == staff_user

    # Editing the letter afterwards changes nothing in what was issued.
    letter = issued.correspondence
    letter.body = "Nội dung đã sửa sau khi ban hành."
    letter.save()
    assert services.stored_pdf(OutgoingDocument.objects.get(pk=issued.pk)) == stored


def test_issued_document_cannot_be_issued_again(letter_draft, staff_user):
    issued = issue(letter_draft, staff_user)
    with pytest.raises(ValidationError) as refused:
        issue(issued, staff_user, on=D(2025, 4, 1))
    assert refused.value.code == "already_issued"
    assert "01/SNV-CCVC is already issued" in refused.value.messages[0]
    assert DocumentRegister.objects.get().last_number == 1


def test_altered_stored_file_is_refused_on_download(letter_draft, staff_user):
    issued = issue(letter_draft, staff_user)
    with open(issued.file.path, "ab") as handle:
        handle.write(b"% tampered")
    with pytest.raises(ValidationError) as refused:
        services.stored_pdf(issued)
    assert refused.value.code == "checksum_mismatch"


def test_failed_rendering_takes_no_number(letter_draft, decision_draft, staff_user, monkeypatch):
    def broken(page):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(services, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        issue(letter_draft, staff_user)
    monkeypatch.undo()

    letter_draft.refresh_from_db()
    assert letter_draft.status == DocumentStatus.DRAFT and letter_draft.number is None
    assert issue(decision_draft, staff_user).number == 1  # no gap left in the register


def test_correction_is_a_new_draft_and_the_issued_one_stays(decision_draft, staff_user):
    issued = issue(decision_draft, staff_user)
    correction = services.document_correct(document=issued, by=staff_user)

    assert correction.status == DocumentStatus.DRAFT and correction.replaces == issued
    assert correction.training_class == issued.training_class and correction.signer_name == issued.signer_name
    corrected = issue(correction, staff_user, on=D(2025, 3, 6))
    assert corrected.reference == "02/QĐ-SNV"
    issued.refresh_from_db()
    assert issued.reference == "01/QĐ-SNV" and issued.status == DocumentStatus.ISSUED


def test_a_draft_cannot_be_corrected(decision_draft, staff_user):
    with pytest.raises(ValidationError) as refused:
        services.document_correct(document=decision_draft, by=staff_user)
    assert refused.value.code == "not_issued"


# --- completeness ------------------------------------------------------------------------------


def test_incomplete_document_is_refused_with_what_it_lacks(decision_draft, staff_user):
    decision_draft.signer_name = ""
    decision_draft.signer_title = ""
    decision_draft.save()

    with pytest.raises(ValidationError) as refused:
        issue(decision_draft, staff_user)

    assert refused.value.code == "incomplete"
    assert refused.value.messages == [
        "The document cannot be issued yet; it lacks the signer's title, the signer's name."
    ]
    decision_draft.refresh_from_db()
    assert decision_draft.status == DocumentStatus.DRAFT
    assert not DocumentRegister.objects.exists()


def test_letter_needs_its_drafting_unit_and_body(reply_letter, staff_user):
    reply_letter.body = " "
    reply_letter.save()
    draft = services.document_prepare(kind=DocumentKind.LETTER, source=reply_letter, by=staff_user)
    with pytest.raises(ValidationError) as refused:
        issue(draft, staff_user)
    assert "the drafting unit" in refused.value.messages[0]
    assert "the body of the letter" in refused.value.messages[0]


def test_plan_is_issued_only_once_approved(province, staff_user):
    plan = make_plan(province, classes_per_kind=(1, 0, 0, 0, 0), year=2028, status=PlanStatus.SUBMITTED)
    draft = services.document_prepare(kind=DocumentKind.PLAN, source=plan, by=staff_user)
    with pytest.raises(ValidationError) as refused:
        issue(draft, staff_user)
    assert "the approval of the plan" in refused.value.messages[0]


def test_decision_needs_approved_nominees_and_notice_needs_seats_and_deadline(plan, province, staff_user):
    bare = plan.targets.get(category__label="b)").classes.first()
    decision = services.document_prepare(
        kind=DocumentKind.CLASS_DECISION, source=bare, by=staff_user, issuing_agency=province["snv"]
    )
    notice = services.document_prepare(
        kind=DocumentKind.RECRUITMENT_NOTICE, source=bare, by=staff_user, issuing_agency=province["snv"]
    )
    for document, lacking in (
        (decision, "approved nominees"),
        (notice, "seats allotted to agencies, the nomination deadline"),
    ):
        document.signer_title, document.signer_name = "GIÁM ĐỐC", "Lê Văn Bình"
        document.save()
        with pytest.raises(ValidationError) as refused:
            issue(document, staff_user)
        assert refused.value.messages[0].endswith(f"it lacks {lacking}.")


# --- what issuing records on the source --------------------------------------------------------


def test_an_issued_reply_reads_its_number_from_its_document_and_answers_the_original(
    letter_draft, logodi_letter, staff_user
):
    issued = issue(letter_draft, staff_user)

    reply = Correspondence.objects.get(pk=issued.correspondence_id)
    document = reply.issued_document
    assert (document.number, document.symbol, reply.letter_date, reply.status) == (
        1,
        "SNV-CCVC",
        ON,
        CorrespondenceStatus.SENT,
    )
    assert reply.reference == "01/SNV-CCVC"
    assert (reply.number, reply.symbol) == (None, "")  # nothing copied onto the letter: one home, the document
    logodi_letter.refresh_from_db()
    assert logodi_letter.status == CorrespondenceStatus.ANSWERED


def test_an_issued_plan_reads_its_number_from_its_document(plan_draft, staff_user):
    issue(plan_draft, staff_user)
    plan = plan_draft.plan
    plan.refresh_from_db()
    assert (plan.document_reference, plan.issued_document.issued_on) == ("01/KH-UBND", ON)


# --- drafts ------------------------------------------------------------------------------------


def test_reply_is_drafted_back_to_the_sender_with_the_usual_opening(logodi_letter, province, staff_user):
    reply = services.correspondence_reply_draft(original=logodi_letter, by=staff_user)

    assert (reply.direction, reply.status) == (Direction.OUTGOING, CorrespondenceStatus.DRAFT)
    assert (reply.sender_agency, reply.recipient_agency, reply.in_reply_to) == (
        province["snv"],
        province["sngv"],
        logodi_letter,
    )
    assert reply.body.startswith(
        "Phúc đáp Công văn số …/SNgV-LSHTQT ngày 08/5/2023 của Sở Ngoại vụ về việc đề nghị phối hợp đề xuất nhu cầu "
        "hợp tác đào tạo"
    )
    assert reply.body.endswith("Sở Nội vụ có ý kiến như sau:")
    logodi_letter.refresh_from_db()
    assert logodi_letter.status == CorrespondenceStatus.IN_PROGRESS
    assert services.correspondence_reply_draft(original=logodi_letter, by=staff_user) == reply  # not twice


def test_only_an_incoming_letter_is_answered_and_only_an_outgoing_one_issued(reply_letter, logodi_letter):
    with pytest.raises(ValidationError) as refused:
        services.correspondence_reply_draft(original=reply_letter)
    assert refused.value.code == "not_incoming"
    with pytest.raises(ValidationError) as refused:
        services.document_prepare(kind=DocumentKind.LETTER, source=logodi_letter)
    assert refused.value.code == "not_outgoing"


def test_preview_saves_nothing(plan, reply_letter, training_class):
    for kind, source in (
        (DocumentKind.PLAN, plan),
        (DocumentKind.LETTER, reply_letter),
        (DocumentKind.CLASS_DECISION, training_class),
        (DocumentKind.RECRUITMENT_NOTICE, training_class),
    ):
        document = services.document_for_preview(kind=kind, source=source)
        assert document.pk is None and document.kind == kind
    assert not OutgoingDocument.objects.exists()


def test_preparing_again_refreshes_the_same_draft_from_its_source(letter_draft, staff_user):
    letter = letter_draft.correspondence
    letter.subject = "đề xuất nhu cầu đào tạo trực tuyến với LOGODI"
    letter.save()
    again = services.document_prepare(kind=DocumentKind.LETTER, source=letter, by=staff_user)
    assert again.pk == letter_draft.pk
    assert again.subject == "đề xuất nhu cầu đào tạo trực tuyến với LOGODI" and again.drafting_unit == "CCVC"


def test_a_new_class_document_takes_the_signer_and_unit_of_the_last_one(plan, province, decision_draft, staff_user):
    issue(decision_draft, staff_user)
    other = plan.targets.get(category__label="c)").classes.first()
    draft = services.document_prepare(kind=DocumentKind.CLASS_DECISION, source=other, by=staff_user)
    assert draft.issuing_agency == province["snv"]
    assert (draft.drafting_unit, draft.signer_title, draft.signer_name) == ("CCVC", "PHÓ GIÁM ĐỐC", "Lê Văn Bình")
    assert draft.subject.startswith("Về việc cử cán bộ, công chức, viên chức tham dự lớp")


# --- the same document issued or corrected twice --------------------------------------------------


def test_a_source_issued_once_refuses_a_second_issue_instead_of_taking_a_new_number(plan, staff_user):
    first = services.issue_from_source(kind=DocumentKind.PLAN, source=plan, by=staff_user, on=ON)
    with pytest.raises(ValidationError) as refused:
        services.issue_from_source(kind=DocumentKind.PLAN, source=plan, by=staff_user, on=ON)
    assert refused.value.code == "already_issued"
    assert DocumentRegister.objects.get().last_number == first.number == 1
    assert OutgoingDocument.objects.filter(plan=plan).count() == 1


def test_a_correction_of_an_issued_source_is_issued_under_the_next_number(plan, staff_user):
    first = services.issue_from_source(kind=DocumentKind.PLAN, source=plan, by=staff_user, on=ON)
    correction = services.document_correct(document=first, by=staff_user)
    assert services.document_correct(document=first, by=staff_user) == correction  # a second click: same draft
    issued = services.issue_from_source(kind=DocumentKind.PLAN, source=plan, by=staff_user, on=ON)
    assert (issued.pk, issued.number, issued.replaces) == (correction.pk, 2, first)


def test_saving_a_draft_that_was_issued_meanwhile_is_refused_and_keeps_the_register(letter_draft, staff_user):
    stale = OutgoingDocument.objects.get(pk=letter_draft.pk)  # the clerk's form, opened before the issue
    issued = issue(letter_draft, staff_user)
    with pytest.raises(ValidationError) as refused:
        services.draft_save(document=stale, changes={"subject": "Sửa sau khi ban hành"})
    assert refused.value.code == "already_issued"
    issued.refresh_from_db()
    assert (issued.status, issued.number) == (DocumentStatus.ISSUED, 1)
    assert issued.subject != "Sửa sau khi ban hành"
