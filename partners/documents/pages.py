"""One builder per kind of document: the register entry and its source in, a `Page` (template context) out."""

import datetime
import re

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from partners import selectors
from partners.documents.content import (
    MODE_WORDS,
    Footnotes,
    Page,
    Signature,
    as_of_day,
    body_name,
    class_organiser,
    class_period,
    class_place,
    copies_lines,
    deciding_authority,
    header_for,
    inline_markup,
    issued_date_text,
    legal_bases_paragraph,
    legal_basis_line,
    numbers,
    paragraphs,
    plan_citation,
    recipient_lines,
    text_lines,
    upper,
)
from partners.documents.formatting import count_text, group_digits, short_date
from partners.documents.place_words import LEVEL_WORDS
from partners.models import DocumentKind, OutgoingDocument
from partners.selectors import CategoryNode
from plans.budget.rollup import budget_of
from plans.dated import AgenciesOn, bases_in_force


def _year_kept_whole(subject: str) -> str:
    """'… tỉnh Lạng Sơn năm 2025': 'năm' and its year on one line, never a year alone under the subject."""
    return re.sub(r"\bnăm (\d{4})\b", "năm\u00a0\\1", subject)


def _base(document: OutgoingDocument, *, draft: bool, today: datetime.date | None, **extra) -> Page:
    document_type = document.document_type
    is_letter = document.kind == DocumentKind.LETTER
    return Page(
        document=document,
        draft=draft,
        header=header_for(document, draft=draft, today=today),
        title="" if is_letter else upper(document_type.name),
        subject="" if is_letter else _year_kept_whole(document.subject),
        recipients=recipient_lines(text_lines(document.recipients)),
        copies=copies_lines(document.copies_to, document.drafting_unit),
        signature=Signature(
            authority_lines=[upper(line) for line in document.signer_authority_lines],
            title=upper(document.signer_title),
            name=" ".join(document.signer_name.split()),
        ),
        extra=extra,
    )


def letter_page(document: OutgoingDocument, *, draft: bool, today=None) -> Page:
    letter = document.correspondence
    return _base(document, draft=draft, today=today, body=paragraphs(letter.body))


def _figures(value: int, unit: str) -> SafeString:
    """'<strong>75 lớp</strong>': a target in figures, in bold, as the plans write them (seed 004: no words)."""
    return format_html("<strong>{} {}</strong>", count_text(value), unit)


def _target_phrase(node: CategoryNode) -> SafeString:
    seats = _figures(node.planned_seats, "chỉ tiêu")
    return format_html("{} với {}", _figures(node.planned_classes, "lớp"), seats) if node.planned_classes else seats


def _contents_lines(roots: list[CategoryNode], wordings: dict[int, str]) -> list[dict]:
    """Section III: the tree of categories, one line each, with the plan's own wording of a category (its scope, the
    scheme it follows): after the label of a category with nothing under it at the top ("1. Đào tạo: …"), as a
    paragraph under the heading of any other."""
    lines = []

    def add(node: CategoryNode, level: int) -> None:
        text = f"{node.label} {node.category.name}".strip()
        wording = wordings.get(node.category.pk, "")
        if wording and level == 1 and not node.children:
            lines.append(
                {"level": 0, "text": format_html("<strong>{}</strong> {}", node.label, inline_markup(wording))}
            )
        else:
            lines.append({"level": min(level, 3), "text": f"{text}." if level >= 3 else text})
            if wording:
                lines.append({"level": 0, "text": inline_markup(wording)})
        for child in node.children:
            add(child, level + 1)

    for root in roots:
        add(root, 1)
    return lines


def _target_lines(roots: list[CategoryNode], year: int, refresher_for: str = "") -> list[dict]:
    """Section IV as the plans write it (seed 004): each category's target in figures, with whom the classes are for
    as the plan words it (the total, and the classes in the country); down to the second level only. The split over
    the kinds of refresher training (a)–(d)) is the appendix's, class by class, not a line of this section."""
    whom = f" {refresher_for.strip()}" if refresher_for.strip() else ""
    lines = []
    for root in roots:
        heading = f"{root.label} {root.category.name}".strip()
        if not root.children:
            lines.append({"level": 1, "text": format_html("{}: {}.", heading, _target_phrase(root))})
            continue
        lines.append({"level": 1, "text": heading})
        lines.append(
            {
                "level": 3,
                "text": format_html(
                    "Tổng số lớp {}{} năm {} là {}, trong đó:",
                    root.category.name.lower(),
                    whom,
                    year,
                    _target_phrase(root),
                ),
            }
        )
        for child in root.children:
            lines.append({"level": 2, "text": f"{child.label} {child.category.name}".strip()})
            lines.append(
                {
                    "level": 3,
                    "text": format_html(
                        "Tổ chức {}: {}{}.",
                        child.category.name[:1].lower() + child.category.name[1:],
                        _target_phrase(child),
                        f" cho đối tượng là{whom}" if whom and not child.category.is_overseas else "",
                    ),
                }
            )
    return lines


