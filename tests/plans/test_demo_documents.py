"""The demo's documents read like the seeds: the 2025 plan (004) printed from the data, the LOGODI letter (000).

The demo is loaded once for the session (`demo_output`); each test runs in its own savepoint.
"""

import datetime
import re

import pytest
from django.utils import timezone

from courses.models import TrainingClass
from partners import services as document_services
from partners.documents import build_page, render_html
from partners.documents.content import class_organiser
from partners.documents.formatting import short_date
from partners.models import CooperationActivity, Correspondence, Direction, DocumentKind, OutgoingDocument
from plans import demo
from plans.dashboard import Scope, build_dashboard, scope_from
from plans.dated import AgenciesOn
from plans.models import Agency, TrainingPlan

ELEVEN_RECIPIENTS = [
    "- Thường trực Tỉnh ủy;",
    "- Thường trực HĐND tỉnh;",
    "- Vụ CCVC - Bộ Nội vụ;",
    "- Chủ tịch, Phó Chủ tịch UBND tỉnh;",
    "- Ban Tổ chức Tỉnh ủy;",
    "- Các sở, ban, ngành tỉnh;",
    "- UBND các huyện, thành phố;",
    "- Trường Chính trị Hoàng Văn Thụ;",
    "- C, PCVP UBND tỉnh;",
    "- các phòng: CM, HCQT, TTTT;",
    "- Lưu: VT, NC (TPT).",
]


@pytest.fixture
def plan_2025_page(demo_output):
    plan = TrainingPlan.objects.get(issuing_agency__code=demo.ROOT, year=2025)
    document = document_services.document_for_preview(kind=DocumentKind.PLAN, source=plan)
    return build_page(document, draft=True)


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


BLANK = "\u00a0" * 7


@pytest.mark.django_db
def test_the_2025_plan_previews_as_a_reprint_of_its_paper_record_of_september_2024_its_day_blank(plan_2025_page):
    document = plan_2025_page.document
    assert document.issued_on_paper and not document.issued_day_known  # the seed: "ngày   tháng 9 năm 2024"
    assert plan_2025_page.header.place_date == f"Lạng Sơn, ngày{BLANK}tháng 9 năm 2024"
    assert plan_2025_page.header.number_line == f"Số: {BLANK}/KH-UBND"
    assert plan_2025_page.draft_mark == "BẢN IN LẠI"
    assert "ban hành trên giấy ngày … tháng 9 năm 2024;" in plan_2025_page.reprint_note
    assert plan_2025_page.extra["appendix_of"] == "(Kèm theo Kế hoạch ngày … tháng 9 năm 2024 của UBND tỉnh Lạng Sơn)"
    html = plain(render_html(plan_2025_page, for_pdf=True))
    assert not re.search(r"\b\d{1,2}/9/2024\b|ngày \d{1,2} tháng 9 năm 2024", html)  # no invented day anywhere


@pytest.mark.django_db
def test_the_2025_plan_prints_the_seeds_eleven_recipients(plan_2025_page):
    assert plan_2025_page.copies == ELEVEN_RECIPIENTS


@pytest.mark.django_db
def test_the_2025_plan_funds_from_two_sources_and_names_the_national_programme_in_a_footnote(plan_2025_page):
    context = plan_2025_page.extra
    assert [str(line) for line in context["funding"]] == [
        "1. Kinh phí đào tạo, bồi dưỡng cán bộ, công chức từ nguồn ngân sách nhà nước theo phân cấp ngân sách "
        "hiện hành.",
        "2. Các nguồn kinh phí hợp pháp khác theo quy định của pháp luật.",
    ]
    duties = " ".join(str(p) for item in context["responsibilities"] for p in item["duties"])
    assert (
        'nguồn kinh phí của Trung ương<span class="footnote">Nguồn kinh phí Chương trình mục tiêu Quốc gia</span>'
        in (duties)
    )


