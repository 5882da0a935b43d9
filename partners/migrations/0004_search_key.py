"""A folded search key (no diacritics, lower case) on every row a search box finds, filled for existing rows;
on PostgreSQL a trigram index on the big tables' keys."""

from django.db import migrations, models

from training_portal import search

# The fields each key is made of, as the models' `search_key_sources` say.
SOURCES = {
    "partner": ("name", "name_vi", "abbreviation", "code"),
    "partnercontact": ("name", "email"),
    "agreement": ("title", "scope"),
    "agreementarea": ("description",),
    "cooperationactivity": ("title", "location"),
    "correspondence": ("subject", "symbol", "body"),
    "documenttype": ("name", "abbreviation", "code"),
    "outgoingdocument": ("subject", "symbol", "signer_name"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_register_number_on_the_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="agreementarea",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="cooperationactivity",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="correspondence",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="documenttype",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalagreementarea",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalcooperationactivity",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalcorrespondence",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicaldocumenttype",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicaloutgoingdocument",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalpartner",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="historicalpartnercontact",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="partner",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.AddField(
            model_name="partnercontact",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search key"),
        ),
        migrations.RunPython(search.fill_search_keys("partners", SOURCES), migrations.RunPython.noop, elidable=True),
    ]
