"""How a Vietnamese administrative document writes dates, numbers, symbols and its header and footer lines."""

import datetime

import pytest

from partners.documents.content import (
    copies_lines,
    deciding_authority,
    document_symbol,
    inline_markup,
    issuing_body_lines,
    recipient_lines,
    without_type_name,
)
from partners.documents.formatting import (
    count_text,
    count_with_words,
    date_line,
    group_digits,
    number_in_words,
    short_date,
)
from partners.documents.pages import _year_kept_whole
from partners.models import OutgoingDocument
from plans.models import Agency

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 3, 5), "Lạng Sơn, ngày 05 tháng 3 năm 2025"),
        (D(2025, 3, 10), "Lạng Sơn, ngày 10 tháng 3 năm 2025"),
        (D(2025, 1, 9), "Lạng Sơn, ngày 09 tháng 01 năm 2025"),
        (D(2025, 2, 28), "Lạng Sơn, ngày 28 tháng 02 năm 2025"),
        (D(2023, 5, 8), "Lạng Sơn, ngày 08 tháng 5 năm 2023"),
        (D(2025, 9, 30), "Lạng Sơn, ngày 30 tháng 9 năm 2025"),
        (D(2025, 10, 1), "Lạng Sơn, ngày 01 tháng 10 năm 2025"),
        (D(2025, 11, 11), "Lạng Sơn, ngày 11 tháng 11 năm 2025"),
        (D(2025, 12, 31), "Lạng Sơn, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_date_line_pads_days_below_ten_and_months_one_and_two_only(day, expected):
    assert date_line("Lạng Sơn", day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2017, 9, 1), "01/9/2017"),
        (D(2016, 1, 25), "25/01/2016"),
        (D(2018, 2, 23), "23/02/2018"),
        (D(2023, 5, 16), "16/5/2023"),
        (D(2021, 10, 18), "18/10/2021"),
    ],
)
def test_dates_cited_in_the_text_follow_the_same_leading_zero_rule(day, expected):
    assert short_date(day) == expected


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1, "một"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (74, "bảy mươi tư"),
        (75, "bảy mươi lăm"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1_000, "một nghìn"),
        (1_005, "một nghìn không trăm linh năm"),
        (1_050, "một nghìn không trăm năm mươi"),
        (10_625, "mười nghìn sáu trăm hai mươi lăm"),
        (10_635, "mười nghìn sáu trăm ba mươi lăm"),
        (1_000_000, "một triệu"),
        (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
        (2_000_000_000, "hai tỷ"),
    ],
)
def test_number_in_words_reads_as_vietnamese_officials_write_it(number, words):
    assert number_in_words(number) == words


@pytest.mark.parametrize(
    ("number", "grouped"), [(0, "0"), (75, "75"), (1_150, "1.150"), (10_635, "10.635"), (1_234_567, "1.234.567")]
)
def test_numbers_are_grouped_with_dots(number, grouped):
    assert group_digits(number) == grouped


def test_counts_below_ten_take_a_leading_zero_and_keep_the_grouping_above():
    assert [count_text(n) for n in (1, 3, 10, 75, 10_635)] == ["01", "03", "10", "75", "10.635"]
    assert count_with_words(75) == "75 (bảy mươi lăm)"
    assert count_with_words(10_635) == "10.635 (mười nghìn sáu trăm ba mươi lăm)"


@pytest.mark.parametrize(
    ("type_abbreviation", "agency", "unit", "with_unit", "symbol"),
    [
        ("KH", "UBND", "", False, "KH-UBND"),
        ("QĐ", "SNV", "CCVC", False, "QĐ-SNV"),
        ("TB", "SNV", "CCVC", False, "TB-SNV"),
        ("", "SNV", "CCVC", True, "SNV-CCVC"),
        ("", "SNgV", "LSHTQT", True, "SNgV-LSHTQT"),
    ],
)
def test_symbol_is_type_and_body_and_for_a_letter_body_and_drafting_unit(
    type_abbreviation, agency, unit, with_unit, symbol
):
    assert (
        document_symbol(
            type_abbreviation=type_abbreviation, agency_abbreviation=agency, drafting_unit=unit, with_unit=with_unit
        )
        == symbol
    )


def test_copies_list_ends_with_the_archive_line_of_the_drafting_unit():
    assert copies_lines("Như trên;\nUBND tỉnh (b/c);\n\n- Lãnh đạo Sở", "CCVC") == [
        "- Như trên;",
        "- UBND tỉnh (b/c);",
        "- Lãnh đạo Sở;",
        "- Lưu: VT, CCVC.",
    ]
    assert copies_lines("Như trên;\nLưu: VT, NC (TPT).", "CCVC") == ["- Như trên;", "- Lưu: VT, NC (TPT)."]


def test_one_addressee_ends_with_a_full_stop_several_are_a_dash_list():
    assert recipient_lines(["Sở Ngoại vụ"]) == ["Sở Ngoại vụ."]
    assert recipient_lines(["Sở Ngoại vụ;", "Sở Tài chính"]) == ["- Sở Ngoại vụ;", "- Sở Tài chính."]


def test_issuing_body_spells_out_the_peoples_committee_and_keeps_other_names():
    assert issuing_body_lines(Agency(name="UBND tỉnh Lạng Sơn")) == ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"]
    assert issuing_body_lines(Agency(name="Sở Nội vụ")) == ["SỞ NỘI VỤ"]


def test_deciding_authority_comes_from_the_signature_block_and_the_body():
    agency = Agency(name="Sở Nội vụ")
    document = OutgoingDocument(issuing_agency=agency, signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC")
    assert deciding_authority(document) == "GIÁM ĐỐC SỞ NỘI VỤ"
    document = OutgoingDocument(issuing_agency=agency, signer_title="Giám đốc")
    assert deciding_authority(document) == "GIÁM ĐỐC SỞ NỘI VỤ"
    committee = OutgoingDocument(
        issuing_agency=Agency(name="UBND tỉnh Lạng Sơn"), signer_authority="TM. ỦY BAN NHÂN DÂN"
    )
    assert deciding_authority(committee) == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    document.decision_authority = "Chủ tịch Ủy ban nhân dân tỉnh"
    assert deciding_authority(document) == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"


def test_subject_drops_the_document_type_it_repeats():
    assert without_type_name("Kế hoạch đào tạo, bồi dưỡng năm 2025", "Kế hoạch") == "Đào tạo, bồi dưỡng năm 2025"


def test_letter_body_keeps_bold_and_italic_and_escapes_the_rest():
    assert inline_markup("gửi **chậm nhất 16/5/2023** <b>x</b> *ghi chú*") == (
        "gửi <strong>chậm nhất 16/5/2023</strong> &lt;b&gt;x&lt;/b&gt; <em>ghi chú</em>"
    )


def test_a_documents_subject_keeps_the_year_with_its_word_so_no_year_stands_alone_on_a_line():

    assert (
        _year_kept_whole("Đào tạo, bồi dưỡng tỉnh Lạng Sơn năm 2025")
        == "Đào tạo, bồi dưỡng tỉnh Lạng Sơn năm\u00a02025"
    )
    assert _year_kept_whole("Về việc cử cán bộ dự lớp") == "Về việc cử cán bộ dự lớp"