@pytest.mark.django_db
def test_the_2025_plan_prints_its_estimate_after_the_seeds_two_funding_texts_in_section_five(plan_2025_page):
    html = render_html(plan_2025_page, for_pdf=True)
    section_five = plain(html[html.index("V. KINH PHÍ THỰC HIỆN") : html.index("VI. TỔ CHỨC THỰC HIỆN")])
    # The seed's two funding texts, then the table with no sentence of its own, saying it is drawn from the data.
    today = short_date(timezone.localdate())
    assert section_five.startswith(
        "V. KINH PHÍ THỰC HIỆN 1. Kinh phí đào tạo, bồi dưỡng cán bộ, công chức từ nguồn ngân sách nhà nước theo "
        "phân cấp ngân sách hiện hành. 2. Các nguồn kinh phí hợp pháp khác theo quy định của pháp luật. "
        f"(Bảng dự toán lập từ dữ liệu kinh phí, cập nhật đến ngày {today}) Đơn vị tính: đồng STT Nội dung"
    )
    assert "Tổng dự toán" not in section_five and "đồng (" not in section_five
    table = plan_2025_page.extra["budget_table"]
    assert [row["label"] for row in table["rows"]][:2] == [
        "1. Đào tạo sau đại học",  # the 55 places' funded amounts
        "a) Bồi dưỡng theo tiêu chuẩn ngạch công chức",
    ]
    assert len(table["rows"]) == 6  # and b) to d) and abroad, the 75 classes' estimates, every one itemised
    assert table["rows"][0]["total"] == "4.304.000.000"
    assert table["total"]["total"] == "16.248.000.000"
    assert table["allocated"]["total"] == "16.246.000.000"


@pytest.mark.django_db
def test_the_2025_plan_keeps_the_originals_four_footnotes_in_their_order(plan_2025_page):
    html = render_html(plan_2025_page, for_pdf=True)
    notes = re.findall(r'<span class="footnote">([^<]+)</span>', html)
    assert notes == [
        "Viên chức đáp ứng điều kiện, tiêu chuẩn cử đi đào tạo sau đại học hưởng chính sách khuyến khích của tỉnh.",
        "Chủ động liên hệ nguồn giảng viên, báo cáo viên lên lớp; chuẩn bị điều kiện cơ sở vật chất để bồi dưỡng; "
        "thanh, quyết toán kinh phí bồi dưỡng đảm bảo quy định hiện hành.",
        "Nguồn kinh phí Chương trình mục tiêu Quốc gia",
        "Bao gồm cả đối tượng diện Ban Thường vụ Tỉnh ủy quản lý.",
    ]
    assert 'Viên chức trong đơn vị sự nghiệp công lập<span class="footnote">' in html
    assert 'trong năm<span class="footnote">Bao gồm' in html


@pytest.mark.django_db
def test_the_2025_plan_prints_the_scope_of_training_and_the_overseas_scheme_in_section_three(plan_2025_page):
    text = plain(" ".join(str(line["text"]) for line in plan_2025_page.extra["contents"]))
    assert text.startswith(
        "1. Đào tạo: Đào tạo trình độ sau đại học đối với cán bộ, công chức, viên chức cấp tỉnh, cấp huyện; cán bộ, "
        "công chức cấp xã."
    )
    assert (
        "2.2. Bồi dưỡng tại nước ngoài Bồi dưỡng nước ngoài theo Đề án “Đào tạo, bồi dưỡng trung hạn, ngắn hạn tại "
        "nước ngoài đối với cán bộ, công chức, viên chức giai đoạn 2020 - 2025, tầm nhìn đến 2030” ban hành kèm theo "
        "Quyết định số 135/QĐ-UBND ngày 20/01/2020 của UBND tỉnh."
    ) in text


