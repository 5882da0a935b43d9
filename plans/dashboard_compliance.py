"""The dashboard's block on who is behind (courses/compliance.py): the share compliant per agency of the plan's
province and the alerts for leaders past or near their training deadline, each linking to its list.

Apart from plans/dashboard.py so the two grow apart: two queries (the requirements, then one aggregate over the
province's people, its agencies a subquery), whatever the number of people; none for the whole country.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from courses.compliance import AgencyShare, Filters, agency_shares
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
    agencies = Agency.objects.filter(Q(pk=root) | Q(parent_id=root) | Q(parent__parent_id=root)).values("pk")
    filters = Filters(year=scope.year, today=today, agency_ids=agencies)
    shares = sorted(
        agency_shares(filters, filters.requirements()), key=lambda s: (s.share if s.share is not None else 101, s.name)
    )
    return ComplianceBlock(
        year=scope.year,
        shares=shares,
        past=sum(s.past_leaders for s in shares),
        near=sum(s.near_leaders for s in shares),
        soon_days=settings.COMPLIANCE_SOON_DAYS,
    )
