"""Writes on a person's record: training done outside the plan with its evidence, staff's check of it, and the
position history (appointments, ranks) that keeps the person's current leadership level and rank.

Training outside the plan (đào tạo, bồi dưỡng ngoài kế hoạch) is recorded by the focal point of the person's agency
with a scan as evidence; it waits for staff, who verify it or refuse it with a reason. Only verified training counts
(courses/records.py). The evidence is private: stored under MEDIA_ROOT with a name the system chooses, and only ever
served by a view that checks who asks (courses/record_views.py).
"""

import datetime
import uuid

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format

from courses.models import (
    LeadershipLevel,
    OutsideTraining,
    OutsideTrainingStatus,
    PositionChange,
    PositionChangeKind,
    Trainee,
)
from courses.refusals import Refusal, Refused
from training_portal.locking import lock_one

# The kinds of scan accepted as evidence: what the first bytes of the file must be, and the names it may carry.
EVIDENCE_KINDS = {
    "pdf": (b"%PDF-", (".pdf",)),
    "jpg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "png": (b"\x89PNG\r\n\x1a\n", (".png",)),
}
EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
EVIDENCE_LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG"}


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{number_format(size / (1024 * 1024), 1)} MB"
    return f"{number_format(max(size // 1024, 1))} KB"


def max_size_text() -> str:
    return _size_text(settings.EVIDENCE_MAX_BYTES)


