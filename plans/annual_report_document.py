"""The annual report as an issued document (báo cáo kết quả đào tạo, bồi dưỡng năm): the state format's header and
signature (`partners.documents`), a short body in prose with the key figures, and the report's tables as its appendix.

Every figure is `plans.annual_report.annual_report`'s for the plan's scope on the document's day (its issue date once
issued, today while a draft): the dashboard's, the budget page's and the workbook's own computation, never counted
here a second way. Once issued, the PDF frozen at the issue keeps the figures of that day (`partners.services`).

Registered with `partners.documents.pages.BUILDERS` by `plans.apps` (the report reads the dashboard, which sits above
the documents). The fixed wording is the Vietnamese a report prints, whatever the interface language (as
`partners.documents.content` says of every document).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from partners.documents.content import Page, as_of_day, plan_citation
from partners.documents.formatting import count_text, group_digits, number_in_words, short_date
from partners.documents.pages import BUILDERS, _base
from partners.models import DocumentKind, OutgoingDocument
from partners.selectors import plan_issued_document
from plans.annual_report import AnnualReport, annual_report_of_plan, report_sheets
from plans.fulfilment import percent
from plans.models import TrainingPlan

DECREE_171 = "Nghị định số 171/2025/NĐ-CP ngày 30/6/2025 của Chính phủ quy định về đào tạo, bồi dưỡng công chức"


@dataclass(frozen=True)
class ReportFigures:
    """The key figures the body prints, each read from the report (the dashboard's chain, the budget's money, the
    agencies' accepted reports): what the reconciliation test compares with the dashboard and the workbook."""

    planned_classes: int
    held_classes: int
    cancelled_classes: int
    planned_seats: int
    approved: int
    attended: int
    completed: int
    domestic_planned_classes: int
    domestic_held_classes: int
    domestic_completed: int
    overseas_planned_classes: int
    overseas_held_classes: int
    overseas_completed: int
    planned_places: int
    places: int
    places_studying: int
    places_graduated: int
    places_dropped: int
    estimate: int
    allocated: int
    spent: int
    settled: int
    reports_accepted: int
    reports_pending: int
    reported_classes: int
    reported_participants: int
    reported_periods: int
    people: int  # under the year's training requirements (table 7)
    compliant: int
    leaders_past: int
    exceptions: int  # exceptions to the rules of eligibility the plan's training used (table 6)


def report_figures(report: AnnualReport) -> ReportFigures:
    d, money, reported = report.dashboard, report.budget.total, report.reported
    total, domestic, overseas = d.total, d.domestic, d.overseas
    return ReportFigures(
        planned_classes=total.planned_classes,
        held_classes=total.held_classes,
        cancelled_classes=total.cancelled_classes,
        planned_seats=total.planned_seats,
        approved=total.approved,
        attended=total.attended,
        completed=total.completed,
        domestic_planned_classes=domestic.planned_classes,
        domestic_held_classes=domestic.held_classes,
        domestic_completed=domestic.completed,
        overseas_planned_classes=overseas.planned_classes,
        overseas_held_classes=overseas.held_classes,
        overseas_completed=overseas.completed,
        planned_places=total.planned_places,
        places=total.places,
        places_studying=total.places_studying,
        places_graduated=total.places_graduated,
        places_dropped=total.places_dropped,
        estimate=money.estimate,
        allocated=money.allocated,
        spent=money.spent,
        settled=money.settled,
        reports_accepted=reported.accepted,
        reports_pending=reported.pending,
        reported_classes=reported.classes,
        reported_participants=reported.participants,
        reported_periods=reported.periods,
        people=sum(row.people for row in report.compliance),
        compliant=sum(row.compliant for row in report.compliance),
        leaders_past=sum(row.past_leaders for row in report.compliance),
        exceptions=sum(row.count for row in report.exceptions),
    )


def _n(value: int) -> str:
    """A count in the text: '04', '75', '10.635'; none is '0'."""
    return count_text(value) if value else "0"


def _count(value: int, unit: str) -> SafeString:
    """'<strong>75 lớp</strong> (bảy mươi lăm lớp)': a figure, then in words; none is '<strong>0 lớp</strong>'."""
    if not value:
        return format_html("<strong>0 {}</strong>", unit)
    return format_html("<strong>{} {}</strong> ({} {})", count_text(value), unit, number_in_words(value), unit)


def _money(value: int) -> SafeString:
    """'<strong>26.500.000 đồng</strong> (hai mươi sáu triệu năm trăm nghìn đồng)': whole đồng, in words."""
    return format_html("<strong>{} đồng</strong> ({} đồng)", group_digits(value), number_in_words(value))


def _of(part: int, whole: int, what: str) -> str:
    share = percent(part, whole)
    return "" if share is None else f", đạt {share}% {what}"


def _refresher_paragraphs(f: ReportFigures, year: int, day: datetime.date) -> list[SafeString]:
    cancelled = f"; {_n(f.cancelled_classes)} lớp không tổ chức (hủy)" if f.cancelled_classes else ""
    return [
        format_html(
            "Kế hoạch năm {} giao {} với {}. Tính đến ngày {}, đã tổ chức {}{}{}.",
            year,
            _count(f.planned_classes, "lớp"),
            _count(f.planned_seats, "chỉ tiêu"),
            short_date(day),
            _count(f.held_classes, "lớp"),
            _of(f.held_classes, f.planned_classes, "số lớp theo kế hoạch"),
            cancelled,
        ),
        format_html(
            "Số lượt cán bộ, công chức, viên chức được duyệt cử đi học: {} lượt người; đã tham dự: {} lượt người; "
            "hoàn thành chương trình: {}{}.",
            group_digits(f.approved),
            group_digits(f.attended),
            _count(f.completed, "lượt người"),
            _of(f.completed, f.planned_seats, "chỉ tiêu"),
        ),
        format_html(
            "- Bồi dưỡng trong nước: đã tổ chức {}/{} lớp theo kế hoạch; {} lượt người hoàn thành chương trình;",
            _n(f.domestic_held_classes),
            _n(f.domestic_planned_classes),
            group_digits(f.domestic_completed),
        ),
        format_html(
            "- Bồi dưỡng tại nước ngoài: đã tổ chức {}/{} lớp theo kế hoạch; {} lượt người hoàn thành chương trình.",
            _n(f.overseas_held_classes),
            _n(f.overseas_planned_classes),
            group_digits(f.overseas_completed),
        ),
    ]


def _places_paragraph(f: ReportFigures) -> SafeString | str:
    if not f.planned_places and not f.places:
        return "Trong năm không có chỉ tiêu và không cử người đi đào tạo sau đại học."
    return format_html(
        "Kế hoạch giao {}; đã cử {} đi đào tạo, trong đó: đang học {} người, đã tốt nghiệp {} người, "
        "thôi học {} người.",
        _count(f.planned_places, "chỉ tiêu"),
        _count(f.places, "người"),
        _n(f.places_studying),
        _n(f.places_graduated),
        _n(f.places_dropped),
    )


def _budget_paragraph(f: ReportFigures) -> str:
    if not f.estimate and not f.spent:
        return "Chưa có dự toán, số chi kinh phí đào tạo, bồi dưỡng được ghi nhận trong năm."
    spent_share = percent(f.spent, f.estimate)
    share = f", bằng {spent_share}% dự toán" if spent_share is not None else ""
    return format_html(
        "Tổng dự toán kinh phí: {}; kinh phí đã được giao: {} đồng; đã chi: {}{}; đã quyết toán: {} đồng.",
        _money(f.estimate),
        group_digits(f.allocated),
        _money(f.spent),
        share,
        group_digits(f.settled),
    )


def _reported_paragraph(f: ReportFigures) -> str:
    if not f.reports_accepted:
        text = "Chưa có báo cáo của cơ quan, đơn vị được chấp nhận."
    else:
        text = format_html(
            "{} cơ quan, đơn vị đã báo cáo (báo cáo đã được chấp nhận) với {}, {}, tổng số {} tiết học.",
            _n(f.reports_accepted),
            _count(f.reported_classes, "lớp"),
            _count(f.reported_participants, "lượt người"),
            group_digits(f.reported_periods),
        )
    if f.reports_pending:
        text = format_html(
            "{} Còn {} báo cáo đang chờ xem xét, chưa tính vào số liệu trên.", text, _n(f.reports_pending)
        )
    return text


def _requirements_paragraph(f: ReportFigures, year: int) -> str:
    if not f.people:
        return "Chưa có yêu cầu bồi dưỡng bắt buộc nào được áp dụng trong năm."
    return format_html(
        "Năm {}, {}/{} người đạt các yêu cầu bồi dưỡng bắt buộc (tỷ lệ {}%, như Phụ lục, bảng 7); {} người giữ "
        "chức vụ lãnh đạo, quản lý chưa hoàn thành chương trình bồi dưỡng trong thời hạn quy định.",
        year,
        group_digits(f.compliant),
        group_digits(f.people),
        f.compliant * 100 // f.people,  # rounded down, as table 7 (a share of 99.6% is not everyone)
        _n(f.leaders_past),
    )


def _exceptions_paragraph(f: ReportFigures) -> str:
    if not f.exceptions:
        return "Không có trường hợp nào được cử đi theo ngoại lệ về điều kiện."
    return format_html(
        "Có {} được cử đi theo ngoại lệ về điều kiện do Sở Nội vụ quyết định, mỗi trường hợp có lý do được ghi nhận.",
        _count(f.exceptions, "trường hợp"),
    )


def _cell(value) -> dict:
    """A cell of an appendix table: a count or an amount grouped '1.234.567' and right-aligned, a text as is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return {"text": group_digits(value), "qty": True}
    return {"text": "" if value is None else str(value), "qty": False}


def appendix_tables(report: AnnualReport) -> list[dict]:
    """The workbook's sheets (`report_sheets`), as the appendix prints them, in the active language; a last row
    labelled "Total" is printed as the total."""
    total = gettext("Total")
    return [
        {
            "title": title,
            "header": [str(name) for name in header],
            "rows": [[_cell(value) for value in row] for row in rows],
            "total_last": bool(rows) and str(rows[-1][0]) == total,
        }
        for title, header, rows in report_sheets(report)
    ]


def frozen_sheets(report: AnnualReport) -> list[list]:
    """The report's tables (`report_sheets`, in the active language) as JSON keeps them: what an issued report's
    workbook is written from, the same figures as its PDF's appendix."""
    return [
        [str(title), [str(name) for name in header], [[_plain(value) for value in row] for row in rows]]
        for title, header, rows in report_sheets(report)
    ]


def _plain(value):
    """A number stays a number (a sum PostgreSQL returns as a Decimal, in whole đồng, becomes an int); any other
    value, a label, its text."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def annual_report_page(document: OutgoingDocument, *, draft: bool, today=None) -> Page:
    plan: TrainingPlan = document.reported_plan
    day = as_of_day(document, today)
    # The labels the report's computation writes (the subtotals, the sheets' headings) are Vietnamese on paper.
    with translation.override("vi"):
        report = annual_report_of_plan(plan, day)
        tables = appendix_tables(report)
        sheets = frozen_sheets(report)
    figures = report_figures(report)
    reporter = document.issuing_agency.name
    citation = plan_citation(plan, plan_issued_document(plan))
    appendix_of = "Báo cáo"
    if document.number and document.issued_on:
        appendix_of = f"Báo cáo số {document.reference} ngày {short_date(document.issued_on)}"
    return _base(
        document,
        draft=draft,
        today=today,
        plan=plan,
        figures=figures,
        intro=(
            f"Thực hiện {DECREE_171} và {citation}, {reporter} báo cáo kết quả đào tạo, bồi dưỡng cán bộ, công chức, "
            f"viên chức năm {plan.year} như sau:"
        ),
        refresher=_refresher_paragraphs(figures, plan.year, day),
        places=_places_paragraph(figures),
        budget=_budget_paragraph(figures),
        reported=_reported_paragraph(figures),
        requirements=_requirements_paragraph(figures, plan.year),
        exceptions=_exceptions_paragraph(figures),
        closing=(
            f"Trên đây là báo cáo kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm {plan.year} "
            f"của {reporter}./."
        ),
        appendix_heading=f"SỐ LIỆU KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC NĂM {plan.year}",
        appendix_of=f"(Kèm theo {appendix_of} của {reporter})",
        tables=tables,
        sheets=sheets,
    )


def register() -> None:
    BUILDERS[DocumentKind.ANNUAL_REPORT] = annual_report_page
