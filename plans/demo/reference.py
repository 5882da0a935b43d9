"""Reference data: target groups, funding sources, content areas, ranks, legal documents and categories.

The vocabulary the plans, courses and classes of the demo are written in.
"""

import datetime
from dataclasses import dataclass

from plans.models import CategoryKind

D = datetime.date


TARGET_GROUPS = (  # code, name (plan 2025, section II)
    (
        "cbcc-dang-doan-the",
        "Cán bộ, công chức trong các cơ quan của Đảng, Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội "
        "của tỉnh",
    ),
    (
        "cbcc-hanh-chinh",
        "Cán bộ, công chức trong các cơ quan hành chính nhà nước thuộc UBND tỉnh; UBND các huyện, thành phố Lạng Sơn",
    ),
    (
        "cbcc-cap-xa",
        "Cán bộ, công chức cấp xã; người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố",
    ),
    ("vien-chuc", "Viên chức trong đơn vị sự nghiệp công lập"),
)
TG_PARTY, TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE = (code for code, _ in TARGET_GROUPS)

FUNDING_SOURCES = (  # code, name, description
    (
        "nsnn-tinh",
        "Ngân sách nhà nước cấp tỉnh",
        "Kinh phí đào tạo, bồi dưỡng cán bộ, công chức từ nguồn ngân sách nhà nước theo phân cấp ngân sách hiện hành.",
    ),
    (
        "nsnn-huyen",
        "Ngân sách nhà nước cấp huyện",
        "Kinh phí đào tạo, bồi dưỡng cán bộ, công chức từ nguồn ngân sách nhà nước theo phân cấp ngân sách hiện hành.",
    ),
    (
        "ctmtqg",
        "Chương trình mục tiêu quốc gia",
        "Nguồn kinh phí Chương trình mục tiêu quốc gia do Trung ương phân bổ.",
    ),
    (
        "nguon-hop-phap-khac",
        "Các nguồn kinh phí hợp pháp khác",
        "Các nguồn kinh phí hợp pháp khác theo quy định của pháp luật.",
    ),
    (
        "tai-tro-nuoc-ngoai",
        "Tài trợ của tổ chức nước ngoài",
        "Kinh phí do tổ chức nước ngoài tài trợ, ví dụ Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA).",
    ),
)

CA_LLCT, CA_QPAN, CA_QLNN, CA_VTVL, CA_CDS = (
    "ly-luan-chinh-tri",
    "quoc-phong-an-ninh",
    "quan-ly-nha-nuoc",
    "vi-tri-viec-lam",
    "khcn-cds",
)
CONTENT_AREAS = (  # Nghị định 171/2025/NĐ-CP, Điều 14
    (CA_LLCT, "Lý luận chính trị"),
    (CA_QPAN, "Kiến thức quốc phòng và an ninh"),
    (CA_QLNN, "Kiến thức quản lý nhà nước"),
    (CA_VTVL, "Kiến thức, kỹ năng theo yêu cầu vị trí việc làm"),
    (CA_CDS, "Kiến thức về khoa học, công nghệ, đổi mới sáng tạo và kỹ năng số"),
)

RANKS = (  # code, name, order (lower is more senior)
    ("01.001", "Chuyên viên cao cấp", 1),
    ("01.002", "Chuyên viên chính", 2),
    ("01.003", "Chuyên viên", 3),
    ("01.004", "Cán sự", 4),
    ("01.005", "Nhân viên", 5),
    ("V.08.01.03", "Bác sĩ (hạng III)", 20),
    ("V.01.02.02", "Lưu trữ viên (hạng III)", 21),
)


@dataclass(frozen=True)
class LegalDocumentData:
    key: str
    number: str
    doc_type: str
    issued_on: datetime.date
    issuer: str
    title: str
    effective_from: datetime.date | None = None  # None: from its issue date
    effective_to: datetime.date | None = None
    applies_to: str = ""
    source: str = ""


