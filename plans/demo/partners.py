"""Partners, agreements, the history of cooperation with LOGODI and KOICA, and the LOGODI letter of May 2023."""

import datetime
from dataclasses import dataclass

from partners.models import CooperationForm, PartnerKind

from .agencies import ROOT, SNV, USUAL_SIGNERS

D = datetime.date


@dataclass(frozen=True)
class PartnerData:
    code: str
    name: str
    name_vi: str
    abbreviation: str
    kind: str
    country: str
    is_foreign: bool = True
    parent: str | None = None
    website: str = ""
    notes: str = ""


PARTNERS = (
    PartnerData(
        "mois-korea",
        "Ministry of the Interior and Safety",
        "Bộ Nội vụ và An toàn Hàn Quốc",
        "MOIS",
        PartnerKind.MINISTRY,
        "Hàn Quốc",
        website="https://www.mois.go.kr",
    ),
    PartnerData(
        "logodi",
        "Local Government Officials Development Institute",
        "Viện Phát triển cán bộ chính quyền địa phương",
        "LOGODI",
        PartnerKind.TRAINING_INSTITUTE,
        "Hàn Quốc",
        parent="mois-korea",
        website="https://www.logodi.go.kr",
        notes="Cơ sở đào tạo thuộc Bộ Nội vụ và An toàn Hàn Quốc; đã triển khai chương trình nâng cao năng lực cho "
        "cán bộ tỉnh Lạng Sơn giai đoạn 2014 - 2016 và khóa bồi dưỡng năm 2019 tại thành phố Lạng Sơn.",
    ),
    PartnerData(
        "koica",
        "Korea International Cooperation Agency",
        "Cơ quan Hợp tác quốc tế Hàn Quốc",
        "KOICA",
        PartnerKind.DONOR,
        "Hàn Quốc",
        website="https://www.koica.go.kr",
    ),
    PartnerData(
        "csc-singapore",
        "Civil Service College",
        "Trường Công vụ Xinh-ga-po",
        "CSC",
        PartnerKind.TRAINING_INSTITUTE,
        "Xinh-ga-po",
        website="https://www.csc.gov.sg",
    ),
    PartnerData(
        "napa",
        "Học viện Hành chính Quốc gia",
        "Học viện Hành chính Quốc gia",
        "NAPA",
        PartnerKind.TRAINING_INSTITUTE,
        "Việt Nam",
        is_foreign=False,
        website="https://www.napa.vn",
    ),
    PartnerData(
        "asean-cstn",
        "Network of ASEAN civil service training institutes",
        "Mạng lưới các cơ sở đào tạo công vụ ASEAN",
        "",
        PartnerKind.NETWORK,
        "ASEAN",
    ),
)

PARTNER_CONTACTS = (  # partner, name, title (seed 002)
    ("csc-singapore", "Ong Toon Hui", "Hiệu trưởng, Giám đốc Điều hành Trường Công vụ Xinh-ga-po"),
    ("csc-singapore", "Roger Tan", "Phó Giám đốc Điều hành, phụ trách hợp tác quốc tế"),
)


@dataclass(frozen=True)
class AgreementData:
    partner: str
    title: str
    scope: str
    areas: tuple[str, ...]
    counterpart_agency: str | None = None
    counterpart_partner: str | None = None
    signed_on: datetime.date | None = None
    valid_from: datetime.date | None = None
    form_abroad: bool = False
    form_in_province: bool = False
    form_online: bool = False


NAPA_CSC_TITLE = (
    "Hợp tác trong đào tạo, bồi dưỡng lãnh đạo, quản lý giữa Học viện Hành chính Quốc gia và Trường Công vụ Xinh-ga-po"
)
LOGODI_AGREEMENT_TITLE = (
    "Hợp tác đào tạo, xây dựng năng lực cho cán bộ tỉnh Lạng Sơn với Viện Phát triển cán bộ chính quyền địa phương "
    "(LOGODI), Hàn Quốc"
)

