"""A folded search key (no diacritics, lower case) on every row a search box finds, filled for existing rows;
on PostgreSQL a trigram index on the big tables' keys."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from training_portal import search

# The fields each key is made of, as the models' `search_key_sources` say.
SOURCES = {
    "agency": ("name", "code", "abbreviation"),
    "legaldocument": ("number", "title", "issuer"),
    "targetgroup": ("name", "code"),
    "fundingsource": ("name", "code"),
    "trainingcategory": ("name", "code"),
    "contentarea": ("name", "code"),
    "trainingplan": ("title",),
    "planresponsibility": ("heading", "duties"),
    "importrecord": ("file_name", "checksum"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_import_plan_in_the_database"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="agency",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="contentarea",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="fundingsource",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalagency",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalcontentarea",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalfundingsource",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicallegaldocument",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalplanresponsibility",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicaltargetgroup",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicaltrainingcategory",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicaltrainingplan",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="legaldocument",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="planresponsibility",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="targetgroup",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="trainingcategory",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="trainingplan",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="importrecord",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.RunPython(search.fill_search_keys("plans", SOURCES), migrations.RunPython.noop, elidable=True),
        search.AddTrigramIndex(
            model_name="agency",
            index=GinIndex(fields=["search_key"], name="plans_agency_search_trgm", opclasses=["gin_trgm_ops"]),
        ),
    ]
