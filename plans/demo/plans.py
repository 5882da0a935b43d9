"""The training plans: the 2025 plan as issued (texts, legal bases, duties, targets) and smaller recent ones."""

import datetime
from dataclasses import dataclass, field

from plans.models import PlanLegalBasis

from .reference import (
    CAT_A,
    CAT_B,
    CAT_C,
    CAT_D,
    CAT_OVERSEAS,
    CAT_POSTGRAD,
    TG_ADMIN,
    TG_COMMUNE,
    TG_EMPLOYEE,
    TG_PARTY,
)

D = datetime.date


PLAN_2025_TITLE = "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức tỉnh Lạng Sơn năm 2025"

PURPOSES_2025 = "\n\n".join(
    (
        "Đào tạo, bồi dưỡng nhằm trang bị kiến thức, nâng cao năng lực, trình độ chuyên môn, phẩm chất chính trị, "
        "phương pháp làm việc khoa học, hiệu quả cho đội ngũ cán bộ, công chức, viên chức, góp phần xây dựng đội ngũ "
        "cán bộ, công chức, viên chức chuyên nghiệp, có phẩm chất đạo đức tốt, có bản lĩnh chính trị và năng lực đáp "
        "ứng yêu cầu phục vụ người dân, doanh nghiệp và sự nghiệp phát triển của tỉnh.",
        "Đào tạo, bồi dưỡng gắn với công tác quy hoạch cán bộ nhằm đáp ứng được đầy đủ các điều kiện, tiêu chuẩn theo "
        "quy định, phục vụ công tác quy hoạch, điều động, luân chuyển, bầu cử, bổ nhiệm cán bộ lãnh đạo, quản lý các "
        "cấp của tỉnh.",
    )
)
REQUIREMENTS_2025 = "\n\n".join(
    (
        "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức trên địa bàn tỉnh phải bảo đảm đúng đối tượng, nội dung phù "
        "hợp đáp ứng yêu cầu vị trí việc làm của cán bộ, công chức, viên chức và tuân thủ Quy chế đào tạo, bồi dưỡng "
        "cán bộ, công chức, viên chức đã được UBND tỉnh ban hành tại Quyết định số 63/2018/QĐ-UBND ngày 10/12/2018.",
        "Việc quản lý, sử dụng kinh phí đào tạo, bồi dưỡng phải bảo đảm tiết kiệm, hiệu quả, tuân thủ đúng quy định "
        "pháp luật (kể cả các nguồn kinh phí từ chương trình, đề án của các cơ quan Trung ương và các nguồn kinh phí "
        "khác ngoài dự toán ngân sách nhà nước được giao).",
    )
)

