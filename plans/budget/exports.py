"""The estimate sent to the Department of Finance for appraisal (dự toán kinh phí đào tạo, bồi dưỡng), as a workbook
in the layout such requests take: a summary by category and funding source, the heads of cost, then every class's
lines (quantity × rate = amount). Every figure is `plans.budget.rollup.budget_of`'s, the plan PDF's section V's."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.models import ClassStatus
from plans.budget.models import EstimateLine
from plans.budget.rollup import BudgetFigures, budget_of
from plans.models import TrainingPlan
from training_portal.names import file_name
from training_portal.spreadsheets import SHEET_LANGUAGE, Exporter, write_xlsx


def request_sheets(plan: TrainingPlan, figures: BudgetFigures) -> list[tuple]:
    sources = [s.label for s in figures.sources]
    summary = [
        [number, row.label, *figures.cells(row), row.money.estimate]
        for number, row in enumerate(figures.categories, start=1)
    ]
    summary.append(["", _("Total"), *(s.money.estimate for s in figures.sources), figures.total.estimate])
    summary.append(["", _("Allocated"), *(s.money.allocated for s in figures.sources), figures.total.allocated])
    heads = [
        [number, row.label, *figures.cells(row), row.money.estimate]
        for number, row in enumerate(figures.groups, start=1)
    ]
    lines = (
        EstimateLine.objects.filter(training_class__target__plan=plan)
        .exclude(training_class__status=ClassStatus.CANCELLED)
        .order_by("training_class__start_date", "training_class__code", "item__order", "item__code")
        .values_list(
            "training_class__code",
            "training_class__title",
            "item__name",
            "item__unit",
            "quantity",
            "rate",
            "amount",
            "funding_source__name",
        )
    )
    detail = [
        [number, code, title, item, unit, float(quantity), rate, amount, source]
        for number, (code, title, item, unit, quantity, rate, amount, source) in enumerate(lines, start=1)
    ]
    return [
        (_("Summary"), [_("No."), _("Category"), *sources, _("Total (VND)")], summary),
        (_("By head of cost"), [_("No."), _("Head of cost"), *sources, _("Total (VND)")], heads),
        (
            _("Classes"),
            [
                _("No."),
                _("Class code"),
                _("Class name"),
                _("Cost item"),
                _("Unit"),
                _("Quantity"),
                _("Rate (VND)"),
                _("Amount (VND)"),
                _("Funding source"),
            ],
            detail,
        ),
    ]


class BudgetRequestExporter(Exporter):
    """The request of one plan's estimate to the Department of Finance (its "queryset" is the plan)."""

    identifier = "budget_request"
    name = gettext_lazy("Training budget estimate")

    def __init__(self, plan: TrainingPlan):
        self.plan = plan
        self.filename = file_name("du toan kinh phi", plan.year, plan.issuing_agency.abbreviation)

    def write(self, queryset, fileobj) -> None:
        with translation.override(SHEET_LANGUAGE):  # a workbook for the department, in its language
            fileobj.write(write_xlsx(request_sheets(self.plan, budget_of([self.plan]))))
