"""Writes with rules on official documents: drafting, issuing into the register, correcting; replying to letters.

Issuing takes the next number of the issuing body's register for the year on a locked counter row,
renders the PDF with that number and date, and stores it with its SHA-256, all in one transaction:
two clerks issuing at the same moment get distinct consecutive numbers, and a failure leaves no gap.
An issued document is never changed or regenerated; a correction is a new document.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import PostgraduatePlace, ReimbursementCase, TrainingClass
from partners import selectors
from partners.documents import build_page, render_pdf
from partners.documents.content import body_name, expected_symbol, without_type_name
from partners.documents.formatting import month_only_date, short_date
from partners.documents.place_words import LEVEL_WORDS
from partners.models import (
    DOCUMENT_SOURCES,
    Correspondence,
    CorrespondenceStatus,
    DatePrecision,
    Direction,
    DocumentKind,
    DocumentRegister,
    DocumentStatus,
    DocumentType,
    OutgoingDocument,
)
from plans.models import PlanStatus, TrainingPlan
from training_portal.locking import lock, lock_one

# The national list of document types used here (Nghị định 30/2020, Phụ lục III): code → (name, abbreviation,
# drafting unit in the symbol, order). Created on first use, so that no migration or fixture must have run.
STANDARD_DOCUMENT_TYPES: dict[str, tuple[str, str, bool, int]] = {
    "cong-van": ("Công văn", "", True, 10),
    "ke-hoach": ("Kế hoạch", "KH", False, 20),
    "quyet-dinh": ("Quyết định", "QĐ", False, 30),
    "thong-bao": ("Thông báo", "TB", False, 40),
    "bao-cao": ("Báo cáo", "BC", False, 50),
    "to-trinh": ("Tờ trình", "TTr", False, 60),
}
KIND_DOCUMENT_TYPES = {
    DocumentKind.LETTER: "cong-van",
    DocumentKind.PLAN: "ke-hoach",
    DocumentKind.CLASS_DECISION: "quyet-dinh",
    DocumentKind.RECRUITMENT_NOTICE: "thong-bao",
    DocumentKind.PLACE_DECISION: "quyet-dinh",
    DocumentKind.REIMBURSEMENT_DECISION: "quyet-dinh",
    DocumentKind.ANNUAL_REPORT: "bao-cao",
}
SOURCE_MODELS = {
    DocumentKind.LETTER: Correspondence,
    DocumentKind.PLAN: TrainingPlan,
    DocumentKind.CLASS_DECISION: TrainingClass,
    DocumentKind.RECRUITMENT_NOTICE: TrainingClass,
    DocumentKind.PLACE_DECISION: PostgraduatePlace,
    DocumentKind.REIMBURSEMENT_DECISION: ReimbursementCase,
    DocumentKind.ANNUAL_REPORT: TrainingPlan,
}
# Decisions on one person (a postgraduate place, a reimbursement): no signer of their own, like a class's.
PERSON_DECISIONS = (DocumentKind.PLACE_DECISION, DocumentKind.REIMBURSEMENT_DECISION)
ISSUABLE_PLAN_STATUSES = (PlanStatus.APPROVED, PlanStatus.REVISED)
SIGNATURE_FIELDS = ("signer_authority", "signer_title", "signer_name")


def standard_document_type_fields(code: str) -> dict:
    name, abbreviation, with_unit, order = STANDARD_DOCUMENT_TYPES[code]
    return {"name": name, "abbreviation": abbreviation, "symbol_with_drafting_unit": with_unit, "order": order}


def document_type_for(code: str, *, create: bool = True) -> DocumentType:
    """The document type of `code`, created from the national list the first time it is needed
    (with `create=False`, an unsaved one when it is not in the database yet)."""
    defaults = standard_document_type_fields(code)
    if not create:
        return DocumentType.objects.filter(code=code).first() or DocumentType(code=code, **defaults)
    document_type, _created = DocumentType.objects.get_or_create(code=code, defaults=defaults)
    return document_type


# --- drafts ------------------------------------------------------------------------------------


def _check_source(kind: str, source) -> None:
    if kind == DocumentKind.LETTER and (source.direction != Direction.OUTGOING or source.sender_agency_id is None):
        raise ValidationError(
            _("Only an outgoing letter sent by one of our agencies can be issued as a document."),
            code="not_outgoing",
        )


def _remembered(kind: str, agency_id: int | None) -> dict:
    """What the last document of this kind (by the same body, when known) had: unit, signer, deciding authority.

    A decision or notice on a class has no signer of its own; the clerk's previous one is the best guess.
    """
    previous = OutgoingDocument.objects.filter(kind=kind)
    if agency_id is not None:
        previous = previous.filter(issuing_agency_id=agency_id)
    previous = previous.order_by("-pk").first()
    if previous is None:
        return {}
    fields = ("issuing_agency_id", "drafting_unit", "decision_authority", *SIGNATURE_FIELDS)
    return {name: getattr(previous, name) for name in fields}


def _sign_as_usual(document: OutgoingDocument) -> None:
    """The issuing body's usual signer (Agency.signer_*), when it has one, over the previous document's."""
    agency = document.issuing_agency
    if agency.signer_title.strip() or agency.signer_name.strip():
        for name in SIGNATURE_FIELDS:
            setattr(document, name, getattr(agency, name))


def apply_source(document: OutgoingDocument) -> None:
    """Copy onto a draft, in memory, what its source owns: the letter's text and signer, the plan's title and signer."""
    if document.kind == DocumentKind.LETTER:
        letter = document.correspondence
        document.issuing_agency = letter.sender_agency
        document.subject = letter.subject
        document.copies_to = letter.copies_to
        for name in SIGNATURE_FIELDS:
            setattr(document, name, getattr(letter, name))
        if not document.recipients.strip() and letter.recipient is not None:
            document.recipients = str(letter.recipient)
    elif document.kind == DocumentKind.PLAN:
        plan = document.plan
        document.issuing_agency = plan.issuing_agency
        document.subject = without_type_name(plan.title, document.document_type.name)
        for name in SIGNATURE_FIELDS:
            setattr(document, name, getattr(plan, name))


def _usual_copies(document: OutgoingDocument, day: datetime.date) -> str:
    """The usual "Nơi nhận" of the document's kind and body on `day` (`DefaultCopy`), one line each; '' when none."""
    return "\n".join(selectors.default_copies(kind=document.kind, issuing_agency=document.issuing_agency, day=day))