@pytest.mark.django_db
def test_the_2025_plan_says_in_section_four_whom_its_refresher_classes_are_for_as_the_original(plan_2025_page):
    text = re.sub(r"<[^>]+>", "", " ".join(str(line["text"]) for line in plan_2025_page.extra["targets"]))
    whom = (
        "cán bộ, công chức (bao gồm cán bộ, công chức cấp xã) và người hoạt động không chuyên trách ở cấp xã, ở "
        "thôn, tổ dân phố"
    )
    # Word for word the seed's section IV: figures only, no split over the kinds (a)–(d) (the demo's, made up).
    assert text == (
        "1. Đào tạo sau đại học: 55 chỉ tiêu. 2. Bồi dưỡng "
        f"Tổng số lớp bồi dưỡng {whom} năm 2025 là 75 lớp với 10.635 chỉ tiêu, trong đó: "
        "2.1. Bồi dưỡng trong nước "
        f"Tổ chức bồi dưỡng trong nước: 74 lớp với 10.625 chỉ tiêu cho đối tượng là {whom}. "
        "2.2. Bồi dưỡng tại nước ngoài "
        "Tổ chức bồi dưỡng tại nước ngoài: 01 lớp với 10 chỉ tiêu."
    )


@pytest.mark.django_db
def test_the_2025_plan_numbers_its_four_target_groups_as_paragraphs_each_closed_by_a_full_stop(plan_2025_page):
    groups = [plain(str(line)) for line in plan_2025_page.extra["target_groups"]]
    assert [group[:3] for group in groups] == ["1. ", "2. ", "3. ", "4. "]
    assert all(group.endswith(".") for group in groups)
    assert groups[1] == (
        "2. Cán bộ, công chức trong các cơ quan hành chính nhà nước thuộc UBND tỉnh; UBND các huyện, thành phố "
        "Lạng Sơn."
    )


@pytest.mark.django_db
def test_a_reprint_says_where_it_prints_todays_data_the_budget_the_classes_and_the_places(plan_2025_page):
    html = plain(render_html(plan_2025_page, for_pdf=True))
    today = short_date(timezone.localdate())
    for what in ("Bảng dự toán lập từ dữ liệu kinh phí", "Danh mục lập từ dữ liệu các lớp"):
        assert f"({what}, cập nhật đến ngày {today})" in html
    assert f"(Danh sách lập từ dữ liệu cử đi đào tạo sau đại học, cập nhật đến ngày {today})" in html


@pytest.mark.django_db
def test_the_2025_plan_opens_and_closes_as_the_original(plan_2025_page):
    context = plan_2025_page.extra
    assert plain(str(context["intro"])) == (
        "UBND tỉnh ban hành Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Lạng Sơn năm 2025, như sau:"
    )
    assert plain(str(context["closing"])) == (
        "Trên đây là Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Lạng Sơn năm 2025. Trong quá "
        "trình thực hiện, nếu có vướng mắc, phát sinh, các cơ quan, đơn vị báo cáo UBND tỉnh (thông qua Sở Nội vụ) "
        "để xem xét, điều chỉnh, bổ sung kế hoạch cho phù hợp./."
    )
    # The seed's legal bases, word for word: one paragraph, one "Căn cứ", parted and closed by semicolons.
    assert context["bases"] == (
        "Căn cứ Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng cán bộ, công chức, "
        "viên chức; Nghị định số 89/2021/NĐ-CP ngày 18/10/2021 của Chính phủ về sửa đổi bổ sung một số điều của "
        "Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng cán bộ, công chức, viên "
        "chức; Nghị định số 33/2023/NĐ-CP ngày 10/6/2023 của Chính phủ quy định về cán bộ, công chức cấp xã và "
        "người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố; Quyết định số 163/QĐ-TTg ngày "
        "25/01/2016 của Thủ tướng Chính phủ phê duyệt Đề án đào tạo, bồi dưỡng cán bộ, công chức, viên chức giai "
        "đoạn 2016 - 2025;"
    )
    html = render_html(plan_2025_page, for_pdf=True)
    assert html.count('<p class="basis">') == 1 and html.count("Căn cứ") == 1
    opening = plain(html[html.index('<p class="basis">') : html.index("I. MỤC ĐÍCH, YÊU CẦU")])
    assert opening.endswith(
        "giai đoạn 2016 - 2025; UBND tỉnh ban hành Kế hoạch đào tạo, bồi dưỡng cán bộ, công "
        "chức, viên chức tỉnh Lạng Sơn năm 2025, như sau:"
    )


