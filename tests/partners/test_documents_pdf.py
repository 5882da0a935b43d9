"""The issued PDFs, read back with pdfplumber: page size, margins, fonts, header, dates, numbers, appendix."""

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pdfminer.pdftypes import resolve1

from courses.models import TrainingClass
from partners import services
from partners.documents import build_page, render_pdf
from partners.documents.fonts import VIETNAMESE_LETTERS
from partners.models import DocumentKind
from plans.models import CategoryKind
from tests.partners.conftest import make_plan

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
ISSUED_ON = datetime.date(2025, 3, 5)
ALLOWED_FAMILIES = {"Liberation Serif", "Times New Roman"}


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    text: str
    chars: list[dict]
    words: list[dict]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def body_chars(self) -> list[dict]:
        """The characters below the top margin: everything but the page number."""
        return [char for char in self.chars if char["top"] > 15 * MM and char["text"].strip()]

    def margins_mm(self) -> dict[str, float]:
        chars = self.body_chars()
        return {
            "top": min(char["top"] for char in chars) / MM,
            "bottom": (self.height - max(char["bottom"] for char in chars)) / MM,
            "left": min(char["x0"] for char in chars) / MM,
            "right": (self.width - max(char["x1"] for char in chars)) / MM,
        }

    def lines(self, *, x0: float = 0, x1: float | None = None, top: float = 0, bottom: float | None = None) -> list:
        chars = [
            char
            for char in self.chars
            if x0 <= char["x0"] and char["x1"] <= (x1 or self.width) and top <= char["top"] < (bottom or self.height)
        ]
        rows: dict[int, list[dict]] = {}
        for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
            key = next((k for k in rows if abs(k - char["top"]) < 3), round(char["top"]))
            rows.setdefault(key, []).append(char)
        lines = []
        for key in sorted(rows):
            row = sorted(rows[key], key=lambda c: c["x0"])
            text = ""
            for previous, char in zip([None, *row], row, strict=False):
                if previous is not None and char["x0"] - previous["x1"] > 1.5:
                    text += " "
                text += char["text"]
            lines.append(unicodedata.normalize("NFC", " ".join(text.split())))
        return lines


@dataclass
class Pdf:
    content: bytes
    pages: list[PdfPage]
    font_programs: list[TTFont]
    font_names: set[str]

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)


def read_pdf(content: bytes) -> Pdf:
    pages, programs, names = [], [], set()
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for index, page in enumerate(pdf.pages, start=1):
            text = unicodedata.normalize("NFC", page.extract_text() or "")
            pages.append(
                PdfPage(index, float(page.width), float(page.height), text, list(page.chars), page.extract_words())
            )
            names |= {char["fontname"] for char in page.chars}
        document = pdf.doc
        for xref in document.xrefs:
            for object_id in xref.get_objids():
                obj = resolve1(document.getobj(object_id))
                if isinstance(obj, dict) and getattr(obj.get("Type"), "name", None) == "FontDescriptor":
                    stream = resolve1(obj.get("FontFile2") or obj.get("FontFile3") or obj.get("FontFile"))
                    programs.append(TTFont(io.BytesIO(stream.get_data())) if stream is not None else None)
    return Pdf(content, pages, programs, names)


def issue(document, staff_user, on=ISSUED_ON) -> Pdf:
    issued = services.document_issue(document=document, by=staff_user, on=on)
    return read_pdf(services.stored_pdf(issued))


@pytest.fixture
def letter_pdf(letter_draft, staff_user):
    return issue(letter_draft, staff_user)


@pytest.fixture
def plan_pdf(plan_draft, staff_user):
    return issue(plan_draft, staff_user)


# --- the page ----------------------------------------------------------------------------------


def test_pages_are_a4_portrait(letter_pdf):
    for page in letter_pdf.pages:
        assert page.width == pytest.approx(A4[0], abs=0.5)
        assert page.height == pytest.approx(A4[1], abs=0.5)


def test_text_keeps_the_four_margins_of_the_state_format(plan_pdf):
    portrait = [page for page in plan_pdf.pages if not page.landscape]
    assert len(portrait) >= 2
    for page in portrait:
        margins = page.margins_mm()
        assert 20 <= margins["top"] <= 25, (page.number, margins)
        assert margins["bottom"] >= 20, (page.number, margins)
        assert 30 <= margins["left"] <= 35, (page.number, margins)
        assert 15 <= margins["right"] <= 20, (page.number, margins)
    # The first page is full: its text runs down to the bottom margin.
    assert portrait[0].margins_mm()["bottom"] <= 30


def test_only_one_embedded_family_with_every_vietnamese_letter(letter_pdf, plan_pdf):
    for pdf in (letter_pdf, plan_pdf):
        assert pdf.font_programs and all(program is not None for program in pdf.font_programs), "fonts not embedded"
        families = {
            program["name"].getDebugName(16) or program["name"].getDebugName(1) for program in pdf.font_programs
        }
        assert len(families) == 1 and families <= ALLOWED_FAMILIES, families
        # Every character of the text comes from that family: no fallback font inside a word.
        assert {name.split("+", 1)[-1].split("-")[0] for name in pdf.font_names} <= {"Liberation", "Times"}
        assert len({name.split("+", 1)[-1].replace("-Bold", "").replace("-Italic", "") for name in pdf.font_names}) == 1


