"""A document speaks of the world of its own date: its legal bases, its agencies and its recipients ("Nơi nhận")
are those in force that day; a letter's unknown day stays unknown; a plan's footnotes and wording are printed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from courses import services as course_services
from courses.models import ClassStatus, TrainingClass
from partners import services
from partners.documents import build_page, render_html
from partners.documents.content import Footnotes, body_name, class_organiser, copies_lines, plan_citation
from partners.documents.pages import _class_bases
from partners.models import DatePrecision, DefaultCopy, DocumentKind
from plans.dated import AgenciesOn, bases_in_force
from plans.models import LegalChangeKind, LegalDocument, LegalDocumentChange, PlanFootnote, PlanTarget
from tests.factories import AgencyFactory
from tests.partners.conftest import make_plan
from tests.partners.test_documents_pdf import issue

D = datetime.date


def decree(number, issued_on, *, effective_from=None, effective_to=None, title="về đào tạo, bồi dưỡng"):
    return LegalDocument.objects.create(
        number=number,
        doc_type="Nghị định",
        issued_on=issued_on,
        issuer="Chính phủ",
        title=title,
        effective_from=effective_from,
        effective_to=effective_to,
    )


@pytest.fixture
def decrees(db):
    """101/2017 amended by 89/2021; 171/2025 replaces both for civil servants from 1/7/2025; a scheme ends in 2025."""
    nd101 = decree("101/2017/NĐ-CP", D(2017, 9, 1))
    nd89 = decree("89/2021/NĐ-CP", D(2021, 10, 18))
    nd171 = decree("171/2025/NĐ-CP", D(2025, 6, 30), effective_from=D(2025, 7, 1))
    qd163 = LegalDocument.objects.create(
        number="163/QĐ-TTg",
        doc_type="Quyết định",
        issued_on=D(2016, 1, 25),
        issuer="Thủ tướng Chính phủ",
        title="phê duyệt Đề án giai đoạn 2016 - 2025",
        effective_to=D(2025, 12, 31),
    )
    LegalDocumentChange.objects.create(document=nd89, changed=nd101, kind=LegalChangeKind.AMENDS)
    for old in (nd101, nd89):
        LegalDocumentChange.objects.create(
            document=nd171, changed=old, kind=LegalChangeKind.REPLACES, scope="công chức"
        )
    return {"101": nd101, "89": nd89, "171": nd171, "163": qd163}


def numbers(documents):
    return [document.number for document in documents]


# --- legal bases by date -----------------------------------------------------------------------


def test_a_plan_dated_2024_cites_its_bases_as_listed(decrees):
    listed = [decrees["101"], decrees["89"], decrees["163"]]
    assert numbers(bases_in_force(listed, D(2024, 9, 27))) == ["101/2017/NĐ-CP", "89/2021/NĐ-CP", "163/QĐ-TTg"]


def test_decree_171_is_cited_first_from_1_july_2025_where_it_replaces_101_for_civil_servants(decrees):
    listed = [decrees["101"], decrees["89"]]
    assert numbers(bases_in_force(listed, D(2025, 6, 30))) == ["101/2017/NĐ-CP", "89/2021/NĐ-CP"]
    assert numbers(bases_in_force(listed, D(2025, 7, 1))) == ["171/2025/NĐ-CP", "101/2017/NĐ-CP", "89/2021/NĐ-CP"]


def test_a_scheme_past_its_period_is_not_cited_in_the_next_year(decrees):
    assert numbers(bases_in_force([decrees["163"]], D(2025, 12, 31))) == ["163/QĐ-TTg"]
    assert bases_in_force([decrees["163"]], D(2026, 1, 2)) == []


def test_a_basis_no_longer_in_force_gives_way_to_the_one_that_replaced_it_entirely(decrees):
    old = decree("18/2010/NĐ-CP", D(2010, 3, 5), effective_to=D(2017, 8, 31))
    LegalDocumentChange.objects.create(document=decrees["101"], changed=old, kind=LegalChangeKind.REPLACES)
    assert numbers(bases_in_force([old], D(2016, 1, 1))) == ["18/2010/NĐ-CP"]
    assert numbers(bases_in_force([old], D(2024, 1, 1))) == ["101/2017/NĐ-CP"]


def test_a_basis_not_yet_in_force_on_the_documents_date_is_left_out(decrees):
    assert bases_in_force([decrees["171"]], D(2025, 6, 30)) == []


def test_a_decision_issued_in_2026_cites_what_governs_2026_not_its_plans_copy(decrees, province):
    plan = make_plan(province, classes_per_kind=(1, 0, 0, 0, 0))
    plan.basis_links.all().delete()
    for order, key in enumerate(("101", "89", "163"), start=1):
        plan.basis_links.create(document=decrees[key], order=order)
    klass = plan.targets.get(category__code="bd-a-2025").classes.get()
    in_2024 = [line.split(" ngày ")[0] for line in _class_bases(klass, D(2024, 10, 1))]
    in_2026 = [line.split(" ngày ")[0] for line in _class_bases(klass, D(2026, 3, 2))]
    assert in_2024[:3] == [
        "Căn cứ Nghị định số 101/2017/NĐ-CP",
        "Căn cứ Nghị định số 89/2021/NĐ-CP",
        "Căn cứ Quyết định số 163/QĐ-TTg",
    ]
    assert in_2026[:3] == [
        "Căn cứ Nghị định số 171/2025/NĐ-CP",
        "Căn cứ Nghị định số 101/2017/NĐ-CP",
        "Căn cứ Nghị định số 89/2021/NĐ-CP",
    ]
    assert not any("163/QĐ-TTg" in line for line in in_2026)


def test_a_legal_document_cannot_end_before_it_starts(db):
    document = LegalDocument(
        number="1/2025/NĐ-CP",
        doc_type="Nghị định",
        issued_on=D(2025, 1, 1),
        issuer="Chính phủ",
        title="x",
        effective_from=D(2025, 2, 1),
        effective_to=D(2025, 1, 31),
    )
    with pytest.raises(ValidationError):
        document.full_clean()


def plan_with_bases(decrees, province, keys=("101", "89", "163")):
    plan = make_plan(province, classes_per_kind=(1, 0, 0, 0, 0))
    plan.basis_links.all().delete()
    for order, key in enumerate(keys, start=1):
        plan.basis_links.create(document=decrees[key], order=order)
    return plan


def test_a_plan_prints_its_bases_of_its_date_as_one_paragraph_each_closed_by_a_semicolon(decrees, province, staff_user):
    plan = plan_with_bases(decrees, province, keys=("171", "101", "89", "163"))
    services.document_record_paper(kind=DocumentKind.PLAN, source=plan, issued_on=D(2024, 9, 27), by=staff_user)
    page = build_page(services.document_for_preview(kind=DocumentKind.PLAN, source=plan), draft=True)
    assert page.extra["bases"] == (
        "Căn cứ Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng; Nghị định số "
        "89/2021/NĐ-CP ngày 18/10/2021 của Chính phủ về đào tạo, bồi dưỡng; Quyết định số 163/QĐ-TTg ngày "
        "25/01/2016 của Thủ tướng Chính phủ phê duyệt Đề án giai đoạn 2016 - 2025;"
    )  # 171/2025 was not yet in force
    html = render_html(page, for_pdf=True)
    assert html.count('<p class="basis">') == 1
    assert "2025;</p>\n<p>UBND tỉnh ban hành Kế hoạch" in html


def test_a_plan_of_2026_cites_in_its_paragraph_decree_171_first_and_no_scheme_past_its_period(decrees, province):
    plan = plan_with_bases(decrees, province, keys=("171", "101", "89", "163"))
    page = build_page(
        services.document_for_preview(kind=DocumentKind.PLAN, source=plan), draft=True, today=D(2026, 3, 2)
    )
    bases = page.extra["bases"]
    assert bases.startswith("Căn cứ Nghị định số 171/2025/NĐ-CP ngày 30/6/2025 của Chính phủ về đào tạo, bồi dưỡng; ")
    assert bases.count("Căn cứ") == 1 and bases.endswith(
        "89/2021/NĐ-CP ngày 18/10/2021 của Chính phủ về đào tạo, bồi dưỡng;"
    )
    assert "163/QĐ-TTg" not in bases


def test_a_plan_without_a_basis_in_force_prints_no_basis_paragraph(decrees, province):
    plan = plan_with_bases(decrees, province, keys=("171",))
    page = build_page(
        services.document_for_preview(kind=DocumentKind.PLAN, source=plan), draft=True, today=D(2025, 1, 2)
    )
    assert page.extra["bases"] == ""
    assert 'class="basis"' not in render_html(page, for_pdf=True)


# --- agencies by date --------------------------------------------------------------------------


@pytest.fixture
def merger(db):
    """Two departments of 2024 merged on 1/3/2025 into one created that day."""
    merged = AgencyFactory(code="M-NEW", name="Sở Nông nghiệp và Môi trường", valid_from=D(2025, 3, 1))
    farming = AgencyFactory(code="M-FARM", name="Sở Nông nghiệp", valid_to=D(2025, 2, 28), successor=merged)
    land = AgencyFactory(code="M-LAND", name="Sở Tài nguyên", valid_to=D(2025, 2, 28), successor=merged)
    return {"merged": merged, "farming": farming, "land": land}


def test_an_agency_created_after_the_documents_date_stands_for_those_merged_into_it(merger):
    assert AgenciesOn(D(2024, 9, 27)).standing_for(merger["merged"]) == [merger["farming"], merger["land"]]
    assert AgenciesOn(D(2024, 9, 27)).names(merger["merged"]) == "Sở Nông nghiệp; Sở Tài nguyên"


def test_an_agency_that_had_ended_stands_for_its_successor_and_a_living_one_for_itself(merger):
    assert AgenciesOn(D(2026, 1, 5)).standing_for(merger["farming"]) == [merger["merged"]]
    assert AgenciesOn(D(2024, 1, 5)).standing_for(merger["farming"]) == [merger["farming"]]


def appendix_organisers(page) -> list[str]:
    return [row["organiser"] for row in page.extra["appendix_rows"] if "organiser" in row]


def test_a_class_a_merger_handed_over_is_listed_in_2024_under_the_one_agency_that_planned_it(
    province, merger, staff_user
):
    plan = make_plan(province, classes_per_kind=(1, 0, 0, 0, 0))
    klass = plan.targets.get(category__code="bd-a-2025").classes.get()
    klass.organiser, klass.provider = merger["farming"], None
    klass.start_date, klass.end_date = D(2025, 8, 4), D(2025, 8, 8)
    klass.save(update_fields=["organiser", "provider", "start_date", "end_date"])
    assert course_services.classes_hand_over(agency=merger["farming"], on=D(2025, 3, 1)) == 1
    klass.refresh_from_db()
    assert klass.organiser == merger["merged"]  # the merged department runs it
    services.document_record_paper(kind=DocumentKind.PLAN, source=plan, issued_on=D(2024, 9, 27), by=staff_user)
    page = build_page(services.document_for_preview(kind=DocumentKind.PLAN, source=plan), draft=True)
    assert appendix_organisers(page) == ["Sở Nông nghiệp"]  # not the other department merged with it
    assert page.header.place_date.endswith("ngày 27 tháng 9 năm 2024")


def test_a_document_dated_after_the_merger_names_the_department_that_took_the_class_over(province, merger):
    plan = make_plan(province, classes_per_kind=(1, 0, 0, 0, 0))
    klass = plan.targets.get(category__code="bd-a-2025").classes.get()
    klass.organiser, klass.provider = merger["farming"], None
    klass.save(update_fields=["organiser", "provider"])
    klass.planned_organiser, klass.organiser, klass.organiser_since = merger["farming"], merger["merged"], D(2025, 3, 1)
    klass.save()
    assert class_organiser(klass, AgenciesOn(D(2024, 9, 27))) == "Sở Nông nghiệp"
    assert class_organiser(klass, AgenciesOn(D(2025, 2, 28))) == "Sở Nông nghiệp"
    assert class_organiser(klass, AgenciesOn(D(2025, 3, 1))) == "Sở Nông nghiệp và Môi trường"
    assert class_organiser(klass, AgenciesOn(D(2026, 1, 5))) == "Sở Nông nghiệp và Môi trường"
    assert class_organiser(klass) == "Sở Nông nghiệp và Môi trường"  # a page of today


def test_a_class_planned_by_an_agency_that_ended_since_is_named_after_its_successor_later(province, merger):
    plan = make_plan(province, classes_per_kind=(1, 0, 0, 0, 0))
    klass = plan.targets.get(category__code="bd-a-2025").classes.get()
    klass.organiser, klass.provider = merger["land"], None
    klass.save(update_fields=["organiser", "provider"])
    assert class_organiser(klass, AgenciesOn(D(2024, 9, 27))) == "Sở Tài nguyên"
    assert class_organiser(klass, AgenciesOn(D(2026, 1, 5))) == "Sở Nông nghiệp và Môi trường"


def test_a_merger_hands_over_only_the_classes_that_had_not_started_and_keeps_the_first_plans_organiser(
    province, merger
):
    plan = make_plan(province, classes_per_kind=(3, 0, 0, 0, 0))
    before, after, cancelled = plan.targets.get(category__code="bd-a-2025").classes.order_by("pk")
    for klass, start in ((before, D(2025, 2, 10)), (after, D(2025, 5, 5)), (cancelled, D(2025, 6, 2))):
        klass.organiser, klass.start_date, klass.end_date = merger["farming"], start, start + datetime.timedelta(4)
        klass.save()
    TrainingClass.objects.filter(pk=cancelled.pk).update(status=ClassStatus.CANCELLED)
    assert course_services.classes_hand_over(agency=merger["farming"], on=D(2025, 3, 1)) == 1
    for klass in (before, after, cancelled):
        klass.refresh_from_db()
    assert (before.organiser, before.planned_organiser) == (merger["farming"], None)
    assert (after.organiser, after.planned_organiser, after.organiser_since) == (
        merger["merged"],
        merger["farming"],
        D(2025, 3, 1),
    )
    assert cancelled.organiser == merger["farming"]
    with pytest.raises(ValidationError):
        course_services.classes_hand_over(agency=merger["merged"], on=D(2026, 1, 1))  # merged into nothing


def test_a_handover_by_default_starts_the_day_after_the_agencys_last_day_and_needs_that_day(merger):
    from tests.factories import TrainingClassFactory

    farming = merger["farming"]
    assert farming.valid_to is not None
    later = TrainingClassFactory(organiser=farming, start_date=farming.valid_to + datetime.timedelta(days=1),
                                 end_date=farming.valid_to + datetime.timedelta(days=3))  # fmt: skip
    assert course_services.classes_hand_over(agency=farming) == 1
    later.refresh_from_db()
    assert later.organiser_since == farming.valid_to + datetime.timedelta(days=1)
    open_ended = AgencyFactory(successor=merger["merged"])  # merged into another, but its last day not recorded
    with pytest.raises(ValidationError, match="has no last day"):
        course_services.classes_hand_over(agency=open_ended)


def test_a_handover_without_its_day_is_refused_by_the_database(province, merger):
    plan = make_plan(province, classes_per_kind=(1, 0, 0, 0, 0))
    klass = plan.targets.get(category__code="bd-a-2025").classes.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingClass.objects.filter(pk=klass.pk).update(planned_organiser=merger["farming"])


def test_a_class_of_a_merged_agency_without_its_history_is_listed_under_those_merged_into_it(
    province, merger, staff_user
):
    plan = make_plan(province, classes_per_kind=(1, 0, 0, 0, 0))
    klass = plan.targets.get(category__code="bd-a-2025").classes.get()
    klass.organiser = merger["merged"]
    klass.save(update_fields=["organiser"])
    services.document_record_paper(kind=DocumentKind.PLAN, source=plan, issued_on=D(2024, 9, 27), by=staff_user)
    page = build_page(services.document_for_preview(kind=DocumentKind.PLAN, source=plan), draft=True)
    # Data that cannot tell which of them planned the class: both are named, none created after the plan's date.
    assert appendix_organisers(page)[0].startswith("Sở Nông nghiệp; Sở Tài nguyên")


# --- recipients ("Nơi nhận") -------------------------------------------------------------------


@pytest.fixture
def usual_copies(province):
    root = province["root"]
    school = province["tct"]
    school.valid_from = D(2020, 1, 1)
    school.save()
    rows = [
        ("Thường trực Tỉnh ủy", None, None, None),
        ("UBND các huyện, thành phố", None, None, D(2025, 6, 30)),
        ("UBND các xã, phường", None, D(2025, 7, 1), None),
        ("Trường Chính trị Hoàng Văn Thụ", school, None, None),
        ("Lưu: VT, NC (TPT)", None, None, None),
    ]
    for order, (text, agency, valid_from, valid_to) in enumerate(rows, start=1):
        DefaultCopy.objects.create(
            kind=DocumentKind.PLAN,
            issuing_agency=root,
            order=order,
            text=text,
            agency=agency,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    DefaultCopy.objects.create(kind=DocumentKind.PLAN, issuing_agency=None, order=1, text="Như trên")
    return rows


def test_a_plans_usual_recipients_are_those_in_force_on_its_date(province, usual_copies):
    before = services.selectors.default_copies(
        kind=DocumentKind.PLAN, issuing_agency=province["root"], day=D(2024, 9, 27)
    )
    after = services.selectors.default_copies(
        kind=DocumentKind.PLAN, issuing_agency=province["root"], day=D(2025, 9, 26)
    )
    assert before == [
        "Thường trực Tỉnh ủy",
        "UBND các huyện, thành phố",
        "Trường Chính trị Hoàng Văn Thụ",
        "Lưu: VT, NC (TPT)",
    ]
    assert after == [
        "Thường trực Tỉnh ủy",
        "UBND các xã, phường",
        "Trường Chính trị Hoàng Văn Thụ",
        "Lưu: VT, NC (TPT)",
    ]


def test_a_recipient_naming_an_agency_is_left_out_before_the_agency_existed(province, usual_copies):
    lines = services.selectors.default_copies(
        kind=DocumentKind.PLAN, issuing_agency=province["root"], day=D(2019, 5, 1)
    )
    assert "Trường Chính trị Hoàng Văn Thụ" not in lines


def test_a_body_without_its_own_list_gets_the_list_for_every_body(province, usual_copies):
    lines = services.selectors.default_copies(kind=DocumentKind.PLAN, issuing_agency=province["snv"], day=D(2024, 1, 1))
    assert lines == ["Như trên"]


def test_a_plans_draft_starts_from_the_usual_recipients_printed_in_the_state_layout(plan, usual_copies, staff_user):
    draft = services.document_prepare(kind=DocumentKind.PLAN, source=plan, by=staff_user)
    assert draft.copies_to.splitlines()[0] == "Thường trực Tỉnh ủy"
    assert copies_lines(draft.copies_to, "NC")[-1] == "- Lưu: VT, NC (TPT)."  # not a second archive line
    changes = {"copies_to": "Thường trực Tỉnh ủy;\nBan Tổ chức Tỉnh ủy", "drafting_unit": "NC"}
    edited = services.draft_save(document=draft, changes=changes)
    assert build_page(edited, draft=True).copies == [
        "- Thường trực Tỉnh ủy;",
        "- Ban Tổ chức Tỉnh ủy;",
        "- Lưu: VT, NC.",
    ]


def test_a_plan_recorded_on_paper_gets_the_recipients_of_its_paper_date(plan, usual_copies, staff_user):
    document = services.document_record_paper(
        kind=DocumentKind.PLAN, source=plan, issued_on=D(2024, 9, 27), by=staff_user
    )
    assert "UBND các huyện, thành phố" in document.copies_to.splitlines()
    assert "UBND các xã, phường" not in document.copies_to.splitlines()


def test_a_reply_starts_from_its_bodys_usual_letter_recipients(logodi_letter, province):
    assert services.reply_for(logodi_letter).copies_to == "Như trên;"  # none recorded: the usual line
    for order, text in enumerate(("Như trên", "UBND tỉnh (b/c)"), start=1):
        DefaultCopy.objects.create(kind=DocumentKind.LETTER, issuing_agency=province["snv"], order=order, text=text)
    assert services.reply_for(logodi_letter).copies_to.splitlines() == ["Như trên", "UBND tỉnh (b/c)"]


# --- a letter whose day is unknown -------------------------------------------------------------


def test_a_reply_to_a_letter_known_only_to_the_month_leaves_its_day_blank(logodi_letter):
    logodi_letter.dated, logodi_letter.dated_precision = D(2023, 5, 1), DatePrecision.MONTH
    logodi_letter.save()
    opening = services.reply_for(logodi_letter).body
    assert opening.startswith("Phúc đáp Công văn số …/SNgV-LSHTQT ngày … tháng 5 năm 2023 của Sở Ngoại vụ")
    assert "01/5/2023" not in opening


def test_a_plan_recorded_on_paper_with_its_day_blank_keeps_the_month_and_never_prints_a_day(plan, staff_user):
    recorded = services.document_record_paper(
        kind=DocumentKind.PLAN,
        source=plan,
        issued_on=D(2024, 9, 27),
        precision=DatePrecision.MONTH,
        symbol="KH-UBND",
        by=staff_user,
    )
    assert (recorded.issued_on, recorded.issued_on_precision, recorded.issued_day_known) == (
        D(2024, 9, 1),
        DatePrecision.MONTH,
        False,
    )
    page = build_page(services.document_for_preview(kind=DocumentKind.PLAN, source=plan), draft=True)
    assert page.header.place_date == "Lạng Sơn, ngày\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0tháng 9 năm 2024"
    assert "ban hành trên giấy ngày … tháng 9 năm 2024;" in page.reprint_note
    assert page.extra["appendix_of"].startswith("(Kèm theo Kế hoạch ngày … tháng 9 năm 2024 của ")
    assert plan_citation(plan, recorded).startswith("Kế hoạch ngày … tháng 9 năm 2024 của ")
    html = render_html(page, for_pdf=True)
    assert "/9/2024" not in html and "ngày 01 tháng 9" not in html


def test_a_plan_recorded_on_paper_with_its_day_prints_that_day(plan, staff_user):
    recorded = services.document_record_paper(kind=DocumentKind.PLAN, source=plan, issued_on=D(2024, 9, 27))
    assert recorded.issued_day_known
    page = build_page(services.document_for_preview(kind=DocumentKind.PLAN, source=plan), draft=True)
    assert page.header.place_date == "Lạng Sơn, ngày 27 tháng 9 năm 2024"
    assert plan_citation(plan, recorded).startswith("Kế hoạch ngày 27/9/2024 của ")


def test_only_a_document_issued_on_paper_may_leave_its_day_unknown(plan, staff_user):
    draft = services.document_prepare(kind=DocumentKind.PLAN, source=plan, by=staff_user)
    draft.issued_on_precision = DatePrecision.MONTH
    with pytest.raises(ValidationError):
        draft.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()


# --- footnotes and wording ---------------------------------------------------------------------


def test_a_footnote_follows_the_first_occurrence_of_its_words_and_none_is_lost():
    class Note:
        def __init__(self, anchor, text):
            self.anchor, self.text = anchor, text

    notes = Footnotes([Note("công lập", "A <b>note</b>"), Note("nowhere", "Lost?")])
    first = notes.mark("Viên chức trong đơn vị sự nghiệp công lập.")
    second = notes.mark("đơn vị sự nghiệp công lập")
    assert (
        str(first)
        == 'Viên chức trong đơn vị sự nghiệp công lập<span class="footnote">A &lt;b&gt;note&lt;/b&gt;</span>.'
    )
    assert "footnote" not in str(second)
    assert str(notes.leftover("Trên đây./.")).endswith('<span class="footnote">Lost?</span>')


def test_a_plan_prints_its_footnotes_wording_and_reporting_line(plan, staff_user):
    PlanFootnote.objects.create(plan=plan, anchor="Chủ trì triển khai", text="Cơ quan thường trực.", order=1)
    PlanTarget.objects.filter(plan=plan, category__code="bd-nn-2025").update(
        wording="Bồi dưỡng nước ngoài theo Đề án của tỉnh."
    )
    draft = services.document_prepare(kind=DocumentKind.PLAN, source=plan, by=staff_user)
    html = render_html(build_page(draft, draft=True), for_pdf=True)
    assert 'Chủ trì triển khai<span class="footnote">Cơ quan thường trực.</span>' in html
    assert "Bồi dưỡng nước ngoài theo Đề án của tỉnh." in html
    assert "báo cáo UBND tỉnh (thông qua Sở Nội vụ) để xem xét" in html


def test_a_body_drops_its_place_when_it_names_itself():
    class Body:
        def __init__(self, name, place_name):
            self.name, self.place_name = name, place_name

    assert body_name(Body("UBND tỉnh Lạng Sơn", "Lạng Sơn")) == "UBND tỉnh"
    assert body_name(Body("Sở Nội vụ", "Lạng Sơn")) == "Sở Nội vụ"
    assert body_name(Body("Lạng Sơn", "Lạng Sơn")) == "Lạng Sơn"


def test_a_footnote_is_printed_numbered_at_the_foot_of_its_page_within_the_margins(plan, staff_user):

    PlanFootnote.objects.create(plan=plan, anchor="Cán bộ, công chức cấp xã", text="Kể cả người hoạt động.", order=1)
    pdf = issue(services.document_prepare(kind=DocumentKind.PLAN, source=plan, by=staff_user), staff_user)
    page = next(page for page in pdf.pages if "Kể cả người hoạt động." in " ".join(page.text.split()))
    lines = page.lines()
    note = next(index for index, line in enumerate(lines) if line.endswith("Kể cả người hoạt động."))
    assert lines[note].startswith("1")  # its number, then the note
    assert note == len(lines) - 1  # the last line of the page: at its foot
    assert any(line.endswith("Cán bộ, công chức cấp xã1.") for line in lines[:note])  # the call, after the words
    assert page.margins_mm()["bottom"] >= 20 - 0.5