def _new_draft(*, kind: str, source, by=None, issuing_agency=None, on: datetime.date | None = None) -> OutgoingDocument:
    """An unsaved draft of `kind` for `source`, filled from the source and from the last document of its kind; its
    "Nơi nhận" the usual one on `on` (default today), which the clerk edits before the issue."""
    day = on or timezone.localdate()
    _check_source(kind, source)
    document = OutgoingDocument(
        kind=kind,
        document_type=document_type_for(KIND_DOCUMENT_TYPES[kind]),
        created_by=by,
        status=DocumentStatus.DRAFT,
    )
    setattr(document, selectors.source_field(kind), source)
    if kind in (DocumentKind.CLASS_DECISION, DocumentKind.RECRUITMENT_NOTICE):
        # A class has no signer or issuing body of its own: the clerk's previous document of this kind is the guess.
        for name, value in _remembered(kind, issuing_agency.pk if issuing_agency else None).items():
            setattr(document, name, value)
        if issuing_agency is not None:
            document.issuing_agency = issuing_agency
        elif document.issuing_agency_id is None:
            document.issuing_agency = source.organiser or source.target.plan.issuing_agency
        _sign_as_usual(document)
        first = "Như Điều 3;" if kind == DocumentKind.CLASS_DECISION else "Các cơ quan, đơn vị có tên tại mục 4;"
        organiser = source.organiser if source.organiser_id != document.issuing_agency_id else None
        document.copies_to = _usual_copies(document, day) or "\n".join(
            (first, *([f"{organiser};"] if organiser else []))
        )
        if kind == DocumentKind.CLASS_DECISION:
            document.subject = f"Về việc cử cán bộ, công chức, viên chức tham dự lớp {source.title}"
        else:
            document.subject = f"Chiêu sinh lớp {source.title}"
    elif kind in PERSON_DECISIONS:
        _person_decision_draft(document, kind, source, issuing_agency)
    elif kind == DocumentKind.ANNUAL_REPORT:
        _annual_report_draft(document, source, issuing_agency, day)
    else:
        # A letter or a plan brings its own body and signer; the drafting unit is the body's usual one.
        apply_source(document)
        document.drafting_unit = _remembered(kind, document.issuing_agency_id).get("drafting_unit", "")
        if kind == DocumentKind.PLAN:  # a letter's "Nơi nhận" is its own (`reply_for` starts it from the usual one)
            document.copies_to = _usual_copies(document, day)
    return document


