"""The decisions on one person's postgraduate study: sending them (cử đi đào tạo) and what they must reimburse
(đền bù chi phí đào tạo). Registered with `pages.BUILDERS` when `partners.documents` is imported."""

from partners import selectors
from partners.documents.content import Page, deciding_authority, legal_basis_line, plan_citation
from partners.documents.formatting import group_digits, number_in_words, short_date
from partners.documents.pages import BUILDERS, _base
from partners.documents.place_words import LEVEL_WORDS, MODE_WORDS, REASON_WORDS
from partners.models import DocumentKind, OutgoingDocument

LEGAL_BASIS_171 = (
    "Căn cứ Nghị định số 171/2025/NĐ-CP ngày 30/6/2025 của Chính phủ quy định về đào tạo, bồi dưỡng công chức;"
)


def _amount(value) -> dict:
    whole = int(value)
    return {"grouped": group_digits(whole), "words": number_in_words(whole)}


def _bases(plan) -> list[str]:
    lines = [legal_basis_line(document) for document in selectors.plan_legal_bases(plan)]
    lines.insert(0, LEGAL_BASIS_171)
    lines.append(f"Căn cứ {plan_citation(plan, selectors.plan_issued_document(plan))};")
    return lines


def _person(place) -> dict:
    trainee = place.trainee
    return {
        "name": trainee.full_name,
        "born": short_date(trainee.date_of_birth),
        "position": trainee.position,
        "agency": place.agency.name,
    }


def place_decision_page(document: OutgoingDocument, *, draft: bool, today=None) -> Page:
    place = selectors.place_with_relations(document.postgraduate_place_id)
    commitment = getattr(place, "commitment", None)
    return _base(
        document,
        draft=draft,
        today=today,
        place=place,
        person=_person(place),
        authority=deciding_authority(document),
        bases=_bases(place.target.plan),
        level=LEVEL_WORDS[place.level],
        mode=MODE_WORDS[place.mode],
        period=f"từ ngày {short_date(place.start_date)} đến ngày {short_date(place.expected_end)}",
        funding=place.funding_source.name if place.funding_source else "",
        amount=_amount(place.funded_amount) if place.funded_amount else None,
        commitment_months=commitment.required_months if commitment else None,
        commits=place.funded_amount > 0,
    )


def reimbursement_decision_page(document: OutgoingDocument, *, draft: bool, today=None) -> Page:
    case = selectors.case_with_relations(document.reimbursement_case_id)
    place = case.commitment.place
    return _base(
        document,
        draft=draft,
        today=today,
        case=case,
        place=place,
        person=_person(place),
        authority=deciding_authority(document),
        bases=_bases(place.target.plan),
        reason=REASON_WORDS[case.reason],
        event_on=short_date(case.event_on),
        cost=_amount(case.cost),
        amount=_amount(case.amount),
        full_cost=case.amount == case.cost,
        instalments=case.instalments,
        due_by=short_date(case.due_by) if case.due_by else "",
        level=LEVEL_WORDS[place.level],
    )


BUILDERS[DocumentKind.PLACE_DECISION] = place_decision_page
BUILDERS[DocumentKind.REIMBURSEMENT_DECISION] = reimbursement_decision_page
