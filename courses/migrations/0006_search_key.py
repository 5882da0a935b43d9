"""A folded search key (no diacritics, lower case) on every row a search box finds, filled for existing rows;
on PostgreSQL a trigram index on the big tables' keys; the trainee list's order indexed."""

from django.contrib.postgres.indexes import GinIndex
import importlib

from django.db import migrations, models

from training_portal import search

# The fields each key is made of, as the models' `search_key_sources` say.
SOURCES = {
    "civilservicerank": ("code", "name"),
    "course": ("title", "code"),
    "trainingclass": ("code", "title", "location"),
    "trainee": ("full_name", "personal_id", "email"),
}


def reinstall_class_triggers(apps, schema_editor):
    """SQLite adds a NOT NULL column by rebuilding the table, which drops the triggers on it: put back the class
    tally's (courses/0004), as 0004 wrote it."""
    if schema_editor.connection.vendor != "sqlite":
        return
    tally = importlib.import_module("courses.migrations.0004_dashboard_tally")
    for name, table, event, condition, body in tally.TRIGGERS:
        if table == tally.CLASS:
            when = f" WHEN {condition}" if condition else ""
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN "
                + "; ".join(body)
                + "; END"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_refused_id_attempts_and_codes_in_any_case"),
        ("plans", "0008_search_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="civilservicerank",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="course",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalcivilservicerank",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalcourse",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicaltrainee",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicaltrainingclass",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="trainee",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="trainingclass",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.RunPython(reinstall_class_triggers, migrations.RunPython.noop),
        migrations.RunPython(search.fill_search_keys("courses", SOURCES), migrations.RunPython.noop, elidable=True),
        # The trainee list's order, carrying the id and the key: a search walks it without reading the table
        # ("duc": 34,000 index entries in 10 ms, against 150 ms through the rows). PostgreSQL only (INCLUDE),
        # so outside the models' state.
        search.RunSQLOnPostgres(
            "CREATE INDEX courses_trainee_by_name ON courses_trainee (full_name, personal_id) INCLUDE (id, search_key)",
            "DROP INDEX courses_trainee_by_name",
        ),
        search.AddTrigramIndex(
            model_name="trainee",
            index=GinIndex(
                fields=["search_key"], name="courses_trainee_search_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        search.AddTrigramIndex(
            model_name="trainingclass",
            index=GinIndex(fields=["search_key"], name="courses_class_search_trgm", opclasses=["gin_trgm_ops"]),
        ),
    ]