DUTIES_SNV = "\n".join(
    (
        "1.1. Chủ trì, phối hợp với các cơ quan, đơn vị và các cơ sở đào tạo tổ chức triển khai Kế hoạch đào tạo, bồi "
        "dưỡng cán bộ, công chức, viên chức năm 2025 đảm bảo chất lượng, tiến độ và hiệu quả.",
        "1.2. Chủ trì, phối hợp với các cơ quan, đơn vị liên quan xây dựng dự toán chi tiết thực hiện từng nội dung, "
        "nhiệm vụ kế hoạch, gửi Sở Tài chính thẩm định, báo cáo UBND tỉnh trình HĐND tỉnh quyết định phân bổ, giao "
        "dự toán kinh phí để triển khai thực hiện.",
        "1.3. Chủ trì, phối hợp với Sở Tài chính, Ban Tổ chức Tỉnh ủy và các cơ quan liên quan:",
        "- Hướng dẫn triển khai kế hoạch đào tạo, bồi dưỡng năm 2025.",
        "- Điều chỉnh, bổ sung nội dung, chương trình và điều chỉnh, bổ sung dự toán kinh phí đào tạo, bồi dưỡng theo "
        "quy định phù hợp với tình hình thực tế.",
        "1.4. Tổ chức thực hiện công tác thanh tra, kiểm tra đối với công tác đào tạo, bồi dưỡng trên địa bàn tỉnh; "
        "đánh giá kết quả đào tạo, bồi dưỡng theo hướng dẫn của Bộ Nội vụ, tổng hợp và báo cáo kết quả công tác đào "
        "tạo, bồi dưỡng theo quy định. Tổng hợp, tham mưu UBND tỉnh xem xét, điều chỉnh, bổ sung kế hoạch đào tạo, "
        "bồi dưỡng (nếu có phát sinh).",
    )
)
DUTIES_STC = "\n".join(
    (
        "2.1. Thẩm định dự toán kinh phí đào tạo, bồi dưỡng, báo cáo UBND tỉnh trình HĐND tỉnh quyết định phân bổ, "
        "giao dự toán kinh phí cho các cơ quan, đơn vị tổ chức triển khai thực hiện.",
        "2.2. Chủ trì, phối hợp với Sở Nội vụ tham mưu cho UBND tỉnh điều chỉnh kinh phí thực hiện công tác đào tạo, "
        "bồi dưỡng theo quy định, phù hợp với yêu cầu, tình hình thực tiễn của tỉnh.",
        "2.3. Hướng dẫn, kiểm tra công tác quản lý, sử dụng và quyết toán kinh phí đào tạo, bồi dưỡng của các cơ "
        "quan, đơn vị theo quy định của pháp luật.",
    )
)
DUTIES_SNGV = "\n".join(
    (
        "3.1. Phối hợp với Sở Nội vụ trong việc tổ chức khóa bồi dưỡng tại nước ngoài cho cán bộ, công chức, viên "
        "chức của tỉnh.",
        "3.2. Hướng dẫn việc thực hiện các thủ tục xuất, nhập cảnh đối với cán bộ, công chức, viên chức được cử đi "
        "đào tạo, bồi dưỡng tại nước ngoài.",
    )
)
DUTIES_OTHERS = "\n".join(
    (
        "4.1. Xây dựng chương trình, kế hoạch tổ chức các nội dung, nhiệm vụ của kế hoạch đào tạo, bồi dưỡng năm "
        "2025 tại cơ quan, đơn vị bảo đảm chỉ tiêu, chất lượng, hiệu quả theo quy định.",
        "4.2. Đối với các nội dung bồi dưỡng sử dụng nguồn kinh phí của Trung ương, của tỉnh theo Chương trình, Đề "
        "án, Dự án ... đã được phê duyệt, các cơ quan, đơn vị chủ động xây dựng Kế hoạch trình cấp có thẩm quyền ban "
        "hành hoặc quyết định ban hành để tổ chức thực hiện đảm bảo theo quy định.",
        "4.3. Quyết định hoặc tham mưu, trình cấp có thẩm quyền xem xét cử cán bộ, công chức, viên chức tham gia các "
        "khóa đào tạo, bồi dưỡng theo phân cấp, đảm bảo đúng đối tượng, phù hợp với quy hoạch, kế hoạch; phối hợp các "
        "cơ sở đào tạo hoặc cơ quan chủ trì tổ chức các lớp đào tạo, bồi dưỡng trong việc quản lý cán bộ, công chức, "
        "viên chức trong thời gian tham gia các khóa học; gắn việc đánh giá, phân loại cán bộ, công chức, viên chức "
        "với kết quả thực hiện nhiệm vụ đào tạo, bồi dưỡng.",
        "4.4. Tăng cường công tác quán triệt, tuyên truyền đối với cán bộ, công chức, viên chức thuộc quyền quản lý "
        "về việc thực hiện tốt quy chế đào tạo, bồi dưỡng của tỉnh; quan tâm bố trí, tạo điều kiện để cán bộ, công "
        "chức, viên chức chủ động, tích cực đăng ký tham gia các chương trình đào tạo, bồi dưỡng học ngoài giờ hành "
        "chính, tự túc kinh phí để nâng cao trình độ chuyên môn, năng lực công tác.",
        "4.5. Thủ trưởng các cơ quan, đơn vị phân công, cử cán bộ, công chức lãnh đạo, quản lý thuộc thẩm quyền quản "
        "lý, sử dụng đảm bảo đáp ứng tiêu chuẩn theo Quyết định số 26/2018/QĐ-UBND ngày 23/02/2018 của UBND tỉnh để "
        "tham gia giảng dạy các chương trình đào tạo, bồi dưỡng đối với cán bộ, công chức, viên chức.",
        "4.6. Báo cáo UBND tỉnh (thông qua Sở Nội vụ):",
        "- Kết quả tổ chức các khóa đào tạo, bồi dưỡng theo nhiệm vụ, kế hoạch đào tạo, bồi dưỡng của cơ quan, đơn "
        "vị (từ nguồn ngân sách nhà nước được cấp năm 2025 và các nguồn kinh phí khác).",
        "- Kết quả cử cán bộ, công chức, viên chức tham gia đào tạo, bồi dưỡng trong năm.",
    )
)
DUTIES_TCT = "\n".join(
    (
        "5.1. Phối hợp với Sở Nội vụ tổ chức thực hiện tốt kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức "
        "năm 2025.",
        "5.2. Xây dựng kế hoạch phát triển đội ngũ giảng viên có năng lực, trình độ, cơ cấu hợp lý đáp ứng yêu cầu Đề "
        "án xây dựng Trường Chính trị đạt chuẩn giai đoạn 2023 - 2031.",
        "5.3. Tăng cường phối hợp với các cơ sở đào tạo của Trung ương có uy tín, mời các giảng viên có trình độ cao, "
        "chuyên sâu hoặc mời đội ngũ cán bộ lãnh đạo, quản lý của tỉnh tham gia giảng dạy các chương trình bồi dưỡng "
        "cán bộ, công chức, viên chức do đơn vị chủ trì tổ chức mở lớp để nâng cao, chất lượng, hiệu quả các khóa "
        "học.",
    )
)