def _person_decision_draft(document: OutgoingDocument, kind: str, source, issuing_agency) -> None:
    """A decision sending one person to postgraduate study, or on what they must reimburse: issued by the body that
    issued the plan (the clerk's previous choice first), addressed to the person's agency."""
    place = source if kind == DocumentKind.PLACE_DECISION else source.commitment.place
    for name, value in _remembered(kind, issuing_agency.pk if issuing_agency else None).items():
        setattr(document, name, value)
    if issuing_agency is not None:
        document.issuing_agency = issuing_agency
    elif document.issuing_agency_id is None:
        document.issuing_agency = place.target.plan.issuing_agency
    _sign_as_usual(document)
    document.copies_to = "\n".join(("Như Điều 3;", f"{place.agency.name};"))
    if kind == DocumentKind.PLACE_DECISION:
        document.subject = f"Về việc cử công chức đi đào tạo trình độ {LEVEL_WORDS[place.level]}"
    else:
        document.subject = f"Về việc đền bù chi phí đào tạo đối với ông (bà) {place.trainee.full_name}"


# The usual "Nơi nhận" of the annual report when the body has none recorded (`DefaultCopy`): the Ministry it is sent
# to (Decree 171/2025) and the people's committee that issued the plan; "Lưu: VT" is added by the document.
ANNUAL_REPORT_COPIES = ("Bộ Nội vụ (Vụ Công chức - Viên chức)",)


def annual_report_subject(year: int) -> str:
    return f"Kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm {year}"


def _annual_report_draft(document: OutgoingDocument, plan: TrainingPlan, issuing_agency, day) -> None:
    """The year's report on the plan, issued by the agency leading it (Sở Nội vụ, the first named in its section
    VI) unless the clerk names another; the clerk's previous report gives the drafting unit and signer."""
    agency = issuing_agency or selectors.plan_lead_agency(plan) or plan.issuing_agency
    for name, value in _remembered(DocumentKind.ANNUAL_REPORT, agency.pk).items():
        setattr(document, name, value)
    document.issuing_agency = agency
    _sign_as_usual(document)
    document.subject = annual_report_subject(plan.year)
    usual = _usual_copies(document, day)
    if not usual:
        reported_to = [*ANNUAL_REPORT_COPIES]
        if plan.issuing_agency_id != agency.pk:
            reported_to.append(body_name(plan.issuing_agency))
        usual = "\n".join(reported_to)
    document.copies_to = usual


def document_for_preview(*, kind: str, source) -> OutgoingDocument:
    """The draft as it would be printed now, without saving anything (safe for a GET)."""
    draft = selectors.current_draft(kind=kind, source=source)
    if draft is None:
        issued = selectors.latest_issued(kind=kind, source=source)
        if issued is not None and issued.issued_on_paper:
            # Issued on paper: the preview reprints its record, with its date and number, from the data of today.
            apply_source(issued)
            return issued
        return _new_draft(kind=kind, source=source)
    apply_source(draft)
    return draft


def _lock_source(source) -> None:
    """Serialise the drafts of one letter, plan or class: the check for an existing draft and the insert of a new
    one happen under this row lock, so two clerks clicking at once get the same draft. A reply is locked with the
    letter it answers, which its issue marks answered."""
    rows = [source.pk]
    if isinstance(source, Correspondence) and source.in_reply_to_id:
        rows.append(source.in_reply_to_id)
    lock(type(source), rows, values=())


