"""The annual report as an issued document (issue 16): drafted from a plan's year by the agency leading the plan,
issued under a number of its register, frozen once issued, and every figure the dashboard's and the workbook's."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from courses.models import TrainingClass
from partners import selectors, services
from partners.documents import build_page, render_pdf
from partners.documents.formatting import group_digits
from partners.models import DefaultCopy, DocumentKind, DocumentRegister, OutgoingDocument
from plans.annual_report import annual_report_of_plan, report_sheets
from plans.annual_report_document import report_figures
from plans.budget.rollup import budget_of
from plans.dashboard import build_dashboard, scope_from
from plans.fulfilment import fulfilment_of
from plans.models import PlanResponsibility
from tests.budget.test_budget import Budget
from tests.factories import AgencyFactory
from tests.partners.test_documents_pdf import read_pdf

pytestmark = pytest.mark.django_db

D = datetime.date
ISSUED_ON = D(2026, 1, 20)
SUBJECT = "Kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2025"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def report_draft(plan, staff_user):
    draft = services.document_prepare(kind=DocumentKind.ANNUAL_REPORT, source=plan, by=staff_user)
    draft.drafting_unit = "CCVC"
    draft.signer_authority = "KT. GIÁM ĐỐC"
    draft.signer_title = "PHÓ GIÁM ĐỐC"
    draft.signer_name = "Lê Văn Bình"
    draft.save()
    return draft


# --- the draft ---------------------------------------------------------------------------------


def test_the_years_report_is_drafted_by_the_agency_leading_the_plan_for_the_ministry(plan, province):
    draft = services.document_prepare(kind=DocumentKind.ANNUAL_REPORT, source=plan)
    assert draft.issuing_agency == province["snv"]  # the first agency of the plan's section VI
    assert (draft.reported_plan, draft.plan) == (plan, None)
    assert draft.document_type.abbreviation == "BC"
    assert draft.subject == SUBJECT
    page = build_page(draft, draft=True)
    assert page.title == "BÁO CÁO"
    assert page.header.number_line.endswith("/BC-SNV")
    assert page.copies == ["- Bộ Nội vụ (Vụ Công chức - Viên chức);", "- UBND tỉnh;", "- Lưu: VT."]
    assert plan.issued_document is None  # the report on the plan is never taken for the plan's own document
    assert draft.download_name == "du-thao-bao-cao-2025.pdf"


def test_a_body_with_its_usual_recipients_of_the_report_drafts_with_them(plan, province):
    for order, text in enumerate(("Bộ Nội vụ", "UBND tỉnh (b/c)", "Lãnh đạo Sở"), start=1):
        DefaultCopy.objects.create(
            kind=DocumentKind.ANNUAL_REPORT, issuing_agency=province["snv"], order=order, text=text
        )
    draft = services.document_prepare(kind=DocumentKind.ANNUAL_REPORT, source=plan)
    assert draft.copies_to == "Bộ Nội vụ\nUBND tỉnh (b/c)\nLãnh đạo Sở"


def test_the_clerk_edits_the_drafts_subject_and_recipients(report_draft):
    services.draft_save(
        document=report_draft,
        changes={"subject": f"{SUBJECT} (bổ sung)", "copies_to": "Bộ Nội vụ;\nUBND tỉnh;\nLưu: VT, CCVC."},
    )
    page = build_page(OutgoingDocument.objects.get(pk=report_draft.pk), draft=True)
    assert page.subject.replace("\xa0", " ") == f"{SUBJECT} (bổ sung)"  # "năm\xa02025": kept on one line
    assert page.copies == ["- Bộ Nội vụ;", "- UBND tỉnh;", "- Lưu: VT, CCVC."]


# --- the issue ---------------------------------------------------------------------------------


def test_issuing_the_report_takes_the_next_number_of_the_bodys_register(report_draft, province, staff_user):
    services.register_move_to(agency=province["snv"], year=2026, last_number=4)
    (preview,) = services.issue_previews([report_draft], on=ISSUED_ON)
    assert (preview.can_issue, preview.number) == (True, 5)
    issued = services.document_issue(document=report_draft, by=staff_user, on=ISSUED_ON)
    assert (issued.reference, issued.year, issued.issued_on) == ("05/BC-SNV", 2026, ISSUED_ON)
    assert DocumentRegister.objects.get(issuing_agency=province["snv"], year=2026).last_number == 5
    assert issued.download_name == "bao-cao-05-bc-snv-2026-01-20.pdf"
    with pytest.raises(ValidationError) as refused:
        services.document_prepare(kind=DocumentKind.ANNUAL_REPORT, source=report_draft.reported_plan)
    assert refused.value.code == "already_issued"


def test_the_issued_report_does_not_change_when_a_class_is_edited_later(report_draft, plan, staff_user):
    issued = services.document_issue(document=report_draft, by=staff_user, on=ISSUED_ON)
    frozen = services.stored_pdf(issued)
    text = flat(read_pdf(frozen).text)
    assert "đã tổ chức 0 lớp" in text
    # February: a class of 2025 is recorded as held after all.
    klass = TrainingClass.objects.for_plan(plan).order_by("code").first()
    klass.status = "finished"
    klass.save(update_fields=["status"])
    assert report_figures(annual_report_of_plan(plan, ISSUED_ON)).held_classes == 1  # the data did change
    again = OutgoingDocument.objects.get(pk=issued.pk)
    assert services.stored_pdf(again) == frozen  # byte for byte, its checksum checked
    assert flat(read_pdf(services.stored_pdf(again)).text).count("đã tổ chức 0 lớp") == 1
    with pytest.raises(ValidationError):
        services.draft_save(document=again, changes={"subject": "khác"})


def test_the_issued_reports_workbook_keeps_the_tables_it_was_issued_with(client, report_draft, plan, staff_user):
    client.force_login(staff_user)
    url = reverse("partners:document_tables", args=[report_draft.pk])
    assert client.get(url).status_code == 404  # a draft's tables are the live workbook's, not a document's
    issued = services.document_issue(document=report_draft, by=staff_user, on=ISSUED_ON)
    with translation.override("vi"):
        tables_then = [
            [str(title), [str(h) for h in header], [[v if v is None or isinstance(v, int) else str(v) for v in row]
                                                    for row in rows]]
            for title, header, rows in report_sheets(annual_report_of_plan(plan, ISSUED_ON))
        ]  # fmt: skip
    assert issued.tables == tables_then
    klass = TrainingClass.objects.for_plan(plan).order_by("code").first()
    klass.status = "finished"  # February: a class is recorded as held after all; the issued report keeps January's
    klass.save(update_fields=["status"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheets = load_workbook(io.BytesIO(response.content)).worksheets
    assert [sheet.title for sheet in sheets] == [title[:31] for title, _header, _rows in tables_then]
    first = list(sheets[0].iter_rows(values_only=True))
    assert [list(row) for row in first[1:]] == tables_then[0][2]  # the classes held as in January: 0
    assert first[-1][2] == 0


def test_the_report_pdf_is_in_the_state_format_with_its_tables_in_a_landscape_appendix(report_draft, staff_user):
    issued = services.document_issue(document=report_draft, by=staff_user, on=ISSUED_ON)
    pdf = read_pdf(services.stored_pdf(issued))
    first = flat(pdf.pages[0].text)
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ NỘI VỤ",
        "Số: 01/BC-SNV",
        "Lạng Sơn, ngày 20 tháng 01 năm 2026",
        "BÁO CÁO",
        SUBJECT,
        "Nghị định số 171/2025/NĐ-CP",
        "giao 75 lớp (bảy mươi lăm lớp) với 10.635 chỉ tiêu (mười nghìn sáu trăm ba mươi lăm chỉ tiêu)",
    ):
        assert words in first, words
    text = flat(pdf.text)
    assert "Nơi nhận:" in text and "- Bộ Nội vụ (Vụ Công chức - Viên chức);" in text
    assert "- Lưu: VT, CCVC." in text
    assert "Lê Văn Bình" in text
    appendix = [page for page in pdf.pages if "PHỤ LỤC" in page.text]
    assert appendix and all(page.landscape for page in pdf.pages[appendix[0].number - 1 :])
    assert not any(page.landscape for page in pdf.pages[: appendix[0].number - 1])
    tables = flat(" ".join(page.text for page in pdf.pages[appendix[0].number - 1 :]))
    assert "(Kèm theo Báo cáo số 01/BC-SNV ngày 20/01/2026 của Sở Nội vụ)" in tables
    for title in ("1. Kết quả theo loại hình", "2. Đối tác", "3. Theo đối tượng", "4. Kinh phí theo nguồn"):
        assert title in tables, title
    assert "Tổng cộng 75 0 10.635 0 0" in tables
    assert "Tổng cộng 55 0 0 0 0" in tables  # the postgraduate places: 55 planned, none recorded yet


# --- one computation ---------------------------------------------------------------------------


def test_every_figure_of_the_report_is_the_dashboards_the_budget_pages_and_the_workbooks(client, leader):
    world = Budget()
    department = AgencyFactory(name="Sở Nội vụ", abbreviation="SNV")
    PlanResponsibility.objects.create(plan=world.plan, agency=department, duties="Chủ trì.", order=1)
    from courses.models import TrainingRequirement
    from plans.dashboard_compliance import compliance_block
    from tests.factories import TraineeFactory

    TrainingRequirement.objects.create(code="toi-thieu", name="Tối thiểu 40 tiết/năm", periods=40)
    for _index in range(3):  # people of the plan's province under the year's requirement: nobody has 40 periods
        TraineeFactory(agency=AgencyFactory(parent=world.plan.issuing_agency))
    today = timezone.localdate()
    draft = services.document_prepare(kind=DocumentKind.ANNUAL_REPORT, source=world.plan)
    page = build_page(draft, draft=True, today=today)
    figures = page.extra["figures"]

    scope = scope_from({"year": "2025", "plan": str(world.plan.pk)}, today)
    dashboard = build_dashboard(scope, today).total
    plan_page = fulfilment_of([world.plan]).total  # what the plan's page in the console shows
    chain = ("planned_classes", "held_classes", "planned_seats", "approved", "attended", "completed")
    printed = tuple(getattr(figures, name) for name in chain)
    assert printed == tuple(getattr(dashboard, name) for name in chain)
    assert printed == tuple(getattr(plan_page, name) for name in chain)
    money = budget_of([world.plan]).total
    assert (figures.estimate, figures.allocated, figures.spent, figures.settled) == (
        money.estimate,
        money.allocated,
        money.spent,
        money.settled,
    )
    assert (figures.estimate, figures.spent) == (26_500_000, 28_000_000)
    block = compliance_block(scope, today)  # the dashboard's block on who is behind
    assert (figures.people, figures.compliant, figures.leaders_past) == (block.people, block.compliant, block.past)
    assert (figures.people, figures.compliant) == (3, 0)

    # The workbook of the same scope, in Vietnamese as the report is printed: the appendix is its sheets.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.force_login(leader)
    response = client.get(reverse("budget:annual_report_xlsx") + f"?year=2025&plan={world.plan.pk}")
    sheets = load_workbook(io.BytesIO(response.content)).worksheets
    tables = page.extra["tables"]
    assert len(sheets) == len(tables)
    for sheet, table in zip(sheets, tables, strict=True):
        header, *rows = list(sheet.iter_rows(values_only=True))
        assert list(header) == table["header"], table["title"]
        expected = [[group_digits(v) if isinstance(v, int) else (v or "") for v in row] for row in rows]
        assert [[cell["text"] for cell in row] for row in table["rows"]] == expected, table["title"]

    # And the PDF prints them, in figures and words.
    text = flat(read_pdf(render_pdf(page).content).text)
    assert "Tổng dự toán kinh phí: 26.500.000 đồng (hai mươi sáu triệu năm trăm nghìn đồng)" in text
    assert "đã chi: 28.000.000 đồng (hai mươi tám triệu đồng), bằng 106% dự toán" in text
    assert "Tổng cộng 26.500.000 9.000.000 28.000.000 0" in text
    assert "Năm 2025, 0/3 người đạt các yêu cầu bồi dưỡng bắt buộc (tỷ lệ 0%" in text
    assert "Không có trường hợp nào được cử đi theo ngoại lệ về điều kiện." in text


# --- the staff's button on the budget page -----------------------------------------------------


def test_staff_draft_the_report_from_the_budget_page_and_open_it_in_the_register(client, staff_user, plan):
    client.force_login(staff_user)
    scope = f"?year=2025&plan={plan.pk}"
    url = reverse("budget:annual_report_draft", args=[plan.pk])
    page = client.get(reverse("budget:dashboard") + scope).content.decode()
    assert f'action="{url}"' in page and "Draft the report to issue" in page
    response = client.post(url)
    draft = selectors.current_draft(kind=DocumentKind.ANNUAL_REPORT, source=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:partners_outgoingdocument_change", args=[draft.pk])
    assert client.post(url)["Location"] == response["Location"]  # one draft, however many clicks
    change = client.get(response["Location"])
    assert change.status_code == 200 and SUBJECT in change.content.decode()
    preview = client.get(reverse("partners:document_preview", args=[draft.pk]))
    assert preview.status_code == 200 and "PHỤ LỤC" in preview.content.decode()


def test_once_issued_the_budget_page_links_the_report_and_the_button_opens_it(client, report_draft, staff_user):
    issued = services.document_issue(document=report_draft, by=staff_user, on=ISSUED_ON)
    plan = report_draft.reported_plan
    client.force_login(staff_user)
    page = client.get(reverse("budget:dashboard") + f"?year=2025&plan={plan.pk}").content.decode()
    assert "01/BC-SNV" in page and "Draft the report to issue" not in page
    response = client.post(reverse("budget:annual_report_draft", args=[plan.pk]), follow=False)
    assert response["Location"] == reverse("admin:partners_outgoingdocument_change", args=[issued.pk])


def test_a_leader_sees_no_button_and_cannot_draft_the_report(client, leader, plan):
    client.force_login(leader)
    page = client.get(reverse("budget:dashboard") + f"?year=2025&plan={plan.pk}").content.decode()
    assert "Draft the report to issue" not in page
    assert client.post(reverse("budget:annual_report_draft", args=[plan.pk])).status_code == 403
    assert not OutgoingDocument.objects.filter(kind=DocumentKind.ANNUAL_REPORT).exists()


def test_a_correction_of_the_issued_report_is_a_new_draft_on_the_same_plan_under_its_own_number(
    report_draft, staff_user
):
    issued = services.document_issue(document=report_draft, by=staff_user, on=ISSUED_ON)
    correction = services.document_correct(document=issued, by=staff_user)
    assert (correction.kind, correction.reported_plan_id, correction.is_issued) == (
        DocumentKind.ANNUAL_REPORT,
        issued.reported_plan_id,
        False,
    )
    second = services.document_issue(document=correction, by=staff_user, on=ISSUED_ON + datetime.timedelta(days=2))
    assert (second.reference, second.replaces) == ("02/BC-SNV", issued)
    assert services.stored_pdf(OutgoingDocument.objects.get(pk=issued.pk))  # the first stays as it was issued
