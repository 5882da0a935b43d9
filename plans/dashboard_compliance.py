"""The dashboard's block on who is behind (courses/compliance.py): the share compliant per agency of the plan's
province and the alerts for leaders past or near their training deadline, each linking to its list.

Apart from plans/dashboard.py so the two grow apart: five queries (the province's agencies, then two per figure),
whatever the number of people; none for the whole country, whose page says to choose a province.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from courses.compliance import AgencyShare, Filters, ListKind, Reason, agency_shares, reason_counts
from plans.dashboard import Scope
from plans.models import Agency

AGENCIES_SHOWN = 8


@dataclass
class ComplianceBlock:
    year: int
    shares: list[AgencyShare]  # the agencies least compliant first
    past: int  # leaders past their deadline
    near: int  # leaders within COMPLIANCE_SOON_DAYS of it
    soon_days: int

    @property
    def people(self) -> int:
        return sum(s.people for s in self.shares)

    @property
    def compliant(self) -> int:
        return sum(s.compliant for s in self.shares)

    @property
    def share(self) -> int | None:
        return None if not self.people else self.compliant * 100 // self.people

    @property
    def lowest(self) -> list[AgencyShare]:
        return self.shares[:AGENCIES_SHOWN]


def compliance_block(scope: Scope, today: datetime.date) -> ComplianceBlock | None:
    if scope.plan is None or scope.year is None:
        return None
    root = scope.plan.issuing_agency_id
    agency_ids = tuple(
        Agency.objects.filter(Q(pk=root) | Q(parent_id=root) | Q(parent__parent_id=root)).values_list("pk", flat=True)
    )
    filters = Filters(year=scope.year, today=today, agency_ids=agency_ids)
    shares = sorted(agency_shares(filters), key=lambda s: (s.share if s.share is not None else 101, s.name))
    counts = reason_counts(Filters(year=scope.year, today=today, agency_ids=agency_ids, kind=ListKind.LEADERS))
    return ComplianceBlock(
        year=scope.year,
        shares=shares,
        past=counts.get(Reason.PAST_DEADLINE, 0),
        near=counts.get(Reason.NEAR_DEADLINE, 0),
        soon_days=settings.COMPLIANCE_SOON_DAYS,
    )