@dataclass(frozen=True)
class PlanData:
    year: int
    title: str
    issued_on: datetime.date
    purposes: str
    requirements: str
    legal_bases: tuple[tuple[str, str], ...]  # (legal document key, role)
    target_groups: tuple[str, ...]
    funding_sources: tuple[str, ...]
    responsibilities: tuple[tuple[str | None, str, str], ...]  # (agency code, heading, duties)
    # category -> (planned classes, planned seats); for 2025 the seed's numbers, for the recent plans their classes'.
    targets: dict[str, tuple[int, int]]
    signer_name: str = ""
    signer_authority: str = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    signer_title: str = "PHÓ CHỦ TỊCH"
    document_symbol: str = "KH-UBND"
    wordings: dict[str, str] = field(default_factory=dict)  # category -> the plan's section III wording
    footnotes: tuple[tuple[str, str], ...] = ()  # (anchor words, note), in the order the plan prints them
    refresher_for: str = ""  # section IV: whom the refresher classes are for, as the plan words it
    issued_day_known: bool = True  # False: the paper leaves the day blank, `issued_on` is the first of its month


BASIS, REFERENCE = PlanLegalBasis.Role.BASIS, PlanLegalBasis.Role.REFERENCE
OTHERS_HEADING_2025 = "Các sở, ban, ngành, UBND các huyện, thành phố Lạng Sơn"

# Section III of the seed, word for word: the scope of postgraduate training (III.1) and the overseas scheme (III.2.2).
WORDINGS_2025 = {
    CAT_POSTGRAD: "**Đào tạo:** Đào tạo trình độ sau đại học đối với cán bộ, công chức, viên chức cấp tỉnh, cấp "
    "huyện; cán bộ, công chức cấp xã.",
    CAT_OVERSEAS: "Bồi dưỡng nước ngoài theo Đề án “Đào tạo, bồi dưỡng trung hạn, ngắn hạn tại nước ngoài đối với cán "
    "bộ, công chức, viên chức giai đoạn 2020 - 2025, tầm nhìn đến 2030” ban hành kèm theo Quyết định số 135/QĐ-UBND "
    "ngày 20/01/2020 của UBND tỉnh.",
}
# Section IV of the seed: whom the refresher classes (all, and those in the country) are for.
REFRESHER_FOR_2025 = (
    "cán bộ, công chức (bao gồm cán bộ, công chức cấp xã) và người hoạt động không chuyên trách ở cấp xã, ở thôn, tổ "
    "dân phố"
)
# The seed's footnotes 1–4, attached after the same words as in the original.
FOOTNOTES_2025 = (
    (
        "Viên chức trong đơn vị sự nghiệp công lập",
        "Viên chức đáp ứng điều kiện, tiêu chuẩn cử đi đào tạo sau đại học hưởng chính sách khuyến khích của tỉnh.",
    ),
    (
        "Xây dựng chương trình, kế hoạch tổ chức",
        "Chủ động liên hệ nguồn giảng viên, báo cáo viên lên lớp; chuẩn bị điều kiện cơ sở vật chất để bồi dưỡng; "
        "thanh, quyết toán kinh phí bồi dưỡng đảm bảo quy định hiện hành.",
    ),
    ("nguồn kinh phí của Trung ương", "Nguồn kinh phí Chương trình mục tiêu Quốc gia"),
    (
        "viên chức tham gia đào tạo, bồi dưỡng trong năm",
        "Bao gồm cả đối tượng diện Ban Thường vụ Tỉnh ủy quản lý.",
    ),
)