# Where the dates and scopes below were checked (the search tool, 5/12/2026), with the sentence found, and what
# could not be checked. Secondary sources are named as such; a fact found nowhere stays marked "chưa xác minh".
SOURCE_171 = (
    "Số, ngày ban hành, trích yếu: “Số: 171/2025/NĐ-CP … Hà Nội, ngày 30 tháng 6 năm 2025 … NGHỊ ĐỊNH QUY ĐỊNH VỀ "
    "ĐÀO TẠO, BỒI DƯỠNG CÔNG CHỨC” — https://thuviennhadat.vn/vbpl/nghi-dinh-171-2025-nd-cp-quy-dinh-ve-dao-tao-boi-"
    "duong-cong-chuc-663215.html; https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Nghi-dinh-171-2025-ND-CP-quy-"
    "dinh-ve-dao-tao-boi-duong-cong-chuc-663215.aspx. "
    "Đối tượng (Điều 1 khoản 2): “Nghị định này áp dụng đối với các đối tượng: Công chức trong cơ quan của Đảng Cộng "
    "sản Việt Nam, Nhà nước, Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội ở trung ương, ở cấp tỉnh, ở "
    "cấp xã.” — cùng nguồn. "
    "Ngày có hiệu lực 01/7/2025, theo nguồn thứ cấp: “Decree 171/2025/ND-CP regulating the training and fostering of "
    "civil servants effective from July 1, 2025” — Báo Lao Động, https://news.laodong.vn/thoi-su/noi-dung-boi-duong-"
    "cong-chuc-phu-hop-voi-yeu-cau-vi-tri-viec-lam-1533777.ldo; “政令171/2025/ND-CP（2025年7月1日から施行）” — Công "
    "đoàn Việt Nam, https://ja.congdoanvietnam.vn/quan-he-lao-dong/cac-nguon-kinh-phi-dao-tao-boi-duong-cong-chuc-"
    "tu-172025-11141.tld. Nguyên văn điều khoản hiệu lực của Nghị định: chưa đọc được (bản lưu chỉ có phần đầu văn "
    "bản), cần đối chiếu Công báo."
)
SOURCE_171_REPLACES = (
    "Thay thế quy định về đào tạo, bồi dưỡng công chức tại Nghị định 101/2017/NĐ-CP và 89/2021/NĐ-CP: CHƯA XÁC MINH "
    "nguyên văn điều khoản thi hành của văn bản ban hành. Đã thấy ý định của dự thảo: “Bộ Nội vụ đang dự thảo Nghị "
    "định về đào tạo, bồi dưỡng công chức (dự kiến bãi bỏ quy định về đào tạo, bồi dưỡng công chức tại Nghị định số "
    "101/2017/NĐ-CP và Nghị định số 89/2021/NĐ-CP)” — Báo Quốc tế, https://baoquocte.vn/du-kien-sua-doi-quy-dinh-ve-"
    "dao-tao-boi-duong-cong-chuc-316917.html. Viên chức vẫn theo Nghị định 101/2017/NĐ-CP: Nghị định 171/2025/NĐ-CP "
    "chỉ áp dụng đối với công chức (Điều 1 khoản 2, xem nguồn của Nghị định 171/2025/NĐ-CP)."
)
SOURCE_SEED = (
    "Số, ngày, trích yếu theo Kế hoạch năm 2025 của UBND tỉnh Lạng Sơn (seed 004); ngày hiệu lực chưa xác minh."
)
# Thông tư 07/2023/TT-BNV cites both decrees with their numbers, dates and titles as the seed does.
SOURCE_TT_07_2023 = (
    "Số, ngày, trích yếu đã đối chiếu: “Căn cứ Nghị định số 101/2017/NĐ-CP ngày 01 tháng 09 năm 2017 của Chính phủ "
    "về đào tạo, bồi dưỡng cán bộ, công chức, viên chức; Căn cứ Nghị định số 89/2021/NĐ-CP ngày 18 tháng 10 năm 2021 "
    "của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 101/2017/NĐ-CP ngày 01 tháng 9 năm 2017 …” — "
    "Thông tư 07/2023/TT-BNV, https://hethongphapluat.com/thong-tu-07-2023-tt-bnv-quy-dinh-tieu-chi-tieu-chuan-danh-"
    "gia-chat-luong-va-nghiem-thu-dich-vu-su-nghiep-cong-su-dung-ngan-sach-nha-nuoc-thuoc-linh-vuc-noi-vu-ve-boi-"
    "duong-can-bo-cong-chuc-vien-chuc-do-bo-truong-bo-noi-vu-ban-hanh.html; cũng theo seed 004. Ngày hiệu lực: chưa "
    "xác minh (ghi theo ngày ban hành)."
)
SOURCE_135 = (
    "Số, ngày, trích yếu theo Kế hoạch năm 2025 của UBND tỉnh Lạng Sơn (seed 004, mục III.2.2). Không tìm thấy bản "
    "văn bản trong các nguồn tra cứu được: chưa xác minh."
)


