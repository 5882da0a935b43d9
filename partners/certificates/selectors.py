"""Reads of the certificates the department issues itself: a class's, one by its verification code or its number."""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from courses.models import TrainingClass
from partners.models import Certificate
from training_portal.folding import fold

# The longest number or name the public form looks up; anything longer cannot be on a certificate.
MAX_LOOKUP_LENGTH = 120


def verification_url(certificate: Certificate) -> str:
    """The public address printed under the certificate's QR code."""
    return settings.PUBLIC_SITE_URL + reverse("certificates:verify_code", args=[certificate.code])


def class_certificates(training_class: TrainingClass, *, valid_only: bool = True) -> QuerySet[Certificate]:
    """The class's certificates in the order of their numbers (those in force only, unless `valid_only` is False)."""
    queryset = Certificate.objects.filter(nomination__training_class=training_class)
    if valid_only:
        queryset = queryset.filter(revoked_at__isnull=True)
    return queryset.order_by("year", "number")


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate whose verification code this is, or None (whatever is given: it is only ever compared)."""
    if not code or len(code) > 64:
        return None
    return Certificate.objects.filter(code=code).first()


def certificate_by_number(number: str, name: str) -> Certificate | None:
    """The certificate with this number whose holder has this name (compared without case or diacritics), or None.
    Both are needed: a number alone, easy to guess in a register that counts 1, 2, 3…, would list the holders."""
    number, name = " ".join((number or "").split()), fold(name or "")
    if not number or not name or len(number) > MAX_LOOKUP_LENGTH:
        return None
    for certificate in Certificate.objects.filter(reference__iexact=number).order_by("pk"):
        if fold(certificate.holder_name) == name:
            return certificate
    return None
