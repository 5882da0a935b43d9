"""Pieces shared by the staff console of every app."""

import datetime
import decimal
import json
import operator
from functools import reduce

from csp.constants import UNSAFE_HASHES
from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field, lookup_spawns_duplicates, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from training_portal import importing, search
from training_portal.importing import ImportStatus
from training_portal.keys import are_keys, is_key
from training_portal.locking import LockBusy, lock_one
from training_portal.names import file_name, person_name
from training_portal.spreadsheets import (
    SHEET_LANGUAGE,
    UPLOAD_ACCEPT,
    Exporter,
    SpreadsheetError,
    format_date,
    xlsx_response,
)


class ListDisplayExporter(Exporter):
    """Any admin list as Excel: the columns the list shows, with the values it shows (names, dd/mm/yyyy)."""

    def __init__(self, modeladmin, request):
        self.modeladmin = modeladmin
        self.names = [n for n in modeladmin.get_list_display(request) if n != "action_checkbox"]
        self.name = modeladmin.model._meta.verbose_name_plural
        with translation.override("vi"):  # a file name in Vietnamese whatever the page's language: "lop-boi-duong"
            self.filename = file_name(modeladmin.model._meta.verbose_name_plural)

    def headers(self):
        model = self.modeladmin.model
        with translation.override(SHEET_LANGUAGE):
            return [strip_tags(str(label_for_field(n, model, self.modeladmin))) for n in self.names]

    def rows(self, queryset):
        with translation.override(SHEET_LANGUAGE):
            for obj in queryset.iterator(chunk_size=self.chunk_size):
                yield [self.cell(name, obj) for name in self.names]

    def cell(self, name, obj):
        field, _attr, value = lookup_field(name, obj, self.modeladmin)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value) if timezone.is_aware(value) else value  # a date cell, in local time
        if isinstance(value, datetime.date):
            return value  # a date cell (dd/mm/yyyy)
        value = readable(value, field)
        if isinstance(value, int | float | decimal.Decimal):
            return value
        return strip_tags(str(value))


def readable(value, field=None):
    """A stored value as the console shows it to people: a choice's label ("Đang nhận đăng ký", not "open"), yes or
    no, dd/mm/yyyy, a user's name family name first, "" for none; numbers and text as they are."""
    if field is not None and getattr(field, "flatchoices", None):
        value = dict(field.flatchoices).get(value, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, AbstractBaseUser):
        return person_name(value)
    return value


def person_column(model, field_name: str):
    """A console column (or read-only field) showing a user foreign key as the person's name, family name first
    ("Hoàng Văn Tuấn"), under the field's label. Assign it on the ModelAdmin and name it in list_display."""

    @admin.display(description=model._meta.get_field(field_name).verbose_name, ordering=f"{field_name}__last_name")
    def column(modeladmin, obj):
        return person_name(getattr(obj, field_name)) or "–"

    return column


class HistoryChanges(HistoricalRecordContextHelper):
    """The changes of a history row, in the words of the change page: the field's label (simple-history's own),
    and values as `readable` gives them."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return readable(value, field)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel (.xlsx) or OpenDocument (.ods) file"),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )


RESULT_ROWS = 500  # rows of an applied import listed on its page; the count says how many there are


class JunkSafeChangeList(ChangeList):
    """A list whose date hierarchy refuses a year no date can hold (`?…__year=99999999999999999999`) as any other
    wrong filter: the list again, with Django's "wrong filter" notice (?e=1), not a server error."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as exc:
            raise IncorrectLookupParameters(exc) from exc

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        try:
            queryset.query.sql_with_params()  # a filter's number no column holds shows only when the SQL is written
        except EmptyResultSet:
            pass
        except OverflowError as exc:
            raise IncorrectLookupParameters(exc) from exc
        return queryset