LEGAL_DOCUMENTS = (
    LegalDocumentData(
        "nd-101-2017",
        "101/2017/NĐ-CP",
        "Nghị định",
        D(2017, 9, 1),
        "Chính phủ",
        "về đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
        source=SOURCE_TT_07_2023,
    ),
    LegalDocumentData(
        "nd-89-2021",
        "89/2021/NĐ-CP",
        "Nghị định",
        D(2021, 10, 18),
        "Chính phủ",
        "về sửa đổi bổ sung một số điều của Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, "
        "bồi dưỡng cán bộ, công chức, viên chức",
        source=SOURCE_TT_07_2023,
    ),
    LegalDocumentData(
        "nd-33-2023",
        "33/2023/NĐ-CP",
        "Nghị định",
        D(2023, 6, 10),
        "Chính phủ",
        "quy định về cán bộ, công chức cấp xã và người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố",
        source=SOURCE_SEED + " Văn bản thay thế sau cải cách năm 2025 (nếu có): chưa xác minh, chưa ghi.",
    ),
    LegalDocumentData(
        "qd-163-2016",
        "163/QĐ-TTg",
        "Quyết định",
        D(2016, 1, 25),
        "Thủ tướng Chính phủ",
        "phê duyệt Đề án đào tạo, bồi dưỡng cán bộ, công chức, viên chức giai đoạn 2016 - 2025",
        # A scheme for 2016 - 2025 (its title): it governs no plan after 2025.
        effective_to=D(2025, 12, 31),
        source=SOURCE_SEED + " Hết giai đoạn của Đề án: 31/12/2025 (theo trích yếu \u201cgiai đoạn 2016 - 2025\u201d).",
    ),
    LegalDocumentData(
        "qd-63-2018",
        "63/2018/QĐ-UBND",
        "Quyết định",
        D(2018, 12, 10),
        "UBND tỉnh Lạng Sơn",
        "ban hành Quy chế đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
    ),
    LegalDocumentData(
        "qd-26-2018",
        "26/2018/QĐ-UBND",
        "Quyết định",
        D(2018, 2, 23),
        "UBND tỉnh Lạng Sơn",
        "quy định tiêu chuẩn cán bộ, công chức lãnh đạo, quản lý tham gia giảng dạy các chương trình đào tạo, "
        "bồi dưỡng đối với cán bộ, công chức, viên chức",
    ),
    LegalDocumentData(
        "qd-135-2020",
        "135/QĐ-UBND",
        "Quyết định",
        D(2020, 1, 20),
        "UBND tỉnh Lạng Sơn",
        "ban hành Đề án “Đào tạo, bồi dưỡng trung hạn, ngắn hạn tại nước ngoài đối với cán bộ, công chức, viên chức "
        "giai đoạn 2020 - 2025, tầm nhìn đến 2030”",
        source=SOURCE_135,
    ),
    LegalDocumentData(
        "nd-171-2025",
        "171/2025/NĐ-CP",
        "Nghị định",
        D(2025, 6, 30),
        "Chính phủ",
        "quy định về đào tạo, bồi dưỡng công chức",
        effective_from=D(2025, 7, 1),
        applies_to="công chức",
        source=SOURCE_171,
    ),
)

# (later document, earlier document, kind, for whom, source): what a document did to an earlier one.
LEGAL_CHANGES = (
    ("nd-89-2021", "nd-101-2017", "amends", "", SOURCE_TT_07_2023),
    ("nd-171-2025", "nd-101-2017", "replaces", "công chức", SOURCE_171_REPLACES),
    ("nd-171-2025", "nd-89-2021", "replaces", "công chức", SOURCE_171_REPLACES),
)


@dataclass(frozen=True)
class CategoryData:
    code: str
    name: str
    label: str
    order: int
    parent: str | None = None
    kind: str = CategoryKind.REFRESHER
    is_overseas: bool = False


CAT_POSTGRAD = "dao-tao-sau-dai-hoc"
CAT_A, CAT_B, CAT_C, CAT_D = "bd-tieu-chuan-ngach", "bd-truoc-bo-nhiem", "bd-vi-tri-viec-lam", "bd-khong-chuyen-trach"
CAT_OVERSEAS = "bd-nuoc-ngoai"

CATEGORIES = (
    CategoryData(CAT_POSTGRAD, "Đào tạo sau đại học", "1.", 10, kind=CategoryKind.DEGREE),
    CategoryData("boi-duong", "Bồi dưỡng", "2.", 20),
    CategoryData("bd-trong-nuoc", "Bồi dưỡng trong nước", "2.1", 30, parent="boi-duong"),
    CategoryData(CAT_A, "Bồi dưỡng theo tiêu chuẩn ngạch công chức", "a)", 31, parent="bd-trong-nuoc"),
    CategoryData(CAT_B, "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo, quản lý", "b)", 32, parent="bd-trong-nuoc"),
    CategoryData(
        CAT_C,
        "Bồi dưỡng theo yêu cầu của vị trí việc làm; bồi dưỡng kiến thức, kỹ năng chuyên ngành",
        "c)",
        33,
        parent="bd-trong-nuoc",
    ),
    CategoryData(
        CAT_D,
        "Bồi dưỡng người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ dân phố",
        "d)",
        34,
        parent="bd-trong-nuoc",
    ),
    CategoryData(CAT_OVERSEAS, "Bồi dưỡng tại nước ngoài", "2.2", 40, parent="boi-duong", is_overseas=True),
)
CLASS_LETTERS = {CAT_POSTGRAD: "SDH", CAT_A: "A", CAT_B: "B", CAT_C: "C", CAT_D: "D", CAT_OVERSEAS: "NN"}
