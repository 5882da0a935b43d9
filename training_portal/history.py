"""Audit history for rows written in bulk, copied by the database itself.

simple_history's `bulk_create_with_history` builds one historical Python object per
row; for an import of 100,000 rows that costs more than the insert. Here the history
rows are made with one `INSERT … SELECT` per batch from the rows just written, with
the same user, date and change reason on each, so they read exactly as the ones
simple_history writes.
"""

from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

BATCH = 2000


def write_history(model, pks: Sequence, *, by=None, reason: str = "", history_type: str = "+") -> None:
    """One history row per primary key in `pks`, copied from the current state of the rows."""
    history = model.history.model
    fields = list(history.tracked_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    extra = ", ".join(quote(c) for c in ("history_date", "history_change_reason", "history_type", "history_user_id"))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    pk_column = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), BATCH):
            chunk = list(pks[start : start + BATCH])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {extra}) "
                f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} WHERE {pk_column} IN ({marks})",
                [now, reason, history_type, getattr(by, "pk", None), *chunk],
            )


def create_with_history(model, objects: Iterable, *, by=None, reason: str = "") -> list:
    """Insert `objects` in bulk and give each its history row ("+", by `by`, with `reason`)."""
    objects = list(objects)
    if not connection.features.can_return_rows_from_bulk_insert:  # the new ids are needed to copy the rows
        return bulk_create_with_history(objects, model, batch_size=BATCH, default_user=by, default_change_reason=reason)
    model.objects.bulk_create(objects, batch_size=BATCH)
    write_history(model, [obj.pk for obj in objects], by=by, reason=reason)
    return objects