def _appendix_rows(content, agencies: AgenciesOn) -> list[dict]:
    rows, number = [], 0
    for node in content.appendix_sections:
        rows.append(
            {
                "section": f"{node.label} {node.category.name}".strip(),
                "seats": group_digits(sum(klass.planned_seats for klass in node.classes)),
                "classes": count_text(len(node.classes)),
            }
        )
        for klass in node.classes:
            number += 1
            mode = MODE_WORDS.get(klass.mode, "")
            rows.append(
                {
                    "number": number,
                    "code": klass.code,
                    "title": klass.title,
                    "period": f"{short_date(klass.start_date)} - {short_date(klass.end_date)}",
                    "place": f"{class_place(klass)} ({mode})" if mode else class_place(klass),
                    "organiser": class_organiser(klass, agencies),
                    "seats": group_digits(klass.planned_seats),
                    "funding": klass.funding_source.name if klass.funding_source else "",
                }
            )
    return rows


def _lines(lines: list[dict], notes: Footnotes) -> list[dict]:
    return [{**line, "text": notes.mark(line["text"])} for line in lines]


def _reports_to(plan, content) -> str:
    """'UBND tỉnh (thông qua Sở Nội vụ)': the body the agencies report to, through the agency leading the plan (the
    first named in section VI)."""
    lead = next((item.agency for item in content.responsibilities if item.agency is not None), None)
    issuer = body_name(plan.issuing_agency)
    return f"{issuer} (thông qua {lead.name})" if lead is not None else issuer


def _budget_table(plan) -> dict | None:
    """Section V's table: the plan's estimate by category and funding source, in đồng (issue 16's roll-up, the one
    the budget page and the request to the Department of Finance print). No sentence of its own introduces it: the
    plans' section V is their two funding texts (seed 004), and the table, drawn from the data, says so on a reprint
    ("Bảng dự toán lập từ dữ liệu kinh phí, cập nhật đến ngày …"); its total is its last row."""
    figures = budget_of([plan])
    if not figures.total.estimate:
        return None
    sources = [s for s in figures.sources if s.money.estimate or s.money.allocated]
    ids = [s.pk for s in sources]

    def cells(by_source, attribute="estimate"):  # a source with nothing in a row prints "-", as the tables do
        amounts = [getattr(by_source[i], attribute) if i in by_source else 0 for i in ids]
        return [group_digits(amount) if amount else "-" for amount in amounts]

    allocated = figures.total.allocated
    return {
        "sources": [s.label for s in sources],
        "rows": [
            {"label": row.label, "cells": cells(row.by_source), "total": group_digits(row.money.estimate)}
            for row in figures.categories
            if row.money.estimate
        ],
        "total": {"cells": cells({s.pk: s.money for s in sources}), "total": group_digits(figures.total.estimate)},
        "allocated": {
            "cells": cells({s.pk: s.money for s in sources}, "allocated"),
            "total": group_digits(allocated),
        }
        if allocated
        else None,
    }


def plan_page(document: OutgoingDocument, *, draft: bool, today=None) -> Page:
    plan = document.plan
    content = selectors.plan_document_content(plan)
    day = as_of_day(document, today)
    notes = Footnotes(content.footnotes)
    appendix_of = "Kế hoạch"
    if document.number and (not draft or document.issued_on_paper):
        appendix_of = f"Kế hoạch số {document.reference} ngày {issued_date_text(document)}"
    elif document.issued_on_paper:
        appendix_of = f"Kế hoạch ngày {issued_date_text(document)}"
    scheduled = content.appendix_classes
    issuer = body_name(plan.issuing_agency)
    # Section II: numbered paragraphs, each closed by a full stop as the plans write them (seed 004; its one ';' is
    # a slip), like the numbered funding items of section V.
    target_groups = [f"{index}. {group.name}." for index, group in enumerate(content.target_groups, start=1)]
    page_parts = {
        "intro": notes.mark(f"{issuer} ban hành {plan.title}, như sau:"),
        "purposes": notes.mark_all(paragraphs(plan.purposes)),
        "requirements": notes.mark_all(paragraphs(plan.requirements)),
        "target_groups": notes.mark_all(target_groups),
        "contents": _lines(_contents_lines(content.roots, content.wordings), notes),
        "targets": _lines(_target_lines(content.roots, plan.year, plan.refresher_for), notes),
        "funding": notes.mark_all(f"{index}. {text}" for index, text in enumerate(content.funding_texts, start=1)),
        "budget_table": _budget_table(plan),  # issue 16: the estimate by category and funding source, when itemised
        "responsibilities": [
            {"heading": f"{index}. {item.heading or item.agency}", "duties": notes.mark_all(paragraphs(item.duties))}
            for index, item in enumerate(content.responsibilities, start=1)
        ],
    }
    page_parts["closing"] = notes.leftover(
        f"Trên đây là {plan.title}. Trong quá trình thực hiện, nếu có vướng mắc, phát sinh, các cơ quan, đơn vị "
        f"báo cáo {_reports_to(plan, content)} để xem xét, điều chỉnh, bổ sung kế hoạch cho phù hợp./."
    )
    updated = budget_updated = places_updated = ""
    if document.issued_on_paper:  # what the reprint prints from today's data, not from the paper, says so in place
        today_text = short_date(timezone.localdate())
        updated = f"Danh mục lập từ dữ liệu các lớp, cập nhật đến ngày {today_text}"
        budget_updated = f"Bảng dự toán lập từ dữ liệu kinh phí, cập nhật đến ngày {today_text}"
        places_updated = f"Danh sách lập từ dữ liệu cử đi đào tạo sau đại học, cập nhật đến ngày {today_text}"
    return _base(
        document,
        draft=draft,
        today=today,
        plan=plan,
        content=content,
        bases=legal_bases_paragraph(bases_in_force(content.legal_bases, day)),
        **page_parts,
        appendix_heading=f"DANH MỤC CÁC LỚP BỒI DƯỠNG NĂM {plan.year}",
        appendix_of=f"(Kèm theo {appendix_of} của {plan.issuing_agency.name})",
        appendix_updated=updated,
        budget_updated=budget_updated,
        places_updated=places_updated,
        appendix_rows=_appendix_rows(content, AgenciesOn(day)),
        appendix_total={
            "classes": count_text(len(scheduled)),
            "seats": group_digits(sum(klass.planned_seats for klass in scheduled)),
        },
        **_place_appendix(plan),
    )