def test_every_vietnamese_letter_prints_in_the_document_font(letter_draft, staff_user):
    letter = letter_draft.correspondence
    letter.body = f"{letter.body}\n{VIETNAMESE_LETTERS} **{VIETNAMESE_LETTERS}** *{VIETNAMESE_LETTERS}*"
    letter.save()
    pdf = issue(letter_draft, staff_user)
    assert VIETNAMESE_LETTERS[:20] in pdf.text.replace("\n", "")
    assert {name.split("+", 1)[-1].split("-")[0] for name in pdf.font_names} == {"Liberation"}


# --- the header --------------------------------------------------------------------------------


def test_letter_header_has_the_body_the_motto_the_number_and_the_date_in_two_columns(letter_pdf):
    page = letter_pdf.pages[0]
    middle = (30 + 0.4 * 165) * MM  # the columns meet at 40 % of the text width
    header_bottom = 60 * MM
    left = page.lines(x1=middle, bottom=header_bottom)
    right = page.lines(x0=middle, bottom=header_bottom)
    assert left[:3] == ["UBND TỈNH LẠNG SƠN", "SỞ NỘI VỤ", "Số: 01/SNV-CCVC"]
    assert left[3].startswith("V/v đề nghị phối hợp đề xuất nhu")
    assert right[:3] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lạng Sơn, ngày 05 tháng 3 năm 2025",
    ]
    assert "Kính gửi: Sở Ngoại vụ." in page.text


def test_header_columns_start_on_the_same_line(letter_pdf):
    page = letter_pdf.pages[0]
    first = {}
    for char in page.body_chars():
        side = "left" if char["x0"] < (30 + 0.4 * 165) * MM else "right"
        first[side] = min(first.get(side, page.height), char["bottom"])
    assert abs(first["left"] - first["right"]) < 2


