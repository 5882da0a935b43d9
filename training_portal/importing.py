"""Staff imports from Excel, all or nothing: the file is read and checked once, previewed, then applied.

On upload the whole file is parsed and validated into a plan (rows to create, rows
to update with their values before, rows unchanged). The plan is kept as JSON data on
its import record, in the database, so any app server can confirm a check made on
another, and reading it back runs no code; confirming applies it in
one transaction without reading the workbook again, after checking, on rows locked
until the commit, that the rows it was compared against did not change in the
meantime and that every rule of the check others can break in between (a class
cancelled, a person moved, seats taken) still holds: if a row no longer passes,
nothing is written and the refusal names each such row and why. Bulk writes go through
simple_history's bulk helpers, so every row touched gets a history record whose
change reason names the import.
"""

import datetime
import decimal
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_update_with_history

from training_portal import locking
from training_portal.history import create_with_history
from training_portal.spreadsheets import (
    CODE_SEPARATOR,
    SHEET_LANGUAGE,
    Column,
    Exporter,
    ReadResult,
    RowError,
    choice_lookup,
    clean_text,
    code_part,
    fold,
    header_lookup,
    marked_workbook,
    parse_date,
    read_workbook,
    template_workbook,
)

BATCH = 2000
PREVIEW_ROWS = 20
REFUSED_ROWS_TOLD = 50  # rows named when a confirmation is refused; the rest are counted


class ImportStatus(models.TextChoices):
    """Where an uploaded file stands: checked with errors, checked and waiting, applied, or let go."""

    REJECTED = "rejected", gettext_lazy("Rejected: errors in the file")
    PREVIEWED = "previewed", gettext_lazy("Checked, waiting for confirmation")
    APPLIED = "applied", gettext_lazy("Applied")
    ABANDONED = "abandoned", gettext_lazy("Not applied")


class RowProblem(ValueError):
    """A cell that cannot be accepted; the message is the reason shown to the user."""


@dataclass
class Change:
    row: int
    key: tuple
    values: dict
    pk: int | None = None
    before: dict | None = None
    labels: tuple = ()
    changed: tuple = ()  # headers of the columns an update changes, for the preview


@dataclass
class ImportPlan:
    """What a checked file would do: kept between the preview and the confirmation."""

    kind: str
    checksum: str
    rows: int
    creates: list[Change] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def changes_nothing(self) -> bool:
        return not self.creates and not self.updates

    def to_data(self) -> dict:
        """The plan as JSON data (dates and decimals tagged), to keep on its import record."""
        return {
            "kind": self.kind,
            "checksum": self.checksum,
            "rows": self.rows,
            "unchanged": self.unchanged,
            "creates": [_change_data(c) for c in self.creates],
            "updates": [_change_data(c) for c in self.updates],
        }

    @classmethod
    def from_data(cls, data: dict) -> "ImportPlan":
        return cls(
            kind=data["kind"],
            checksum=data["checksum"],
            rows=data["rows"],
            unchanged=data["unchanged"],
            creates=[_change_from(c) for c in data["creates"]],
            updates=[_change_from(c) for c in data["updates"]],
        )


# A plan holds the values of model fields: text, numbers, booleans, dates and decimals. JSON has no dates nor
# decimals, so they travel as a one-key object; anything else is refused when the plan is stored, not guessed at.
_TAGS = {
    "$date": datetime.date.fromisoformat,
    "$datetime": datetime.datetime.fromisoformat,
    "$decimal": decimal.Decimal,
}


def _encode(value) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    raise TypeError(f"An import plan cannot hold a {type(value).__name__}.")


def _decode(value) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, text),) = value.items()
            if tag in _TAGS:
                return _TAGS[tag](text)
        return {k: _decode(v) for k, v in value.items()}
    return value


