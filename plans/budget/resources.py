"""Spending on classes in and out of Excel, matched by class code, item code, funding source code and voucher."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import TrainingClass
from courses.resources import class_column, class_lookup
from plans.budget.models import CostItem, EstimateLine, Settlement, SpendingLine
from plans.budget.refusals import BudgetRefusal, message
from plans.models import FundingSource, ImportKind
from training_portal import importing, locking
from training_portal.importing import Lookup, codes_of
from training_portal.spreadsheets import Column, Exporter, date_column

MAX_AMOUNT = 10**15 - 1


class SpendingImporter(importing.Importer):
    kind = ImportKind.SPENDING
    model = SpendingLine
    key = ("training_class_id", "item_id", "funding_source_id", "voucher")
    title = gettext_lazy("Spending on classes")
    sheet_title = gettext_lazy("Spending")
    filename = "mau-thuc-chi"
    intro = (
        gettext_lazy(
            "One row per payment voucher: the class, the cost item, the funding source, the voucher's number, "
            "its date and the amount in whole đồng. A row whose class, item, source and voucher exist updates it."
        ),
        gettext_lazy("A settled class's spending is closed: its rows are refused."),
    )
    required_for_new = ("spent_on", "amount")
    examples = {
        "training_class_id": "2025-A-01",
        "item_id": "giang-vien-tinh",
        "funding_source_id": "nsnn-tinh",
        "voucher": "PC-0125",
        "spent_on": "20/06/2025",
        "amount": "12.000.000",
    }

    def columns(self):
        return [
            class_column(),
            Column(
                "item_id",
                gettext_lazy("Cost item code"),
                gettext_lazy("Choose from the list."),
                True,
                18,
                choices=codes_of(CostItem),
                export="item__code",
            ),
            Column(
                "funding_source_id",
                gettext_lazy("Funding source code"),
                gettext_lazy("Choose from the list."),
                True,
                14,
                choices=codes_of(FundingSource),
                export="funding_source__code",
            ),
            Column("voucher", gettext_lazy("Voucher number"), gettext_lazy("Required."), True, 14),
            date_column("spent_on", gettext_lazy("Date spent")),
            Column(
                "amount",
                gettext_lazy("Amount (VND)"),
                gettext_lazy("A whole number of đồng above zero, e.g. 12.000.000."),
                True,
                14,
            ),
            Column("note", gettext_lazy("Note"), "", False, 30),
        ]

    def prepare(self, table):
        self.classes = class_lookup()
        self.items = Lookup(CostItem.objects.values_list("pk", "code", "name"), unknown=_("Unknown cost item."))
        self.sources = Lookup(
            FundingSource.objects.values_list("pk", "code", "name"), unknown=_("Unknown funding source.")
        )
        self.settled = set(Settlement.objects.values_list("training_class_id", flat=True))

    def parsers(self):
        field = SpendingLine._meta.get_field
        return {
            "training_class_id": self.classes.parser(),
            "item_id": self.items.parser(),
            "funding_source_id": self.sources.parser(),
            "voucher": importing.text(field("voucher").max_length, required=True),
            "spent_on": importing.date(),
            "amount": importing.integer(minimum=1, maximum=MAX_AMOUNT),
            "note": importing.text(field("note").max_length),
        }

    def clean_row(self, number, values, raw, report):
        if values["training_class_id"] in self.settled:
            code = raw.get("training_class_id")
            report(number, "training_class_id", code, message(BudgetRefusal.CLASS_SETTLED, code=code))
            return False
        return True

    def recheck(self, plan):
        # The classes first (LOCK_ORDER: a class, then its spending lines), so none is settled meanwhile.
        changes = plan.creates + plan.updates
        class_ids = sorted({c.key[0] for c in changes})
        locking.lock(TrainingClass, class_ids, values=())
        refused, _current = self.verify(plan)
        settled = set(
            Settlement.objects.filter(training_class_id__in=class_ids).values_list("training_class_id", flat=True)
        )
        refused += [
            (c, message(BudgetRefusal.CLASS_SETTLED, code=c.labels[0] if c.labels else ""))
            for c in changes
            if c.key[0] in settled
        ]
        return refused


class SpendingExporter(importing.ImporterExporter):
    identifier = "spending"
    name = gettext_lazy("Spending on classes")
    filename = "thuc-chi"
    importer = SpendingImporter
    extra = ((gettext_lazy("Class name"), "training_class__title"), (gettext_lazy("Cost item"), "item__name"))


class EstimateLineExporter(Exporter):
    identifier = "estimate_lines"
    name = gettext_lazy("Estimate lines")
    filename = "du-toan-lop"
    columns = (
        (gettext_lazy("Class code"), "training_class__code"),
        (gettext_lazy("Class name"), "training_class__title"),
        (gettext_lazy("Cost item code"), "item__code"),
        (gettext_lazy("Cost item"), "item__name"),
        (gettext_lazy("Unit"), "item__unit"),
        (gettext_lazy("Funding source"), "funding_source__name"),
        (gettext_lazy("Quantity"), "quantity"),
        (gettext_lazy("Rate (VND)"), "rate"),
        (gettext_lazy("Amount (VND)"), "amount"),
    )


IMPORTERS = {ImportKind.SPENDING.value: SpendingImporter}
EXPORTERS = {SpendingLine: SpendingExporter, EstimateLine: EstimateLineExporter}