@pytest.mark.django_db
def test_the_appendix_of_a_plan_dated_2024_names_no_agency_created_in_2025(plan_2025_page):
    day = plan_2025_page.document.issued_on  # 1/9/2024: the first of its month, its day unknown
    created_2025 = Agency.objects.filter(valid_from__gt=day).values_list("name", flat=True)
    assert created_2025  # the demo has some: the mergers of 1 March 2025
    organisers = {row["organiser"] for row in plan_2025_page.extra["appendix_rows"] if "organiser" in row}
    for name in created_2025:
        assert not any(name in organiser for organiser in organisers), name
    # The class the merged department ran in 2025 is listed under the department of 2024 that planned it.
    assert any("Sở Nông nghiệp và Phát triển nông thôn" in organiser for organiser in organisers)


@pytest.mark.django_db
def test_the_2024_plans_appendix_names_for_each_class_the_one_agency_that_organised_it_in_september_2024(
    plan_2025_page,
):
    day = plan_2025_page.document.issued_on
    assert day == datetime.date(2024, 9, 1)
    rows = {row["code"]: row for row in plan_2025_page.extra["appendix_rows"] if "code" in row}
    classes = TrainingClass.objects.filter(code__in=rows).select_related("organiser", "planned_organiser", "provider")
    handed_over = 0
    for klass in classes:
        organiser = klass.organiser_on(day)
        assert organiser.is_valid_on(day), klass.code
        expected = organiser.name + (f"; {klass.provider}" if klass.provider else "")
        assert rows[klass.code]["organiser"] == expected, klass.code
        handed_over += klass.planned_organiser_id is not None
    assert handed_over  # the demo has classes a merger handed over: they keep the agency that planned them
    created_2025 = list(Agency.objects.filter(valid_from__gt=day).values_list("name", flat=True))
    for row in rows.values():  # nor does a title or a place name an agency that did not exist yet
        assert not any(name in f"{row['title']} {row['place']}" for name in created_2025), row["code"]


@pytest.mark.django_db
def test_a_class_a_merger_handed_over_is_named_after_the_merged_department_in_a_document_of_2026(demo_output):
    handed_over = TrainingClass.objects.filter(target__plan__year=2025, planned_organiser__isnull=False)
    new_rural = handed_over.get(course__code="BD-NTM")
    assert new_rural.planned_organiser.name == "Sở Nông nghiệp và Phát triển nông thôn"
    assert new_rural.organiser.name == "Sở Nông nghiệp và Môi trường"  # who ran it in August 2025
    assert class_organiser(new_rural, AgenciesOn(datetime.date(2024, 9, 1))) == (
        "Sở Nông nghiệp và Phát triển nông thôn"
    )
    assert class_organiser(new_rural, AgenciesOn(datetime.date(2026, 1, 5))) == "Sở Nông nghiệp và Môi trường"
    for klass in handed_over:  # every class handed over started after the merger, run by the successor
        assert klass.planned_organiser.successor_id == klass.organiser_id
        assert klass.organiser_since == datetime.date(2025, 3, 1) <= klass.start_date


@pytest.mark.django_db
def test_a_plan_issued_after_the_reform_names_the_communes_not_the_districts(demo_output):
    plan = TrainingPlan.objects.get(issuing_agency__code=demo.ROOT, year=timezone.localdate().year)
    document = document_services.document_for_preview(kind=DocumentKind.PLAN, source=plan)
    assert document.issued_on >= datetime.date(2025, 7, 1)  # recorded as issued on paper after the reform
    lines = document.copies_to.splitlines()
    assert "UBND các xã, phường" in lines and "UBND các huyện, thành phố" not in lines


