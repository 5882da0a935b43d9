"""Every refusal of the budget: a code, and one table of what it says (as `courses.refusals` for classes)."""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.budget.models import EXPLAIN_ABOVE_PERCENT


class BudgetRefusal(StrEnum):
    NO_RATE = "no_rate"
    QUANTITY_NOT_POSITIVE = "quantity_not_positive"
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    CLASS_SETTLED = "class_settled"
    CLASS_NOT_ENDED = "class_not_ended"
    NOTHING_SPENT = "nothing_spent"
    DIFFERENCE_UNEXPLAINED = "difference_unexplained"
    ALLOCATION_NEGATIVE = "allocation_negative"


MESSAGES = {
    BudgetRefusal.NO_RATE: _("There is no rate of “%(item)s” for %(year)s: enter the rate, or a rate on the line."),
    BudgetRefusal.QUANTITY_NOT_POSITIVE: _("The quantity must be above zero."),
    BudgetRefusal.AMOUNT_NOT_POSITIVE: _("The amount must be a whole number of đồng above zero."),
    BudgetRefusal.CLASS_SETTLED: _("The class %(code)s is already settled: its estimate and spending are closed."),
    BudgetRefusal.CLASS_NOT_ENDED: _("The class %(code)s has not ended yet: it is settled after its last day."),
    BudgetRefusal.NOTHING_SPENT: _("Nothing was spent on the class %(code)s: record its spending first."),
    BudgetRefusal.DIFFERENCE_UNEXPLAINED: _(
        "“%(item)s” (%(source)s) differs from its estimate by more than %(percent)s%%: write the reason."
    ),
    BudgetRefusal.ALLOCATION_NEGATIVE: _("An allocation cannot be negative."),
}


def message(code: BudgetRefusal, /, **params) -> str:
    text = str(MESSAGES[BudgetRefusal(code)])
    return text % params if params else text


class BudgetRefused(ValidationError):
    """A refusal raised by a budget service, worded from the table."""

    def __init__(self, code: BudgetRefusal, /, **params):
        code = BudgetRefusal(code)
        if code == BudgetRefusal.DIFFERENCE_UNEXPLAINED:
            params.setdefault("percent", EXPLAIN_ABOVE_PERCENT)
        super().__init__(MESSAGES[code], code=code.value, params=params or None)
        self.refusal = code