class _KeysOnly:
    """An autocomplete box that shows only the chosen values that are keys: a junk value in the URL (`?agency=abc`)
    or in a refused form is dropped, where Django would look it up and fail."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_key(self.field, v)], attr)


class KeysOnlyAutocompleteSelect(_KeysOnly, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(_KeysOnly, AutocompleteSelectMultiple):
    pass


class KeysOnlyModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a value that is no key with the field's own message, before the query Django would fail on."""

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name or self.queryset.model._meta.pk.name)
        for pk in value:
            if not is_key(key, pk):
                message = self.error_messages["invalid_pk_value"]
                raise ValidationError(message, code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


class KeysOnlyFormfieldsMixin:
    """A model admin's or an inline's relations take only keys: a junk value in a posted form or in the URL that
    fills an add page is refused (or dropped from the box), where Django's autocomplete box and multiple choice
    would look it up and fail."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KeysOnlyAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KeysOnlyAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", KeysOnlyModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class JunkSafeAdminMixin(KeysOnlyFormfieldsMixin):
    """The console's pages answer junk ids and filters as "not found" or "not valid", never with a server error:
    an object id that is no key (`/abc/change/`, `/99999999999999999999/history/`), a year no date can hold in a
    list's date filter, a selection of junk ids posted with an action, junk in the URL that fills an add page
    (`?agency=abc`) or in a form's relation (KeysOnlyFormfieldsMixin: the inlines take it too)."""

    def get_changelist(self, request, **kwargs):
        return JunkSafeChangeList

    def get_object(self, request, object_id, from_field=None):
        field = self.opts.get_field(from_field) if from_field else self.opts.pk
        if not is_key(field, object_id):
            return None  # Django's "no such object" answer
        return super().get_object(request, object_id, from_field)

    def history_view(self, request, object_id, extra_context=None):
        if not is_key(self.opts.pk, unquote(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def response_action(self, request, queryset):
        if not are_keys(self.opts.pk, request.POST.getlist(ACTION_CHECKBOX_NAME)):
            self.message_user(
                request,
                _("Items must be selected in order to perform actions on them. No items have been changed."),
                messages.WARNING,
            )
            return None  # the list again
        return super().response_action(request, queryset)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:  # a form-only field takes what its form accepts
                continue
            values = value if isinstance(value, list) else [value]
            if field.is_relation and field.concrete and not are_keys(field, values):
                del initial[name]
        return initial


class ExcelAdminMixin:
    """Every list exports its filtered rows to Excel; a list with an importer also takes uploads.

    The export honours the list's current filters, search and ordering. The import is
    checked as a whole, previewed, then applied on confirmation, all or nothing.
    """

    change_list_template = "admin/excel/change_list.html"
    excel_import = None  # an ImportKind value when the list takes uploads

    def excel_exporter(self, request) -> Exporter:
        exporter = importing.exporter_for(self.model)
        return exporter() if exporter else ListDisplayExporter(self, request)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        urls = [path("export.xlsx", wrap(self.export_xlsx_view), name=f"{name}_export_xlsx")]
        if self.excel_import:
            urls += [
                path("import/", wrap(self.import_xlsx_view), name=f"{name}_import_xlsx"),
                path("import/template.xlsx", wrap(self.import_template_view), name=f"{name}_import_template"),
                path("import/<int:record_id>/errors.xlsx", wrap(self.import_errors_view), name=f"{name}_import_errors"),
                path("import/<int:record_id>/", wrap(self.import_result_view), name=f"{name}_import_result"),
            ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "excel_import": bool(self.excel_import) and self._may_import(request)}
        return super().changelist_view(request, extra_context)

    def _may_import(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def export_xlsx_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist") + "?e=1")
        return self.excel_exporter(request).response(queryset)

    def import_template_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        filename, data = importing.importer_for(self.excel_import).template()
        return xlsx_response(filename, data)

    def import_errors_view(self, request, record_id):
        if not self._may_import(request):
            raise PermissionDenied
        record = get_object_or_404(
            importing.record_model().objects.only("file_name", "error_file"), pk=record_id, kind=self.excel_import
        )
        if record.error_file is None:  # none, or dropped by expire_imports
            raise Http404
        stem = record.file_name.removesuffix(".xlsx").removesuffix(".ods")
        return xlsx_response(f"{stem}-loi.xlsx", bytes(record.error_file))

    def import_result_view(self, request, record_id):
        """What a confirmed file wrote: every row it created or updated, each linked to its page."""
        if not self._may_import(request):
            raise PermissionDenied
        record = get_object_or_404(
            importing.record_model().objects.defer("plan", "error_file").select_related("by"),
            pk=record_id,
            kind=self.excel_import,
        )
        shown, total = importing.imported_rows(record, limit=RESULT_ROWS) if record.applied_at else ([], 0)
        change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        rows = [(reverse(change, args=[pk]), text, created) for pk, text, created in shown]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Excel import #%(id)s: %(file)s") % {"id": record.pk, "file": record.file_name},
            "record": record,
            "summary": import_summary(record) if record.applied_at else record.get_status_display(),
            "rows": rows,
            "total": total,
        }
        return TemplateResponse(request, "admin/excel/result.html", context)

    def import_xlsx_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        if request.method == "POST" and request.POST.get("record"):
            if not is_key(importing.record_model()._meta.pk, request.POST["record"]):
                raise Http404  # a junk `record=`: no such file
            # Any status: a second click on "Apply" is answered by import_apply ("already applied"), not a 404.
            # The plan is read under the row lock by import_apply, not here.
            records = importing.record_model().objects.defer("plan", "error_file")
            record = get_object_or_404(records, pk=request.POST["record"], kind=self.excel_import)
            if "cancel" in request.POST:
                importing.import_abandon(record=record)
                record.refresh_from_db(fields=["status"])  # applied meanwhile, in another tab?
                if record.status == ImportStatus.APPLIED:
                    self.message_user(request, _("This file was already applied or cannot be applied."), messages.INFO)
                else:
                    self.message_user(request, _("The file was not applied; nothing changed."), messages.INFO)
                return redirect(changelist)
            try:
                record = importing.import_apply(record=record, by=request.user)
            except importing.ImportAborted as exc:
                for line in (exc.message, *exc.rows):
                    self.message_user(request, line, messages.ERROR)
                return redirect(request.path)
            self.message_user(request, import_summary(record), messages.SUCCESS)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_result", record.pk)
        form = ImportForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(things)s from Excel") % {"things": self.opts.verbose_name_plural},
            "form": form,
            "kind": self.excel_import,
            "recent": importing.record_model()
            .objects.filter(kind=self.excel_import)
            .defer("plan", "error_file")
            .select_related("by")[:10],
        }
        status = 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    record, plan = importing.import_check(
                        kind=self.excel_import, uploaded=form.cleaned_data["file"], by=request.user
                    )
                except SpreadsheetError as exc:
                    form.add_error("file", str(exc))
                else:
                    status = 400 if plan.errors else 200
                    context.update(record=record, plan=plan, errors=plan.errors[:500])
        return TemplateResponse(request, "admin/excel/import.html", context, status=status)


def import_summary(record) -> str:
    if not (record.created_count or record.updated_count):
        return _("Nothing changed: all %(count)s rows are already as in the file.") % {"count": record.unchanged_count}
    return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": record.created_count,
        "updated": record.updated_count,
        "unchanged": record.unchanged_count,
    }


def clipped(text) -> str:
    """A long title in a console list: at most two lines (`.clip` in admin-extra.css), its whole text on hover."""
    text = str(text)
    return format_html('<span class="clip" title="{}">{}</span>', text, text)


def clipped_column(model, field: str, *, ordering: str | None = None):
    """A list_display column of a long text or related object, clipped by `clipped`, under the field's own
    label; the Excel export of the list reads the whole text (strip_tags)."""

    @admin.display(description=model._meta.get_field(field).verbose_name, ordering=ordering or field)
    def column(modeladmin, obj):
        value = getattr(obj, field)
        return clipped(value) if value not in (None, "") else "–"

    column.__name__ = f"{field}_clipped"
    return column


class CheapCountPaginator(Paginator):
    """Counts exactly up to `exact_up_to` rows; past that, on PostgreSQL, takes the planner's estimate.

    An exact COUNT(*) of a million nominations costs more than the whole rest of the page
    (100 ms and more, every page); the estimate (the table's statistics, kept by autovacuum,
    or the plan's row estimate for a filtered list) costs a millisecond. The count only
    sizes the page links: a list that long is read through its filters and search.
    """

    exact_up_to = 10_000
    deep_from = 1_000  # rows skipped from which a page reads its ids first
    few = 5_000  # matches of a search or filter that a page sorts by their ids

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":
            return super().count
        if self._matching_ids is not None:
            capped = len(self._matching_ids)
        else:
            capped = queryset.order_by()[: self.exact_up_to + 1].count()
        if capped <= self.exact_up_to:
            return capped
        plan = json.loads(queryset.order_by().explain(format="json"))
        return max(int(plan[0]["Plan"]["Plan Rows"]), capped)

    @cached_property
    def _by_id(self) -> bool:
        """Whether the list is in id order, which a page walks along the primary key whatever matches."""
        meta = self.object_list.model._meta
        return all(
            str(field).lstrip("-") in {"pk", meta.pk.name, meta.pk.attname} for field in self.object_list.query.order_by
        )

    @cached_property
    def _matching_ids(self) -> list | None:
        """The ids a search or filter matches, up to one more than `exact_up_to`: counted, and sorted when few
        (a list in id order needs only their count, which an index gives without reading the rows)."""
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or not queryset.query.has_filters() or self._by_id:
            return None
        return list(queryset.order_by().values_list("pk", flat=True)[: self.exact_up_to + 1])

    def page(self, number):
        """A deep or filtered page reads its 50 ids in the list's order first, then only those rows.

        OFFSET 25,000 with `list_select_related` joins 25,000 rows only to drop them; the ids
        alone come from an index. A search that many rows match walks the order's index, and
        reads only the index when it carries the key (the trainees' on PostgreSQL); one that
        few rows match sorts just those.
        """
        page = super().page(number)
        bottom = (page.number - 1) * self.per_page
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or not queryset.ordered:
            return page
        filtered = queryset.query.has_filters()
        if not filtered and bottom < self.deep_from:
            return page
        ordered = queryset
        if filtered and self._matching_ids is not None and len(self._matching_ids) <= self.few:
            # Few rows match: name them to the planner, which then sorts just those instead of walking the list's
            # order until 50 match (for a rare name, most of the table). A list in id order walks its primary key.
            ordered = queryset.filter(pk__in=self._matching_ids)
        ids = list(ordered.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        page.object_list = queryset.filter(pk__in=ids)
        return page


class BigListMixin:
    """A console list that stays fast on a country's data: cheap counts, deep pages by id, light rows."""

    paginator = CheapCountPaginator
    show_full_result_count = False  # one COUNT(*) fewer on big tables

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # Django's own renders a form widget through the template engine for each row: a fifth of a list's time.
        # The same markup, written once.
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            admin.helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )


class FoldedSearchMixin:
    """Every search box of the console ignores diacritics and case ("nguyen van" finds "Nguyễn Văn …").

    `search_fields` that a searchable model's folded key covers (its own, or a related
    one's: "trainee__full_name" -> the trainee's key) are searched in that key with the
    folded terms; a row is found when one key holds every term (a person's name typed in
    full, not half a name and half an agency). The other fields (long notes, user names)
    are searched as Django does, `icontains`. A related key is searched as
    `trainee_id IN (…)`: the few matching ids are read first from the trigram index of the
    smaller table, so the big one is read through its foreign-key index, never joined.
    """

    related_ids_up_to = 5_000  # more matching related rows than this: a subquery instead of a list of ids

    def get_search_results(self, request, queryset, search_term):
        bits = search.split_terms(search_term)
        if not bits or not self.get_search_fields(request):
            return super().get_search_results(request, queryset, search_term)
        keyed, plain = search.search_paths(self.model, self.get_search_fields(request))
        terms = [search.fold(bit) for bit in bits]
        condition = Q(pk__in=[])
        for prefix, model in keyed:
            if not prefix:
                condition |= search.key_matches(terms)
                continue
            matching = model._base_manager.filter(search.key_matches(terms)).order_by().values_list("pk", flat=True)
            ids = list(matching[: self.related_ids_up_to + 1])
            if len(ids) > self.related_ids_up_to:
                ids = matching
            condition |= Q(**{f"{prefix}__in": ids})
        if plain:
            every_term = Q()
            for bit in bits:
                every_term &= reduce(operator.or_, (Q(**{f"{field}__icontains": bit}) for field in plain))
            condition |= every_term
        may_have_duplicates = any(lookup_spawns_duplicates(self.opts, field) for field in plain)
        return queryset.filter(condition), may_have_duplicates


class ReadOnlyAdmin(JunkSafeAdminMixin, BigListMixin, FoldedSearchMixin, ExcelAdminMixin, admin.ModelAdmin):
    """Records written by the services (logs, imports): readable, searchable, exportable, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-simple-history's history list writes one style attribute, `style="border-top: 0"` on its paginator: its
# page lets that exact attribute in by its hash (settings.CONTENT_SECURITY_POLICY refuses style attributes).
HISTORY_LIST_CSP = {"style-src": [UNSAFE_HASHES, "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"]}


class HistoryAdmin(JunkSafeAdminMixin, BigListMixin, FoldedSearchMixin, ExcelAdminMixin, SimpleHistoryAdmin):
    """A model admin with the audit history ("Lịch sử") button and Excel export."""

    list_per_page = 50

    @method_decorator(csp_update(HISTORY_LIST_CSP))
    def history_view(self, request, object_id, extra_context=None):
        return super().history_view(request, object_id, extra_context)

    def revert_disabled(self, request, obj=None) -> bool:
        return True  # an old version is shown, with no "Revert" button: see history_form_view

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChanges(self.model, historical_record)

    def history_view_title(self, request, obj):
        return _("History: %s") % obj

    def history_form_view_title(self, request, obj):
        return _("An earlier version: %s") % obj

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version can be looked at, never saved back. Reverting would write its seat counters, nomination
        status or register number straight into the row, past the services that keep them true (a nomination
        back to "approved" without its seat, a class with the seats it had last month). Changes go through the
        change page and its services; an issued document through a correction."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)


def keep_stored_values(obj, fields_of) -> None:
    """Put back on `obj`, just before it is saved, the stored values of the fields only a service writes (a register
    number, an issue date), read under a row lock; `fields_of(stored)` names them for the stored row.

    Read-only fields are left out of the form, but a change page is not the only way in: the history's "revert"
    saves a whole old version, register fields included. Call inside a transaction."""
    stored = lock_one(obj, missing_ok=True)
    if stored is None:
        return
    for name in fields_of(stored):
        setattr(obj, name, getattr(stored, name))


def form_value(form, name: str):
    """A field's value in a console form: the one typed, or the stored one where the field is read-only (a change
    page shows it but does not post it)."""
    return form.cleaned_data[name] if name in form.cleaned_data else getattr(form.instance, name)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def check_by_dry_run(service, /, **kwargs) -> None:
    """Run a service in a savepoint that is always rolled back, so a form can show the rule it breaks as a
    message instead of a crash page; raises ValidationError with the service's plain words."""
    try:
        with transaction.atomic():
            service(**kwargs)
            transaction.set_rollback(True)
    except ValidationError as exc:
        raise ValidationError(error_text(exc)) from exc


def run_service_on_each(modeladmin, request, queryset, service, success_message: str, **kwargs) -> None:
    """Call `service` for each selected object; report how many succeeded and why the others did not."""
    done = 0
    for obj in queryset:
        try:
            service(obj, by=request.user, **kwargs)
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {error_text(exc)}", messages.ERROR)
        except LockBusy as exc:  # this one's transaction was rolled back; the others stand
            modeladmin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
    if done:
        modeladmin.message_user(request, success_message % {"count": done}, messages.SUCCESS)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Recorded with the change and shown to the agency."),
    )


def action_with_reason(
    modeladmin, request, queryset, *, title: str, service, success_message: str, form_class=ReasonForm
):
    """An admin action that first asks for a reason on an intermediate page, then runs the service."""
    if "apply" in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            run_service_on_each(
                modeladmin, request, queryset, service, success_message, reason=form.cleaned_data["reason"]
            )
            return None
    else:
        form = form_class()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": queryset,
        "form": form,
        "action": request.POST.get("action"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "submit_label": _("Confirm"),
    }
    return TemplateResponse(request, "admin/action_with_reason.html", context)
