"""Idempotent writes: a row upserted on its natural key, an m2m set, history records made in bulk."""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings

from .people import AccountData

HISTORY_CREATED, HISTORY_CHANGED = "+", "~"
HISTORY_REASON = "Dữ liệu mẫu (manage.py load_demo)"


@dataclass
class LoadReport:
    """What a run did: rows created per model, and the demo accounts with their passwords."""

    created: Counter = field(default_factory=Counter)
    accounts: list[AccountData] = field(default_factory=list)
    agency_names: dict[str, str] = field(default_factory=dict)


def _differs(instance, name: str, value) -> bool:
    model_field = instance._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        return getattr(instance, model_field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def validate(instance, *, unique: bool = True) -> None:
    """Field validators (and uniqueness); the database enforces the CHECK constraints and foreign keys itself
    (validating them here would cost a query each, for every row)."""
    relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=relations, validate_unique=unique, validate_constraints=False)


def upsert_row(model, lookup: dict, values: dict, report: LoadReport, *, create_only: dict | None = None):
    """Find the row by its natural key; create it, or save it only when a value differs (no needless history).

    Returns the row and what happened to it: "+" created, "~" changed, "" left as it was.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values, **(create_only or {}))
        validate(instance)
        instance.save()
        report.created[model._meta.label] += 1
        return instance, HISTORY_CREATED
    changed = [name for name, value in values.items() if _differs(instance, name, value)]
    if not changed:
        return instance, ""
    for name in changed:
        setattr(instance, name, values[name])
    validate(instance)
    instance.save()
    return instance, HISTORY_CHANGED


def upsert(model, lookup: dict, values: dict, report: LoadReport, *, create_only: dict | None = None):
    return upsert_row(model, lookup, values, report, create_only=create_only)[0]


def set_m2m(manager, objects) -> bool:
    """Make the relation hold exactly `objects`; True when it had to change."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(objects)
    return True


def record_m2m_history(model, records) -> None:
    """Give bulk-made history records the snapshot of their m2m fields that a normal save would have written."""
    history_model = model.history.model
    by_pk = {record.id: record for record in records if record.pk}  # record.id is the tracked row's key
    if not by_pk:
        return  # the database did not return the new records' keys
    for m2m_field in history_model._history_m2m_fields:
        m2m_history_model = getattr(history_model, m2m_field.name).model
        through = m2m_field.remote_field.through
        source = through._meta.get_field(m2m_field.m2m_field_name()).attname
        columns = [f.attname for f in through._meta.concrete_fields]
        rows = [
            m2m_history_model(history=by_pk[getattr(row, source)], **{name: getattr(row, name) for name in columns})
            for row in through.objects.filter(**{f"{source}__in": list(by_pk)})
        ]
        m2m_history_model.objects.bulk_create(rows, batch_size=500)


@contextmanager
def history_off():
    """Switch django-simple-history off for a block (its own setting, read on every save)."""
    missing = object()
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", missing)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        yield
    finally:
        if previous is missing:
            del settings.SIMPLE_HISTORY_ENABLED
        else:
            settings.SIMPLE_HISTORY_ENABLED = previous
