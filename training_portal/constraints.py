"""Database constraints shared by the apps' models."""

from django.db import models
from django.db.models import Q


def one_of(field: str, choices: type[models.TextChoices], message) -> models.CheckConstraint:
    """A CHECK that `field` holds one of `choices`, so that no write path (SQL, a bulk insert, an import) can
    leave an unknown value behind; named `<app>_<model>_<field>_valid`."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
        violation_error_message=message,
    )