AGREEMENTS = (
    AgreementData(
        partner="csc-singapore",
        counterpart_partner="napa",
        title=NAPA_CSC_TITLE,
        signed_on=D(2023, 8, 22),
        valid_from=D(2023, 8, 22),
        form_abroad=True,
        form_online=True,
        scope=(
            "Ngày 22/8/2023, tại buổi làm việc giữa đoàn công tác của Bộ Nội vụ và Học viện Hành chính Quốc gia với "
            "Trường Công vụ Xinh-ga-po, hai bên nhất trí tiếp tục triển khai các hoạt động hợp tác trong đào tạo, "
            "bồi dưỡng lãnh đạo, quản lý: bồi dưỡng tại nước ngoài và bồi dưỡng kết hợp trong và ngoài nước, "
            "kinh nghiệm phát triển đào tạo trực tuyến."
        ),
        areas=(
            "Phối hợp triển khai các hoạt động hợp tác trong khuôn khổ các chương trình hoạt động của Mạng lưới các "
            "cơ sở đào tạo công vụ ASEAN, góp phần nâng cao năng lực cán bộ công chức các quốc gia khu vực ASEAN nói "
            "chung, Việt Nam và Xinh-ga-po nói riêng",
            "Phối hợp xây dựng chương trình và tổ chức các khóa bồi dưỡng tại nước ngoài, và bồi dưỡng kết hợp trong "
            "và ngoài nước dành cho công chức lãnh đạo, quản lý trung ương và địa phương, đặc biệt là công chức nguồn "
            "lãnh đạo cấp tỉnh của Việt Nam trong các lĩnh vực thuộc thế mạnh của Xinh-ga-po",
            "Phối hợp xây dựng các dự án hợp tác quốc tế, như phối hợp xây dựng và thực hiện các nghiên cứu chung về "
            "nhu cầu nâng cao năng lực của công chức lãnh đạo quản lý, làm cơ sở để xây dựng các chương trình bồi "
            "dưỡng quốc tế chất lượng cao, gắn với nhu cầu thực tế của học viên",
            "Trường Công vụ Xinh-ga-po hỗ trợ Học viện phát triển năng lực viên chức, giảng viên Học viện Hành chính "
            "Quốc gia trong xây dựng chương trình bồi dưỡng quốc tế chất lượng cao dành cho các nhà lãnh đạo quản lý",
        ),
    ),
    AgreementData(
        partner="logodi",
        counterpart_agency=ROOT,
        title=LOGODI_AGREEMENT_TITLE,
        form_abroad=True,
        form_in_province=True,
        form_online=True,
        scope=(
            "Hợp tác tổ chức các khóa đào tạo nâng cao năng lực cán bộ tỉnh Lạng Sơn về phát triển bền vững và quản "
            "trị hiệu quả dưới nhiều hình thức (trực tiếp tại Hàn Quốc và Lạng Sơn, trực tuyến). Các điều kiện đảm "
            "bảo do hai bên cùng thực hiện; nội dung đào tạo do tỉnh Lạng Sơn căn cứ nhu cầu đề xuất."
        ),
        areas=(
            "Khóa đào tạo ngắn hạn trực tiếp tại Hàn Quốc",
            "Khóa bồi dưỡng trực tiếp tại tỉnh Lạng Sơn",
            "Khóa đào tạo trực tuyến; nội dung do tỉnh Lạng Sơn đề xuất theo nhu cầu",
        ),
    ),
)


@dataclass(frozen=True)
class ActivityData:
    partner: str
    title: str
    year_from: int
    year_to: int
    form: str
    location: str
    courses_count: int
    participants_count: int
    funder: str | None = None
    notes: str = ""


ACTIVITY_2014 = "Nâng cao năng lực cho cán bộ tỉnh Lạng Sơn giai đoạn 2014 - 2016"
ACTIVITY_2019 = "Khóa bồi dưỡng cho cán bộ tỉnh Lạng Sơn năm 2019"
ACTIVITY_2024 = "Khóa đào tạo trực tuyến về xây dựng năng lực cho cán bộ tỉnh Lạng Sơn năm 2024"
ACTIVITIES = (
    ActivityData(
        "logodi",
        ACTIVITY_2014,
        2014,
        2016,
        CooperationForm.ABROAD,
        "Hàn Quốc",
        3,
        70,
        funder="koica",
        notes="03 khóa đào tạo ngắn hạn tại Hàn Quốc cho 70 cán bộ của tỉnh do Cơ quan Hợp tác quốc tế Hàn Quốc "
        "(KOICA) tài trợ.",
    ),
    ActivityData(
        "logodi",
        ACTIVITY_2019,
        2019,
        2019,
        CooperationForm.IN_PROVINCE,
        "thành phố Lạng Sơn",
        1,
        80,
        notes="01 khóa bồi dưỡng cho 80 cán bộ của tỉnh tại thành phố Lạng Sơn.",
    ),
    ActivityData(
        "logodi",
        ACTIVITY_2024,
        2024,
        2024,
        CooperationForm.ONLINE,
        "Trực tuyến",
        0,
        0,
        notes="Đang trao đổi: LOGODI đề nghị tỉnh cân nhắc nhu cầu và khả năng hợp tác tổ chức khóa đào tạo trực "
        "tuyến (thư của Sở Ngoại vụ tháng 5/2023); nội dung đào tạo do tỉnh Lạng Sơn đề xuất.",
    ),
)

