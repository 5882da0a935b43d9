"""What was in force on a day: legal bases and agencies. A document shows the world of its own date.

A plan dated 27/9/2024 cites the decrees in force that day and names the agencies that existed that day; a decision
issued in 2026 cites what governs 2026, not a copy of an older plan's bases.
"""

import datetime
from collections import defaultdict

from plans.models import Agency, LegalChangeKind, LegalDocument, LegalDocumentChange

MAX_CHAIN = 8  # replacements of replacements, mergers of mergers: never more than a few, and never a loop


def bases_in_force(documents: list[LegalDocument], day: datetime.date) -> list[LegalDocument]:
    """The legal bases to cite on `day`, from those a plan lists, in its order (one query).

    A basis in force is kept; a later document that replaces it only for some (Decree 171/2025 for civil servants,
    while Decree 101/2017 still governs public employees) is cited just before it once in force. A basis no longer in
    force gives way to what replaced it; one not yet in force on `day` is left out."""
    replaced_by: dict[int, list[LegalDocumentChange]] = defaultdict(list)
    for change in LegalDocumentChange.objects.filter(kind=LegalChangeKind.REPLACES).select_related("document"):
        replaced_by[change.changed_id].append(change)
    cited: list[LegalDocument] = []

    def cite(document: LegalDocument) -> None:
        if all(document.pk != other.pk for other in cited):
            cited.append(document)

    def visit(document: LegalDocument, depth: int) -> None:
        if depth > MAX_CHAIN:
            return
        if document.is_in_force_on(day):
            for change in replaced_by[document.pk]:
                if change.scope and change.document.is_in_force_on(day):
                    cite(change.document)
            cite(document)
        elif document.in_force_from <= day:  # ended: what replaced it governs now
            for change in replaced_by[document.pk]:
                visit(change.document, depth + 1)

    for document in documents:
        visit(document, 0)
    return cited


class AgenciesOn:
    """The agencies that stood for others on `day`, for the lists a document of that date prints.

    An agency that existed on `day` stands for itself; one created later (by a merger) stands for the agencies merged
    into it that existed then; one that had ended stands for what it was merged into. Memoised: a plan's appendix
    names the same few organisers again and again."""

    def __init__(self, day: datetime.date):
        self.day = day
        self._cache: dict[int, list[Agency]] = {}

    def standing_for(self, agency: Agency) -> list[Agency]:
        if agency.pk not in self._cache:
            self._cache[agency.pk] = self._resolve(agency, 0) or [agency]
        return self._cache[agency.pk]

    def names(self, agency: Agency) -> str:
        return "; ".join(found.name for found in self.standing_for(agency))

    def _resolve(self, agency: Agency, depth: int) -> list[Agency]:
        if agency.is_valid_on(self.day) or depth > MAX_CHAIN:
            return [agency]
        if agency.valid_from is not None and self.day < agency.valid_from:
            found: dict[int, Agency] = {}
            for predecessor in Agency.objects.filter(successor=agency).order_by("name"):
                for standing in self._resolve(predecessor, depth + 1):
                    found.setdefault(standing.pk, standing)
            return list(found.values())
        if agency.successor_id is not None:
            return self._resolve(agency.successor, depth + 1)
        return [agency]