@transaction.atomic
def document_prepare(*, kind: str, source, by=None, issuing_agency=None) -> OutgoingDocument:
    """The draft of `kind` for `source`: the existing one refreshed from its source, or a new one.

    Once issued, a source gets no second draft from here (the issue button, the console's "add"): that would
    take a second number for the same document; a change is made as a correction (`document_correct`)."""
    _lock_source(source)
    draft = selectors.current_draft(kind=kind, source=source)
    if draft is None:
        issued = selectors.latest_issued(kind=kind, source=source)
        if issued is not None:
            raise already_issued(issued)
        draft = _new_draft(kind=kind, source=source, by=by, issuing_agency=issuing_agency)
    else:
        draft = lock_one(draft)
        apply_source(draft)
        if issuing_agency is not None and kind in (
            DocumentKind.CLASS_DECISION,
            DocumentKind.RECRUITMENT_NOTICE,
            *PERSON_DECISIONS,
            DocumentKind.ANNUAL_REPORT,
        ):
            draft.issuing_agency = issuing_agency
    draft.full_clean()
    draft.save()
    return draft


# --- issuing -----------------------------------------------------------------------------------


def document_missing(document: OutgoingDocument) -> list[str]:
    """What the document still lacks before it can be signed: [] when it is complete."""
    missing = []
    agency = document.issuing_agency
    if not agency.abbreviation.strip():
        missing.append(_("the issuing body's abbreviation"))
    if not agency.place_name.strip():
        missing.append(_("the issuing body's place name"))
    if document.document_type.symbol_with_drafting_unit and not document.drafting_unit.strip():
        missing.append(_("the drafting unit"))
    if not document.subject.strip():
        missing.append(_("the subject"))
    if not document.signer_title.strip():
        missing.append(_("the signer's title"))
    if not document.signer_name.strip():
        missing.append(_("the signer's name"))
    if document.kind == DocumentKind.LETTER:
        if not document.recipients.strip():
            missing.append(_("the recipient (Kính gửi)"))
        if not document.correspondence.body.strip():
            missing.append(_("the body of the letter"))
    elif document.kind == DocumentKind.PLAN:
        if document.plan.status not in ISSUABLE_PLAN_STATUSES:
            missing.append(_("the approval of the plan"))
        if not document.plan.targets.exists():
            missing.append(_("the plan's targets"))
    elif document.kind == DocumentKind.CLASS_DECISION:
        if not selectors.class_decided_nominees(document.training_class):
            missing.append(_("approved nominees"))
    elif document.kind == DocumentKind.RECRUITMENT_NOTICE:
        if not selectors.class_allotments(document.training_class):
            missing.append(_("seats allotted to agencies"))
        if document.training_class.registration_closes is None:
            missing.append(_("the nomination deadline"))
    elif document.kind == DocumentKind.PLACE_DECISION and not document.postgraduate_place.institution.strip():
        missing.append(_("the institution"))
    elif document.kind == DocumentKind.ANNUAL_REPORT and not document.reported_plan.targets.exists():
        missing.append(_("the plan's targets"))
    return missing


@dataclass(frozen=True)
class IssuePreview:
    """What issuing a draft would do, said before the clerk confirms: the register and the number it takes, or what
    the draft still lacks (then there is no issue button), or the document already issued from the same source."""

    document: OutgoingDocument
    missing: list[str]
    number: int | None
    year: int
    issued: OutgoingDocument | None = None

    @property
    def can_issue(self) -> bool:
        return self.issued is None and not self.missing