# The LOGODI courses of the plans (2025 and the recent ones): one activity a year in LOGODI's history, linked to its
# classes (those with LOGODI as provider), its participants the people who took part.
LOGODI_YEAR_TITLE = "Bồi dưỡng cán bộ tỉnh Lạng Sơn tại Hàn Quốc năm {year}"

LETTER_SYMBOL = "SNgV-LSHTQT"
# The seed prints "Số: /SNgV-LSHTQT" and "ngày … tháng 5 năm 2023": its number and day are unknown and stay so. The
# date is stored as the first of the month with the precision "month"; it is never printed as a day.
LETTER_DATED = D(2023, 5, 1)
LETTER_REPLY_DUE = D(2023, 5, 16)
LETTER_SUBJECT = (
    "đề nghị phối hợp đề xuất nhu cầu hợp tác đào tạo xây dựng năng lực cho cán bộ tỉnh trong khuôn khổ hợp tác với "
    "Viện Phát triển cán bộ chính quyền địa phương (LOGODI), Hàn Quốc"
)
LETTER_BODY = "\n\n".join(
    (
        "Trong khuôn khổ hợp tác giữa tỉnh Lạng Sơn và Viện Phát triển cán bộ chính quyền địa phương (LOGODI), thuộc "
        "Bộ Nội vụ và An toàn Hàn Quốc, Sở Ngoại vụ nhận được Thư công tác của LOGODI trao đổi về kế hoạch hợp tác tổ "
        "chức khóa đào tạo trực tuyến về xây dựng năng lực cho cán bộ tỉnh Lạng Sơn trong năm 2024.",
        "LOGODI hiện đang hợp tác với nhiều quốc gia tổ chức các khóa đào tạo nâng cao năng lực cán bộ về phát triển "
        "bền vững và quản trị hiệu quả trong các lĩnh vực. LOGODI cũng là cơ sở đào tạo đã triển khai chương trình "
        '"Nâng cao năng lực cho cán bộ tỉnh Lạng Sơn giai đoạn 2014 - 2016", trong đó đã tổ chức 03 khóa đào tạo '
        "ngắn hạn tại Hàn Quốc cho 70 cán bộ của tỉnh do Cơ quan Hợp tác quốc tế Hàn Quốc (KOICA) tài trợ. Năm 2019, "
        "LOGODI đã hợp tác với tỉnh tổ chức 01 khóa bồi dưỡng cho 80 cán bộ của tỉnh tại thành phố Lạng Sơn.",
        "Để tiếp tục duy trì và phát triển quan hệ hợp tác giữa hai bên, làm cơ sở triển khai các chương trình hợp "
        "tác đào tạo cán bộ trong tương lai dưới nhiều hình thức (trực tiếp tại Hàn Quốc và Lạng Sơn, trực tuyến), "
        "LOGODI trao đổi và đề nghị tỉnh Lạng Sơn cân nhắc nhu cầu và khả năng hợp tác tổ chức khóa đào tạo trực "
        "tuyến cho cán bộ tỉnh Lạng Sơn. Các điều kiện đảm bảo do hai bên cùng thực hiện; nội dung đào tạo do tỉnh "
        "Lạng Sơn căn cứ nhu cầu đề xuất.",
        "Nhằm vận động thêm nguồn tài trợ của nước ngoài cho thực hiện nhiệm vụ đào tạo, bồi dưỡng cán bộ của tỉnh, "
        "học tập, chia sẻ kinh nghiệm phát triển của đất nước Hàn Quốc; đồng thời đảm bảo đề xuất nội dung chương "
        "trình đào tạo sát với nhu cầu thực tế của tỉnh, Sở Ngoại vụ đề nghị Sở Nội vụ phối hợp nghiên cứu, cho ý "
        "kiến về sự cần thiết, nhu cầu và khả năng hợp tác để tổ chức khóa đào tạo trực tuyến nêu trên; đồng thời gợi "
        "ý, đề xuất các lĩnh vực, chủ đề đào tạo cán bộ mà tỉnh Lạng Sơn đang quan tâm, có nhu cầu.",
        "Do thời hạn phải trả lời phía bạn đã gấp, Sở Ngoại vụ đề nghị Sở Nội vụ gửi ý kiến cho Sở Ngoại vụ chậm "
        "nhất trong ngày 16/5/2023. Sở Ngoại vụ rất mong nhận được sự quan tâm, phối hợp của Quý cơ quan./.",
    )
)
LETTER_COPIES_TO = "\n".join(("Như trên;", "UBND tỉnh (b/c);", "Lãnh đạo Sở;", "Phòng LSHTQT;", "Lưu: VT."))