# Which figures are the seed's (004) and which are made up:
# - the seed's: postgraduate 55; refresher 75 classes / 10,635 seats, of which domestic 74 / 10,625 and overseas
#   1 / 10; the texts of sections I, II, III, V and VI, the legal bases, the footnotes, the recipients, the signer;
# - made up: the split of the 74 domestic classes and 10,625 seats over the kinds (a)–(d) below (12 / 1,150,
#   6 / 420, 38 / 5,455, 18 / 3,600; the seed's appendix, which has it, is missing: the split is never printed
#   in section IV, as the seed does not; the appendix and the budget table, drawn from the classes, show it),
#   every class of the appendix (dates, places, organisers, sizes, funding), the seat allotments and the
#   nominations.
# - not made up: the day of the plan. The seed leaves it blank ("Lạng Sơn, ngày   tháng 9 năm 2024"), so the
#   plan is recorded as issued in September 2024, its day unknown (stored as 1/9/2024, never printed).
# Section V, as the seed: the state budget by level and other lawful sources; the national target programme is
# named only in footnote 3 (its classes still say so in the appendix).
PLAN_2025 = PlanData(
    year=2025,
    title=PLAN_2025_TITLE,
    issued_on=D(2024, 9, 1),
    issued_day_known=False,
    purposes=PURPOSES_2025,
    requirements=REQUIREMENTS_2025,
    legal_bases=(
        ("nd-101-2017", BASIS),
        ("nd-89-2021", BASIS),
        ("nd-33-2023", BASIS),
        ("qd-163-2016", BASIS),
        ("qd-63-2018", REFERENCE),
        ("qd-135-2020", REFERENCE),
        ("qd-26-2018", REFERENCE),
    ),
    target_groups=(TG_PARTY, TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE),
    funding_sources=("nsnn-tinh", "nsnn-huyen", "nguon-hop-phap-khac"),
    responsibilities=(
        ("LS-SNV", "", DUTIES_SNV),
        ("LS-STC", "", DUTIES_STC),
        ("LS-SNGV", "", DUTIES_SNGV),
        (None, OTHERS_HEADING_2025, DUTIES_OTHERS),
        ("LS-TCT", "", DUTIES_TCT),
    ),
    targets={
        CAT_POSTGRAD: (0, 55),
        CAT_A: (12, 1_150),
        CAT_B: (6, 420),
        CAT_C: (38, 5_455),
        CAT_D: (18, 3_600),
        CAT_OVERSEAS: (1, 10),
    },
    signer_name="Dương Xuân Huyền",
    refresher_for=REFRESHER_FOR_2025,
    wordings=WORDINGS_2025,
    footnotes=FOOTNOTES_2025,
)


def _for_year(text: str, year: int) -> str:
    return text.replace("năm 2025", f"năm {year}")


def recent_plan(year: int, targets: dict[str, tuple[int, int]]) -> PlanData:
    """A smaller, invented plan for a year after 2025 (after the 2025 reform: no district level, no kind (d)).

    `targets` are its classes' (the demo's schedule); its signer's name is left blank: the demo does not
    attribute an invented document to a real person.
    """
    return PlanData(
        year=year,
        title=PLAN_2025_TITLE.replace("năm 2025", f"năm {year}"),
        issued_on=D(year - 1, 9, 26),
        purposes=PURPOSES_2025,
        requirements=REQUIREMENTS_2025,
        legal_bases=(("nd-171-2025", BASIS), ("nd-101-2017", BASIS), ("qd-63-2018", REFERENCE)),
        target_groups=(TG_PARTY, TG_ADMIN, TG_COMMUNE, TG_EMPLOYEE),
        funding_sources=("nsnn-tinh", "ctmtqg", "nguon-hop-phap-khac"),
        responsibilities=(
            ("LS-SNV", "", _for_year(DUTIES_SNV, year)),
            ("LS-STC", "", DUTIES_STC),
            (None, "Các sở, ban, ngành, UBND các xã, phường", _for_year(DUTIES_OTHERS, year)),
            ("LS-TCT", "", _for_year(DUTIES_TCT, year)),
        ),
        targets={CAT_POSTGRAD: (0, 30), **targets},
        # After the reform of 2025: two levels of local government, so no district level in the scope.
        wordings={
            CAT_POSTGRAD: "**Đào tạo:** Đào tạo trình độ sau đại học đối với công chức, viên chức cấp tỉnh; công "
            "chức cấp xã.",
        },
    )