def issue_previews(documents: Iterable[OutgoingDocument], *, on: datetime.date | None = None) -> list[IssuePreview]:
    """For each draft, in order, what issuing it would do; drafts issued together take consecutive numbers of their
    body's register. Reads only."""
    day = on or timezone.localdate()
    taken: dict[int, int] = {}
    previews = []
    for document in documents:
        issued = document if document.is_issued else None
        if issued is None and document.pk is None:
            issued = selectors.latest_issued(kind=document.kind, source=document.source)
        missing = [] if issued is not None else document_missing(document)
        number = None
        if issued is None and not missing:
            agency_id = document.issuing_agency_id
            if agency_id not in taken:
                taken[agency_id] = selectors.next_number(agency=document.issuing_agency, year=day.year)
            number = taken[agency_id]
            taken[agency_id] += 1
        previews.append(IssuePreview(document, missing, number, day.year, issued))
    return previews


@transaction.atomic
def register_move_to(*, agency, year: int, last_number: int) -> DocumentRegister:
    """Open the body's register for the year, or move it forward, e.g. when it was kept on paper until now.

    A register never goes back: a number once given (on paper or here) is never given again.
    """
    DocumentRegister.objects.get_or_create(issuing_agency=agency, year=year)
    register = lock_one(DocumentRegister.objects.filter(issuing_agency=agency, year=year))
    if last_number < register.last_number:
        raise ValidationError(
            _("The register of %(agency)s for %(year)s is already at number %(current)s: it never goes back."),
            code="register_backwards",
            params={"agency": agency, "year": year, "current": register.last_number},
        )
    register.last_number = last_number
    register.save(update_fields=["last_number"])
    return register


def _take_number(*, agency, year: int) -> int:
    """The next number of the body's register for the year, on a locked counter row."""
    DocumentRegister.objects.get_or_create(issuing_agency=agency, year=year)
    register = lock_one(DocumentRegister.objects.filter(issuing_agency=agency, year=year))
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number


def _mark_source_sent(document: OutgoingDocument) -> None:
    """An issued letter is sent, and the letter it answers is answered. The number, symbol and date stay on the
    document, the one home the letter and the plan read them from."""
    if document.kind != DocumentKind.LETTER:
        return
    letter = lock_one(Correspondence, document.correspondence_id)
    letter.status = CorrespondenceStatus.SENT
    letter.full_clean()
    letter.save(update_fields=["status"])
    if letter.in_reply_to_id:
        original = lock_one(Correspondence, letter.in_reply_to_id)
        if original.status in (CorrespondenceStatus.RECEIVED, CorrespondenceStatus.IN_PROGRESS):
            original.status = CorrespondenceStatus.ANSWERED
            original.save(update_fields=["status"])


def already_issued(document: OutgoingDocument, *, meanwhile: bool = False) -> ValidationError:
    """The refusal to change an issued document, whichever way it was reached."""
    if meanwhile:
        message = _("%(reference)s was issued meanwhile and cannot change: make a correction, which is a new document.")
    else:
        message = _("%(reference)s is already issued and cannot change: make a correction, which is a new document.")
    return ValidationError(message, code="already_issued", params={"reference": document.reference})


@transaction.atomic
def document_issue(*, document: OutgoingDocument, by=None, on: datetime.date | None = None) -> OutgoingDocument:
    """Give the draft its number and date, freeze its PDF with the checksum (and a report's tables), and record it in
    the register."""
    _lock_source(document.source)
    locked = lock_one(document)
    if locked.is_issued:
        raise already_issued(locked)
    apply_source(locked)
    missing = document_missing(locked)
    if missing:
        raise ValidationError(
            _("The document cannot be issued yet; it lacks %(missing)s."),
            code="incomplete",
            params={"missing": ", ".join(missing)},
        )
    day = on or timezone.localdate()
    locked.year, locked.issued_on = day.year, day
    locked.number = _take_number(agency=locked.issuing_agency, year=day.year)
    locked.symbol = expected_symbol(locked)
    locked.status = DocumentStatus.ISSUED
    locked.issued_by, locked.issued_at = by, timezone.now()
    page = build_page(locked, draft=False)
    rendered = render_pdf(page)
    locked.sha256 = hashlib.sha256(rendered.content).hexdigest()
    locked.tables = page.extra.get("sheets")  # a report's tables, frozen with its PDF (its workbook reads them)
    locked.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    try:
        locked.full_clean()
        locked.save()
        _mark_source_sent(locked)
    except BaseException:
        locked.file.delete(save=False)  # the transaction rolls back: no file without its register entry
        raise
    document.refresh_from_db()
    return locked


