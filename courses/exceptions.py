"""Exceptions to the rules of eligibility as a report (danh sách ngoại lệ về điều kiện cử đi đào tạo, bồi dưỡng).

Staff lift a rule for one person (`EligibilityOverride`: the rule, the class or the kind of training, the reason, who
decided and when); the rules then let that person through (`courses.eligibility`). This module is what the reports
read of them: the list of a year's exceptions with where each was used (the dashboard's page and its Excel), and
their count by rule (the annual report). The person's own record reads theirs in `courses.training_record`.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from courses.models import (
    SEAT_HOLDING_STATUSES,
    EligibilityOverride,
    Nomination,
    NominationStatus,
    OverridableRule,
    PostgraduatePlace,
    ProposalKind,
)
from training_portal.names import person_name
from training_portal.spreadsheets import SHEET_LANGUAGE, Exporter


@dataclass(frozen=True)
class ExceptionFilters:
    year: int | None  # the year the exception was decided; None: every year
    rule: str = ""  # an OverridableRule; "": every rule


def exceptions_in(filters: ExceptionFilters) -> QuerySet[EligibilityOverride]:
    """The exceptions under the filters, latest first, each with the person, their agency, the class, who decided,
    and the person's nomination in that class (its status: was the exception used?). One query a page."""
    queryset = EligibilityOverride.objects.select_related("trainee", "trainee__agency", "training_class", "decided_by")
    if filters.year is not None:
        queryset = queryset.filter(decided_at__year=filters.year)
    if filters.rule:
        queryset = queryset.filter(rule=filters.rule)
    nomination = Nomination.objects.filter(
        trainee=OuterRef("trainee"), training_class=OuterRef("training_class")
    ).order_by("-pk")
    return queryset.annotate(nomination_status=Subquery(nomination.values("status")[:1])).order_by("-decided_at", "-pk")


def exception_years() -> list[int]:
    """The years in which staff decided exceptions, latest first (one query), and this year in any case."""
    years = {day.year for day in EligibilityOverride.objects.dates("decided_at", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class RuleCount:
    rule: str
    label: str
    count: int


def exceptions_by_rule(year: int) -> list[RuleCount]:
    """How many exceptions staff decided in the year, for each rule they lifted (the annual report's table). One
    query; the rules without any are left out."""
    return _by_rule(EligibilityOverride.objects.filter(decided_at__year=year))


def exceptions_in_plans(plans) -> list[RuleCount]:
    """The exceptions the plans' training used, by rule (the annual report's table): those staff decided for a class
    of the plans, and those for a kind of training held by someone with a seat or a place in the plans — whenever
    they were decided. One query; the rules without any are left out."""
    seat = Exists(
        Nomination.objects.filter(
            trainee=OuterRef("trainee"), training_class__target__plan__in=plans, status__in=SEAT_HOLDING_STATUSES
        )
    )
    place = Exists(PostgraduatePlace.objects.filter(trainee=OuterRef("trainee"), target__plan__in=plans))
    holds = Q(Q(applies_to=ProposalKind.POSTGRADUATE), place) | Q(~Q(applies_to=ProposalKind.POSTGRADUATE), seat)
    return _by_rule(
        EligibilityOverride.objects.filter(
            Q(training_class__target__plan__in=plans) | Q(Q(training_class__isnull=True), holds)
        )
    )


def _by_rule(exceptions: QuerySet[EligibilityOverride]) -> list[RuleCount]:
    """The exceptions counted per rule, in the rules' own order, with their names (one query)."""
    order = list(OverridableRule)
    labels = dict(OverridableRule.choices)
    rows = exceptions.values("rule").annotate(count=Count("pk")).order_by()
    found = [RuleCount(row["rule"], str(labels.get(row["rule"], row["rule"])), row["count"]) for row in rows]
    return sorted(found, key=lambda r: order.index(r.rule) if r.rule in labels else len(order))


def nomination_status_label(status: str | None) -> str:
    return str(dict(NominationStatus.choices).get(status, "")) if status else ""


# An exception as the columns of a sheet: the person's record has these; the list of exceptions adds the person
# before them and their nomination after.
EXCEPTION_HEADERS = (
    _("Rule lifted"),
    _("Class code"),
    _("Class"),
    _("Kind of training"),
    _("Reason"),
    _("Decided by"),
    _("Decided at"),
)


def exception_row(exception: EligibilityOverride) -> list:
    training_class = exception.training_class
    return [
        str(exception.get_rule_display()),
        training_class.code if training_class else "",
        training_class.title if training_class else "",
        "" if training_class else str(exception.get_applies_to_display()),
        exception.reason,
        person_name(exception.decided_by),
        timezone.localtime(exception.decided_at).date(),
    ]


class ExceptionExporter(Exporter):
    """The list of exceptions as a workbook: the person, the rule lifted, for what, why, who decided and when, and
    the person's nomination in the class (the exception used or not)."""

    identifier = "exceptions"
    name = _("Eligibility exceptions")
    filename = "danh-sach-ngoai-le-dieu-kien"
    columns = tuple(
        (header, None)
        for header in (
            _("Full name"),
            _("Date of birth"),
            _("Agency"),
            *EXCEPTION_HEADERS,
            _("Nomination in the class"),
        )
    )

    def rows(self, filters: ExceptionFilters):
        with translation.override(SHEET_LANGUAGE):
            for exception in exceptions_in(filters).iterator(chunk_size=self.chunk_size):
                trainee = exception.trainee
                yield [
                    trainee.full_name,
                    trainee.date_of_birth,
                    trainee.agency.name,
                    *exception_row(exception),
                    nomination_status_label(exception.nomination_status),
                ]