def evidence_kind(uploaded: UploadedFile) -> str:
    """The kind of an uploaded scan ("pdf", "jpg", "png") read from its content, or a refusal: missing, too big
    (EVIDENCE_MAX_BYTES), not a PDF/JPG/PNG, or a name that says another kind than the content."""
    if uploaded is None or not uploaded.size:
        raise Refused(Refusal.EVIDENCE_MISSING)
    if uploaded.size > settings.EVIDENCE_MAX_BYTES:
        raise Refused(
            Refusal.EVIDENCE_TOO_BIG, size=_size_text(uploaded.size), maximum=_size_text(settings.EVIDENCE_MAX_BYTES)
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    found = next((kind for kind, (magic, _names) in EVIDENCE_KINDS.items() if head.startswith(magic)), None)
    if found is None:
        raise Refused(Refusal.EVIDENCE_WRONG_TYPE)
    name = (uploaded.name or "").lower()
    named = next((kind for kind, (_magic, names) in EVIDENCE_KINDS.items() if name.endswith(names)), None)
    if named is None:
        raise Refused(Refusal.EVIDENCE_WRONG_TYPE)
    if named != found:
        raise Refused(Refusal.EVIDENCE_NAME_MISMATCH, named=EVIDENCE_LABELS[named], found=EVIDENCE_LABELS[found])
    return found


def outside_training_record(
    *,
    trainee: Trainee,
    evidence: UploadedFile,
    by=None,
    kind: str,
    title: str,
    organiser: str,
    start_date: datetime.date,
    end_date: datetime.date,
    periods: int,
    category=None,
    country: str = "Việt Nam",
    result: str = "",
    certificate: str = "",
    today: datetime.date | None = None,
) -> OutsideTraining:
    """Record training a person did outside the plan, with its evidence; it awaits staff's verification."""
    today = today or timezone.localdate()
    if end_date < start_date:
        raise Refused(Refusal.OUTSIDE_END_BEFORE_START)
    if end_date > today:
        raise Refused(Refusal.OUTSIDE_IN_FUTURE, date=end_date.strftime("%d/%m/%Y"))
    found = evidence_kind(evidence)
    # The name on disk is the system's: nothing the uploader typed reaches a path.
    evidence.name = f"{uuid.uuid4().hex}.{found}"
    record = OutsideTraining(
        trainee=trainee,
        agency_id=trainee.agency_id,
        kind=kind,
        title=title.strip(),
        organiser=organiser.strip(),
        category=category,
        country=country.strip() or "Việt Nam",
        start_date=start_date,
        end_date=end_date,
        periods=periods,
        result=result.strip(),
        certificate=certificate.strip(),
        evidence=evidence,
        status=OutsideTrainingStatus.SUBMITTED,
        recorded_by=by,
    )
    record.full_clean(exclude=["evidence"])
    with transaction.atomic():
        record.save()
    return record


def _check(record: OutsideTraining, *, status: str, by, note: str) -> OutsideTraining:
    # One conditional UPDATE: of two clerks deciding at once, the second finds it decided and is told so.
    with transaction.atomic():
        changed = OutsideTraining.objects.filter(pk=record.pk, status=OutsideTrainingStatus.SUBMITTED).update(
            status=status, checked_by=by, checked_at=timezone.now(), staff_note=note
        )
        record.refresh_from_db()
        if not changed:
            raise Refused(Refusal.OUTSIDE_ALREADY_CHECKED, status=record.get_status_display())
        # The UPDATE bypasses save(): the audit trail gets the decision all the same.
        OutsideTraining.history.bulk_history_create([record], update=True, default_user=by)
    return record


def outside_training_verify(*, record: OutsideTraining, by=None, note: str = "") -> OutsideTraining:
    """Staff accept the evidence: from now on the training counts on the person's record."""
    return _check(record, status=OutsideTrainingStatus.VERIFIED, by=by, note=note.strip())


def outside_training_refuse(*, record: OutsideTraining, reason: str, by=None) -> OutsideTraining:
    """Staff do not accept it, and say why (the agency reads the reason on the person's record)."""
    if not reason.strip():
        raise Refused(Refusal.REASON_TO_REFUSE_RECORD)
    return _check(record, status=OutsideTrainingStatus.REJECTED, by=by, note=reason.strip())


def position_change_record(
    *,
    trainee: Trainee,
    kind: str,
    date: datetime.date,
    leadership_level: str = "",
    rank=None,
    agency=None,
    position: str = "",
    decision: str = "",
    today: datetime.date | None = None,
) -> PositionChange:
    """Record an appointment to a leadership level or taking a rank, with its date. When it is the person's latest
    change of its kind, the person's current leadership level (or rank), and position when given, follow it: the
    one place that keeps the two in step. The history stays with the person whatever agency they move to."""
    today = today or timezone.localdate()
    if date > today:
        raise Refused(Refusal.POSITION_IN_FUTURE, date=date.strftime("%d/%m/%Y"))
    if kind == PositionChangeKind.APPOINTMENT and leadership_level in ("", LeadershipLevel.NONE):
        raise Refused(Refusal.POSITION_NEEDS_LEVEL)
    if kind == PositionChangeKind.RANK and rank is None:
        raise Refused(Refusal.POSITION_NEEDS_RANK)
    change = PositionChange(
        trainee=trainee,
        kind=kind,
        date=date,
        leadership_level=leadership_level if kind == PositionChangeKind.APPOINTMENT else "",
        rank=rank if kind == PositionChangeKind.RANK else None,
        agency=agency or trainee.agency,
        position=position.strip(),
        decision=decision.strip(),
    )
    with transaction.atomic():
        person = lock_one(Trainee, trainee.pk)
        if PositionChange.objects.filter(trainee=person, kind=kind, date=date).exists():
            raise Refused(Refusal.POSITION_SAME_DAY, date=date.strftime("%d/%m/%Y"))
        change.full_clean(validate_unique=False)
        change.save()
        later = PositionChange.objects.filter(trainee=person, kind=kind, date__gt=date).exists()
        if not later:
            fields = []
            if kind == PositionChangeKind.APPOINTMENT:
                person.leadership_level = change.leadership_level
                fields.append("leadership_level")
            else:
                person.rank = change.rank
                fields.append("rank")
            if change.position:
                person.position = change.position
                fields.append("position")
            person.save(update_fields=fields)
            if person is not trainee:
                trainee.refresh_from_db(fields=fields)
    return change
