"""The tables kept by triggers: the class tally (`courses.ClassTally`, migration 0004) and the record totals
(`courses.RecordTotal`, migration 0015); here, what bulk loads need."""

import contextlib
import importlib

from django.db import connection

TRIGGERS = (
    ("tally_class_insert", "courses_trainingclass"),
    ("tally_nomination_insert", "courses_nomination"),
    ("tally_nomination_delete", "courses_nomination"),
    ("tally_nomination_update", "courses_nomination"),
    ("record_nomination_insert", "courses_nomination"),
    ("record_nomination_delete", "courses_nomination"),
    ("record_nomination_update", "courses_nomination"),
    ("record_outside_insert", "courses_outsidetraining"),
    ("record_outside_delete", "courses_outsidetraining"),
    ("record_outside_update", "courses_outsidetraining"),
)
# The record totals' SQL, frozen in the migration that made their triggers (one text for both).
RECORD_TOTALS = importlib.import_module("courses.migrations.0015_record_totals")
STATUSES = ("nominated", "approved", "attended", "completed", "failed")


def rebuild() -> None:
    """Count every class's nominations again, and sum everyone's record totals, from the rows (after a load made with
    the triggers off)."""
    counts = ", ".join(f"COUNT(n.id) FILTER (WHERE n.status = '{s}')" for s in STATUSES)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM courses_classtally")
        cursor.execute(
            f"INSERT INTO courses_classtally (training_class_id, {', '.join(STATUSES)}) SELECT c.id, {counts} "
            "FROM courses_trainingclass c LEFT JOIN courses_nomination n ON n.training_class_id = c.id GROUP BY c.id"
        )
        for statement in RECORD_TOTALS.refresh(None, connection.vendor):
            cursor.execute(statement)


@contextlib.contextmanager
def bulk_load():
    """On PostgreSQL, loads a million rows without a trigger per row, then rebuilds the tally in one statement.

    Elsewhere the triggers stay on (small loads). Use inside the load's transaction: a failure rolls
    back the switch too.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        # Outside a transaction a failed load would leave the triggers off, and the tally wrong, for good.
        raise RuntimeError("tally.bulk_load() must run inside transaction.atomic()")
    _switch_triggers("DISABLE")
    yield
    _switch_triggers("ENABLE")
    rebuild()


def _switch_triggers(action: str) -> None:
    with connection.cursor() as cursor:
        # PostgreSQL alters no table with deferred foreign-key checks still pending: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, table in TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} {action} TRIGGER {name}")
