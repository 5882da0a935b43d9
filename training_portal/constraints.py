"""Database constraints shared by the apps' models."""

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# The words of `unique_code_in_any_case`; courses/refusals.py lists them as the refusal CODE_TAKEN_IN_ANY_CASE, and
# plans' models (below courses) take them from here.
CODE_TAKEN_IN_ANY_CASE = _(
    "This code is already used, perhaps in capital or small letters: codes do not distinguish them. Choose another."
)


def one_of(field: str, choices: type[models.TextChoices], message) -> models.CheckConstraint:
    """A CHECK that `field` holds one of `choices`, so that no write path (SQL, a bulk insert, an import) can
    leave an unknown value behind; named `<app>_<model>_<field>_valid`."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}),
        name=f"%(app_label)s_%(class)s_{field}_valid",
        violation_error_message=message,
    )


def unique_code_in_any_case(message=CODE_TAKEN_IN_ANY_CASE, field: str = "code") -> models.UniqueConstraint:
    """A UNIQUE index on lower(`field`): codes that differ only in capital letters (BAR-DUP-1, bar-dup-1) cannot both
    exist, as the importers match codes case-folded; named `<app>_<model>_<field>_unique_any_case`."""
    return models.UniqueConstraint(
        Lower(field), name=f"%(app_label)s_%(class)s_{field}_unique_any_case", violation_error_message=message
    )


def no_codes_differing_only_in_case(*model_labels: str, field: str = "code"):
    """A migration step run before `unique_code_in_any_case` is added: it stops the migration, naming them, when
    existing rows' codes differ only in capital letters (rename or merge them first; nothing is changed)."""

    def check(apps, schema_editor):
        clashes = []
        for label in model_labels:
            rows = apps.get_model(label)._default_manager.annotate(key=Lower(field))
            for key in rows.values("key").annotate(n=Count("pk")).filter(n__gt=1).values_list("key", flat=True):
                codes = sorted(rows.filter(key=key).values_list(field, flat=True))
                clashes.append(f"{label}: {', '.join(codes)}")
        if clashes:
            raise ValueError(
                "These codes differ only in capital letters; rename or merge them, then migrate again: "
                + "; ".join(clashes)
            )

    return check
