"""Template filters every template has without {% load %} (settings.TEMPLATES "builtins")."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter(is_safe=True)
def dmy(value) -> str:
    """A date as Vietnamese documents write it, dd/mm/yyyy, in both languages; "" for none.

    What `|date:"d/m/Y"` gives, at a tenth of its cost: the portal's lists show three dates a row.
    An aware date-time is shown in the local time zone, as `|date` does.
    """
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