@pytest.mark.django_db
def test_the_logodi_letter_feeds_the_2025_plan_and_its_2024_course_and_is_overdue_for_that_plan(demo_output):
    letter = Correspondence.objects.get(direction=Direction.INCOMING, symbol="SNgV-LSHTQT")
    plan = TrainingPlan.objects.get(issuing_agency__code=demo.ROOT, year=2025)
    assert letter.plan == plan
    assert (letter.activity.title, letter.activity.year_from) == (demo.ACTIVITY_2024, 2024)
    dashboard = build_dashboard(
        Scope(year=2025, plan=plan, plans=[plan], years=[2025], choices=[plan]), timezone.localdate()
    )
    assert letter.pk in {row.pk for row in dashboard.overdue_letters}


@pytest.mark.django_db
def test_the_reply_draft_leaves_the_letters_day_blank_and_speaks_of_2024(demo_output):
    reply = Correspondence.objects.get(direction=Direction.OUTGOING, in_reply_to__symbol="SNgV-LSHTQT")
    assert reply.body.startswith("Phúc đáp Công văn số …/SNgV-LSHTQT ngày … tháng 5 năm 2023 của Sở Ngoại vụ")
    assert "trong năm 2024" in reply.body
    assert not re.search(r"\d{1,2}/5/2023", reply.body)
    assert (reply.plan.year, reply.activity.year_from) == (2025, 2024)
    assert reply.copies_to.splitlines() == ["Như trên", "UBND tỉnh (b/c)", "Lãnh đạo Sở"]


@pytest.mark.django_db
def test_logodis_history_holds_its_classes_of_2025_and_of_the_recent_plans(demo_output):
    activity = CooperationActivity.objects.get(title=demo.LOGODI_YEAR_TITLE.format(year=2025))
    assert list(activity.training_classes.values_list("code", flat=True)) == ["2025-NN-01"]
    assert (activity.partner.abbreviation, activity.courses_count) == ("LOGODI", 1)
    assert activity.participants_count > 0
    current = timezone.localdate().year
    this_year = CooperationActivity.objects.get(title=demo.LOGODI_YEAR_TITLE.format(year=current))
    assert list(this_year.training_classes.values_list("code", flat=True)) == [f"{current}-NN-01"]


@pytest.mark.django_db
def test_the_demos_2025_report_to_the_ministry_is_a_draft_ready_to_issue_with_the_dashboards_figures(demo_output):
    plan = TrainingPlan.objects.get(issuing_agency__code=demo.ROOT, year=2025)
    (draft,) = OutgoingDocument.objects.filter(kind=DocumentKind.ANNUAL_REPORT, reported_plan=plan)
    assert not draft.is_issued and draft.issuing_agency.code == "LS-SNV"
    (preview,) = document_services.issue_previews([draft])
    assert preview.can_issue, preview.missing
    today = timezone.localdate()
    page = build_page(draft, draft=True, today=today)
    figures = page.extra["figures"]
    dashboard = build_dashboard(scope_from({"year": "2025", "plan": str(plan.pk)}, today), today).total
    assert (figures.planned_classes, figures.planned_seats, figures.planned_places) == (75, 10_635, 55)
    assert (figures.held_classes, figures.attended, figures.completed, figures.places) == (
        dashboard.held_classes,
        dashboard.attended,
        dashboard.completed,
        dashboard.places,
    )
    assert page.header.number_line.endswith("/BC-SNV")
    assert page.copies == [
        "- Bộ Nội vụ (Vụ Công chức - Viên chức);",
        "- UBND tỉnh;",
        "- Lãnh đạo Sở;",
        "- Lưu: VT, CCVC.",
    ]
