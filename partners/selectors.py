"""Reads for official documents: what a plan, a class or a letter puts on paper. Each runs a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from courses.models import (
    ClassStatus,
    Nomination,
    NominationStatus,
    PostgraduatePlace,
    ReimbursementCase,
    SeatAllotment,
    TrainingClass,
)
from partners.models import DefaultCopy, DocumentKind, DocumentRegister, DocumentStatus, OutgoingDocument
from plans.models import CategoryKind, PlanLegalBasis, PlanResponsibility, PlanTarget, TrainingCategory, TrainingPlan
from training_portal.backup.registry import StoredFile

# A nominee stays on the decision once approved, whatever happened next (attended, completed…).
DECIDED_STATUSES = (
    NominationStatus.APPROVED,
    NominationStatus.ATTENDED,
    NominationStatus.COMPLETED,
    NominationStatus.FAILED,
)


@dataclass
class CategoryNode:
    """A category of the plan's targets with the totals of everything under it."""

    category: TrainingCategory
    planned_classes: int = 0
    planned_seats: int = 0
    children: list["CategoryNode"] = field(default_factory=list)
    classes: list[TrainingClass] = field(default_factory=list)

    @property
    def label(self) -> str:
        label = self.category.label.strip()
        return label if not label or label.endswith((".", ")")) else f"{label}."

    @property
    def is_degree(self) -> bool:
        return self.category.kind == CategoryKind.DEGREE

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PlanContent:
    plan: TrainingPlan
    legal_bases: list
    target_groups: list
    funding_texts: list[str]
    responsibilities: list[PlanResponsibility]
    roots: list[CategoryNode]
    footnotes: list = field(default_factory=list)
    wordings: dict[int, str] = field(default_factory=dict)  # category id → the plan's section III wording

    @property
    def refresher_roots(self) -> list[CategoryNode]:
        return [root for root in self.roots if not root.is_degree]

    @property
    def appendix_sections(self) -> list[CategoryNode]:
        """The categories that hold classes, in the plan's order: the rows of the appendix."""
        return [node for root in self.refresher_roots for node in root.walk() if node.classes]

    @property
    def appendix_classes(self) -> list[TrainingClass]:
        return [klass for node in self.appendix_sections for klass in node.classes]


def plan_legal_bases(plan: TrainingPlan) -> list:
    """The documents the plan cites as its legal bases (Căn cứ), in its order."""
    return [
        link.document
        for link in PlanLegalBasis.objects.filter(plan=plan, role=PlanLegalBasis.Role.BASIS)
        .select_related("document")
        .order_by("order", "id")
    ]


def plan_document_content(plan: TrainingPlan) -> PlanContent:
    """Everything sections I–VI and the appendix of the plan print, in the plan's order."""
    legal_bases = plan_legal_bases(plan)
    targets = list(PlanTarget.objects.filter(plan=plan).select_related("category"))
    categories = {category.pk: category for category in TrainingCategory.objects.all()}
    nodes: dict[int, CategoryNode] = {}

    def node_for(category_id: int) -> CategoryNode:
        if category_id not in nodes:
            category = categories[category_id]
            nodes[category_id] = CategoryNode(category)
            if category.parent_id:
                node_for(category.parent_id).children.append(nodes[category_id])
        return nodes[category_id]

    for target in targets:
        node_for(target.category_id)
        category_id = target.category_id
        while category_id is not None:
            ancestor = nodes[category_id]
            ancestor.planned_classes += target.planned_classes
            ancestor.planned_seats += target.planned_seats
            category_id = categories[category_id].parent_id
    order = lambda node: (node.category.order, node.category.code)  # noqa: E731
    for node in nodes.values():
        node.children.sort(key=order)
    roots = sorted((node for node in nodes.values() if node.category.parent_id is None), key=order)

    classes = (
        TrainingClass.objects.for_plan(plan)
        .exclude(status=ClassStatus.CANCELLED)
        .filter(target__category__kind=CategoryKind.REFRESHER)
        .select_related("target", "organiser", "planned_organiser", "provider", "funding_source")
        .order_by("start_date", "code")
    )
    target_category = {target.pk: target.category_id for target in targets}
    for klass in classes:
        nodes[target_category[klass.target_id]].classes.append(klass)

    funding_texts = []
    for source in plan.funding_sources.order_by("pk"):  # the order they were entered: state budget first
        text = (source.description or source.name).strip()
        if text and text not in funding_texts:
            funding_texts.append(text)
    return PlanContent(
        plan=plan,
        legal_bases=legal_bases,
        target_groups=list(plan.target_groups.all()),
        funding_texts=funding_texts,
        responsibilities=list(plan.responsibilities.select_related("agency").order_by("order", "id")),
        roots=roots,
        footnotes=list(plan.footnotes.order_by("order", "id")),
        wordings={target.category_id: target.wording.strip() for target in targets if target.wording.strip()},
    )


def default_copies(*, kind: str, issuing_agency, day: datetime.date) -> list[str]:
    """The usual "Nơi nhận" lines of a document of `kind` by `issuing_agency` dated `day`: the body's own list, or the
    list for every body; only the lines valid on `day`, and a line naming an agency only while it exists."""
    rows = list(
        DefaultCopy.objects.filter(kind=kind)
        .filter(Q(issuing_agency=issuing_agency) | Q(issuing_agency__isnull=True))
        .select_related("agency")
        .order_by("order", "id")
    )
    own = [row for row in rows if row.issuing_agency_id is not None]
    chosen = own or rows

    def valid(row: DefaultCopy) -> bool:
        dated = (row.valid_from is None or row.valid_from <= day) and (row.valid_to is None or day <= row.valid_to)
        return dated and (row.agency is None or row.agency.is_valid_on(day))

    return [row.text for row in chosen if valid(row)]