@transaction.atomic
def document_record_paper(
    *,
    kind: str,
    source,
    issued_on: datetime.date,
    number: int | None = None,
    symbol: str = "",
    precision: str = DatePrecision.DAY,
    by=None,
) -> OutgoingDocument:
    """Record a letter or a plan issued on paper, outside the portal (before it kept the register, say): one home
    for its number, symbol and date, as for a document issued here. Its number is typed once, from the paper, and
    taken in the body's register, which moves past it; it has no PDF and is never printed again.

    A copy that leaves the day blank ("ngày … tháng 9 năm 2024") is recorded with `precision` MONTH: its date is
    kept as the first of the month, as a letter's, and never printed with a day.

    The draft waiting for the source, if any, becomes the record; a source already issued is refused."""
    if kind not in (DocumentKind.LETTER, DocumentKind.PLAN):
        raise ValidationError(_("Only a letter or a plan can be recorded as issued on paper."), code="not_recordable")
    _lock_source(source)
    issued = selectors.latest_issued(kind=kind, source=source)
    if issued is not None:
        raise already_issued(issued)
    if issued_on > timezone.localdate():
        raise ValidationError(_("A document issued on paper cannot be dated in the future."), code="future_date")
    draft = selectors.current_draft(kind=kind, source=source)
    if draft is None:
        document = _new_draft(kind=kind, source=source, by=by, on=issued_on)
    else:
        document = lock_one(draft)
        apply_source(document)
    if precision == DatePrecision.MONTH:
        issued_on = issued_on.replace(day=1)
    document.year, document.issued_on, document.issued_on_precision = issued_on.year, issued_on, precision
    document.number = number or None
    document.symbol = symbol.strip() or expected_symbol(document)
    document.status, document.issued_on_paper = DocumentStatus.ISSUED, True
    document.issued_by, document.issued_at = by, timezone.now()
    document.full_clean()
    if document.number:
        # The register moves past a number given on paper, so the portal never gives it again.
        DocumentRegister.objects.get_or_create(issuing_agency=document.issuing_agency, year=document.year)
        register = lock_one(DocumentRegister.objects.filter(issuing_agency=document.issuing_agency, year=document.year))
        if register.last_number < document.number:
            register.last_number = document.number
            register.save(update_fields=["last_number"])
    document.save()
    _mark_source_sent(document)
    return document


DRAFT_FIELDS = (
    "issuing_agency",
    "drafting_unit",
    "subject",
    "decision_authority",
    "recipients",
    "copies_to",
    *SIGNATURE_FIELDS,
)


@transaction.atomic
def draft_save(*, document: OutgoingDocument, changes: dict) -> OutgoingDocument:
    """Save what a clerk typed into a draft; refused once it is issued (by another clerk meanwhile, say), and
    never writing the register's fields, which only `document_issue` sets."""
    locked = lock_one(document)
    if locked.is_issued:
        raise already_issued(locked, meanwhile=True)
    fields = [name for name in DRAFT_FIELDS if name in changes]
    for name in fields:
        setattr(locked, name, changes[name])
    locked.full_clean()
    locked.save(update_fields=fields)
    return locked


def issue_from_source(*, kind: str, source, by=None, on: datetime.date | None = None) -> OutgoingDocument:
    """Prepare (and keep) the draft, then issue it: a refused issue leaves the draft to be completed.

    Once issued, a source has no draft left: a second click (or a second clerk) is refused instead of taking
    another number for the same document; a change is made as a correction, whose draft is then issued here."""
    draft = document_prepare(kind=kind, source=source, by=by)
    return document_issue(document=draft, by=by, on=on)


