"""Writes with rules on the certificates the department issues itself: issuing a class's certificates from the
issuing body's certificate register, and revoking one.

Issuing holds the class's completed nominations, then takes as many numbers as it issues from the body's register
for the year on its locked counter row, inserts the certificates and writes each one's number, date, kind and issuer
into the nomination's `Result`, all in one transaction: two clerks issuing at once get distinct consecutive
numbers, and a failure anywhere gives back every number it took (no gap). A certificate is never changed; a revoked
one stays in the register, with who revoked it, when and why.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from courses.models import GRID_STATUSES, CertificateKind, Grade, Nomination, NominationStatus, Result, TrainingClass
from partners.certificates.refusals import CertificateRefusal, CertificateRefused, message
from partners.documents.content import class_place
from partners.models import Certificate, CertificateRegister, ClassCertification
from plans.models import Agency
from training_portal.locking import lock, lock_one
from training_portal.spreadsheets import format_date

# The abbreviation of each kind in a certificate's number: 0001/2026/GCN-SNV.
KIND_ABBREVIATIONS = {CertificateKind.CERTIFICATE: "CC", CertificateKind.ATTESTATION: "GCN"}
# A grade as a certificate prints it (the document is Vietnamese whatever the interface's language).
GRADE_WORDS = {
    Grade.EXCELLENT: "Xuất sắc",
    Grade.VERY_GOOD: "Giỏi",
    Grade.GOOD: "Khá",
    Grade.AVERAGE: "Trung bình",
    Grade.FAIL: "Không đạt",
}
HISTORY_REASON = "Cấp chứng chỉ, giấy chứng nhận"


def certificate_reference(*, kind: str, agency: Agency, year: int, number: int) -> str:
    """'0001/2026/GCN-SNV': the number in the register, its year, the kind and the issuing body."""
    return f"{number:04d}/{year}/{KIND_ABBREVIATIONS[kind]}-{agency.abbreviation.strip()}"


def result_words(result: Result | None) -> str:
    """The result as the certificate prints it: the grade, else the score ('8,5 điểm'); '' when neither is known."""
    if result is None:
        return ""
    if result.grade:
        return GRADE_WORDS[result.grade]
    if result.score is not None:
        score = f"{result.score.normalize():f}".replace(".", ",")
        return f"{score} điểm"
    return ""


def issuer_missing(agency: Agency) -> list[str]:
    """What the issuing body still lacks for its certificates to be printed: [] when nothing."""
    missing = []
    if not agency.abbreviation.strip():
        missing.append(_("its abbreviation"))
    if not agency.place_name.strip():
        missing.append(_("its place name"))
    if not agency.signer_title.strip():
        missing.append(_("its usual signer's title"))
    if not agency.signer_name.strip():
        missing.append(_("its usual signer's name"))
    return missing


@dataclass(frozen=True)
class Candidate:
    """A nominee of the class on the issue page: the certificate they hold, or why they get none, or nothing (they
    get one now)."""

    nomination: Nomination
    result: Result | None
    certificate: Certificate | None
    problem: str = ""

    @property
    def gets_one(self) -> bool:
        return self.certificate is None and not self.problem


@dataclass
class IssuePlan:
    """What issuing a class's certificates would do, said before the clerk confirms."""

    training_class: TrainingClass
    certification: ClassCertification | None
    day: datetime.date
    refusals: list[tuple[CertificateRefusal, dict]] = field(default_factory=list)  # of the class: nothing is issued
    candidates: list[Candidate] = field(default_factory=list)
    first_number: int | None = None

    @property
    def problems(self) -> list[str]:
        return [message(code, **params) for code, params in self.refusals]

    @property
    def to_issue(self) -> list[Candidate]:
        return [candidate for candidate in self.candidates if candidate.gets_one] if not self.problems else []

    @property
    def can_issue(self) -> bool:
        return bool(self.to_issue)

    @property
    def last_number(self) -> int | None:
        return None if self.first_number is None else self.first_number + len(self.to_issue) - 1

    def reference(self, number: int) -> str:
        return certificate_reference(
            kind=self.certification.kind, agency=self.certification.issuing_agency, year=self.day.year, number=number
        )


