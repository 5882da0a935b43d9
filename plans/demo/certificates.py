"""The certificates the demo's department has issued itself: one finished class it organised, certified, with one
certificate revoked (the holder lost the original) and issued again, so the public verification page has a valid
and a revoked certificate to show."""

import datetime

from courses.models import CertificateKind, ClassStatus, TrainingClass
from partners.certificates import services
from partners.models import Certificate, ClassCertification
from plans.models import Agency

from .agencies import SNV

# The current plan's class "Văn thư, lưu trữ" (C-02) organised by Sở Nội vụ, finished twelve days before the load.
CERTIFIED_CLASS = "C-02"
ISSUED_DAYS_AFTER_END = 3
REVOKE_REASON = "Học viên báo mất bản gốc: thu hồi số cũ, cấp lại giấy chứng nhận số mới."


def load_certificates(*, year: int, today: datetime.date, by) -> list[Certificate]:
    """Certify the class and issue its certificates, once: a class that has them already is left as it is."""
    snv = Agency.objects.get(code=SNV)
    training_class = TrainingClass.objects.filter(
        code=f"{year}-{CERTIFIED_CLASS}", organiser=snv, status=ClassStatus.FINISHED
    ).first()
    if training_class is None or Certificate.objects.filter(nomination__training_class=training_class).exists():
        return []
    if not ClassCertification.objects.filter(training_class=training_class).exists():
        services.class_certify(training_class=training_class, issuing_agency=snv, kind=CertificateKind.ATTESTATION)
    on = min(training_class.end_date + datetime.timedelta(days=ISSUED_DAYS_AFTER_END), today)
    issued = services.certificates_issue(training_class=training_class, by=by, on=on)
    if not issued:
        return []
    lost = issued[-1]
    services.certificate_revoke(certificate=lost, reason=REVOKE_REASON, by=by)
    again = services.certificates_issue(training_class=training_class, by=by, on=today, only=[lost.nomination_id])
    return [*issued, *again]