def _change_data(change: Change) -> dict:
    return {
        "row": change.row,
        "key": _encode(change.key),
        "values": _encode(change.values),
        "pk": change.pk,
        "before": _encode(change.before),
        "labels": list(change.labels),
        "changed": list(change.changed),
    }


def _change_from(data: dict) -> Change:
    return Change(
        row=data["row"],
        key=tuple(_decode(data["key"])),
        values=_decode(data["values"]),
        pk=data["pk"],
        before=_decode(data["before"]),
        labels=tuple(data["labels"]),
        changed=tuple(data["changed"]),
    )


class ImportAborted(Exception):
    """Applying the plan was refused as a whole; the message says why and `rows`, when given, name the rows."""

    def __init__(self, message: str, *, rows: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.rows = list(rows)

    def __str__(self):
        return "\n".join([self.message, *self.rows])


# --- cell parsers: value in, Python value out, RowProblem with the reason otherwise ----------------


def text(max_length: int, *, required: bool = False, validators: Sequence[Callable] = ()) -> Callable:
    def parse(value):
        result = clean_text(value)
        if not result:
            if required:
                raise RowProblem(_("This value is required."))
            return ""
        if len(result) > max_length:
            raise RowProblem(_("At most %(limit)s characters.") % {"limit": max_length})
        for validator in validators:
            try:
                validator(result)
            except ValidationError as exc:
                raise RowProblem(" ".join(exc.messages)) from exc
        return result

    return parse


def date(*, required: bool = False) -> Callable:
    def parse(value):
        if clean_text(value) == "":
            if required:
                raise RowProblem(_("This value is required."))
            return None
        try:
            return parse_date(value)
        except (ValueError, OverflowError) as exc:
            raise RowProblem(_("Not a real date; write it as dd/mm/yyyy.")) from exc

    return parse


WHOLE_NUMBER = re.compile(r"\d{1,3}(?:([.,\s])\d{3}(?:\1\d{3})*)?|\d+")
GROUP_SEPARATORS = re.compile(r"[.,\s]")


def integer(*, required: bool = False, minimum: int = 0, maximum: int = 2_000_000_000) -> Callable:
    def parse(value):
        if isinstance(value, float) and not value.is_integer():
            raise RowProblem(_("Write a whole number."))
        raw = clean_text(value)
        if raw == "":
            if required:
                raise RowProblem(_("This value is required."))
            return None
        # 10.635, 10,635 and 10 635 are ten thousand six hundred and thirty-five; 12,5 or 12.5 is not whole.
        if not WHOLE_NUMBER.fullmatch(raw):
            raise RowProblem(_("Write a whole number."))
        number = int(GROUP_SEPARATORS.sub("", raw))
        if not minimum <= number <= maximum:
            raise RowProblem(_("Write a number from %(min)s to %(max)s.") % {"min": minimum, "max": maximum})
        return number

    return parse


def choice(choices, *, required: bool = True, default=None) -> Callable:
    lookup = choice_lookup(choices)

    def parse(value):
        if clean_text(value) == "":
            if required and default is None:
                raise RowProblem(_("This value is required."))
            return default
        try:
            return lookup[fold(value)]
        except KeyError:
            raise RowProblem(_("Not one of the allowed values; choose one from the list.")) from None

    return parse


AMBIGUOUS = object()


class Lookup:
    """Natural keys people type (a code, an abbreviation, a name), folded, to a database id."""

    def __init__(self, rows: Iterable[tuple], *, unknown: str, ambiguous: str = ""):
        self.ids: dict[str, object] = {}
        self.unknown = unknown
        self.ambiguous = ambiguous
        for pk, *keys in rows:
            for key in keys:
                folded = fold(key)
                if not folded:
                    continue
                if folded in self.ids and self.ids[folded] != pk:
                    self.ids[folded] = AMBIGUOUS
                else:
                    self.ids[folded] = pk

    def add(self, pk, *keys) -> None:
        for key in keys:
            self.ids.setdefault(fold(key), pk)

    def parser(self, *, required: bool = True) -> Callable:
        def parse(value):
            if clean_text(value) == "":
                if required:
                    raise RowProblem(_("This value is required."))
                return None
            pk = self.ids.get(fold(value))
            if pk is None:  # "code – name", as the drop-downs offer it
                pk = self.ids.get(fold(code_part(value)))
            if pk is None:
                raise RowProblem(self.unknown)
            if pk is AMBIGUOUS:
                raise RowProblem(self.ambiguous)
            return pk

        return parse


def model_values(values: dict) -> dict:
    """The values an import writes: paths through relations (`course__code`) only serve to match and compare."""
    return {name: value for name, value in values.items() if "__" not in name}


def labels_of(choices) -> Callable[[], list[str]]:
    """The drop-down of a choice column: its labels, in the language the template is written in."""
    return lambda: [str(label) for label in choices.labels]


def codes_of(model, *, name: str = "name", rows: Callable | None = None) -> Callable[[], list[str]]:
    """The drop-down of a column naming a row of `model` by its code: "code – name", so a person picks what they know
    (the import reads the code before the dash). `rows` gives the queryset when not every row is offered."""

    def choices():
        queryset = rows() if rows else model.objects.all()
        return [
            f"{code}{CODE_SEPARATOR}{label}" if label else code
            for code, label in queryset.order_by("code").values_list("code", name)
        ]

    return choices


# --- the importer ------------------------------------------------------------------------------


class Importer:
    """One kind of import: its template, how a row is read and matched, and how the plan is written.

    `key` names the fields that identify a row (natural keys, never database ids);
    each Column's `name` is the model attribute it sets (e.g. `agency_id`).
    """

    kind = ""
    model = None
    key: tuple[str, ...] = ()
    title: object = ""
    sheet_title: object = ""
    filename = "mau-nhap"
    intro: Sequence[object] = ()
    required_for_new: tuple[str, ...] = ()
    # Fields fetched with the matched rows for the rules, never read from the file.
    extra_fields: tuple[str, ...] = ()
    examples: dict[str, object] = {}  # the example row of the template, by column

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def parsers(self) -> dict[str, Callable]:
        """Field name → parser, built after `prepare` so lookups are loaded once for the file."""
        raise NotImplementedError

    def prepare(self, table: ReadResult) -> None:
        """Load what the file refers to (agencies, classes, people), one query each."""

    def template(self) -> tuple[str, bytes]:
        columns = [replace(c, example=self.examples.get(c.name, c.example)) for c in self.columns()]
        data = template_workbook(title=self.title, sheet_title=self.sheet_title, columns=columns, intro=self.intro)
        return f"{self.filename}.xlsx", data

    def read(self, uploaded) -> ReadResult:
        columns = self.columns()
        return read_workbook(
            uploaded,
            columns=header_lookup(columns),
            required=[c.name for c in columns if c.required],
            ignored=self.read_only_headers(),
        )

    def read_only_headers(self) -> set[str]:
        """The headers, in every language, of the columns this kind's exports add only to be read (an agency's
        name beside its code): an export imports back with them, and they change nothing."""
        extras = [
            header
            for exporter in _EXPORTERS.values()
            if getattr(exporter, "importer", None) is type(self)
            for header, _value in exporter.extra
        ]
        headers = set()
        for code, _language in settings.LANGUAGES:
            with translation.override(code):
                headers.update(str(header) for header in extras)
        return headers

    # checking

    def check(self, table: ReadResult) -> ImportPlan:
        plan = ImportPlan(kind=self.kind, checksum=table.checksum, rows=len(table.rows))
        headers = {name: table.headers[index] for name, index in table.positions.items()}
        with translation.override(SHEET_LANGUAGE):
            labels = {c.name: str(c.header) for c in self.columns()}

        def report(row, name, value, reason):
            column = headers.get(name) or labels.get(name, name)
            plan.errors.append(RowError(row=row, column=column, value=clean_text(value), reason=str(reason)))

        plan.errors += table.header_errors()
        self.shown = [c.name for c in self.columns()[:3]]
        self.prepare(table)
        # A column with no value on any row changes nothing (as a missing one): a blank cell clears a stored value
        # only in a column the file fills in elsewhere, never because its data went to a misspelt column.
        given = {c.name for c in self.columns() if c.required} | set(self.key)
        given |= {name for name in table.positions if table.filled(name)}
        parsers = {name: parse for name, parse in self.parsers().items() if name in table.positions and name in given}
        seen: dict[tuple, int] = {}
        cleaned_rows: list[tuple[int, tuple, dict, dict]] = []
        for number, raw in table.rows:
            values = {}
            ok = True
            for name, parse in parsers.items():
                try:
                    values[name] = parse(raw.get(name))
                except RowProblem as exc:
                    report(number, name, raw.get(name), exc)
                    ok = False
            if not ok:
                continue
            if not self.clean_row(number, values, raw, report):
                continue
            key = tuple(values[k] for k in self.key)
            if key in seen:
                report(
                    number,
                    self.key[-1],
                    raw.get(self.key[-1]),
                    _("The same row is already in the file, on row %(row)s.") % {"row": seen[key]},
                )
                continue
            seen[key] = number
            cleaned_rows.append((number, key, values, raw))
        existing = self.existing(list(seen))
        for number, key, values, raw in cleaned_rows:
            current = existing.get(key)
            if current is None:
                missing = [name for name in self.required_for_new if values.get(name) in (None, "")]
                for name in missing:
                    report(number, name, raw.get(name), _("Required for a new row."))
                if not missing:
                    plan.creates.append(Change(row=number, key=key, values=values, labels=self.describe(raw)))
                continue
            diff = {name: value for name, value in values.items() if current.get(name, value) != value}
            if diff:
                before = {name: current[name] for name in diff}
                changed = tuple(dict.fromkeys(headers.get(n) or labels[n] for n in diff if n in labels))
                plan.updates.append(
                    Change(
                        row=number,
                        key=key,
                        values=diff,
                        pk=current["pk"],
                        before=before,
                        labels=self.describe(raw),
                        changed=changed,
                    )
                )
            else:
                plan.unchanged += 1
        self.check_whole(plan, existing, report)
        plan.errors.sort(key=lambda e: e.row)
        return plan

    def clean_row(self, number: int, values: dict, raw: dict, report) -> bool:
        """Rules across the cells of one row; report problems and return False to drop the row."""
        return True

    def check_whole(self, plan: ImportPlan, existing: dict, report) -> None:
        """Rules across rows (seats, totals), checked against the database as it is now."""

    def describe(self, raw: dict) -> tuple:
        """A few cells shown in the preview for a row."""
        return tuple(clean_text(raw.get(name)) for name in self.shown)

    def existing(self, keys: list[tuple], *, lock: bool = False) -> dict[tuple, dict]:
        """The rows of the database the file's keys match, with the fields the file can change.

        With `lock` (inside the confirmation's transaction) the matched rows are locked, in id
        order, until the commit, and read again as they are once locked.
        """
        found = self._match(keys)
        if lock and found:
            pks = sorted(row["pk"] for row in found.values())
            for start in range(0, len(pks), BATCH):
                chunk = pks[start : start + BATCH]
                locking.lock(self.model, chunk, values=())
            found = self._match(keys)
        return found

    def _match(self, keys: list[tuple]) -> dict[tuple, dict]:
        fields = sorted({c.name for c in self.columns()} | set(self.key) | set(self.extra_fields))
        found: dict[tuple, dict] = {}
        first = sorted({k[0] for k in keys}, key=str)
        for start in range(0, len(first), BATCH):
            chunk = first[start : start + BATCH]
            for row in self.model.objects.filter(**{f"{self.key[0]}__in": chunk}).values("pk", *fields):
                found[tuple(row[k] for k in self.key)] = row
        wanted = set(keys)
        return {k: v for k, v in found.items() if k in wanted}

    # applying

    def verify(self, plan: ImportPlan) -> tuple[list[tuple[Change, str]], dict]:
        """The rows someone else changed, removed or added since the preview, each with why; and the rows the plan
        matches as they are now, locked until the commit.

        Rows created meanwhile with the same natural key would also be refused by the key's
        unique constraint; looking for them first names them.
        """
        keys = [c.key for c in plan.creates] + [c.key for c in plan.updates]
        existing = self.existing(keys, lock=True)
        refused = [(c, _("It was created by someone else since the check.")) for c in plan.creates if c.key in existing]
        for change in plan.updates:
            current = existing.get(change.key)
            if current is None:
                refused.append((change, _("It was deleted by someone else since the check.")))
            elif any(current.get(k) != v for k, v in change.before.items()):
                refused.append((change, _("It was changed by someone else since the check.")))
        return refused, existing

    def recheck(self, plan: ImportPlan) -> list[tuple[Change, str]]:
        """The rows that no longer pass, each with why: what the check found that others can change before the
        confirmation is looked at again, on rows locked until the commit. Importers add their rules."""
        refused, _current = self.verify(plan)
        return refused

    def subject(self, change: Change) -> str:
        """What a row is about, in a refusal: the cells the preview showed."""
        return ", ".join(label for label in change.labels if label)

    def refusal(self, refused: Iterable[tuple[Change, str]]) -> ImportAborted:
        """The whole confirmation refused: every row that no longer passes, with the reason the check would give."""
        refused = sorted(refused, key=lambda item: item[0].row)
        rows = [
            _("Row %(row)s – %(subject)s: %(reason)s")
            % {"row": change.row, "subject": self.subject(change), "reason": reason}
            for change, reason in refused[:REFUSED_ROWS_TOLD]
        ]
        if len(refused) > REFUSED_ROWS_TOLD:
            more = len(refused) - REFUSED_ROWS_TOLD
            rows.append(ngettext("… and %(count)s more row.", "… and %(count)s more rows.", more) % {"count": more})
        return ImportAborted(
            _(
                "Nothing was saved: the data changed after the file was checked, and the rows below no longer pass. "
                "Check the file again, then upload it anew."
            ),
            rows=rows,
        )

    def apply(self, plan: ImportPlan, *, by, reason: str) -> None:
        """Write the plan (inside the caller's transaction), or nothing when a row no longer passes (ImportAborted)."""
        refused = self.recheck(plan)
        if refused:
            raise self.refusal(refused)
        self.write(plan, by=by, reason=reason)

    def write(self, plan: ImportPlan, *, by, reason: str) -> None:
        model = self.model
        new = [model(**model_values(change.values)) for change in plan.creates]
        if new:
            create_with_history(model, new, by=by, reason=reason)
        if plan.updates:
            self.update(plan.updates, by=by, reason=reason)

    def update(self, changes: list[Change], *, by, reason: str) -> None:
        model = self.model
        for start in range(0, len(changes), BATCH):
            chunk = changes[start : start + BATCH]
            objects = model.objects.in_bulk([c.pk for c in chunk])
            touched = set()
            for change in chunk:
                obj = objects[change.pk]
                for name, value in model_values(change.values).items():
                    setattr(obj, name, value)
                    touched.add(name)
            if not touched:
                continue
            bulk_update_with_history(
                list(objects.values()),
                model,
                sorted(touched),
                batch_size=BATCH,
                default_user=by,
                default_change_reason=reason,
            )


class ImporterExporter(Exporter):
    """An export in the columns of an importer, so that it imports back unchanged, then columns only to read."""

    importer: type[Importer]
    extra: Sequence[tuple] = ()

    @property
    def columns(self):
        return [(c.header, c.export or c.name) for c in self.importer().columns()] + list(self.extra)


# --- the registry and the two steps ------------------------------------------------------------


# The engine imports no app: each app hands its kinds to the engine in its AppConfig.ready(), and the model that
# records the uploads is named in settings (IMPORT_RECORD_MODEL, as AUTH_USER_MODEL names the user model).
_IMPORTERS: dict[str, type[Importer]] = {}
_EXPORTERS: dict[type[models.Model], type[Exporter]] = {}


def register_importers(importers_by_kind: dict[str, type[Importer]]) -> None:
    """Offer these kinds of import (kind → Importer); called from the owning app's AppConfig.ready()."""
    _register(_IMPORTERS, importers_by_kind, "import kind")


def register_exporters(exporters_by_model: dict[type[models.Model], type[Exporter]]) -> None:
    """Export these models' console lists with these exporters (model → Exporter) instead of the list's columns."""
    _register(_EXPORTERS, exporters_by_model, "exporter for")


def _register(registry: dict, entries: dict, what: str) -> None:
    for key, value in entries.items():
        if registry.get(key, value) is not value:
            raise ImproperlyConfigured(f"Two {what} {key!r}: {registry[key]!r} and {value!r}.")
        registry[key] = value


def importers() -> dict[str, type[Importer]]:
    return dict(_IMPORTERS)


def importer_for(kind: str) -> Importer:
    return _IMPORTERS[kind]()


def exporter_for(model: type[models.Model]) -> type[Exporter] | None:
    return _EXPORTERS.get(model)


def record_model() -> type[models.Model]:
    """The model of the import records (who uploaded which file, what it changed), named by IMPORT_RECORD_MODEL."""
    try:
        return apps.get_model(settings.IMPORT_RECORD_MODEL)
    except (ValueError, LookupError) as exc:
        raise ImproperlyConfigured(f"IMPORT_RECORD_MODEL names no installed model: {exc}") from exc


def import_check(*, kind: str, uploaded, by) -> tuple[models.Model, ImportPlan]:
    """Read and check an uploaded file once; keep the plan for the confirmation, or the marked file on errors, on the
    import record (in the database: every app server reads it there).

    Raises SpreadsheetError (nothing recorded) when the file itself cannot be read.
    """
    ImportRecord = record_model()
    importer = importer_for(kind)
    table = importer.read(uploaded)
    plan = importer.check(table)
    record = ImportRecord.objects.create(
        kind=kind,
        file_name=Path(getattr(uploaded, "name", "") or "upload.xlsx").name[:255],
        checksum=table.checksum,
        status=ImportStatus.REJECTED if plan.errors else ImportStatus.PREVIEWED,
        by=by,
        rows=plan.rows,
        # A rejected file changes nothing: its counts say so, whatever its good rows would have done.
        created_count=0 if plan.errors else len(plan.creates),
        updated_count=0 if plan.errors else len(plan.updates),
        unchanged_count=0 if plan.errors else plan.unchanged,
        error_count=len(plan.errors),
        plan=None if plan.errors else plan.to_data(),
        error_file=marked_workbook(table, plan.errors) if plan.errors else None,
    )
    # The stored copies are read back only by the confirmation and the error download: not held beside the plan.
    record.plan = record.error_file = None
    return record, plan


def broken_rule(exc: IntegrityError) -> str:
    """The plain-words message of the database rule an IntegrityError names (never the database's own text)."""
    text = str(exc)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            name = constraint.name % {"app_label": model._meta.app_label, "class": model.__name__.lower()}
            if name in text and getattr(constraint, "violation_error_message", None):
                return str(constraint.violation_error_message)
    return _("Another user changed the same rows meanwhile.")


def load_plan(record: models.Model) -> ImportPlan:
    """The plan kept on the record at the check (plain JSON data, read back by no code but this)."""
    if not record.plan:
        raise ImportAborted(_("This check has expired; upload the file again."))
    plan = ImportPlan.from_data(record.plan)
    if plan.checksum != record.checksum or plan.kind != record.kind:
        raise ImportAborted(_("This check has expired; upload the file again."))
    return plan


def import_apply(*, record: models.Model, by) -> models.Model:
    """Apply a checked file: everything in one transaction, or nothing (ImportAborted says why)."""
    if record.status != ImportStatus.PREVIEWED:
        raise ImportAborted(_("This file was already applied or cannot be applied."))
    importer = importer_for(record.kind)
    with translation.override(settings.LANGUAGE_CODE):
        reason = record.change_reason
    try:
        with transaction.atomic():
            locked = locking.lock_one(record)
            if locked.status != ImportStatus.PREVIEWED:
                raise ImportAborted(_("This file was already applied or cannot be applied."))
            plan = load_plan(locked)
            locked.plan = None  # the data is in `plan` now; what it wrote goes to the rows' history
            importer.apply(plan, by=by, reason=reason)
            locked.status = ImportStatus.APPLIED
            locked.applied_at = timezone.now()
            locked.save(update_fields=["status", "applied_at", "plan"])
    except IntegrityError as exc:
        raise ImportAborted(
            _("%(rule)s The data changed while the file was being checked, so nothing was saved. Upload it again.")
            % {"rule": broken_rule(exc)}
        ) from exc
    except ValidationError as exc:
        raise ImportAborted(" ".join(exc.messages)) from exc
    record.refresh_from_db()
    return record


def import_abandon(*, record: models.Model) -> bool:
    """Mark a check never confirmed as not applied, dropping its plan; False when it is no longer waiting (applied
    meanwhile, in another tab: the conditional UPDATE waits for that apply's row lock and then finds nothing to
    change)."""
    ImportRecord = record_model()
    abandoned = ImportRecord.objects.filter(pk=record.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.ABANDONED, plan=None
    )
    return bool(abandoned)


def import_files_expire(*, older_than: datetime.timedelta) -> tuple[int, int]:
    """Housekeeping of the imports' working data: checks never confirmed are abandoned (their plan dropped) and the
    marked error files dropped, once older than `older_than`. The import records stay. Returns (abandoned, error
    files dropped)."""
    ImportRecord = record_model()
    cutoff = timezone.now() - older_than
    # One conditional UPDATE: a check confirmed meanwhile holds its row lock until it commits, and is then no longer
    # waiting, so it is left as applied.
    abandoned = ImportRecord.objects.filter(status=ImportStatus.PREVIEWED, uploaded_at__lt=cutoff).update(
        status=ImportStatus.ABANDONED, plan=None
    )
    removed = ImportRecord.objects.filter(error_file__isnull=False, uploaded_at__lt=cutoff).update(error_file=None)
    return abandoned, removed


def imported_rows(record: models.Model, *, limit: int | None = None) -> tuple[list[tuple[int, str, bool]], int]:
    """The rows an applied import wrote, as (id, text, created), read from their history by the record's change
    reason; and how many there are. The first `limit`, in id order."""
    model = importer_for(record.kind).model
    with translation.override(settings.LANGUAGE_CODE):
        reason = record.change_reason
    history = model.history.filter(history_change_reason=reason)
    if record.applied_at:  # history_date is indexed: the import's own minutes, not the whole table
        history = history.filter(history_date__gte=record.uploaded_at, history_date__lte=record.applied_at)
    created = set(history.filter(history_type="+").values_list("id", flat=True))
    ids = sorted(set(history.values_list("id", flat=True)))
    shown = ids[:limit] if limit else ids
    objects = model.objects.in_bulk(shown)
    return [(pk, str(objects[pk]), pk in created) for pk in shown if pk in objects], len(ids)