def _candidate(nomination: Nomination, result: Result | None, held: Certificate | None, issuer: str) -> Candidate:
    problem = ""
    if held is not None:
        pass
    elif nomination.status != NominationStatus.COMPLETED:
        problem = message(CertificateRefusal.NOT_COMPLETED, status=nomination.get_status_display())
    elif result is not None and result.passed is False:
        problem = message(CertificateRefusal.FAILED_RESULT)
    elif result is not None and result.certificate_number and result.issued_by != issuer:
        problem = message(CertificateRefusal.OTHER_ISSUER, reference=result.certificate_number, issuer=result.issued_by)
    return Candidate(nomination, result, held, problem)


def issue_plan(*, training_class: TrainingClass, on: datetime.date | None = None, locked=None) -> IssuePlan:
    """For each nominee past the nomination (approved, attended, completed, did not complete), whether they get a
    certificate now, hold one, or why not; and the class's own problems. Reads only (unless given `locked`, the
    nominations the issuing transaction holds)."""
    today = timezone.localdate()
    day = on or today
    certification = (
        ClassCertification.objects.select_related("issuing_agency").filter(training_class=training_class).first()
    )
    plan = IssuePlan(training_class, certification, day)
    if certification is None:
        plan.refusals.append((CertificateRefusal.NOT_CERTIFIED, {}))
        return plan
    agency = certification.issuing_agency
    end = format_date(training_class.end_date)
    if training_class.end_date > today:
        plan.refusals.append((CertificateRefusal.CLASS_NOT_OVER, {"end": end}))
    elif day < training_class.end_date:
        plan.refusals.append((CertificateRefusal.ISSUED_BEFORE_END, {"end": end}))
    if day > today:
        plan.refusals.append((CertificateRefusal.FUTURE_DATE, {}))
    missing = issuer_missing(agency)
    if missing:
        plan.refusals.append(
            (CertificateRefusal.ISSUER_INCOMPLETE, {"agency": agency.name, "missing": ", ".join(missing)})
        )
    nominations = locked
    if nominations is None:
        nominations = list(
            Nomination.objects.filter(training_class=training_class, status__in=GRID_STATUSES).select_related(
                "trainee", "agency"
            )
        )
    # In the order of their names, sorted here: the database's collation could order them otherwise.
    nominations = sorted(nominations, key=lambda nomination: (nomination.trainee.full_name, nomination.pk))
    ids = [nomination.pk for nomination in nominations]
    results = {result.nomination_id: result for result in Result.objects.filter(nomination_id__in=ids)}
    held = {
        certificate.nomination_id: certificate
        for certificate in Certificate.objects.filter(nomination_id__in=ids, revoked_at__isnull=True)
    }
    plan.candidates = [
        _candidate(nomination, results.get(nomination.pk), held.get(nomination.pk), agency.name)
        for nomination in nominations
    ]
    if plan.to_issue:
        register = CertificateRegister.objects.filter(issuing_agency=agency, year=day.year).first()
        plan.first_number = (register.last_number if register else 0) + 1
    return plan


def _take_numbers(*, agency: Agency, year: int, count: int) -> int:
    """`count` consecutive numbers of the body's certificate register for the year, on its locked counter row; the
    first of them."""
    CertificateRegister.objects.get_or_create(issuing_agency=agency, year=year)
    register = lock_one(CertificateRegister.objects.filter(issuing_agency=agency, year=year))
    first = register.last_number + 1
    register.last_number += count
    register.save(update_fields=["last_number"])
    return first


def _certificate(plan: IssuePlan, candidate: Candidate, number: int, by) -> Certificate:
    klass, agency = plan.training_class, plan.certification.issuing_agency
    trainee = candidate.nomination.trainee
    return Certificate(
        nomination=candidate.nomination,
        issuing_agency=agency,
        kind=plan.certification.kind,
        year=plan.day.year,
        number=number,
        reference=plan.reference(number),
        issued_on=plan.day,
        holder_name=" ".join(trainee.full_name.split()),
        holder_birth_date=trainee.date_of_birth,
        holder_gender=trainee.gender,
        holder_agency=candidate.nomination.agency.name,
        class_code=klass.code,
        class_title=" ".join(klass.title.split()),
        start_date=klass.start_date,
        end_date=klass.end_date,
        periods=klass.length_in_periods,
        place=class_place(klass),
        result=result_words(candidate.result),
        issuer_name=agency.name,
        place_name=agency.place_name,
        signer_authority=agency.signer_authority,
        signer_title=agency.signer_title,
        signer_name=agency.signer_name,
        issued_by=by,
    )


