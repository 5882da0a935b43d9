"""Search that ignores diacritics and case, the same on SQLite and PostgreSQL.

Many people type Vietnamese without its marks ("nguyen van", "duc"), or with an input
method that sends the marks as separate combining characters. One folding, `fold()`,
is applied both to the stored key of each searchable row (`Searchable.search_key`,
written on every save and every bulk write) and to what is typed, so a plain
`search_key__contains` finds "Nguyễn Văn Đức" for "nguyen van duc", "NGUYỄN", "đức" or
"Duc". On PostgreSQL the key has a trigram index (`TrigramIndex`), which that
`LIKE '%…%'` uses, so a search stays fast on half a million rows.
"""

from collections.abc import Iterable, Sequence

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.migrations.operations import AddIndex, RunSQL
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from training_portal.folding import fold

# Between the fields of one key, so that a typed term never matches across two fields.
SEPARATOR = " | "


def split_terms(query: str) -> list[str]:
    """The terms of a search box's text, split as the Django admin splits them ("a quoted phrase" is one)."""
    terms = []
    for bit in smart_split(query or ""):
        if bit[:1] in "\"'" and bit[-1:] == bit[:1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if fold(bit):
            terms.append(bit)
    return terms


def search_terms(query: str) -> list[str]:
    """The folded terms of a search box's text."""
    return [fold(bit) for bit in split_terms(query)]


def search_paths(model, fields: Sequence[str]) -> tuple[list[tuple[str, type]], list[str]]:
    """Splits admin-style `search_fields` into the folded keys that cover them and the fields left to search as is.

    Keys come as (path to the related row, "" for the model itself; the searchable model),
    each once: ["trainee__full_name", "trainee__personal_id", "reason"] ->
    ([("trainee", Trainee)], ["reason"]).
    """
    keyed: dict[str, type] = {}
    plain: list[str] = []
    for field in fields:
        path = field.lstrip("^=@")
        *relations, name = path.split("__")
        target = model
        try:
            for relation in relations:
                target = target._meta.get_field(relation).related_model
        except (FieldDoesNotExist, AttributeError):
            target = None
        if target is not None and name in getattr(target, "search_key_sources", ()):
            keyed.setdefault("__".join(relations), target)
        else:
            plain.append(path)
    return list(keyed.items()), plain


def key_matches(terms: Sequence[str], path: str = "search_key") -> Q:
    """Rows whose key (`path`, e.g. "trainee__search_key") holds every term."""
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{path}__contains": term})
    return condition


def key_of(values: Iterable) -> str:
    """The stored search key made of these field values."""
    return SEPARATOR.join(filter(None, map(fold, values)))


class SearchKeyQuerySet(models.QuerySet):
    """Keeps `search_key` right in the bulk writes that skip `save()`."""

    def _sources(self, names: Iterable[str]) -> bool:
        return bool(set(names) & set(self.model.search_key_sources))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refresh_search_key()
        if kwargs.get("update_fields") and self._sources(kwargs["update_fields"]):  # an upsert rewriting a source
            kwargs["update_fields"] = [*kwargs["update_fields"], "search_key"]
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if self._sources(fields):
            objs = list(objs)
            for obj in objs:
                obj.refresh_search_key()
            fields = [*fields, "search_key"]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if not self._sources(kwargs) or "search_key" in kwargs:
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        rows = list(self.model._base_manager.filter(pk__in=pks).only("pk", *self.model.search_key_sources))
        self.model._base_manager.bulk_update([_with_key(row) for row in rows], ["search_key"], batch_size=2000)
        return count

    update.alters_data = True


def _with_key(obj):
    obj.refresh_search_key()
    return obj


class Searchable(models.Model):
    """A row found by a search box: keeps its folded `search_key` from the fields in `search_key_sources`."""

    search_key_sources: tuple[str, ...] = ()

    search_key = models.TextField(_("search key"), editable=False, blank=True, default="")

    objects = SearchKeyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.search_key_sources):
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def refresh_search_key(self) -> None:
        self.search_key = key_of(getattr(self, name) for name in self.search_key_sources)


def fill_search_keys(app_label: str, sources: dict[str, Sequence[str]], batch: int = 5000):
    """A RunPython step that writes the key of every existing row of the models in `sources` (name -> fields).

    Migration models lack `search_key_sources`, hence the fields passed here, as the models list them.
    """

    def forwards(apps, schema_editor):
        for model_name, fields in sources.items():
            manager = apps.get_model(app_label, model_name)._base_manager
            last = None
            while True:
                rows = manager.order_by("pk").only("pk", *fields)
                rows = list((rows if last is None else rows.filter(pk__gt=last))[:batch])
                if not rows:
                    break
                for row in rows:
                    row.search_key = key_of(getattr(row, name) for name in fields)
                _write_keys(schema_editor.connection, manager.model, rows)
                last = rows[-1].pk

    return forwards


def _write_keys(connection, model, rows) -> None:
    """`bulk_update` of the keys; on PostgreSQL one UPDATE … FROM (VALUES …), about twice as fast as its CASE WHEN."""
    if connection.vendor != "postgresql":
        model._base_manager.bulk_update(rows, ["search_key"])
        return
    quote = connection.ops.quote_name
    values = ", ".join(["(%s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(model._meta.db_table)} AS t SET search_key = v.key FROM (VALUES {values}) AS v(id, key) "
            f"WHERE t.{quote(model._meta.pk.column)} = v.id",
            [value for row in rows for value in (row.pk, row.search_key)],
        )


def trigram_index(prefix: str) -> GinIndex:
    """The trigram index of a model's `search_key` (PostgreSQL; see `AddTrigramIndex` for SQLite)."""
    return GinIndex(fields=["search_key"], opclasses=["gin_trgm_ops"], name=f"{prefix}_search_trgm")


class PostgresOnly:
    """A migration operation that only PostgreSQL runs (SQLite has no GIN nor INCLUDE; its tables are small)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddTrigramIndex(PostgresOnly, AddIndex):
    """AddIndex of a trigram index (`trigram_index`): in the models' state everywhere, built on PostgreSQL only."""


class RunSQLOnPostgres(PostgresOnly, RunSQL):
    """RunSQL on PostgreSQL only, e.g. an index with INCLUDE, which the models cannot declare for SQLite."""
