"""E-mail notices to agency focal points, sent once the transaction that caused them commits."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from courses.models import Nomination
from plans.models import FocalPoint


def _recipients(agency_id: int) -> list[str]:
    return sorted(
        {
            email
            for email in FocalPoint.objects.filter(agency_id=agency_id, user__is_active=True).values_list(
                "user__email", flat=True
            )
            if email
        }
    )


def _send(nomination: Nomination, template: str) -> None:
    recipients = _recipients(nomination.agency_id)
    if not recipients:
        return
    # Notices go out in Vietnamese, the language of official correspondence.
    with translation.override(settings.LANGUAGE_CODE):
        context = {"nomination": nomination, "training_class": nomination.training_class}
        subject = render_to_string(f"courses/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"courses/email/{template}.txt", context)
    message = (subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    transaction.on_commit(lambda: send_mass_mail([message], fail_silently=True))


def nomination_decided(nomination: Nomination) -> None:
    """Tell the agency that a nomination was approved or rejected."""
    _send(nomination, "nomination_decided")


def nomination_promoted(nomination: Nomination) -> None:
    """Tell the agency that a person left the waiting list and now holds a seat."""
    _send(nomination, "nomination_promoted")
