"""What goes on the page: the template context of each kind of document, built from the register entry and its source.

The fixed wording below and in `templates/partners/documents/` ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
"Số:", "Kính gửi:", "Nơi nhận:", "Căn cứ", the section headings of a plan…) is the Vietnamese the
state format prescribes (Nghị định 30/2020/NĐ-CP); a document is Vietnamese whatever the language of
the interface, so it is written here as it is printed and is not passed through the translation catalogue.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe

from courses.models import ClassMode, TrainingClass
from partners.documents.fonts import text_width_mm
from partners.documents.formatting import (
    count_text,
    date_line,
    document_month,
    group_digits,
    month_only_date,
    number_in_words,
    short_date,
)
from partners.models import DocumentKind, OutgoingDocument
from plans.dated import AgenciesOn
from plans.models import Agency, LegalDocument, TrainingPlan
from plans.validators import SIGNING_PREFIXES

BLANK = "\u00a0" * 7  # the space left for the number and day, filled in by hand on a draft
DRAFT_MARK = "DỰ THẢO"
REPRINT_MARK = "BẢN IN LẠI"  # a document issued on paper, printed again from the data
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MODE_WORDS = {
    ClassMode.IN_PERSON: "trực tiếp",
    ClassMode.ONLINE: "trực tuyến",
    ClassMode.BLENDED: "kết hợp trực tiếp và trực tuyến",
}
# Abbreviations written out in full in the issuing body's own name (the line of a parent body keeps them).
FULL_NAMES = (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"))
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def upper(text: str) -> str:
    return " ".join(text.split()).upper()


def issuing_body_lines(agency: Agency) -> list[str]:
    """The issuing body as printed in bold at the top left, e.g. ['ỦY BAN NHÂN DÂN', 'TỈNH LẠNG SƠN']."""
    name = " ".join(agency.name.split())
    for short, full in FULL_NAMES:
        if name.startswith(short + " "):
            return [upper(full), upper(name[len(short) + 1 :])]
    return [upper(name)]


def parent_body_line(agency: Agency) -> str:
    return upper(agency.parent.name) if agency.parent_id else ""


def document_symbol(*, type_abbreviation: str, agency_abbreviation: str, drafting_unit: str, with_unit: bool) -> str:
    """'KH-UBND', 'QĐ-SNV', and for a letter 'SNV-CCVC' (Nghị định 30/2020, Phụ lục I, khoản 3)."""
    parts = [type_abbreviation.strip(), agency_abbreviation.strip()]
    if with_unit:
        parts.append(drafting_unit.strip())
    return "-".join(part for part in parts if part)


def expected_symbol(document: OutgoingDocument) -> str:
    document_type = document.document_type
    return document_symbol(
        type_abbreviation=document_type.abbreviation,
        agency_abbreviation=document.issuing_agency.abbreviation,
        drafting_unit=document.drafting_unit,
        with_unit=document_type.symbol_with_drafting_unit,
    )


def text_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def inline_markup(text: str) -> SafeString:
    """Escape, then **bold** and *italic*: the simple emphasis a letter's body may carry."""
    html = _BOLD.sub(r"<strong>\1</strong>", escape(text))
    return mark_safe(_ITALIC.sub(r"<em>\1</em>", html))


def paragraphs(text: str) -> list[SafeString]:
    """One paragraph per non-blank line; a line starting with '-' or '+' stays a dash item, as letters write lists."""
    return [inline_markup(line) for line in text_lines(text)]


def copies_lines(text: str, drafting_unit: str) -> list[str]:
    """The 'Nơi nhận' list: '- X;' lines, ending with '- Lưu: VT, <unit>.' (added when missing)."""
    lines = [line.lstrip("-–+ ").rstrip(" ;.,") for line in text_lines(text)]
    lines = [line for line in lines if line]
    if not any(line.lower().startswith("lưu") for line in lines):
        lines.append(f"Lưu: VT, {drafting_unit}" if drafting_unit else "Lưu: VT")
    return [f"- {line}{'.' if index == len(lines) - 1 else ';'}" for index, line in enumerate(lines)]


def recipient_lines(recipients: list[str]) -> list[str]:
    """'Kính gửi' lines: one recipient ends with '.', several are a dash list of ';' ending with '.'."""
    names = [name.lstrip("-– ").rstrip(" ;.,") for name in recipients]
    names = [name for name in names if name]
    if len(names) <= 1:
        return [f"{name}." for name in names]
    return [f"- {name}{'.' if index == len(names) - 1 else ';'}" for index, name in enumerate(names)]


def legal_citation(document: LegalDocument) -> str:
    """'Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo…': a legal document as a basis cites it."""
    title = " ".join(document.title.split()).rstrip(" ;.")
    dated = short_date(document.issued_on)
    return f"{document.doc_type} số {document.number} ngày {dated} của {document.issuer} {title}"


def legal_basis_line(document: LegalDocument) -> str:
    """'Căn cứ Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo…;': a decision's line per basis."""
    return f"Căn cứ {legal_citation(document)};"