def class_decided_nominees(training_class: TrainingClass) -> list[Nomination]:
    """The people a decision sends to the class: approved nominations, by agency then name."""
    return list(
        Nomination.objects.filter(training_class=training_class, status__in=DECIDED_STATUSES)
        .select_related("trainee", "agency")
        .order_by("agency__name", "trainee__full_name", "pk")
    )


def class_allotments(training_class: TrainingClass) -> list[SeatAllotment]:
    """The seats allotted per agency, for the recruitment notice's table."""
    return list(
        SeatAllotment.objects.filter(training_class=training_class, seats__gt=0)
        .select_related("agency")
        .order_by("agency__name")
    )


def class_with_relations(training_class_id: int) -> TrainingClass:
    return (
        TrainingClass.objects.select_related(
            "course", "target__plan__issuing_agency", "target__category", "organiser", "provider", "funding_source"
        )
        .prefetch_related("target_groups", "content_areas")
        .get(pk=training_class_id)
    )


def plan_issued_document(plan: TrainingPlan) -> OutgoingDocument | None:
    """The latest issued document of the plan itself (issued here or on paper), cited by the documents that carry
    it out; the same one as `plan.issued_document`."""
    return (
        OutgoingDocument.objects.filter(plan=plan, kind=DocumentKind.PLAN, status=DocumentStatus.ISSUED)
        .select_related("issuing_agency")
        .order_by(F("issued_at").desc(nulls_last=True), "-pk")
        .first()
    )


def issued_files() -> list[StoredFile]:
    """Every issued document's frozen PDF with the SHA-256 it was issued with: what a backup must hold unchanged."""
    rows = (
        OutgoingDocument.objects.filter(status=DocumentStatus.ISSUED, issued_on_paper=False)
        .order_by("pk")
        .values_list("pk", "file", "sha256")
    )
    return [
        StoredFile(path=name, sha256=sha256, owner=f"{OutgoingDocument._meta.label} #{pk}") for pk, name, sha256 in rows
    ]


def latest_issued(*, kind: str, source) -> OutgoingDocument | None:
    """The latest issued document of `kind` drawn from `source` (a letter, plan or class)."""
    return (
        OutgoingDocument.objects.filter(kind=kind, status=DocumentStatus.ISSUED, **source_filter(kind, source))
        .order_by(F("issued_at").desc(nulls_last=True), "-pk")
        .first()
    )


def next_number(*, agency, year: int) -> int:
    """The number the body's register for `year` gives next: what the issue confirmation announces (the issue itself
    takes it on the locked counter, so two clerks confirming at once still get two different numbers)."""
    last = DocumentRegister.objects.filter(issuing_agency=agency, year=year).values_list("last_number", flat=True)
    return (last.first() or 0) + 1


def current_draft(*, kind: str, source) -> OutgoingDocument | None:
    return (
        OutgoingDocument.objects.filter(kind=kind, status=DocumentStatus.DRAFT, **source_filter(kind, source))
        .order_by("-pk")
        .first()
    )


SOURCE_FIELDS = {
    DocumentKind.LETTER: "correspondence",
    DocumentKind.PLAN: "plan",
    DocumentKind.CLASS_DECISION: "training_class",
    DocumentKind.RECRUITMENT_NOTICE: "training_class",
    DocumentKind.PLACE_DECISION: "postgraduate_place",
    DocumentKind.REIMBURSEMENT_DECISION: "reimbursement_case",
    DocumentKind.ANNUAL_REPORT: "reported_plan",
}


def source_field(kind: str) -> str:
    """The field of OutgoingDocument that points to the source of a document of `kind`."""
    return SOURCE_FIELDS[kind]


def source_filter(kind: str, source) -> dict:
    return {source_field(kind): source}


@dataclass
class DocumentTools:
    """What the admin page of a letter, plan or class offers for one kind of document."""

    kind: str
    label: str
    draft: OutgoingDocument | None
    issued: OutgoingDocument | None


def document_tools(source, kinds: list[tuple[str, str]]) -> list[DocumentTools]:
    """For each (kind, label): the current draft and the latest issued document drawn from `source`."""
    return [
        DocumentTools(kind, label, current_draft(kind=kind, source=source), latest_issued(kind=kind, source=source))
        for kind, label in kinds
    ]


def place_with_relations(place_id: int):
    """A postgraduate place with what its decision prints: the person, the agency, the plan and the funding."""
    return PostgraduatePlace.objects.select_related(
        "trainee", "agency", "target__plan__issuing_agency", "funding_source", "commitment"
    ).get(pk=place_id)


def case_with_relations(case_id: int):
    """A reimbursement case with its commitment, place, person and plan."""
    return ReimbursementCase.objects.select_related(
        "commitment__place__trainee", "commitment__place__agency", "commitment__place__target__plan__issuing_agency"
    ).get(pk=case_id)


def plan_lead_agency(plan: TrainingPlan):
    """The agency leading the plan: the first named in its section VI (Sở Nội vụ), which reports on it; None when
    no responsibility names an agency."""
    first = (
        PlanResponsibility.objects.filter(plan=plan, agency__isnull=False)
        .select_related("agency")
        .order_by("order", "id")
        .first()
    )
    return first.agency if first is not None else None


def plan_place_rows(plan: TrainingPlan) -> list[dict]:
    """The plan's postgraduate places by institution and level (the plan PDF's own appendix block). One query."""
    return list(
        PostgraduatePlace.objects.filter(target__plan=plan)
        .values("institution", "level")
        .annotate(n=Count("pk"))
        .order_by("-n", "institution", "level")
    )