@pytest.mark.parametrize(
    ("day", "date_text"),
    [
        (datetime.date(2025, 1, 9), "Lạng Sơn, ngày 09 tháng 01 năm 2025"),
        (datetime.date(2025, 2, 10), "Lạng Sơn, ngày 10 tháng 02 năm 2025"),
        (datetime.date(2025, 3, 1), "Lạng Sơn, ngày 01 tháng 3 năm 2025"),
        (datetime.date(2025, 12, 31), "Lạng Sơn, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_issued_date_line_follows_the_leading_zero_rule(letter_draft, staff_user, day, date_text):
    pdf = issue(letter_draft, staff_user, on=day)
    assert date_text in pdf.pages[0].lines(x0=(30 + 0.4 * 165) * MM, bottom=60 * MM)


def test_plan_header_spells_out_the_committee_and_numbers_it_in_the_register(plan_pdf):
    page = plan_pdf.pages[0]
    left = page.lines(x1=(30 + 0.4 * 165) * MM, bottom=60 * MM)
    assert left[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "Số: 01/KH-UBND"]
    assert "KẾ HOẠCH" in page.text.splitlines()
    assert "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Lạng Sơn năm 2025" in page.text.replace("\n", " ")


def test_second_document_of_the_body_takes_the_next_number(plan, decision_draft, notice_draft, staff_user):
    decision = issue(decision_draft, staff_user)
    notice = issue(notice_draft, staff_user)
    assert "Số: 01/QĐ-SNV" in decision.pages[0].text
    assert "Số: 02/TB-SNV" in notice.pages[0].text


# --- the body ----------------------------------------------------------------------------------


def test_page_numbers_from_page_two_at_the_top_centre(plan_pdf):
    assert len(plan_pdf.pages) >= 3
    first = [char for char in plan_pdf.pages[0].chars if char["top"] < 15 * MM]
    assert first == []
    for page in plan_pdf.pages[1:]:
        number = [char for char in page.chars if char["bottom"] < 20 * MM]
        assert "".join(char["text"] for char in number) == str(page.number)
        centre = (min(char["x0"] for char in number) + max(char["x1"] for char in number)) / 2
        left, right = (30, 15) if not page.landscape else (20, 20)
        assert abs(centre - (left * MM + (page.width - (left + right) * MM) / 2)) < 3 * MM


def test_plan_targets_are_printed_in_grouped_figures_down_to_the_second_level_as_the_plans_write_them(plan_pdf):
    text = " ".join(plan_pdf.text.split())
    section_four = text[text.index("IV. CHỈ TIÊU") : text.index("V. KINH PHÍ")]
    assert "năm 2025 là 75 lớp với 10.635 chỉ tiêu, trong đó:" in section_four
    assert "Tổ chức bồi dưỡng trong nước: 74 lớp với 10.625 chỉ tiêu." in section_four
    assert "Tổ chức bồi dưỡng tại nước ngoài: 01 lớp với 10 chỉ tiêu." in section_four
    assert "1. Đào tạo sau đại học: 55 chỉ tiêu." in section_four
    assert "(" not in section_four.replace("(Chi tiết theo phụ lục đính kèm)", "")  # no number in words
    assert "a) " not in section_four and "1.150" not in section_four  # the kinds are the appendix's


def test_plan_cites_its_legal_bases_in_italics(plan_pdf):
    page = plan_pdf.pages[0]
    text = " ".join(page.text.split())
    basis = "Căn cứ Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ"
    assert basis in text
    assert "63/2018/QĐ-UBND" not in text  # cited in the body, not a legal basis
    italic = [char for char in page.chars if "Italic" in char["fontname"]]
    assert basis.replace(" ", "") in "".join(char["text"] for char in italic).replace(" ", "")


def test_plan_sections_one_to_six_follow_each_other(plan_pdf):
    text = plan_pdf.text
    headings = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. ĐỐI TƯỢNG ĐÀO TẠO, BỒI DƯỠNG",
        "III. NỘI DUNG ĐÀO TẠO, BỒI DƯỠNG",
        "IV. CHỈ TIÊU ĐÀO TẠO, BỒI DƯỠNG",
        "V. KINH PHÍ THỰC HIỆN",
        "VI. TỔ CHỨC THỰC HIỆN",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "1. Sở Nội vụ" in text and "2. Các sở, ban, ngành" in text


def test_signature_block_and_copies_close_the_plan(plan_pdf):
    last = [page for page in plan_pdf.pages if not page.landscape][-1]
    lines = last.lines()
    for expected in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"):
        assert any(line.endswith(expected) for line in lines), expected
    assert any(line.startswith("Nơi nhận:") for line in lines)
    assert any(line.startswith("- Lưu: VT, NC.") for line in lines)


# --- the appendix ------------------------------------------------------------------------------


def test_appendix_lists_every_class_on_landscape_pages_with_the_header_repeated(plan, plan_pdf):
    appendix = [page for page in plan_pdf.pages if page.landscape]
    assert len(appendix) >= 2, "the appendix should run over several pages for this test"
    numbers = []
    for page in appendix:
        assert page.width == pytest.approx(A4[1], abs=0.5)
        assert "STT" in page.text and "Tên lớp" in page.text  # the table header, on every page
        first_column = 20 * MM + 0.04 * (page.width - 40 * MM)
        numbers += [int(word["text"]) for word in page.words if word["x1"] <= first_column and word["text"].isdigit()]
    scheduled = TrainingClass.objects.for_plan(plan).filter(target__category__kind=CategoryKind.REFRESHER)
    assert numbers == list(range(1, scheduled.count() + 1))
    assert "Tổng cộng: 16 lớp" in " ".join(appendix[-1].text.split())


def test_appendix_of_a_small_plan_fits_with_its_rows_counted(province, staff_user):
    small = make_plan(province, classes_per_kind=(1, 1, 1, 0, 1), year=2027)
    document = services.document_prepare(kind=DocumentKind.PLAN, source=small, by=staff_user)
    pdf = issue(document, staff_user)
    appendix = [page for page in pdf.pages if page.landscape]
    rows = [line for page in appendix for line in page.lines() if re.match(r"^\d+ Bồi dưỡng", line)]
    assert len(rows) == 4


# --- drafts ------------------------------------------------------------------------------------


def test_draft_pdf_is_marked_and_leaves_number_and_day_blank(decision_draft):
    pdf = read_pdf(render_pdf(build_page(decision_draft, draft=True)).content)
    first = pdf.pages[0]
    # The mark is drawn large and slanted across every page.
    assert "".join(char["text"] for char in first.chars if char["size"] > 40) == "DỰ THẢO"
    assert all("".join(char["text"] for char in page.chars if char["size"] > 40) == "DỰ THẢO" for page in pdf.pages)
    assert re.search(r"Số:\s+/QĐ-SNV", first.text)
    assert re.search(r"Lạng Sơn, ngày\s+tháng \d+ năm \d{4}", first.text)


def test_decision_lists_the_approved_nominees_only(decision_draft, staff_user):
    pdf = issue(decision_draft, staff_user)
    text = pdf.text
    assert "GIÁM ĐỐC SỞ NỘI VỤ" in text
    assert "Cử 05 (năm) cán bộ, công chức, viên chức" in " ".join(text.split())
    assert sum(f"Hoàng Thị Mai {n:02d}" in text for n in range(1, 8)) == 5


def test_notice_has_the_allotment_table_and_the_deadline(notice_draft, staff_user, training_class):
    pdf = issue(notice_draft, staff_user)
    text = " ".join(pdf.text.split())
    assert "THÔNG BÁO" in pdf.text
    assert "Sở Nội vụ 20" in text and "Sở Tài chính 15" in text and "Sở Ngoại vụ 10" in text
    assert "Tổng cộng 45" in text
    deadline = training_class.registration_closes
    assert f"trước ngày {deadline.day:02d}/{deadline.month:02d}/{deadline.year}" in text