def legal_bases_paragraph(documents) -> str:
    """'Căn cứ Nghị định số 101/2017/NĐ-CP …; Nghị định số 89/2021/NĐ-CP …; Quyết định số 163/QĐ-TTg …;': a plan's
    bases, one paragraph, one 'Căn cứ', the bases parted by semicolons and the last closed by one, as the plans
    write them (seed 004) before 'UBND tỉnh ban hành Kế hoạch …, như sau:'. Empty without a basis."""
    citations = [legal_citation(document) for document in documents]
    return f"Căn cứ {'; '.join(citations)};" if citations else ""


def without_type_name(title: str, type_name: str) -> str:
    """'Kế hoạch đào tạo … năm 2025' → 'Đào tạo … năm 2025': the subject under the document type's title."""
    title = " ".join(title.split())
    if type_name and title.lower().startswith(type_name.lower() + " "):
        title = title[len(type_name) + 1 :]
    return title[:1].upper() + title[1:]


def deciding_authority(document: OutgoingDocument) -> str:
    """The line that decides, above the legal bases of a decision: 'GIÁM ĐỐC SỞ NỘI VỤ'."""
    if document.decision_authority.strip():
        return upper(document.decision_authority)
    body = " ".join(issuing_body_lines(document.issuing_agency))
    lines = document.signer_authority_lines
    # "KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC", "TUQ. GIÁM ĐỐC": the director decides, someone signs for him.
    for line in lines:
        prefix, _, office = line.partition(" ")
        if prefix.upper() in SIGNING_PREFIXES and prefix.upper() != "TM.":
            return upper(f"{office} {body}")
    if lines:  # only "TM. ỦY BAN NHÂN DÂN": the body itself decides
        return body
    return upper(f"{document.signer_title} {body}") if document.signer_title.strip() else body


@dataclass
class Header:
    parent_body: str
    issuing_body_lines: list[str]
    number_line: str
    place_date: str
    subject_line: str = ""

    @property
    def issuing_rule_mm(self) -> str:
        """The rule under the issuing body: 40 % of its name (Nghị định 30: between a third and a half)."""
        widest = max((text_width_mm(line, 13, weight=700) for line in self.issuing_body_lines), default=0)
        return f"{0.4 * widest:.1f}"

    @property
    def motto(self) -> str:
        return MOTTO

    @property
    def motto_rule_mm(self) -> str:
        """The rule under the motto: as long as the line."""
        return f"{text_width_mm(MOTTO, 13, weight=700):.1f}"


@dataclass
class Signature:
    authority_lines: list[str]
    title: str
    name: str


@dataclass
class Page:
    """The template context shared by every kind of document."""

    document: OutgoingDocument
    draft: bool
    header: Header
    title: str
    subject: str
    recipients: list[str]
    copies: list[str]
    signature: Signature
    extra: dict = field(default_factory=dict)

    @property
    def template_name(self) -> str:
        return f"partners/documents/{self.document.kind}.html"

    @property
    def draft_mark(self) -> str:
        return REPRINT_MARK if self.document.issued_on_paper else DRAFT_MARK

    @property
    def reprint_note(self) -> str:
        """What a reprint of a document issued on paper says of itself: when it was printed, and that it is drawn
        from the data of that day, which may be newer than the paper's."""
        if not self.document.issued_on_paper:
            return ""
        return (
            f"Bản in lại ngày {short_date(timezone.localdate())} từ dữ liệu của hệ thống, không thay thế bản chính "
            f"ban hành trên giấy ngày {issued_date_text(self.document)}; nội dung cập nhật sau ngày ban hành "
            "(nếu có) được ghi rõ tại chỗ."
        )

    def as_context(self) -> dict:
        return {
            "page": self,
            "doc": self.document,
            "draft": self.draft,
            "draft_mark": self.draft_mark,
            "header": self.header,
            "title": self.title,
            "subject": self.subject,
            "recipients": self.recipients,
            "copies": self.copies,
            "signature": self.signature,
            **self.extra,
        }


def issued_date_text(document: OutgoingDocument) -> str:
    """The issue date as cited after 'ngày': '27/9/2024', or '… tháng 9 năm 2024' for a paper whose copy leaves the
    day blank (its precision MONTH), never an invented day."""
    if document.issued_day_known:
        return short_date(document.issued_on)
    return month_only_date(document.issued_on)


def as_of_day(document: OutgoingDocument, today: datetime.date | None = None) -> datetime.date:
    """The date the document speaks of the world: its issue date once issued (here or on paper), else today's.
    Its legal bases, its agencies and its "Nơi nhận" are those of that day; for a paper whose day is unknown, the
    first of its month (the date stored)."""
    return document.issued_on or today or timezone.localdate()


def body_name(agency: Agency) -> str:
    """'UBND tỉnh' for 'UBND tỉnh Lạng Sơn': how a body names itself inside its own document (its place dropped)."""
    name = " ".join(agency.name.split())
    place = " ".join((agency.place_name or "").split())
    if place and name.endswith(" " + place) and len(name) > len(place) + 1:
        return name[: -len(place) - 1]
    return name