def _place_appendix(plan) -> dict:
    """The postgraduate places, apart from the classes: by institution and level (issue 15)."""
    rows = selectors.plan_place_rows(plan)
    return {
        "place_rows": [
            {"institution": r["institution"], "level": LEVEL_WORDS[r["level"]], "n": count_text(r["n"])} for r in rows
        ],
        "places_total": count_text(sum(r["n"] for r in rows)),
    }


def _class_bases(training_class, day: datetime.date) -> list[str]:
    """The bases in force on the decision's day, from those of its plan: a decision of 2026 cites what governs 2026."""
    plan = training_class.target.plan
    bases = bases_in_force(selectors.plan_legal_bases(plan), day)
    lines = [legal_basis_line(legal_document) for legal_document in bases]
    if plan is not None:
        lines.append(f"Căn cứ {plan_citation(plan, selectors.plan_issued_document(plan))};")
    return lines


def class_decision_page(document: OutgoingDocument, *, draft: bool, today=None) -> Page:
    training_class = selectors.class_with_relations(document.training_class_id)
    nominees = selectors.class_decided_nominees(training_class)
    return _base(
        document,
        draft=draft,
        today=today,
        klass=training_class,
        authority=deciding_authority(document),
        bases=_class_bases(training_class, as_of_day(document, today)),
        nominees=[
            {
                "name": nomination.trainee.full_name,
                "born": short_date(nomination.trainee.date_of_birth),
                "position": nomination.trainee.position,
                "agency": nomination.agency.name,
            }
            for nomination in nominees
        ],
        nominee_count=numbers(len(nominees)),
        period=class_period(training_class),
        place=class_place(training_class),
        mode=MODE_WORDS.get(training_class.mode, ""),
        organiser=class_organiser(training_class),
        funding=training_class.funding_source.name if training_class.funding_source else "",
        budget=group_digits(training_class.budget_estimate) if training_class.budget_estimate else "",
    )


def recruitment_notice_page(document: OutgoingDocument, *, draft: bool, today=None) -> Page:
    training_class = selectors.class_with_relations(document.training_class_id)
    allotments = selectors.class_allotments(training_class)
    plan = training_class.target.plan
    deadline = training_class.registration_closes
    return _base(
        document,
        draft=draft,
        today=today,
        klass=training_class,
        plan_citation=plan_citation(plan, selectors.plan_issued_document(plan)),
        issuer_name=document.issuing_agency.name,
        target_groups=[group.name for group in training_class.target_groups.all()],
        content_areas=[area.name for area in training_class.content_areas.all()],
        description=paragraphs(training_class.course.description),
        period=class_period(training_class),
        place=class_place(training_class),
        mode=MODE_WORDS.get(training_class.mode, ""),
        organiser=class_organiser(training_class),
        funding=training_class.funding_source.name if training_class.funding_source else "",
        seats=numbers(training_class.planned_seats),
        allotments=[
            {"agency": allotment.agency.name, "seats": group_digits(allotment.seats)} for allotment in allotments
        ],
        allotted_total=group_digits(sum(allotment.seats for allotment in allotments)),
        deadline=short_date(deadline) if deadline else "",
    )


BUILDERS = {
    DocumentKind.LETTER: letter_page,
    DocumentKind.PLAN: plan_page,
    DocumentKind.CLASS_DECISION: class_decision_page,
    DocumentKind.RECRUITMENT_NOTICE: recruitment_notice_page,
}


def build_page(document: OutgoingDocument, *, draft: bool, today: datetime.date | None = None) -> Page:
    return BUILDERS[document.kind](document, draft=draft, today=today)