def stored_pdf(document: OutgoingDocument) -> bytes:
    """The issued PDF, byte for byte as it was frozen; refused when the stored file no longer matches its checksum."""
    if not document.is_issued:
        raise ValidationError(_("Only an issued document has a stored PDF."), code="not_issued")
    if document.issued_on_paper:
        raise ValidationError(
            _("%(reference)s was issued on paper: the portal has no PDF of it."),
            code="not_issued",
            params={"reference": document.reference},
        )
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except OSError as exc:  # the file is gone (a volume not mounted, a restore not done)
        raise ValidationError(
            _(
                "The stored PDF of %(reference)s cannot be found on the server, so it cannot be handed out. "
                "Ask the system administrator to restore it from the backup."
            ),
            code="file_missing",
            params={"reference": document.reference},
        ) from exc
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise ValidationError(
            _(
                "The stored PDF of %(reference)s has been changed since it was issued, so it cannot be handed out. "
                "Ask the system administrator to restore it from the backup."
            ),
            code="checksum_mismatch",
            params={"reference": document.reference},
        )
    return content


@transaction.atomic
def document_correct(*, document: OutgoingDocument, by=None) -> OutgoingDocument:
    """A new draft that corrects an issued document; the issued one stays as it was."""
    _lock_source(document.source)  # as document_prepare: one draft at a time per letter, plan or class
    original = lock_one(document)
    if not original.is_issued:
        raise ValidationError(_("Only an issued document can be corrected; edit the draft instead."), code="not_issued")
    pending = original.corrections.filter(status=DocumentStatus.DRAFT).order_by("pk").first()
    if pending is not None:  # the original's row lock makes this check and the insert below one step
        return pending
    copied = (
        "kind",
        "document_type",
        "issuing_agency",
        "drafting_unit",
        "decision_authority",
        "subject",
        "recipients",
        "copies_to",
        *DOCUMENT_SOURCES,
        *SIGNATURE_FIELDS,
    )
    correction = OutgoingDocument(
        **{name: getattr(original, name) for name in copied}, replaces=original, created_by=by
    )
    correction.full_clean()
    correction.save()
    return correction


# --- letters -----------------------------------------------------------------------------------


def reply_for(original: Correspondence) -> Correspondence:
    """The unsaved answer to an incoming letter: addressed back to its sender, with the usual opening."""
    if original.direction != Direction.INCOMING:
        raise ValidationError(_("Only an incoming letter can be answered."), code="not_incoming")
    if original.recipient_agency is None:
        raise ValidationError(
            _("The letter was not addressed to one of our agencies: there is no one to answer it."), code="no_agency"
        )
    # As the paper prints it: "số …/SNgV-LSHTQT" when only the symbol is known, "ngày … tháng 5 năm 2023" when only
    # the month is; never an invented number or day.
    reference = f" số {original.reference}" if original.number or original.symbol else ""
    dated = short_date(original.dated) if original.date_known else month_only_date(original.dated)
    opening = (
        f"Phúc đáp Công văn{reference} ngày {dated} của {original.sender} về việc "
        f"{original.subject}, {original.recipient_agency} có ý kiến như sau:"
    )
    day = max(timezone.localdate(), original.dated)
    usual = selectors.default_copies(kind=DocumentKind.LETTER, issuing_agency=original.recipient_agency, day=day)
    return Correspondence(
        direction=Direction.OUTGOING,
        status=CorrespondenceStatus.DRAFT,
        dated=day,
        sender_agency=original.recipient_agency,
        recipient_agency=original.sender_agency,
        recipient_partner=original.sender_partner,
        subject=original.subject,
        body=opening,
        copies_to="\n".join(usual) or "Như trên;",
        partner=original.partner,
        activity=original.activity,
        plan=original.plan,
        training_class=original.training_class,
        in_reply_to=original,
    )


@transaction.atomic
def correspondence_reply_draft(*, original: Correspondence, by=None) -> Correspondence:
    """An outgoing draft answering an incoming letter (the existing one, if a draft reply is already there)."""
    original = lock_one(original)
    reply = reply_for(original)
    existing = original.replies.filter(status=CorrespondenceStatus.DRAFT).first()
    if existing is not None:
        return existing
    reply.full_clean()
    reply.save()
    if original.status == CorrespondenceStatus.RECEIVED:
        original.status = CorrespondenceStatus.IN_PROGRESS
        original.save(update_fields=["status"])
    return reply