class Footnotes:
    """The footnotes of a document, each attached after the first occurrence of its anchor words in the text, in the
    order the text is built (the order it is printed); WeasyPrint numbers them and sets them at the page's foot."""

    def __init__(self, notes):
        self.pending = [(" ".join(note.anchor.split()), note.text) for note in notes if note.anchor.strip()]

    def mark(self, text) -> SafeString:
        html = str(conditional_escape(text))
        for note in list(self.pending):
            anchor, note_text = note
            at = html.find(str(escape(anchor)))
            if at < 0:
                continue
            end = at + len(str(escape(anchor)))
            html = html[:end] + str(format_html('<span class="footnote">{}</span>', note_text)) + html[end:]
            self.pending.remove(note)
        return mark_safe(html)

    def mark_all(self, items) -> list[SafeString]:
        return [self.mark(item) for item in items]

    def leftover(self, text) -> SafeString:
        """`text` with every note whose anchor was not found: a note is never lost, only misplaced."""
        html = str(self.mark(text))
        for _anchor, note_text in self.pending:
            html += str(format_html('<span class="footnote">{}</span>', note_text))
        self.pending = []
        return mark_safe(html)


def blank_day_line(place: str, day: datetime.date) -> str:
    """'Lạng Sơn, ngày       tháng 9 năm 2024': the place and the month, the day left blank (a draft, to be filled in
    by hand; or a paper whose day is not known)."""
    return f"{place}, ngày{BLANK}tháng {document_month(day)} năm {day.year}"


def header_for(document: OutgoingDocument, *, draft: bool, today: datetime.date | None = None) -> Header:
    agency = document.issuing_agency
    symbol = document.symbol or expected_symbol(document)
    place = agency.place_name or ""
    if document.issued_on_paper:
        # A reprint of a document issued on paper: its number if the paper's was recorded, and its date.
        number = f"{document.number:02d}" if document.number else BLANK
        number_line = f"Số: {number}/{symbol}"
        if document.issued_day_known:
            place_date = date_line(place, document.issued_on)
        else:  # the paper leaves the day blank: so does its reprint
            place_date = blank_day_line(place, document.issued_on)
    elif draft or not document.issued_on:
        today = today or timezone.localdate()
        number_line = f"Số:{BLANK}/{symbol}"
        place_date = blank_day_line(place, today)
    else:
        number_line = f"Số: {document.number:02d}/{symbol}"
        place_date = date_line(place, document.issued_on)
    subject_line = f"V/v {document.subject}" if document.kind == DocumentKind.LETTER else ""
    return Header(parent_body_line(agency), issuing_body_lines(agency), number_line, place_date, subject_line)


def plan_citation(plan: TrainingPlan, issued: OutgoingDocument | None) -> str:
    """'Kế hoạch số 05/KH-UBND ngày 27/9/2024 của UBND tỉnh Lạng Sơn về đào tạo, bồi dưỡng … năm 2025'."""
    subject = without_type_name(plan.title, "Kế hoạch")
    subject = subject[:1].lower() + subject[1:]
    if issued is not None:  # issued here, or on paper with its number not always recorded
        reference = issued.reference if issued.number else ""
        dated, issuer = f" ngày {issued_date_text(issued)}", issued.issuing_agency.name
    else:
        reference, dated, issuer = "", "", plan.issuing_agency.name
    number = f" số {reference}" if reference else ""
    return f"Kế hoạch{number}{dated} của {issuer} về {subject}"


def class_period(training_class: TrainingClass) -> str:
    start, end = training_class.start_date, training_class.end_date
    if start == end:
        return f"ngày {short_date(start)}"
    return f"từ ngày {short_date(start)} đến ngày {short_date(end)}"


def class_place(training_class: TrainingClass) -> str:
    place = training_class.location.strip() or "—"
    country = training_class.country.strip()
    if country and country.lower() not in ("việt nam", "viet nam", "vietnam") and country not in place:
        place = f"{place}, {country}"
    return place


def class_organiser(training_class: TrainingClass, agencies: AgenciesOn | None = None) -> str:
    """The organiser, as named on the document's day when `agencies` says which day, then the provider.

    A plan of 2024 names the agency that organised the class in 2024, the one it was planned by, even when a 2025
    merger has since handed the class to the merged department; a document of 2026 names whoever stands for it
    then."""
    parts = []
    organiser = training_class.organiser if agencies is None else training_class.organiser_on(agencies.day)
    if organiser is not None:
        parts.append(agencies.names(organiser) if agencies is not None else organiser.name)
    if training_class.provider is not None:
        parts.append(str(training_class.provider))  # its Vietnamese name first
    return "; ".join(parts)


def numbers(value: int) -> dict:
    """Figures and words of one count, for the templates."""
    return {"figure": count_text(value), "grouped": group_digits(value), "words": number_in_words(value)}
