"""Every refusal of the certificates the department issues itself: a code, and one table of what it says (as
`courses/refusals.py` does for the courses domain). The issue page, the console and the services all word a
refusal from here."""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CertificateRefusal(StrEnum):
    # The class (`class_certificate_problems`)
    NOT_CERTIFIED = "not_certified"
    CLASS_NOT_OVER = "class_not_over"
    ISSUER_INCOMPLETE = "issuer_incomplete"
    # A nomination (`nomination_certificate_problem`)
    NOT_COMPLETED = "not_completed"
    FAILED_RESULT = "failed_result"
    ALREADY_CERTIFIED = "already_certified"
    OTHER_ISSUER = "other_issuer"
    NOBODY_TO_CERTIFY = "nobody_to_certify"
    ISSUED_BEFORE_END = "issued_before_end"
    FUTURE_DATE = "future_date"
    # Revoking (`certificate_revoke`)
    ALREADY_REVOKED = "already_revoked"
    REASON_TO_REVOKE = "reason_to_revoke"


MESSAGES: dict[CertificateRefusal, str] = {
    CertificateRefusal.NOT_CERTIFIED: _(
        "The department does not issue certificates for this class: mark it as certified by the department first."
    ),
    CertificateRefusal.CLASS_NOT_OVER: _("The class ends on %(end)s: certificates are issued once it is over."),
    CertificateRefusal.ISSUER_INCOMPLETE: _("The issuing body %(agency)s lacks %(missing)s."),
    CertificateRefusal.NOT_COMPLETED: _("Not completed (%(status)s)."),
    CertificateRefusal.FAILED_RESULT: _("The result is a fail."),
    CertificateRefusal.ALREADY_CERTIFIED: _("Already holds certificate %(reference)s."),
    CertificateRefusal.OTHER_ISSUER: _("Already holds certificate %(reference)s issued by %(issuer)s."),
    CertificateRefusal.NOBODY_TO_CERTIFY: _("Nobody in this class is waiting for a certificate."),
    CertificateRefusal.ISSUED_BEFORE_END: _("A certificate cannot be dated before the class ends (%(end)s)."),
    CertificateRefusal.FUTURE_DATE: _("A certificate cannot be dated in the future."),
    CertificateRefusal.ALREADY_REVOKED: _("Certificate %(reference)s is already revoked."),
    CertificateRefusal.REASON_TO_REVOKE: _("Say why the certificate is revoked."),
}


def message(code: CertificateRefusal, /, **params) -> str:
    text = str(MESSAGES[CertificateRefusal(code)])
    return text % params if params else text


class CertificateRefused(ValidationError):
    """A refusal raised by a certificate service: a ValidationError whose `code` is a `CertificateRefusal`."""

    def __init__(self, code: CertificateRefusal, /, **params):
        code = CertificateRefusal(code)
        super().__init__(MESSAGES[code], code=code.value, params=params or None)
        self.refusal = code
