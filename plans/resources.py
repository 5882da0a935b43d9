"""Agencies in and out of Excel, matched by their code."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import Agency, AgencyKind, ImportKind
from training_portal import importing
from training_portal.importing import Change, Lookup
from training_portal.spreadsheets import Column, clean_text, date_column, display, fold, format_date

# Only the agencies in force today are offered: a merged or closed agency is still matched by its code if typed.
agency_codes = importing.codes_of(Agency, rows=lambda: Agency.objects.valid_on(timezone.localdate()))


class AgencyImporter(importing.Importer):
    kind = ImportKind.AGENCIES
    model = Agency
    key = ("code",)
    title = gettext_lazy("Agencies")
    sheet_title = gettext_lazy("Agencies")
    filename = "mau-co-quan-don-vi"
    intro = (gettext_lazy("A row whose code already exists updates that agency; a new code adds an agency."),)
    required_for_new = ("name", "abbreviation")
    examples = {
        "code": "LS-PNV-CL",
        "name": "Phòng Nội vụ huyện Cao Lộc",
        "abbreviation": "PNV",
        "kind": AgencyKind.PEOPLES_COMMITTEE.label,
        "parent__code": "LS-UBND-CL",
        "place_name": "Cao Lộc",
        "headcount": 12,
        "valid_from": "01/07/2025",
    }

    def columns(self):
        return [
            Column("code", gettext_lazy("Agency code"), gettext_lazy("Unique, e.g. LS-SNV. Required."), True, 14),
            Column("name", gettext_lazy("Agency name"), gettext_lazy("Required."), True, 40),
            Column("abbreviation", gettext_lazy("Abbreviation"), gettext_lazy("e.g. SNV, UBND."), False, 12),
            Column(
                "kind",
                gettext_lazy("Kind of agency"),
                "",
                False,
                28,
                choices=importing.labels_of(AgencyKind),
                export=display("kind", AgencyKind.choices),
            ),
            Column(
                "parent__code",
                gettext_lazy("Parent agency code"),
                gettext_lazy("Code of an existing agency or of one in this file."),
                False,
                14,
                choices=agency_codes,
            ),
            Column("place_name", gettext_lazy("Place name"), gettext_lazy("e.g. Lạng Sơn."), False, 14),
            Column("headcount", gettext_lazy("Staff headcount"), "", False, 10),
            date_column("valid_from", gettext_lazy("Valid from")),
            date_column("valid_to", gettext_lazy("Valid to")),
        ]

    def prepare(self, table):
        # Codes are matched whatever their case, as every Lookup matches them (fold): a new code is written as its
        # first row has it, and a later row giving it in another case is the same agency, refused as a second row.
        self.known = {fold(code): code for code in Agency.objects.values_list("code", flat=True)}
        self.parents = Lookup(
            ((code, code) for code in self.known.values()),
            unknown=_("Unknown agency code: it is neither in the database nor in this file."),
        )
        for _number, values in table.rows:
            code = clean_text(values.get("code"))
            if code:
                code = self.known.setdefault(fold(code), code)
                self.parents.add(code, code)

    def parse_code(self, value):
        code = importing.text(40, required=True, validators=Agency._meta.get_field("code").validators)(value)
        return self.known.get(fold(code), code)

    def parsers(self):
        field = Agency._meta.get_field
        return {
            "code": self.parse_code,
            "name": importing.text(255, required=True),
            "abbreviation": importing.text(30, required=True),
            "kind": importing.choice(AgencyKind.choices, default=AgencyKind.DEPARTMENT),
            "parent__code": self.parents.parser(required=False),
            "place_name": importing.text(field("place_name").max_length),
            "headcount": importing.integer(),
            "valid_from": importing.date(),
            "valid_to": importing.date(),
        }

    def clean_row(self, number, values, raw, report):
        if values.get("headcount", 0) is None:
            values["headcount"] = 0
        if values.get("parent__code") and values["parent__code"] == values["code"]:
            report(number, "parent__code", raw.get("parent__code"), _("An agency cannot be its own parent."))
            return False
        return True

    def check_whole(self, plan, existing, report):
        # A file may carry only one of the two dates: an update is checked with the other as stored.
        for change in plan.creates + plan.updates:
            merged = {**existing.get(change.key, {}), **change.values}
            start, end = merged.get("valid_from"), merged.get("valid_to")
            if start and end and end < start:
                report(change.row, "valid_to", format_date(end), _("The end of validity cannot be before its start."))

    def recheck(self, plan):
        refused, _current = self.verify(plan)
        # A parent named by its code must still exist, or be added by this file.
        linked = [c for c in plan.creates + plan.updates if c.values.get("parent__code")]
        named = {c.values["parent__code"] for c in linked}
        there = set(Agency.objects.filter(code__in=named).values_list("code", flat=True))
        there |= {c.key[0] for c in plan.creates}
        refused += [
            (c, _("Unknown agency code: it is neither in the database nor in this file."))
            for c in linked
            if c.values["parent__code"] not in there
        ]
        return refused

    def write(self, plan, *, by, reason):
        super().write(plan, by=by, reason=reason)  # every field but the parent, which may be a new row
        linked = [c for c in plan.updates if "parent__code" in c.values]
        linked += [c for c in plan.creates if c.values.get("parent__code")]
        if not linked:
            return
        codes = {c.values["parent__code"] for c in linked} | {c.key[0] for c in linked}
        ids = dict(Agency.objects.filter(code__in=codes - {None}).values_list("code", "pk"))
        changes = [
            Change(row=c.row, key=c.key, values={"parent_id": ids.get(c.values["parent__code"])}, pk=ids[c.key[0]])
            for c in linked
        ]
        self.update(changes, by=by, reason=reason)


class AgencyExporter(importing.ImporterExporter):
    identifier = "agencies"
    name = gettext_lazy("Agencies")
    filename = "co-quan-don-vi"
    importer = AgencyImporter


IMPORTERS = {ImportKind.AGENCIES.value: AgencyImporter}
EXPORTERS = {Agency: AgencyExporter}