# Sở Nội vụ's answer, drafted in the demo (not issued): what the clerk types under the reply's opening, proposing
# the training needs for the LOGODI online course.
REPLY_BODY = "\n".join(
    (
        "Sở Nội vụ thống nhất với đề xuất tiếp tục hợp tác với Viện Phát triển cán bộ chính quyền địa phương "
        "(LOGODI), Hàn Quốc tổ chức khóa đào tạo trực tuyến xây dựng năng lực cho cán bộ tỉnh trong năm 2024 và đề "
        "xuất các lĩnh vực, chủ đề đào tạo như sau:",
        "- Quản trị địa phương, cải cách hành chính và xây dựng chính quyền số;",
        "- Kỹ năng lãnh đạo, quản lý cho cán bộ lãnh đạo cấp phòng và tương đương;",
        "- Phát triển bền vững, quy hoạch và quản lý đô thị, phát triển kinh tế cửa khẩu.",
        "Đối tượng tham gia: cán bộ, công chức lãnh đạo, quản lý cấp phòng và tương đương của các sở, ban, ngành và "
        "các địa phương; dự kiến **khoảng 40 - 50 người**, có trình độ tiếng Anh hoặc được bố trí phiên "
        "dịch.",
        "Sở Nội vụ đề nghị Sở Ngoại vụ tổng hợp, trao đổi với phía LOGODI; đồng thời phối hợp với Sở Nội vụ trong việc "
        "xây dựng nội dung chương trình, lựa chọn học viên và tổ chức khóa đào tạo./.",
    )
)
REPLY_SIGNER = USUAL_SIGNERS[SNV]
REPLY_DRAFTING_UNIT = "CCVC"


# The usual "Nơi nhận" (recipients of copies): (kind, issuing body or None for any, text, agency named, valid from,
# valid to). The plan's is the seed's eleven lines (004); after the district level ended (1/7/2025) the people's
# committees of communes and wards take the districts' line. A letter's: "Như trên", then the archive line the
# document adds with its drafting unit ("Lưu: VT, CCVC").
DISTRICTS_END = D(2025, 6, 30)
COMMUNES_FROM = D(2025, 7, 1)
DEFAULT_COPIES = (
    ("plan", ROOT, "Thường trực Tỉnh ủy", None, None, None),
    ("plan", ROOT, "Thường trực HĐND tỉnh", None, None, None),
    ("plan", ROOT, "Vụ CCVC - Bộ Nội vụ", None, None, None),
    ("plan", ROOT, "Chủ tịch, Phó Chủ tịch UBND tỉnh", None, None, None),
    ("plan", ROOT, "Ban Tổ chức Tỉnh ủy", "LS-BTCTU", None, None),
    ("plan", ROOT, "Các sở, ban, ngành tỉnh", None, None, None),
    ("plan", ROOT, "UBND các huyện, thành phố", None, None, DISTRICTS_END),
    ("plan", ROOT, "UBND các xã, phường", None, COMMUNES_FROM, None),
    ("plan", ROOT, "Trường Chính trị Hoàng Văn Thụ", "LS-TCT", None, None),
    ("plan", ROOT, "C, PCVP UBND tỉnh", None, None, None),
    ("plan", ROOT, "các phòng: CM, HCQT, TTTT", None, None, None),
    ("plan", ROOT, "Lưu: VT, NC (TPT)", None, None, None),
    ("letter", None, "Như trên", None, None, None),
    ("letter", SNV, "Như trên", None, None, None),
    ("letter", SNV, "UBND tỉnh (b/c)", None, None, None),
    ("letter", SNV, "Lãnh đạo Sở", None, None, None),
    # The year's report to the Ministry (issue 16): the Ministry, then the people's committee the plan is its.
    ("annual_report", SNV, "Bộ Nội vụ (Vụ Công chức - Viên chức)", None, None, None),
    ("annual_report", SNV, "UBND tỉnh", None, None, None),
    ("annual_report", SNV, "Lãnh đạo Sở", None, None, None),
)
# Sở Nội vụ's usual "Nơi nhận" of a letter, which the demo's reply starts from (also what bench/documents.py prints).
REPLY_COPIES_TO = "\n".join(text for kind, body, text, *_rest in DEFAULT_COPIES if kind == "letter" and body == SNV)