def _record_in_results(certificates: list[Certificate], results: dict[int, Result]) -> None:
    """Each certificate's number, date, kind and issuer on its nomination's result: the one place records read."""
    fields = ["certificate_kind", "certificate_number", "certificate_date", "issued_by"]
    new, changed = [], []
    for certificate in certificates:
        result = results.get(certificate.nomination_id)
        if result is None:
            result = Result(nomination_id=certificate.nomination_id)
            new.append(result)
        else:
            changed.append(result)
        result.certificate_kind = certificate.kind
        result.certificate_number = certificate.reference
        result.certificate_date = certificate.issued_on
        result.issued_by = certificate.issuer_name
        result.recorded_at = timezone.now()
    if new:
        bulk_create_with_history(new, Result, default_change_reason=HISTORY_REASON)
    if changed:
        bulk_update_with_history(changed, Result, [*fields, "recorded_at"], default_change_reason=HISTORY_REASON)


@transaction.atomic
def certificates_issue(
    *, training_class: TrainingClass, by=None, on: datetime.date | None = None, only: Iterable[int] | None = None
) -> list[Certificate]:
    """Issue a certificate to every completed nominee of the class who holds none yet (or to those of `only`, the
    nominations chosen: a batch of one for a single person), numbered consecutively in the order of their names."""
    # The class first (LOCK_ORDER), then its nominees: two clerks issuing the same class's certificates take turns,
    # and the second finds the first's certificates.
    lock(TrainingClass, [training_class.pk], values=())
    locked = lock(Nomination.objects.filter(training_class=training_class, status__in=GRID_STATUSES))
    prefetch_related_objects(locked, "trainee", "agency")
    plan = issue_plan(training_class=training_class, on=on, locked=locked)
    if plan.refusals:
        code, params = plan.refusals[0]
        raise CertificateRefused(code, **params)
    chosen = None if only is None else set(only)
    candidates = [c for c in plan.to_issue if chosen is None or c.nomination.pk in chosen]
    if not candidates:
        raise CertificateRefused(CertificateRefusal.NOBODY_TO_CERTIFY)
    first = _take_numbers(agency=plan.certification.issuing_agency, year=plan.day.year, count=len(candidates))
    certificates = [_certificate(plan, candidate, first + index, by) for index, candidate in enumerate(candidates)]
    for certificate in certificates:
        certificate.issued_at = timezone.now()
    certificates = bulk_create_with_history(certificates, Certificate, default_change_reason=HISTORY_REASON)
    _record_in_results(certificates, {c.nomination.pk: c.result for c in candidates if c.result is not None})
    return certificates


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by=None) -> Certificate:
    """Revoke a certificate, saying why: it stays in the register (its number is never given again) and the public
    page says it is revoked; the nomination's result no longer names it."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateRefused(CertificateRefusal.REASON_TO_REVOKE)
    lock(Nomination, [certificate.nomination_id], values=())
    locked = lock_one(certificate)
    if locked.is_revoked:
        raise CertificateRefused(CertificateRefusal.ALREADY_REVOKED, reference=locked.reference)
    locked.revoked_at, locked.revoked_by, locked.revoke_reason = timezone.now(), by, reason
    locked.full_clean()
    locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    result = Result.objects.filter(
        nomination_id=locked.nomination_id, certificate_number=locked.reference, issued_by=locked.issuer_name
    ).first()
    if result is not None:
        result.certificate_kind, result.certificate_number = "", ""
        result.certificate_date, result.issued_by = None, ""
        result._change_reason = f"Thu hồi {locked.reference}: {reason}"
        result.save()
    certificate.refresh_from_db()
    return locked


@transaction.atomic
def class_certify(*, training_class: TrainingClass, issuing_agency: Agency, kind: str) -> ClassCertification:
    """Mark a class as one the department certifies itself (or change who issues, and which kind)."""
    certification, _created = ClassCertification.objects.update_or_create(
        training_class=training_class, defaults={"issuing_agency": issuing_agency, "kind": kind}
    )
    return certification
